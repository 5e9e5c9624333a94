"""routing: does each ticket take a route its business rules allow.

- deflection: share of tickets answered automatically (route `auto_reply` on the last turn);
- wrong-auto rate: of the automatic answers, the share that should not have gone out alone:
  the ticket's acceptable routes exclude `auto_reply`, or the reply misses one of its required
  facts (`fact_present`: a wrong date or carrier is a missing fact);
- escalation recall: of the tickets that must reach a person, the share that did;
- misrouting: of the tickets that reached a person, the share that landed in a queue the
  ticket does not accept (a senior matter in the manual queue, say);
- coverage-versus-error curves per intent: the gate replayed on the recorded states with the
  intent's auto threshold swept from 0.5 to 1 (`replay.py`); coverage is the share of that
  intent's tickets that would go out alone, error the share of those that would be wrong.
  Curves group tickets by the intent the classifier gave, because that is the threshold that
  applies.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from evals.suites.answers import facts_missing
from evals.suites.records import TicketRun
from evals.suites.replay import auto_at
from evals.suites.result import Metric, SuiteResult, ratio

CURVE_THRESHOLDS = tuple(round(0.5 + i * 0.02, 2) for i in range(26))  # 0.50 .. 1.00


def wrong_if_sent(run: TicketRun, text: str) -> str | None:
    """Why this text would be a wrong automatic answer to the ticket, or None if it is fine."""
    if "auto_reply" not in run.ticket.acceptable_routes:
        return "route"
    if facts_missing(text, run.ticket.required_facts):
        return "facts"
    return None


def _headline(runs: Sequence[TicketRun]) -> dict[str, Metric]:
    auto = [r for r in runs if r.auto]
    wrong = [r for r in auto if wrong_if_sent(r, r.reply_text)]
    must = [r for r in runs if r.ticket.must_escalate]
    person = [r for r in runs if r.reached_person]
    could_auto = [r for r in runs if "auto_reply" in r.ticket.acceptable_routes]
    return {
        "tickets": float(len(runs)),
        "deflection": ratio(len(auto), len(runs)),
        "wrong_auto_rate": ratio(len(wrong), len(auto)),
        "wrong_auto_tickets": float(len(wrong)),
        "escalation_recall": ratio(sum(r.reached_person for r in must), len(must)),
        "misrouting": ratio(sum(not r.route_ok for r in person), len(person)),
        "route_accuracy": ratio(sum(r.route_ok for r in runs), len(runs)),
        "auto_when_allowed": ratio(sum(r.auto for r in could_auto), len(could_auto)),
        "errors": float(sum(r.route == "error" for r in runs)),
    }


def coverage_error_curve(
    runs: Sequence[TicketRun], thresholds: Sequence[float] = CURVE_THRESHOLDS
) -> list[dict[str, float | int | None]]:
    """One point per threshold: coverage and error if every run here used that threshold."""
    points: list[dict[str, float | int | None]] = []
    for t in thresholds:
        sent = [r for r in runs if auto_at(r.auto_class, r.confidence or 0.0, t)]
        wrong = sum(1 for r in sent if wrong_if_sent(r, r.draft_text))
        points.append(
            {
                "threshold": t,
                "coverage": ratio(len(sent), len(runs)),
                "error": ratio(wrong, len(sent)),
                "auto": len(sent),
            }
        )
    return points


def _curves(runs: Sequence[TicketRun], thresholds: dict[str, float]) -> dict[str, Any]:
    by_intent: dict[str, list[TicketRun]] = defaultdict(list)
    for run in runs:
        if run.intent is not None:
            by_intent[run.intent].append(run)
    return {
        intent: {
            "tickets": len(group),
            "threshold": thresholds.get(intent),
            "points": coverage_error_curve(group),
        }
        for intent, group in sorted(by_intent.items())
    }


def _replay_mismatches(runs: Sequence[TicketRun], thresholds: dict[str, float]) -> list[str]:
    """Tickets whose replayed gate disagrees with the route the graph took (should be none)."""
    out = []
    for r in runs:
        if r.intent is None or r.route == "error":
            continue
        replayed = auto_at(r.auto_class, r.confidence or 0.0, thresholds.get(r.intent, 1.01))
        if replayed != r.auto:
            out.append(r.ticket.id)
    return out


def routing_suite(runs: Sequence[TicketRun], thresholds: dict[str, float]) -> SuiteResult:
    per_intent: dict[str, dict[str, Metric]] = {}
    groups: dict[str, list[TicketRun]] = defaultdict(list)
    for run in runs:
        groups[run.ticket.expected_intent].append(run)
    for intent, group in sorted(groups.items()):
        head = _headline(group)
        per_intent[intent] = {
            k: head[k]
            for k in ("tickets", "deflection", "wrong_auto_rate", "escalation_recall", "misrouting")
        }
    confusion = Counter((r.ticket.expected_route, r.route) for r in runs)
    wrong_auto = [
        {"id": r.ticket.id, "why": why, "route_expected": r.ticket.expected_route}
        for r in runs
        if r.auto and (why := wrong_if_sent(r, r.reply_text))
    ]
    missed = [
        {"id": r.ticket.id, "route": r.route, "expected": r.ticket.expected_route}
        for r in runs
        if r.ticket.must_escalate and not r.reached_person
    ]
    mismatches = _replay_mismatches(runs, thresholds)
    return SuiteResult(
        "routing",
        _headline(runs),
        per_intent=per_intent,
        details={
            "route_confusion": [
                {"expected": e, "actual": a, "count": n} for (e, a), n in sorted(confusion.items())
            ],
            "curves": _curves(runs, thresholds),
            "wrong_auto": wrong_auto,
            "missed_escalations": missed,
            "replay_mismatches": mismatches,
        },
        notes=(
            "wrong-auto rate is over automatic answers; per intent by expected intent",
            "curves group by predicted intent (its threshold applies); the replayed gate "
            f"disagreed with the graph on {len(mismatches)} ticket(s)",
        ),
    )
