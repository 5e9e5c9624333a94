"""Tickets over HTTP: submit an email or form ticket (idempotently), read its state back.

The ticket service (tickets/service.py) owns the work: it stores the ticket once per
(source, idempotency key) and answers it in the background. The source is the API key's name,
so two shops (two keys) can use the same idempotency keys without meeting.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, Header, Path, Request, Response

from supportdesk.errors import SupportdeskError
from tickets.errors import IdempotencyConflict, InvalidTicketError
from tickets.models import AttachmentMeta, SubmitResult, TicketIn
from ui.api.auth import Caller, key_caller
from ui.api.context import ApiState, api_state
from ui.api.errors import ApiError
from ui.api.responses import KEY_ERRORS, errors
from ui.api.schemas import Ticket, TicketCreate, ticket_json

if TYPE_CHECKING:
    from tickets.service import TicketService

router = APIRouter(tags=["tickets"])


def ticket_service(state: ApiState) -> TicketService:
    service = state.runtime().tickets
    if service is None:
        raise ApiError(503, "Ticket intake is not running in this process; try again shortly.")
    return service


async def submit(state: ApiState, ticket: TicketIn) -> SubmitResult:
    """Hand a ticket to the service; its refusals become 409 and 422 answers."""
    try:
        result = await ticket_service(state).submit(ticket)
    except IdempotencyConflict as exc:
        raise ApiError(409, _plain(exc), code="idempotency_conflict") from None
    except InvalidTicketError as exc:
        raise ApiError(422, _plain(exc)) from None
    return result


def _plain(exc: SupportdeskError) -> str:
    return f"{exc.message} {exc.hint}".strip()


@router.post(
    "/tickets",
    status_code=202,
    response_model=Ticket,
    summary="Submit an email or form ticket",
    responses={
        200: {"model": Ticket, "description": "This idempotency key was seen: the first ticket."},
        202: {"description": "Queued: the assistant answers it in the background."},
        **errors(*KEY_ERRORS, 409, 413, 422, 503),
    },
)
async def create_ticket(
    body: TicketCreate,
    request: Request,
    response: Response,
    caller: Annotated[Caller, Depends(key_caller("tickets:write"))],
    idempotency_header: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            max_length=200,
            description="The idempotency key, if not given in the body.",
        ),
    ] = None,
) -> dict[str, Any]:
    key = _idempotency_key(body.idempotency_key, idempotency_header)
    ticket = TicketIn(
        channel=body.channel,
        subject=body.subject,
        body=body.body,
        sender_email=body.sender_email,
        order_number=body.order_number,
        attachments=tuple(
            AttachmentMeta(a.filename, a.content_type, a.size_bytes) for a in body.attachments
        ),
        idempotency_key=key,
        source=caller.label,
    )
    result = await submit(api_state(request), ticket)
    response.headers["Location"] = (
        f"{request.scope.get('root_path', '')}/tickets/{result.ticket.id}"
    )
    if not result.created:
        response.status_code = 200
        response.headers["Idempotent-Replayed"] = "true"
    return ticket_json(result.ticket)


def _idempotency_key(in_body: str | None, in_header: str | None) -> str:
    header = (in_header or "").strip() or None
    if in_body and header and in_body != header:
        raise ApiError(
            422,
            "idempotency_key: the body and the Idempotency-Key header disagree; send one.",
            extra={"field": "idempotency_key"},
        )
    key = in_body or header
    if not key:
        raise ApiError(
            422,
            "idempotency_key: is required (in the body or the Idempotency-Key header), so that "
            "a retried request never creates a second ticket.",
            extra={"field": "idempotency_key"},
        )
    return key


@router.get(
    "/tickets/{ticket_id}",
    response_model=Ticket,
    summary="A ticket's state and, once answered, the reply",
    responses=errors(*KEY_ERRORS, 404, 422, 503),
)
async def get_ticket(
    ticket_id: Annotated[str, Path(max_length=100, description="The ticket's id.")],
    request: Request,
    caller: Annotated[Caller, Depends(key_caller("tickets:read"))],
) -> dict[str, Any]:
    del caller  # admitted: any key with tickets:read reads the shop's tickets
    view = await ticket_service(api_state(request)).get(ticket_id)
    if view is None:
        raise ApiError(404, "No ticket has this id.")
    return ticket_json(view)
