"""The unit of grounding: one fact a tool found, citable by a stable source id.

Drafters (template or LLM) may only state what is in the facts they were given, and every
reply cites the `source_id`s it used. Facts hold no personal data beyond what the masked view
replaces with the conversation's placeholders: `data` never carries names, street addresses,
postcodes, emails or phone numbers, and order ids appear in `masked_text` as `<ORDER_ID_n>`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

FactKind = Literal[
    "order",  # one order: status, lines, shipments, returns, refunds
    "order_list",  # the logged-in customer's recent orders
    "product",  # one SKU with its product facts
    "policy",  # one policy section
    "eligibility",  # a computed answer: may this order be returned / cancelled / changed
    "refusal",  # a look-up that was refused or found nothing; reveals nothing about others
]


# Set on the product fact an earlier turn of the conversation was about (graph/nodes/retrieval.py).
DISCUSSED_BEFORE = "discussed_before"


@dataclass(frozen=True)
class Fact:
    """A fact with a stable id ("order:HR-204813", "sku:LGT-0412", "policy:returns@v3#window",
    "eligibility:return:HR-204813") and a human title ("Returns policy: the window")."""

    source_id: str
    kind: FactKind
    title: str
    data: dict[str, Any] = field(default_factory=dict)  # JSON-safe: str, int, float, bool, lists
    # What a drafter or LLM may read: plain sentences, order ids already as placeholders.
    masked_text: str = ""
    # How closely the fact matches the question that found it, when a search measured it: for a
    # policy section the cosine similarity of question and section (1.0 = same meaning; below
    # about 0.3 only loosely related). None when it was not ranked (looked up by id or by rule).
    score: float | None = None

    def to_record(self) -> dict[str, Any]:
        return {
            "source_id": self.source_id,
            "kind": self.kind,
            "title": self.title,
            "data": self.data,
            "masked_text": self.masked_text,
            "score": self.score,
        }

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Fact:
        return cls(
            source_id=str(record["source_id"]),
            kind=record["kind"],
            title=str(record.get("title", "")),
            data=dict(record.get("data") or {}),
            masked_text=str(record.get("masked_text", "")),
            score=_score(record.get("score")),
        )


def _score(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


@dataclass(frozen=True)
class ToolCallRecord:
    """One tool call as the hand-off packet and the feedback log show it (masked arguments)."""

    tool: str
    arguments: dict[str, Any]
    outcome: Literal["ok", "refused", "not_found", "error"]
    source_ids: tuple[str, ...]
    elapsed_ms: float

    def to_record(self) -> dict[str, Any]:
        return {
            "tool": self.tool,
            "arguments": self.arguments,
            "outcome": self.outcome,
            "source_ids": list(self.source_ids),
            "elapsed_ms": round(self.elapsed_ms, 2),
        }
