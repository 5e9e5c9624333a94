"""The template drafter's answers, through the whole graph, state the right facts for seeded
orders and products, and every citation resolves to a real source."""

from __future__ import annotations

from datetime import timedelta

import pytest

from supportdesk.turns import Session
from tests.conftest import TEST_ANCHOR
from tests.shop_picks import customer_session, pick_order


def resolves(db, source_id: str) -> bool:
    kind, _, key = source_id.partition(":")
    with db.connect() as conn:
        if kind == "order":
            return conn.execute("SELECT 1 FROM orders WHERE id = %s", (key,)).fetchone() is not None
        if kind == "eligibility":
            order_id = key.split(":")[-1]
            return (
                conn.execute("SELECT 1 FROM orders WHERE id = %s", (order_id,)).fetchone()
                is not None
            )
        if kind == "orders":
            return key == "customer"
        return (
            conn.execute(
                "SELECT 1 FROM knowledge_chunks WHERE source_id = %s", (source_id,)
            ).fetchone()
            is not None
        )


async def ask(assistant, db, message: str, email: str | None = None):
    session = Session.for_customer_email(db, email) if email else Session()
    result = await assistant.send(message, session)
    for citation in result.citations:
        assert resolves(db, citation["source_id"]), citation
        assert citation["title"] and "<" not in citation["title"]
    return result


@pytest.mark.parametrize("status", ["dispatched", "in_transit", "out_for_delivery", "delayed"])
async def test_that_order_status_gives_carrier_tracking_and_estimate(assistant, indexed_db, status):
    pick = pick_order(indexed_db, status)
    result = await ask(assistant, indexed_db, f"Where is my order {pick.order_id}?", pick.email)
    assert result.route == "auto_reply", result
    with indexed_db.connect() as conn:
        shipment = conn.execute(
            "SELECT carrier, tracking_number, estimated_delivery FROM shipments "
            "WHERE order_id = %s ORDER BY dispatched_at DESC NULLS LAST LIMIT 1",
            (pick.order_id,),
        ).fetchone()
    assert pick.order_id in result.text
    assert shipment["carrier"] in result.text
    assert shipment["tracking_number"] in result.text
    assert f"order:{pick.order_id}" in {c["source_id"] for c in result.citations}


async def test_that_a_delivered_order_states_when_it_arrived(assistant, indexed_db):
    pick = pick_order(indexed_db, "delivered")
    result = await ask(
        assistant, indexed_db, f"Has order {pick.order_id} been delivered?", pick.email
    )
    # Judge the drafter's text, whichever route it took (the route depends on confidence).
    draft = (await assistant.conversation_state(result.conversation_id))["draft"]["text"]
    with indexed_db.connect() as conn:
        delivered = conn.execute(
            "SELECT max(delivered_at) AS at FROM shipments WHERE order_id = %s", (pick.order_id,)
        ).fetchone()["at"]
    assert delivered.strftime("%B") in draft and str(delivered.day) in draft, draft


async def test_that_return_eligibility_states_the_deadline_from_the_policy(assistant, indexed_db):
    window = {"UK": 30, "US": 45, "DE": 60}
    extra = (
        "AND EXISTS (SELECT 1 FROM shipments s WHERE s.order_id = o.id "
        "AND s.delivered_at > timestamptz '2026-10-20') "
        "AND NOT EXISTS (SELECT 1 FROM order_lines l JOIN variants v ON v.sku = l.sku "
        "WHERE l.order_id = o.id AND (v.final_sale OR v.made_to_order))"
    )
    pick = pick_order(indexed_db, "delivered", market="UK", extra=extra)
    result = await ask(
        assistant,
        indexed_db,
        f"Can I return order {pick.order_id}? How long do I have?",
        pick.email,
    )
    with indexed_db.connect() as conn:
        delivered = conn.execute(
            "SELECT max(delivered_at) AS at FROM shipments WHERE order_id = %s", (pick.order_id,)
        ).fetchone()["at"]
    deadline = delivered.date() + timedelta(days=window["UK"])
    assert deadline > TEST_ANCHOR
    assert f"{deadline.day} {deadline.strftime('%B')}" in result.text, result.text
    sources = {c["source_id"] for c in result.citations}
    assert f"eligibility:return:{pick.order_id}" in sources
    assert any(s.startswith("policy:returns") for s in sources) or result.route != "auto_reply"


async def test_that_a_dispatched_order_cannot_be_cancelled(assistant, indexed_db):
    pick = pick_order(indexed_db, "dispatched")
    result = await ask(assistant, indexed_db, f"Please cancel order {pick.order_id}.", pick.email)
    state = await assistant.conversation_state(result.conversation_id)
    eligibility = [f for f in state["facts"] if f["kind"] == "eligibility"]
    assert eligibility and eligibility[0]["data"]["eligible"] is False
    assert "cancel" in state["draft"]["text"].lower()


async def test_that_product_dimensions_come_from_the_catalogue(assistant, indexed_db):
    with indexed_db.connect() as conn:
        row = conn.execute(
            "SELECT v.sku, v.width_cm, v.height_cm, v.depth_cm FROM variants v "
            "JOIN products p ON p.id = v.product_id WHERE p.category = 'furniture' "
            "ORDER BY v.sku OFFSET 7 LIMIT 1"
        ).fetchone()
    result = await ask(assistant, indexed_db, f"What are the dimensions of {row['sku']}?")
    for value in (row["width_cm"], row["height_cm"], row["depth_cm"]):
        assert f"{float(value):g}" in result.text, (value, result.text)
    assert f"sku:{row['sku']}" in {c["source_id"] for c in result.citations}


async def test_that_a_follow_up_uses_the_order_already_in_discussion(assistant, indexed_db):
    pick = pick_order(indexed_db, "in_transit")
    session = customer_session(indexed_db, pick.email)
    first = await assistant.send(f"Where is my order {pick.order_id}?", session)
    assert first.route == "auto_reply", first
    follow = await assistant.send(
        "and which courier is bringing it?", session, conversation_id=first.conversation_id
    )
    assert f"order:{pick.order_id}" in {c["source_id"] for c in follow.citations}, follow
    with indexed_db.connect() as conn:
        carrier = conn.execute(
            "SELECT carrier FROM shipments WHERE order_id = %s LIMIT 1", (pick.order_id,)
        ).fetchone()["carrier"]
    assert carrier in follow.text, follow.text
