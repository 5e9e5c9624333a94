"""Does a reply speak to every question of a message that asks several?

"Can I send just that one back, how do I do it, and will I get the delivery charge back?" is
three questions. A template reply built around the main one (the return window, the fee, the
steps) reads complete and says nothing about the delivery charge; sent on its own, the customer
takes the silence for an answer. So each question part of a message that asks more than one is
weighed on its own: a part with at least two own words (its subject, not the small talk:
`template_coverage.asked_terms`) is unanswered when the reply uses fewer than half of them, and
an agent gets the draft.

A part that asks for a date or a tracking number (`template_asks.ASKS`) is spoken to when the
reply gives one: "what's the new date?" is answered by "by Tuesday 3 November" in no word of its
own. Spans and amounts are not enough on their own: a reply about a 14-day claim window has a
span in it without saying how long a refund takes. An email's subject line restates the body and
is not a part of its own.

The check reads words, with a few families of words a shop's replies use for the customer's
("charge" and "fee", "shipped" and "dispatched", "money" and "refund", "schedule" and "book",
"opened" and "sealed"). A reply that answers in words outside them is held for a person too: a
wasted review costs less than a wrong answer sent. Product questions are weighed topic by topic
instead (`template_topics`), so the drafter does not apply this check to them.
"""

from __future__ import annotations

import re

from drafting.check import DATE_FORMS
from drafting.template_asks import A_DAY, A_TRACKING_NUMBER, ASKS
from drafting.template_coverage import asked_terms
from drafting.template_policy import stems
from nlp.bot_question import asks_who_is_answering
from tools.policies import FREE_DELIVERY_THRESHOLD

