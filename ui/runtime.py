"""What the Chainlit process holds for its lifetime: the database, the assistant, the hub.

Opened once at app start-up (loading the models takes a few seconds, better then than on the
first customer's message) and shared by every session of the process.
"""

from __future__ import annotations

import logging
from contextlib import AsyncExitStack
from dataclasses import dataclass

from store.database import Database, open_database
from supportdesk.assistant import Assistant
from supportdesk.errors import ConfigurationError
from supportdesk.settings import Settings, get_settings
from ui.delivery import DeliveryHub

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    settings: Settings
    db: Database
    assistant: Assistant
    hub: DeliveryHub
    stack: AsyncExitStack


_current: list[Runtime] = []


async def start(settings: Settings | None = None) -> Runtime:
    if _current:
        return _current[0]
    settings = settings or get_settings()
    db = open_database(settings)
    stack = AsyncExitStack()
    assistant = await stack.enter_async_context(
        Assistant.open(settings, db=db, progress=lambda m: log.info("%s", m))
    )
    hub = DeliveryHub(db)
    await hub.start()
    stack.push_async_callback(hub.stop)
    runtime = Runtime(settings, db, assistant, hub, stack)
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
