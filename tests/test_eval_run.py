"""The golden tickets played through the real assistant (embedded Postgres, seeded shop with its
knowledge index, real models, template drafter; the privacy pass through the local stub LLM),
and `supportdesk eval` end to end, including the full offline run of the test split, timed."""

from __future__ import annotations

import json
import logging
import re
import time
from typing import Any

import pytest
from typer.testing import CliRunner

from evals.report_html import render_report
from evals.suites.capture import capture_logs
from evals.suites.evaluate import EvalOptions, evaluate
from supportdesk.cli import app
from supportdesk.settings import Settings

IDS = (
    "gt-order_status-003",  # logged in, chat
    "gt-order_status-009",  # email with a subject line
    "gt-order_status-016",  # guest who verifies with email or postcode
    "gt-order_status-019",  # two turns
    "gt-order_status-021",  # asks about someone else's order
    "gt-delivery_problem-016",  # must reach a person
    "gt-refund_status-026",  # guest without proof
)
FULL_RUN_BUDGET_SECONDS = 300


@pytest.fixture(scope="module")
async def dev_played(graph_deps: Any) -> tuple[Any, list[tuple[str, int, int]]]:
    """The run and every progress report it made (phase, done, total)."""
    reports: list[tuple[str, int, int]] = []
    run = await evaluate(
        graph_deps,
        EvalOptions(split="dev", ticket_ids=IDS),
        progress=lambda phase, done, total: reports.append((phase, done, total)),
    )
    return run, reports


@pytest.fixture(scope="module")
def dev_run(dev_played: tuple[Any, list[tuple[str, int, int]]]) -> Any:
    return dev_played[0]


def test_that_playing_and_the_slow_scoring_both_show_progress(dev_played):
    _run, reports = dev_played
    for phase in ("playing tickets", "scoring answers"):
        counts = [done for p, done, total in reports if p == phase and total == len(IDS)]
        assert counts == list(range(1, len(IDS) + 1)), (phase, reports)


def test_that_each_ticket_is_played_turn_by_turn_in_its_customers_session(dev_run):
    runs = {r.ticket.id: r for r in dev_run.runs}
    assert set(runs) == set(IDS)
    for run in runs.values():
        assert len(run.turns) == len(run.ticket.turns)
        assert len(run.masked_turns) == len(run.ticket.turns)
    assert runs["gt-order_status-009"].masked_turns[0].startswith("Subject: Order <ORDER_ID_1>")
    # Logged in as the order's owner, the assistant could look the order up.
    assert "order:HR-102129" in {f.source_id for f in runs["gt-order_status-003"].facts}
    # Someone else's order is never looked up into facts, whatever the reply says.
    other = runs["gt-order_status-021"]
    foreign = [o.id for o in other.ticket.orders if o.role == "other_customer"]
    assert foreign and not any(f"order:{o}" in {f.source_id for f in other.facts} for o in foreign)


def test_that_the_replayed_gate_agrees_with_the_graph(dev_run):
    routing = dev_run.suites["routing"]
    assert routing.details["replay_mismatches"] == []
    for run in dev_run.runs:
        if run.auto:
            assert run.auto_class in ("always", "threshold")
    assert set(routing.details["curves"]) == {r.intent for r in dev_run.runs if r.intent}


def test_that_the_privacy_pass_goes_through_the_stub_llm_and_traces_are_scrubbed(dev_run):
    privacy = dev_run.suites["privacy"].metrics
    assert privacy["llm_requests_checked"] >= len(IDS)  # tool choice and drafting per ticket
    assert "stub" in dev_run.suites["privacy"].notes[0]
    for run in dev_run.runs:
        assert not run.boundary  # offline: the template drafter sends nothing to any LLM
        assert "[private: not traced]" in run.trace_text  # the vault and raw text are dropped
        assert not re.search(r"HR-\d{6}", run.trace_text)


def test_that_every_suite_scores_and_the_gate_judges_every_check(dev_run):
    assert set(dev_run.suites) == {
        "intent",
        "routing",
        "retrieval",
        "answers",
        "privacy",
        "latency",
    }
    assert {c.status for c in dev_run.gate.checks} <= {"pass", "fail"}
    assert len(dev_run.gate.checks) == 7
    answers = dev_run.suites["answers"].metrics
    assert answers["semantic_similarity"] is not None and 0 < answers["semantic_similarity"] <= 1
    result = json.loads(json.dumps(dev_run.to_json(), default=str))
    page = render_report(result)
    assert page.count("<svg") >= 4 and "Quality gate v1" in page