# Where one question ends and the next begins inside a sentence: ", and will ...", ", how ...",
# " and can ...", " also, ...".
_QUESTION_START = (
    r"(?:will|would|can|could|do|does|did|is|are|was|should|how|what|when|where|who)\b"
)
_PART_BREAK = re.compile(
    rf",?\s+and\s+(?={_QUESTION_START})|,\s+(?:and\s+|but\s+|or\s+|also\s+)?(?={_QUESTION_START})"
    r"|\s+also[,:]?\s+|;\s+",
    re.IGNORECASE,
)
# A question ends in "?"; a request to be told something is one too, however it ends ("Tell me it
# will fit through our 76 cm door.", "I need to know when you're collecting it!").
# A question typed without its "?" at the very end of a message, right after one with it ("...can
# i trade it for the sage one? do u send a label or do i take it to the post office myself"), is
# one too; a closing line such as "Would love to hear back" after a full stop is not. Ended with
# a full stop, it is a question when a subject follows its verb ("...? And does it have to go in
# the box it came in, because that's been flattened."); "Would love to hear back." has none.
_AFTER_A_QUESTION = r"(?<=[?])\s*(?:and |so |also |oh and )?"
_SENTENCE = re.compile(
    r"[^.?!\n]+[?]|(?:(?<=[.!?\n])|^)\s*(?:please |so |and |now )?(?:tell me|let me know|confirm"
    r"|explain|i need to know|i'?d like to know|i want to know|i wonder)\b[^.?!\n]*[.!]"
    rf"|{_AFTER_A_QUESTION}{_QUESTION_START}[^.?!\n]*\Z"
    rf"|{_AFTER_A_QUESTION}(?:do|does|did|is|are|can|could|will|would|should|was)"
    r" (?:i|it|they|this|that|these|those|you|we|there|the|my|our)\b[^.?!\n]*\.\s*\Z",
    re.IGNORECASE | re.MULTILINE,
)
# A statement the question follows from ("I'll probably reorder next week, so how long does
# delivery take?"): the reason for asking, not part of what is asked.
_STATED_REASON = re.compile(rf"^[^?:]*?,\s+so\s+(?={_QUESTION_START})", re.IGNORECASE)
# The same reason said after the question ("does it have to go in its box, because that's been
# flattened for the recycling?"): its words are not asked about either. (", as well as the rug"
# and ", as soon as it's back" are not reasons.)
_REASON_AFTER = re.compile(
    r",\s+(?:because|since|as(?! (?:well|soon|long|much|many|far)\b)|cos|coz)\s[^?]*$",
    re.IGNORECASE,
)
_SUBJECT_LINE = re.compile(r"^\s*subject:[^\n]*$", re.IGNORECASE | re.MULTILINE)
# A piece asks something when it opens with a question word, or one follows a colon or dash
# ("Two quick things: can I ...").
_ASKS_HERE = re.compile(rf"(?:^|[:\-–]\s*){_QUESTION_START}", re.IGNORECASE)
# Words (as five-letter stems) customers and replies use for the same thing: each stem counts as
# every stem of its family.
_FAMILIES = (
    ("charg", "fee", "fees", "cost", "costs", "price", "pay", "paid", "extra", "free", "posta"),
    # "if it hasn't gone out yet": answered by "it hasn't been dispatched yet"
    ("ship", "shipp", "ships", "dispa", "sent", "send", "left", "leave", "gone"),
    ("sign", "signi", "regis", "creat", "join"),
    ("retur", "send", "sendi", "sent", "post", "poste"),
    ("money", "refun", "paid", "repai", "reimb"),
    ("issue", "sent", "went", "proce"),
    ("hold", "hold-", "delay", "late", "runni", "behin", "stuck", "wait", "waiti"),
    ("colle", "pick", "picku"),
    ("deliv", "arriv", "reach", "turn"),
    ("cance", "stop", "remov"),
    ("chang", "swap", "swapp", "switc", "updat", "amend", "alter", "excha"),
    ("sched", "book", "booki", "arran"),
    ("date", "day"),
    ("open", "openi", "opene", "unbox", "seale", "unsea", "wrapp"),
    ("track", "where"),
    # "do they come back later today or on another day?": answered by the attempts made
    ("try", "tries", "tried", "attem", "anoth", "later"),
    # "if nobody's home", "if I don't wake up": answered by what a missed delivery leads to
    ("nobod", "home", "aslee", "sleep", "wake", "miss", "misse"),
    # "will they bring it upstairs or leave it at the door?": the two-person team carries the
    # item into the room of the customer's choice
    (
        "upsta",
        "downs",
        "stair",
        "floor",
        "bedro",
        "room",
        "insid",
        "hall",
        "door",
        "carry",
        "bring",
    ),
    # "I've flattened the box, do I need it?": answered by what the packaging rule says
    ("cardb", "packa", "box", "boxes", "flatt"),
    ("couri", "carri", "drive"),
    ("phone", "call", "ring", "telep"),
    ("separ", "toget", "split", "bits"),
    ("windo", "deadl", "until", "lates", "last"),
    ("strai", "immed", "insta", "effec"),
    # "is it early enough?" about a cancellation: answered by "it can still be cancelled"
    ("early", "still"),
    # "is the Sage, 45 x 45 cm available right now?": answered by "in stock"
    ("avail", "stock"),
)
_FAMILY_OF: dict[str, frozenset[str]] = {}
for _family in _FAMILIES:
    for _stem in _family:  # a stem in two families ("sent") widens to both
        _FAMILY_OF[_stem] = _FAMILY_OF.get(_stem, frozenset()) | frozenset(_family)
# Stems that frame a question part rather than name its subject ("how many times ... before").
# fmt: off
_FRAME = frozenset((
    "befor", "after", "times", "well", "exact", "even", "yet", "actua", "inste", "once", "done",
    "too", "mean", "idea", "had", "rathe",
))
# fmt: on
# "Can we still call it off?" asks to cancel, in no word a reply about cancelling uses ("call" is
# a phone call everywhere else). It is read as "cancel or stop it": two words of one family, so
# the part still carries a subject to look for.
_CALL_OFF = re.compile(
    r"\bcall(?:ed|ing)? (?:it|this|that|them|the (?:whole )?(?:order|thing|lot)) off\b",
    re.IGNORECASE,
)
# "Out of interest, ...", "just out of curiosity, ...": why they ask, not what about.
_OUT_OF_INTEREST = re.compile(r"\b(?:just )?out of (?:interest|curiosity)\b", re.IGNORECASE)
# Fewer own words than this and a part carries no subject to look for ("and how?").
MIN_TERMS = 2
# A part is spoken to when the reply uses at least this share of its own words.
ANSWERED_SHARE = 0.5


