"""Replies that only carry what the assistant asked for: an order number, a postcode, an email.

"oh sorry, it's <POSTCODE_1>" has no intent of its own; it answers the assistant's request to
identify an order, so the conversation's earlier question still stands. Classifying such a
reply alone gives a confident `other` and the customer is told the shop cannot help.
"""

from __future__ import annotations

import re

from nlp.pii.vault import PLACEHOLDER_RE
from nlp.reading import without_guest_disclaimer

# Placeholders a customer gives to identify themselves or an order.
IDENTIFYING_TYPES = frozenset(
    {"ORDER_ID", "POSTCODE", "EMAIL_ADDRESS", "PERSON", "PHONE_NUMBER", "TRACKING_NUMBER"}
)
# Words that carry no request: greetings, apologies, "it's", "here you go", what the value is.
_FILLER = frozenset(
    [
        "a",
        "an",
        "and",
        "the",
        "it",
        "its",
        "it's",
        "is",
        "was",
        "that",
        "this",
        "here",
        "you",
        "go",
        "there",
        "sorry",
        "oh",
        "ah",
        "ok",
        "okay",
        "sure",
        "yes",
        "yeah",
        "yep",
        "right",
        "thanks",
        "thank",
        "cheers",
        "please",
        "hi",
        "hello",
        "my",
        "our",
        "me",
        "i",
        "i'm",
        "im",
        "it’s",
        "that's",
        "thats",
        "postcode",
        "post",
        "code",
        "zip",
        "zipcode",
        "postal",
        "email",
        "e-mail",
        "address",
        "mail",
        "order",
        "number",
        "no",
        "num",
        "nr",
        "id",
        "reference",
        "ref",
        "under",
        "name",
        "on",
        "of",
        "for",
        "with",
        "as",
        "account",
        "guest",
    ]
)
_WORD = re.compile(r"[\w'’-]+", re.UNICODE)
# Something with a digit in it and no spaces: an order number, a postcode part, a reference.
_CODE = re.compile(r"(?=[\w-]*\d)[\w-]{3,14}")


def only_identifies(masked_text: str) -> bool:
    """True when the message holds identifying placeholders and nothing else of substance
    ("I checked out as a guest, postcode's <POSTCODE_1>" too: see nlp/reading.py)."""
    masked_text = without_guest_disclaimer(masked_text)
    found = [m.group(1) for m in PLACEHOLDER_RE.finditer(masked_text)]
    rest = PLACEHOLDER_RE.sub(" ", masked_text).lower()
    words = _WORD.findall(rest)
    # A bare code the masker had no cue for ("it's 10115", "102938") identifies just as well.
    codes = [w for w in words if _CODE.fullmatch(w)]
    if not codes and not any(kind in IDENTIFYING_TYPES for kind in found):
        return False
    return all(_filler(word) or _CODE.fullmatch(word) for word in words)


def _filler(word: str) -> bool:
    # "postcode's BS1 7TX": a contracted "is" after a filler word is filler too.
    return word in _FILLER or word.removesuffix("'s").removesuffix("’s") in _FILLER
