"""Whether a return is the first half of a swap: "hold the Ink, 16-piece while I return it?".

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


def asks_to_hold_a_swap(text: str) -> bool:
    return bool(_HOLD_WHILE_RETURNING.search(straight_apostrophes(text or "")))
