"""Observability on real turns: Prometheus metrics, the ops endpoints, JSON logs without PII,
and the Grafana dashboard against the metrics the code defines.

Turns run through the real assistant (embedded Postgres, the seeded shop, the template drafter,
or the real ChatOpenAI client against the local stub); metrics are read from the process
registry before and after, so each test checks its own increments.
"""

from __future__ import annotations

import io
import json
import logging
import re
import socket
from collections.abc import AsyncIterator, Iterator
from contextlib import AsyncExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from prometheus_client.parser import text_string_to_metric_families

from graph.deps import GraphDeps
from store.cache import RedisCache
from store.database import Database, close_pool
from store.orders import OrderRepository
from supportdesk.assistant import Assistant
from supportdesk.llm_stub import StubReply, StubServer, look_up_then_answer
from supportdesk.llm_stub_http import message_text
from supportdesk.logs import (
    QUIET_LOGGERS,
    bind_request_id,
    configure_logging,
    reset_request_id,
    scrub,
)
from supportdesk.metrics import REGISTRY
from supportdesk.ports import free_port
from supportdesk.settings import PROJECT_ROOT
from supportdesk.turns import Session
from tests.shop_picks import customer_session, pick_order
from tests.stub_assistant import assistant_on_stub
from ui.api import ops
from ui.delivery import DeliveryHub
from ui.runtime import Runtime

DASHBOARD = PROJECT_ROOT / "ops" / "grafana" / "supportdesk.json"
GRAPH_NODES = ("mask", "understand", "retrieve", "draft", "gate")


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def node_count(node: str) -> float:
    return sample("supportdesk_graph_node_seconds_count", node=node)


def make_app(rt: Runtime | None) -> FastAPI:
    app = FastAPI()
    app.include_router(ops.router)
    app.dependency_overrides[ops.current_runtime] = lambda: rt
    return app


async def get(app: FastAPI, path: str) -> httpx.Response:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        return await client.get(path)


def runtime_for(assistant: Assistant, db: Database) -> Runtime:
    return Runtime(assistant.deps.settings, db, assistant, DeliveryHub(db), AsyncExitStack())


def closed_port() -> int:
    port = free_port()
    with socket.socket() as probe:  # nothing listens there: connections are refused at once
        assert probe.connect_ex(("127.0.0.1", port)) != 0
    return port


async def test_that_real_turns_record_node_timings_ttft_turns_and_cache_lookups(
    assistant: Assistant, indexed_db: Database
) -> None:
    pick = pick_order(indexed_db, "in_transit")
    session = customer_session(indexed_db, pick.email)
    nodes_before = {node: node_count(node) for node in (*GRAPH_NODES, "respond")}
    ttft_before = sample("supportdesk_time_to_first_token_seconds_count", channel="chat")
    ttft_sum_before = sample("supportdesk_time_to_first_token_seconds_sum", channel="chat")
    misses_before = sample("supportdesk_cache_lookups_total", result="miss")

    first = await assistant.send(f"Where is my order {pick.order_id}?", session)
    misses_after_first = sample("supportdesk_cache_lookups_total", result="miss")
    hits_after_first = sample("supportdesk_cache_lookups_total", result="hit")
    turns_before_second = sample(
        "supportdesk_turns_total", channel="chat", route=first.route, intent=str(first.intent)
    )
    second = await assistant.send(
        f"And when will {pick.order_id} arrive?", session, conversation_id=first.conversation_id
    )

    assert first.route != "error" and second.route != "error"
    assert first.intent is not None
    # Each node run is timed exactly once per turn: child runs (routers) are not nodes.
    for node in GRAPH_NODES:
        assert node_count(node) - nodes_before[node] == 2, node
    answered = sum(r.route == "auto_reply" for r in (first, second))
    assert node_count("respond") - nodes_before["respond"] == answered
    assert sample("supportdesk_time_to_first_token_seconds_count", channel="chat") == (
        ttft_before + 2
    )
    assert first.ttft_ms is not None and second.ttft_ms is not None
    ttft_sum = sample("supportdesk_time_to_first_token_seconds_sum", channel="chat")
    assert ttft_sum - ttft_sum_before == pytest.approx((first.ttft_ms + second.ttft_ms) / 1000)
    # The first look-up of this order misses the cache, the second finds it there.
    assert misses_after_first > misses_before
    assert sample("supportdesk_cache_lookups_total", result="hit") > hits_after_first
    same_labels = (second.route, second.intent) == (first.route, first.intent)
    turns_after = sample(
        "supportdesk_turns_total", channel="chat", route=first.route, intent=str(first.intent)
    )
    assert turns_after == turns_before_second + (1 if same_labels else 0)
    assert turns_before_second >= 1


