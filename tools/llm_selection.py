"""Tool selection by a chat model: the model decides which look-ups a message needs.

The model sees the masked conversation and the tools' schemas, and asks for calls; the calls run
here, with the session's context injected (never taken from the model's arguments: whatever the
model writes for `context`, a customer id or any other argument the schema does not have is
dropped). The calls of one round run concurrently. What goes back to the model is masked text
only: the tools' content with order ids as placeholders, and the model's own calls replayed
with their arguments masked the same way.

Returns the facts and call records as a `RetrievalResult`, like the intent plan does, or an
`LlmFailure` when the model could not be reached or answered garbage (the graph then falls
back to the plan). Never raises.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from langchain_core.messages import ToolMessage as LcToolMessage
from langchain_core.tools import BaseTool

from drafting.llm import LlmFailure, classify_failure
from drafting.llm_prompt import history_messages, intent_slots, load_prompt, safe_text
from tools.context import ToolContext
from tools.facts import Fact, ToolCallRecord
from tools.identity import SessionIdentity
from tools.langchain_tools import build_tools
from tools.runner import RetrievalResult, mask_arguments, merge_identities

MAX_CALLS_PER_ROUND = 6  # more than any message needs; a runaway model is cut off here
DEFAULT_DEADLINE_SECONDS = 60.0
NOT_RUN = "Not run: too many look-ups were requested at once. Use the results you have."
UNKNOWN_TOOL = "There is no tool with that name."
BAD_ARGUMENTS = "The look-up could not run: its arguments were not valid."


@dataclass
class _Gathered:
    """Everything the rounds found so far."""

    facts: list[Fact] = field(default_factory=list)
    calls: list[ToolCallRecord] = field(default_factory=list)
    identities: list[SessionIdentity] = field(default_factory=list)
    wall_ms: float = 0.0
    seen_facts: set[tuple[str, str]] = field(default_factory=set)
    done: dict[str, str] = field(default_factory=dict)  # call key -> content already returned

    def add_facts(self, facts: Sequence[Fact]) -> None:
        for fact in facts:
            key = (fact.source_id, fact.masked_text)
            if key not in self.seen_facts:
                self.seen_facts.add(key)
                self.facts.append(fact)


@dataclass(frozen=True)
class _Outcome:
    content: str
    facts: tuple[Fact, ...] = ()
    record: ToolCallRecord | None = None
    identity: SessionIdentity | None = None


async def select_tools_with_llm(
    chat_model: BaseChatModel,
    ctx: ToolContext,
    *,
    masked_message: str,
    intent: str,
    history: Sequence[tuple[str, str]],
    max_rounds: int = 3,
    deadline_seconds: float = DEFAULT_DEADLINE_SECONDS,
) -> RetrievalResult | LlmFailure:
    spec = load_prompt("select_tools")
    messages: list[BaseMessage] = [
        SystemMessage(content=spec.render(**intent_slots(intent, ctx.identity.market)))
    ]
    messages += history_messages(history, spec.history_turns)
    messages.append(HumanMessage(content=safe_text(masked_message)))
    tools = {tool.name: tool for tool in build_tools(lambda: ctx)}
    gathered = _Gathered()
    try:
        bound = chat_model.bind_tools(list(tools.values()))
        async with asyncio.timeout(deadline_seconds):
            for _ in range(max(0, max_rounds)):
                reply = await bound.ainvoke(messages)
                if not isinstance(reply, AIMessage) or not reply.tool_calls:
                    break
                ctx = ctx.with_identity(merge_identities(ctx.identity, gathered.identities))
                await _run_round(reply, ctx, tools, messages, gathered)
    except Exception as exc:  # a model failure is a typed result; tools never raise here
        return classify_failure(exc)
    return RetrievalResult(
        facts=tuple(gathered.facts),
        calls=tuple(gathered.calls),
        identity=merge_identities(ctx.identity, gathered.identities),
        wall_ms=gathered.wall_ms,
        sequential_ms=sum(c.elapsed_ms for c in gathered.calls),
    )


async def _run_round(
    reply: AIMessage,
    ctx: ToolContext,
    tools: dict[str, BaseTool],
    messages: list[BaseMessage],
    gathered: _Gathered,
) -> None:
    calls: list[dict[str, Any]] = [dict(c) for c in reply.tool_calls]
    for i, call in enumerate(calls):
        call["id"] = call.get("id") or f"call_{len(messages)}_{i}"
        call["args"] = _allowed_arguments(tools.get(str(call["name"])), call.get("args") or {})
    started = time.perf_counter()
    outcomes = await asyncio.gather(
        *(_run_one(call, ctx, tools, gathered, i) for i, call in enumerate(calls))
    )
    gathered.wall_ms += (time.perf_counter() - started) * 1000
    # The model's calls go back as they were run: allowed arguments only, order ids masked.
    replayed = [{**call, "args": _masked(ctx, call["args"]), "type": "tool_call"} for call in calls]
    messages.append(AIMessage(content=safe_text(reply.text), tool_calls=replayed))
    for call, outcome in zip(calls, outcomes, strict=True):
        if outcome.record is not None:
            gathered.calls.append(outcome.record)
        if outcome.identity is not None:
            gathered.identities.append(outcome.identity)
        gathered.add_facts(outcome.facts)
        messages.append(
            LcToolMessage(
                content=safe_text(outcome.content), tool_call_id=call["id"], name=call["name"]
            )
        )


async def _run_one(
    call: dict[str, Any],
    ctx: ToolContext,
    tools: dict[str, BaseTool],
    gathered: _Gathered,
    position: int,
) -> _Outcome:
    name = str(call["name"])
    tool = tools.get(name)
    if tool is None:
        record = ToolCallRecord(name, {}, "error", (), 0.0)
        return _Outcome(UNKNOWN_TOOL, record=record)
    if position >= MAX_CALLS_PER_ROUND:
        return _Outcome(NOT_RUN)
    key = f"{name}:{json.dumps(call['args'], sort_keys=True, default=str)}"
    if key in gathered.done:  # asked again: the same answer, without running it twice
        return _Outcome(gathered.done[key])
    invocation = {
        "name": name,
        "args": {**call["args"], "context": ctx},  # injected here, after the model's say
        "id": call["id"],
        "type": "tool_call",
    }
    try:
        message = await tool.ainvoke(invocation)
    except Exception:  # invalid arguments: the tool wrappers themselves never raise otherwise
        record = ToolCallRecord(name, _masked(ctx, call["args"]), "error", (), 0.0)
        return _Outcome(BAD_ARGUMENTS, record=record)
    content = message.content if isinstance(message.content, str) else str(message.content)
    gathered.done[key] = content
    artifact = getattr(message, "artifact", None) or {}
    facts = tuple(Fact.from_record(r) for r in artifact.get("facts", []))
    record = _record_from(artifact.get("call"), name)
    identity = SessionIdentity.from_record(artifact["identity"]) if "identity" in artifact else None
    return _Outcome(content, facts, record, identity)


def _allowed_arguments(tool: BaseTool | None, arguments: dict[str, Any]) -> dict[str, Any]:
    """Only what the tool's model-facing schema offers: identity-bearing extras never pass."""
    if tool is None:
        return {}
    allowed = set(tool.args) - {"context"}  # `args` is the model-facing schema's properties
    return {k: v for k, v in arguments.items() if k in allowed}


def _masked(ctx: ToolContext, arguments: dict[str, Any]) -> dict[str, Any]:
    try:
        return mask_arguments(ctx, arguments)
    except Exception:  # show nothing rather than risk a raw value
        return {key: "…" for key in arguments}


def _record_from(raw: Any, tool: str) -> ToolCallRecord:
    if not isinstance(raw, dict):
        return ToolCallRecord(tool, {}, "error", (), 0.0)
    return ToolCallRecord(
        tool=str(raw.get("tool", tool)),
        arguments=dict(raw.get("arguments") or {}),
        outcome=raw.get("outcome", "error"),
        source_ids=tuple(raw.get("source_ids") or ()),
        elapsed_ms=float(raw.get("elapsed_ms") or 0.0),
    )
