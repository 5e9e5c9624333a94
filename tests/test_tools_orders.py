"""Order look-ups against the seeded shop: who may see what, and what a fact may contain."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any

import numpy
import pytest

from nlp.pii.entities import EMAIL_ADDRESS, ORDER_ID, POSTCODE
from nlp.pii.vault import Vault
from store.cache import InProcessTTLCache
from store.database import Database
from store.orders import OrderRepository
from store.policy_rules import load_policy_rules
from tests.conftest import TEST_ANCHOR
from tools.context import ToolContext
from tools.facts import Fact
from tools.identity import SessionIdentity
from tools.orders import list_customer_orders, lookup_order

# --- helpers shared by the tools tests -----------------------------------------------------------


def make_ctx(
    db: Database,
    *,
    customer_id: str | None = None,
    market: str | None = None,
    vault: Vault | None = None,
    verified: tuple[str, ...] = (),
    knowledge: Any = None,
    now: datetime | None = None,
    today: date = TEST_ANCHOR,
) -> ToolContext:
    return ToolContext(
        db=db,
        orders=OrderRepository(db, InProcessTTLCache()),
        knowledge=knowledge,
        rules=load_policy_rules(),
        identity=SessionIdentity(customer_id, market, verified),
        vault=vault if vault is not None else Vault(),
        today=today,
        now=now,
    )


def sql_rows(db: Database, query: str, *params: object) -> list[dict[str, Any]]:
    """Rows as dicts; one dict argument binds %(name)s parameters."""
    args = params[0] if len(params) == 1 and isinstance(params[0], dict) else params
    with db.connect() as conn:
        return [dict(r) for r in conn.execute(query, args).fetchall()]


def sql_one(db: Database, query: str, *params: object) -> dict[str, Any]:
    rows = sql_rows(db, query, *params)
    assert rows, f"the seeded shop has no row for: {query}"
    return rows[0]


def unknown_order_id(db: Database) -> str:
    taken = {r["id"] for r in sql_rows(db, "SELECT id FROM orders")}
    return next(f"HR-{n:06d}" for n in range(100000, 999999) if f"HR-{n:06d}" not in taken)


def string_values(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in string_values(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in string_values(v)]
    return [str(value)] if value is not None else []


def assert_no_personal_data(facts: tuple[Fact, ...] | list[Fact], customer: dict[str, Any]) -> None:
    """Nothing that identifies the customer, in any fact's data, title or text."""
    for fact in facts:
        values = [*string_values(fact.data), fact.title, fact.masked_text]
        text = "\n".join(values).casefold()
        for key in ("full_name", "email", "address_line1"):
            assert customer[key].casefold() not in text, f"{key} leaked in {fact.source_id}"
        if customer["phone"]:
            assert customer["phone"].casefold() not in text
        # Postcodes are short: compare whole tokens, so a long tracking number cannot match.
        postcode = re.compile(rf"\b{re.escape(customer['postcode'].casefold())}\b")
        assert not any(postcode.search(v.casefold()) for v in values), fact.source_id


# A UK order delivered in one shipment exactly ten days before the anchor.
DELIVERED_10_DAYS_UK = """
SELECT o.id, o.customer_id, o.ship_postcode, c.email FROM orders o
JOIN customers c ON c.id = o.customer_id JOIN shipments s ON s.order_id = o.id
WHERE o.status = 'delivered' AND o.market = 'UK' AND s.delivered_at::date = %s
  AND (SELECT count(*) FROM shipments x WHERE x.order_id = o.id) = 1
ORDER BY o.id LIMIT 1"""


@pytest.fixture(scope="module")
def uk_order(seeded_db: Database) -> dict[str, Any]:
    return sql_one(seeded_db, DELIVERED_10_DAYS_UK, date(2026, 10, 22))


@pytest.fixture(scope="module")
def other_customer(seeded_db: Database, uk_order: dict[str, Any]) -> str:
    row = sql_one(
        seeded_db,
        "SELECT customer_id FROM orders WHERE customer_id <> %s ORDER BY id LIMIT 1",
        uk_order["customer_id"],
    )
    return str(row["customer_id"])


# --- logged-in customers --------------------------------------------------------------------------


def test_that_a_customer_sees_their_own_order_as_a_fact(seeded_db, uk_order):
    ctx = make_ctx(seeded_db, customer_id=uk_order["customer_id"], market="UK")
    result = lookup_order(ctx, uk_order["id"])
    assert result.outcome == "ok"
    (fact,) = result.facts
    lines = sql_rows(seeded_db, "SELECT * FROM order_lines WHERE order_id = %s", uk_order["id"])
    assert fact.kind == "order" and fact.source_id == f"order:{uk_order['id']}"
    assert fact.data["status"] == "delivered" and fact.data["market"] == "UK"
    assert [line["sku"] for line in fact.data["lines"]] == [r["sku"] for r in lines]
    assert fact.data["shipments"][0]["delivered_on"] == "2026-10-22"
    # What the total holds besides the items: "why did my bank take more than the price?"
    money = sql_one(
        seeded_db, "SELECT delivery_fee, discount FROM orders WHERE id = %s", uk_order["id"]
    )
    assert fact.data["delivery_fee"] == f"{money['delivery_fee']:.2f}"
    assert fact.data["discount"] == f"{money['discount']:.2f}"
    ref = fact.data["order_ref"]
    assert ctx.vault.value_of(ref) == uk_order["id"] and fact.title == f"Order {ref}"
    assert uk_order["id"] not in fact.masked_text and ref in fact.masked_text


