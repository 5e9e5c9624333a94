"""The hand-off sentences are said to every customer a person will answer: guests, and messages
about no order too. They promise a reply and when, and nothing the assistant may not have."""

from __future__ import annotations

import pytest

from graph.messages import handoff_sentence


@pytest.mark.parametrize("queue", ["specialist", "senior", "suggestion", "manual"])
def test_that_a_hand_off_promises_a_reply_and_no_account_or_order_details(queue: str) -> None:
    sentence = handoff_sentence(queue)
    assert "{" not in sentence and "hours" in sentence
    assert "account" not in sentence.lower()
    assert "order details" not in sentence.lower()
