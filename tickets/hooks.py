"""Test-only switches for ticket processing, and the ONE place that reads them from the
environment.

In-process code receives `TestHooks` as a parameter (the default does nothing). A Celery worker
is a separate process, so its tests set `SUPPORTDESK_TEST_TICKET_HOOKS` to a JSON object; only
`supportdesk worker` reads it (through `hooks_from_env`), and the worker logs a warning naming
every active switch, so a production worker cannot run with one by accident unnoticed.

    SUPPORTDESK_TEST_TICKET_HOOKS='{"slow_seconds": 30}'      # hold each ticket 30 s first
    SUPPORTDESK_TEST_TICKET_HOOKS='{"fail": true}'            # every attempt fails
    SUPPORTDESK_TEST_TICKET_HOOKS='{"lease_seconds": 3, "sweep_seconds": 1,
                                    "retry_base_seconds": 0.2}'  # short timings
"""

from __future__ import annotations

import asyncio
import json
import os
from dataclasses import dataclass, fields, replace
from typing import Any

from supportdesk.errors import ConfigurationError
from tickets.leases import ProcessingPolicy

ENV_VAR = "SUPPORTDESK_TEST_TICKET_HOOKS"
_TIMINGS = ("lease_seconds", "sweep_seconds", "retry_base_seconds", "redispatch_after_seconds")


class InjectedFault(Exception):  # noqa: N818 - the type name is what a dead-letter row shows
    """Raised by the `fail` switch: an attempt that fails as a real outage would."""


@dataclass(frozen=True)
class TestHooks:
    __test__ = False  # not a pytest test class, whatever its name says

    fail: bool = False
    slow_seconds: float = 0.0
    lease_seconds: float | None = None
    sweep_seconds: float | None = None
    retry_base_seconds: float | None = None
    redispatch_after_seconds: float | None = None

    @property
    def active(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}

    async def before_turn(self) -> None:
        """Runs after the ticket is claimed, before the conversation graph."""
        if self.slow_seconds:
            await asyncio.sleep(self.slow_seconds)
        if self.fail:
            raise InjectedFault("test hook: this attempt fails on purpose")

    def apply(self, policy: ProcessingPolicy) -> ProcessingPolicy:
        changes = {name: getattr(self, name) for name in _TIMINGS if getattr(self, name)}
        return replace(policy, **changes) if changes else policy


NO_HOOKS = TestHooks()


def hooks_from_env() -> TestHooks:
    raw = os.environ.get(ENV_VAR, "").strip()
    if not raw:
        return NO_HOOKS
    try:
        values = json.loads(raw)
        return TestHooks(**values)
    except (ValueError, TypeError) as exc:
        raise ConfigurationError(
            f"{ENV_VAR} is not a JSON object of known test switches.",
            hint=f"Unset it (it is for tests only); switches: "
            f"{', '.join(f.name for f in fields(TestHooks))}.",
        ) from exc
