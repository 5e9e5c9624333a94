"""A question about when a sold-out product comes back is a product question, even where the
intent model reads it as an order question; a message that names an order keeps its reading."""

from __future__ import annotations

import pytest

from nlp.reading_rules import read_by_rule
from nlp.restock_question import asks_when_back_in_stock


@pytest.mark.parametrize(
    "message",
    [
        "hiya any update on the Bramley Frying Pan?? its been sold out for weeks, is there an eta "
        "on when u get more in",
        "The Hale Sofa says out of stock. Any idea when it'll be available again?",
        "When will the Oslo lamp be back in stock?",
        "are you getting any in before christmas?",
    ],
)
def test_that_a_restock_question_read_as_an_order_question_is_a_product_question(
    message: str,
) -> None:
    assert asks_when_back_in_stock(message)
    for intent in ("order_status", "delivery_problem"):
        reading = read_by_rule(intent, message, (), {"anger": 0.1})
        assert reading is not None
        assert (reading.intent, reading.context) == ("product_info", "asks_when_back_in_stock")


@pytest.mark.parametrize(
    "message",
    [
        "<ORDER_ID_1> was cancelled because it sold out, when is it back in stock?",
        "Is HR-123456 back in stock yet or still waiting?",
        "will I get it in time for christmas?",
        "is there a restocking fee if I send it back?",
        "where is my order? it said dispatched days ago",
    ],
)
def test_that_an_order_named_or_no_restock_asked_keeps_the_models_reading(message: str) -> None:
    assert not asks_when_back_in_stock(message)
    assert read_by_rule("order_status", message, (), {}) is None


def test_that_only_a_message_read_as_an_order_question_is_changed() -> None:
    message = "When will the Oslo lamp be back in stock?"
    for intent in ("product_info", "exchange", "complaint"):
        reading = read_by_rule(intent, message, (), {})
        assert reading is None or reading.intent == intent
