"""The grounded template drafter: replies in brand voice from facts alone, citing what they use.

Facts are built here as the tools build them (dicts per the fact schema), for every order state,
the three markets, eligibility outcomes, products and policy sections (the real policy texts).
One test drafts from a real seeded order rendered by tools/order_facts.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from drafting.template import WRITERS, draft_with_templates
from drafting.template_actions import wanted_variant
from drafting.template_compose import SECTION_SLOTS, Composer, Context, template_book
from drafting.template_facts import FactSet, chosen_product
from drafting.template_topics import TOPICS
from drafting.types import Draft
from nlp.taxonomy import INTENT_NAMES
from prompts.loader import (
    TemplateFileError,
    TemplateSlotError,
    load_templates,
    parse_templates,
)
from store.order_models import ORDER_STATES
from store.policies import current_policies
from tools.facts import DISCUSSED_BEFORE, Fact

CURRENCY = {"UK": "GBP", "US": "USD", "DE": "EUR"}
SYMBOL = {"UK": "£", "US": "$", "DE": "€"}
CARRIERS = {"UK": "Royal Mail", "US": "FedEx", "DE": "DHL"}
TRACKING = {"UK": "AB123456789GB", "US": "734512908812", "DE": "00340434161094042557"}
ORDER_ID, REF = "HR-204813", "<ORDER_ID_1>"
ORDER_SOURCE = f"order:{ORDER_ID}"

# --- fact builders (also used by tests/test_draft_check.py) ---------------------------------


def event(when: str, text: str) -> dict[str, Any]:
    return {"occurred_at": when, "description": text, "location": None}


def shipment(
    status: str,
    market: str = "UK",
    *,
    eta: str | None = "2026-10-28",
    delivered_on: str | None = None,
    last: dict[str, Any] | None = None,
    service: str = "parcel",
    carrier: str | None = None,
    tracking_ref: str | None = "<TRACKING_NUMBER_1>",
) -> dict[str, Any]:
    return {
        "carrier": carrier or CARRIERS[market],
        "service": service,
        "tracking_number": TRACKING[market],
        "tracking_ref": tracking_ref,
        "status": status,
        "dispatched_on": None if status == "label_created" else "2026-10-26",
        "estimated_delivery": eta,
        "delivered_on": delivered_on,
        "last_event": last,
    }


def refund(
    amount: str,
    market: str = "UK",
    *,
    status: str = "processed",
    method: str = "card",
    created_on: str = "2026-10-19",
    processed_on: str | None = "2026-10-19",
    expected_by: str | None = "2026-10-26",
) -> dict[str, Any]:
    return {
        "amount": amount,
        "currency": CURRENCY[market],
        "method": method,
        "status": status,
        "created_on": created_on,
        "processed_on": processed_on if status == "processed" else None,
        "expected_by": expected_by,
    }


def a_return(
    status: str = "received",
    *,
    received_on: str | None = "2026-10-16",
    fee: str = "6.95",
) -> dict[str, Any]:
    return {
        "status": status,
        "reason": "changed my mind",
        "requested_on": "2026-10-12",
        "received_on": received_on,
        "return_fee": fee,
    }


def line(
    sku: str = "LGT-0412",
    name: str = "Alder Table Lamp",
    variant: str = "Chalk, small",
    total: str = "129.00",
) -> dict[str, Any]:
    return {
        "line_no": 1,
        "sku": sku,
        "product_name": name,
        "variant_name": variant,
        "quantity": 1,
        "line_total": total,
        "status": "active",
    }


def order(
    status: str,
    market: str = "UK",
    *,
    shipments: list[dict[str, Any]] | None = None,
    refunds: list[dict[str, Any]] | None = None,
    returns: list[dict[str, Any]] | None = None,
    lines: list[dict[str, Any]] | None = None,
    total: str = "129.00",
    payment: str = "card",
    placed_on: str = "2026-10-24",
    cancelled_on: str | None = None,
    ref: str = REF,
    order_id: str = ORDER_ID,
) -> Fact:
    data = {
        "order_ref": ref,
        "status": status,
        "market": market,
        "currency": CURRENCY[market],
        "placed_on": placed_on,
        "total": total,
        "item_count": 1,
        "payment_method": payment,
        "cancelled_on": cancelled_on,
        "lines": lines or [line(total=total)],
        "shipments": shipments or [],
        "returns": returns or [],
        "refunds": refunds or [],
    }
    return Fact(f"order:{order_id}", "order", f"Order {ref}", data, f"Order {ref} is {status}.")


def order_in(state: str, market: str = "UK") -> Fact:
    """A real-looking order in each life-cycle state, shaped as the demo shop shapes them."""
    hub = event("2026-10-27T09:14:00+00:00", "Arrived at the Birmingham hub")
    money = {"UK": "129.00", "US": "164.00", "DE": "149.00"}[market]
    fee = {"UK": "6.95", "US": "9.95", "DE": "0.00"}[market]
    after = float(money) - float(fee)
    match state:
        case "placed" | "processing":
            return order(state, market, total=money)
        case "dispatched":
            label = event("2026-10-26T08:00:00+00:00", "Label created; waiting for collection")
            ships = [shipment("label_created", market, last=label)]
        case "in_transit":
            ships = [shipment("in_transit", market, last=hub)]
        case "out_for_delivery":
            out = event("2026-11-01T08:30:00+00:00", "Out for delivery today")
            ships = [shipment("out_for_delivery", market, eta="2026-11-01", last=out)]
        case "delivered" | "returned" | "refunded" | "partially_refunded":
            note = event("2026-10-27T13:05:00+00:00", "Delivered: left with a neighbour")
            ships = [
                shipment(
                    "delivered", market, eta="2026-10-28", delivered_on="2026-10-27", last=note
                )
            ]
        case "delayed":
            late = event(
                "2026-10-29T10:00:00+00:00",
                "Delayed because of severe weather on the route; new estimated delivery 2026-11-03",
            )
            ships = [shipment("delayed", market, eta="2026-11-03", last=late)]
        case "lost_in_transit":
            trace = event(
                "2026-11-01T07:00:00+00:00",
                "No scan for 7 days; a trace has been opened with the carrier",
            )
            ships = [shipment("lost", market, last=trace)]
        case "cancelled":
            refunds = [refund(money, market, created_on="2026-10-25", processed_on="2026-10-25")]
            return order(state, market, total=money, cancelled_on="2026-10-25", refunds=refunds)
        case _:
            raise ValueError(state)
    if state == "returned":
        pending = refund(
            f"{after:.2f}",
            market,
            status="pending",
            processed_on=None,
            created_on="2026-10-30",
            expected_by="2026-11-06",
        )
        return order(
            state,
            market,
            total=money,
            shipments=ships,
            returns=[a_return(fee=fee)],
            refunds=[pending],
        )
    if state == "refunded":
        done = refund(f"{after:.2f}", market)
        return order(
            state,
            market,
            total=money,
            shipments=ships,
            returns=[a_return("refunded", fee=fee)],
            refunds=[done],
        )
    if state == "partially_refunded":
        goodwill = refund(f"{float(money) * 0.2:.2f}", market)
        return order(state, market, total=money, shipments=ships, refunds=[goodwill])
    return order(state, market, total=money, shipments=ships)


def eligibility(
    action: str,
    eligible: bool,
    code: str,
    market: str = "UK",
    *,
    deadline: str | None = None,
    days_left: int | None = None,
    fee: str | None = None,
    excluded: list[dict[str, str]] | None = None,
    conditions: list[dict[str, str]] | None = None,
    reason: str = "",
) -> Fact:
    data = {
        "order_ref": REF,
        "action": action,
        "eligible": eligible,
        "reason_code": code,
        "reason": reason or f"Computed outcome: {code.replace('_', ' ')}.",
        "deadline": deadline,
        "days_left": days_left,
        "return_fee": fee,
        "currency": CURRENCY[market],
        "eligible_lines": ["LGT-0412"] if eligible else [],
        "excluded_lines": excluded or [],
        "policy_source_ids": [],
        "conditions": conditions or [],
    }
    outcome = "can" if eligible else "cannot"
    return Fact(
        f"eligibility:{action}:{ORDER_ID}",
        "eligibility",
        f"Can order {REF} be?",
        data,
        f"Order {REF} {outcome} be {action}ed.",
    )


def product(market: str | None = "UK", **changes: Any) -> Fact:
    data: dict[str, Any] = {
        "sku": "LGT-0412",
        "product_name": "Alder Table Lamp",
        "variant_name": "Chalk, small",
        "category": "lighting",
        "product_type": "table_lamp",
        "finish": "Chalk",
        "size_label": "small",
        "dimensions_cm": {"width": 25.0, "depth": 28.0, "height": 52.0},
        "dimensions_in": {"width": 9.8, "depth": 11.0, "height": 20.5},
        "weight_kg": 2.1,
        "materials": ["ceramic"],
        "care": "Dust with a soft dry cloth. Switch off and let the bulb cool before cleaning.",
        "assembly": "Arrives fully assembled.",
        "warranty_years": 2,
        "made_to_order": False,
        "lead_time_weeks": None,
        "final_sale": False,
        "compatibility": {
            "delivery": "parcel",
            "bulb_fitting": {"UK": "B22", "US": "E26", "DE": "E27"},
            "max_wattage": 40,
            "bulb_included": False,
            "dimmable": True,
            "plug": {
                "UK": "UK 3-pin plug (Type G)",
                "US": "US 2-pin plug (Type A)",
                "DE": "Schuko plug (Type F)",
            },
            "cable_length_m": 1.8,
        },
        "market": market,
        "price": {"UK": "89.00", "US": "115.00", "DE": "105.00", None: None}[market],
        "currency": CURRENCY.get(market or ""),
        "in_stock": None if market is None else True,
        "stock": 12,
        "restock_date": None,
    }
    data.update(changes)
    title = f"{data['product_name']} — {data['variant_name']}"
    return Fact(f"sku:{data['sku']}", "product", title, data, f"{title}.")


def policy(slug: str, anchor: str) -> Fact:
    """A section of the shop's real policy text, as tools/policies.py renders it."""
    for doc in current_policies():
        for section in doc.sections:
            if doc.slug == slug and section.anchor == anchor:
                data = {
                    "policy": slug,
                    "version": doc.version,
                    "section": anchor,
                    "text": section.text,
                }
                return Fact(
                    doc.source_id(anchor),
                    "policy",
                    f"{doc.title}: {section.heading}",
                    data,
                    section.text,
                )
    raise KeyError(f"no policy section {slug}#{anchor}")


def refused(reason: str, ask_for: list[str] | None = None) -> Fact:
    return Fact(
        "refusal:lookup_order",
        "refusal",
        "Not available",
        {"reason": reason, "ask_for": ask_for or []},
        "Not available.",
    )


def write(
    intent: str,
    facts: list[Fact],
    message: str = f"Where is my order {REF}?",
    market: str | None = None,
    *,
    follow_up: bool = False,
) -> Draft:
    return draft_with_templates(
        intent, facts, masked_message=message, market=market, follow_up=follow_up
    )


# --- templates as data ------------------------------------------------------------------------


# Each template file's version: bumped whenever its words change, so drafts say which
# wording they were written with.
FILE_VERSIONS = {
    "account.toml": 4,
    "care.toml": 2,
    "changes.toml": 3,
    "common.toml": 5,
    "orders.toml": 6,
    "product.toml": 18,
    "returns.toml": 2,
}


def test_that_the_shipped_templates_load_and_fill_only_slots_the_code_provides():
    book = template_book()
    assert len(book.templates) > 100
    for template in book.templates.values():
        version = FILE_VERSIONS[Path(template.source).name]
        assert template.template_id == f"{template.key}@v{version}"
        assert template.slots <= set(SECTION_SLOTS[template.section]), template.key


def test_that_a_template_using_a_slot_nobody_fills_fails_when_the_book_is_loaded(tmp_path: Path):
    (tmp_path / "orders.toml").write_text(
        'version = 2\n[order_status]\nplaced = "Order {order_ref} ships on {ship_day}."\n'
    )
    book = load_templates(tmp_path)
    with pytest.raises(
        TemplateSlotError, match=r"order_status\.placed uses unknown slot.*ship_day"
    ):
        book.check_contract(SECTION_SLOTS)
    with pytest.raises(TemplateSlotError, match="needs slot"):
        book.render("order_status.placed", {"order_ref": "<ORDER_ID_1>"})
    assert book.get("order_status.placed").template_id == "order_status.placed@v2"


def test_that_a_template_file_without_a_version_or_with_bad_toml_is_refused_by_name():
    with pytest.raises(TemplateFileError, match=r"broken\.toml: needs a top-level `version"):
        parse_templates('[common]\ngreeting = "Hello."\n', name="broken.toml")
    with pytest.raises(TemplateFileError, match=r"bad\.toml: not valid TOML"):
        parse_templates("version = 1\n[common\n", name="bad.toml")
    with pytest.raises(TemplateSlotError, match="plain name"):
        parse_templates('version = 1\n[common]\nx = "{a.b}"\n', name="odd.toml")


def test_that_every_intent_of_the_taxonomy_has_a_writer():
    assert set(WRITERS) == set(INTENT_NAMES)


# --- snapshots: rendered texts reviewed by hand -----------------------------------------------

SNAPSHOTS = {
    "uk_in_transit": (
        "Thank you for getting in touch.\n\n"
        "Your order <ORDER_ID_1> is on its way. It's with Royal Mail (parcel delivery) and due by "
        "Wednesday 28 October. The tracking number is <TRACKING_NUMBER_1>. The latest tracking "
        "update, on Tuesday 27 October, says: “Arrived at the Birmingham hub”.\n\n"
        "If there's anything else I can help with, just let me know."
    ),
    "us_delayed_follow_up": (
        "I'm sorry, your order <ORDER_ID_1> is running late. FedEx now expects to deliver it by "
        "Tuesday, November 3. The latest tracking update, on Thursday, October 29, says: "
        "“Delayed because of severe weather on the route; new estimated delivery Tuesday, "
        "November 3”."
    ),
    "de_return_free": (
        "Thank you for getting in touch.\n\n"
        "You can return items from your order <ORDER_ID_1> until Saturday 26 December, which is "
        "55 days from today. This return is free: no return fee comes off your refund.\n\n"
        "Our Returns policy says: “Germany: 60 days. The return window starts on the delivery "
        "date, not the day you placed your order.”\n\n"
        "If there's anything else I can help with, just let me know."
    ),
    "us_product_size_and_care": (
        "Thank you for getting in touch.\n\n"
        "The Alder Table Lamp (Chalk, small) measures 9.8 in wide, 11 in deep and 20.5 in high "
        "(25 x 28 x 52 cm). The care instructions say: Dust with a soft dry cloth. Switch off and "
        "let the bulb cool before cleaning.\n\n"
        "If there's anything else I can help with, just let me know."
    ),
    "guest_verification": (
        "Thank you for getting in touch.\n\n"
        "I'd be glad to check on your order. To make sure I share the order with the right "
        "person, could you tell me the email address or delivery postcode on the order?"
    ),
}


