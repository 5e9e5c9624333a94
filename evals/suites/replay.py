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
from graph.nodes.drafting import gate_input_from_state

AutoClass = Literal["always", "threshold", "never"]
_ABOVE_ANY_CONFIDENCE = 1.01


def gate_input(state: dict[str, Any]) -> GateInput:
    """The gate's input, read from a recorded conversation state by the gate node's own reader."""
    draft = Draft.from_record(state.get("draft") or {})
    problems = tuple((state.get("check") or {}).get("problems") or ())
    return gate_input_from_state(state, draft, problems)


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
