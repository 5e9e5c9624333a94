"""Whether a message asks when the shop's people are there: the opening hours.

The contact policy's hours answer it, and they also say the assistant answers at any hour. The
retrieval cues (tools/policies.py), the "other" writer (drafting/template_common.py) and the
reading rules (nlp/reading_rules.py) all use this one pattern, so they agree on what an hours
question is.
"""

from __future__ import annotations

import re

from nlp.pii.order_ids import ORDER_CONTEXT, SHOP_ORDER

# "Is this chat still open after midnight?", "are your team in on Saturdays, and until what
# time?": the opening hours, which also say the assistant answers at any hour.
_WHEN = (
    r"(?:saturdays?|sundays?|weekends?|bank holidays?|evenings?|nights?|midnight|mornings?"
    r"|\d{1,2} ?(?:am|pm)|late|early|christmas|then)"
)
# Days our published hours may not hold: whether we are open then is a person's answer.
HOLIDAY = re.compile(
    r"\b(?:christmas|xmas|boxing day|new year(?:'s)?|easter|(?:bank|public) holidays?)\b", re.I
)
# A sentence that asks something: where a holiday is asked about, not just mentioned.
_QUESTION_SENTENCE = re.compile(r"[^.?!\n]*\?")
# "...on a Sunday evening, when is somebody from your team actually likely to see it?"
_SOMEONE_SEES = (
    r"(?:some|any)(?:one|body)\b[^.?!]{0,40}?\b(?:(?:see|read|reply to|answer) (?:it|this|that"
    r"|my (?:message|question|email))|get back to (?:me|us))\b"
)
# ("...or do I need to get someone in?" hires a tradesperson: nobody of ours is asked about)
_SOMEONE_THERE = (
    r"(?:(?<!get )(?<!getting )(?<!have )(?<!having )(?<!call )(?<!bring )"
    r"(?:some|any)(?:one|body) (?:still )?(?:picks? up"
    rf"|answers?|(?:be )?(?:there|around|available|in))\b|{_SOMEONE_SEES})"
)
HOURS_QUESTION = re.compile(
    r"\bopening (?:hours|times)\b|\b(?:office|business|working|support) hours\b"
    # "what time on a Saturday do you stop answering?", "wat time do u lot close on a saturday"
    r"|\buntil what time\b"
    r"|\bw(?:h?a|o)t time (?:(?:on|at) (?:an? |the )?\w+ )?(?:do|does|are|is|will)\b"
    r"[^.?!]{0,30}\b(?:open|close"
    r"|shut|finish|available|start|begin|stop)\b"
    # "Will your customer team be around over Christmas?"
    r"|\b(?:are|is|will) (?:you|your (?:(?:customer|support|service) )?(?:team|staff|people"
    r"|office|chat|line|phones?)|the (?:team|chat|office|line|phones?)|this chat|anyone|someone"
    r"|somebody)(?: guys)? (?:still )?(?:be )?(?:open|in|available|around|about|working|staffed"
    r"|there)\b[^.?!]{0,30}"
    rf"\b{_WHEN}\b|\b(?:open|available) (?:on |at |over |during )?(?:the )?{_WHEN}\b"
    r"|\bafter midnight\b|\b24/7\b|\baround the clock\b"
    # The hours' time zone, asked after them: "Is that UK time? I'm in New York."
    r"|\bis (?:that|this|it) (?:in )?(?:uk|british|london|gmt|bst|cet|cest|german|european|your"
    r"|local) time\b|\b(?:what|which) time ?zone\b"
    # "Phones open tomorrow morning?", "when do the phone lines open?"
    r"|\b(?:phones?|phone ?lines?) (?:still |be |are )?(?:open|staffed|manned|answered)\b"
    # "My shift ends at half seven on Saturdays. If I ring then, will somebody pick up?"
    rf"|\b{_WHEN}\b[^?]{{0,120}}\b{_SOMEONE_THERE}|\b{_SOMEONE_THERE}[^.?!]{{0,60}}\b{_WHEN}\b",
    re.IGNORECASE,
)

_ACCOUNT_CONTEXT = re.compile(r"\b(?:my|our) (?:customer |online )?account\b", re.IGNORECASE)

# "...when is somebody likely to see it?", "how soon will I hear back?": how quickly we answer.
REPLY_WHEN = re.compile(
    rf"\b{_SOMEONE_SEES}|\bhow (?:soon|quickly|long)\b[^.?!]{{0,40}}\b(?:hear back"
    r"|get an? (?:answer|reply|response)|reply|respond|answer)\b",
    re.IGNORECASE,
)


def asks_our_hours_only(text: str) -> bool:
    """An hours question that says nothing about an order or a delivery: "if I leave a question
    here on a Sunday evening, when will somebody see it?" is about us, not a parcel, whatever a
    model trained on order questions makes of it. An order number says it is about an order
    too ("hr-343904 is cracked, what time do your phones open?"), raw or masked."""
    if ORDER_CONTEXT.search(text) or SHOP_ORDER.search(text) or "<ORDER_ID_" in text:
        return False
    # "My surname is spelt wrong on my account ... And are you open on Sundays?": an account
    # question with the hours beside it, which the account writer answers with its side questions.
    if _ACCOUNT_CONTEXT.search(text):
        return False
    return bool(HOURS_QUESTION.search(text))


def holiday_asked_about(text: str) -> str | None:
    """The holiday a question sentence names ("will your team be around over Christmas?"), or
    None; "I'm away until after Christmas." asks nothing about it."""
    for question in _QUESTION_SENTENCE.findall(text):
        holiday = HOLIDAY.search(question)
        if holiday:
            return holiday.group(0)
    return None