def test_that_rendered_replies_match_their_reviewed_snapshots():
    in_transit = write("order_status", [order_in("in_transit")])
    delayed = write(
        "order_status", [order_in("delayed", "US")], "and when will it get here?", follow_up=True
    )
    returns = write(
        "return_request",
        [
            order_in("delivered", "DE"),
            eligibility(
                "return",
                True,
                "within_window",
                "DE",
                deadline="2026-12-26",
                days_left=55,
                fee="0.00",
            ),
            policy("returns", "window"),
        ],
        f"Can I return {REF}?",
    )
    sizes = write(
        "product_info", [product("US")], "How big is the Alder lamp and how do I clean it?", "US"
    )
    guest = write("order_status", [refused("needs_verification", ["email_or_postcode"])])
    assert in_transit.text == SNAPSHOTS["uk_in_transit"]
    assert in_transit.template_id == "order_status.in_transit@v6"
    assert delayed.text == SNAPSHOTS["us_delayed_follow_up"]
    assert returns.text == SNAPSHOTS["de_return_free"]
    assert returns.template_id == "return_request.eligible@v2"
    assert sizes.text == SNAPSHOTS["us_product_size_and_care"]
    assert sizes.template_id == "product.dimensions_us@v18"
    assert guest.text == SNAPSHOTS["guest_verification"]


# --- orders in every state and market ---------------------------------------------------------

# What each state must say, and the dates (as each market writes them) its reply must carry.
STATE_WORDS = {
    "placed": "hasn't been dispatched yet",
    "processing": "being prepared",
    "dispatched": "has been dispatched",
    "in_transit": "on its way",
    "out_for_delivery": "out for delivery",
    "delivered": "has been delivered",
    "delayed": "running late",
    "lost_in_transit": "lost in transit",
    "cancelled": "was cancelled",
    "returned": "has been returned",
    "refunded": "has been refunded",
    "partially_refunded": "Part of your order",
}
STATE_DATES = {
    "placed": ("Saturday 24 October", "Saturday, October 24"),
    "dispatched": ("Wednesday 28 October", "Wednesday, October 28"),
    "in_transit": ("Wednesday 28 October", "Wednesday, October 28"),
    "out_for_delivery": ("Sunday 1 November", "Sunday, November 1"),
    "delivered": ("Tuesday 27 October", "Tuesday, October 27"),
    "delayed": ("Tuesday 3 November", "Tuesday, November 3"),
    "cancelled": ("Sunday 25 October", "Sunday, October 25"),
    "returned": ("Friday 6 November", "Friday, November 6"),
    "refunded": ("Monday 19 October", "Monday, October 19"),
    "partially_refunded": ("Monday 19 October", "Monday, October 19"),
}
SHIPPED = {
    "dispatched",
    "in_transit",
    "out_for_delivery",
    "delivered",
    "delayed",
    "lost_in_transit",
}


@pytest.mark.parametrize("market", ["UK", "US", "DE"])
@pytest.mark.parametrize("state", ORDER_STATES)
def test_that_each_order_state_is_told_from_the_order_fact_alone(state: str, market: str):
    fact = order_in(state, market)
    draft = write("order_status", [fact, product(market), policy("returns", "window")])
    assert STATE_WORDS[state] in draft.text
    assert draft.citations == (ORDER_SOURCE,)  # the product and policy were not used
    assert draft.grounded and not draft.clarifying_question and not draft.promises
    assert draft.template_id == f"order_status.{state}@v6"
    assert REF in draft.text and ORDER_ID not in draft.text
    if state in SHIPPED:
        assert CARRIERS[market] in draft.text
        assert "<TRACKING_NUMBER_1>" in draft.text  # the placeholder, never the raw number
        assert TRACKING[market] not in draft.text
    if state in STATE_DATES:
        uk_style, us_style = STATE_DATES[state]
        assert (us_style if market == "US" else uk_style) in draft.text
    for refund_record in fact.data["refunds"]:
        assert f"{SYMBOL[market]}{refund_record['amount']}" in draft.text
    assert not re.search(r"\d{4}-\d{2}-\d{2}", draft.text), "ISO dates must be written for people"


def test_that_an_order_in_several_deliveries_lists_each_with_its_own_state():
    sofa = shipment(
        "in_transit",
        service="two_person",
        carrier="Hollin & Reed Home Delivery",
        eta="2026-11-05",
        tracking_ref="<TRACKING_NUMBER_2>",
        last=event("2026-10-29T10:00:00+00:00", "Arrived at the Leipzig hub"),
    )
    cushions = shipment(
        "delivered",
        delivered_on="2026-10-27",
        last=event("2026-10-27T13:05:00+00:00", "Delivered: left in the agreed safe place"),
    )
    facts = [order("in_transit", shipments=[sofa, cushions])]
    draft = write("order_status", facts)
    assert (
        "It's coming in 2 separate deliveries.\n\n"
        "- Hollin & Reed Home Delivery (two-person delivery), tracking number "
        "<TRACKING_NUMBER_2>: on its way, due by Thursday 5 November. Latest update, Thursday "
        "29 October: “Arrived at the Leipzig hub”.\n"
        "- Royal Mail (parcel delivery), tracking number <TRACKING_NUMBER_1>: delivered on "
        "Tuesday 27 October. The carrier's note: “Delivered: left in the agreed safe place”."
    ) in draft.text
    short = write("order_status", facts, "and the sofa?", follow_up=True)
    assert "due by Thursday 5 November." in short.text and "Leipzig" not in short.text


def test_that_money_carries_its_symbol_and_two_decimals_in_every_market():
    for market, total in (("UK", "1295.00"), ("US", "1640.50"), ("DE", "39.00")):
        fact = order(
            "cancelled",
            market,
            total=total,
            cancelled_on="2026-10-25",
            refunds=[refund(total, market)],
        )
        text = write("order_status", [fact]).text
        shown = f"{float(total):,.2f}"
        assert f"A refund of {SYMBOL[market]}{shown} went back to your card" in text


def test_that_the_customers_recent_orders_are_listed_when_no_order_was_named():
    listing = Fact(
        "orders:customer",
        "order_list",
        "Your recent orders",
        {
            "orders": [
                {
                    "order_ref": "<ORDER_ID_1>",
                    "status": "delivered",
                    "placed_on": "2026-10-02",
                    "total": "129.00",
                    "currency": "GBP",
                    "item_count": 1,
                },
                {
                    "order_ref": "<ORDER_ID_2>",
                    "status": "processing",
                    "placed_on": "2026-10-30",
                    "total": "1295.00",
                    "currency": "GBP",
                    "item_count": 2,
                },
            ]
        },
        "Two recent orders.",
    )
    draft = write("order_status", [listing], "Where's my order?")
    assert "- <ORDER_ID_1>, placed on Friday 2 October: delivered, £129.00." in draft.text
    assert "- <ORDER_ID_2>, placed on Friday 30 October: being prepared, £1,295.00." in draft.text
    assert draft.text.rstrip().endswith("Which one would you like me to look into?")
    assert draft.citations == ("orders:customer",) and draft.grounded


def test_that_a_follow_up_is_shorter_and_has_no_greeting():
    facts = [order_in("in_transit", "US")]
    first = write("order_status", facts)
    again = write("order_status", facts, "and when will it arrive?", follow_up=True)
    assert first.text.startswith("Thank you for getting in touch.")
    assert not again.text.startswith("Thank you")
    assert "let me know" not in again.text
    assert len(again.text) < len(first.text) / 2
    assert "Wednesday, October 28" in again.text


@pytest.mark.parametrize(
    ("message", "condolences"),
    [
        (f"My father passed away last month. Where is the lamp he ordered, {REF}?", True),
        (f"My late mum died in March and I'm sorting out {REF}. Where is it?", True),
        (f"The old lamp died on me, so where is the new one, {REF}?", False),
    ],
)
def test_that_a_reply_to_someone_bereaved_opens_with_condolences(message: str, condolences: bool):
    draft = write("order_status", [order_in("in_transit", "UK")], message)
    opening = draft.text.split("\n\n", 1)[0]
    assert (opening == "I'm very sorry for your loss, and thank you for getting in touch.") is (
        condolences
    )
    assert opening.endswith("thank you for getting in touch.") or opening.startswith("Thank you")


# --- refusals and clarifying questions --------------------------------------------------------


def test_that_a_missing_order_number_gets_one_clear_question():
    draft = write(
        "order_status", [refused("no_order_reference", ["order_number"])], "Where is my order?"
    )
    assert draft.clarifying_question and draft.grounded
    assert draft.text.count("?") == 1
    assert "order number" in draft.text
    assert draft.citations == ("refusal:lookup_order",)


@pytest.mark.parametrize(
    "message",
    [
        "It was a present, so I don't have an order number or a receipt. Can I return it?",
        "Where is my order? I've lost the confirmation email.",
        "Can I swap a gift without a receipt?",
        "I saw the throw on your UK site. Can I order it from your US store and ship it to Ohio?",
    ],
)
def test_that_nobody_is_asked_for_an_order_number_they_say_they_do_not_have(message: str):
    draft = write("return_request", [refused("no_order_reference", ["order_number"])], message)
    assert not draft.clarifying_question and not draft.grounded
    assert "order number" not in draft.text
    assert "colleague" in draft.text
    # Asking is still right when they have it, or only ask whether it is needed.
    for has_it in ("Where is my order?", "Don't you need the order number?"):
        asked = write("order_status", [refused("no_order_reference", ["order_number"])], has_it)
        assert asked.clarifying_question and "order number" in asked.text


def test_that_a_guest_is_asked_for_the_email_or_postcode_on_the_order():
    draft = write("cancel_order", [refused("needs_verification", ["email_or_postcode"])])
    assert "email address or delivery postcode on the order" in draft.text
    assert draft.clarifying_question and draft.grounded and draft.text.count("?") == 1


def test_that_not_found_and_not_yours_read_the_same_and_reveal_nothing():
    texts = {
        write(intent, [refused("not_found_or_not_yours")], f"Where is {REF}?").text
        for intent in ("order_status", "refund_status", "return_request", "delivery_problem")
    }
    assert len(texts) == 1
    (text,) = texts
    assert "I couldn't find an order with that number for you." in text
    assert not re.search(r"belong|someone else|another customer|exist", text, re.I)


def test_that_a_question_beside_an_order_we_cannot_show_is_not_left_unanswered():
    message = (
        f"My cousin ordered {REF}: what did they buy and when is it arriving? "
        "Also, is the Orla Cushion in Ink Blue in stock?"
    )
    draft = write("order_status", [refused("not_found_or_not_yours")], message)
    assert "I couldn't find an order with that number for you." in draft.text
    # Not sent as a clarifying question: the cushion is a person's to answer beside the refusal.
    assert not draft.clarifying_question and not draft.grounded
    assert any("Orla Cushion" in note for note in draft.notes)
    alone = write("order_status", [refused("not_found_or_not_yours")], f"When is {REF} arriving?")
    assert alone.clarifying_question


def test_that_a_refund_asked_onto_another_card_gets_where_refunds_go_beside_a_refusal():
    facts = [
        refused("not_found_or_not_yours"),
        policy("refunds", "timing"),
        policy("refunds", "method"),
    ]
    message = (
        f"My friend bought me the sheet ({REF}) and I sent it back. When will the refund reach "
        "me? I'd rather she didn't find out, so could it go to my card instead of hers?"
    )
    draft = write("refund_status", facts, message)
    assert "Refunds always go back to the payment method you used for the order." in draft.text
    assert "We can't send a refund to a different card or person." in draft.text
    assert "I couldn't find an order with that number for you." in draft.text
    plain = write("refund_status", facts, f"When will the refund for {REF} reach me?")
    assert "different card or person" not in plain.text


def test_that_a_general_question_is_answered_from_policy_before_asking_for_the_order():
    draft = write(
        "return_request",
        [policy("returns", "window"), refused("no_order_reference", ["order_number"])],
        "How long do I have to return things?",
        "US",
    )
    assert "US: 45 days." in draft.text and "UK: 30 days" not in draft.text
    assert draft.text.rstrip().endswith("in your order confirmation email.")
    assert draft.citations == ("policy:returns@v3#window", "refusal:lookup_order")
    assert draft.clarifying_question


# --- eligibility ------------------------------------------------------------------------------


def test_that_an_eligible_return_states_deadline_days_left_fee_and_excluded_items():
    facts = [
        order("delivered", lines=[line(), line("DEC-0007", "Fern Vase", "Chalk, small", "45.00")]),
        eligibility(
            "return",
            True,
            "within_window",
            deadline="2026-11-26",
            days_left=25,
            fee="6.95",
            excluded=[{"sku": "DEC-0007", "why": "final_sale_item"}],
        ),
        policy("returns", "return-costs"),
        policy("delivery", "tracking"),
    ]
    draft = write("return_request", facts, f"Can I send back the lamp from {REF}?")
    text = draft.text
    assert "until Thursday 26 November, which is 25 days from today" in text
    assert "a return fee of £6.95 comes off your refund" in text
    assert "The Fern Vase (Chalk, small) isn't included (it was sold as final sale)." in text
    assert "UK: parcel return £6.95" in text
    assert draft.citations == (
        "eligibility:return:HR-204813",
        ORDER_SOURCE,
        "policy:returns@v3#return-costs",
    )
    assert not draft.promises


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("window_closed", "closed on Thursday 1 October"),
        ("not_delivered_yet", "hasn't been delivered yet"),
        ("final_sale_item", "sold as final sale"),
        ("made_to_order_item", "were made to order"),
        ("already_cancelled", "was cancelled"),
        ("already_returned", "already been returned or refunded"),
    ],
)
def test_that_each_reason_a_return_is_refused_is_said_plainly(code: str, expected: str):
    fact = eligibility(
        "return", False, code, deadline="2026-10-01" if code == "window_closed" else None
    )
    draft = write("return_request", [order_in("delivered"), fact], f"Can I return {REF}?")
    assert expected in draft.text
    assert draft.citations[0] == fact.source_id and draft.grounded


@pytest.mark.parametrize(("withdrawal_until", "grounded"), [("2026-11-12", False), (None, True)])
def test_that_the_delivery_charge_inside_the_legal_period_is_left_to_a_person(
    withdrawal_until: str | None, grounded: bool
):
    # The rule for a whole order sent back inside the 14 days reads "we refund the original
    # delivery charge", which no automatic reply may quote: the other cases alone would mislead.
    fact = eligibility("return", True, "within_window", deadline="2026-11-28", days_left=27)
    fact.data["withdrawal_until"] = withdrawal_until
    facts = [
        order_in("delivered"),
        fact,
        policy("returns", "window"),
        policy("refunds", "delivery-charges"),
    ]
    message = f"The whole of {REF} is going back. Do I get the delivery charge back as well?"
    draft = write("return_request", facts, message)
    assert draft.grounded is grounded, draft.notes
    open_case = any("legal withdrawal period" in note for note in draft.notes)
    assert open_case is not grounded


