"""The chat app in a process of its own, as `supportdesk up` serves it (`python -m ui.serve`).

Benchmarks and tests that talk to the real served app (HTTP, socket.io, a browser) start it
here: a free local port, a log file, a wait until it answers, and a stop that never leaves a
process behind. Each process stages its own copy of the app folder, because Chainlit deletes
`<app root>/.files` when it exits.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from supportdesk.ports import free_port
from supportdesk.settings import PROJECT_ROOT

# Liveness answers as soon as the web server runs; readiness once the database, Redis and the
# models are ready (what a load balancer asks before sending traffic).
LIVE_PATH, READY_PATH = "/health", "/readyz"


class AppStartError(RuntimeError):
    """The app exited or did not answer in time; the message ends with its log's last lines."""


def isolated_env(overrides: Mapping[str, str]) -> dict[str, str]:
    """This process's environment without its own supportdesk and Chainlit settings, plus the
    given ones: a served app for a test must not pick up the developer's database or secret."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SUPPORTDESK_", "CHAINLIT_"))}
    env.pop("DATABASE_URL", None)
    env.update(overrides)
    return env


@dataclass
class ServedApp:
    name: str
    base_url: str
    log_path: Path
    proc: subprocess.Popen[bytes]
    # With Python's fault handler on in the app, an abort makes its log show every thread.
    dump_threads_on_timeout: bool = False

    def log_tail(self, lines: int = 60) -> str:
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def json_lines(self) -> list[dict[str, Any]]:
        """The app's structured log lines (Chainlit prints a few plain lines before the app
        sets up logging)."""
        text = self.log_path.read_text(errors="replace")
        return [json.loads(line) for line in text.splitlines() if line.startswith("{")]

    def wait_until_answering(self, path: str = LIVE_PATH, timeout: float = 300) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AppStartError(
                    f"app {self.name} exited ({self.proc.returncode}):\n{self.log_tail()}"
                )
            try:
                with urllib.request.urlopen(self.base_url + path, timeout=5) as response:
                    if response.status == 200:
                        return
            except OSError:  # refused while starting; 503 while not ready yet
                time.sleep(0.5)
        if self.dump_threads_on_timeout:
            self.proc.send_signal(signal.SIGABRT)
            self.proc.wait(timeout=30)
        raise AppStartError(
            f"app {self.name} did not answer {path} within {timeout:.0f} s:\n{self.log_tail(120)}"
        )

    def stop(self) -> None:
        if self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)


def start_app(name: str, env: Mapping[str, str], data_dir: Path) -> ServedApp:
    """Start the app on a free port; it logs to `<data_dir>/served-<name>.log`."""
    port = free_port()
    log_path = data_dir / f"served-{name}.log"
    command = [sys.executable, "-m", "ui.serve", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--app-dir", str(data_dir / f"served-app-{name}")]
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=dict(env), stdout=log, stderr=subprocess.STDOUT
        )
    return ServedApp(
        name, f"http://127.0.0.1:{port}", log_path, proc, bool(env.get("PYTHONFAULTHANDLER"))
    )


@contextmanager
def served_app(
    name: str,
    env: Mapping[str, str],
    data_dir: Path,
    *,
    wait_for: str = LIVE_PATH,
    timeout: float = 300,
) -> Iterator[ServedApp]:
    """The app, answering `wait_for`, for the length of the block; stopped afterwards."""
    app = start_app(name, env, data_dir)
    try:
        app.wait_until_answering(wait_for, timeout)
        yield app
    finally:
        app.stop()
