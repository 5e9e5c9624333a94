"""Who may call what: every endpoint against every kind of caller (a table), then the limits
(requests per minute per key, body size), all over HTTP against a real uvicorn server."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from supportdesk.metrics import REGISTRY
from tests.shop_picks import pick_order
from ui.api.keys import ApiKeyStore
from ui.api.limits import WINDOW_SECONDS

ANY_ID = "5b0c6a9e-3f1d-4c59-9d4e-0a7e4e1f2c3b"  # a well-formed id that names nothing

# name, method, path, body, status when admitted (what the request itself earns), who is admitted
ENDPOINTS: list[tuple[str, str, str, Any, int, set[str]]] = [
    ("submit ticket", "POST", "/api/tickets", {}, 422, {"key:tickets"}),
    ("read ticket", "GET", f"/api/tickets/{ANY_ID}", None, 404, {"key:tickets"}),
    (
        "zendesk webhook",
        "POST",
        "/api/webhooks/zendesk",
        {"type": "zen:event-type:user.created"},
        200,
        {"key:tickets"},
    ),
    (
        "chat message",
        "POST",
        f"/api/chat/{ANY_ID}/messages",
        {},
        422,
        {"key:chat", "customer", "customer claiming agent"},
    ),
    (
        "list escalations",
        "GET",
        "/api/escalations",
        None,
        200,
        {"key:escalations", "key:escalations-read", "agent", "qa agent"},
    ),
    (
        "read escalation",
        "GET",
        f"/api/escalations/{ANY_ID}",
        None,
        404,
        {"key:escalations", "key:escalations-read", "agent", "qa agent"},
    ),
    (
        "resume escalation",
        "POST",
        f"/api/escalations/{ANY_ID}/resume",
        {"decision": "approve"},
        404,
        {"key:escalations", "agent"},
    ),
    (
        "hand back",
        "POST",
        f"/api/conversations/{ANY_ID}/handback",
        None,
        409,
        {"key:escalations", "agent"},
    ),
]
KEY_ONLY = {"submit ticket", "read ticket", "zendesk webhook"}
NO_VALID_CREDENTIAL = {
    "nobody",
    "unknown key",
    "revoked key",
    "garbage bearer",
    "expired session",
    "forged session",
    "deleted account",
}
SESSIONS = {"customer", "customer claiming agent", "agent", "qa agent", "guest session"}


@pytest.fixture(scope="module")
def callers(api_server, make_api_key, session_token) -> dict[str, dict[str, Any]]:
    customer = pick_order(api_server.db, "delivered")
    revoked, record = make_api_key("tickets:write", "tickets:read")
    ApiKeyStore(api_server.db).revoke(record.id)

    def key(*scopes: str) -> dict[str, Any]:
        return {"headers": {"X-API-Key": make_api_key(*scopes)[0]}}

    def bearer(token: str) -> dict[str, Any]:
        return {"headers": {"Authorization": f"Bearer {token}"}}

    def cookie(token: str) -> dict[str, Any]:
        return {"headers": {"Cookie": f"access_token={token}"}}

    return {
        "nobody": {},
        "unknown key": {"headers": {"X-API-Key": "sdk_" + "x" * 43}},
        "revoked key": {"headers": {"X-API-Key": revoked}},
        "garbage bearer": bearer("not-a-token"),
        "key:tickets": key("tickets:write", "tickets:read"),
        "key:chat": key("chat:write"),
        "key:escalations": key("escalations:read", "escalations:write"),
        "key:escalations-read": key("escalations:read"),
        "customer": cookie(session_token(customer.email)),
        # Metadata claiming the agent role changes nothing: the role is read from the db.
        "customer claiming agent": bearer(
            session_token(customer.email, metadata={"role": "agent", "scopes": ["*"]})
        ),
        "agent": bearer(session_token("agent@hollinandreed.example")),
        "qa agent": cookie(session_token("qa@hollinandreed.example")),
        "guest session": cookie(session_token(f"guest-{uuid.uuid4().hex}")),
        "expired session": cookie(session_token(customer.email, expires_in=-60)),
        "forged session": bearer(
            session_token(
                "agent@hollinandreed.example",
                secret="a-guessed-secret-that-is-long-enough-for-hs256",
            )
        ),
        "deleted account": cookie(session_token("nobody@nowhere.example")),
    }


def expected(endpoint: str, admitted: set[str], caller: str, ok_status: int) -> tuple[int, str]:
    if caller in admitted:
        return ok_status, ""
    if caller in NO_VALID_CREDENTIAL or (caller in SESSIONS and endpoint in KEY_ONLY):
        return 401, "unauthenticated"
    return 403, "forbidden"


CALLERS = sorted(
    NO_VALID_CREDENTIAL
    | SESSIONS
    | {"key:tickets", "key:chat", "key:escalations", "key:escalations-read"}
)


@pytest.mark.parametrize("caller", CALLERS)
def test_that_every_endpoint_checks_the_callers_role_and_scope(api_server, callers, caller):
    results = {}
    with httpx.Client(base_url=api_server.base_url, timeout=30) as client:
        for name, method, path, body, ok_status, admitted in ENDPOINTS:
            want, code = expected(name, admitted, caller, ok_status)
            answer = client.request(method, path, json=body, **callers[caller])
            results[name] = (answer.status_code, want)
            if code:
                error = answer.json()["error"]
                assert error["code"] == code and error["message"], (name, error)
                if code == "forbidden":
                    assert ":" in error["required_scope"]
    wrong = {name: got for name, got in results.items() if got[0] != got[1]}
    assert not wrong, f"{caller}: (got, expected) {wrong}"


def test_that_the_table_covers_every_operation_the_api_publishes(api_server):
    document = httpx.get(f"{api_server.base_url}/api/openapi.json").json()
    published = {
        (method.upper(), "/api" + path)
        for path, operations in document["paths"].items()
        for method in operations
    }
    tabled = {(method, path.replace(ANY_ID, "{x}")) for _, method, path, *_ in ENDPOINTS}
    published = {(m, _template(p)) for m, p in published}
    assert tabled == published


def _template(path: str) -> str:
    return "/".join("{x}" if part.startswith("{") else part for part in path.split("/"))


def test_that_a_key_over_its_rate_limit_gets_429_with_retry_after(api_server, make_api_key):
    limited, _ = make_api_key("tickets:read", rate_limit=3)
    other, _ = make_api_key("tickets:read", rate_limit=3)
    url = f"{api_server.base_url}/api/tickets/{ANY_ID}"
    # The window is a fixed minute of the clock: four requests that straddle its end would be
    # counted in two windows, so they start in a fresh one when its end is near.
    into_window = time.time() % WINDOW_SECONDS
    if into_window > WINDOW_SECONDS - 10:
        time.sleep(WINDOW_SECONDS - into_window + 0.5)
    answers = [httpx.get(url, headers={"X-API-Key": limited}) for _ in range(4)]
    assert [a.status_code for a in answers] == [404, 404, 404, 429]
    refused = answers[-1]
    retry_after = int(refused.headers["retry-after"])
    assert 1 <= retry_after <= 60
    error = refused.json()["error"]
    assert error["code"] == "rate_limited" and error["retry_after_seconds"] == retry_after
    assert "3 a minute" in error["message"]
    assert httpx.get(url, headers={"X-API-Key": other}).status_code == 404, "per key"


def _requests(endpoint: str, status: str) -> float:
    return (
        REGISTRY.get_sample_value(
            "supportdesk_http_requests_total",
            {"endpoint": endpoint, "method": "POST", "status": status},
        )
        or 0.0
    )


def test_that_an_oversized_body_gets_413_before_anything_reads_it(api_server, make_api_key):
    key, _ = make_api_key("tickets:write")
    limit = api_server.settings.api_max_body_bytes
    big = {"channel": "email", "subject": "x", "body": "y" * (limit + 10)}
    before = _requests("/api/tickets", "413")
    declared = httpx.post(
        f"{api_server.base_url}/api/tickets", json=big, headers={"X-API-Key": key}
    )
    assert declared.status_code == 413
    assert declared.json()["error"] == {
        "code": "payload_too_large",
        "message": f"The request body is larger than {limit} bytes.",
        "max_bytes": limit,
    }

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit is counted as the body arrives
        for _ in range(limit // 1000 + 2):
            yield b" " * 1000

    chunked = httpx.post(
        f"{api_server.base_url}/api/tickets",
        content=chunks(),
        headers={"X-API-Key": key, "Content-Type": "application/json"},
    )
    assert chunked.status_code == 413
    assert _requests("/api/tickets", "413") == before + 2, "counted under the route's template"
    # Just under the limit is read and judged on its content.
    fits = {"channel": "email", "subject": "x", "body": "y" * (limit - 500)}
    answer = httpx.post(f"{api_server.base_url}/api/tickets", json=fits, headers={"X-API-Key": key})
    assert answer.status_code == 422


def test_that_unknown_paths_and_methods_answer_in_json(api_server):
    missing = httpx.get(f"{api_server.base_url}/api/nothing-here")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    wrong = httpx.delete(f"{api_server.base_url}/api/escalations")
    assert wrong.status_code == 405 and wrong.json()["error"]["code"] == "method_not_allowed"
