"""Runs a tool plan: independent calls at once, every outcome recorded, nothing ever raised.

Database-bound tools are synchronous and run in worker threads (`asyncio.to_thread`); the search
tools are coroutines. A tool that fails (database down, index missing, bad arguments) becomes a
ToolCallRecord with outcome "error" and no facts, so one broken look-up never costs the customer
the others. Records carry masked arguments only: order ids become the conversation's placeholders.
A plan may have a follow-up: calls that depend on what the first calls found (the policy sections
an order's state calls for), run together once the first ones are back.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from nlp.pii.entities import EMAIL_ADDRESS
from nlp.pii.vault import PLACEHOLDER_RE
from store.order_models import normalise_order_id
from tools import catalogue, eligibility, orders, policies
from tools.context import Outcome, ToolContext
from tools.facts import Fact, ToolCallRecord
from tools.identity import SessionIdentity
from tools.order_facts import issue_placeholder, order_ref
from tools.plan import PlannedCall, ToolPlan

log = logging.getLogger(__name__)

CALL_TIMEOUT_SECONDS = 15.0
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_ORDER = re.compile(r"#?\bHR[-\s]?\d{6}\b", re.IGNORECASE)


@dataclass(frozen=True)
class CallResult:
    facts: tuple[Fact, ...]
    record: ToolCallRecord
    identity: SessionIdentity


@dataclass(frozen=True)
class RetrievalResult:
    facts: tuple[Fact, ...]
    calls: tuple[ToolCallRecord, ...]
    identity: SessionIdentity
    wall_ms: float
    sequential_ms: float  # the calls' own durations added up: what running them in turn costs


Timed = tuple[Any, float]  # a tool's result and its own duration in ms


def _sync(fn: Callable[..., Any]) -> Callable[..., Awaitable[Timed]]:
    def timed(ctx: ToolContext, **kwargs: Any) -> Timed:
        # Timed inside the worker thread: waiting for a free thread is not the tool's cost.
        started = time.perf_counter()
        return fn(ctx, **kwargs), (time.perf_counter() - started) * 1000

    async def run(ctx: ToolContext, **kwargs: Any) -> Timed:
        return await asyncio.to_thread(timed, ctx, **kwargs)

    return run


def _async(fn: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Timed]]:
    async def run(ctx: ToolContext, **kwargs: Any) -> Timed:
        started = time.perf_counter()
        return await fn(ctx, **kwargs), (time.perf_counter() - started) * 1000

    return run


TOOLS: dict[str, Callable[..., Awaitable[Timed]]] = {
    "lookup_order": _sync(orders.lookup_order),
    "list_customer_orders": _sync(orders.list_customer_orders),
    "get_product": _sync(catalogue.get_product),
    "check_return_eligibility": _sync(eligibility.check_return_eligibility),
    "check_cancellation_eligibility": _sync(eligibility.check_cancellation_eligibility),
    "check_change_eligibility": _sync(eligibility.check_change_eligibility),
    "search_catalogue": _async(catalogue.search_catalogue),
    "search_policies": _async(policies.search_policies),
    "read_policy_sections": _async(policies.read_policy_sections),
}
# What the first calls found -> the calls that depend on it (none: nothing more to do).
FollowUp = Callable[[Sequence[Fact]], ToolPlan]


def mask_arguments(ctx: ToolContext, arguments: dict[str, Any]) -> dict[str, Any]:
    """Arguments as a record may show them: order ids as placeholders, emails masked."""
    masked: dict[str, Any] = {}
    for key, value in arguments.items():
        if not isinstance(value, str):
            masked[key] = value if isinstance(value, int | float | bool) or value is None else "…"
        elif key == "order_id":
            masked[key] = _mask_order_argument(ctx, value)
        else:
            text = _ORDER.sub(lambda m: _mask_order_argument(ctx, m.group()), value)
            masked[key] = _EMAIL.sub(
                lambda m: issue_placeholder(ctx.vault, EMAIL_ADDRESS, m.group()), text
            )
    return masked


def _mask_order_argument(ctx: ToolContext, value: str) -> str:
    text = value.strip()
    if not text or PLACEHOLDER_RE.fullmatch(text):
        return text
    normalised = normalise_order_id(text)
    # Something that is not an order number may be anything at all: keep none of it.
    return order_ref(ctx.vault, normalised) if normalised else "<unrecognised>"


async def run_call(
    ctx: ToolContext, call: PlannedCall, *, timeout: float = CALL_TIMEOUT_SECONDS
) -> CallResult:
    """One call; its failure is an "error" record, never an exception."""
    started = time.perf_counter()
    try:
        arguments = mask_arguments(ctx, call.arguments)
    except Exception:  # masking must never be why a turn fails; show nothing instead
        arguments = {key: "…" for key in call.arguments}
    if call.tool not in TOOLS:
        record = ToolCallRecord(call.tool, arguments, "error", (), 0.0)
        return CallResult((), record, ctx.identity)
    try:
        result, elapsed = await asyncio.wait_for(TOOLS[call.tool](ctx, **call.arguments), timeout)
    except Exception as exc:
        elapsed = (time.perf_counter() - started) * 1000
        # The class name only: messages can quote data (a connection string, an argument).
        log.warning("tool %s failed: %s", call.tool, type(exc).__name__)
        record = ToolCallRecord(call.tool, arguments, "error", (), elapsed)
        return CallResult((), record, ctx.identity)
    facts: tuple[Fact, ...] = tuple(result.facts)
    outcome: Outcome = result.outcome
    identity: SessionIdentity = getattr(result, "identity", ctx.identity)
    record = ToolCallRecord(
        call.tool, arguments, outcome, tuple(f.source_id for f in facts), elapsed
    )
    return CallResult(facts, record, identity)


def merge_identities(base: SessionIdentity, found: Iterable[SessionIdentity]) -> SessionIdentity:
    """The session after the calls: the union of the orders each call verified."""
    merged = base
    for identity in found:
        for order_id in identity.verified_orders:
            merged = merged.with_verified(order_id)
    return merged


async def run_plan(
    ctx: ToolContext,
    plan: ToolPlan,
    *,
    timeout: float = CALL_TIMEOUT_SECONDS,
    follow_up: FollowUp | None = None,
) -> RetrievalResult:
    """All calls of the plan concurrently, then its follow-up's calls (concurrently too); facts
    in plan order, duplicates dropped."""
    started = time.perf_counter()
    results = list(await asyncio.gather(*(run_call(ctx, c, timeout=timeout) for c in plan)))
    if follow_up is not None:
        try:
            more = follow_up(_unique_facts(results))
        except Exception as exc:  # a broken rule must not cost the customer the first answers
            log.warning("follow-up plan failed: %s", type(exc).__name__)
            more = ()
        if more:
            later = ctx.with_identity(merge_identities(ctx.identity, (r.identity for r in results)))
            results += await asyncio.gather(*(run_call(later, c, timeout=timeout) for c in more))
    wall_ms = (time.perf_counter() - started) * 1000
    return RetrievalResult(
        facts=tuple(_unique_facts(results)),
        calls=tuple(r.record for r in results),
        identity=merge_identities(ctx.identity, (r.identity for r in results)),
        wall_ms=wall_ms,
        sequential_ms=sum(r.record.elapsed_ms for r in results),
    )


def _unique_facts(results: Sequence[CallResult]) -> list[Fact]:
    facts: list[Fact] = []
    seen: set[tuple[str, str]] = set()
    for result in results:
        for fact in result.facts:
            key = (fact.source_id, fact.masked_text)
            if key not in seen:
                seen.add(key)
                facts.append(fact)
    return facts
