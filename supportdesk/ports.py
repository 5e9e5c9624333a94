"""A free local TCP port for a process this one starts (the app, the LLM stub, a worker)."""

from __future__ import annotations

import socket


def free_port() -> int:
    # The OS picks an unused port; the small race until the child binds it is acceptable for
    # local benchmarks and tests.
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
