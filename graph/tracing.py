"""LangSmith tracing that never carries personal data.

Tracing is off unless LANGSMITH_API_KEY is set. When on, every traced input and output passes
through `scrub`, which drops the state's private fields (the raw message, the cleaned text, the
vault, the customer's name) wherever they appear; what remains is masked text and records.
"""

from __future__ import annotations

import re
from typing import Any

from supportdesk.settings import Settings

PRIVATE_KEYS = frozenset({"incoming", "clean_text", "vault", "customer_name", "entries"})
REDACTED = "[private: not traced]"
# Source ids and the order in focus carry real order numbers ("order:HR-204813"), which the
# masker treats as personal data: traces get them with the digits hidden.
_ORDER_NUMBER = re.compile(r"\bHR-\d{6}\b", re.IGNORECASE)


def scrub(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            key: (REDACTED if key in PRIVATE_KEYS else scrub(item)) for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [scrub(item) for item in value]
    if isinstance(value, str):
        return _ORDER_NUMBER.sub("HR-******", value)
    return value


def tracing_callbacks(settings: Settings) -> list[Any]:
    """The callbacks to pass in each run's config: a scrubbing LangSmith tracer, or none."""
    if settings.langsmith_api_key is None:
        return []
    from langchain_core.tracers.langchain import LangChainTracer
    from langsmith import Client

    client = Client(
        api_key=settings.langsmith_api_key.get_secret_value(),
        hide_inputs=scrub,
        hide_outputs=scrub,
    )
    return [LangChainTracer(client=client, project_name=settings.langsmith_project)]
