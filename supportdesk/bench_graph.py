"""Benchmark of a whole conversation turn: time to first token, measured server-side from the
message being received to the first token the customer would see.

Turns are questions the assistant answers itself (order status for the asker's own orders,
product and policy questions), built from the seeded shop, so every run streams a reply. The
template drafter is measured as is; with `--llm-stub` a local OpenAI-compatible stub with a
fixed time to first token stands in for the LLM, and the pipeline's own overhead is the time to
first token minus what the stub spent waiting before its first token, request by request.
"""

from __future__ import annotations

import random
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from store.database import Database
from supportdesk.measure import percentiles
from supportdesk.settings import Settings
from supportdesk.turns import Session

QUESTIONS = (
    ("order", "Hi, where is my order {order}? When should it arrive?"),
    ("order", "Any update on {order} please?"),
    ("order", "I'd like to return order {order}, how long do I have?"),
    ("order", "Can I still cancel order {order}?"),
    ("product", "What are the dimensions of {sku}?"),
    ("product", "What is {sku} made of, and how do I care for it?"),
    ("policy", "How long do I have to return something?"),
    ("policy", "How much is delivery for a large item?"),
)


@dataclass(frozen=True)
class BenchTurn:
    message: str
    session: Session


def build_turns(db: Database, count: int, seed: int = 5) -> list[BenchTurn]:
    """`count` turns; each order question uses an order nobody has asked about lately, once,
    so that no turn is escalated as a repeat contact."""
    rng = random.Random(seed)
    with db.connect() as conn:
        orders = conn.execute(
            "SELECT o.id, c.email FROM orders o JOIN customers c ON c.id = o.customer_id "
            "WHERE o.status IN ('in_transit', 'dispatched', 'delivered', 'processing') "
            "AND o.total < 500 "
            "AND NOT EXISTS (SELECT 1 FROM conversations v WHERE v.order_id = o.id "
            "AND v.created_at > now() - interval '30 days') ORDER BY o.id LIMIT %s",
            (count,),
        ).fetchall()
        skus = [r["sku"] for r in conn.execute("SELECT sku FROM variants LIMIT 400").fetchall()]
    sessions: dict[str, Session] = {}
    turns = []
    for _ in range(count):
        kind, template = rng.choice(QUESTIONS)
        order = orders.pop() if kind == "order" and len(orders) > 1 else orders[0]
        email = str(order["email"])
        if email not in sessions:
            sessions[email] = Session.for_customer_email(db, email) or Session()
        message = template.format(order=order["id"], sku=rng.choice(skus))
        turns.append(BenchTurn(message, sessions[email] if kind == "order" else Session()))
    return turns


def forget_conversations(db: Database, conversation_ids: list[str]) -> None:
    """Benchmark turns are not customer contacts: remove them so that KPIs and repeat-contact
    counts never include them."""
    if not conversation_ids:
        return
    with db.connect() as conn, conn.transaction():
        for table in ("feedback_events", "escalations"):
            conn.execute(
                f"DELETE FROM {table} WHERE conversation_id = ANY(%s::uuid[])", (conversation_ids,)
            )
        conn.execute("DELETE FROM conversations WHERE id = ANY(%s::uuid[])", (conversation_ids,))
        for table in ("checkpoint_writes", "checkpoint_blobs", "checkpoints"):
            conn.execute(f"DELETE FROM {table} WHERE thread_id = ANY(%s)", (conversation_ids,))


async def run_graph_bench(
    settings: Settings,
    db: Database,
    *,
    runs: int,
    stub_ttft_ms: float | None,
    progress: Callable[[str], None],
) -> dict[str, Any]:
    from graph.deps import open_graph_deps
    from supportdesk.assistant import Assistant

    stub = None
    if stub_ttft_ms is not None:
        from supportdesk.llm_stub import StubServer

        stub = StubServer(ttft_ms=stub_ttft_ms).start()
        settings = settings.model_copy(
            update={"llm_base_url": stub.base_url, "llm_model": "stub", "llm_api_key": None}
        )
    deps = await open_graph_deps(settings, db, progress=progress)
    turns = build_turns(db, runs + 10)
    ttft: list[float] = []
    overhead: list[float] = []
    saved: list[float] = []
    walls: list[float] = []
    sequentials: list[float] = []
    routes: dict[str, int] = {}
    conversations: list[str] = []
    try:
        async with Assistant.open(settings, deps=deps) as bot:
            for index, turn in enumerate(turns):
                before = len(stub.requests) if stub else 0
                result = await bot.send(turn.message, turn.session)
                conversations.append(result.conversation_id)
                if index < 10:  # warm-up: caches, connection pool, first model calls
                    continue
                routes[result.route] = routes.get(result.route, 0) + 1
                if result.ttft_ms is None or result.route != "auto_reply":
                    continue  # the benchmark times answers, not hand-off sentences
                ttft.append(result.ttft_ms)
                if stub is not None:
                    waits = (len(stub.requests) - before) * (stub_ttft_ms or 0.0)
                    overhead.append(result.ttft_ms - waits)
                wall = result.retrieval.get("wall_ms")
                sequential = result.retrieval.get("sequential_ms")
                if wall is not None and sequential is not None and result.retrieval["calls"] > 1:
                    walls.append(float(wall))
                    sequentials.append(float(sequential))
                    saved.append(float(sequential) - float(wall))
                if (index - 9) % 50 == 0:
                    progress(f"  {index - 9}/{runs} turns")
    finally:
        progress("removing the benchmark's conversations ...")
        forget_conversations(db, conversations)
        await deps.aclose()
        if stub is not None:
            stub.close()
    report: dict[str, Any] = {
        "drafter": "llm-stub" if stub is not None else "template",
        "time_to_first_token": percentiles(ttft),
        "routes": routes,
        "retrieval": {
            "concurrent": percentiles(walls) if walls else None,
            "one_after_another": percentiles(sequentials) if sequentials else None,
            "turns_with_several_lookups": len(saved),
            "median_saved_ms": round(statistics.median(saved), 3) if saved else None,
            "share_saved": round(1 - sum(walls) / sum(sequentials), 3)
            if sum(sequentials)
            else None,
        },
    }
    if stub is not None:
        report["stub_ttft_ms"] = stub_ttft_ms
        report["pipeline_overhead"] = percentiles(overhead)
    return report
