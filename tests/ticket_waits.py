"""Waiting for a ticket to reach a status, for the in-process and the Celery ticket tests."""

from __future__ import annotations

import asyncio
import time

from tickets.models import TicketView
from tickets.service import TicketService

# A ticket no longer in the hands of a worker.
SETTLED = ("answered", "waiting_for_agent", "resolved", "dead_letter")


async def wait_until(
    service: TicketService,
    ticket_id: str,
    statuses: tuple[str, ...],
    *,
    timeout: float = 60,
    poll: float = 0.05,
) -> TicketView:
    deadline = time.monotonic() + timeout
    while True:
        view = await service.get(ticket_id)
        assert view is not None
        if view.status in statuses:
            return view
        assert view.status in ("queued", "processing"), view  # settled elsewhere: say how
        assert time.monotonic() < deadline, f"ticket still {view.status} after {timeout} s"
        await asyncio.sleep(poll)
