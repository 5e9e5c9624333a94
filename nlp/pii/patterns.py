"""Regex building blocks shared by the recognizers.

The stdlib `re` has no Unicode "uppercase letter" class, so it is built once from the code points
of the scripts customers write names and streets in: Latin (Ł, Ø, Š, Ő, ...), Greek, Cyrillic.
"""

from __future__ import annotations

from typing import Final

UPPER: Final = "".join(
    ch
    for ch in map(chr, [*range(0x41, 0x250), *range(0x370, 0x530), *range(0x1E00, 0x1F00)])
    if ch.isupper() and ch.isalpha()
)
UPPER_CLASS: Final = f"[{UPPER}]"
# A capitalised word: "Mill", "O'Connor", "Saint-Denis", "Müller", "Hlíðarvegur", "St."
# Every run is bounded: on a 50,000-letter "word" an unbounded pattern backtracks for minutes.
CAP_WORD: Final = rf"{UPPER_CLASS}[^\W\d_]{{0,40}}(?:['’\-]{UPPER_CLASS}?[^\W\d_]{{1,40}}){{0,3}}"
# A building number: 12, 12a, 12-14, 3/1
HOUSE_NUMBER: Final = r"\d{1,5}[A-Za-z]?(?:\s?[-/]\s?\d{1,5}[A-Za-z]?)?"


def word_set(words: str) -> frozenset[str]:
    """A set from a whitespace-separated word list (long lists read better as prose)."""
    return frozenset(words.split())


def word_list(words: str) -> tuple[str, ...]:
    return tuple(words.split())


def luhn_ok(digits: str) -> bool:
    """The ISO/IEC 7812 check digit: catches typos and most random digit runs."""
    if not digits.isdigit() or len(digits) < 2:
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0
