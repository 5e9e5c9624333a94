"""Hand-made golden tickets and played runs for the evaluation-suite tests (no tests here).

Small enough that every expected number can be worked out by hand in the test that uses it.
`played()` builds what the runner would record for a ticket; the "systems" below stand for a
correct assistant, a deliberately broken classifier and a leaking drafter.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from evals.golden_schema import CustomerRef, GoldenTicket, OrderRef, ToolCall
from evals.suites.records import FactView, TicketRun, TurnObservation
from evals.suites.replay import AutoClass

PHONE = "+44 7700 900160"
STREET = "149 Kings Road"
NAME = "Emma Campbell"


def ticket(ticket_id: str, intent: str = "order_status", **overrides: Any) -> GoldenTicket:
    base = GoldenTicket(
        id=ticket_id,
        split="dev",
        channel="chat",
        market="UK",
        customer=CustomerRef("account", id="C00001"),
        subject=None,
        turns=("where is HR-100001?",),
        expected_intent=intent,  # type: ignore[arg-type]
        expected_route="auto_reply",
        acceptable_routes=("auto_reply",),
        must_escalate=False,
        route_reason="test",
        expected_tools=(ToolCall("lookup_order", {"order_id": "HR-100001"}),),
        reference_answer="Your order HR-100001 is on its way with DPD, due 3 November.",
        reference_source_ids=("order:HR-100001", "policy:delivery@v4#uk"),
        required_facts=("DPD", "3 November"),
        must_not_contain=(PHONE, STREET),
        orders=(OrderRef("HR-100001", "own"),),
        skus=(),
        tags=(),
    )
    return replace(base, **overrides)


def escalating(ticket_id: str, intent: str = "complaint") -> GoldenTicket:
    return ticket(
        ticket_id,
        intent,
        expected_route="agent_suggestion",
        acceptable_routes=("agent_suggestion", "manual_queue"),
        must_escalate=True,
        required_facts=(),
    )


def played(
    t: GoldenTicket,
    *,
    route: str | None = None,
    intent: str | None = None,
    confidence: float = 0.95,
    reply: str | None = None,
    auto_class: AutoClass | None = None,
    sources: tuple[str, ...] | None = None,
    ttft_ms: float = 100.0,
    **extra: Any,
) -> TicketRun:
    """What the runner records when the assistant handles `t` (correctly, unless told)."""
    route = route or t.expected_route
    text = reply if reply is not None else t.reference_answer
    shown = text if route == "auto_reply" else "A colleague will reply within a day."
    return TicketRun(
        ticket=t,
        turns=[TurnObservation(route, intent or t.expected_intent, confidence, ttft_ms, ttft_ms)],
        route=route,
        reason="test",
        intent=intent or t.expected_intent,
        confidence=confidence,
        reply_text=shown,
        draft_text=text,
        masked_reply=shown,
        masked_draft=text,
        masked_turns=[turn.replace("HR-100001", "<ORDER_ID_1>") for turn in t.turns],
        facts=[
            FactView(s, s.split(":", 1)[0], "")
            for s in (sources if sources is not None else t.reference_source_ids)
        ],
        tool_calls=[{"tool": c.tool} for c in t.expected_tools],
        auto_class=auto_class or ("threshold" if route == "auto_reply" else "never"),
        **extra,
    )


def correct_system(tickets: list[GoldenTicket]) -> list[TicketRun]:
    return [played(t) for t in tickets]


def broken_classifier(tickets: list[GoldenTicket]) -> list[TicketRun]:
    """Everything is 'other', confidently: intents wrong, order questions answered off-topic."""
    return [
        played(t, intent="other", confidence=0.97, reply="I can help with orders and returns.")
        if t.expected_route == "auto_reply"
        else played(t, intent="other", confidence=0.97)
        for t in tickets
    ]


def leaking_drafter(tickets: list[GoldenTicket]) -> list[TicketRun]:
    """Right routes and facts, but the drafter writes the customer's phone into the reply,
    sends the customer's name to the LLM and logs the street."""
    return [
        played(
            t,
            reply=f"{t.reference_answer} We will call you on {PHONE}.",
            boundary=[f'{{"messages": [{{"content": "Customer {NAME} asks"}}]}}'],
            logs=[f"graph.nodes.drafting DEBUG drafting for {STREET}"],
        )
        for t in tickets
    ]


def suite_tickets() -> list[GoldenTicket]:
    """Six answerable tickets (one without required facts) and two that must escalate."""
    return [
        ticket("gt-order_status-001"),
        ticket("gt-order_status-002"),
        ticket("gt-order_status-003"),
        ticket(
            "gt-refund_status-001",
            "refund_status",
            reference_answer="Your refund of £49.00 was sent on 30 October.",
            required_facts=("£49.00", "30 October"),
        ),
        ticket(
            "gt-product_info-001",
            "product_info",
            turns=("is the Hale table solid wood?",),
            reference_answer="The Hale Dining Table is solid oak.",
            reference_source_ids=("sku:FUR-0001",),
            expected_tools=(ToolCall("get_product", {"sku": "FUR-0001"}),),
            required_facts=("oak",),
            orders=(),
        ),
        ticket("gt-other-001", "other", required_facts=(), reference_source_ids=()),
        escalating("gt-complaint-001"),
        escalating("gt-damaged_item-001", "damaged_item"),
    ]
