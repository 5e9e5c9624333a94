"""A reply that only gives what was asked for (an order number, a postcode) continues the
question before it, instead of being read as a new, out-of-scope message."""

from __future__ import annotations

import pytest

from nlp.follow_up import only_identifies
from supportdesk.turns import Session
from tests.shop_picks import customer_session, pick_order, sku_with
from tools.facts import DISCUSSED_BEFORE


@pytest.mark.parametrize(
    "masked",
    [
        "<ORDER_ID_1>",
        "oh sorry, it's <POSTCODE_1>",
        "it's 10115",
        "the postcode is <POSTCODE_1>",
        "Order number <ORDER_ID_1>, zip code <POSTCODE_1>. Thanks!",
        "Sorry, no account. Email is <EMAIL_ADDRESS_1>",
    ],
)
def test_that_identification_only_replies_are_recognised(masked: str) -> None:
    assert only_identifies(masked)


@pytest.mark.parametrize(
    "masked",
    [
        "hello",
        "where is <ORDER_ID_1>?",
        "and for <ORDER_ID_2>, what's my last day to return it?",
        "can I cancel <ORDER_ID_1>",
        "thanks, that's all",
        "2 chairs please",
    ],
)
def test_that_replies_with_a_request_of_their_own_are_not(masked: str) -> None:
    assert not only_identifies(masked)


async def test_that_a_guest_giving_the_postcode_next_gets_the_order_answered(assistant, indexed_db):
    order = pick_order(indexed_db, "in_transit")
    guest = Session()
    first = await assistant.send(f"where is my order {order.order_id}?", guest)
    second = await assistant.send(
        f"oh sorry, it's {order.postcode}", guest, conversation_id=first.conversation_id
    )
    state = await assistant.conversation_state(second.conversation_id)
    assert state["intent"] == first.intent == "order_status"
    assert state["understanding"]["context"] == "identification_reply"
    assert f"order:{order.order_id}" in {f["source_id"] for f in state["facts"]}


async def test_that_a_guest_proving_the_order_in_a_longer_reply_gets_it_looked_up(
    assistant, indexed_db
):
    order = pick_order(indexed_db, "processing")
    guest = Session()
    first = await assistant.send(f"I need to cancel order {order.order_id}", guest)
    second = await assistant.send(
        f"I haven't got an account with you, my postcode is {order.postcode}",
        guest,
        conversation_id=first.conversation_id,
    )
    state = await assistant.conversation_state(second.conversation_id)
    sources = {f["source_id"] for f in state["facts"]}
    assert f"order:{order.order_id}" in sources
    assert "refusal:lookup_order" not in sources


async def test_that_a_product_follow_up_naming_no_product_stays_on_the_product_asked_about(
    assistant, indexed_db
):
    # "would it get through the door?" names nothing; searched alone it finds whatever product
    # its words resemble. The product of the turn before is the one being asked about.
    item = sku_with(indexed_db, "furniture")
    session = Session()
    first = await assistant.send(f"How wide is the {item['name']}?", session)
    second = await assistant.send(
        "right, and would it still get through our front door? it's only 74 cm",
        session,
        conversation_id=first.conversation_id,
    )
    state = await assistant.conversation_state(second.conversation_id)
    assert state["product_in_focus"] == item["sku"]
    products = [f["source_id"] for f in state["facts"] if f["kind"] == "product"]
    assert products[0] == f"sku:{item['sku']}"
    assert item["name"] in state["draft"]["text"]


async def test_that_a_follow_up_naming_another_product_moves_the_focus_to_it(assistant, indexed_db):
    sofa, lamp = sku_with(indexed_db, "furniture"), sku_with(indexed_db, "lighting")
    session = Session()
    first = await assistant.send(f"How wide is the {sofa['name']}?", session)
    second = await assistant.send(
        f"and how tall is the {lamp['name']}?", session, conversation_id=first.conversation_id
    )
    state = await assistant.conversation_state(second.conversation_id)
    assert state["product_in_focus"] == lamp["sku"]
    assert lamp["name"] in state["draft"]["text"] and sofa["name"] not in state["draft"]["text"]


async def test_that_a_long_unrelated_later_turn_is_not_pulled_into_the_earlier_question(
    assistant, indexed_db
):
    # Read with "where is my order?", a long aside could be made an order question; it is only
    # re-read when that reading is surer than its own.
    order = pick_order(indexed_db, "in_transit")
    session = Session()
    first = await assistant.send(f"where is my order {order.order_id}?", session)
    second = await assistant.send(
        "Also, completely unrelated, are you hiring at the moment? I would love to work in one "
        "of your shops one day.",
        session,
        conversation_id=first.conversation_id,
    )
    state = await assistant.conversation_state(second.conversation_id)
    assert state["intent"] == "other"


async def test_that_swapping_for_that_after_asking_about_a_variant_means_that_variant(
    assistant, indexed_db
):
    # "How much is the sheet in Clay, Double?" then "so if I swap the one from my order for that,
    # how does the money side work out?": the order brings back every variant of its product,
    # and the one asked about before is marked so the exchange is drafted for it.
    order = pick_order(indexed_db, "delivered", market="US")
    with indexed_db.connect() as conn:
        other = conn.execute(
            "SELECT v2.sku, p.name, v2.variant_name FROM order_lines l "
            "JOIN variants v ON v.sku = l.sku "
            "JOIN variants v2 ON v2.product_id = v.product_id AND v2.sku <> v.sku "
            "JOIN products p ON p.id = v.product_id "
            "WHERE l.order_id = %s ORDER BY l.line_no, v2.sku LIMIT 1",
            (order.order_id,),
        ).fetchone()
    assert other is not None, "the demo shop's products come in several variants"
    session = customer_session(indexed_db, order.email)
    first = await assistant.send(
        f"How much is the {other['name']} ({other['variant_name']})?", session
    )
    second = await assistant.send(
        f"OK. So if I swap the one from {order.order_id} for that, how does the money side work "
        "out?",
        session,
        conversation_id=first.conversation_id,
    )
    state = await assistant.conversation_state(second.conversation_id)
    assert state["intent"] == "exchange", state["intent"]
    marked = [f["data"]["sku"] for f in state["facts"] if f["data"].get(DISCUSSED_BEFORE)]
    assert marked == [other["sku"]]
    assert other["variant_name"] in state["draft"]["text"]
