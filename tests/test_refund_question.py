"""A question about the refund on record ("how much did I actually get back in the end, and when
did it go out?") is a refund question, even after a question about the return fee, where the
intent model reads a return; a question about money still to come back is not."""

from __future__ import annotations

import pytest

from nlp.reading_rules import read_by_rule
from nlp.refund_question import asks_how_much_came_back


@pytest.mark.parametrize(
    "message",
    [
        "So you took that off what I got back for <ORDER_ID_6>? How much did I actually get in the "
        "end, and when did it go out?",
        "I kept the rest and sent one item back. How much did I get back for it in the end?",
        "so how much did you refund me in the end, and when did it go out?",
        "How much was the refund, when did it go, and where has it actually gone?",
    ],
)
def test_that_asking_what_came_back_is_a_refund_question(message: str) -> None:
    assert asks_how_much_came_back(message)
    for intent in ("return_request", "exchange", "cancel_order", "order_status"):
        reading = read_by_rule(intent, message, (), {})
        assert reading is not None
        assert (reading.intent, reading.context) == ("refund_status", "asks_how_much_came_back")


@pytest.mark.parametrize(
    "message",
    [
        "How much will I get back if I return the lamp?",
        "How much did I pay for delivery on <ORDER_ID_1>?",
        "how much did I get charged? it looks like twice",
        "If I cancel now, how much would I get refunded?",
    ],
)
def test_that_money_still_to_come_or_paid_is_not(message: str) -> None:
    assert not asks_how_much_came_back(message)
    assert read_by_rule("return_request", message, (), {}) is None


def test_that_a_specialist_or_a_billing_reading_keeps_its_own() -> None:
    message = "How much did you refund me in the end? I'm disputing it with my bank."
    assert read_by_rule("chargeback_fraud", message, (), {}) is None
    assert read_by_rule("billing", message, (), {}) is None
