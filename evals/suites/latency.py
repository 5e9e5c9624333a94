"""latency: server-side time to first token over every turn the suite played.

Measured by the assistant itself (`TurnResult.ttft_ms`: from the message received to the first
streamed token), so it includes masking, understanding, retrieval, drafting and the gate, and
excludes any network between the customer and the server. Whole-turn time is reported beside it.
"""

from __future__ import annotations

from collections.abc import Sequence

from evals.suites.records import TicketRun
from evals.suites.result import SuiteResult, percentile

HISTOGRAM_MS = (0, 50, 100, 150, 200, 300, 400, 600, 800, 1000, 1500, 2000, 3000, 5000)


def histogram(values: Sequence[float], edges: Sequence[int] = HISTOGRAM_MS) -> dict[str, list[int]]:
    counts = [0] * len(edges)  # the last bin holds everything from the last edge up
    for v in values:
        index = max(i for i, edge in enumerate(edges) if v >= edge) if v >= edges[0] else 0
        counts[index] += 1
    return {"edges": list(edges), "counts": counts}


def latency_suite(runs: Sequence[TicketRun], drafter: str) -> SuiteResult:
    ttft = [o.ttft_ms for r in runs for o in r.turns if o.ttft_ms is not None]
    total = [o.total_ms for r in runs for o in r.turns]
    by_intent: dict[str, list[float]] = {}
    for r in runs:
        by_intent.setdefault(r.ticket.expected_intent, []).extend(
            o.ttft_ms for o in r.turns if o.ttft_ms is not None
        )
    return SuiteResult(
        "latency",
        {
            "turns": float(len(total)),
            "ttft_p50_ms": percentile(ttft, 50),
            "ttft_p95_ms": percentile(ttft, 95),
            "ttft_max_ms": max(ttft) if ttft else None,
            "turn_p50_ms": percentile(total, 50),
            "turn_p95_ms": percentile(total, 95),
        },
        per_intent={
            intent: {"ttft_p50_ms": percentile(v, 50), "ttft_p95_ms": percentile(v, 95)}
            for intent, v in sorted(by_intent.items())
        },
        details={"ttft_histogram": histogram(ttft), "ttft_ms": sorted(ttft)},
        notes=(f"drafter: {drafter}; turns played one at a time on this machine",),
    )
