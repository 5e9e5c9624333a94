"""API keys: created once and shown once, stored as a hash, checked on every API call.

A key reads `sdk_<43 url-safe characters>` (256 random bits). Only its SHA-256 is stored
(migration 0006), so a leaked database does not leak usable keys; the first characters are kept
in clear to tell keys apart in `supportdesk apikey list`.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

import psycopg

from store.database import Database
from store.ids import is_uuid

KEY_PREFIX = "sdk_"
SCOPES = (
    "tickets:write",
    "tickets:read",
    "chat:write",
    "escalations:read",
    "escalations:write",
)
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_SHOWN_CHARS = 12  # "sdk_" and 8 random characters: enough to recognise, useless to guess


@dataclass(frozen=True)
class ApiKeyRecord:
    id: str
    name: str
    key_prefix: str
    scopes: tuple[str, ...]
    rate_limit_per_minute: int | None
    revoked: bool
    created_at: datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "key_prefix": self.key_prefix,
            "scopes": list(self.scopes),
            "rate_limit_per_minute": self.rate_limit_per_minute,
            "revoked": self.revoked,
            "created_at": self.created_at.isoformat(),
        }


@dataclass(frozen=True)
class CreatedKey:
    status: Literal["created", "invalid", "name_taken"]
    key: str | None = None  # the only time the key exists outside its owner's hands
    record: ApiKeyRecord | None = None
    detail: str = ""


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def looks_like_key(token: str) -> bool:
    return token.startswith(KEY_PREFIX)


class ApiKeyStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def create(
        self, name: str, scopes: list[str], *, rate_limit_per_minute: int | None = None
    ) -> CreatedKey:
        problem = _check(name, scopes, rate_limit_per_minute)
        if problem:
            return CreatedKey("invalid", detail=problem)
        key = KEY_PREFIX + secrets.token_urlsafe(32)
        wanted = sorted(set(scopes), key=SCOPES.index)
        try:
            with self.db.connect() as conn:
                row = conn.execute(
                    "INSERT INTO api_keys (id, name, key_hash, key_prefix, scopes,"
                    " rate_limit_per_minute) VALUES (%s, %s, %s, %s, %s, %s) RETURNING *",
                    (
                        str(uuid.uuid4()),
                        name,
                        hash_key(key),
                        key[:_SHOWN_CHARS],
                        wanted,
                        rate_limit_per_minute,
                    ),
                ).fetchone()
        except psycopg.errors.UniqueViolation:
            return CreatedKey(
                "name_taken",
                detail=f"A live key is already named {name!r}: revoke it first or pick another "
                "name.",
            )
        assert row is not None
        return CreatedKey("created", key=key, record=_record(row))

    def verify(self, key: str) -> ApiKeyRecord | None:
        """The live key this string is, or None (unknown, malformed or revoked)."""
        if not looks_like_key(key) or len(key) > 128:
            return None
        with self.db.connect() as conn:
            row = conn.execute(
                "SELECT * FROM api_keys WHERE key_hash = %s AND NOT revoked", (hash_key(key),)
            ).fetchone()
        return _record(row) if row else None

    def list(self, *, include_revoked: bool = False) -> list[ApiKeyRecord]:
        with self.db.connect() as conn:
            rows = conn.execute(
                "SELECT * FROM api_keys WHERE %s OR NOT revoked ORDER BY created_at",
                (include_revoked,),
            ).fetchall()
        return [_record(r) for r in rows]

    def revoke(self, name_or_id: str) -> ApiKeyRecord | None:
        """Revoke the live key with this name or id; None when there is none."""
        key_id = name_or_id if is_uuid(name_or_id) else None
        with self.db.connect() as conn:
            row = conn.execute(
                "UPDATE api_keys SET revoked = true, revoked_at = now() WHERE NOT revoked AND "
                "(id = %s::uuid OR lower(name) = lower(%s)) RETURNING *",
                (key_id, name_or_id),
            ).fetchone()
        return _record(row) if row else None

    def delete(self, key_id: str) -> None:
        """Remove a key entirely (benchmarks clean up their temporary key with this)."""
        with self.db.connect() as conn:
            conn.execute("DELETE FROM api_keys WHERE id = %s", (key_id,))


def _check(name: str, scopes: list[str], rate_limit: int | None) -> str:
    if not NAME_PATTERN.match(name):
        return "A key name is 1-64 letters, digits, dots, dashes or underscores."
    if not scopes:
        return f"Give the key at least one scope: {', '.join(SCOPES)}."
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown:
        return f"Unknown scope {', '.join(unknown)}; the scopes are {', '.join(SCOPES)}."
    if rate_limit is not None and rate_limit < 1:
        return "A rate limit is a positive number of requests per minute."
    return ""


def _record(row: dict[str, Any]) -> ApiKeyRecord:
    return ApiKeyRecord(
        id=str(row["id"]),
        name=str(row["name"]),
        key_prefix=str(row["key_prefix"]),
        scopes=tuple(row["scopes"]),
        rate_limit_per_minute=row["rate_limit_per_minute"],
        revoked=bool(row["revoked"]),
        created_at=row["created_at"],
    )
