"""The HTTP API as one FastAPI app, mounted at /api inside Chainlit's own FastAPI app.

The API is a sub-application so that its JSON errors, limits and OpenAPI document
(/api/openapi.json, /api/docs) are its own and Chainlit's routes keep their behaviour. Chainlit
ends its routes with a catch-all GET that serves the front end for any path, so the API mount
and the operations routes (ui/api/ops.py: /metrics, /healthz, /readyz) are put in front of it.

Middleware, outermost first: metrics (every answer counts, errors included), the catch-all
500, the body size limit, then FastAPI's routing and its exception handlers.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from starlette.routing import BaseRoute, Match, Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from supportdesk.logs import bind_request_id, reset_request_id
from supportdesk.metrics import HTTP_LATENCY, HTTP_REQUESTS
from supportdesk.settings import Settings
from ui import runtime
from ui.api import agents, chat, tickets, webhook
from ui.api.context import ApiState
from ui.api.errors import CatchAllMiddleware, install_error_handlers
from ui.api.limits import BodySizeLimit, RateLimiter
from ui.api.ops import router as ops_router
from ui.runtime import Runtime

API_PREFIX = "/api"
MOUNT_NAME = "supportdesk-api"
DESCRIPTION = """\
Tickets, streamed chat and the agent desk of supportdesk, for a shop's own systems.

Authenticate with an API key (`Authorization: Bearer sdk_...` or `X-API-Key: sdk_...`,
created with `supportdesk apikey create`) or, for people signed in to the chat app, with
its login (cookie `access_token` or `Authorization: Bearer <token>`). Each endpoint needs
one scope: tickets:write, tickets:read, chat:write, escalations:read or escalations:write.
Every error is JSON: `{"error": {"code": ..., "message": ...}}`.
"""


class MetricsMiddleware:
    """Count requests and time them per endpoint template (never the raw path: ids in paths
    would make a label per ticket)."""

    def __init__(self, app: ASGIApp, routes: Callable[[], Sequence[BaseRoute]]) -> None:
        self.app = app
        self.routes = routes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500
        recorded = False

        def record() -> None:
            nonlocal recorded
            recorded = True
            endpoint = self._template(scope)
            HTTP_REQUESTS.labels(endpoint, scope["method"], str(status)).inc()
            HTTP_LATENCY.labels(endpoint).observe(time.perf_counter() - started)

        async def recording_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            elif message["type"] == "http.response.body" and not message.get("more_body"):
                # Counted before the last byte leaves: a client that has the whole response
                # (a scraper, a test) already finds its request in /metrics.
                record()
            await send(message)

        # Every log line of this request carries its id: the caller's X-Request-Id when it is a
        # plain token (a load balancer's), otherwise a new one.
        headers = dict(scope.get("headers") or [])
        given = headers.get(b"x-request-id", b"").decode("latin-1") or None
        token = bind_request_id(given)
        try:
            await self.app(scope, receive, recording_send)
        finally:
            reset_request_id(token)
            if not recorded:  # the response never finished (an error, a dropped client)
                record()

    def _template(self, scope: Scope) -> str:
        route: Any = scope.get("route")
        if route is None:  # refused before routing (413): find the route it was meant for
            contexts = iter_route_contexts(self.routes())  # included routers, flattened
            route = next((c for c in contexts if c.matches(scope)[0] == Match.FULL), None)
        path = getattr(route, "path_format", None)
        return f"{API_PREFIX}{path}" if path else "unmatched"


def create_api_app(
    settings: Settings, runtime_of: Callable[[], Runtime] = runtime.current
) -> FastAPI:
    """The API application; its paths are relative to where it is mounted (/api)."""
    api = FastAPI(
        title="supportdesk API",
        version="1.0.0",
        description=DESCRIPTION,
        openapi_url="/openapi.json",
        docs_url="/docs",
        redoc_url=None,
    )
    api.state.api = ApiState(settings, runtime_of, RateLimiter(settings.redis_url))
    install_error_handlers(api)
    for module in (tickets, webhook, chat, agents):
        api.include_router(module.router)
    # add_middleware puts each new one outside the previous: innermost first.
    api.add_middleware(BodySizeLimit, max_bytes=settings.api_max_body_bytes)
    api.add_middleware(CatchAllMiddleware)
    api.add_middleware(MetricsMiddleware, routes=lambda: api.router.routes)
    return api


def mount_api(
    root: FastAPI, settings: Settings, runtime_of: Callable[[], Runtime] = runtime.current
) -> FastAPI:
    """Serve the API at /api and the operations routes on `root` (Chainlit's app), ahead of
    any catch-all route. Mounting twice (a reloaded entry module) changes nothing."""
    for route in root.router.routes:
        if isinstance(route, Mount) and route.name == MOUNT_NAME and isinstance(route.app, FastAPI):
            return route.app
    api = create_api_app(settings, runtime_of)
    before = len(root.router.routes)
    root.include_router(ops_router)
    ops_routes = root.router.routes[before:]
    del root.router.routes[before:]
    root.router.routes[0:0] = [Mount(API_PREFIX, app=api, name=MOUNT_NAME), *ops_routes]
    return api
