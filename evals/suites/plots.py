"""Plots as inline SVG strings, so a report is one self-contained file with no plotting library.

Each function takes plain numbers (as result.json holds them) and returns an `<svg>` element.
Text is escaped; sizes are fixed so the report lays out the same everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

INK = "#1f2933"
GRID = "#d9dee3"
GOOD = "#2f855a"
BAD = "#c53030"
BLUE = "#2b6cb0"
FONT = 'font-family="system-ui, sans-serif"'


def _svg(width: int, height: int, body: str, title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>{body}</svg>"
    )


def _text(
    x: float, y: float, text: str, size: int = 11, anchor: str = "middle", **extra: str
) -> str:
    attrs = " ".join(f'{k.replace("_", "-")}="{v}"' for k, v in extra.items())
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" fill="{INK}" '
        f"{FONT} {attrs}>{escape(text)}</text>"
    )


def confusion_svg(labels: Sequence[str], rows: Sequence[Sequence[int]]) -> str:
    """Rows: true intent; columns: predicted. Diagonal green, errors red, darker = more."""
    n = len(labels)
    cell, left, top = 26, 150, 150
    size_w, size_h = left + n * cell + 10, top + n * cell + 10
    peak = max((v for row in rows for v in row), default=1) or 1
    parts = []
    for i, row in enumerate(rows):
        parts.append(_text(left - 6, top + i * cell + cell * 0.65, labels[i], 10, "end"))
        for j, value in enumerate(row):
            colour = GOOD if i == j else BAD
            opacity = 0.08 if value == 0 else 0.25 + 0.75 * value / peak
            x, y = left + j * cell, top + i * cell
            parts.append(
                f'<rect x="{x}" y="{y}" width="{cell - 1}" height="{cell - 1}" fill="{colour}" '
                f'fill-opacity="{opacity:.2f}"><title>{escape(labels[i])} -> '
                f"{escape(labels[j])}: {value}</title></rect>"
            )
            if value:
                parts.append(_text(x + cell / 2, y + cell * 0.65, str(value), 10))
    for j, label in enumerate(labels):
        lx = left + j * cell + cell * 0.6
        parts.append(
            _text(lx, top - 6, label, 10, "start", transform=f"rotate(-60 {lx:.1f} {top - 6})")
        )
    return _svg(size_w, size_h, "".join(parts), "Confusion matrix: true intent by predicted")


def _axes(w: int, h: int, pad: int, x_label: str, y_label: str, y_max: float) -> str:
    parts = [
        f'<line x1="{pad}" y1="{h - pad}" x2="{w - 10}" y2="{h - pad}" stroke="{INK}"/>',
        f'<line x1="{pad}" y1="10" x2="{pad}" y2="{h - pad}" stroke="{INK}"/>',
        _text((w + pad) / 2, h - 6, x_label, 10),
        _text(12, h / 2, y_label, 10, transform=f"rotate(-90 12 {h / 2})"),
        _text(pad - 4, 16, f"{y_max:g}", 9, "end"),
        _text(pad - 4, h - pad, "0", 9, "end"),
    ]
    return "".join(parts)


def curve_svg(
    points: Sequence[dict[str, float | int | None]], threshold: float | None, title: str
) -> str:
    """Error (y) against coverage (x) as the auto threshold sweeps; the dot marks today's."""
    w, h, pad = 260, 190, 36
    # A threshold at which nothing goes out has no error rate: it is not a point on the curve.
    kept = [p for p in points if p.get("coverage") is not None and p.get("error") is not None]
    y_max = max([0.1, *(float(p["error"] or 0.0) for p in kept)])

    def xy(p: dict[str, float | int | None]) -> tuple[float, float]:
        x = pad + float(p["coverage"] or 0.0) * (w - pad - 10)
        y = h - pad - float(p["error"] or 0.0) / y_max * (h - pad - 10)
        return x, y

    coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in map(xy, kept))
    parts = [
        _axes(w, h, pad, "coverage (share sent automatically)", "error", y_max),
        _text(w / 2, 12, title, 11, font_weight="bold"),
        _text(w - 10, h - pad + 11, "1", 9),
        _text((w + pad - 10) / 2, h - pad + 11, "0.5", 9),
    ]
    if not kept:
        parts.append(_text((w + pad) / 2, h / 2, "never sent automatically", 10))
    if coords:
        parts.append(f'<polyline points="{coords}" fill="none" stroke="{BLUE}" stroke-width="2"/>')
    for p in kept:
        x, y = xy(p)
        tip = f"threshold {p['threshold']}: coverage {p['coverage']}, error {p['error']}"
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2" fill="{BLUE}">'
            f"<title>{escape(tip)}</title></circle>"
        )
    if threshold is not None and kept:
        nearest = min(kept, key=lambda p: abs(float(p["threshold"] or 0.0) - threshold))
        x, y = xy(nearest)
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="none" stroke="{BAD}" '
            f'stroke-width="2"><title>configured threshold {threshold}</title></circle>'
        )
    return _svg(w, h, "".join(parts), title)


