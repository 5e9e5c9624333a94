"""Who is processing which ticket, and what happens when an attempt ends or its worker dies.

A worker claims a ticket with a lease (a token and an expiry it keeps renewing). Only the lease
holder may finish or fail it, so a stale worker can never overwrite a newer attempt. A lease
that expires means its worker died (SIGKILL, OOM, a lost machine): the sweep puts the ticket
back in the queue, or in the dead-letter state once it has used all its attempts, so a ticket
that kills its worker every time cannot loop forever.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from typing import Any, Literal

from store.database import Database
from tickets.models import TicketWork, TurnOutcome, reply_subject

WORKER_LOST = "WorkerLost"  # the error type of an attempt whose worker vanished mid-ticket


@dataclass(frozen=True)
class ProcessingPolicy:
    """Timings of processing. Defaults suit production; tests shorten them."""

    max_attempts: int
    lease_seconds: float = 60.0  # renewed every third of it while a ticket is processed
    retry_base_seconds: float = 10.0  # backoff: 10, 20, 40 ... seconds between attempts
    retry_max_seconds: float = 300.0  # below the broker's visibility timeout (see celery_app)
    sweep_seconds: float = 15.0  # how often expired leases and undelivered tickets are checked
    redispatch_after_seconds: float = 300.0  # a queued ticket's message counts as lost after

    def backoff(self, attempts: int) -> float:
        delay = min(self.retry_max_seconds, self.retry_base_seconds * 2 ** max(0, attempts - 1))
        # Jitter spreads the retries of tickets that failed together (one outage) apart.
        return round(float(delay) * random.uniform(0.75, 1.0), 3)


@dataclass(frozen=True)
class Claim:
    status: Literal["claimed", "not_due", "busy", "finished", "missing"]
    work: TicketWork | None = None
    due_in_seconds: float = 0.0


@dataclass(frozen=True)
class Failure:
    status: Literal["retry", "dead_letter", "lost_lease"]
    retry_in_seconds: float = 0.0
    intent: str | None = None


@dataclass(frozen=True)
class Expired:
    ticket_id: str
    status: Literal["queued", "dead_letter"]
    conversation_id: str
    intent: str | None


class Leases:
    def __init__(self, db: Database) -> None:
        self.db = db

    def claim(self, ticket_id: str, lease_seconds: float) -> Claim:
        token = str(uuid.uuid4())
        with self.db.connect() as conn:
            row = conn.execute(
                "UPDATE tickets SET status = 'processing', attempts = attempts + 1, "
                "lease_token = %s, lease_until = now() + make_interval(secs => %s), "
                "processing_started_at = now(), updated_at = now() "
                "WHERE id = %s AND status = 'queued' "
                "AND next_attempt_at <= now() + interval '1 second' RETURNING *",
                (token, lease_seconds, ticket_id),
            ).fetchone()
            if row is not None:
                return Claim("claimed", _work(row))
            current = conn.execute(
                "SELECT status, extract(epoch FROM next_attempt_at - now())::float AS due_in "
                "FROM tickets WHERE id = %s",
                (ticket_id,),
            ).fetchone()
        if current is None:
            return Claim("missing")
        if current["status"] == "queued":
            return Claim("not_due", due_in_seconds=max(0.0, float(current["due_in"])))
        if current["status"] == "processing":
            return Claim("busy")
        return Claim("finished")

    def renew(self, work: TicketWork, lease_seconds: float) -> bool:
        """Extend the lease; False when it was lost (expired and taken back by a sweep)."""
        with self.db.connect() as conn:
            row = conn.execute(
                "UPDATE tickets SET lease_until = now() + make_interval(secs => %s) "
                "WHERE id = %s AND lease_token = %s AND status = 'processing' RETURNING id",
                (lease_seconds, work.id, work.lease_token),
            ).fetchone()
        return row is not None

    def finish(self, work: TicketWork, outcome: TurnOutcome) -> bool:
        """Record the outcome and, for an answer, its outbox row, in one transaction."""
        with self.db.connect() as conn, conn.transaction():
            row = conn.execute(
                "UPDATE tickets SET status = %s, route = %s, intent = %s, reply = %s, "
                "escalation_id = %s, error_type = NULL, lease_token = NULL, lease_until = NULL, "
                "finished_at = now(), updated_at = now() "
                "WHERE id = %s AND lease_token = %s AND status = 'processing' "
                "RETURNING sender_email, subject",
                (
                    outcome.status,
                    outcome.route,
                    outcome.intent,
                    outcome.reply,
                    outcome.escalation_id,
                    work.id,
                    work.lease_token,
                ),
            ).fetchone()
            if row is None:
                return False
            if outcome.status == "answered" and outcome.reply:
                record_reply(conn, work.id, "assistant", row, outcome.reply)
        return True

    def fail(self, work: TicketWork, error_type: str, policy: ProcessingPolicy) -> Failure:
        retry_in = policy.backoff(work.attempts)
        with self.db.connect() as conn:
            row = conn.execute(
                "UPDATE tickets SET status = CASE WHEN attempts >= %(max)s THEN 'dead_letter' "
                "ELSE 'queued' END, error_type = %(error)s, lease_token = NULL, "
                "lease_until = NULL, next_attempt_at = now() + make_interval(secs => %(wait)s), "
                "dispatched_at = now(), updated_at = now(), "
                "finished_at = CASE WHEN attempts >= %(max)s THEN now() END "
                "WHERE id = %(id)s AND lease_token = %(token)s AND status = 'processing' "
                "RETURNING status, intent",
                {
                    "max": policy.max_attempts,
                    "error": error_type,
                    "wait": retry_in,
                    "id": work.id,
                    "token": work.lease_token,
                },
            ).fetchone()
        if row is None:
            return Failure("lost_lease")
        if row["status"] == "dead_letter":
            return Failure("dead_letter", intent=row["intent"])
        return Failure("retry", retry_in_seconds=retry_in)

    def release(self, work: TicketWork) -> None:
        """Give a ticket back unprocessed (its process is shutting down); not an attempt."""
        with self.db.connect() as conn:
            conn.execute(
                "UPDATE tickets SET status = 'queued', attempts = greatest(0, attempts - 1), "
                "lease_token = NULL, lease_until = NULL, dispatched_at = NULL, "
                "next_attempt_at = now(), updated_at = now() "
                "WHERE id = %s AND lease_token = %s AND status = 'processing'",
                (work.id, work.lease_token),
            )

    def expire(self, max_attempts: int) -> list[Expired]:
        """Take back tickets whose worker stopped renewing its lease."""
        with self.db.connect() as conn:
            rows = conn.execute(
                "UPDATE tickets SET status = CASE WHEN attempts >= %(max)s THEN 'dead_letter' "
                "ELSE 'queued' END, error_type = %(lost)s, lease_token = NULL, "
                "lease_until = NULL, next_attempt_at = now(), dispatched_at = NULL, "
                "updated_at = now(), finished_at = CASE WHEN attempts >= %(max)s THEN now() END "
                "WHERE status = 'processing' AND lease_until < now() "
                "RETURNING id, status, conversation_id, intent",
                {"max": max_attempts, "lost": WORKER_LOST},
            ).fetchall()
        return [
            Expired(str(r["id"]), r["status"], str(r["conversation_id"]), r["intent"]) for r in rows
        ]

    def due_for_dispatch(
        self, redispatch_after_seconds: float, *, include_waiting: bool = False, limit: int = 500
    ) -> list[tuple[str, float]]:
        """(ticket id, seconds until due) of queued tickets never handed to a worker, or whose
        hand-over looks lost; marks them dispatched now, so that several sweepers do not send
        each one many times. `include_waiting` adds those whose retry is not due yet."""
        with self.db.connect() as conn:
            rows = conn.execute(
                "UPDATE tickets SET dispatched_at = now() WHERE id IN ("
                " SELECT id FROM tickets WHERE status = 'queued'"
                " AND (%s OR next_attempt_at <= now())"
                " AND (dispatched_at IS NULL"
                "      OR dispatched_at <= now() - make_interval(secs => %s))"
                " ORDER BY next_attempt_at LIMIT %s FOR UPDATE SKIP LOCKED) "
                "RETURNING id, greatest(0, extract(epoch FROM next_attempt_at - now()))::float "
                "AS due_in",
                (include_waiting, redispatch_after_seconds, limit),
            ).fetchall()
        return [(str(r["id"]), float(r["due_in"])) for r in rows]


def record_reply(
    conn: Any, ticket_id: str, sent_by: str, ticket: dict[str, Any], body: str
) -> None:
    """The outgoing email; the unique ticket id makes a second write a no-op."""
    conn.execute(
        "INSERT INTO ticket_outbox (ticket_id, sent_by, to_address, subject, body) "
        "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (ticket_id) DO NOTHING",
        (ticket_id, sent_by, ticket["sender_email"], reply_subject(str(ticket["subject"])), body),
    )


def _work(row: dict[str, Any]) -> TicketWork:
    return TicketWork(
        id=str(row["id"]),
        channel=row["channel"],
        subject=str(row["subject"]),
        body=str(row["body"]),
        sender_email=str(row["sender_email"]),
        order_number=row["order_number"],
        attempts=int(row["attempts"]),
        lease_token=str(row["lease_token"]),
        intent=row["intent"],
    )
