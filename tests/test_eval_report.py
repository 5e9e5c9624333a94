"""The HTML report renders as one self-contained page with its plots, escapes what customers
typed, and the comparison marks what got better and what got worse, per metric and per intent."""

from __future__ import annotations

import json
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from evals.compare import compare, load_result, previous_run, resolve_baseline, verdict
from evals.report_html import render_report
from evals.suites.evaluate import EvalOptions, EvalRun
from evals.suites.gate import judge
from evals.suites.intent import intent_suite
from evals.suites.latency import latency_suite
from evals.suites.records import TicketRun
from evals.suites.routing import routing_suite
from supportdesk.errors import ConfigurationError
from tests.test_eval_fixtures import broken_classifier, correct_system, played, suite_tickets

THRESHOLDS = {"order_status": 0.92, "product_info": 0.85, "other": 0.8, "refund_status": 0.92}


def result_of(runs: list[TicketRun], split: str = "dev") -> dict[str, Any]:
    suites = {
        "intent": intent_suite(runs),
        "routing": routing_suite(runs, THRESHOLDS),
        "latency": latency_suite(runs, "template"),
    }
    run = EvalRun(
        started_at="2026-11-02T10:00:00+00:00",
        options=EvalOptions(tuple(suites), split),  # type: ignore[arg-type]
        drafter="template",
        shop="test",
        tickets=len(runs),
        seconds={"play": 1.0, "total": 2.0},
        suites=suites,
        gate=judge(suites),
        runs=list(runs),
    )
    result: dict[str, Any] = json.loads(json.dumps(run.to_json(), default=str))
    return result


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs


def test_that_the_report_renders_self_contained_with_its_plots():
    tickets = suite_tickets()
    runs = correct_system(tickets)
    runs[0] = replace(
        played(tickets[0], route="auto_reply", reply="no facts"),
        masked_turns=["<script>alert('x')</script> where is <ORDER_ID_1>?"],
    )
    page = render_report(result_of(runs))
    parser = Tags()
    parser.feed(page)
    assert parser.tags.count("svg") >= 4  # confusion, confidence, a curve per intent, latency
    assert "script" not in parser.tags  # the customer's "<script>" stays text
    assert "&lt;script&gt;" in page
    assert not [a for a, v in parser.attrs if a in ("src", "href")]  # nothing fetched
    assert "FAILED" in page  # the wrong automatic answer fails the gate checks that ran
    assert "gt-order_status-001" in page  # listed among the wrong automatic answers


def test_that_the_comparison_marks_better_worse_and_per_intent_changes():
    tickets = suite_tickets()
    before = result_of(broken_classifier(tickets))
    after = result_of(correct_system(tickets))
    comparison = compare(after, before, "baseline")
    moved = {c.metric: c.verdict for c in comparison.headline}
    assert moved["intent.accuracy"] == "better"
    assert moved["routing.wrong_auto_rate"] == "better"  # lower is better
    assert moved["routing.tickets"] == "same"
    assert comparison.moved("worse") == []
    order_status = {c.metric: c.verdict for c in comparison.per_intent["order_status"]}
    assert order_status["intent.recall"] == "better"
    back = compare(before, after, "baseline")
    assert {c.metric for c in back.moved("worse")} >= {"intent.accuracy", "intent.macro_f1"}
    page = render_report(before, back.to_json())
    assert "Compared with baseline" in page and 'class="worse"' in page


def test_that_directions_are_known_for_rates_leaks_and_latency():
    assert verdict("privacy.pii_leaks", 0, 2) == "worse"
    assert verdict("latency.ttft_p95_ms", 200, 150) == "better"
    assert verdict("intent.ece", 0.04, 0.05) == "worse"
    assert verdict("routing.deflection", 0.7, 0.6) == "worse"
    assert verdict("privacy.llm_requests_checked", 10, 20) == "changed"
    assert verdict("answers.faithfulness", None, 0.9) == "new"


def test_that_the_previous_run_on_the_same_split_is_the_default_baseline(tmp_path: Path):
    for name, split in (
        ("20261101-090000", "test"),
        ("20261101-100000", "dev"),
        ("20261101-110000", "test"),
        ("20261101-120000", "test"),
    ):
        (tmp_path / name).mkdir()
        suites = ["external"] if name.endswith("110000") else ["intent"]
        (tmp_path / name / "result.json").write_text(
            json.dumps({"split": split, "suites_run": suites, "limit": None})
        )
    current = tmp_path / "20261101-120000"
    assert previous_run(tmp_path, "test", before=current) == tmp_path / "20261101-110000"
    # A run of other suites, or of a handful of tickets, is no baseline.
    assert previous_run(tmp_path, "test", before=current, suites=["intent"]) == (
        tmp_path / "20261101-090000"
    )
    assert previous_run(tmp_path, "test", before=current, limit=5) is None
    # Nor is a full run for a run over a chosen list of tickets, or the other way round.
    assert previous_run(tmp_path, "test", before=current, selection="batch4.ids") is None
    chosen = tmp_path / "20261101-115000"
    chosen.mkdir()
    (chosen / "result.json").write_text(
        json.dumps({"split": "test", "suites_run": ["intent"], "selection": "batch4.ids"})
    )
    assert previous_run(tmp_path, "test", before=current, selection="batch4.ids") == chosen
    assert previous_run(tmp_path, "test", before=current) == tmp_path / "20261101-110000"
    assert previous_run(tmp_path, "dev", before=current) == tmp_path / "20261101-100000"
    assert previous_run(tmp_path / "missing", "dev") is None
    (tmp_path / "baselines").mkdir()
    (tmp_path / "baselines" / "release-1.json").write_text(json.dumps({"split": "test"}))
    assert load_result(resolve_baseline("release-1", tmp_path))["split"] == "test"
    assert resolve_baseline("20261101-090000", tmp_path).name == "result.json"
    with pytest.raises(ConfigurationError, match="No evaluation result"):
        resolve_baseline("nope", tmp_path)
