"""A customer who asks whether the emails about their orders still come (after unsubscribing,
say) is asking an account question, even when the message names a shipment and a tracking
link and the intent model reads an order question; and the marketing rule answers it."""

from __future__ import annotations

import pytest

from nlp.reading_rules import read_by_rule
from nlp.service_emails import asks_if_service_emails_still_come
from tools.policies import MARKETING_EMAILS


@pytest.mark.parametrize(
    "message",
    [
        "ok done. will i still get the shipping email with the tracking link for the dresser i "
        "just ordered or does that stop too?",
        "how do i stop all the offer emails but still get the delivery ones",
        "If I switch off your offer emails, will I still get the shipping and tracking emails?",
        "Will I still receive order confirmation emails?",
    ],
)
def test_that_asking_if_order_emails_still_come_is_an_account_question(message: str) -> None:
    assert asks_if_service_emails_still_come(message)
    assert MARKETING_EMAILS.search(message)
    for intent in ("order_status", "delivery_problem"):
        reading = read_by_rule(intent, message, (), {})
        assert reading is not None
        assert (reading.intent, reading.context) == (
            "account",
            "asks_if_service_emails_still_come",
        )


@pytest.mark.parametrize(
    "message",
    [
        "I never got the shipping email for my order, has it gone out?",
        "Will I still get my order by Friday?",
        "Can I still get the difference back?",
        "where is the tracking email? it said it would come today",
    ],
)
def test_that_an_order_question_about_emails_keeps_its_reading(message: str) -> None:
    assert not asks_if_service_emails_still_come(message)
    assert read_by_rule("order_status", message, (), {}) is None


def test_that_a_privacy_request_saying_it_keeps_its_reading() -> None:
    message = "Please delete my account. Will I still get the dispatch email for my last order?"
    assert asks_if_service_emails_still_come(message)
    assert read_by_rule("privacy_request", message, (), {}) is None
