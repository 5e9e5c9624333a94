"""Catalogue look-ups: products as facts read from the database, found three ways.

Vectors alone miss what customers type most precisely, so a search looks first for SKU codes
("FUR-0001", "fur 0001") and exact product names ("the Esher Rug") in the question and reads those
directly; the knowledge index (kind "product") fills the remaining places. Every fact is built
from the product tables, not from the indexed text, so price and stock are today's, for the
session's market.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from nlp.pii.catalogue import ProductMatcher, load_product_names
from store.database import Database
from store.demo.catalogue_spec import CATEGORY_PREFIX
from store.knowledge.chunks import TYPE_LABEL, _facts
from tools.context import Outcome, ToolContext
from tools.facts import Fact
from tools.order_facts import iso_day, money, refusal

MAX_RESULTS = 20
CATEGORIES = tuple(CATEGORY_PREFIX)
SKU_IN_TEXT = re.compile(
    rf"\b({'|'.join(CATEGORY_PREFIX.values())})[-\s]?(\d{{4}})\b", re.IGNORECASE
)
_PRODUCT_SQL = """
SELECT v.sku, v.variant_name, v.finish, v.size_label, v.width_cm, v.depth_cm, v.height_cm,
       v.width_in, v.depth_in, v.height_in, v.weight_kg, v.made_to_order, v.lead_time_weeks,
       v.final_sale, v.attributes, p.name, p.category, p.product_type, p.materials, p.care,
       p.assembly, p.warranty_years, p.attributes AS product_attributes,
       m.market, m.currency, m.price, m.stock, m.restock_date,
       (SELECT array_agg(vm.market ORDER BY vm.market) FROM variant_markets vm
        WHERE vm.sku = v.sku) AS sold_in
