"""The KPI panel: the figures of ui/kpi.py as props for public/elements/KpiPanel.jsx."""

from __future__ import annotations

import asyncio
from typing import Any

import chainlit as cl

from ui import runtime
from ui.auth import Principal
from ui.chainlit_api import send, session_get, session_set, update
from ui.data_layer import STAFF_SESSION_KEY
from ui.kpi import CONFIDENCE_LABELS, KpiReport, load_kpis

PANEL_KEY = "kpi_panel"


def kpi_props(report: KpiReport) -> dict[str, Any]:
    rate = report.deflection_rate
    return {
        "days": report.days,
        "deflection": {
            "rate": f"{rate * 100:.1f}%" if rate is not None else "no turns yet",
            "auto": report.auto_turns,
            "turns": report.turns,
        },
        "escalations": report.escalations,
        "by_reason": [{"label": k, "n": n} for k, n in report.by_reason],
        "by_intent": [{"label": k.replace("_", " "), "n": n} for k, n in report.by_intent],
        "by_queue": [{"label": k, "n": n} for k, n in report.by_queue],
        "confidence_labels": list(CONFIDENCE_LABELS),
        "confidence": [
            {"intent": intent.replace("_", " "), "bins": counts, "n": sum(counts)}
            for intent, counts in report.confidence
        ],
        "handling": {
            "handled": report.handled,
            "median": _minutes(report.handling_median_min),
            "p90": _minutes(report.handling_p90_min),
        },
        "edits": {
            "n": report.edits,
            "median": f"{report.edit_median:g} words" if report.edit_median is not None else "-",
            "bins": [{"label": k, "n": n} for k, n in report.edit_bins],
        },
        "csat": {
            "votes": report.csat_votes,
            "positive": (
                f"{report.csat_positive / report.csat_votes * 100:.0f}%"
                if report.csat_votes
                else "-"
            ),
        },
    }


def _minutes(value: float | None) -> str:
    if value is None:
        return "-"
    if value < 120:
        return f"{value:.1f} min"
    return f"{value / 60:.1f} h"


async def show(principal: Principal) -> None:
    session_set(STAFF_SESSION_KEY, True)
    props = await _props()
    panel = cl.CustomElement(name="KpiPanel", props=props, display="inline")
    session_set(PANEL_KEY, panel)
    await send(
        cl.Message(
            content=f"KPIs for the last {props['days']} days ({principal.display_name}).",
            author="KPI panel",
            elements=[panel],
        )
    )


async def refresh() -> None:
    panel: cl.CustomElement | None = session_get(PANEL_KEY)
    if panel is not None:
        panel.props = await _props()
        await update(panel)


async def _props() -> dict[str, Any]:
    report = await asyncio.to_thread(load_kpis, runtime.current().db)
    return kpi_props(report)
