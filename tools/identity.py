"""Who is asking, as the session knows it. Never built from message text or model output."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SessionIdentity:
    """A logged-in customer has `customer_id`; a guest has none and must verify each order
    (order number plus the order's email or delivery postcode) before any detail is shown.
    `verified_orders` lists the orders this guest session has already proved."""

    customer_id: str | None = None
    market: str | None = None
    verified_orders: tuple[str, ...] = ()

    @property
    def is_guest(self) -> bool:
        return self.customer_id is None

    def with_verified(self, order_id: str) -> SessionIdentity:
        if order_id in self.verified_orders:
            return self
        return SessionIdentity(self.customer_id, self.market, (*self.verified_orders, order_id))

    def to_record(self) -> dict[str, Any]:
        return {
            "customer_id": self.customer_id,
            "market": self.market,
            "verified_orders": list(self.verified_orders),
        }

    @classmethod
    def from_record(cls, record: dict[str, Any] | None) -> SessionIdentity:
        record = record or {}
        return cls(
            customer_id=record.get("customer_id"),
            market=record.get("market"),
            verified_orders=tuple(record.get("verified_orders") or ()),
        )