FROM variants v JOIN products p ON p.id = v.product_id
LEFT JOIN variant_markets m ON m.sku = v.sku AND m.market = %(market)s
WHERE v.sku = ANY(%(skus)s)"""
_NAME_SQL = """
SELECT v.sku FROM variants v JOIN products p ON p.id = v.product_id
LEFT JOIN variant_markets m ON m.sku = v.sku AND m.market = %(market)s
WHERE lower(p.name) = ANY(%(names)s) AND (%(category)s::text IS NULL OR p.category = %(category)s)
ORDER BY (m.sku IS NULL), v.sku"""
_SIBLINGS_SQL = """
SELECT v.sku FROM variants v
WHERE v.product_id IN (SELECT product_id FROM variants WHERE sku = ANY(%(skus)s))
ORDER BY v.sku LIMIT %(limit)s"""
MAX_SIBLINGS = 30


@dataclass(frozen=True)
class CatalogueResult:
    facts: tuple[Fact, ...]
    outcome: Outcome
    matched_by: tuple[str, ...] = ()  # per fact: "sku", "name" or "search"


@lru_cache(maxsize=8)
def _matcher(db: Database) -> ProductMatcher:
    return ProductMatcher(load_product_names(db))


def skus_in_text(text: str) -> list[str]:
    found = [f"{m.group(1).upper()}-{m.group(2)}" for m in SKU_IN_TEXT.finditer(text)]
    return list(dict.fromkeys(found))


def names_in_text(db: Database, text: str) -> list[str]:
    """Product names mentioned in the text, lower-cased, as the catalogue spells them."""
    names = []
    for start, end in _matcher(db).spans(text):
        key = " ".join(text[start:end].split()).casefold()
        names.extend([key, key[:-1]] if key.endswith("s") else [key])
    return list(dict.fromkeys(names))


def _float(value: Decimal | float | None) -> float | None:
    return None if value is None else float(value)


# How a product travels, in the words of the delivery policy (whose market section gives the
# times and charges of each).
DELIVERY_SERVICE = {"parcel": "standard parcel", "two_person": "two-person large-item delivery"}


def product_fact(row: dict[str, Any], market: str | None) -> Fact:
    attrs = {**(row["product_attributes"] or {}), **(row["attributes"] or {})}
    sold_in = list(row["sold_in"] or [])
    price = row["price"]
    data: dict[str, Any] = {
        "sku": row["sku"],
        "product_name": row["name"],
        "variant_name": row["variant_name"],
        "category": row["category"],
        "product_type": row["product_type"],
        "finish": row["finish"],
        "size_label": row["size_label"],
        "dimensions_cm": {k: _float(row[f"{k}_cm"]) for k in ("width", "depth", "height")},
        "dimensions_in": {k: _float(row[f"{k}_in"]) for k in ("width", "depth", "height")},
        "weight_kg": _float(row["weight_kg"]),
        "materials": list(row["materials"]),
        "care": row["care"],
        "assembly": row["assembly"],
        "warranty_years": row["warranty_years"],
        "made_to_order": row["made_to_order"],
        "lead_time_weeks": row["lead_time_weeks"],
        "final_sale": row["final_sale"],
        "compatibility": attrs,
        "market": market,
        "price": None if price is None else money(price),
        "currency": row["currency"],
        "in_stock": None if price is None else row["stock"] > 0,
        "stock": row["stock"],
        "restock_date": iso_day(row["restock_date"]),
        "sold_in": sold_in,
    }
    return Fact(
        source_id=f"sku:{row['sku']}",
        kind="product",
        title=f"{row['name']} — {row['variant_name']}",
        data=data,
        masked_text=_product_text(data),
    )


def _product_text(d: dict[str, Any]) -> str:
    cm, inch = d["dimensions_cm"], d["dimensions_in"]
    label = TYPE_LABEL.get(d["product_type"], d["product_type"]).lower()
    sentences = [
        f"{d['product_name']} ({d['variant_name']}), SKU {d['sku']}, is a {label} in "
        f"{', '.join(d['materials'])}.",
        f"It measures {cm['width']:g} x {cm['depth']:g} x {cm['height']:g} cm (width x depth x "
        f"height; {inch['width']:g} x {inch['depth']:g} x {inch['height']:g} in) and weighs "
        f"{d['weight_kg']:g} kg.",
    ]
    facts = _facts(d["compatibility"])
    if facts:
        sentences.append(" ".join(facts))
    sentences.append(f"Care: {d['care']} Warranty: {d['warranty_years']} years.")
    service = DELIVERY_SERVICE.get(str(d["compatibility"].get("delivery")))
    if service:
        sentences.append(f"Delivery: {service}.")
    terms = []
    if d["made_to_order"]:
        terms.append(f"made to order ({d['lead_time_weeks']} weeks)")
    if d["final_sale"]:
        terms.append("final sale")
    if terms:
        sentences.append(
            f"It is {' and '.join(terms)}, so it cannot be returned for a change of mind."
        )
    sentences.append(_availability(d))
    return " ".join(sentences)


def _availability(d: dict[str, Any]) -> str:
    market = d["market"]
    if market is None:
        return f"It is sold in {', '.join(d['sold_in'])}."
    if d["price"] is None:
        return f"It is not sold in the {market} shop (sold in {', '.join(d['sold_in'])})."
    if d["in_stock"]:
        stock = f"in stock ({d['stock']} available)"
    else:
        stock = "out of stock" + (
            f", restock expected {d['restock_date']}" if d["restock_date"] else ""
        )
    return f"In the {market} shop it costs {d['price']} {d['currency']} and is {stock}."


def product_facts(db: Database, skus: list[str], market: str | None) -> list[Fact]:
    if not skus:
        return []
    with db.connect() as conn:
        rows = conn.execute(_PRODUCT_SQL, {"skus": skus, "market": market}).fetchall()
    by_sku = {r["sku"]: r for r in rows}
    return [product_fact(by_sku[s], market) for s in skus if s in by_sku]


def sibling_facts(db: Database, skus: list[str], market: str | None) -> list[Fact]:
    """Every variant of the products the SKUs belong to (the SKUs themselves included), for
    an exchange: the customer names the variant they want, rarely its SKU."""
    if not skus:
        return []
    with db.connect() as conn:
        rows = conn.execute(_SIBLINGS_SQL, {"skus": skus, "limit": MAX_SIBLINGS}).fetchall()
    return product_facts(db, [str(r["sku"]) for r in rows], market)


def _structured(ctx: ToolContext, query: str, category: str | None) -> list[tuple[str, str]]:
    found = [(sku, "sku") for sku in skus_in_text(query)]
    names = names_in_text(ctx.db, query)
    if names:
        params = {"names": names, "category": category, "market": ctx.identity.market}
        with ctx.db.connect() as conn:
            found += [(r["sku"], "name") for r in conn.execute(_NAME_SQL, params).fetchall()]
    return found


async def search_catalogue(
    ctx: ToolContext, query: str, *, category: str | None = None, max_results: int = 5
) -> CatalogueResult:
    """Products for a (masked) question: SKUs and exact names first, then the nearest SKUs."""
    limit = max(1, min(max_results, MAX_RESULTS))
    category = category if category in CATEGORIES else None
    found = await asyncio.to_thread(_structured, ctx, query, category)
    if len(found) < limit and ctx.knowledge is not None:
        hits = await ctx.knowledge.search(
            query, k=limit, kind="product", category=category, market=ctx.identity.market
        )
        found += [(str(h.metadata.get("sku") or h.source_id[4:]), "search") for h in hits]
    how = dict(reversed(found))  # the first way a SKU was found wins
    skus = list(dict.fromkeys(sku for sku, _ in found))[:limit]
    facts = await asyncio.to_thread(product_facts, ctx.db, skus, ctx.identity.market)
    if not facts:
        return CatalogueResult((refusal("search_catalogue", "no_results"),), "not_found")
    by = tuple(how[f.data["sku"]] for f in facts)
    return CatalogueResult(tuple(facts), "ok", by)


def get_product(ctx: ToolContext, sku: str) -> CatalogueResult:
    """One SKU ("LGT-0412", "lgt0412") as a product fact, with the session market's price."""
    codes = skus_in_text(sku or "")
    facts = product_facts(ctx.db, codes[:1], ctx.identity.market)
    if not facts:
        text = "No product with that SKU is in the catalogue."
        return CatalogueResult((refusal("get_product", "no_results", text),), "not_found")
    return CatalogueResult(tuple(facts), "ok", ("sku",))
