"""What the intent and sentiment models read: the customer's words without a guest's
explanation of why they are proving who they are, and without the requests they say they are not
making (nlp/disavowals.py): `models_reading`.

"I checked out as a guest so there's no account, postcode's BS1 7TX" is a reply to "which
postcode is on the order?", and "I didn't make an account when I ordered. It's HR-174367, where
has it got to?" asks where an order is. Read whole, the words "account" and "guest" pull both
towards the `account` intent with high confidence (and a short reply of that kind even looked
angry to the anger model). The explanation is dropped only when the message also carries the
proof or the order it explains (an order number, an email address, a postcode or ZIP): "can I
follow my orders without making an account?" is a real account question and is read as it is.
Masking and escalation signals still see every word; only the models' view changes.
"""

from __future__ import annotations

import re

from nlp.disavowals import without_disavowals
from nlp.pii.order_ids import BARE_SIX, SHOP_ORDER
from nlp.pii.postcodes import UK_POSTCODE
from nlp.pii.vault import PLACEHOLDER_RE

# A guest saying they have no account, in the ways customers put it.
GUEST_DISCLAIMER = re.compile(
    r"\b(?:i\s+)?(?:checked\s+out|ordered|bought|paid|purchased|shopped|went\s+through)"
    r"(?:\s+it|\s+them)?\s+as\s+a\s+guest\b"
    r"|\b(?:using\s+|via\s+|through\s+)?(?:the\s+)?guest\s+check-?out\b"
    r"|\bwithout\s+(?:(?:making|creating|setting\s+up|signing\s+up\s+for|having)\s+)?"
    r"(?:an?\s+)?(?:account|login)\b"
    r"|\b(?:i\s+)?(?:don'?t|do\s+not|didn'?t|did\s+not|never|haven'?t|have\s+not)"
    r"(?:\s+got|\s+ever)?\s+(?:have|make|made|create|created|set\s+up|sign\s+up|signed\s+up"
    r"|register(?:ed)?|got)(?:\s+for)?(?:\s+an?)?\s+(?:account|login)\b"
    r"|\b(?:there'?s\s+|there\s+is\s+|i\s+have\s+|i'?ve\s+got\s+)?no\s+account\b"
    r"|\bnot\s+(?:logged|signed)\s+in\b"
    r"|\bi'?m\s+(?:just\s+)?a\s+guest\b",
    re.IGNORECASE,
)
# What a guest's explanation comes with: the order or the proof, as the customer typed them.
# The order patterns are the masker's own; the postcode is the masker's Royal Mail format.
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_UK_POSTCODE = re.compile(rf"(?<![\w-]){UK_POSTCODE}(?![\w-])", re.IGNORECASE)
_ZIP = re.compile(r"\b\d{5}\b")
_PROOF = (SHOP_ORDER, BARE_SIX, _EMAIL, _UK_POSTCODE, _ZIP)
_LEFTOVER = re.compile(r"\s*[,;:-]?\s*\b(?:so|and|but)\s*(?=[,.;:!?]|\Z)|\s{2,}", re.IGNORECASE)


def carries_proof(text: str) -> bool:
    """Whether the text names an order or gives an email, postcode or ZIP (raw or masked)."""
    return any(p.search(text) for p in (PLACEHOLDER_RE, *_PROOF))


def without_guest_disclaimer(text: str) -> str:
    """`text` with a guest's no-account explanation removed when it comes with the proof or
    the order; otherwise `text` unchanged. Never returns an empty string for a non-empty text."""
    if not GUEST_DISCLAIMER.search(text) or not carries_proof(text):
        return text
    kept = GUEST_DISCLAIMER.sub(" ", text)
    kept = _LEFTOVER.sub(" ", kept).strip(" ,;:-")
    return kept if any(ch.isalnum() for ch in kept) else text


def models_reading(text: str) -> str:
    """What the intent and sentiment models read of a cleaned message."""
    return without_disavowals(without_guest_disclaimer(text))
