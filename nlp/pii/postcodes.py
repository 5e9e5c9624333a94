"""Postcodes: Royal Mail (UK), USPS ZIP codes and German PLZ, from their published formats.

A UK postcode is distinctive enough to mask anywhere; a five-digit number is a ZIP only after a
state code and a PLZ only before a town, or after a cue ("postcode", "zip", "PLZ"), or when it
is nearly all a short reply says: "oh sorry, it's 80331" answers "what is the postcode on the
order?", and left unmasked it would reach the model and could never prove who the guest is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from nlp.pii.entities import POSTCODE
from nlp.pii.patterns import CAP_WORD, word_list
from nlp.pii.recognizers import Hit, SpanRecognizer

# Royal Mail format: outward code (area + district) and inward code (sector + unit).
UK_POSTCODE = (
    r"(?:GIR ?0AA|[A-PR-UWYZ](?:\d[\dA-HJKPSTUW]?|[A-HK-Y]\d[\dABEHMNPRV-Y]?)"
    r" ?\d[ABD-HJLNP-UW-Z]{2})"
)
US_STATES = word_list(
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH "
    "NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR AA AE AP"
)
US_STATE = "(?:" + "|".join(US_STATES) + ")"
# Customers type postcodes in capitals or all in lower case ("ls6 2ab"), never mixed.
_UK_RE = re.compile(rf"(?<![\w-])(?:{UK_POSTCODE}|{UK_POSTCODE.lower()})(?![\w-])")
_US_RE = re.compile(rf"\b{US_STATE},?\s{{1,2}}(?P<zip>\d{{5}}(?:-\d{{4}})?)(?![\w-])")
_PLZ_CITY = re.compile(rf"(?<![\w.,-])\d{{5}}(?= {CAP_WORD})")
_CUED_CODE = re.compile(
    r"\b(?:post\s?code|postal\s?code|zip(?:\s?code)?|plz|postleitzahl|eircode|code\s+postal)\b"
    r"\s*(?:is|was|'s|ist|war|lautet|est|:|=)?\s*"
    # Every postcode format starts with a digit in its first part ("M45", "SW1A", "80331",
    # "D02"): a word after the cue ("the postcode was M45 8TA") is never taken for the code.
    r"(?P<code>(?=[A-Z]{0,3}\d)[A-Z0-9]{2,4}(?:[ -]?[A-Z0-9]{2,4})?)(?![\w-])",
    re.IGNORECASE,
)

# Five digits (a ZIP may carry its +4) standing alone: not inside a longer number, a price, a
# decimal or a date.
_BARE_FIVE = re.compile(r"(?<![\w#£$€¥.,:/+-])\d{5}(?:-\d{4})?(?![\w-]|[.,:/]\d)")
_UNIT_AFTER = re.compile(
    r"\s?(?:%|cm|mm|m\b|kg|g\b|km|miles?|pounds?|gbp|eur|euros?|usd|dollars?|points?|items?)",
    re.IGNORECASE,
)
SHORT_REPLY_WORDS = 6


def bare_postcodes(text: str) -> Iterable[Hit]:
    """Five-digit codes in a reply of a few words, the way a guest answers the proof question."""
    if len(text.split()) > SHORT_REPLY_WORDS:
        return
    for m in _BARE_FIVE.finditer(text):
        if not _UNIT_AFTER.match(text, m.end()):
            yield m.start(), m.end(), 0.5


class PostcodeRecognizer(SpanRecognizer):
    """UK postcodes anywhere; US ZIP after a state; German PLZ before a town; any after a cue;
    a bare five-digit code in a short reply."""

    ENTITY = POSTCODE

    def find(self, text: str) -> Iterable[Hit]:
        for m in _UK_RE.finditer(text):
            yield m.start(), m.end(), 0.75
        for m in _US_RE.finditer(text):
            yield m.start("zip"), m.end("zip"), 0.7
        for m in _PLZ_CITY.finditer(text):
            yield m.start(), m.end(), 0.55
        for m in _CUED_CODE.finditer(text):
            if any(ch.isdigit() for ch in m.group("code")):
                yield m.start("code"), m.end("code"), 0.8
        yield from bare_postcodes(text)
