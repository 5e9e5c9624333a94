"""The LLM drafter: a reply written by a chat model, grounded only on the facts it is given.

Any OpenAI-compatible endpoint works through `ChatOpenAI`; the model sees masked text only (the
facts' titles and masked sentences under citation keys, the masked conversation and message).
`answer` is the graph's turn: the intent plan's facts go into the prompt with the tools bound,
so ONE model call writes the reply in the common case; only when the model asks for more do the
look-ups run (`Lookups` applies the session's identity rules) and the model is called again, at
most `max_rounds` times. `draft` is the same without tools. As the reply streams, each complete
sentence is offered to a `SentenceSink` with the draft so far; the sink (the graph) decides
whether the customer may see it yet. Every expected failure (timeout, HTTP error, garbage, an
empty answer) is an `LlmFailure`, so the graph can fall back to the template drafter.
"""

from __future__ import annotations

import asyncio
import inspect
import json
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

import openai
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessageChunk, BaseMessage, ToolCall
from langchain_core.runnables import Runnable
from langchain_core.tools import BaseTool
from langchain_openai import ChatOpenAI
from pydantic import SecretStr
from pydantic import ValidationError as PydanticValidationError

from drafting.llm_prompt import (
    WITHHELD,
    CitationFilter,
    DraftPrompt,
    draft_from_raw,
    fact_keys,
    last_sentence_end,
    render_draft_prompt,
    strip_citations,
)
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


@dataclass(frozen=True)
class LookupRound:
    messages: list[BaseMessage]  # for the next call: the calls replayed (masked), each result
    facts: list[Fact]  # every fact so far, in key order: "F3" is facts[2]


class Lookups(Protocol):
    """Runs the look-ups a model asks for, with the session's identity (tools/llm_selection):
    `invalid` calls (arguments that were not JSON) are answered, never run."""

    @property
    def tools(self) -> Sequence[BaseTool]: ...

    async def run(
        self, text: str, calls: Sequence[ToolCall], invalid: set[str], facts: Sequence[Fact]
    ) -> LookupRound: ...


class SentenceSink(Protocol):
    """Receives the draft so far each time a sentence completes, and the whole draft at the end
    (`final`), with the facts it may rely on; returns True once the customer has seen text."""

    async def offer(self, draft: Draft, facts: Sequence[Fact], final: bool) -> bool: ...


@dataclass(frozen=True)
class LlmAnswer:
    draft: Draft
    facts: tuple[Fact, ...]  # the given facts first, then what the model's look-ups found
    model_calls: int
    tool_rounds: int


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
    """Drafts replies with a chat model. Build it once per process (the HTTP client and the
    tool bindings are reused across turns); `draft` and `answer` are safe to call concurrently."""

    def __init__(self, chat: BaseChatModel, *, deadline_seconds: float = 60.0) -> None:
        self.chat = chat
        # The client's timeout bounds each wait for bytes; a stream that trickles forever, or
        # a retry after a slow failure, is bounded by this deadline on each model call.
        self.deadline_seconds = deadline_seconds
        self._bound: dict[tuple[tuple[str, ...], str], Runnable[Any, Any]] = {}

    @classmethod
    def from_settings(cls, settings: Settings) -> LlmDrafter:
        deadline = settings.llm_timeout_seconds * (MAX_RETRIES + 1) + 2.0
        return cls(chat_model_from_settings(settings), deadline_seconds=deadline)

    def bound(
        self, tools: Sequence[BaseTool], choice: Literal["auto", "none"]
    ) -> Runnable[Any, Any]:
        """The model with these tools bound, made once: binding converts every schema. Keyed
        by name: the binding holds only the schemas, the look-ups run elsewhere."""
        key = (tuple(tool.name for tool in tools), choice)
        if key not in self._bound:
            self._bound[key] = self.chat.bind_tools(list(tools), tool_choice=choice)
        return self._bound[key]

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
        """`answer` without tools: the reply from these facts alone."""
        result = await self.answer(
            intent,
            facts,
            masked_message=masked_message,
            history=history,
            market=market,
            on_token=on_token,
        )
        return result if isinstance(result, LlmFailure) else result.draft

    async def answer(
        self,
        intent: str,
        facts: Sequence[Fact],
        *,
        masked_message: str,
        history: Sequence[tuple[str, str]],
        market: str | None,
        lookups: Lookups | None = None,
        max_rounds: int = 0,
        on_token: TokenCallback | None = None,
        sink: SentenceSink | None = None,
    ) -> LlmAnswer | LlmFailure:
        try:
            prompt = render_draft_prompt(
                intent,
                facts,
                masked_message=masked_message,
                history=history,
                market=market,
                name="draft" if lookups is None else "answer",
            )
            turn = _Turn(prompt, list(facts), on_token, sink)
            raw = await self._converse(turn, lookups, max_rounds)
        except Exception as exc:  # every failure becomes a typed result, never a raise
            return classify_failure(exc)
        if not strip_citations(raw).strip():
            return LlmFailure("empty", "the model returned no text")
        return LlmAnswer(
            draft=turn.build(raw, final=True),
            facts=tuple(turn.facts),
            model_calls=turn.model_calls,
            tool_rounds=turn.tool_rounds,
        )

    async def _converse(self, turn: _Turn, lookups: Lookups | None, max_rounds: int) -> str:
        """Model calls until one writes the reply; look-ups it asks for run in between."""
        while True:
            may_look_up = lookups is not None and turn.tool_rounds < max(0, max_rounds)
            if lookups is None:
                model: Runnable[Any, Any] = self.chat
            else:
                model = self.bound(lookups.tools, "auto" if may_look_up else "none")
            async with asyncio.timeout(self.deadline_seconds):
                raw, calls = await turn.stream(model)
            # Once the customer has seen text, it is the answer: calls after it are not run.
            if lookups is None or not may_look_up or not calls or turn.shown:
                await turn.finish(raw)
                return raw
            found = await lookups.run(raw, calls, turn.invalid, turn.facts)
            turn.tool_rounds += 1
            turn.messages += found.messages
            turn.facts = list(found.facts)


