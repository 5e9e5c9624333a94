"""What the Chainlit process holds for its lifetime: the database, the assistant, the hub.

Opened once at app start-up (loading the models takes a few seconds, better then than on the
first customer's message) and shared by every session of the process.
"""

from __future__ import annotations

import logging
from contextlib import AsyncExitStack
from dataclasses import dataclass
from typing import TYPE_CHECKING

from store.database import Database, open_database
from supportdesk.assistant import Assistant
from supportdesk.errors import ConfigurationError
from supportdesk.logs import configure_logging
from supportdesk.settings import Settings, get_settings
from ui.delivery import DeliveryHub

if TYPE_CHECKING:
    from tickets.service import TicketService

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    settings: Settings
    db: Database
    assistant: Assistant
    hub: DeliveryHub
    stack: AsyncExitStack
    tickets: TicketService | None = None  # email and form tickets (the HTTP API submits them)


_current: list[Runtime] = []


async def start(settings: Settings | None = None) -> Runtime:
    if _current:
        return _current[0]
    settings = settings or get_settings()
    # After Chainlit's and uvicorn's own logging set-up, so that ours is the one that stays.
    configure_logging(settings.log_level, settings.log_format)
    db = open_database(settings)
    stack = AsyncExitStack()
    assistant = await stack.enter_async_context(
        Assistant.open(settings, db=db, progress=lambda m: log.info("%s", m))
    )
    hub = DeliveryHub(db)
    await hub.start()
    stack.push_async_callback(hub.stop)
    from tickets.service import open_ticket_service

    tickets = await open_ticket_service(settings, db, assistant)
    stack.push_async_callback(tickets.close)
    runtime = Runtime(settings, db, assistant, hub, stack, tickets)
    _current.append(runtime)
    log.info("supportdesk chat ready")
    return runtime


def current() -> Runtime:
    if not _current:
        raise ConfigurationError(
            "The chat app is not started.",
            hint="Run it with `supportdesk up` (or `python -m ui.serve`), which starts it.",
        )
    return _current[0]


async def stop() -> None:
    while _current:
        await _current.pop().stack.aclose()
