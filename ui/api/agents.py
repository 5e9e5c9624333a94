"""The agent desk's operations over HTTP, for shops that work cases in their own helpdesk UI:
list the queue, read a case, resume it with a decision, hand a taken-over conversation back.

Decisions go through `Assistant.resume` exactly as the desk's do (claiming first, so of two
agents only one sends). A reply that reaches a chat customer is written to their history and
announced, as the desk does, so they see it live.
"""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request

from store.database import Database
from supportdesk.turns import ResumeResult
from ui import history
from ui.api.auth import Caller, any_caller
from ui.api.context import api_state
from ui.api.errors import ApiError
from ui.api.responses import KEY_ERRORS, errors
from ui.api.schemas import (
    EscalationCard,
    EscalationList,
    HandBackResponse,
    ResumeRequest,
    ResumeResponse,
)
from ui.delivery import HubEvent
from ui.render import escape_markdown, sources_line
from ui.runtime import Runtime

router = APIRouter(tags=["escalations"])
EscalationId = Annotated[str, Path(max_length=100, description="The escalation's id (a UUID).")]


@dataclass(frozen=True)
class ActingAgent:
    agent_id: str | None
    display_name: str | None

    @property
    def author(self) -> str:
        """How the reply is signed to the customer, as on the desk: first name and team."""
        if not self.display_name:
            return "Customer care"
        return f"{self.display_name.split()[0]} from customer care"


@router.get(
    "/escalations",
    response_model=EscalationList,
    summary="Pending escalations, by priority then age",
    responses=errors(*KEY_ERRORS, 422, 503),
)
async def list_escalations(
    request: Request,
    caller: Annotated[Caller, Depends(any_caller("escalations:read"))],
    limit: Annotated[int, Query(ge=1, le=500, description="At most this many cases.")] = 100,
) -> dict[str, Any]:
    del caller
    records = api_state(request).runtime().assistant.deps.records
    rows, counts = await asyncio.gather(
        asyncio.to_thread(records.pending_escalations, limit=limit),
        asyncio.to_thread(records.queue_counts),
    )
    return {
        "counts": counts,
        "escalations": [r.summary() for r in rows],
    }


@router.get(
    "/escalations/{escalation_id}",
    response_model=EscalationCard,
    summary="One case as the agent desk shows it (summary, facts, draft)",
    responses=errors(*KEY_ERRORS, 404, 422, 503),
)
async def get_escalation(
    escalation_id: EscalationId,
    request: Request,
    caller: Annotated[Caller, Depends(any_caller("escalations:read"))],
) -> dict[str, Any]:
    del caller
    card = await api_state(request).runtime().assistant.escalation_card(escalation_id)
    if card is None:
        raise ApiError(404, "No escalation has this id.")
    return card


_REFUSED = {
    "already_handled": (409, "already_handled"),
    "not_found": (404, "not_found"),
    "invalid": (422, "invalid_request"),
    "error": (503, "unavailable"),
}


@router.post(
    "/escalations/{escalation_id}/resume",
    response_model=ResumeResponse,
    summary="Resume a paused conversation with an agent's decision",
    responses=errors(*KEY_ERRORS, 404, 409, 413, 422, 503),
)
async def resume_escalation(
    escalation_id: EscalationId,
    body: ResumeRequest,
    request: Request,
    caller: Annotated[Caller, Depends(any_caller("escalations:write"))],
) -> dict[str, Any]:
    rt = api_state(request).runtime()
    agent = await acting_agent(rt.db, caller, body.agent_email)
    decision = {
        "action": body.decision,
        "text": body.text,
        "intent": body.intent,
        "reason": body.reason,
    }
    result: ResumeResult = await rt.assistant.resume(
        escalation_id, decision, agent_id=agent.agent_id
    )
    if result.status != "resumed" or result.conversation_id is None:
        status, code = _REFUSED.get(result.status, (503, "unavailable"))
        raise ApiError(status, result.detail or "The case could not be resumed.", code=code)
    if result.sent_text:
        await deliver(rt, result.conversation_id, result.sent_text, agent, body.decision)
    await rt.hub.publish(HubEvent("queue", result.conversation_id))  # desks refresh
    return {
        "status": "resumed",
        "decision": body.decision,
        "conversation_id": result.conversation_id,
        "sent_text": result.sent_text,
        "new_escalation_id": result.new_escalation_id,
        "new_draft": result.new_draft,
    }


