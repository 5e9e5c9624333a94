"""Whether a return is the first half of a swap: "hold the Ink, 16-piece while I return it?";
and whether a "swap" asks for money instead: "cud i swap HR-421697 for my money back insted?".

The shop does exchanges as a return plus a new order, and holds the new variant while the
original travels back. Asking for that hold is an exchange, though every word of it says
"return"; the exchange answer (hold, stock and price of the variant, and the return window)
is the one the customer needs.
"""

from __future__ import annotations

import re

from nlp.hygiene import straight_apostrophes

_HOLD_WHILE_RETURNING = re.compile(
    r"\b(?:hold|reserve|save|put aside|set aside|put by)\b[^.?!]{0,60}?"
    r"\b(?:while|until|till|whilst) (?:i|we)(?:'m| am| are|'ve| have)? "
    r"(?:return|send|sent|post)\w*",
    re.IGNORECASE,
)


# "Swap it for my money back", "change the order for a refund", "refund back instead": the
# customer wants the money, not another variant. Before dispatch that is a cancellation.
_MONEY_INSTEAD = re.compile(
    r"\b(?:swap|change|exchange|trade)\b[^.?!]{0,40}?\bfor (?:my|the|a) (?:money|refund|cash)\b"
    r"|\b(?:money|refund) back inste?a?d\b",
    re.IGNORECASE,
)


def asks_for_money_instead_of_a_swap(text: str) -> bool:
    return bool(_MONEY_INSTEAD.search(straight_apostrophes(text or "")))


def asks_to_hold_a_swap(text: str) -> bool:
    return bool(_HOLD_WHILE_RETURNING.search(straight_apostrophes(text or "")))
