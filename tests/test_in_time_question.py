"""'Is it going to get there in time?' read as out of scope is an order question (fresh
gf-order_status-179: the customer, who had named the order, was told what the assistant can
help with)."""

from __future__ import annotations

import pytest

from nlp.in_time_question import asks_if_it_arrives_in_time
from nlp.reading_rules import read_by_rule

CALM = {"angry": False, "anger": 0.1, "urgency": 0.2}


@pytest.mark.parametrize(
    "message",
    [
        "Her birthday is this Thursday, November 5. Is it going to get there in time?",
        "will it be here by friday??",
        "Will the lamp arrive before Christmas?",
        "It’s for his leaving do, so will it make it by Saturday?",
    ],
)
def test_that_an_arrival_in_time_question_is_read_as_an_order_question(message: str):
    assert asks_if_it_arrives_in_time(message)
    rule = read_by_rule("other", message, (), CALM)
    assert rule is not None and rule.intent == "order_status"


@pytest.mark.parametrize(
    "message",
    [
        "Does it come by courier or with a van?",
        "How long will it be before someone deals with this complaint?",
        "I'll be there by six if you want to call.",
        "Is it going to rain on Thursday?",
    ],
)
def test_that_near_wordings_are_not(message: str):
    assert not asks_if_it_arrives_in_time(message)


def test_that_the_rule_leaves_any_other_reading_alone():
    # A delivery problem or a complaint asking the same keeps its own reading.
    message = "It's a week late already. Will it be here by Friday?"
    assert read_by_rule("delivery_problem", message, (), CALM) is None
