"""Orders rendered as facts (the schema drafting/ reads), plus the shared fact helpers.

A fact about an order never carries the customer's name, street, city, postcode, email or phone,
and its masked text shows the order id only as the conversation's placeholder (`<ORDER_ID_1>`)
and tracking numbers as `<TRACKING_NUMBER_n>` (the shop's own carrier puts the order number in
them); `data` keeps the real tracking number beside its `tracking_ref`. Dates and spans the
rules decide (a refund's `expected_by`, the price promise, the damage-report deadline, delivery
times before dispatch) are computed in `tools/order_terms.py`, never guessed.
"""

from __future__ import annotations

import re
import threading
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from nlp.pii.entities import ORDER_ID
from nlp.pii.vault import Vault
from store.order_models import Order, RefundRecord, Shipment, normalise_order_id
from store.policy_rules import PolicyRules
from tools.facts import Fact
from tools.order_terms import (
    LineDetail,
    damage_deadline,
    delivery_estimates,
    price_promise_until,
    refund_expected_by,
)

RefusalReason = Literal[
    "not_found_or_not_yours", "needs_verification", "no_order_reference", "no_results"
]
# The words are the same whoever asks and whether or not the order exists: a refusal must not
# let anyone tell "no such order" from "someone else's order".
REFUSAL_TEXT: dict[str, tuple[str, list[str]]] = {
    "not_found_or_not_yours": (
        "No order matching those details can be shown in this conversation. The customer should "
        "check the order number and the email address or delivery postcode used for the order.",
        [],
    ),
    "needs_verification": (
        "Order details can only be shown to a guest after they confirm the email address or the "
        "delivery postcode used for the order, together with the order number.",
        ["email_or_postcode"],
    ),
    "no_order_reference": (
        "No order number was given. The customer should share the order number from their "
        "confirmation email (HR- followed by six digits).",
        ["order_number"],
    ),
    "no_results": ("Nothing was found for this question.", []),
}
# Placeholders are issued from worker threads at the same time (the runner runs tools
# concurrently); one lock keeps a vault's counters consistent.
_VAULT_LOCK = threading.Lock()
# Not one of the masker's PII types: tools issue it themselves (see `tracking_ref`).
TRACKING_NUMBER = "TRACKING_NUMBER"
# A refund not sent yet: the states the drafter reads as "being processed".
PENDING_REFUND = frozenset({"pending", "processing", "approved"})
_ORDER_IN_SOURCE = re.compile(r"HR-\d{6}")
FAILED_ATTEMPT = "attempt_failed"  # the tracking event code of a delivery nobody answered


def money(value: Decimal | float | int) -> str:
    return f"{Decimal(str(value)).quantize(Decimal('0.01'))}"


def iso_day(value: datetime | date | None) -> str | None:
    if value is None:
        return None
    return (value.date() if isinstance(value, datetime) else value).isoformat()


def words(code: str) -> str:
    return code.replace("_", " ")


def order_ref(vault: Vault, order_id: str) -> str:
    """The conversation's placeholder for an order, reusing one the customer's own spelling got
    ("204813" and "HR-204813" are one order, so the reply names it once)."""
    with _VAULT_LOCK:
        for placeholder, value in vault.entries.items():
            if placeholder.startswith(f"<{ORDER_ID}_") and normalise_order_id(value) == order_id:
                return placeholder
        return vault.placeholder_for(ORDER_ID, order_id)


def issue_placeholder(vault: Vault, entity_type: str, value: str) -> str:
    """`vault.placeholder_for`, safe to call from the runner's worker threads."""
    with _VAULT_LOCK:
        return vault.placeholder_for(entity_type, value)


def tracking_ref(vault: Vault, tracking_number: str) -> str:
    """Some carriers' numbers embed the order number (HRD-204813-1), so LLM-bound text gets a
    placeholder for every tracking number; unmasking restores it for the customer."""
    return issue_placeholder(vault, TRACKING_NUMBER, tracking_number)


def mask_source_id(source_id: str, vault: Vault) -> str:
    """A source id safe for LLM-bound text: "order:HR-204813" -> "order:<ORDER_ID_1>"."""
    return _ORDER_IN_SOURCE.sub(lambda m: order_ref(vault, m.group()), source_id)


