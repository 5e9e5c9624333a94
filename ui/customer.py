"""The customer chat: streamed answers with sources, hand-offs, a person on request, CSAT.

The Chainlit thread id is the conversation id, so continuing a past conversation from the
history resumes the same graph thread. Nothing internal (intent, confidence, the gate's reason)
goes into a message or its metadata: everything in a step is sent to the browser.
"""

from __future__ import annotations

import asyncio
import contextlib

import chainlit as cl
from chainlit.context import context

from supportdesk.turns import TurnResult
from ui import runtime
from ui.auth import Principal
from ui.chainlit_api import send, session_get, session_set
from ui.delivery import HubEvent
from ui.render import ASSISTANT_NAME, HUMAN_REQUEST, sources_line, welcome

CSAT_KEY = "csat_actions"


class TokenStream:
    """Feeds the assistant's synchronous token callback into a streamed Chainlit message,
    in order, without blocking the graph while the socket sends."""

    def __init__(self, message: cl.Message) -> None:
        self.message = message
        self.queue: asyncio.Queue[str | None] = asyncio.Queue()
        self.task = asyncio.create_task(self._drain())

    def push(self, token: str) -> None:
        self.queue.put_nowait(token)

    async def _drain(self) -> None:
        while (token := await self.queue.get()) is not None:
            await self.message.stream_token(token)

    async def finish(self) -> None:
        self.queue.put_nowait(None)
        await self.task


def human_action() -> cl.Action:
    return cl.Action(
        name="ask_human", payload={}, label="Talk to a person", icon="user-round", tooltip=""
    )


def csat_actions() -> list[cl.Action]:
    return [
        cl.Action(name="csat", payload={"value": 1}, label="Helpful", icon="thumbs-up"),
        cl.Action(name="csat", payload={"value": 0}, label="Not helpful", icon="thumbs-down"),
    ]


async def start(principal: Principal) -> None:
    await send(cl.Message(content=welcome(principal), author=ASSISTANT_NAME))


async def answer(principal: Principal, text: str) -> TurnResult:
    rt = runtime.current()
    conversation_id = context.session.thread_id
    reply = cl.Message(content="", author=ASSISTANT_NAME)
    stream = TokenStream(reply)
    try:
        result = await rt.assistant.send(
            text, principal.session(), conversation_id=conversation_id, on_token=stream.push
        )
    finally:
        await stream.finish()
    if result.route in ("taken_over", "waiting_agent"):
        # The colleague looking after this conversation sees the new message on the desk.
        await rt.hub.publish(HubEvent("conversation", conversation_id))
    if not reply.content:
        return result  # an agent has taken over: the assistant says nothing
    sources = sources_line(result.citations)
    if sources:
        reply.content += "\n\n" + sources
    if result.route == "auto_reply":
        prompts = csat_actions()
        reply.actions = [*prompts, human_action()]
        shown = session_get(CSAT_KEY) or {}
        shown[reply.id] = prompts
        session_set(CSAT_KEY, shown)
    else:
        reply.actions = [] if result.escalated else [human_action()]
    await send(reply)
    if result.escalated:
        await rt.hub.publish(HubEvent("queue", conversation_id))
    return result


async def ask_for_human(principal: Principal) -> None:
    """The button: the same as typing the request, so the graph routes it as usual."""
    await send(
        cl.Message(content=HUMAN_REQUEST, author=principal.display_name, type="user_message")
    )
    await answer(principal, HUMAN_REQUEST)


async def record_csat(action: cl.Action) -> None:
    """Thumbs after an automatic answer, stored as a feedback event for the KPIs."""
    rt = runtime.current()
    conversation_id = context.session.thread_id
    shown = (session_get(CSAT_KEY) or {}).pop(action.forId, None)
    if shown is None:
        return  # not a prompt this session showed, or already answered
    value = 1.0 if action.payload.get("value") == 1 else 0.0
    state = await rt.assistant.conversation_state(conversation_id)
    await asyncio.to_thread(
        rt.assistant.deps.records.record_feedback,
        conversation_id,
        "csat",
        value,
        {"turn": state.get("turn"), "intent": state.get("intent"), "scale": "thumbs"},
    )
    for shown_action in shown:
        with contextlib.suppress(Exception):
            await shown_action.remove()
    await context.emitter.send_toast("Thank you for the feedback.", "success")