async def test_that_metrics_serve_the_registry_and_the_escalation_queue_read_from_the_database(
    assistant: Assistant, indexed_db: Database
) -> None:
    pick = pick_order(indexed_db, "dispatched")
    session = customer_session(indexed_db, pick.email)
    result = await assistant.send(
        f"Please let me speak to a human agent about my order {pick.order_id}.", session
    )
    assert result.escalated
    with indexed_db.connect() as conn:
        row = conn.execute(
            "SELECT queue FROM escalations WHERE id = %s", (result.escalation_id,)
        ).fetchone()
        assert row is not None
        queue = str(row["queue"])
        waiting = conn.execute(
            "SELECT count(*) AS n, min(created_at) AS oldest FROM escalations "
            "WHERE queue = %s AND status IN ('pending', 'claimed')",
            (queue,),
        ).fetchone()
    assert waiting is not None

    response = await get(make_app(runtime_for(assistant, indexed_db)), "/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    families = {f.name: f for f in text_string_to_metric_families(response.text)}
    depth = {
        s.labels["queue"]: s.value for s in families["supportdesk_escalation_queue_depth"].samples
    }
    assert depth[queue] == waiting["n"] >= 1
    assert set(depth) == {"specialist", "senior", "suggestion", "manual"}
    ages = {
        s.labels["queue"]: s.value
        for s in families["supportdesk_escalation_oldest_age_seconds"].samples
    }
    expected_age = (datetime.now(UTC) - waiting["oldest"]).total_seconds()
    assert 0 < ages[queue] <= expected_age + 1
    timed = {
        s.labels["node"]
        for s in families["supportdesk_graph_node_seconds"].samples
        if s.name.endswith("_count") and s.value > 0
    }
    assert {*GRAPH_NODES, "hand_off", "escalate"} <= timed
    turns = families["supportdesk_turns"].samples
    assert any(
        s.labels == {"channel": "chat", "route": result.route, "intent": str(result.intent)}
        and s.value >= 1
        for s in turns
        if s.name == "supportdesk_turns_total"
    )


async def test_that_healthz_answers_while_the_process_runs_even_before_the_app_is_ready() -> None:
    app = FastAPI()
    app.include_router(ops.router)  # no override: this test process never started the chat app
    health = await get(app, "/healthz")
    ready = await get(app, "/readyz")
    assert (health.status_code, health.json()) == (200, {"status": "ok"})
    assert ready.status_code == 503
    assert ready.json()["failed"] == ["database", "cache", "models"]


async def test_that_readyz_is_ready_with_a_database_redis_and_loaded_models(
    assistant: Assistant, indexed_db: Database, redis_server: dict[str, object]
) -> None:
    with_redis = _with_cache(assistant, RedisCache.from_url(str(redis_server["url"])))
    response = await get(make_app(runtime_for(with_redis, indexed_db)), "/readyz")
    assert response.status_code == 200, response.json()
    assert response.json() == {
        "status": "ready",
        "failed": [],
        "checks": {"database": "ok", "cache": "ok", "models": "ok"},
    }


async def test_that_readyz_names_the_database_when_it_does_not_answer(
    assistant: Assistant,
) -> None:
    down = Database(
        url=f"postgresql://supportdesk@127.0.0.1:{closed_port()}/supportdesk", embedded=False
    )
    try:
        response = await get(make_app(runtime_for(assistant, down)), "/readyz")
    finally:
        close_pool(down.url)
    assert response.status_code == 503
    body = response.json()
    assert body["failed"] == ["database"]
    assert body["checks"]["cache"] == "ok" and body["checks"]["models"] == "ok"


async def test_that_readyz_names_the_cache_when_redis_does_not_answer(
    assistant: Assistant, indexed_db: Database
) -> None:
    dead_redis = RedisCache.from_url(f"redis://127.0.0.1:{closed_port()}/0")
    response = await get(
        make_app(runtime_for(_with_cache(assistant, dead_redis), indexed_db)), "/readyz"
    )
    assert response.status_code == 503
    assert response.json()["failed"] == ["cache"]


def _with_cache(assistant: Assistant, cache: Any) -> Assistant:
    """The same assistant whose order look-ups go through another cache."""
    deps = GraphDeps(
        **{**assistant.deps.__dict__, "orders": OrderRepository(assistant.deps.db, cache)}
    )
    return Assistant(deps, assistant.graph)


@pytest.fixture(scope="module")
def stub() -> Iterator[StubServer]:
    with StubServer(responder=look_up_then_answer) as server:
        yield server


@pytest.fixture(scope="module")
async def llm_assistant(graph_deps: GraphDeps, stub: StubServer) -> AsyncIterator[Assistant]:
    async with assistant_on_stub(graph_deps, stub, timeout_seconds=5) as bot:
        yield bot


def _llm_outcomes() -> dict[str, float]:
    return {
        s.labels["outcome"]: s.value
        for family in REGISTRY.collect()
        if family.name == "supportdesk_llm_calls"
        for s in family.samples
        if s.name == "supportdesk_llm_calls_total"
    }


async def test_that_llm_calls_and_the_tokens_the_endpoint_reports_are_counted(
    llm_assistant: Assistant, stub: StubServer, indexed_db: Database
) -> None:
    pick = pick_order(indexed_db, "in_transit")
    session = customer_session(indexed_db, pick.email)
    calls_before = sample("supportdesk_llm_calls_total", outcome="ok")
    sent_before = sample("supportdesk_llm_tokens_total", direction="input")
    received_before = sample("supportdesk_llm_tokens_total", direction="output")
    stub.reset()
    result = await llm_assistant.send(f"Where is my order {pick.order_id}?", session)
    assert result.route != "error"
    assert len(stub.requests) >= 2  # tool choice, then the draft
    assert sample("supportdesk_llm_calls_total", outcome="ok") - calls_before == len(stub.requests)
    # The stub reports prompt tokens as a quarter of the characters it was sent.
    reported = sum(
        max(1, sum(len(message_text(m)) for m in body["messages"]) // 4) for body in stub.requests
    )
    assert sample("supportdesk_llm_tokens_total", direction="input") - sent_before == reported
    assert sample("supportdesk_llm_tokens_total", direction="output") > received_before


async def test_that_a_failing_llm_call_is_counted_by_its_error_type(
    llm_assistant: Assistant, stub: StubServer, indexed_db: Database
) -> None:
    pick = pick_order(indexed_db, "in_transit")
    session = customer_session(indexed_db, pick.email)
    before = _llm_outcomes()
    stub.reset()
    # The client retries once: two failures in a row make one failed call; the turn goes on
    # (the template drafter writes when the LLM cannot).
    stub.script(StubReply.failing("http_500"), StubReply.failing("http_500"))
    result = await llm_assistant.send(f"Where is my order {pick.order_id}?", session)
    after = _llm_outcomes()
    assert result.route != "error"
    errors = {
        k: after[k] - before.get(k, 0.0)
        for k in after
        if k != "ok" and after[k] > before.get(k, 0.0)
    }
    assert sum(errors.values()) == 1, errors
    (label,) = errors
    assert re.fullmatch(r"[A-Z]\w*Error", label), label  # the exception's type name, no text
    assert after.get("ok", 0.0) - before.get("ok", 0.0) == len(stub.requests) - 2


@pytest.fixture
def json_log() -> Iterator[io.StringIO]:
    """Every log record of the process as JSON lines in a buffer, at DEBUG, through the
    app's own set-up; pytest's capture handlers stay, and the levels are restored after."""
    root = logging.getLogger()
    saved_handlers, saved_level = list(root.handlers), root.level
    quiet = {name: logging.getLogger(name).level for name in QUIET_LOGGERS}
    buffer = io.StringIO()
    handler = configure_logging("DEBUG", "json", stream=buffer)
    assert root.handlers == [handler], "the set-up replaces earlier handlers (Chainlit's)"
    for earlier in saved_handlers:
        root.addHandler(earlier)
    try:
        yield buffer
    finally:
        root.removeHandler(handler)
        root.setLevel(saved_level)
        for name, level in quiet.items():
            logging.getLogger(name).setLevel(level)


def _lines(buffer: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in buffer.getvalue().splitlines() if line.strip()]


async def test_that_json_log_lines_parse_and_carry_the_request_and_conversation_ids(
    assistant: Assistant, indexed_db: Database, json_log: io.StringIO
) -> None:
    pick = pick_order(indexed_db, "delivered")
    session = customer_session(indexed_db, pick.email)
    token = bind_request_id("req-test-42")
    try:
        result = await assistant.send(f"Can I return order {pick.order_id}?", session)
    finally:
        reset_request_id(token)
    logging.getLogger("supportdesk.test").info("after the request")

    lines = _lines(json_log)
    assert lines, "the turn wrote log lines"
    for line in lines:
        assert set(line) >= {"time", "level", "logger", "message", "request_id", "conversation_id"}
        datetime.fromisoformat(line["time"])
    ours = [line for line in lines if line["conversation_id"] == result.conversation_id]
    assert {line["request_id"] for line in ours} == {"req-test-42"}
    messages = " ".join(line["message"] for line in ours)
    for node in GRAPH_NODES:
        assert f"node {node} took" in messages
    assert f"route={result.route}" in messages
    (after,) = [line for line in lines if line["message"] == "after the request"]
    assert after["conversation_id"] is None and after["request_id"] is None


async def test_that_no_raw_personal_data_reaches_a_json_log_line_during_real_turns(
    assistant: Assistant, llm_assistant: Assistant, indexed_db: Database, json_log: io.StringIO
) -> None:
    pick = pick_order(indexed_db, "in_transit")
    session = customer_session(indexed_db, pick.email)
    phone, card, street = "+44 7700 900461", "4929 1234 5678 9016", "14 Larkspur Crescent"
    message = (
        f"Hi, this is {pick.full_name}. Where is order {pick.order_id}? It goes to {street}, "
        f"{pick.postcode}. Call {phone} or mail {pick.email}; I paid with card {card}. "
        f"I want a human, my lawyer says so. {pick.full_name.split()[0]}"
    )
    guest = Session(customer_id=None, customer_name=pick.full_name)
    results = [
        await assistant.send(message, session),
        await assistant.send(message, guest),
        await llm_assistant.send(message, session),
        await assistant.send(message.encode() + b"\xff\xfe", session),
    ]
    # A failure path logs too: an unknown conversation id.
    results.append(await assistant.send(message, session, conversation_id=f"x-{pick.email}"))
    text = json_log.getvalue()
    lines = _lines(json_log)
    assert len(lines) >= 5 * len(GRAPH_NODES), "the turns were logged"
    assert {r.conversation_id for r in results[:4]} <= {line["conversation_id"] for line in lines}
    digits = pick.order_id.removeprefix("HR-")
    raw = [pick.full_name, pick.email, pick.order_id, digits, phone, "900461", card, street]
    raw += [pick.postcode, pick.full_name.split()[-1]]
    leaked = [
        value
        for value in raw
        if re.search(rf"(?<!\w){re.escape(value)}(?!\w)", text, re.IGNORECASE)
    ]
    assert not leaked, leaked


def test_that_the_scrubber_replaces_emails_phones_cards_and_order_numbers_but_keeps_ids() -> None:
    conversation = "0b6f5c1e-9a7d-4f3b-8e21-446655440000"
    line = (
        f"conversation {conversation} on 2026-11-01 12:30 for jo.bloggs+x@mail.example.co.uk "
        "order HR-204813, phone +44 (0)20 7946 0958, alt 07700900123, card 4111-1111-1111-1111, "
        "port 5432, took 1234.5 ms, 3 retries"
    )
    cleaned = scrub(line)
    assert conversation in cleaned and "2026-11-01 12:30" in cleaned
    for raw in ("jo.bloggs", "204813", "7946", "07700900123", "4111"):
        assert raw not in cleaned
    assert "[email]" in cleaned and "HR-******" in cleaned and "[card]" in cleaned
    assert cleaned.count("[phone]") == 2
    assert "port 5432, took 1234.5 ms, 3 retries" in cleaned


def test_that_an_exception_logged_in_json_mode_is_scrubbed(json_log: io.StringIO) -> None:
    try:
        raise ValueError("duplicate key (email)=(ann.lee@example.org) for order HR-123456")
    except ValueError:
        logging.getLogger("supportdesk.test").exception(
            "insert failed for %s", "ann.lee@example.org"
        )
    (line,) = [line for line in _lines(json_log) if line["logger"] == "supportdesk.test"]
    assert line["level"] == "ERROR" and line["message"] == "insert failed for [email]"
    assert "ann.lee" not in line["exception"] and "123456" not in line["exception"]
    assert "ValueError" in line["exception"]


def test_that_the_text_format_is_scrubbed_and_names_the_conversation() -> None:
    from supportdesk.logs import build_handler, conversation_scope

    buffer = io.StringIO()
    logger = logging.getLogger("supportdesk.test.text")
    handler = build_handler("text", buffer)
    logger.addHandler(handler)
    logger.propagate = False
    try:
        with conversation_scope("0b6f5c1e-9a7d-4f3b-8e21-446655440000"):
            logger.warning("could not reach %s", "sam@shop.example")
    finally:
        logger.removeHandler(handler)
        logger.propagate = True
    assert buffer.getvalue() == (
        "WARNING supportdesk.test.text [0b6f5c1e-9a7d-4f3b-8e21-446655440000]: "
        "could not reach [email]\n"
    )


def _dashboard_queries(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("expr"), str):
            yield node["expr"]
        for value in node.values():
            yield from _dashboard_queries(value)
    elif isinstance(node, list):
        for value in node:
            yield from _dashboard_queries(value)


def _sample_names() -> dict[str, set[str]]:
    """Each metric family of the registry with the series names Prometheus stores for it."""
    suffixes = {
        "counter": ("_total",),
        "histogram": ("_bucket", "_sum", "_count"),
        "gauge": ("",),
    }
    return {
        family.name: {family.name + suffix for suffix in suffixes[family.type]}
        for family in REGISTRY.collect()
        if family.name.startswith("supportdesk_")
    }


def test_that_the_grafana_dashboard_charts_every_metric_and_only_metrics_that_exist() -> None:
    dashboard = json.loads(Path(DASHBOARD).read_text())
    assert dashboard["schemaVersion"] >= 36
    variables = {v["name"]: v for v in dashboard["templating"]["list"]}
    assert variables["datasource"]["type"] == "datasource"
    assert variables["datasource"]["query"] == "prometheus"
    panels = [p for p in dashboard["panels"] if p.get("type") != "row"]
    for panel in panels:
        assert panel["datasource"]["uid"] == "${datasource}", panel["title"]
        assert panel.get("targets"), panel["title"]

    families = _sample_names()
    known = set().union(*families.values())
    queried = {
        name
        for expr in _dashboard_queries(dashboard["panels"])
        for name in re.findall(r"\bsupportdesk_[a-z_]+", expr)
    }
    assert queried <= known, sorted(queried - known)
    uncharted = [family for family, names in families.items() if not names & queried]
    assert not uncharted, uncharted
    exprs = " ".join(_dashboard_queries(dashboard["panels"]))
    for histogram in ("time_to_first_token_seconds", "graph_node_seconds"):
        for quantile in ("0.5", "0.95"):
            assert f"histogram_quantile({quantile}" in exprs
        assert f"supportdesk_{histogram}_bucket" in exprs
    assert 'result="hit"' in exprs and 'result="miss"' in exprs
