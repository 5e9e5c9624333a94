"""One ticket as one conversation turn through the graph, safe to run again.

The conversation id is derived from the ticket id, so every attempt works on the same graph
thread. Before sending, the attempt looks at that thread: a turn that already finished (its
worker died after the graph, before the ticket row was updated) is read back instead of being
answered a second time, and a turn cut off half-way continues from its last checkpoint instead of
starting over (which would queue a second escalation for the same ticket).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from graph.checkpoint import thread_config
from nlp.pii import Vault
from nlp.pii.unmask import unmask
from store.database import Database
from supportdesk.assistant import Assistant
from supportdesk.turns import Session, TurnResult
from tickets.models import TicketWork, TurnOutcome
from tickets.store import conversation_id_for

# Routes where the graph paused for a person; "waiting_agent" is a message added to a case that
# is already with one.
HANDED_OFF = frozenset(
    {
        "agent_suggestion",
        "manual_queue",
        "escalate_senior",
        "escalate_specialist",
        "waiting_agent",
        "taken_over",
    }
)


@dataclass(frozen=True)
class TurnFailure:
    """A transient failure: the ticket is tried again later. `error_type` is a type name."""

    error_type: str


def ticket_message(work: TicketWork) -> str:
    """What the graph reads: subject and body, plus the order number a form asked for apart
    (a guest needs it in the text to have the order looked up at all)."""
    parts = [work.subject.strip(), work.body.strip()]
    order = (work.order_number or "").strip()
    if order and order.lower() not in f"{work.subject} {work.body}".lower():
        parts.append(f"Order number: {order}")
    return "\n\n".join(p for p in parts if p)


async def run_ticket_turn(
    work: TicketWork, db: Database, assistant: Assistant
) -> TurnOutcome | TurnFailure:
    conversation_id = conversation_id_for(work.id)
    config = _config(assistant, conversation_id)
    snapshot = await assistant.graph.aget_state(config)
    if snapshot.interrupts or (snapshot.values.get("decision") and not snapshot.next):
        return outcome_from_state(snapshot.values, interrupted=bool(snapshot.interrupts))
    if snapshot.next:  # an earlier attempt stopped mid-turn: go on from its last checkpoint
        await assistant.graph.ainvoke(None, config)
        after = await assistant.graph.aget_state(config)
        return outcome_from_state(after.values, interrupted=bool(after.interrupts))
    session = await asyncio.to_thread(
        Session.for_customer_email, db, work.sender_email, channel=work.channel
    )
    result = await assistant.send(
        ticket_message(work),
        session or Session(channel=work.channel),
        conversation_id=conversation_id,
    )
    return await _outcome_of(result, assistant)


async def _outcome_of(result: TurnResult, assistant: Assistant) -> TurnOutcome | TurnFailure:
    if result.route == "auto_reply":
        return TurnOutcome("answered", result.route, result.intent, result.text, None)
    if result.route in HANDED_OFF:
        escalation = result.escalation_id
        if escalation is None:  # the "waiting_agent" result names it; others carry it in state
            state = await assistant.conversation_state(result.conversation_id)
            escalation = state.get("escalation_id")
        return TurnOutcome("waiting_for_agent", result.route, result.intent, None, escalation)
    if result.route == "error":
        if result.reason == "outage":
            return TurnFailure("AssistantOutage")
        found = await asyncio.to_thread(_last_turn_error, assistant, result.conversation_id)
        return TurnFailure(found or "AssistantError")
    return TurnFailure("UnexpectedRoute")


def outcome_from_state(values: dict[str, Any], *, interrupted: bool) -> TurnOutcome | TurnFailure:
    """The outcome of a turn that already ran, read from the conversation's graph state."""
    decision = values.get("decision") or {}
    route = str(decision.get("route") or "")
    intent = values.get("intent")
    if interrupted or route in HANDED_OFF:
        return TurnOutcome("waiting_for_agent", route, intent, None, values.get("escalation_id"))
    reply = values.get("reply") or {}
    if route == "auto_reply" and reply.get("text"):
        text = unmask(str(reply["text"]), Vault.from_dict(values.get("vault"))).text
        return TurnOutcome("answered", route, intent, text, None)
    return TurnFailure("IncompleteTurn")


def _last_turn_error(assistant: Assistant, conversation_id: str) -> str | None:
    """The exception type the assistant recorded for the failed turn (never its message)."""
    with assistant.deps.db.connect() as conn:
        row = conn.execute(
            "SELECT details->>'error_type' AS error_type FROM feedback_events "
            "WHERE conversation_id = %s AND kind = 'turn_error' ORDER BY id DESC LIMIT 1",
            (conversation_id,),
        ).fetchone()
    return str(row["error_type"]) if row and row["error_type"] else None


def _config(assistant: Assistant, conversation_id: str) -> dict[str, Any]:
    config = thread_config(conversation_id)
    if assistant.callbacks:
        config["callbacks"] = assistant.callbacks
    return config
