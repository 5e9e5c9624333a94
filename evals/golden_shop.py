"""The seeded demo shop as the golden-ticket builder reads it: indexed rows and row picks.

The builder works from `generate_shop(seed, anchor)`, the exact rows `seed_demo` loads into
Postgres, so building needs no database and no other test can change what it reads; the
validator then checks every reference against a real seeded database. Picks are deterministic
(rows in id order, each row used once per build) and are described by short token strings in the
templates, such as "delivered UK window_open" or "sku table_lamp dimmable".
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from evals.golden_picks import (
    HIGH_VALUE,
    SEALED_TYPES,
    PickError,
    order_defaults,
    order_test,
    sku_test,
)
from store.demo.shop import DemoShop
from store.policy_rules import PolicyRules

Row = dict[str, Any]


def _utc_day(value: datetime) -> date:
    return value.astimezone(UTC).date()


@dataclass(frozen=True)
class Line:
    row: Row
    variant: Row
    product: Row

    @property
    def sku(self) -> str:
        return str(self.row["sku"])

    @property
    def name(self) -> str:
        return str(self.product["name"])

    @property
    def two_person(self) -> bool:
        return bool(self.product["attributes"]["delivery"] == "two_person")

    @property
    def excluded(self) -> bool:
        """Not returnable for a change of mind (or only while sealed)."""
        v = self.variant
        return bool(v["made_to_order"] or v["final_sale"]) or (
            self.product["product_type"] in SEALED_TYPES
        )


@dataclass(frozen=True)
class OrderView:
    order: Row
    customer: Row
    lines: tuple[Line, ...]
    shipments: tuple[Row, ...]
    events: dict[str, tuple[Row, ...]]
    returns: tuple[Row, ...]
    refunds: tuple[Row, ...]
    recent_contacts: int
    any_contacts: int

    @property
    def id(self) -> str:
        return str(self.order["id"])

    @property
    def market(self) -> str:
        return str(self.order["market"])

    @property
    def status(self) -> str:
        return str(self.order["status"])

    @property
    def high_value(self) -> bool:
        return float(self.order["total"]) >= HIGH_VALUE

    def delivered_on(self) -> date | None:
        days = [s["delivered_at"] for s in self.shipments]
        if not days or any(d is None for d in days):
            return None
        return min(_utc_day(d) for d in days)

    def codes(self) -> set[str]:
        return {e["code"] for events in self.events.values() for e in events}


@dataclass
class Shop:
    demo: DemoShop
    rules: PolicyRules
    anchor: date
    anchor_dt: datetime
    by_table: dict[str, dict[Any, Row]] = field(default_factory=dict)
    children: dict[str, dict[str, list[Row]]] = field(default_factory=dict)
    offers: dict[tuple[str, str], Row] = field(default_factory=dict)
    variants_of: dict[str, list[Row]] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, demo: DemoShop, rules: PolicyRules) -> Shop:
        anchor_dt = datetime.combine(demo.anchor, datetime.min.time(), UTC) + timedelta(hours=12)
        shop = cls(demo, rules, demo.anchor, anchor_dt)
        t = demo.tables
        shop.by_table = {
            "customers": {r["id"]: r for r in t["customers"]},
            "orders": {r["id"]: r for r in t["orders"]},
            "variants": {r["sku"]: r for r in t["variants"]},
            "products": {r["id"]: r for r in t["products"]},
        }
        grouped: dict[str, dict[str, list[Row]]] = defaultdict(lambda: defaultdict(list))
        for table, key in (
            ("order_lines", "order_id"),
            ("shipments", "order_id"),
            ("tracking_events", "shipment_id"),
            ("returns", "order_id"),
            ("refunds", "order_id"),
            ("conversations", "order_id"),
        ):
            for row in t[table]:
                grouped[table][row[key]].append(row)
        for row in t["orders"]:
            grouped["orders_of"][row["customer_id"]].append(row)
        shop.children = {k: dict(v) for k, v in grouped.items()}
        shop.offers = {(r["sku"], r["market"]): r for r in t["variant_markets"]}
        for v in t["variants"]:
            shop.variants_of.setdefault(v["product_id"], []).append(v)
        return shop

    def kids(self, table: str, key: str) -> list[Row]:
        return self.children.get(table, {}).get(key, [])

    def view(self, order_id: str) -> OrderView:
        order = self.by_table["orders"][order_id]
        lines = []
        for row in sorted(self.kids("order_lines", order_id), key=lambda r: r["line_no"]):
            variant = self.by_table["variants"][row["sku"]]
            lines.append(Line(row, variant, self.by_table["products"][variant["product_id"]]))
        shipments = tuple(sorted(self.kids("shipments", order_id), key=lambda r: r["id"]))
        since = self.anchor_dt - timedelta(days=30)
        contacts = self.kids("conversations", order_id)
        return OrderView(
            order=order,
            customer=self.by_table["customers"][order["customer_id"]],
            lines=tuple(lines),
            shipments=shipments,
            events={
                s["id"]: tuple(
                    sorted(self.kids("tracking_events", s["id"]), key=lambda e: e["seq"])
                )
                for s in shipments
            },
            returns=tuple(self.kids("returns", order_id)),
            refunds=tuple(sorted(self.kids("refunds", order_id), key=lambda r: r["id"])),
            recent_contacts=sum(1 for c in contacts if c["created_at"] > since),
            any_contacts=len(contacts),
        )

    def product_of(self, sku: str) -> Row:
        return self.by_table["products"][self.by_table["variants"][sku]["product_id"]]

    def offer(self, sku: str, market: str) -> Row | None:
        return self.offers.get((sku, market))

    def return_deadline(self, view: OrderView) -> date | None:
        delivered = view.delivered_on()
        if delivered is None:
            return None
        return delivered + timedelta(days=self.rules.markets[view.market].return_window_days)

    # -- picks ---------------------------------------------------------------------------------

    def pick_order(self, spec: str) -> OrderView:
        tokens = spec.split()
        tests = [order_test(self, tok) for tok in tokens]
        defaults = order_defaults(self, set(tokens))
        # Prefer a customer no earlier ticket used, so that tickets spread over many people.
        fallback: OrderView | None = None
        for order_id in sorted(self.by_table["orders"]):
            if order_id in self.used:
                continue
            view = self.view(order_id)
            if all(test(view) for test in (*defaults, *tests)):
                if f"owner:{view.customer['id']}" not in self.used:
                    return self._take(view)
                fallback = fallback or view
        if fallback is not None:
            return self._take(fallback)
        raise PickError(f"no unused order matches {spec!r}")

    def _take(self, view: OrderView) -> OrderView:
        self.used |= {view.id, f"owner:{view.customer['id']}"}
        return view

    def pick_customer(self, market: str, *, not_id: str | None = None) -> Row:
        """A customer of `market` with an order history and no recent support contacts."""
        for cid in sorted(self.by_table["customers"]):
            row = self.by_table["customers"][cid]
            key = f"customer:{cid}"
            if row["market"] != market or key in self.used or cid == not_id:
                continue
            orders = self.kids("orders_of", cid)
            if not orders or any(self.kids("conversations", o["id"]) for o in orders):
                continue
            self.used.add(key)
            return row
        raise PickError(f"no unused customer in {market}")

    def pick_sku(self, spec: str, market: str) -> str:
        tokens = spec.split()
        tests = [sku_test(self, tok, market) for tok in tokens]
        wants = set(tokens)
        for sku in sorted(self.by_table["variants"]):
            key = f"sku:{sku}"
            v = self.by_table["variants"][sku]
            if key in self.used or (self.offer(sku, market) is None and "not_us" not in wants):
                continue
            if v["made_to_order"] and "mto" not in wants:
                continue
            if v["final_sale"] and "final_sale" not in wants:
                continue
            if all(test(sku) for test in tests):
                self.used.add(key)
                return str(sku)
        raise PickError(f"no unused SKU matches {spec!r} in {market}")

    def missing_order_id(self) -> str:
        """An order number in the shop's format that no order has (the lowest free one)."""
        for n in range(500_000, 1_000_000):
            order_id = f"HR-{n}"
            if order_id not in self.by_table["orders"] and order_id not in self.used:
                self.used.add(order_id)
                return order_id
        raise PickError("no free order number")
