"""A local OpenAI-compatible chat server that stands in for a real LLM in tests and benchmarks.

It speaks the wire format the `openai` client (and so `ChatOpenAI`) expects: POST
/v1/chat/completions, streamed (SSE, `stream_options.include_usage`, tool-call fragments) or not,
and GET /v1/models. What it answers is scripted: a queue of replies (text, tool calls, faults),
then a responder function that answers from the request itself, so a benchmark can run
thousands of turns without a script. The default responder behaves like a sensible model with
tools: it answers from the facts in the prompt when they cover the message (restating one with
its key), and looks up only what they lack; `look_up_then_answer` always takes one tool round
first, so that path stays exercised (`SHAPES` names both). Every request body is recorded,
parsed, so tests can prove what would have left the process.

    with StubServer(ttft_ms=150) as stub:
        stub.script("Your order is on its way [F1].", StubReply.failing("http_500"))
        chat = ChatOpenAI(base_url=stub.base_url, api_key="unused", model="stub")
        ...
        assert "HR-" not in json.dumps(stub.requests)
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import threading
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from supportdesk.llm_stub_http import StubHandler, StubHttpServer, message_text

# http_500: an error status; hang: no response at all; stall: stream half the reply, then stop;
# garbage: a body that is not JSON; malformed: JSON of the wrong shape.
Fault = Literal["http_500", "hang", "stall", "garbage", "malformed"]
FAULTS: tuple[Fault, ...] = ("http_500", "hang", "stall", "garbage", "malformed")


@dataclass(frozen=True)
class ScriptedToolCall:
    name: str
    arguments: Mapping[str, Any] | str = field(default_factory=dict)
    id: str | None = None  # None: the server numbers it ("call_1", "call_2", ...)

    def arguments_json(self) -> str:
        return self.arguments if isinstance(self.arguments, str) else json.dumps(self.arguments)


@dataclass(frozen=True)
class StubReply:
    """One scripted answer: text, tool calls, or a fault instead of an answer."""

    text: str = ""
    tool_calls: tuple[ScriptedToolCall, ...] = ()
    fault: Fault | None = None

    @classmethod
    def tools(cls, *calls: ScriptedToolCall | tuple[str, Mapping[str, Any]]) -> StubReply:
        built = tuple(c if isinstance(c, ScriptedToolCall) else ScriptedToolCall(*c) for c in calls)
        return cls(tool_calls=built)

    @classmethod
    def failing(cls, fault: Fault) -> StubReply:
        return cls(fault=fault)


Responder = Callable[[dict[str, Any]], StubReply | str]

# The fact lines the drafter prompt lists: "[F1] Order <ORDER_ID_1>: It was dispatched on ...".
FACT_LINE = re.compile(r"^\[(F\d+)\] [^\n]*?: ([^\n]+)$", re.MULTILINE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")
_ORDER_REF = re.compile(r"<ORDER_ID_\d+>")


def grounded_echo(body: Mapping[str, Any]) -> StubReply:
    """Restate the first listed fact and cite its key, like a careful model would; with no facts
    in the request, say so (an ungrounded reply). Facts are read from every message: the prompt
    lists the plan's, tool results list what a look-up found, in the same "[F3] ..." form."""
    messages = body.get("messages") or []
    for message in messages:
        match = FACT_LINE.search(message_text(message))
        if match:
            key, text = match.group(1), match.group(2).strip()
            first_sentence = _SENTENCE_END.split(text, maxsplit=1)[0]
            return StubReply(text=f"Thanks for your patience. {first_sentence} [{key}]")
    return StubReply(text="I'm sorry, I can't confirm that from the information I have.")


def _offered_tools(body: Mapping[str, Any]) -> set[str]:
    """The tools the model may call now: none when the caller said tool_choice "none"."""
    if body.get("tool_choice") == "none":
        return set()
    return {
        str((t.get("function") or {}).get("name"))
        for t in body.get("tools") or []
        if isinstance(t, Mapping)
    }


def _look_up(latest: str, offered: set[str]) -> StubReply | None:
    order = _ORDER_REF.search(latest)
    if order and "lookup_order" in offered:
        return StubReply.tools(("lookup_order", {"order_id": order.group()}))
    if latest.strip() and "search_policies" in offered:
        return StubReply.tools(("search_policies", {"query": latest[-300:]}))
    return None


def _latest_user_text(messages: Sequence[Mapping[str, Any]]) -> str:
    return next((message_text(m) for m in reversed(messages) if m.get("role") == "user"), "")


def answer_or_look_up(body: Mapping[str, Any]) -> StubReply:
    """The default responder, like a sensible model with tools: when its facts cover the message,
    answer at once (one call per turn); look up an order no fact is about, or anything when no
    fact came; after a look-up, or with no tools offered, answer from the facts."""
    messages = [m for m in body.get("messages") or [] if isinstance(m, Mapping)]
    offered = _offered_tools(body)
    if not offered or any(m.get("role") == "tool" for m in messages):
        return grounded_echo(body)
    latest = _latest_user_text(messages)
    facts = [match.group(0) for m in messages for match in FACT_LINE.finditer(message_text(m))]
    orders = _ORDER_REF.findall(latest)
    uncovered = [o for o in orders if not any(o in line for line in facts)]
    if uncovered and "lookup_order" in offered:
        return StubReply.tools(("lookup_order", {"order_id": uncovered[0]}))
    if facts:
        return grounded_echo(body)
    return _look_up(latest, offered) or grounded_echo(body)


