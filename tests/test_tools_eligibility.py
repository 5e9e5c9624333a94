"""Return, cancellation and change eligibility on real seeded orders, computed from rules.toml."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from store.database import Database
from store.policy_rules import load_policy_rules
from tests.conftest import TEST_ANCHOR
from tests.test_tools_orders import make_ctx, sql_one, sql_rows, unknown_order_id
from tools.eligibility import (
    check_cancellation_eligibility,
    check_change_eligibility,
    check_return_eligibility,
)

RULES = load_policy_rules()

# Delivered in one shipment on a given day, with only ordinary lines (no final sale, no
# made-to-order); `%(large)s` picks orders with or without a two-person item.
PLAIN_DELIVERED = """
SELECT o.id, o.customer_id, o.market FROM orders o JOIN shipments s ON s.order_id = o.id
WHERE o.status = 'delivered' AND o.market = %(market)s AND s.delivered_at::date = %(day)s
  AND (SELECT count(*) FROM shipments x WHERE x.order_id = o.id) = 1
  AND NOT EXISTS (SELECT 1 FROM order_lines ol JOIN variants v ON v.sku = ol.sku
                  JOIN products p ON p.id = v.product_id
                  WHERE ol.order_id = o.id AND (v.final_sale OR v.made_to_order
                        OR p.product_type IN ('mattress', 'pillow', 'duvet')))
  AND (s.service = 'two_person') = %(large)s
