"""Plain-text rendering of an intent evaluation report (the dict from `evaluate_intent`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the report only reads the dataclass; no training code at import time
    from nlp.intent.train import TrainReport


def _num(value: Any, digits: int = 3) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _verdict(passed: bool | None) -> str:
    return {True: "pass", False: "FAIL", None: "not measured"}[passed]


def _targets(report: dict[str, Any]) -> list[str]:
    lines = ["targets", f"  {'measure':<24} {'target':>8} {'value':>8}  result"]
    for name, t in report["targets"].items():
        lines.append(
            f"  {name:<24} {t['target']:>8} {_num(t['value']):>8}  {_verdict(t['passed'])}"
        )
    lines.append(f"  overall: {'pass' if report['passed'] else 'FAIL'}")
    return lines


def _sets(report: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    b = report["bitext_test"]
    if b.get("status") == "ok":
        lines.append(
            f"bitext test     n={b['n']} (dropped {b['dropped_duplicates']} duplicates of "
            f"train/validation)  accuracy {_num(b['accuracy'])}  macro-F1 {_num(b['macro_f1'])}"
            f"  ECE {_num(b['ece'])}"
        )
    else:
        lines.append(f"bitext test     {b['status']}: {b.get('message', '')}")
    c = report["clinc_oos"]
    if c.get("status") == "ok":
        worst = ", ".join(f"{k} {v}" for k, v in list(c["misrouted_to"].items())[:5])
        lines.append(
            f"clinc oos_test  n={c['n']}  routed to other {_num(c['share_other'])}"
            f"  (misrouted: {worst or 'none'})"
        )
    else:
        lines.append(f"clinc oos_test  {c['status']}: {c.get('message', '')}")
    h = report["heldout"]
    if h.get("status") == "ok":
        lines.append(
            f"held-out        n={h['n']}  accuracy {_num(h['accuracy'])}  macro-F1 "
            f"{_num(h['macro_f1'])}  ECE {_num(h['ece'])}  mean confidence "
            f"{_num(h['mean_confidence'])}"
        )
    else:
        lines.append(f"held-out        {h['status']}: {h.get('message', '')}")
    return lines


def _per_intent(h: dict[str, Any]) -> list[str]:
    lines = ["held-out per intent", f"  {'intent':<18} {'prec':>6} {'rec':>6} {'f1':>6} {'n':>5}"]
    for label, m in h["per_intent"].items():
        if m["support"] == 0 and m["precision"] == 0:
            continue
        lines.append(
            f"  {label:<18} {m['precision']:>6.3f} {m['recall']:>6.3f} {m['f1']:>6.3f} "
            f"{m['support']:>5}"
        )
    if h["core_below_target"]:
        lines.append(f"  core intents below F1 0.85: {', '.join(h['core_below_target'])}")
    return lines


def _confusion(h: dict[str, Any]) -> list[str]:
    labels, rows = h["confusion"]["labels"], h["confusion"]["rows"]
    # Columns are numbered (the row labels say which is which): 18 names would not fit a line.
    head = "".join(f"{i + 1:>4}" for i in range(len(labels)))
    lines = ["held-out confusion matrix (rows: true, columns: predicted)", f"  {'':<21}{head}"]
    for i, (label, row) in enumerate(zip(labels, rows, strict=True)):
        cells = "".join(f"{(str(v) if v else '.'):>4}" for v in row)
        lines.append(f"  {i + 1:>2} {label:<18}{cells}")
    return lines


def format_intent_report(report: dict[str, Any]) -> str:
    m = report["model"]
    lines = [
        f"intent model {m['version']}  data {m['data_sha256'][:12]}  trained {m['created_at']}"
        f"  labels {len(m['labels'])}  temperature {m['temperature']:.3f}",
        "",
        *_sets(report),
        "",
    ]
    h = report["heldout"]
    if h.get("status") == "ok":
        lines += [*_per_intent(h), "", *_confusion(h), ""]
    cal = report["calibration"]
    alone = [
        f"{name} {_num(report[key]['vector_only'].get(metric))}"
        for key, metric, name in (
            ("bitext_test", "accuracy", "bitext accuracy"),
            ("clinc_oos", "share_other", "oos to other"),
            ("heldout", "accuracy", "held-out accuracy"),
            ("heldout", "ece", "held-out ECE"),
        )
        if "vector_only" in report[key]
    ]
    if alone:
        lines += ["vector only (predict called without the text): " + ", ".join(alone), ""]
    lines += [
        f"calibration ({cal['bins']} bins): ECE held-out {_num(cal['heldout_ece'])}, "
        f"bitext test {_num(cal['bitext_test_ece'])}",
        "",
        *_targets(report),
    ]
    return "\n".join(lines)


def format_train_report(report: TrainReport) -> str:
    """What `supportdesk train intent` prints after training."""
    lines = [
        f"intent model {report.version} ({report.status}) written to {report.path}",
        f"  data sha256 {report.data_sha256[:12]}  labels {len(report.labels)}  "
        f"{report.seconds:.1f} s",
        f"  temperature {report.temperature:.3f}  calibration ECE {_num(report.calibration_ece)} "
        f"on {report.calibration_rows} unseen rows  project cross-fitted accuracy "
        f"{_num(report.project_cv_accuracy)}",
        "  sources:",
    ]
    lines += [
        f"    {name:<28} {status:<8} {rows:>6}  {message}".rstrip()
        for name, status, rows, message in report.sources
    ]
    lines.append(f"  {'label':<18} {'project':>8} {'bitext':>7} {'clinc':>6}")
    for label in report.labels:
        c = report.counts.get(label, {})
        lines.append(
            f"  {label:<18} {c.get('project', 0):>8} {c.get('bitext', 0):>7} {c.get('clinc', 0):>6}"
        )
    lines += [f"  warning: {w}" for w in report.warnings]
    return "\n".join(lines)
