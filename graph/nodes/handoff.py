"""hand_off and escalate: queue the case for a person, tell the customer, then pause.

The two are separate nodes on purpose. LangGraph re-runs the interrupted node from its start on
resume, so the side effects (the escalation row, the sentence to the customer) live in
`hand_off`, which has finished and been checkpointed before `escalate` pauses; `escalate` does
nothing but wait for the agent's decision and route on it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal, get_args

from langgraph.config import get_stream_writer
from langgraph.types import Command, interrupt

from graph.deps import GraphDeps
from graph.messages import handoff_sentence
from graph.nodes.common import entry, token_chunks
from graph.packet import build_packet
from graph.state import SupportState
from nlp.taxonomy import INTENT_NAMES
from store.support import escalation_id_for

Action = Literal["approve", "edit", "reassign", "takeover", "reject"]
ACTIONS: tuple[str, ...] = get_args(Action)


def make_hand_off(deps: GraphDeps) -> Callable[[SupportState], dict[str, Any]]:
    def hand_off(state: SupportState) -> dict[str, Any]:
        conversation_id = str(state["conversation_id"])
        revision = int(state.get("escalation_revision", 0))
        turn = int(state.get("turn", 1))
        escalation_id = escalation_id_for(conversation_id, turn, revision)
        decision = state.get("decision") or {}
        queue = str(decision.get("queue") or "manual")
        packet = build_packet(state)
        previous = state.get("previous_escalation_id")
        if previous:
            deps.records.close_escalation(
                previous,
                status="resolved",
                decision="reassign",
                final_text=None,
                edit_distance=None,
            )
        deps.records.open_escalation(
            escalation_id,
            conversation_id,
            queue=queue,
            reason=str(decision.get("reason", "")),
            intent=str(state.get("intent", "other")),
            confidence=float(state.get("confidence", 0.0)),
            packet=packet,
        )
        update: dict[str, Any] = {
            "escalation_id": escalation_id,
            "agent_review": False,
            "previous_escalation_id": None,
        }
        if revision == 0:  # a re-draft for the agent does not repeat the sentence
            sentence = handoff_sentence(queue)
            writer = get_stream_writer()
            for chunk in token_chunks(sentence):
                writer({"type": "token", "text": chunk})
            writer({"type": "handoff", "escalation_id": escalation_id, "queue": queue})
            update["transcript"] = [entry("assistant", sentence)]
        return update

    return hand_off


def validate_decision(raw: Any) -> dict[str, Any]:
    """The agent's decision as the graph accepts it; anything else is refused before resuming."""
    if not isinstance(raw, dict) or raw.get("action") not in ACTIONS:
        raise ValueError(f"decision must be a dict with action one of {', '.join(ACTIONS)}")
    action = raw["action"]
    if action == "edit" and not str(raw.get("text") or "").strip():
        raise ValueError("an edit needs the final text")
    if action == "reassign" and raw.get("intent") not in INTENT_NAMES:
        raise ValueError(f"reassign needs an intent, one of {', '.join(INTENT_NAMES)}")
    if action == "reject" and not str(raw.get("reason") or "").strip():
        raise ValueError("a rejection needs a reason")
    return {
        "action": action,
        "text": raw.get("text"),
        "intent": raw.get("intent"),
        "reason": raw.get("reason"),
        "agent_id": raw.get("agent_id"),
    }


def make_escalate() -> Callable[[SupportState], Command[Literal["respond", "retrieve"]]]:
    def escalate(state: SupportState) -> Command[Literal["respond", "retrieve"]]:
        decision = validate_decision(
            interrupt(
                {
                    "escalation_id": state.get("escalation_id"),
                    "conversation_id": state.get("conversation_id"),
                    "queue": (state.get("decision") or {}).get("queue"),
                    "reason": (state.get("decision") or {}).get("reason"),
                }
            )
        )
        if decision["action"] == "reassign":
            return Command(
                goto="retrieve",
                update={
                    "agent_decision": decision,
                    "reclassified_from": state.get("intent"),
                    "intent": decision["intent"],
                    "agent_review": True,
                    "escalation_revision": int(state.get("escalation_revision", 0)) + 1,
                    "previous_escalation_id": state.get("escalation_id"),
                },
            )
        update: dict[str, Any] = {"agent_decision": decision}
        if decision["action"] == "takeover":
            update.update(taken_over=True, taken_over_by=decision.get("agent_id"))
        return Command(goto="respond", update=update)

    return escalate
