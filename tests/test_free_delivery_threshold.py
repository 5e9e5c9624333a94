"""'Did I pay for shipping? I have a feeling it's free over a certain amount', 'how much do I
need to spend for free delivery next time?': beside a status question, the reply quotes the
market's parcel charge and free-delivery threshold, and says the large-item charge is paid
whatever the order's value; the question reads as answered."""

from __future__ import annotations

import pytest

from drafting.template_parts import unanswered_parts
from tests.test_template_drafter import REF, order_in, policy, write
from tools.policies import FREE_DELIVERY_THRESHOLD, cued_topics

UK_DELIVERY = policy("delivery", "uk")
US_DELIVERY = policy("delivery", "us")


@pytest.mark.parametrize(
    ("market", "section", "message", "charge", "threshold"),
    [
        # fresh gf-order_status-248: the reply said delivery was free, not from what amount
        (
            "US",
            US_DELIVERY,
            f"Three things on {REF}. Has it actually shipped? What day should I expect it? And "
            "did I pay for shipping on it? I can't find the receipt, and I have a feeling it's "
            "free over a certain amount.",
            "$9.95",
            "$150.00",
        ),
        # fresh gf-order_status-150: held for a person, the threshold unanswered
        (
            "UK",
            UK_DELIVERY,
            f"Where's {REF} up to, and can I have the tracking number? Also, while I'm here: how "
            "much do I need to spend for free delivery next time? I'm about to order a couple of "
            "cushions and I'd rather not pay postage on them separately.",
            "£4.95",
            "£75.00",
        ),
    ],
)
def test_that_the_free_delivery_threshold_asked_beside_a_status_question_is_quoted(
    market: str, section, message: str, charge: str, threshold: str
):
    assert FREE_DELIVERY_THRESHOLD.search(message)
    assert cued_topics(message)["delivery"] == ["uk", "us", "germany"]
    draft = write("order_status", [order_in("in_transit", market), section], message, market)
    assert draft.grounded, draft.notes
    assert charge in draft.text and f"free on orders of {threshold} or more" in draft.text
    assert "threshold covers standard parcels only" in draft.text
    assert section.source_id in draft.citations


def test_that_a_threshold_in_the_reply_answers_how_much_to_spend_for_free_delivery():
    part = "while I'm here: how much do I need to spend for free delivery next time"
    message = f"Where is {REF}? Also, {part}?"
    status = "It's on its way, due by Thursday 5 November."
    threshold = (
        "Standard delivery is free on orders of £75.00 or more. The large-item delivery fee is a "
        "flat charge per order, because the free-delivery threshold covers standard parcels only."
    )
    assert unanswered_parts(message, status) == [part]
    assert unanswered_parts(message, f"{status} {threshold}") == []
    # Spending a gift card is not spending for free delivery (fresh gf-cancel_order-259: a
    # refund rule quoting the threshold must not read as answering it).
    gift = "And once it is, can I spend it on your German website after we've moved"
    refund_rule = (
        "If returning one item takes your order below the free-delivery threshold (£75.00 in the "
        "UK, €75.00 in Germany), we don't charge you delivery after the fact."
    )
    assert unanswered_parts(f"Can it still be cancelled? {gift}?", refund_rule) == [
        gift.replace(",", "")
    ]


@pytest.mark.parametrize(
    "message",
    [
        # a return's cost, and a promise asked for: other rules
        "Is that free from here in Germany, and what's the last day?",
        "Promise you'll collect it for free if it doesn't fit through the door.",
        "My boss gave me the same thing for free, so I don't need it.",
        "Is the delivery free?",
    ],
)
def test_that_other_free_things_do_not_ask_for_the_threshold(message: str):
    assert not FREE_DELIVERY_THRESHOLD.search(message)
