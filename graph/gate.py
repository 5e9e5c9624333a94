"""The gate: which route a drafted reply takes, with a reason a person can read.

Pure and synchronous: everything it weighs arrives in `GateInput`. Overrides come first (a
specialist matter, an angry or repeat customer, a high-value problem, a request for a person),
then the draft's own safety (grounding, the post-generation check), and only then confidence
against the intent's threshold. Nothing in the customer's text can change the table: the
thresholds come from the config file, never from the conversation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from graph.gate_config import GateConfig

Route = Literal[
    "auto_reply",
    "agent_suggestion",
    "manual_queue",
    "escalate_senior",
    "escalate_specialist",
]
Queue = Literal["specialist", "senior", "suggestion", "manual"]
# The turn flag the understanding node sets when the assistant's previous reply was a clarifying
# question that went out on its own: the gate never asks a second one in a row.
ASKED_BEFORE = "after_clarifying_question"

QUEUE_OF_ROUTE: dict[str, Queue | None] = {
    "auto_reply": None,
    "agent_suggestion": "suggestion",
    "manual_queue": "manual",
    "escalate_senior": "senior",
    "escalate_specialist": "specialist",
}

ROUTE_OF_QUEUE: dict[str, str] = {
    queue: route for route, queue in QUEUE_OF_ROUTE.items() if queue is not None
}


@dataclass(frozen=True)
class GateInput:
    intent: str
    confidence: float
    angry: bool
    anger: float
    high_value: bool
    order_value: str | None  # "612.00 GBP", for the reason text
    repeat_contact: bool
    recent_contacts: int
    keywords: tuple[str, ...]
    flags: tuple[str, ...]
    grounded: bool
    clarifying_question: bool
    check_problems: tuple[str, ...]
    claim_free: bool  # the draft states no amounts, dates, placeholders or citations


@dataclass(frozen=True)
class GateDecision:
    route: Route
    reason: str
    threshold: float | None
    config_version: int

    @property
    def queue(self) -> Queue | None:
        return QUEUE_OF_ROUTE[self.route]

    @property
    def automatic(self) -> bool:
        return self.route == "auto_reply"

    def to_record(self) -> dict[str, Any]:
        return {
            "route": self.route,
            "queue": self.queue,
            "reason": self.reason,
            "threshold": self.threshold,
            "config_version": self.config_version,
        }


def decide(gate: GateInput, config: GateConfig) -> GateDecision:
    def route(name: Route, reason: str, threshold: float | None = None) -> GateDecision:
        return GateDecision(name, reason, threshold, config.version)

    specialist_words = sorted(set(gate.keywords) & config.specialist_keywords)
    if gate.intent in config.specialist_intents:
        return route("escalate_specialist", f"{_label(gate.intent)} goes to a specialist")
    if specialist_words:
        words = ", ".join(w.replace("_", " ") for w in specialist_words)
        return route("escalate_specialist", f"the customer mentions {words}")
    if gate.intent == "human_request":
        return route("escalate_senior", "the customer asked for a person")
    if gate.angry:
        return route("escalate_senior", f"the customer is angry (anger {gate.anger:.2f})")
    if gate.repeat_contact:
        return route(
            "escalate_senior",
            f"{gate.recent_contacts} contacts about this order in 30 days: earlier answers "
            "did not resolve it",
        )
    if gate.high_value and gate.intent in config.high_value_intents:
        return route(
            "escalate_senior",
            f"{_label(gate.intent)} on an order worth {gate.order_value} (500 or more)",
        )
    if gate.intent in config.never_auto:
        return _by_confidence(gate, config, f"{_label(gate.intent)} always goes to a person")
    flagged = sorted(set(gate.flags) & config.review_flags)
    if flagged:
        why = ", ".join(f.replace("_", " ") for f in flagged)
        return _by_confidence(gate, config, f"the message needs a person's eye ({why})")
    if gate.check_problems:
        return route(
            "manual_queue",
            "the draft failed the grounding check: " + "; ".join(gate.check_problems),
        )
    if gate.clarifying_question:
        if ASKED_BEFORE in gate.flags:
            # One question is help; a second in a row is a loop. A person takes it from here.
            return _by_confidence(
                gate, config, "still unclear after one clarifying question: a person takes it"
            )
        return route("auto_reply", "missing information: asking one clarifying question")
    threshold = config.auto_threshold(gate.intent)
    if not gate.grounded and not (gate.intent in config.claim_free_intents and gate.claim_free):
        return _by_confidence(gate, config, "no retrieved fact answers the question")
    if gate.confidence >= threshold:
        return route(
            "auto_reply",
            f"{_label(gate.intent)} at confidence {gate.confidence:.2f} "
            f">= its threshold {threshold:.2f}",
            threshold,
        )
    return _by_confidence(
        gate,
        config,
        f"confidence {gate.confidence:.2f} is below the {_label(gate.intent)} threshold "
        f"{threshold:.2f}",
    )


def _by_confidence(gate: GateInput, config: GateConfig, reason: str) -> GateDecision:
    """Not automatic: a confident draft becomes an agent's suggestion, a weak one manual work."""
    if gate.confidence >= config.suggestion_band and not gate.check_problems:
        return GateDecision("agent_suggestion", reason, config.suggestion_band, config.version)
    return GateDecision("manual_queue", reason, config.suggestion_band, config.version)


def _label(intent: str) -> str:
    return intent.replace("_", " ")
