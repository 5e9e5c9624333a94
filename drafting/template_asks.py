"""Does a grounded reply give the kind of answer the question asks for?

"When will my refund arrive?" wants a date or a span of days; "how much is the return fee?"
wants an amount; "what's the tracking number?" wants the number; "what name will it show under
on my statement?" wants the name. A template reply can rest on
the right order and the right policy and still leave that out (it told the state of the order,
or quoted a neighbouring rule), and a fluent reply missing the one thing asked for is worse than
a hand-off: the customer has to ask again, or takes the wrong thing for the answer. So a reply
that gives none of what a direct "when", "how long", "how much" or "tracking number" question
needs is not sent on its own; an agent gets the draft.

The check reads only the shape of the answer (a date, a span, an amount), never whether it is
the right one: that is the grounding check's job (drafting/check.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from drafting.check import DATE_FORMS, MONEY
from drafting.template_format import WEEKDAYS

# A date the grounding check would read (drafting/check.py), or a day named on its own.
A_DAY = re.compile(
    rf"\b(?:{'|'.join(WEEKDAYS)})\b|\btoday\b|\btomorrow\b|\bthis (?:week|afternoon|evening)\b",
    re.IGNORECASE,
)
A_SPAN = re.compile(
    r"\b\d+(?:\s?(?:to|-|–)\s?\d+)? (?:business |working |calendar )?(?:days?|weeks?|hours?"
    r"|months?|years?|minutes?)\b|\b(?:a|one|two|three|four|five|six|seven|ten|fourteen|thirty)"
    r" (?:business |working )?(?:days?|weeks?|months?)\b|\bwithin\b|\bstraight away\b",
    re.IGNORECASE,
)
# An amount is what the grounding check reads as money, or nothing to pay.
NO_CHARGE = re.compile(r"\bfree\b|\bno (?:fee|charge|cost)\b", re.IGNORECASE)
# "How long is the cable?" asks for a length, not a time.
A_MEASURE = re.compile(r"\b\d+(?:\.\d+)? ?(?:m|cm|mm|in|inches|ft|feet|metres?|meters?)\b")
TRACKING_QUESTION = re.compile(r"\btracking (?:number|no\.?|code|id|reference)\b", re.IGNORECASE)
A_TRACKING_NUMBER = re.compile(r"<TRACKING_NUMBER_\d+>|\btracking (?:number|link)\b", re.IGNORECASE)

# The asks, each with what answers it. A "when" must be a question ("when will", "when's"), not
# a clause ("when I ordered"); "how much longer" asks for time, not money.
_AUX = r"(?:will|would|can|could|does|do|did|is|are|was|should|might|shall)"


@dataclass(frozen=True)
class Ask:
    name: str
    question: re.Pattern[str]
    answers: tuple[re.Pattern[str], ...]


ASKS: tuple[Ask, ...] = (
    Ask(
        "a date",
        re.compile(
            rf"\bwhen(?:'s| {_AUX})\b|\bby when\b|\b(?:what|which|wich) (?:date|day)\b|\bhow soon\b"
            r"|\bwann\b"
            r"|\bwhat(?:'s| is) the (?:new |expected |estimated |delivery )?date\b"
            # "Is there a date by which I must do it?", "is there a deadline?"
            r"|\bis there (?:a|any) (?:date|deadline|last day|cut-?off)\b"
            r"|\bby (?:what|which) date\b",
            re.IGNORECASE,
        ),
        (*DATE_FORMS, A_DAY, A_SPAN),
    ),
    Ask(
        "a length of time",
        re.compile(r"\bhow long\b|\bhow many (?:days|weeks)\b|\bwie lange\b", re.IGNORECASE),
        (A_SPAN, *DATE_FORMS, A_DAY, A_MEASURE),
    ),
    Ask(
        "an amount",
        re.compile(
            r"\bhow much\b(?! (?:longer|time|later))|\bwhat(?:'s| is| does| will)"
            r"(?: it| the| that| this)? (?:cost|price|fee|charge)\b",
            re.IGNORECASE,
        ),
        (MONEY, NO_CHARGE),
    ),
    Ask("the tracking number", TRACKING_QUESTION, (A_TRACKING_NUMBER,)),
    # "What name will it show under on my card statement?": no policy says, so a reply about
    # the refund's timing, however right, leaves the question open.
    Ask(
        "the name on the statement",
        re.compile(
            r"\bwhat (?:name|merchant|company|reference|description)\b[^.?!]{0,40}"
            r"\b(?:show|appear|come up|be listed)\w*\b|\b(?:show|appear)\w* (?:up )?(?:as|under) "
            r"what\b",
            re.IGNORECASE,
        ),
        (re.compile(r"\b(?:appears?|shows?|listed) (?:up )?(?:as|under)\b", re.IGNORECASE),),
    ),
    # "Can you see whose name the signature was given in?": tracking says a parcel was signed
    # for, never by whom, so a reply quoting the delivery scan leaves the question open.
    Ask(
        "the name of who signed",
        re.compile(
            r"\bwho (?:actually |exactly )?signed\b|\bsigned (?:for )?by (?:who|whom)\b"
            r"|\b(?:whose|what|which) name\b[^.?!]{0,40}\bsign(?:ed|ature|atory)\b"
            r"|\bname (?:of|on) (?:the )?(?:signature|signatory|person who signed)\b",
            re.IGNORECASE,
        ),
        (re.compile(r"\bsigned (?:for )?by\b", re.IGNORECASE),),
    ),
)


def unanswered_asks(message: str, reply: str) -> list[str]:
    """What the message asks for directly that the reply gives nothing of ("a date", ...)."""
    return [
        ask.name
        for ask in ASKS
        if ask.question.search(message) and not any(a.search(reply) for a in ask.answers)
    ]
