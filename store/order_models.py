"""The order records the repository returns, and their exact JSON form for the cache.

Expected outcomes (an unknown order, an unchanged status) are typed results here, not exceptions.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

CACHE_KEY_PREFIX = "order:v1:"
DEFAULT_TTL_SECONDS = 900
# Every state an order can be in, in life-cycle order (reports list them this way).
ORDER_STATES = (
    "placed",
    "processing",
    "dispatched",
    "in_transit",
    "out_for_delivery",
    "delivered",
    "delayed",
    "lost_in_transit",
    "cancelled",
    "returned",
    "refunded",
    "partially_refunded",
)
ORDER_STATUSES = frozenset(ORDER_STATES)
# What customers type: "hr-204813", "HR204813", "#204813", "204813".
ORDER_ID_PATTERN = re.compile(r"#?(?:HR[-\s]?)?(\d{6})")


@dataclass(frozen=True)
class OrderLine:
    line_no: int
    sku: str
    product_name: str
    variant_name: str
    quantity: int
    unit_price: Decimal
    line_total: Decimal
    status: str


@dataclass(frozen=True)
class TrackingEvent:
    occurred_at: datetime
    code: str
    description: str
    location: str | None


@dataclass(frozen=True)
class Shipment:
    id: str
    carrier: str
    service: str
    tracking_number: str
    status: str
    dispatched_at: datetime | None
    estimated_delivery: date | None
    delivered_at: datetime | None
    events: tuple[TrackingEvent, ...]


@dataclass(frozen=True)
class ReturnRecord:
    id: str
    order_id: str
    status: str
    reason: str
    requested_at: datetime
    received_at: datetime | None
    return_fee: Decimal
    line_nos: tuple[int, ...]


@dataclass(frozen=True)
class RefundRecord:
    id: str
    order_id: str
    return_id: str | None
    amount: Decimal
    currency: str
    method: str
    status: str
    reason: str
    created_at: datetime
    processed_at: datetime | None


@dataclass(frozen=True)
class Order:
    id: str
    customer_id: str
    market: str
    currency: str
    status: str
    placed_at: datetime
    updated_at: datetime
    payment_method: str
    subtotal: Decimal
    delivery_fee: Decimal
    discount: Decimal
    total: Decimal
    promo_code: str | None
    ship_name: str
    ship_line1: str
    ship_city: str
    ship_region: str | None
    ship_postcode: str
    ship_country: str
    cancelled_at: datetime | None
    cancel_reason: str | None
    lines: tuple[OrderLine, ...]
    shipments: tuple[Shipment, ...]
    returns: tuple[ReturnRecord, ...]
    refunds: tuple[RefundRecord, ...]


@dataclass(frozen=True)
class OrderLookup:
    status: Literal["found", "not_found"]
    order: Order | None = None


@dataclass(frozen=True)
class OrderSummary:
    id: str
    status: str
    placed_at: datetime
    total: Decimal
    currency: str
    item_count: int  # units across all lines, as a customer counts "3 items"


@dataclass(frozen=True)
class StatusChange:
    status: Literal["updated", "unchanged", "not_found", "invalid_status"]
    old_status: str | None = None
    new_status: str | None = None


def normalise_order_id(raw: str) -> str | None:
    match = ORDER_ID_PATTERN.fullmatch(raw.strip().upper())
    return f"HR-{match.group(1)}" if match else None


def cache_key(order_id: str) -> str:
    return f"{CACHE_KEY_PREFIX}{order_id}"


# JSON with tagged scalars: plain JSON would turn Decimal into float and dates into strings.
def _encode_scalar(value: object) -> dict[str, str]:
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, datetime):  # before date: datetime is a date subclass
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    raise TypeError(f"cannot serialise {type(value).__name__}")


_TAG_PARSERS: dict[str, Any] = {
    "$decimal": Decimal,
    "$datetime": datetime.fromisoformat,
    "$date": date.fromisoformat,
}


def _decode_scalar(obj: dict[str, Any]) -> object:
    if len(obj) == 1:
        ((tag, text),) = obj.items()
        if tag in _TAG_PARSERS:
            return _TAG_PARSERS[tag](text)
    return obj


def order_to_json(order: Order) -> bytes:
    return json.dumps(asdict(order), default=_encode_scalar, separators=(",", ":")).encode()


def order_from_json(raw: bytes | str) -> Order:
    data = json.loads(raw, object_hook=_decode_scalar)
    shipments = tuple(
        Shipment(**{**s, "events": tuple(TrackingEvent(**e) for e in s["events"])})
        for s in data["shipments"]
    )
    return Order(
        **{
            **data,
            "lines": tuple(OrderLine(**line) for line in data["lines"]),
            "shipments": shipments,
            "returns": tuple(
                ReturnRecord(**{**r, "line_nos": tuple(r["line_nos"])}) for r in data["returns"]
            ),
            "refunds": tuple(RefundRecord(**r) for r in data["refunds"]),
        }
    )
