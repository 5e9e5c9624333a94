"""Chat history rows written and read outside a Chainlit session (Chainlit's own tables).

An agent's reply is written here, by the agent's process, before anyone tries to show it: the
customer may have left, or be connected to another process. Live delivery then only displays a
step that is already in the history, so a reload or a later visit shows the same thing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from psycopg.types.json import Jsonb

from store.database import Database


def chainlit_now() -> str:
    """A timestamp as Chainlit writes it (UTC, ISO, trailing Z): history sorts by this text."""
    return datetime.now(UTC).replace(tzinfo=None).isoformat() + "Z"


@dataclass(frozen=True)
class ThreadLine:
    step_id: str
    author: str
    kind: str  # user_message or assistant_message
    text: str
    created_at: str


def record_reply(
    db: Database, conversation_id: str, text: str, *, author: str, by: str
) -> dict[str, Any]:
    """Store a reply in the conversation's history; returns the step as Chainlit emits it."""
    step_id = str(uuid.uuid4())
    now = chainlit_now()
    metadata = {"by": by}
    with db.connect() as conn, conn.transaction():
        # The thread exists once the customer has written; this only guards the rare race.
        conn.execute(
            'INSERT INTO threads ("id", "createdAt", "metadata") VALUES (%s, %s, %s) '
            'ON CONFLICT ("id") DO NOTHING',
            (conversation_id, now, Jsonb({})),
        )
        conn.execute(
            'INSERT INTO steps ("id", "name", "type", "threadId", "streaming", "waitForAnswer",'
            ' "isError", "metadata", "output", "createdAt", "start", "end")'
            " VALUES (%s, %s, 'assistant_message', %s, false, false, false, %s, %s, %s, %s, %s)",
            (step_id, author, conversation_id, Jsonb(metadata), text, now, now, now),
        )
    return step_dict(step_id, conversation_id, author, text, now, metadata)


def step_dict(
    step_id: str,
    conversation_id: str,
    author: str,
    text: str,
    created_at: str,
    metadata: dict[str, Any],
) -> dict[str, Any]:
    return {
        "id": step_id,
        "threadId": conversation_id,
        "parentId": None,
        "name": author,
        "type": "assistant_message",
        "output": text,
        "createdAt": created_at,
        "start": created_at,
        "end": created_at,
        "streaming": False,
        "isError": False,
        "waitForAnswer": False,
        "language": None,
        "metadata": metadata,
        "tags": None,
    }


def load_step(db: Database, step_id: str) -> dict[str, Any] | None:
    with db.connect() as conn:
        row = conn.execute(
            'SELECT "id", "threadId", "name", "output", "createdAt", "metadata" FROM steps '
            'WHERE "id" = %s',
            (step_id,),
        ).fetchone()
    if row is None:
        return None
    return step_dict(
        str(row["id"]),
        str(row["threadId"]),
        str(row["name"]),
        str(row["output"] or ""),
        str(row["createdAt"]),
        dict(row["metadata"] or {}),
    )


def thread_lines(db: Database, conversation_id: str, *, limit: int = 40) -> list[ThreadLine]:
    """The latest messages of a conversation, oldest first (for the agent's take-over view)."""
    with db.connect() as conn:
        rows = conn.execute(
            'SELECT "id", "name", "type", "output", "createdAt" FROM steps '
            "WHERE \"threadId\" = %s AND \"type\" IN ('user_message', 'assistant_message') "
            'ORDER BY "createdAt" DESC LIMIT %s',
            (conversation_id, limit),
        ).fetchall()
    return [
        ThreadLine(
            str(r["id"]),
            str(r["name"]),
            str(r["type"]),
            str(r["output"] or ""),
            str(r["createdAt"]),
        )
        for r in reversed(rows)
    ]


def step_thread(db: Database, step_id: str) -> str | None:
    """The conversation a history step belongs to (to check feedback is about one's own chat)."""
    try:
        uuid.UUID(step_id)
    except ValueError:
        return None
    with db.connect() as conn:
        row = conn.execute('SELECT "threadId" FROM steps WHERE "id" = %s', (step_id,)).fetchone()
    return str(row["threadId"]) if row else None


def thread_owner(db: Database, conversation_id: str) -> str | None:
    with db.connect() as conn:
        row = conn.execute(
            'SELECT "userIdentifier" FROM threads WHERE "id" = %s', (conversation_id,)
        ).fetchone()
    return str(row["userIdentifier"]) if row and row["userIdentifier"] else None


def forget_threads(db: Database, conversation_ids: list[str]) -> None:
    """Remove chat history (benchmarks clean up after themselves); steps and elements cascade."""
    if not conversation_ids:
        return
    with db.connect() as conn, conn.transaction():
        conn.execute(
            'DELETE FROM feedbacks WHERE "threadId" = ANY(%s::uuid[])', (conversation_ids,)
        )
        conn.execute('DELETE FROM threads WHERE "id" = ANY(%s::uuid[])', (conversation_ids,))
