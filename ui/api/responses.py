"""The error responses each route documents in the OpenAPI document, in one place."""

from __future__ import annotations

from typing import Any

from ui.api.schemas import ErrorResponse

DESCRIPTIONS = {
    401: "No credential, or one that is not valid.",
    403: "The caller's key or role lacks the scope this endpoint needs.",
    404: "Nothing with this id (or nothing the caller may see).",
    409: "Conflicts with what happened before (a reused key, a case already handled).",
    413: "The request body is over the size limit.",
    422: "The request is not valid; `error.field` names the field.",
    429: "Over the caller's rate limit; retry after `Retry-After` seconds.",
    500: "An unexpected failure on the server.",
    503: "The service is starting, stopping or cannot reach what it needs.",
}
# Every authenticated endpoint can answer these.
KEY_ERRORS = (401, 403, 429, 500)


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {
        status: {"model": ErrorResponse, "description": DESCRIPTIONS[status]}
        for status in sorted(set(statuses))
    }


def json_errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The same, for a route whose success is not JSON (the SSE stream): FastAPI would file a
    `model` under the route's own media type, but errors are always JSON. (The schema is
    registered by the routes that use `errors`; the OpenAPI test checks every $ref resolves.)"""
    schema = {"$ref": "#/components/schemas/ErrorResponse"}
    return {
        status: {
            "description": DESCRIPTIONS[status],
            "content": {"application/json": {"schema": schema}},
        }
        for status in sorted(set(statuses))
    }
