"""Finding commitments in a reply: a refund, compensation, goodwill credit, a discount or a
replacement that the text offers or says it has arranged.

Used by both drafters (to fill `Draft.promises`) and by the check (an automatic reply must not
promise money or goods: only a person may). Reporting an existing refund is not a promise:
"your refund of £129.00 was processed" and "we have refunded your card" describe what the
order record shows, and the check compares their amounts with the facts instead. Rules are
sentence by sentence: a commitment phrase ("we'll", "I can", "you'll receive", "as a goodwill
gesture") followed by a remedy word, with no negation or "whether/if" in between.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from nlp.hygiene import straight_apostrophes

PromiseKind = Literal["refund", "compensation", "goodwill", "discount", "replacement"]
PROMISE_KINDS: tuple[PromiseKind, ...] = (
    "refund",
    "compensation",
    "goodwill",
    "discount",
    "replacement",
)

_AGENT = r"(?:we|i|our team|the team|a colleague|my colleague|one of my colleagues|hollin & reed)"
# Contractions are expanded before matching ("we'll" -> "we will"), so only full words here.
_FUTURE = (
    r"(?:will|shall|can|could|would|am going to|are going to|"
    r"(?:am|are|would be|will be) (?:happy|glad|able|pleased|delighted) to|"
    r"would like to|want to|(?:am|are) (?:sending|issuing|arranging|refunding|offering|giving|"
    r"crediting|adding|applying|processing|replacing))"
)
# "we have refunded", "I have processed": reports of something done. For a refund that is the
# order record talking; for a replacement, compensation or a discount it is still a promise,
# because no fact the tools return can show one.
_PAST = (
    r"(?:have|has) (?:arranged|issued|processed|approved|authori[sz]ed|agreed|sent|booked|"
    r"organi[sz]ed|offered|credited|added|applied|refunded|dispatched|ordered|raised)"
)
# "we send you a replacement", "we refund the duplicate": a rule stated as what we do is a
# commitment too when it reaches a customer as a reply.
_PRESENT = r"(?:send|refund|replace|offer|give|credit|reimburse|compensate|issue|pay)"
# Verbs after "I can" / "we will" that report or explain rather than give: "I can see your
# order was refunded" commits to nothing.
_INFORM = (
    r"(?!\s+(?:see|check|confirm|look|find|tell|explain|pass|help|understand|show|share|ask|"
    r"read|note)\b)"
)
COMMITMENT = re.compile(
    rf"\b{_AGENT}\s+(?:{_FUTURE}{_INFORM}|{_PRESENT}|(?P<past>{_PAST}))\b"
    r"|\blet me\b"
    r"|\bplease accept\b"
    r"|\byou (?:will|would|shall|are going to|can|could|may)\s+"
    r"(?:get|receive|have|be (?:given|sent|offered|refunded|reimbursed|compensated|credited|"
    r"entitled to)|choose|opt for|claim|request|qualify for)\b"
)
OFFER_PHRASE = re.compile(
    r"\b(?:as a (?:goodwill )?gesture|goodwill (?:gesture|credit|payment|refund|voucher|discount)"
    r"|(?:a|an|some|small) (?:compensation|goodwill)|compensation (?:of|for)|free replacement"
    r"|replacement is on its way|\d+(?:\.\d+)?\s*(?:%|per ?cent) (?:off|discount)"
    r"|discount (?:code|of)|voucher code|store credit|account credit|credit note)\b"
)
REMEDIES: tuple[tuple[PromiseKind, re.Pattern[str]], ...] = (
    ("refund", re.compile(r"\b(?:refund(?:ed|ing|s)?|reimburs\w*|money back)\b")),
    ("compensation", re.compile(r"\bcompensat\w*")),
    ("goodwill", re.compile(r"\b(?:goodwill|gesture|(?:store|account) credit|credit note)\b")),
    ("discount", re.compile(r"\b(?:discount\w*|vouchers?|coupons?|\d+\s*(?:%|per ?cent) off)")),
    (
        "replacement",
        re.compile(
            r"\b(?:replac\w*|re-?send\w*|re-?ship\w*|send (?:you )?(?:a |an )?"
            r"(?:new|another|second|fresh) \w+)"
        ),
    ),
)
# Negations and hedges cut a commitment off; so does "help with", which names a topic
# ("I can help with returns and refunds"), not a remedy.
STOP = re.compile(r"\b(?:not|never|no|unable|cannot|whether|if|help(?: you)? with)\b")
# "your refund", "the refund": a refund that already exists, not one being offered.
EXISTING_REFUND = re.compile(r"\b(?:your|the|this|that)\s+(?:\w+\s+)?refunds?\b$")
# A quoted policy sentence ends at its closing quote mark too: “... reserve it.” Then ...
SENTENCE_END = re.compile(r"(?<=[.?!])\s+|(?<=[.?!][\"”’])\s+|\n+")


@dataclass(frozen=True)
class Promise:
    kind: PromiseKind
    sentence: str


CONTRACTIONS = (
    ("n't", " not"),
    ("'ll", " will"),
    ("'d", " would"),
    ("'re", " are"),
    ("'m", " am"),
    ("'ve", " have"),
)


def _normalise(text: str) -> str:
    text = straight_apostrophes(text).lower()
    for short, full in CONTRACTIONS:
        text = text.replace(short, full)
    return text


def _remedies_in(tail: str, *, past: bool) -> list[PromiseKind]:
    """Remedy kinds named in `tail` before any negation or hedge cuts the commitment off."""
    stop = STOP.search(tail)
    scope = tail[: stop.start()] if stop else tail
    kinds: list[PromiseKind] = []
    for kind, pattern in REMEDIES:
        for match in pattern.finditer(scope):
            if kind == "refund" and (past or EXISTING_REFUND.search(scope[: match.end()])):
                continue
            kinds.append(kind)
            break
    return kinds


def _negated_before(text: str, start: int) -> bool:
    before = text[:start].split()[-5:]
    return bool(STOP.search(" ".join(before)))


def find_promises(text: str) -> tuple[Promise, ...]:
    found: list[Promise] = []
    for raw in SENTENCE_END.split(text):
        sentence = _normalise(raw.strip())
        if not sentence:
            continue
        kinds: list[PromiseKind] = []
        for match in COMMITMENT.finditer(sentence):
            # From the subject on, so a remedy verb in the commitment itself ("we refund")
            # counts; a past-tense report ("we have refunded") is left to the facts.
            kinds += _remedies_in(sentence[match.start() :], past=bool(match.group("past")))
        for match in OFFER_PHRASE.finditer(sentence):
            if not _negated_before(sentence, match.start()):
                kinds += _remedies_in(match.group(0), past=False) or ["goodwill"]
        for kind in dict.fromkeys(kinds):
            found.append(Promise(kind, raw.strip()))
    return tuple(found)


def promise_kinds(text: str) -> tuple[PromiseKind, ...]:
    """The distinct kinds promised, in a fixed order, for `Draft.promises`."""
    kinds = {p.kind for p in find_promises(text)}
    return tuple(k for k in PROMISE_KINDS if k in kinds)
