"""The post-generation check: a reply may state only what its facts say, and the automatic route
never carries a promise of money or goods.

Hand-written hallucinations (what a model might write) are rejected with a readable reason; every
template draft, over many generated fact variations and over real seeded orders rendered by the
tools, passes.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest

from drafting.check import check_draft
from drafting.promises import promise_kinds
from drafting.template import draft_with_templates
from drafting.types import Draft
from nlp.taxonomy import INTENT_NAMES
from store.order_models import ORDER_STATES
from store.policies import current_policies
from tests.test_template_drafter import (
    CURRENCY,
    REF,
    a_return,
    eligibility,
    event,
    order,
    order_in,
    policy,
    product,
    refund,
    refused,
    shipment,
)
from tools.facts import Fact

MESSAGE = f"Where is my order {REF}? It was meant to come on the 28th."


def draft_of(text: str, *citations: str, grounded: bool = True) -> Draft:
    return Draft(text=text, citations=citations, grounded=grounded, drafter="llm")


def problems(text: str, facts: list[Fact], *, auto_route: bool = True, cite: bool = True) -> str:
    """All problems the check finds in `text`, as one string ("" when the draft passes)."""
    citations = tuple(f.source_id for f in facts[:1]) if cite else ()
    result = check_draft(
        draft_of(text, *citations), facts, masked_message=MESSAGE, auto_route=auto_route
    )
    assert result.ok == (not result.problems)
    return " | ".join(result.problems)


IN_TRANSIT = [order_in("in_transit")]  # due Wednesday 28 October 2026, total £129.00
CANCELLED = [order_in("cancelled")]  # refunded £129.00 on Sunday 25 October


# --- hallucinations are rejected, each with a reason a person can read ------------------------


def test_that_a_placeholder_nobody_gave_is_rejected_but_known_ones_pass():
    assert "uses the placeholder <ORDER_ID_2>" in problems(
        "Your order <ORDER_ID_2> is late.", IN_TRANSIT
    )
    assert "<EMAIL_ADDRESS_1>" in problems("We emailed <EMAIL_ADDRESS_1>.", IN_TRANSIT)
    assert problems("Your order <ORDER_ID_1> is on its way.", IN_TRANSIT) == ""
    assert problems("Tracking number: <TRACKING_NUMBER_1>.", IN_TRANSIT) == ""


def test_that_raw_order_numbers_are_rejected_but_a_tracking_number_from_the_facts_passes():
    assert "raw number HR-204813" in problems("Your order HR-204813 is on its way.", IN_TRANSIT)
    assert "raw number 204813" in problems("Order #204813 is on its way.", IN_TRANSIT)
    assert "raw order number HR 204813" in problems("Order HR 204813 is late.", IN_TRANSIT)
    assert "raw number 98765432" in problems("Your reference is 98765432.", IN_TRANSIT)
    assert problems("The tracking number is AB123456789GB.", IN_TRANSIT) == ""
    fedex = [order_in("in_transit", "US")]
    assert problems("The tracking number is 734512908812.", fedex) == ""
    assert "raw number 734512908813" in problems("Tracking: 734512908813.", fedex)


def test_that_an_amount_is_compared_in_normal_form_and_with_its_currency():
    assert problems("Your order came to £129.00.", IN_TRANSIT) == ""
    assert problems("Your order came to £129.", IN_TRANSIT) == ""
    assert problems("Your order came to 129.00 GBP.", IN_TRANSIT) == ""
    assert "the amount £130.00" in problems("Your order came to £130.00.", IN_TRANSIT)
    assert "the amount $129.00" in problems("Your order came to $129.00.", IN_TRANSIT)
    big = [order("delivered", total="1295.00")]
    assert problems("It cost £1,295.00.", big) == ""
    assert "£1,259.00" in problems("It cost £1,259.00.", big)
    fees = [policy("returns", "return-costs")]
    assert problems("A large-item collection in Germany is €39.00.", fees) == ""
    assert "€49.00" in problems("A large-item collection in Germany is €49.00.", fees)


@pytest.mark.parametrize(
    "written",
    [
        "28 October",
        "October 28",
        "28/10/2026",
        "10/28/2026",
        "2026-10-28",
        "Wednesday 28 October",
        "Wednesday, October 28",
        "28th October 2026",
        "Wed 28 Oct",
    ],
)
def test_that_every_common_way_of_writing_a_fact_date_passes(written: str):
    assert problems(f"It's due on {written}.", IN_TRANSIT) == ""


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("29 October", "the date “29 October”"),
        ("October 30, 2026", "the date “October 30, 2026”"),
        ("29/10/2026", "the date “29/10/2026”"),
        ("2026-11-28", "the date “2026-11-28”"),
        ("28 October 2025", "the date “28 October 2025”"),
        ("Tuesday 28 October", "wrong weekday (the facts' date is a Wednesday)"),
    ],
)
def test_that_an_invented_date_or_weekday_is_rejected(written: str, reason: str):
    assert reason in problems(f"It's due on {written}.", IN_TRANSIT)


def test_that_day_counts_and_percentages_must_come_from_the_facts():
    refunds = [policy("refunds", "timing")]
    assert problems("Card refunds take 3 to 5 business days.", refunds) == ""
    assert problems("PayPal refunds take one to two business days.", refunds) == ""
    assert "a period of 10 day(s)" in problems("Card refunds take 10 business days.", refunds)
    assert "a period of 3 day(s)" in problems("It should arrive within 3 days.", IN_TRANSIT)
    window = [policy("returns", "window")]
    assert problems("In the US you have a 45-day return window.", window) == ""
    assert "a period of 90 day(s)" in problems("You have 90 days to return it.", window)
    elig = [eligibility("return", True, "within_window", deadline="2026-11-26", days_left=25)]
    assert problems("You have 25 days left, until 26 November.", elig) == ""
    assert "states 15%" in problems("That is 15% of the price.", IN_TRANSIT)


def test_that_a_citation_outside_the_facts_is_rejected():
    draft = draft_of("Your order <ORDER_ID_1> is on its way.", "order:HR-204813", "sku:LGT-9999")
    result = check_draft(draft, IN_TRANSIT, masked_message=MESSAGE, auto_route=True)
    assert result.problems == ("cites sku:LGT-9999, which is not among the facts",)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("We'll refund you in full straight away.", "refund"),
        ("I've arranged a replacement, it will reach you on Wednesday 28 October.", "replacement"),
        ("As a goodwill gesture I can add a £10.00 credit.", "goodwill"),
        ("I'd like to offer you compensation for the wait.", "compensation"),
        ("Here's a discount code for your next order.", "discount"),
        ("You'll receive a full refund once it's back.", "refund"),
    ],
)
def test_that_promises_are_rejected_on_the_automatic_route_only(text: str, kind: str):
    found = problems(text, IN_TRANSIT, auto_route=True)
    assert f"promises {kind} on the automatic route" in found
    assert "promises" not in problems(text, IN_TRANSIT, auto_route=False)


def test_that_stating_an_existing_refund_is_not_a_promise():
    for text in (
        "Your refund of £129.00 was processed on Sunday 25 October.",
        "We refunded £129.00 to your card on 25 October.",
        "A refund of £129.00 went back to your card on Sunday 25 October.",
    ):
        assert problems(text, CANCELLED) == "", text
        assert promise_kinds(text) == ()


def test_that_a_quoted_commitment_does_not_run_into_the_next_sentence():
    # "we'll ... reserve" ends at the closing quote; "refunded" after it is a separate statement.
    text = "Our Returns policy says: “We'll reserve the new one for you.” It was refunded."
    assert "refund" not in promise_kinds(text)


def test_that_a_refund_claimed_without_one_in_the_facts_is_rejected():
    found = problems("We have refunded £129.00 to your card.", IN_TRANSIT)
    assert "says a refund was made, but no order fact shows a refund" in found


def test_that_a_drafters_declared_promise_counts_even_when_the_words_hide_it():
    draft = replace(
        draft_of("A colleague will sort it out.", "order:HR-204813"), promises=("replacement",)
    )
    result = check_draft(draft, IN_TRANSIT, masked_message=MESSAGE, auto_route=True)
    assert not result.ok and "promises replacement" in result.problems[0]


# --- every template draft passes: generated facts -------------------------------------------

ALL_SECTIONS = [(d.slug, s.anchor) for d in current_policies() for s in d.sections]
DAY0 = date(2026, 9, 20)


def _day(rng: random.Random, start: int = 0, end: int = 70) -> str:
    return (DAY0 + timedelta(days=rng.randint(start, end))).isoformat()


def _amount(rng: random.Random) -> str:
    return f"{rng.choice([9.95, 45, 89, 129, 640, 1295, 2190.5]) * rng.choice([1, 1, 2]):.2f}"


def random_order(rng: random.Random, market: str, state: str) -> Fact:
    """An order in `state` with random dates, money, carriers, methods and shipments."""
    base = order_in(state, market)
    data: dict[str, Any] = {**base.data}
    data["total"] = _amount(rng)
    data["placed_on"] = _day(rng, 0, 20)
    data["payment_method"] = rng.choice(["card", "paypal", "klarna", "gift_card", "bank_transfer"])
    ships = []
    for n, ship in enumerate(base.data["shipments"], start=1):
        when = _day(rng, 25, 60)
        last = ship["last_event"]
        if last is not None and rng.random() < 0.8:
            note = rng.choice([last["description"], f"Arrived at the hub; new estimate {when}"])
            last = event(f"{_day(rng, 20, 40)}T10:{n:02d}:00+00:00", note)
        ships.append(
            {
                **ship,
                "estimated_delivery": when if rng.random() < 0.9 else None,
                "delivered_on": ship["delivered_on"] and _day(rng, 20, 40),
                "tracking_ref": f"<TRACKING_NUMBER_{n}>",
                "last_event": last,
            }
        )
    if ships and rng.random() < 0.3:
        extra = shipment(
            "in_transit",
            market,
            eta=_day(rng, 40, 60),
            service="two_person",
            carrier="Hollin & Reed Home Delivery",
            tracking_ref="<TRACKING_NUMBER_9>",
        )
        ships.append(extra)
    data["shipments"] = ships
    data["refunds"] = [
        refund(
            _amount(rng),
            market,
            status=rng.choice(["processed", "pending", "failed"]),
            method=data["payment_method"],
            processed_on=_day(rng, 30, 50),
            expected_by=rng.choice([None, _day(rng, 50, 70)]),
        )
        for _ in base.data["refunds"] or ([] if rng.random() < 0.7 else [1])
    ]
    data["returns"] = [
        a_return(
            rng.choice(["received", "refunded", "requested"]),
            received_on=rng.choice([None, _day(rng, 30, 45)]),
            fee=rng.choice(["0.00", "6.95", "39.00", "59.00"]),
        )
        for _ in base.data["returns"]
    ]
    return replace(base, data=data)


def random_eligibility(rng: random.Random, market: str, action: str) -> Fact:
    eligible = rng.random() < 0.5
    codes = (
        ["within_window"]
        if eligible and action == "return"
        else ["not_yet_dispatched"]
        if eligible
        else [
            "window_closed",
            "not_delivered_yet",
            "final_sale_item",
            "made_to_order_item",
            "already_cancelled",
            "already_returned",
            "already_dispatched",
            "under_review",
        ]
    )
    code = rng.choice(codes)
    deadline = rng.choice([None, _day(rng, 30, 90)])
    reason = rng.choice(["", f"The window closed on {deadline or '2026-10-01'}; sorry."])
    excluded = [
        {
            "sku": "LGT-0412",
            "why": rng.choice(
                ["final_sale_item", "made_to_order_item", "window_closed", "odd_reason"]
            ),
        }
    ]
    return eligibility(
        action,
        eligible,
        code,
        market,
        deadline=deadline,
        days_left=rng.choice([None, 0, 1, 12, 44]) if deadline else None,
        fee=rng.choice([None, "0.00", "6.95", "59.00"]),
        excluded=excluded if rng.random() < 0.4 else [],
        conditions=[{"sku": "LGT-0412", "condition": "only_if_sealed"}]
        if rng.random() < 0.2
        else [],
        reason=reason,
    )


def random_product(rng: random.Random, market: str | None) -> Fact:
    in_stock = rng.choice([True, False, None])
    return product(
        market,
        made_to_order=rng.random() < 0.3,
        lead_time_weeks=rng.choice([None, 6, 9]),
        final_sale=rng.random() < 0.2,
        in_stock=in_stock,
        stock=12 if in_stock else 0,
        restock_date=None if in_stock else rng.choice([None, _day(rng, 40, 80)]),
        price=None if market is None else _amount(rng),
        weight_kg=rng.choice([0.4, 2.1, 38.5]),
    )


QUESTIONS = [
    f"Where is my order {REF}?",
    f"Can I return {REF}? How long do I have and what does it cost?",
    f"Please cancel {REF} and refund me",
    "Does the Alder lamp take an E27 bulb, 60 W, and is it dimmable? Is it for outdoors?",
    "How big is it and how heavy? How do I clean it? Where is it made?",
    f"My parcel {REF} says delivered but never arrived, I want compensation",
    "I was charged twice, I'll go to my bank for a chargeback",
    "Delete my data and close my account",
    "I want to speak to a manager, this is a complaint",
    "How long do refunds take to my card?",
]


def test_that_every_template_draft_for_generated_facts_passes_the_check():
    rng = random.Random(20261101)
    checked = 0
    for _round in range(60):
        market = rng.choice(["UK", "US", "DE"])
        state = rng.choice(ORDER_STATES)
        facts: list[Fact] = [random_order(rng, market, state)]
        for action in ("return", "cancel", "change"):
            if rng.random() < 0.6:
                facts.append(random_eligibility(rng, market, action))
        if rng.random() < 0.7:
            facts.append(random_product(rng, rng.choice([market, None])))
        for slug, anchor in rng.sample(ALL_SECTIONS, 6):
            facts.append(policy(slug, anchor))
        if rng.random() < 0.15:
            facts = [
                refused(
                    rng.choice(
                        ["no_order_reference", "needs_verification", "not_found_or_not_yours"]
                    ),
                    rng.choice([[], ["order_number"], ["email_or_postcode"]]),
                )
            ]
            facts += [policy(s, a) for s, a in rng.sample(ALL_SECTIONS, 3)]
        message = rng.choice(QUESTIONS)
        for intent in INTENT_NAMES:
            for follow_up in (False, True):
                draft = draft_with_templates(
                    intent,
                    facts,
                    masked_message=message,
                    market=rng.choice([market, None]),
                    follow_up=follow_up,
                )
                auto = not draft.promises
                result = check_draft(draft, facts, masked_message=message, auto_route=auto)
                assert result.ok, (intent, state, market, result.problems, draft.text)
                if draft.promises:
                    assert intent == "damaged_item", (intent, draft.text)
                    held = check_draft(draft, facts, masked_message=message, auto_route=True)
                    assert not held.ok
                checked += 1
    assert checked == 60 * len(INTENT_NAMES) * 2


# --- every template draft passes: real seeded orders through the tools ------------------------


def test_that_template_drafts_from_real_seeded_orders_pass_the_check(seeded_db):
    from nlp.pii.vault import Vault
    from tests.test_tools_orders import make_ctx, sql_rows
    from tools.eligibility import (
        check_cancellation_eligibility,
        check_change_eligibility,
        check_return_eligibility,
    )
    from tools.orders import lookup_order

    rows = sql_rows(
        seeded_db,
        """SELECT DISTINCT ON (status, market) id, customer_id, market, status FROM orders
           ORDER BY status, market, id""",
    )
    assert {r["status"] for r in rows} == set(ORDER_STATES)
    assert {r["market"] for r in rows} == set(CURRENCY)
    drafted = 0
    for row in rows:
        vault = Vault()
        ctx = make_ctx(seeded_db, customer_id=row["customer_id"], market=row["market"], vault=vault)
        facts = list(lookup_order(ctx, row["id"]).facts)
        for check in (
            check_return_eligibility,
            check_cancellation_eligibility,
            check_change_eligibility,
        ):
            facts += [f for f in check(ctx, row["id"]).facts if f not in facts]
        ref = facts[0].data["order_ref"]
        message = f"What's happening with {ref}? Can I send it back or cancel it?"
        for intent in INTENT_NAMES:
            draft = draft_with_templates(
                intent, facts, masked_message=message, market=row["market"]
            )
            auto = not draft.promises
            result = check_draft(draft, facts, masked_message=message, auto_route=auto)
            assert result.ok, (row["status"], row["market"], intent, result.problems, draft.text)
            assert row["id"] not in draft.text
            drafted += 1
    assert drafted == len(rows) * len(INTENT_NAMES)


def test_that_template_drafts_about_real_catalogue_products_pass_the_check(seeded_db):
    from tests.test_tools_orders import sql_rows
    from tools.catalogue import product_facts

    rows = sql_rows(
        seeded_db,
        """SELECT DISTINCT ON (p.product_type) v.sku, p.product_type FROM variants v
           JOIN products p ON p.id = v.product_id ORDER BY p.product_type, v.sku""",
    )
    assert len(rows) > 25  # one SKU of every kind of product the shop sells
    questions = [
        "Will it fit through a 75 cm doorway? How big and heavy is it?",
        "Does it work on induction, take an E27 bulb of 60 W, and is it dimmable?",
        "Will it fit a 35 cm deep mattress and a king size bed? How many does it seat?",
        "What's it made of, how do I clean it, is it in stock and what's the warranty?",
    ]
    for n, row in enumerate(rows):
        market = ("UK", "US", "DE", None)[n % 4]
        facts = product_facts(seeded_db, [row["sku"]], market)
        assert facts and facts[0].kind == "product"
        for intent in ("sizing_fit", "compatibility", "product_info"):
            for question in questions:
                draft = draft_with_templates(intent, facts, masked_message=question, market=market)
                result = check_draft(draft, facts, masked_message=question, auto_route=True)
                assert result.ok, (row["product_type"], intent, result.problems, draft.text)
                assert draft.citations == (facts[0].source_id,)