def bars_svg(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[int], str]],
    title: str,
    x_label: str,
    marks: Sequence[tuple[float, str]] = (),
) -> str:
    """Stacked bars, one per label; `marks` are vertical lines at fractional positions."""
    w, h, pad = 520, 220, 40
    n = max(len(labels), 1)
    totals = [sum(s[1][i] for s in series) for i in range(len(labels))]
    peak = max([1, *totals])
    band = (w - pad - 10) / n
    parts = [
        _axes(w, h, pad, x_label, "count", peak),
        _text(w / 2, 12, title, 11, font_weight="bold"),
    ]
    for i, label in enumerate(labels):
        base = float(h - pad)
        for name, values, colour in series:
            height = values[i] / peak * (h - pad - 20)
            if height:
                parts.append(
                    f'<rect x="{pad + i * band + 1:.1f}" y="{base - height:.1f}" '
                    f'width="{band - 2:.1f}" height="{height:.1f}" fill="{colour}">'
                    f"<title>{escape(label)}: {values[i]} {escape(name)}</title></rect>"
                )
            base -= height
        if n <= 16 or i % 2 == 0:
            parts.append(_text(pad + (i + 0.5) * band, h - pad + 12, label, 8))
    for position, label in marks:
        x = pad + position * (w - pad - 10)
        parts.append(
            f'<line x1="{x:.1f}" y1="20" x2="{x:.1f}" y2="{h - pad}" stroke="{BAD}" '
            f'stroke-dasharray="4 3"/>'
        )
        parts.append(_text(x + 3, 28, label, 9, "start"))
    legend_x = w - 150
    for k, (name, _values, colour) in enumerate(series):
        parts.append(
            f'<rect x="{legend_x}" y="{22 + k * 14}" width="10" height="10" fill="{colour}"/>'
        )
        parts.append(_text(legend_x + 14, 31 + k * 14, name, 10, "start"))
    return _svg(w, h, "".join(parts), title)


def confidence_svg(edges: Sequence[float], correct: Sequence[int], wrong: Sequence[int]) -> str:
    labels = [f"{edges[i]:.1f}" for i in range(len(correct))]
    return bars_svg(
        labels,
        [("right", correct, GOOD), ("wrong", wrong, BAD)],
        "Intent confidence on the last turn",
        "confidence (bin start)",
    )


def latency_svg(
    edges: Sequence[int], counts: Sequence[int], p50: float | None, p95: float | None
) -> str:
    labels = [f"{e}" for e in edges]
    marks = []
    for value, name in ((p50, "p50"), (p95, "p95")):
        if value is not None:
            index = max(i for i, e in enumerate(edges) if value >= e) if value >= edges[0] else 0
            upper = edges[index + 1] if index + 1 < len(edges) else edges[index] * 2 or 1
            within = min((value - edges[index]) / (upper - edges[index]), 1.0)
            marks.append(((index + within) / len(edges), f"{name} {value:.0f} ms"))
    return bars_svg(
        labels, [("turns", counts, BLUE)], "Time to first token per turn", "ms (bin start)", marks
    )
