"""Live delivery across sessions and processes: Postgres LISTEN/NOTIFY, no Redis needed.

Socket.io sessions live in one process. An agent's reply may be sent from another process than
the one holding the customer's socket, so every event goes through the database: the sender
stores the reply in the history (ui/history.py) and NOTIFYs its step id; every process LISTENs
and shows the step in the sessions it holds for that conversation. The payload carries ids
only, never message text, so no personal data passes through the notification channel.

Pushing into another user's session needs a fresh `contextvars.Context` and `init_ws_context`,
or Chainlit's context variable of the caller (an agent's session) would be overwritten.
"""

from __future__ import annotations

import asyncio
import contextvars
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from typing import Any, Literal

import psycopg

from store.database import Database
from ui import history

log = logging.getLogger(__name__)

CHANNEL = "supportdesk_ui"
EventKind = Literal["reply", "queue", "conversation"]
Handler = Callable[["HubEvent"], Awaitable[None]]


@dataclass(frozen=True)
class HubEvent:
    kind: EventKind  # reply: a stored reply to show; queue: the escalation queue changed;
    conversation_id: str | None = None  # conversation: a customer wrote in a taken-over chat
    step_id: str | None = None

    @classmethod
    def parse(cls, payload: str) -> HubEvent | None:
        try:
            data = json.loads(payload)
            if data.get("kind") not in ("reply", "queue", "conversation"):
                return None
            return cls(data["kind"], data.get("conversation_id"), data.get("step_id"))
        except (ValueError, TypeError, AttributeError):
            return None


def run_in_session(session: Any, work: Callable[[], Awaitable[None]]) -> asyncio.Task[None]:
    """Run `work` as if inside `session` (a Chainlit WebsocketSession), isolated from the caller."""
    from chainlit.context import init_ws_context

    async def runner() -> None:
        init_ws_context(session)
        try:
            await work()
        except Exception as exc:  # one session's failure must not stop delivery to others
            log.warning("delivery into a session failed: %s", type(exc).__name__)

    return asyncio.get_running_loop().create_task(runner(), context=contextvars.Context())


class DeliveryHub:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._task: asyncio.Task[None] | None = None
        self._ready = asyncio.Event()
        self._watchers: dict[str, tuple[Any, Handler]] = {}
        self._shown: dict[str, set[str]] = {}

    async def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(
            self._listen(), context=contextvars.Context()
        )
        try:
            await asyncio.wait_for(self._ready.wait(), timeout=10)
        except TimeoutError:
            log.warning("live delivery is not listening yet; replies still reach the history")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    async def publish(self, event: HubEvent) -> None:
        payload = json.dumps(asdict(event))
        await asyncio.to_thread(self._notify, payload)

    def _notify(self, payload: str) -> None:
        with self.db.connect() as conn:
            conn.execute("SELECT pg_notify(%s, %s)", (CHANNEL, payload))

    def watch(self, session: Any, handler: Handler) -> None:
        """Call `handler` inside `session` on every event (desk sessions keep their view fresh)."""
        self._watchers[str(session.id)] = (session, handler)

    def unwatch(self, session_id: str) -> None:
        self._watchers.pop(session_id, None)
        self._shown.pop(session_id, None)

    async def _listen(self) -> None:
        while True:
            try:
                conn = await psycopg.AsyncConnection.connect(self.db.url, autocommit=True)
                async with conn:
                    await conn.execute(f"LISTEN {CHANNEL}")
                    self._ready.set()
                    async for note in conn.notifies():
                        event = HubEvent.parse(note.payload)
                        if event is not None:
                            self._dispatch(event)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the database restarted or the socket dropped: reconnect
                log.warning("live delivery lost its connection (%s); retrying", type(exc).__name__)
                await asyncio.sleep(1.0)

    def _dispatch(self, event: HubEvent) -> None:
        from chainlit.session import ws_sessions_id

        # A session Chainlit has deleted (closed tab, timed out) no longer needs anything; one
        # that only lost its socket for a moment is restored under the same id and keeps its
        # watch, so watches are dropped here rather than when the socket disconnects.
        for gone in [sid for sid in self._watchers if sid not in ws_sessions_id]:
            self.unwatch(gone)
        for gone in [sid for sid in self._shown if sid not in ws_sessions_id]:
            self._shown.pop(gone, None)
        if event.kind == "reply" and event.conversation_id and event.step_id:
            for session in _sessions_of(event.conversation_id):
                self._show_reply(session, event.step_id)
        for session, handler in list(self._watchers.values()):
            run_in_session(session, lambda h=handler: h(event))  # type: ignore[misc]

    def _show_reply(self, session: Any, step_id: str) -> None:
        shown = self._shown.setdefault(str(session.id), set())
        if step_id in shown:
            return
        shown.add(step_id)

        async def push() -> None:
            from chainlit.context import context

            step = await asyncio.to_thread(history.load_step, self.db, step_id)
            if step is not None:
                emitter: Any = context.emitter  # takes a StepDict, which `step` is in shape
                await emitter.send_step(step)

        run_in_session(session, push)


def _sessions_of(conversation_id: str) -> list[Any]:
    """This process's live sessions showing the conversation (one customer may have two tabs)."""
    from chainlit.session import ws_sessions_id

    return [s for s in list(ws_sessions_id.values()) if s.thread_id == conversation_id]
