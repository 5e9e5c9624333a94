"""Metrics from inside a conversation: graph node timings, LLM calls and tokens, and turns.

`GraphMetrics` is a LangChain callback handler passed in every graph run's config (see
`Assistant._config`). LangGraph runs each node as a chain whose run name equals the
`langgraph_node` entry of its metadata; every child run (a router, a chat model, a tool) inherits
that metadata under its own name, so comparing the two picks out the node runs themselves.
Nodes of nested graphs are skipped: their checkpoint namespace has more than one level, and
their names would only add label values.

Nothing here sees message text: labels are node names, outcomes and error type names.
"""

from __future__ import annotations

import logging
import time
from typing import Any
from uuid import UUID

from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.messages import BaseMessage
from langchain_core.outputs import ChatGeneration, LLMResult

from supportdesk.metrics import LLM_CALLS, LLM_TOKENS, NODE_LATENCY, TIME_TO_FIRST_TOKEN, TURNS
from supportdesk.turns import TurnResult

log = logging.getLogger(__name__)

NS_SEPARATOR = "|"  # langgraph's separator of nested checkpoint namespaces
MAX_OPEN_RUNS = 10_000


def node_of(metadata: dict[str, Any] | None, run_name: Any) -> str | None:
    """The node a chain run is, or None for anything else (graph, router, model, tool)."""
    if not metadata:
        return None
    node = metadata.get("langgraph_node")
    if not isinstance(node, str) or node != run_name:
        return None
    if NS_SEPARATOR in str(metadata.get("langgraph_checkpoint_ns") or ""):
        return None
    return node


def token_usage(result: LLMResult) -> tuple[int, int]:
    """(input, output) tokens as the endpoint reported them; (0, 0) when it did not."""
    for generations in result.generations:
        for generation in generations:
            if isinstance(generation, ChatGeneration):
                usage = _usage_of(generation.message)
                if usage is not None:
                    return usage
    reported = (result.llm_output or {}).get("token_usage") or {}
    return int(reported.get("prompt_tokens") or 0), int(reported.get("completion_tokens") or 0)


def _usage_of(message: BaseMessage) -> tuple[int, int] | None:
    usage = getattr(message, "usage_metadata", None)
    if not usage:
        return None
    return int(usage.get("input_tokens") or 0), int(usage.get("output_tokens") or 0)


class GraphMetrics(BaseCallbackHandler):
    """Times node runs into NODE_LATENCY and counts LLM calls and tokens.

    A synchronous handler run inline, on purpose, although the graph runs async: it only reads
    a clock and updates counters. LangGraph runs the sync nodes (mask, understand, gate, ...)
    on the event loop with a sync callback manager, which would hand every event of an async
    handler to a worker thread running a fresh event loop while the loop waits (measured
    here: 240 µs per event against 3 µs inline). It never raises into the run."""

    run_inline = True
    raise_error = False

    def __init__(self) -> None:
        super().__init__()
        self._started: dict[UUID, tuple[str, float]] = {}

    def on_chain_start(
        self,
        serialized: dict[str, Any] | None,
        inputs: dict[str, Any] | Any,
        *,
        run_id: UUID,
        parent_run_id: UUID | None = None,
        tags: list[str] | None = None,
        metadata: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        node = node_of(metadata, kwargs.get("name"))
        if node is not None:
            if len(self._started) >= MAX_OPEN_RUNS:  # runs that never ended (a killed task)
                self._started.clear()
            self._started[run_id] = (node, time.perf_counter())

    def on_chain_end(
        self,
        outputs: dict[str, Any] | Any,
        *,
        run_id: UUID,
        parent_run_id: UUID | None = None,
        tags: list[str] | None = None,
        **kwargs: Any,
    ) -> None:
        self._finish(run_id)

    def on_chain_error(
        self,
        error: BaseException,
        *,
        run_id: UUID,
        parent_run_id: UUID | None = None,
        tags: list[str] | None = None,
        **kwargs: Any,
    ) -> None:
        # An interrupt (the escalate node pausing for an agent) ends the node this way too;
        # its time is real, so it is recorded like any other.
        self._finish(run_id)

    def _finish(self, run_id: UUID) -> None:
        started = self._started.pop(run_id, None)
        if started is None:
            return
        node, at = started
        seconds = time.perf_counter() - at
        NODE_LATENCY.labels(node=node).observe(seconds)
        log.debug("node %s took %.1f ms", node, seconds * 1000)

    def on_llm_end(
        self,
        response: LLMResult,
        *,
        run_id: UUID,
        parent_run_id: UUID | None = None,
        tags: list[str] | None = None,
        **kwargs: Any,
    ) -> None:
        LLM_CALLS.labels(outcome="ok").inc()
        sent, received = token_usage(response)
        if sent:
            LLM_TOKENS.labels(direction="input").inc(sent)
        if received:
            LLM_TOKENS.labels(direction="output").inc(received)

    def on_llm_error(
        self,
        error: BaseException,
        *,
        run_id: UUID,
        parent_run_id: UUID | None = None,
        tags: list[str] | None = None,
        **kwargs: Any,
    ) -> None:
        LLM_CALLS.labels(outcome=type(error).__name__).inc()


def record_turn(channel: str, result: TurnResult) -> None:
    """Count a finished customer turn and its time to first token (not for apologies: an
    error's quick apology would flatter the latency of real answers)."""
    intent = result.intent or "none"
    TURNS.labels(channel=channel, route=result.route, intent=intent).inc()
    if result.ttft_ms is not None and result.route != "error":
        TIME_TO_FIRST_TOKEN.labels(channel=channel).observe(result.ttft_ms / 1000)
    log.info(
        "turn finished: channel=%s route=%s intent=%s ttft_ms=%s total_ms=%.0f",
        channel,
        result.route,
        intent,
        "-" if result.ttft_ms is None else f"{result.ttft_ms:.0f}",
        result.total_ms,
    )
