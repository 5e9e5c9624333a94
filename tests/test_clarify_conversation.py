"""Clarifying questions in whole conversations: the real graph, models, seeded shop and
Postgres checkpointer, with the template drafter (no LLM configured).

A vague first turn gets one question and the conversation stays with the assistant, so the
customer's next message is answered; a second question in a row goes to a person instead.
"""

from __future__ import annotations

from graph.gate import ASKED_BEFORE
from supportdesk.turns import Session
from tests.shop_picks import customer_session, pick_order


async def test_that_a_vague_first_turn_is_asked_about_and_the_next_turn_is_answered(
    assistant, indexed_db
):
    order = pick_order(indexed_db, "in_transit")
    session = customer_session(indexed_db, order.email)
    first = await assistant.send(f"Could you have a look at {order.order_id} for me?", session)
    assert first.route == "auto_reply", (first.route, first.reason)
    assert "clarifying question" in first.reason
    assert order.order_id in first.text  # the status of the order in focus, unmasked for them
    assert not first.escalation_id

    second = await assistant.send(
        "and which courier is bringing it?", session, conversation_id=first.conversation_id
    )
    assert second.route != "waiting_agent", "the conversation must not wait for an agent"
    assert second.intent in ("order_status", "delivery_problem"), second
    state = await assistant.conversation_state(second.conversation_id)
    assert ASKED_BEFORE in state["flags"]
    assert f"order:{order.order_id}" in {f["source_id"] for f in state["facts"]}


async def test_that_a_guest_asked_twice_in_a_row_reaches_a_person(assistant, indexed_db):
    order = pick_order(indexed_db, "in_transit")
    other = pick_order(indexed_db, "delivered")
    assert other.postcode != order.postcode
    guest = Session()
    first = await assistant.send(f"where is my order {order.order_id}?", guest)
    assert first.route == "auto_reply" and "clarifying question" in first.reason, first
    second = await assistant.send(
        f"the postcode is {other.postcode}", guest, conversation_id=first.conversation_id
    )
    assert second.route in ("agent_suggestion", "manual_queue"), (second.route, second.reason)
    assert "after one clarifying question" in second.reason
    assert second.escalation_id, "the case is queued for an agent"
    assert other.postcode not in second.text and order.postcode not in second.text
