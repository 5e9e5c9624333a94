"""Builds the knowledge index incrementally and swaps the change in atomically.

Only chunks whose content hash changed are embedded. New vectors are written through
PGVectorStore into a staging table; one transaction then deletes what changed or disappeared from
`knowledge_chunks` and moves the staged rows in. Searches run against `knowledge_chunks` only, so
they see the old index or the new one, never a half-built mix, and a build that dies half way
leaves the live index untouched.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from langchain_postgres import PGEngine, PGVectorStore
from langchain_postgres.v2.indexes import HNSWQueryOptions
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from nlp.embeddings import LocalEmbeddings
from store.database import Database
from store.knowledge.chunks import METADATA_COLUMNS, KnowledgeChunk, collect_chunks
from supportdesk.errors import KnowledgeIndexError

LIVE_TABLE = "knowledge_chunks"
STAGING_TABLE = "knowledge_chunks_staging"
EMBED_BATCH = 128

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class IndexReport:
    status: str  # "live" (changes swapped in) or "unchanged"
    chunks_total: int
    chunks_embedded: int
    chunks_removed: int
    seconds: float


async def open_vector_store(
    engine: AsyncEngine,
    embeddings: LocalEmbeddings,
    table_name: str,
    *,
    index_query_options: HNSWQueryOptions | None = None,
) -> PGVectorStore:
    """PGVectorStore over a table with the knowledge_chunks layout (live or staging)."""
    return await PGVectorStore.create(
        PGEngine.from_engine(engine),
        embedding_service=embeddings,
        table_name=table_name,
        id_column="source_id",
        content_column="content",
        embedding_column="embedding",
        metadata_columns=list(METADATA_COLUMNS),
        metadata_json_column="langchain_metadata",
        index_query_options=index_query_options,
    )


def build_index(
    db: Database, embeddings: LocalEmbeddings, *, progress: Progress = lambda _done, _total: None
) -> IndexReport:
    import asyncio

    return asyncio.run(abuild_index(db, embeddings, progress=progress))


async def abuild_index(
    db: Database, embeddings: LocalEmbeddings, *, progress: Progress = lambda _done, _total: None
) -> IndexReport:
    started = time.perf_counter()
    chunks = collect_chunks(db)
    if not chunks:
        raise KnowledgeIndexError(
            "There is nothing to index: no policies and no products in the database.",
            hint="Run `supportdesk demo seed` first (or load your own catalogue and policies).",
        )
    with db.connect() as conn:
        live = {
            r["source_id"]: r["content_hash"]
            for r in conn.execute(f"SELECT source_id, content_hash FROM {LIVE_TABLE}")
        }
    wanted = {c.source_id: c for c in chunks}
    changed = [c for c in chunks if live.get(c.source_id) != c.content_hash]
    removed = [sid for sid in live if sid not in wanted]
    if not changed and not removed:
        _record_build(db, "unchanged", len(chunks), 0, 0)
        return IndexReport("unchanged", len(chunks), 0, 0, time.perf_counter() - started)

    build_id = _record_build(db, "running", len(chunks), len(changed), len(removed))
    try:
        await _stage(db, embeddings, changed, progress)
        _swap(db, [c.source_id for c in changed] + removed)
    except KnowledgeIndexError:
        _finish_build(db, build_id, "failed")
        raise
    except Exception as exc:
        _finish_build(db, build_id, "failed")
        raise KnowledgeIndexError(
            f"The knowledge index build failed: {exc}",
            hint="The live index is unchanged and still serves searches. Fix the cause and run "
            "`supportdesk kb index` again; chunks embedded before the failure are embedded again.",
        ) from exc
    except BaseException:  # Ctrl+C: record it and let the interrupt through
        _finish_build(db, build_id, "failed")
        raise
    _finish_build(db, build_id, "live")
    return IndexReport(
        "live", len(chunks), len(changed), len(removed), time.perf_counter() - started
    )


async def _stage(
    db: Database, embeddings: LocalEmbeddings, changed: list[KnowledgeChunk], progress: Progress
) -> None:
    with db.connect(autocommit=True) as conn:
        conn.execute(f"DROP TABLE IF EXISTS {STAGING_TABLE}")
        conn.execute(
            f"CREATE TABLE {STAGING_TABLE} (LIKE {LIVE_TABLE} INCLUDING DEFAULTS "
            "INCLUDING CONSTRAINTS)"
        )
        conn.execute(f"ALTER TABLE {STAGING_TABLE} ADD PRIMARY KEY (source_id)")
    engine = create_async_engine(db.sqlalchemy_url, pool_size=1)
    try:
        store = await open_vector_store(engine, embeddings, STAGING_TABLE)
        progress(0, len(changed))
        for start in range(0, len(changed), EMBED_BATCH):
            batch = changed[start : start + EMBED_BATCH]
            vectors = await embeddings.aembed_documents([c.content for c in batch])
            await store.aadd_embeddings(
                texts=[c.content for c in batch],
                embeddings=vectors,
                metadatas=[c.metadata() for c in batch],
                ids=[c.source_id for c in batch],
            )
            progress(start + len(batch), len(changed))
    finally:
        await engine.dispose()


def _swap(db: Database, replaced_ids: list[str]) -> None:
    with db.connect() as conn, conn.transaction():
        conn.execute(f"LOCK TABLE {LIVE_TABLE} IN SHARE ROW EXCLUSIVE MODE")
        conn.execute(f"DELETE FROM {LIVE_TABLE} WHERE source_id = ANY(%s)", (replaced_ids,))
        conn.execute(f"INSERT INTO {LIVE_TABLE} SELECT * FROM {STAGING_TABLE}")
        conn.execute(f"DROP TABLE {STAGING_TABLE}")
    with db.connect(autocommit=True) as conn:
        conn.execute(f"ANALYZE {LIVE_TABLE}")


def _record_build(db: Database, status: str, total: int, embedded: int, removed: int) -> int:
    with db.connect() as conn:
        row: Any = conn.execute(
            """INSERT INTO knowledge_builds (chunks_total, chunks_embedded, chunks_removed, status,
                                             finished_at)
               VALUES (%s, %s, %s, %s, CASE WHEN %s = 'running' THEN NULL ELSE now() END)
               RETURNING id""",
            (total, embedded, removed, status, status),
        ).fetchone()
        conn.commit()
    return int(row["id"])


def _finish_build(db: Database, build_id: int, status: str) -> None:
    with db.connect() as conn:
        conn.execute(
            "UPDATE knowledge_builds SET status = %s, finished_at = now() WHERE id = %s",
            (status, build_id),
        )
        conn.commit()
