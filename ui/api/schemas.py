"""Request and response bodies of the HTTP API (they are the OpenAPI document's schemas)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

# Plain limits a person can act on; the body size limit (413) caps everything as well.
MAX_SUBJECT = 300
MAX_BODY = 20_000
MAX_MESSAGE = 4_000
MAX_ATTACHMENTS = 20
# A deliberately loose check (one @, a dot in the domain): the shop's mail system is the judge.
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ErrorDetail(BaseModel):
    code: str = Field(description="Stable machine-readable code, e.g. rate_limited.")
    message: str = Field(description="What went wrong and what to do, in plain words.")
    field: str | None = Field(default=None, description="The offending field (422 only).")


class ErrorResponse(BaseModel):
    error: ErrorDetail


class Attachment(_Strict):
    filename: str = Field(min_length=1, max_length=255)
    content_type: str = Field(min_length=3, max_length=127, pattern=r"^[\w.+-]+/[\w.+-]+$")
    size_bytes: int = Field(ge=0, le=50_000_000)


class TicketCreate(_Strict):
    channel: Literal["email", "form"]
    subject: str = Field(min_length=1, max_length=MAX_SUBJECT)
    body: str = Field(min_length=1, max_length=MAX_BODY)
    sender_email: str = Field(max_length=254, pattern=EMAIL_PATTERN)
    order_number: str | None = Field(default=None, max_length=40)
    attachments: list[Attachment] = Field(
        default_factory=list,
        max_length=MAX_ATTACHMENTS,
        description="Metadata only; the files stay with the shop.",
    )
    idempotency_key: str | None = Field(
        default=None,
        min_length=1,
        max_length=200,
        description="Repeat a request with the same key and it returns the first ticket "
        "instead of creating another. May also be sent as the Idempotency-Key header.",
    )

    @field_validator("order_number")
    @classmethod
    def _blank_order(cls, value: str | None) -> str | None:
        return value or None


class Ticket(BaseModel):
    id: str
    status: Literal[
        "queued", "processing", "answered", "waiting_for_agent", "resolved", "dead_letter"
    ]
    channel: str
    subject: str
    sender_email: str
    created_at: datetime
    updated_at: datetime
    route: str | None
    intent: str | None
    reply: str | None = Field(description="The text sent to the customer, once answered.")
    attempts: int
    conversation_id: str | None
    error: str | None = Field(description="The error type, for a ticket that gave up.")
    escalation_id: str | None


class WebhookResult(BaseModel):
    status: Literal["queued", "duplicate", "ignored"]
    detail: str
    ticket: Ticket | None = None


class ChatMessage(_Strict):
    message: str = Field(min_length=1, max_length=MAX_MESSAGE)


class EscalationSummary(BaseModel):
    id: str
    conversation_id: str
    queue: str
    reason: str
    intent: str | None
    confidence: float | None
    status: str
    created_at: datetime


class EscalationList(BaseModel):
    counts: dict[str, int] = Field(description="Waiting cases per queue.")
    escalations: list[EscalationSummary]


class EscalationCard(BaseModel):
    """The hand-off packet as an agent sees it: real values restored."""

    model_config = ConfigDict(extra="allow")
    escalation_id: str
    status: str
    created_at: str


class ResumeRequest(_Strict):
    decision: Literal["approve", "edit", "reassign", "takeover", "reject"]
    text: str | None = Field(default=None, max_length=MAX_BODY, description="edit: final text.")
    intent: str | None = Field(default=None, max_length=40, description="reassign: the intent.")
    reason: str | None = Field(default=None, max_length=1000, description="reject: why.")
    agent_email: str | None = Field(
        default=None,
        max_length=254,
        pattern=EMAIL_PATTERN,
        description="API keys only: the agent who decided, for the record. A signed-in agent "
        "always acts as themselves.",
    )


class ResumeResponse(BaseModel):
    status: Literal["resumed"]
    decision: str
    conversation_id: str
    sent_text: str | None = Field(description="What the customer received, if anything.")
    new_escalation_id: str | None = Field(description="reassign: the re-drafted case.")
    new_draft: str | None


class HandBackResponse(BaseModel):
    conversation_id: str
    handed_back: Literal[True]


def ticket_json(view: Any) -> dict[str, Any]:
    """A TicketView as the API shows it."""
    data: dict[str, Any] = view.to_json()
    return {name: data.get(name) for name in Ticket.model_fields}
