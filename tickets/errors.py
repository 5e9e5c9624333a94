"""Errors of the ticket channel that a caller (the HTTP API) turns into a clear answer."""

from __future__ import annotations

from supportdesk.errors import SupportdeskError


class IdempotencyConflict(SupportdeskError):  # noqa: N818 - the shared interface's name
    """The idempotency key was used before by the same source for a different ticket."""


class InvalidTicketError(SupportdeskError):
    """A ticket the service cannot accept (unknown channel, nothing written, no sender)."""
