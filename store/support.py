"""Support records: conversations, escalations and feedback events.

The checkpointer holds the graph's state; these tables hold what people and reports query: the
agents' queue, who decided what, and the outcome of every turn. Writes are idempotent where a
graph node may run twice (LangGraph re-runs a node interrupted mid-way).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from psycopg.types.json import Jsonb

from store.database import Database
from store.ids import is_uuid

QUEUE_ORDER = ("specialist", "senior", "suggestion", "manual")


@dataclass(frozen=True)
class EscalationRow:
    id: str
    conversation_id: str
    queue: str
    reason: str
    intent: str | None
    confidence: float | None
    status: str
    packet: dict[str, Any]
    created_at: datetime
    claimed_by: str | None
    decision: str | None

    def summary(self) -> dict[str, Any]:
        """The queue line every front end shows (JSON-safe; the packet stays out of it)."""
        return {
            "id": self.id,
            "conversation_id": self.conversation_id,
            "queue": self.queue,
            "reason": self.reason,
            "intent": self.intent,
            "confidence": self.confidence,
            "status": self.status,
            "created_at": self.created_at.isoformat(),
        }


@dataclass(frozen=True)
class ClaimResult:
    status: Literal["claimed", "already_handled", "not_found"]
    escalation: EscalationRow | None = None


def escalation_id_for(conversation_id: str, turn: int, revision: int = 0) -> str:
    """One escalation per turn and revision, so a re-run node cannot queue a case twice."""
    return str(uuid.uuid5(uuid.UUID(conversation_id), f"turn-{turn}-rev-{revision}"))


class SupportRecords:
    def __init__(self, db: Database) -> None:
        self.db = db

    def ensure_conversation(
        self, conversation_id: str, *, customer_id: str | None, channel: str, market: str | None
    ) -> None:
        with self.db.connect() as conn:
            conn.execute(
                "INSERT INTO conversations (id, customer_id, channel, status, market) "
                "VALUES (%s, %s, %s, 'open', %s) ON CONFLICT (id) DO NOTHING",
                (conversation_id, customer_id, channel, market),
            )

    def update_conversation(
        self,
        conversation_id: str,
        *,
        status: str | None = None,
        intent: str | None = None,
        route: str | None = None,
        order_id: str | None = None,
    ) -> None:
        with self.db.connect() as conn:
            conn.execute(
                "UPDATE conversations SET status = coalesce(%s, status), "
                "intent = coalesce(%s, intent), route = coalesce(%s, route), "
                "order_id = coalesce(%s, order_id), updated_at = now() WHERE id = %s",
                (status, intent, route, order_id, conversation_id),
            )

    def conversation_status(self, conversation_id: str) -> str | None:
        with self.db.connect() as conn:
            row = conn.execute(
                "SELECT status FROM conversations WHERE id = %s", (conversation_id,)
            ).fetchone()
        return str(row["status"]) if row else None

    def recent_contacts(
        self, order_id: str, *, since: datetime, until: datetime, excluding: str | None
    ) -> int:
        """Other conversations about this order in [since, until] (this one does not count)."""
        with self.db.connect() as conn:
            row = conn.execute(
                "SELECT count(*) AS n FROM conversations WHERE order_id = %s "
                "AND created_at > %s AND created_at <= %s AND id IS DISTINCT FROM %s::uuid",
                (order_id, since, until, excluding),
            ).fetchone()
        return int(row["n"]) if row else 0

    def open_escalation(
        self,
        escalation_id: str,
        conversation_id: str,
        *,
        queue: str,
        reason: str,
        intent: str,
        confidence: float,
        packet: dict[str, Any],
    ) -> None:
        with self.db.connect() as conn, conn.transaction():
            conn.execute(
                "INSERT INTO escalations (id, conversation_id, queue, reason, intent, confidence,"
                " status, packet) VALUES (%s, %s, %s, %s, %s, %s, 'pending', %s)"
                " ON CONFLICT (id) DO NOTHING",
                (escalation_id, conversation_id, queue, reason, intent, confidence, Jsonb(packet)),
            )
            conn.execute(
                "UPDATE conversations SET status = 'waiting_agent', updated_at = now() "
                "WHERE id = %s",
                (conversation_id,),
            )

    def add_follow_up(
        self, escalation_id: str, masked_text: str, reading: dict[str, Any] | None = None
    ) -> None:
        """A customer's further message while the case waits: shown on the agent's card, with
        what it was read as (intent, anger, trigger words) when given."""
        entry = Jsonb([{"text": masked_text, **(reading or {})}])
        with self.db.connect() as conn:
            conn.execute(
                "UPDATE escalations SET packet = jsonb_set(packet, '{follow_ups}', "
                "coalesce(packet->'follow_ups', '[]'::jsonb) || %s) WHERE id = %s",
                (entry, escalation_id),
            )

    def raise_queue(self, escalation_id: str, queue: str, reason: str) -> bool:
        """Move a case nobody has claimed yet to a more urgent queue, never a less urgent one.
        True when it moved; the reason then says why."""
        if queue not in QUEUE_ORDER:
            raise ValueError(f"unknown queue {queue!r}")
        with self.db.connect() as conn:
            moved = conn.execute(
                "UPDATE escalations SET queue = %s, reason = %s WHERE id = %s "
                "AND status = 'pending' "
                "AND array_position(%s::text[], queue) > array_position(%s::text[], %s)",
                (queue, reason, escalation_id, list(QUEUE_ORDER), list(QUEUE_ORDER), queue),
            )
            return moved.rowcount == 1

    def get_escalation(self, escalation_id: str) -> EscalationRow | None:
        if not is_uuid(escalation_id):
            return None
        with self.db.connect() as conn:
            row = conn.execute(
                "SELECT * FROM escalations WHERE id = %s", (escalation_id,)
            ).fetchone()
        return _escalation(row) if row else None

    def pending_escalations(self, *, limit: int = 100) -> list[EscalationRow]:
        """The queue: specialist, then senior, suggestion, manual; oldest first in each."""
        with self.db.connect() as conn:
            rows = conn.execute(
                "SELECT * FROM escalations WHERE status IN ('pending', 'claimed') "
                "ORDER BY array_position(%s::text[], queue), created_at LIMIT %s",
                (list(QUEUE_ORDER), limit),
            ).fetchall()
        return [_escalation(r) for r in rows]

    def queue_counts(self) -> dict[str, int]:
        with self.db.connect() as conn:
            rows = conn.execute(
                "SELECT queue, count(*) AS n FROM escalations "
                "WHERE status IN ('pending', 'claimed') GROUP BY queue"
            ).fetchall()
        counts = {queue: 0 for queue in QUEUE_ORDER}
        counts.update({str(r["queue"]): int(r["n"]) for r in rows})
        return counts

    def claim(self, escalation_id: str, agent_id: str | None) -> ClaimResult:
        """Atomically take a pending case: of two agents acting at once, exactly one wins."""
        if self.get_escalation(escalation_id) is None:
            return ClaimResult("not_found")
        with self.db.connect() as conn:
            row = conn.execute(
                "UPDATE escalations SET status = 'claimed', claimed_by = %s, claimed_at = now() "
                "WHERE id = %s AND status = 'pending' RETURNING *",
                (agent_id, escalation_id),
            ).fetchone()
        if row is None:
            return ClaimResult("already_handled", self.get_escalation(escalation_id))
        return ClaimResult("claimed", _escalation(row))

    def release(self, escalation_id: str) -> None:
        """Give a claimed case back to the queue (the resume failed before anything was sent)."""
        with self.db.connect() as conn:
            conn.execute(
                "UPDATE escalations SET status = 'pending', claimed_by = NULL, claimed_at = NULL "
                "WHERE id = %s AND status = 'claimed'",
                (escalation_id,),
            )

    def close_escalation(
        self,
        escalation_id: str,
        *,
        status: Literal["resolved", "rejected"],
        decision: str,
        final_text: str | None,
        edit_distance: int | None,
    ) -> None:
        with self.db.connect() as conn:
            conn.execute(
                "UPDATE escalations SET status = %s, decision = %s, final_text = %s, "
                "edit_distance = %s, resolved_at = now() WHERE id = %s",
                (status, decision, final_text, edit_distance, escalation_id),
            )

    def record_feedback(
        self, conversation_id: str, kind: str, value: float | None, details: dict[str, Any]
    ) -> None:
        with self.db.connect() as conn:
            conn.execute(
                "INSERT INTO feedback_events (conversation_id, kind, value, details) "
                "VALUES (%s, %s, %s, %s)",
                (conversation_id, kind, value, Jsonb(details)),
            )

    def audit(self, actor_type: str, actor_id: str | None, action: str, subject: str) -> None:
        with self.db.connect() as conn:
            conn.execute(
                "INSERT INTO audit_log (actor_type, actor_id, action, subject_type, subject_id) "
                "VALUES (%s, %s, %s, 'conversation', %s)",
                (actor_type, actor_id, action, subject),
            )


def _escalation(row: dict[str, Any]) -> EscalationRow:
    return EscalationRow(
        id=str(row["id"]),
        conversation_id=str(row["conversation_id"]),
        queue=str(row["queue"]),
        reason=str(row["reason"]),
        intent=row["intent"],
        confidence=row["confidence"],
        status=str(row["status"]),
        packet=dict(row["packet"] or {}),
        created_at=row["created_at"],
        claimed_by=row["claimed_by"],
        decision=row["decision"],
    )
