"""A question about when our people are there, with no order in it, is read as an hours
question whatever the intent model made of it, and nothing about an order or a parcel is."""

from __future__ import annotations

import pytest

from nlp.hours_question import HOURS_QUESTION, asks_our_hours_only, holiday_asked_about
from nlp.reading_rules import read_by_rule


@pytest.mark.parametrize(
    "message",
    [
        "If I leave a question here on a Sunday evening, when is somebody from your team "
        "actually likely to see it?",
        "Are your team in on Saturdays, and until what time?",
        "Is this chat still open after midnight?",
        "My shift ends at half seven on Saturdays. If I ring then, will somebody pick up?",
        "Phones open tomorrow morning?",
        "Which number do I ring from Sydney, and will there be anyone around during my evening?",
        "When do the phone lines open?",
        "Will your customer team be around over Christmas, or will I just get the chat bot?",
        "If I email around 6pm on Friday, will somebody get back to me before Monday, or does it "
        "sit there all weekend?",
        "What time on a Saturday do you stop answering (I'm in New Jersey)?",
        "wat time do u lot close on a saturday",
        # Written for this test: the time zone of the hours, asked after them
        "Is that UK time? I'm in Chicago and would rather not ring you at dawn.",
        "Which time zone are those phone hours in?",
    ],
)
def test_that_an_hours_question_is_read_as_one(message: str) -> None:
    assert asks_our_hours_only(message)
    reading = read_by_rule("order_status", message, (), {"anger": 0.1})
    assert reading is not None
    assert (reading.intent, reading.context) == ("other", "asks_our_hours")


@pytest.mark.parametrize(
    "message",
    [
        # about a delivery: the order's reading stands
        "My parcel comes on Saturday evening, will anyone be there to answer if it's late?",
        # somebody seeing something that is not a message
        "When I type my new password in, can anyone on your side actually see it?",
        "Then I'd like someone senior to look at it again.",
        "My phone is open on the kitchen table, text me when the parcel is close.",
        # Written for this test: a tradesperson to hire, not our team
        "Could I fit the wall light myself on Sunday, or should I get someone in?",
        "Is it worth having somebody in on Saturday to hang the mirror?",
        # about the customer's account, with the hours beside it: the account's reading stands
        "My surname is spelt wrong on my account. Can I fix it myself? Are you open on Sundays?",
    ],
)
def test_that_an_order_or_a_question_about_something_else_is_not(message: str) -> None:
    assert not asks_our_hours_only(message)
    assert read_by_rule("order_status", message, (), {}) is None


def test_that_a_request_for_a_person_or_a_specialist_case_keeps_its_reading() -> None:
    message = "What time do you open on Saturdays? I need to speak to someone."
    assert HOURS_QUESTION.search(message)
    for intent in ("human_request", "privacy_request", "chargeback_fraud"):
        assert read_by_rule(intent, message, (), {}) is None


def test_that_an_hours_question_the_model_found_out_of_scope_is_read_with_certainty() -> None:
    # The model reads "are your phones open on a Saturday?" as out of scope, but unsure.
    message = "I need to ring up about a rug, are your phones open on a Saturday?"
    reading = read_by_rule("other", message, (), {})
    assert reading is not None
    assert (reading.intent, reading.context, reading.confidence) == ("other", "asks_our_hours", 1.0)


def test_that_a_holiday_counts_only_when_a_question_asks_about_it() -> None:
    asked = "Will your team be around over Christmas? I'm out all day otherwise."
    assert holiday_asked_about(asked) == "Christmas"
    assert holiday_asked_about("Are you open on the bank holiday?") == "bank holiday"
    mentioned = "I'm in Sydney until after Christmas. Which number do I ring you on?"
    assert holiday_asked_about(mentioned) is None
