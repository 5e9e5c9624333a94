"""Bad input and broken parts: a polite answer or a safe hand-off, never a traceback."""

from __future__ import annotations

from graph.deps import GraphDeps
from store.cache import InProcessTTLCache
from store.database import Database, close_pool
from store.orders import OrderRepository
from store.support import SupportRecords
from supportdesk.assistant import Assistant
from supportdesk.turns import Session
from tests.shop_picks import customer_session, pick_order


async def test_that_markup_and_script_never_come_back_to_the_customer(assistant, indexed_db):
    pick = pick_order(indexed_db, "in_transit")
    session = customer_session(indexed_db, pick.email)
    result = await assistant.send(
        f"<script>alert('x')</script><b>Where</b> is my order {pick.order_id}?"
        '<img src=x onerror="steal()">',
        session,
    )
    assert "<script" not in result.text and "onerror" not in result.text
    assert result.route != "error"


async def test_that_a_huge_message_is_cut_to_size_and_shown_to_a_person(assistant, indexed_db):
    pick = pick_order(indexed_db, "in_transit")
    session = customer_session(indexed_db, pick.email)
    result = await assistant.send(f"Where is my order {pick.order_id}? " * 2000, session)
    assert result.route in ("agent_suggestion", "manual_queue"), result
    assert "truncated" in result.reason


async def test_that_a_message_in_another_language_goes_to_a_person(assistant, indexed_db):
    pick = pick_order(indexed_db, "in_transit", market="DE")
    session = customer_session(indexed_db, pick.email)
    result = await assistant.send(
        f"Hallo, wo ist meine Bestellung {pick.order_id}? Sie sollte schon letzte Woche kommen.",
        session,
    )
    assert result.route != "auto_reply", result
    assert result.text.strip()


async def test_that_an_unknown_conversation_id_gets_a_polite_error(assistant):
    result = await assistant.send("hello", Session(), conversation_id="not-a-uuid")
    assert result.route == "error" and "sorry" in result.text.lower()


async def test_that_a_database_outage_gets_an_apology_not_a_traceback(graph_deps, indexed_db):
    # Every database the turn uses points at a port nothing listens on (the checkpointer keeps
    # the real one, as it would when only the shop's database is down).
    down = Database(
        url="postgresql://supportdesk@127.0.0.1:9/shop?connect_timeout=1", embedded=False
    )
    deps = GraphDeps(
        **{
            **graph_deps.__dict__,
            "db": down,
            "orders": OrderRepository(down, InProcessTTLCache()),
            "records": SupportRecords(down),
        }
    )
    try:
        async with Assistant.open(graph_deps.settings, db=indexed_db, deps=deps) as bot:
            result = await bot.send("Where is my order HR-123456?", Session())
    finally:
        close_pool(down.url)
    assert result.route == "error"
    assert result.reason == "outage"
    assert "can't reach our order system" in result.text
