"""Order look-ups with the authorization inside: who may see which order.

A logged-in customer sees only their own orders. A guest sees an order once the session has proved
it: the order is already in `identity.verified_orders`, or the conversation's vault holds the
email address on the order's account or the order's delivery postcode. Every "no" is one of the
refusal facts in `order_facts`, worded so that an unknown order and someone else's order read
exactly the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlp.pii.entities import EMAIL_ADDRESS, POSTCODE
from nlp.pii.vault import PLACEHOLDER_RE
from store.order_models import Order, normalise_order_id
from tools.catalogue import sibling_facts
from tools.context import Outcome, ToolContext
from tools.facts import Fact
from tools.identity import SessionIdentity
from tools.order_facts import RefusalReason, order_fact, order_ref, refusal
from tools.order_list_facts import ShipmentSummary, order_list_fact
from tools.order_terms import LineDetail

RECENT_ORDERS_LIMIT = 10
_LINE_DETAILS_SQL = """
SELECT v.sku, coalesce(v.attributes->>'delivery', p.attributes->>'delivery') AS delivery,
       v.made_to_order, v.lead_time_weeks
FROM variants v JOIN products p ON p.id = v.product_id WHERE v.sku = ANY(%s)"""
_LIST_SHIPMENTS_SQL = """
SELECT order_id, carrier, status, estimated_delivery, delivered_at
FROM shipments WHERE order_id = ANY(%s) ORDER BY order_id, id"""
_NOT_ALNUM = re.compile(r"[^0-9A-Za-z]")


@dataclass(frozen=True)
class OrderToolResult:
    facts: tuple[Fact, ...]
    outcome: Outcome
    identity: SessionIdentity


@dataclass(frozen=True)
class OrderAccess:
    """Either the order (with its placeholder) or the refusal reason; never both."""

    order: Order | None
    ref: str | None
    refused: RefusalReason | None
    identity: SessionIdentity


def resolve_order_id(ctx: ToolContext, raw: str | None) -> str | None:
    """ "HR-204813", "204813", "#204813" or a vault placeholder "<ORDER_ID_1>" -> "HR-204813"."""
    text = (raw or "").strip()
    if not text:
        return None
    if PLACEHOLDER_RE.fullmatch(text):
        value = ctx.vault.value_of(text)
        return normalise_order_id(value) if value else None
    return normalise_order_id(text)


def authorize_order(ctx: ToolContext, raw_order_id: str | None) -> OrderAccess:
    identity = ctx.identity
    order_id = resolve_order_id(ctx, raw_order_id)
    if order_id is None:
        return OrderAccess(None, None, "no_order_reference", identity)
    if identity.is_guest:
        return _authorize_guest(ctx, order_id)
    lookup = ctx.orders.get_order(order_id)
    if lookup.order is None or lookup.order.customer_id != identity.customer_id:
        return OrderAccess(None, None, "not_found_or_not_yours", identity)
    return OrderAccess(lookup.order, order_ref(ctx.vault, order_id), None, identity)


def _authorize_guest(ctx: ToolContext, order_id: str) -> OrderAccess:
    identity = ctx.identity
    already = order_id in identity.verified_orders
    emails = ctx.vault.values_by_type(EMAIL_ADDRESS)
    postcodes = ctx.vault.values_by_type(POSTCODE)
    if not already and not emails and not postcodes:
        # Asked before the database is read: the answer must not depend on whether it exists.
        return OrderAccess(None, None, "needs_verification", identity)
    lookup = ctx.orders.get_order(order_id)
    order = lookup.order
    if order is None:
        return OrderAccess(None, None, "not_found_or_not_yours", identity)
    if not already and not _proves(ctx, order, emails, postcodes):
        return OrderAccess(None, None, "not_found_or_not_yours", identity)
    return OrderAccess(
        order, order_ref(ctx.vault, order_id), None, identity.with_verified(order_id)
    )


def _postcode_key(value: str) -> str:
    return _NOT_ALNUM.sub("", value).upper()


def _proves(ctx: ToolContext, order: Order, emails: list[str], postcodes: list[str]) -> bool:
    wanted = _postcode_key(order.ship_postcode)
    if wanted and any(_postcode_key(p) == wanted for p in postcodes):
        return True
    if not emails:
        return False
    with ctx.db.connect() as conn:
        row = conn.execute(
            "SELECT email FROM customers WHERE id = %s", (order.customer_id,)
        ).fetchone()
    if row is None:
        return False
    on_file = str(row["email"]).strip().casefold()
    return any(e.strip().casefold() == on_file for e in emails)


def line_details(ctx: ToolContext, skus: list[str]) -> dict[str, LineDetail]:
    """How each SKU travels (parcel or two-person) and whether it is made to order."""
    with ctx.db.connect() as conn:
        rows = conn.execute(_LINE_DETAILS_SQL, (skus,)).fetchall()
    return {
        str(r["sku"]): LineDetail(
            str(r["delivery"] or "parcel"), bool(r["made_to_order"]), r["lead_time_weeks"]
        )
        for r in rows
    }


def lookup_order(
    ctx: ToolContext, order_id: str | None, *, variants: bool = False
) -> OrderToolResult:
    """One order as an "order" fact, or a refusal fact when it may not be shown. `variants`
    adds a product fact for every variant of the ordered products in the session's market:
    what an exchange could be for, with today's price and stock."""
    access = authorize_order(ctx, order_id)
    if access.order is None or access.ref is None:
        reason = access.refused or "not_found_or_not_yours"
        return OrderToolResult((refusal("lookup_order", reason),), "refused", access.identity)
    skus = sorted({line.sku for line in access.order.lines})
    details = line_details(ctx, skus)
    fact = order_fact(access.order, access.ref, ctx.rules, ctx.vault, details, ctx.today)
    if not variants:
        return OrderToolResult((fact,), "ok", access.identity)
    return OrderToolResult(
        (fact, *sibling_facts(ctx.db, skus, ctx.identity.market)), "ok", access.identity
    )


def list_customer_orders(ctx: ToolContext) -> OrderToolResult:
    """The logged-in customer's recent orders; a guest has no account to list from."""
    identity = ctx.identity
    if identity.customer_id is None:
        fact = refusal("list_customer_orders", "no_order_reference")
        return OrderToolResult((fact,), "refused", identity)
    summaries = ctx.orders.list_customer_orders(identity.customer_id, limit=RECENT_ORDERS_LIMIT)
    with ctx.db.connect() as conn:
        rows = conn.execute(_LIST_SHIPMENTS_SQL, ([s.id for s in summaries],)).fetchall()
    shipments = [
        ShipmentSummary(
            str(r["order_id"]),
            str(r["carrier"]),
            str(r["status"]),
            r["estimated_delivery"],
            r["delivered_at"],
        )
        for r in rows
    ]
    return OrderToolResult((order_list_fact(summaries, ctx.vault, shipments),), "ok", identity)