def test_that_an_unknown_refusal_reason_falls_back_to_the_facts_own_sentence():
    fact = eligibility(
        "return",
        False,
        "under_investigation",
        reason="A carrier claim on 2026-10-20 is still open.",
    )
    draft = write("return_request", [fact], f"Can I return {REF}?")
    assert "can't be returned: a carrier claim on Tuesday 20 October is still open." in draft.text
    assert any("under_investigation" in note for note in draft.notes)


def test_that_cancellation_and_change_follow_the_dispatch_state():
    can = write(
        "cancel_order",
        [
            order_in("processing"),
            eligibility("cancel", True, "not_yet_dispatched", deadline="2026-10-26", days_left=0),
        ],
        f"Please cancel {REF}",
    )
    assert "it can still be cancelled" in can.text
    assert "Made-to-order items on it can only be cancelled until Monday 26 October." in can.text
    cannot = write(
        "cancel_order",
        [
            order_in("in_transit"),
            eligibility("cancel", False, "already_dispatched"),
            policy("cancellations", "after-dispatch"),
        ],
        f"Please cancel {REF}",
    )
    assert "has already been dispatched, so it can't be cancelled now" in cannot.text
    assert "policy:cancellations@v2#after-dispatch" in cannot.citations
    change = write(
        "change_order",
        [eligibility("change", False, "already_dispatched")],
        f"Can I change the address on {REF}?",
    )
    assert "can't be changed now" in change.text
    assert change.citations == ("eligibility:change:HR-204813",)


def test_that_an_exchange_explains_the_return_and_new_order_route():
    facts = [
        order_in("delivered"),
        eligibility(
            "return", True, "within_window", deadline="2026-11-26", days_left=25, fee="6.95"
        ),
        policy("returns", "exchanges"),
        product(
            "UK",
            sku="LGT-0413",
            variant_name="Sage Glaze, small",
            in_stock=False,
            stock=0,
            restock_date="2026-11-20",
        ),
    ]
    draft = write("exchange", facts, f"Can I swap the lamp from {REF} for the sage one?")
    assert "you return the original and order the one you want" in draft.text
    assert "can go back as a return until Thursday 26 November" in draft.text
    assert "out of stock at the moment, with more expected on Friday 20 November" in draft.text
    assert set(draft.citations) == {f.source_id for f in facts} - {ORDER_SOURCE}


def test_that_an_exchange_asked_before_dispatch_is_answered_as_an_order_change():
    facts = [
        order_in("processing"),
        eligibility("return", False, "not_delivered_yet"),
        eligibility("change", True, "not_yet_dispatched"),
        policy("returns", "exchanges"),
        policy("order-changes", "variant-quantity"),
    ]
    draft = write("exchange", facts, f"Could I swap the lamp on {REF} for a different colour?")
    assert "hasn't been dispatched yet, so it can still be changed" in draft.text
    assert "we take the difference" in draft.text
    # Nothing has to go back: the return-and-reorder route is not offered.
    assert "you return the original" not in draft.text
    assert "policy:order-changes@v1#variant-quantity" in draft.citations
    assert draft.answered_as == "change_order"  # the turn is recorded and gated as one
    # A side question answered after it does not lose that.
    both = write(
        "exchange",
        [*facts, policy("refunds", "delivery-charges")],
        f"Could I swap the lamp on {REF} for a different colour, and do I get the delivery "
        "charge back?",
    )
    assert "policy:refunds@v2#delivery-charges" in both.citations, both.citations
    assert both.answered_as == "change_order"


def test_that_a_return_asked_before_dispatch_is_answered_as_a_cancellation():
    facts = [
        order_in("processing"),
        eligibility("return", False, "not_delivered_yet"),
        eligibility("cancel", True, "not_yet_dispatched"),
        policy("cancellations", "refund"),
        policy("cancellations", "how"),
    ]
    draft = write(
        "return_request",
        facts,
        f"How do I send back the duvet cover from {REF}? It hasn't even shipped yet.",
    )
    assert "hasn't been dispatched yet, so it can still be cancelled" in draft.text
    assert "Card: 3 to 5 business days" in draft.text
    assert "the return window only starts once it arrives" not in draft.text
    assert draft.answered_as == "cancel_order"
    # On its way, it can't be cancelled: the return's own answer stands.
    moving = [
        order_in("in_transit"),
        eligibility("return", False, "not_delivered_yet"),
        eligibility("cancel", False, "already_dispatched"),
    ]
    late = write("return_request", moving, f"How do I send back {REF}?")
    assert "the return window only starts once it arrives" in late.text
    assert "Right now it's with" in late.text  # where it is: when the window will start
    assert late.answered_as is None


def test_that_a_cancellation_asked_after_delivery_says_how_to_start_the_return():
    facts = [
        order_in("delivered"),
        eligibility("cancel", False, "already_dispatched"),
        eligibility(
            "return", True, "within_window", deadline="2026-11-26", days_left=25, fee="6.95"
        ),
        policy("returns", "start"),
    ]
    draft = write(
        "cancel_order", facts, f"Could you cancel the frying pan on {REF}? It got here fine."
    )
    assert "has already been dispatched, so it can't be cancelled now" in draft.text
    assert "You can return items from your order" in draft.text
    assert "Return an item" in draft.text


def test_that_a_billing_question_about_a_refunded_order_says_the_refund():
    draft = write(
        "billing",
        [order_in("cancelled"), policy("payments-invoices", "billing-errors")],
        f"I was charged twice around then, once for {REF}, which I cancelled. Did that payment "
        "ever come back off my card?",
    )
    assert "A refund of £129.00 went back to your card" in draft.text
    assert "policy:payments-invoices@v1#billing-errors" in draft.citations
    # An amount pending on the card after a declined payment: the hold, and that it lifts.
    pending = write(
        "billing",
        [order_in("processing"), policy("payments-invoices", "billing-errors")],
        f"My card was declined so I paid for {REF} with PayPal, and now my banking app shows "
        "£129.00 pending on the card as well.",
    )
    assert "pending authorisation is a temporary hold" in pending.text


def test_that_an_exchange_of_an_order_on_its_way_gives_the_window_and_fee_it_will_have():
    facts = [
        order_in("in_transit"),
        eligibility("return", False, "not_delivered_yet"),
        eligibility("change", False, "already_dispatched"),
        policy("returns", "exchanges"),
        policy("returns", "window"),
        policy("returns", "return-costs"),
    ]
    draft = write("exchange", facts, f"It's on its way, but can I still swap {REF}?")
    assert "has already been dispatched, so it can't be changed now" in draft.text
    assert "the return window only starts once it arrives" in draft.text
    assert "30 days" in draft.text and "£6.95" in draft.text
    assert "can still be changed" not in draft.text
    assert draft.answered_as is None  # still an exchange: a return and a new order
    # Words about its lateness and arrival still get the market's own window, not the case of
    # an order in several deliveries ("its own full 30, 45 or 60 days").
    us_facts = [order_in("in_transit", "US"), *facts[1:]]
    late = write(
        "exchange",
        us_facts,
        f"{REF} is running late anyway, so could you swap the sheet for the Clay one before it "
        "gets to me?",
        "US",
    )
    assert "45 days" in late.text and "$9.95" in late.text
    assert "more than one delivery" not in late.text


def test_that_an_exchange_fee_is_stated_in_a_follow_up_too():
    facts = [
        order_in("delivered"),
        eligibility(
            "return", True, "within_window", deadline="2026-11-26", days_left=25, fee="6.95"
        ),
    ]
    draft = write("exchange", facts, "ok, by when does it have to go back?", follow_up=True)
    assert "a return fee of £6.95 comes off your refund" in draft.text


# --- products ---------------------------------------------------------------------------------


def test_that_a_us_customer_gets_inches_first_and_centimetres_alongside():
    draft = write("sizing_fit", [product("US")], "Will the Alder lamp fit on my nightstand?", "US")
    assert "9.8 in wide, 11 in deep and 20.5 in high (25 x 28 x 52 cm)" in draft.text
    uk = write("sizing_fit", [product("UK")], "Will the Alder lamp fit on my bedside table?")
    assert "25 cm wide, 28 cm deep and 52 cm high" in uk.text and " in wide" not in uk.text
    assert uk.citations == ("sku:LGT-0412",)


def test_that_product_questions_are_answered_topic_by_topic_from_the_attributes():
    lamp = product("UK", made_to_order=False, warranty_years=2)
    warranty = policy("warranty", "length")
    draft = write(
        "product_info",
        [lamp, warranty],
        "What is the Alder lamp made of, what's the warranty and is it in stock?",
    )
    assert "The Alder Table Lamp (Chalk, small) is made from ceramic." in draft.text
    assert "It comes with a 2-year warranty." in draft.text
    assert (
        "In our UK shop, the Alder Table Lamp (Chalk, small) is £89.00 and in stock." in draft.text
    )
    assert draft.citations == ("sku:LGT-0412", warranty.source_id)
    sofa = product(
        "DE",
        product_name="Brook Sofa",
        variant_name="Sage, 3-seater",
        made_to_order=True,
        lead_time_weeks=8,
        stock=0,
        in_stock=False,
        price="2190.00",
    )
    made = write("product_info", [sofa], "How long is the lead time for the Brook sofa?")
    assert "It's made to order, with a lead time of about 8 weeks." in made.text


def test_that_compatibility_answers_only_what_the_attributes_say():
    lamp = product("UK")
    bulb = write("compatibility", [lamp], "Does the Alder lamp take an E27 bulb? Is it dimmable?")
    # The first answer names the product (and variant) it is about.
    assert (
        "No, in our UK range the Alder Table Lamp (Chalk, small) takes B22 bulbs of up to 40 W,"
        " not E27." in bulb.text
    )
    assert "It's dimmable." in bulb.text and bulb.grounded
    # On a dimmer switch the bulb matters too: the fitting and its limit come with the answer.
    dimmer = write("compatibility", [product("US")], "Would it dim with our dimmer switch?", "US")
    assert "is dimmable" in dimmer.text and "E26" in dimmer.text and "40 W" in dimmer.text
    us = write("compatibility", [product("US")], "Will an E26 bulb work in it?", "US")
    assert (
        "Yes, in our US range the Alder Table Lamp (Chalk, small) takes E26 bulbs of up to 40 W."
        in us.text
    )
    hobs = ["gas", "electric", "ceramic", "halogen"]
    pan = product(
        "UK",
        sku="KIT-0101",
        product_name="Kestle Saucepan",
        variant_name="Polished, 18 cm",
        category="kitchen",
        compatibility={"hob_types": hobs, "oven_safe_c": 220, "dishwasher_safe": False},
    )
    hob = write("compatibility", [pan], "Can I use the Kestle saucepan on induction?")
    assert (
        "No, the Kestle Saucepan (Polished, 18 cm) isn't suitable for induction hobs." in hob.text
    )
    assert "It works on gas, electric, ceramic and halogen hobs." in hob.text
    two = write("compatibility", [pan], "We have a gas hob at home and an electric one at work.")
    assert (
        "Yes, the Kestle Saucepan (Polished, 18 cm) works on gas and electric hobs. "
        "In all, it suits gas, electric, ceramic and halogen hobs." in two.text
    )
    mixed = write("compatibility", [pan], "Will it work on gas and on induction?")
    assert "works on gas hobs." in mixed.text and "isn't suitable for induction" in mixed.text
    stockpot = product(
        "UK",
        sku="KIT-0201",
        product_name="Kinross Stockpot",
        variant_name="Polished, 24 cm",
        category="kitchen",
        compatibility={"hob_types": [*hobs, "induction"], "capacity_l": 4.9},
    )
    held = write(
        "compatibility", [stockpot], "Will it work on induction, and how much does it hold?"
    )
    assert "It holds 4.9 litres." in held.text and "induction" in held.text
    unknown = write("compatibility", [lamp], "Will the Alder lamp work with my smart speaker?")
    assert "don't cover that question" in unknown.text
    assert "colleague" in unknown.text and not unknown.grounded
    partly = write("product_info", [lamp], "Is it dimmable and where is it made?")
    assert "The Alder Table Lamp (Chalk, small) is dimmable." in partly.text
    assert "don't cover where it's made or how it's certified" in partly.text
    # Half an answer is a draft for a colleague to finish, not one to send on its own.
    assert "colleague" in partly.text and not partly.grounded


def test_that_an_empty_catalogue_search_asks_for_the_product_name():
    draft = write("product_info", [refused("no_results")], "Do you sell the Zephyr lamp?")
    assert "couldn't find a product in our catalogue" in draft.text
    assert draft.clarifying_question and not draft.grounded


# --- cases a person finishes ------------------------------------------------------------------


def test_that_a_damaged_item_draft_states_the_policy_and_flags_its_remedy_for_an_agent():
    facts = [
        order_in("delivered"),
        policy("damaged-items", "report"),
        policy("damaged-items", "photos"),
        policy("damaged-items", "remedy"),
    ]
    draft = write("damaged_item", facts, f"The lamp from {REF} arrived cracked")
    assert "delivered on Tuesday 27 October" in draft.text
    assert "within 7 days of delivery" in draft.text
    assert "A colleague will look at this with you" in draft.text
    assert set(draft.promises) == {"refund", "replacement"}  # reported, so the gate holds it
    assert set(draft.citations) == {f.source_id for f in facts}


HAND_OFF_CASES = {
    "complaint": (
        [order_in("delayed"), policy("contact-escalation", "complaints")],
        "This is the third time I've chased and I want to make a complaint",
        "We resolve complaints within 8 days",
    ),
    "human_request": (
        [policy("contact-escalation", "human")],
        "I'd like to speak to a person please",
        "member of our team",
    ),
    "privacy_request": (
        [policy("account-privacy", "erasure")],
        "Please delete my data",
        "delete your personal data",
    ),
    "chargeback_fraud": (
        [order_in("delivered"), policy("contact-escalation", "chargebacks")],
        f"I never placed {REF}, I'm starting a chargeback",
        "was paid by card, with a total of £129.00",
    ),
    "billing": (
        [order_in("delivered"), policy("payments-invoices", "billing-errors")],
        f"I can see two charges for {REF}",
        "two charges for one order",
    ),
    "account": (
        [policy("account-privacy", "password")],
        "I forgot my password",
        "Forgot password",
    ),
}


@pytest.mark.parametrize("intent", sorted(HAND_OFF_CASES))
def test_that_hand_off_and_policy_intents_state_facts_without_promising_anything(intent: str):
    facts, message, expected = HAND_OFF_CASES[intent]
    draft = write(intent, facts, message)
    assert expected in draft.text
    assert not draft.promises
    assert draft.grounded
    assert set(draft.citations) <= {f.source_id for f in facts}


def test_that_out_of_scope_chat_is_redirected_without_grounding():
    draft = write("other", [policy("returns", "window")], "What do you think of the football?")
    assert "I can help with orders and deliveries" in draft.text
    assert not draft.grounded and draft.citations == () and not draft.promises


def test_that_a_human_request_without_facts_is_not_marked_grounded():
    draft = write("human_request", [], "Let me talk to a person")
    assert not draft.grounded and draft.citations == ()