def test_that_another_customers_order_is_refused_in_the_same_words_as_an_unknown_order(
    seeded_db, uk_order, other_customer
):
    ctx = make_ctx(seeded_db, customer_id=other_customer, market="UK")
    theirs = lookup_order(ctx, uk_order["id"])
    unknown = lookup_order(ctx, unknown_order_id(seeded_db))
    assert theirs.outcome == unknown.outcome == "refused"
    assert [f.to_record() for f in theirs.facts] == [f.to_record() for f in unknown.facts]
    assert theirs.facts[0].data == {"reason": "not_found_or_not_yours", "ask_for": []}
    assert uk_order["id"] not in json.dumps(theirs.facts[0].to_record())


def test_that_a_customer_sees_only_their_own_recent_orders(seeded_db, uk_order):
    ctx = make_ctx(seeded_db, customer_id=uk_order["customer_id"], market="UK")
    result = list_customer_orders(ctx)
    (fact,) = result.facts
    own = sql_rows(
        seeded_db,
        "SELECT id FROM orders WHERE customer_id = %s ORDER BY placed_at DESC, id DESC",
        uk_order["customer_id"],
    )
    shown = [ctx.vault.value_of(o["order_ref"]) for o in fact.data["orders"]]
    assert shown == [r["id"] for r in own][:10]
    assert not re.search(r"HR-\d{6}", fact.masked_text)


# --- guests ---------------------------------------------------------------------------------------


def test_that_a_guest_with_the_orders_email_in_any_case_is_verified(seeded_db, uk_order):
    vault = Vault()
    vault.placeholder_for(EMAIL_ADDRESS, uk_order["email"].upper())
    ctx = make_ctx(seeded_db, vault=vault)
    result = lookup_order(ctx, uk_order["id"])
    assert result.outcome == "ok" and result.facts[0].kind == "order"
    assert result.identity.verified_orders == (uk_order["id"],)
    assert ctx.identity.verified_orders == ()  # the caller's context is not changed in place


def test_that_a_guest_with_the_delivery_postcode_spelt_loosely_is_verified(seeded_db, uk_order):
    vault = Vault()
    vault.placeholder_for(POSTCODE, uk_order["ship_postcode"].replace(" ", "").lower())
    result = lookup_order(make_ctx(seeded_db, vault=vault), uk_order["id"])
    assert result.outcome == "ok"
    assert uk_order["id"] in result.identity.verified_orders


def test_that_a_guest_with_a_wrong_postcode_is_refused_like_an_unknown_order(seeded_db, uk_order):
    other = sql_one(
        seeded_db,
        "SELECT ship_postcode FROM orders WHERE market = 'UK' AND ship_postcode <> %s LIMIT 1",
        uk_order["ship_postcode"],
    )
    vault = Vault()
    vault.placeholder_for(POSTCODE, other["ship_postcode"])
    wrong = lookup_order(make_ctx(seeded_db, vault=vault), uk_order["id"])
    unknown = lookup_order(make_ctx(seeded_db, vault=vault), unknown_order_id(seeded_db))
    assert wrong.facts[0].data["reason"] == "not_found_or_not_yours"
    assert wrong.facts[0].to_record() == unknown.facts[0].to_record()
    assert wrong.identity.verified_orders == ()


def test_that_a_guest_without_proof_is_asked_for_it_whether_or_not_the_order_exists(
    seeded_db, uk_order
):
    real = lookup_order(make_ctx(seeded_db), uk_order["id"])
    unknown = lookup_order(make_ctx(seeded_db), unknown_order_id(seeded_db))
    assert real.facts[0].to_record() == unknown.facts[0].to_record()
    assert real.facts[0].data == {"reason": "needs_verification", "ask_for": ["email_or_postcode"]}
    assert real.outcome == "refused"


def test_that_an_order_the_guest_already_verified_is_shown_without_proof(seeded_db, uk_order):
    ctx = make_ctx(seeded_db, verified=(uk_order["id"],))
    assert lookup_order(ctx, uk_order["id"]).outcome == "ok"


def test_that_list_customer_orders_asks_a_guest_for_an_order_number(seeded_db):
    (fact,) = list_customer_orders(make_ctx(seeded_db)).facts
    assert fact.data == {"reason": "no_order_reference", "ask_for": ["order_number"]}


# --- order references -----------------------------------------------------------------------------


def test_that_a_placeholder_reference_is_resolved_through_the_vault_and_reused(seeded_db, uk_order):
    vault = Vault()
    typed = "#" + uk_order["id"][3:]  # the customer typed "#204813"
    placeholder = vault.placeholder_for(ORDER_ID, typed)
    ctx = make_ctx(seeded_db, customer_id=uk_order["customer_id"], vault=vault)
    result = lookup_order(ctx, placeholder)
    assert result.outcome == "ok"
    assert result.facts[0].data["order_ref"] == placeholder  # no second placeholder for it
    assert lookup_order(ctx, uk_order["id"][3:]).facts[0].data["order_ref"] == placeholder


