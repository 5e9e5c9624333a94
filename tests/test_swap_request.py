"""A request to hold the new variant while the original goes back is an exchange, though its
words are all about a return; a return without the hold, or a hold of something else, is not.
A "swap" for the money back is no swap: before dispatch a cancellation, after it a return."""

from __future__ import annotations

import pytest

from nlp.reading_rules import read_by_rule
from nlp.swap_request import asks_for_money_instead_of_a_swap, asks_to_hold_a_swap


@pytest.mark.parametrize(
    "message",
    [
        "hold the Ink, 16-piece while I return <ORDER_ID_1>?",
        "Can you reserve the blue one until I've sent mine back?",
        "Please put aside the larger size for me while we post the small one back.",
    ],
)
def test_that_a_hold_while_returning_is_read_as_an_exchange(message: str) -> None:
    assert asks_to_hold_a_swap(message)
    reading = read_by_rule("return_request", message, (), {"anger": 0.1})
    assert reading is not None
    assert (reading.intent, reading.context) == ("exchange", "hold_while_returning")


@pytest.mark.parametrize(
    "message",
    [
        "I'd like to return the lamp, how do I start?",
        "I will keep the rug while I return the other one.",
        "Please hold the parcel at the depot while I'm away.",
    ],
)
def test_that_a_plain_return_or_another_hold_is_not(message: str) -> None:
    assert not asks_to_hold_a_swap(message)
    assert read_by_rule("return_request", message, (), {}) is None


def test_that_only_a_message_read_as_a_return_is_changed() -> None:
    message = "hold the Ink, 16-piece while I return <ORDER_ID_1>?"
    for intent in ("order_status", "exchange", "human_request"):
        assert read_by_rule(intent, message, (), {}) is None


@pytest.mark.parametrize(
    "message",
    [
        "cud i swap <ORDER_ID_1> for my money back insted? not for a diff colour or nothin",
        "Could I change the order for a refund instead?",
        "Honestly I'd rather have my money back instead of another one.",
    ],
)
@pytest.mark.parametrize(
    ("read_as", "read_now"), [("change_order", "cancel_order"), ("exchange", "return_request")]
)
def test_that_a_swap_for_the_money_back_is_read_as_giving_it_back(
    message: str, read_as: str, read_now: str
) -> None:
    assert asks_for_money_instead_of_a_swap(message)
    reading = read_by_rule(read_as, message, (), {})
    assert reading is not None
    assert (reading.intent, reading.context) == (read_now, "money_instead_of_a_swap")


@pytest.mark.parametrize(
    "message",
    [
        "Can I swap the blue one for the grey one?",
        "Please change the delivery address for my order.",
        "I want to exchange it for the bigger size, and is the money back in my account yet?",
    ],
)
def test_that_a_real_swap_stays_a_swap(message: str) -> None:
    assert not asks_for_money_instead_of_a_swap(message)
    assert read_by_rule("exchange", message, (), {}) is None
    assert read_by_rule("change_order", message, (), {}) is None