def unmask_source_id(key: str, vault: Vault) -> str:
    """The real source id behind a masked key a model cited (inverse of `mask_source_id`)."""

    def real(match: re.Match[str]) -> str:
        value = vault.value_of(match.group())
        normalised = normalise_order_id(value) if value else None
        return normalised or match.group()

    return re.sub(rf"<{ORDER_ID}_\d+>", real, key)


def refusal(tool: str, reason: RefusalReason, text: str | None = None) -> Fact:
    default_text, ask_for = REFUSAL_TEXT[reason]
    return Fact(
        source_id=f"refusal:{tool}",
        kind="refusal",
        title="Not available",
        data={"reason": reason, "ask_for": list(ask_for)},
        masked_text=text or default_text,
    )


def _scrub_city(text: str | None, city: str) -> str | None:
    """Tracking events name the delivery town ("Out for delivery, Leeds"): never pass it on."""
    if text is None or not city.strip():
        return text
    pattern = re.compile(rf"\b{re.escape(city.strip())}\b", re.IGNORECASE)
    return pattern.sub("local", text) if pattern.search(text) else text


def _shipment(s: Shipment, city: str, vault: Vault) -> dict[str, Any]:
    last = s.events[-1] if s.events else None
    location = _scrub_city(last.location, city) if last else None
    # A failed attempt is often not the latest event (the next try succeeded), yet "why did it
    # say delivery failed?" is answered by its date and the carrier's words.
    attempts = [
        {"occurred_at": e.occurred_at.isoformat(), "description": _scrub_city(e.description, city)}
        for e in s.events
        if e.code == FAILED_ATTEMPT
    ]
    return {
        "carrier": s.carrier,
        "service": s.service,
        "tracking_number": s.tracking_number,
        "tracking_ref": tracking_ref(vault, s.tracking_number),
        "status": s.status,
        "dispatched_on": iso_day(s.dispatched_at),
        "estimated_delivery": iso_day(s.estimated_delivery),
        "delivered_on": iso_day(s.delivered_at),
        "last_event": None
        if last is None
        else {
            "occurred_at": last.occurred_at.isoformat(),
            "description": _scrub_city(last.description, city),
            "location": None if location != last.location else location,
        },
        "failed_attempts": attempts,
    }


def _refund(refund: RefundRecord, rules: PolicyRules, today: date | None) -> dict[str, Any]:
    """One refund as the order fact shows it. `overdue`: still waiting to be sent after the day
    it should have reached the customer, which no rule explains (None when today is not known)."""
    expected = refund_expected_by(refund, rules)
    return {
        "amount": money(refund.amount),
        "currency": refund.currency,
        "method": refund.method,
        "status": refund.status,
        "created_on": iso_day(refund.created_at),
        "processed_on": iso_day(refund.processed_at),
        "expected_by": iso_day(expected),
        "overdue": None
        if today is None or expected is None
        else refund.status in PENDING_REFUND and expected < today,
    }


