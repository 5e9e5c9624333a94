"""The route a golden ticket should take, from the business rules and the ticket's tags.

This is the labelling rule for golden tickets, written from DESIGN.md and the lists in
`graph/thresholds.toml` (which intents always go to a person or a specialist, which ones count
for high-value orders). It never looks at a classifier's confidence: a label says where a
correct assistant sends the ticket, not where today's model happens to send it.

Precedence, as the shop's rules state it: a specialist matter (privacy, chargebacks, fraud,
legal words) beats everything; then a request for a person, anger, repeat contact and a problem
on a high-value order go to a senior agent; complaints and damaged items always reach a person;
a message a person should read first (not English, prompt injection) or a question nothing in the
shop's data answers goes to a person too; everything else is answered automatically.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from graph.gate import Route
from graph.gate_config import GateConfig, load_gate_config

PERSON: tuple[Route, ...] = ("agent_suggestion", "manual_queue")


@dataclass(frozen=True)
class RouteLabel:
    expected: Route
    acceptable: tuple[Route, ...]
    reason: str

    @property
    def must_escalate(self) -> bool:
        """Must a person see it before the customer gets an answer?"""
        return "auto_reply" not in self.acceptable


def route_for(intent: str, tags: Collection[str], config: GateConfig | None = None) -> RouteLabel:
    rules = config or load_gate_config()
    label = intent.replace("_", " ")
    if intent in rules.specialist_intents:
        return RouteLabel(
            "escalate_specialist", ("escalate_specialist",), f"{label} goes to a specialist"
        )
    if "specialist-trigger" in tags:
        return RouteLabel(
            "escalate_specialist",
            ("escalate_specialist",),
            "the customer mentions legal action, a dispute, fraud or their personal data",
        )
    senior: tuple[Route, ...] = ("escalate_senior",)
    if intent == "human_request":
        return RouteLabel("escalate_senior", senior, "the customer asked for a person")
    if "angry" in tags:
        return RouteLabel("escalate_senior", senior, "the customer is angry")
    if "repeat-contact" in tags:
        return RouteLabel(
            "escalate_senior", senior, "three or more contacts about this order in 30 days"
        )
    if "high-value" in tags and intent in rules.high_value_intents:
        return RouteLabel("escalate_senior", senior, f"{label} on an order worth 500 or more")
    if intent in rules.never_auto:
        return RouteLabel("agent_suggestion", PERSON, f"{label} always goes to a person")
    if "multilingual" in tags:
        return RouteLabel("manual_queue", PERSON, "not in English: a person reads it first")
    if "prompt-injection" in tags:
        return RouteLabel("manual_queue", PERSON, "prompt injection: a person reads it first")
    if "no-grounding" in tags:
        return RouteLabel(
            "manual_queue", PERSON, "nothing in the shop's data or policies answers it"
        )
    if "clarify" in tags:
        return RouteLabel("auto_reply", ("auto_reply",), "one clarifying question is the answer")
    return RouteLabel(
        "auto_reply", ("auto_reply",), f"a clear {label} question the shop's data answers"
    )
