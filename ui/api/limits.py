"""Limits of the HTTP API: requests per minute per caller, and the size of a request body.

The rate limit is a fixed one-minute window per caller (an API key, or a signed-in person).
With Redis configured the count is shared by every app process (INCR on a key per window);
without it each process counts for itself. If Redis fails mid-way the process falls back to its
own count rather than refusing or waving everything through.
"""

from __future__ import annotations

import json
import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from redis.asyncio import Redis
from redis.exceptions import RedisError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ui.api.errors import error_body

log = logging.getLogger("supportdesk.api")

WINDOW_SECONDS = 60
_MAX_TRACKED = 10_000  # in-process windows kept before old ones are dropped


@dataclass(frozen=True)
class RateDecision:
    allowed: bool
    limit: int
    remaining: int
    retry_after: int  # whole seconds until the window resets (0 when allowed)


class RateLimiter:
    def __init__(
        self,
        redis_url: str | None = None,
        *,
        window_seconds: int = WINDOW_SECONDS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.window = window_seconds
        self.clock = clock
        self._redis: Redis | None = (
            Redis.from_url(redis_url, socket_timeout=0.5, socket_connect_timeout=0.2)
            if redis_url
            else None
        )
        self._counts: dict[str, tuple[int, int]] = {}
        self._lock = threading.Lock()

    @property
    def shared(self) -> bool:
        return self._redis is not None

    async def hit(self, caller: str, limit: int) -> RateDecision:
        """Count one request by `caller`; say whether it is within `limit` per window."""
        now = self.clock()
        window = int(now // self.window)
        count = await self._count_redis(caller, window) if self._redis is not None else None
        if count is None:
            count = self._count_local(caller, window)
        if count <= limit:
            return RateDecision(True, limit, limit - count, 0)
        reset_in = (window + 1) * self.window - now
        return RateDecision(False, limit, 0, max(1, math.ceil(reset_in)))

    async def _count_redis(self, caller: str, window: int) -> int | None:
        assert self._redis is not None
        key = f"supportdesk:ratelimit:{caller}:{window}"
        try:
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.incr(key)
                pipe.expire(key, self.window + 5)
                count, _ = await pipe.execute()
            return int(count)
        except (RedisError, OSError) as exc:
            log.warning("rate limit counts locally, Redis failed: %s", type(exc).__name__)
            return None

    def _count_local(self, caller: str, window: int) -> int:
        with self._lock:
            seen_window, count = self._counts.get(caller, (window, 0))
            count = count + 1 if seen_window == window else 1
            self._counts[caller] = (window, count)
            if len(self._counts) > _MAX_TRACKED:
                self._counts = {k: v for k, v in self._counts.items() if v[0] == window}
            return count

    async def aclose(self) -> None:
        if self._redis is not None:
            await self._redis.aclose()


class BodySizeLimit:
    """Refuse request bodies over `max_bytes` with 413 JSON, before any route reads them.

    A declared Content-Length over the limit is refused unread; otherwise the body is read up
    to the limit (so a chunked upload cannot slip past) and handed on to the app in one piece.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS", "DELETE"):
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._refuse(send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # later calls wait for the disconnect, as before

        await self.app(scope, replay, send)

    async def _refuse(self, send: Send) -> None:
        payload = json.dumps(
            error_body(
                "payload_too_large",
                f"The request body is larger than {self.max_bytes} bytes.",
                max_bytes=self.max_bytes,
            )
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(payload)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": payload})