ORDER BY o.id LIMIT 1"""


def plain_delivered(db: Database, market: str, age_days: int, *, large: bool) -> dict[str, Any]:
    day = TEST_ANCHOR - timedelta(days=age_days)
    return sql_one(db, PLAIN_DELIVERED, {"market": market, "day": day, "large": large})


def with_line(db: Database, condition: str, *, status: str = "delivered") -> dict[str, Any]:
    """An order in `status` (delivered within the last 20 days, when delivered) with a line
    matching `condition` over variants v and products p."""
    return sql_one(
        db,
        f"""SELECT o.id, o.customer_id, o.market, o.placed_at, ol.sku FROM orders o
            JOIN order_lines ol ON ol.order_id = o.id JOIN variants v ON v.sku = ol.sku
            JOIN products p ON p.id = v.product_id
            WHERE o.status = %(status)s AND {condition}
              AND (o.status <> 'delivered' OR NOT EXISTS (
                   SELECT 1 FROM shipments s WHERE s.order_id = o.id
                   AND (s.delivered_at IS NULL OR s.delivered_at < %(since)s)))
            ORDER BY o.id LIMIT 1""",
        {"status": status, "since": datetime(2026, 10, 12, tzinfo=UTC)},
    )


def as_owner(db: Database, order: dict[str, Any], **kwargs: Any):
    return make_ctx(db, customer_id=order["customer_id"], market=order["market"], **kwargs)


def current_version(db: Database, slug: str) -> int:
    query = "SELECT version FROM policy_documents WHERE slug = %s AND superseded_at IS NULL"
    row = sql_one(db, query, slug)
    return int(row["version"])


# --- returns --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("market", "age", "large", "eligible"),
    [
        ("UK", 10, True, True),
        ("UK", 30, False, True),  # the last day of the window
        ("UK", 31, False, False),
        ("US", 40, True, True),
        ("US", 45, False, True),
        ("US", 46, False, False),
        ("DE", 59, True, True),
        ("DE", 55, False, True),  # parcel returns are free in Germany
        ("DE", 61, False, False),
    ],
)
def test_that_the_return_window_counts_from_delivery_per_market(
    seeded_db, market, age, large, eligible
):
    order = plain_delivered(seeded_db, market, age, large=large)
    result = check_return_eligibility(as_owner(seeded_db, order), order["id"])
    fact = result.facts[0]
    window = RULES.markets[market].return_window_days
    delivered = TEST_ANCHOR - timedelta(days=age)
    assert fact.kind == "eligibility" and fact.source_id == f"eligibility:return:{order['id']}"
    assert fact.data["eligible"] is eligible
    assert fact.data["deadline"] == (delivered + timedelta(days=window)).isoformat()
    if eligible:
        fee = RULES.markets[market].return_fee_large_item if large else None
        fee = fee if fee is not None else RULES.markets[market].return_fee_parcel
        assert fact.data["reason_code"] == "within_window"
        assert fact.data["days_left"] == window - age
        assert fact.data["return_fee"] == f"{fee:.2f}"
        assert fact.data["currency"] == RULES.markets[market].currency
        # The legal withdrawal period (14 days in the UK and Germany, none in the US) is named
        # while it runs: the whole order sent back by then gets its delivery charge back.
        legal = RULES.markets[market].statutory_withdrawal_days
        running = (
            (delivered + timedelta(days=legal)).isoformat() if legal and age <= legal else None
        )
        assert fact.data["withdrawal_until"] == running
    else:
        assert fact.data["reason_code"] == "window_closed"
        assert fact.data["eligible_lines"] == []
    assert fact.data["order_ref"] in fact.masked_text and order["id"] not in fact.masked_text


def test_that_a_return_check_cites_the_current_returns_policy_sections(seeded_db):
    order = plain_delivered(seeded_db, "UK", 10, large=False)
    result = check_return_eligibility(as_owner(seeded_db, order), order["id"])
    version = current_version(seeded_db, "returns")
    assert f"policy:returns@v{version}#window" in result.policy_source_ids
    assert f"policy:returns@v{version}#return-costs" in result.policy_source_ids
    cited = [f.source_id for f in result.facts if f.kind == "policy"]
    assert cited == list(result.policy_source_ids) == result.facts[0].data["policy_source_ids"]
    assert "30 days" in result.facts[1].data["text"]


@pytest.mark.parametrize("status", ["in_transit", "out_for_delivery", "delayed", "processing"])
def test_that_an_order_not_yet_delivered_cannot_be_returned_yet(seeded_db, status):
    order = sql_one(seeded_db, "SELECT * FROM orders WHERE status = %s ORDER BY id LIMIT 1", status)
    fact = check_return_eligibility(as_owner(seeded_db, order), order["id"]).facts[0]
    assert fact.data["eligible"] is False
    assert fact.data["reason_code"] == "not_delivered_yet"
    assert fact.data["deadline"] is None


def test_that_final_sale_lines_are_excluded_from_a_return(seeded_db):
    order = with_line(seeded_db, "v.final_sale")
    fact = check_return_eligibility(as_owner(seeded_db, order), order["id"]).facts[0]
    assert {"sku": order["sku"], "why": "final_sale_item"} in fact.data["excluded_lines"]
    assert order["sku"] not in fact.data["eligible_lines"]


def test_that_made_to_order_lines_are_excluded_from_a_return(seeded_db):
    order = with_line(seeded_db, "v.made_to_order")
    result = check_return_eligibility(as_owner(seeded_db, order), order["id"])
    fact = result.facts[0]
    assert {"sku": order["sku"], "why": "made_to_order_item"} in fact.data["excluded_lines"]
    assert any(s.endswith("#exclusions") for s in result.policy_source_ids)


def test_that_mattresses_pillows_and_duvets_are_returnable_only_sealed(seeded_db):
    order = with_line(
        seeded_db,
        "p.product_type IN ('mattress', 'pillow', 'duvet') AND NOT v.final_sale",
    )
    fact = check_return_eligibility(as_owner(seeded_db, order), order["id"]).facts[0]
    assert fact.data["eligible"] is True
    assert order["sku"] in fact.data["eligible_lines"]
    assert {"sku": order["sku"], "condition": "only_if_sealed"} in fact.data["conditions"]
    assert "sealed" in fact.masked_text


def test_that_a_cancelled_order_has_nothing_to_return(seeded_db):
    order = sql_one(seeded_db, "SELECT * FROM orders WHERE status = 'cancelled' LIMIT 1")
    fact = check_return_eligibility(as_owner(seeded_db, order), order["id"]).facts[0]
    assert (fact.data["eligible"], fact.data["reason_code"]) == (False, "already_cancelled")


# --- cancellations and changes --------------------------------------------------------------------


@pytest.mark.parametrize("status", ["placed", "processing"])
def test_that_an_order_before_dispatch_can_be_cancelled_and_changed(seeded_db, status):
    order = sql_one(
        seeded_db,
        """SELECT o.* FROM orders o WHERE o.status = %s AND NOT EXISTS (
               SELECT 1 FROM order_lines ol JOIN variants v ON v.sku = ol.sku
               WHERE ol.order_id = o.id AND v.made_to_order) ORDER BY o.id LIMIT 1""",
        status,
    )
    ctx = as_owner(seeded_db, order)
    cancel = check_cancellation_eligibility(ctx, order["id"]).facts[0]
    change = check_change_eligibility(ctx, order["id"]).facts[0]
    query = "SELECT sku FROM order_lines WHERE order_id = %s ORDER BY line_no"
    skus = [r["sku"] for r in sql_rows(seeded_db, query, order["id"])]
    for fact in (cancel, change):
        assert fact.data["eligible"] is True
        assert fact.data["reason_code"] == "not_yet_dispatched"
        assert fact.data["eligible_lines"] == skus
    assert cancel.source_id == f"eligibility:cancel:{order['id']}"
    assert change.data["action"] == "change"


@pytest.mark.parametrize("status", ["dispatched", "in_transit", "delivered"])
def test_that_cancellation_and_changes_after_dispatch_are_refused(seeded_db, status):
    order = sql_one(seeded_db, "SELECT * FROM orders WHERE status = %s ORDER BY id LIMIT 1", status)
    ctx = as_owner(seeded_db, order)
    result = check_cancellation_eligibility(ctx, order["id"])
    fact = result.facts[0]
    assert (fact.data["eligible"], fact.data["reason_code"]) == (False, "already_dispatched")
    version = current_version(seeded_db, "cancellations")
    assert f"policy:cancellations@v{version}#after-dispatch" in result.policy_source_ids
    change = check_change_eligibility(ctx, order["id"]).facts[0]
    assert (change.data["eligible"], change.data["reason_code"]) == (False, "already_dispatched")


def test_that_an_order_sent_back_and_refunded_has_nothing_left_to_cancel_or_change(seeded_db):
    order = sql_one(
        seeded_db,
        """SELECT o.* FROM orders o WHERE o.status IN ('returned', 'refunded') AND NOT EXISTS (
               SELECT 1 FROM order_lines ol WHERE ol.order_id = o.id AND ol.status = 'active'
               AND NOT EXISTS (SELECT 1 FROM returns r
                               WHERE r.order_id = o.id AND ol.line_no = ANY (r.line_nos)))
           ORDER BY o.id LIMIT 1""",
    )
    ctx = as_owner(seeded_db, order)
    for check in (check_cancellation_eligibility, check_change_eligibility):
        fact = check(ctx, order["id"]).facts[0]
        assert (fact.data["eligible"], fact.data["reason_code"]) == (False, "already_returned")
        assert "nothing left" in fact.data["reason"]


def test_that_a_cancelled_order_cannot_be_cancelled_again(seeded_db):
    order = sql_one(seeded_db, "SELECT * FROM orders WHERE status = 'cancelled' LIMIT 1")
    fact = check_cancellation_eligibility(as_owner(seeded_db, order), order["id"]).facts[0]
    assert (fact.data["eligible"], fact.data["reason_code"]) == (False, "already_cancelled")


def test_that_made_to_order_items_can_be_cancelled_only_within_48_hours(seeded_db):
    order = with_line(seeded_db, "v.made_to_order", status="placed")
    placed: datetime = order["placed_at"]
    hours = RULES.made_to_order_cancel_hours
    inside = as_owner(seeded_db, order, now=placed + timedelta(hours=hours - 1))
    fact = check_cancellation_eligibility(inside, order["id"]).facts[0]
    assert order["sku"] in fact.data["eligible_lines"]
    assert fact.data["deadline"] == (placed + timedelta(hours=hours)).date().isoformat()
    late = as_owner(seeded_db, order, now=placed + timedelta(hours=hours + 1))
    result = check_cancellation_eligibility(late, order["id"])
    fact = result.facts[0]
    assert {"sku": order["sku"], "why": "made_to_order_item"} in fact.data["excluded_lines"]
    assert order["sku"] not in fact.data["eligible_lines"]
    assert any(s.endswith("#made-to-order") for s in result.policy_source_ids)


# --- authorization --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "check",
    [check_return_eligibility, check_cancellation_eligibility, check_change_eligibility],
)
def test_that_eligibility_for_someone_elses_order_is_refused_without_saying_why(seeded_db, check):
    order = plain_delivered(seeded_db, "UK", 10, large=False)
    stranger = sql_one(
        seeded_db, "SELECT id FROM customers WHERE id <> %s LIMIT 1", order["customer_id"]
    )
    ctx = make_ctx(seeded_db, customer_id=stranger["id"], market="UK")
    theirs = check(ctx, order["id"])
    unknown = check(ctx, unknown_order_id(seeded_db))
    assert theirs.outcome == "refused" and theirs.policy_source_ids == ()
    assert [f.to_record() for f in theirs.facts] == [f.to_record() for f in unknown.facts]
    assert theirs.facts[0].data["reason"] == "not_found_or_not_yours"


def test_that_the_return_check_date_is_the_contexts_today_not_the_clock(seeded_db):
    order = plain_delivered(seeded_db, "UK", 10, large=False)
    later = as_owner(seeded_db, order, today=date(2026, 11, 25))
    fact = check_return_eligibility(later, order["id"]).facts[0]
    assert (fact.data["eligible"], fact.data["reason_code"]) == (False, "window_closed")
