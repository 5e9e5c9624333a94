"""Readings a rule decides, over whatever the intent model made of a message.

Some kinds of message say what they are in so many words, and the model's guess gives way:
"are you a real person?" is a question the assistant answers itself; "...I need to explain this
to an actual person" is a request for one, whatever the message is about; "please log this as a
complaint" or "the rug came with a tear" names a complaint or a damage report; "when will
somebody see this if I write on a Sunday evening?", with no order in it, asks our hours; "hold the
blue one while I return it?" is an exchange; a change of order "for my money back" is a
cancellation; "when do you get more in?", naming no order, is a product question; "I'd like it to
go back to you", after a story about tracking the parcel, is a return; "will I still get the
shipping email?" asks which emails an account keeps getting; "how much did I get back in the
end?" asks for the refund on record; "is the sheet the right size for it?", naming no order,
asks about the product; "could you give me her new address?" and "what info did you pass on to
Klarna about me?" are for the privacy team; and "is it going to get there in time?", read as
out of scope, asks where an order is. The
graph's understanding node and the reading of a message sent while a case waits for a person
(graph/follow_up.py) both apply them here, so the two cannot read the same words differently.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from nlp.bot_question import asks_for_a_person, asks_who_is_answering
from nlp.data_shared import asks_what_we_shared
from nlp.hours_question import asks_our_hours_only
from nlp.in_time_question import asks_if_it_arrives_in_time
from nlp.refund_question import asks_how_much_came_back
from nlp.restock_question import asks_when_back_in_stock
from nlp.send_back import wants_to_send_it_back
from nlp.service_emails import asks_if_service_emails_still_come
from nlp.size_question import asks_if_right_size
from nlp.someone_elses_details import asks_for_someone_elses_details
from nlp.swap_request import asks_for_money_instead_of_a_swap, asks_to_hold_a_swap

# Intents a request for a person does not override: already one, or a specialist's case.
SPECIALIST_OR_PERSON = frozenset({"human_request", "privacy_request", "chargeback_fraud"})

# "Swap it for my money back" read as a swap, and what it asks for instead (nlp/swap_request.py).
MONEY_INSTEAD = {"exchange": "return_request", "change_order": "cancel_order"}

# Readings that a restock question (nlp/restock_question.py) and a return told as the story of
# its delivery (nlp/send_back.py) are mistaken for.
ORDER_QUESTIONS = frozenset({"order_status", "delivery_problem"})

# Readings a question whether a product is the right size, naming no order, is mistaken for
# when it also asks about sending it back (nlp/size_question.py).
SEND_BACK_READINGS = frozenset({"exchange", "return_request"})

# Readings a question about the refund on record ("how much did I actually get back in the
# end?") is mistaken for: the return, cancellation or parcel it came from (nlp/refund_question.py).
REFUND_ON_RECORD_MISREAD = frozenset(
    {"return_request", "exchange", "cancel_order", "order_status", "delivery_problem"}
)

# Flags the masking step sets when the customer says in so many words what the message is
# (nlp/complaint.py, nlp/damage.py), and the intent each names. On the development tickets
# every message either flag fires on is labelled with that intent; a complaint comes first.
SAID_OUTRIGHT = (("complaint_stated", "complaint"), ("damage_report", "damaged_item"))

# The anger model scores "Am I talking to a robot?" 0.53-0.64: angry texts it learned from ask
# for "a real person" in the same words. Asking who is answering is not anger below this, unless
# the message shouts, swears, insults, threatens or says it is furious or fed up.
WHO_ASKS_CALM_BELOW = 0.75
HOSTILE_CUES = frozenset({"threat", "profanity", "insult", "all_caps", "furious", "contempt"})


@dataclass(frozen=True)
class RuleReading:
    """The intent a rule gave the message (always with certainty), which rule, and the
    sentiment record to keep (changed only for a calm "who is answering?")."""

    intent: str
    context: str
    sentiment: dict[str, Any]

    confidence: float = 1.0


def read_by_rule(
    intent: str, text: str, flags: Sequence[str], sentiment: Mapping[str, Any]
) -> RuleReading | None:
    """The rule reading of a message the model read as `intent`, or None when no rule applies.
    `text` is the cleaned message; `sentiment` the understanding record's sentiment part."""
    if intent in ("human_request", "other") and asks_who_is_answering(text):
        return RuleReading("other", "who_is_answering", calm_question(sentiment))
    if intent not in SPECIALIST_OR_PERSON and asks_for_someone_elses_details(text):
        # "Could you give me her new address?": the privacy team's, before anything else.
        return RuleReading("privacy_request", "asks_for_someone_elses_details", dict(sentiment))
    if intent not in SPECIALIST_OR_PERSON and asks_what_we_shared(text):
        # "What info did you pass on to Klarna about me?": their data, for the privacy team.
        return RuleReading("privacy_request", "asks_what_we_shared", dict(sentiment))
    if intent not in SPECIALIST_OR_PERSON and asks_for_a_person(text):
        return RuleReading("human_request", "asks_for_a_person", dict(sentiment))
    said = said_outright(flags)
    if said is not None and intent not in {*SPECIALIST_OR_PERSON, said}:
        return RuleReading(said, "said_outright", dict(sentiment))
    if intent not in SPECIALIST_OR_PERSON and asks_our_hours_only(text):
        # "What time do you open?" read as a request for a person stays one. Read as out of
        # scope it is certain now: the contact policy's hours answer it.
        return RuleReading("other", "asks_our_hours", dict(sentiment))
    if intent == "other" and asks_if_it_arrives_in_time(text):
        # "Is it going to get there in time?" after naming the order: where it is, and when.
        return RuleReading("order_status", "asks_if_it_arrives_in_time", dict(sentiment))
    if intent == "return_request" and asks_to_hold_a_swap(text):
        return RuleReading("exchange", "hold_while_returning", dict(sentiment))
    if intent in MONEY_INSTEAD and asks_for_money_instead_of_a_swap(text):
        # The customer wants the money, not another variant: the change or exchange answer
        # would offer one. A return not yet dispatched is answered with the cancellation.
        return RuleReading(MONEY_INSTEAD[intent], "money_instead_of_a_swap", dict(sentiment))
    if intent in ORDER_QUESTIONS and asks_when_back_in_stock(text):
        return RuleReading("product_info", "asks_when_back_in_stock", dict(sentiment))
    if intent in ORDER_QUESTIONS and wants_to_send_it_back(text):
        return RuleReading("return_request", "wants_to_send_it_back", dict(sentiment))
    if intent in SEND_BACK_READINGS and asks_if_right_size(text):
        return RuleReading("sizing_fit", "asks_if_right_size", dict(sentiment))
    if intent in REFUND_ON_RECORD_MISREAD and asks_how_much_came_back(text):
        return RuleReading("refund_status", "asks_how_much_came_back", dict(sentiment))
    if intent in ORDER_QUESTIONS and asks_if_service_emails_still_come(text):
        # "Will I still get the shipping email?" after unsubscribing: which emails keep coming.
        return RuleReading("account", "asks_if_service_emails_still_come", dict(sentiment))
    return None


def apply_to_record(record: dict[str, Any], text: str) -> RuleReading | None:
    """Apply the rules to an understanding record in place (intent, confidence, context,
    sentiment); the reading, or None when the model's stands."""
    rule = read_by_rule(
        str(record.get("intent") or "other"),
        text,
        tuple(record.get("flags") or ()),
        record.get("sentiment") or {},
    )
    if rule is not None:
        record.update(
            intent=rule.intent,
            confidence=rule.confidence,
            context=rule.context,
            sentiment=rule.sentiment,
        )
    return rule


def said_outright(flags: Sequence[str]) -> str | None:
    return next((intent for flag, intent in SAID_OUTRIGHT if flag in flags), None)


def calm_question(sentiment: Mapping[str, Any]) -> dict[str, Any]:
    """The sentiment record of a "who is answering?" question, not angry unless it plainly is."""
    anger = float(sentiment.get("anger", 0.0))
    hostile = HOSTILE_CUES & set(sentiment.get("cues") or ())
    if not sentiment.get("angry") or anger >= WHO_ASKS_CALM_BELOW or hostile:
        return dict(sentiment)
    return {**sentiment, "angry": False, "read_as_calm": "asks who is answering"}
