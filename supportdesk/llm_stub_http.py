"""The OpenAI chat-completions wire format, served for `StubServer` (see supportdesk.llm_stub).

Shapes follow what the `openai` client parses: `chat.completion` objects, SSE streams of
`chat.completion.chunk` ending in `data: [DONE]`, a usage-only chunk with empty `choices` when
`stream_options.include_usage` is set, and tool calls streamed as an opening fragment (index, id,
name) followed by argument fragments.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from supportdesk.llm_stub import ScriptedToolCall, StubReply, StubServer

_TOKEN = re.compile(r"\S+\s*|\s+")


def message_text(message: Mapping[str, Any]) -> str:
    """The text of one chat message, whether content is a string or a list of parts."""
    content = message.get("content")
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(str(p.get("text", "")) for p in content if isinstance(p, Mapping))
    return ""


def split_tokens(text: str) -> list[str]:
    """Word-sized streaming pieces that join back to exactly `text`."""
    return _TOKEN.findall(text)


class StubHttpServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # benchmarks open many connections at once
    stub: StubServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client closing its keep-alive connection, or giving up on a hang, is normal here.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class StubHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as real endpoints: benchmarks measure the model
    server: StubHttpServer
    received_at = 0.0

    def log_message(self, format: str, *args: Any) -> None:
        return  # quiet: tests and benchmarks print their own figures

    def do_GET(self) -> None:
        if self.path.rstrip("/").endswith("/models"):
            model = {"id": self.server.stub.model, "object": "model", "created": 0}
            self._send_json(200, {"object": "list", "data": [{**model, "owned_by": "stub"}]})
        else:
            self._send_json(404, _error("not found", "invalid_request_error"))

    def do_POST(self) -> None:
        # The time to first token runs from here, as a real endpoint's does: reading the body
        # and choosing the reply are part of it, not added to it.
        self.received_at = time.perf_counter()
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if not self.path.rstrip("/").endswith("/chat/completions"):
            self._send_json(404, _error("not found", "invalid_request_error"))
            return
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            self._send_json(400, _error("request body is not JSON", "invalid_request_error"))
            return
        if not isinstance(body, dict):
            self._send_json(400, _error("request body must be an object", "invalid_request_error"))
            return
        stub = self.server.stub
        reply = stub.record_and_choose(body)
        try:
            if body.get("stream"):
                _Stream(self, stub, body, reply).run()
            else:
                self._complete(stub, body, reply)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up (its timeout): nothing to do

    def _complete(self, stub: StubServer, body: dict[str, Any], reply: StubReply) -> None:
        if reply.fault == "http_500":
            self._send_json(500, _error("stub: internal server error", "server_error"))
            return
        if reply.fault in ("hang", "stall"):
            stub.pause(stub.hang_seconds)
            self.close_connection = True
            return
        tokens = split_tokens(reply.text)
        stub.pause(self._remaining(stub.ttft_ms + stub.token_ms * len(tokens)))
        if reply.fault == "garbage":
            self._send_raw(200, b"<html>upstream proxy error</html>", "application/json")
            return
        if reply.fault == "malformed":
            self._send_json(200, {"id": "chatcmpl-stub", "object": "chat.completion", "choices": 1})
            return
        message: dict[str, Any] = {"role": "assistant", "content": reply.text or None}
        if reply.tool_calls:
            message["tool_calls"] = [
                {
                    "id": call.id or stub.next_call_id(),
                    "type": "function",
                    "function": {"name": call.name, "arguments": call.arguments_json()},
                }
                for call in reply.tool_calls
            ]
        finish = "tool_calls" if reply.tool_calls else "stop"
        payload = {
            **_envelope(stub, "chat.completion"),
            "choices": [
                {"index": 0, "message": message, "logprobs": None, "finish_reason": finish}
            ],
            "usage": _usage(body, len(tokens)),
        }
        self._send_json(200, payload)

    def _remaining(self, ms: float) -> float:
        """Seconds left of `ms` since the request arrived."""
        return ms / 1000 - (time.perf_counter() - self.received_at)

    def _send_json(self, status: int, payload: Mapping[str, Any]) -> None:
        self._send_raw(status, json.dumps(payload).encode(), "application/json")

    def _send_raw(self, status: int, data: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class _Stream:
    """One streamed answer as server-sent events in HTTP/1.1 chunks."""

    def __init__(
        self, handler: StubHandler, stub: StubServer, body: dict[str, Any], reply: StubReply
    ) -> None:
        self.handler, self.stub, self.body, self.reply = handler, stub, body, reply
        options = body.get("stream_options") or {}
        self.include_usage = bool(isinstance(options, dict) and options.get("include_usage"))
        self.envelope = _envelope(stub, "chat.completion.chunk")
        # With no delay between tokens, the whole answer exists at once: its events go out in
        # one write (still one SSE event per token), as a fast server's would after TCP
        # coalescing, instead of a write and flush per token that the stub's thread pays for.
        self._batch: list[bytes] | None = [] if stub.token_ms <= 0 else None

    def run(self) -> None:
        h, stub, reply = self.handler, self.stub, self.reply
        if reply.fault == "http_500":
            h._send_json(500, _error("stub: internal server error", "server_error"))
            return
        if reply.fault == "hang":
            stub.pause(stub.hang_seconds)
            h.close_connection = True
            return
        h.send_response(200)
        h.send_header("Content-Type", "text/event-stream")
        h.send_header("Cache-Control", "no-cache")
        h.send_header("Transfer-Encoding", "chunked")
        h.end_headers()
        stub.pause(h._remaining(stub.ttft_ms))
        if reply.fault == "garbage":
            self._chunk(b"data: <html>upstream proxy error</html>\n\n")
            self._end()
            return
        if reply.fault == "malformed":
            self._chunk(b'data: {"id": "chatcmpl-stub", "choices": [{"delta": 7}]}\n\n')
            self._end()
            return
        tokens = split_tokens(reply.text)
        first_delta: dict[str, Any] = {"role": "assistant", "content": "" if tokens else None}
        self._event(first_delta)
        for i, token in enumerate(tokens):
            if reply.fault == "stall" and i >= len(tokens) // 2:
                self._flush()
                stub.pause(stub.hang_seconds)
                h.close_connection = True
                return
            if i:
                stub.pause(stub.token_ms / 1000)
            self._event({"content": token})
        for index, call in enumerate(reply.tool_calls):
            self._stream_tool_call(index, call)
        self._event({}, finish="tool_calls" if reply.tool_calls else "stop")
        if self.include_usage:
            self._send({**self.envelope, "choices": [], "usage": _usage(self.body, len(tokens))})
        self._chunk(b"data: [DONE]\n\n")
        self._end()

    def _stream_tool_call(self, index: int, call: ScriptedToolCall) -> None:
        # As the real API does: id and name first, then the arguments in small fragments.
        head = {"name": call.name, "arguments": ""}
        call_id = call.id or self.stub.next_call_id()
        opening = {"index": index, "id": call_id, "type": "function", "function": head}
        self._event({"tool_calls": [opening]})
        arguments = call.arguments_json()
        for start in range(0, len(arguments), 8):
            fragment = arguments[start : start + 8]
            self._event({"tool_calls": [{"index": index, "function": {"arguments": fragment}}]})

    def _event(self, delta: dict[str, Any], finish: str | None = None) -> None:
        choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}
        chunk: dict[str, Any] = {**self.envelope, "choices": [choice]}
        if self.include_usage:
            chunk["usage"] = None
        self._send(chunk)

    def _send(self, chunk: Mapping[str, Any]) -> None:
        self._chunk(f"data: {json.dumps(chunk)}\n\n".encode())

    def _chunk(self, data: bytes) -> None:
        framed = f"{len(data):x}\r\n".encode() + data + b"\r\n"
        if self._batch is not None:
            self._batch.append(framed)
            return
        self.handler.wfile.write(framed)
        self.handler.wfile.flush()

    def _flush(self) -> None:
        if self._batch:
            self.handler.wfile.write(b"".join(self._batch))
            self.handler.wfile.flush()
            self._batch.clear()

    def _end(self) -> None:
        self._flush()
        self.handler.wfile.write(b"0\r\n\r\n")
        self.handler.wfile.flush()


def _envelope(stub: StubServer, kind: str) -> dict[str, Any]:
    return {
        "id": f"chatcmpl-{stub.next_response_id()}",
        "object": kind,
        "created": int(time.time()),
        "model": stub.model,
        "system_fingerprint": None,
    }


def _usage(body: Mapping[str, Any], completion_tokens: int) -> dict[str, int]:
    prompt = _approx_tokens(body)
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion_tokens,
        "total_tokens": prompt + completion_tokens,
    }


def _error(message: str, kind: str) -> dict[str, Any]:
    return {"error": {"message": message, "type": kind, "param": None, "code": None}}


def _approx_tokens(body: Mapping[str, Any]) -> int:
    chars = sum(len(message_text(m)) for m in body.get("messages") or [])
    return max(1, chars // 4)
