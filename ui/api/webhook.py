"""Inbound helpdesk webhook: Zendesk's ticket-created event, mapped onto the ticket path.

Zendesk posts `{"type": "zen:event-type:ticket.created", "id": ..., "detail": {...}}` where
`detail` is the ticket (id, subject, description, via.channel, requester_id, tags ...). The event
names the requester by id only, so the webhook's trigger must add the requester's address as
`detail.requester.email` (Zendesk placeholder `{{ticket.requester.email}}`); attachments use
Zendesk's own attachment fields (file_name, content_type, size). Other event types are
acknowledged and ignored, so a webhook subscribed to more events does not retry them forever.

Zendesk may deliver an event more than once: the idempotency key is the Zendesk ticket id, so a
redelivery returns the ticket made the first time. Authenticate the webhook with an API key
(Zendesk's "Bearer token" or "API key" webhook authentication, header X-API-Key).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from tickets.models import AttachmentMeta, TicketIn
from ui.api.auth import Caller, key_caller
from ui.api.context import api_state
from ui.api.errors import ApiError
from ui.api.responses import KEY_ERRORS, errors
from ui.api.schemas import EMAIL_PATTERN, MAX_BODY, MAX_SUBJECT, WebhookResult, ticket_json
from ui.api.tickets import submit

router = APIRouter(tags=["webhooks"])

SOURCE = "webhook:zendesk"
TICKET_CREATED = "zen:event-type:ticket.created"


class _Loose(BaseModel):
    model_config = ConfigDict(extra="allow")  # Zendesk adds fields over time


class ZendeskRequester(_Loose):
    email: str = Field(max_length=254, pattern=EMAIL_PATTERN)
    name: str | None = None


class ZendeskVia(_Loose):
    channel: str | None = None


class ZendeskAttachment(_Loose):
    file_name: str = Field(min_length=1, max_length=255)
    content_type: str = Field(default="application/octet-stream", max_length=127)
    size: int = Field(default=0, ge=0)


class ZendeskTicket(_Loose):
    id: str | int
    subject: str | None = None
    description: str | None = None
    requester: ZendeskRequester | None = Field(
        default=None, description="Added by the trigger: {{ticket.requester.email}}."
    )
    via: ZendeskVia | None = None
    order_number: str | None = Field(default=None, max_length=40)
    attachments: list[ZendeskAttachment] = Field(default_factory=list, max_length=50)


class ZendeskEvent(_Loose):
    type: str
    id: str | None = None
    detail: ZendeskTicket | None = None


@dataclass(frozen=True)
class Mapped:
    status: Literal["ticket", "ignored", "invalid"]
    ticket: TicketIn | None = None
    detail: str = ""
    field: str | None = None


def map_zendesk(event: ZendeskEvent) -> Mapped:
    """The ticket a Zendesk event asks for, or why there is none."""
    if event.type != TICKET_CREATED:
        return Mapped("ignored", detail=f"Only {TICKET_CREATED} events create tickets.")
    detail = event.detail
    if detail is None:
        return Mapped("invalid", detail="detail: is required", field="detail")
    if detail.requester is None:
        return Mapped(
            "invalid",
            detail="detail.requester.email: is required; Zendesk's event names the requester "
            "by id only, so add {{ticket.requester.email}} to the webhook's trigger body.",
            field="detail.requester.email",
        )
    body = (detail.description or "").strip()
    if not body:
        return Mapped("invalid", detail="detail.description: is empty", field="detail.description")
    via = (detail.via.channel if detail.via else None) or ""
    ticket = TicketIn(
        channel="email" if via.lower() == "email" else "form",
        subject=(detail.subject or "").strip()[:MAX_SUBJECT] or "(no subject)",
        body=body[:MAX_BODY],  # a long email still deserves an answer: keep its start
        sender_email=detail.requester.email.strip(),
        order_number=(detail.order_number or "").strip() or None,
        attachments=tuple(
            AttachmentMeta(a.file_name, a.content_type, a.size) for a in detail.attachments
        ),
        idempotency_key=f"zendesk-ticket-{detail.id}",
        source=SOURCE,
    )
    return Mapped("ticket", ticket)


@router.post(
    "/webhooks/zendesk",
    status_code=202,
    response_model=WebhookResult,
    summary="Zendesk ticket-created webhook",
    responses={
        200: {"model": WebhookResult, "description": "A redelivery, or an event type ignored."},
        202: {"description": "Queued as a ticket."},
        **errors(*KEY_ERRORS, 409, 413, 422, 503),
    },
)
async def zendesk_webhook(
    event: ZendeskEvent,
    request: Request,
    response: Response,
    caller: Annotated[Caller, Depends(key_caller("tickets:write"))],
) -> dict[str, Any]:
    del caller  # admitted; the source is the helpdesk, whichever key it authenticates with
    mapped = map_zendesk(event)
    if mapped.status == "ignored":
        response.status_code = 200
        return {"status": "ignored", "detail": mapped.detail, "ticket": None}
    if mapped.ticket is None:
        raise ApiError(422, mapped.detail, extra={"field": mapped.field})
    result = await submit(api_state(request), mapped.ticket)
    if not result.created:
        response.status_code = 200
        return {
            "status": "duplicate",
            "detail": "This Zendesk ticket was received before; nothing new was queued.",
            "ticket": ticket_json(result.ticket),
        }
    return {"status": "queued", "detail": "Queued.", "ticket": ticket_json(result.ticket)}
