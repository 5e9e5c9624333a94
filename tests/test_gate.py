"""The gate's routing table and its decisions, as pure functions."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from drafting.types import Draft
from graph.gate import decide
from graph.gate_config import load_gate_config
from graph.nodes.drafting import claim_free
from supportdesk.errors import ConfigurationError
from tests.gate_inputs import gate_input

CONFIG = load_gate_config()
CALM = gate_input()


def test_that_the_shipped_table_has_the_documented_defaults():
    assert CONFIG.auto_threshold("order_status") == 0.88
    assert CONFIG.auto_threshold("product_info") == 0.80
    assert CONFIG.suggestion_band == 0.75


def test_that_a_confident_grounded_answer_goes_out_with_its_threshold_in_the_reason():
    decision = decide(CALM, CONFIG)
    assert decision.route == "auto_reply"
    assert "0.97 >= its threshold 0.88" in decision.reason


@pytest.mark.parametrize(
    ("confidence", "route"),
    [(0.87, "agent_suggestion"), (0.75, "agent_suggestion"), (0.6, "manual_queue")],
)
def test_that_confidence_below_the_threshold_falls_to_a_person(confidence, route):
    decision = decide(replace(CALM, confidence=confidence), CONFIG)
    assert decision.route == route
    assert "below the order status threshold" in decision.reason


def test_that_an_ungrounded_draft_never_goes_out_automatically():
    decision = decide(replace(CALM, grounded=False, confidence=0.99), CONFIG)
    assert decision.route == "agent_suggestion"
    assert "no retrieved fact" in decision.reason


def test_that_a_failed_draft_check_goes_to_the_manual_queue_with_the_problem():
    decision = decide(replace(CALM, check_problems=("invented date 3 March",)), CONFIG)
    assert decision.route == "manual_queue"
    assert "invented date 3 March" in decision.reason


@pytest.mark.parametrize(
    ("change", "route", "reason"),
    [
        ({"intent": "privacy_request"}, "escalate_specialist", "privacy request"),
        ({"intent": "chargeback_fraud"}, "escalate_specialist", "chargeback fraud"),
        ({"keywords": ("legal",)}, "escalate_specialist", "mentions legal"),
        ({"intent": "human_request"}, "escalate_senior", "asked for a person"),
        ({"angry": True, "anger": 0.8}, "escalate_senior", "angry (anger 0.80)"),
        ({"repeat_contact": True, "recent_contacts": 3}, "escalate_senior", "3 contacts"),
        (
            {"intent": "return_request", "high_value": True, "order_value": "612.00 GBP"},
            "escalate_senior",
            "612.00 GBP",
        ),
        ({"intent": "complaint"}, "agent_suggestion", "always goes to a person"),
        ({"flags": ("prompt_injection",)}, "agent_suggestion", "prompt injection"),
        (
            {"intent": "refund_status", "flags": ("damage_report",)},
            "agent_suggestion",
            "damage report",
        ),
        (
            {"intent": "delivery_problem", "flags": ("complaint_stated",)},
            "agent_suggestion",
            "complaint stated",
        ),
    ],
)
def test_that_overrides_route_before_confidence(change, route, reason):
    decision = decide(replace(CALM, **change), CONFIG)
    assert decision.route == route
    assert reason in decision.reason


def test_that_a_plain_status_question_on_an_expensive_order_may_still_be_answered():
    decision = decide(replace(CALM, high_value=True, order_value="900.00 EUR"), CONFIG)
    assert decision.route == "auto_reply"


def test_that_a_clarifying_question_goes_out_but_never_past_an_override():
    ask = replace(CALM, clarifying_question=True, grounded=True, confidence=0.5)
    assert decide(ask, CONFIG).route == "auto_reply"
    assert decide(replace(ask, angry=True, anger=0.9), CONFIG).route == "escalate_senior"


def test_that_a_claim_free_redirect_for_out_of_scope_goes_out_but_claims_do_not():
    other = replace(CALM, intent="other", confidence=0.9, grounded=False)
    assert decide(replace(other, claim_free=True), CONFIG).route == "auto_reply"
    assert decide(replace(other, claim_free=False), CONFIG).route != "auto_reply"


def test_that_a_redirect_its_drafter_doubts_is_not_claim_free():
    redirect = Draft(
        text="I can help with orders and deliveries.",
        citations=(),
        grounded=False,
        drafter="template",
    )
    assert claim_free(redirect)
    assert not claim_free(replace(redirect, needs_person=True))


def test_that_a_table_naming_an_unknown_intent_is_refused(tmp_path: Path):
    bad = tmp_path / "thresholds.toml"
    bad.write_text("version = 2\n[auto]\norder_stauts = 0.5\n")
    with pytest.raises(ConfigurationError, match="order_stauts"):
        load_gate_config(bad)


def test_that_a_threshold_outside_zero_to_one_is_refused(tmp_path: Path):
    bad = tmp_path / "thresholds.toml"
    bad.write_text("version = 2\n[auto]\norder_status = 1.5\n")
    with pytest.raises(ConfigurationError, match="between 0 and 1"):
        load_gate_config(bad)
