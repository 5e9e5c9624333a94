"""The scaled-out shape on one machine: two app processes sharing one Postgres and one Redis.

A customer is connected to process A over socket.io (the page's own protocol); an agent signed
in to process B answers the escalated case. The reply is written by B and must reach the
customer's socket on A live: socket.io sessions live in one process, so delivery crosses over
through Postgres LISTEN/NOTIFY (ui/delivery.py). Both processes run as `supportdesk up` serves
the app (`python -m ui.serve`) with the same database, Redis and login-signing secret.
"""

from __future__ import annotations

import asyncio
import secrets
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis
import socketio
from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.samples import Sample

from store.database import Database
from store.order_models import cache_key
from supportdesk.served_app import READY_PATH, AppStartError, ServedApp, isolated_env, start_app
from tests.conftest import TEST_ANCHOR
from tests.shop_picks import pick_order
from ui.sim_client import SimulatedCustomer

CUSTOMER_PASSWORD, AGENT_PASSWORD = "demo-customer", "demo-agent"
HUMAN = "Please let me speak to a human agent about my order {order}."


@pytest.fixture(scope="module")
def two_apps(
    indexed_db: Database,
    understanding_models: Any,
    test_data_dir: Path,
    redis_server: dict[str, object],
) -> Iterator[tuple[ServedApp, ServedApp]]:
    """Processes A and B: same database, same Redis, same CHAINLIT_AUTH_SECRET, JSON logs."""
    del understanding_models  # trained into test_data_dir/models before the apps load them
    env = isolated_env(
        {
            "SUPPORTDESK_DATABASE_URL": indexed_db.url,
            "SUPPORTDESK_REDIS_URL": str(redis_server["url"]),
            "SUPPORTDESK_DATA_DIR": str(test_data_dir),
            "SUPPORTDESK_SHOP_TODAY": TEST_ANCHOR.isoformat(),
            "SUPPORTDESK_LOG_FORMAT": "json",
            # Tickets are not under test here; keep the apps from needing a Celery worker.
            "SUPPORTDESK_TICKET_WORKERS": "in_process",
            "CHAINLIT_AUTH_SECRET": secrets.token_urlsafe(32),
            "PYTHONFAULTHANDLER": "1",
        }
    )
    apps: list[ServedApp] = []
    try:
        # One after the other: loading the models is CPU-bound, and the first start exports
        # the embedding model into the data dir, which the second then reuses.
        for name in ("a", "b"):
            apps.append(start_app(name, env, test_data_dir))
            try:
                apps[-1].wait_until_answering(READY_PATH, timeout=600)
            except AppStartError as exc:
                pytest.fail(str(exc))
        yield apps[0], apps[1]
    finally:
        for app in apps:
            app.stop()


class ListeningCustomer(SimulatedCustomer):
    """A socket customer that also keeps every message pushed to it between turns."""

    def __init__(self, base_url: str, email: str, password: str) -> None:
        super().__init__(base_url, email, password)
        self.pushed: list[dict[str, Any]] = []
        self._pushed_event = asyncio.Event()

    async def _on_message(self, step: dict[str, Any]) -> None:
        await super()._on_message(step)
        if step.get("type") == "assistant_message":
            self.pushed.append(step)
            self._pushed_event.set()

    async def wait_for(self, text: str, timeout: float) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            for step in self.pushed:
                if text in str(step.get("output") or ""):
                    return step
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"no message with {text!r} reached the customer's socket")
            self._pushed_event.clear()
            try:
                await asyncio.wait_for(self._pushed_event.wait(), remaining)
            except TimeoutError:
                continue


class DeskAgent:
    """An agent at the desk, as the page talks to the server: socket for the session, HTTP
    POST /project/action for the buttons on the card."""

    def __init__(self, base_url: str, email: str, password: str) -> None:
        self.base_url = base_url
        self.email = email
        self.password = password
        self.session_id = str(uuid.uuid4())
        self.http = httpx.AsyncClient(base_url=base_url, timeout=30)
        self._sio: Any = socketio.AsyncClient(reconnection=False)
        self._desk_ready = asyncio.Event()
        self._sio.on("new_message", self._on_message)

    async def _on_message(self, step: dict[str, Any]) -> None:
        if str(step.get("output") or "").startswith("Escalation queue."):
            self._desk_ready.set()

    async def connect(self, timeout: float = 30) -> None:
        response = await self.http.post(
            "/login", data={"username": self.email, "password": self.password}
        )
        response.raise_for_status()
        cookie = "; ".join(f"{name}={value}" for name, value in self.http.cookies.items())
        await self._sio.connect(
            self.base_url,
            socketio_path="/ws/socket.io",
            transports=["websocket"],
            headers={"Cookie": cookie},
            auth={
                "clientType": "webapp",
                "sessionId": self.session_id,
                "threadId": "",
                "userEnv": "{}",
                "chatProfile": "Agent%20desk",
            },
            wait_timeout=timeout,
        )
        await self._sio.emit("connection_successful")
        await asyncio.wait_for(self._desk_ready.wait(), timeout)

    async def act(self, name: str, payload: dict[str, Any]) -> dict[str, Any]:
        response = await self.http.post(
            "/project/action",
            json={"sessionId": self.session_id, "action": {"name": name, "payload": payload}},
        )
        response.raise_for_status()
        answer: dict[str, Any] = response.json()["response"]
        return answer

    async def close(self) -> None:
        await self._sio.disconnect()
        await self.http.aclose()


