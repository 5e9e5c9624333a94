"""What one worker process holds: the database, the assistant, and one event loop.

The graph is async and its connection pools belong to the loop that opened them, so the worker
runs a single asyncio loop in a background thread for its whole life; Celery's task (on the
solo pool's main thread, or a pool thread) hands each ticket to that loop and waits. The
sweeper (tickets/sweeper.py) runs on the same loop.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Coroutine
from contextlib import AsyncExitStack
from typing import Any, TypeVar

from celery import Celery

from nlp.pii import Vault
from store.database import Database, open_database
from supportdesk.assistant import Assistant
from supportdesk.settings import Settings, get_settings
from tickets.celery_app import TICKET_QUEUE
from tickets.dispatch import CeleryDispatcher
from tickets.hooks import TestHooks, hooks_from_env
from tickets.leases import ProcessingPolicy
from tickets.processing import AttemptResult, process_ticket
from tickets.sweeper import sweep_forever, sweep_once

log = logging.getLogger(__name__)
T = TypeVar("T")


class WorkerRuntime:
    def __init__(
        self, settings: Settings, app: Celery, *, hooks: TestHooks, queue: str = TICKET_QUEUE
    ) -> None:
        self.settings = settings
        self.hooks = hooks
        self.policy = hooks.apply(ProcessingPolicy(max_attempts=settings.ticket_max_attempts))
        self.dispatcher = CeleryDispatcher(app, queue)
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self.loop.run_forever, name="ticket-loop", daemon=True
        )
        self._stack = AsyncExitStack()
        self.assistant: Assistant | None = None
        self.db: Database | None = None

    def start(self) -> None:
        """Open the database and load the models (seconds), before taking any ticket."""
        self._thread.start()
        self._run(self._open())

    async def _open(self) -> None:
        self.db = await asyncio.to_thread(open_database, self.settings)
        self.assistant = await self._stack.enter_async_context(
            Assistant.open(self.settings, db=self.db, progress=lambda m: log.info("%s", m))
        )
        # The first masking loads spaCy and the first embedding its ONNX session (seconds):
        # pay that now, not on the first customer's ticket.
        await asyncio.to_thread(_warm_up, self.assistant)
        # Tickets a dead worker left behind are taken back at once, then every sweep interval.
        await sweep_once(self.db, self.policy, self.dispatcher.dispatch)
        sweeper = asyncio.get_running_loop().create_task(
            sweep_forever(self.db, self.policy, self.dispatcher.dispatch)
        )
        self._stack.callback(sweeper.cancel)

    def process(self, ticket_id: str) -> AttemptResult:
        if self.assistant is None or self.db is None:
            raise RuntimeError("the worker runtime is not started")
        work = process_ticket(ticket_id, self.db, self.assistant, self.policy, hooks=self.hooks)
        return self._run(work)

    def stop(self) -> None:
        if self._thread.is_alive():
            try:
                self._run(self._stack.aclose(), timeout=30)
            finally:
                self.loop.call_soon_threadsafe(self.loop.stop)
                self._thread.join(timeout=10)

    def _run(self, coro: Coroutine[Any, Any, T], timeout: float | None = None) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)


def _warm_up(assistant: Assistant) -> None:
    models = assistant.deps.models
    models.masker.mask("Hello, where is my parcel? It was due on Monday.", Vault())
    models.embeddings.embed_query("where is my parcel")


_RUNTIME: list[WorkerRuntime] = []
_LOCK = threading.Lock()


def install_runtime(runtime: WorkerRuntime) -> None:
    with _LOCK:
        _RUNTIME[:] = [runtime]


def worker_runtime(app: Celery) -> WorkerRuntime:
    """This process's runtime; opened on first use when the process was started by another
    command than `supportdesk worker` (which opens it before consuming)."""
    with _LOCK:
        if not _RUNTIME:
            runtime = WorkerRuntime(get_settings(), app, hooks=hooks_from_env())
            runtime.start()
            _RUNTIME.append(runtime)
        return _RUNTIME[0]