def look_up_then_answer(body: Mapping[str, Any]) -> StubReply:
    """A shape that always takes one tool round: look the order up by its placeholder (else
    search the policies) even when the facts say it already, then answer from the facts."""
    messages = [m for m in body.get("messages") or [] if isinstance(m, Mapping)]
    offered = _offered_tools(body)
    if offered and not any(m.get("role") == "tool" for m in messages):
        asked = _look_up(_latest_user_text(messages), offered)
        if asked is not None:
            return asked
    return grounded_echo(body)


# The responders a benchmark can choose by name.
SHAPES: dict[str, Responder] = {
    "direct": answer_or_look_up,
    "tool_round": look_up_then_answer,
}


def by_model_name(body: Mapping[str, Any]) -> StubReply:
    """The shape the request's model names ("tool_round"), so one stub process can serve a
    client per shape; any other model name gets the default, `answer_or_look_up`."""
    answer = SHAPES.get(str(body.get("model")), answer_or_look_up)(dict(body))
    return StubReply(text=answer) if isinstance(answer, str) else answer


class StubServer:
    """The stub in a background thread. Use as a context manager; `.base_url` ends in /v1."""

    def __init__(
        self,
        port: int = 0,
        *,
        host: str = "127.0.0.1",
        ttft_ms: float = 0.0,
        token_ms: float = 0.0,
        responder: Responder = answer_or_look_up,
        mode: Fault | None = None,
        hang_seconds: float = 30.0,
        model: str = "supportdesk-stub",
        record: bool = True,
    ) -> None:
        self.ttft_ms = ttft_ms
        self.token_ms = token_ms
        self.responder = responder
        self.mode: Fault | None = mode  # sticky: every request fails this way until reset
        self.hang_seconds = hang_seconds
        self.model = model
        self.record = record  # off for long benchmark runs, where the bodies would pile up
        self._queue: deque[StubReply] = deque()
        self._requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._call_counter = 0
        self._response_counter = 0
        self._request_counter = 0
        self._httpd = StubHttpServer((host, port), StubHandler)
        self._httpd.stub = self
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    @property
    def requests(self) -> list[dict[str, Any]]:
        """Every chat-completion request body received so far, parsed, oldest first."""
        with self._lock:
            return list(self._requests)

    @property
    def request_count(self) -> int:
        """Chat-completion requests received so far, recorded or not (reset() keeps counting)."""
        with self._lock:
            return self._request_counter

    def script(self, *replies: StubReply | str) -> None:
        """Queue replies; each request takes the next one, then the responder takes over."""
        with self._lock:
            self._queue.extend(StubReply(text=r) if isinstance(r, str) else r for r in replies)

    def set_mode(self, mode: Fault | None) -> None:
        self.mode = mode

    def reset(self) -> None:
        with self._lock:
            self._queue.clear()
            self._requests.clear()
        self.mode = None

    def start(self) -> StubServer:
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._httpd.serve_forever, name="llm-stub", daemon=True
            )
            self._thread.start()
        return self

    def close(self) -> None:
        self._closing.set()  # releases handlers that are hanging on purpose
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._httpd.server_close()

    def __enter__(self) -> StubServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def serve_forever(self) -> None:
        """Serve in the calling thread (the CLI)."""
        try:
            self._httpd.serve_forever()
        finally:
            self._closing.set()
            self._httpd.server_close()

    # -- used by the handler -------------------------------------------------------------------

    def record_and_choose(self, body: dict[str, Any]) -> StubReply:
        mode = self.mode
        with self._lock:
            self._request_counter += 1
            if self.record:
                self._requests.append(body)
            # A sticky fault leaves the script alone: it resumes once the mode is cleared.
            scripted = self._queue.popleft() if self._queue and mode is None else None
        if mode is not None:
            return StubReply.failing(mode)
        if scripted is not None:
            return scripted
        answer = self.responder(body)
        return StubReply(text=answer) if isinstance(answer, str) else answer

    def next_call_id(self) -> str:
        with self._lock:
            self._call_counter += 1
            return f"call_{self._call_counter}"

    def next_response_id(self) -> int:
        with self._lock:
            self._response_counter += 1
            return self._response_counter

    def pause(self, seconds: float) -> None:
        if seconds > 0:
            self._closing.wait(seconds)


def serve(
    *, host: str = "127.0.0.1", port: int = 8010, ttft_ms: float = 0.0, token_ms: float = 0.0
) -> None:
    """Run the stub in the foreground until interrupted (for `supportdesk llm-stub` and the
    graph benchmark). The requested model name picks the shape (`by_model_name`)."""
    server = StubServer(
        port, host=host, ttft_ms=ttft_ms, token_ms=token_ms, record=False, responder=by_model_name
    )
    print(f"LLM stub listening on {server.base_url}", flush=True)
    print(f"  first token after {ttft_ms:g} ms, then {token_ms:g} ms per token", flush=True)
    print(f"  SUPPORTDESK_LLM_BASE_URL={server.base_url} points supportdesk at it", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Local OpenAI-compatible stub LLM server.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8010)
    parser.add_argument("--ttft-ms", type=float, default=0.0, help="delay before the 1st token")
    parser.add_argument("--token-ms", type=float, default=0.0, help="delay between tokens")
    args = parser.parse_args(argv)
    serve(host=args.host, port=args.port, ttft_ms=args.ttft_ms, token_ms=args.token_ms)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
