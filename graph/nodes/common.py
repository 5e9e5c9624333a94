"""Small helpers several nodes share: reading session values out of the state."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from graph.state import Role, SupportState, TranscriptEntry
from nlp.pii import Vault
from nlp.sentiment.analyse import Sentiment
from nlp.signals import EscalationSignals
from nlp.understand import CustomerContext
from tools.facts import Fact
from tools.identity import SessionIdentity

SKU_PATTERN = re.compile(r"\b(?:FUR|LGT|KIT|BED|DEC)-\d{4}\b", re.IGNORECASE)
_CHUNK = re.compile(r"\S+\s*|\s+")


def entry(role: Role, text: str) -> TranscriptEntry:
    return {"role": role, "text": text, "at": datetime.now(UTC).isoformat()}


def vault_of(state: SupportState) -> Vault:
    return Vault.from_dict(state.get("vault"))


def identity_of(state: SupportState) -> SessionIdentity:
    return SessionIdentity.from_record(state.get("identity"))


def customer_of(state: SupportState) -> CustomerContext:
    identity = identity_of(state)
    return CustomerContext(identity.customer_id, state.get("customer_name"), state.get("market"))


def facts_of(state: SupportState) -> list[Fact]:
    return [Fact.from_record(record) for record in state.get("facts") or []]


def history_of(state: SupportState) -> list[tuple[str, str]]:
    """The conversation before this message (masked), newest last, for an LLM prompt."""
    return [(e["role"], e["text"]) for e in (state.get("transcript") or [])[-8:-1]]


def sentiment_of(understanding: dict[str, Any]) -> Sentiment:
    record = understanding.get("sentiment") or {}
    return Sentiment(
        polarity=float(record.get("polarity", 0.0)),
        anger=float(record.get("anger", 0.0)),
        urgency=float(record.get("urgency", 0.0)),
        angry=bool(record.get("angry", False)),
        urgent=bool(record.get("urgent", False)),
        cues=tuple(record.get("cues") or ()),
    )


def token_chunks(text: str) -> list[str]:
    """Word-sized pieces for streaming: what a customer sees appear, in order, nothing lost."""
    return _CHUNK.findall(text)


def signals_record(signals: EscalationSignals) -> dict[str, Any]:
    return {
        "score": signals.score,
        "high_value": signals.high_value,
        "order_value": str(signals.order_value) if signals.order_value is not None else None,
        "currency": signals.currency,
        "recent_contacts": signals.recent_contacts,
        "repeat_contact": signals.repeat_contact,
        "keywords": list(signals.keywords),
        "reasons": list(signals.reasons),
    }
