"""Foundation benchmarks: knowledge search, order look-up, embedded cold start.

Every figure is a median and a 95th percentile over many runs, measured here, printed by
`supportdesk bench foundation`.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

from supportdesk.measure import percentiles
from supportdesk.settings import Settings

COLD_START_RUNS = 8
POLICY_QUESTIONS = (
    "how long do I have to return something",
    "returns window in Germany",
    "who pays for return shipping",
    "when will my refund arrive on PayPal",
    "parcel marked delivered but not received",
    "can I cancel my order after dispatch",
    "change my delivery address",
    "price dropped after I bought it",
    "how do I get a VAT invoice",
    "delete my account data",
    "warranty on a solid oak table",
    "item arrived damaged what do I do",
    "missed delivery card through the door",
    "made to order sofa cancel",
    "Klarna payment question",
    "talk to a human please",
)


def run_foundation_benchmarks(
    settings: Settings, *, runs: int, progress: Callable[[str], None]
) -> dict[str, Any]:
    from store.database import open_database

    db = open_database(settings)
    results: dict[str, Any] = {}
    progress("knowledge search ...")
    results.update(asyncio.run(_bench_search(db, runs)))
    progress("order look-up ...")
    results.update(_bench_orders(db, settings, runs))
    progress("embedded cold start ...")
    if settings.database_url is None:
        results["embedded_cold_start"] = {**_bench_cold_start(settings), "target": "< 3000"}
    return {
        "benchmarks": results,
        "notes": [
            "knowledge_search = query embedding (MiniLM, ONNX Runtime, CPU) + HNSW query,"
            " distinct queries,"
            " query-embedding cache off",
            "knowledge_search_index_only = the database part alone (PGVectorStore query)",
        ],
    }


async def _bench_search(db: Any, runs: int) -> dict[str, Any]:
    from nlp.embeddings import LocalEmbeddings
    from store.knowledge.search import KnowledgeSearch

    search = await KnowledgeSearch.open(db, LocalEmbeddings(query_cache=False))
    with db.connect() as conn:
        names = [r["name"] for r in conn.execute("SELECT name FROM products ORDER BY id LIMIT 400")]
    queries = [*POLICY_QUESTIONS, *(f"{n} care and dimensions" for n in names)]
    try:
        for q in queries[:10]:
            await search.search(q)
        total, embed, query = [], [], []
        for i in range(runs):
            started = time.perf_counter()
            await search.search(queries[i % len(queries)], k=5)
            total.append((time.perf_counter() - started) * 1000)
            embed.append(search.last_timing.embed_ms)
            query.append(search.last_timing.query_ms)
    finally:
        await search.aclose()
    return {
        "knowledge_search": {**percentiles(total), "target": "p50 < 10, p95 < 25"},
        "knowledge_search_embed_only": percentiles(embed),
        "knowledge_search_index_only": percentiles(query),
    }


def _bench_orders(db: Any, settings: Settings, runs: int) -> dict[str, Any]:
    from store.benchmarks_orders import bench_order_lookup
    from store.cache import build_cache

    result: dict[str, Any] = bench_order_lookup(db, build_cache(settings), runs=runs)
    return {
        f"order_lookup_cache_{result['cache']}": {**result["cache_ms"], "target": "p50 < 2"},
        "order_lookup_database": {**result["db_ms"], "target": "p50 < 10"},
    }


_COLD_START_CHILD = """
import json, sys, time
from pathlib import Path
started = time.perf_counter()
from store.embedded import start_embedded_postgres
from store.database import Database, verify_database
from store.migrate import apply_migrations
db = Database(url=start_embedded_postgres(Path(sys.argv[1]), cleanup_mode="stop"), embedded=True)
verify_database(db)
apply_migrations(db)
print(json.dumps({"ms": (time.perf_counter() - started) * 1000}))
"""


def _bench_cold_start(settings: Settings) -> dict[str, float]:
    """Each run is a fresh process on an existing data dir whose server is stopped."""
    data_dir = settings.data_dir / "bench-coldstart"
    samples = []
    for attempt in range(COLD_START_RUNS + 1):
        out = subprocess.run(
            [sys.executable, "-c", _COLD_START_CHILD, str(data_dir)],
            capture_output=True,
            text=True,
            check=True,
        )
        elapsed = json.loads(out.stdout.strip().splitlines()[-1])["ms"]
        if attempt:  # the first run creates the cluster; that is setup, not a cold start
            samples.append(elapsed)
    return percentiles(samples)
