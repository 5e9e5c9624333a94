"""The understanding models on the shop's everyday messages, and the chargeback keyword's edges.

Plain requests written the way customers type them (order numbers, SKU codes in capitals, "??",
typos) must not read as angry: an anger score of 0.5 or more sends a customer to a senior agent
on tone alone. The intent of a message must not depend on which order number it carries. The
messages here were written for this file and are not in any training set.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from nlp.sentiment import Sentiment, analyse_sentiment
from nlp.sentiment.analyse import DECISION
from nlp.signals import SUGGESTED_ESCALATION_SCORE, escalation_signals, keyword_triggers

NEUTRAL_REQUESTS = (
    "hey where's my parcel?? order HR-613204",
    "Where has order HR-482911 got to?",
    "Please cancel HR-337120, I ordered the wrong one",
    "I'd like <ORDER_ID_1> cancelled, thanks",
    "any idea when <ORDER_ID_1> turns up?",
    "is LGT-0214 ok with a dimmer switch?",
    "FUR-0388 - what are the legs made of?",
    "BED-0207 comes in super king??",
    "KIT-0156 GOOD FOR A GAS HOB?",
    "DEC-0281 rug, how thick is the pile",
    "wen does my bedside table arive",
    "what about my money for the chairs?",
    "if I send the lamp back is the £4.95 shipping charge back to me too?",
    "My refund for #529017 hasn't shown up yet, can you check?",
    "Could I move the delivery of 774102 to next Wednesday?",
    "THE MIRROR I ORDERED, IS IT STILL COMING THIS WEEK",
    "hi, the sofa leg has a scuff on it, what can you do?",
    "can someone ring me about the wardrobe doors",
)

ANGRY_MESSAGES = (
    "This is a disgrace. HR-613204 is three weeks late and nobody has the decency to reply.",
    "You useless lot have lost my sofa AGAIN. I want my money back today.",
    "Fourth email. Still no refund. I'm fed up of being lied to by your so-called support team.",
)

# One message per line of business, with the order number left open: only the digits (and the
# way the customer writes the reference) change.
DIGIT_VARIANTS = (
    ("Fourth message about order {o} and it STILL hasn't come!!! Hopeless.", None),
    ("hi, has {o} been sent out yet?", "order_status"),
    ("please cancel {o}, I bought it twice by mistake", "cancel_order"),
    ("I sent back the rug from {o} a fortnight ago, when will I be refunded?", "refund_status"),
    ("the lamp in {o} arrived with a cracked base", "damaged_item"),
    ("could {o} go to my work address instead? it hasn't shipped", "change_order"),
)
ORDER_NUMBERS = (
    "HR-100000",
    "HR-999999",
    "HR-250331",
    "#731118",
    "642209",
    "hr-505050",
    "HR 384756",
    "HR-000417",
)


def anger_of(models: Any, text: str) -> Sentiment:
    return analyse_sentiment(text, models.embeddings.embed_query(text), models=models.sentiment)


def intent_of(models: Any, text: str) -> str:
    return str(models.intent.predict(models.embeddings.embed_query(text), text).intent)


def test_that_plain_requests_with_codes_and_question_marks_stay_below_the_anger_line(
    understanding_models: Any,
) -> None:
    scores = {text: anger_of(understanding_models, text).anger for text in NEUTRAL_REQUESTS}
    flagged = {text: score for text, score in scores.items() if score >= DECISION}
    assert not flagged
    # Not merely under the line: an ordinary request should read as clearly calm.
    assert sorted(scores.values())[len(scores) // 2] < 0.25


def test_that_real_anger_about_an_order_is_still_flagged(understanding_models: Any) -> None:
    for text in ANGRY_MESSAGES:
        assert anger_of(understanding_models, text).angry, text


@pytest.mark.parametrize(("template", "expected"), DIGIT_VARIANTS)
def test_that_the_order_number_does_not_change_the_intent(
    understanding_models: Any, template: str, expected: str | None
) -> None:
    intents = {intent_of(understanding_models, template.format(o=n)) for n in ORDER_NUMBERS}
    assert len(intents) == 1, intents
    (intent,) = intents
    if expected is None:
        # A rant about a late order is a delivery problem or a complaint, never a bank dispute.
        assert intent in {"delivery_problem", "complaint"}
    else:
        assert intent == expected


# -- the chargeback keyword -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Can I get the delivery charge back if I send everything back?",
        "will I get the £6.95 charge back too?",
        "Please put the shipping charge back on my card",
        "can you reverse the charge for the duplicate payment?",
        "is the express delivery charge back to normal now?",
        "I was charged back in March for an order I cancelled",
        "my gift card claim from last week",
    ],
)
def test_that_getting_a_fee_refunded_is_not_a_chargeback(text: str) -> None:
    assert "chargeback" not in keyword_triggers(text)


@pytest.mark.parametrize(
    "text",
    [
        "I'm raising a charge back with my bank",
        "I'll do a charge back through Visa if this isn't fixed",
        "My card company will charge it back",
        "we're going to charge back the payment",
        "filed a charge back claim this morning",
        "My bank is reversing the payment",
        "I'll have the transaction reversed by my card issuer",
        "chargeback opened",
        "I want to dispute the charge",
    ],
)
def test_that_a_bank_or_card_dispute_is_a_chargeback(text: str) -> None:
    assert "chargeback" in keyword_triggers(text)


def test_that_a_delivery_charge_question_is_not_escalated_but_a_dispute_is() -> None:
    calm = Sentiment(0.0, 0.05, 0.05, False, False, ())
    refund_question = escalation_signals(
        "Can I get the delivery charge back on my card?",
        calm,
        order_total=Decimal("120"),
        currency="GBP",
        recent_contacts=0,
    )
    dispute = escalation_signals(
        "I'll get the delivery charge back through my bank with a charge back claim.",
        calm,
        order_total=Decimal("120"),
        currency="GBP",
        recent_contacts=0,
    )
    assert refund_question.keywords == () and refund_question.score < SUGGESTED_ESCALATION_SCORE
    assert "chargeback" in dispute.keywords and dispute.score >= SUGGESTED_ESCALATION_SCORE
