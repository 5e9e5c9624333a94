"""`supportdesk worker` (a Celery worker for tickets) and `supportdesk bench tickets`."""

from __future__ import annotations

import json
import logging
import os
import socket
from typing import Annotated

import typer

from supportdesk.errors import ConfigurationError
from supportdesk.settings import get_settings

log = logging.getLogger(__name__)
DEFAULT_QUEUE = "supportdesk.tickets"  # tickets.celery_app.TICKET_QUEUE, without the import


def _say(message: str) -> None:
    typer.echo(message, err=True)


def worker_command(
    queue: Annotated[str, typer.Option(help="The queue to consume.")] = DEFAULT_QUEUE,
    concurrency: Annotated[
        int,
        typer.Option(
            min=1,
            max=8,
            help="Tickets at once in this process (1: solo pool; more: threads sharing one "
            "event loop). Run one worker per core instead of raising this for CPU-bound work.",
        ),
    ] = 1,
    metrics_port: Annotated[
        int | None, typer.Option(help="Serve this worker's Prometheus metrics on this port.")
    ] = None,
) -> None:
    """Start a Celery worker that processes email and form tickets (needs SUPPORTDESK_REDIS_URL).

    Loads the models and opens the database first, then consumes; a ticket left behind by a
    worker that died is taken back within a lease period. Stop it with Ctrl-C or SIGTERM: the
    ticket in hand is finished first."""
    from tickets.celery_app import celery_app
    from tickets.hooks import hooks_from_env
    from tickets.worker_runtime import WorkerRuntime, install_runtime

    settings = get_settings()
    if not settings.redis_url:
        raise ConfigurationError(
            "`supportdesk worker` needs Redis, and SUPPORTDESK_REDIS_URL is not set.",
            hint="Set SUPPORTDESK_REDIS_URL=redis://host:6379/0. Without Redis the app "
            "processes tickets itself and no worker is needed.",
        )
    hooks = hooks_from_env()
    if hooks.active:
        log.warning("TEST HOOKS ACTIVE in this worker (not for production): %s", hooks.active)
    app = celery_app(settings.redis_url)
    runtime = WorkerRuntime(settings, app, hooks=hooks, queue=queue)
    _say("loading the models and opening the database ...")
    runtime.start()
    install_runtime(runtime)
    if metrics_port:
        from prometheus_client import start_http_server

        from supportdesk.metrics import REGISTRY

        start_http_server(metrics_port, registry=REGISTRY)
    argv = [
        "worker",
        f"--pool={'solo' if concurrency == 1 else 'threads'}",
        f"--concurrency={concurrency}",
        f"--queues={queue}",
        f"--hostname=supportdesk-{os.getpid()}@{socket.gethostname()}",
        f"--loglevel={settings.log_level}",
        "--without-gossip",
        "--without-mingle",
    ]
    try:
        app.worker_main(argv)
    finally:
        runtime.stop()


def bench_tickets_command(
    tickets: Annotated[int, typer.Option(min=10, max=800, help="Measured tickets per run.")] = 100,
    workers: Annotated[
        int | None, typer.Option(min=1, max=2, help="Only this many workers (default: 1, then 2).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Ticket throughput (tickets/s) and submit-to-done p50/p95 through 1 and 2 Celery workers,
    with the template drafter."""
    from store.database import open_database
    from tickets.bench import render_ticket_bench, run_ticket_bench

    settings = get_settings()
    result = run_ticket_bench(
        settings,
        open_database(settings),
        tickets=tickets,
        worker_counts=(workers,) if workers else (1, 2),
        progress=_say,
    )
    if as_json:
        typer.echo(json.dumps(result, indent=2))
        return
    for line in render_ticket_bench(result):
        typer.echo(line)
