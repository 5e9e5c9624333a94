"""The tickets table: create a ticket once per idempotency key, read tickets back.

Processing state (claims, leases, retries) lives in `tickets/leases.py`; this module only
creates and reads. Ticket text and sender addresses are stored (the agent and the mailer need
them) but never logged.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict
from typing import Any

from psycopg.types.json import Jsonb

from store.database import Database
from store.ids import is_uuid
from tickets.errors import IdempotencyConflict
from tickets.models import TicketIn, TicketStatus, TicketView


def conversation_id_for(ticket_id: str) -> str:
    """One conversation per ticket, the same on every attempt, so a re-run finds its own
    graph state instead of answering the ticket a second time."""
    return str(uuid.uuid5(uuid.UUID(ticket_id), "ticket-conversation"))


class TicketStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def insert(self, ticket: TicketIn) -> tuple[TicketView, bool]:
        """The stored ticket and whether this call created it (False: the key was seen)."""
        ticket_id = str(uuid.uuid4())
        digest = ticket.payload_hash()
        with self.db.connect() as conn:
            row = conn.execute(
                "INSERT INTO tickets (id, source, idempotency_key, payload_hash, channel, "
                "subject, body, sender_email, order_number, attachments, status, "
                "conversation_id, dispatched_at) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, 'queued', %s, now()) "
                "ON CONFLICT (source, idempotency_key) DO NOTHING RETURNING *",
                (
                    ticket_id,
                    ticket.source,
                    ticket.idempotency_key,
                    digest,
                    ticket.channel,
                    ticket.subject,
                    ticket.body,
                    ticket.sender_email.strip(),
                    ticket.order_number,
                    Jsonb([asdict(a) for a in ticket.attachments]),
                    conversation_id_for(ticket_id),
                ),
            ).fetchone()
            if row is not None:
                return view_of(row), True
            existing = conn.execute(
                "SELECT * FROM tickets WHERE source = %s AND idempotency_key = %s",
                (ticket.source, ticket.idempotency_key),
            ).fetchone()
        if existing is None:  # only if someone deleted it between the two statements
            raise IdempotencyConflict(
                "The ticket for this idempotency key was removed while it was being read.",
                hint="Send the request again.",
            )
        if existing["payload_hash"] != digest:
            raise IdempotencyConflict(
                "This idempotency key was already used for a different ticket.",
                hint="Use a new idempotency key for a new ticket; repeat a key only to retry "
                "the very same submission.",
            )
        return view_of(existing), False

    def get(self, ticket_id: str) -> TicketView | None:
        if not is_uuid(ticket_id):
            return None
        with self.db.connect() as conn:
            row = conn.execute("SELECT * FROM tickets WHERE id = %s", (ticket_id,)).fetchone()
        return view_of(row) if row else None

    def list(self, *, status: TicketStatus | None = None, limit: int = 50) -> list[TicketView]:
        with self.db.connect() as conn:
            rows = conn.execute(
                "SELECT * FROM tickets WHERE (%s::text IS NULL OR status = %s) "
                "ORDER BY created_at DESC, id LIMIT %s",
                (status, status, max(1, min(limit, 500))),
            ).fetchall()
        return [view_of(r) for r in rows]

    def mark_undispatched(self, ticket_id: str) -> None:
        """The hand-over to a worker failed: leave the ticket for the next sweep to send."""
        with self.db.connect() as conn:
            conn.execute(
                "UPDATE tickets SET dispatched_at = NULL WHERE id = %s AND status = 'queued'",
                (ticket_id,),
            )


def view_of(row: dict[str, Any]) -> TicketView:
    status = str(row["status"])
    return TicketView(
        id=str(row["id"]),
        status=row["status"],
        channel=str(row["channel"]),
        subject=str(row["subject"]),
        sender_email=str(row["sender_email"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        route=row["route"],
        intent=row["intent"],
        reply=row["reply"] if status in ("answered", "resolved") else None,
        attempts=int(row["attempts"]),
        conversation_id=str(row["conversation_id"]) if row["conversation_id"] else None,
        error=row["error_type"],
        escalation_id=str(row["escalation_id"]) if row["escalation_id"] else None,
    )
