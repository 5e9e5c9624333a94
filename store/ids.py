"""Checking ids that come from outside before they reach a uuid column."""

from __future__ import annotations

import uuid


def is_uuid(value: str) -> bool:
    """Whether `value` is a UUID in text: a caller's id that is not one finds nothing, rather
    than making Postgres raise on the cast."""
    try:
        uuid.UUID(value)
    except (ValueError, TypeError, AttributeError):  # not text at all, from a loose caller
        return False
    return True
