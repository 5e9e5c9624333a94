"""Whether a message asks if something will arrive in time: "is it going to get there in time?",
"will it be here by Friday?", "will the lamp arrive before Christmas?".

A follow-up such as "Her birthday is this Thursday. Is it going to get there in time?" names no
order and no shop word of its own, so the intent model can take it for something outside what
the shop does (`other`), and the customer, mid-conversation about an order, is told what the
assistant can help with. It asks where the order is and when it comes: an order question.
"""

from __future__ import annotations

import re

from nlp.hygiene import straight_apostrophes

_SUBJECT = r"(?:it|they|this|that|the \w+|my \w+|her \w+|his \w+)"
_ARRIVE = (
    r"(?:be (?:there|here|with (?:me|her|him|us|them))|get(?: there| here| to (?:me|her|him|us"
    r"|them))?|arrive|come|turn up|make it|reach (?:me|her|him|us|them))"
)
# "in time", "before ...", or "by" a day ("does it come by courier?" asks how, not when).
_IN_TIME = (
    r"(?: in time| on time| before\b| by (?:then|tomorrow|tmrw|the weekend|\w+day|christmas|xmas"
    r"|\d|the \d))"
)
_ASKS_IN_TIME = re.compile(
    rf"\b(?:is|will|would|should|can|does|do|are) {_SUBJECT}"
    rf"(?: (?:going to|gonna|still|actually|definitely|really))? {_ARRIVE}{_IN_TIME}",
    re.IGNORECASE,
)


def asks_if_it_arrives_in_time(text: str) -> bool:
    return bool(_ASKS_IN_TIME.search(straight_apostrophes(text or "")))