async def _scrape(app: ServedApp) -> dict[str, list[Sample]]:
    """The process's /metrics, as samples grouped by family name."""
    async with httpx.AsyncClient(base_url=app.base_url, timeout=10) as http:
        response = await http.get("/metrics")
    response.raise_for_status()
    return {f.name: list(f.samples) for f in text_string_to_metric_families(response.text)}


def _total(families: dict[str, list[Sample]], sample_name: str) -> float:
    return sum(s.value for samples in families.values() for s in samples if s.name == sample_name)


def _latest_escalation(db: Database, conversation_id: str) -> dict[str, Any]:
    with db.connect() as conn:
        row = conn.execute(
            "SELECT id::text AS id, status, decision, final_text FROM escalations "
            "WHERE conversation_id = %s ORDER BY created_at DESC LIMIT 1",
            (conversation_id,),
        ).fetchone()
    assert row is not None, "the turn was escalated"
    return dict(row)


async def test_that_an_agent_on_one_process_reaches_a_customer_connected_to_another_live(
    two_apps: tuple[ServedApp, ServedApp], indexed_db: Database, redis_server: dict[str, object]
) -> None:
    app_a, app_b = two_apps
    pick = pick_order(indexed_db, "dispatched")
    customer = ListeningCustomer(app_a.base_url, pick.email, CUSTOMER_PASSWORD)
    agent = DeskAgent(app_b.base_url, "senior@hollinandreed.example", AGENT_PASSWORD)
    try:
        await customer.connect(timeout=60)
        # The case is researched first (the order looked up, through the shared Redis), then
        # handed to a person.
        turn = await customer.ask(HUMAN.format(order=pick.order_id), timeout=90)
        assert (turn.error, turn.kind) == (None, "handoff")
        conversation_id = customer.thread_id
        assert conversation_id is not None
        case = _latest_escalation(indexed_db, conversation_id)
        assert case["status"] == "pending"

        await agent.connect(timeout=60)
        ref = uuid.uuid4().hex[:8]
        reply = f"I have looked into your order myself and will update you today (ref {ref})."
        pushed_before = len(customer.pushed)
        started = time.monotonic()
        decided = await agent.act(
            "desk_decide", {"escalation_id": case["id"], "action": "edit", "text": reply}
        )
        assert decided["ok"] is True, decided
        step = await customer.wait_for(reply, timeout=15)
        delivered_in = time.monotonic() - started
    finally:
        await customer.close()
        await agent.close()

    # Process A showed the step that process B stored in the customer's history.
    assert step["threadId"] == conversation_id
    assert step in customer.pushed[pushed_before:]
    with indexed_db.connect() as conn:
        stored = conn.execute(
            'SELECT "threadId"::text AS thread, metadata FROM steps WHERE id = %s', (step["id"],)
        ).fetchone()
    assert stored is not None and stored["thread"] == conversation_id
    assert stored["metadata"] == {"by": "agent"}
    case = _latest_escalation(indexed_db, conversation_id)
    assert (case["status"], case["decision"], case["final_text"]) == ("resolved", "edit", reply)
    assert delivered_in < 15

    # Both processes share the one Redis: A cached the order it looked up there.
    client = redis.Redis.from_url(str(redis_server["url"]))
    try:
        assert client.exists(cache_key(pick.order_id)) == 1
    finally:
        client.close()

    # Each process counts its own work; the queue gauges read the shared database.
    scraped = {app.name: await _scrape(app) for app in (app_a, app_b)}
    turns = {
        name: _total(families, "supportdesk_turns_total") for name, families in scraped.items()
    }
    assert turns["a"] >= 1 and turns["b"] == 0
    depths = {
        name: {s.labels["queue"]: s.value for s in families["supportdesk_escalation_queue_depth"]}
        for name, families in scraped.items()
    }
    assert depths["a"] == depths["b"]
    assert _total(scraped["a"], "supportdesk_graph_node_seconds_count") >= 5

    # Both log as JSON once started; A's lines name the conversation; neither logged the
    # customer's e-mail or order number.
    for app in (app_a, app_b):
        assert any(line["message"] == "supportdesk chat ready" for line in app.json_lines())
        text = app.log_path.read_text(errors="replace")
        assert pick.email not in text and pick.order_id not in text
    assert any(line["conversation_id"] == conversation_id for line in app_a.json_lines())
