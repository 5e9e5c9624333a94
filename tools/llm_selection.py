"""Look-ups a chat model asks for, run as the session allows.

The drafter (drafting/llm.py) binds these tools to the model next to the facts the intent's plan
already found; when the model asks for more, `SessionLookups.run` runs the calls of that round
concurrently, with the session's context injected: whatever the model writes for `context`, a
customer id or any other argument the tool's schema does not have is dropped, and identity only
ever comes from the session (a guest's verified orders carry over from call to call). What goes
back to the model is masked: the facts found, listed under citation keys like the prompt's
("[F3] title: text", never a source id, which holds a raw order number), and the model's own
calls replayed with their arguments masked.

Never raises: a call that cannot run is answered with a note for the model.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from langchain_core.messages import AIMessage, BaseMessage, ToolCall, ToolMessage
from langchain_core.tools import BaseTool

from drafting.llm import LookupRound
from drafting.llm_prompt import fact_line, safe_text
from supportdesk.errors import ConfigurationError
from tools.context import ToolContext
from tools.facts import Fact, ToolCallRecord
from tools.identity import SessionIdentity
from tools.langchain_tools import ERROR_TEXT, build_tools
from tools.runner import RetrievalResult, mask_arguments, merge_identities

MAX_CALLS_PER_ROUND = 6  # more than any message needs; a runaway model is cut off here
NOT_RUN = "Not run: too many look-ups were requested at once. Use the results you have."
UNKNOWN_TOOL = "There is no tool with that name."
BAD_ARGUMENTS = "The look-up could not run: its arguments were not valid."


def _no_ambient_context() -> ToolContext:
    raise ConfigurationError(
        "A model-facing tool ran without the session's context.",
        hint="call the tools through SessionLookups, which injects the context on every call",
    )


@lru_cache(maxsize=1)
def shared_tools() -> tuple[BaseTool, ...]:
    """The tools, built once per process: building them (a schema per tool) takes ~150 ms, far
    too long for every turn. They hold no session: each call gets its context injected."""
    return tuple(build_tools(_no_ambient_context))


@dataclass(frozen=True)
class LookupOutcome:
    """One call after it ran: `arguments` as the model may see them again (allowed, masked),
    the facts found, or a `note` for the model when none came back."""

    call_id: str
    name: str
    arguments: dict[str, Any]
    facts: tuple[Fact, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class _Ran:
    outcome: LookupOutcome
    record: ToolCallRecord | None = None
    identity: SessionIdentity | None = None


class SessionLookups:
    """One turn's model-requested look-ups: runs them and keeps what they found."""

    def __init__(
        self,
        ctx: ToolContext,
        *,
        plan_calls: Sequence[dict[str, Any]] = (),
        plan_facts: Sequence[Fact] = (),
    ) -> None:
        self.ctx = ctx
        self.calls: list[ToolCallRecord] = []
        self.facts: list[Fact] = []
        self.wall_ms = 0.0
        self._identities: list[SessionIdentity] = []
        # call key -> its outcome: a call asked again gets the same answer without running
        # twice, and so does one the intent's plan already made this turn (its record's
        # arguments are masked the same way, its facts are the ones its source ids name).
        self._done: dict[str, LookupOutcome] = {}
        by_source = {fact.source_id: fact for fact in plan_facts}
        for record in plan_calls:
            sources = [by_source[s] for s in record.get("source_ids") or () if s in by_source]
            if record.get("outcome") == "ok" and sources:
                key = _key(str(record.get("tool")), dict(record.get("arguments") or {}))
                self._done[key] = LookupOutcome("", str(record.get("tool")), {}, tuple(sources))

    @property
    def tools(self) -> Sequence[BaseTool]:
        return shared_tools()

    @property
    def identity(self) -> SessionIdentity:
        return merge_identities(self.ctx.identity, self._identities)

    async def run(
        self, text: str, calls: Sequence[ToolCall], invalid: set[str], facts: Sequence[Fact]
    ) -> LookupRound:
        """Run one round's calls at once; the messages that report them to the model, and the
        facts after them: new facts get the next keys, a fact the model has keeps its key."""
        tools = {tool.name: tool for tool in shared_tools()}
        ctx = self.ctx.with_identity(self.identity)
        started = time.perf_counter()
        ran = await asyncio.gather(
            *(
                self._run_one(call, ctx, tools.get(call["name"]), i, call.get("id") in invalid)
                for i, call in enumerate(calls)
            )
        )
        self.wall_ms += (time.perf_counter() - started) * 1000
        keyed = list(facts)
        index = {(f.source_id, f.masked_text): i for i, f in enumerate(keyed, start=1)}
        results: list[BaseMessage] = []
        for item in ran:
            if item.record is not None:
                self.calls.append(item.record)
            if item.identity is not None:
                self._identities.append(item.identity)
            lines = []
            for fact in item.outcome.facts:
                key = (fact.source_id, fact.masked_text)
                if key not in index:
                    keyed.append(fact)
                    self.facts.append(fact)
                    index[key] = len(keyed)
                lines.append(fact_line(f"F{index[key]}", fact))
            content = "\n".join(lines) if lines else item.outcome.note
            results.append(
                ToolMessage(
                    content=safe_text(content),
                    tool_call_id=item.outcome.call_id,
                    name=item.outcome.name,
                )
            )
        # The model's calls go back as they were run: allowed arguments only, order ids masked.
        replayed = [
            ToolCall(name=o.name, args=o.arguments, id=o.call_id, type="tool_call")
            for o in (item.outcome for item in ran)
        ]
        messages: list[BaseMessage] = [AIMessage(content=safe_text(text), tool_calls=replayed)]
        return LookupRound(messages=messages + results, facts=keyed)

    def result(self) -> RetrievalResult:
        return RetrievalResult(
            facts=tuple(self.facts),
            calls=tuple(self.calls),
            identity=self.identity,
            wall_ms=self.wall_ms,
            sequential_ms=sum(c.elapsed_ms for c in self.calls),
        )

    async def _run_one(
        self, call: ToolCall, ctx: ToolContext, tool: BaseTool | None, position: int, bad: bool
    ) -> _Ran:
        call_id, name = str(call.get("id") or f"call_{position}"), call["name"]
        arguments = allowed_arguments(tool, call.get("args") or {})
        shown = masked(ctx, arguments)
        if bad:
            return _Ran(LookupOutcome(call_id, name, {}, (), BAD_ARGUMENTS))
        if tool is None:
            record = ToolCallRecord(name, {}, "error", (), 0.0)
            return _Ran(LookupOutcome(call_id, name, {}, (), UNKNOWN_TOOL), record)
        if position >= MAX_CALLS_PER_ROUND:
            return _Ran(LookupOutcome(call_id, name, shown, (), NOT_RUN))
        key = _key(name, shown)
        if key in self._done:  # asked again: the same answer, without running it twice
            earlier = self._done[key]
            return _Ran(LookupOutcome(call_id, name, shown, earlier.facts, earlier.note))
        invocation = {
            "name": name,
            "args": {**arguments, "context": ctx},  # injected here, after the model's say
            "id": call_id,
            "type": "tool_call",
        }
        try:
            message = await tool.ainvoke(invocation)
        except Exception:  # invalid arguments: the tool wrappers themselves never raise otherwise
            record = ToolCallRecord(name, shown, "error", (), 0.0)
            return _Ran(LookupOutcome(call_id, name, shown, (), BAD_ARGUMENTS), record)
        artifact = getattr(message, "artifact", None) or {}
        facts = tuple(Fact.from_record(r) for r in artifact.get("facts", []))
        outcome = LookupOutcome(call_id, name, shown, facts, "" if facts else ERROR_TEXT)
        self._done[key] = outcome
        found = artifact.get("identity")
        identity = SessionIdentity.from_record(found) if found is not None else None
        return _Ran(outcome, _record_from(artifact.get("call"), name), identity)


def _key(tool: str, masked_arguments: dict[str, Any]) -> str:
    return f"{tool}:{json.dumps(masked_arguments, sort_keys=True, default=str)}"


def allowed_arguments(tool: BaseTool | None, arguments: dict[str, Any]) -> dict[str, Any]:
    """Only what the tool's model-facing schema offers: identity-bearing extras never pass."""
    if tool is None:
        return {}
    allowed = set(tool.args) - {"context"}  # `args` is the model-facing schema's properties
    return {k: v for k, v in arguments.items() if k in allowed}


def masked(ctx: ToolContext, arguments: dict[str, Any]) -> dict[str, Any]:
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
