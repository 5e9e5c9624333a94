"""What the API routes share: the process runtime (database, assistant, ticket service), the
rate limiter and the settings. Routes reach it through `api_state(request)`.

The runtime is looked up on each request rather than captured at start-up: the API is created
before Chainlit's start-up hook opens the runtime, and tests hand in a runtime of their own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from fastapi import Request

from supportdesk.settings import Settings
from ui.api.errors import ApiError
from ui.api.keys import ApiKeyStore
from ui.api.limits import RateLimiter
from ui.runtime import Runtime


@dataclass
class ApiState:
    settings: Settings
    runtime_of: Callable[[], Runtime]
    limiter: RateLimiter

    def runtime(self) -> Runtime:
        try:
            return self.runtime_of()
        except Exception:  # not started (yet, or any more): the process cannot serve now
            raise ApiError(503, "The service is starting or stopping; try again shortly.") from None

    @cached_property
    def session_secret(self) -> str:
        """The key Chainlit signs login tokens with (the same source ui/serve.py uses)."""
        configured = self.settings.chainlit_auth_secret
        if configured is not None:
            return configured.get_secret_value()
        from ui.serve import auth_secret

        return auth_secret(self.settings.data_dir)

    def keys(self) -> ApiKeyStore:
        return ApiKeyStore(self.runtime().db)


def api_state(request: Request) -> ApiState:
    state: ApiState = request.app.state.api
    return state
