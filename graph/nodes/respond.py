"""respond (and silent): deliver the reply, then record what happened.

Delivery is the only place placeholders become real values again, and only in the text streamed
to the reader: the state keeps the masked text. (A streamed LLM answer has had its checked
sentences delivered by the draft node already; respond sends the rest.) Everything recorded
(feedback events, the escalation's outcome) happens here, after any interrupt, so a resumed
graph records it once.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from langgraph.config import get_stream_writer

from drafting.types import Draft
from graph.deps import GraphDeps
from graph.nodes.common import entry, facts_of, token_chunks, vault_of
from graph.state import SupportState
from nlp.pii.unmask import unmask
from supportdesk.text_distance import edit_distance

Node = Callable[[SupportState], dict[str, Any]]


def make_respond(deps: GraphDeps) -> Node:
    def respond(state: SupportState) -> dict[str, Any]:
        conversation_id = str(state["conversation_id"])
        draft = Draft.from_record(state.get("draft") or {})
        decision = state.get("decision") or {}
        agent = state.get("agent_decision")
        action = agent["action"] if agent else None
        vault = vault_of(state)
        draft_shown = unmask(draft.text, vault).text  # what the agent saw and edited
        final: str | None
        if agent is None or action == "approve":
            final = draft_shown
        elif action == "edit":
            final = str(agent.get("text") or "").strip()
        else:  # takeover or reject: the assistant sends nothing
            final = None
        update: dict[str, Any] = {"reply": None}
        if final:
            writer = get_stream_writer()
            for chunk in token_chunks(_not_yet_shown(state, draft, final)):
                writer({"type": "token", "text": chunk})
            masked_final = (
                deps.models.masker.mask(final, vault).masked_text
                if action == "edit"
                else draft.text
            )
            by = "assistant" if agent is None else "agent"
            facts = {f.source_id: f for f in facts_of(state)}
            citations = [
                {"source_id": sid, "title": unmask(facts[sid].title, vault).text}
                for sid in draft.citations
                if sid in facts and action != "edit"
            ]
            writer({"type": "reply_done", "by": by, "citations": citations})
            update["reply"] = {
                "text": masked_final,
                "by": by,
                "route": decision.get("route"),
                "citations": citations,
            }
            update["transcript"] = [entry("agent" if agent else "assistant", masked_final)]
        _record(deps, state, conversation_id, draft_shown, final)
        update["agent_review"] = False
        return update

    return respond


def _not_yet_shown(state: SupportState, draft: Draft, final: str) -> str:
    """What the customer has not read yet. A streamed LLM answer was shown sentence by sentence
    as it passed the check (`check.shown`, masked); an agent's reply is always sent whole."""
    shown = str((state.get("check") or {}).get("shown") or "")
    if not shown or state.get("agent_decision") is not None or not draft.text.startswith(shown):
        return final
    return unmask(draft.text[len(shown) :], vault_of(state)).text


def _record(
    deps: GraphDeps, state: SupportState, conversation_id: str, draft_shown: str, final: str | None
) -> None:
    decision = state.get("decision") or {}
    agent = state.get("agent_decision")
    action = agent["action"] if agent else None
    distance = edit_distance(draft_shown, final) if final is not None else None
    started = float(state.get("turn_started_at") or time.time())
    escalation_id = state.get("escalation_id")
    if escalation_id and agent is not None:
        deps.records.close_escalation(
            escalation_id,
            status="rejected" if action == "reject" else "resolved",
            decision=str(action),
            final_text=final,
            edit_distance=distance,
        )
    status = "taken_over" if state.get("taken_over") else "open"
    deps.records.update_conversation(
        conversation_id,
        status=status,
        intent=state.get("intent"),
        route=decision.get("route"),
        order_id=state.get("order_in_focus"),
    )
    deps.records.record_feedback(
        conversation_id,
        "turn_outcome",
        float(state.get("confidence", 0.0)),
        {
            "turn": state.get("turn"),
            "route": decision.get("route"),
            "reason": decision.get("reason"),
            "intent": state.get("intent"),
            "reclassified_from": state.get("reclassified_from"),
            "drafter": (state.get("draft") or {}).get("drafter"),
            "agent_action": action,
            "agent_id": agent.get("agent_id") if agent else None,
            "rejection_reason": agent.get("reason") if agent and action == "reject" else None,
            "edit_distance": distance,
            "draft_chars": len(draft_shown),
            "sent": final is not None,
            "citations": (state.get("draft") or {}).get("citations", []),
            "latency_ms": round((time.time() - started) * 1000, 1),
            "retrieval": state.get("retrieval", {}),
        },
    )


def make_silent(deps: GraphDeps) -> Node:
    """A conversation an agent has taken over: keep the message for them, say nothing."""

    def silent(state: SupportState) -> dict[str, Any]:
        conversation_id = str(state["conversation_id"])
        deps.records.record_feedback(
            conversation_id,
            "message_while_taken_over",
            None,
            {"turn": state.get("turn"), "agent_id": state.get("taken_over_by")},
        )
        deps.records.update_conversation(conversation_id, status="taken_over")
        return {
            "reply": None,
            "decision": {
                "route": "taken_over",
                "reason": "an agent has taken over this conversation; the assistant stays silent",
            },
        }

    return silent