def question_parts(masked_message: str) -> list[str]:
    """The questions a message asks: its sentences ending in "?" and its requests to be told
    something, split where a new question starts inside one ("..., and will I get the delivery
    charge back?")."""
    parts: list[str] = []
    for sentence in _SENTENCE.findall(_SUBJECT_LINE.sub("", masked_message)):
        reason = _STATED_REASON.match(sentence.strip())
        if reason is not None and not _ASKS_HERE.search(reason.group(0)):
            sentence = sentence.strip()[reason.end() :]
        sentence = _REASON_AFTER.sub("", sentence.rstrip(" ?.!"))
        pieces = [p.strip(" ,?.!") for p in _PART_BREAK.split(sentence) if p.strip(" ,?.!")]
        lead = ""
        for piece in pieces:
            # A lead-in that asks nothing ("On <ORDER_ID_1>, can you ...") belongs to the
            # question after it.
            if not _ASKS_HERE.search(piece) and piece is not pieces[-1]:
                lead = f"{lead} {piece}".strip()
                continue
            parts.append(f"{lead} {piece}".strip())
            lead = ""
    return parts


def unanswered_parts(masked_message: str, reply: str) -> list[str]:
    """The question parts the reply uses too few of the own words of, when the message asks
    more than one question; [] otherwise."""
    parts = question_parts(masked_message)
    if len(parts) < 2:
        return []
    said = _widened(asked_terms(reply) | stems(reply))
    missing = []
    for part in parts:
        if _given_what_it_asks(part, reply):
            continue
        asked = _OUT_OF_INTEREST.sub("", _CALL_OFF.sub("cancel or stop it", part))
        own = asked_terms(asked) - _FRAME
        spoken = [t for t in own if _widened({t}) & said]
        if len(own) >= MIN_TERMS and len(spoken) < ANSWERED_SHARE * len(own):
            missing.append(part)
    return missing


def _widened(terms: set[str]) -> set[str]:
    out = set(terms)
    for term in terms:
        out |= _FAMILY_OF.get(term, frozenset())
    return out


# Answers specific enough to speak to a part by their shape alone: a day named, not a span.
_SHAPED: dict[str, tuple[re.Pattern[str], ...]] = {
    "a date": (*DATE_FORMS, A_DAY),
    "the tracking number": (A_TRACKING_NUMBER,),
}


# The assistant's own answer to "am I talking to a real person or a bot?" (common.assistant).
_SAYS_WHO_ANSWERS = re.compile(r"\bsupport assistant, an AI rather than a person\b")


# "Could you tell me when order <ORDER_ID_1> (the Eliza Curtains) is due", "...and when it should
# reach me": a date asked for inside a request, without the "when will" a direct question opens
# with. A clause ("when it finally turns up, can I ...", "from when it was delivered") is not one:
# it has no verb of being due or a modal before its verb, or "from" before it; nor is the second
# of two moments ("does the first payment come out when it ships or when it's delivered?").
_WHEN_IT_IS_DUE = re.compile(
    r"(?:^|\b(?:tell me|let me know|know|wondering)\s+)when\s+"
    r"(?:it|they|order\s+\S+(?:\s+\([^)]*\))?|my\s+\w+|the\s+\w+(?:\s+\w+)?)\s*"
    r"(?:'s|is|are|will|should|would|might|ought to|'ll)\s+(?:be\s+)?"
    r"(?:due|arriv\w*|reach\w*|get(?:ting)? here|turn(?:ing)? up|com(?:e|ing)|deliver\w*|here)\b",
    re.IGNORECASE,
)


# The market's free-delivery threshold as the delivery policy states it.
_STATES_THRESHOLD = re.compile(r"\bfree on orders of \S+ or more\b")


def _given_what_it_asks(part: str, reply: str) -> bool:
    """The part asks for a date or a tracking number, and the reply has one; or it asks who is
    answering, and the reply says; or it asks what to spend for free delivery, and the reply
    states the threshold ("spend" is no word of a reply, and no family of words can make it one
    without also reading "can I spend the gift card in Germany?" as answered by a threshold)."""
    if asks_who_is_answering(part) and _SAYS_WHO_ANSWERS.search(reply):
        return True
    if FREE_DELIVERY_THRESHOLD.search(part) and _STATES_THRESHOLD.search(reply):
        return True
    if _WHEN_IT_IS_DUE.search(part) and any(s.search(reply) for s in _SHAPED["a date"]):
        return True
    return any(
        ask.question.search(part) and any(shape.search(reply) for shape in _SHAPED[ask.name])
        for ask in ASKS
        if ask.name in _SHAPED
    )
