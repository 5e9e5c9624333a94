"""The whole demo shop as rows, generated from a seed and an anchor date ("today" in the shop)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from store.demo.catalogue import generate_catalogue
from store.demo.contacts import generate_contacts
from store.demo.customers import generate_agents, generate_customers
from store.demo.fulfilment import generate_fulfilment
from store.demo.orders import ShopIndex, generate_orders
from store.policies import PolicyDocument, load_policies
from store.policy_rules import load_policy_rules

Row = dict[str, Any]
# Insert order respects foreign keys; TRUNCATE uses the reverse.
TABLE_ORDER = (
    "customers",
    "agents",
    "products",
    "variants",
    "variant_markets",
    "orders",
    "order_lines",
    "shipments",
    "tracking_events",
    "returns",
    "refunds",
    "policy_documents",
    "conversations",
)


@dataclass(frozen=True)
class DemoShop:
    seed: int
    anchor: date
    tables: dict[str, list[Row]]

    @property
    def content_hash(self) -> str:
        digest = hashlib.sha256(f"{self.seed}|{self.anchor.isoformat()}".encode())
        for table in TABLE_ORDER:
            digest.update(table.encode())
            for row in self.tables[table]:
                digest.update(json.dumps(row, sort_keys=True, default=str).encode())
        return digest.hexdigest()


def generate_shop(seed: int, anchor: date) -> DemoShop:
    rules = load_policy_rules()
    anchor_dt = datetime.combine(anchor, datetime.min.time(), UTC) + timedelta(hours=12)
    catalogue = generate_catalogue(seed, anchor)
    customers = generate_customers(seed, anchor)
    shop_index = ShopIndex.build(catalogue)
    book = generate_orders(seed, anchor, customers, shop_index, rules)
    fulfilment = generate_fulfilment(seed, anchor_dt, book, shop_index, rules)
    tables: dict[str, list[Row]] = {
        "customers": customers,
        "agents": generate_agents(seed),
        "products": catalogue.products,
        "variants": catalogue.variants,
        "variant_markets": catalogue.variant_markets,
        "orders": book.orders,
        "order_lines": book.order_lines,
        "shipments": fulfilment.shipments,
        "tracking_events": fulfilment.tracking_events,
        "returns": fulfilment.returns,
        "refunds": fulfilment.refunds,
        "policy_documents": _policy_rows(load_policies()),
        "conversations": generate_contacts(seed, anchor_dt, book.orders),
    }
    return DemoShop(seed=seed, anchor=anchor, tables=tables)


def _policy_rows(docs: list[PolicyDocument]) -> list[Row]:
    # A version stops applying on the day the next version of the same policy takes effect.
    successor_start = {}
    for doc in sorted(docs, key=lambda d: (d.slug, d.version)):
        for older in docs:
            if older.slug == doc.slug and older.version == doc.version - 1:
                successor_start[(older.slug, older.version)] = doc.effective
    return [
        {
            "slug": doc.slug,
            "version": doc.version,
            "title": doc.title,
            "summary": doc.summary,
            "body_md": doc.body,
            "effective_from": doc.effective,
            "superseded_at": successor_start.get((doc.slug, doc.version))
            if doc.superseded
            else None,
            "content_hash": doc.content_hash,
        }
        for doc in docs
    ]
