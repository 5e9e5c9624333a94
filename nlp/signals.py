"""Escalation signals: what the customer's order and history say, beside how the message sounds.

Sentiment alone over-escalates: an angry line about a £12 candle is not a senior agent's job,
while a calm mention of a chargeback is a specialist's. The score here weighs tone together with
the order's value, the customer's recent contacts about the same order and trigger keywords, so
that only combinations (or a hard trigger) reach the top of the scale. `escalation_signals` is
pure; the two look-ups beside it read the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

import psycopg

from nlp.chargeback import CHARGEBACK, fold_for_keywords
from supportdesk.errors import DatabaseUnavailableError

if TYPE_CHECKING:
    from nlp.sentiment.analyse import Sentiment
    from store.database import Database

# The two business thresholds from the support policy, kept here and nowhere else. The same
# number applies in every market's own currency (500 GBP, 500 USD, 500 EUR): the shop prices its
# ranges at parity, and an agent reads "500" on any order the same way.
HIGH_VALUE_THRESHOLD = Decimal("500")
# Three or more contacts about one order in 30 days means the first answers did not work.
REPEAT_CONTACT_THRESHOLD = 3
REPEAT_WINDOW_DAYS = 30

# Hard triggers: each alone is enough to put a case in front of a person.
HARD_TRIGGERS = frozenset({"legal", "chargeback", "trading_standards", "consumer_protection"})
MAX_KEYWORD_CHARS = 5_000

# "...that I never made", "...we didn't place": what a customer says of an order not theirs.
_NEVER_DID = (
    r"(?:didn'?t|did not|never|have not|haven'?t) (?:make|made|place|placed|order|ordered"
    r"|authori[sz]e|authori[sz]ed|buy|bought)\b"
)

_TAKEN = r"(?:orders?|purchases?|payments?|charges?|transactions?)\b"
# A payment card named: "my card", "my debit card details", "my Visa number".
_CARD = (
    r"(?:(?:credit |debit |bank |visa |mastercard |amex )?card(?: details| number)?"
    r"|card details|visa|mastercard|amex)\b"
)

_TRIGGERS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.I))
    for name, pattern in (
        (
            "legal",
            r"\b(?:law(?:y|ye|ey)?[ea]?rs?|laywers?|solicit[oe]rs?|attorneys?|atty|legal (?:action"
            r"|proceedings|advice|steps|team)|small claims|court|letter before action"
            # "Sue" is also a name: only the verb aimed at someone counts.
            r"|su(?:e|ing) (?:you|your|them|the company|hollin)|(?:rechts)?anw(?:a|ae)lt\w*"
            r"|gerichtlich|vor gericht|klage|verklagen"
            # a request from the police is answered by the specialists, never by the chat
            r"|police|sheriff'?s?|law enforcement|subpoena|court order|search warrant"
            # ...and so is one from someone paid to look into a customer for a third party (a
            # customer's own loss adjuster wanting a receipt is not: that is an invoice)
            r"|private (?:investigator|detective|eye)|(?:insurance|claims?) investigator)\b",
        ),
        ("chargeback", CHARGEBACK.pattern),
        ("trading_standards", r"\btrad(?:e|ing|ings)[ -]?stand[ae]rds?\b"),
        (
            "consumer_protection",
            r"\b(?:consumer (?:protection|rights|council|advice)|citizens'? advice|ombudsman"
            r"|better business bureau|bbb|ftc|verbraucher ?(?:schutz|zentrale)\w*)\b",
        ),
        (
            "data_request",
            r"\b(?:gdpr|dsgvo|data (?:protection|request|access|subject|export)|subject access"
            r"|personal (?:data|information)|(?:my|all my) data|right to be forgotten"
            r"|(?:delete|erase|remove) (?:my|all my) (?:data|details|information|account)"
            # "can u get rid of it and evrything on it", "close my account and everything
            # linked to it", "wipe all my details"
            r"|(?:delete|erase|remove|wipe|get rid of|close) (?:it|my account|the account)"
            r"(?: for me)? and (?:ev[ea]?ry ?thing|all (?:of )?(?:my |the )?(?:data|details"
            r"|information|info|history)) (?:on|about|attached to|linked to|to do with)"
            r" (?:it|me)"
            r"|wip(?:e|ing) (?:all |all of )?(?:my|our) (?:details|data|information|info)"
            # Closing an account is an erasure request in this shop (the taxonomy's "delete my
            # data or account"): "please close my account", "cancel the account", "delete his
            # account now". Not a question about a side effect ("does that close my account
            # too?") and not someone else's account ("I've closed the PayPal account").
            r"|(?<!does that )(?<!does this )(?<!does it )(?<!would that )(?<!will that )"
            r"(?<!would it )(?<!will it )(?:close|delete|remove|erase|wipe|cancel|deactivate"
            r"|shut down|get rid of) (?:my|our|his|her|their|the|this|that) (?:whole |entire |old "
            r"|customer |other |second |online |hollin (?:&|and) reed )?account\b"
            # Erasure without the words for it: "I don't want an account at all, can u just make
            # it not exist", "I'd like to stop being a customer of yours altogether: nothing with
            # my name or address left on your side", "forget I exist", "hold nothing about me"
            r"|(?:don't|do not|dont|never) want (?:an|the|my|any|this|that) account\b"
            r"|make (?:it|the account|my account|them) (?:not exist|disappear|vanish|go away)"
            r"|stop being (?:a |your |one of your )?customers? (?:of yours |with you )?"
            r"(?:altogether|completely|entirely|for good)"
            r"|(?:nothing|no trace|no record|no details)\b[^.?!]{0,25}\b(?:with|of|about) my "
            r"(?:name|details|data|address|information|info)\b[^.?!]{0,20}\b(?:left|kept|held"
            r"|stored|on file)"
            r"|hold nothing (?:at all )?(?:about|on) me"
            r"|(?<!don't )(?<!do not )forget (?:me(?=[,.!]|\s*$)|(?:that )?i (?:ever )?exist)"
            # What is kept about them, or their browsing used for emails, asked plainly: "I'd
            # like to see what you hold on me", "what you record about what I look at on your
            # site", "stop using my browsing for emails like that"
            r"|what (?:you|your (?:site|website|shop|team)) (?:record|store|track|log|keep|hold"
            r"|collect|know)s? (?:about|on) (?:me|what i)"
            r"|stop using my (?:browsing|data|history|activity|searches)"
            r"|(?:track|record|log)(?:s|ing|ed)? what i (?:look|brows|view|search|click)\w*"
            r"|datenschutz|auskunft"
            # "are my chats used to train your AI?"
            r"|train(?:ing|ed)? (?:your |the |an? |its )?(?:ai|models?|bots?|chatbots?|algorithms?)"
            r"|used (?:to|for) train(?:ing)?)\b",
        ),
        (
            "fraud",
            r"\b(?:fraud\w*|unauthori[sz]ed|stolen card|identity theft|scam(?:med)?)\b"
            # Someone else in the customer's account: orders or payments they never made, an
            # account taken over. A security matter for the specialists, however calmly put.
            rf"|\b{_TAKEN}(?: (?:on|in|to|from|with) (?:you|(?:my|our|your|the)(?: \w+){{1,3}}?))?"
            rf"(?: that| which)? (?:i|we) (?:definitely |certainly |really |honestly )?"
            # ("the Klarna payments I haven't made yet" are instalments still to come)
            rf"(?:{_NEVER_DID}(?! (?:yet|so far)\b)|(?:don'?t|do not) recogni[sz]e)"
            # "klarna says i owe 3 payments for <ORDER_ID_1>?? never ordered any frying pan":
            # money asked for an order the customer never placed
            r"|\b(?:owe|owing|charg(?:e|ed|ing)|payments?|instal+ments?|debit(?:ed)?|billed)\b"
            # (a parcel that "never made it" was lost, not someone else's order)
            r"[^.!]{0,80}?\b(?:i |we )?(?:have |had )?never (?:(?:ordered|placed|bought)"
            r" (?:any|anything|this|that|it|them|such)|made (?:any|this|that|such))\b"
            r"|\b(?:don'?t|do not|didn'?t|did not) recogni[sz]e (?:the |this |these |those |two "
            rf"|three |an? |some |any |several )?{_TAKEN}"
            r"|\b(?:(?:my|our) account (?:has been|was|got|is|'s been) (?:hacked|compromised"
            r"|taken over)|(?:taken|took) over (?:my|our) account"
            r"|hacked (?:into )?(?:my|our) account"
            # "someone changed the email on my account and now I can't log in"
            r"|some(?:one|body)(?: else)? (?:has |had |'s )?(?:changed|reset|altered|swapped)"
            r" (?:the |my |our )?(?:e-?mail(?: address)?|password|login|log-?in details"
            r"|phone number)(?: (?:on|of|for|in|to) (?:my|our) account)?"
            r"|some(?:one|body)(?: else)? (?:has |had |'s )?(?:got|gotten|logged|broken|been)"
            r" (?:in ?to|into) (?:my|our) account"
            # "what i must do, somebody is in my account?", "someone's been using my account"
            r"|some(?:one|body)(?: else)?(?: is|'s| was| has been| had been|'s been)"
            r" (?:in|inside|using|accessing|logging in ?to|logging into) (?:my|our) account\b"
            # "someone had been signed in to my mailbox from abroad", "my email was hacked":
            # whoever holds the customer's email can reset their password here
            r"|some(?:one|body)(?: else)? (?:has |had |'s )?(?:been )?(?:signed|logged|got|broken)"
            r" (?:in ?to|into) (?:my|our) (?:mailbox|email(?: account)?|inbox)"
            r"|(?:my|our) (?:mailbox|email(?: account)?|inbox) (?:has been|was|got|'s been)"
            r" (?:hacked|compromised|accessed)"
            # "I am worry somebody copy my card", "my card has been cloned", "someone's been
            # using my card details": the card itself in someone else's hands
            # ("copy my card number into the app" moves it on purpose)
            rf"|\b(?:cop(?:y|ied|ying)|clon(?:e|ed|ing)|skim(?:med|ming)?) (?:my|our) {_CARD}"
            r"(?!(?: number| details)? (?:in ?to|onto|from|across|over)\b)"
            rf"|\b(?:my|our) {_CARD} (?:has been|had been|was|got|'s been|is|may have been"
            r"|might have been) (?:copied|cloned|skimmed|compromised)"
            r"|some(?:one|body)(?: else)?(?: has|'s| had| is)?(?: been)? (?:used|using) (?:my|our)"
            rf" {_CARD})\b",
        ),
    )
)
# Single long words are also matched a typo or two away ("solicter", "chargebak"); short words
# are not, since "layer" is one edit from "lawyer" and means a layer of a mattress.
_FUZZY_WORDS = {
    "solicitor": "legal",
    "attorney": "legal",
    "chargeback": "chargeback",
    "verbraucherschutz": "consumer_protection",
    "ombudsman": "consumer_protection",
}
_TOKEN = re.compile(r"[a-z]+")


class OrderValue(NamedTuple):
    total: Decimal
    currency: str


@dataclass(frozen=True)
class EscalationSignals:
    high_value: bool
    order_value: Decimal | None
    currency: str | None
    recent_contacts: int
    repeat_contact: bool
    keywords: tuple[str, ...]
    score: float  # [0, 1]
    reasons: tuple[str, ...]


def _fold(text: str) -> str:
    return fold_for_keywords(text[:MAX_KEYWORD_CHARS])


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, giving up (returning limit + 1) once it must exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def keyword_triggers(text: str) -> tuple[str, ...]:
    """Which escalation triggers the text mentions, in a fixed order; never raises."""
    if not isinstance(text, str) or not text.strip():
        return ()
    folded = _fold(text)
    found = {name for name, pattern in _TRIGGERS if pattern.search(folded)}
    for token in set(_TOKEN.findall(folded)):
        if len(token) >= 7:
            found |= _fuzzy_triggers(token)
    return tuple(name for name, _ in _TRIGGERS if name in found)


@lru_cache(maxsize=4096)
def _fuzzy_triggers(token: str) -> frozenset[str]:
    """Triggers whose word is in `token` or a typo or two away. Cached per word: the edit
    distances were most of the cost of a message, and most words recur from message to
    message (the cache holds single words only, like the intent model's n-gram cache)."""
    found = set()
    for word, name in _FUZZY_WORDS.items():
        allowed = 1 if len(word) < 9 else 2
        if word in token or _edit_distance(token, word, allowed) <= allowed:
            found.add(name)
    return frozenset(found)


# -- database look-ups ------------------------------------------------------------------------


def recent_contact_count(
    db: Database, order_id: str | None, *, now: datetime, days: int = REPEAT_WINDOW_DAYS
) -> int:
    """Support conversations about `order_id` opened in the `days` before `now`."""
    if not order_id or not isinstance(order_id, str):
        return 0
    try:
        with db.connect() as conn:
            row = conn.execute(
                "SELECT count(*) AS n FROM conversations "
                "WHERE order_id = %s AND created_at > %s AND created_at <= %s",
                (order_id.strip().upper(), now - timedelta(days=days), now),
            ).fetchone()
    except psycopg.OperationalError as exc:
        raise DatabaseUnavailableError(
            "Cannot count recent contacts: the database did not answer.",
            hint="Check that Postgres is running and SUPPORTDESK_DATABASE_URL is right.",
        ) from exc
    return int(row["n"]) if row else 0


def order_value(db: Database, order_id: str | None) -> OrderValue | None:
    """The order's total and currency, or None for an unknown order."""
    if not order_id or not isinstance(order_id, str):
        return None
    try:
        with db.connect() as conn:
            row = conn.execute(
                "SELECT total, currency FROM orders WHERE id = %s", (order_id.strip().upper(),)
            ).fetchone()
    except psycopg.OperationalError as exc:
        raise DatabaseUnavailableError(
            "Cannot read the order's value: the database did not answer.",
            hint="Check that Postgres is running and SUPPORTDESK_DATABASE_URL is right.",
        ) from exc
    return OrderValue(Decimal(row["total"]), str(row["currency"])) if row else None


# -- the score --------------------------------------------------------------------------------

# Weights: tone alone tops out at 0.45; value and history add a little on their own and a lot
# together with anger; a hard trigger alone reaches 0.85. A gate reading >= 0.6 as "escalate"
# therefore needs a hard trigger, or anger with value or history, never anger alone.
_TONE = 0.35
_URGENCY = 0.07
_NEGATIVITY = 0.03
_HIGH_VALUE = 0.15
_REPEAT = 0.2
_ANGRY_CONTEXT_BOOST = 2.0
_HARD_TRIGGER = 0.85
_SOFT_TRIGGER = {"data_request": 0.5, "fraud": 0.7}
SUGGESTED_ESCALATION_SCORE = 0.6


def _as_decimal(value: object) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _unit(value: object) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0.0
    return min(max(number, 0.0), 1.0) if number == number else 0.0


def escalation_signals(
    text: str,
    sentiment: Sentiment | None,
    *,
    order_total: Decimal | None,
    currency: str | None,
    recent_contacts: int,
) -> EscalationSignals:
    """Combine tone, order value, contact history and keywords into one score with reasons."""
    total = _as_decimal(order_total)
    contacts = max(int(recent_contacts), 0) if isinstance(recent_contacts, int) else 0
    keywords = keyword_triggers(text)
    high_value = total is not None and total >= HIGH_VALUE_THRESHOLD
    repeat = contacts >= REPEAT_CONTACT_THRESHOLD
    anger = _unit(getattr(sentiment, "anger", 0.0))
    angry = bool(getattr(sentiment, "angry", False))
    urgency = _unit(getattr(sentiment, "urgency", 0.0))
    negativity = _unit(-_unit_signed(getattr(sentiment, "polarity", 0.0)))
    reasons: list[str] = []

    tone = _TONE * anger + _URGENCY * urgency + _NEGATIVITY * negativity
    context = (_HIGH_VALUE if high_value else 0.0) + (_REPEAT if repeat else 0.0)
    if angry and context:
        context *= _ANGRY_CONTEXT_BOOST  # an angry customer with money or history at stake
    trigger = 0.0
    for keyword in keywords:
        weight = _HARD_TRIGGER if keyword in HARD_TRIGGERS else _SOFT_TRIGGER.get(keyword, 0.4)
        trigger = 1 - (1 - trigger) * (1 - weight)  # each further trigger adds, never past 1
    score = 1 - (1 - min(tone + context, 1.0)) * (1 - trigger)

    if angry:
        reasons.append(f"angry tone (anger {anger:.2f})")
    if urgency >= 0.5:
        reasons.append(f"urgent (urgency {urgency:.2f})")
    if high_value and total is not None:
        reasons.append(f"order value {total:,.2f} {currency or ''} (>= {HIGH_VALUE_THRESHOLD})")
    if repeat:
        reasons.append(f"{contacts} contacts about this order in {REPEAT_WINDOW_DAYS} days")
    reasons += [f"mentions {k.replace('_', ' ')}" for k in keywords]
    return EscalationSignals(
        high_value=high_value,
        order_value=total,
        currency=currency if isinstance(currency, str) else None,
        recent_contacts=contacts,
        repeat_contact=repeat,
        keywords=keywords,
        score=round(min(max(score, 0.0), 1.0), 4),
        reasons=tuple(r.replace("  ", " ") for r in reasons),
    )


def _unit_signed(value: object) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0.0
    return min(max(number, -1.0), 1.0) if number == number else 0.0
