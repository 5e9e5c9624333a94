"""The few Chainlit calls the app makes, at one typed boundary.

Chainlit ships without type hints for these methods; treating its objects as `Any` here keeps
mypy strict everywhere else instead of scattering ignores through the app.
"""

from __future__ import annotations

from typing import Any

import chainlit as cl

_user_session: Any = cl.user_session


def session_get(key: str) -> Any:
    """A value kept for the current Chainlit session (None when unset)."""
    return _user_session.get(key)


def session_set(key: str, value: Any) -> None:
    _user_session.set(key, value)


async def send(message: Any) -> None:
    """Send a cl.Message (with its actions and elements)."""
    await message.send()


async def update(item: Any) -> None:
    """Push a changed cl.Message or cl.CustomElement to the browser."""
    await item.update()
