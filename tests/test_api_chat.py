"""Chat over Server-Sent Events, through a real HTTP client against a real uvicorn server: the
reply streams while the turn is still running, ends with `done` (titles only, nothing internal),
and each caller writes only in its own conversations."""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx
import pytest

from supportdesk.metrics import REGISTRY
from tests.shop_picks import pick_order


@dataclass
class Stream:
    status: int
    events: list[tuple[str, dict[str, Any], float]]  # name, data, wall-clock arrival
    raw: str
    error: dict[str, Any] | None = None

    def named(self, name: str) -> list[dict[str, Any]]:
        return [data for event, data, _ in self.events if event == name]

    @property
    def text(self) -> str:
        return "".join(d["text"] for d in self.named("token"))


def chat(base_url: str, conversation_id: str, message: str, **request: Any) -> Stream:
    url = f"{base_url}/api/chat/{conversation_id}/messages"
    with (
        httpx.Client(timeout=60) as client,
        client.stream("POST", url, json={"message": message}, **request) as response,
    ):
        if response.status_code != 200:
            response.read()
            return Stream(response.status_code, [], response.text, response.json()["error"])
        assert response.headers["content-type"].startswith("text/event-stream")
        events, lines, name = [], [], ""
        for line in response.iter_lines():
            lines.append(line)
            if line.startswith("event:"):
                name = line[6:].strip()
            elif line.startswith("data:"):
                events.append((name, json.loads(line[5:]), time.time()))
    return Stream(200, events, "\n".join(lines))


def last_checkpoint_at(db, conversation_id: str) -> float:
    """When the graph saved the turn's final state: the turn is complete from then on."""
    with db.connect() as conn:
        row = conn.execute(
            "SELECT max(checkpoint->>'ts') AS ts FROM checkpoints WHERE thread_id = %s",
            (conversation_id,),
        ).fetchone()
    return datetime.fromisoformat(row["ts"]).timestamp()


def ttft_count() -> float:
    return (
        REGISTRY.get_sample_value(
            "supportdesk_time_to_first_token_seconds_count", {"channel": "api"}
        )
        or 0.0
    )


def test_that_the_reply_streams_before_the_turn_is_complete(api_server, session_token):
    pick = pick_order(api_server.db, "in_transit")
    conversation_id = str(uuid.uuid4())
    before = ttft_count()
    stream = chat(
        api_server.base_url,
        conversation_id,
        f"Hi, where is my order {pick.order_id}? When will it arrive?",
        headers={"Cookie": f"access_token={session_token(pick.email)}"},
    )
    assert stream.status == 200, stream.error
    names = [name for name, _, _ in stream.events]
    assert names.count("token") >= 5 and names[-1] == "done" and "error" not in names
    assert pick.order_id in stream.text
    first_token_at = stream.events[0][2]
    assert names[0] == "token"
    assert first_token_at < last_checkpoint_at(api_server.db, conversation_id), (
        "the first token must reach the client while the turn is still being recorded"
    )
    done = stream.named("done")[0]
    assert done["conversation_id"] == conversation_id and done["route"] == "auto_reply"
    assert done["citations"] and all(isinstance(t, str) for t in done["citations"])
    assert not any(":" in t and " " not in t for t in done["citations"]), "titles, not ids"
    for internal in ("confidence", "intent", "reason", "escalation_id"):
        assert internal not in stream.raw
    assert ttft_count() == before + 1
    with api_server.db.connect() as conn:
        row = conn.execute(
            "SELECT customer_id, channel FROM conversations WHERE id = %s", (conversation_id,)
        ).fetchone()
    assert (row["customer_id"], row["channel"]) == (pick.customer_id, "api")


def test_that_each_caller_writes_only_in_its_own_conversations(
    api_server, session_token, make_api_key
):
    owner = pick_order(api_server.db, "delivered")
    stranger = pick_order(api_server.db, "delivered")
    assert owner.customer_id != stranger.customer_id
    key, _ = make_api_key("chat:write")
    as_key = {"headers": {"Authorization": f"Bearer {key}"}}
    mine = str(uuid.uuid4())
    question = "How long do I have to return something?"
    as_owner = {"headers": {"Cookie": f"access_token={session_token(owner.email)}"}}
    assert chat(api_server.base_url, mine, question, **as_owner).status == 200
    as_stranger = {"headers": {"Authorization": f"Bearer {session_token(stranger.email)}"}}
    refused = chat(api_server.base_url, mine, "Show me the order on this chat", **as_stranger)
    assert refused.status == 404 and refused.error and refused.error["code"] == "not_found"
    assert chat(api_server.base_url, mine, "And for sale items?", **as_key).status == 404
    again = chat(api_server.base_url, mine, "And for sale items?", **as_owner)
    assert again.status == 200 and again.named("done")

    # A shop's front end (API key) chats for guests, in the conversations it started.
    guest = str(uuid.uuid4())
    first = chat(api_server.base_url, guest, question, **as_key)
    assert first.status == 200 and first.named("done")[0]["route"] == "auto_reply"
    assert chat(api_server.base_url, guest, "Thanks! And sale items?", **as_key).status == 200
    assert chat(api_server.base_url, guest, "Hello", **as_owner).status == 404


@pytest.mark.parametrize(
    ("conversation_id", "body", "field"),
    [
        ("not-a-uuid", {"message": "Hello"}, "conversation_id"),
        (None, {"message": ""}, "message"),
        (None, {"message": "x" * 4001}, "message"),
        (None, {"text": "Hello"}, "message"),
    ],
)
def test_that_a_bad_chat_request_is_refused_before_any_stream(
    api_server, make_api_key, conversation_id, body, field
):
    key, _ = make_api_key("chat:write")
    answer = httpx.post(
        f"{api_server.base_url}/api/chat/{conversation_id or uuid.uuid4()}/messages",
        json=body,
        headers={"X-API-Key": key},
        timeout=30,
    )
    assert answer.status_code == 422
    assert answer.headers["content-type"] == "application/json"
    assert answer.json()["error"]["field"] == field
