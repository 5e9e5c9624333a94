"""The demo shop: deterministic, idempotent, and rich enough for real support questions."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from typing import Any

import pytest

from store.database import Database
from store.demo.seed import seed_demo
from store.demo.shop import generate_shop
from store.order_models import ORDER_STATES
from store.policies import load_policies
from store.policy_rules import load_policy_rules
from supportdesk.errors import DemoDataError
from tests.conftest import TEST_ANCHOR, TEST_SEED


def q(db: Database, sql: str, *params: object) -> list[dict[str, Any]]:
    with db.connect() as conn:
        return [dict(r) for r in conn.execute(sql, params)]


def one(db: Database, sql: str, *params: object) -> Any:
    rows = q(db, sql, *params)
    return next(iter(rows[0].values()))


def test_that_the_same_seed_generates_the_same_content_hash_and_another_seed_does_not():
    first = generate_shop(TEST_SEED, TEST_ANCHOR)
    again = generate_shop(TEST_SEED, TEST_ANCHOR)
    other = generate_shop(TEST_SEED + 1, TEST_ANCHOR)
    assert first.content_hash == again.content_hash
    assert first.content_hash != other.content_hash
    assert first.tables["orders"][:5] == again.tables["orders"][:5]


def test_that_seeding_twice_is_a_no_op_and_keeps_every_row(seeded_db: Database):
    before = {
        t: one(seeded_db, f"SELECT count(*) FROM {t}")
        for t in ("customers", "orders", "tracking_events")
    }
    result = seed_demo(seeded_db, seed=TEST_SEED, anchor=TEST_ANCHOR)
    assert result.status == "unchanged"
    assert result.content_hash == generate_shop(TEST_SEED, TEST_ANCHOR).content_hash
    after = {t: one(seeded_db, f"SELECT count(*) FROM {t}") for t in before}
    assert before == after


def test_that_a_different_seed_is_refused_without_reset_so_no_data_is_lost(seeded_db: Database):
    with pytest.raises(DemoDataError, match="--reset"):
        seed_demo(seeded_db, seed=TEST_SEED + 1, anchor=TEST_ANCHOR)
    assert one(seeded_db, "SELECT seed FROM demo_seed_state") == TEST_SEED


def test_that_the_catalogue_has_3000_skus_in_five_categories_with_support_attributes(
    seeded_db: Database,
):
    assert one(seeded_db, "SELECT count(*) FROM variants") == 3000
    categories = {r["category"] for r in q(seeded_db, "SELECT DISTINCT category FROM products")}
    assert categories == {"furniture", "lighting", "kitchen", "bedding", "decor"}
    missing = one(
        seeded_db,
        """SELECT count(*) FROM variants v JOIN products p ON p.id = v.product_id
        WHERE v.width_cm IS NULL OR v.width_in IS NULL OR v.weight_kg IS NULL OR p.care = ''
           OR p.assembly = '' OR cardinality(p.materials) = 0""",
    )
    assert missing == 0
    # Inches are derived from centimetres, never typed twice.
    row = q(seeded_db, "SELECT width_cm, width_in FROM variants WHERE sku = 'FUR-0001'")[0]
    assert float(row["width_in"]) == pytest.approx(float(row["width_cm"]) / 2.54, abs=0.05)
    assert one(seeded_db, "SELECT count(DISTINCT market) FROM variant_markets") == 3
    assert one(seeded_db, "SELECT count(*) FROM variants WHERE made_to_order") > 20
    assert one(seeded_db, "SELECT count(*) FROM variants WHERE final_sale") > 20


@pytest.mark.parametrize(
    ("product_type", "fact"),
    [
        ("table_lamp", "p.attributes ? 'bulb_fitting' AND p.attributes ? 'max_wattage'"),
        ("bedside_lamp", "p.attributes->'bulb_fitting' ? 'US'"),
        ("bed_frame", "v.attributes->'fits_bed' ?& array['UK', 'US', 'DE']"),
        (
            "dining_table",
            "v.attributes ? 'seats_min' AND v.attributes ? 'seats_max' "
            "AND p.attributes ? 'extension_leaves'",
        ),
        ("saucepan", "jsonb_array_length(p.attributes->'hob_types') > 0"),
        ("duvet_cover", "v.attributes->'fits_bed' ?& array['UK', 'US', 'DE']"),
    ],
)
def test_that_every_product_of_a_kind_carries_its_compatibility_facts(
    seeded_db: Database, product_type, fact
):
    total = one(
        seeded_db,
        "SELECT count(*) FROM variants v JOIN products p ON p.id = v.product_id "
        "WHERE p.product_type = %s",
        product_type,
    )
    with_fact = one(
        seeded_db,
        f"SELECT count(*) FROM variants v JOIN products p ON p.id = v.product_id "
        f"WHERE p.product_type = %s AND {fact}",
        product_type,
    )
    assert total > 0
    assert with_fact == total


def test_that_orders_span_every_life_cycle_state_in_every_market(seeded_db: Database):
    assert 9_500 <= one(seeded_db, "SELECT count(*) FROM orders") <= 10_500
    assert 1_900 <= one(seeded_db, "SELECT count(*) FROM customers") <= 2_100
    rows = q(seeded_db, "SELECT market, status, count(*) AS n FROM orders GROUP BY market, status")
    seen = {(r["market"], r["status"]) for r in rows}
    for market in ("UK", "US", "DE"):
        for state in ORDER_STATES:
            assert (market, state) in seen, f"no {state} order in {market}"


def test_that_order_histories_are_consistent_with_their_state(seeded_db: Database):
    # Delivered orders have a delivered shipment and a 'delivered' tracking event.
    bad = one(
        seeded_db,
        """SELECT count(*) FROM orders o WHERE o.status = 'delivered' AND NOT EXISTS (
        SELECT 1 FROM shipments s JOIN tracking_events e ON e.shipment_id = s.id
        WHERE s.order_id = o.id AND s.status = 'delivered' AND e.code = 'delivered')""",
    )
    assert bad == 0
    # Nothing that was never dispatched has a shipment.
    assert (
        one(
            seeded_db,
            """SELECT count(*) FROM orders o JOIN shipments s ON s.order_id = o.id
        WHERE o.status IN ('placed', 'processing', 'cancelled')""",
        )
        == 0
    )
    # Refunded orders have a processed refund; returned: received return, pending refund.
    assert (
        one(
            seeded_db,
            """SELECT count(*) FROM orders o WHERE o.status = 'refunded' AND NOT EXISTS (
        SELECT 1 FROM refunds r WHERE r.order_id = o.id AND r.status = 'processed')""",
        )
        == 0
    )
    assert (
        one(
            seeded_db,
            """SELECT count(*) FROM orders o WHERE o.status = 'returned' AND NOT EXISTS (
        SELECT 1 FROM returns r JOIN refunds f ON f.return_id = r.id
        WHERE r.order_id = o.id AND r.status = 'received' AND f.status = 'pending')""",
        )
        == 0
    )
    # Totals add up.
    assert (
        one(
            seeded_db,
            "SELECT count(*) FROM orders WHERE total <> subtotal - discount + delivery_fee",
        )
        == 0
    )
    # Every shipment's tracking events are in time order.
    assert (
        one(
            seeded_db,
            """SELECT count(*) FROM tracking_events a JOIN tracking_events b
        ON a.shipment_id = b.shipment_id AND b.seq = a.seq + 1
        WHERE b.occurred_at < a.occurred_at""",
        )
        == 0
    )


def test_that_there_are_high_value_orders_carriers_and_repeat_contacts(seeded_db: Database):
    assert one(seeded_db, "SELECT count(*) FROM orders WHERE total >= 500") > 500
    carriers = {r["carrier"] for r in q(seeded_db, "SELECT DISTINCT carrier FROM shipments")}
    assert {"Royal Mail", "UPS", "DHL", "Hollin & Reed Home Delivery"} <= carriers
    repeat = one(
        seeded_db,
        """SELECT count(*) FROM (SELECT order_id FROM conversations
        WHERE created_at > %s::date - 30 GROUP BY order_id HAVING count(*) >= 3) t""",
        TEST_ANCHOR,
    )
    assert repeat >= 20


def test_that_policies_are_versioned_with_one_current_version_each(seeded_db: Database):
    rows = q(
        seeded_db,
        "SELECT slug, version, superseded_at FROM policy_documents "
        "WHERE slug = 'returns' ORDER BY version",
    )
    assert [(r["version"], r["superseded_at"] is not None) for r in rows] == [(2, True), (3, False)]
    v3_start = one(
        seeded_db,
        "SELECT effective_from FROM policy_documents WHERE slug = 'returns' AND version = 3",
    )
    assert rows[0]["superseded_at"] == v3_start  # v2 ended the day v3 took effect
    current = one(seeded_db, "SELECT count(*) FROM policy_documents WHERE superseded_at IS NULL")
    assert current == len({d.slug for d in load_policies()}) == 11


def test_that_every_number_in_the_policy_rules_is_stated_in_the_current_policies():
    rules = load_policy_rules()
    text = "\n".join(d.body for d in load_policies() if not d.superseded)
    symbols = {"GBP": "£", "USD": "$", "EUR": "€"}
    for market in rules.markets.values():
        assert f"{market.return_window_days} days" in text
        for fee in (
            market.return_fee_large_item,
            market.standard_delivery_fee,
            market.large_item_delivery_fee,
            market.free_delivery_threshold,
        ):
            assert f"{symbols[market.currency]}{fee:,.2f}" in text, (market.market, fee)
        low, high = market.standard_delivery_days
        assert f"{low} to {high} business days" in text
    assert f"{rules.damage_report_within_days} days" in text
    assert f"{rules.made_to_order_cancel_hours} hours" in text
    assert f"{rules.price_promise_days} days" in text
    assert re.search(rf"\b{rules.warranty_solid_wood_frame_years}[- ]year", text)


def test_that_demo_stats_lists_counts_and_a_login_for_every_order_state(
    seeded_db: Database, settings
):
    env = {"SUPPORTDESK_DATA_DIR": str(settings.data_dir), "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [sys.executable, "-m", "supportdesk", "demo", "stats", "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=120,
    )
    stats = json.loads(out.stdout)
    assert stats["seed"] == TEST_SEED
    assert stats["tables"]["variants"] == 3000
    assert set(stats["orders_by_state"]) == set(ORDER_STATES)
    for state in ORDER_STATES:
        sample = stats["samples_by_state"][state]
        assert sample, state
        owner = one(
            seeded_db,
            "SELECT c.email FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id = %s",
            sample[0]["order_id"],
        )
        assert owner == sample[0]["email"]
    assert set(stats["by_market"]) == {"UK", "US", "DE"}


def test_that_the_demo_anchor_shapes_dates_so_recent_orders_are_recent(seeded_db: Database):
    newest = one(seeded_db, "SELECT max(placed_at)::date FROM orders")
    assert isinstance(newest, date) and newest <= TEST_ANCHOR
    in_flight_age = one(
        seeded_db,
        "SELECT max(%s::date - placed_at::date) FROM orders WHERE status = 'out_for_delivery'",
        TEST_ANCHOR,
    )
    assert in_flight_age <= 8
