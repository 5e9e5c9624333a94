"""What one played golden ticket produced: the typed record every suite reads.

The runner plays each ticket once and keeps everything the suites need, so that adding a suite
never means running the graph again. Texts are kept twice: masked (placeholders) for anything
written to disk or uploaded, and restored (what the customer or the agent saw) in memory only,
because required facts such as a tracking number are personal-looking values the reply must
state in full. `to_json()` writes the masked side only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from evals.golden_schema import GoldenTicket
from evals.suites.replay import AutoClass

# The routes that put a person in front of the reply before the customer gets an answer.
PERSON_ROUTES = frozenset(
    {"agent_suggestion", "manual_queue", "escalate_senior", "escalate_specialist"}
)


@dataclass(frozen=True)
class TurnObservation:
    route: str  # as the assistant returned it, including waiting_agent and error
    intent: str | None
    confidence: float | None
    ttft_ms: float | None
    total_ms: float


@dataclass(frozen=True)
class FactView:
    source_id: str
    kind: str
    masked_text: str


@dataclass
class TicketRun:
    ticket: GoldenTicket
    turns: list[TurnObservation]
    route: str  # the route the last turn's reply took (see `waiting_on_earlier`)
    reason: str
    intent: str | None  # as classified on the last turn
    confidence: float | None
    reply_text: str  # what the customer saw on the last turn: restored, memory only
    draft_text: str  # the last draft, restored: what an agent saw or what went out
    masked_reply: str
    masked_draft: str
    masked_turns: list[str]  # the customer's turns as the graph stored them
    facts: list[FactView]
    tool_calls: list[dict[str, Any]]
    auto_class: AutoClass
    # An earlier turn was escalated, so the last one was added to the agent's card and not
    # answered: `route` is then the route of that escalation, as the last turn left it (a
    # follow-up may have moved it to a more urgent queue).
    waiting_on_earlier: bool = False
    error: str | None = None
    trace_text: str = ""  # the final state as a trace would carry it (scrubbed), JSON
    logs: list[str] = field(default_factory=list)  # log lines emitted while playing it
    boundary: list[str] = field(default_factory=list)  # LLM request bodies, JSON
    # Why the drafter held its draft back, or what it noted while writing it (masked): what QA
    # reads first when a ticket that should have gone out on its own went to a person.
    draft_notes: list[str] = field(default_factory=list)

    @property
    def auto(self) -> bool:
        return self.route == "auto_reply"

    @property
    def reached_person(self) -> bool:
        return self.route in PERSON_ROUTES

    @property
    def route_ok(self) -> bool:
        return self.route in self.ticket.acceptable_routes

    def answer_for_reference(self) -> str:
        """What to compare with the reference answer: the reply when it went out on its own;
        otherwise the draft followed by the hand-off sentence the customer got, which is the
        shape of a reference answer for a ticket a person must see."""
        if self.auto or not self.draft_text:
            return self.reply_text
        return f"{self.draft_text} {self.reply_text}".strip()

    def to_json(self) -> dict[str, Any]:
        t = self.ticket
        return {
            "id": t.id,
            "expected_intent": t.expected_intent,
            "expected_route": t.expected_route,
            "acceptable_routes": list(t.acceptable_routes),
            "must_escalate": t.must_escalate,
            "tags": list(t.tags),
            "route": self.route,
            "reason": self.reason,
            "intent": self.intent,
            "confidence": self.confidence,
            "auto_class": self.auto_class,
            "waiting_on_earlier": self.waiting_on_earlier,
            "error": self.error,
            "turns": [
                {
                    "route": o.route,
                    "intent": o.intent,
                    "confidence": o.confidence,
                    "ttft_ms": o.ttft_ms,
                    "total_ms": o.total_ms,
                }
                for o in self.turns
            ],
            "masked_turns": self.masked_turns,
            "masked_reply": self.masked_reply,
            "masked_draft": self.masked_draft,
            "draft_notes": self.draft_notes,
            "sources": [f.source_id for f in self.facts],
            "tools": [c.get("tool") for c in self.tool_calls],
        }


@dataclass
class PlayedSplit:
    """Every ticket of one run, and how the run was made."""

    runs: list[TicketRun]
    split: str
    drafter: str  # "template" or "llm"
    seconds: float
    gate_version: int
    thresholds: dict[str, float]
    suggestion_band: float
    stub_pass: list[TicketRun] | None = None  # the privacy suite's pass through the stub LLM
