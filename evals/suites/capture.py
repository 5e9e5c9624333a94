"""Catching every log line the product writes while a ticket plays, for the privacy suite.

A handler on the root logger keeps each record's rendered message (and its exception text, if
any) under the ticket being played. The project's own loggers are turned up to DEBUG for the
run, so a value that would only leak at debug level still counts: operators do switch it on.
Levels are restored afterwards.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

# The project's packages: their debug lines are inspected too.
PROJECT_LOGGERS = ("graph", "nlp", "tools", "drafting", "store", "supportdesk", "ui", "prompts")


class LogCapture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.current: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = f"{record.name} {record.levelname} {record.getMessage()}"
        except Exception:  # a malformed format string is the product's bug; keep the raw parts
            text = f"{record.name} {record.levelname} {record.msg!r} {record.args!r}"
        if record.exc_info and record.exc_info[1] is not None:
            text += f" {type(record.exc_info[1]).__name__}: {record.exc_info[1]}"
        self.current.append(text)

    def take(self) -> list[str]:
        """The lines caught since the last call."""
        lines, self.current = self.current, []
        return lines


@contextmanager
def capture_logs() -> Iterator[LogCapture]:
    handler = LogCapture()
    root = logging.getLogger()
    saved = {name: logging.getLogger(name).level for name in PROJECT_LOGGERS}
    saved_root = root.level
    # Handlers already on the root (the CLI's console) keep showing only what they showed
    # before: the debug lines turned on here are for the search, not for the terminal.
    shown = max(root.getEffectiveLevel(), logging.INFO)
    others = [(h, h.level) for h in root.handlers]
    for other, level in others:
        other.setLevel(max(level, shown))
    root.addHandler(handler)
    # The root at INFO lets libraries' informational lines through as well; their debug
    # chatter (HTTP internals) says nothing about our data.
    root.setLevel(min(saved_root or logging.WARNING, logging.INFO))
    for name in PROJECT_LOGGERS:
        logging.getLogger(name).setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(saved_root)
        for other, level in others:
            other.setLevel(level)
        for name, level in saved.items():
            logging.getLogger(name).setLevel(level)
