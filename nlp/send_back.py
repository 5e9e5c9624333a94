"""Whether the customer says they want to send an item back: "So, after all that, I'd like it to go
back to you. What do I need to do?", "I want to return the lamp".

A return told as a story of the delivery ("I watched the tracking like a hawk...") is full of
tracking words, and the intent model can read it as an order or delivery question; the answer
would then describe a parcel the customer already has. Said in so many words, the wish to send
it back is the request.
"""

from __future__ import annotations

import re

from nlp.hygiene import straight_apostrophes

_WANT = r"(?:i'?d like|i would like|i want|i wanna|i need)"
_IT = r"(?:it|this|them|these|that|the \w+(?: \w+)?)"
_WANTS_TO_SEND_IT_BACK = re.compile(
    rf"\b(?:{_WANT}|want) (?:it|this|them|these|that) to go back\b"
    rf"|\b{_WANT} to (?:send|post) {_IT} back\b"
    rf"|\bhow (?:do|can) i (?:send|post) (?:it|this|them) back\b"
    rf"|\b{_WANT} to return {_IT}\b",
    re.IGNORECASE,
)


# Someone else's words reported ("a text saying it was paid to me by mistake and I need to send
# it back through a link"): a scam's demand, not the customer's wish.
_REPORTED = re.compile(
    r"\b(?:saying|says|said|telling me|told me|asking me|asks me|asked me)\b[^.?!]*$", re.I
)


def wants_to_send_it_back(text: str) -> bool:
    text = straight_apostrophes(text or "")
    return any(
        not _REPORTED.search(text, 0, found.start())
        for found in _WANTS_TO_SEND_IT_BACK.finditer(text)
    )
