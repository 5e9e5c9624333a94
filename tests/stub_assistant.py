"""The assistant drafting with the real `ChatOpenAI` client against a local stub server: the
test session's graph dependencies with the LLM settings pointed at the stub."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from drafting.llm import LlmDrafter
from graph.deps import GraphDeps
from supportdesk.assistant import Assistant
from supportdesk.llm_stub import StubServer


def deps_on_stub(graph_deps: GraphDeps, stub: StubServer, *, timeout_seconds: float) -> GraphDeps:
    settings = graph_deps.settings.model_copy(
        update={
            "llm_base_url": stub.base_url,
            "llm_model": "stub",
            "llm_timeout_seconds": timeout_seconds,
        }
    )
    return GraphDeps(
        **{**graph_deps.__dict__, "settings": settings, "llm": LlmDrafter.from_settings(settings)}
    )


@asynccontextmanager
async def assistant_on_stub(
    graph_deps: GraphDeps, stub: StubServer, *, timeout_seconds: float
) -> AsyncIterator[Assistant]:
    deps = deps_on_stub(graph_deps, stub, timeout_seconds=timeout_seconds)
    async with Assistant.open(deps.settings, deps=deps) as bot:
        yield bot
