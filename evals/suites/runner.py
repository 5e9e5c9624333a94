"""Plays golden tickets through the assistant, exactly as a customer would, and records them.

Each ticket is one fresh conversation: its turns are sent in order through `Assistant.send`
with the session of the ticket's customer (a logged-in account, with its name and market) or of
a guest (who proves an order in the words of the turns, as a real guest does). An email's
subject line opens the first message, as the ticket API would pass it. After the last turn the
conversation state is read once, and everything the suites need is kept (`TicketRun`).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Sequence
from typing import Any

from evals.golden_schema import GoldenTicket
from evals.suites.capture import capture_logs
from evals.suites.records import FactView, TicketRun, TurnObservation
from evals.suites.replay import auto_class
from graph.gate import ROUTE_OF_QUEUE
from graph.gate_config import GateConfig
from graph.tracing import scrub
from nlp.pii import Vault
from nlp.pii.unmask import unmask
from store.database import Database
from store.support import EscalationRow
from supportdesk.assistant import Assistant
from supportdesk.turns import Session, TurnResult

Progress = Callable[[int, int, str], None]  # done, total, ticket id
Boundary = Callable[[], list[dict[str, Any]]]  # LLM request bodies recorded since last call


def sessions_for(db: Database, tickets: Sequence[GoldenTicket]) -> dict[str, Session]:
    """The session each ticket is played in, read from the seeded shop in one query."""
    ids = sorted({t.customer.id for t in tickets if t.customer.id})
    with db.connect() as conn:
        rows = conn.execute(
            "SELECT id, full_name, market FROM customers WHERE id = ANY(%s)", (ids,)
        ).fetchall()
    accounts = {str(r["id"]): (str(r["full_name"]), str(r["market"])) for r in rows}
    out: dict[str, Session] = {}
    for t in tickets:
        if t.customer.kind == "account" and t.customer.id in accounts:
            name, market = accounts[t.customer.id]
            out[t.id] = Session(t.customer.id, name, market, t.channel)
        else:
            out[t.id] = Session(None, None, t.market, t.channel)
    return out


def messages_of(ticket: GoldenTicket) -> list[str]:
    turns = list(ticket.turns)
    if ticket.subject:
        turns[0] = f"Subject: {ticket.subject}\n\n{turns[0]}"
    return turns


async def play_ticket(
    bot: Assistant,
    ticket: GoldenTicket,
    session: Session,
    gate: GateConfig,
    *,
    boundary: Boundary | None = None,
) -> TicketRun:
    observations: list[TurnObservation] = []
    conversation_id: str | None = None
    last: TurnResult | None = None
    for message in messages_of(ticket):
        last = await bot.send(message, session, conversation_id=conversation_id)
        conversation_id = last.conversation_id
        observations.append(
            TurnObservation(last.route, last.intent, last.confidence, last.ttft_ms, last.total_ms)
        )
    assert last is not None and conversation_id is not None  # a ticket has at least one turn
    state = await bot.conversation_state(conversation_id)
    case = None
    if last.route == "waiting_agent" and last.escalation_id:
        # A follow-up may have moved the waiting case to a more urgent queue.
        case = await asyncio.to_thread(bot.deps.records.get_escalation, last.escalation_id)
    return _record(ticket, observations, last, state, gate, boundary, case)


def _record(
    ticket: GoldenTicket,
    observations: list[TurnObservation],
    last: TurnResult,
    state: dict[str, Any],
    gate: GateConfig,
    boundary: Boundary | None,
    waiting_case: EscalationRow | None = None,
) -> TicketRun:
    vault = Vault.from_dict(state.get("vault"))
    draft = state.get("draft") or {}
    reply = state.get("reply") or {}
    waiting = last.route == "waiting_agent"
    decision = state.get("decision") or {}
    route, reason = last.route, str(decision.get("reason") or last.reason)
    if waiting:
        route = str(decision.get("route") or "unknown")
        if waiting_case is not None:  # the case as the last turn left it
            route, reason = ROUTE_OF_QUEUE.get(waiting_case.queue, route), waiting_case.reason
    customer_turns = [e["text"] for e in state.get("transcript") or [] if e["role"] == "customer"]
    return TicketRun(
        ticket=ticket,
        turns=observations,
        route=route,
        reason=reason,
        # Waiting on an earlier escalation, the last turn is still read (and may move the case).
        intent=last.intent,
        confidence=last.confidence,
        reply_text=last.text,
        draft_text=unmask(str(draft.get("text") or ""), vault).text,
        masked_reply=str(reply.get("text") or ""),
        masked_draft=str(draft.get("text") or ""),
        masked_turns=customer_turns,
        draft_notes=[str(n) for n in draft.get("notes") or ()],
        facts=[
            FactView(str(f["source_id"]), str(f["kind"]), str(f.get("masked_text") or ""))
            for f in state.get("facts") or []
        ],
        tool_calls=list(state.get("tool_calls") or []),
        auto_class=auto_class(state, gate) if not waiting and last.route != "error" else "never",
        waiting_on_earlier=waiting,
        error=last.reason if last.route == "error" else None,
        trace_text=json.dumps(scrub(state), ensure_ascii=False, default=str),
        boundary=[json.dumps(b, ensure_ascii=False) for b in (boundary() if boundary else [])],
    )


async def play_tickets(
    bot: Assistant,
    db: Database,
    tickets: Sequence[GoldenTicket],
    *,
    progress: Progress = lambda _d, _t, _id: None,
    boundary: Boundary | None = None,
) -> tuple[list[TicketRun], float]:
    """Play every ticket in order; (runs, seconds). Log lines are caught per ticket."""
    sessions = sessions_for(db, tickets)
    gate = bot.deps.gate
    runs: list[TicketRun] = []
    started = time.perf_counter()
    if boundary is not None:
        boundary()  # forget requests made before the run
    with capture_logs() as logs:
        for done, ticket in enumerate(tickets, start=1):
            logs.take()
            run = await play_ticket(bot, ticket, sessions[ticket.id], gate, boundary=boundary)
            run.logs = logs.take()
            runs.append(run)
            progress(done, len(tickets), ticket.id)
    return runs, time.perf_counter() - started
