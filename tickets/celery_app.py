"""The Celery application for tickets: Redis as broker and result backend, one task.

Kill safety comes from three settings together: the message is acknowledged only after the task
returns (`acks_late`), a task whose worker process died is re-queued rather than acknowledged
(`reject_on_worker_lost`), and each worker reserves one message at a time (prefetch 1), so a
killed worker strands at most the ticket it was on. The database lease (tickets/leases.py)
then brings that ticket back within a lease period; the broker's own redelivery after the
visibility timeout is the slower second net, and finds the ticket done.

Built by a function (no app at import time); one app per Redis URL per process.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from celery import Celery, Task

TASK_NAME = "supportdesk.tickets.process"
TICKET_QUEUE = "supportdesk.tickets"
# Longer than any retry countdown (ProcessingPolicy.retry_max_seconds): Redis redelivers an
# unacknowledged message after this, and a countdown beyond it would be delivered twice.
VISIBILITY_TIMEOUT_SECONDS = 3600


@lru_cache(maxsize=4)
def celery_app(redis_url: str) -> Celery:
    app = Celery("supportdesk", broker=redis_url, backend=redis_url, set_as_current=False)
    app.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        result_expires=3600,
        task_default_queue=TICKET_QUEUE,
        broker_transport_options={"visibility_timeout": VISIBILITY_TIMEOUT_SECONDS},
        broker_connection_retry_on_startup=True,
        # A submit must not hang when Redis is away: give up fast and let the sweep resend.
        broker_connection_timeout=2,
        task_publish_retry_policy={"max_retries": 2, "interval_start": 0, "interval_step": 0.2},
        worker_hijack_root_logger=False,
        worker_redirect_stdouts=False,
        worker_send_task_events=False,
    )
    app.task(
        name=TASK_NAME,
        bind=True,
        acks_late=True,
        reject_on_worker_lost=True,
        max_retries=None,
    )(_process_ticket_task)
    return app


def _process_ticket_task(task: Task[Any, Any], ticket_id: str) -> str:
    """Process one ticket; a transient failure comes back as a retry with backoff (the
    database decides how long, and when the ticket has had enough attempts)."""
    from tickets.worker_runtime import worker_runtime

    result = worker_runtime(task.app).process(ticket_id)
    if result.status in ("retry", "not_due"):
        raise task.retry(countdown=max(0.0, result.retry_in_seconds), max_retries=None)
    return result.status
