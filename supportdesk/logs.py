"""Process-wide logging: plain text for people, one JSON object per line for log shippers.

Every line carries the request id and the conversation id of the work it belongs to, read from
context variables that the HTTP middleware (`bind_request_id`) and the assistant
(`conversation_scope`) set; asyncio copies them into every task and thread a request starts, so
a log call deep inside a graph node needs no arguments.

Personal data must never be logged (the code logs ids and type names, not message text). As a
last line of defence the formatter scrubs what regular expressions can recognise cheaply:
e-mail addresses, phone-like and card-like digit runs and order numbers. Names and street
addresses cannot be caught this way; keeping them out is the callers' job, which
tests/test_observability.py checks on real turns.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from datetime import UTC, datetime
from typing import IO, Any, Literal

LogFormat = Literal["text", "json"]

_REQUEST_ID: ContextVar[str | None] = ContextVar("supportdesk_request_id", default=None)
_CONVERSATION_ID: ContextVar[str | None] = ContextVar("supportdesk_conversation_id", default=None)

# A caller may send its own request id (X-Request-ID); anything else than a short token is
# replaced, so a header cannot smuggle personal data or a megabyte into every log line.
_SAFE_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")

# Third-party loggers that are chatty at INFO/DEBUG and say nothing an operator needs.
QUIET_LOGGERS = (
    "httpx",
    "httpx2",
    "httpcore",
    "absl",
    "openai",
    "urllib3",
    "transformers",
    "sentence_transformers",
    "pgserver",
    "presidio-analyzer",
    "asyncio",
    "multipart",
    "watchfiles",
)
# Uvicorn installs its own handlers (plain text, stderr); routed through ours instead.
UVICORN_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access")


def bind_request_id(value: str | None) -> Token[str | None]:
    """Mark the current task's work as belonging to one HTTP request (None: make an id).
    Returns the token for `reset_request_id` at the end of the request."""
    if value is None or not _SAFE_ID.fullmatch(value):
        value = uuid.uuid4().hex
    return _REQUEST_ID.set(value)


def reset_request_id(token: Token[str | None]) -> None:
    _REQUEST_ID.reset(token)


def current_request_id() -> str | None:
    return _REQUEST_ID.get()


def bind_conversation_id(value: str | None) -> Token[str | None]:
    return _CONVERSATION_ID.set(value if value is None or _SAFE_ID.fullmatch(value) else None)


def reset_conversation_id(token: Token[str | None]) -> None:
    _CONVERSATION_ID.reset(token)


def current_conversation_id() -> str | None:
    return _CONVERSATION_ID.get()


@contextmanager
def conversation_scope(conversation_id: str | None) -> Iterator[None]:
    """Log lines written inside the block name this conversation."""
    token = bind_conversation_id(conversation_id)
    try:
        yield
    finally:
        reset_conversation_id(token)


# One pass over the text: ids that look like digit runs (UUIDs) are kept, the rest replaced.
_SCRUB = re.compile(
    r"(?P<uuid>\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b)"
    r"|(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
    r"|(?P<order>\bHR-\d{6}\b)"
    r"|(?P<date>\b\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2})?)"
    r"|(?P<digits>(?<![\w.])\+?\(?\d(?:[ ().-]{0,2}\d){8,})",
    re.IGNORECASE,
)
MIN_PHONE_DIGITS = 9
MAX_PHONE_DIGITS = 15  # E.164; longer runs can only be card or account numbers


def _replace(match: re.Match[str]) -> str:
    kind = match.lastgroup
    text = match.group()
    if kind in ("uuid", "date"):
        return text
    if kind == "email":
        return "[email]"
    if kind == "order":
        return "HR-******"
    digits = re.sub(r"\D", "", text)
    if len(digits) < MIN_PHONE_DIGITS:
        return text
    if len(digits) > MAX_PHONE_DIGITS or (len(digits) >= 13 and _luhn_ok(digits)):
        return "[card]"
    return "[phone]"


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, char in enumerate(reversed(digits)):
        value = int(char) * (2 if i % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def scrub(text: str) -> str:
    """The text with e-mails, phone and card numbers and order numbers replaced."""
    return _SCRUB.sub(_replace, text)


class ScrubbingFormatter(logging.Formatter):
    """The usual text format, scrubbed."""

    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, message and the ids in context."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": scrub(record.getMessage()),
            "request_id": _REQUEST_ID.get(),
            "conversation_id": _CONVERSATION_ID.get(),
        }
        if record.exc_info:
            entry["exception"] = scrub(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)


class _ContextFilter(logging.Filter):
    """Puts the ids on the record too, so that the text format can show them."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _REQUEST_ID.get() or "-"
        record.conversation_id = _CONVERSATION_ID.get() or "-"
        return True


TEXT_FORMAT = "%(levelname)s %(name)s [%(conversation_id)s]: %(message)s"


def build_handler(log_format: LogFormat, stream: IO[str] | None = None) -> logging.Handler:
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.addFilter(_ContextFilter())
    if log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(ScrubbingFormatter(TEXT_FORMAT))
    return handler


def configure_logging(
    level: str = "INFO", log_format: LogFormat = "text", *, stream: IO[str] | None = None
) -> logging.Handler:
    """Send every log record of the process through one handler of the chosen format.

    Replaces whatever handlers the root logger had (Chainlit installs its own at import), so
    that each record is written once and in one format. Returns the handler (tests read it)."""
    handler = build_handler(log_format, stream)
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    for name in UVICORN_LOGGERS:
        uvicorn_logger = logging.getLogger(name)
        uvicorn_logger.handlers.clear()
        uvicorn_logger.propagate = True
    return handler


@contextmanager
def quiet_console(level: int = logging.WARNING) -> Iterator[None]:
    """Raise the root handlers' threshold for a long command (an evaluation, a benchmark):
    every turn logs a "turn finished" line at INFO, thousands per run, which would bury the
    progress lines. Records still reach handlers added inside the block at their own level."""
    handlers = [(handler, handler.level) for handler in logging.getLogger().handlers]
    for handler, old in handlers:
        handler.setLevel(max(old, level))
    try:
        yield
    finally:
        for handler, old in handlers:
            handler.setLevel(old)
