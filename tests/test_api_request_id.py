"""The API's request-id middleware: every log line written while serving a request carries one
id, the load balancer's X-Request-Id when it is a plain token, otherwise a fresh one; and the
request is counted in /metrics by the time the client has the whole response."""

from __future__ import annotations

import logging

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from supportdesk.logs import current_request_id
from supportdesk.metrics import HTTP_REQUESTS
from ui.api.app import MetricsMiddleware

log = logging.getLogger("supportdesk.test_request_id")


async def whoami(request: Request) -> JSONResponse:
    del request
    log.warning("serving")  # a log line written inside the request
    return JSONResponse({"request_id": current_request_id()})


ROUTES = [Route("/whoami", whoami)]


def client() -> httpx.AsyncClient:
    app = MetricsMiddleware(Starlette(routes=ROUTES), lambda: ROUTES)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://api")


def requests_counted(status: str) -> float:
    sample = HTTP_REQUESTS.labels("/api/whoami", "GET", status)
    return float(sample._value.get())


async def test_that_a_plain_request_id_from_the_balancer_is_kept_on_every_log_line(caplog):
    async with client() as api:
        with caplog.at_level(logging.WARNING, logger=log.name):
            response = await api.get("/whoami", headers={"X-Request-Id": "lb-7f3a9c"})
    assert response.json() == {"request_id": "lb-7f3a9c"}
    assert [r.getMessage() for r in caplog.records if r.name == log.name] == ["serving"]
    assert current_request_id() is None  # not left behind for the next task


@pytest.mark.parametrize("given", [None, "two words", "x" * 500, "id<script>"])
async def test_that_a_missing_or_unsafe_request_id_is_replaced_by_a_fresh_one(given):
    headers = {"X-Request-Id": given} if given else {}
    async with client() as api:
        first = (await api.get("/whoami", headers=headers)).json()["request_id"]
        second = (await api.get("/whoami", headers=headers)).json()["request_id"]
    assert first and second and first != second
    assert given is None or given not in (first, second)
    assert first.isalnum() and len(first) == 32  # a uuid4 in hex


async def test_that_a_request_is_counted_by_the_time_its_response_has_arrived():
    before = requests_counted("200")
    async with client() as api:
        for _ in range(3):
            assert (await api.get("/whoami")).status_code == 200
            before += 1
            assert requests_counted("200") == before
