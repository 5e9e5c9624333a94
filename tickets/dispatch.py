"""Handing a stored ticket to whoever processes it: a Celery worker, or this process.

Both say only "look at ticket X (after N seconds)"; the row in the database says what to do.
A failed hand-over returns False and the ticket stays queued for the next sweep.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Protocol

from celery import Celery

from store.database import Database
from supportdesk.assistant import Assistant
from tickets.celery_app import TASK_NAME
from tickets.hooks import NO_HOOKS, TestHooks
from tickets.leases import ProcessingPolicy
from tickets.processing import process_ticket

log = logging.getLogger(__name__)


class Dispatcher(Protocol):
    async def dispatch(self, ticket_id: str, delay_seconds: float = 0.0) -> bool: ...

    async def close(self) -> None: ...


class CeleryDispatcher:
    def __init__(self, app: Celery, queue: str) -> None:
        self.app = app
        self.queue = queue

    async def dispatch(self, ticket_id: str, delay_seconds: float = 0.0) -> bool:
        try:
            await asyncio.to_thread(
                self.app.send_task,
                TASK_NAME,
                args=[ticket_id],
                queue=self.queue,
                countdown=delay_seconds or None,
            )
        except Exception as exc:  # broker away: the ticket is stored; the sweep sends it later
            log.error("ticket %s could not be queued: %s", ticket_id, type(exc).__name__)
            return False
        return True

    async def close(self) -> None:
        return None


class InProcessDispatcher:
    """Tickets processed as asyncio tasks of this process, with the same retries and backoff
    a worker would apply. At most `concurrency` run their graph turn at once."""

    def __init__(
        self,
        db: Database,
        assistant: Assistant,
        policy: ProcessingPolicy,
        *,
        hooks: TestHooks = NO_HOOKS,
        concurrency: int = 2,
    ) -> None:
        self.db = db
        self.assistant = assistant
        self.policy = policy
        self.hooks = hooks
        self._slots = asyncio.Semaphore(concurrency)
        self._tasks: dict[str, asyncio.Task[None]] = {}

    async def dispatch(self, ticket_id: str, delay_seconds: float = 0.0) -> bool:
        running = self._tasks.get(ticket_id)
        if running is not None and not running.done():
            return True  # already in hand here; a second task would only find it claimed
        task = asyncio.get_running_loop().create_task(self._run(ticket_id, delay_seconds))
        self._tasks[ticket_id] = task
        task.add_done_callback(lambda t: self._forget(ticket_id, t))
        return True

    def _forget(self, ticket_id: str, task: asyncio.Task[None]) -> None:
        if self._tasks.get(ticket_id) is task:
            del self._tasks[ticket_id]

    async def _run(self, ticket_id: str, delay_seconds: float) -> None:
        wait = delay_seconds
        while True:
            if wait > 0:
                await asyncio.sleep(wait)
            try:
                async with self._slots:
                    result = await process_ticket(
                        ticket_id, self.db, self.assistant, self.policy, hooks=self.hooks
                    )
            except Exception as exc:  # e.g. the database is away at claim time: the sweep retries
                log.error("ticket %s: attempt could not run: %s", ticket_id, type(exc).__name__)
                return
            if result.status not in ("retry", "not_due"):
                return
            wait = result.retry_in_seconds

    async def close(self) -> None:
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
