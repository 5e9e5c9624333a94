"""What the graph's nodes need at run time, built once per process and passed to the builder.

Nothing here is created at import time (house rule 5): `open_graph_deps()` does the loading,
which takes a few seconds the first time (models) and then is shared by every conversation.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from graph.gate_config import GateConfig, load_gate_config
from nlp.pii import load_product_names, load_variant_names
from nlp.understand import UnderstandingModels, load_understanding_models
from store.cache import build_cache
from store.database import Database
from store.orders import OrderRepository
from store.policy_rules import PolicyRules, load_policy_rules
from store.support import SupportRecords
from supportdesk.settings import Settings

if TYPE_CHECKING:
    from drafting.llm import LlmDrafter
    from store.knowledge.search import KnowledgeSearch

log = logging.getLogger(__name__)


@dataclass
class GraphDeps:
    settings: Settings
    db: Database
    orders: OrderRepository
    knowledge: KnowledgeSearch | None
    models: UnderstandingModels
    rules: PolicyRules
    gate: GateConfig
    records: SupportRecords
    llm: LlmDrafter | None = None
    # The shop's "today": settings pin it in tests and demos; otherwise the real date.
    today: Callable[[], date] = field(default=date.today)
    extras: dict[str, Any] = field(default_factory=dict)
    # Embeddings started by `mask` for `understand` to collect, keyed by conversation and turn:
    # the vector is computed beside masking instead of after it.
    pending_vectors: dict[str, Future[list[float]]] = field(default_factory=dict)

    async def aclose(self) -> None:
        if self.knowledge is not None:
            await self.knowledge.aclose()


async def open_graph_deps(
    settings: Settings,
    db: Database,
    *,
    models: UnderstandingModels | None = None,
    progress: Callable[[str], None] = lambda _m: None,
) -> GraphDeps:
    from store.knowledge.search import KnowledgeSearch

    if models is None:
        progress("loading the understanding models ...")
        models = load_understanding_models(
            settings,
            product_names=load_product_names(db),
            variant_names=load_variant_names(db),
        )
    knowledge = await KnowledgeSearch.open(db, models.embeddings, ef_search=settings.search_ef)
    llm = None
    if settings.llm_configured:
        from drafting.llm import LlmDrafter

        llm = LlmDrafter.from_settings(settings)
    pinned = settings.shop_today
    return GraphDeps(
        settings=settings,
        db=db,
        orders=OrderRepository(
            db, build_cache(settings), ttl_seconds=settings.order_cache_ttl_seconds
        ),
        knowledge=knowledge,
        models=models,
        rules=load_policy_rules(),
        gate=load_gate_config(settings.gate_thresholds),
        records=SupportRecords(db),
        llm=llm,
        today=(lambda: pinned) if pinned else date.today,
    )
