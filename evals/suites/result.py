"""The typed result every suite returns, and the small statistics helpers they share."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

Metric = float | None  # None: not measurable on this run (nothing to divide by)


@dataclass(frozen=True)
class SuiteResult:
    """`metrics`: the headline numbers (flat, what the gate and the comparison read);
    `per_intent`: the same kind of numbers per expected intent; `details`: tables for the
    report (JSON-safe); `notes`: what a reader must know to read the numbers right."""

    name: str
    metrics: dict[str, Metric]
    per_intent: dict[str, dict[str, Metric]] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "metrics": self.metrics,
            "per_intent": self.per_intent,
            "details": self.details,
            "notes": list(self.notes),
        }


def ratio(part: float, whole: float) -> Metric:
    return round(part / whole, 4) if whole else None


def mean(values: Iterable[float | None]) -> Metric:
    kept = [v for v in values if v is not None and not math.isnan(v)]
    return round(sum(kept) / len(kept), 4) if kept else None


def percentile(values: Sequence[float], q: float) -> Metric:
    """The q-th percentile (0..100) by linear interpolation between closest ranks."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    value = ordered[low] + (ordered[high] - ordered[low]) * (position - low)
    return round(value, 2)
