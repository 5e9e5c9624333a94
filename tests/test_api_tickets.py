"""Tickets over HTTP against a real uvicorn server and the real ticket service: one ticket per
idempotency key however often (or however concurrently) it is sent, the reply readable once
answered, the Zendesk webhook on the same path, and clear 4xx answers for bad input."""

from __future__ import annotations

import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

from tests.shop_picks import pick_order
from ui.api.webhook import ZendeskEvent, map_zendesk


@pytest.fixture(scope="module")
def writer(api_server, make_api_key) -> tuple[httpx.Client, str]:
    key, record = make_api_key("tickets:write", "tickets:read", rate_limit=100_000)  # polls
    client = httpx.Client(base_url=api_server.base_url, headers={"X-API-Key": key}, timeout=60)
    return client, record.name


def _ticket(sender: str, body: str, key: str | None, **extra: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "channel": "email",
        "subject": "My order",
        "body": body,
        "sender_email": sender,
        "attachments": [{"filename": "photo.jpg", "content_type": "image/jpeg", "size_bytes": 1}],
        **extra,
    }
    if key is not None:
        payload["idempotency_key"] = key
    return payload


def _stored(db, source: str, key: str) -> int:
    with db.connect() as conn:
        row = conn.execute(
            "SELECT count(*) AS n FROM tickets WHERE source = %s AND idempotency_key = %s",
            (source, key),
        ).fetchone()
    return int(row["n"])


def test_that_the_same_idempotency_key_never_creates_a_second_ticket(
    api_server, writer, make_api_key
):
    client, source = writer
    pick = pick_order(api_server.db, "in_transit")
    key = f"order-mail-{uuid.uuid4().hex}"
    body = _ticket(pick.email, f"Hello, where is my order {pick.order_id}?", key)
    first = client.post("/api/tickets", json=body)
    assert first.status_code == 202, first.text
    ticket = first.json()
    assert ticket["status"] in ("queued", "processing", "answered")
    assert first.headers["location"] == f"/api/tickets/{ticket['id']}"
    again = client.post("/api/tickets", json=body)
    assert again.status_code == 200
    assert again.json()["id"] == ticket["id"]
    assert again.headers["idempotent-replayed"] == "true"
    assert _stored(api_server.db, source, key) == 1

    # The same key sent six times at once (a client retrying in a hurry): still one ticket.
    burst_key = f"burst-{uuid.uuid4().hex}"
    burst = _ticket(pick.email, "Can I change the delivery address?", burst_key)
    with ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(lambda _: client.post("/api/tickets", json=burst), range(6)))
    assert sorted(a.status_code for a in answers) == [200, 200, 200, 200, 200, 202]
    assert len({a.json()["id"] for a in answers}) == 1
    assert _stored(api_server.db, source, burst_key) == 1

    conflict = client.post("/api/tickets", json={**body, "body": "Something else entirely."})
    assert conflict.status_code == 409
    assert conflict.json()["error"]["code"] == "idempotency_conflict"

    # The key may come as the Idempotency-Key header; another API key has its own key space.
    header_key = f"header-{uuid.uuid4().hex}"
    by_header = _ticket(pick.email, "Do you deliver on Saturdays?", None)
    made = client.post("/api/tickets", json=by_header, headers={"Idempotency-Key": header_key})
    repeat = client.post("/api/tickets", json=by_header, headers={"Idempotency-Key": header_key})
    assert (made.status_code, repeat.status_code) == (202, 200)
    assert made.json()["id"] == repeat.json()["id"]
    other_key, _ = make_api_key("tickets:write")
    elsewhere = httpx.post(
        f"{api_server.base_url}/api/tickets",
        json=by_header,
        headers={"Idempotency-Key": header_key, "Authorization": f"Bearer {other_key}"},
    )
    assert elsewhere.status_code == 202 and elsewhere.json()["id"] != made.json()["id"]


def test_that_a_queued_ticket_is_answered_and_its_reply_is_readable(api_server, writer):
    client, _ = writer
    pick = pick_order(api_server.db, "in_transit")
    made = client.post(
        "/api/tickets",
        json=_ticket(pick.email, f"Hi, where is my order {pick.order_id}?", uuid.uuid4().hex),
    )
    assert made.status_code == 202, made.text
    deadline = time.monotonic() + 90
    seen = []
    while True:
        view = client.get(f"/api/tickets/{made.json()['id']}")
        assert view.status_code == 200, view.text
        seen.append(view.json()["status"])
        if seen[-1] not in ("queued", "processing"):
            break
        assert time.monotonic() < deadline, f"still {seen[-1]}"
        time.sleep(0.2)
    answered = view.json()
    assert answered["status"] == "answered", answered
    assert pick.order_id in answered["reply"]
    assert answered["route"] == "auto_reply" and answered["conversation_id"]
    assert client.get(f"/api/tickets/{uuid.uuid4()}").status_code == 404
    assert client.get("/api/tickets/not-a-ticket").json()["error"]["code"] == "not_found"


