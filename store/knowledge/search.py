"""Knowledge search: a question in, the closest policy sections and SKUs out, with citable ids.

Searches go through PGVectorStore over the HNSW indexes. pgvector 0.6.2 filters after the index
scan, so a narrow filter can leave fewer than k rows; when that happens we repeat the query as an
exact scan, which is cheap on the few thousand rows a shop has.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any, Literal

from langchain_postgres import PGVectorStore
from langchain_postgres.v2.indexes import HNSWQueryOptions
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from nlp.embeddings import LocalEmbeddings
from store.database import Database
from store.knowledge.chunks import METADATA_COLUMNS
from store.knowledge.index import LIVE_TABLE, open_vector_store

Kind = Literal["policy", "product"]


@dataclass(frozen=True)
class KnowledgeHit:
    source_id: str
    kind: str
    title: str
    content: str
    score: float  # cosine similarity, 1.0 = identical
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SearchTiming:
    embed_ms: float
    query_ms: float
    exact_fallback: bool


class KnowledgeSearch:
    """Create once per process with `await KnowledgeSearch.open(...)`; close with `aclose()`."""

    def __init__(
        self, engine: AsyncEngine, store: PGVectorStore, embeddings: LocalEmbeddings
    ) -> None:
        self._engine = engine
        self._store = store
        self.embeddings = embeddings
        self.last_timing = SearchTiming(0.0, 0.0, False)

    @classmethod
    async def open(
        cls, db: Database, embeddings: LocalEmbeddings, *, ef_search: int = 100
    ) -> KnowledgeSearch:
        engine = create_async_engine(
            db.sqlalchemy_url, pool_size=4, max_overflow=4, pool_pre_ping=False
        )
        store = await open_vector_store(
            engine,
            embeddings,
            LIVE_TABLE,
            index_query_options=HNSWQueryOptions(ef_search=ef_search),
        )
        return cls(engine, store, embeddings)

    async def aclose(self) -> None:
        await self._engine.dispose()

    async def search(
        self,
        query: str,
        *,
        k: int = 5,
        kind: Kind | None = None,
        category: str | None = None,
        market: str | None = None,
        sku: str | None = None,
    ) -> list[KnowledgeHit]:
        if not query.strip():
            return []
        k = max(1, min(k, 50))
        t0 = time.perf_counter()
        vector = await self.embeddings.aembed_query(query)
        t1 = time.perf_counter()
        where = _filter(kind=kind, category=category, market=market, sku=sku)
        # Without a kind, ask each kind's partial index and merge: in the one HNSW graph over all
        # chunks the few policy sections are unreachable from among the SKUs (measured: the exact
        # nearest section still missing at ef_search 400), so policy answers silently vanished.
        kinds: tuple[Kind, ...] = (kind,) if kind else ("policy", "product")
        found = await asyncio.gather(
            *(
                self._store.asimilarity_search_with_score_by_vector(
                    vector, k=k, filter=_filter(kind=one, category=category, market=market, sku=sku)
                )
                for one in kinds
            )
        )
        pairs = sorted((pair for batch in found for pair in batch), key=lambda pair: pair[1])[:k]
        hits = [
            _hit(doc.id or "", doc.page_content, doc.metadata, distance) for doc, distance in pairs
        ]
        fallback = bool(where) and len(hits) < k
        if fallback:
            hits = await self._exact(vector, k, where)
        self.last_timing = SearchTiming(
            (t1 - t0) * 1000, (time.perf_counter() - t1) * 1000, fallback
        )
        return hits

    async def _exact(
        self, vector: list[float], k: int, where: dict[str, Any]
    ) -> list[KnowledgeHit]:
        clauses, params = [], {"v": str(vector), "k": k}
        for i, (column, condition) in enumerate(_flatten(where)):
            op, value = next(iter(condition.items()))
            if op == "$like":
                clauses.append(f"({column} = 'ALL' OR {column} LIKE :p{i})")
            else:
                clauses.append(f"{column} = :p{i}")
            params[f"p{i}"] = value
        sql = (
            f"SELECT source_id, content, {', '.join(METADATA_COLUMNS)}, "
            f"embedding <=> CAST(:v AS vector) AS distance FROM {LIVE_TABLE} "
            f"WHERE {' AND '.join(clauses)} ORDER BY distance LIMIT :k"
        )
        async with self._engine.connect() as conn:
            # Forbid the HNSW index for this one query so the scan is exact and complete.
            await conn.execute(text("SET LOCAL enable_indexscan = off"))
            rows = (await conn.execute(text(sql), params)).mappings().all()
        return [
            _hit(r["source_id"], r["content"], {c: r[c] for c in METADATA_COLUMNS}, r["distance"])
            for r in rows
        ]


def _filter(
    *, kind: str | None, category: str | None, market: str | None, sku: str | None
) -> dict[str, Any]:
    parts: list[dict[str, Any]] = []
    if kind:
        parts.append({"kind": {"$eq": kind}})
    if category:
        parts.append({"category": {"$eq": category}})
    if sku:
        parts.append({"sku": {"$eq": sku}})
    if market:
        # Chunks for every market say ALL; others list their markets ("UK+DE").
        parts.append({"$or": [{"market": {"$eq": "ALL"}}, {"market": {"$like": f"%{market}%"}}]})
    if not parts:
        return {}
    return parts[0] if len(parts) == 1 else {"$and": parts}


def _flatten(where: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    parts = where.get("$and", [where])
    out = []
    for part in parts:
        if "$or" in part:
            out.append(("market", part["$or"][1]["market"]))
        else:
            column = next(iter(part))
            out.append((column, part[column]))
    return out


def _hit(source_id: str, content: str, metadata: dict[str, Any], distance: float) -> KnowledgeHit:
    return KnowledgeHit(
        source_id=source_id,
        kind=str(metadata.get("kind")),
        title=str(metadata.get("title")),
        content=content,
        score=round(1.0 - float(distance), 4),
        metadata={k: v for k, v in metadata.items() if k not in ("title", "content_hash")},
    )
