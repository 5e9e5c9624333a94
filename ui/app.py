"""The Chainlit app: customer chat, agent desk and KPI panel in one, chosen by role.

Chainlit loads this file as its entry module; it only wires callbacks. The role always comes
from the database (ui/auth.py), never from the chat profile the browser sends: a customer who
asks for the desk profile gets the customer chat.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from typing import Any

import chainlit as cl
from chainlit.context import context
from chainlit.types import ThreadDict

from graph.messages import turn_message
from ui import customer, desk, kpi_view, runtime
from ui.auth import Principal, check_password, principal_for
from ui.chainlit_api import send, session_get, session_set
from ui.data_layer import SupportdeskDataLayer, make_data_layer
from ui.render import ASSISTANT_NAME

log = logging.getLogger("supportdesk.ui")

CUSTOMER_PROFILE, DESK_PROFILE, KPI_PROFILE = "Customer chat", "Agent desk", "KPI panel"
REFUSED = {"ok": False, "detail": "The agent desk is for staff."}


@cl.on_app_startup
async def _startup() -> None:
    # The HTTP API (/api) and /metrics, /healthz, /readyz join Chainlit's own FastAPI app, in
    # front of its catch-all front-end route; they answer once the runtime below is started.
    from chainlit.server import app as chainlit_app

    from supportdesk.settings import get_settings
    from ui.api.app import mount_api

    mount_api(chainlit_app, get_settings())
    await runtime.start()


@cl.on_app_shutdown
async def _shutdown() -> None:
    await runtime.stop()


@cl.data_layer
def _data_layer() -> SupportdeskDataLayer:
    return make_data_layer(runtime.current().db)


@cl.password_auth_callback
async def _login(username: str, password: str) -> cl.User | None:
    principal = await asyncio.to_thread(check_password, runtime.current().db, username, password)
    if principal is None:
        log.info("a sign-in was refused")  # no email in the log line
        return None
    # The metadata only decides what is stored (ui/data_layer.py); every permission check
    # re-reads the role from the database.
    return cl.User(
        identifier=principal.identifier,
        display_name=principal.display_name,
        metadata={"role": principal.role},
    )


async def _principal(user: Any) -> Principal | None:
    identifier = getattr(user, "identifier", None)
    return await asyncio.to_thread(principal_for, runtime.current().db, identifier)


async def _session_principal() -> Principal | None:
    principal = await _principal(context.session.user)
    session_set("principal", principal)
    return principal


@cl.set_chat_profiles
async def _profiles(user: cl.User | None, language: str | None = None) -> list[cl.ChatProfile]:
    principal = await _principal(user)
    if principal is not None and principal.is_staff:
        return [
            cl.ChatProfile(name=DESK_PROFILE, markdown_description="Escalation queue and cards."),
            cl.ChatProfile(
                name=KPI_PROFILE, markdown_description="Deflection, escalations, timing."
            ),
        ]
    return [cl.ChatProfile(name=CUSTOMER_PROFILE, markdown_description="Chat with Hollin & Reed.")]


@cl.on_chat_start
async def _start() -> None:
    principal = await _session_principal()
    if principal is None:
        await send(cl.Message(content="Please sign in again."))
        return
    if not principal.is_staff:
        await customer.start(principal)  # whatever profile the browser asked for
    elif session_get("chat_profile") == KPI_PROFILE:
        await kpi_view.show(principal)
    else:
        await desk.start(principal)


@cl.on_chat_resume
async def _resume(_thread: ThreadDict) -> None:
    await _session_principal()


@cl.on_message
async def _message(message: cl.Message) -> None:
    principal = session_get("principal") or await _session_principal()
    if principal is None:
        return
    if principal.is_staff:
        await desk.refresh_queue()
        return
    await _safely(customer.answer(principal, message.content))


async def _safely(turn: Awaitable[Any]) -> None:
    """Run a customer turn; on failure apologise. (Chainlit would show the exception's text.)"""
    try:
        await turn
    except Exception as exc:
        log.error("a chat turn failed: %s", type(exc).__name__)
        await send(cl.Message(content=turn_message("error"), author=ASSISTANT_NAME))


async def _customer() -> Principal | None:
    principal: Principal | None = session_get("principal")
    return principal if principal is not None and not principal.is_staff else None


@cl.action_callback("ask_human")
async def _ask_human(_action: cl.Action) -> None:
    if (principal := await _customer()) is not None:
        await _safely(customer.ask_for_human(principal))


@cl.action_callback("csat")
async def _csat(action: cl.Action) -> None:
    if await _customer() is not None:
        await customer.record_csat(action)


async def _staff() -> Principal | None:
    """The acting agent, re-read from the database for every desk action."""
    principal = await _session_principal()
    return principal if principal is not None and principal.is_staff else None


@cl.action_callback("desk_refresh")
async def _desk_refresh(_action: cl.Action) -> dict[str, Any]:
    if await _staff() is None:
        return REFUSED
    await desk.refresh_queue()
    return {"ok": True}


@cl.action_callback("desk_open")
async def _desk_open(action: cl.Action) -> dict[str, Any]:
    if (principal := await _staff()) is None:
        return REFUSED
    return await desk.open_case(principal, str(action.payload.get("escalation_id") or ""))


@cl.action_callback("desk_decide")
async def _desk_decide(action: cl.Action) -> dict[str, Any]:
    if (principal := await _staff()) is None:
        return REFUSED
    return await desk.decide(principal, action.payload)


@cl.action_callback("desk_say")
async def _desk_say(action: cl.Action) -> dict[str, Any]:
    if (principal := await _staff()) is None:
        return REFUSED
    return await desk.say(principal, action.payload)


@cl.action_callback("desk_handback")
async def _desk_handback(action: cl.Action) -> dict[str, Any]:
    if (principal := await _staff()) is None:
        return REFUSED
    return await desk.hand_back(principal, action.payload)


@cl.action_callback("kpi_refresh")
async def _kpi_refresh(_action: cl.Action) -> dict[str, Any]:
    if await _staff() is None:
        return REFUSED
    await kpi_view.refresh()
    return {"ok": True}
