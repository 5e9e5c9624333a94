"""Whether a message asks if a product is the right size for something the customer has: "my
matress is 160x200, is the Lyme Fitted Sheet (White, King) the right size for it?".

Beside a question about sending it back if it doesn't fit, the intent model reads an exchange
or a return, and the customer is asked for an order they never placed. Naming no order, the
message is a question about the product's size, which the product writer answers (with the
return rule the side question asks for). On the development tickets every such message is a
sizing question.
"""

from __future__ import annotations

import re

from nlp.hygiene import straight_apostrophes
from nlp.restock_question import NAMES_AN_ORDER

_RIGHT_SIZE = re.compile(
    r"\b(?:is|are|would|will) (?:the |this |that |it |they |these |those )?[^.?!]{0,60}?"
    r"\bthe right size for (?:it|that|this|them|my|our|a|an|the)\b",
    re.IGNORECASE,
)


def asks_if_right_size(text: str) -> bool:
    words = straight_apostrophes(text or "")
    return bool(_RIGHT_SIZE.search(words)) and not NAMES_AN_ORDER.search(words)
