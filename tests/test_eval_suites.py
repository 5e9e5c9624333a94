"""The evaluation suites compute the right numbers on small hand-made fixtures whose answers are
worked out by hand, and the quality gate fails a deliberately broken classifier and a leaking
drafter while passing a correct system. No database, no graph: the runs are built by hand."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from evals.suites.gate import GATE_PATH, GateSpec, judge, load_gate
from evals.suites.intent import intent_suite
from evals.suites.latency import latency_suite
from evals.suites.privacy import masking_recall, privacy_suite
from evals.suites.private_values import PrivateValue, mentions
from evals.suites.records import TicketRun
from evals.suites.result import SuiteResult, percentile
from evals.suites.retrieval import retrieval_suite
from evals.suites.routing import coverage_error_curve, routing_suite
from tests.test_eval_fixtures import (
    NAME,
    PHONE,
    STREET,
    broken_classifier,
    correct_system,
    leaking_drafter,
    played,
    suite_tickets,
    ticket,
)

THRESHOLDS = {"order_status": 0.92, "product_info": 0.85, "other": 0.8}


def values_for(runs: list[TicketRun]) -> dict[str, list[PrivateValue]]:
    return {
        r.ticket.id: [
            PrivateValue("name", NAME, False),
            PrivateValue("phone", PHONE, True),
            PrivateValue("street", STREET, True),
        ]
        for r in runs
    }


async def all_suites(runs: list[TicketRun]) -> dict[str, SuiteResult]:
    """Every gated suite except answers (its Ragas scorer needs the embedding model)."""
    from evals.suites.answers import has_all_facts
    from evals.suites.result import ratio

    auto = [r for r in runs if r.auto and r.ticket.required_facts]
    complete = sum(has_all_facts(r.reply_text, r.ticket.required_facts) for r in auto)
    return {
        "intent": intent_suite(runs),
        "routing": routing_suite(runs, THRESHOLDS),
        "retrieval": await retrieval_suite(runs, {}),
        "answers": SuiteResult("answers", {"required_fact_presence": ratio(complete, len(auto))}),
        "privacy": privacy_suite(runs, values_for(runs), ["Emma Lamp"]),
    }


def test_that_intent_accuracy_and_calibration_match_a_hand_count():
    runs = correct_system(suite_tickets())
    runs[0] = played(runs[0].ticket, intent="delivery_problem", confidence=0.95)
    result = intent_suite(runs)
    assert result.metrics["accuracy"] == pytest.approx(7 / 8, abs=1e-4)
    # Every confidence is 0.95 and 7 of 8 are right: one bin, |0.875 - 0.95|.
    assert result.metrics["ece"] == pytest.approx(0.95 - 7 / 8, abs=1e-3)
    assert result.per_intent["order_status"]["recall"] == pytest.approx(2 / 3, abs=1e-4)
    assert result.per_intent["delivery_problem"]["precision"] == 0.0
    labels, rows = result.details["confusion"]["labels"], result.details["confusion"]["rows"]
    assert rows[labels.index("order_status")][labels.index("delivery_problem")] == 1
    assert result.details["histogram"]["wrong"][9] == 1  # 0.95 falls in the last bin


def test_that_routing_counts_deflection_wrong_auto_recall_and_misrouting():
    tickets = suite_tickets()
    runs = correct_system(tickets)
    assert routing_suite(runs, THRESHOLDS).metrics["deflection"] == 0.75
    # One answer misses its carrier, one complaint is answered alone, one damaged item lands
    # in the senior queue it does not accept.
    runs[0] = played(tickets[0], reply="Your order is due 3 November.")
    runs[6] = played(tickets[6], route="auto_reply", auto_class="threshold")
    runs[7] = played(tickets[7], route="escalate_senior")
    m = routing_suite(runs, THRESHOLDS).metrics
    assert m["deflection"] == 0.875
    assert m["wrong_auto_rate"] == pytest.approx(2 / 7, abs=1e-4)  # the fact miss + complaint
    assert m["escalation_recall"] == 0.5
    assert m["misrouting"] == 1.0  # the only ticket that reached a person went to the wrong queue
    assert m["route_accuracy"] == 0.75  # route_ok looks at the route only, not the facts


def test_that_the_coverage_error_curve_follows_the_recorded_confidences():
    t = ticket("gt-order_status-009")
    runs = [
        played(t, confidence=0.6),
        played(t, confidence=0.8, reply="no facts here"),
        played(t, confidence=0.95),
        played(t, route="manual_queue", auto_class="never", confidence=0.99),
    ]
    points = {p["threshold"]: p for p in coverage_error_curve(runs, (0.5, 0.9, 1.0))}
    assert points[0.5]["coverage"] == 0.75 and points[0.5]["error"] == pytest.approx(1 / 3, 1e-3)
    assert points[0.9]["coverage"] == 0.25 and points[0.9]["error"] == 0.0
    assert points[1.0]["coverage"] == 0.0 and points[1.0]["error"] is None


async def test_that_retrieval_scores_ids_and_hits_by_rank():
    t = ticket("gt-order_status-003", reference_source_ids=("policy:delivery@v4#uk", "sku:X"))
    run = played(t, sources=("policy:returns@v3#window", "policy:delivery@v4#uk", "order:HR-1"))
    result = await retrieval_suite(
        [run, played(ticket("gt-other-002", "other", reference_source_ids=()))], {}
    )
    m = result.metrics
    assert m["context_recall"] == 0.5  # delivery found, sku:X not
    assert m["context_precision"] == 0.5  # of the two policy/SKU sources retrieved, one is right
    assert m["hit@1"] == 0.0 and m["hit@3"] == 1.0
    assert m["tickets_scored"] == 1 and m["tickets_without_references"] == 1


async def test_that_text_context_metrics_give_credit_for_near_identical_sections():
    pytest.importorskip("rapidfuzz")
    t = ticket("gt-order_status-004", reference_source_ids=("policy:a#1",))
    run = played(t, sources=("policy:a#2",))
    texts = {
        "policy:a#1": "Returns are free within 30 days.",
        "policy:a#2": "Returns are free within 60 days.",
    }
    m = (await retrieval_suite([run], texts)).metrics
    assert m["context_recall"] == 0.0  # different ids
    assert m["text_context_recall"] == 1.0  # nearly the same words


def test_that_latency_percentiles_interpolate():
    runs = [
        played(ticket(f"gt-order_status-{i:03d}"), ttft_ms=ms)
        for i, ms in enumerate((100.0, 200.0, 300.0, 400.0))
    ]
    m = latency_suite(runs, "template").metrics
    assert m["ttft_p50_ms"] == 250.0 and m["ttft_p95_ms"] == 385.0
    assert percentile([], 50) is None


def test_that_private_values_match_whole_tokens_and_phones_without_spaces():
    assert mentions(PHONE, "call +447700900160 now")
    assert mentions("Emma Campbell", "thanks, emma campbell")
    assert not mentions("40285", "tracking 1402856")
    assert not mentions("amy@x.example", "tamy@x.example")


def test_that_privacy_finds_leaks_by_channel_and_never_names_the_value():
    runs = leaking_drafter(suite_tickets())
    result = privacy_suite(runs, values_for(runs), ["Emma Lamp"])
    m = result.metrics
    # 6 automatic replies carry the phone; all 8 tickets sent the name to the LLM and logged
    # the street.
    assert (m["leaks_replies"], m["leaks_llm_boundary"], m["leaks_logs"]) == (6, 8, 8)
    assert m["pii_leaks"] == 22 and m["leaks_traces"] == 0
    assert PHONE not in str(result.to_json()) and NAME not in str(result.to_json())


def test_that_a_product_name_holding_a_customer_name_is_not_a_leak():
    run = replace(
        played(ticket("gt-order_status-005")),
        boundary=['{"content": "the Emma Campbell Lamp is in stock"}'],
    )
    result = privacy_suite([run], values_for([run]), ["Emma Campbell Lamp"])
    assert result.metrics["leaks_llm_boundary"] == 0


def test_that_masking_recall_counts_values_left_in_the_masked_turns():
    t = ticket("gt-order_status-006", turns=("HR-100001, email amy@x.example",))
    run = replace(played(t), masked_turns=["<ORDER_ID_1>, email amy@x.example"])
    values = {
        t.id: [
            PrivateValue("order_id", "HR-100001", False),
            PrivateValue("email", "amy@x.example", False),
            PrivateValue("phone", PHONE, True),
        ]
    }  # never typed: not counted
    recall, missed = masking_recall([run], values)
    assert recall == {"order_id": 1.0, "email": 0.0, "all": 0.5}
    assert missed == [{"id": t.id, "kind": "email"}]


async def test_that_the_gate_passes_a_correct_system():
    gate = judge(await all_suites(correct_system(suite_tickets())))
    assert gate.passed, gate.to_json()
    assert all(c.status == "pass" for c in gate.checks)


async def test_that_the_gate_fails_a_broken_classifier():
    gate = judge(await all_suites(broken_classifier(suite_tickets())))
    failed = {c.metric for c in gate.checks if c.status == "fail"}
    assert not gate.passed
    assert {
        "intent.accuracy",
        "routing.wrong_auto_rate",
        "answers.required_fact_presence",
    } <= failed
    assert "privacy.pii_leaks" not in failed


async def test_that_the_gate_fails_a_leaking_drafter():
    gate = judge(await all_suites(leaking_drafter(suite_tickets())))
    failed = {c.metric for c in gate.checks if c.status == "fail"}
    assert failed == {"privacy.pii_leaks"}
    assert not gate.passed


def test_that_an_unmeasured_or_missing_check_never_passes():
    spec = GateSpec(1, (("routing.deflection", ">=", 0.7), ("privacy.pii_leaks", "<=", 0.0)))
    routing = routing_suite([], THRESHOLDS)  # nothing played: deflection is not measurable
    gate = judge({"routing": routing}, spec)
    assert [c.status for c in gate.checks] == ["fail", "not_run"]
    assert not judge({}, spec).passed  # nothing ran at all


def test_that_the_versioned_gate_holds_the_issue_targets():
    spec = load_gate(GATE_PATH)
    assert spec.version >= 1
    assert set(spec.checks) == {
        ("intent.accuracy", ">=", 0.93),
        ("routing.deflection", ">=", 0.70),
        ("routing.wrong_auto_rate", "<=", 0.01),
        ("routing.escalation_recall", ">=", 1.0),
        ("privacy.pii_leaks", "<=", 0.0),
        ("retrieval.context_recall", ">=", 0.90),
        ("answers.required_fact_presence", ">=", 0.95),
    }
    assert not any(math.isnan(t) for _, _, t in spec.checks)
