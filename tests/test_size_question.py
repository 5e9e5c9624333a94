"""Asking whether a product is the right size for one's bed, beside a question about sending it
back if it doesn't fit, is a sizing question when it names no order."""

from __future__ import annotations

import pytest

from nlp.reading_rules import read_by_rule
from nlp.size_question import asks_if_right_size


@pytest.mark.parametrize(
    "message",
    [
        "Hello, my matress is 160x200, is the Lyme Fitted Sheet (White, King) the right size for "
        "it? And the law gives 14 days for sending back, which one is true if it dont fit?",
        "Is the Newlyn Duvet Cover in Sage, King the right size for my American queen, and can I "
        "send it back if not?",
    ],
)
def test_that_asking_if_a_product_is_the_right_size_is_a_sizing_question(message: str) -> None:
    assert asks_if_right_size(message)
    for intent in ("exchange", "return_request"):
        reading = read_by_rule(intent, message, (), {})
        assert reading is not None
        assert (reading.intent, reading.context) == ("sizing_fit", "asks_if_right_size")


@pytest.mark.parametrize(
    "message",
    [
        # An order named: a swap or a return of what was bought
        "Is the King on <ORDER_ID_1> the right size for my bed? If not I'll swap it for the Super "
        "King.",
        "It's the wrong size, can I send it back?",
        "Which size is right for a 150 cm bed?",
    ],
)
def test_that_a_swap_or_a_return_of_an_order_is_not(message: str) -> None:
    assert not asks_if_right_size(message)
    assert read_by_rule("exchange", message, (), {}) is None