@router.post(
    "/conversations/{conversation_id}/handback",
    response_model=HandBackResponse,
    summary="End a take-over: the assistant answers in the conversation again",
    responses=errors(*KEY_ERRORS, 403, 409, 422, 503),
)
async def hand_back(
    conversation_id: Annotated[str, Path(description="The conversation's id (a UUID).")],
    request: Request,
    caller: Annotated[Caller, Depends(any_caller("escalations:write"))],
) -> dict[str, Any]:
    try:
        conversation_id = str(uuid.UUID(conversation_id))
    except ValueError:
        raise ApiError(
            422, "conversation_id: must be a UUID.", extra={"field": "conversation_id"}
        ) from None
    rt = api_state(request).runtime()
    agent = await acting_agent(rt.db, caller, None)
    state = await rt.assistant.conversation_state(conversation_id)
    owner = state.get("taken_over_by")
    if caller.kind != "api_key" and owner not in (None, agent.agent_id):
        raise ApiError(403, "Another agent is looking after this conversation.")
    if not await rt.assistant.hand_back(conversation_id, agent_id=agent.agent_id):
        raise ApiError(409, "This conversation is not taken over.", code="not_taken_over")
    return {"conversation_id": conversation_id, "handed_back": True}


async def acting_agent(db: Database, caller: Caller, agent_email: str | None) -> ActingAgent:
    """Who decides: a signed-in agent is always themselves; a key may name an agent."""
    principal = caller.principal
    if principal is not None:
        if agent_email and agent_email.lower() != principal.identifier.lower():
            raise ApiError(403, "A signed-in agent acts as themselves; leave agent_email out.")
        return ActingAgent(principal.agent_id, principal.display_name)
    if not agent_email:
        return ActingAgent(None, None)
    row = await asyncio.to_thread(_agent_row, db, agent_email)
    if row is None:
        raise ApiError(422, "agent_email: no agent has this email.", extra={"field": "agent_email"})
    if row["role"] == "qa":
        raise ApiError(403, "This agent's role reads cases but does not answer customers.")
    return ActingAgent(str(row["id"]), str(row["display_name"]))


def _agent_row(db: Database, email: str) -> dict[str, Any] | None:
    with db.connect() as conn:
        return conn.execute(
            "SELECT id, display_name, role FROM agents WHERE lower(email) = lower(%s)", (email,)
        ).fetchone()


async def deliver(
    rt: Runtime, conversation_id: str, text: str, agent: ActingAgent, decision: str
) -> None:
    """Put the agent's reply in a chat customer's history and show it where they are."""
    channel = await asyncio.to_thread(_channel, rt.db, conversation_id)
    if channel != "chat":
        return  # tickets are answered by the ticket service; API chats read the result
    if decision == "approve":
        reply = (await rt.assistant.conversation_state(conversation_id)).get("reply") or {}
        sources = sources_line(reply.get("citations") or [])
        text = f"{text}\n\n{sources}" if sources else text
    shown = f"**{escape_markdown(agent.author)}**\n\n{text}"
    step = await asyncio.to_thread(
        history.record_reply, rt.db, conversation_id, shown, author=agent.author, by="agent"
    )
    await rt.hub.publish(HubEvent("reply", conversation_id, str(step["id"])))


def _channel(db: Database, conversation_id: str) -> str | None:
    with db.connect() as conn:
        row = conn.execute(
            "SELECT channel FROM conversations WHERE id = %s", (conversation_id,)
        ).fetchone()
    return str(row["channel"]) if row else None
