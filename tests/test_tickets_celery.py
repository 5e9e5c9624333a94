"""Tickets through real Celery workers (`supportdesk worker` subprocesses) on a real Redis: a
ticket reaches an answer or an agent, a worker killed mid-ticket loses nothing, and a ticket
that keeps failing ends in dead_letter with its error type.

Each test uses a queue of its own, so no worker sees another test's tickets. The workers get
this session's database, data dir (trained models) and shop date through the environment, as
`supportdesk worker` would in production; test switches go through the one test-only variable
that tickets/hooks.py documents.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from nlp.embeddings import LocalEmbeddings
from supportdesk.settings import PROJECT_ROOT
from tests.conftest import TEST_ANCHOR
from tests.shop_picks import pick_order
from tests.ticket_waits import SETTLED, wait_until
from tickets.bench_workers import wait_until_ready
from tickets.celery_app import celery_app
from tickets.hooks import ENV_VAR as HOOKS_ENV_VAR
from tickets.models import TicketIn
from tickets.service import TicketService, open_ticket_service

ANGRY = "This is absolutely ridiculous!!! Where is my order {order}?? I am sick of waiting, FIX IT"
WORKER_START_TIMEOUT = 600  # loading the models; generous for a busy shared machine
SHORT_TIMINGS = {"lease_seconds": 3, "sweep_seconds": 0.5, "retry_base_seconds": 0.2}

StartWorker = Callable[..., subprocess.Popen[bytes]]


def ticket(sender: str, body: str, subject: str = "Order question") -> TicketIn:
    return TicketIn(
        channel="form",
        subject=subject,
        body=body,
        sender_email=sender,
        order_number=None,
        attachments=(),
        idempotency_key=uuid.uuid4().hex,
        source="test-suite",
    )


@pytest.fixture
def queue() -> str:
    return f"test.tickets.{uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="session")
def worker_data_dir(test_data_dir: Path, understanding_models) -> Path:
    """The data dir the workers load from, with what they would otherwise make first: the
    trained models, and the embedding model's ONNX export (minutes on a busy machine)."""
    del understanding_models  # trained into test_data_dir/models
    LocalEmbeddings(query_cache=False, cache_dir=test_data_dir / "models").embed_query("warm")
    return test_data_dir


