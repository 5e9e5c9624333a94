"""A customer who says they want to send an item back is asking for a return, even when the
message tells the story of its delivery and the intent model reads an order question."""

from __future__ import annotations

import pytest

from nlp.reading_rules import read_by_rule
from nlp.send_back import wants_to_send_it_back


@pytest.mark.parametrize(
    "message",
    [
        "I watched the tracking on <ORDER_ID_1> like a hawk and left work early for the driver. "
        "Within ten minutes I knew it wasn't for us. So I'd like it to go back to you. What do I "
        "need to do?",
        "It finally turned up yesterday but I want to send the lamp back, how does that work?",
        "the parcel came on tuesday and honestly I’d like to return it",
        "ok it arrived. how do i send it back?",
    ],
)
def test_that_wanting_to_send_it_back_is_read_as_a_return(message: str) -> None:
    assert wants_to_send_it_back(message)
    for intent in ("order_status", "delivery_problem"):
        reading = read_by_rule(intent, message, (), {})
        assert reading is not None
        assert (reading.intent, reading.context) == ("return_request", "wants_to_send_it_back")


@pytest.mark.parametrize(
    "message",
    [
        "The courier sent it back to your warehouse, where is it now?",
        "My parcel says returned to sender. Can you send it out again?",
        "where is my order? it was meant to come yesterday",
        # A scam's demand reported, not the customer's wish.
        "Today I got a text saying it was paid to me by mistake and I need to send it back "
        "through a link. Is any of this real?",
    ],
)
def test_that_a_parcel_going_back_without_the_customer_wanting_it_keeps_its_reading(
    message: str,
) -> None:
    assert not wants_to_send_it_back(message)
    assert read_by_rule("delivery_problem", message, (), {}) is None


def test_that_only_a_message_read_as_an_order_question_is_changed() -> None:
    # An exchange or a damage report also sends the item back; its own reading answers it.
    message = "I want to send it back and get the bigger size"
    assert read_by_rule("exchange", message, (), {}) is None
