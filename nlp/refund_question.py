"""Whether a message asks how much money came back, and when: "So you took that off what I got
back? How much did I actually get in the end, and when did it go out?", "how much did you refund
me in the end?".

Asked after a question about the return fee, or in a story about sending an item back, the
intent model reads a return: the customer is then told the return window again. What it asks is
the refund on record (its amount and the day it was sent), which the refund writer gives. Only
the past is read this way: "how much will I get back?" before anything has gone back is a return
or cancellation question, answered by its own rules.
"""

from __future__ import annotations

import re

from nlp.hygiene import straight_apostrophes

HOW_MUCH_CAME_BACK = re.compile(
    r"\bhow much (?:did|have) (?:i|we) (?:actually |finally |really )?(?:end(?:ed)? up )?"
    r"(?:get|got|receive|received)(?: \w+){0,3}? (?:back|in the end|refunded|returned)\b"
    r"|\bhow much (?:did|have) you (?:actually |finally |really )?(?:refund(?:ed)?|pa(?:y|id)|"
    r"sen[dt]|give|given) (?:me|us|back)\b"
    r"|\bhow much was (?:the|my|our) refund\b",
    re.IGNORECASE,
)


def asks_how_much_came_back(text: str) -> bool:
    return bool(HOW_MUCH_CAME_BACK.search(straight_apostrophes(text or "")))
