"""A vague first message gets one clarifying question; the gate sends it once, never twice.

Pure tests: the template drafter on facts built as the tools build them (the builders of
tests/test_template_drafter.py, with the real policy texts), the gate on its typed input, and
the understanding node's reading of the previous turn.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from drafting.template import draft_with_templates
from drafting.template_clarify import is_vague, next_question_key
from drafting.template_compose import template_book
from drafting.types import Draft
from graph.gate import ASKED_BEFORE, decide
from graph.gate_config import load_gate_config
from graph.nodes.understanding import asked_last_turn
from tests.gate_inputs import gate_input
from tests.test_template_drafter import REF, order_in, policy
from tools.facts import Fact

CONFIG = load_gate_config()
UNSURE = gate_input(confidence=0.55, clarifying_question=True)


def write(intent: str, facts: list[Fact], message: str, *, follow_up: bool = False) -> Draft:
    return draft_with_templates(
        intent, facts, masked_message=message, market="UK", follow_up=follow_up
    )


def listing(count: int) -> Fact:
    orders = [
        {
            "order_ref": f"<ORDER_ID_{n}>",
            "status": "processing",
            "placed_on": "2026-10-2" + str(n),
            "total": "40.00",
            "currency": "GBP",
            "item_count": 1,
        }
        for n in range(1, count + 1)
    ]
    return Fact("orders:customer", "order_list", "Your recent orders", {"orders": orders}, "")


@pytest.mark.parametrize(
    "message",
    [
        f"Could you look at {REF} please?",
        f"Hello,\n\nWould you check {REF} for me?\n\nThanks, <PERSON_1>",
        "hey, I need some help with a purchase",
        "I ordered a side table from you last week",
        "I sent the cushion back yesterday",
        f"Would you look up {REF} for me?",
        "I have a question about my order",
        "Hi, something's come up with an order",
    ],
)
def test_that_a_message_naming_a_case_without_a_question_is_vague(message: str) -> None:
    assert is_vague(message)


@pytest.mark.parametrize(
    "message",
    [
        f"When will {REF} get here?",
        f"cancl my order {REF} pls",  # a request with a typo is still a request
        f"Please take the vase off order {REF}, the rest can stay.",
        f"Can I return the rug from {REF}?",
        f"Could you hold {REF} for a week? I'm away till then.",
        "I think the payment went through twice",
        "Could you look at my order? I was told it's been lost and I want to know what happens "
        "next and who pays for it, because this is the second time it has happened",
    ],
)
def test_that_real_questions_and_requests_are_not_vague(message: str) -> None:
    assert not is_vague(message)


def test_that_a_vague_message_about_an_order_states_its_status_and_asks_what_they_need():
    facts = [order_in("in_transit"), policy("delivery", "tracking")]
    draft = write("order_status", facts, f"Could you look at {REF} please?")
    assert draft.clarifying_question and draft.grounded
    assert "is on its way" in draft.text and "Royal Mail" in draft.text
    assert draft.citations == (f"order:{'HR-204813'}",)
    book = template_book()
    assert draft.text.rstrip().endswith(book.render(next_question_key(book), {}))


def test_that_a_vague_message_with_several_orders_lists_them_and_asks_which_one():
    draft = write("change_order", [listing(3)], "hi, I need some help with an order")
    assert draft.clarifying_question and draft.grounded
    assert draft.text.rstrip().endswith("Which one would you like me to look into?")
    assert draft.text.count("?") == 1
    assert "<ORDER_ID_3>" in draft.text


def test_that_a_vague_message_with_one_or_no_known_order_asks_for_the_order_number():
    draft = write("return_request", [listing(1), policy("returns", "start")], "I sent a lamp back")
    assert draft.clarifying_question and not draft.grounded
    assert draft.text.rstrip().endswith("You'll find it in your order confirmation email.")
    assert draft.text.count("?") == 1
    assert "Returns policy" not in draft.text  # no policy quote in place of the question


def test_that_a_clear_question_and_a_follow_up_get_the_intents_own_answer():
    facts = [order_in("in_transit")]
    direct = write("order_status", facts, f"When will {REF} arrive?")
    later = write("order_status", facts, f"Could you look at {REF}?", follow_up=True)
    assert not direct.clarifying_question and not later.clarifying_question
    assert "due by" in direct.text


def test_that_people_and_disputes_are_never_asked_a_clarifying_question():
    for intent in ("complaint", "human_request", "chargeback_fraud", "damaged_item"):
        draft = write(intent, [order_in("delivered")], f"Could you look at {REF}?")
        assert not draft.clarifying_question, intent


def test_that_a_named_order_is_asked_about_even_when_the_message_reads_as_out_of_scope():
    named = write("other", [order_in("delivered")], f"Could you look at {REF}?")
    assert named.clarifying_question and "has been delivered" in named.text
    unnamed = write("other", [], "hey, I need some help with a purchase")
    assert not unnamed.clarifying_question and not unnamed.grounded


def test_that_the_gate_sends_one_clarifying_question_whatever_the_confidence():
    decision = decide(UNSURE, CONFIG)
    assert decision.route == "auto_reply"
    assert "one clarifying question" in decision.reason


def test_that_a_second_clarifying_question_in_a_row_goes_to_a_person():
    again = replace(UNSURE, flags=(ASKED_BEFORE,))
    assert decide(again, CONFIG).route == "manual_queue"
    sure = decide(replace(again, confidence=0.8), CONFIG)
    assert sure.route == "agent_suggestion" and "after one clarifying question" in sure.reason


@pytest.mark.parametrize(
    "override",
    [
        {"angry": True, "anger": 0.9},
        {"intent": "human_request"},
        {"keywords": ("chargeback",)},
        {"repeat_contact": True, "recent_contacts": 3},
        {"flags": ("prompt_injection",)},
        {"check_problems": ("names the date 3 March, which no fact holds",)},
    ],
)
def test_that_an_escalation_signal_outranks_a_clarifying_question(override: dict[str, Any]) -> None:
    assert decide(replace(UNSURE, **override), CONFIG).route != "auto_reply"


def test_that_the_previous_turn_counts_as_asked_only_when_the_question_went_out():
    asked = {"clarifying_question": True, "text": "Could you tell me the order number?"}
    assert asked_last_turn({"draft": asked, "decision": {"route": "auto_reply"}})
    assert not asked_last_turn({"draft": asked, "decision": {"route": "manual_queue"}})
    answered = {"clarifying_question": False, "text": "It's on its way."}
    assert not asked_last_turn({"draft": answered, "decision": {"route": "auto_reply"}})
    assert not asked_last_turn({})
