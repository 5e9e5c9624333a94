"""A question about what personal data of theirs we passed to someone else is read as a privacy
request, whatever payment provider or carrier it names; asking what to send us is not."""

from __future__ import annotations

import pytest

from nlp.data_shared import asks_what_we_shared
from nlp.reading_rules import read_by_rule


@pytest.mark.parametrize(
    "message",
    [
        "what info did u pass on to klarna about me when i used pay later at checkout?",
        "Which details did you share with the courier when my sofa was delivered?",
        "Who did you sell my details to? I've had three calls this week.",
        "Have you passed on my data to any advertisers?",
    ],
)
def test_that_asking_what_we_shared_is_read_as_a_privacy_request(message: str) -> None:
    assert asks_what_we_shared(message)
    reading = read_by_rule("billing", message, (), {"anger": 0.1})
    assert reading is not None
    assert (reading.intent, reading.context) == ("privacy_request", "asks_what_we_shared")


@pytest.mark.parametrize(
    "message",
    [
        "What information do I need to send you to make a warranty claim?",
        "Which details do you need from me to change the delivery address?",
        "Can I pay with Klarna, and what do they check?",
        "I sent you my details yesterday, has the return been booked?",
        "I sent my details to you yesterday, has the return been booked?",
        "Do I have to share my details with the driver for the delivery?",
    ],
)
def test_that_other_questions_about_details_are_not(message: str) -> None:
    assert not asks_what_we_shared(message)


def test_that_a_request_for_a_person_keeps_its_reading() -> None:
    message = "I want to speak to someone about what data you shared with Klarna about me."
    assert read_by_rule("human_request", message, (), {"anger": 0.1}) is None
