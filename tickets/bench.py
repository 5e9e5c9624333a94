"""`supportdesk bench tickets`: sustained ticket throughput through Celery workers.

For each worker count, real `supportdesk worker` processes (template drafter) consume a backlog
of email tickets submitted at once through `TicketService.submit`. Reported: tickets per second
from the first submit to the last ticket done, and submit-to-done latency p50/p95, both from the
database's own timestamps (created_at, finished_at). Each ticket is from a different customer
about an order nobody asked about lately, so none is escalated as a repeat contact. The
benchmark's tickets and conversations are removed afterwards.
"""

from __future__ import annotations

import asyncio
import os
import time
import uuid
from collections.abc import Callable
from typing import Any

from store.database import Database
from supportdesk.bench_graph import forget_conversations
from supportdesk.bench_ui import pick_customers
from supportdesk.measure import percentiles
from supportdesk.settings import Settings
from tickets.bench_workers import bench_workers, redis_for_bench, worker_env
from tickets.celery_app import celery_app
from tickets.models import FINAL_STATUSES, TicketIn
from tickets.service import TicketService, open_ticket_service

QUESTIONS = (
    ("Where is my order?", "Hi, where is my order {order}? When should it arrive? Thanks"),
    ("Cancelling", "Hello, can I still cancel order {order}? Kind regards"),
    ("Returns", "How long do I have to return order {order}?"),
    ("Returns policy", "Hi there, how long do I have to return something? Thank you"),
)
WARM_UP_PER_WORKER = 3
DONE = (*FINAL_STATUSES, "waiting_for_agent")


def bench_tickets(db: Database, count: int, offset: int) -> list[TicketIn]:
    # The same quiet customers the chat benchmark uses: no repeat contacts, no high value.
    rows = pick_customers(db, count, offset)
    if len(rows) < count:
        raise RuntimeError("the demo shop has too few customers with a quiet order; use fewer")
    run = uuid.uuid4().hex[:8]
    return [
        TicketIn(
            channel="email",
            subject=QUESTIONS[i % len(QUESTIONS)][0],
            body=QUESTIONS[i % len(QUESTIONS)][1].format(order=row.order_id),
            sender_email=row.email,
            order_number=None,
            attachments=(),
            idempotency_key=f"bench-{run}-{i}",
            source="bench",
        )
        for i, row in enumerate(rows)
    ]


async def _submit_and_wait(
    service: TicketService,
    tickets: list[TicketIn],
    progress: Callable[[str], None],
    label: str,
    ids: list[str],
    timeout_s: float = 900,
) -> None:
    """Submit every ticket (their ids go into `ids` as they are made), wait for all."""
    started = time.monotonic()
    for ticket in tickets:
        ids.append((await service.submit(ticket)).ticket.id)
    last_line = 0.0
    while True:
        done = await asyncio.to_thread(_count_done, service.db, ids)
        elapsed = time.monotonic() - started
        if done == len(ids):
            return
        if elapsed > timeout_s:
            raise RuntimeError(f"{label}: only {done}/{len(ids)} tickets done in {timeout_s} s")
        if time.monotonic() - last_line >= 1.0:
            last_line = time.monotonic()
            progress(f"  {label}: {done}/{len(ids)} tickets done ({done / elapsed:.1f}/s)")
        await asyncio.sleep(0.1)


def _count_done(db: Database, ids: list[str]) -> int:
    with db.connect() as conn:
        row = conn.execute(
            "SELECT count(*) AS n FROM tickets WHERE id = ANY(%s::uuid[]) AND status = ANY(%s)",
            (ids, list(DONE)),
        ).fetchone()
    return int(row["n"]) if row else 0


