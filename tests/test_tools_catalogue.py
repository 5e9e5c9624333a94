"""Catalogue and policy tools over the real knowledge index (built once per session)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from decimal import Decimal

import pytest

from nlp.embeddings import LocalEmbeddings
from store.database import Database
from store.knowledge.search import KnowledgeSearch
from tests.test_tools_orders import make_ctx, sql_one, sql_rows
from tools.catalogue import get_product, search_catalogue
from tools.policies import search_policies, section_markets


@pytest.fixture(scope="session")
async def tools_knowledge(indexed_db: Database) -> AsyncIterator[KnowledgeSearch]:
    search = await KnowledgeSearch.open(indexed_db, LocalEmbeddings())
    try:
        yield search
    finally:
        await search.aclose()


def market_row(db: Database, sku: str, market: str) -> dict[str, object]:
    query = "SELECT price, stock, currency FROM variant_markets WHERE sku = %s AND market = %s"
    return sql_one(db, query, sku, market)


# --- structured look-ups --------------------------------------------------------------------------


async def test_that_a_sku_in_the_question_is_looked_up_directly(indexed_db, tools_knowledge):
    ctx = make_ctx(indexed_db, market="UK", knowledge=tools_knowledge)
    result = await search_catalogue(ctx, "is fur 0001 solid wood or veneer?")
    first = result.facts[0]
    assert (first.source_id, result.matched_by[0]) == ("sku:FUR-0001", "sku")
    row = market_row(indexed_db, "FUR-0001", "UK")
    assert first.data["price"] == f"{row['price']:.2f}" and first.data["stock"] == row["stock"]
    assert first.data["currency"] == "GBP" and first.data["market"] == "UK"


async def test_that_a_product_name_in_the_question_finds_its_variants_first(
    indexed_db, tools_knowledge
):
    product = sql_one(
        indexed_db,
        """SELECT p.id, p.name FROM products p JOIN variants v ON v.product_id = p.id
           GROUP BY p.id HAVING count(*) BETWEEN 2 AND 4 ORDER BY p.id LIMIT 1""",
    )
    rows = sql_rows(indexed_db, "SELECT sku FROM variants WHERE product_id = %s", product["id"])
    skus = {r["sku"] for r in rows}
    ctx = make_ctx(indexed_db, market="US", knowledge=tools_knowledge)
    result = await search_catalogue(
        ctx, f"what finishes does the {product['name'].lower()} come in?", max_results=6
    )
    found = zip(result.facts, result.matched_by, strict=True)
    by_name = [f.data["sku"] for f, how in found if how == "name"]
    assert set(by_name) == skus
    assert result.matched_by[: len(skus)] == ("name",) * len(skus)


async def test_that_vector_search_fills_in_within_the_category(indexed_db, tools_knowledge):
    ctx = make_ctx(indexed_db, market="DE", knowledge=tools_knowledge)
    question = "a pan that works on an induction hob"
    result = await search_catalogue(ctx, question, category="kitchen", max_results=4)
    hits = await tools_knowledge.search(
        question, k=4, kind="product", category="kitchen", market="DE"
    )
    assert result.outcome == "ok" and set(result.matched_by) == {"search"}
    assert [f.data["sku"] for f in result.facts] == [h.metadata["sku"] for h in hits]
    cookware = {"saucepan", "frying_pan", "casserole", "stockpot", "stovetop_kettle"}
    assert {f.data["product_type"] for f in result.facts} <= cookware
    assert all(f.data["market"] == "DE" and f.data["currency"] == "EUR" for f in result.facts)


def test_that_get_product_reads_dimensions_and_market_price_from_the_database(seeded_db):
    variant = sql_one(
        seeded_db,
        """SELECT v.sku, v.width_cm, v.height_cm, v.made_to_order, m.price, m.stock
           FROM variants v JOIN variant_markets m ON m.sku = v.sku AND m.market = 'DE'
           WHERE v.made_to_order ORDER BY v.sku DESC LIMIT 1""",
    )
    ctx = make_ctx(seeded_db, market="DE")
    (fact,) = get_product(ctx, variant["sku"].lower().replace("-", "")).facts
    assert fact.source_id == f"sku:{variant['sku']}"
    assert Decimal(str(fact.data["dimensions_cm"]["width"])) == variant["width_cm"]
    assert Decimal(str(fact.data["dimensions_cm"]["height"])) == variant["height_cm"]
    assert fact.data["made_to_order"] is True and fact.data["lead_time_weeks"] > 0
    assert (fact.data["price"], fact.data["currency"]) == (f"{variant['price']:.2f}", "EUR")
    assert fact.data["in_stock"] is (variant["stock"] > 0)
    assert "made to order" in fact.masked_text


@pytest.mark.parametrize(
    ("service", "said"),
    [("parcel", "Delivery: standard parcel."), ("two_person", "Delivery: two-person large-item")],
)
def test_that_a_products_text_says_how_it_travels(seeded_db, service, said):
    # What an LLM reads of the product: the delivery policy's times and fees depend on it.
    row = sql_one(
        seeded_db,
        """SELECT v.sku FROM variants v JOIN products p ON p.id = v.product_id
           WHERE p.attributes->>'delivery' = %s ORDER BY v.sku LIMIT 1""",
        service,
    )
    (fact,) = get_product(make_ctx(seeded_db, market="UK"), row["sku"]).facts
    assert said in fact.masked_text


def test_that_a_product_not_sold_in_the_market_says_so(seeded_db):
    row = sql_one(
        seeded_db,
        """SELECT v.sku FROM variants v WHERE NOT EXISTS (
               SELECT 1 FROM variant_markets m WHERE m.sku = v.sku AND m.market = 'US')
           ORDER BY v.sku LIMIT 1""",
    )
    (fact,) = get_product(make_ctx(seeded_db, market="US"), row["sku"]).facts
    assert fact.data["price"] is None and fact.data["in_stock"] is None
    assert "US" not in fact.data["sold_in"]
    assert "not sold in the US shop" in fact.masked_text


def test_that_an_unknown_sku_is_a_no_results_refusal(seeded_db):
    result = get_product(make_ctx(seeded_db), "ZZZ-0001")
    assert result.outcome == "not_found"
    assert result.facts[0].data == {"reason": "no_results", "ask_for": []}


# --- policies -------------------------------------------------------------------------------------


async def test_that_policy_search_returns_current_sections_only(indexed_db, tools_knowledge):
    ctx = make_ctx(indexed_db, market="UK", knowledge=tools_knowledge)
    result = await search_policies(ctx, "I have 28 days to send something back, right?", k=5)
    current = {
        r["slug"]: r["version"]
        for r in sql_rows(
            indexed_db, "SELECT slug, version FROM policy_documents WHERE superseded_at IS NULL"
        )
    }
    assert result.outcome == "ok" and result.facts
    for fact in result.facts:
        assert fact.data["version"] == current[fact.data["policy"]]
        assert (
            fact.source_id
            == f"policy:{fact.data['policy']}@v{fact.data['version']}#" + (fact.data["section"])
        )
    assert any(f.data["policy"] == "returns" for f in result.facts)


@pytest.mark.parametrize(
    ("market", "question", "own_section"),
    [
        ("UK", "how long does delivery take", "uk"),
        ("DE", "how long does delivery take to Germany", "germany"),
        ("US", "how long does delivery take in the US", "us"),
    ],
)
async def test_that_policy_search_keeps_to_the_named_policy_and_the_market(
    indexed_db, tools_knowledge, market, question, own_section
):
    ctx = make_ctx(indexed_db, market=market, knowledge=tools_knowledge)
    result = await search_policies(ctx, question, policy="delivery", k=4)
    assert {f.data["policy"] for f in result.facts} == {"delivery"}
    sections = {f.data["section"] for f in result.facts}
    assert own_section in sections
    assert not sections & ({"uk", "us", "germany"} - {own_section})


async def test_that_policy_search_without_an_index_still_answers_by_words(seeded_db):
    ctx = make_ctx(seeded_db, market="UK")
    result = await search_policies(ctx, "how long do refunds to my card take", policy="refund")
    assert result.outcome == "ok"
    assert result.facts[0].source_id.startswith("policy:refunds@v")
    assert result.facts[0].data["section"] == "timing"


@pytest.mark.parametrize(("market", "kept"), [("UK", False), ("US", False), ("DE", True)])
async def test_that_a_section_headed_for_one_market_is_left_out_for_the_others(
    indexed_db, tools_knowledge, market, kept
):
    # "Paying by bank transfer in Germany": its "We then email you our bank details" quoted to a
    # UK customer would read as an offer they cannot take up.
    ctx = make_ctx(indexed_db, market=market, knowledge=tools_knowledge)
    question = "can we pay by bank transfer like we do with our other suppliers?"
    result = await search_policies(ctx, question, policy="payments", k=4)
    sections = {f.data["section"] for f in result.facts}
    assert ("bank-transfer" in sections) is kept
    assert result.facts, "the payment methods still answer"


def test_that_section_markets_come_from_the_anchor_or_the_heading():
    assert section_markets("us", "Delivery in the US") == {"US"}
    assert section_markets("bank-transfer", "Paying by bank transfer in Germany") == {"DE"}
    both = section_markets("statutory-rights", "Your legal right to cancel in the UK and Germany")
    assert both == {"UK", "DE"}
    assert section_markets("timing", "When your refund arrives") == frozenset()