@dataclass
class _Turn:
    """One turn's conversation with the model: messages, facts and keys so far, streaming."""

    prompt: DraftPrompt
    facts: list[Fact]
    on_token: TokenCallback | None
    sink: SentenceSink | None
    messages: list[BaseMessage] = field(default_factory=list)
    model_calls: int = 0
    tool_rounds: int = 0
    shown: bool = False
    invalid: set[str] = field(default_factory=set)  # ids of calls that were not JSON
    _offered: int = 0  # raw characters of this round already offered to the sink

    def __post_init__(self) -> None:
        self.messages = list(self.prompt.messages)

    async def stream(self, model: Runnable[Any, Any]) -> tuple[str, list[ToolCall]]:
        self.model_calls += 1
        self._offered = 0
        raw = ""
        calls: AIMessageChunk | None = None
        visible = CitationFilter()
        started = False  # leading whitespace is dropped, as it is from the final text
        async for chunk in model.astream(self.messages):
            if isinstance(chunk, AIMessageChunk) and chunk.tool_call_chunks:
                calls = chunk if calls is None else calls + chunk
            token = chunk.text
            if not token:
                continue
            raw += token
            if self.on_token is not None:
                shown = visible.feed(token)
                shown = shown if started else shown.lstrip()
                if shown:
                    started = True
                    await _call(self.on_token, shown)
            if self.sink is not None:
                end = last_sentence_end(raw, self._offered)
                if end is not None:
                    self._offered = end
                    draft = self.build(raw[:end])
                    self.shown = await self.sink.offer(draft, self.facts, False)
        if self.on_token is not None:
            rest = visible.flush().rstrip()
            rest = rest if started else rest.lstrip()
            if rest:
                await _call(self.on_token, rest)
        return raw, self._calls(calls)

    def _calls(self, chunk: AIMessageChunk | None) -> list[ToolCall]:
        """The calls the model asked for, each with an id (a reply must answer every id)."""
        if chunk is None:
            return []
        asked = [(c["name"], c["args"], c.get("id"), True) for c in chunk.tool_calls]
        # Arguments that were not JSON: the call is answered as such, never run.
        asked += [(str(c.get("name")), {}, c.get("id"), False) for c in chunk.invalid_tool_calls]
        calls: list[ToolCall] = []
        for i, (name, args, given_id, valid) in enumerate(asked):
            call_id = given_id or f"call_{self.model_calls}_{i}"
            calls.append(ToolCall(name=name, args=args, id=call_id))
            if not valid:
                self.invalid.add(call_id)
        return calls

    async def finish(self, raw: str) -> None:
        if self.sink is not None and raw[self._offered :].strip():
            self.shown = await self.sink.offer(self.build(raw), self.facts, True)

    def build(self, raw: str, *, final: bool = False) -> Draft:
        """The draft `raw` makes: the same rules for a sentence-so-far and for the whole reply."""
        notes = [f"prompt {self.prompt.version}"]
        if final and self.tool_rounds:
            notes.append(f"the model looked more up in {self.tool_rounds} round(s)")
        if final and any(WITHHELD in line for line in _prompt_texts(self.messages)):
            notes.append("a raw order number in the facts was withheld from the model")
        return draft_from_raw(raw, fact_keys(self.facts), self.prompt.version, notes, final)


async def _call(callback: TokenCallback, token: str) -> None:
    result = callback(token)
    if inspect.isawaitable(result):
        await result


def _prompt_texts(messages: Sequence[Any]) -> list[str]:
    return [m.content for m in messages if isinstance(getattr(m, "content", None), str)]