def test_that_log_lines_are_caught_and_the_console_keeps_its_level():
    console = logging.StreamHandler()
    root = logging.getLogger()
    root.addHandler(console)
    try:
        with capture_logs() as caught:
            logging.getLogger("graph.nodes.example").debug("debug line about %s", "a value")
            logging.getLogger("graph.nodes.example").info("info line")
            assert console.level >= logging.INFO  # the debug line is caught, not printed
        assert caught.take() == [
            "graph.nodes.example DEBUG debug line about a value",
            "graph.nodes.example INFO info line",
        ]
        assert console.level == logging.NOTSET
        assert logging.getLogger("graph").level == logging.NOTSET
    finally:
        root.removeHandler(console)


def _eval(monkeypatch, settings: Settings, *args: str) -> Any:
    monkeypatch.setattr("supportdesk.cli_understanding.get_settings", lambda: settings)
    return CliRunner().invoke(app, ["eval", "--use-configured", *args])


def test_that_the_eval_command_writes_compares_and_gates(
    monkeypatch, settings: Settings, indexed_db, understanding_models
):
    first = _eval(
        monkeypatch,
        settings,
        "--split",
        "dev",
        "--limit",
        "3",
        "--json",
        "--suite",
        "intent",
        "--suite",
        "routing",
        "--suite",
        "latency",
    )
    assert first.exit_code == 0, first.output
    summary = json.loads(first.stdout)
    assert summary["comparison"] is None
    folder = summary["folder"]
    second = _eval(
        monkeypatch,
        settings,
        "--split",
        "dev",
        "--limit",
        "3",
        "--gate",
        "--suite",
        "intent",
        "--suite",
        "routing",
        "--suite",
        "latency",
    )
    result = json.loads(
        (settings.data_dir / "eval-runs").joinpath(folder, "result.json").read_text()
    )
    assert len(result["runs"]) == 3 and result["limit"] == 3
    assert "quality gate v1" in second.output and f"against {folder}" in second.output
    assert second.exit_code == (0 if result["gate"]["passed"] else 1)


@pytest.mark.slow
def test_that_a_full_offline_run_of_the_test_split_takes_under_five_minutes(
    monkeypatch, settings: Settings, indexed_db, understanding_models
):
    started = time.perf_counter()
    outcome = _eval(monkeypatch, settings, "--split", "test", "--gate", "--json")
    elapsed = time.perf_counter() - started
    summary = json.loads(outcome.stdout)
    print(f"\nfull offline test-split run: {elapsed:.0f} s; phases {summary['seconds']}")
    print(json.dumps(summary["gate"], indent=1))
    assert elapsed < FULL_RUN_BUDGET_SECONDS
    assert outcome.exit_code == (0 if summary["gate"]["passed"] else 1)
    assert {c["status"] for c in summary["gate"]["checks"]} <= {"pass", "fail"}
    assert summary["metrics"]["routing"]["tickets"] == 342


def test_that_a_held_draft_keeps_the_drafters_reason_in_the_result(
    monkeypatch, settings: Settings, indexed_db, understanding_models, tmp_path
):
    # A dev ticket about a cancelled order with no refund on record: the drafter holds its
    # draft back, and QA must be able to read why without replaying the ticket.
    chosen = tmp_path / "held.ids"
    chosen.write_text("# one held draft\ngt-refund_status-016\n", "utf-8")
    outcome = _eval(
        monkeypatch,
        settings,
        "--split",
        "dev",
        "--tickets",
        str(chosen),
        "--suite",
        "routing",
        "--json",
    )
    assert outcome.exit_code == 0, outcome.output
    folder = json.loads(outcome.stdout)["folder"]
    result = json.loads(
        (settings.data_dir / "eval-runs").joinpath(folder, "result.json").read_text()
    )
    (run,) = result["runs"]
    assert run["route"] != "auto_reply"
    assert any("no refund is recorded" in note for note in run["draft_notes"])