# --- house style over every intent --------------------------------------------------------------


def _all_kinds_of_facts() -> list[Fact]:
    return [
        order_in("delivered"),
        eligibility(
            "return", True, "within_window", deadline="2026-11-26", days_left=25, fee="6.95"
        ),
        eligibility("cancel", False, "already_dispatched"),
        eligibility("change", False, "already_dispatched"),
        product("UK"),
        policy("returns", "window"),
        policy("damaged-items", "report"),
        policy("contact-escalation", "complaints"),
    ]


@pytest.mark.parametrize("intent", INTENT_NAMES)
def test_that_every_intent_writes_in_house_style_and_cites_only_given_facts(intent: str):
    facts = _all_kinds_of_facts()
    for follow_up in (False, True):
        draft = write(intent, facts, f"About {REF} and the Alder lamp", follow_up=follow_up)
        assert draft.text.strip() and draft.drafter == "template"
        assert "!" not in draft.text
        assert not re.search(r"\bas an ai\b|language model", draft.text, re.I)
        assert set(draft.citations) <= {f.source_id for f in facts}
        assert draft.template_id and re.fullmatch(r"[a-z_]+\.[a-z_]+@v\d+", draft.template_id)
        assert ORDER_ID not in draft.text
    empty = write(intent, [], "hello?")
    assert "!" not in empty.text and empty.citations == ()


# --- a real order from the seeded shop --------------------------------------------------------


def test_that_a_real_seeded_order_drafts_through_the_tools_order_fact(seeded_db):
    from drafting.check import check_draft
    from nlp.pii.vault import Vault
    from tests.test_tools_orders import make_ctx, sql_one
    from tools.orders import lookup_order

    row = sql_one(
        seeded_db,
        """SELECT o.id, o.customer_id, o.market FROM orders o
           WHERE o.status = 'in_transit' AND o.market = 'US' ORDER BY o.id LIMIT 1""",
    )
    vault = Vault()
    ctx = make_ctx(seeded_db, customer_id=row["customer_id"], market="US", vault=vault)
    result = lookup_order(ctx, row["id"])
    assert result.outcome == "ok"
    (fact,) = result.facts
    ref = fact.data["order_ref"]
    message = f"Where is my order {ref}?"
    draft = write("order_status", list(result.facts), message, "US")
    shipment_data = fact.data["shipments"][0]
    assert f"Your order {ref} is on its way." in draft.text
    assert shipment_data["carrier"] in draft.text
    assert shipment_data["tracking_ref"] in draft.text
    assert row["id"] not in draft.text and shipment_data["tracking_number"] not in draft.text
    assert draft.citations == (f"order:{row['id']}",)
    assert check_draft(draft, result.facts, masked_message=message, auto_route=True).ok


