"""The safety net that makes "never silently lost" true whatever happens to a process.

Every worker (and the app process in in-process mode) sweeps now and then:
1. tickets whose lease expired (their worker died mid-ticket) go back to the queue, or to
   dead_letter when they have used all their attempts;
2. queued tickets that no worker was told about (the broker was down at submit time, a restart
   lost in-memory work, a broker message vanished) are handed over again.
Handing a ticket over twice is harmless: only one attempt can claim it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from store.database import Database
from store.support import SupportRecords
from supportdesk.metrics import TICKET_ATTEMPTS
from tickets.leases import WORKER_LOST, Leases, ProcessingPolicy
from tickets.processing import record_dead_letter
from tickets.store import TicketStore

log = logging.getLogger(__name__)

# Hand ticket `id` to a worker after `delay` seconds; False when the hand-over failed.
Dispatch = Callable[[str, float], Awaitable[bool]]


@dataclass(frozen=True)
class SweepReport:
    requeued: int
    dead_lettered: int
    dispatched: int


async def sweep_once(
    db: Database,
    policy: ProcessingPolicy,
    dispatch: Dispatch,
    *,
    redispatch_after_seconds: float | None = None,
    include_waiting: bool = False,
) -> SweepReport:
    """`include_waiting`: also hand over tickets whose retry is not due yet (with a delay), for
    a process that starts with nothing in memory."""
    leases = Leases(db)
    expired = await asyncio.to_thread(leases.expire, policy.max_attempts)
    dead = [e for e in expired if e.status == "dead_letter"]
    for item in expired:
        TICKET_ATTEMPTS.labels(error=WORKER_LOST).inc()
        log.warning("ticket %s: its worker stopped mid-ticket; now %s", item.ticket_id, item.status)
    records = SupportRecords(db)
    for item in dead:
        await asyncio.to_thread(
            record_dead_letter, records, item.ticket_id, item.intent, WORKER_LOST
        )
    after = (
        policy.redispatch_after_seconds
        if redispatch_after_seconds is None
        else redispatch_after_seconds
    )
    due = await asyncio.to_thread(leases.due_for_dispatch, after, include_waiting=include_waiting)
    store = TicketStore(db)
    sent = 0
    for ticket_id, delay in due:
        if await dispatch(ticket_id, delay):
            sent += 1
        else:
            await asyncio.to_thread(store.mark_undispatched, ticket_id)
    if sent:
        log.info("handed %d waiting tickets to workers", sent)
    return SweepReport(len(expired) - len(dead), len(dead), sent)


async def sweep_forever(db: Database, policy: ProcessingPolicy, dispatch: Dispatch) -> None:
    while True:
        await asyncio.sleep(policy.sweep_seconds)
        try:
            await sweep_once(db, policy, dispatch)
        except Exception as exc:  # a sweep that fails is tried again at the next interval
            log.warning("ticket sweep failed: %s", type(exc).__name__)
