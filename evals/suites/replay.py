"""Replaying the gate on a recorded conversation state with another auto threshold.

The coverage-versus-error curves ask "what if the intent's auto threshold were t?" without
running the graph again. The gate is a pure function of what it weighs, so the suites rebuild
its input from the recorded state (the same fields the gate node reads) and ask it twice: once
with the intent's threshold at 0 (would the draft ever go out on its own?) and once above 1
(does it go out whatever the confidence, as a clarifying question does?). Everything between
is decided by confidence alone, which is what the curve sweeps.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Literal

from drafting.types import Draft
from graph.gate import GateInput, decide
from graph.gate_config import GateConfig
from graph.nodes.drafting import _claim_free as claim_free

AutoClass = Literal["always", "threshold", "never"]
_ABOVE_ANY_CONFIDENCE = 1.01


def gate_input(state: dict[str, Any]) -> GateInput:
    """The gate's input, read from a conversation state the way the gate node reads it."""
    understanding = state.get("understanding") or {}
    sentiment = understanding.get("sentiment") or {}
    signals = understanding.get("signals") or {}
    draft = state.get("draft") or {}
    order_value = signals.get("order_value")
    return GateInput(
        intent=str(state.get("intent", "other")),
        confidence=float(state.get("confidence", 0.0)),
        angry=bool(sentiment.get("angry", False)),
        anger=float(sentiment.get("anger", 0.0)),
        high_value=bool(signals.get("high_value", False)),
        order_value=f"{order_value} {signals.get('currency') or ''}".strip()
        if order_value
        else None,
        repeat_contact=bool(signals.get("repeat_contact", False)),
        recent_contacts=int(signals.get("recent_contacts", 0)),
        keywords=tuple(signals.get("keywords") or ()),
        flags=tuple(state.get("flags") or ()),
        grounded=bool(draft.get("grounded", False)),
        clarifying_question=bool(draft.get("clarifying_question", False)),
        check_problems=tuple((state.get("check") or {}).get("problems") or ()),
        claim_free=_claim_free(draft),
    )


def _claim_free(draft: dict[str, Any]) -> bool:
    # The gate node's own rule, reused so the replay can never drift from it.
    return claim_free(Draft.from_record(draft))


def with_threshold(config: GateConfig, intent: str, threshold: float) -> GateConfig:
    return replace(config, auto={**config.auto, intent: threshold})


def auto_class(state: dict[str, Any], config: GateConfig) -> AutoClass:
    """How the intent's threshold governs this draft: never auto, always auto, or by threshold."""
    gate = gate_input(state)
    if decide(gate, with_threshold(config, gate.intent, 0.0)).route != "auto_reply":
        return "never"
    if decide(gate, with_threshold(config, gate.intent, _ABOVE_ANY_CONFIDENCE)).automatic:
        return "always"
    return "threshold"


def auto_at(cls: AutoClass, confidence: float, threshold: float) -> bool:
    return cls == "always" or (cls == "threshold" and confidence >= threshold)
