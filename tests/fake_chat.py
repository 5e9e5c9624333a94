"""A scripted chat model for unit tests that need a model but not HTTP.

langchain_core's fake chat models neither bind tools nor record what they were sent, so this one
does both: it answers from a script (text, tool calls, or an exception to raise), streams text
word by word, records every message list and the tool schemas it was bound to, and falls back to
a fixed answer when the script runs out. For the real client path use supportdesk.llm_stub.

    model = ScriptedChatModel.of("Your order left on 28 October [F1].")
    model = ScriptedChatModel.of(tool_call("lookup_order", order_id="<ORDER_ID_1>"), "DONE")
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Iterator, Sequence
from typing import Any

from langchain_core.callbacks import AsyncCallbackManagerForLLMRun, CallbackManagerForLLMRun
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage, ToolCallChunk
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from langchain_core.runnables import Runnable
from langchain_core.utils.function_calling import convert_to_openai_tool
from pydantic import Field

Scripted = AIMessage | str | BaseException

_WORDS = re.compile(r"\S+\s*|\s+")


def tool_call(name: str, call_id: str | None = None, **arguments: Any) -> AIMessage:
    """An assistant message that calls one tool (combine with `tool_calls` for several)."""
    return tool_calls((name, arguments, call_id))


def tool_calls(*calls: tuple[str, dict[str, Any], str | None]) -> AIMessage:
    built = [
        {"name": name, "args": args, "id": call_id or f"fake_{i}", "type": "tool_call"}
        for i, (name, args, call_id) in enumerate(calls, start=1)
    ]
    return AIMessage(content="", tool_calls=built)


class ScriptedChatModel(BaseChatModel):
    script: list[Any] = Field(default_factory=list)
    fallback: str = "I'm sorry, I can't confirm that from the information I have."
    received: list[list[BaseMessage]] = Field(default_factory=list)
    bound_tools: list[dict[str, Any]] = Field(default_factory=list)

    @classmethod
    def of(cls, *replies: Scripted) -> ScriptedChatModel:
        return cls(script=list(replies))

    @property
    def _llm_type(self) -> str:
        return "scripted-fake"

    def bind_tools(
        self, tools: Sequence[Any], *, tool_choice: str | None = None, **kwargs: Any
    ) -> Runnable[Any, AIMessage]:
        schemas = [convert_to_openai_tool(t) for t in tools]
        self.bound_tools.extend(schemas)
        return self.bind(tools=schemas, **kwargs)

    def _next(self, messages: list[BaseMessage]) -> AIMessage:
        self.received.append(list(messages))
        reply = self.script.pop(0) if self.script else self.fallback
        if isinstance(reply, BaseException):
            raise reply
        return AIMessage(content=reply) if isinstance(reply, str) else reply

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=self._next(messages))])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        yield from _chunks(self._next(messages))

    async def _astream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> AsyncIterator[ChatGenerationChunk]:
        for chunk in _chunks(self._next(messages)):
            if run_manager is not None:
                await run_manager.on_llm_new_token(chunk.text, chunk=chunk)
            yield chunk


def _chunks(message: AIMessage) -> Iterator[ChatGenerationChunk]:
    text = message.content if isinstance(message.content, str) else ""
    for word in _WORDS.findall(text):
        yield ChatGenerationChunk(message=AIMessageChunk(content=word))
    if message.tool_calls:
        pieces = [
            ToolCallChunk(name=c["name"], args=json.dumps(c["args"]), id=c["id"], index=i)
            for i, c in enumerate(message.tool_calls)
        ]
        yield ChatGenerationChunk(message=AIMessageChunk(content="", tool_call_chunks=pieces))
