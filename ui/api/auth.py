"""Who is calling, what they may do, and how often: one dependency per endpoint.

Two kinds of callers:
- a shop's server with an API key (`Authorization: Bearer sdk_...` or `X-API-Key`); its scopes
  are the key's, stored with it;
- a person signed in to the chat app: Chainlit's login token (the `access_token` cookie or
  `Authorization: Bearer <token>`), verified with the secret Chainlit signs it with. The token
  only says who; the role, and so the scopes, are read from the database on every request
  (ui/auth.py), never taken from the token's metadata or from anything the client sends.

A credential that is presented but wrong is refused (401), never skipped in favour of another.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Literal

import jwt
from fastapi import Depends, Request
from fastapi.security import APIKeyCookie, APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from supportdesk.turns import Session
from ui.api.context import ApiState, api_state
from ui.api.errors import ApiError
from ui.api.keys import ApiKeyRecord, looks_like_key
from ui.auth import Principal, principal_for

CallerKind = Literal["api_key", "customer", "agent", "guest"]
SESSION_COOKIE = "access_token"  # Chainlit's default cookie name (CHAINLIT_AUTH_COOKIE_NAME)

bearer_scheme = HTTPBearer(
    auto_error=False,
    scheme_name="bearer",
    description="An API key (`sdk_...`) or the login token of the chat app.",
)
key_header_scheme = APIKeyHeader(
    name="X-API-Key", auto_error=False, scheme_name="apiKey", description="An API key."
)
cookie_scheme = APIKeyCookie(
    name=SESSION_COOKIE,
    auto_error=False,
    scheme_name="session",
    description="The chat app's login cookie (customers and agents signed in to the app).",
)


@dataclass(frozen=True)
class Caller:
    kind: CallerKind
    label: str  # the key's name, or "customer"/"agent": safe for logs, never an email
    scopes: frozenset[str]
    rate_key: str
    rate_limit: int | None = None  # None: the settings' default
    principal: Principal | None = None  # for people signed in to the app
    key: ApiKeyRecord | None = None

    @property
    def customer_id(self) -> str | None:
        return self.principal.customer_id if self.principal else None

    @property
    def agent_id(self) -> str | None:
        return self.principal.agent_id if self.principal else None

    def chat_session(self) -> Session:
        """The conversation session: a customer's identity from their login; an API key
        speaks for the shop's front end, so for a guest."""
        if self.principal is not None and self.principal.role == "customer":
            base = self.principal.session()
            return Session(base.customer_id, base.customer_name, base.market, channel="api")
        return Session(channel="api")


def session_scopes(principal: Principal) -> frozenset[str]:
    """What a signed-in person may do through the API, from their role in the database."""
    if principal.role == "customer":
        return frozenset({"chat:write"})
    if principal.role == "agent":
        if principal.may_act:
            return frozenset({"escalations:read", "escalations:write"})
        return frozenset({"escalations:read"})  # QA reads the queue but does not answer
    return frozenset()  # a guest login owns no conversation the API could check


async def _from_key(state: ApiState, key: str) -> Caller:
    record = await asyncio.to_thread(state.keys().verify, key)
    if record is None:
        raise ApiError(401, "This API key is not valid (unknown or revoked).")
    return Caller(
        kind="api_key",
        label=record.name,
        scopes=frozenset(record.scopes),
        rate_key=f"key:{record.id}",
        rate_limit=record.rate_limit_per_minute,
        key=record,
    )


async def _from_session(state: ApiState, token: str) -> Caller:
    try:
        claims = jwt.decode(
            token, state.session_secret, algorithms=["HS256"], options={"require": ["exp"]}
        )
    except jwt.ExpiredSignatureError:
        raise ApiError(401, "Your session has expired; sign in again.") from None
    except jwt.PyJWTError:
        raise ApiError(401, "The session token is not valid; sign in again.") from None
    identifier = claims.get("identifier")
    db = state.runtime().db
    principal = await asyncio.to_thread(
        principal_for, db, identifier if isinstance(identifier, str) else None
    )
    if principal is None:
        raise ApiError(401, "The account of this session no longer exists; sign in again.")
    digest = hashlib.sha256(principal.identifier.encode()).hexdigest()[:24]
    return Caller(
        kind=principal.role,
        label=principal.role,
        scopes=session_scopes(principal),
        rate_key=f"session:{digest}",
        principal=principal,
    )


def _session_token(request: Request) -> str | None:
    cookies = request.cookies
    if token := cookies.get(SESSION_COOKIE):
        return token
    # Chainlit splits a long token over access_token_0, access_token_1, ...
    parts: list[str] = []
    while (part := cookies.get(f"{SESSION_COOKIE}_{len(parts)}")) is not None:
        parts.append(part)
    return "".join(parts) or None


async def _identify(
    request: Request,
    bearer: HTTPAuthorizationCredentials | None,
    header_key: str | None,
    sessions: bool,
) -> Caller:
    state = api_state(request)
    if header_key:
        return await _from_key(state, header_key)
    if bearer is not None and bearer.credentials:
        token = bearer.credentials
        if looks_like_key(token):
            return await _from_key(state, token)
        if not sessions:
            raise ApiError(401, "This endpoint takes an API key (Bearer sdk_... or X-API-Key).")
        return await _from_session(state, token)
    cookie_token = _session_token(request) if sessions else None
    if cookie_token:
        return await _from_session(state, cookie_token)
    expected = "an API key or a signed-in session" if sessions else "an API key"
    raise ApiError(401, f"Authentication required: send {expected}.")


async def _admit(request: Request, caller: Caller, scope: str) -> Caller:
    if scope not in caller.scopes:
        if caller.kind == "api_key":
            message = f"This API key lacks the scope {scope}."
        else:
            message = f"Your account may not do this ({scope} is needed)."
        raise ApiError(403, message, extra={"required_scope": scope})
    state = api_state(request)
    limit = caller.rate_limit or state.settings.api_rate_limit_per_minute
    decision = await state.limiter.hit(caller.rate_key, limit)
    if not decision.allowed:
        raise ApiError(
            429,
            f"Too many requests: {limit} a minute are allowed; retry in {decision.retry_after} s.",
            headers={"Retry-After": str(decision.retry_after)},
            extra={"retry_after_seconds": decision.retry_after},
        )
    return caller


def key_caller(scope: str) -> Callable[..., Awaitable[Caller]]:
    """Dependency for server-to-server endpoints: an API key with `scope`."""

    async def dependency(
        request: Request,
        bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
        header_key: Annotated[str | None, Depends(key_header_scheme)],
    ) -> Caller:
        caller = await _identify(request, bearer, header_key, sessions=False)
        return await _admit(request, caller, scope)

    return dependency


def any_caller(scope: str) -> Callable[..., Awaitable[Caller]]:
    """Dependency for endpoints open to API keys and signed-in people alike."""

    async def dependency(
        request: Request,
        bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
        header_key: Annotated[str | None, Depends(key_header_scheme)],
        cookie: Annotated[str | None, Depends(cookie_scheme)],
    ) -> Caller:
        del cookie  # declared for the OpenAPI document; chunked cookies are read below too
        caller = await _identify(request, bearer, header_key, sessions=True)
        return await _admit(request, caller, scope)

    return dependency
