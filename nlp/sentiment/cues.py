"""Cheap surface signals of anger and urgency: shouting, punctuation, threats, swearing, deadlines.

VADER and the embedding models miss some of what a support agent notices at a glance: a message
in capitals, "!!!", a threat to sue, a swear word, "by Friday". These are regular expressions over
a bounded prefix of the text, so they cost microseconds and cannot blow up on long input. They are
both shown to agents (as cue names) and fed to the anger/urgency models as features, so the models
learn how much each one matters instead of us guessing weights.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from nlp.chargeback import names_chargeback

# Cues read at most this much (the opening and the sign-off, where tone lives): a 50,000-character
# paste says no more about tone than its first and last paragraphs, and this keeps a call near 1 ms.
MAX_CUE_CHARS = 2_000

# The order is the feature order of the models: append only, and bump FEATURE_VERSION in model.py.
CUE_NAMES: tuple[str, ...] = (
    "all_caps",
    "repeated_punctuation",
    "threat",
    "profanity",
    "insult",
    "deadline",
    "safety",
    "polite",
    "furious",
    "contempt",
    "hedged",
)

# Acronyms and codes that are written in capitals for reasons that have nothing to do with tone.
_ACRONYMS = (
    "GDPR DSGVO VAT UK US USA EU DE GBP USD EUR LED USB ASAP ETA PDF SKU HR OK TV DIY ID PIN FAQ "
    "UPS DHL DPD FTC BBB SAR AM PM RSVP IKEA XL XXL E27 E14 GU10 B22"
)
_NOT_SHOUTING = frozenset(_ACRONYMS.split())
_WORD = re.compile(r"[A-Za-zÄÖÜäöüß][A-Za-zÄÖÜäöüß'-]*")
_REPEATED_PUNCT = re.compile(r"[!?]{2,}|\?!|!\?|\.{4,}")

_THREAT = re.compile(
    r"\b(?:lawyers?|laywers?|solicitors?|attorneys?|legal (?:action|proceedings|steps)"
    r"|small claims|(?:see|take) (?:you|them) (?:in|to) court|court action"
    # (a chargeback named is a threat too: read_cues asks nlp/chargeback.py, which the escalation
    # signals read as well, so "do I get the delivery charge back?" is neither)
    r"|sue (?:you|your|them|the|this|hollin)|suing"
    r"|dispute (?:the|this|my) (?:charge|payment|transaction)|reverse (?:the|my) payment"
    r"|trading standards?|consumer protection|ombudsman|watchdog|the (?:press|papers)"
    r"|(?:one|1)[- ]star reviews?|reviews? everywhere|social media|facebook|twitter|tiktok"
    r"|report(?:ing)? (?:you|this)|anwalt|rechtsanwalt|verbraucherschutz)\b",
    re.I,
)
_PROFANITY = re.compile(
    r"\b(?:f+u+c+k\w*|f\*+\w*|fck\w*|frig\w*|feck\w*|wtf|shit\w*|s\*+t|bullshit|crap\w*|damn\w*|goddamn\w*"
    r"|bloody|bloodyperson|sodding|piss\w*|arse\w*|asshole\w*|bastard\w*"
    r"|bollocks|screw (?:you|your|this|that)|hell|scheiße|scheisse|verdammt\w*)\b",
    re.I,
)
_INSULT = re.compile(
    r"\b(?:idiots?|idiotic|morons?|clowns?|muppets?|cowboys?|crooks?|thieves|thieving|liars?"
    r"|scam\w*|frauds?|incompetent|incompetence|useless|pathetic|disgrace\w*|disgusting"
    r"|shambl\w*|amateurs?|clueless|hopeless|appalling|atrocious|rip[- ]?off|garbage"
    # "rubbish bin" and "junk drawer" are products, not verdicts.
    r"|rubbish(?! bins?)|junk(?! drawers?)|joke|frechheit|unverschämt\w*)\b",
    re.I,
)
# Words of an insult, fury or contempt aimed nowhere near us: the customer's own knack ("I'm
# hopeless with an Allen key"), a relative's ("he's useless at telling me things"), a mail folder
# ("not even in junk"), a product that will stop working ("is it going to be useless after
# that?"), a joke asked for, our imagined weariness ("I expect you're sick of hearing from me"),
# and when staff are in ("is anyone there on a Saturday afternoon?"). These phrases are blanked
# before the insult, furious and contempt patterns read the text.
_AIMED_ELSEWHERE = re.compile(
    r"\b(?:i'?m|i am|he'?s|he is|she'?s|she is|my (?:husband|wife|partner"
    r"|son|daughter|mum|mom|dad|mother|father|brother|sister|gran|grandad|neighbour|neighbor)"
    r"(?: is|'s)) (?:(?:a bit|a little|completely|totally|absolutely|so|really|such) )?"
    r"(?:hopeless|useless|clueless|rubbish) (?:at|with|on|when)\b"
    r"|\bi'?m (?:(?:a bit|a little|such|a complete|a total) )?(?:of )?an? idiot\b"
    r"|\bjunk (?:folder|mail|box)|\b(?:in|into|to) (?:my |the |your )?junk\b"
    r"|\b(?:going to|gonna|will|would|it'?ll) (?:be|become) useless\b"
    r"|\btell (?:me|us) a joke\b"
    r"|\b(?:you'?re|you are|you must be|you'?ll be|you'?d be) (?:\w+ )?sick (?:to death )?of\b"
    # ("is anyone there at all?" is still contempt)
    r"|\bis any(?:one|body) (?:there|in) (?:on|at(?! all)|over|during|after|before|between|in the"
    r"|at the)\b",
    re.I,
)
_DEADLINE = re.compile(
    r"\b(?:today|tonight|tomorrow|this (?:morning|afternoon|evening|weekend)|asap|urgent\w*"
    r"|immediately|right now|straight away|at once|as soon as possible|end of (?:the )?day"
    r"|close of business|within (?:the next )?\w+ hours?|in (?:\w+ )?hours|by (?:monday|tuesday"
    r"|wednesday|thursday|friday|saturday|sunday|noon|\d{1,2}(?::\d\d)?\s?(?:am|pm))"
    r"|before (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|the weekend|then)"
    r"|this (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"|deadline|express (?:delivery|shipping|option)|same[- ]day|sofort|dringend|heute)\b"
    # "now" as a demand ("fix it now", "Now.") rather than as "all sorted now".
    r"|\b(?:want|need|do|fix|sort|send|call|refund|deal with|give)\b[^.!?\n]{0,30}\bnow\b"
    r"|(?:^|[.!?]\s+)now\s*[.!]",
    re.I,
)
_SAFETY = re.compile(
    # Narrow on purpose: "smoked oak", "burnt orange" and "collapsible" are finishes and features.
    r"\b(?:spark(?:s|ed|ing)?|smoke|smoking|on fire|caught fire|fire hazard|burning|burn(?:t|ed) "
    r"(?:smell|mark|out)|electric shock|shocks?|hazard\w*|unsafe|dangerous|injur\w*|hurt"
    r"|collaps(?:e|ed|ing)|fell on|leak\w* near|gas smell)\b",
    re.I,
)
_POLITE = re.compile(
    r"\b(?:please|thank\w*|thanks|appreciate\w*|grateful|kindly|sorry|apologi\w*|would you mind"
    r"|could you|if possible|bitte|danke)\b",
    re.I,
)
# Words people use to say how angry they are.
_FURIOUS = re.compile(
    r"\b(?:furious|fuming|livid|seething|raging|incandescent|outraged|outrageous|disgusted"
    r"|sick (?:and tired|to death|of)|fed up|had enough|enough is enough|last straw|beyond a joke"
    r"|stinksauer|wütend)\b",
    re.I,
)
# Talking down to the person or the company rather than about the problem.
_CONTEMPT = re.compile(
    r"\b(?:you people|you lot|how dare|shame on you|don't you dare|what is wrong with you"
    r"|are you (?:serious|kidding|joking|thick|stupid|blind|deaf|even reading)"
    r"|do your job|get your act together|who trained|is anyone (?:there|in that)|go to hell)\b",
    re.I,
)
# The softeners of a polite complaint: the customer is unhappy and still cooperating.
_HEDGED = re.compile(
    r"\b(?:i'?m afraid|i'?d like|i would like|i'?d (?:be grateful|appreciate|prefer|rather)"
    r"|if i'?m honest|to be honest|i understand|i know it'?s not|i don'?t (?:want|like|mean) to"
    r"|with (?:the greatest )?respect|unfortunately|sadly|i hope|a (?:little|bit)|slightly"
    r"|rather disappointing|somewhat|leider)\b",
    re.I,
)


@dataclass(frozen=True)
class CueReading:
    """Which cues fired, plus the two graded measures the models also read."""

    names: tuple[str, ...]
    caps_ratio: float  # share of words (3+ letters) written entirely in capitals
    exclamations: int


def head_and_tail(text: str, limit: int) -> str:
    """At most `limit` characters: the first three quarters and the last quarter of the budget."""
    if len(text) <= limit:
        return text
    tail = limit // 4
    return f"{text[: limit - tail - 1]} {text[-tail:]}"


def _fold(text: str) -> str:
    # NFC keeps German umlauts as one character, so \b and the patterns above behave.
    return unicodedata.normalize("NFC", head_and_tail(text, MAX_CUE_CHARS))


_CODES = re.compile(r"<[A-Z]+(?:_[A-Z]+)*_\d+>|\b[A-Z]{1,5}-?\d[\w-]*")


def read_cues(text: str) -> CueReading:
    """Cue names in CUE_NAMES order; never raises (non-text input reads as no cues)."""
    if not isinstance(text, str) or not text.strip():
        return CueReading((), 0.0, 0)
    folded = _fold(text)
    # Placeholders (<ORDER_ID_1>) and product or order codes (LGT-0412, HR-102129) are written
    # in capitals by convention, not in anger: they never count as shouting.
    words = [w.strip("'-") for w in _WORD.findall(_CODES.sub(" ", folded))]
    words = [w for w in words if len(w) >= 3]
    shouted = [w for w in words if w.isupper() and w.upper() not in _NOT_SHOUTING]
    caps_ratio = len(shouted) / len(words) if words else 0.0
    fired: set[str] = set()
    # Three shouted words, or a mostly-capitals message of some length, is shouting; one
    # capitalised word ("I said WHITE oak") is emphasis and is left to the models.
    if len(shouted) >= 3 or (len(words) >= 4 and caps_ratio >= 0.6):
        fired.add("all_caps")
    if _REPEATED_PUNCT.search(folded):
        fired.add("repeated_punctuation")
    aimed_at_us = _AIMED_ELSEWHERE.sub(" ", folded)
    for name, pattern, text_read in (
        ("threat", _THREAT, folded),
        ("profanity", _PROFANITY, folded),
        ("insult", _INSULT, aimed_at_us),
        ("deadline", _DEADLINE, folded),
        ("safety", _SAFETY, folded),
        ("polite", _POLITE, folded),
        ("furious", _FURIOUS, aimed_at_us),
        ("contempt", _CONTEMPT, aimed_at_us),
        ("hedged", _HEDGED, folded),
    ):
        if pattern.search(text_read):
            fired.add(name)
    if names_chargeback(folded):
        fired.add("threat")
    names = tuple(n for n in CUE_NAMES if n in fired)
    return CueReading(names, caps_ratio, folded.count("!"))


def cue_vector(reading: CueReading) -> list[float]:
    """The cue part of the model features: one indicator per cue, then two graded measures."""
    indicators = [1.0 if name in reading.names else 0.0 for name in CUE_NAMES]
    # Capped so that one pasted wall of "!!!!!!" does not dominate every other feature.
    return [*indicators, min(reading.caps_ratio, 1.0), min(reading.exclamations, 5) / 5.0]


CUE_FEATURES = len(CUE_NAMES) + 2
