"""The graph factory `langgraph dev` and LangGraph Studio load (see langgraph.json).

Studio brings its own checkpointer, so the graph is compiled without one here; the app and the
CLI compile it with the Postgres checkpointer instead (supportdesk/assistant.py).
"""

from __future__ import annotations

from typing import Any

from graph.builder import build_graph
from graph.deps import open_graph_deps
from store.database import open_database
from supportdesk.settings import get_settings


async def make_graph(config: Any = None) -> Any:
    settings = get_settings()
    deps = await open_graph_deps(settings, open_database(settings))
    return build_graph(deps)
