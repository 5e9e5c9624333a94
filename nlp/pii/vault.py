"""The conversation's placeholder -> value mapping.

The vault lives in the server-side conversation state only. It is never put into a prompt, a log
line or a trace: `__repr__` shows counts, not values, so an accidental `log.info(state)` leaks
nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import phonenumbers

from nlp.pii.entities import (
    CREDIT_CARD,
    EMAIL_ADDRESS,
    IBAN_CODE,
    ORDER_ID,
    PHONE_NUMBER,
    POSTCODE,
)

PLACEHOLDER_RE = re.compile(r"<([A-Z]+(?:_[A-Z]+)*)_(\d+)>")
_SPACES = re.compile(r"\s+")
_NOT_ALNUM = re.compile(r"[^0-9A-Za-z]")


def make_placeholder(entity_type: str, number: int) -> str:
    return f"<{entity_type}_{number}>"


def normalise(entity_type: str, value: str) -> str:
    """The identity of a value: two spellings of one thing share a placeholder."""
    text = _SPACES.sub(" ", value).strip()
    if entity_type == EMAIL_ADDRESS:
        return text.casefold()
    if entity_type == PHONE_NUMBER:
        return _phone_key(text)
    if entity_type == CREDIT_CARD:
        return "".join(ch for ch in text if ch.isdigit())
    if entity_type in (ORDER_ID, IBAN_CODE, POSTCODE):
        return _NOT_ALNUM.sub("", text).upper()
    # Names and addresses: case, spacing and trailing punctuation do not make a new person.
    return text.casefold().strip(" ,.;:")


def _phone_key(text: str) -> str:
    digits = "".join(ch for ch in text if ch.isdigit())
    if text.startswith(("+", "00")):
        # "+44 7700 900871" and "07700 900871" are one number: compare national numbers.
        international = "+" + (digits[2:] if text.startswith("00") else digits)
        try:
            return str(phonenumbers.parse(international, None).national_number)
        except phonenumbers.NumberParseException:
            return digits
    return digits.lstrip("0") or digits


@dataclass
class Vault:
    """Placeholders issued in one conversation, with a counter per entity type."""

    entries: dict[str, str] = field(default_factory=dict)
    counters: dict[str, int] = field(default_factory=dict)
    _index: dict[tuple[str, str], str] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        for placeholder, value in self.entries.items():
            match = PLACEHOLDER_RE.fullmatch(placeholder)
            if match:
                entity_type = match.group(1)
                self._index.setdefault((entity_type, normalise(entity_type, value)), placeholder)

    def __repr__(self) -> str:
        return f"Vault({len(self.entries)} placeholders: {dict(sorted(self.counters.items()))})"

    def placeholder_for(self, entity_type: str, value: str) -> str:
        """The placeholder of `value`, issuing the next one of its type the first time."""
        key = (entity_type, normalise(entity_type, value))
        existing = self._index.get(key)
        if existing is not None:
            return existing
        number = self.counters.get(entity_type, 0) + 1
        placeholder = make_placeholder(entity_type, number)
        while placeholder in self.entries:  # a hand-edited state must never lose a value
            number += 1
            placeholder = make_placeholder(entity_type, number)
        self.counters[entity_type] = number
        self.entries[placeholder] = value
        self._index[key] = placeholder
        return placeholder

    def value_of(self, placeholder: str) -> str | None:
        return self.entries.get(placeholder)

    def values_by_type(self, entity_type: str) -> list[str]:
        """Values of one type in the order they were first seen (for tools: order look-ups)."""
        found = []
        for placeholder, value in self.entries.items():
            match = PLACEHOLDER_RE.fullmatch(placeholder)
            if match and match.group(1) == entity_type:
                found.append((int(match.group(2)), value))
        return [value for _, value in sorted(found)]

    def copy(self) -> Vault:
        return Vault(entries=dict(self.entries), counters=dict(self.counters))

    def to_dict(self) -> dict[str, Any]:
        return {"entries": dict(self.entries), "counters": dict(self.counters)}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Vault:
        """Rebuild from `to_dict()` output; anything malformed is skipped, never raised."""
        if not isinstance(data, dict):
            return cls()
        raw_entries = data.get("entries") or {}
        raw_counters = data.get("counters") or {}
        entries = {
            str(k): str(v)
            for k, v in (raw_entries.items() if isinstance(raw_entries, dict) else [])
            if PLACEHOLDER_RE.fullmatch(str(k))
        }
        counters: dict[str, int] = {}
        if isinstance(raw_counters, dict):
            for k, v in raw_counters.items():
                if isinstance(v, int) and v >= 0:
                    counters[str(k)] = v
        # Counters must never fall behind issued placeholders, or a number would be reused.
        for placeholder in entries:
            match = PLACEHOLDER_RE.fullmatch(placeholder)
            if match:
                kind, number = match.group(1), int(match.group(2))
                counters[kind] = max(counters.get(kind, 0), number)
        return cls(entries=entries, counters=counters)
