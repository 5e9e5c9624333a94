"""Whether a message asks when a sold-out product comes back: "is there an eta on when u get more
in?", "any idea when it'll be available again?".

Such a message talks about waiting and dates, so the intent model can take it for an order
question; answered as one, the customer gets a list of their recent orders instead of the
catalogue's restock date. Only a message that names no order is read this way: "HR-136704 was
cancelled because it sold out, when is it back?" is about that order too.
"""

from __future__ import annotations

import re

from nlp.hygiene import straight_apostrophes

_ASKS_WHEN_BACK = re.compile(
    r"\bback in stock\b|\brestock(?:ed|s)?\b|\bin stock again\b|\bavailable again\b"
    r"|\b(?:get|getting|have|having) (?:more|any|some|new stock) in\b",
    re.IGNORECASE,
)
# An order named in the message, masked or not (nlp/size_question.py asks the same).
NAMES_AN_ORDER = re.compile(r"<ORDER_ID_\d+>|\b[A-Z]{2}-\d{6}\b")


def asks_when_back_in_stock(text: str) -> bool:
    words = straight_apostrophes(text or "")
    return bool(_ASKS_WHEN_BACK.search(words)) and not NAMES_AN_ORDER.search(words)