@pytest.fixture
def start_worker(
    indexed_db, graph_settings, worker_data_dir: Path, redis_server, queue
) -> Iterator[StartWorker]:
    """Start a `supportdesk worker` subprocess on this test's queue and wait until it answers
    a ping (models loaded); every one is stopped afterwards."""
    app = celery_app(str(redis_server["url"]))
    procs: list[tuple[subprocess.Popen[bytes], Path]] = []

    def start(
        hooks: dict[str, Any] | None = None, max_attempts: int = 4
    ) -> subprocess.Popen[bytes]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("SUPPORTDESK_")}
        env.update(
            SUPPORTDESK_DATABASE_URL=indexed_db.url,
            SUPPORTDESK_DATA_DIR=str(worker_data_dir),
            SUPPORTDESK_SHOP_TODAY=TEST_ANCHOR.isoformat(),
            SUPPORTDESK_REDIS_URL=str(redis_server["url"]),
            SUPPORTDESK_TICKET_MAX_ATTEMPTS=str(max_attempts),
        )
        if hooks:
            env[HOOKS_ENV_VAR] = json.dumps(hooks)
        log_path = worker_data_dir / f"worker-{queue}-{len(procs) + 1}.log"
        with log_path.open("w") as log:
            proc = subprocess.Popen(
                [sys.executable, "-m", "supportdesk", "worker", "--queue", queue],
                cwd=PROJECT_ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        procs.append((proc, log_path))
        wait_until_ready(app, [proc], worker_data_dir, timeout_s=WORKER_START_TIMEOUT)
        return proc

    yield start
    for proc, _ in procs:
        if proc.poll() is None:
            proc.terminate()
    for proc, log_path in procs:
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        print(f"--- {log_path.name}\n{log_path.read_text(errors='replace')[-3000:]}")


@pytest.fixture
async def service(graph_settings, indexed_db, redis_server, queue) -> AsyncIterator[TicketService]:
    settings = graph_settings.model_copy(
        update={"redis_url": str(redis_server["url"]), "ticket_workers": "auto"}
    )
    opened = await open_ticket_service(settings, indexed_db, None, queue=queue)
    yield opened
    await opened.close()


def outbox_rows(db, ticket_id: str) -> int:
    with db.connect() as conn:
        row = conn.execute(
            "SELECT count(*) AS n FROM ticket_outbox WHERE ticket_id = %s", (ticket_id,)
        ).fetchone()
    return int(row["n"])


@pytest.mark.slow
async def test_that_tickets_flow_through_a_real_celery_worker_to_an_answer_or_an_agent(
    service, start_worker, indexed_db
):
    assert service.mode == "celery"  # this process only stores and hands over
    asking, angry = pick_order(indexed_db, "in_transit"), pick_order(indexed_db, "in_transit")
    answered = await service.submit(ticket(asking.email, f"Where is my order {asking.order_id}?"))
    escalated = await service.submit(ticket(angry.email, ANGRY.format(order=angry.order_id)))
    start_worker()
    done = await wait_until(service, answered.ticket.id, SETTLED, timeout=120, poll=0.2)
    assert done.status == "answered" and done.reply and asking.order_id in done.reply
    assert outbox_rows(indexed_db, done.id) == 1
    handed = await wait_until(service, escalated.ticket.id, SETTLED, timeout=120, poll=0.2)
    assert handed.status == "waiting_for_agent" and handed.route == "escalate_senior"
    with indexed_db.connect() as conn:
        case = conn.execute(
            "SELECT conversation_id::text AS c, status FROM escalations WHERE id = %s",
            (handed.escalation_id,),
        ).fetchone()
    assert case == {"c": handed.conversation_id, "status": "pending"}


@pytest.mark.slow
async def test_that_a_worker_killed_mid_ticket_does_not_lose_it(service, start_worker, indexed_db):
    pick = pick_order(indexed_db, "dispatched")
    # Submitted once the worker is up: a solo worker busy with a ticket answers no ping.
    doomed = start_worker(hooks={**SHORT_TIMINGS, "slow_seconds": 120})
    submitted = await service.submit(ticket(pick.email, f"Where is my order {pick.order_id}?"))
    held = await wait_until(service, submitted.ticket.id, ("processing",), timeout=120, poll=0.2)
    assert held.attempts == 1
    os.kill(doomed.pid, signal.SIGKILL)
    doomed.wait(timeout=10)
    assert (await service.get(held.id)).status == "processing"  # stranded with its dead worker
    start_worker(hooks=SHORT_TIMINGS)
    done = await wait_until(service, held.id, SETTLED, timeout=120, poll=0.2)
    assert done.status == "answered", done
    assert done.attempts == 2 and done.reply and pick.order_id in done.reply
    assert outbox_rows(indexed_db, done.id) == 1


@pytest.mark.slow
async def test_that_a_ticket_failing_in_the_worker_ends_in_dead_letter_with_its_error_type(
    service, start_worker, indexed_db
):
    pick = pick_order(indexed_db, "in_transit")
    submitted = await service.submit(ticket(pick.email, f"Where is order {pick.order_id}?"))
    start_worker(hooks={**SHORT_TIMINGS, "fail": True}, max_attempts=3)
    dead = await wait_until(service, submitted.ticket.id, SETTLED, timeout=120, poll=0.2)
    assert dead.status == "dead_letter"
    assert (dead.error, dead.attempts, dead.reply) == ("InjectedFault", 3, None)
    assert dead.id in {t.id for t in await service.list(status="dead_letter", limit=500)}
    with indexed_db.connect() as conn:
        audit = conn.execute(
            "SELECT action FROM audit_log WHERE subject_id = %s", (dead.conversation_id,)
        ).fetchall()
    assert audit == [{"action": "ticket.dead_letter"}]
