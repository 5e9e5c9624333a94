"""KPIs for agents and QA, computed from what the graph and the desk record.

Sources: `feedback_events` (`turn_outcome` when a reply goes out, `csat` from the chat) and
`escalations` (queue, reason, intent, confidence, timing, edit distance). A customer turn is
either answered automatically (a `turn_outcome` without an agent action) or escalated (an
escalation that is not an agent's re-draft after reassigning the intent); the outcome an agent's
decision records later belongs to the escalated turn and is not counted again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from store.database import Database

CONFIDENCE_BINS = (0.5, 0.75, 0.85, 0.92)  # edges; labels below
CONFIDENCE_LABELS = ("< 0.50", "0.50–0.75", "0.75–0.85", "0.85–0.92", "≥ 0.92")
EDIT_BINS = ((0, 0, "unchanged"), (1, 5, "1–5 words"), (6, 20, "6–20"), (21, 50, "21–50"))
# The gate writes its reason in words; these fragments group them into a few categories.
REASON_CATEGORIES = (
    ("goes to a specialist", "specialist matter"),
    ("the customer mentions", "legal, fraud or chargeback words"),
    ("asked for a person", "asked for a person"),
    ("is angry", "angry customer"),
    ("contacts about this order", "repeat contact"),
    ("on an order worth", "high-value order"),
    ("always goes to a person", "always handled by a person"),
    ("needs a person's eye", "message flagged"),
    ("grounding check", "draft failed the check"),
    ("no retrieved fact", "nothing found to answer from"),
    ("below the", "low confidence"),
)


@dataclass(frozen=True)
class KpiReport:
    days: int
    turns: int
    auto_turns: int
    escalations: int
    by_reason: list[tuple[str, int]]
    by_intent: list[tuple[str, int]]
    by_queue: list[tuple[str, int]]
    confidence: list[tuple[str, list[int]]]  # intent -> counts per CONFIDENCE_LABELS bin
    handled: int
    handling_median_min: float | None
    handling_p90_min: float | None
    edits: int
    edit_median: float | None
    edit_bins: list[tuple[str, int]]
    csat_votes: int
    csat_positive: int
    notes: list[str] = field(default_factory=list)

    @property
    def deflection_rate(self) -> float | None:
        return self.auto_turns / self.turns if self.turns else None


def reason_category(reason: str) -> str:
    lowered = reason.lower()
    for fragment, label in REASON_CATEGORIES:
        if fragment in lowered:
            return label
    return "other"


def confidence_bin(value: float) -> int:
    return sum(1 for edge in CONFIDENCE_BINS if value >= edge)


# One row per customer turn: its intent and confidence, and whether it was answered alone.
_TURNS_SQL = """
SELECT coalesce(details->>'intent', 'other') AS intent, value AS confidence, true AS automatic
FROM feedback_events
WHERE kind = 'turn_outcome' AND details->>'agent_action' IS NULL
  AND details->>'route' = 'auto_reply'
  AND created_at > now() - make_interval(days => %(days)s)
UNION ALL
SELECT coalesce(intent, 'other'), confidence, false
FROM escalations
WHERE packet->>'reclassified_from' IS NULL
  AND created_at > now() - make_interval(days => %(days)s)
"""
_ESCALATIONS_SQL = """
SELECT reason, coalesce(intent, 'other') AS intent, queue, count(*) AS n
FROM escalations
WHERE created_at > now() - make_interval(days => %(days)s)
  AND packet->>'reclassified_from' IS NULL
GROUP BY reason, coalesce(intent, 'other'), queue
"""
_HANDLING_SQL = """
SELECT count(*) AS handled,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - created_at))
           / 60.0 AS median_min,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - created_at))
           / 60.0 AS p90_min
FROM escalations
WHERE resolved_at IS NOT NULL AND coalesce(decision, '') <> 'reassign'
  AND created_at > now() - make_interval(days => %(days)s)
"""
_EDITS_SQL = """
SELECT edit_distance FROM escalations
WHERE edit_distance IS NOT NULL AND created_at > now() - make_interval(days => %(days)s)
"""
_CSAT_SQL = """
SELECT count(*) AS votes, count(*) FILTER (WHERE value >= 1) AS positive
FROM feedback_events
WHERE kind = 'csat' AND created_at > now() - make_interval(days => %(days)s)
"""


def load_kpis(db: Database, *, days: int = 30) -> KpiReport:
    params = {"days": days}
    with db.connect() as conn:
        turns = conn.execute(_TURNS_SQL, params).fetchall()
        escalations = conn.execute(_ESCALATIONS_SQL, params).fetchall()
        handling = conn.execute(_HANDLING_SQL, params).fetchone() or {}
        edits = [int(r["edit_distance"]) for r in conn.execute(_EDITS_SQL, params).fetchall()]
        csat = conn.execute(_CSAT_SQL, params).fetchone() or {}
    by_reason: dict[str, int] = {}
    by_intent: dict[str, int] = {}
    by_queue: dict[str, int] = {}
    for row in escalations:
        n = int(row["n"])
        category = reason_category(str(row["reason"]))
        by_reason[category] = by_reason.get(category, 0) + n
        by_intent[str(row["intent"])] = by_intent.get(str(row["intent"]), 0) + n
        by_queue[str(row["queue"])] = by_queue.get(str(row["queue"]), 0) + n
    bins: dict[str, list[int]] = {}
    for row in turns:
        if row["confidence"] is not None:
            counts = bins.setdefault(str(row["intent"]), [0] * len(CONFIDENCE_LABELS))
            counts[confidence_bin(float(row["confidence"]))] += 1
    return KpiReport(
        days=days,
        turns=len(turns),
        auto_turns=sum(1 for row in turns if row["automatic"]),
        escalations=sum(by_queue.values()),
        by_reason=_ranked(by_reason),
        by_intent=_ranked(by_intent),
        by_queue=_ranked(by_queue),
        confidence=sorted(bins.items(), key=lambda item: -sum(item[1])),
        handled=int(handling.get("handled") or 0),
        handling_median_min=_maybe_float(handling.get("median_min")),
        handling_p90_min=_maybe_float(handling.get("p90_min")),
        edits=len(edits),
        edit_median=_median(edits),
        edit_bins=_edit_bins(edits),
        csat_votes=int(csat.get("votes") or 0),
        csat_positive=int(csat.get("positive") or 0),
    )


def _ranked(counts: dict[str, int]) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _edit_bins(edits: list[int]) -> list[tuple[str, int]]:
    out = [(label, sum(1 for e in edits if low <= e <= high)) for low, high, label in EDIT_BINS]
    out.append(("over 50", sum(1 for e in edits if e > EDIT_BINS[-1][1])))
    return out


def _median(values: list[int]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2


def _maybe_float(value: Any) -> float | None:
    return round(float(value), 1) if value is not None else None
