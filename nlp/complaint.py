"""Whether a message says in so many words that it is a complaint.

A complaint always goes to a person (the routing table's `never_auto`). A customer who writes
"Formal complaint: your courier threw the parcel over our gate" describes a delivery, and the
classifier may read it as one and let the gate answer it with tracking facts. Saying "I want to
complain" is the customer's own choice of route, so this flag keeps it in front of a person
whatever the classifier says. Mentions that are not a complaint ("I don't want to complain,
but...", "is there a complaints form?") are left alone.
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
    r"(?! (?:it|it's|the|my|you)\b)"
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


def states_complaint(text: str) -> bool:
    return bool(_STATES_COMPLAINT.search(straight_apostrophes(text or "")))
