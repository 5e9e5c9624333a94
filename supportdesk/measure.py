"""Summaries of timing samples, shared by every benchmark so their figures mean the same."""

from __future__ import annotations

import statistics


def percentiles(samples_ms: list[float]) -> dict[str, float]:
    """Median and nearest-rank p95 (a p95 that was actually observed), in ms, and the count."""
    if not samples_ms:
        raise ValueError("no samples to summarise")
    ordered = sorted(samples_ms)
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]
    return {
        "p50_ms": round(statistics.median(ordered), 3),
        "p95_ms": round(p95, 3),
        "runs": len(ordered),
    }
