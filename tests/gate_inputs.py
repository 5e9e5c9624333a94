"""A calm, grounded gate input for tests, changed field by field where a test needs it."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from graph.gate import GateInput

CALM = GateInput(
    intent="order_status",
    confidence=0.97,
    angry=False,
    anger=0.05,
    high_value=False,
    order_value=None,
    repeat_contact=False,
    recent_contacts=0,
    keywords=(),
    flags=(),
    grounded=True,
    clarifying_question=False,
    check_problems=(),
    claim_free=False,
)


def gate_input(**changes: Any) -> GateInput:
    return replace(CALM, **changes)