ATTRIBUTE_CASES = [
    (
        {"pocket_depth_cm": 35,
         "fits_bed": {"UK": "King (150 x 200 cm)", "US": "Queen (60 x 80 in)", "DE": "160 cm"}},
        "Will it fit my 40 cm deep king mattress?",
        ["No, the Alder Table Lamp (Chalk, small) fits mattresses up to 35 cm deep, so a 40 cm "
         "mattress is too deep for it.",
         "It's sized for a King (150 x 200 cm) bed in our UK range."],
    ),
    (
        # the mattress misspelt, with a topper on it: the depth the pockets must go over
        {"pocket_depth_cm": 30},
        "my matress with the topper is 36 cm together. will it go over this thickness?",
        ["No, the Alder Table Lamp (Chalk, small) fits mattresses up to 30 cm deep, so a 36 cm "
         "mattress is too deep for it."],
    ),
    (
        # a bed's size given in numbers ("my matress is 150x200"), with no word for a bed
        {"fits_bed": {"UK": "King (150 x 200 cm)", "US": "Queen (60 x 80 in)", "DE": "160 cm"}},
        "my matress is 150x200, is it the right size for it?",
        ["is sized for a King (150 x 200 cm) bed in our UK range."],
    ),
    (
        {"seats_min": 6, "seats_max": 8, "extension_leaves": 1, "shape": "oval"},
        "How many people does it seat, and does it extend?",
        ["The Alder Table Lamp (Chalk, small) seats 6 to 8 people.",
         "It extends with 1 extension leaf."],
    ),
    (
        {"shelves": 5, "max_load_per_shelf_kg": 20, "wall_fixing_required": True},
        "How much load can each shelf take, and does it need fixing to the wall?",
        ["It has 5 shelves.", "Each shelf takes up to 20 kg.",
         "The Alder Table Lamp (Chalk, small) must be fixed to the wall."],
    ),
    (
        {"hob_types": ["gas", "induction"], "oven_safe_c": 260, "dishwasher_safe": True},
        "Is it oven safe, can it go in the dishwasher, which hobs?",
        ["works on gas and induction hobs.", "It's oven safe up to 260°C.",
         "It's dishwasher safe."],
    ),
    (
        {"header": "eyelet", "lined": True, "blackout": False},
        "Are these curtains blackout lined? What header?",
        ["The Calder Curtains (Chalk, W 140 x D 228 cm) aren't blackout lined.",
         "The curtains are lined.",
         "Their header style is eyelet."],
    ),
    (
        {"header": "pencil pleat", "lined": True, "blackout": True},
        "My husband works nights. Would these actually keep the bedroom dark in the morning?",
        ["The Calder Curtains (Chalk, W 140 x D 228 cm) are blackout lined."],
    ),
    (
        {"header": "eyelet", "lined": True, "blackout": False},
        "do they properly block the light? its for a nursery",
        ["The Calder Curtains (Chalk, W 140 x D 228 cm) aren't blackout lined.",
         "The curtains are lined."],
    ),
    (
        {"hardwired": True, "ip_rating": "IP44", "bulb_fitting": {"UK": "GU10", "US": "GU10",
                                                                   "DE": "GU10"},
         "max_wattage": 25, "bulb_included": True},
        "Can I use it in a bathroom? Does it come with a bulb? Is 40W ok?",
        ["Its IP rating is IP44.", "A bulb is included.",
         "A 40 W bulb is too strong for it: the maximum is 25 W."],
    ),
    (
        {"removable_covers": True, "seat_height_cm": 45},
        "My dad uses a walking frame. How high is the seat?",
        ["The seat is 45 cm high."],
    ),
    (
        # wall plugs, with the screws: the wall fixings, not an electrical plug
        {"wall_fixing": "two keyhole brackets; fixings for solid walls included"},
        "does it come with screws and plugs? its going on a brick wall",
        ["two keyhole brackets; fixings for solid walls included"],
    ),
    (
        # the back of a door: what it hangs by, beside its size
        {"wall_fixing": "two keyhole brackets; fixings for solid walls included"},
        "would it go on the back of my bedroom door? theres 70cm between the hinges and the handle",
        ["two keyhole brackets; fixings for solid walls included"],
    ),
    (
        # the whole cushion or a cover alone: what its inner is
        {"inner_included": True, "inner_fill": "feather"},
        "is it the whole cushion or just the cover? dont want to end up buying inners separately",
        ["comes with a feather inner."],
    ),
    (
        {"hardwired": True},
        "Can I wire it in myself?",
        ["is hardwired rather than plugged in."],
    ),
    (
        {"hardwired": True, "ip_rating": "IP20"},
        "What do I need to sort before it turns up - can anyone put it up for me?",
        ["is hardwired rather than plugged in.", "Its IP rating is IP20."],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("attributes", "question", "expected"), ATTRIBUTE_CASES)
def test_that_each_kind_of_stored_attribute_answers_its_question(
    attributes: dict[str, Any], question: str, expected: list[str]
):
    names = (
        {"product_name": "Calder Curtains", "variant_name": "Chalk, W 140 x D 228 cm"}
        if "header" in attributes
        else {}
    )
    item = product("UK", compatibility=attributes, **names)
    draft = write("compatibility", [item], question)
    for sentence in expected:
        assert sentence in draft.text
    assert draft.grounded and draft.citations == (item.source_id,)


def test_that_a_bed_frame_asked_what_mattress_it_takes_gives_its_bed_size():
    sizes = {"UK": "Single (90 x 190 cm)", "US": "Twin (38 x 75 in)", "DE": "90 cm"}
    frame = product(
        "UK",
        product_name="Devon Bed",
        variant_name="Natural Oak, Single",
        product_type="bed_frame",
        compatibility={"delivery": "two_person", "fits_bed": sizes},
    )
    draft = write("compatibility", [frame], "What size mattress does it take?")
    assert "takes a Single (90 x 190 cm) mattress." in draft.text
    assert draft.grounded
    # A duvet made for the same beds is not a frame: it takes no mattress.
    duvet = product(
        "UK", product_type="duvet", compatibility={"delivery": "parcel", "fits_bed": sizes}
    )
    assert "mattress." not in write("compatibility", [duvet], "What size mattress?").text


def test_that_money_owed_without_a_refund_on_record_goes_to_a_person_with_the_draft():
    cancelled = order("cancelled", cancelled_on="2026-08-11", payment="bank_transfer")
    draft = write(
        "refund_status", [cancelled, policy("refunds", "timing")], f"Where is my money for {REF}?"
    )
    assert "I can't see a refund on your order" in draft.text
    assert not draft.grounded
    assert "no refund is recorded" in " ".join(draft.notes)


def test_that_no_refund_yet_with_nothing_else_to_say_is_not_sent_as_an_answer():
    # A refund question on an open order, with no refund timing to quote (a follow-up, so the
    # policy's detail is not repeated): the only true sentence answers nothing.
    draft = write(
        "refund_status",
        [order("processing")],
        "would the money go back on my card?",
        follow_up=True,
    )
    assert not draft.grounded
    # With the timing for the payment method, the same question is answered.
    timed = write(
        "refund_status",
        [order("processing"), policy("refunds", "timing")],
        f"If I cancel {REF}, when would the money be back on my card?",
    )
    assert timed.grounded and "business days" in timed.text


def test_that_a_specific_product_question_no_topic_answers_goes_to_a_person_with_a_draft():
    # "Does it come gift-wrapped?" names the product but no topic its attributes answer: the
    # main facts make a draft for an agent, not an answer sent on its own.
    specific = write("product_info", [product()], "Does the Alder Table Lamp come gift-wrapped?")
    assert not specific.grounded and "ceramic" in specific.text
    assert "names no topic" in " ".join(specific.notes)
    # A request for the product's main facts is answered by them.
    general = write("product_info", [product()], "Tell me about the Alder Table Lamp")
    assert general.grounded and "ceramic" in general.text
    # "Will it turn up ready built?" is the assembly topic, in other words.
    built = write("product_info", [product()], "Will the Alder Table Lamp turn up ready built?")
    assert built.grounded and "Arrives fully assembled." in built.text


@pytest.mark.parametrize(
    "question",
    [
        "What's the maximum weight the Alder Table Lamp is rated to hold?",
        "How big is the box the Alder Table Lamp comes in? Our lift is tiny.",
        "Is the Alder Table Lamp in stock, and how long does delivery take?",
        "What's the warranty on the Alder Table Lamp, and what would I need to send to claim?",
        "What's the clearance between the floor and the bottom of the Alder Table Lamp's base?",
        # Written for this test: the room under it, asked as whether it sits too low
        "Our robot vacuum is 9 cm tall. Will it fit under the Alder Table Lamp (Sage), or does "
        "it sit too low to the floor?",
        "What's the Martindale rub count of the Alder Table Lamp's shade fabric?",
        "Is the back panel of the Alder Table Lamp finished? It will stand mid-room.",
        "Will the Alder Table Lamp come from the same dye batch as my last one?",
        "Is the glass in the Alder Table Lamp toughened, or does it have a safety film?",
        "Our ceiling is 2.20 m. Once the Alder Table Lamp is built lying down, can we stand it "
        "up, or will it catch on the ceiling?",
        "Will the Alder Table Lamp work on a smart plug, so Alexa can switch it on a schedule?",
        "Is the Alder Table Lamp's shade wool? If so, do you know whether it's mulesing-free?",
        "What's the Alder Table Lamp's shade made of, and has it been treated with flame "
        "retardants? Our son has eczema.",
        "Does the Alder Table Lamp carry the fire-safety label our landlord asks for?",
        # A treatment asked about beside the care words it shares ("stain"): still not on record.
        "Has the Alder Table Lamp been treated with any moth-proofing or stain-repellent "
        "chemicals? It's for the nursery.",
        "How much height is there between the shelves on the Alder Table Lamp's stand?",
        "Where's the switch on the Alder Table Lamp: on the cord, on the base, or under the shade?",
        "Does the Alder Table Lamp have a touch switch? My mum can't grip small knobs.",
    ],
)
def test_that_what_the_catalogue_never_records_goes_to_a_person_with_a_draft(question: str):
    # The lamp's own weight and measurements are on record, but neither answers how much it
    # holds or how big its packaging is: answering with them would be a wrong answer sent out.
    # Delivery times and warranty claims are policy questions a product reply does not quote.
    draft = write("product_info", [product()], question)
    assert not draft.grounded
    assert "not covered by the product's attributes" in " ".join(draft.notes)


def test_that_a_lost_parcel_asked_about_a_claim_is_told_there_is_none_to_make():
    message = f"{REF} seems to be lost. Do I have to file a claim with the carrier myself?"
    draft = write(
        "delivery_problem", [order_in("lost_in_transit"), policy("delivery", "lost")], message
    )
    assert "You don't need to make a claim with the carrier yourself" in draft.text, draft.text
    # Asked about nothing but the parcel, the reply quotes the rule's first two sentences.
    plain = write(
        "delivery_problem",
        [order_in("lost_in_transit"), policy("delivery", "lost")],
        f"{REF} seems to be lost, what now?",
    )
    assert "whichever you prefer" not in plain.text and "make a claim" not in plain.text


@pytest.mark.parametrize(
    "question",
    [
        "It would stand on the bottom shelf, with 55 cm to the shelf above. Would the Alder Table "
        "Lamp go underneath?",
        "Would the Alder Table Lamp fit underneath a 60 cm high shelf?",
        # A part of it, not the room beneath it.
        "The record player would go in the cupboard underneath. How tall is the Alder Table Lamp?",
    ],
)
def test_that_a_product_going_under_something_gets_its_measurements(question: str):
    # The room under the customer's shelf is theirs to compare with the lamp's height; the
    # room under the lamp is what the catalogue never records.
    draft = write("sizing_fit", [product()], question)
    assert draft.grounded, draft.notes
    assert "measures" in draft.text and "cm high" in draft.text, draft.text


def test_that_every_product_topic_has_words_for_the_not_covered_reply():
    book = template_book()
    assert [name for name, *_ in TOPICS if not book.has(f"topic.{name}")] == []


def test_that_a_customer_who_lost_the_old_email_is_told_what_we_ask_before_changing_it():
    details = policy("account-privacy", "account-details")
    draft = write(
        "account",
        [details],
        "I signed up with my old work email which I don't have any more. How do I get back in?",
    )
    assert "recent order" in draft.text and draft.grounded
    # When the reset steps are the best section, the rule for a lost address comes with them.
    both = write(
        "account",
        [policy("account-privacy", "password"), details],
        "The reset email never comes. I might have signed up with my old work email which I "
        "don't have any more. How do I get back in?",
    )
    assert "Forgot password" in both.text and "recent order" in both.text and both.grounded
    # Written for this test (after fresh gf-account-282): words that also match two other
    # sentences of the section ("link", "new one"; "account") still leave room for what we ask
    # before changing the address for them.
    linked = write(
        "account",
        [policy("account-privacy", "password"), details],
        "i forget my password and the reset link go to my old email, this email i can not open "
        "anymore. what i can do? i have account with you for years, dont want make a new one",
    )
    assert "recent order" in linked.text and linked.grounded, linked.text


@pytest.mark.parametrize(
    ("message", "follow_up", "expected"),
    [
        # After "How do I reset my password?": what we ask before changing the address for
        # them, beside the reset steps they cannot use.
        (
            "The reset email would go to my old college address, and the college shut that "
            "account down when I graduated. So what do I do now?",
            True,
            ["Forgot password", "recent order"],
        ),
        (
            "I'm still signed in on my laptop, so I can get in, but I can't find where the "
            "password is changed. Can anybody at your end see my password?",
            False,
            ["Account settings", "can't see it"],
        ),
    ],
)
def test_that_a_password_question_gets_the_account_rule_it_needs(
    message: str, follow_up: bool, expected: list[str]
):
    sections = [policy("account-privacy", "password"), policy("account-privacy", "account-details")]
    draft = write("account", sections, message, follow_up=follow_up)
    for words in expected:
        assert words in draft.text, draft.notes


def wanted_in_exchange(message: str, had: Fact, variants: list[Fact]) -> Fact | None:
    ctx = Context(
        intent="exchange",
        facts=FactSet.of([had, *variants], message),
        market="UK",
        message=message,
        out=Composer(book=template_book()),
    )
    return wanted_variant(ctx, had)


@pytest.mark.parametrize(
    ("message", "wanted"),
    [
        # Naming what they have ties "Oat, small" with "Ink Blue, large" on shared words; the
        # words of the variant they have say what they do not want.
        ("I have the Ink Blue, small. How much is the Oat?", "LGT-0414"),
        # A wanted name made only of words of the one they have still picks it.
        ("can i switch mine to the Ink Blue, large?", "LGT-0415"),
        # A colour in the story ("the walls were white") ties on words with the one named in
        # full; the name as written decides.
        ("The walls were white, now green. I'd like to change it for the Oat, large.", "LGT-0413"),
        # A colour alone keeps the size they have.
        ("it looks grey next to my sofa. still time to swap it for the oat one?", "LGT-0414"),
    ],
)
def test_that_the_variant_wanted_in_an_exchange_is_told_from_the_one_they_have(
    message: str, wanted: str
):
    had = order("delivered", lines=[line(variant="Ink Blue, small")])
    variants = [
        product("UK", sku="LGT-0413", variant_name="Oat, large"),
        product("UK", sku="LGT-0414", variant_name="Oat, small"),
        product("UK", sku="LGT-0415", variant_name="Ink Blue, large"),
        product("UK", sku="LGT-0416", variant_name="White, large"),
    ]
    chosen = wanted_in_exchange(message, had, variants)
    assert chosen is not None and chosen.data["sku"] == wanted


def test_that_swapping_for_that_means_the_variant_an_earlier_turn_asked_about():
    # "How much is the Oat, large?" then "so if I swap mine for that, how does the money work?"
    had = order("delivered", lines=[line(variant="Ink Blue, small")])
    variants = [
        product("UK", sku="LGT-0413", variant_name="Oat, large"),
        product("UK", sku="LGT-0414", variant_name="Oat, small"),
    ]
    message = "OK. So if I swap the one from my order for that, how does the money side work?"
    assert wanted_in_exchange(message, had, variants) is None  # a guess could misquote a price
    asked_before = replace(variants[0], data={**variants[0].data, DISCUSSED_BEFORE: True})
    chosen = wanted_in_exchange(message, had, [asked_before, variants[1]])
    assert chosen is not None and chosen.data["sku"] == "LGT-0413"
    # A variant the message names still wins over the one asked about before.
    named = wanted_in_exchange(
        "Actually, make it the Oat, small.", had, [asked_before, variants[1]]
    )
    assert named is not None and named.data["sku"] == "LGT-0414"


def test_that_asking_whether_the_warranty_covers_some_damage_quotes_what_it_does_not_cover():
    lamp = product("UK", warranty_years=2)
    facts = [lamp, policy("warranty", "covered"), policy("warranty", "not-covered")]
    asked = write(
        "product_info", facts, "How long is the Alder lamp's warranty? Would it cover scratches?"
    )
    assert "It comes with a 2-year warranty." in asked.text
    assert "wear and tear" in asked.text
    assert policy("warranty", "not-covered").source_id in asked.citations
    plain = write("product_info", facts, "How long is the warranty on the Alder lamp?")
    assert "wear and tear" not in plain.text
    # "Would cushions flattening count as a fault?" asks the same of wear with use.
    flattening = write(
        "product_info",
        facts,
        "How long is the warranty on the Alder lamp? Would the shade softening count as a fault?",
    )
    assert "wear and tear" in flattening.text, flattening.text


def test_that_asking_whether_it_would_cover_some_damage_is_about_the_warranty_not_the_covers():
    # Written for this test: a follow-up after "what guarantee does the armchair come with?"
    armchair = product(
        "UK",
        category="furniture",
        product_type="armchair",
        compatibility={"delivery": "two_person", "removable_covers": False},
    )
    facts = [armchair, policy("warranty", "covered"), policy("warranty", "not-covered")]
    asked = write(
        "product_info",
        facts,
        "Thanks. Would it cover the dog deciding the arms are his new chew toy?",
        follow_up=True,
    )
    assert "wear and tear" in asked.text, asked.text
    assert "covers aren't removable" not in asked.text
    # The covers themselves are still asked about by that word.
    covers = write("product_info", facts, "Do the covers come off for washing?")
    assert "covers aren't removable" in covers.text, covers.text


@pytest.mark.parametrize(
    ("market", "message", "wanted", "unwanted"),
    [
        (
            "US",
            "I was charged more than the listed price. What was the extra for?",
            "sales tax",
            "foreign transaction fee",
        ),
        (
            "UK",
            "My card is in euros and the amount didn't match the price. Why the extra fee?",
            "foreign transaction fee",
            "sales tax",
        ),
    ],
)
def test_that_paying_more_than_the_price_is_explained_by_tax_or_the_banks_conversion(
    market: str, message: str, wanted: str, unwanted: str
):
    facts = [
        policy("payments-invoices", "billing-errors"),
        policy("payments-invoices", "tax-invoices"),
        policy("payments-invoices", "currency"),
    ]
    draft = write("billing", facts, message, market)
    assert wanted in draft.text and unwanted not in draft.text
    if market == "UK":  # the shop's own currency comes first
        assert "pounds sterling" in draft.text
    # In the UK shop, with no other currency named, nothing says why: the best section answers.
    other = write("billing", facts, "I was charged more than the listed price. Why?", "UK")
    assert "sales tax" not in other.text and "foreign transaction fee" not in other.text


def test_that_a_receipt_asked_in_another_currency_gets_the_shops_currency():
    # "you can make the receipt in won?": the receipt shows what was paid, in the shop's
    # currency, since we don't convert prices (the tax rule alone leaves the question open).
    paid = order("delivered", "US", total="436.85", payment="paypal")
    facts = [
        paid,
        policy("payments-invoices", "tax-invoices"),
        policy("payments-invoices", "currency"),
    ]
    asked = (
        f"i buy {REF} for our office. head office in Seoul need receipt in korean won, not in "
        "dollar. you can make the receipt in won? and where i can find the receipt?"
    )
    draft = write("billing", facts, asked, "US")
    assert "US dollars" in draft.text and "We don't convert prices" in draft.text, draft.text
    assert "sales tax" in draft.text and draft.grounded
    # A receipt asked for with no other currency in it: the tax rule, and no currency list.
    plain = write("billing", facts, f"where can I find the receipt for {REF}?", "US")
    assert "We don't convert prices" not in plain.text and "sales tax" in plain.text


def test_that_the_last_day_asked_beside_klarna_payments_gets_the_return_window():
    # "both vases are going back. do i still pay it?? and whats my last day": read as a Klarna
    # question, the reply still owes the return window (fresh gf-return_request-291).
    paid = order("delivered", "US", payment="klarna")
    facts = [
        paid,
        policy("payments-invoices", "klarna"),
        policy("returns", "window"),
    ]
    asked = (
        f"klarna app says next payment on {REF} is due soon but both vases are going back. do i "
        "still pay it?? and whats my last day"
    )
    draft = write("billing", facts, asked, "US")
    assert "Klarna" in draft.text and "45 days" in draft.text, draft.text
    # The same Klarna question with no last day asked: no return window.
    plain = write("billing", facts, f"klarna says a payment on {REF} is due, do i pay it?", "US")
    assert "Klarna" in plain.text and "45 days" not in plain.text, plain.text


def test_that_vat_by_its_german_name_is_answered_from_the_tax_rule():
    # "MwSt" shares no word with the tax section; "prices on the german site" shares two with
    # the price promise's line on other markets, which does not say whether VAT is included.
    facts = [
        policy("price-promise", "exclusions"),
        policy("payments-invoices", "tax-invoices"),
    ]
    message = "prices on the german site - is the 19% mwst already in them or added at checkout?"
    draft = write("billing", facts, message, "DE")
    assert "prices include VAT" in draft.text and "set separately" not in draft.text, draft.text


def test_that_how_a_price_difference_comes_back_names_the_orders_way_of_paying():
    paid = order("delivered", "UK", payment="klarna", placed_on="2026-10-25")
    paid.data["price_promise_until"] = "2026-11-08"
    facts = [
        paid,
        policy("price-promise", "claim"),
        policy("price-promise", "refund"),
    ]
    asked = (
        f"The candle holder on {REF} is now £5 cheaper on your site. I'm paying through Klarna, "
        "so how would the difference come back to me?"
    )
    draft = write("billing", facts, asked)
    assert "goes back to the original payment method, your Klarna account" in draft.text
    assert "Klarna: 3 to 5 business days." in draft.text, draft.text
    assert "PayPal: 1 to 2" not in draft.text and "If you later return" not in draft.text
    # Asked only whether the promise covers it: no refund route.
    plain = write("billing", facts, f"The candle holder on {REF} is now £5 cheaper. Can I claim?")
    assert "Klarna: 3 to 5" not in plain.text


def test_that_paying_more_than_the_price_names_the_orders_delivery_charge():
    paid = order("delivered", "UK", total="70.90")
    paid.data["delivery_fee"] = "4.95"
    facts = [paid, policy("payments-invoices", "currency"), policy("delivery", "uk")]
    asked = (
        f"i buy the frying pan ({REF}). on your website the pan cost less, but my bank take "
        "£70.90 from my card. why more money, is it mistake?"
    )
    draft = write("billing", facts, asked)
    assert "That total includes £4.95 for delivery." in draft.text, draft.text
    assert "free on orders of £75.00 or more" in draft.text and draft.grounded
    assert "foreign transaction fee" not in draft.text
    # Free delivery: the order's delivery charge explains nothing, so none is named.
    paid.data["delivery_fee"] = "0.00"
    free = write("billing", facts, asked)
    assert "for delivery." not in free.text


def test_that_a_tracking_number_asked_before_dispatch_is_promised_by_email_when_it_ships():
    asked = write(
        "order_status",
        [order_in("processing")],
        f"Has {REF} been sent yet, and will I be given a tracking number once it has?",
    )
    assert "hasn't been dispatched yet" in asked.text or "being prepared" in asked.text
    assert "When it's dispatched, we'll email you a tracking link." in asked.text
    assert asked.grounded, asked.notes
    plain = write("order_status", [order_in("processing")], f"Has {REF} been sent yet?")
    assert "tracking link" not in plain.text


def test_that_a_missing_cancel_button_on_a_dispatched_order_is_explained():
    facts = [
        order_in("in_transit"),
        eligibility("cancel", False, "already_dispatched"),
        policy("cancellations", "how"),
        policy("cancellations", "after-dispatch"),
    ]
    asked = write("cancel_order", facts, f"There's no Cancel order button on {REF}. Is it broken?")
    assert "can't be cancelled now" in asked.text
    assert "The option appears only while the order is" in asked.text
    assert "refuse" in asked.text.lower() or "return" in asked.text.lower()
    plain = write("cancel_order", facts, f"Please cancel {REF}")
    assert "The option appears only" not in plain.text


@pytest.mark.parametrize("action", ["cancel", "change"])
def test_that_an_order_too_late_to_cancel_or_change_says_where_it_is_now(action: str):
    intent = f"{action}_order"
    slug = "cancellations" if action == "cancel" else "order-changes"
    facts = [
        order_in("out_for_delivery"),
        eligibility(action, False, "already_dispatched"),
        policy(slug, "after-dispatch"),
    ]
    asked = write(intent, facts, f"{REF} comes today with the driver, can you still {action} it?")
    assert "Right now it's with Royal Mail: out for delivery" in asked.text, asked.text
    # Delivered already: nothing is on its way, so nothing of the kind is said.
    done = [
        order_in("delivered"),
        eligibility(action, False, "already_dispatched"),
        policy(slug, "after-dispatch"),
    ]
    assert "Right now it's with" not in write(intent, done, f"Please {action} {REF}").text


def test_that_an_account_question_naming_two_topics_in_one_sentence_quotes_both():
    facts = [
        policy("account-privacy", "marketing"),
        policy("account-privacy", "password"),
        policy("account-privacy", "account-details"),
    ]
    message = (
        "Just signed up. Can anyone on your side see my password, if I forget it what's the way "
        "back in, and if I say no to marketing will I still get the tracking emails?"
    )
    asked = write("account", facts, message)
    assert "Forgot password" in asked.text, asked.text
    assert "doesn't affect service emails" in asked.text, asked.text
    assert asked.grounded, asked.notes


def test_that_handing_an_account_to_a_child_goes_to_a_person():
    facts = [policy("account-privacy", "account-details")]
    minor = write(
        "account",
        facts,
        "How do I change the email on my account to my son's? He's 15 and buys his own bits now.",
    )
    assert not minor.grounded and "under 18" in " ".join(minor.notes)
    adult = write("account", facts, "How do I change the email on my account to my new one?")
    assert adult.grounded, adult.notes


def test_that_old_guest_orders_in_a_new_account_get_the_sentence_on_linking_them():
    facts = [replace(policy("account-privacy", "account-details"), score=0.6)]
    asked = write(
        "account", facts, "finally made an account today, can my old guest orders show up in it?"
    )
    assert asked.grounded and "same email address" in asked.text, asked.text


def test_that_a_bathroom_zone_the_rows_never_give_goes_to_a_person():
    light = product(
        product_name="Wivenhoe Wall Light",
        variant_name="Chalk",
        compatibility={"ip_rating": "IP44", "fitting": "hardwired"},
    )
    zoned = write("compatibility", [light], "Can it go in zone 1 of our bathroom, above the bath?")
    assert not zoned.grounded
    assert "bathroom_zone" in " ".join(zoned.notes)


def test_that_a_wired_in_light_asked_about_a_bathroom_says_an_electrician_fits_it():
    # fresh gf-compatibility-302: "ok next to the bathroom mirror? steamy room" got the IP
    # rating alone, as if the customer could put it up wherever the rating allows.
    light = product(
        product_name="Clifton Wall Light",
        variant_name="Brushed Brass",
        assembly="Must be installed by a qualified electrician.",
        compatibility={"hardwired": True, "ip_rating": "IP44"},
    )
    asked = write("compatibility", [light], "ok next to the bathroom mirror? steamy room")
    assert "IP44" in asked.text and "qualified electrician" in asked.text, asked.text
    plugged = product(compatibility={"hardwired": False, "ip_rating": "IP20"})
    lamp = write("compatibility", [plugged], "can it go in the bathroom?")
    assert "IP20" in lamp.text and "electrician" not in lamp.text


def test_that_the_length_of_a_lights_flex_is_its_cable_or_a_persons_question():
    asked = "How long is the flex on it? The socket is behind the sofa."
    plugged = write("product_info", [product()], asked)
    assert plugged.grounded and "1.8" in plugged.text, plugged.text
    pendant = product(
        product_name="Nell Pendant Light",
        variant_name="Natural, 45 cm",
        product_type="pendant",
        assembly="Must be installed by a qualified electrician.",
        compatibility={"hardwired": True, "ip_rating": "IP20"},
    )
    drop = "How big is the shade, and how long is the flex or drop? Can it be shortened?"
    hung = write("sizing_fit", [pendant], drop)
    assert not hung.grounded and "flex" in " ".join(hung.notes)


def test_that_whether_the_legs_come_off_is_answered_by_the_assembly_line():
    sofa = product(
        product_name="Eden Sofa",
        variant_name="Rust, 2-seater",
        category="furniture",
        product_type="sofa",
        assembly="Screw in the legs (about 10 minutes, no tools needed).",
        dimensions_cm={"width": 180.0, "depth": 99.0, "height": 84.0},
        compatibility={"delivery": "two_person"},
    )
    asked = "Will it get through an 81 cm door? And do the legs come off, or is it one solid piece?"
    text = write("compatibility", [sofa], asked).text
    assert "Screw in the legs" in text and "84 cm" in text, text


def test_that_a_rug_on_underfloor_heating_goes_to_a_person_and_a_builder_is_not_assembly():
    rug = product(
        product_name="Selby Rug",
        variant_name="Natural, 200 x 300 cm",
        category="textiles",
        product_type="rug",
        assembly="Arrives fully assembled.",
        compatibility={"pile": "flatweave", "underlay_recommended": True},
    )
    asked = (
        "We have underfloor heating downstairs. Can the Selby Rug lie on a heated floor, or will "
        "it get damaged? The builder just shrugged when I asked him."
    )
    heated = write("product_info", [rug], asked)
    assert not heated.grounded and "floor_heating" in " ".join(heated.notes)
    assert "Arrives fully assembled" not in heated.text
    built = write("product_info", [rug], "Does the Selby Rug need building or assembling?")
    assert built.grounded and "Arrives fully assembled" in built.text


def test_that_is_it_proper_cast_iron_is_answered_by_the_materials():
    dish = product(
        product_name="Heath Casserole Dish",
        variant_name="Flame, 24 cm",
        materials=["enamelled cast iron"],
        compatibility={},
    )
    asked = write("product_info", [dish], "Is the Heath casserole proper cast iron?")
    assert "enamelled cast iron" in asked.text and asked.grounded, asked.notes


def test_that_choosing_another_day_for_a_late_parcel_gets_the_carriers_options():
    facts = [order_in("delayed"), policy("delivery", "delayed"), policy("order-changes", "date")]
    asked = write(
        "delivery_problem", facts, f"{REF} is late again. Can I choose a different day for it?"
    )
    assert "carrier's tracking message to choose a different day" in asked.text
    plain = write("delivery_problem", facts, f"{REF} is late again. What's the new date?")
    assert "carrier's tracking message" not in plain.text


def test_that_a_large_item_return_asking_about_collection_gets_the_collection_rule():
    facts = [
        order_in("delivered"),
        eligibility("return", True, "within_window", deadline="2026-11-26", days_left=25),
        policy("returns", "start"),
    ]
    asked = write(
        "return_request",
        facts,
        f"The table on {REF} is too big. Can I send it back? How is it collected?",
    )
    assert "For large items, we'll arrange a two-person collection" in asked.text
    plain = write("return_request", facts, f"The table on {REF} is too big. How do I send it back?")
    assert "two-person collection" not in plain.text


def test_that_asking_for_the_refund_elsewhere_names_where_this_orders_refund_goes():
    def facts(payment: str) -> list[Fact]:
        return [
            order("delivered", payment=payment),
            eligibility("return", True, "within_window", deadline="2026-11-26", days_left=25),
            policy("returns", "start"),
            policy("refunds", "method"),
        ]

    ask = f"Can I return the lamp from {REF}, and could the refund be paid to her instead?"
    paypal = write("return_request", facts("paypal"), ask)
    assert (
        f"A refund on your order {REF} goes back to the original payment method, your PayPal "
        "account: we can't pay it to a different card or person."
    ) in paypal.text
    assert policy("refunds", "method").source_id in paypal.citations
    # Said once, in our words: the general rule is not quoted beside it.
    assert "Refunds always go back" not in paypal.text
    gift = write("return_request", facts("gift_card"), ask)
    assert "the original payment method, your gift card:" in gift.text
    plain = write("return_request", facts("card"), f"Can I return the lamp from {REF}?")
    assert "original payment method" not in plain.text
    # No order in view: the policy's own rule, quoted, is all there is to say.
    no_order = write(
        "return_request",
        [policy("refunds", "method")],
        "If I return something, could the refund be paid to her instead?",
    )
    assert "goes back to the original payment method, your" not in no_order.text


def test_that_sending_an_order_to_another_address_gets_the_address_rule_and_its_charge():
    facts = [
        order_in("processing"),
        eligibility("change", True, "not_yet_dispatched"),
        policy("order-changes", "what-can-change"),
        policy("order-changes", "address"),
    ]
    asked = write(
        "change_order", facts, f"Can you send {REF} to my work address? Does it cost extra?"
    )
    assert "same market as your order" in asked.text
    assert "If the change affects the delivery charge or time" in asked.text
    assert asked.grounded, asked.notes
    # "Send it to the new place": what we need for the change (the full address and a phone
    # number the carrier can use) is part of the rule's answer.
    moving = write(
        "change_order", facts, f"We're moving. Can you send {REF} to the new place instead?"
    )
    assert "a phone number the carrier can use" in moving.text
    assert "If the change affects the delivery charge or time" in moving.text
    # The same destinations as the retrieval cue for the address rule ("the new flat").
    flat = write("change_order", facts, f"Could you deliver {REF} to the new flat instead?")
    assert "a phone number the carrier can use" in flat.text


def test_that_an_account_question_naming_its_topic_is_answered_from_that_section():
    facts = [
        policy("account-privacy", "verification"),
        policy("account-privacy", "account-details"),
        policy("account-privacy", "marketing"),
    ]
    asked = write(
        "account",
        facts,
        "I never sign up, I just use guest checkout. Can I still follow my orders?",
    )
    assert "Guest orders aren't linked to an account" in asked.text
    assert policy("account-privacy", "account-details").source_id in asked.citations


def test_that_a_thank_you_gets_a_welcome_and_a_question_still_gets_the_redirect():
    thanks = write("other", [], "ok perfect, you've been super helpful, have a good one")
    assert thanks.text.startswith("You're welcome.")
    asked = write("other", [], "Thanks. What's the capital of France?")
    assert "support assistant" in asked.text


def test_that_a_dishwasher_question_is_settled_by_a_hand_wash_care_line():
    vase = product(
        product_name="Ludlow Vase",
        variant_name="Smoked Glass, small",
        materials=["glass"],
        care="Hand wash in warm soapy water.",
        compatibility={},
    )
    asked = write("product_info", [vase], "What's it made of? And can it go in the dishwasher?")
    assert "glass" in asked.text and "Hand wash in warm soapy water" in asked.text
    assert asked.grounded, asked.notes
    # A care line that says nothing of washing does not answer it.
    dusted = replace(vase, data={**vase.data, "care": "Dust with a soft dry cloth."})
    assert not write("product_info", [dusted], "Can it go in the dishwasher?").grounded


def test_that_what_a_pillow_is_filled_with_is_answered_by_its_materials():
    pillow = product(
        product_name="Tilly Pillow", variant_name="Firm", materials=["duck down"], compatibility={}
    )
    asked = write("product_info", [pillow], "I need to know what the pillow is filled with.")
    assert "duck down" in asked.text and asked.grounded, asked.notes


def test_that_real_or_plastic_is_answered_by_the_materials():
    mirror = product(
        product_name="Ramsey Mirror", variant_name="Natural", materials=["rattan"], compatibility={}
    )
    message = "the frame from the Ramsey Mirror is real or is plastic with a look like it?"
    asked = write("product_info", [mirror], message)
    assert "rattan" in asked.text and asked.grounded, asked.notes


def test_that_a_finish_named_after_a_wood_asked_if_it_is_that_wood_gets_the_materials():
    # "Walnut" is the finish, so it is read as part of the product's name, not the question.
    chair = product(
        product_name="Winslow Dining Chair",
        variant_name="Walnut",
        finish="Walnut",
        materials=["rattan"],
        compatibility={},
    )
    message = "is the Winslow Dining Chair in Walnut actual walnut or just the color"
    asked = write("product_info", [chair], message)
    assert "made from rattan" in asked.text and asked.grounded, asked.notes


def test_that_a_curtains_drop_asked_in_inches_gets_the_measurements():
    curtains = product("US", product_name="Calder Curtains", variant_name="Chalk, W 140 x D 228 cm")
    message = "are the Calder Curtains (Chalk, W 140 x D 228 cm) 84 or 96 inch? need the drop"
    asked = write("product_info", [curtains], message, "US")
    assert "in deep" in asked.text and asked.grounded, asked.notes
    price_drop = write("product_info", [curtains], "will the price drop on the Calder Curtains?")
    assert "in deep" not in price_drop.text and "cm deep" not in price_drop.text


def test_that_a_pan_asked_whether_it_overhangs_a_hob_zone_gets_its_width():
    pan = product("UK", compatibility={"hob_types": ["gas", "induction"]})
    message = "The biggest zone on my hob is only 21 cm. Is it going to hang way over the edge?"
    asked = write("sizing_fit", [pan], message)
    assert "cm wide" in asked.text and asked.grounded, asked.notes


def test_that_a_seats_width_between_the_arms_is_left_to_a_person_with_what_is_known():
    chair = product("UK", compatibility={"removable_covers": True, "seat_height_cm": 45})
    message = "What's the width of the seat between the arms, and how high is the seat?"
    asked = write("sizing_fit", [chair], message)
    assert not asked.grounded  # not sent on its own: a person answers the width
    assert "not covered by the product's attributes: interior" in asked.notes
    assert "The seat is 45 cm high." in asked.text  # what the row does say, for the agent


def test_that_a_follow_up_asking_for_the_tracking_number_gets_it():
    facts = [order_in("in_transit")]
    asked = write(
        "order_status", facts, "Could you give me the tracking number as well?", follow_up=True
    )
    assert "<TRACKING_NUMBER_1>" in asked.text and asked.grounded, asked.notes
    # Not asked for, it stays a detail a short follow-up answer leaves out.
    when = write("order_status", facts, "and when will it get here?", follow_up=True)
    assert "<TRACKING_NUMBER_1>" not in when.text


def test_that_a_question_about_our_business_read_as_out_of_scope_goes_to_a_person():
    # A follow-up about a desk, read as chit-chat: the redirect would tell the customer we
    # cannot help with our own delivery charge.
    asked = write("other", [], "so how quickly could it be with me and what's the delivery charge?")
    assert asked.needs_person and not asked.grounded
    assert any("'delivery'" in note for note in asked.notes), asked.notes
    assert Draft.from_record(asked.to_record()).needs_person
    weather = write("other", [], "What's the weather going to be like in Berlin this weekend?")
    assert not weather.needs_person and "support assistant" in weather.text
    # Saying where we are from on the way to a question about something else asks us nothing.
    pizza = write("other", [], "you are english company so you know the city, best pizza here?")
    assert not pizza.needs_person and "support assistant" in pizza.text
    # A message naming one of our orders is about that order, whatever else it says.
    voice = write("other", [], f"Dad would rather hear an actual voice about {REF}. Can you?")
    assert voice.needs_person and not voice.grounded
    # Asking the shop itself for what no policy covers: a showroom, a raffle prize.
    for message in (
        "Do you have a showroom near Manchester where I could see the furniture?",
        "Would you consider donating a cushion for our school's Christmas raffle?",
        # A discount of our own: only a person can say yes or no.
        "do u do an nhs discount? nurse here",
        # The shop itself: no policy says who Hollin and Reed are.
        "i am curios, who is Hollin and who is Reed? they are real persons, the owners?",
        # Its business: how many work there, where the warehouse is, what sells best.
        "For a school project: how many people work at Hollin & Reed? Where is your warehouse?",
        "What is the most popular thing you sell? My son is writing about your company.",
        # Where it is from, which no policy says.
        "are you actually a british company or do you just sound like one? trying to buy uk",
        "Where are you based? I only buy from local firms.",
        # Working with the shop: affiliates, collaborations, wholesale.
        "do u guys have an affiliate program? 40k followers on insta, mostly home reno stuff",
    ):
        asked = write("other", [], message)
        assert asked.needs_person and not asked.grounded, message


def test_that_reaching_us_besides_the_chat_lists_every_other_way():
    channels = [policy("contact-escalation", "channels")]
    other_ways = write("other", channels, "whats the best way to reach you besides this chat")
    assert "Email:" in other_ways.text and "Phone:" in other_ways.text
    assert other_ways.grounded, other_ways.notes


def test_that_a_rambling_request_for_our_number_is_answered_with_it():
    # Scored low by the search, and sharing few words with the rambling message: the contact
    # section is still the answer, chosen by rule, when the message is about nothing else.
    channels = [replace(policy("contact-escalation", "channels"), score=0.39)]
    message = (
        "ok great so im driving right now and talking into my phone so sorry if this comes out "
        "weird is there a number i can just call you guys on instead of doing this"
    )
    draft = write("other", channels, message, follow_up=True)
    assert "Phone: UK" in draft.text
    assert draft.grounded, draft.notes
    # With the shop's business in it, the same words are not only about reaching us.
    refund = write("other", channels, "is there a number i can call you on about my refund")
    assert not refund.grounded
    # Another way of writing to us that the shop does not offer: the ways it does.
    voice = write("other", channels, "can i just send u a voice note instead, thumbs are dying")
    assert "Phone: UK" in voice.text
    assert voice.grounded, voice.notes


def test_that_an_hours_question_about_calling_us_also_gives_the_number():
    contact = [policy("contact-escalation", "hours"), policy("contact-escalation", "channels")]
    draft = write("other", contact, "I'm on the East Coast. Until what time can I still call you?")
    assert "8am to 8pm UK time" in draft.text
    assert "+1 202 555 0147" in draft.text
    assert draft.grounded, draft.notes
    chat = write("other", contact, "Is this chat still open after midnight?")
    assert "any hour" in chat.text and "+1 202 555 0147" not in chat.text


def test_that_a_bot_question_beside_an_hours_question_gets_both_answers():
    contact = [policy("contact-escalation", "hours"), policy("contact-escalation", "channels")]
    draft = write("other", contact, "are you a bot? and what are your opening hours?")
    assert "an AI rather than a person" in draft.text
    assert "8am to 8pm UK time" in draft.text
    assert draft.grounded, draft.notes
    alone = write("other", contact, "am i chatting with a bot?")
    assert "8am" not in alone.text and not alone.grounded


def test_that_who_is_answering_beside_a_question_of_the_shops_goes_to_a_person():
    contact = [policy("contact-escalation", "hours"), policy("contact-escalation", "channels")]
    mixed = write(
        "other", contact, "r u a bot or a real person? do u guys take paypal? and r u open sundays"
    )
    assert "an AI rather than a person" in mixed.text
    assert not mixed.grounded and mixed.needs_person, mixed.notes
    hours = write("other", contact, "r u a bot or a real person? and r u open sundays")
    assert hours.grounded and "closed on Sundays" in hours.text, hours.notes


def test_that_the_channel_named_gets_its_own_line():
    contact = [policy("contact-escalation", "channels")]
    draft = write("other", contact, "Which number do I ring you on from abroad?")
    assert "Phone: UK 020 7946 0321" in draft.text
    assert "subject line" not in draft.text


def test_that_each_channel_named_gets_its_line_and_who_is_answering_is_said():
    contact = [policy("contact-escalation", "channels")]
    message = (
        "Quick questions. When I use this chat late at night, am I talking to a real person or "
        "a bot? Is there a number I can call from the US instead? And can I just email you?"
    )
    draft = write("other", contact, message, "US")
    assert "an AI rather than a person" in draft.text
    assert "+1 202 555 0147" in draft.text and "support@hollinandreed.example" in draft.text
    # The chat they are in is not a channel they asked about.
    assert "Chat is the quickest way" not in draft.text
    assert draft.grounded, draft.notes


@pytest.mark.parametrize(
    "message",
    [
        "Can I ring you on a Saturday afternoon instead of using this?",
        "do u have a number i can call from the states w/o paying internatonal rates?",
        "He lives in Ohio, so which number should he ring without paying for a call to England?",
    ],
)
def test_that_asking_how_to_phone_us_gets_the_numbers(message: str):
    contact = [policy("contact-escalation", "channels")]
    draft = write("other", contact, message)
    assert "+1 202 555 0147" in draft.text, draft.text
    assert "subject line" not in draft.text and "I can help with orders" not in draft.text
    assert draft.grounded, draft.notes


def test_that_our_hours_on_a_holiday_go_to_a_person_with_the_usual_hours_drafted():
    contact = [policy("contact-escalation", "hours"), policy("contact-escalation", "channels")]
    draft = write(
        "other", contact, "Will your customer team be around over Christmas, or just the bot?"
    )
    assert "Monday to Saturday" in draft.text
    assert not draft.grounded and any("Christmas" in n for n in draft.notes), draft.notes
    usual = write("other", contact, "Will your customer team be around on Saturday morning?")
    assert "Monday to Saturday" in usual.text and usual.grounded, usual.notes
    away = write(
        "other",
        contact,
        "I'm in Sydney until after Christmas. Which number do I ring you on from here, and "
        "will there be anyone around during my evening?",
    )
    assert "+1 202 555 0147" in away.text and away.grounded, away.notes


def test_that_an_orders_payment_summary_alone_is_no_billing_answer():
    draft = write(
        "billing",
        [order_in("delivered")],
        f"I posted {REF} back yesterday. Please just pay it back now instead of waiting.",
    )
    assert "was paid by card" in draft.text
    assert not draft.grounded
    assert any("payment summary alone" in note for note in draft.notes)


def test_that_a_reset_link_to_an_old_address_gets_what_we_ask_before_changing_it():
    facts = [policy("account-privacy", "password"), policy("account-privacy", "account-details")]
    draft = write(
        "account",
        facts,
        "The reset link goes to an old Yahoo address I can't get into any more. Could you text "
        "it to my mobile instead?",
    )
    assert "Before changing an email address for you" in draft.text


def test_that_newsletters_are_answered_from_the_marketing_rule():
    # Scored as the policy search scores it: the words alone ("newsletters", "stop") never
    # appear in the section, which speaks of marketing emails and opting out.
    facts = [
        policy("account-privacy", "password"),
        replace(policy("account-privacy", "marketing"), score=0.55),
        policy("account-privacy", "account-details"),
    ]
    draft = write("account", facts, "I keep getting your newsletters. How do I make them stop?")
    assert "Unsubscribe" in draft.text
    assert draft.grounded, draft.notes
    # How often they come is not in the rule: a person answers, with the opt-out as a draft.
    fewer = write("account", facts, "can i get ur sale emails like once a month instead?")
    assert "Unsubscribe" in fewer.text
    assert not fewer.grounded and any("once a month instead" in n for n in fewer.notes)
    # Order emails asked to be switched off: the rule that says which emails always come.
    service = write(
        "account",
        facts,
        "We share one account and it's on my wife's email. Can I turn off the confirmation and "
        "shipping emails just for this one order? It's a surprise for her.",
    )
    assert "doesn't affect service emails" in service.text, service.text


def test_that_each_billing_question_gets_its_own_section_and_amex_is_american_express():
    facts = [policy("payments-invoices", "methods"), policy("payments-invoices", "klarna")]
    draft = write("billing", facts, "do you take amex? and can i split the cost into payments?")
    assert "American Express" in draft.text
    assert "instalments" in draft.text
    assert draft.grounded, draft.notes


def test_that_a_longer_message_opening_with_thanks_is_not_taken_for_a_goodbye():
    asking = write("other", [], "Thanks in advance. I'd like to know about trade discounts.")
    assert "You're welcome" not in asking.text
    rambling = write(
        "other",
        [],
        "Cheers for earlier, and I also wanted to say that we are thinking of furnishing three "
        "holiday cottages next spring and would want to talk about bulk pricing with someone",
    )
    assert "You're welcome" not in rambling.text


def test_that_a_service_no_policy_describes_is_left_to_a_person():
    # "Next-day delivery" appears in no policy: the order's status is not an answer to it.
    asked = write(
        "order_status", [order_in("processing")], f"Can {REF} be bumped to next-day delivery?"
    )
    assert not asked.grounded
    assert any("next-day delivery" in note for note in asked.notes), asked.notes
    plain = write("order_status", [order_in("processing")], f"Has {REF} been sent out yet?")
    assert plain.grounded, plain.notes
    # Forces mail and PO boxes: no delivery policy says whether we send there.
    for place in ("an APO address", "a PO box", "a BFPO address"):
        overseas = write(
            "change_order",
            [order_in("processing"), eligibility("change", True, "not_yet_dispatched")],
            f"Could {REF} go to my son instead? It would be {place}. Do you ship to those?",
        )
        assert not overseas.grounded, place
    # Nor whether a return can be sent from a country we do not deliver to.
    abroad = write(
        "return_request",
        [order_in("delivered"), policy("returns", "start")],
        f"I've moved to France with the cushion from {REF}. Can I still return it from France?",
    )
    assert not abroad.grounded
    # Nor a shop to hand a return in at: the window and fee are no answer to where.
    in_person = write(
        "return_request",
        [order_in("delivered"), policy("returns", "start")],
        f"I'd like to return the lamp from {REF}. Is there a showroom or a shop in London where "
        "I can hand a return in?",
    )
    assert not in_person.grounded
    assert any("showroom" in note for note in in_person.notes), in_person.notes


@pytest.mark.parametrize(
    "message",
    [
        "I love the Alder Table Lamp but colours on a screen fool me. Can you post me fabric "
        "swatches first?",
        "If the Alder Table Lamp gets tired in a few years, do you sell replacement shades?",
        "The Alder Table Lamp cable is too long. Could you shorten it for me before you send it?",
        # Whether a finish is safe in a child's mouth: no product page says.
        "What is the Alder Table Lamp made of? Our son is teething and gnaws on anything low.",
        # Nor whether it suits an allergy ("What is it made of?" beside one is answered).
        "What is the Alder Table Lamp made of? My daughter has a dust allergy: is it safe for her?",
        # Whether we send or pay an electrician to fit it: no policy says.
        "Is the Alder Table Lamp wired in, or is need a electrician? If yes, you send him or you "
        "pay the costs?",
        # A document no product page links to, whatever the page says about assembly.
        "Before I order the Alder Table Lamp, is there a PDF of the assembly instructions I "
        "could look at? I've got a dodgy wrist at the moment.",
        "Can I download the manual for the Alder Table Lamp anywhere?",
    ],
)
def test_that_samples_spare_parts_and_alterations_are_left_to_a_person(message: str) -> None:
    # None of them is in the catalogue or a policy: the lamp's facts are no answer to them.
    asked = write("product_info", [product()], message)
    assert not asked.grounded, asked.text
    plain = write("product_info", [product()], "What bulb does the Alder Table Lamp take?")
    assert plain.grounded, plain.notes
    allergy = "My son has a dust allergy, so what is the Alder Table Lamp made of?"
    assert write("product_info", [product()], allergy).grounded
    # The customer's own shelves are not a question about ours.
    own = "There's 8 inches between each shelf of my bookcase. How tall is the Alder Table Lamp?"
    assert write("sizing_fit", [product()], own).grounded


@pytest.mark.parametrize(
    ("intent", "facts", "message", "plain"),
    [
        (
            "account",
            # Found by the policy search, close enough that its words are not weighed.
            [replace(policy("account-privacy", "password"), score=0.6)],
            "The link came through but every new password says 'does not meet requirements'. "
            "What ARE the requirements??",
            "How do I reset my password?",
        ),
        (
            "cancel_order",
            [
                order_in("processing", "DE"),
                eligibility("cancel", True, "", "DE"),
                policy("cancellations", "refund"),
            ],
            f"I chose bank transfer for {REF} but haven't paid. Will it just cancel itself if I "
            "never pay, and after how many days?",
            f"Can I still cancel {REF}?",
        ),
        (
            "account",
            [replace(policy("account-privacy", "password"), score=0.6)],
            "I've reset my password a few times now, no trouble, the emails always come. But to "
            "stop the whole circus: can I just sign in with my Google account instead?",
            "How do I reset my password?",
        ),
        (
            "billing",
            [replace(policy("payments-invoices", "tax-invoices"), score=0.6)],
            f"can I get one VAT invoice covering {REF} and my other 2 orders from this autumn? "
            "accountant wants a single document not three",
            f"Where do I download the VAT invoice for {REF}?",
        ),
        (
            "cancel_order",
            [
                order_in("processing", "DE"),
                eligibility("cancel", True, "", "DE"),
                policy("cancellations", "refund"),
            ],
            f"can you cancel {REF} before it goes out and will cancelling it hurt my klarna credit "
            "score",
            f"can you cancel {REF} before it goes out?",
        ),
        (
            "delivery_problem",
            [order_in("lost_in_transit", "DE"), policy("delivery", "lost")],
            f"hi its about {REF} it hasnt moved in a week if its lost can the new one be sent "
            "express",
            f"hi its about {REF} it hasnt moved in a week, is it lost?",
        ),
        (
            "billing",
            [replace(policy("payments-invoices", "methods"), score=0.6)],
            "Can I pay with my Mastercard credit card, and do you add a surcharge for paying by "
            "credit card?",
            "Can I pay with my Mastercard credit card?",
        ),
        (
            "account",
            [replace(policy("account-privacy", "password"), score=0.6)],
            "Once I set a new password, does that sign me out on my wife's tablet too?",
            "How do I reset my password?",
        ),
        (
            "cancel_order",
            [
                order_in("processing", "DE"),
                eligibility("cancel", True, "", "DE"),
                policy("cancellations", "refund"),
            ],
            f"please cancel {REF}. Also, if a customer cancel many orders, does your system block "
            "the account after some time?",
            f"please cancel {REF}.",
        ),
        (
            "exchange",
            [
                order_in("delivered", "DE"),
                eligibility("return", True, "within_window", "DE", deadline="2026-12-18"),
                policy("returns", "exchanges"),
            ],
            f"I'd like to swap the curtains from {REF} for the Chalk ones. Would the new ones come "
            "from the same dye batch as the pair I already have?",
            f"I'd like to swap the curtains from {REF} for the Chalk ones.",
        ),
        (
            "billing",
            [order_in("processing", "DE"), policy("payments-invoices", "gift-cards")],
            f"can {REF} come with a gift receipt, no prices on it? its a present",
            f"can I pay for {REF} with a gift card?",
        ),
    ],
)
def test_that_a_rule_no_policy_states_is_left_to_a_person(intent, facts, message, plain) -> None:
    # No policy says what a password must contain, whether an unpaid order cancels itself, what
    # cancelling does to a credit score, whether a replacement can go express, whether paying
    # by card costs extra, or whether a new password signs out other devices: the policies
    # quoted are no answer to any of them.
    asked = write(intent, facts, message, "DE")
    assert not asked.grounded, asked.text
    assert any("no policy or order fact describes" in note for note in asked.notes), asked.notes
    answered = write(intent, facts, plain, "DE")
    assert answered.grounded, answered.notes


@pytest.mark.parametrize(
    "message",
    [
        f"Since {REF} is coming later than you promised, will you give me back what I paid for "
        "delivery on it?",
        f"When will the refund for {REF} reach my card? I'd expect an extra £30 for my trouble.",
        f"{REF} is late again and I want compensation.",
        f"If {REF} doesn't go through the door, I want you to pay my handyman the £60 for his "
        "wasted afternoon and knock 10% off for the hassle.",
    ],
)
def test_that_compensation_no_policy_offers_is_left_to_a_person(message: str) -> None:
    # Money on top of what a policy sets out is a person's decision, however well the rest of
    # the reply answers.
    asked = write("refund_status", [order_in("processing"), policy("refunds", "timing")], message)
    assert not asked.grounded
    assert any("compensation" in note for note in asked.notes), asked.notes


def test_that_a_refund_timing_question_without_compensation_is_still_answered() -> None:
    plain = write(
        "refund_status",
        [order_in("processing"), policy("refunds", "timing")],
        f"If I cancel {REF}, when would the money be back on my card? Is your goodwill return "
        "window longer than the legal one?",
    )
    assert not any("compensation" in note for note in plain.notes), plain.notes


def test_that_a_heat_source_the_rows_never_list_goes_to_a_person():
    kettle = product(
        "UK",
        sku="KIT-0021",
        product_name="Stella Stovetop Kettle",
        variant_name="Black, 1.5 litre",
        category="kitchen",
        compatibility={"hob_types": ["gas", "electric", "ceramic", "halogen", "induction"]},
    )
    stove = write(
        "compatibility", [kettle], "Would the Stella kettle be alright on our wood-burning stove?"
    )
    assert not stove.grounded
    assert "heat_source" in " ".join(stove.notes)
    hob = write("compatibility", [kettle], "Does the Stella kettle work on induction?")
    assert hob.grounded, hob.notes


def test_that_the_mains_voltage_the_rows_never_give_goes_to_a_person():
    # The rows give the plug, never the voltage: answering the plug alone reads like a yes.
    moving = write(
        "compatibility",
        [product("UK")],
        "What plug does the Alder Table Lamp come with, and will it run on the American 120 V "
        "supply with an adapter?",
    )
    assert not moving.grounded and "UK 3-pin plug" in moving.text
    assert "voltage" in " ".join(moving.notes)
    plug = write("compatibility", [product("UK")], "What plug does the Alder Table Lamp have?")
    assert plug.grounded, plug.notes


def test_that_how_many_can_sit_round_a_table_is_the_seating_topic():
    table = product(
        "UK",
        sku="FUR-0015",
        product_name="Barnes Dining Table",
        variant_name="Natural Oak, 8-10 seats",
        category="furniture",
        compatibility={"seats_min": 8, "seats_max": 10, "extension_leaves": 1},
    )
    text = write(
        "product_info",
        [table],
        "Does the Barnes table extend, and how many can actually sit round it then?",
    ).text
    assert "seats 8 to 10 people" in text and "extends with 1 extension leaf" in text
    # "whether we'd all fit round it": the same question in other words.
    text = write(
        "sizing_fit",
        [table],
        "All twelve of us are coming. I need to know whether we'd all actually fit round it "
        "with the leaves in, and how long it is.",
    ).text
    assert "seats 8 to 10 people" in text, text
    # A number of guests, said as hosting them, or the fear of eating elbow to elbow.
    for question in (
        "hosting 8 for christmas this yr, is the Barnes table actually big enough or will we be "
        "eating elbow to elbow",
        "Is the Barnes table big enough for 10?",
    ):
        text = write("compatibility", [table], question).text
        assert "seats 8 to 10 people" in text, (question, text)
    # A number of things is not a number of people.
    glasses = write("compatibility", [table], "Is the Barnes table big enough for 6 glasses?")
    assert "seats 8 to 10 people" not in glasses.text


def dining_table(**changes: Any) -> Fact:
    return product(
        "UK",
        sku="FUR-0014",
        product_name="Barnes Dining Table",
        variant_name="Natural Oak, 6-8 seats",
        category="furniture",
        materials=["solid walnut"],
        assembly="Screw in the legs (about 10 minutes, no tools needed).",
        compatibility={"seats_min": 6, "seats_max": 8, "extension_leaves": 0},
        **changes,
    )


def test_that_the_words_of_a_product_name_ask_nothing():
    # "6-8 seats" and "Oak" are the table's name: the question is how it arrives.
    draft = write(
        "product_info",
        [dining_table()],
        "Does the Barnes Dining Table (Natural Oak, 6-8 seats) turn up in one piece or will I "
        "be building it? I don't own so much as a screwdriver.",
    )
    assert draft.grounded and "Screw in the legs" in draft.text
    assert "seats 6 to 8" not in draft.text and "walnut" not in draft.text
    # A question whose only topic words were in the name names no topic: a person answers.
    vague = write(
        "product_info",
        [dining_table()],
        "Is the Barnes Dining Table (Natural Oak, 6-8 seats) a good choice for a family?",
    )
    assert not vague.grounded
    # The same words asked by the customer still raise their topics.
    asked = write(
        "sizing_fit",
        [dining_table()],
        "We host Christmas for ten. Would the Barnes Dining Table (Natural Oak, 6-8 seats) take "
        "that many?",
    )
    assert asked.grounded and "seats 6 to 8 people" in asked.text


@pytest.mark.parametrize(
    "message",
    [
        "How wide is the Barnes Dining Table (Natural Oak, 6-8 seats)? And does it come ready to "
        "sit at? My son will unpack it and he's not handy.",
        "We'd want the Barnes Dining Table (Natural Oak, 6-8 seats). Does it arrive ready to use?",
    ],
)
def test_that_arriving_ready_to_use_is_asked_how_it_is_assembled(message: str):
    draft = write("sizing_fit", [dining_table()], message)
    assert "Screw in the legs" in draft.text


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("do you guys have any kind of gaurantee on the Alder Table Lamp?", "2-year warranty"),
        (
            "If something went wrong with the Alder Table Lamp after a few months, would you "
            "still sort it out? How long would that cover last?",
            "2-year warranty",
        ),
        ("Is the Alder Table Lamp memory foam, or has it got springs inside?", "ceramic"),
        ("How thick is the Alder Table Lamp?", "52 cm high"),
    ],
)
def test_that_everyday_words_for_a_topic_raise_it(question: str, said: str):
    draft = write("product_info", [product()], question)
    assert draft.grounded and said in draft.text


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        # Delivery asked without the word: its cost to a city, or a day it must come by.
        (
            "Can I order the Alder Table Lamp now, and what do you charge to bring it to Munich?",
            "delivery",
        ),
        ("Is the Alder Table Lamp in stock? Promise me it'll be there by Friday.", "delivery"),
        # VAT is the payments policy's rule for the customer's market, not a catalogue row.
        ("Is the price shown for the Alder Table Lamp with VAT included?", "tax"),
        ("Is the MwSt already in the price of the Alder Table Lamp?", "tax"),
    ],
)
def test_that_a_product_question_with_a_policy_part_goes_to_a_person(question: str, topic: str):
    draft = write("product_info", [product()], question)
    assert not draft.grounded
    assert f"not covered by the product's attributes: {topic}" in draft.notes


