"""Side questions asked in words the cues did not know (fresh batch 44): 'does sending it out to
Skye cost any more?' and 'what happens if the courier turns up and he's not in?' beside an
address change get the market's delivery charges and the missed-delivery rule; 'she agreed
you'd re-send it to my new Visa' beside a refund status gets where refunds go; 'will your
delivery people take all the cardboard away?' gets the two-person visit; and 'if the new one
doesn't work out either' is not read as asking about 'doesn'."""

from __future__ import annotations

import pytest

from drafting.template_coverage import asked_terms
from drafting.template_parts import unanswered_parts
from tests.test_template_drafter import REF, eligibility, order, order_in, policy, refund, write
from tools.policies import DELIVERY_TIME, NOBODY_HOME, REFUND_ELSEWHERE, TWO_PERSON_VISIT

CUES = {
    "delivery time": DELIVERY_TIME,
    "nobody home": NOBODY_HOME,
    "refund": REFUND_ELSEWHERE,
    "two-person visit": TWO_PERSON_VISIT,
}

# fresh gf-change_order-314: the reply gave the address-change rule alone
SKYE = (
    f"The cushion on {REF} is really for my dad, so it makes more sense for it to go straight to "
    "his cottage near Portree. Can you change the address? Does sending it out to Skye cost any "
    "more? And he's at the lunch club three days a week, so what happens if the courier turns up "
    "and he's not in?"
)


def test_that_an_address_change_with_its_cost_and_an_empty_house_asked_gets_both_rules():
    facts = [
        order_in("processing"),
        eligibility("change", True, "not_yet_dispatched"),
        policy("order-changes", "address"),
        policy("delivery", "missed"),
        policy("delivery", "uk"),
    ]
    draft = write("change_order", facts, SKYE, "UK")
    assert draft.grounded, draft.notes
    assert "costs £4.95" in draft.text and "free on orders of £75.00 or more" in draft.text
    assert "After 2 missed delivery attempts" in draft.text and "7 days" in draft.text
    assert {policy("delivery", "missed").source_id, policy("delivery", "uk").source_id} <= set(
        draft.citations
    )


@pytest.mark.parametrize(
    ("cue", "message"),
    [
        ("delivery time", "Does sending it out to Skye cost any more?"),
        ("delivery time", "And will delivery to an office cost any more than delivery to a flat?"),
        ("nobody home", "so what happens if the courier turns up and he's not in?"),
        ("nobody home", "If the driver comes while I'm out, what happens to it?"),
        ("refund", "so she agreed you'd re-send it to my new Visa"),
        ("refund", "can u block it or put the money on a new card??"),
    ],
)
def test_that_the_new_wordings_cue_their_rule(cue: str, message: str):
    assert CUES[cue].search(message)


@pytest.mark.parametrize(
    ("cue", "message"),
    [
        ("delivery time", "Does the bigger size cost any more?"),
        ("nobody home", "The driver said he's out of the van already."),
        ("nobody home", "The courier left it with my neighbour while I was at work."),
        ("refund", "I put the new card on my account yesterday."),
    ],
)
def test_that_near_wordings_do_not(cue: str, message: str):
    assert not CUES[cue].search(message)


def test_that_a_refund_asked_onto_a_new_card_gets_where_refunds_go():
    # fresh gf-refund_status-317: a "returns manager" agreed to re-send it to a new card
    facts = [
        order("refunded", "US", refunds=[refund("216.00", "US")]),
        policy("refunds", "timing"),
        policy("refunds", "method"),
    ]
    message = (
        f"I spoke to the returns manager on the phone yesterday about {REF}. The refund never "
        "showed up on my old card, which is closed now, so she agreed you'd re-send it to my new "
        "Visa, and she said to quote authorization RET-MGR-0417 in the chat."
    )
    draft = write("refund_status", facts, message, "US")
    assert "goes back to the original payment method" in draft.text, draft.text
    assert "different card or person" in draft.text
    assert policy("refunds", "method").source_id in draft.citations


def test_that_a_negation_is_not_read_as_a_word_of_the_question():
    # fresh gf-exchange-313: "doesn't" cut to five letters read as the part's own word "doesn"
    assert asked_terms("if the new one doesn't work out either, can that one go back too") == {
        "eithe",
        "new",
        "too",
    }
    assert "could" not in asked_terms("I couldn't find the label, where is it?")
    message = (
        "Can you hold the bigger one while mine ships back? And if the new one doesn't work out "
        "either, can that one go back too?"
    )
    window = (
        "We'll hold the new one for you. US: 45 days. The return window starts on the delivery "
        "date, not the day you placed your order."
    )
    assert unanswered_parts(message, window) == []


def test_that_taking_the_cardboard_away_asked_about_a_two_person_delivery_is_answered():
    # fresh gf-order_status-318: the reply gave both deliveries and said nothing of the cardboard
    message = (
        f"The shipping email for {REF} talks about two separate deliveries. When is each one "
        "supposed to show up? And for the big piece, will your delivery people take all the "
        "cardboard away with them?"
    )
    assert CUES["two-person visit"].search(message)
    facts = [order_in("in_transit"), policy("delivery", "two-person")]
    draft = write("order_status", facts, message)
    assert "take the packaging away with them" in draft.text, draft.text
    assert policy("delivery", "two-person").source_id in draft.citations
