"""Complete answers: every automatic reply states the facts a customer needs for its kind of
question, for the customer's market, and only facts the tools returned.

The rules, as a shop owner would put them: an order not yet dispatched says how long delivery
takes once it leaves us; an order on its way says who has it and when it is due; a delivery
problem gives the policy's time frame; a general returns question gives the window in days and
the fee for the customer's market; a refund gives its amount, date and arrival; a cancellation
gives the refund time for the way the customer paid, and an order too late to cancel or change
gives the return route instead; an exchange gives the price of the variant wanted; a product
answer names the product and gives the care instructions with a washing question.

Facts are built as the tools build them (the helpers of tests/test_template_drafter.py, with
the shop's real policy texts); the last tests build them with the real tools on the seeded shop.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import pytest

from drafting.check import check_draft
from drafting.template_policy import labelled_sentences, quote_sentences, sentences
from drafting.types import Draft
from tests.test_template_drafter import (
    REF,
    eligibility,
    event,
    line,
    order,
    order_in,
    policy,
    product,
    refund,
    refused,
    shipment,
)
from tests.test_template_drafter import write as draft
from tools.facts import Fact
from tools.plan import plan_tools
from tools.policies import cued_topics

SYMBOL = {"UK": "£", "US": "$", "DE": "€"}
WINDOW = {"UK": "30 days", "US": "45 days", "DE": "60 days"}
PARCEL_FEE = {"UK": "£6.95", "US": "$9.95", "DE": "Free (€0.00)"}
LARGE_FEE = {"UK": "£39.00", "US": "$59.00", "DE": "€39.00"}
MARKET_LABEL = {"UK": "UK", "US": "US", "DE": "Germany"}


def write(intent: str, facts: list[Fact], message: str, market: str | None = None, **kw: Any):
    """A draft that must also pass the grounding check an automatic reply goes through."""
    result: Draft = draft(intent, facts, message, market, **kw)
    check = check_draft(result, facts, masked_message=message, auto_route=True)
    assert check.ok, check.problems
    assert set(result.citations) <= {f.source_id for f in facts}
    return result


def with_data(fact: Fact, **changes: Any) -> Fact:
    return Fact(fact.source_id, fact.kind, fact.title, {**fact.data, **changes}, fact.masked_text)


# --- orders -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("service", "words", "span"),
    [("parcel", "parcel delivery", "3 to 7"), ("two_person", "two-person delivery", "7 to 14")],
)
def test_that_an_order_not_yet_dispatched_says_how_long_delivery_takes(service, words, span):
    estimates = [{"service": service, "business_days": f"{span} business days"}]
    placed = with_data(order_in("placed", "US"), delivery_estimates=estimates)
    text = write("order_status", [placed], f"When will {REF} ship?", "US").text
    assert "hasn't been dispatched yet" in text
    assert f"Once it leaves us, {words} takes {span} business days." in text


def test_that_a_billing_question_asking_when_it_gets_sent_says_how_long_delivery_takes():
    estimates = [{"service": "parcel", "business_days": "2 to 4 business days"}]
    processing = with_data(order("processing", payment="klarna"), delivery_estimates=estimates)
    facts = [processing, policy("payments-invoices", "klarna")]
    asked = (
        f"i payed the first klarna instalment allready but {REF} still just says processing?? "
        "is that normal. when does it actualy get sent"
    )
    text = write("billing", facts, asked).text
    assert "hasn't been dispatched yet" in text
    assert "Once it leaves us, parcel delivery takes 2 to 4 business days." in text
    plain = write("billing", facts, f"Is the Klarna payment for {REF} normal?").text
    assert "Once it leaves us" not in plain


def test_that_a_billing_question_in_learners_english_gets_the_delivery_and_the_bank_fee():
    # "When it will come" is a delivery question, and "more high then the price" in złoty a
    # bank's conversion: both answered beside the order's payment.
    facts = [
        order_in("in_transit", "DE"),
        policy("payments-invoices", "methods"),
        policy("payments-invoices", "currency"),
    ]
    asked = (
        f"my bank account is still in Poland, in złoty. I ordered {REF} and I want to know when "
        "it will come to me. Also in my bank app the payment is more high then the price in "
        "your shop. Why is this?"
    )
    text = write("billing", facts, asked, "DE").text
    assert "is on its way" in text and "DHL" in text, text
    assert "your bank converts the amount" in text, text
    plain = write("billing", facts, f"Which card did I pay for {REF} with?", "DE").text
    assert "on its way" not in plain and "converts" not in plain


@pytest.mark.parametrize(
    ("market", "words"),
    [
        ("UK", "under consumer law you have a 14-day cancellation right"),
        ("DE", "14-day statutory right of withdrawal"),
        # The tools never hand this section to a US customer (its heading names the UK and
        # Germany); given it anyway, the drafter still quotes the US sentence, not the others.
        ("US", "In the US there is no equivalent statutory right of withdrawal"),
    ],
)
def test_that_a_return_asking_what_the_law_gives_gets_the_markets_legal_right(market, words):
    facts = [
        order_in("delivered", market),
        eligibility("return", True, "within_window", market, deadline="2026-11-26", days_left=25),
        policy("returns", "start"),
        policy("returns", "statutory-rights"),
    ]
    asked = f"Before I send back {REF}: my sister reckons by law I only get 14 days. Is that right?"
    text = write("return_request", facts, asked, market).text
    assert words in text, text
    assert "doesn't cover made-to-order items" not in text
    plain = write("return_request", facts, f"What's my last day to send back {REF}?", market).text
    assert "statutory" not in plain and "consumer law" not in plain


def test_that_a_made_to_order_line_states_its_lead_time():
    sofa = line("FUR-0101", "Quinn Sofa", "Oatmeal, 3-seater", "2260.00")
    sofa.update(delivery="two_person", made_to_order=True, lead_time_weeks=7)
    fact = order("processing", lines=[sofa], total="2260.00")
    fact = with_data(
        fact,
        delivery_estimates=[{"service": "two_person", "business_days": "5 to 10 business days"}],
    )
    text = write("order_status", [fact], f"Where is {REF}?").text
    assert "The Quinn Sofa (Oatmeal, 3-seater) is made to order" in text
    assert "about 7 weeks" in text and "5 to 10 business days" in text


def test_that_a_listed_order_on_its_way_shows_its_carrier_and_due_date():
    listing = Fact(
        "orders:customer",
        "order_list",
        "Your recent orders",
        {
            "orders": [
                {
                    "order_ref": "<ORDER_ID_1>",
                    "status": "in_transit",
                    "placed_on": "2026-10-30",
                    "total": "80.95",
                    "currency": "GBP",
                    "item_count": 1,
                    "shipments": [
                        {
                            "carrier": "Royal Mail",
                            "status": "in_transit",
                            "estimated_delivery": "2026-11-04",
                            "delivered_on": None,
                        }
                    ],
                },
                {
                    "order_ref": "<ORDER_ID_2>",
                    "status": "delivered",
                    "placed_on": "2026-09-02",
                    "total": "45.00",
                    "currency": "GBP",
                    "item_count": 1,
                    "shipments": [
                        {
                            "carrier": "DPD",
                            "status": "delivered",
                            "estimated_delivery": "2026-09-05",
                            "delivered_on": "2026-09-04",
                        }
                    ],
                },
            ]
        },
        "Two recent orders.",
    )
    text = write("order_status", [listing], "where's my order").text
    assert "It's with Royal Mail, due by Wednesday 4 November." in text
    assert "DPD" not in text  # a delivered order's carrier is no longer news


# --- delivery problems --------------------------------------------------------------------------


def test_that_a_delivered_but_missing_parcel_gets_the_investigation_time_frame():
    note = event("2026-10-28T13:05:00+00:00", "Delivered: left in the agreed safe place")
    delivered = order(
        "delivered",
        shipments=[shipment("delivered", delivered_on="2026-10-28", last=note)],
    )
    facts = [delivered, policy("delivery", "not-received"), policy("delivery", "missed")]
    text = write(
        "delivery_problem", facts, f"Tracking says {REF} was delivered but it isn't here."
    ).text
    assert "delivered it on Wednesday 28 October" in text
    assert "within 2 business days" in text


def test_that_missing_a_delivered_parcel_somehow_is_not_read_as_a_missed_delivery():
    note = event("2026-10-28T13:05:00+00:00", "Delivered: left with a neighbour")
    delivered = order(
        "delivered",
        shipments=[shipment("delivered", delivered_on="2026-10-28", last=note)],
    )
    facts = [delivered, policy("delivery", "not-received"), policy("delivery", "missed")]
    message = (
        f"Was part of {REF} sent on its own and I've missed it somehow? "
        "Nothing has been left here as far as I know."
    )
    text = write("delivery_problem", facts, message).text
    assert "within 2 business days" in text
    assert "held at the carrier's local depot" not in text


def test_that_a_failed_delivery_attempt_is_dated_and_the_attempt_rule_quoted():
    attempt = event(
        "2026-10-12T17:55:00+00:00",
        "We tried to deliver but nobody was in; we will try again next working day",
    )
    done = event("2026-10-13T17:55:00+00:00", "Delivered: left in the agreed safe place")
    ship = shipment("delivered", "US", delivered_on="2026-10-13", last=done)
    ship["failed_attempts"] = [attempt]
    facts = [
        order("delivered", "US", shipments=[ship]),
        policy("delivery", "not-received"),
        policy("delivery", "missed"),
    ]
    text = write("delivery_problem", facts, f"Why did {REF} say delivery failed?", "US").text
    assert "FedEx recorded a delivery attempt on Monday, October 12" in text
    assert "2 delivery attempts" in text or "After 2 missed delivery attempts" in text
    # Marked delivered after the attempt, but it never came: the not-received rule.
    never = f"{REF} is showing as delivered but it never came. What happens now?"
    text = write("delivery_problem", facts, never, "US").text
    assert "within 2 business days" in text, text
    assert "After 2 missed delivery attempts" not in text


def test_that_a_customer_who_will_be_away_hears_what_happens_to_a_missed_delivery():
    facts = [order_in("delayed", "DE"), policy("delivery", "delayed"), policy("delivery", "missed")]
    message = f"{REF} is delayed and I'm away from Thursday. What happens if I'm out?"
    text = write("delivery_problem", facts, message, "DE").text
    assert "now expects to deliver it by Tuesday 3 November" in text
    assert "held at the carrier's local depot for 7 days" in text


# --- returns and exchanges ----------------------------------------------------------------------


@pytest.mark.parametrize("market", ["UK", "US", "DE"])
def test_that_a_general_returns_question_gives_the_window_and_fees_for_the_market(market):
    facts = [
        policy("returns", "start"),
        policy("returns", "window"),
        policy("returns", "return-costs"),
    ]
    text = write("return_request", facts, "return policy?", market).text
    assert f"{MARKET_LABEL[market]}: {WINDOW[market]}." in text
    assert PARCEL_FEE[market] in text and LARGE_FEE[market] in text
    for other in {"UK", "US", "DE"} - {market}:
        assert f"{MARKET_LABEL[other]}: {WINDOW[other]}" not in text  # only their market's rule


def test_that_asking_how_to_send_it_back_gets_the_step_even_in_a_follow_up():
    facts = [
        order_in("delivered"),
        eligibility(
            "return", True, "within_window", deadline="2026-11-07", days_left=6, fee="6.95"
        ),
        policy("returns", "start"),
        policy("returns", "return-costs"),
    ]
    text = write("return_request", facts, "great, how do I send it back?", follow_up=True).text
    assert "until Saturday 7 November" in text and "£6.95" in text
    assert "Return an item" in text


def test_that_a_general_exchange_question_gives_the_hold_option_and_the_fees():
    facts = [policy("returns", "exchanges"), policy("returns", "return-costs")]
    text = write("exchange", facts, "How do exchanges work and is there a fee?", "US").text
    assert "hold the stock for you" in text
    assert "$9.95" in text and "$59.00" in text


def _variant(sku: str, variant: str, price: str) -> Fact:
    return product(
        "UK",
        sku=sku,
        product_name="Ludlow Saucepan",
        variant_name=variant,
        price=price,
        category="kitchen",
        compatibility={},
    )


def test_that_an_exchange_states_the_price_of_the_variant_named_and_never_guesses():
    ordered = line("KIT-0031", "Ludlow Saucepan", "Brushed, 18 cm", "72.95")
    facts = [
        order("delivered", lines=[ordered], total="72.95"),
        eligibility("return", False, "window_closed", deadline="2026-10-09"),
        policy("returns", "exchanges"),
        _variant("KIT-0031", "Brushed, 18 cm", "72.95"),
        _variant("KIT-0032", "Polished, 18 cm", "82.95"),
        _variant("KIT-0033", "Polished, 24 cm", "99.95"),
    ]
    named = write("exchange", facts, f"Can I exchange {REF} for the Polished, 18 cm?").text
    assert "the Ludlow Saucepan (Polished, 18 cm) is £82.95 and in stock" in named
    assert "closed on Friday 9 October" in named
    # Two polished ones: a finish alone keeps the size they have, and the reply names it.
    vague = write("exchange", facts, f"Can I exchange {REF} for the polished one?").text
    assert "the Ludlow Saucepan (Polished, 18 cm) is £82.95" in vague and "£99.95" not in vague
    # With neither in their size, nothing tells the two apart: no guess.
    other_sizes = [*facts[:-2], _variant("KIT-0034", "Polished, 28 cm", "109.95"), facts[-1]]
    vague = write("exchange", other_sizes, f"Can I exchange {REF} for the polished one?").text
    assert "£109.95" not in vague and "£99.95" not in vague


# --- refunds, cancellations, changes ------------------------------------------------------------


@pytest.mark.parametrize("market", ["UK", "DE"])
def test_that_a_general_refund_time_question_lists_each_way_of_paying(market):
    facts = [policy("refunds", "timing"), refused("no_order_reference", ["order_number"])]
    text = write("refund_status", facts, "How long do refunds take?", market).text
    for row in ("Card: 3 to 5 business days", "PayPal: 1 to 2 business days"):
        assert row in text
    assert ("Bank transfer (Germany): 5 to 7 business days" in text) == (market == "DE")


def test_that_a_sent_refund_says_when_it_should_arrive():
    sent = refund("64.90", "US", processed_on="2026-11-01", expected_by="2026-11-06")
    facts = [order("refunded", "US", refunds=[sent], total="64.90")]
    text = write("refund_status", facts, f"when does the refund for {REF} arrive?", "US").text
    assert "$64.90" in text and "November 1" in text
    assert "due to reach you by Friday, November 6" in text


def test_that_a_refund_stuck_past_its_day_goes_to_a_person_without_a_new_date():
    def returned(overdue: bool) -> Fact:
        stuck = {
            **refund("117.90", status="pending", method="klarna", created_on="2026-09-11"),
            "expected_by": "2026-09-23",
            "overdue": overdue,
        }
        return order("returned", "UK", total="117.90", payment="klarna", refunds=[stuck])

    asked = f"The return for {REF} reached you weeks ago. Has the refund been sent yet?"
    late = draft("refund_status", [returned(True)], asked, "UK")
    assert not late.grounded and "past the day it was due" in " ".join(late.notes)
    assert "it should have reached you by Wednesday 23 September" in late.text
    assert "is being processed and should reach you by" not in late.text
    # Any question about the order hands it over while the money is stuck.
    where = draft("order_status", [returned(True)], f"What's the status of {REF}?", "UK")
    assert not where.grounded
    on_time = draft("refund_status", [returned(False)], asked, "UK")
    assert on_time.grounded and "should reach you by Wednesday 23 September" in on_time.text


def test_that_a_cancelled_order_without_a_refund_yet_says_when_it_was_cancelled():
    cancelled = order("cancelled", "DE", cancelled_on="2026-08-11", payment="bank_transfer")
    facts = [cancelled, policy("refunds", "timing")]
    text = write("refund_status", facts, f"Where is my money for {REF}?", "DE").text
    assert "was cancelled on Tuesday 11 August" in text
    assert "I can't see a refund" in text
    assert "5 to 7 business days" in text  # their own method's time


def test_that_a_cancellation_gives_the_refund_time_for_the_customers_own_method():
    facts = [
        order_in("processing"),
        eligibility("cancel", True, "not_yet_dispatched"),
        policy("cancellations", "refund"),
        policy("cancellations", "how"),
    ]
    text = write("cancel_order", facts, f"Please cancel {REF}").text
    assert "Card: 3 to 5 business days." in text
    assert "PayPal:" not in text and "Gift card:" not in text
    follow = write("cancel_order", facts, "and the money goes back to my card?", follow_up=True)
    assert "3 to 5 business days" in follow.text


def test_that_a_cancellation_paid_by_gift_card_says_the_balance_goes_back_instantly():
    facts = [
        order("processing", payment="gift_card"),
        eligibility("cancel", True, "not_yet_dispatched"),
        policy("cancellations", "refund"),
        policy("cancellations", "how"),
    ]
    message = f"If I cancel {REF}, does the gift card get the balance back, and how quickly?"
    text = write("cancel_order", facts, message).text
    assert "goes back onto that gift card instantly" in text
    paid_by_card = [order("processing", payment="card"), *facts[1:]]
    assert "gift card" not in write("cancel_order", paid_by_card, message).text


def test_that_a_delivered_order_too_late_to_cancel_gets_the_return_deadline_and_fee():
    facts = [
        order_in("delivered"),
        eligibility("cancel", False, "already_dispatched"),
        eligibility(
            "return", True, "within_window", deadline="2026-11-16", days_left=15, fee="6.95"
        ),
        policy("cancellations", "after-dispatch"),
    ]
    text = write("cancel_order", facts, f"I'd like to cancel order {REF}").text
    assert "can't be cancelled now" in text
    assert "until Monday 16 November" in text and "£6.95" in text


@pytest.mark.parametrize(
    ("intent", "action", "slug", "expected"),
    [
        ("cancel_order", "cancel", "cancellations", ["60 days in Germany", "free for parcels"]),
        ("change_order", "change", "order-changes", ["60 days in Germany"]),
    ],
)
def test_that_an_order_on_its_way_gets_the_return_route_instead(intent, action, slug, expected):
    facts = [
        order_in("in_transit", "DE"),
        eligibility(action, False, "already_dispatched", "DE"),
        eligibility("return", False, "not_delivered_yet", "DE"),
        policy(slug, "after-dispatch"),
    ]
    text = write(intent, facts, f"Can I still cancel or change {REF}?", "DE").text
    assert "already been dispatched" in text
    for words in expected:
        assert words in text


@pytest.mark.parametrize(("quantity", "words"), [(1, "Both items"), (2, "All 3 items")])
def test_that_one_parcel_or_several_is_answered_for_an_order_travelling_as_one(quantity, words):
    lamp, cushion, throw = line(), line("DEC-0101", "Zara Cushion"), line("TEX-0201", "Ayr Throw")
    cushion.update(line_no=2, quantity=quantity)
    throw.update(line_no=3, status="cancelled")  # cancelled: not in the parcel
    lines = [lamp, cushion, throw]
    facts = [with_data(order_in("in_transit"), lines=lines, item_count=2 + quantity)]
    asked = f"Are they all coming in one parcel or separately, and what's the tracking for {REF}?"
    text = write("order_status", facts, asked).text
    assert f"{words} on the order are coming together in this one delivery" in text, text
    plain = write("order_status", facts, f"Where is {REF}?").text
    assert "together" not in plain
    single = write("order_status", [order_in("in_transit")], asked).text
    assert "together" not in single  # one item travels alone, nothing to say


@pytest.mark.parametrize(
    ("state", "asked", "expected"),
    [
        (
            "in_transit",
            "thanks. and that's the only parcel, right? nothing else to wait for?",
            "This is the only parcel for the order",
        ),
        (
            "delivered",
            f"Got the box for {REF} today. Is anything else coming?",
            "That was the only parcel for the order",
        ),
    ],
)
def test_that_the_only_parcel_is_said_to_be_the_only_one(state, asked, expected):
    text = write("order_status", [order_in(state)], asked).text
    assert expected in text, text
    assert "nothing else to wait for" in text
    plain = write("order_status", [order_in(state)], f"Where is {REF}?").text
    assert "only parcel" not in plain


def test_that_a_cancellation_already_made_is_confirmed_with_its_date():
    facts = [order_in("cancelled"), eligibility("cancel", False, "already_cancelled")]
    text = write("cancel_order", facts, f"Did my cancellation of {REF} go through?").text
    assert "was cancelled on Sunday 25 October" in text


def test_that_a_change_to_a_cancelled_order_hears_the_money_went_back():
    facts = [order_in("cancelled"), eligibility("change", False, "already_cancelled")]
    message = f"We've moved since: could you send {REF} to our new address instead?"
    text = draft("change_order", facts, message).text
    assert "was cancelled on Sunday 25 October" in text
    assert "A refund of £129.00 went back to your" in text, text


# --- products -----------------------------------------------------------------------------------


def _armchair(**changes: Any) -> Fact:
    shape: dict[str, Any] = {
        "sku": "FUR-0270",
        "product_name": "Quinn Armchair",
        "variant_name": "Charcoal",
        "category": "furniture",
        "product_type": "armchair",
        "care": "Removable covers: wash at 30°C on a gentle cycle and reshape while damp.",
        "compatibility": {"removable_covers": True},
    }
    return product("UK", **(shape | changes))


def test_that_covers_that_come_off_are_told_with_how_to_wash_them():
    asked = draft("compatibility", [_armchair()], "do the covers come off? 2 dogs + a toddler")
    assert "The covers are removable." in asked.text
    assert "wash at 30°C" in asked.text, asked.text
    # Fixed covers, or a care line that does not speak of them, get the attribute alone.
    fixed = _armchair(compatibility={"removable_covers": False})
    assert "wash at 30°C" not in draft("compatibility", [fixed], "do the covers come off?").text
    other_care = _armchair(care="Vacuum gently with an upholstery brush.")
    plain = draft("compatibility", [other_care], "do the covers come off?").text
    assert "The covers are removable." in plain and "upholstery brush" not in plain


def test_that_how_much_fits_in_a_pot_is_its_capacity():
    dish = product(
        "DE",
        sku="KIT-0013",
        product_name="Hampton Casserole Dish",
        variant_name="Flame, 28 cm",
        category="kitchen",
        product_type="casserole",
        compatibility={"capacity_l": 7.8},
    )
    asked = draft("sizing_fit", [dish], "how much stew fits in the casserole? cooking for 10")
    assert "holds 7.8 litres." in asked.text, asked.text
    room = draft("sizing_fit", [dish], "how much room does it take up in the oven?")
    assert "7.8 litres" not in room.text


def test_that_spreading_the_cost_is_left_to_a_person_beside_a_product_answer():
    asked = draft(
        "product_info",
        [_armchair()],
        "Do the covers come off? And can I spread the cost rather than paying all at once?",
    )
    assert not asked.grounded, asked.notes  # no product row says how to pay
    assert "The covers are removable." in asked.text


def test_that_a_washing_question_names_the_product_and_gives_its_care_instructions():
    pan = product(
        "US",
        sku="KIT-0025",
        product_name="Evie Saucepan",
        variant_name="Graphite, 18 cm",
        care="Dishwasher safe, though hand washing keeps the finish brighter.",
        compatibility={"dishwasher_safe": True},
    )
    text = write("product_info", [pan], "Is the Evie Saucepan dishwasher safe?", "US").text
    assert "The Evie Saucepan (Graphite, 18 cm) is dishwasher safe." in text
    assert "hand washing keeps the finish brighter" in text


def test_that_a_set_says_what_it_includes():
    plates = product(
        "US",
        sku="KIT-0011",
        product_name="Vera Dinnerware Set",
        variant_name="Speckled Oat, 16-piece",
        compatibility={"pieces": 16, "microwave_safe": True},
    )
    text = write("product_info", [plates], "What's included in the Vera set?", "US").text
    assert "The Vera Dinnerware Set (Speckled Oat, 16-piece) is a set of 16 pieces." in text


@pytest.mark.parametrize(
    ("intent", "message"),
    [
        ("sizing_fit", "How big is the Alder lamp, and can I get one shipped here to the States?"),
        ("product_info", "How much is the Alder Table Lamp?"),
    ],
)
def test_that_a_product_the_customers_shop_does_not_sell_is_said_to_be_unavailable(intent, message):
    lamp = with_data(product("US"), price=None, currency=None, in_stock=None, stock=None)
    text = write(intent, [lamp], message, "US").text
    assert text.count("The Alder Table Lamp (Chalk, small) isn't sold in our US shop.") == 1
    sold = write(intent, [product("US")], message, "US").text
    assert "isn't sold" not in sold


def test_that_wiring_and_wattage_questions_are_answered_from_the_attributes():
    pendant = product(
        "UK",
        product_name="Nell Pendant Light",
        variant_name="Natural, 30 cm",
        assembly="Must be installed by a qualified electrician.",
        compatibility={"hardwired": True, "ip_rating": "IP20", "max_wattage": 25,
                       "bulb_fitting": {"UK": "E14", "US": "E12", "DE": "E14"}},
    )  # fmt: skip
    wired = write("compatibility", [pendant], "Can I plug it into a socket?")
    assert "hardwired rather than plugged in" in wired.text
    assert "qualified electrician" in wired.text and "IP20" in wired.text
    assert wired.grounded and "don't cover" not in wired.text
    watts = write("compatibility", [pendant], "max wattage?")
    assert "E14 bulbs of up to 25 W" in watts.text and watts.grounded


# --- billing, account, other --------------------------------------------------------------------


def test_that_a_us_receipt_question_quotes_the_sales_tax_receipt_not_the_vat_invoice():
    facts = [
        order_in("delivered", "US"),
        policy("payments-invoices", "billing-errors"),
        policy("payments-invoices", "tax-invoices"),
    ]
    text = write("billing", facts, f"Please send me a copy of the receipt for {REF}", "US").text
    assert "shows the sales tax charged" in text
    assert "VAT invoice" not in text


@pytest.mark.parametrize(
    ("open_", "expected"),
    [(True, "covers it until Tuesday 3 November"), (False, "covered price drops until")],
)
def test_that_a_price_drop_question_gets_the_price_promise_end_date(open_, expected):
    fact = with_data(
        order_in("delivered"), price_promise_until="2026-11-03", price_promise_open=open_
    )
    facts = [fact, policy("price-promise", "claim")]
    text = write("billing", facts, f"The duvet from {REF} is now cheaper. Price promise?").text
    assert expected in text


def test_that_an_account_answer_names_what_to_click():
    facts = [policy("account-privacy", "password")]
    text = write("account", facts, "The first reset link says it's expired. Which one?").text
    assert "Forgot password" in text


def test_that_asking_for_the_phone_number_gets_it_and_chit_chat_does_not():
    facts = [policy("contact-escalation", "channels")]
    phone = write("other", facts, "What's your phone number?", "US")
    assert "+1 202 555 0147" in phone.text and phone.grounded
    chat = write("other", facts, "What do you think of the football?", "US")
    assert "+1 202" not in chat.text and not chat.grounded
    which = write("other", facts, "Saturday is my only chance. What's the number for the US?", "US")
    assert "+1 202 555 0147" in which.text and which.grounded


def test_that_a_saturday_closing_time_a_number_and_a_reply_time_are_all_answered():
    facts = [
        policy("contact-escalation", "hours"),
        policy("contact-escalation", "response-times"),
        policy("contact-escalation", "channels"),
    ]
    message = (
        "Saturday is my only chance to call. What's the number for the US, what time on a "
        "Saturday do you stop answering, and if I email instead, how long does a reply take?"
    )
    text = write("other", facts, message, "US").text
    assert "8am to 8pm" in text and "+1 202 555 0147" in text and "24 hours" in text


# --- quoting policy sentences -------------------------------------------------------------------


def test_that_a_yes_no_table_row_reads_as_a_sentence():
    # "Bank transfer: uk No, us No, germany Yes." was how the methods table used to read.
    rows = sentences(policy("payments-invoices", "methods").data["text"])
    assert "Bank transfer: UK no, US no, Germany yes." in rows


def test_that_labelled_rows_and_labelled_paragraphs_keep_their_market():
    refund_rows = [
        s for s, _m in labelled_sentences(policy("cancellations", "refund").data["text"])
    ]
    assert "Card: 3 to 5 business days." in refund_rows  # a row of its own, quotable alone
    taxes = dict(labelled_sentences(policy("payments-invoices", "tax-invoices").data["text"]))
    vat = next(s for s in taxes if s.startswith("Your VAT invoice"))
    assert taxes[vat] == {"UK", "DE"}  # under the "UK and Germany:" label
    hours = " ".join(
        quote_sentences(
            policy("contact-escalation", "channels"),
            message="when are your phone lines open?",
            market="US",
            hints=["phone", "open"],
        )
    )
    assert "UK time" in hours  # a clock, not the UK shop's rule


# --- the tools and the plan ---------------------------------------------------------------------


def test_that_the_plan_fetches_what_complete_answers_need():
    def tools(intent: str, **kw: Any) -> list[tuple[str, dict[str, Any]]]:
        args = {"order_ids": (), "skus": (), "query_text": "hello", "logged_in": True, **kw}
        return [(c.tool, c.arguments) for c in plan_tools(intent, **args)]

    cancel = tools("cancel_order", order_ids=("<ORDER_ID_1>",))
    assert ("check_return_eligibility", {"order_id": "<ORDER_ID_1>"}) in cancel
    change = tools("change_order", order_ids=("<ORDER_ID_1>",))
    assert ("check_return_eligibility", {"order_id": "<ORDER_ID_1>"}) in change
    exchange = tools("exchange", order_ids=("<ORDER_ID_1>",))
    assert ("lookup_order", {"order_id": "<ORDER_ID_1>", "variants": True}) in exchange
    (search,) = [a for t, a in tools("return_request") if t == "search_policies"]
    assert search["policy"] == "returns"
    assert search["sections"] == ["window", "return-costs", "start"]
    other = tools("other")
    assert other and other[0][1]["policy"] == "contact-escalation"


def test_that_the_order_tools_state_delivery_times_attempts_and_deadlines(seeded_db):
    from tests.test_tools_orders import make_ctx, sql_one
    from tools.orders import list_customer_orders, lookup_order

    placed = sql_one(
        seeded_db,
        """SELECT o.id, o.customer_id, o.market FROM orders o
           WHERE o.status = 'placed' ORDER BY o.id LIMIT 1""",
    )
    ctx = make_ctx(seeded_db, customer_id=placed["customer_id"], market=placed["market"])
    (fact,) = lookup_order(ctx, placed["id"]).facts
    estimates = fact.data["delivery_estimates"]
    assert estimates and {e["service"] for e in estimates} <= {"parcel", "two_person"}
    assert all(e["business_days"].endswith("business days") for e in estimates)
    assert {line["delivery"] for line in fact.data["lines"]} == {e["service"] for e in estimates}
    assert fact.data["price_promise_until"] and fact.data["damage_report_until"] is None

    tried = sql_one(
        seeded_db,
        """SELECT o.id, o.customer_id, o.market FROM orders o
           JOIN shipments s ON s.order_id = o.id JOIN tracking_events t ON t.shipment_id = s.id
           WHERE t.code = 'attempt_failed' AND o.status = 'delivered' ORDER BY o.id LIMIT 1""",
    )
    ctx = make_ctx(seeded_db, customer_id=tried["customer_id"], market=tried["market"])
    (fact,) = lookup_order(ctx, tried["id"]).facts
    attempts = [a for s in fact.data["shipments"] for a in s["failed_attempts"]]
    assert attempts and all("tried to deliver" in a["description"] for a in attempts)
    assert fact.data["damage_report_until"] and fact.data["delivery_estimates"] == []
    with_variants = lookup_order(ctx, tried["id"], variants=True).facts
    skus = {line["sku"] for line in fact.data["lines"]}
    assert skus <= {f.data.get("sku") for f in with_variants if f.kind == "product"}

    listing = list_customer_orders(ctx).facts[0]
    ours = [o for o in listing.data["orders"] if ctx.vault.value_of(o["order_ref"]) == tried["id"]]
    assert ours and ours[0]["shipments"] and ours[0]["shipments"][0]["carrier"]


# --- side questions found by fresh batch 7 -----------------------------------------------------


def test_that_a_reply_never_quotes_the_same_policy_sentence_twice():
    # The refund time is quoted for "how quickly?" and the section is quoted again for the
    # pending payment beside it: the gift-card row must not come back in the second quote.
    paid_by_gift_card = with_data(order_in("placed"), payment_method="gift_card")
    facts = [
        paid_by_gift_card,
        eligibility("cancel", True, "not_yet_dispatched"),
        policy("cancellations", "before-dispatch"),
        policy("cancellations", "refund"),
        policy("cancellations", "partial"),
    ]
    message = (
        f"I used a gift card on order {REF} and I'd now rather save it for something else. If "
        "I cancel the order, does the balance go back onto the gift card, and how quickly?"
    )
    text = write("cancel_order", facts, message).text
    quoted = [s for q in re.findall(r"“([^”]*)”", text) for s in re.split(r"(?<=[.)])\s+", q)]
    assert "Gift card: 0 business days (instant)." in quoted
    assert len(quoted) == len(set(quoted)), quoted


def test_that_where_a_refund_would_go_is_answered_beside_a_lost_parcel():
    facts = [
        order_in("lost_in_transit"),
        policy("refunds", "timing"),
        policy("refunds", "method"),
    ]
    message = (
        f"if {REF} really has gone missing and i pick the refund, does the money go back into "
        "my paypal or do you just give me store credit?"
    )
    text = write("refund_status", facts, message).text
    # The order was paid by card: that is where its refund goes, whatever the customer guessed.
    assert "goes back to the original payment method, your card:" in text


@pytest.mark.parametrize("market", ["UK", "US", "DE"])
def test_that_a_delay_with_a_return_time_question_gives_the_markets_window(market: str):
    facts = [
        order_in("delayed", market),
        policy("delivery", "delayed"),
        policy("returns", "window"),
    ]
    message = (
        f"{REF} is held up. When will it come now, and will there still be the full time to "
        "send it back if it isn't right?"
    )
    text = write("delivery_problem", facts, message, market).text
    assert f"{MARKET_LABEL[market]}: {WINDOW[market]}" in text
    assert "starts on the delivery date" in text


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("If I don't get on with that one either, can it be sent back as well?", True),
        ("Is the new one returnable if it's still wrong, or am I stuck with it?", True),
        ("Is the Oat in stock?", False),
    ],
)
def test_that_an_exchange_says_the_replacement_can_go_back_too_when_asked(
    question: str, asked: bool
):
    facts = [
        order_in("delivered"),
        eligibility("return", True, "within_window", deadline="2026-11-26", days_left=25),
        policy("returns", "exchanges"),
        policy("returns", "window"),
    ]
    message = f"I'd like to swap the lamp from {REF} for the Oat. {question}"
    text = write("exchange", facts, message).text
    assert ("UK: 30 days" in text and "starts on the delivery date" in text) is asked


@pytest.mark.parametrize(
    ("section", "question", "expected"),
    [
        ("return-costs", "Do I print a label myself?", "we'll email you a prepaid returns label"),
        (
            "return-costs",
            "What do I need to do this time, and is there a charge?",
            "Return an item",
        ),
        (
            "condition",
            "How should I pack it so it survives?",
            "packed well enough to survive the journey back",
        ),
    ],
)
def test_that_a_label_packing_or_steps_question_about_a_return_gets_its_sentence(
    section: str, question: str, expected: str
):
    facts = [
        order_in("delivered"),
        eligibility("return", True, "within_window", deadline="2026-11-26", days_left=25),
        policy("returns", "start"),
        policy("returns", section),
    ]
    message = f"I'd like to send back the lamp from {REF}. {question}"
    assert expected in write("return_request", facts, message).text


@pytest.mark.parametrize(
    "question",
    [
        "I need the money back on my card today, not after you've inspected it.",
        "Roughly how long until the money is back on my card?",
        "Will the money go back on my card, and how quickly does it show up?",
        "I'm not sure how the money would find its way back to me or how long that takes.",
        "How long after you get the parcel will the money turn up?",
        "Once it reaches you, how long before it's processed?",
        "Does the money go back on my card or to me some other way, and how fast?",
    ],
)
def test_that_when_the_money_comes_back_beside_a_return_gets_the_inspection_and_refund_times(
    question: str,
):
    facts = [
        order_in("delivered"),
        eligibility("return", True, "within_window", deadline="2026-11-26", days_left=25),
        policy("returns", "start"),
        policy("refunds", "timing"),
    ]
    message = f"I'm sending back the lamp from {REF} this week. {question}"
    text = write("return_request", facts, message).text
    assert "we inspect returns within 3 business days" in text
    assert "Card: 3 to 5 business days" in text


def test_that_money_back_on_an_order_not_yet_sent_is_not_told_about_return_inspections():
    facts = [
        order_in("processing"),
        eligibility("return", False, "not_delivered_yet"),
        eligibility("cancel", True, "not_dispatched"),
        policy("cancellations", "refund"),
        policy("refunds", "timing"),
    ]
    message = (
        f"I want to give back {REF}, it is not sent yet. "
        "How I get my money back and how long it takes?"
    )
    text = write("return_request", facts, message).text
    assert "we inspect returns within" not in text


def test_that_a_double_payment_by_bank_transfer_gets_the_double_charge_rule():
    fact = with_data(order_in("processing", "DE"), payment_method="bank_transfer")
    facts = [
        fact,
        policy("payments-invoices", "bank-transfer"),
        policy("payments-invoices", "billing-errors"),
    ]
    message = (
        f"I paid for {REF} by bank transfer and the same amount has left my account twice. "
        "Will the second payment come back to me?"
    )
    text = write("billing", facts, message, "DE").text
    # What to send so the duplicate can be matched and refunded (the refund sentence itself is
    # a promise, which a quote never makes).
    assert "the date and amount of each charge" in text
    assert "Refunds for orders paid by bank transfer" not in text


def test_that_opening_hours_are_answered_and_the_assistant_never_closes():
    # Scored as the policy search scores the section it was asked for.
    hours = replace(policy("contact-escalation", "hours"), score=0.5)
    facts = [hours, policy("contact-escalation", "channels")]
    draft_ = write("other", facts, "I work nights. Is this chat still open after midnight?")
    assert "Monday to Saturday, 8am to 8pm UK time" in draft_.text
    assert "available at any hour" in draft_.text and draft_.grounded
    ringing = write(
        "other",
        facts,
        "My shift ends at half seven on Saturday evenings. If I ring you from the bus, will "
        "somebody still pick up?",
    )
    assert "Monday to Saturday, 8am to 8pm UK time" in ringing.text and ringing.grounded
    # When will a message left out of hours be seen: the hours and how soon we answer.
    replies = policy("contact-escalation", "response-times")
    sunday = write(
        "other",
        [*facts, replies],
        "If I leave a question here on a Sunday evening, when is somebody from your team "
        "actually likely to see it?",
    )
    assert "We're closed on Sundays" in sunday.text
    assert "first response within 24 hours" in sunday.text and sunday.grounded
    assert replies.source_id in sunday.citations


def _order_and_price_promise(state: str, until: str, asked_section: str) -> list[Fact]:
    """An order whose price promise runs until `until`, with the promise's section the question
    is about and the two a price drop would read."""
    fact = with_data(order_in(state), price_promise_until=until, price_promise_open=True)
    return [
        fact,
        policy("price-promise", asked_section),
        policy("price-promise", "claim"),
        policy("price-promise", "how-it-works"),
    ]


@pytest.mark.parametrize(
    ("message", "exclusion", "not_said"),
    [
        (
            f"I paid full price for the rug on {REF} and now it's in your final sale for less. "
            "Am I owed the difference?",
            "There's no price promise on final-sale items",
            "Prices in another market",
        ),
        (
            f"Another shop is selling the exact same curtains as on my order {REF} for quite a "
            "bit less. Will you match their price and refund me the difference?",
            "covers our own prices only",
            "Final-sale items",
        ),
    ],
)
def test_that_a_drop_the_promise_excludes_gets_the_exclusion_not_the_promise_dates(
    message: str, exclusion: str, not_said: str
) -> None:
    facts = _order_and_price_promise("delivered", "2026-11-03", "exclusions")
    draft_ = write("billing", facts, message)
    assert exclusion in draft_.text, draft_.text
    assert "covers it until" not in draft_.text and not_said not in draft_.text
    assert draft_.grounded, draft_.notes


def test_that_cancelling_to_reorder_at_a_lower_price_gets_the_price_promise_instead():
    fact = with_data(
        order_in("processing"), price_promise_until="2026-11-13", price_promise_open=True
    )
    facts = [
        fact,
        eligibility("cancel", True, "not_dispatched"),
        policy("cancellations", "before-dispatch"),
        policy("price-promise", "claim"),
    ]
    message = (
        f"The price of the curtains on {REF} has dropped since I ordered, so I'm planning to "
        "cancel and order again. Any reason I shouldn't?"
    )
    text = write("cancel_order", facts, message).text
    assert "our price promise covers it until Friday 13 November" in text
    assert "please don't cancel and reorder to get the lower price" in text


def test_that_a_price_drop_asked_beside_a_delivered_order_gets_the_promise_dates():
    fact = with_data(
        order_in("delivered"), price_promise_until="2026-11-11", price_promise_open=True
    )
    facts = [fact, policy("price-promise", "how-it-works"), policy("price-promise", "claim")]
    message = (
        f"{REF} - the kettle has dropped in price. is your 14 days from when i ordered or from "
        "when it arrived?"
    )
    text = write("order_status", facts, message).text
    assert "our price promise covers it until Wednesday 11 November" in text
    assert "The 14 days count from the date you placed your order." in text


def test_that_a_reset_email_that_never_comes_gets_the_reset_steps_not_the_account_settings():
    facts = [
        policy("account-privacy", "account-details"),
        policy("account-privacy", "password"),
    ]
    message = (
        "I can't get into my account and the reset email isn't arriving. Can you reset it for me "
        "from your end?"
    )
    text = write("account", facts, message).text
    assert "Forgot password" in text
    assert "check your spam or junk folder" in text


@pytest.mark.parametrize(
    "message",
    [
        "I'm locked out. The account is under my wife's email but she's away - please change the "
        "login email to mine and send me a reset link.",
        "I mistyped my email when I registered (hotmial), so the password reset never arrives "
        "and I can't sign in at all. What can I do?",
        # The old address gone, though still signed in: changing it needs that identity check.
        "The old one was a work address, and it was switched off the day I was made redundant, "
        "so I can't get into it at all. I'm still signed in though. Does that stop me changing "
        "it?",
    ],
)
def test_that_a_lockout_caused_by_the_address_itself_gets_what_we_ask_before_changing_it(
    message: str,
):
    facts = [
        policy("account-privacy", "password"),
        policy("account-privacy", "account-details"),
    ]
    text = write("account", facts, message).text
    assert "recent order" in text
    # Asked for no more than the way to change it themselves, the steps are the answer.
    plain = write("account", facts, "How do I change my email address?").text
    assert "Account settings" in plain and "recent order" not in plain


def test_that_a_return_that_takes_the_order_below_free_delivery_is_told_delivery_stays_free():
    facts = [
        order_in("delivered"),
        eligibility("return", True, "within_window", deadline="2026-11-26", days_left=25),
        policy("refunds", "delivery-charges"),
    ]
    message = (
        f"If I send back just the throw from {REF} and keep the rest, does the delivery stop "
        "being free because the order's smaller now?"
    )
    draft_ = write("return_request", facts, message)
    assert "we don't charge you delivery after the fact" in draft_.text
    assert "policy:refunds@v2#delivery-charges" in draft_.citations


def test_that_asking_to_leave_a_parcel_somewhere_gets_the_carriers_safe_place_option():
    facts = [order_in("in_transit"), policy("order-changes", "date")]
    message = (
        f"nobody's in on weekdays so the driver can just leave {REF} in the log store round the "
        "side of the house"
    )
    text = write("delivery_problem", facts, message).text
    # The order itself can no longer be changed; what the carrier offers is what is left.
    assert "has already been dispatched, so it can't be changed now." in text
    assert text.index("already been dispatched") < text.index("choose a different day")
    assert "choose a different day or a safe place" in text


def test_that_a_different_day_for_an_order_not_yet_sent_is_not_called_dispatched():
    facts = [order_in("processing"), policy("order-changes", "date")]
    message = f"can I choose a different day for {REF} to come? I'm away that week"
    text = write("order_status", facts, message).text
    assert "already been dispatched" not in text


def test_that_unsubscribing_is_told_which_emails_still_come():
    facts = [policy("account-privacy", "marketing")]
    message = (
        "I want to turn off your promotional emails, but a wardrobe is coming with your two-man "
        "team soon. If I unsubscribe, will I miss the message about when they're coming?"
    )
    text = write("account", facts, message).text
    assert "Unsubscribe" in text
    assert "doesn't affect service emails about your orders" in text


def test_that_a_billing_question_that_also_asks_when_it_came_gets_the_delivery_date():
    facts = [order_in("delivered", "DE"), policy("payments-invoices", "tax-invoices")]
    message = f"On what date was {REF} delivered, and where can I download the VAT invoice?"
    text = write("billing", facts, message, "DE").text
    assert "delivered it on Tuesday 27 October" in text
    assert "Orders page" in text
    plain = write("billing", facts, f"Where can I download the VAT invoice for {REF}?", "DE")
    assert "delivered it on" not in plain.text


def test_that_a_return_already_refunded_says_how_much_went_back_and_when():
    refunded = order_in("refunded", "US")
    settled = eligibility("return", False, "already_returned", "US")
    message = f"I used an old box for {REF}, it should be with you by now. When do I see my money?"
    text = write("return_request", [refunded, settled], message, "US").text
    assert "already been returned or refunded" in text
    assert "$154.05" in text and "October 19" in text


def test_that_an_oiling_question_gets_the_care_instructions():
    table = product(
        "UK",
        sku="FUR-0101",
        product_name="Monroe Dining Table",
        variant_name="Walnut, 4-6 seats",
        care="Wipe spills straight away and re-oil with hardwax oil once or twice a year.",
    )
    message = "Monroe Dining Table Walnut, 4-6 seats - how often does it need oiling"
    text = write("product_info", [table], message, "UK").text
    assert "re-oil with hardwax oil once or twice a year" in text
    # "Oiled" alone names a finish, not a care question.
    finish = with_data(table, variant_name="White Oiled Oak, 4-6 seats")
    sizes = write("sizing_fit", [finish], "How deep is the Monroe (White Oiled Oak)?", "UK").text
    assert "re-oil" not in sizes


@pytest.mark.parametrize(
    ("market", "message"),
    [
        (
            "UK",
            f"Evri have pushed {REF} back to Tuesday. I fly out to Singapore on Monday night and "
            "the house will be empty for ten days.",
        ),
        # What if it can't be delivered at all: the same rule, the attempts and then the depot.
        (
            "US",
            f"The tracking for {REF} says there's an address query. If they can't deliver it in "
            "the end, does it go back to you?",
        ),
    ],
)
def test_that_a_late_parcel_nobody_may_be_there_to_take_gets_the_missed_delivery_rule(
    market: str, message: str
):
    facts = [
        order_in("delayed", market),
        policy("delivery", "delayed"),
        policy("delivery", "missed"),
    ]
    text = write("delivery_problem", facts, message, market).text
    assert "held at the carrier's local depot for 7 days" in text
    assert "two-person" not in text  # a parcel's customer is not given the large-item rule
    assert cued_topics(message) == {"delivery": ["missed"]}


def test_that_how_long_a_refund_takes_is_answered_beside_a_lost_parcel():
    facts = [order_in("lost_in_transit"), policy("delivery", "lost"), policy("refunds", "timing")]
    message = (
        "A trace? So it's properly gone missing then. If it doesn't turn up I'd rather have the "
        "money back than wait for another one. How long would that take to reach my card?"
    )
    text = write("delivery_problem", facts, message).text
    assert "Card: 3 to 5 business days" in text


@pytest.mark.parametrize(
    "message",
    [
        f"My cousin at your head office authorised the 30% staff discount for {REF}. Can you "
        "apply the 30% now and refund the difference?",
        f"I forgot to put my newsletter code in when I ordered {REF}, can you still take it off?",
    ],
)
def test_that_a_discount_asked_for_after_ordering_gets_the_promo_code_rule(message: str):
    facts = _order_and_price_promise("processing", "2026-11-13", "promo-codes")
    draft_ = write("billing", facts, message)
    assert "You can use one promo code per order." in draft_.text, draft_.text
    assert "can't be added after ordering" in draft_.text or "can't apply it" in draft_.text
    # The price promise's dates answer a lower price, not a code.
    assert "covers it until" not in draft_.text
    assert draft_.grounded, draft_.notes


def test_that_cancelling_an_order_already_sent_back_says_nothing_is_left_and_the_refund():
    sent = refund("183.90", "UK", processed_on="2026-11-01", expected_by="2026-11-03")
    delivered = shipment("delivered", "UK", delivered_on="2026-10-07")
    facts = [
        order("refunded", "UK", shipments=[delivered], refunds=[sent], total="183.90"),
        eligibility("cancel", False, "already_returned"),
        policy("cancellations", "after-dispatch"),
    ]
    message = f"Could you cancel {REF} for me? I've lost track of it, I'd just like my money back."
    text = write("cancel_order", facts, message).text
    assert f"There's nothing left to cancel on your order {REF}" in text
    assert "already been dispatched" not in text
    assert "£183.90" in text and "1 November" in text
    # What happened to it, in order: delivered, then sent back and refunded.
    assert text.index("delivered it on Wednesday 7 October") < text.index("£183.90"), text


def test_that_a_parcel_delivered_to_an_address_the_customer_left_goes_to_a_person():
    facts = [order_in("delivered"), policy("delivery", "not-received")]
    message = (
        f"I never updated my address, and the tracking says {REF} was delivered on 27 October, "
        "to my old apartment. The new tenant isn't answering. Is there anything you can do?"
    )
    moved = draft("delivery_problem", facts, message)
    assert not moved.grounded
    assert "delivered" in moved.text and "colleague" in moved.text
    # The carrier's early scan is not what happened, and the rule for it is not quoted.
    assert "Carriers sometimes mark a parcel delivered" not in moved.text
    assert any("moved from" in note for note in moved.notes)
    # A parcel marked delivered that never came is still the not-received rule's.
    lost = write("delivery_problem", facts, f"{REF} says delivered but it never came")
    assert lost.grounded and "investigation" in lost.text


def test_that_a_tracking_number_tried_on_another_carriers_page_is_told_whose_it_is():
    facts = [order_in("in_transit"), policy("delivery", "tracking")]
    message = (
        "Thanks. I've typed that into the DHL website twice now and it says the shipment can't be "
        "found. Is the number wrong, or has something happened to my parcel?"
    )
    text = write("delivery_problem", facts, message, follow_up=True).text
    assert "It's with Royal Mail, not DHL, so its tracking number" in text
    # Another carrier named in passing asks nothing about this parcel's tracking page.
    aside = write("delivery_problem", facts, f"Where is {REF}? DHL left my last parcel outside.")
    assert "not DHL" not in aside.text


@pytest.mark.parametrize(
    ("fee", "expected"),
    [
        ("0.00", "Delivery on your order {ref} was free: its total of £129.00 has no delivery"),
        ("4.95", "You paid £4.95 for delivery on your order {ref}, as part of its total of £129"),
    ],
)
def test_that_did_i_pay_for_shipping_beside_a_status_question_gets_the_orders_delivery_charge(
    fee: str, expected: str
):
    shipped = order_in("in_transit")
    facts = [replace(shipped, data={**shipped.data, "delivery_fee": fee})]
    message = f"Has {REF} shipped, what day should I expect it, and did I pay for shipping on it?"
    draft_ = write("order_status", facts, message)
    assert expected.format(ref=REF) in draft_.text, draft_.text
    assert draft_.grounded, draft_.notes


@pytest.mark.parametrize(
    "message",
    [
        f"Where is {REF} right now, and what happens if the driver comes and I don't wake up?",
        f"Is {REF} still on its way? If nobody's home when the driver comes, what happens?",
    ],
)
def test_that_nobody_home_beside_a_status_question_gets_the_missed_delivery_rule(message: str):
    facts = [order_in("in_transit"), policy("delivery", "missed")]
    draft_ = write("order_status", facts, message)
    assert "held at the carrier's local depot for 7 days" in draft_.text, draft_.text
    assert draft_.grounded, draft_.notes


def test_that_a_lost_parcel_gets_the_lost_rule_even_when_the_message_mentions_missing_it():
    facts = [order_in("lost_in_transit"), policy("delivery", "lost"), policy("delivery", "missed")]
    message = (
        f"The tracking for {REF} hasn't changed in over a week. No 'sorry we missed you', "
        "nothing. Could you tell me what's going on, and what happens if it doesn't turn up?"
    )
    text = write("delivery_problem", facts, message).text
    assert "investigation with the carrier within 2 business days" in text, text
    assert "depot" not in text
