"""How much an agent changed a draft: Levenshtein distance counted in words.

Words rather than characters: "we'll" -> "we will" is one edit to a reader, and a 1,000-character
reply compares in microseconds instead of a million character cells.
"""

from __future__ import annotations


def edit_distance(before: str, after: str) -> int:
    a, b = before.split(), after.split()
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, word_a in enumerate(a, start=1):
        current = [i]
        for j, word_b in enumerate(b, start=1):
            current.append(
                min(
                    previous[j] + 1,  # delete
                    current[j - 1] + 1,  # insert
                    previous[j - 1] + (word_a != word_b),  # keep or substitute
                )
            )
        previous = current
    return previous[-1]
