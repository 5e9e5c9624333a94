"""What a ticket is, as the HTTP API submits it and reads it back (the shared interface)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any, Literal, get_args

TicketChannel = Literal["email", "form"]
TicketStatus = Literal[
    "queued", "processing", "answered", "waiting_for_agent", "resolved", "dead_letter"
]
TICKET_CHANNELS: tuple[str, ...] = get_args(TicketChannel)
TICKET_STATUSES: tuple[str, ...] = get_args(TicketStatus)
# States a ticket never leaves by itself (waiting_for_agent moves on when an agent replies).
FINAL_STATUSES = ("answered", "resolved", "dead_letter")


@dataclass(frozen=True)
class AttachmentMeta:
    filename: str
    content_type: str
    size_bytes: int


@dataclass(frozen=True)
class TicketIn:
    channel: TicketChannel
    subject: str
    body: str
    sender_email: str
    order_number: str | None
    attachments: tuple[AttachmentMeta, ...]
    idempotency_key: str
    source: str  # who submitted: the API key's name, or "webhook:zendesk"

    def payload_hash(self) -> str:
        """Fingerprint of the content, so a repeated key with other content is caught."""
        content = {
            "channel": self.channel,
            "subject": self.subject,
            "body": self.body,
            "sender_email": self.sender_email.strip().lower(),
            "order_number": self.order_number,
            "attachments": [asdict(a) for a in self.attachments],
        }
        return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


@dataclass(frozen=True)
class TicketView:
    id: str
    status: TicketStatus
    channel: str
    subject: str
    sender_email: str
    created_at: datetime
    updated_at: datetime
    route: str | None
    intent: str | None
    reply: str | None  # the text sent to the customer, unmasked, once answered or resolved
    attempts: int
    conversation_id: str | None
    error: str | None  # an error TYPE name only (the last failed attempt's; kept for dead_letter)
    escalation_id: str | None

    def to_json(self) -> dict[str, Any]:
        record = asdict(self)
        record["created_at"] = self.created_at.isoformat()
        record["updated_at"] = self.updated_at.isoformat()
        return record


@dataclass(frozen=True)
class SubmitResult:
    ticket: TicketView
    created: bool


@dataclass(frozen=True)
class TicketWork:
    """What a worker needs to process one ticket (the row as claimed, content included)."""

    id: str
    channel: TicketChannel
    subject: str
    body: str
    sender_email: str
    order_number: str | None
    attempts: int
    lease_token: str
    intent: str | None


@dataclass(frozen=True)
class TurnOutcome:
    """How one successful attempt ended: answered by the assistant, or with an agent."""

    status: Literal["answered", "waiting_for_agent"]
    route: str
    intent: str | None
    reply: str | None  # unmasked, only when answered
    escalation_id: str | None


def reply_subject(subject: str) -> str:
    """ "Re: <subject>", without stacking a second "Re:" on a reply to a reply."""
    clean = subject.strip() or "Your message"
    return clean if clean.lower().startswith("re:") else f"Re: {clean}"
