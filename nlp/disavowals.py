"""Requests the customer says they are not making: "not cancelling, just want to know where it
is", "I'm definitely not after a swap", "this is not a complaint, merely a question".

Customers name the request they are not making to head off the wrong answer, and the intent
model reads the named word as the request: "not cancelling just want order HR-468463 its late"
scored 0.9999 `cancel_order`. The disavowed words are dropped from what the intent and
sentiment models read (nlp/reading.py), so the rest of the message decides. Masking, the
escalation signals and the reading rules still see every word; "I don't want to complain,
but..." is already left alone by the complaint rule (nlp/complaint.py).

Only a request named right after the negation is dropped, never the clause around it: "I don't
want to cancel the whole order, just the lamp" keeps "the whole order, just the lamp".
"""

from __future__ import annotations

import re

from nlp.hygiene import straight_apostrophes

# The requests a customer disavows, as nouns or verbs.
_REQUEST = (
    r"(?:cancel(?:l?ing|l?ed|lation)?|return(?:ing|ed)?|send(?:ing)? (?:it |them )?back"
    r"|refund|(?:my |the )?money back|swap(?:ping)?|exchang(?:e|ing)|complain(?:ing|t)?"
    r"|report(?:ing)? (?:any |a )?damage|chas(?:e|ing)(?: it| this)?)"
)
_ARTICLE = r"(?:(?:a|an|any|my|another|the) )?"
_DISAVOWAL = re.compile(
    # "I'm not looking to make a complaint", "we are not after a refund", "I'm definitely not
    # after a swap", "I'm not asking for my money back", "I am not reporting any damage"
    r"\b(?:i'?m|i am|we'?re|we are)\s+(?:definitely\s+|really\s+|honestly\s+|certainly\s+)?not"
    r"\s+(?:(?:looking|wanting|trying|hoping|wishing|going|asking|after)\s+)?"
    r"(?:(?:to|for)\s+)?(?:(?:make|get|ask for|start|raise|lodge|file|put in)\s+)?"
    rf"{_ARTICLE}{_REQUEST}\b"
    # "I do not wish to cancel it", "I don't want to return it", "we don't need a refund"
    r"|\b(?:i|we)\s+(?:do not|don'?t|dont)\s+(?:wish|want|need|mean)\s+(?:to\s+)?"
    rf"(?:(?:make|get|ask for|start|raise|lodge|file)\s+)?{_ARTICLE}{_REQUEST}\b"
    # "this is not a complaint", "this isn't really a complaint", "it's not a return"
    r"|\b(?:this|it|that)\s*(?:is|'s)\s*(?:not|n't)\s+(?:really\s+|actually\s+)?"
    rf"{_ARTICLE}{_REQUEST}\b"
    # "I'd rather not be arranging a return", "I'd really rather not go through another return"
    r"|\brather\s+not\s+(?:be\s+)?(?:(?:arranging|go(?:ing)? through|do(?:ing)?|make|making"
    rf"|start(?:ing)?)\s+)?{_ARTICLE}{_REQUEST}\b"
    # "not cancelling, just ...", "no need to chase it", "I'm not one for complaining"
    r"|\bnot\s+(?:cancell?ing|returning|complaining|swapping|exchanging)\b"
    rf"|\bno need to\s+{_REQUEST}\b"
    r"|\bnot (?:one|the type|the sort) (?:for|to)\s+complain(?:ing)?\b",
    re.IGNORECASE,
)
_LEFTOVER = re.compile(r"\s{2,}")


def without_disavowals(text: str) -> str:
    """`text` without the requests it says it is not making; `text` unchanged when it names
    none. Never returns an empty string for a non-empty text."""
    words = straight_apostrophes(text)
    if not _DISAVOWAL.search(words):
        return text
    kept = _LEFTOVER.sub(" ", _DISAVOWAL.sub(" ", words)).strip(" ,;:-")
    return kept if any(ch.isalnum() for ch in kept) else text
