"""The LLM answer streams sentence by sentence, and only sentences that passed the check and the
gate reach the customer: the whole graph with the real ChatOpenAI client against the local stub
(which records every request body), the real checkpointer and the seeded, indexed shop."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import pytest

from drafting.llm import LlmAnswer, LlmDrafter
from drafting.llm_prompt import last_sentence_end
from drafting.types import Draft
from graph.deps import GraphDeps
from graph.messages import handoff_sentence
from supportdesk.assistant import Assistant
from supportdesk.llm_stub import StubReply, StubServer, answer_or_look_up, look_up_then_answer
from supportdesk.settings import Settings
from supportdesk.turns import Session
from tests.shop_picks import Pick, customer_session, pick_order
from tests.stub_assistant import assistant_on_stub
from tools.facts import Fact

FACTS = [
    Fact(
        "order:HR-204813",
        "order",
        "Order <ORDER_ID_1>",
        {},
        "Order <ORDER_ID_1> was dispatched on 28 October. It should arrive on 3 November.",
    )
]


# -- sentences, without the graph ----------------------------------------------------------------


def test_that_a_sentence_ends_only_once_the_next_one_has_begun_and_keeps_its_citations():
    assert last_sentence_end("It left on 28 October.") is None  # the next sentence may be a cite
    assert last_sentence_end("It left on 28 October. [F1]") is None
    raw = "It left on 28 October. [F1] It costs £12.50 in total [F2]. Thanks"
    assert (
        raw[: last_sentence_end(raw)]
        == "It left on 28 October. [F1] It costs £12.50 in total [F2]."
    )
    assert last_sentence_end("It is 3.5 m long and costs £12.50 so far") is None


class Recorder:
    def __init__(self) -> None:
        self.offers: list[Draft] = []
        self.finals: list[bool] = []

    async def offer(self, draft: Draft, facts: Sequence[Fact], final: bool) -> bool:
        self.offers.append(draft)
        self.finals.append(final)
        return False


async def test_that_each_complete_sentence_is_offered_with_the_draft_so_far():
    with StubServer() as stub:
        stub.script(
            "Your order <ORDER_ID_1> was dispatched on 28 October. [F1] It should arrive on "
            "3 November [F1]. Thanks for waiting."
        )
        settings = Settings(_env_file=None, llm_base_url=stub.base_url, llm_model="stub")
        sink = Recorder()
        result = await LlmDrafter.from_settings(settings).answer(
            "order_status", FACTS, masked_message="Where?", history=[], market="UK", sink=sink
        )
    assert isinstance(result, LlmAnswer)
    texts = [d.text for d in sink.offers]
    assert texts == [
        "Your order <ORDER_ID_1> was dispatched on 28 October.",
        "Your order <ORDER_ID_1> was dispatched on 28 October. It should arrive on 3 November.",
        result.draft.text,
    ]
    assert sink.offers[0].citations == ("order:HR-204813",)  # the cite after the full stop
    assert sink.offers[-1] == result.draft  # the last offer is the draft itself
    assert sink.finals == [False, False, True]


# -- through the graph ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def stub():
    with StubServer(hang_seconds=4) as server:
        yield server


@pytest.fixture(autouse=True)
def fresh_stub(stub: StubServer):
    stub.reset()
    yield
    stub.reset()
    stub.responder = answer_or_look_up
    stub.token_ms = 0.0


@pytest.fixture(scope="module")
async def llm_assistant(graph_deps: GraphDeps, stub: StubServer):
    async with assistant_on_stub(graph_deps, stub, timeout_seconds=2) as bot:
        yield bot


WHERE_IS_IT = "Hi, where is my order {order}? When will it arrive?"


async def ask(
    bot: Assistant, db: Any, status: str, message: str
) -> tuple[Any, dict[str, Any], Pick]:
    pick = pick_order(db, status)
    result = await bot.send(message.format(order=pick.order_id), customer_session(db, pick.email))
    return result, await bot.conversation_state(result.conversation_id), pick


async def test_that_an_automatic_answer_streams_before_the_model_has_finished(
    llm_assistant, stub, indexed_db
):
    stub.token_ms = 40.0  # about 1.4 s for the whole reply
    stub.script(
        "Your order <ORDER_ID_1> is on its way to you [F1]. We know waiting for a delivery can "
        "feel long. Thank you for your patience while it travels. We hope you love it when it "
        "arrives."
    )
    result, state, pick = await ask(llm_assistant, indexed_db, "in_transit", WHERE_IS_IT)
    assert result.route == "auto_reply", result.reason
    assert result.ttft_ms is not None and result.ttft_ms + 600 < result.total_ms
    draft = state["draft"]["text"]
    shown = draft.replace("<ORDER_ID_1>", pick.order_id)
    assert result.text == shown  # every sentence once, in order, unmasked for the reader only
    assert state["check"]["shown"] == draft and state["reply"]["text"] == draft
    assert state["transcript"][-1]["text"] == draft
    assert state["retrieval"]["mode"] == "llm" and state["retrieval"]["model_calls"] == 1
    assert len(stub.requests) == 1  # the plan's facts answered it: one call


async def test_that_a_sentence_inventing_an_amount_stops_the_stream_and_hands_the_turn_over(
    llm_assistant, stub, indexed_db
):
    first = "Your order <ORDER_ID_1> is on its way [F1]."
    stub.script(f"{first} Delivery on it cost £12.34 [F1]. Thank you for your patience.")
    result, state, pick = await ask(llm_assistant, indexed_db, "in_transit", WHERE_IS_IT)
    assert "12.34" not in json.dumps(state["facts"])  # the amount really is invented
    assert result.route == "manual_queue" and result.escalation_id
    assert "£12.34" in result.reason and "grounding check" in result.reason
    seen = first.replace(" [F1]", "").replace("<ORDER_ID_1>", pick.order_id)
    assert result.text == f"{seen}\n\n{handoff_sentence('manual')}"
    assert "12.34" not in result.text
    assert "£12.34" in state["draft"]["text"]  # the agent gets the whole draft
    assert state["check"]["shown"] == "Your order <ORDER_ID_1> is on its way."
    assert [e["text"] for e in state["transcript"][-2:]] == [
        "Your order <ORDER_ID_1> is on its way.",
        handoff_sentence("manual"),
    ]


@pytest.mark.parametrize(
    ("status", "message"),
    [
        ("delivered", "The lamp in order {order} arrived with the shade cracked, what now?"),
        ("in_transit", "Can I speak to a real person please? It's about order {order}."),
    ],
)
async def test_that_nothing_is_streamed_when_the_route_is_not_automatic(
    llm_assistant, stub, indexed_db, status, message
):
    stub.script(
        "I'm so sorry about your order <ORDER_ID_1> [F1]. A colleague will look at it today."
    )
    result, state, _ = await ask(llm_assistant, indexed_db, status, message)
    assert result.route != "auto_reply" and result.escalation_id
    assert result.text == handoff_sentence(state["decision"]["queue"])
    assert "so sorry" in state["draft"]["text"] and state["draft"]["drafter"] == "llm"
    assert "shown" not in state["check"] and len(stub.requests) == 1


async def test_that_the_stubs_recorded_requests_hold_no_raw_personal_data(
    llm_assistant, stub, indexed_db
):
    stub.responder = look_up_then_answer  # a tool round too, so tool messages are searched
    pick = pick_order(indexed_db, "delivered")
    message = (
        f"Hi, this is {pick.full_name}. Where is my order {pick.order_id}? You can reach me on "
        f"{pick.email} or 07700 900871."
    )
    session = Session(pick.customer_id, pick.full_name, pick.market)
    result = await llm_assistant.send(message, session)
    assert result.route != "error"
    sent = json.dumps(stub.requests, ensure_ascii=False)
    assert len(stub.requests) == 2 and '"role": "tool"' in sent
    raw = [pick.order_id, pick.order_id.split("-")[1], pick.full_name, pick.email, "900871"]
    assert [value for value in raw if value.casefold() in sent.casefold()] == []
    assert "<ORDER_ID_1>" in sent and "<EMAIL_ADDRESS_1>" in sent and "[order:" not in sent
    state = await llm_assistant.conversation_state(result.conversation_id)
    # The model asked for the order the plan had already looked up: answered, not run again.
    assert [c["tool"] for c in state["tool_calls"]].count("lookup_order") == 1


async def test_that_a_tool_round_adds_what_the_model_found_to_the_turn(
    llm_assistant, stub, indexed_db
):
    stub.script(
        StubReply.tools(("check_return_eligibility", {"order_id": "<ORDER_ID_1>"})),
        "It was delivered [F1]. Here is what the return check says for it [F2].",
    )
    result, state, pick = await ask(llm_assistant, indexed_db, "delivered", WHERE_IS_IT)
    kinds = [f["kind"] for f in state["facts"]]
    assert kinds[0] == "order" and "eligibility" in kinds
    eligibility = next(f["source_id"] for f in state["facts"] if f["kind"] == "eligibility")
    assert eligibility in state["draft"]["citations"]
    tools = [(c["tool"], c["arguments"]) for c in state["tool_calls"]]
    assert ("check_return_eligibility", {"order_id": "<ORDER_ID_1>"}) in tools
    assert state["retrieval"]["mode"] == "llm"
    assert (state["retrieval"]["model_calls"], state["retrieval"]["tool_rounds"]) == (2, 1)
    tool_text = next(m for m in stub.requests[1]["messages"] if m["role"] == "tool")["content"]
    assert tool_text.startswith("[F2] ")
    assert pick.order_id not in json.dumps(stub.requests)
    assert result.route == "auto_reply" and result.text.startswith("It was delivered.")


async def test_that_a_stream_breaking_after_a_shown_sentence_ends_with_what_was_shown(
    llm_assistant, stub, indexed_db
):
    stub.script(
        StubReply(
            text="Your order <ORDER_ID_1> is on its way [F1]. Thank you for waiting so "
            "patiently for it to arrive at your door.",
            fault="stall",
        )
    )
    result, state, pick = await ask(llm_assistant, indexed_db, "in_transit", WHERE_IS_IT)
    assert result.route == "auto_reply"
    assert result.text == f"Your order {pick.order_id} is on its way."
    assert state["draft"]["text"] == "Your order <ORDER_ID_1> is on its way."
    assert any("stopped early (timeout)" in note for note in state["draft"]["notes"])


async def test_that_a_reply_grounding_nothing_is_only_shown_once_it_is_whole(
    llm_assistant, stub, indexed_db
):
    question = (
        "I can check that for you. Could you tell me the email address or the postcode on "
        "the order?"
    )
    stub.script(question)
    pick = pick_order(indexed_db, "in_transit")
    result = await llm_assistant.send(f"Where is my order {pick.order_id}?", Session())
    state = await llm_assistant.conversation_state(result.conversation_id)
    assert result.route == "auto_reply" and "clarifying question" in result.reason
    assert result.text == question and state["check"]["shown"] == question
    assert state["draft"]["grounded"] is False