def order_fact(
    order: Order,
    ref: str,
    rules: PolicyRules,
    vault: Vault,
    details: dict[str, LineDetail] | None = None,
    today: date | None = None,
) -> Fact:
    """`details` (per SKU) adds how each line travels and whether it is made to order: before
    dispatch that is the only way to say how long the order will take. `today` says whether
    the price promise (order date + `price_promise.days_after_purchase`) still runs and whether
    a pending refund is overdue."""
    details = details or {}
    promise_until = price_promise_until(order, rules)
    shipments = [_shipment(s, order.ship_city, vault) for s in order.shipments]
    refunds = [_refund(f, rules, today) for f in order.refunds]
    returns = [
        {
            "status": r.status,
            "reason": r.reason,
            "requested_on": iso_day(r.requested_at),
            "received_on": iso_day(r.received_at),
            "return_fee": money(r.return_fee),
            "line_nos": list(r.line_nos),
        }
        for r in order.returns
    ]
    item_count = sum(line.quantity for line in order.lines)
    data: dict[str, Any] = {
        "order_ref": ref,
        "status": order.status,
        "market": order.market,
        "currency": order.currency,
        "placed_on": iso_day(order.placed_at),
        "total": money(order.total),
        # "Why did my bank take more than the price?": what the total holds besides the items.
        "delivery_fee": money(order.delivery_fee),
        "discount": money(order.discount),
        "item_count": item_count,
        "payment_method": order.payment_method,
        "cancelled_on": iso_day(order.cancelled_at),
        "lines": [
            {
                "line_no": line.line_no,
                "sku": line.sku,
                "product_name": line.product_name,
                "variant_name": line.variant_name,
                "quantity": line.quantity,
                "line_total": money(line.line_total),
                "status": line.status,
                **_line_detail(details.get(line.sku)),
            }
            for line in order.lines
        ],
        "shipments": shipments,
        "delivery_estimates": delivery_estimates(order, details, rules),
        "price_promise_until": promise_until.isoformat(),
        "price_promise_open": None if today is None else today <= promise_until,
        "damage_report_until": iso_day(damage_deadline(order, rules)),
        "returns": returns,
        "refunds": refunds,
    }
    return Fact(
        source_id=f"order:{order.id}",
        kind="order",
        title=f"Order {ref}",
        data=data,
        masked_text=_order_text(data, order),
    )


def _line_detail(detail: LineDetail | None) -> dict[str, Any]:
    if detail is None:
        return {}
    return {
        "delivery": detail.delivery,
        "made_to_order": detail.made_to_order,
        "lead_time_weeks": detail.lead_time_weeks,
    }


def _order_text(data: dict[str, Any], order: Order) -> str:
    ref, cur = data["order_ref"], data["currency"]
    names = ", ".join(f"{line.quantity} x {line.product_name}" for line in order.lines[:4])
    more = f" and {len(order.lines) - 4} more lines" if len(order.lines) > 4 else ""
    sentences = [
        f"Order {ref} was placed on {data['placed_on']} in the {data['market']} shop and its "
        f"status is {words(data['status'])}.",
        f"It has {data['item_count']} item{'s' if data['item_count'] != 1 else ''} ({names}{more}) "
        f"with a total of {data['total']} {cur}, paid by {words(data['payment_method'])}.",
    ]
    fee, discount = Decimal(data["delivery_fee"]), Decimal(data["discount"])
    sentences.append(
        f"The total includes {fee} {cur} for delivery." if fee else "Delivery was free."
    )
    if discount:
        sentences.append(f"A discount of {discount} {cur} was taken off.")
    if data["cancelled_on"]:
        sentences.append(f"It was cancelled on {data['cancelled_on']}.")
    for estimate in data["delivery_estimates"]:
        sentences.append(
            f"Once dispatched, {words(estimate['service'])} delivery takes "
            f"{estimate['business_days']}."
        )
    parts = []
    for s in data["shipments"]:
        when = (
            f"delivered on {s['delivered_on']}"
            if s["delivered_on"]
            else f"estimated delivery {s['estimated_delivery'] or 'not yet known'}"
        )
        latest = f", latest update: {s['last_event']['description']}" if s["last_event"] else ""
        kind = "two-person delivery" if s["service"] == "two_person" else words(s["service"])
        parts.append(
            f"{kind} with {s['carrier']} (tracking {s['tracking_ref']}): "
            f"{words(s['status'])}, {when}{latest}"
        )
    if parts:
        sentences.append("Shipments: " + "; ".join(parts) + ".")
    if data["returns"]:
        r = data["returns"][0]
        sentences.append(
            f"A return ({r['reason']}) was requested on {r['requested_on']} and is {r['status']}, "
            f"with a return fee of {r['return_fee']} {cur}."
        )
    for f in data["refunds"][:1]:
        expected = f", expected to arrive by {f['expected_by']}" if f["expected_by"] else ""
        if f["overdue"]:  # no new date to repeat: the old one has passed
            expected = f", overdue: it should have arrived by {f['expected_by']}"
        sentences.append(
            f"A refund of {f['amount']} {f['currency']} to the {words(f['method'])} is "
            f"{f['status']}{expected}."
        )
    return " ".join(sentences[:6])
