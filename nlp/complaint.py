"""Whether a message says in so many words that it is a complaint.

A complaint always goes to a person (the routing table's `never_auto`). A customer who writes
"Formal complaint: your courier threw the parcel over our gate" describes a delivery, and the
classifier may read it as one and let the gate answer it with tracking facts. Saying "I want to
complain" is the customer's own choice of route, so this flag keeps it in front of a person
whatever the classifier says. Mentions that are not a complaint ("I don't want to complain,
but...", "is there a complaints form?") are left alone. Asking for feedback to be passed on, or
saying the shop should fix something, is a complaint put another way (`asks_to_pass_on_feedback`);
praise passed on is not.
"""

from __future__ import annotations

import re

from nlp.hygiene import straight_apostrophes

_WE = r"(?:i|we)"
_KIND = r"an? (?:formal |official )?complaint\b"
_STATES_COMPLAINT = re.compile(
    r"\b(?:formal|official) complaint\b"
    r"|\bthis is "
    + _KIND
    # "I'd like to make a complaint", "we wish to lodge an official complaint"
    + rf"|\b{_WE}(?:'d| would)? (?:want|wish|like|need|have) to (?:make|lodge|raise|file|log"
    rf"|submit|register|put in) {_KIND}"
    # "I'm making a complaint", "we are filing a complaint"
    rf"|\b{_WE}(?:'m| am| are) (?:making|lodging|raising|filing|putting in) {_KIND}"
    # "I want to complain", "I'm writing to complain"
    rf"|\b{_WE}(?:'d| would)? (?:want|wish|like|need) to complain\b"
    # "I must complain about the driver", "we have to complain about how it was left"
    rf"|\b{_WE} (?:must|have to|really have to) complain\b"
    rf"|\b{_WE}(?:'m| am| are) (?:writing|emailing|messaging|getting in touch) to complain\b"
    # "please log that as a complaint", "treat this as a formal complaint", "note this down as
    # a complaint"
    rf"|\b(?:log|record|register|file|treat|note|mark) (?:this|that|it|my message)"
    rf"(?: down)? as {_KIND}"
    # "I want this on record as a complaint", "I want it written down as a complaint"
    rf"|\bon (?:the )?record as {_KIND}"
    rf"|\b(?:it|this|that) (?:written|logged|recorded|noted|put|registered)(?: down)? as {_KIND}"
    # In German: "Ich möchte mich beschweren", "eine Beschwerde einreichen"
    r"|\b(?:möchte|will|muss) mich (?:gerne? |hiermit |offiziell )?beschweren\b"
    r"|\bbeschwerde (?:einreichen|einlegen)\b"
    # Unhappiness with how the shop dealt with them is a complaint without the word: "please note
    # that I'm not happy with how this was handled", "unhappy with the way my return was handled"
    r"|\b(?:not (?:at all )?happy|unhappy|dissatisfied) with (?:how|the way)\b[^.?!]{0,60}?"
    r"\b(?:handled|dealt with|treated|decided|closed)\b"
    # "I feel a bit let down", "really let down by Hollin & Reed this time"
    r"|\b(?:feel|felt|feeling|really|so|very)(?: a bit| rather| really| so| very)? let down\b"
    # Asking for it to be heard higher up: "I'd like the people who run your website to hear
    # that", "someone higher up ought to hear that things aren't what they used to be"
    r"|\b(?:someone|somebody|whoever|the people|your (?:managers?|management|bosses|team|staff))"
    r"\b[^.?!]{0,50}?\b(?:ought to|should|to) hear (?:that|this|about (?:this|it|that))\b"
    # (not "...should hear that one of them made a difference", which passes on thanks)
    r"(?! (?:it|it's|the|my|you|one of (?:them|those|these|your))\b)"
    # Wanting it known, not put right: "not askin for anythin, just want sum1 there to kno it
    # needs fixin", "I'd quite like someone at your end to know about it" (praise passed on,
    # "I'd like someone to know how brilliant the drivers were", is not a complaint)
    r"|\b(?:like|want|wanted|need)(?:ed)? (?:someone|somebody|sum1|some1|whoever|your"
    r" (?:team|managers?|management))"
    r"(?: there| at your end| on your end| over there| in charge)?"
    r" to kno(?:w|ws)?\b"
    r"(?! (?:where|when|what|which|who|why|if|whether|the|my|how (?:long|much|many|to))\b)"
    r"(?![^.?!]{0,60}\b(?:brilliant|great|wonderful|lovely|fantastic|amazing"
    r"|excellent|thanks?|pleased|happy|delighted|kind|helpful)\b)",
    re.IGNORECASE,
)


# Feedback the customer asks us to pass on, or a fix they say the shop owes, is a complaint even
# beside a question the data answers: "please pass on that the measurements need to be written
# out as text too", "Could that be passed on as feedback?", "Whoever writes the product pages
# should fix that." Passing something on to the customer's neighbour, or "I'll pass it on", is not.
_PASS_ON = re.compile(
    r"\b(?:please |pls |plz |kindly |just )pass (?:this |that |it )?(?:on|along)\b"
    r"|\b(?:can|could|would|will) (?:this|that|it) (?:please )?be passed (?:on|along)\b"
    r"|\b(?:like|want|need)(?:ed)? (?:this|that|it) passed (?:on|along)\b"
    r"|(?:^|[.!?]\s+)pass (?:this |that |it )?(?:on|along)\b"
    r"|(?<!\bi )(?<!\bwe )\b(?:should|ought to) (?:really )?(?:fix|sort out|correct|sort)"
    r" (?:that|this)\b(?! for (?:me|us)\b)",
    re.IGNORECASE,
)
# Praise passed on ("the drivers were brilliant. Please pass that on!") is thanks, not a
# complaint: looked for just before the request (not in a sign-off after it), unless a word
# of disappointment or a "but" is there too ("Lovely sofa, but the slot changed three times").
_PRAISE = re.compile(
    r"\b(?:brilliant|great|wonderful|lovely|fantastic|amazing|excellent|superb|grateful|pleased"
    r"|happy|delighted|helpful|careful|friendly|polite)\b",
    re.IGNORECASE,
)
_DISAPPOINTED = re.compile(
    # ("Nothing is wrong, I just thought whoever picks the lamps should hear..." is praise)
    r"\b(?:disappoint\w*|annoy\w*|anoy\w*|frustrat\w*|unhappy|upset|poor|bad|rubbish"
    r"|(?<!nothing is )(?<!nothing's )(?<!nothing was )wrong"
    r"|shouldn't|should not|not (?:good|ok|okay|happy|great)|but|however|though)\b",
    re.IGNORECASE,
)
PRAISE_WINDOW = 160


def states_complaint(text: str) -> bool:
    words = straight_apostrophes(text or "")
    return bool(_STATES_COMPLAINT.search(words)) or asks_to_pass_on_feedback(words)


def asks_to_pass_on_feedback(text: str) -> bool:
    """The customer asks for feedback to be passed on, or says the shop should fix something,
    and it is not praise."""
    words = straight_apostrophes(text or "")
    for match in _PASS_ON.finditer(words):
        before = words[max(0, match.start() - PRAISE_WINDOW) : match.start()]
        if not _PRAISE.search(before) or _DISAPPOINTED.search(before):
            return True
    return False
