"""What got better and what got worse: one evaluation result against another.

Results are the `result.json` files `supportdesk eval` writes under `.data/eval-runs/<stamp>/`.
The baseline is the previous run on the same split, or one named with `--baseline NAME`: a run
folder's name, a saved baseline (`.data/eval-runs/baselines/NAME.json`, written by
`--save-baseline NAME`) or a path. Each headline metric and each per-intent figure is marked
better, worse or unchanged, knowing which way is good for it (fewer leaks, lower latency).
Counts that only describe the run (tickets played, requests checked) are not judged.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from supportdesk.errors import ConfigurationError

Verdict = Literal["better", "worse", "same", "new", "gone", "changed"]
LOWER_IS_BETTER = (
    "wrong_auto",
    "misrouting",
    "ece",
    "leaks",
    "errors",
    "unclassified",
    "_ms",
    "without_references",
)
NOT_JUDGED = frozenset(
    {
        "tickets",
        "turns",
        "support",
        "auto_answers_with_facts",
        "llm_requests_checked",
        "log_lines_checked",
        "tickets_scored",
        "mean_confidence",  # higher is not better: calibration (ECE) judges confidence
    }
)
TOLERANCE = 1e-6


@dataclass(frozen=True)
class Change:
    metric: str
    before: float | None
    after: float | None
    verdict: Verdict

    @property
    def delta(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return round(self.after - self.before, 4)


@dataclass(frozen=True)
class Comparison:
    baseline: str
    headline: tuple[Change, ...]
    per_intent: dict[str, tuple[Change, ...]]

    def moved(self, verdict: Verdict) -> list[Change]:
        return [c for c in self.headline if c.verdict == verdict]

    def to_json(self) -> dict[str, Any]:
        def rows(changes: tuple[Change, ...]) -> list[dict[str, Any]]:
            return [
                {
                    "metric": c.metric,
                    "before": c.before,
                    "after": c.after,
                    "delta": c.delta,
                    "verdict": c.verdict,
                }
                for c in changes
                if c.verdict != "same"
            ]

        return {
            "baseline": self.baseline,
            "headline": rows(self.headline),
            "per_intent": {k: rows(v) for k, v in self.per_intent.items() if rows(v)},
        }


def verdict(metric: str, before: float | None, after: float | None) -> Verdict:
    if before is None and after is None:
        return "same"
    if before is None:
        return "new"
    if after is None:
        return "gone"
    if abs(after - before) <= TOLERANCE:
        return "same"
    name = metric.rsplit(".", 1)[-1]
    if name in NOT_JUDGED:
        return "changed"
    lower = any(word in name for word in LOWER_IS_BETTER)
    return "better" if (after < before) == lower else "worse"


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> tuple[Change, ...]:
    keys = sorted(set(before) | set(after))
    return tuple(
        Change(
            k,
            _number(before.get(k)),
            _number(after.get(k)),
            verdict(k, _number(before.get(k)), _number(after.get(k))),
        )
        for k in keys
    )


def compare(current: Mapping[str, Any], baseline: Mapping[str, Any], name: str) -> Comparison:
    """Compare two results (the dicts of result.json) suite by suite, metric by metric."""
    now_suites = current.get("suites") or {}
    then_suites = baseline.get("suites") or {}
    shared = [s for s in now_suites if s in then_suites]
    headline: list[Change] = []
    per_intent: dict[str, list[Change]] = {}
    for suite in shared:
        now, then = now_suites[suite], then_suites[suite]
        headline += [
            Change(f"{suite}.{c.metric}", c.before, c.after, c.verdict)
            for c in _changes(then.get("metrics") or {}, now.get("metrics") or {})
        ]
        then_pi, now_pi = then.get("per_intent") or {}, now.get("per_intent") or {}
        for intent in sorted(set(then_pi) | set(now_pi)):
            per_intent.setdefault(intent, []).extend(
                Change(f"{suite}.{c.metric}", c.before, c.after, c.verdict)
                for c in _changes(then_pi.get(intent) or {}, now_pi.get(intent) or {})
            )
    return Comparison(name, tuple(headline), {k: tuple(v) for k, v in per_intent.items()})


def load_result(path: Path) -> dict[str, Any]:
    target = path / "result.json" if path.is_dir() else path
    try:
        data: dict[str, Any] = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigurationError(
            f"Cannot read the evaluation result {target}: {exc}",
            hint="Name a run folder under .data/eval-runs/, a saved baseline or a result.json.",
        ) from exc
    return data


def resolve_baseline(name: str, runs_dir: Path) -> Path:
    for candidate in (
        Path(name),
        runs_dir / name / "result.json",
        runs_dir / "baselines" / f"{name}.json",
    ):
        if candidate.is_file() or (candidate.is_dir() and (candidate / "result.json").is_file()):
            return candidate
    raise ConfigurationError(
        f"No evaluation result is called {name!r}.",
        hint=f"Use a folder name under {runs_dir}, a baseline saved with --save-baseline, "
        "or a path to a result.json.",
    )


def previous_run(
    runs_dir: Path,
    split: str,
    *,
    before: Path | None = None,
    limit: int | None = None,
    selection: str | None = None,
    suites: Sequence[str] = (),
) -> Path | None:
    """The newest earlier run folder on the same split, ticket limit and ticket selection (a
    quick look at ten tickets is no baseline for a full run) that ran at least one of `suites`
    (all, if none are named); folder names sort by time."""
    if not runs_dir.is_dir():
        return None
    folders = sorted(
        (p for p in runs_dir.iterdir() if p.is_dir() and (p / "result.json").is_file()),
        reverse=True,
    )
    for folder in folders:
        if before is not None and folder.name >= before.name:
            continue
        try:
            data = json.loads((folder / "result.json").read_text())
            shared = not suites or set(suites) & set(data.get("suites_run") or ())
            same_tickets = data.get("limit") == limit and data.get("selection") == selection
            if data.get("split") == split and same_tickets and shared:
                return folder
        except (OSError, json.JSONDecodeError):
            continue
    return None
