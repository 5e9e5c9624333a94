"""What a turn or a resume returns to its caller (chat UI, API, CLI), and the session it ran in."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from nlp.pii import Vault
from nlp.pii.unmask import unmask
from store.database import Database
from tools.identity import SessionIdentity


@dataclass(frozen=True)
class Session:
    """Who is writing, as the login says. A guest has no customer id."""

    customer_id: str | None = None
    customer_name: str | None = None
    market: str | None = None
    channel: str = "chat"

    def identity(self) -> SessionIdentity:
        return SessionIdentity(customer_id=self.customer_id, market=self.market)

    @classmethod
    def for_customer_email(
        cls, db: Database, email: str, *, channel: str = "chat"
    ) -> Session | None:
        with db.connect() as conn:
            row = conn.execute(
                "SELECT id, full_name, market FROM customers WHERE lower(email) = lower(%s)",
                (email.strip(),),
            ).fetchone()
        if row is None:
            return None
        return cls(str(row["id"]), str(row["full_name"]), str(row["market"]), channel)


@dataclass
class TurnTimer:
    """Times one turn from message received to first token and to the end; keeps the tokens."""

    on_token: Callable[[str], None] | None = None
    started: float = field(default_factory=time.perf_counter)
    first_token_at: float | None = None
    streamed: list[str] = field(default_factory=list)

    def token(self, text: str) -> None:
        if self.first_token_at is None:
            self.first_token_at = time.perf_counter()
        self.streamed.append(text)
        if self.on_token is not None:
            self.on_token(text)

    def ttft_ms(self) -> float | None:
        if self.first_token_at is None:
            return None
        return round((self.first_token_at - self.started) * 1000, 2)

    def elapsed_ms(self) -> float:
        return round((time.perf_counter() - self.started) * 1000, 2)


@dataclass(frozen=True)
class TurnResult:
    conversation_id: str
    route: str  # a gate route, or taken_over / waiting_agent / error
    reason: str
    intent: str | None
    confidence: float | None
    text: str  # what the customer saw: the reply, the hand-off sentence or an apology
    citations: list[dict[str, Any]]
    escalation_id: str | None
    packet: dict[str, Any] | None  # masked hand-off packet (escalations only)
    ttft_ms: float | None
    total_ms: float
    retrieval: dict[str, Any]

    @property
    def escalated(self) -> bool:
        return self.escalation_id is not None and self.route not in ("auto_reply", "error")

    def to_record(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_state(
        cls, conversation_id: str, values: dict[str, Any], timer: TurnTimer
    ) -> TurnResult:
        decision = values.get("decision") or {}
        reply = values.get("reply") or {}
        escalated = decision.get("route") not in (None, "auto_reply", "taken_over")
        return cls(
            conversation_id=conversation_id,
            route=str(decision.get("route") or "unknown"),
            reason=str(decision.get("reason") or ""),
            intent=values.get("intent"),
            confidence=values.get("confidence"),
            text="".join(timer.streamed),
            citations=list(reply.get("citations") or []),
            escalation_id=values.get("escalation_id") if escalated else None,
            packet=None,
            ttft_ms=timer.ttft_ms(),
            total_ms=timer.elapsed_ms(),
            retrieval=dict(values.get("retrieval") or {}),
        )


def error_result(conversation_id: str, timer: TurnTimer, reason: str, text: str) -> TurnResult:
    timer.token(text)
    return TurnResult(
        conversation_id=conversation_id,
        route="error",
        reason=reason,
        intent=None,
        confidence=None,
        text=text,
        citations=[],
        escalation_id=None,
        packet=None,
        ttft_ms=timer.ttft_ms(),
        total_ms=timer.elapsed_ms(),
        retrieval={},
    )


@dataclass(frozen=True)
class ResumeResult:
    status: Literal["resumed", "already_handled", "not_found", "invalid", "error"]
    detail: str = ""
    conversation_id: str | None = None
    action: str | None = None
    sent_text: str | None = None
    new_escalation_id: str | None = None  # after a reassignment: the re-drafted case
    new_draft: str | None = None

    def to_record(self) -> dict[str, Any]:
        return asdict(self)


_TEXT_FIELDS = ("summary", "customer_message", "text", "title")


def unmask_packet(packet: Any, vault: Vault) -> Any:
    """The same packet with placeholders in its text fields replaced by real values."""
    if isinstance(packet, dict):
        out: dict[str, Any] = {}
        for key, value in packet.items():
            if isinstance(value, str) and key in (*_TEXT_FIELDS, "order_ref"):
                out[key] = unmask(value, vault).text
            else:
                out[key] = unmask_packet(value, vault)
        return out
    if isinstance(packet, list):
        return [unmask_packet(item, vault) for item in packet]
    return packet