def _measure(db: Database, ids: list[str]) -> dict[str, Any]:
    with db.connect() as conn:
        rows = conn.execute(
            "SELECT status, created_at, finished_at FROM tickets WHERE id = ANY(%s::uuid[])",
            (ids,),
        ).fetchall()
    finished = [r for r in rows if r["finished_at"] is not None]
    first = min(r["created_at"] for r in rows)
    last = max(r["finished_at"] for r in finished)
    span = (last - first).total_seconds()
    latency = [(r["finished_at"] - r["created_at"]).total_seconds() * 1000 for r in finished]
    statuses: dict[str, int] = {}
    for r in rows:
        statuses[r["status"]] = statuses.get(r["status"], 0) + 1
    return {
        "tickets": len(rows),
        "seconds": round(span, 2),
        "tickets_per_second": round(len(finished) / span, 2) if span else None,
        "submit_to_done": percentiles(latency),
        "statuses": statuses,
    }


def _forget(db: Database, ids: list[str]) -> None:
    with db.connect() as conn:
        rows = conn.execute(
            "SELECT conversation_id::text AS c FROM tickets WHERE id = ANY(%s::uuid[])", (ids,)
        ).fetchall()
    forget_conversations(db, [str(r["c"]) for r in rows])
    with db.connect() as conn:
        conn.execute("DELETE FROM tickets WHERE id = ANY(%s::uuid[])", (ids,))


def run_ticket_bench(
    settings: Settings,
    db: Database,
    *,
    tickets: int,
    worker_counts: tuple[int, ...],
    progress: Callable[[str], None],
) -> dict[str, Any]:
    runs: list[dict[str, Any]] = []
    per_run = tickets + WARM_UP_PER_WORKER * max(worker_counts)
    with redis_for_bench(settings) as redis_url:
        bench_settings = settings.model_copy(
            update={"redis_url": redis_url, "ticket_workers": "celery"}
        )
        app = celery_app(redis_url)
        env = worker_env(db, redis_url, settings)
        for n, count in enumerate(worker_counts):
            queue = f"supportdesk.bench.{os.getpid()}.{count}"
            batch = bench_tickets(db, per_run, offset=n * per_run)
            warm, measured = batch[: WARM_UP_PER_WORKER * count], batch[-tickets:]
            label = f"{count} worker{'s' if count > 1 else ''}"
            progress(f"{label}: starting (loading the models) ...")
            warm_ids: list[str] = []
            measured_ids: list[str] = []
            try:
                with bench_workers(count, env=env, queue=queue, app=app, log_dir=settings.data_dir):
                    warm_up = _run(bench_settings, db, queue, warm, progress, "warm-up", warm_ids)
                    asyncio.run(warm_up)
                    asyncio.run(
                        _run(bench_settings, db, queue, measured, progress, label, measured_ids)
                    )
                    runs.append({"workers": count, **_measure(db, measured_ids)})
            finally:
                progress(f"{label}: removing the benchmark's tickets ...")
                _forget(db, warm_ids + measured_ids)
    return {"drafter": "template", "runs": runs}


async def _run(
    settings: Settings,
    db: Database,
    queue: str,
    tickets: list[TicketIn],
    progress: Callable[[str], None],
    label: str,
    ids: list[str],
) -> None:
    service = await open_ticket_service(settings, db, None, queue=queue)
    try:
        await _submit_and_wait(service, tickets, progress, label, ids)
    finally:
        await service.close()


def render_ticket_bench(result: dict[str, Any]) -> list[str]:
    lines = [
        f"tickets through Celery workers ({result['drafter']} drafter), backlog submitted at once",
        f"{'workers':>7}  {'tickets':>7}  {'tickets/s':>9}  {'p50 ms':>9}  {'p95 ms':>9}  statuses",
    ]
    for run in result["runs"]:
        latency = run["submit_to_done"]
        statuses = ", ".join(f"{k} {v}" for k, v in sorted(run["statuses"].items()))
        lines.append(
            f"{run['workers']:>7}  {run['tickets']:>7}  {run['tickets_per_second']:>9}  "
            f"{latency['p50_ms']:>9.0f}  {latency['p95_ms']:>9.0f}  {statuses}"
        )
    return lines