ZENDESK = {
    "type": "zen:event-type:ticket.created",
    "account_id": 88888888,
    "id": "01HN-EXAMPLE",
    "time": "2026-10-30T10:00:00Z",
    "zendesk_event_version": "2022-11-06",
    "subject": "zen:ticket:{ticket}",
    "detail": {
        "id": "{ticket}",
        "subject": "Return question",
        "description": "How long do I have to return something?",
        "status": "OPEN",
        "via": {"channel": "email"},
        "requester_id": "20978392",
        "requester": {"email": "someone@example.org"},
        "tags": ["returns"],
        "attachments": [{"file_name": "receipt.pdf", "content_type": "application/pdf", "size": 9}],
    },
    "event": {"meta": {"sequence": {"id": "x", "position": 1}}},
}


def _zendesk(ticket_id: str, **detail: Any) -> dict[str, Any]:
    event = {**ZENDESK, "subject": f"zen:ticket:{ticket_id}"}
    event["detail"] = {**ZENDESK["detail"], "id": ticket_id, **detail}  # type: ignore[dict-item]
    return event


def test_that_a_zendesk_ticket_created_event_maps_onto_a_ticket():
    mapped = map_zendesk(ZendeskEvent.model_validate(_zendesk("35436")))
    assert mapped.status == "ticket" and mapped.ticket is not None
    ticket = mapped.ticket
    assert (ticket.channel, ticket.subject, ticket.sender_email) == (
        "email",
        "Return question",
        "someone@example.org",
    )
    assert ticket.body == "How long do I have to return something?"
    assert ticket.idempotency_key == "zendesk-ticket-35436" and ticket.source == "webhook:zendesk"
    assert ticket.attachments[0].filename == "receipt.pdf" and ticket.attachments[0].size_bytes == 9
    web = map_zendesk(ZendeskEvent.model_validate(_zendesk("1", via={"channel": "web_form"})))
    assert web.ticket is not None and web.ticket.channel == "form"
    other = map_zendesk(
        ZendeskEvent.model_validate({**ZENDESK, "type": "zen:event-type:user.created"})
    )
    assert other.status == "ignored"
    no_email = map_zendesk(ZendeskEvent.model_validate(_zendesk("2", requester=None)))
    assert no_email.status == "invalid" and no_email.field == "detail.requester.email"


def test_that_the_zendesk_webhook_queues_once_per_zendesk_ticket(api_server, writer):
    client, _ = writer
    zendesk_id = str(uuid.uuid4().int % 10**9)
    first = client.post("/api/webhooks/zendesk", json=_zendesk(zendesk_id))
    assert first.status_code == 202, first.text
    assert first.json()["status"] == "queued"
    ticket_id = first.json()["ticket"]["id"]
    redelivered = client.post("/api/webhooks/zendesk", json=_zendesk(zendesk_id))
    assert redelivered.status_code == 200
    assert redelivered.json()["status"] == "duplicate"
    assert redelivered.json()["ticket"]["id"] == ticket_id
    assert client.get(f"/api/tickets/{ticket_id}").json()["subject"] == "Return question"
    ignored = client.post("/api/webhooks/zendesk", json={"type": "zen:event-type:user.created"})
    assert ignored.status_code == 200 and ignored.json()["status"] == "ignored"
    missing = client.post("/api/webhooks/zendesk", json=_zendesk("3", requester=None))
    assert missing.status_code == 422
    assert missing.json()["error"]["field"] == "detail.requester.email"
    assert "{{ticket.requester.email}}" in missing.json()["error"]["message"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"subject": None}, "subject"),
        ({"sender_email": "not-an-address"}, "sender_email"),
        ({"channel": "fax"}, "channel"),
        ({"attachments": [{"filename": "a.png", "content_type": "image/png", "size_bytes": -1}]},
         "attachments[0].size_bytes"),
        ({"priority": "high"}, "priority"),
        ({"idempotency_key": None}, "idempotency_key"),
    ],
)  # fmt: skip
def test_that_an_invalid_ticket_gets_a_422_naming_the_field(writer, change, field):
    client, _ = writer
    body = _ticket("someone@example.org", "Hello", uuid.uuid4().hex)
    body.update(change)
    body = {k: v for k, v in body.items() if v is not None}
    answer = client.post("/api/tickets", json=body)
    assert answer.status_code == 422, answer.text
    error = answer.json()["error"]
    assert error["code"] == "invalid_request" and error["field"] == field
    assert error["message"].startswith(field)
    assert "Traceback" not in answer.text


def test_that_a_body_that_is_not_json_gets_a_clear_422(writer):
    client, _ = writer
    answer = client.post(
        "/api/tickets", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert answer.status_code == 422
    assert "not valid JSON" in answer.json()["error"]["message"]