def large_piece(market: str = "US") -> Fact:
    return product(
        market,
        sku="FUR-0190",
        product_name="Greta Sofa",
        variant_name="Ink Blue, 2-seater",
        category="sofas",
        compatibility={"delivery": "two_person"},
    )


@pytest.mark.parametrize(
    ("question", "said", "not_said"),
    [
        (
            "If I only order the Alder Table Lamp by itself, is the shipping free or do I pay?",
            ["travels as a standard parcel", "costs £4.95", "free on orders of £75.00"],
            ["Large-item", "£49.00"],
        ),
        (
            "Can I order the Alder Table Lamp now, and what do you charge to bring it here?",
            ["2 to 4 business days"],
            ["Large-item"],
        ),
    ],
)
def test_that_a_parcels_delivery_is_answered_from_the_markets_section(question, said, not_said):
    draft = write("product_info", [product(), policy("delivery", "uk")], question, "UK")
    assert draft.grounded, draft.notes
    assert all(s in draft.text for s in said)
    assert not any(s in draft.text for s in not_said)


def test_that_a_large_pieces_delivery_gives_its_own_fee_and_what_the_team_does():
    facts = [large_piece(), policy("delivery", "us"), policy("delivery", "two-person")]
    draft = write(
        "sizing_fit",
        facts,
        "What does it cost to get the Greta Sofa delivered? Do you bring it inside or just "
        "leave it at the curb?",
        "US",
    )
    assert draft.grounded, draft.notes
    assert "two-person delivery team" in draft.text and "costs $149.00" in draft.text
    assert "carry the item into the room of your choice" in draft.text
    assert "book a delivery day" in draft.text and "time slot" in draft.text
    assert "$9.95" not in draft.text  # the parcel charge is not this sofa's
    # Nothing about the order's checkout or the inspection on the day: not what was asked.
    assert "You'll see the delivery charges" not in draft.text
    assert "Check the item over" not in draft.text


