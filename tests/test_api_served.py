"""The API inside the real served app (`python -m ui.serve`, as `supportdesk up` runs it): its
routes win over Chainlit's catch-all front-end route, a login made on the app's own form works
for the API, and the app's start-up opens the ticket service that answers tickets."""

from __future__ import annotations

import secrets
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from store.demo.customers import DEMO_CUSTOMER_PASSWORD
from supportdesk.served_app import AppStartError, isolated_env, served_app
from tests.conftest import TEST_ANCHOR
from tests.shop_picks import pick_order
from tests.test_api_chat import chat


@pytest.fixture(scope="module")
def served(indexed_db, understanding_models: Any, test_data_dir: Path) -> Iterator[str]:
    del understanding_models  # trained into test_data_dir/models before the app loads them
    env = isolated_env(
        {
            "SUPPORTDESK_DATABASE_URL": indexed_db.url,
            "SUPPORTDESK_DATA_DIR": str(test_data_dir),
            "SUPPORTDESK_SHOP_TODAY": TEST_ANCHOR.isoformat(),
            "SUPPORTDESK_REDIS_URL": "",
            "CHAINLIT_AUTH_SECRET": secrets.token_urlsafe(32),
        }
    )
    try:
        with served_app("api", env, test_data_dir) as app:
            yield app.base_url
    except AppStartError as exc:
        pytest.fail(str(exc))


def test_that_api_routes_win_over_the_front_ends_catch_all(served, make_api_key):
    ticket_url = f"{served}/api/tickets/{uuid.uuid4()}"
    anonymous = httpx.get(ticket_url)
    assert anonymous.status_code == 401
    assert anonymous.headers["content-type"] == "application/json"
    assert anonymous.json()["error"]["code"] == "unauthenticated"
    key, _ = make_api_key("tickets:read")
    assert httpx.get(ticket_url, headers={"X-API-Key": key}).status_code == 404
    assert httpx.get(f"{served}/api/no-such-thing").json()["error"]["code"] == "not_found"
    document = httpx.get(f"{served}/api/openapi.json").json()
    assert "/tickets" in document["paths"] and {"url": "/api"} in document["servers"]
    page = httpx.get(f"{served}/thread/{uuid.uuid4()}")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert httpx.get(f"{served}/healthz").json() == {"status": "ok"}
    assert httpx.get(f"{served}/readyz").status_code == 200


def test_that_a_login_on_the_apps_form_streams_a_chat_reply(served, indexed_db):
    pick = pick_order(indexed_db, "in_transit")
    login = httpx.post(
        f"{served}/login", data={"username": pick.email, "password": DEMO_CUSTOMER_PASSWORD}
    )
    assert login.status_code == 200, login.text
    cookie = login.cookies["access_token"]
    stream = chat(
        served,
        str(uuid.uuid4()),
        f"Where is my order {pick.order_id}?",
        headers={"Cookie": f"access_token={cookie}"},
    )
    assert stream.status == 200, stream.error
    assert pick.order_id in stream.text and stream.named("done")[0]["route"] == "auto_reply"
    bearer = {"headers": {"Authorization": f"Bearer {cookie}"}}  # the same token, as a header
    assert chat(served, str(uuid.uuid4()), "How do I return an item?", **bearer).status == 200


def test_that_the_served_app_answers_a_submitted_ticket(served, indexed_db, make_api_key):
    key, _ = make_api_key("tickets:write", "tickets:read", rate_limit=100_000)  # it polls
    pick = pick_order(indexed_db, "delivered")
    client = httpx.Client(base_url=served, headers={"Authorization": f"Bearer {key}"}, timeout=30)
    made = client.post(
        "/api/tickets",
        json={
            "channel": "form",
            "subject": "Order question",
            "body": f"Hello, has my order {pick.order_id} been delivered?",
            "sender_email": pick.email,
            "idempotency_key": uuid.uuid4().hex,
        },
    )
    assert made.status_code == 202, made.text
    deadline = time.monotonic() + 90
    while (view := client.get(made.headers["location"]).json())["status"] in (
        "queued",
        "processing",
    ):
        assert time.monotonic() < deadline, "the ticket was not processed"
        time.sleep(0.3)
    assert view["status"] == "answered" and pick.order_id in view["reply"]
