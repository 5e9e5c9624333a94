"""The local OpenAI-compatible stub, driven by the real `openai` and `ChatOpenAI` clients."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator

import openai
import pytest
from langchain_core.tools import tool
from langchain_openai import ChatOpenAI

from supportdesk.llm_stub import (
    ScriptedToolCall,
    StubReply,
    StubServer,
    answer_or_look_up,
    by_model_name,
    grounded_echo,
    look_up_then_answer,
)
from supportdesk.ports import free_port


@pytest.fixture
def stub() -> Iterator[StubServer]:
    with StubServer(hang_seconds=5) as server:
        yield server


def client(stub: StubServer, *, timeout: float = 5.0, retries: int = 0) -> openai.AsyncOpenAI:
    return openai.AsyncOpenAI(
        base_url=stub.base_url, api_key="unused", timeout=timeout, max_retries=retries
    )


@tool
def lookup_order(order_id: str) -> str:
    """Look up one order by its number."""
    return order_id


async def test_that_streamed_text_arrives_in_pieces_and_ends_with_a_usage_chunk(stub):
    stub.script("Your parcel left our warehouse on 28 October.")
    stream = await client(stub).chat.completions.create(
        model="any",
        messages=[{"role": "user", "content": "Where is my parcel?"}],
        stream=True,
        stream_options={"include_usage": True},
    )
    chunks = [chunk async for chunk in stream]
    content = [c.choices[0].delta.content for c in chunks if c.choices and c.choices[0].delta]
    assert "".join(t for t in content if t) == "Your parcel left our warehouse on 28 October."
    assert sum(1 for t in content if t) == 8  # word by word, as a real model streams
    assert chunks[-2].choices[0].finish_reason == "stop"
    assert chunks[-1].choices == [] and chunks[-1].usage is not None
    assert chunks[-1].usage.completion_tokens == 8


async def test_that_streamed_tool_calls_reassemble_in_chatopenai(stub):
    stub.script(
        StubReply.tools(
            ("lookup_order", {"order_id": "<ORDER_ID_1>"}),
            ScriptedToolCall("lookup_order", {"order_id": "<ORDER_ID_2>"}, id="call_custom"),
        )
    )
    chat = ChatOpenAI(
        base_url=stub.base_url, api_key="unused", model="any", streaming=True, max_retries=0
    )
    reply = await chat.bind_tools([lookup_order]).ainvoke("Where are my two orders?")
    assert [(c["name"], c["args"]) for c in reply.tool_calls] == [
        ("lookup_order", {"order_id": "<ORDER_ID_1>"}),
        ("lookup_order", {"order_id": "<ORDER_ID_2>"}),
    ]
    assert reply.tool_calls[1]["id"] == "call_custom"
    assert reply.tool_calls[0]["id"] != reply.tool_calls[1]["id"]
    assert reply.response_metadata["finish_reason"] == "tool_calls"
    sent_tools = stub.requests[0]["tools"]
    assert sent_tools[0]["function"]["name"] == "lookup_order"


async def test_that_non_streaming_requests_get_a_whole_completion_and_models_are_listed(stub):
    stub.script(StubReply.tools(("lookup_order", {"order_id": "<ORDER_ID_1>"})), "All done.")
    api = client(stub)
    first = await api.chat.completions.create(
        model="any", messages=[{"role": "user", "content": "hi"}]
    )
    assert first.choices[0].finish_reason == "tool_calls"
    calls = first.choices[0].message.tool_calls or []
    call = calls[0]
    assert call.type == "function"
    assert json.loads(call.function.arguments) == {"order_id": "<ORDER_ID_1>"}
    second = await api.chat.completions.create(
        model="any", messages=[{"role": "user", "content": "hi"}]
    )
    assert second.choices[0].message.content == "All done."
    assert second.usage is not None and second.usage.completion_tokens == 2
    models = await api.models.list()
    assert [m.id for m in models.data] == ["supportdesk-stub"]


async def test_that_every_request_body_is_recorded_parsed_in_order(stub):
    chat = ChatOpenAI(base_url=stub.base_url, api_key="unused", model="m-1", max_retries=0)
    await chat.ainvoke("first <ORDER_ID_1>")
    await chat.ainvoke([("system", "be brief"), ("human", "second")])
    bodies = stub.requests
    assert [b["model"] for b in bodies] == ["m-1", "m-1"]
    assert bodies[0]["messages"] == [{"role": "user", "content": "first <ORDER_ID_1>"}]
    assert [m["role"] for m in bodies[1]["messages"]] == ["system", "user"]
    stub.reset()
    assert stub.requests == []


def test_that_the_default_responder_restates_the_first_fact_with_its_key():
    body = {
        "messages": [
            {
                "role": "system",
                "content": "Rules...\nFacts:\n[F1] Order <ORDER_ID_1>: It was dispatched on "
                "28 October. It should arrive on 3 November.\n[F2] Returns: 30 days.",
            },
            {"role": "user", "content": "where is it"},
        ]
    }
    reply = grounded_echo(body)
    assert reply.text.endswith("It was dispatched on 28 October. [F1]")
    no_facts = grounded_echo({"messages": [{"role": "user", "content": "hello"}]})
    assert "[F" not in no_facts.text


async def test_that_the_first_token_waits_for_the_configured_ttft():
    timings = {}
    for ttft in (0, 300):
        with StubServer(ttft_ms=ttft) as server:
            server.script("one two three")
            started = time.perf_counter()
            stream = await client(server).chat.completions.create(
                model="any", messages=[{"role": "user", "content": "x"}], stream=True
            )
            async for chunk in stream:
                if chunk.choices and chunk.choices[0].delta.content:
                    timings[ttft] = time.perf_counter() - started
                    break
            await stream.close()
    assert timings[300] >= 0.29
    assert timings[0] < timings[300] - 0.2


async def test_that_http_500_mode_fails_every_request_until_cleared_and_keeps_the_script(stub):
    stub.script("After the outage.")
    stub.set_mode("http_500")
    for _ in range(2):
        with pytest.raises(openai.InternalServerError):
            await client(stub).chat.completions.create(
                model="any", messages=[{"role": "user", "content": "x"}]
            )
    stub.set_mode(None)
    ok = await client(stub).chat.completions.create(
        model="any", messages=[{"role": "user", "content": "x"}]
    )
    assert ok.choices[0].message.content == "After the outage."
    assert len(stub.requests) == 3


async def test_that_a_hanging_request_runs_into_the_client_timeout(stub):
    stub.script(StubReply.failing("hang"))
    started = time.perf_counter()
    with pytest.raises(openai.APITimeoutError):
        await client(stub, timeout=0.4).chat.completions.create(
            model="any", messages=[{"role": "user", "content": "x"}], stream=True
        )
    assert time.perf_counter() - started < 3


async def test_that_a_stalled_stream_delivers_half_the_tokens_then_times_out(stub):
    stub.script(StubReply(text="one two three four five six", fault="stall"))
    received: list[str] = []
    with pytest.raises(Exception) as caught:
        stream = await client(stub, timeout=0.4).chat.completions.create(
            model="any", messages=[{"role": "user", "content": "x"}], stream=True
        )
        async for chunk in stream:
            if chunk.choices and chunk.choices[0].delta.content:
                received.append(chunk.choices[0].delta.content)
    assert "Timeout" in type(caught.value).__name__
    assert "".join(received) == "one two three "


# The client warns while dumping the malformed chunk it was sent: expected here.
@pytest.mark.filterwarnings("ignore:Pydantic serializer warnings")
@pytest.mark.parametrize("fault", ["garbage", "malformed"])
@pytest.mark.parametrize("streaming", [True, False])
async def test_that_garbage_and_malformed_replies_break_the_client(stub, fault, streaming):
    stub.script(StubReply.failing(fault))
    chat = ChatOpenAI(
        base_url=stub.base_url, api_key="unused", model="any", streaming=streaming, max_retries=0
    )
    with pytest.raises(Exception) as caught:
        await chat.ainvoke("x")
    assert not isinstance(caught.value, openai.APIStatusError)  # a 200 with a body that is wrong
    assert len(stub.requests) == 1


def test_that_the_command_line_serves_until_stopped():
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "supportdesk.llm_stub", "--port", str(port), "--ttft-ms", "5"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        banner = proc.stdout.readline() if proc.stdout else ""
        assert f"http://127.0.0.1:{port}/v1" in banner
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/models", timeout=5) as resp:
            assert json.load(resp)["data"][0]["id"] == "supportdesk-stub"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


TOOLS = [{"type": "function", "function": {"name": n}} for n in ("lookup_order", "search_policies")]
ASK = {"role": "user", "content": "Where is <ORDER_ID_2>?"}
ANSWERED = {"role": "tool", "content": "[F2] Order <ORDER_ID_2>: It left.", "tool_call_id": "c"}


def _system(facts: str) -> dict[str, str]:
    return {"role": "system", "content": f"Rules...\nFacts:\n{facts}"}


def test_that_the_default_responder_answers_at_once_when_the_facts_cover_the_message():
    covered = {"messages": [_system("[F1] Order <ORDER_ID_2>: It left."), ASK], "tools": TOOLS}
    reply = answer_or_look_up(covered)
    assert reply.tool_calls == () and reply.text.endswith("It left. [F1]")


def test_that_the_default_responder_looks_up_what_the_facts_lack_then_answers():
    other_order = _system("[F1] Order <ORDER_ID_1>: It arrived.")
    first = answer_or_look_up({"messages": [other_order, ASK], "tools": TOOLS})
    assert [(c.name, c.arguments) for c in first.tool_calls] == [
        ("lookup_order", {"order_id": "<ORDER_ID_2>"})
    ]
    nothing = _system("(none: nothing was found that answers this message)")
    policy = {"role": "user", "content": "How long do I have to return a rug?"}
    searched = answer_or_look_up({"messages": [nothing, policy], "tools": TOOLS})
    assert [c.name for c in searched.tool_calls] == ["search_policies"]
    after = answer_or_look_up({"messages": [nothing, ASK, ANSWERED], "tools": TOOLS})
    assert after.tool_calls == () and after.text.endswith("It left. [F2]")


def test_that_no_responder_calls_a_tool_when_the_caller_forbids_it():
    body = {"messages": [_system("(none)"), ASK], "tools": TOOLS, "tool_choice": "none"}
    for responder in (answer_or_look_up, look_up_then_answer):
        assert responder(body).tool_calls == ()


def test_that_the_tool_round_shape_looks_up_even_what_the_facts_say_then_answers():
    covered = [_system("[F1] Order <ORDER_ID_2>: It left."), ASK]
    first = look_up_then_answer({"messages": covered, "tools": TOOLS})
    assert [c.name for c in first.tool_calls] == ["lookup_order"]
    second = look_up_then_answer({"messages": [*covered, ANSWERED], "tools": TOOLS})
    assert second.tool_calls == () and second.text.endswith("It left. [F1]")


def test_that_the_model_name_picks_the_shape():
    covered = {"messages": [_system("[F1] Order <ORDER_ID_2>: It left."), ASK], "tools": TOOLS}
    assert by_model_name({**covered, "model": "tool_round"}).tool_calls != ()
    assert by_model_name({**covered, "model": "direct"}).tool_calls == ()
    assert by_model_name({**covered, "model": "gpt-4o-mini"}).tool_calls == ()


async def test_that_requests_are_counted_when_they_are_not_recorded():
    with StubServer(record=False) as server:
        for _ in range(3):
            await client(server).chat.completions.create(
                model="any", messages=[{"role": "user", "content": "x"}]
            )
        assert server.request_count == 3 and server.requests == []
