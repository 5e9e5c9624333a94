"""Benchmark of a whole conversation turn: time to first token, measured server-side from the
message being received to the first token the customer would see.

Turns are questions the assistant answers itself (order status for the asker's own orders,
product and policy questions), built from the seeded shop, so every run streams a reply. The
template drafter is measured as is; with `--llm-stub` a local OpenAI-compatible stub with a
fixed time to first token stands in for the LLM (in a process of its own, like a real endpoint),
and the pipeline's own overhead is the time to first token minus what the stub spent waiting
before its first token, call by call (the turn records how many model calls it made). The stub
is measured in each of its shapes: a model that answers from the plan's facts in one call, and
one that takes a tool round first (two calls).
"""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from store.database import Database
from supportdesk.errors import ConfigurationError
from supportdesk.measure import percentiles
from supportdesk.ports import free_port
from supportdesk.settings import Settings
from supportdesk.turns import Session

if TYPE_CHECKING:
    from graph.deps import GraphDeps

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


# The stub's shapes of model behaviour (supportdesk.llm_stub.SHAPES), all measured by one run:
# "direct" answers from the plan's facts in one call; "tool_round" always looks something up
# first, then answers: two calls.
STUB_SHAPES = ("direct", "tool_round")


@dataclass
class _Timings:
    ttft: list[float] = field(default_factory=list)
    overhead: list[float] = field(default_factory=list)
    model_calls: list[int] = field(default_factory=list)
    saved: list[float] = field(default_factory=list)
    walls: list[float] = field(default_factory=list)
    sequentials: list[float] = field(default_factory=list)
    routes: dict[str, int] = field(default_factory=dict)
    llm_failed: int = 0


@contextmanager
def stub_process(ttft_ms: float) -> Iterator[str]:
    """The stub LLM in a process of its own, as a real endpoint is: its JSON and SSE work must
    not count as the pipeline's (in-process, its thread would share the interpreter lock).
    Yields its base URL; the requested model name picks the shape."""
    port = free_port()
    command = [sys.executable, "-m", "supportdesk.llm_stub", "--port", str(port)]
    process = subprocess.Popen(
        [*command, "--ttft-ms", f"{ttft_ms:g}"], stdout=subprocess.PIPE, text=True
    )
    try:
        banner = process.stdout.readline() if process.stdout else ""
        if f":{port}/v1" not in banner:
            raise ConfigurationError(
                "The stub LLM did not start.", hint="run `supportdesk llm-stub` to see why"
            )
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        process.terminate()
        process.wait(timeout=10)


async def run_graph_bench(
    settings: Settings,
    db: Database,
    *,
    runs: int,
    stub_ttft_ms: float | None,
    progress: Callable[[str], None],
    shapes: tuple[str, ...] = STUB_SHAPES,
) -> dict[str, Any]:
    """Time to first token over `runs` turns (after 10 warm-up turns); with the stub, once per
    shape in `shapes`: the report's top level is the first shape, `shapes` has them all."""
    from drafting.llm import LlmDrafter
    from graph.deps import GraphDeps, open_graph_deps

    measured: dict[str, _Timings] = {}
    if stub_ttft_ms is None:
        deps = await open_graph_deps(settings, db, progress=progress)
        try:
            measured["template"] = await _measure_with(deps, None, runs, progress)
        finally:
            await deps.aclose()
    else:
        with stub_process(stub_ttft_ms) as base_url:
            stub = {"llm_base_url": base_url, "llm_model": shapes[0], "llm_api_key": None}
            deps = await open_graph_deps(settings.model_copy(update=stub), db, progress=progress)
            try:
                for shape in shapes:
                    progress(f"stub shape {shape} ({stub_ttft_ms:g} ms to its first token):")
                    # The model's name picks the stub's shape: a drafter per shape, same deps.
                    shaped = deps.settings.model_copy(update={"llm_model": shape})
                    llm = LlmDrafter.from_settings(shaped)
                    per_shape = GraphDeps(**{**deps.__dict__, "settings": shaped, "llm": llm})
                    measured[shape] = await _measure_with(per_shape, stub_ttft_ms, runs, progress)
            finally:
                await deps.aclose()
    first = measured[next(iter(measured))]
    report: dict[str, Any] = {
        "drafter": "llm-stub" if stub_ttft_ms is not None else "template",
        "time_to_first_token": percentiles(first.ttft),
        "routes": first.routes,
        "retrieval": {
            "concurrent": percentiles(first.walls) if first.walls else None,
            "one_after_another": percentiles(first.sequentials) if first.sequentials else None,
            "turns_with_several_lookups": len(first.saved),
            "median_saved_ms": round(statistics.median(first.saved), 3) if first.saved else None,
            "share_saved": round(1 - sum(first.walls) / sum(first.sequentials), 3)
            if sum(first.sequentials)
            else None,
        },
    }
    if stub_ttft_ms is not None:
        report["stub_ttft_ms"] = stub_ttft_ms
        report["pipeline_overhead"] = percentiles(first.overhead)
        report["shapes"] = {
            shape: {
                "time_to_first_token": percentiles(t.ttft),
                "pipeline_overhead": percentiles(t.overhead),
                "model_calls_per_turn": round(statistics.mean(t.model_calls), 2)
                if t.model_calls
                else None,
                "turns_where_the_llm_failed": t.llm_failed,
                "routes": t.routes,
            }
            for shape, t in measured.items()
        }
    return report


async def _measure_with(
    deps: GraphDeps, stub_ttft_ms: float | None, runs: int, progress: Callable[[str], None]
) -> _Timings:
    from supportdesk.assistant import Assistant

    db = deps.db
    turns = build_turns(db, runs + 10)
    out = _Timings()
    conversations: list[str] = []
    try:
        async with Assistant.open(deps.settings, deps=deps) as bot:
            for index, turn in enumerate(turns):
                result = await bot.send(turn.message, turn.session)
                conversations.append(result.conversation_id)
                if index < 10:  # warm-up: caches, connection pool, first model calls
                    continue
                out.routes[result.route] = out.routes.get(result.route, 0) + 1
                if result.ttft_ms is None or result.route != "auto_reply":
                    continue  # the benchmark times answers, not hand-off sentences
                out.ttft.append(result.ttft_ms)
                if stub_ttft_ms is not None:
                    calls = result.retrieval.get("model_calls")
                    if calls is None:  # the model failed: the template drafter answered
                        out.llm_failed += 1
                    else:
                        out.model_calls.append(int(calls))
                        # Every call waits the stub's time to first token; the rest is ours.
                        out.overhead.append(result.ttft_ms - int(calls) * stub_ttft_ms)
                wall = result.retrieval.get("wall_ms")
                sequential = result.retrieval.get("sequential_ms")
                if wall is not None and sequential is not None and result.retrieval["calls"] > 1:
                    out.walls.append(float(wall))
                    out.sequentials.append(float(sequential))
                    out.saved.append(float(sequential) - float(wall))
                if (index - 9) % 50 == 0:
                    progress(f"  {index - 9}/{runs} turns")
    finally:
        progress("removing the benchmark's conversations ...")
        forget_conversations(db, conversations)
    return out
