"""Builds the conversation graph: mask -> understand -> retrieve -> draft -> gate -> respond,
or gate -> hand_off -> escalate (interrupt) -> respond | retrieve (after a reassignment).

A conversation an agent has taken over goes mask -> silent: the message is kept for the agent
and the assistant says nothing.
"""

from __future__ import annotations

from typing import Any, Literal

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph

from graph.deps import GraphDeps
from graph.nodes.drafting import make_draft, make_gate
from graph.nodes.handoff import make_escalate, make_hand_off
from graph.nodes.respond import make_respond, make_silent
from graph.nodes.retrieval import make_retrieve
from graph.nodes.understanding import make_mask, make_understand
from graph.state import SupportState


def after_mask(state: SupportState) -> Literal["understand", "silent"]:
    return "silent" if state.get("taken_over") else "understand"


def after_gate(state: SupportState) -> Literal["respond", "hand_off"]:
    route = (state.get("decision") or {}).get("route")
    return "respond" if route == "auto_reply" else "hand_off"


def build_graph(
    deps: GraphDeps, checkpointer: BaseCheckpointSaver[Any] | None = None
) -> CompiledStateGraph[SupportState, None, SupportState, SupportState]:
    builder = StateGraph(SupportState)
    # Typed as Any: langgraph's add_node overloads cannot see that a closure taking
    # SupportState is a node of this graph.
    nodes: dict[str, Any] = {
        "mask": make_mask(deps),
        "understand": make_understand(deps),
        "retrieve": make_retrieve(deps),
        "draft": make_draft(deps),
        "gate": make_gate(deps),
        "hand_off": make_hand_off(deps),
        "respond": make_respond(deps),
        "silent": make_silent(deps),
    }
    for name, node in nodes.items():
        builder.add_node(name, node)
    escalate: Any = make_escalate()
    builder.add_node("escalate", escalate, destinations=("respond", "retrieve"))

    builder.add_edge(START, "mask")
    builder.add_conditional_edges("mask", after_mask, ["understand", "silent"])
    builder.add_edge("understand", "retrieve")
    builder.add_edge("retrieve", "draft")
    builder.add_edge("draft", "gate")
    builder.add_conditional_edges("gate", after_gate, ["respond", "hand_off"])
    builder.add_edge("hand_off", "escalate")
    builder.add_edge("respond", END)
    builder.add_edge("silent", END)
    return builder.compile(checkpointer=checkpointer, name="supportdesk")
