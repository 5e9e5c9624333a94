"""Byte caches for look-ups: Redis when configured, an in-process TTL cache otherwise.

A cache is an optimisation, never a dependency: every failure inside one degrades to a miss, so
callers fall back to the database and the customer still gets an answer.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

import redis
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry

from store.database import redact_url
from supportdesk.metrics import CACHE_LOOKUPS
from supportdesk.settings import Settings

log = logging.getLogger(__name__)

Clock = Callable[[], float]
REDIS_CONNECT_TIMEOUT_SECONDS = 0.2
REDIS_OPERATION_TIMEOUT_SECONDS = 0.5
# While Redis is down we probe it at most this often, so an outage costs each request nothing.
REDIS_RETRY_AFTER_SECONDS = 5.0
# Invalidations that could not reach Redis, replayed when it answers again; bounded so that a long
# outage cannot grow memory without limit (entries beyond it expire by TTL instead).
MAX_PENDING_DELETES = 10_000


@dataclass
class CacheStats:
    hits: int = 0
    misses: int = 0
    errors: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def record(self, *, hit: bool = False, miss: bool = False, error: bool = False) -> None:
        with self._lock:
            self.hits += hit
            self.misses += miss
            self.errors += error
        # The process-wide Prometheus view of the same counts (supportdesk/metrics.py).
        for result, happened in (("hit", hit), ("miss", miss), ("error", error)):
            if happened:
                CACHE_LOOKUPS.labels(result=result).inc()


class Cache(Protocol):
    name: str
    stats: CacheStats

    def get(self, key: str) -> bytes | None: ...

    def set(self, key: str, value: bytes, ttl_seconds: int) -> None: ...

    def delete(self, *keys: str) -> None: ...


class InProcessTTLCache:
    """A thread-safe dict with per-entry expiry, for one process without Redis."""

    name = "in-process"

    def __init__(self, *, max_entries: int = 10_000, clock: Clock = time.monotonic) -> None:
        if max_entries < 1:
            raise ValueError("max_entries must be at least 1")
        self.max_entries = max_entries
        self.stats = CacheStats()
        self._clock = clock
        self._entries: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry[0] <= self._clock():
                del self._entries[key]
                entry = None
        self.stats.record(hit=entry is not None, miss=entry is None)
        return entry[1] if entry is not None else None

    def set(self, key: str, value: bytes, ttl_seconds: int) -> None:
        with self._lock:
            # Re-setting a key makes it the newest, so eviction order is insertion/refresh order.
            self._entries.pop(key, None)
            self._entries[key] = (self._clock() + ttl_seconds, value)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def delete(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._entries.pop(key, None)

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)


class RedisCache:
    """Redis with short timeouts and a quiet fallback: an outage is logged once, then skipped."""

    name = "redis"

    def __init__(
        self,
        client: redis.Redis,
        *,
        display_url: str = "redis",
        retry_after_seconds: float = REDIS_RETRY_AFTER_SECONDS,
        clock: Clock = time.monotonic,
    ) -> None:
        self.stats = CacheStats()
        self._client = client
        self._display_url = display_url
        self._retry_after = retry_after_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._down = False
        self._next_probe = 0.0
        self._pending_deletes: set[str] = set()

    @classmethod
    def from_url(
        cls,
        url: str,
        *,
        retry_after_seconds: float = REDIS_RETRY_AFTER_SECONDS,
        clock: Clock = time.monotonic,
    ) -> RedisCache:
        client = redis.Redis.from_url(
            url,
            socket_connect_timeout=REDIS_CONNECT_TIMEOUT_SECONDS,
            socket_timeout=REDIS_OPERATION_TIMEOUT_SECONDS,
            # redis.Redis() defaults to 10 retries with backoff (from_url to none today); pinned so
            # that a dead Redis costs one timeout per probe whichever way the client is built.
            retry=Retry(NoBackoff(), 0),
        )
        return cls(
            client,
            display_url=redact_url(url),
            retry_after_seconds=retry_after_seconds,
            clock=clock,
        )

    @property
    def available(self) -> bool:
        return not self._down

    def ping(self) -> bool:
        """Whether Redis answers now (for readiness probes; bypasses the outage back-off)."""
        try:
            return bool(self._client.ping())
        except RedisError:
            return False

    def get(self, key: str) -> bytes | None:
        value = self._call(lambda: self._client.get(key))
        if value is not None and not isinstance(value, bytes):
            value = None
        self.stats.record(hit=value is not None, miss=value is None)
        return value

    def set(self, key: str, value: bytes, ttl_seconds: int) -> None:
        self._call(lambda: self._client.set(key, value, ex=ttl_seconds))

    def delete(self, *keys: str) -> None:
        if not keys:
            return
        done = self._call(lambda: self._client.delete(*keys))
        if done is None and self._down:
            with self._lock:
                room = MAX_PENDING_DELETES - len(self._pending_deletes)
                self._pending_deletes.update(keys[: max(room, 0)])

    def _call(self, operation: Callable[[], object]) -> object:
        """Run one Redis command; on any failure count it and return None (a miss / no-op)."""
        with self._lock:
            if self._down and self._clock() < self._next_probe:
                return None
            was_down = self._down
        try:
            if was_down:
                self._replay_pending_deletes()
            result = operation()
        except (RedisConnectionError, RedisTimeoutError) as exc:
            self.stats.record(error=True)
            self._mark_down(exc)
            return None
        except RedisError as exc:
            # Not an outage (say, WRONGTYPE on one key): that request misses, the rest go on.
            self.stats.record(error=True)
            log.warning("Redis command failed (%s); serving from the database", exc)
            return None
        if was_down:
            self._mark_up()
        return result

    def _replay_pending_deletes(self) -> None:
        with self._lock:
            keys = list(self._pending_deletes)
        if keys:
            self._client.delete(*keys)
            with self._lock:
                self._pending_deletes.difference_update(keys)

    def _mark_down(self, exc: Exception) -> None:
        with self._lock:
            first = not self._down
            self._down = True
            self._next_probe = self._clock() + self._retry_after
        if first:
            log.warning(
                "Redis unavailable at %s (%s: %s); serving from the database until it is back",
                self._display_url,
                type(exc).__name__,
                exc,
            )

    def _mark_up(self) -> None:
        with self._lock:
            recovered = self._down
            self._down = False
        if recovered:
            log.info("Redis reachable again at %s; cache resumed", self._display_url)


def build_cache(settings: Settings) -> Cache:
    if settings.redis_url:
        return RedisCache.from_url(settings.redis_url)
    return InProcessTTLCache()
