"""Variant names (finishes, colours, sizes) that are never people: "Charcoal", "Super King".

A product's variant is named by its finish and size ("Brushed Brass", "Sage Glaze, Super King"),
and spaCy tags such capitalised words as PERSON whenever they stand where a name could. A PERSON
hit made only of variant words is dropped, unless something says it is a person after all: the
account holder's own name (the deny-list's score), or a name cue right before it ("Mrs King",
"Thanks, Sage"). A word that is also a given name ("Sage") is let through only where the text
treats it as a variant: after "in", "the", "a", a comma of a list, or before "one", "finish"...

The built-in vocabulary covers the words homeware catalogues name variants with; the shop's own
variants (`nlp.pii.catalogue.load_variant_names`) are added on top where a database is at hand.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import pairwise

from nlp.pii import name_cues as cues
from nlp.pii.names import is_given
from nlp.pii.patterns import word_set

# Colours, woods, materials, glazes, finishes, firmness and bed sizes. Colours that are mainly
# given names (Rose, Ruby, Amber, Olive, Hazel, Ivy) are left out: the words here are dropped
# on weak evidence, and those would drop real names.
VARIANT_WORDS = word_set(
    """
    black white cream ivory grey gray charcoal graphite slate stone chalk clay sand oat oatmeal
    linen natural ecru taupe mink mushroom beige camel ochre mustard rust terracotta copper
    brass bronze gold silver chrome nickel steel pewter gunmetal sage moss forest emerald teal
    ink navy indigo cobalt blue deep dusk midnight smoke smoked speckled glaze glazed brushed
    polished matte matt gloss satin antique aged oiled waxed lacquered painted clear frosted
    glass oak walnut ash beech pine teak elm mango acacia birch cherry maple rattan cane jute
    marble concrete boucle velvet wool cotton flame blush pink plum burgundy red green yellow
    orange light dark pale warm cool soft medium firm extra single double king queen super
    twin full small large wide narrow tall low round square
    """
)
_WORD = re.compile(r"[^\W\d_]+")
# What may stand between variant words in one hit: "Sage Glaze, Super King", "Oak/Walnut".
_GLUE = re.compile(r"^(?:[\s,/&+()-]|and|or)*$", re.IGNORECASE)
# Text around a word that treats it as a variant rather than a person.
_VARIANT_BEFORE = re.compile(
    r"(?:\b(?:in|the|a|an|to|for|into|from|of|or|and)|[,(/])\s*$", re.IGNORECASE
)
_VARIANT_AFTER = re.compile(  # used with .match(text, pos): no "^"
    r"\s*(?:[,)/]|one\b|ones\b|finish|colou?r|version|option|variant|size|shade|glaze|fabric|"
    r"wood|model|edition|\w*\s*(?:cushion|sofa|bed|lamp|rug|throw|vase|table|chair|mirror)s?\b)",
    re.IGNORECASE,
)
# A capitalised word joined to the hit as in a list of people: "Bowman and White", "White, Dale".
_LISTED_BEFORE = re.compile(r"([^\W\d_]+)\s*(?:,|and|&)\s*$")
_LISTED_AFTER = re.compile(r"\s*(?:,|and|&)\s*([^\W\d_]+)")
# A capitalised variant word right against the hit ("White, King", "Super King"), or a noun that
# only a size or finish takes ("King size", "King-sized"): what marks a variant beyond doubt.
_VARIANT_WORD_BEFORE = re.compile(r"([^\W\d_]+)(?:\s*[,/]\s*|\s)$")
_VARIANT_WORD_AFTER = re.compile(r"(?:\s*[,/]\s*|\s)([^\W\d_]+)")
_SIZE_NOUN_AFTER = re.compile(r"[\s-]*(?:size[ds]?|finish|colou?r(?:way)?)\b", re.IGNORECASE)
CUSTOMER_NAME_SCORE = 0.9  # the account holder's own name (nlp.pii.name_spans)


class VariantFilter:
    """Decides whether a PERSON hit is only a variant name."""

    def __init__(self, variant_names: Iterable[str] = ()) -> None:
        extra = {
            w.casefold() for n in variant_names if isinstance(n, str) for w in _WORD.findall(n)
        }
        self._words = VARIANT_WORDS | frozenset(extra)

    def only_variant(self, text: str, start: int, end: int, score: float) -> bool:
        words = list(_WORD.finditer(text, start, end))
        if not words or any(w.group().casefold() not in self._words for w in words):
            return False
        gaps = [text[a.end() : b.start()] for a, b in pairwise(words)]
        if any(not _GLUE.match(g) for g in gaps):
            return False
        window = max(0, start - 60)
        if cues.CUE_BEFORE.search(text, window, start) or cues.CLOSING.search(text, window, start):
            return False
        if self._listed_with_a_name(text, start, end):
            return False  # "Bowman and White" are two people, not a colour
        if score >= CUSTOMER_NAME_SCORE:
            # The customer's own name, even when it is also a colour, unless the words around it
            # leave no doubt that it names a variant: Caleb King asking for "the sheet in White,
            # King" or "a Super King" means the bed size, and masking it loses the question.
            return self._inside_a_variant(text, start, end)
        if any(is_given(w.group()) for w in words):
            return bool(
                _VARIANT_BEFORE.search(text, window, start) or _VARIANT_AFTER.match(text, end)
            )
        return True

    def _inside_a_variant(self, text: str, start: int, end: int) -> bool:
        if _SIZE_NOUN_AFTER.match(text, end):
            return True
        # Grow the hit over the capitalised variant words glued to it, then ask whether that
        # phrase of two or more words stands where a variant does ("in White, King", "(Natural
        # Oak, King)", "the Super King"); "King White is my name" has no such opening.
        phrase_start, words = start, 1
        while (
            m := _VARIANT_WORD_BEFORE.search(text, max(0, phrase_start - 40), phrase_start)
        ) and (self._capitalised_variant(m.group(1))):
            phrase_start, words = m.start(), words + 1
        phrase_end = end
        while (m := _VARIANT_WORD_AFTER.match(text, phrase_end)) and self._capitalised_variant(
            m.group(1)
        ):
            phrase_end, words = m.end(), words + 1
        window = max(0, phrase_start - 60)
        return words >= 2 and bool(_VARIANT_BEFORE.search(text, window, phrase_start))

    def _capitalised_variant(self, word: str) -> bool:
        return word[0].isupper() and word.casefold() in self._words

    def _listed_with_a_name(self, text: str, start: int, end: int) -> bool:
        before = _LISTED_BEFORE.search(text, max(0, start - 40), start)
        after = _LISTED_AFTER.match(text, end)
        return any(
            m is not None and m.group(1)[0].isupper() and m.group(1).casefold() not in self._words
            for m in (before, after)
        )
