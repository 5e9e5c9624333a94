"""The gate's routing table, read from `graph/thresholds.toml` (or the file settings name)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from nlp.taxonomy import INTENT_NAMES
from supportdesk.errors import ConfigurationError

DEFAULT_THRESHOLDS_PATH = Path(__file__).resolve().parent / "thresholds.toml"


@dataclass(frozen=True)
class GateConfig:
    version: int
    suggestion_band: float
    auto: dict[str, float]
    never_auto: frozenset[str]
    specialist_intents: frozenset[str]
    specialist_keywords: frozenset[str]
    high_value_intents: frozenset[str]
    claim_free_intents: frozenset[str]
    review_flags: frozenset[str]

    def auto_threshold(self, intent: str) -> float:
        return self.auto[intent]


def load_gate_config(path: Path | None = None) -> GateConfig:
    """Read and validate the table; a typo in an intent name is an error, not a silent default."""
    source = path or DEFAULT_THRESHOLDS_PATH
    try:
        data = tomllib.loads(source.read_text())
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigurationError(
            f"Cannot read the gate thresholds from {source}: {exc}",
            hint="Fix the file or unset SUPPORTDESK_GATE_THRESHOLDS to use the shipped table.",
        ) from exc
    known = set(INTENT_NAMES)
    default_auto = float(data.get("default_auto", 0.92))
    auto: dict[str, float] = {str(name): default_auto for name in INTENT_NAMES}
    routing = data.get("routing", {})
    named: list[str] = list(data.get("auto", {}))
    for key in (
        "never_auto",
        "specialist_intents",
        "high_value_intents",
        "claim_free_intents",
    ):
        named += routing.get(key, [])
    unknown = sorted(set(named) - known)
    if unknown:
        raise ConfigurationError(
            f"{source} names intents that do not exist: {', '.join(unknown)}",
            hint=f"Use the labels of nlp/taxonomy.py: {', '.join(INTENT_NAMES)}.",
        )
    for name, value in data.get("auto", {}).items():
        auto[name] = float(value)
    band = float(data.get("suggestion_band", 0.75))
    bad = {k: v for k, v in auto.items() if not 0.0 <= v <= 1.0}
    if bad or not 0.0 <= band <= 1.0:
        raise ConfigurationError(
            f"{source}: thresholds must lie between 0 and 1 (got {bad or band})",
            hint="A threshold is a calibrated probability.",
        )
    return GateConfig(
        version=int(data.get("version", 0)),
        suggestion_band=band,
        auto=auto,
        never_auto=frozenset(routing.get("never_auto", [])),
        specialist_intents=frozenset(routing.get("specialist_intents", [])),
        specialist_keywords=frozenset(routing.get("specialist_keywords", [])),
        high_value_intents=frozenset(routing.get("high_value_intents", [])),
        claim_free_intents=frozenset(routing.get("claim_free_intents", [])),
        review_flags=frozenset(routing.get("review_flags", [])),
    )
