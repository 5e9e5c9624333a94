"""The evaluation report: one self-contained HTML file (inline CSS and SVG, no scripts, no links
to anything outside it), rendered from a `result.json` dict so an old run can be re-rendered.

Sections: the gate; every suite's headline numbers and notes; the comparison with the baseline
(what got better, what got worse, per intent); plots (confusion matrix, coverage-versus-error
curves per intent, confidence histogram, latency distribution); per-intent tables; and the
tickets that failed, by id, with masked text only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from evals.suites.plots import confidence_svg, confusion_svg, curve_svg, latency_svg

CSS = """
body{font:14px/1.45 system-ui,sans-serif;color:#1f2933;margin:24px auto;max-width:1180px;
padding:0 16px}
h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #d9dee3}
table{border-collapse:collapse;margin:8px 0}td,th{padding:3px 10px;border-bottom:1px solid #eef1f4;
text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}.pass{color:#2f855a;
font-weight:600}.fail,.worse{color:#c53030;font-weight:600}.better{color:#2f855a}.muted{color:#66727f}
.grid{display:flex;flex-wrap:wrap;gap:10px}.note{color:#66727f;font-size:13px}
pre{white-space:pre-wrap;background:#f6f8fa;padding:6px;font-size:12px}
"""


def _num(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.4g}" if abs(value) < 1000 else f"{value:,.0f}"
    return escape(str(value))


def _table(head: Sequence[str], rows: Sequence[Sequence[Any]], classes: Sequence[str] = ()) -> str:
    out = ["<table><tr>", *(f"<th>{escape(h)}</th>" for h in head), "</tr>"]
    for i, row in enumerate(rows):
        cls = f' class="{classes[i]}"' if i < len(classes) and classes[i] else ""
        cells = "".join(
            f'<td class="n">{_num(c)}</td>'
            if isinstance(c, int | float) or c is None
            else f"<td>{escape(str(c))}</td>"
            for c in row
        )
        out.append(f"<tr{cls}>{cells}</tr>")
    out.append("</table>")
    return "".join(out)


def _gate(gate: Mapping[str, Any]) -> str:
    verdict = "PASSED" if gate.get("passed") else "FAILED"
    rows = [[c["metric"], c["target"], c["value"], c["status"]] for c in gate.get("checks", [])]
    cls = [c["status"] for c in gate.get("checks", [])]
    return (
        f'<h2>Quality gate v{gate.get("version")}: <span class="{verdict.lower()[:4]}">'
        f"{verdict}</span></h2>{_table(['metric', 'target', 'value', 'status'], rows, cls)}"
    )


def _suites(suites: Mapping[str, Any]) -> str:
    parts = ["<h2>Suites</h2>"]
    for name, suite in suites.items():
        rows = [[k, v] for k, v in suite.get("metrics", {}).items()]
        notes = "".join(f'<p class="note">{escape(n)}</p>' for n in suite.get("notes", []))
        parts.append(f"<h3>{escape(name)}</h3>{_table(['metric', 'value'], rows)}{notes}")
    return "".join(parts)


def _comparison(comparison: Mapping[str, Any] | None) -> str:
    if not comparison:
        return '<h2>Compared with</h2><p class="muted">no earlier run on this split</p>'
    rows = [
        [c["metric"], c["before"], c["after"], c["delta"], c["verdict"]]
        for c in comparison.get("headline", [])
    ]
    cls = [c["verdict"] for c in comparison.get("headline", [])]
    parts = [
        f"<h2>Compared with {escape(str(comparison.get('baseline')))}</h2>",
        _table(["metric", "before", "after", "change", ""], rows, cls)
        if rows
        else '<p class="muted">no headline metric moved</p>',
    ]
    per_intent = comparison.get("per_intent") or {}
    if per_intent:
        rows, cls = [], []
        for intent, changes in per_intent.items():
            for c in changes:
                if c["verdict"] in ("better", "worse"):
                    rows.append([intent, c["metric"], c["before"], c["after"], c["verdict"]])
                    cls.append(c["verdict"])
        parts.append(
            "<h3>Per intent</h3>" + _table(["intent", "metric", "before", "after", ""], rows, cls)
        )
    return "".join(parts)


def _plots(suites: Mapping[str, Any]) -> str:
    parts = ["<h2>Plots</h2>"]
    intent = suites.get("intent", {}).get("details", {})
    if intent.get("confusion"):
        c = intent["confusion"]
        parts.append(confusion_svg(c["labels"], c["rows"]))
    if intent.get("histogram"):
        h = intent["histogram"]
        parts.append(confidence_svg(h["edges"], h["correct"], h["wrong"]))
    curves = suites.get("routing", {}).get("details", {}).get("curves") or {}
    if curves:
        parts.append(
            "<h3>Coverage against error as the auto threshold varies</h3>"
            '<p class="note">per predicted intent; the red ring marks the configured '
            "threshold; intents that never go out on their own stay at coverage 0</p>"
            '<div class="grid">'
        )
        for intent_name, curve in curves.items():
            title = f"{intent_name} (n={curve['tickets']})"
            parts.append(curve_svg(curve["points"], curve.get("threshold"), title))
        parts.append("</div>")
    latency = suites.get("latency", {})
    hist = latency.get("details", {}).get("ttft_histogram")
    if hist:
        m = latency.get("metrics", {})
        parts.append(
            latency_svg(hist["edges"], hist["counts"], m.get("ttft_p50_ms"), m.get("ttft_p95_ms"))
        )
    return "".join(parts)


def _per_intent(suites: Mapping[str, Any]) -> str:
    """One table per suite: intents down, that suite's per-intent figures across."""
    parts = []
    for suite, result in suites.items():
        per_intent = result.get("per_intent") or {}
        if not per_intent:
            continue
        columns = sorted({k for figures in per_intent.values() for k in figures})
        rows = [[i, *(per_intent[i].get(c) for c in columns)] for i in sorted(per_intent)]
        parts.append(f"<h3>{escape(suite)}</h3>" + _table(["intent", *columns], rows))
    return "<h2>Per intent</h2>" + "".join(parts) if parts else ""


def _failures(result: Mapping[str, Any]) -> str:
    runs = {r["id"]: r for r in result.get("runs", [])}
    suites = result.get("suites", {})
    lists = {
        "automatic answers that were wrong": suites.get("routing", {})
        .get("details", {})
        .get("wrong_auto", []),
        "must-escalate tickets answered automatically": suites.get("routing", {})
        .get("details", {})
        .get("missed_escalations", []),
        "privacy leaks (no values shown)": suites.get("privacy", {})
        .get("details", {})
        .get("leaks", []),
    }
    parts = ["<h2>Tickets to look at</h2>"]
    for title, items in lists.items():
        parts.append(f"<h3>{escape(title)}: {len(items)}</h3>")
        for item in items[:40]:
            run = runs.get(item.get("id", ""), {})
            turns = " | ".join(run.get("masked_turns", []))
            reply = run.get("masked_reply") or run.get("masked_draft") or ""
            detail = ", ".join(f"{k}={v}" for k, v in item.items() if k != "id")
            parts.append(
                f"<p><b>{escape(item.get('id', ''))}</b> {escape(detail)}</p>"
                f"<pre>customer: {escape(turns)}\nreply: {escape(reply)}</pre>"
            )
    return "".join(parts)


def render_report(result: Mapping[str, Any], comparison: Mapping[str, Any] | None = None) -> str:
    suites = result.get("suites", {})
    seconds = result.get("seconds", {})
    head = (
        f"<h1>supportdesk evaluation: {escape(str(result.get('split')))} split</h1>"
        f'<p class="muted">{escape(str(result.get("started_at")))} - '
        f"{result.get('tickets')} tickets - drafter {escape(str(result.get('drafter')))} - "
        f"{', '.join(f'{k} {v:.0f} s' for k, v in seconds.items())} - shop "
        f"{escape(str(result.get('shop')))}</p>"
    )
    body = "".join(
        [
            head,
            _gate(result.get("gate", {})),
            _comparison(comparison),
            _suites(suites),
            _plots(suites),
            _per_intent(suites),
            _failures(result),
        ]
    )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>supportdesk evaluation</title><style>{CSS}</style></head>"
        f"<body>{body}</body></html>"
    )
