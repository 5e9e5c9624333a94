"""Product and variant names from the catalogue, so that "Victoria Bookshelf" or "Super King"
is never masked as a person.

Product stems in this shop are first names and places (Victoria, Denver, Florence), and spaCy
tags such names as PERSON or LOCATION. Any hit overlapping a product mention is trimmed to the
part outside it, or dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, Protocol

from nlp.pii.patterns import word_set

BRAND_NAMES = ("Hollin & Reed", "Hollin and Reed")
# Household words named after a person or a place: "I'm hopeless with an Allen key" reached the
# drafter as "an <PERSON_1> key". Kept whole, like the shop's own names (never as stems).
HOUSEHOLD_TERMS = (
    "Allen key",
    "Allen wrench",
    "Phillips screwdriver",
    "Phillips head",
    "Edison screw",
    "Edison bulb",
    "Murphy bed",
    "Chesterfield sofa",
    "Windsor chair",
    "Welsh dresser",
    "Belfast sink",
    "Dutch oven",
    "Roman blind",
    "Venetian blind",
)
_KEPT_WHOLE = frozenset((*BRAND_NAMES, *HOUSEHOLD_TERMS))  # phrases only, never stems
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?|&")
MAX_WORDS = 5
_DETERMINERS = word_set("the my our your his her their this that these those a an both new old")


class _Database(Protocol):
    def connect(self, *, autocommit: bool = False) -> Any: ...


def load_product_names(db: _Database) -> frozenset[str]:
    """Every product name in the catalogue (`products.name`)."""
    with db.connect() as conn:
        rows = conn.execute("SELECT name FROM products").fetchall()
    names = set()
    for row in rows:
        value = row["name"] if isinstance(row, dict) else row[0]
        if isinstance(value, str) and value.strip():
            names.add(value.strip())
    return frozenset(names)


def load_variant_names(db: _Database) -> frozenset[str]:
    """Every finish and size label the shop sells ("Brushed Brass", "Super King"): words that
    name a variant, never a person (see `nlp.pii.variants`)."""
    with db.connect() as conn:
        rows = conn.execute("SELECT DISTINCT finish, size_label FROM variants").fetchall()
    names: set[str] = set()
    for row in rows:
        values = row.values() if isinstance(row, dict) else row
        names.update(v.strip() for v in values if isinstance(v, str) and v.strip())
    return frozenset(names)


def _key(words: Iterable[str]) -> str:
    return " ".join(w.casefold() for w in words)


class ProductMatcher:
    """Finds product mentions: exact catalogue names, plurals, and "<stem> <product type>"."""

    def __init__(self, product_names: Iterable[str]) -> None:
        names = [n for n in product_names if isinstance(n, str) and n.strip()]
        self._phrases: set[str] = set()
        stems: set[str] = set()
        kinds: set[str] = set()
        for name in (*names, *_KEPT_WHOLE):
            words = _WORD.findall(name)
            if not words:
                continue
            self._phrases.add(_key(words))
            if len(words) > 1 and name not in _KEPT_WHOLE:
                stems.add(words[0].casefold())
                kinds.add(_key(words[1:]))
        # A stem with any product type of the shop ("Denver Bookshelf") reads as a product even
        # when that exact combination is not sold: customers misremember names.
        self._stems = frozenset(stems)
        self._kinds = frozenset(kinds)
        # Only a word that can start a product name is worth trying n-grams from.
        self._starts = frozenset(p.split(" ")[0] for p in self._phrases) | self._stems
        self.empty = not self._phrases

    def spans(self, text: str) -> list[tuple[int, int]]:
        if self.empty or not text:
            return []
        words = list(_WORD.finditer(text))
        found: list[tuple[int, int]] = []
        i = 0
        while i < len(words):
            hit = self._longest_at(words, i)
            if hit:
                found.append((words[i].start(), words[i + hit - 1].end()))
                i += hit
                continue
            # "the Marlow", "my Denver": a bare stem after a determiner is the product too.
            if (
                i > 0
                and words[i - 1].group().casefold() in _DETERMINERS
                and words[i].group().casefold() in self._stems
            ):
                found.append((words[i].start(), words[i].end()))
            i += 1
        return found

    def is_stem(self, word: str) -> bool:
        return word.strip().casefold() in self._stems

    def _longest_at(self, words: list[re.Match[str]], i: int) -> int:
        if words[i].group().casefold() not in self._starts:
            return 0
        for n in range(min(MAX_WORDS, len(words) - i), 0, -1):
            parts = [m.group() for m in words[i : i + n]]
            key = _key(parts)
            singular = _singular(key)
            if key in self._phrases or singular in self._phrases:
                return n
            if n > 1 and parts[0].casefold() in self._stems:
                rest = _key(parts[1:])
                if rest in self._kinds or _singular(rest) in self._kinds:
                    return n
        return 0


def _singular(key: str) -> str:
    if key.endswith("ves"):
        return key[:-3] + "f"  # bookshelves
    if key.endswith("es") and key[:-2].endswith(("sh", "ch", "x", "s")):
        return key[:-2]  # dishes, benches
    return key[:-1] if key.endswith("s") else key
