"""A handed-off ticket becomes resolved when an agent closes its escalation.

The agent acts on the escalation (desk, CLI or API), not on the ticket; the graph records the
text that went out in `escalations.final_text` (store/support.py, graph/nodes/respond.py). Reads
of tickets call `sync_agent_replies` first, so a ticket's state is current without a second
writer: the ticket moves to resolved and its outbox row is written in one transaction, once.

What counts, from the conversation's latest escalation (a reassignment opens a new one):
- resolved with a final text (approve or edit): resolved, that text is the reply;
- rejected: resolved without a reply (an agent decided nothing should be sent);
- taken over: still waiting_for_agent; the agent answers the customer themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

from store.database import Database
from tickets.leases import record_reply


@dataclass(frozen=True)
class AgentOutcome:
    ticket_id: str
    escalation_id: str
    escalation_status: str
    decision: str | None
    final_text: str | None

    @property
    def closes_ticket(self) -> bool:
        return self.escalation_status in ("resolved", "rejected") and self.decision not in (
            "takeover",
            "reassign",
        )


def sync_agent_replies(db: Database, ticket_id: str | None = None, limit: int = 500) -> int:
    """Bring waiting tickets (one, or all) up to date; returns how many were resolved now."""
    resolved = 0
    for outcome in _latest_escalations(db, ticket_id, limit):
        if outcome.closes_ticket:
            resolved += _resolve(db, outcome)
        else:
            _follow_escalation(db, outcome)
    return resolved


def _latest_escalations(db: Database, ticket_id: str | None, limit: int) -> list[AgentOutcome]:
    with db.connect() as conn:
        rows = conn.execute(
            "SELECT DISTINCT ON (t.id) t.id AS ticket_id, e.id AS escalation_id, "
            "e.status, e.decision, e.final_text FROM tickets t "
            "JOIN escalations e ON e.conversation_id = t.conversation_id "
            "WHERE t.status = 'waiting_for_agent' AND (%s::uuid IS NULL OR t.id = %s::uuid) "
            "ORDER BY t.id, e.created_at DESC, e.id LIMIT %s",
            (ticket_id, ticket_id, limit),
        ).fetchall()
    return [
        AgentOutcome(
            ticket_id=str(r["ticket_id"]),
            escalation_id=str(r["escalation_id"]),
            escalation_status=r["status"],
            decision=r["decision"],
            final_text=r["final_text"],
        )
        for r in rows
    ]


def _resolve(db: Database, outcome: AgentOutcome) -> int:
    reply = outcome.final_text if outcome.escalation_status == "resolved" else None
    with db.connect() as conn, conn.transaction():
        row = conn.execute(
            "UPDATE tickets SET status = 'resolved', reply = %s, escalation_id = %s, "
            "resolved_at = now(), updated_at = now() "
            "WHERE id = %s AND status = 'waiting_for_agent' RETURNING sender_email, subject",
            (reply, outcome.escalation_id, outcome.ticket_id),
        ).fetchone()
        if row is None:  # another reader resolved it first: its outbox row stands
            return 0
        if reply:
            record_reply(conn, outcome.ticket_id, "agent", row, reply)
    return 1


def _follow_escalation(db: Database, outcome: AgentOutcome) -> None:
    """After a reassignment the case has a new escalation id: point the ticket at it."""
    with db.connect() as conn:
        conn.execute(
            "UPDATE tickets SET escalation_id = %s, updated_at = now() "
            "WHERE id = %s AND status = 'waiting_for_agent' "
            "AND escalation_id IS DISTINCT FROM %s::uuid",
            (outcome.escalation_id, outcome.ticket_id, outcome.escalation_id),
        )
