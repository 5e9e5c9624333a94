"""A customer speaking Chainlit's socket protocol as the web page does, for load benchmarks.

It signs in over HTTP (the same /login the page uses), opens the socket.io connection with the
session cookie, and times each turn from sending the message to the first streamed piece of
the reply (`stream_start` carries the first token). Failures come back as typed results.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

import httpx
import socketio

from graph.messages import handoff_sentence, turn_message

FAILURE_TEXTS = frozenset({turn_message("error"), turn_message("outage")})
HANDOFF_TEXTS = frozenset(
    handoff_sentence(q) for q in ("specialist", "senior", "suggestion", "manual")
)


def reply_kind(text: str) -> str:
    """answer, handoff (the turn was escalated) or waiting (a colleague already has it)."""
    text = text.strip()
    if text in HANDOFF_TEXTS:
        return "handoff"
    if text == turn_message("noted_for_agent"):
        return "waiting"
    return "answer"


@dataclass(frozen=True)
class TurnTiming:
    ttft_ms: float | None
    total_ms: float
    error: str | None = None  # timeout, disconnected, or the assistant's apology
    kind: str = "answer"  # answer, handoff, or waiting (a colleague already has the case)


@dataclass
class _Turn:
    started: float = field(default_factory=time.perf_counter)
    first_at: float | None = None
    reply_id: str | None = None
    text: str = ""
    done: asyncio.Event = field(default_factory=asyncio.Event)


class SimulatedCustomer:
    def __init__(self, base_url: str, email: str, password: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.email = email
        self.password = password
        self.thread_id: str | None = None
        self._sio: Any = socketio.AsyncClient(reconnection=False)
        self._turn: _Turn | None = None
        self._welcome = asyncio.Event()
        self._sio.on("stream_start", self._on_stream_start)
        self._sio.on("new_message", self._on_message)
        self._sio.on("task_end", self._on_task_end)
        self._sio.on("first_interaction", self._on_first_interaction)
        self._sio.on("disconnect", self._on_disconnect)

    async def connect(self, timeout: float = 30.0) -> None:
        async with httpx.AsyncClient(base_url=self.base_url, timeout=timeout) as http:
            response = await http.post(
                "/login", data={"username": self.email, "password": self.password}
            )
            response.raise_for_status()
            cookie = "; ".join(f"{name}={value}" for name, value in http.cookies.items())
        await self._sio.connect(
            self.base_url,
            socketio_path="/ws/socket.io",
            transports=["websocket"],
            headers={"Cookie": cookie},
            auth={
                "clientType": "webapp",
                "sessionId": str(uuid.uuid4()),
                "threadId": "",
                "userEnv": "{}",
                "chatProfile": "Customer%20chat",
            },
            wait_timeout=timeout,
        )
        await self._sio.emit("connection_successful")
        await asyncio.wait_for(self._welcome.wait(), timeout)

    async def ask(self, text: str, timeout: float = 30.0) -> TurnTiming:
        turn = self._turn = _Turn()
        message = {
            "threadId": "",
            "id": str(uuid.uuid4()),
            "name": self.email,
            "type": "user_message",
            "output": text,
            "createdAt": datetime.now(UTC).isoformat(),
        }
        try:
            await self._sio.emit("client_message", {"message": message, "fileReferences": []})
            await asyncio.wait_for(turn.done.wait(), timeout)
        except (TimeoutError, socketio.exceptions.SocketIOError) as exc:
            return TurnTiming(
                _ms(turn.first_at, turn.started), _since(turn.started), type(exc).__name__
            )
        finally:
            self._turn = None
        error = "apology" if turn.text.strip() in FAILURE_TEXTS else None
        if turn.done.is_set() and turn.first_at is None:
            error = "disconnected"
        timing = TurnTiming(_ms(turn.first_at, turn.started), _since(turn.started), error)
        return replace(timing, kind=reply_kind(turn.text))

    async def close(self) -> None:
        await self._sio.disconnect()

    async def _on_stream_start(self, step: dict[str, Any]) -> None:
        turn = self._turn
        if turn and step.get("type") == "assistant_message" and turn.first_at is None:
            turn.first_at = time.perf_counter()
            turn.reply_id = step.get("id")

    async def _on_message(self, step: dict[str, Any]) -> None:
        if step.get("type") != "assistant_message":
            return
        self._welcome.set()
        turn = self._turn
        if turn is None:
            return
        if turn.first_at is None:  # a reply sent whole (not streamed) also counts
            turn.first_at = time.perf_counter()
            turn.reply_id = step.get("id")
        if step.get("id") == turn.reply_id:
            turn.text = str(step.get("output") or "")

    async def _on_task_end(self, *_: Any) -> None:
        turn = self._turn
        if turn is not None and turn.first_at is not None:
            turn.done.set()

    async def _on_first_interaction(self, data: dict[str, Any]) -> None:
        self.thread_id = str(data.get("thread_id") or "") or None

    async def _on_disconnect(self, *_: Any) -> None:
        if self._turn is not None:
            self._turn.done.set()


def _ms(end: float | None, start: float) -> float | None:
    return round((end - start) * 1000, 2) if end is not None else None


def _since(start: float) -> float:
    return round((time.perf_counter() - start) * 1000, 2)
