"""Whether a message asks what personal data of theirs we gave to someone else.

"What info did u pass on to Klarna about me when I used pay later?" names a payment provider, and
the intent model reads it as a billing question, answered with how Klarna repayments work. It
asks about the customer's personal data and who received it, which only the privacy team
answers (a copy of the data lists who it was shared with). A reading rule
(nlp/reading_rules.py) sends it there.

"What information do I need to send you for a warranty claim?" asks what to give us, not what
we gave away: the data must be theirs ("about me") or go to someone else ("to Klarna").
"""

from __future__ import annotations

import re

# What we did with it ("sent" only with its recipient: "I sent my details to you" is theirs).
_PASSED_ON = (
    r"(?:pass(?:ed)? on|shar(?:e|ed)|g[ai]ve (?:out|away)|hand(?:ed)? over|sold|sell"
    r"|disclos(?:e|ed))"
)
_RECIPIENT = (
    r"(?:klarna|paypal|couriers?|carriers?|third[- ]part(?:y|ies)|partners?|advertisers?"
    r"|anyone|anybody|others?|other companies)"
)
ASKS_WHAT_WE_SHARED = re.compile(
    # "what info did you pass on to Klarna about me?", "which details did you share with the
    # courier?"
    rf"\b(?:what|which) (?:info(?:rmation)?|data|details|personal \w+)\b[^.?!]{{0,60}}"
    rf"\b(?:{_PASSED_ON}|sen[dt])\b[^.?!]{{0,40}}(?:\babout me\b|\bon me\b"
    rf"|\b(?:to|with) (?:the |your )?{_RECIPIENT}\b)"
    # "who did you sell my details to?", "how dare you share my data with your couriers" (you
    # did it: "do I have to share my details with the driver?" is not this)
    rf"|\byou(?:'ve| have)?(?: ever| already| just)? {_PASSED_ON} (?:my|our) (?:personal )?"
    r"(?:data|details|info(?:rmation)?)\b",
    re.IGNORECASE,
)


def asks_what_we_shared(text: str) -> bool:
    """The message asks what of the customer's personal data we passed to someone else."""
    return bool(ASKS_WHAT_WE_SHARED.search(text or ""))
