"""Order numbers: the shop's own ids, the free forms customers type, and bare numbers.

The shop's ids are `HR-` and six digits, and customers drop the prefix as often as not
("it's 296747", "refund for 436826"; `store.order_models.normalise_order_id` accepts the
bare six digits too). Six digits alone are no postcode in the shop's markets (UK, US and
German postcodes are letters or five digits) and too short for a phone number, so a bare
six-digit number is taken for an order id when the message talks about an order or gives the
postcode or email that goes with one, or when the message is hardly more than the number (the
answer to "what's your order number?").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from nlp.pii.entities import ORDER_ID
from nlp.pii.recognizers import Hit, SpanRecognizer

SHOP_ORDER = re.compile(r"(?<![\w-])HR[-\s]?\d{6}(?![\w-])", re.IGNORECASE)
CUED_ORDER = re.compile(
    r"\b(?:orders?|bestell(?:ung|nummer)|commande)\s*(?:number|no\.?|num\.?|nr\.?|id|ref\.?|"
    r"reference|#)?\s*(?:is|was|:|=|-)?\s*#?\s*(?P<id>[A-Z]{1,4}-?\d{4,12}|\d{4,12})(?![\w-])",
    re.IGNORECASE,
)
HASH_ID = re.compile(r"(?<![\w&#])#\s?(?P<id>[A-Z]{0,4}-?\d{4,12})(?![\w-])", re.IGNORECASE)
# Six digits standing alone: not part of a longer number, a price, a decimal, a date or a code.
BARE_SIX = re.compile(r"(?<![\w#£$€¥.,:/+-])(?P<id>\d{6})(?![\w-]|[.,:/]\d)")
# Words that put a message in an order's context, in the shop's three languages.
ORDER_CONTEXT = re.compile(
    r"\b(?:orders?|ordered|purchased?|bought|deliver\w*|parcels?|packages?|shipments?|"
    r"ship(?:ped|ping)?|dispatch\w*|track\w*|refund\w*|return\w*|exchang\w*|cancel\w*|"
    r"invoice|receipt|arriv\w*|courier|bestell\w*|liefer\w*|paket|sendung|rücksend\w*|"
    r"erstatt\w*|storn\w*|commande|colis|livraison|rembours\w*|retour)\b",
    re.IGNORECASE,
)
# Units and amounts after a number say it is a quantity, not an identifier.
UNIT_AFTER = re.compile(
    r"\s?(?:%|cm|mm|m\b|kg|g\b|km|miles?|pounds?|gbp|eur|euros?|usd|dollars?|points?|"
    r"views|people|times|years?|items?|pieces?)",
    re.IGNORECASE,
)
SHORT_REPLY_WORDS = 6  # "oh sorry, it's 296747" is all the message says
# A guest proving the order is theirs names the postcode or email beside its number: "still
# nothing from 271716, postcode G2 3AB".
VERIFYING = re.compile(r"\b(?:post ?codes?|zip(?: ?codes?)?|plz)\b|\S@\w[\w-]*\.\w", re.I)


def bare_order_numbers(text: str) -> Iterable[Hit]:
    """Prefix-less six-digit order numbers, where the message gives them an order context."""
    candidates = [m for m in BARE_SIX.finditer(text) if not UNIT_AFTER.match(text, m.end())]
    if not candidates:
        return
    short_reply = len(text.split()) <= SHORT_REPLY_WORDS
    if not short_reply and ORDER_CONTEXT.search(text) is None and VERIFYING.search(text) is None:
        return
    for m in candidates:
        yield m.start("id"), m.end("id"), 0.6


class OrderIdRecognizer(SpanRecognizer):
    """The shop's own ids (HR-204813), the cued free forms ("order 4481923", "#A10023") and
    bare six-digit numbers in an order's context ("refund for 436826")."""

    ENTITY = ORDER_ID

    def find(self, text: str) -> Iterable[Hit]:
        for m in SHOP_ORDER.finditer(text):
            yield m.start(), m.end(), 0.95
        for m in CUED_ORDER.finditer(text):
            yield m.start("id"), m.end("id"), 0.85
        for m in HASH_ID.finditer(text):
            yield m.start("id"), m.end("id"), 0.7
        yield from bare_order_numbers(text)
