"""Fees asked beside another question (fresh batch 44): 'if it had been faulty, would I have paid
that fee at all?' beside a refund gets the rule that faulty returns are free; 'did you take a
return fee off, even though it was faulty?' on a return with no fee gets that none came off (and
a return of some of the order's items names them); and 'does Klarna cost anything extra?' gets
that Klarna's own fees are Klarna's to answer."""

from __future__ import annotations

import pytest

from tests.test_template_drafter import REF, a_return, line, order, policy, refund, write
from tools.policies import FAULTY_RETURN_FREE, KLARNA_FEES

CUES = {"faulty return": FAULTY_RETURN_FREE, "klarna fees": KLARNA_FEES}


@pytest.mark.parametrize(
    ("cue", "message"),
    [
        (
            "faulty return",
            "And out of interest, if it had been faulty rather than just not to my taste, would I "
            "have paid that fee at all?",
        ),
        ("faulty return", "If something arrives faulty, do I have to pay to send it back?"),
        ("faulty return", "Did you take a return fee off, even though it was faulty?"),
        ("faulty return", "I thought faulty things went back for free."),
        ("klarna fees", "And does Klarna cost anything extra when I buy through you?"),
        ("klarna fees", "if i pay w klarna on ur site do they charge interest or is it free"),
        ("klarna fees", "my flatmate got a late fee from Klarna last month"),
    ],
)
def test_that_each_wording_cues_its_rule(cue: str, message: str):
    assert CUES[cue].search(message)


@pytest.mark.parametrize(
    ("cue", "message"),
    [
        ("faulty return", "The lamp is faulty and I paid by card."),
        ("faulty return", "If it arrives damaged again I will be furious."),
        ("faulty return", "What would stop the table getting damaged? How much is delivery?"),
        ("klarna fees", "I split the cost with Klarna, so if it doesn't suit, what happens?"),
        ("klarna fees", "Can I spread the cost with Klarna rather than paying on my card?"),
    ],
)
def test_that_near_wordings_do_not(cue: str, message: str):
    assert not CUES[cue].search(message)


def test_that_a_refund_asked_with_what_a_faulty_return_would_have_cost_gets_both():
    # fresh gf-refund_status-315: the reply explained the fee and left the faulty case unanswered
    facts = [
        order(
            "refunded",
            "US",
            returns=[{**a_return(fee="9.95")}],
            refunds=[refund("215.05", "US")],
        ),
        policy("refunds", "timing"),
        policy("returns", "return-costs"),
    ]
    message = (
        f"Three things about {REF}. The refund for the mirror I sent back is short of what I "
        "paid: why? When did it go out? And out of interest, if it had been faulty rather than "
        "just not to my taste, would I have paid that fee at all?"
    )
    draft = write("refund_status", facts, message, "US")
    # what a change-of-mind return costs in the customer's market, then that a faulty one is free
    assert "US: parcel return $9.95, large-item collection (two-person) $59.00." in draft.text
    assert "UK:" not in draft.text
    assert "Returns are always free in every market when the item is faulty" in draft.text
    assert "refund the original delivery charge" in draft.text
    assert draft.grounded, draft.notes
    assert policy("returns", "return-costs").source_id in draft.citations


def test_that_a_fee_asked_about_on_a_return_without_one_is_said_to_be_none():
    # fresh gf-refund_status-259: the return went back as faulty and no fee was taken
    faulty = {**a_return(fee="0.00"), "reason": "faulty", "line_nos": [2]}
    lines = [line(), {**line("KIT-0102", "Cley Dinnerware Set", "Sage", "105.00"), "line_no": 2}]
    facts = [
        order("partially_refunded", returns=[faulty], refunds=[refund("105.00")], lines=lines),
        policy("refunds", "timing"),
        policy("returns", "return-costs"),
    ]
    asked = f"Did you take a return fee off the refund on {REF}, even though it was faulty?"
    # the line that went back is named, since the order had two and the refund covers one
    draft = write("refund_status", facts, asked)
    assert "This return covers the Cley Dinnerware Set (Sage)." in draft.text
    assert "No return fee applies to this return" in draft.text
    # the UK's own change-of-mind fees beside the free cases, and nothing on what a large item is
    assert "UK: parcel return £6.95, large-item collection (two-person) £39.00." in draft.text
    assert "Returns are always free in every market" in draft.text
    assert "Large-item collection covers" not in draft.text
    # Not asked about a fee, the reply does not mention one that does not exist.
    plain = f"When will the refund for {REF} reach my card?"
    assert "return fee" not in write("refund_status", facts, plain).text


def test_that_klarna_fees_asked_in_a_billing_question_are_left_to_klarna():
    # fresh gf-billing-261 was answered with what a return does to the instalments
    facts = [policy("payments-invoices", "klarna")]
    message = "if i pay w klarna on ur site do they charge interest or is it actually free"
    draft = write("billing", facts, message)
    assert "Klarna's own fees are best answered by Klarna directly" in draft.text, draft.text


def test_that_klarna_fees_asked_as_one_of_several_billing_questions_are_left_to_klarna():
    # fresh gf-billing-313: the Klarna part got the repayment agreement, not Klarna's fees
    facts = [
        policy("payments-invoices", "gift-cards"),
        policy("payments-invoices", "methods"),
        policy("payments-invoices", "klarna"),
    ]
    message = (
        "Can I put both gift cards on the same order? If not, can I use one card and pay the "
        "rest with Klarna? And does Klarna cost anything extra when I buy through you?"
    )
    draft = write("billing", facts, message)
    assert "one gift card per order" in draft.text
    assert "Klarna's own fees are best answered by Klarna directly" in draft.text, draft.text


def test_that_klarna_fees_asked_beside_a_refund_are_left_to_klarna():
    facts = [
        order("refunded", payment="klarna", refunds=[refund("129.00", method="klarna")]),
        policy("refunds", "timing"),
        policy("payments-invoices", "klarna"),
    ]
    message = (
        f"When did the refund for {REF} go back to Klarna? And does Klarna cost anything extra "
        "when I buy through you?"
    )
    draft = write("refund_status", facts, message)
    assert "Klarna's own fees are best answered by Klarna directly" in draft.text, draft.text


def test_that_a_return_of_the_whole_order_names_no_items():
    whole = {**a_return(), "line_nos": [1]}
    facts = [order("refunded", returns=[whole], refunds=[refund("122.05")])]
    draft = write("refund_status", facts, f"Where is the refund for {REF}?")
    assert "Your return reached us" in draft.text
    assert "This return covers" not in draft.text
