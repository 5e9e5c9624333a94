"""The ticket channel as the HTTP API uses it: submit, get, list (the shared interface).

A submitted ticket is in the database before anything else happens, then handed to a Celery
worker (when Redis is configured) or to an asyncio task of this process (the embedded default).
Either way the row, not the hand-over, is what counts: see tickets/sweeper.py.
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import AsyncExitStack
from typing import Literal

from store.database import Database
from supportdesk.assistant import Assistant
from supportdesk.errors import ConfigurationError
from supportdesk.settings import Settings
from tickets.agent_replies import sync_agent_replies
from tickets.celery_app import TICKET_QUEUE, celery_app
from tickets.dispatch import CeleryDispatcher, Dispatcher, InProcessDispatcher
from tickets.errors import InvalidTicketError
from tickets.hooks import NO_HOOKS, TestHooks
from tickets.leases import ProcessingPolicy
from tickets.models import TICKET_CHANNELS, SubmitResult, TicketIn, TicketStatus, TicketView
from tickets.store import TicketStore
from tickets.sweeper import sweep_forever, sweep_once

log = logging.getLogger(__name__)

TicketMode = Literal["celery", "in_process"]


class TicketService:
    def __init__(
        self,
        db: Database,
        dispatcher: Dispatcher,
        *,
        mode: TicketMode,
        stack: AsyncExitStack | None = None,
    ) -> None:
        self.db = db
        self.mode = mode
        self.store = TicketStore(db)
        self._dispatcher = dispatcher
        self._stack = stack or AsyncExitStack()

    async def submit(self, ticket: TicketIn) -> SubmitResult:
        """Idempotent on (source, idempotency_key): a repeat returns the first ticket with
        created=False; the same key with different content raises IdempotencyConflict."""
        _check(ticket)
        view, created = await asyncio.to_thread(self.store.insert, ticket)
        if created:
            if not await self._dispatcher.dispatch(view.id):
                await asyncio.to_thread(self.store.mark_undispatched, view.id)
            log.info("ticket %s received (%s, %s)", view.id, ticket.channel, self.mode)
        return SubmitResult(ticket=view, created=created)

    async def get(self, ticket_id: str) -> TicketView | None:
        view = await asyncio.to_thread(self.store.get, ticket_id)
        if (
            view is not None
            and view.status == "waiting_for_agent"
            and await asyncio.to_thread(sync_agent_replies, self.db, view.id) > 0
        ):
            view = await asyncio.to_thread(self.store.get, ticket_id)
        return view

    async def list(
        self, *, status: TicketStatus | None = None, limit: int = 50
    ) -> list[TicketView]:
        if status in (None, "waiting_for_agent", "resolved"):
            await asyncio.to_thread(sync_agent_replies, self.db)
        return await asyncio.to_thread(self.store.list, status=status, limit=limit)

    async def close(self) -> None:
        """Stop the sweep, cancel tickets in hand here (they go back to the queue), then
        close what this service opened."""
        await self._stack.aclose()
        await self._dispatcher.close()


def ticket_mode(settings: Settings) -> TicketMode:
    if settings.ticket_workers == "celery":
        if not settings.redis_url:
            raise ConfigurationError(
                "SUPPORTDESK_TICKET_WORKERS is 'celery' but no Redis is configured.",
                hint="Set SUPPORTDESK_REDIS_URL (redis://host:6379/0), or set "
                "SUPPORTDESK_TICKET_WORKERS=in_process (or auto) to process tickets in the app.",
            )
        return "celery"
    if settings.ticket_workers == "auto" and settings.redis_url:
        return "celery"
    return "in_process"


async def open_ticket_service(
    settings: Settings,
    db: Database,
    assistant: Assistant | None,
    *,
    hooks: TestHooks = NO_HOOKS,
    policy: ProcessingPolicy | None = None,
    queue: str = TICKET_QUEUE,
) -> TicketService:
    """Celery dispatch when settings ask for it (`celery`, or `auto` with Redis); otherwise
    tickets are processed here, with `assistant` (or one this service opens and closes).
    `hooks`, `policy` and `queue` are for tests and the benchmark."""
    mode = ticket_mode(settings)
    if mode == "celery":
        assert settings.redis_url is not None  # ticket_mode checked it
        dispatcher = CeleryDispatcher(celery_app(settings.redis_url), queue)
        log.info("tickets go to Celery workers (queue %s)", queue)
        return TicketService(db, dispatcher, mode=mode)
    stack = AsyncExitStack()
    try:
        return await _open_in_process(settings, db, assistant, hooks, policy, stack)
    except BaseException:
        await stack.aclose()
        raise


async def _open_in_process(
    settings: Settings,
    db: Database,
    assistant: Assistant | None,
    hooks: TestHooks,
    policy: ProcessingPolicy | None,
    stack: AsyncExitStack,
) -> TicketService:
    if assistant is None:
        assistant = await stack.enter_async_context(Assistant.open(settings, db=db))
    rules = hooks.apply(policy or ProcessingPolicy(max_attempts=settings.ticket_max_attempts))
    in_process = InProcessDispatcher(db, assistant, rules, hooks=hooks)
    stack.push_async_callback(in_process.close)  # before the assistant it uses is closed
    # After a restart nothing is in memory: take back every ticket left queued (retries
    # included, at their due time) or processing past its lease, then keep sweeping.
    await sweep_once(
        db, rules, in_process.dispatch, redispatch_after_seconds=0, include_waiting=True
    )
    sweeper = asyncio.get_running_loop().create_task(sweep_forever(db, rules, in_process.dispatch))
    stack.callback(sweeper.cancel)
    log.info("tickets are processed in this process (no Redis configured)")
    return TicketService(db, in_process, mode="in_process", stack=stack)


def _check(ticket: TicketIn) -> None:
    if ticket.channel not in TICKET_CHANNELS:
        raise InvalidTicketError(
            f"Unknown ticket channel {ticket.channel!r}.",
            hint=f"Use one of: {', '.join(TICKET_CHANNELS)}.",
        )
    if not (ticket.subject.strip() or ticket.body.strip()):
        raise InvalidTicketError("The ticket has neither a subject nor a body.", hint="Write one.")
    if "@" not in ticket.sender_email:
        raise InvalidTicketError(
            "The ticket has no valid sender email address.",
            hint="Send the customer's email address as sender_email.",
        )
    if not ticket.idempotency_key.strip() or not ticket.source.strip():
        raise InvalidTicketError(
            "The ticket needs an idempotency key and a source.",
            hint="Send an Idempotency-Key (any unique string per ticket).",
        )