def test_that_a_parcels_price_comes_with_its_delivery_charge():
    # Free above the threshold: whether this lamp alone gets there is its price.
    draft = write(
        "product_info",
        [product("US"), policy("delivery", "us")],
        "If I only order the Alder Table Lamp by itself, do I pay for the shipping?",
        "US",
    )
    assert draft.grounded and "$115.00" in draft.text and "free on orders of $150.00" in draft.text


@pytest.mark.parametrize(
    "question",
    [
        # A day it must come by is a promise; a charge paid back is the refunds policy's rule.
        "How much is delivery on the Alder Table Lamp? I need it before Friday.",
        "If the Alder Table Lamp goes back, will I get the delivery charge back?",
        # Carried upstairs is the two-person team's work; a parcel's carrier does no such thing.
        "What does delivery cost, and will they carry the Alder Table Lamp upstairs?",
        # The market sections speak for the shop's own country, not for the islands or abroad.
        "Do you ship the Alder Table Lamp to the Channel Islands, and is it the usual cost?",
    ],
)
def test_that_delivery_questions_no_section_answers_go_to_a_person(question):
    facts = [product(), policy("delivery", "uk"), policy("delivery", "two-person")]
    draft = write("product_info", facts, question, "UK")
    assert not draft.grounded
    assert "not covered by the product's attributes: delivery" in draft.notes


