"""Operations endpoints: /metrics for Prometheus, /healthz and /readyz for load balancers.

- /healthz answers 200 while the process serves HTTP at all (liveness: restart it if not).
- /readyz answers 200 only when this process can do its work: the database answers, the cache
  answers (Redis PING when one is configured) and the assistant's models are loaded; otherwise
  503 naming the check that failed (readiness: send it no traffic until then).
- /metrics is this process's registry in the Prometheus text format. The escalation queue is
  shared by every process, so its gauges are read from the database at scrape time rather than
  counted locally (every process reports the same value: use max(), not sum(), across them).

The only thing these routes need from the app is `ui.runtime.current()`, behind a FastAPI
dependency that tests override.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from store.cache import RedisCache
from store.database import Database
from store.support import QUEUE_ORDER, SupportRecords
from supportdesk.errors import ConfigurationError
from supportdesk.metrics import ESCALATION_OLDEST_AGE, ESCALATION_QUEUE_DEPTH, REGISTRY
from ui import runtime
from ui.runtime import Runtime

log = logging.getLogger(__name__)

# A probe must answer quickly even when a dependency hangs: the balancer's own timeout is
# usually a few seconds, and a slow "no" is as good as a "no".
CHECK_TIMEOUT_SECONDS = 2.0

router = APIRouter(tags=["operations"])


def current_runtime() -> Runtime | None:
    """The process's runtime, or None while it is still starting (or never started)."""
    try:
        return runtime.current()
    except ConfigurationError:
        return None


RuntimeDep = Annotated[Runtime | None, Depends(current_runtime)]


@dataclass(frozen=True)
class Check:
    name: str  # database, cache or models
    ok: bool
    detail: str  # "ok", or what failed: an error type name, never an error's text


@dataclass(frozen=True)
class Readiness:
    checks: tuple[Check, ...]

    @property
    def ready(self) -> bool:
        return all(check.ok for check in self.checks)

    def to_json(self) -> dict[str, Any]:
        return {
            "status": "ready" if self.ready else "unavailable",
            "failed": [c.name for c in self.checks if not c.ok],
            "checks": {c.name: c.detail for c in self.checks},
        }


def _database_answers(db: Database) -> None:
    with db.connect() as conn:
        conn.execute("SELECT 1").fetchone()


async def _probe(name: str, probe: Callable[[], object]) -> Check:
    """Run a blocking probe in a thread; False, an exception or a timeout fail the check."""
    try:
        result = await asyncio.wait_for(asyncio.to_thread(probe), CHECK_TIMEOUT_SECONDS)
    except TimeoutError:
        return Check(name, False, f"no answer within {CHECK_TIMEOUT_SECONDS:.0f} s")
    except Exception as exc:  # the type is enough to act on; messages may carry addresses
        return Check(name, False, type(exc).__name__)
    if result is False:
        return Check(name, False, "no answer")
    return Check(name, True, "ok")


async def readiness(rt: Runtime | None) -> Readiness:
    if rt is None:
        return Readiness(
            (
                Check("database", False, "not checked: the app is still starting"),
                Check("cache", False, "not checked: the app is still starting"),
                Check("models", False, "not loaded: the app is still starting"),
            )
        )
    cache = rt.assistant.deps.orders.cache
    cache_probe: Callable[[], object] = (
        cache.ping if isinstance(cache, RedisCache) else (lambda: True)  # in-process: always up
    )
    models_loaded = rt.assistant.deps.models is not None and rt.assistant.graph is not None
    database, cache_check = await asyncio.gather(
        _probe("database", lambda: _database_answers(rt.db)), _probe("cache", cache_probe)
    )
    models = Check("models", models_loaded, "ok" if models_loaded else "not loaded")
    return Readiness((database, cache_check, models))


@dataclass(frozen=True)
class QueueSnapshot:
    depth: dict[str, int]
    oldest_age_seconds: dict[str, float]


def queue_snapshot(db: Database, now: datetime | None = None) -> QueueSnapshot:
    """Waiting escalations per queue and the age of the oldest, every queue present (0 when
    empty, so that a drained queue reads 0 instead of keeping its last value)."""
    depth = SupportRecords(db).queue_counts()
    with db.connect() as conn:
        rows = conn.execute(
            "SELECT queue, min(created_at) AS oldest FROM escalations "
            "WHERE status IN ('pending', 'claimed') GROUP BY queue"
        ).fetchall()
    now = now or datetime.now(UTC)
    ages = {queue: 0.0 for queue in QUEUE_ORDER}
    for row in rows:
        ages[str(row["queue"])] = max(0.0, (now - row["oldest"]).total_seconds())
    return QueueSnapshot(depth, ages)


async def refresh_queue_gauges(db: Database) -> bool:
    """Update the queue gauges from the database; False (gauges left as they were) on failure,
    so that a database hiccup costs one stale sample, not the whole scrape."""
    try:
        snapshot = await asyncio.wait_for(
            asyncio.to_thread(queue_snapshot, db), CHECK_TIMEOUT_SECONDS
        )
    except Exception as exc:
        log.warning("escalation queue gauges not refreshed: %s", type(exc).__name__)
        return False
    for queue, count in snapshot.depth.items():
        ESCALATION_QUEUE_DEPTH.labels(queue=queue).set(count)
    for queue, age in snapshot.oldest_age_seconds.items():
        ESCALATION_OLDEST_AGE.labels(queue=queue).set(age)
    return True


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz")
async def readyz(rt: RuntimeDep) -> JSONResponse:
    report = await readiness(rt)
    if not report.ready:
        log.warning("not ready: %s", ", ".join(report.to_json()["failed"]))
    return JSONResponse(report.to_json(), status_code=200 if report.ready else 503)


@router.get("/metrics")
async def metrics(rt: RuntimeDep) -> Response:
    if rt is not None:
        await refresh_queue_gauges(rt.db)
    return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)
