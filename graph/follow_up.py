"""A customer's message while their case waits for a person.

The assistant does not answer it (a colleague has the case), but it still reads it the way it
reads every message: "Right, I want to make a complaint" or an angry "still nothing?!" after a
calm first question changes who should pick the case up. The gate's own overrides decide: a
follow-up that would have gone to a specialist or a senior agent on its own moves the waiting
case to that queue (never to a less urgent one), and the agent's card shows what it was read as.
"""

from __future__ import annotations

from typing import Any

from drafting.types import Draft
from graph.gate import GateDecision, decide
from graph.gate_config import GateConfig
from graph.nodes.drafting import gate_input_from_state
from nlp.understand import Understanding

# The routes a message earns by what it says, whatever could be drafted for it.
URGENT_ROUTES = frozenset({"escalate_specialist", "escalate_senior"})
# A follow-up is not drafted: the gate weighs it as a message with nothing to send.
_NOTHING_DRAFTED = Draft(text="", citations=(), grounded=False, drafter="template")


def urgent_decision(understanding: Understanding, config: GateConfig) -> GateDecision | None:
    """The specialist or senior route the follow-up calls for on its own, else None."""
    record = understanding.to_record()
    state = {
        "intent": record["intent"] or "other",
        "confidence": record["confidence"],
        "flags": record["flags"],
    }
    decision = decide(gate_input_from_state(state, _NOTHING_DRAFTED, (), record), config)
    return decision if decision.route in URGENT_ROUTES else None


def follow_up_reading(understanding: Understanding) -> dict[str, Any]:
    """What the agent's card shows beside the follow-up's words: masked, no raw values."""
    return {
        "intent": understanding.intent.intent,
        "confidence": round(understanding.intent.confidence, 4),
        "angry": understanding.sentiment.angry,
        "keywords": list(understanding.signals.keywords),
    }
