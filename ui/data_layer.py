"""Chainlit's SQLAlchemy data layer on the project's Postgres (tables: migration 0004).

Registered with `@cl.data_layer` in ui/app.py, so Chainlit never falls back to its Prisma layer.
Agents' desk sessions are not chat history: the card shows customers' real details, which
belong in the escalation records, not in a second copy under the agent's name, so steps and
threads of staff sessions are not stored.
"""

from __future__ import annotations

from typing import Any

from chainlit.data.sql_alchemy import SQLAlchemyDataLayer

from store.database import Database

STAFF_SESSION_KEY = "supportdesk_staff"


def _in_staff_session() -> bool:
    """True inside a desk or KPI session; False for customers and outside any session.

    Besides the flag the desk sets, the role recorded at sign-in counts: Chainlit queues the
    session's first steps before any of our code runs. (This only decides what is stored;
    permissions are checked against the database, see ui/auth.py.)"""
    from chainlit.context import ChainlitContextException, context
    from chainlit.user_session import user_sessions

    try:
        session = context.session
    except ChainlitContextException:
        return False
    if (user_sessions.get(session.id) or {}).get(STAFF_SESSION_KEY):
        return True
    metadata = getattr(session.user, "metadata", None) or {}
    return bool(metadata.get("role") == "agent")


class SupportdeskDataLayer(SQLAlchemyDataLayer):
    async def create_step(self, step_dict: Any) -> None:
        if not _in_staff_session():
            await super().create_step(step_dict)

    async def update_step(self, step_dict: Any) -> None:
        if not _in_staff_session():
            await super().update_step(step_dict)

    async def create_element(self, element: Any) -> None:
        # Without a storage client Chainlit keeps no element files: skip instead of warning.
        if self.storage_provider is not None and not _in_staff_session():
            await super().create_element(element)

    async def update_thread(
        self,
        thread_id: str,
        name: str | None = None,
        user_id: str | None = None,
        metadata: dict[str, Any] | None = None,
        tags: list[str] | None = None,
    ) -> None:
        if not _in_staff_session():
            await super().update_thread(thread_id, name, user_id, metadata, tags)


def make_data_layer(db: Database) -> SupportdeskDataLayer:
    # The psycopg 3 async driver reaches the embedded server's Unix socket as psycopg does.
    return SupportdeskDataLayer(conninfo=db.sqlalchemy_url, user_thread_limit=200)