@pytest.mark.parametrize("reference", ["", "   ", "<ORDER_ID_9>", "next week", "12345"])
def test_that_a_missing_or_unreadable_reference_asks_for_the_order_number(
    seeded_db, uk_order, reference
):
    ctx = make_ctx(seeded_db, customer_id=uk_order["customer_id"])
    result = lookup_order(ctx, reference)
    assert result.outcome == "refused"
    assert result.facts[0].data == {"reason": "no_order_reference", "ask_for": ["order_number"]}


# --- what a fact may contain ---------------------------------------------------------------------


def test_that_order_facts_hold_no_personal_data_and_order_ids_only_as_placeholders(seeded_db):
    # Every state in every market, preferring split shipments (and so returns, refunds).
    rows = sql_rows(
        seeded_db,
        """SELECT DISTINCT ON (o.status, o.market) o.id AS order_id, o.ship_city, c.id AS cid,
                  c.full_name, c.email, c.address_line1, c.phone, c.postcode
           FROM orders o JOIN customers c ON c.id = o.customer_id
           ORDER BY o.status, o.market,
                    (SELECT count(*) FROM shipments s WHERE s.order_id = o.id) DESC, o.id""",
    )
    assert len(rows) == 36
    for row in rows:
        ctx = make_ctx(seeded_db, customer_id=row["cid"])
        result = lookup_order(ctx, row["order_id"])
        assert result.outcome == "ok", row["order_id"]
        fact = result.facts[0]
        assert_no_personal_data(result.facts, row)
        digits = row["order_id"][3:]
        assert digits not in fact.masked_text and digits not in fact.title
        for shipment in fact.data["shipments"]:
            event = shipment["last_event"] or {}
            for value in (event.get("location"), event.get("description")):
                assert row["ship_city"].casefold() not in (value or "").casefold()
        listing = list_customer_orders(ctx).facts
        assert_no_personal_data(listing, row)
        assert not re.search(r"\d{6}", listing[0].masked_text)


# --- refunds --------------------------------------------------------------------------------------


def test_that_a_refund_still_pending_after_its_expected_day_is_marked_overdue(seeded_db):
    # Pending and processed refunds of the seeded shop (one refund per order).
    query = """SELECT f.order_id, f.status, o.customer_id FROM refunds f
               JOIN orders o ON o.id = f.order_id
               WHERE f.status = %s
                 AND (SELECT count(*) FROM refunds x WHERE x.order_id = f.order_id) = 1
               ORDER BY f.created_at {} LIMIT 30"""
    rows = [
        row
        for status in ("pending", "processed")
        for order in ("ASC", "DESC")  # the oldest and the newest
        for row in sql_rows(seeded_db, query.format(order), status)
    ]
    seen = set()
    for row in rows:
        ctx = make_ctx(seeded_db, customer_id=row["customer_id"])
        (shown,) = lookup_order(ctx, row["order_id"]).facts[0].data["refunds"]
        late = (
            shown["expected_by"] is not None
            and date.fromisoformat(shown["expected_by"]) < ctx.today
        )
        assert shown["overdue"] is (row["status"] == "pending" and late), row["order_id"]
        seen.add((row["status"], shown["overdue"]))
    # The seeded shop holds a stuck refund as well as ones on time: the rule is exercised.
    assert {("pending", True), ("pending", False), ("processed", False)} <= seen


@pytest.mark.parametrize(
    ("method", "status"),
    [("card", "processed"), ("paypal", "processed"), ("bank_transfer", "pending")],
)
def test_that_a_refunds_expected_date_counts_business_days_from_the_rules(
    seeded_db, method, status
):
    refund = sql_one(
        seeded_db,
        """SELECT f.order_id, f.created_at, f.processed_at, o.customer_id
           FROM refunds f JOIN orders o ON o.id = f.order_id
           WHERE f.method = %s AND f.status = %s
             AND (SELECT count(*) FROM refunds x WHERE x.order_id = f.order_id) = 1
           ORDER BY f.order_id LIMIT 1""",
        method,
        status,
    )
    rules = load_policy_rules()
    ctx = make_ctx(seeded_db, customer_id=refund["customer_id"])
    (shown,) = lookup_order(ctx, refund["order_id"]).facts[0].data["refunds"]
    slowest = rules.refund_business_days[method][1]
    if status == "processed":
        start, days = refund["processed_at"].date(), slowest
    else:  # waiting for inspection first
        start, days = (
            refund["created_at"].date(),
            slowest + rules.raw["returns"]["inspection_business_days"],
        )
    # numpy's calendar as an independent check: from a weekend day, count from the Friday before.
    expected = numpy.busday_offset(numpy.datetime64(start), days, roll="backward")
    assert shown["expected_by"] == str(expected)
    assert shown["status"] == status and shown["method"] == method
