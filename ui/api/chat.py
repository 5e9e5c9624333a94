"""Chat over HTTP with Server-Sent Events, for shops that embed the assistant themselves.

POST /chat/{conversation_id}/messages runs one turn and streams it back:
  event: token  data: {"text": "..."}         a piece of the reply, as soon as it exists
  event: done   data: {"conversation_id", "route", "citations": [titles], "handed_to_agent"}
  event: error  data: {"code", "message"}     the turn failed (the apology was streamed)
Everything that can be refused (credential, scope, ownership, validation) is checked before
the stream starts, so a refusal is an ordinary JSON error with its status code.

The assistant calls its token callback synchronously from its own loop; the callback only puts
the piece on a queue that the response drains, so the graph never waits for the network. The
turn runs as its own task: a client that hangs up does not cut a turn off half-recorded.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import uuid
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from sse_starlette import EventSourceResponse, ServerSentEvent

from graph.messages import turn_message
from store.database import Database
from supportdesk.assistant import Assistant
from supportdesk.turns import Session, TurnResult
from ui.api.auth import Caller, any_caller
from ui.api.context import api_state
from ui.api.errors import ApiError
from ui.api.responses import KEY_ERRORS, json_errors
from ui.api.schemas import ChatMessage
from ui.render import source_titles

log = logging.getLogger("supportdesk.api")
router = APIRouter(tags=["chat"])
_RUNNING: set[asyncio.Task[None]] = set()  # turns outlive a client that hung up

STREAM_DOC = (
    '`event: token` data `{"text": ...}` for each piece of the reply, then `event: done` data '
    '`{"conversation_id", "route", "citations", "handed_to_agent"}`, or `event: error` data '
    '`{"code", "message"}`.'
)


class EventStream(EventSourceResponse):
    media_type = "text/event-stream"  # documents the stream's type in the OpenAPI document


def may_write(db: Database, conversation_id: str, caller: Caller) -> bool:
    """A customer writes in their own conversations; an API key in the guest conversations
    that API keys started. A new id starts a new conversation for the caller."""
    with db.connect() as conn:
        row = conn.execute(
            "SELECT customer_id, channel FROM conversations WHERE id = %s", (conversation_id,)
        ).fetchone()
    if row is None:
        return True
    if caller.customer_id is not None:
        return bool(row["customer_id"] == caller.customer_id)
    return caller.kind == "api_key" and row["customer_id"] is None and row["channel"] == "api"


class TurnStream:
    """One turn, bridged from the assistant's token callback to SSE events."""

    def __init__(
        self, assistant: Assistant, message: str, session: Session, conversation_id: str
    ) -> None:
        self.assistant = assistant
        self.message = message
        self.session = session
        self.conversation_id = conversation_id
        self.loop = asyncio.get_running_loop()
        self.loop_thread = threading.get_ident()
        self.queue: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()

    def _put(self, item: tuple[str, Any]) -> None:
        if threading.get_ident() == self.loop_thread:
            self.queue.put_nowait(item)
        else:  # called from a worker thread: hand over to the loop safely
            self.loop.call_soon_threadsafe(self.queue.put_nowait, item)

    def on_token(self, text: str) -> None:
        # Time to first token is recorded by the assistant itself, under the session's
        # channel ("api" here), so it is not counted again in this module.
        self._put(("token", text))

    async def _run(self) -> None:
        try:
            result = await self.assistant.send(
                self.message,
                self.session,
                conversation_id=self.conversation_id,
                on_token=self.on_token,
            )
        except Exception as exc:  # Assistant.send apologises itself; this is the last guard
            log.error("chat turn failed: %s", type(exc).__name__)
            self._put(("failed", None))
            return
        self._put(("result", result))

    async def events(self) -> AsyncIterator[ServerSentEvent]:
        task = asyncio.create_task(self._run())
        _RUNNING.add(task)
        task.add_done_callback(_RUNNING.discard)
        while True:
            kind, value = await self.queue.get()
            if kind == "token":
                yield _event("token", {"text": value})
            elif kind == "result":
                yield _finish(value)
                return
            else:
                yield _event("error", {"code": "turn_failed", "message": turn_message("error")})
                return


def _event(name: str, data: dict[str, Any]) -> ServerSentEvent:
    return ServerSentEvent(json.dumps(data, ensure_ascii=False), event=name)


def _finish(result: TurnResult) -> ServerSentEvent:
    if result.route == "error":
        code = "outage" if result.reason == "outage" else "turn_failed"
        return _event("error", {"code": code, "message": result.text})
    # Only what a customer may see: no intent, confidence or gate reason.
    return _event(
        "done",
        {
            "conversation_id": result.conversation_id,
            "route": result.route,
            "citations": source_titles(result.citations),
            "handed_to_agent": result.escalated,
        },
    )


@router.post(
    "/chat/{conversation_id}/messages",
    response_class=EventStream,
    summary="Send a customer message; the reply streams back as Server-Sent Events",
    responses={
        200: {
            "description": STREAM_DOC,
            "content": {"text/event-stream": {"schema": {"type": "string"}}},
        },
        **json_errors(*KEY_ERRORS, 404, 413, 422, 503),
    },
)
async def post_message(
    conversation_id: Annotated[
        str, Path(description="A UUID; a new one starts a new conversation.")
    ],
    body: ChatMessage,
    request: Request,
    caller: Annotated[Caller, Depends(any_caller("chat:write"))],
) -> EventStream:
    conversation_id = _canonical_uuid(conversation_id)  # one spelling per checkpoint thread
    runtime = api_state(request).runtime()
    if not await asyncio.to_thread(may_write, runtime.db, conversation_id, caller):
        raise ApiError(404, "You have no conversation with this id.")
    stream = TurnStream(runtime.assistant, body.message, caller.chat_session(), conversation_id)
    return EventStream(
        stream.events(),
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


def _canonical_uuid(value: str) -> str:
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise ApiError(
            422, "conversation_id: must be a UUID.", extra={"field": "conversation_id"}
        ) from None
