"""The LLM drafter: a reply written by a chat model, grounded only on the facts it is given.

Any OpenAI-compatible endpoint works (OpenAI, Azure, vLLM, Ollama, the local stub) through
`ChatOpenAI`. The model sees masked text only: the facts' titles and masked sentences under
citation keys, the masked conversation, the masked message. Tokens are streamed to `on_token`
as they arrive, with the citation markers already removed; whether a customer ever sees them is
the graph's decision (the gate runs before anything is shown).

Every expected failure (timeout, HTTP error, garbage, an empty answer) comes back as an
`LlmFailure`, so the graph can fall back to the template drafter; `draft` never raises.
"""

from __future__ import annotations

import asyncio
import inspect
import json
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import openai
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_openai import ChatOpenAI
from pydantic import SecretStr
from pydantic import ValidationError as PydanticValidationError

from drafting.llm_prompt import (
    WITHHELD,
    CitationFilter,
    parse_citations,
    render_draft_prompt,
    strip_citations,
)
from drafting.promises import promise_kinds
from drafting.types import Draft
from supportdesk.errors import ConfigurationError
from supportdesk.settings import Settings
from tools.facts import Fact

OPENAI_BASE_URL = "https://api.openai.com/v1"
# Local OpenAI-compatible servers ignore the key, but the client insists on one.
PLACEHOLDER_API_KEY = "no-key-needed"
MAX_RETRIES = 1

FailureKind = Literal["timeout", "error", "malformed", "empty"]
TokenCallback = Callable[[str], Awaitable[None] | None]


@dataclass(frozen=True)
class LlmFailure:
    """Why the model produced no usable answer. `detail` names the error type and its message
    (the endpoint's words, never the prompt)."""

    kind: FailureKind
    detail: str

    def to_record(self) -> dict[str, Any]:
        return {"kind": self.kind, "detail": self.detail}


_MALFORMED = (
    json.JSONDecodeError,
    openai.APIResponseValidationError,
    PydanticValidationError,
    KeyError,
    TypeError,
    AttributeError,
    IndexError,
    ValueError,
)


def classify_failure(exc: BaseException) -> LlmFailure:
    """Sort an exception from a model call into the failure kinds the graph acts on."""
    detail = f"{type(exc).__name__}: {str(exc)[:200]}"
    # Timeouts come as openai's APITimeoutError before the response starts, but as the HTTP
    # library's own ReadTimeout when a stream stalls half-way: match them all by name.
    if isinstance(exc, openai.APITimeoutError | TimeoutError) or "Timeout" in type(exc).__name__:
        return LlmFailure("timeout", detail)
    if isinstance(exc, openai.APIError):
        return LlmFailure("error", detail)
    if isinstance(exc, _MALFORMED):
        return LlmFailure("malformed", detail)
    return LlmFailure("error", detail)


def chat_model_from_settings(settings: Settings, *, streaming: bool = True) -> ChatOpenAI:
    """The configured chat model. Raises ConfigurationError when no LLM is configured."""
    if not settings.llm_configured:
        raise ConfigurationError(
            "No LLM is configured.",
            hint="set SUPPORTDESK_LLM_BASE_URL (any OpenAI-compatible endpoint) and/or "
            "SUPPORTDESK_LLM_API_KEY; with neither, supportdesk uses its template drafter",
        )
    key = settings.llm_api_key or SecretStr(PLACEHOLDER_API_KEY)
    return ChatOpenAI(
        model=settings.llm_model,
        # Passed explicitly so the client never falls back to reading OPENAI_* variables.
        base_url=settings.llm_base_url or OPENAI_BASE_URL,
        api_key=key,
        timeout=settings.llm_timeout_seconds,
        max_retries=MAX_RETRIES,
        streaming=streaming,
        stream_usage=True,
        # Chat Completions is what every OpenAI-compatible server speaks.
        use_responses_api=False,
    )


class LlmDrafter:
    """Drafts replies with a chat model. Build it once per process; `draft` is safe to call
    concurrently."""

    def __init__(self, chat: BaseChatModel, *, deadline_seconds: float = 60.0) -> None:
        self.chat = chat
        # The client's timeout bounds each wait for bytes; a stream that trickles forever, or
        # a retry after a slow failure, is bounded by this overall deadline.
        self.deadline_seconds = deadline_seconds

    @classmethod
    def from_settings(cls, settings: Settings) -> LlmDrafter:
        deadline = settings.llm_timeout_seconds * (MAX_RETRIES + 1) + 2.0
        return cls(chat_model_from_settings(settings), deadline_seconds=deadline)

    async def draft(
        self,
        intent: str,
        facts: Sequence[Fact],
        *,
        masked_message: str,
        history: Sequence[tuple[str, str]],
        market: str | None,
        on_token: TokenCallback | None = None,
    ) -> Draft | LlmFailure:
        try:
            prompt = render_draft_prompt(
                intent, facts, masked_message=masked_message, history=history, market=market
            )
            async with asyncio.timeout(self.deadline_seconds):
                raw = await self._stream(prompt.messages, on_token)
        except Exception as exc:  # every failure becomes a typed result, never a raise
            return classify_failure(exc)
        if not strip_citations(raw).strip():
            return LlmFailure("empty", "the model returned no text")
        citations = parse_citations(raw, prompt.keys)
        text = strip_citations(raw).strip()
        notes = [f"prompt {prompt.version}"]
        if citations.unknown_keys:
            notes.append("ignored citations of unknown facts: " + ", ".join(citations.unknown_keys))
        if not citations.source_ids:
            notes.append("the reply cites no fact")
        if any(WITHHELD in line for line in _prompt_texts(prompt.messages)):
            notes.append("a raw order number in the facts was withheld from the model")
        grounded = bool(citations.source_ids)
        return Draft(
            text=text,
            citations=citations.source_ids,
            grounded=grounded,
            drafter="llm",
            template_id=prompt.version,
            clarifying_question=not grounded and text.rstrip().endswith("?"),
            promises=promise_kinds(text),
            notes=tuple(notes),
        )

    async def _stream(self, messages: list[Any], on_token: TokenCallback | None) -> str:
        pieces: list[str] = []
        visible = CitationFilter()
        started = False  # leading whitespace is dropped, as it is from the final text
        async for chunk in self.chat.astream(messages):
            token = chunk.text
            if not token:
                continue
            pieces.append(token)
            if on_token is not None:
                shown = visible.feed(token)
                if not started:
                    shown = shown.lstrip()
                if shown:
                    started = True
                    await _call(on_token, shown)
        if on_token is not None:
            rest = visible.flush().rstrip()
            rest = rest if started else rest.lstrip()
            if rest:
                await _call(on_token, rest)
        return "".join(pieces)


async def _call(callback: TokenCallback, token: str) -> None:
    result = callback(token)
    if inspect.isawaitable(result):
        await result


def _prompt_texts(messages: Sequence[Any]) -> list[str]:
    return [m.content for m in messages if isinstance(getattr(m, "content", None), str)]
