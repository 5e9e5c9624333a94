"""Policy retrieval on the real shop: relevance scores on policy facts, and the sections an
order's state calls for, read after the look-ups without weakening who may see an order."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from graph.nodes.retrieval import _run_intent_plan
from nlp.embeddings import LocalEmbeddings
from store.database import Database
from store.knowledge.search import KnowledgeSearch
from tests.test_tools_orders import make_ctx, sql_one
from tools.facts import Fact
from tools.plan import READ_POLICY_SECTIONS, follow_up_plan, plan_tools
from tools.policies import read_policy_sections, search_policies
from tools.runner import run_plan


@pytest.fixture(scope="module")
async def knowledge(indexed_db: Database) -> AsyncIterator[KnowledgeSearch]:
    search = await KnowledgeSearch.open(indexed_db, LocalEmbeddings())
    yield search
    await search.aclose()


def policy_ids(facts: tuple[Fact, ...] | list[Fact]) -> list[str]:
    return [f.source_id for f in facts if f.kind == "policy"]


def an_order(db: Database, status: str) -> dict[str, Any]:
    return sql_one(
        db,
        "SELECT id, customer_id, market FROM orders WHERE status = %s ORDER BY id LIMIT 1",
        status,
    )


async def test_that_policy_hits_carry_their_similarity_and_standing_sections_say_so(
    indexed_db, knowledge
):
    ctx = make_ctx(indexed_db, market="UK", knowledge=knowledge)
    result = await search_policies(
        ctx,
        "returns: I want to send back a lamp I bought",
        policy="returns",
        k=2,
        sections=["inspection", "refunds#timing"],
    )
    hits = [f for f in result.facts if f.data["selected_by"] == "search"]
    ruled = [f for f in result.facts if f.data["selected_by"] == "rule"]
    assert len(hits) == 2
    assert all(f.score is not None and 0.0 < f.score <= 1.0 for f in hits)
    assert hits[0].score is not None and hits[1].score is not None
    assert hits[0].score >= hits[1].score  # ranked by it
    by_id = {f.source_id.split(":")[1]: f for f in ruled}
    # A standing section of the searched policy was ranked too: its similarity is known,
    # and lower than the hits'; one from another policy was not ranked at all.
    inspection = next(f for key, f in by_id.items() if key.endswith("#inspection"))
    lowest_hit = hits[-1].score
    assert inspection.score is not None and lowest_hit is not None
    assert inspection.score <= lowest_hit
    timing = next(f for key, f in by_id.items() if key.startswith("refunds@"))
    assert timing.score is None
    # The score survives the state record the gate and the drafter read.
    for fact in result.facts:
        assert Fact.from_record(fact.to_record()).score == fact.score


async def test_that_a_rule_naming_every_markets_section_reads_the_customers_own(
    indexed_db, knowledge
):
    ctx = make_ctx(indexed_db, market="US", knowledge=knowledge)
    result = await search_policies(
        ctx,
        "exchange: will I get charged shipping again on the new one?",
        policy="delivery",
        k=1,
        sections=["uk", "us", "germany"],
    )
    ids = policy_ids(result.facts)
    assert any(i.endswith("#us") for i in ids)
    assert not any(i.endswith(("#uk", "#germany")) for i in ids)


async def test_that_a_loosely_related_section_scores_lower_than_the_one_asked_about(
    indexed_db, knowledge
):
    ctx = make_ctx(indexed_db, market="UK", knowledge=knowledge)
    asked = await search_policies(ctx, "how do I reset my password?", k=1)
    assert policy_ids(asked.facts)[0].endswith("#password")
    unrelated = await search_policies(ctx, "how do I reset my password?", policy="delivery", k=1)
    assert asked.facts[0].score is not None and unrelated.facts[0].score is not None
    assert unrelated.facts[0].score < asked.facts[0].score - 0.15


async def test_that_without_an_index_sections_are_found_by_words_and_left_unscored(seeded_db):
    ctx = make_ctx(seeded_db, market="UK")
    result = await search_policies(ctx, "how long does a refund take", policy="refunds")
    assert result.outcome == "ok" and result.facts
    assert all(f.score is None and f.data["selected_by"] == "rule" for f in result.facts)


async def test_that_reading_named_sections_returns_them_in_order_and_skips_unknown_ones(
    seeded_db,
):
    ctx = make_ctx(seeded_db)
    result = await read_policy_sections(
        ctx, ["delivery#delayed", "nonsense#nothing", "refunds#timing"]
    )
    keys = [f.source_id.split(":")[1] for f in result.facts]
    assert [k.split("@")[0] + "#" + k.split("#")[1] for k in keys] == [
        "delivery#delayed",
        "refunds#timing",
    ]
    missing = await read_policy_sections(ctx, ["nonsense#nothing"])
    assert missing.outcome == "not_found" and missing.facts[0].kind == "refusal"


async def test_that_a_delayed_order_brings_the_delay_section_after_its_lookup(
    indexed_db, knowledge
):
    row = an_order(indexed_db, "delayed")
    ctx = make_ctx(
        indexed_db, customer_id=row["customer_id"], market=row["market"], knowledge=knowledge
    )
    plan = plan_tools(
        "order_status", order_ids=[row["id"]], skus=[], query_text="where is it", logged_in=True
    )
    result = await run_plan(
        ctx, plan, follow_up=lambda facts: follow_up_plan("order_status", facts, ctx.today)
    )
    assert [c.tool for c in result.calls] == ["lookup_order", READ_POLICY_SECTIONS]
    assert result.facts[0].source_id == f"order:{row['id']}"
    assert [p.split("#")[1] for p in policy_ids(result.facts)] == ["delayed"]
    assert result.calls[1].outcome == "ok"


async def test_that_the_retrieve_node_reads_the_refund_sections_a_waiting_return_needs(
    indexed_db, knowledge
):
    row = sql_one(
        indexed_db,
        """SELECT o.id, o.customer_id, o.market FROM orders o
           JOIN refunds f ON f.order_id = o.id AND f.status = 'pending'
           JOIN returns r ON r.order_id = o.id ORDER BY o.id LIMIT 1""",
    )
    ctx = make_ctx(
        indexed_db, customer_id=row["customer_id"], market=row["market"], knowledge=knowledge
    )
    result = await _run_intent_plan(
        ctx, "when will my refund arrive?", "refund_status", [row["id"]]
    )
    found = policy_ids(result.facts)
    assert any(p.startswith("policy:refunds@") and p.endswith("#timing") for p in found)
    assert any(p.startswith("policy:returns@") and p.endswith("#inspection") for p in found)
    # The look-ups before the follow-up still ran together.
    assert [c.tool for c in result.calls][:2] == ["lookup_order", "search_policies"]


@pytest.mark.parametrize("who", ["guest", "another customer"])
async def test_that_an_order_nobody_proved_brings_no_sections_of_its_state(
    indexed_db, knowledge, who
):
    row = an_order(indexed_db, "delayed")
    other = sql_one(
        indexed_db,
        "SELECT id FROM customers WHERE id <> %s ORDER BY id LIMIT 1",
        row["customer_id"],
    )
    customer = other["id"] if who == "another customer" else None
    ctx = make_ctx(indexed_db, customer_id=customer, market=row["market"], knowledge=knowledge)
    result = await _run_intent_plan(ctx, "where is it?", "order_status", [row["id"]])
    assert [f.kind for f in result.facts] == ["refusal"]
    assert READ_POLICY_SECTIONS not in [c.tool for c in result.calls]
