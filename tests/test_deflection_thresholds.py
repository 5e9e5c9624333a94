"""The retuned routing table (version 2): lower bars where dev showed none of the drafts wrong,
with a floor and a safety step kept, and every override still ahead of confidence."""

from __future__ import annotations

from dataclasses import replace

import pytest

from graph.gate import GateInput, decide
from graph.gate_config import load_gate_config
from nlp.taxonomy import INTENT_NAMES
from tests.gate_inputs import gate_input

CONFIG = load_gate_config()
# No intent answers on its own below this, however clean its dev curve looked: the held-out
# tickets will hold mistakes that dev did not.
FLOOR = 0.80
# Intents that move money or act on an order keep a high bar.
MONEY_OR_ACTION = ("refund_status", "billing", "cancel_order", "change_order", "exchange")


def _answer(intent: str, confidence: float) -> GateInput:
    return gate_input(intent=intent, confidence=confidence, anger=0.04)


def test_that_no_intent_may_answer_on_its_own_below_the_safety_floor():
    answerable = [i for i in INTENT_NAMES if i not in CONFIG.never_auto]
    below = {i: CONFIG.auto_threshold(i) for i in answerable if CONFIG.auto_threshold(i) < FLOOR}
    assert below == {}


def test_that_money_and_order_actions_keep_a_bar_of_at_least_ninety_percent():
    for intent in MONEY_OR_ACTION:
        assert CONFIG.auto_threshold(intent) >= 0.90, intent


def test_that_the_retuned_table_is_recorded_with_each_decision():
    decision = decide(_answer("order_status", 0.95), CONFIG)
    assert CONFIG.version >= 2
    assert decision.config_version == CONFIG.version
    assert decision.to_record()["config_version"] == CONFIG.version


@pytest.mark.parametrize(
    ("intent", "confidence", "route"),
    [
        ("order_status", 0.89, "auto_reply"),
        ("order_status", 0.86, "agent_suggestion"),
        ("delivery_problem", 0.90, "auto_reply"),
        ("return_request", 0.86, "auto_reply"),
        ("return_request", 0.84, "agent_suggestion"),
        ("product_info", 0.81, "auto_reply"),
        ("compatibility", 0.79, "agent_suggestion"),
        # Dev drafts went wrong at 0.83 and 0.89 under refund_status: its bar stays above both.
        ("refund_status", 0.90, "agent_suggestion"),
        # Version 5: billing answers from 0.90, the bar every money or order action keeps.
        ("billing", 0.90, "auto_reply"),
        ("billing", 0.88, "agent_suggestion"),
    ],
)
def test_that_a_grounded_answer_goes_out_only_at_or_above_its_intents_bar(
    intent, confidence, route
):
    decision = decide(_answer(intent, confidence), CONFIG)
    assert decision.route == route
    if route == "auto_reply":
        assert decision.threshold == CONFIG.auto_threshold(intent)
        assert decision.threshold <= confidence


@pytest.mark.parametrize(
    ("change", "route"),
    [
        ({"angry": True, "anger": 0.9}, "escalate_senior"),
        ({"repeat_contact": True, "recent_contacts": 3}, "escalate_senior"),
        ({"grounded": False}, "agent_suggestion"),
        ({"check_problems": ("invented date",)}, "manual_queue"),
        ({"flags": ("prompt_injection",)}, "agent_suggestion"),
        ({"keywords": ("chargeback",)}, "escalate_specialist"),
    ],
)
def test_that_a_lowered_bar_never_lets_a_draft_past_an_override(change, route):
    # 0.86 clears the new product_info bar, so only the override can hold the draft back.
    base = _answer("product_info", 0.86)
    assert decide(base, CONFIG).route == "auto_reply"
    assert decide(replace(base, **change), CONFIG).route == route


def test_that_a_high_value_return_still_goes_to_a_senior_at_a_confidence_that_now_clears():
    gate = replace(_answer("return_request", 0.87), high_value=True, order_value="640.00 GBP")
    decision = decide(gate, CONFIG)
    assert decision.route == "escalate_senior"
    assert "640.00 GBP" in decision.reason
