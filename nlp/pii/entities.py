"""The PII entity types the product masks, and how other people's labels map onto them.

Kept in one place so that the masker, the vault, the evaluation and the tests agree on names.
"""

from __future__ import annotations

from typing import Final

PERSON: Final = "PERSON"
EMAIL_ADDRESS: Final = "EMAIL_ADDRESS"
PHONE_NUMBER: Final = "PHONE_NUMBER"
CREDIT_CARD: Final = "CREDIT_CARD"
IBAN_CODE: Final = "IBAN_CODE"
STREET_ADDRESS: Final = "STREET_ADDRESS"
# A postcode on its own ("my postcode is LS6 2AB") gets its own placeholder; a postcode inside
# a full address is part of that address's STREET_ADDRESS span.
POSTCODE: Final = "POSTCODE"
ORDER_ID: Final = "ORDER_ID"

ENTITY_TYPES: Final[tuple[str, ...]] = (
    PERSON,
    EMAIL_ADDRESS,
    PHONE_NUMBER,
    CREDIT_CARD,
    IBAN_CODE,
    STREET_ADDRESS,
    POSTCODE,
    ORDER_ID,
)

# The word a reply can safely show instead of a placeholder that cannot be restored.
NEUTRAL_WORDS: Final[dict[str, str]] = {
    PERSON: "you",
    EMAIL_ADDRESS: "your email address",
    PHONE_NUMBER: "your phone number",
    CREDIT_CARD: "your card",
    IBAN_CODE: "your bank account",
    STREET_ADDRESS: "your address",
    POSTCODE: "your postcode",
    ORDER_ID: "your order",
}
NEUTRAL_FALLBACK: Final = "your details"

# --- The Presidio research set (evaluation only) -------------------------------------------
# Its label -> the product's type. A gold span counts as found when a predicted span of one of
# the ACCEPTED types overlaps it.
DATASET_TYPE_MAP: Final[dict[str, str]] = {
    "PERSON": PERSON,
    "EMAIL_ADDRESS": EMAIL_ADDRESS,
    "PHONE_NUMBER": PHONE_NUMBER,
    "CREDIT_CARD": CREDIT_CARD,
    "IBAN_CODE": IBAN_CODE,
    "STREET_ADDRESS": STREET_ADDRESS,
    "ZIP_CODE": POSTCODE,
}
# A postcode written inside an address is masked as part of the STREET_ADDRESS span (see above),
# so for a gold postcode either type is a correct mask; a gold address needs an address span.
ACCEPTED_TYPES: Final[dict[str, frozenset[str]]] = {
    POSTCODE: frozenset({POSTCODE, STREET_ADDRESS}),
}
# For precision: a predicted POSTCODE inside a gold address is a correct hit, not noise.
PART_OF: Final[dict[str, str]] = {POSTCODE: STREET_ADDRESS}
# Labels the support product has no use for: reported with their counts, never chased. Cities
# and countries alone (GPE) do not identify a customer; the shop never asks for the others.
NOT_TARGETED: Final[tuple[str, ...]] = (
    "GPE",
    "ORGANIZATION",
    "DATE_TIME",
    "TITLE",
    "AGE",
    "NRP",
    "DOMAIN_NAME",
    "US_SSN",
    "IP_ADDRESS",
    "US_DRIVER_LICENSE",
)


def accepted_types(entity_type: str) -> frozenset[str]:
    return ACCEPTED_TYPES.get(entity_type, frozenset({entity_type}))
