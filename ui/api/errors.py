"""Every API error is JSON: {"error": {"code": ..., "message": ...}} with the right status.

Routes raise `ApiError`; FastAPI's own errors (validation, unknown path, wrong method) and any
unexpected exception are turned into the same shape here. No traceback, exception text or
submitted value ever reaches the response: unexpected failures are logged by type only, because
an exception message can carry the customer data that caused it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("supportdesk.api")

_STATUS_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    429: "rate_limited",
    500: "internal_error",
    503: "unavailable",
}


class ApiError(Exception):
    """An expected refusal: its status, a stable code for programs and a message for people."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        code: str | None = None,
        headers: Mapping[str, str] | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code or _STATUS_CODES.get(status, "error")
        self.message = message
        self.headers = dict(headers or {})
        self.extra = dict(extra or {})


def error_body(code: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, **extra}}


def error_response(
    status: int, code: str, message: str, headers: Mapping[str, str] | None = None, **extra: Any
) -> JSONResponse:
    return JSONResponse(error_body(code, message, **extra), status_code=status, headers=headers)


def _field(loc: Any) -> str:
    # ("body", "attachments", 0, "size_bytes") -> "attachments[0].size_bytes"
    parts = [p for p in loc if p not in ("body", "query", "path", "header", "cookie")]
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "body"


def _plain(error: Mapping[str, Any]) -> str:
    kind = str(error.get("type", ""))
    if kind == "missing":
        return "is required"
    if kind == "json_invalid":
        return "is not valid JSON"
    if kind in ("model_attributes_type", "dict_type"):
        return "must be a JSON object"
    message = str(error.get("msg", "is not valid"))
    return message.removeprefix("Value error, ")


async def _validation(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = [{"field": _field(e.get("loc", ())), "message": _plain(e)} for e in exc.errors()][
        :20
    ]
    first = problems[0] if problems else {"field": "body", "message": "is not valid"}
    message = f"{first['field']}: {first['message']}"
    if len(problems) > 1:
        message += f" (and {len(problems) - 1} more problem{'s' if len(problems) > 2 else ''})"
    return error_response(422, "invalid_request", message, field=first["field"], problems=problems)


async def _api_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return error_response(exc.status, exc.code, exc.message, exc.headers, **exc.extra)


async def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    messages = {
        404: "No API endpoint has this path; the OpenAPI document lists them.",
        405: "This endpoint does not accept this method.",
    }
    message = messages.get(exc.status_code) or str(exc.detail)
    code = _STATUS_CODES.get(exc.status_code, "error")
    return error_response(exc.status_code, code, message, dict(exc.headers or {}))


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(StarletteHTTPException, _http_error)


class CatchAllMiddleware:
    """The last line: an unexpected exception becomes a 500 JSON error and a log line that
    names its type only. (Starlette's own handler would print the traceback, values and all.)"""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            log.error("API request failed: %s", type(exc).__name__)
            if started:  # a stream already under way can only be cut short
                return
            body = json.dumps(
                error_body("internal_error", "Something went wrong on our side; try again.")
            ).encode()
            await send(
                {
                    "type": "http.response.start",
                    "status": 500,
                    "headers": [
                        (b"content-type", b"application/json"),
                        (b"content-length", str(len(body)).encode()),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": body})
