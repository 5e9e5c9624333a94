"""The Postgres checkpointer: every conversation's state, durable across restarts.

Thread id = conversation id. The saver needs autocommit connections (DESIGN.md pitfall); its own
tables are created by `setup()`, which is idempotent.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool

from store.database import Database


@asynccontextmanager
async def open_checkpointer(
    db: Database, *, max_size: int = 10
) -> AsyncIterator[AsyncPostgresSaver]:
    kwargs: dict[str, Any] = {"autocommit": True, "prepare_threshold": 0, "row_factory": dict_row}
    async with AsyncConnectionPool(
        conninfo=db.url, kwargs=kwargs, min_size=1, max_size=max_size, open=False
    ) as pool:
        saver = AsyncPostgresSaver(pool)  # type: ignore[arg-type]
        await saver.setup()
        yield saver


def thread_config(conversation_id: str) -> dict[str, Any]:
    return {"configurable": {"thread_id": conversation_id}}
