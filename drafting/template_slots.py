"""Slot families: each turns one fact (or one part of it) into every slot of its family, as
words for the customer's market. A value the fact lacks becomes "", and the writers choose a
template that does not need it."""

from __future__ import annotations

from typing import Any

from drafting.template_compose import (
    ELIGIBILITY_SLOTS,
    ESTIMATE_SLOTS,
    MONEY_SLOTS,
    ORDER_SLOTS,
    PRODUCT_SLOTS,
    SHIPMENT_SLOTS,
)
from drafting.template_facts import shipments
from drafting.template_format import (
    MARKET_NAMES,
    clause,
    day,
    destination_words,
    humanise_dates,
    method_words,
    money,
    number,
    service_words,
    status_words,
)
from tools.facts import Fact

Slots = dict[str, str]


def _blank(names: tuple[str, ...]) -> Slots:
    return dict.fromkeys(names, "")


def latest_delivery(order: Fact) -> str | None:
    dates = [str(s["delivered_on"]) for s in shipments(order) if s.get("delivered_on")]
    return max(dates) if dates else None


def order_slots(order: Fact | None, market: str) -> Slots:
    slots = _blank(ORDER_SLOTS)
    if order is None:
        return slots
    data = order.data
    slots.update(
        order_ref=str(data.get("order_ref") or ""),
        placed_on=day(data.get("placed_on"), market),
        cancelled_on=day(data.get("cancelled_on"), market),
        delivered_on=day(latest_delivery(order), market),
        total=money(data.get("total"), data.get("currency")),
        delivery_fee=money(data.get("delivery_fee"), data.get("currency")),
        item_count=str(data.get("item_count") or ""),
        method=method_words(data.get("payment_method")),
        status=status_words(data.get("status")),
    )
    return slots


def shipment_slots(shipment: dict[str, Any] | None, market: str, *, count: int = 1) -> Slots:
    slots = _blank(SHIPMENT_SLOTS)
    slots["count"] = str(count)
    if shipment is None:
        return slots
    event = shipment.get("last_event") or {}
    slots.update(
        carrier=str(shipment.get("carrier") or "the carrier"),
        service=service_words(shipment.get("service")),
        # The placeholder when the tools issued one: some carriers' numbers embed the order
        # number, and drafts stay in masked space until the respond node unmasks them.
        tracking_number=str(shipment.get("tracking_ref") or shipment.get("tracking_number") or ""),
        eta=day(shipment.get("estimated_delivery"), market),
        delivered_on=day(shipment.get("delivered_on"), market),
        status=status_words(shipment.get("status")),
        event_date=day(event.get("occurred_at"), market),
        # Tracking text is quoted as the carrier wrote it, with ISO dates made readable.
        event=clause(humanise_dates(str(event.get("description") or ""), market)),
    )
    return slots


def estimate_slots(**values: str) -> Slots:
    """A delivery estimate or a made-to-order lead time, already in words."""
    slots = _blank(ESTIMATE_SLOTS)
    slots.update(values)
    return slots


def money_slots(record: dict[str, Any], order: Fact, market: str) -> Slots:
    """A refund or a return record of `order`."""
    slots = _blank(MONEY_SLOTS)
    currency = record.get("currency") or order.data.get("currency")
    slots.update(
        order_ref=str(order.data.get("order_ref") or ""),
        amount=money(record.get("amount"), currency),
        method=destination_words(record.get("method") or order.data.get("payment_method")),
        processed_on=day(record.get("processed_on"), market),
        expected_by=day(record.get("expected_by"), market),
        status=status_words(record.get("status")),
        received_on=day(record.get("received_on"), market),
        requested_on=day(record.get("requested_on"), market),
        fee=money(record.get("return_fee"), currency),
    )
    return slots


def days_phrase(days: object) -> str:
    if not isinstance(days, int) or isinstance(days, bool):
        return ""
    return "1 day" if days == 1 else f"{days} days"


def order_ref_slots(order: Fact) -> Slots:
    """The eligibility family with only the order named: "Your order ... has already been
    dispatched" said where no eligibility check was run (the order's state is the reason)."""
    return {**_blank(ELIGIBILITY_SLOTS), "order_ref": str(order.data.get("order_ref") or "")}


def eligibility_slots(
    fact: Fact, market: str, *, item: str = "", why: str = "", order_ref: str = ""
) -> Slots:
    slots = _blank(ELIGIBILITY_SLOTS)
    data = fact.data
    slots.update(
        order_ref=str(data.get("order_ref") or order_ref),
        deadline=day(data.get("deadline"), market),
        days_left=days_phrase(data.get("days_left")),
        fee=money(data.get("return_fee"), data.get("currency")),
        item=item,
        why=clause(why),
        reason=_mid_sentence(clause(humanise_dates(str(data.get("reason") or ""), market))),
    )
    return slots


def _mid_sentence(text: str) -> str:
    """A fact's sentence placed after a colon: lower-case first word (not an acronym)."""
    if not text:
        return ""
    first = text.split()[0]
    if first != "I" and not (len(first) > 1 and first.isupper()):
        text = text[0].lower() + text[1:]
    return f"{text}."


def product_name(product: Fact) -> str:
    name = str(product.data.get("product_name") or product.title).strip()
    variant = str(product.data.get("variant_name") or "").strip()
    return f"the {name} ({variant})" if variant else f"the {name}"


def product_slots(product: Fact, market: str, **extra: str) -> Slots:
    slots = _blank(PRODUCT_SLOTS)
    data = product.data
    cm = data.get("dimensions_cm") or {}
    inches = data.get("dimensions_in") or {}
    name = product_name(product)
    offer_market = str(data.get("market") or market)
    slots.update(
        product=name,
        Product=name[0].upper() + name[1:],
        market_name=MARKET_NAMES.get(offer_market, offer_market),
        width=number(cm.get("width")),
        depth=number(cm.get("depth")),
        height=number(cm.get("height")),
        width_in=number(inches.get("width")),
        depth_in=number(inches.get("depth")),
        height_in=number(inches.get("height")),
        weight=number(data.get("weight_kg")),
        price=money(data.get("price"), data.get("currency")),
        restock_date=day(data.get("restock_date"), market),
    )
    slots.update(extra)
    return slots
