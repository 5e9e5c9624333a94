"""With LangSmith tracing on, what leaves the process holds no raw personal data.

A local HTTP server stands in for the LangSmith API (LANGSMITH_ENDPOINT) and records every body
the real langsmith client sends; compression is switched off so the bodies can be searched.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest
from pydantic import SecretStr

from graph.tracing import scrub
from supportdesk.assistant import Assistant
from tests.shop_picks import customer_session, pick_order


class _Recorder(BaseHTTPRequestHandler):
    bodies: ClassVar[list[bytes]] = []

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        return

    def _ok(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            type(self).bodies.append(self.rfile.read(length))
        payload = json.dumps({}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def do_GET(self) -> None:  # the method names http.server dispatches to
        self._ok()

    def do_POST(self) -> None:
        self._ok()

    def do_PATCH(self) -> None:
        self._ok()


@pytest.fixture
def langsmith_endpoint(monkeypatch):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Recorder.bodies = []
    monkeypatch.setenv("LANGSMITH_ENDPOINT", f"http://127.0.0.1:{server.server_address[1]}")
    monkeypatch.setenv("LANGSMITH_DISABLE_RUN_COMPRESSION", "true")
    yield _Recorder.bodies
    server.shutdown()


def test_that_scrub_hides_private_fields_and_order_numbers():
    state = {
        "incoming": "I'm Ann Lee, order HR-204813",
        "vault": {"entries": {"<PERSON_1>": "Ann Lee"}},
        "facts": [{"source_id": "order:HR-204813", "masked_text": "Order <ORDER_ID_1> ..."}],
        "masked_text": "I'm <PERSON_1>, order <ORDER_ID_1>",
    }
    cleaned = json.dumps(scrub(state))
    assert "Ann Lee" not in cleaned and "204813" not in cleaned
    assert "<PERSON_1>, order <ORDER_ID_1>" in cleaned


async def test_that_traced_runs_carry_no_raw_personal_data(
    graph_deps, indexed_db, langsmith_endpoint
):
    from graph.deps import GraphDeps

    settings = graph_deps.settings.model_copy(update={"langsmith_api_key": SecretStr("test-key")})
    deps = GraphDeps(**{**graph_deps.__dict__, "settings": settings})
    pick = pick_order(indexed_db, "in_transit")
    session = customer_session(indexed_db, pick.email)
    phone = "+44 7700 900123"
    message = (
        f"Hi, it's {pick.full_name}. Where is order {pick.order_id}? "
        f"Call me on {phone} or write to {pick.email}. Thanks, {pick.full_name.split()[0]}"
    )
    async with Assistant.open(settings, deps=deps) as bot:
        assert bot.callbacks, "tracing is on when LANGSMITH_API_KEY is set"
        result = await bot.send(message, session)
        for tracer in bot.callbacks:
            tracer.wait_for_futures()
            tracer.client.flush()
    assert result.route != "error"
    sent = b"".join(langsmith_endpoint).decode("utf-8", errors="replace")
    assert "masked_text" in sent, "the turn was traced"
    digits = pick.order_id.removeprefix("HR-")
    for raw in (pick.full_name, pick.email, phone, "900123", digits):
        assert raw not in sent, f"{raw!r} reached the trace"
