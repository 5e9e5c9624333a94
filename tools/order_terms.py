"""What the policy rules decide about one order's dates and times, computed, never guessed.

- a refund's `expected_by`: the start date + the slower end of the method's range in `[refunds]`
  (rules.toml), counted in business days (Monday to Friday; public holidays are not modelled),
  where the start date is the day the refund was processed, or, while it is still pending (the
  return is waiting for inspection), the day it was created plus
  `returns.inspection_business_days`. A failed refund, or a method the rules do not list, has
  no date;
- before dispatch, how long each kind of delivery on the order takes once it leaves us (the
  market's `standard_delivery_days` or `large_item_delivery_days`);
- the price promise's last day: the order date + `price_promise.days_after_purchase`;
- the last day to report damage: the latest delivery + `damage.report_within_days`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from store.order_models import Order, RefundRecord
from store.policy_rules import PolicyRules


@dataclass(frozen=True)
class LineDetail:
    """What the catalogue says about an ordered SKU that decides when and how it travels."""

    delivery: str  # "parcel" or "two_person"
    made_to_order: bool
    lead_time_weeks: int | None


def add_business_days(start: date, days: int) -> date:
    current = start
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


def refund_expected_by(refund: RefundRecord, rules: PolicyRules) -> date | None:
    span = rules.refund_business_days.get(refund.method)
    if span is None or refund.status == "failed":
        return None
    if refund.status == "processed" and refund.processed_at is not None:
        return add_business_days(refund.processed_at.date(), span[1])
    inspection = int(rules.raw.get("returns", {}).get("inspection_business_days", 0))
    return add_business_days(refund.created_at.date(), inspection + span[1])


def price_promise_until(order: Order, rules: PolicyRules) -> date:
    return order.placed_at.date() + timedelta(days=rules.price_promise_days)


def delivery_estimates(
    order: Order, details: dict[str, LineDetail], rules: PolicyRules
) -> list[dict[str, Any]]:
    """For an order still with us: how long each kind of delivery on it takes once dispatched,
    from the market's rules (the Delivery policy states the same numbers). Made-to-order lines
    travel the same way after their lead time, which their line shows."""
    if order.status not in rules.cancellable_states or order.market not in rules.markets:
        return []
    market = rules.markets[order.market]
    spans = {"parcel": market.standard_delivery_days, "two_person": market.large_item_delivery_days}
    services = [
        details[line.sku].delivery
        for line in order.lines
        if line.status == "active" and line.sku in details
    ]
    return [
        {
            "service": service,
            "business_days": f"{spans[service][0]} to {spans[service][1]} business days",
        }
        for service in ("parcel", "two_person")
        if service in services
    ]


def damage_deadline(order: Order, rules: PolicyRules) -> date | None:
    """The last day to report damage: the latest delivery plus `damage.report_within_days`."""
    delivered = [s.delivered_at.date() for s in order.shipments if s.delivered_at is not None]
    if not delivered:
        return None
    return max(delivered) + timedelta(days=rules.damage_report_within_days)
