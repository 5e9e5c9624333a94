"""Knowledge search over the real index: quality on written questions, citations, incremental and
atomic rebuilds, filters, and odd input.

The index is built once per session from the seeded demo shop (about two minutes on two cores).
Tests that change policies or products put them back and rebuild before they finish, so the
others always see the seeded index.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import AsyncIterator
from typing import Any

import pytest

from evals.knowledge_queries import KNOWLEDGE_QUERIES, format_report, score_hit_at_k
from nlp.embeddings import LocalEmbeddings
from store.database import Database
from store.knowledge import index as knowledge_index
from store.knowledge.index import IndexReport, abuild_index
from store.knowledge.search import KnowledgeSearch
from store.policies import split_sections

POLICY_ID = re.compile(r"^policy:(?P<slug>[a-z0-9-]+)@v(?P<version>\d+)#(?P<anchor>[a-z0-9-]+)$")
SKU_ID = re.compile(r"^sku:(?P<sku>[A-Z]{3}-\d{4})$")
HIT_AT_3_TARGET = 0.9


@pytest.fixture(scope="session")
async def knowledge_search(indexed_db: Database) -> AsyncIterator[KnowledgeSearch]:
    search = await KnowledgeSearch.open(indexed_db, LocalEmbeddings())
    try:
        yield search
    finally:
        await search.aclose()


def live_chunks(db: Database) -> set[tuple[str, str]]:
    with db.connect() as conn:
        rows = conn.execute("SELECT source_id, content_hash FROM knowledge_chunks").fetchall()
    return {(str(r["source_id"]), str(r["content_hash"])) for r in rows}


def last_build(db: Database) -> dict[str, Any]:
    with db.connect() as conn:
        row = conn.execute("SELECT * FROM knowledge_builds ORDER BY id DESC LIMIT 1").fetchone()
    assert row is not None
    return dict(row)


def set_policy_body(db: Database, slug: str, body: str) -> None:
    with db.connect() as conn:
        conn.execute(
            """UPDATE policy_documents SET body_md = %s, content_hash = %s
               WHERE slug = %s AND superseded_at IS NULL""",
            (body, hashlib.sha256(body.encode()).hexdigest(), slug),
        )
        conn.commit()


# --- quality -------------------------------------------------------------------------------------


async def test_that_hit_at_3_over_the_written_customer_queries_is_at_least_0_9(
    indexed_db: Database,
    knowledge_search: KnowledgeSearch,
    capsys: pytest.CaptureFixture[str],
    record_property: Any,
):
    routed = await score_hit_at_k(indexed_db, knowledge_search, KNOWLEDGE_QUERIES, k=3)
    # The same questions without the kind a tool would pass: visible, not asserted.
    unfiltered = await score_hit_at_k(
        indexed_db, knowledge_search, KNOWLEDGE_QUERIES, k=3, use_kind=False
    )
    with capsys.disabled():
        print("\n" + format_report(routed, label="as the policy and catalogue tools ask"))
        print(format_report(unfiltered, label="unfiltered, reported only"))
    record_property("knowledge_hit_at_3", routed["hit_at_k"])
    record_property("knowledge_hit_at_3_unfiltered", unfiltered["hit_at_k"])
    assert routed["total"] == len(KNOWLEDGE_QUERIES) >= 32
    assert routed["hit_at_k"] >= HIT_AT_3_TARGET, format_report(routed)


def test_that_every_expectation_in_the_eval_set_can_be_met_by_the_seeded_data(indexed_db: Database):
    live_ids = {source_id for source_id, _ in live_chunks(indexed_db)}
    unmet: list[tuple[str, object]] = []
    with indexed_db.connect() as conn:
        for query in KNOWLEDGE_QUERIES:
            if isinstance(query.expect, frozenset):
                if not query.expect <= live_ids:
                    unmet.append((query.text, sorted(query.expect - live_ids)))
                continue
            row = conn.execute(
                "SELECT count(*) AS n FROM variants v JOIN products p ON p.id = v.product_id "
                f"WHERE {query.expect.replace('%', '%%')}"
            ).fetchone()
            if row is None or row["n"] == 0:
                unmet.append((query.text, query.expect))
    assert unmet == []


async def test_that_search_without_a_kind_finds_the_same_best_chunk_as_an_exact_scan(
    indexed_db: Database,
    knowledge_search: KnowledgeSearch,
):
    # Guards the merge over the per-kind indexes: the one HNSW graph over everything could not
    # reach the policy sections from among the SKUs.
    wrong = []
    with indexed_db.connect() as conn:
        for query in KNOWLEDGE_QUERIES:
            hits = await knowledge_search.search(query.text, k=3)
            vector = knowledge_search.embeddings.embed_query(query.text)
            conn.execute("SET LOCAL enable_indexscan = off")
            best = conn.execute(
                """SELECT source_id, 1 - (embedding <=> %s::vector) AS score
                   FROM knowledge_chunks ORDER BY embedding <=> %s::vector LIMIT 1""",
                (str(vector), str(vector)),
            ).fetchone()
            assert best is not None and hits
            if abs(hits[0].score - float(best["score"])) > 1e-3:
                wrong.append((query.text, hits[0].source_id, best["source_id"]))
    assert wrong == []


# --- citations -----------------------------------------------------------------------------------


async def test_that_every_hit_cites_a_stable_source_id_that_resolves_to_a_real_row(
    indexed_db: Database,
    knowledge_search: KnowledgeSearch,
):
    hits = []
    for query in KNOWLEDGE_QUERIES:
        hits += await knowledge_search.search(query.text, k=5)
        hits += await knowledge_search.search(query.text, k=5, kind=query.kind, market=query.market)
    assert {h.kind for h in hits} == {"policy", "product"}
    with indexed_db.connect() as conn:
        for hit in hits:
            policy, sku = POLICY_ID.match(hit.source_id), SKU_ID.match(hit.source_id)
            assert policy or sku, f"unstable source id {hit.source_id!r}"
            if policy:
                row = conn.execute(
                    """SELECT body_md FROM policy_documents
                       WHERE slug = %s AND version = %s AND superseded_at IS NULL""",
                    (policy["slug"], int(policy["version"])),
                ).fetchone()
                assert row is not None, f"{hit.source_id} names no current policy"
                anchors = {s.anchor for s in split_sections(str(row["body_md"]))}
                assert policy["anchor"] in anchors, f"{hit.source_id} names no section"
                assert hit.kind == "policy" and hit.metadata["policy"] == policy["slug"]
            elif sku:
                found = conn.execute(
                    "SELECT 1 FROM variants WHERE sku = %s", (sku["sku"],)
                ).fetchone()
                assert found is not None, f"{hit.source_id} names no variant"
                assert hit.kind == "product" and hit.metadata["sku"] == sku["sku"]


# --- rebuilds ------------------------------------------------------------------------------------


async def test_that_reindexing_with_nothing_changed_reports_unchanged_and_embeds_nothing(
    indexed_db: Database,
    index_embeddings: LocalEmbeddings,
):
    before = live_chunks(indexed_db)
    report = await abuild_index(indexed_db, index_embeddings)
    assert (report.status, report.chunks_embedded, report.chunks_removed) == ("unchanged", 0, 0)
    assert report.chunks_total == len(before)
    assert last_build(indexed_db)["status"] == "unchanged"
    assert live_chunks(indexed_db) == before


async def test_that_editing_one_policy_re_embeds_only_its_changed_sections_and_search_sees_it(
    indexed_db: Database,
    index_embeddings: LocalEmbeddings,
    knowledge_search: KnowledgeSearch,
):
    with indexed_db.connect() as conn:
        row = conn.execute("""SELECT version, body_md FROM policy_documents
                              WHERE slug = 'warranty' AND superseded_at IS NULL""").fetchone()
    assert row is not None
    original, version = str(row["body_md"]), int(row["version"])
    edits = {  # anchor: (sentence already there, sentence added after it)
        "evidence": (
            "as this can make the cause harder to judge.",
            " You can also bring a warranty claim in person to our Hebden Bridge "
            "workshop on the first Tuesday of each month.",
        ),
        "outcome": (
            "that reflects the use you've had.",
            " Every repair we make carries its own fresh 12-month repair guarantee.",
        ),
    }
    edited = original
    for old, added in edits.values():
        assert edited.count(old) == 1
        edited = edited.replace(old, old + added)
    changed_ids = {f"policy:warranty@v{version}#{anchor}" for anchor in edits}
    before = live_chunks(indexed_db)
    try:
        set_policy_body(indexed_db, "warranty", edited)
        report = await abuild_index(indexed_db, index_embeddings)
        assert (report.status, report.chunks_embedded, report.chunks_removed) == ("live", 2, 0)
        after = live_chunks(indexed_db)
        assert {sid for sid, _ in before ^ after} == changed_ids
        assert {sid for sid, _ in after} == {sid for sid, _ in before}

        hits = await knowledge_search.search(
            "can I hand in my warranty claim in person at the Hebden Bridge workshop",
            k=1,
            kind="policy",
        )
        assert hits[0].source_id == f"policy:warranty@v{version}#evidence"
        assert "Hebden Bridge workshop" in hits[0].content
    finally:
        set_policy_body(indexed_db, "warranty", original)
        restored = await abuild_index(indexed_db, index_embeddings)
    assert restored.chunks_embedded == 2
    assert live_chunks(indexed_db) == before


class FailingOnSecondBatch(LocalEmbeddings):
    """Real embeddings that die on the second batch, like a worker killed half way."""

    def __init__(self) -> None:
        super().__init__(query_cache=False)
        self.batches = 0

    async def aembed_documents(self, texts: list[str]) -> list[list[float]]:
        self.batches += 1
        if self.batches == 2:
            raise RuntimeError("simulated embedding failure on the second batch")
        return await super().aembed_documents(texts)


async def test_that_a_build_failing_half_way_leaves_the_live_index_untouched_and_is_recorded(
    indexed_db: Database,
    index_embeddings: LocalEmbeddings,
):
    with indexed_db.connect() as conn:
        originals = conn.execute(
            "SELECT id, description FROM products WHERE product_type = 'table_lamp'"
        ).fetchall()
        variants = conn.execute(
            """SELECT count(*) AS n FROM variants v JOIN products p ON p.id = v.product_id
               WHERE p.product_type = 'table_lamp'"""
        ).fetchone()
    assert variants is not None and variants["n"] > knowledge_index.EMBED_BATCH, (
        "the edit must span more than one embedding batch"
    )
    before = live_chunks(indexed_db)
    failing = FailingOnSecondBatch()
    try:
        with indexed_db.connect() as conn:
            conn.execute(
                "UPDATE products SET description = description || "
                "' Now with a longer braided cable.' WHERE product_type = 'table_lamp'"
            )
            conn.commit()
        with pytest.raises(Exception) as raised:  # whichever type the build raises
            await abuild_index(indexed_db, failing)
        chain = [raised.value, raised.value.__cause__]
        assert any("simulated embedding failure" in str(e) for e in chain if e is not None)
        assert failing.batches == 2
        assert live_chunks(indexed_db) == before
        build = last_build(indexed_db)
        assert build["status"] == "failed" and build["finished_at"] is not None
        assert build["chunks_embedded"] == variants["n"]
    finally:
        with indexed_db.connect() as conn:
            for row in originals:
                conn.execute(
                    "UPDATE products SET description = %s WHERE id = %s",
                    (row["description"], row["id"]),
                )
            conn.commit()
    # Nothing of the failed build went live, so with the data restored there is nothing to do.
    report: IndexReport = await abuild_index(indexed_db, index_embeddings)
    assert report.status == "unchanged"
    assert live_chunks(indexed_db) == before


# --- filters -------------------------------------------------------------------------------------


async def test_that_kind_policy_returns_only_policies_even_for_product_questions(
    knowledge_search: KnowledgeSearch,
):
    for text in (
        "oak dining table that seats eight",
        "bedside lamp with an E14 fitting",
        "how long do I have to return something",
    ):
        hits = await knowledge_search.search(text, k=10, kind="policy")
        assert len(hits) == 10
        assert all(h.kind == "policy" and h.source_id.startswith("policy:") for h in hits)


async def test_that_a_market_filter_never_returns_chunks_not_offered_in_that_market(
    indexed_db: Database,
    knowledge_search: KnowledgeSearch,
):
    with indexed_db.connect() as conn:
        uk_de_only = conn.execute(
            """SELECT p.name FROM variants v JOIN products p ON p.id = v.product_id
               WHERE NOT EXISTS (SELECT 1 FROM variant_markets m
                                 WHERE m.sku = v.sku AND m.market = 'US')
               ORDER BY v.sku LIMIT 1"""
        ).fetchone()
    assert uk_de_only is not None
    # Unfiltered, the policy sections about other markets and the UK+DE-only SKUs do come up ...
    delivery = await knowledge_search.search("large item delivery fee", k=10, kind="policy")
    assert {"UK", "US", "DE"} <= {h.metadata["market"] for h in delivery}
    named = await knowledge_search.search(str(uk_de_only["name"]), k=10, kind="product")
    assert any(h.metadata["market"] in ("DE+UK", "UK+DE") for h in named)
    # ... and the market filter removes exactly those.
    for market, text in (
        ("DE", "large item delivery fee"),
        ("DE", "oak dining table"),
        ("US", str(uk_de_only["name"])),
        ("US", "large item delivery fee"),
    ):
        hits = await knowledge_search.search(text, k=20, market=market)
        assert hits
        for hit in hits:
            assert hit.metadata["market"] == "ALL" or market in hit.metadata["market"].split("+")
        skus = [h.metadata["sku"] for h in hits if h.kind == "product"]
        with indexed_db.connect() as conn:
            offered = conn.execute(
                "SELECT count(*) AS n FROM variant_markets WHERE sku = ANY(%s) AND market = %s",
                (skus, market),
            ).fetchone()
        assert offered is not None and offered["n"] == len(skus)


@pytest.mark.parametrize(
    ("filters", "k"),
    [
        ({"category": "warranty"}, 10),
        ({"category": "price-promise", "kind": "policy"}, 5),
        ({"category": "delivery", "market": "US"}, 20),
        ({"sku": "LGT-0412"}, 5),
    ],
)
async def test_that_a_narrow_filter_still_returns_every_matching_row_up_to_k(
    indexed_db: Database,
    knowledge_search: KnowledgeSearch,
    filters: dict[str, str],
    k: int,
):
    clauses, params = [], []
    for column, value in filters.items():
        if column == "market":
            clauses.append("(market = 'ALL' OR market LIKE %s)")
            params.append(f"%{value}%")
        else:
            clauses.append(f"{column} = %s")
            params.append(value)
    with indexed_db.connect() as conn:
        where = " AND ".join(clauses)
        row = conn.execute(
            f"SELECT count(*) AS n FROM knowledge_chunks WHERE {where}", params
        ).fetchone()
    assert row is not None and row["n"] > 0
    hits = await knowledge_search.search("what do I need to know about this", k=k, **filters)  # type: ignore[arg-type]
    assert len(hits) == min(k, row["n"])
    assert len({h.source_id for h in hits}) == len(hits)
    for column, value in filters.items():
        if column != "market":
            assert all(h.metadata[column] == value for h in hits)


# --- odd input -----------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["", "   ", "\n\t  \n"])
async def test_that_an_empty_or_blank_query_returns_nothing_without_error(
    knowledge_search: KnowledgeSearch,
    query: str,
):
    assert await knowledge_search.search(query) == []


@pytest.mark.parametrize(
    "query",
    [
        ("my order hasn't arrived and where is it? " * 200)[:5000],
        "<script>alert('x')</script><b>can I return</b> a lamp?? 😡😡 🛋️ <img src=x onerror=1>",
        "'; DROP TABLE knowledge_chunks; -- % _ \\ \x01 how do refunds work",
    ],
)
async def test_that_a_huge_or_hostile_query_still_returns_results_without_error(
    indexed_db: Database,
    knowledge_search: KnowledgeSearch,
    query: str,
):
    hits = await knowledge_search.search(query, k=5)
    assert 1 <= len(hits) <= 5
    assert all(-1.0 <= h.score <= 1.0 for h in hits)
    hits = await knowledge_search.search(query, k=5, kind="policy", market="DE")
    assert len(hits) == 5
    assert len(live_chunks(indexed_db)) > 3000
