"""A customer's message while their case waits for a person.

The assistant does not answer it (a colleague has the case), but it still reads it the way it
reads every message: "Right, I want to make a complaint" or an angry "still nothing?!" after a
calm first question changes who should pick the case up. The gate's own overrides decide: a
follow-up that would have gone to a specialist or a senior agent on its own moves the waiting
case to that queue (never to a less urgent one), and the agent's card shows what it was read as.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from drafting.types import Draft
from graph.gate import GateDecision, decide
from graph.gate_config import GateConfig
from graph.nodes.drafting import gate_input_from_state
from nlp.reading_rules import apply_to_record
from nlp.understand import (
    ConversationContext,
    CustomerContext,
    UnderstandingModels,
    understand_with_turn,
)

# The routes a message earns by what it says, whatever could be drafted for it.
URGENT_ROUTES = frozenset({"escalate_specialist", "escalate_senior"})
# A follow-up is not drafted: the gate weighs it as a message with nothing to send.
_NOTHING_DRAFTED = Draft(text="", citations=(), grounded=False, drafter="template")


@dataclass(frozen=True)
class FollowUpReading:
    """What a follow-up was read as: the understanding record (masked, no raw values), with the
    same rules over the model's guess as a turn in the graph gets (nlp/reading_rules.py)."""

    record: dict[str, Any]

    @property
    def masked_text(self) -> str:
        return str(self.record["masked_text"])


def read_follow_up(
    message: str | None,
    conversation: ConversationContext,
    customer: CustomerContext,
    models: UnderstandingModels,
) -> FollowUpReading:
    """Mask and read a message sent while the case waits. Never raises on input."""
    turn, understanding = understand_with_turn(message, conversation, customer, models=models)
    record = understanding.to_record()
    apply_to_record(record, turn.clean_text)
    return FollowUpReading(record)


def urgent_decision(reading: FollowUpReading, config: GateConfig) -> GateDecision | None:
    """The specialist or senior route the follow-up calls for on its own, else None."""
    record = reading.record
    state = {
        "intent": record["intent"] or "other",
        "confidence": record["confidence"],
        "flags": record["flags"],
    }
    decision = decide(gate_input_from_state(state, _NOTHING_DRAFTED, (), record), config)
    return decision if decision.route in URGENT_ROUTES else None


def follow_up_reading(reading: FollowUpReading) -> dict[str, Any]:
    """What the agent's card shows beside the follow-up's words: masked, no raw values."""
    record = reading.record
    sentiment = record.get("sentiment") or {}
    return {
        "intent": record["intent"],
        "confidence": round(float(record["confidence"]), 4),
        "angry": bool(sentiment.get("angry", False)),
        "keywords": list((record.get("signals") or {}).get("keywords") or ()),
    }
