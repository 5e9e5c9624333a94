"""The quality gate: headline metrics against the versioned minimums in `evals/gate.toml`.

A check whose suite ran but could not measure its metric fails: "not measured" is not a pass.
A check whose suite was not asked for is listed as not run; a gate with no check run fails too,
so `--gate` can never pass by measuring nothing.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from evals.suites.result import Metric, SuiteResult
from supportdesk.errors import ConfigurationError

GATE_PATH = Path(__file__).resolve().parent.parent / "gate.toml"
Status = Literal["pass", "fail", "not_run"]


@dataclass(frozen=True)
class GateCheck:
    metric: str  # suite.metric
    op: Literal[">=", "<="]
    threshold: float
    value: Metric
    status: Status


@dataclass(frozen=True)
class GateSpec:
    version: int
    checks: tuple[tuple[str, Literal[">=", "<="], float], ...]


@dataclass(frozen=True)
class GateResult:
    version: int
    checks: tuple[GateCheck, ...]

    @property
    def passed(self) -> bool:
        ran = [c for c in self.checks if c.status != "not_run"]
        return bool(ran) and all(c.status == "pass" for c in ran)

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "passed": self.passed,
            "checks": [
                {
                    "metric": c.metric,
                    "target": f"{c.op} {c.threshold:g}",
                    "value": c.value,
                    "status": c.status,
                }
                for c in self.checks
            ],
        }


def load_gate(path: Path = GATE_PATH) -> GateSpec:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigurationError(
            f"Cannot read the quality gate from {path}: {exc}",
            hint="Restore evals/gate.toml (it is versioned with the code).",
        ) from exc
    checks: list[tuple[str, Literal[">=", "<="], float]] = []
    for section, op in (("minimum", ">="), ("maximum", "<=")):
        for metric, threshold in (data.get(section) or {}).items():
            if "." not in metric or not isinstance(threshold, int | float):
                raise ConfigurationError(
                    f"{path}: '{metric} = {threshold!r}' is not 'suite.metric = number'",
                    hint='Write checks as "routing.deflection" = 0.70 under [minimum] or '
                    "[maximum].",
                )
            checks.append((metric, op, float(threshold)))  # type: ignore[arg-type]
    return GateSpec(int(data.get("version", 0)), tuple(checks))


def judge(results: Mapping[str, SuiteResult], spec: GateSpec | None = None) -> GateResult:
    spec = spec or load_gate()
    out: list[GateCheck] = []
    for metric, op, threshold in spec.checks:
        suite, name = metric.split(".", 1)
        if suite not in results:
            out.append(GateCheck(metric, op, threshold, None, "not_run"))
            continue
        value = results[suite].metrics.get(name)
        ok = value is not None and (value >= threshold if op == ">=" else value <= threshold)
        out.append(GateCheck(metric, op, threshold, value, "pass" if ok else "fail"))
    return GateResult(spec.version, tuple(out))
