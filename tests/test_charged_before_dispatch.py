"""The ways-to-pay section's questions. 'Why has my card been charged? It hasn't even shipped':
the answer is when the shop takes payment, not the rule for double charges; a double charge
keeps its own rule. 'Do you take Apple Pay?': every way the shop does take, and so for 'or is it
card only?' asked beside a cancellation or a status question."""

from __future__ import annotations

import pytest

from tests.test_template_completeness import with_data
from tests.test_template_drafter import REF, eligibility, order_in, policy, write
from tools.policies import ASKS_WAYS_TO_PAY, CHARGED_BEFORE_DISPATCH

METHODS = policy("payments-invoices", "methods")
BILLING_ERRORS = policy("payments-invoices", "billing-errors")
FACTS = [order_in("processing"), METHODS, BILLING_ERRORS]


@pytest.mark.parametrize(
    "message",
    [
        f"why has my card allready been charged for {REF}?? it hasnt even shipped yet",
        f"You've taken the money for {REF} but it hasn't been dispatched. Why?",
        "Will I be charged when it ships or now?",
    ],
)
def test_that_a_charge_before_dispatch_is_answered_with_when_payment_is_taken(message: str):
    assert CHARGED_BEFORE_DISPATCH.search(message)
    draft = write("billing", FACTS, message)
    assert "We take payment when you place your order." in draft.text
    assert METHODS.source_id in draft.citations
    assert BILLING_ERRORS.source_id not in draft.citations


def test_that_a_charge_before_dispatch_also_says_where_the_order_is_and_how_long_delivery_takes():
    estimates = [{"service": "parcel", "business_days": "3 to 7 business days"}]
    placed = with_data(order_in("processing", "US"), delivery_estimates=estimates)
    message = f"why has my card been charged for {REF}? it hasnt even shipped yet"
    text = write("billing", [placed, METHODS], message, "US").text
    assert "We take payment when you place your order." in text
    assert "hasn't been dispatched yet" in text
    assert "Once it leaves us, parcel delivery takes 3 to 7 business days." in text
    plain = write("billing", [placed, METHODS], f"How did I pay for {REF}?", "US").text
    assert "Once it leaves us" not in plain


def test_that_a_double_charge_keeps_the_billing_errors_rule():
    message = f"I've been charged twice for {REF} and it hasn't even shipped yet"
    draft = write("billing", FACTS, message)
    assert BILLING_ERRORS.source_id in draft.citations
    assert "We take payment when you place your order." not in draft.text


@pytest.mark.parametrize(
    "message",
    ["When will my order be sent?", "I was charged £12 for delivery, is that right?"],
)
def test_that_other_billing_questions_do_not_match(message: str):
    assert not CHARGED_BEFORE_DISPATCH.search(message)


@pytest.mark.parametrize("market", ["UK", "US", "DE"])
@pytest.mark.parametrize(
    "message",
    [
        "do you guys take apple pay at checkout or is it card only",
        "can i pay by lastschrift / sepa direct debit on the german site?",
        "in my country we pay cash to the delivery man. is possible also with you?",
    ],
)
def test_that_a_way_to_pay_we_do_not_list_is_answered_with_every_way_we_do(
    market: str, message: str
):
    text = write("billing", [METHODS], message, market).text
    for way in ("Debit or credit card", "PayPal", "Klarna", "gift card"):
        assert way in text
    # A way the table names is answered by its own row.
    amex = write("billing", [METHODS], "do you take amex?", market).text
    assert "American Express" in amex and "PayPal" not in amex


@pytest.mark.parametrize("market", ["UK", "US", "DE"])
def test_that_a_way_to_pay_the_market_does_not_offer_is_answered_with_every_way_it_does(
    market: str,
):
    # The table's bank-transfer row says no in the UK and the US: there, the ways that are
    # offered answer "can I pay by bank transfer instead?"; in Germany its own row does.
    text = write(
        "billing", [METHODS], "can i pay by bank transfer? dont have a credit card", market
    )
    offered = all(way in text.text for way in ("PayPal", "Klarna", "gift card"))
    assert "Bank transfer" in text.text
    assert offered == (market != "DE")


def test_that_a_way_not_offered_asked_beside_another_question_still_gets_every_way():
    invoices = policy("payments-invoices", "tax-invoices")
    message = (
        "Three questions: do your prices include VAT, can the invoice show our VAT number, and "
        "can we pay by bank transfer like we do with our other suppliers?"
    )
    text = write("billing", [invoices, METHODS], message, "UK").text
    assert "VAT number" in text
    assert all(way in text for way in ("PayPal", "Klarna", "gift card"))


@pytest.mark.parametrize(
    ("intent", "message"),
    [
        # fresh gf-cancel_order-308: the reply gave the cancellation and its refund time only
        (
            "cancel_order",
            f"I need to cancel {REF}, sorry! How long until the money is back on my Visa? And "
            "for next time, can I spread a payment into installments with you, or is it card "
            "only?",
        ),
        ("order_status", f"Where is {REF}? And what payment methods do you accept?"),
    ],
)
def test_that_the_ways_to_pay_asked_beside_another_question_are_all_named(
    intent: str, message: str
):
    assert ASKS_WAYS_TO_PAY.search(message)
    about = {
        "cancel_order": [order_in("processing"), eligibility("cancel", True, "not_yet_dispatched")],
        "order_status": [order_in("in_transit")],
    }[intent]
    draft = write(intent, [*about, METHODS, policy("payments-invoices", "klarna")], message)
    assert all(way in draft.text for way in ("PayPal", "Klarna", "gift card")), draft.text
    assert METHODS.source_id in draft.citations
    # How to pay next time, not what cancelling does to Klarna payments still owed.
    assert "payments you still owe" not in draft.text
    assert "spreading the cost in instalments" in draft.text


@pytest.mark.parametrize(
    "message",
    [
        "Do you take Klarna?",
        "Is it cheaper if I pay by card?",
        "I paid by card only last week, where is it?",
        "The payment went through but the order is still processing",
    ],
)
def test_that_a_single_way_or_a_payment_named_in_passing_does_not_ask_for_every_way(message: str):
    assert not ASKS_WAYS_TO_PAY.search(message)
