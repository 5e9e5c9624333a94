"""One attempt at one ticket: claim it, run its turn while keeping the lease, record the end.

The same function runs in a Celery worker and in the app process (in-process mode); only who
calls it again after a transient failure differs. Log lines carry ids, statuses and error type
names, never ticket text or addresses.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Literal

from store.database import Database
from store.support import SupportRecords
from supportdesk.assistant import Assistant
from supportdesk.metrics import TICKET_ATTEMPTS, TICKETS
from tickets.conversation import TurnFailure, run_ticket_turn
from tickets.hooks import NO_HOOKS, TestHooks
from tickets.leases import Leases, ProcessingPolicy
from tickets.models import TicketWork, TurnOutcome
from tickets.store import conversation_id_for

log = logging.getLogger(__name__)

AttemptStatus = Literal[
    "answered", "waiting_for_agent", "retry", "dead_letter", "not_due", "skipped"
]


@dataclass(frozen=True)
class AttemptResult:
    """`retry` and `not_due` ask the caller to come back after `retry_in_seconds`; `skipped`
    means there was nothing to do (finished already, or another worker holds it)."""

    status: AttemptStatus
    retry_in_seconds: float = 0.0
    error_type: str | None = None


async def process_ticket(
    ticket_id: str,
    db: Database,
    assistant: Assistant,
    policy: ProcessingPolicy,
    *,
    hooks: TestHooks = NO_HOOKS,
) -> AttemptResult:
    """`db` holds the tickets; `assistant` runs the turn (with its own database access)."""
    leases = Leases(db)
    claim = await asyncio.to_thread(leases.claim, ticket_id, policy.lease_seconds)
    if claim.status == "not_due":
        return AttemptResult("not_due", retry_in_seconds=claim.due_in_seconds)
    if claim.status != "claimed" or claim.work is None:
        log.debug("ticket %s not processed: %s", ticket_id, claim.status)
        return AttemptResult("skipped")
    work = claim.work
    heartbeat = asyncio.create_task(_keep_lease(leases, work, policy.lease_seconds))
    try:
        result = await _attempt(work, db, assistant, hooks)
    except asyncio.CancelledError:  # the process is stopping: hand the ticket back untouched
        await asyncio.shield(asyncio.to_thread(leases.release, work))
        raise
    finally:
        heartbeat.cancel()
    if isinstance(result, TurnOutcome):
        return await _finished(leases, work, result)
    return await _failed(leases, work, result.error_type, policy)


async def _attempt(
    work: TicketWork, db: Database, assistant: Assistant, hooks: TestHooks
) -> TurnOutcome | TurnFailure:
    try:
        await hooks.before_turn()
        return await run_ticket_turn(work, db, assistant)
    except Exception as exc:  # any failure is retried; the type name is all that is kept
        return TurnFailure(type(exc).__name__)


async def _keep_lease(leases: Leases, work: TicketWork, lease_seconds: float) -> None:
    while True:
        await asyncio.sleep(lease_seconds / 3)
        try:
            if not await asyncio.to_thread(leases.renew, work, lease_seconds):
                log.warning("ticket %s: lease lost while processing", work.id)
                return
        except Exception as exc:  # the database may be briefly away; try again next beat
            log.warning("ticket %s: lease renewal failed: %s", work.id, type(exc).__name__)


async def _finished(leases: Leases, work: TicketWork, outcome: TurnOutcome) -> AttemptResult:
    if not await asyncio.to_thread(leases.finish, work, outcome):
        # Our lease expired and the ticket went back to the queue; the next attempt reads the
        # finished turn from the graph state, so nothing is answered twice.
        log.warning("ticket %s: finished after its lease was lost", work.id)
        return AttemptResult("skipped")
    TICKETS.labels(route=outcome.route, intent=outcome.intent or "unknown").inc()
    log.info(
        "ticket %s %s (route %s, attempt %d)", work.id, outcome.status, outcome.route, work.attempts
    )
    return AttemptResult(outcome.status)


async def _failed(
    leases: Leases,
    work: TicketWork,
    error_type: str,
    policy: ProcessingPolicy,
) -> AttemptResult:
    TICKET_ATTEMPTS.labels(error=error_type).inc()
    failure = await asyncio.to_thread(leases.fail, work, error_type, policy)
    if failure.status == "lost_lease":
        return AttemptResult("skipped", error_type=error_type)
    if failure.status == "dead_letter":
        await asyncio.to_thread(
            record_dead_letter, SupportRecords(leases.db), work.id, failure.intent, error_type
        )
        return AttemptResult("dead_letter", error_type=error_type)
    log.warning(
        "ticket %s attempt %d failed (%s); next try in %.1f s",
        work.id,
        work.attempts,
        error_type,
        failure.retry_in_seconds,
    )
    return AttemptResult("retry", failure.retry_in_seconds, error_type)


def record_dead_letter(
    records: SupportRecords, ticket_id: str, intent: str | None, error_type: str
) -> None:
    """A ticket that gave up: counted, logged, and left in the audit trail for the team."""
    TICKETS.labels(route="dead_letter", intent=intent or "unknown").inc()
    log.error("ticket %s moved to dead_letter after repeated failures (%s)", ticket_id, error_type)
    records.audit("system", None, "ticket.dead_letter", conversation_id_for(ticket_id))