def test_that_a_way_to_pay_asked_beside_a_product_question_goes_to_a_person():
    facts = [product(), policy("delivery", "uk")]
    draft = write(
        "product_info", facts, "How much is delivery on the Alder Table Lamp, and can I use Klarna?"
    )
    assert not draft.grounded
    assert "not covered by the product's attributes: payment" in draft.notes


@pytest.mark.parametrize(
    "question",
    [
        "Do you still sell the Alder Table Lamp (Chalk, small)?",
        "Can I order the Alder Table Lamp now, or is there a wait?",
    ],
)
def test_that_asking_whether_it_can_be_bought_gives_its_stock(question):
    draft = write("product_info", [product()], question, "UK")
    assert draft.grounded and "£89.00 and in stock" in draft.text


def test_that_delivery_is_not_answered_without_the_markets_section():
    draft = write("product_info", [product()], "What's the postage on the Alder Table Lamp?")
    assert not draft.grounded and "Our Delivery policy" not in draft.text


def test_that_sending_something_back_is_not_read_as_a_delivery_cost():
    draft = write(
        "product_info", [product()], "How much is the Alder Table Lamp, and what's the price?"
    )
    assert draft.grounded
    back = write("product_info", [product()], "What would I pay to send it back? How tall is it?")
    assert "52 cm high" in back.text


def test_that_a_fit_question_about_a_made_to_order_piece_says_it_cannot_come_back():
    sofa = product(
        "UK",
        sku="SOF-0001",
        product_name="Quinn Sofa",
        variant_name="Oatmeal, 3-seater",
        category="sofas",
        made_to_order=True,
        lead_time_weeks=7,
        dimensions_cm={"width": 220.0, "depth": 98.0, "height": 82.0},
    )
    fit = write(
        "sizing_fit", [sofa], "We've got 225 cm between the radiator and the door. Would it fit?"
    )
    assert "220 cm wide" in fit.text
    assert "about 7 weeks" in fit.text and "can't be returned for a change of mind" in fit.text
    # A piece held in stock says nothing of the kind.
    stocked = write("sizing_fit", [product()], "How wide is the Alder Table Lamp?")
    assert "made to order" not in stocked.text


def test_that_the_variant_written_out_in_full_is_the_one_answered():
    # The search ranked the 150 cm sideboard first because the alcove is 150 cm wide; the
    # customer named the 180 cm one in full.
    def sideboard(size: str, width: float) -> Fact:
        return product(
            "UK",
            sku=f"FUR-{size}",
            product_name="Sherwood Sideboard",
            variant_name=f"White Oiled Oak, {size} cm",
            category="furniture",
            dimensions_cm={"width": width, "depth": 43.0, "height": 82.0},
        )

    message = (
        "The alcove is 150 cm wide, wall to wall. I've had the Sherwood Sideboard (White Oiled "
        "Oak, 180 cm) open in a tab for a month. Will it actually go in there?"
    )
    text = write("sizing_fit", [sideboard("150", 150.0), sideboard("180", 180.0)], message).text
    assert "(White Oiled Oak, 180 cm) measures 180 cm wide" in text


def test_that_inside_measurements_go_to_a_person_and_keeping_it_nice_is_care():
    inside = write(
        "sizing_fit",
        [product()],
        "How deep is the Alder Table Lamp overall, and how much usable depth is there inside?",
    )
    assert not inside.grounded
    # A sofa's seat from its front edge to the back cushion: the rows give the overall depth.
    seat = write(
        "sizing_fit",
        [product()],
        "How deep is the seat on the Alder Table Lamp, from the front edge to the back cushion? "
        "I don't mean the overall depth.",
    )
    assert not seat.grounded, seat.text
    care = write(
        "product_info",
        [product()],
        "What does the Alder Table Lamp need from us to keep it looking good?",
    )
    assert care.grounded and "Dust with a soft dry cloth" in care.text


@pytest.mark.parametrize(
    ("message", "wanted"),
    [
        ("If it isn't the Sage, King, I'd like to change it for that one.", "BED-0275"),
        ("can I swap it for the sage super king?", "BED-0276"),
        # Neither named in full: a guess could quote the wrong one's price.
        ("can I have the sage one in a bigger size?", None),
    ],
)
def test_that_a_variant_named_in_full_wins_over_one_with_more_words(
    message: str, wanted: str | None
):
    had = order("delivered", lines=[line(variant="Sage, Double")])
    variants = [
        product("UK", sku="BED-0275", variant_name="Sage, King"),
        product("UK", sku="BED-0276", variant_name="Sage, Super King"),
    ]
    chosen = wanted_in_exchange(message, had, variants)
    assert (chosen.data["sku"] if chosen is not None else None) == wanted


@pytest.mark.parametrize(
    ("message", "chosen"),
    [
        # A kind of thing shared with a search hit does not move the reply off the product the
        # conversation is about.
        ("Would two of them plus a little side table fit on a 205 cm wall?", "FUR-0001"),
        # Its own name, or two words of its name, do.
        ("And how deep is the Pembroke?", "FUR-0002"),
        ("Is the bedside table walnut all the way through?", "FUR-0002"),
        # The customer's own furniture ("my bedside table") is where the product goes, not
        # another product; the name of one of ours still names it.
        ("the top of my bedside table is only 35 cm across, would it sit on there ok?", "FUR-0001"),
        ("would it go next to our bedside table?", "FUR-0001"),
        ("Is it the same walnut as my Pembroke bedside table?", "FUR-0002"),
    ],
)
def test_that_a_follow_up_stays_on_its_product_unless_another_is_named(message: str, chosen: str):
    chair = product(sku="FUR-0001", product_name="Settle Armchair", variant_name="Charcoal")
    table = product(sku="FUR-0002", product_name="Pembroke Bedside Table", variant_name="Walnut")
    picked = chosen_product([chair, table], message)
    assert picked is not None and picked.data["sku"] == chosen
