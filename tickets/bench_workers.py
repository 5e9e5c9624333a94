"""Processes the ticket benchmark runs: a Redis (the configured one, or a private
`redis-server`) and `supportdesk worker` subprocesses on a queue of the benchmark's own."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from celery import Celery

from store.database import Database
from supportdesk.errors import ConfigurationError
from supportdesk.ports import free_port
from supportdesk.settings import PROJECT_ROOT, Settings
from tickets.hooks import ENV_VAR as HOOKS_ENV_VAR

WORKER_START_TIMEOUT_SECONDS = 240


@contextmanager
def redis_for_bench(settings: Settings) -> Iterator[str]:
    """The configured Redis, or a private one for the benchmark's lifetime."""
    if settings.redis_url:
        yield settings.redis_url
        return
    binary = shutil.which("redis-server")
    if binary is None:
        raise ConfigurationError(
            "The ticket benchmark needs Redis and none is configured or installed.",
            hint="Set SUPPORTDESK_REDIS_URL, or install redis-server (apt-get install "
            "redis-server) and the benchmark starts a private one.",
        )
    port = free_port()
    workdir = Path(tempfile.mkdtemp(prefix="supportdesk-bench-redis-"))
    command = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
    command += ["--appendonly", "no", "--dir", str(workdir)]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise ConfigurationError("redis-server did not start.") from None
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)


def worker_env(db: Database, redis_url: str, settings: Settings) -> dict[str, str]:
    """The environment of a worker subprocess: this database and Redis, template drafter,
    and never a test switch."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("SUPPORTDESK_LLM_") and k != HOOKS_ENV_VAR
    }
    env.update(
        SUPPORTDESK_DATABASE_URL=db.url,
        SUPPORTDESK_REDIS_URL=redis_url,
        SUPPORTDESK_TICKET_WORKERS="celery",
        SUPPORTDESK_DATA_DIR=str(settings.data_dir),
    )
    if settings.shop_today:
        env["SUPPORTDESK_SHOP_TODAY"] = settings.shop_today.isoformat()
    return env


@contextmanager
def bench_workers(
    count: int, *, env: dict[str, str], queue: str, app: Celery, log_dir: Path
) -> Iterator[list[subprocess.Popen[bytes]]]:
    """`count` workers on `queue`, yielded once every one of them answers a ping."""
    procs: list[subprocess.Popen[bytes]] = []
    try:
        for index in range(count):
            log_path = log_dir / f"bench-tickets-worker-{index + 1}.log"
            with log_path.open("w") as log:
                procs.append(
                    subprocess.Popen(
                        [sys.executable, "-m", "supportdesk", "worker", "--queue", queue],
                        cwd=PROJECT_ROOT,
                        env=env,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                    )
                )
        wait_until_ready(app, procs, log_dir)
        yield procs
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)


def wait_until_ready(
    app: Celery,
    procs: list[subprocess.Popen[bytes]],
    log_dir: Path,
    timeout_s: float = WORKER_START_TIMEOUT_SECONDS,
) -> None:
    """Until every worker answers a ping (`supportdesk worker` names itself by its pid)."""
    wanted = {f"supportdesk-{p.pid}@" for p in procs}
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in procs):
            raise ConfigurationError(
                "A benchmark worker exited while starting.",
                hint=f"See the worker logs in {log_dir}.",
            )
        replies = app.control.ping(timeout=1.0) or []
        names = {name for reply in replies for name in reply}
        if all(any(n.startswith(w) for n in names) for w in wanted):
            return
    raise ConfigurationError(
        "The benchmark workers did not start in time.", hint=f"See the logs in {log_dir}."
    )
