"""`supportdesk bench api`: time to first byte of the SSE chat under concurrent streams.

The app runs in its own process, as `supportdesk up` serves it. A temporary API key (chat:write,
no practical rate limit) lets `streams` clients each post a question, read the stream to its
end and post the next, for `seconds`. Time to first byte is from sending the request to the
first `token` event's bytes (nothing precedes it in the body). Every refusal, `error` event,
stream without `done` or transport failure counts as an error. The key and the benchmark's
conversations are removed afterwards.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from store.database import Database
from supportdesk.bench_graph import QUESTIONS, forget_conversations
from supportdesk.measure import percentiles
from supportdesk.settings import Settings
from ui.api.keys import ApiKeyStore

PROGRESS_EVERY_S = 5.0


@dataclass
class Tally:
    ttfb_ms: list[float] = field(default_factory=list)
    total_ms: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    routes: dict[str, int] = field(default_factory=dict)
    conversations: list[str] = field(default_factory=list)

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1


def guest_questions(db: Database, count: int = 200, seed: int = 11) -> list[str]:
    """Product and policy questions a guest gets answered (order questions need a login)."""
    rng = random.Random(seed)
    with db.connect() as conn:
        skus = [r["sku"] for r in conn.execute("SELECT sku FROM variants LIMIT 400").fetchall()]
    templates = [t for kind, t in QUESTIONS if kind != "order"]
    return [rng.choice(templates).format(sku=rng.choice(skus)) for _ in range(count)]


async def one_stream(client: httpx.AsyncClient, key: str, question: str, tally: Tally) -> None:
    conversation_id = str(uuid.uuid4())
    tally.conversations.append(conversation_id)
    started = time.perf_counter()
    first: float | None = None
    event = ""
    done: dict[str, Any] | None = None
    try:
        async with client.stream(
            "POST",
            f"/api/chat/{conversation_id}/messages",
            json={"message": question},
            headers={"Authorization": f"Bearer {key}"},
        ) as response:
            if response.status_code != 200:
                tally.error(f"http_{response.status_code}")
                return
            async for line in response.aiter_lines():
                if line.startswith("event:"):
                    event = line[6:].strip()
                elif line.startswith("data:"):
                    if event == "token" and first is None:
                        first = time.perf_counter()
                    elif event == "done":
                        done = json.loads(line[5:])
                    elif event == "error":
                        tally.error("error_event")
                        return
    except httpx.HTTPError as exc:
        tally.error(type(exc).__name__)
        return
    if first is None or done is None:
        tally.error("incomplete_stream")
        return
    tally.ttfb_ms.append((first - started) * 1000)
    tally.total_ms.append((time.perf_counter() - started) * 1000)
    route = str(done.get("route"))
    tally.routes[route] = tally.routes.get(route, 0) + 1


async def load(
    base_url: str,
    key: str,
    questions: list[str],
    *,
    streams: int,
    seconds: float,
    progress: Callable[[str], None],
) -> tuple[Tally, float]:
    tally = Tally()
    limits = httpx.Limits(max_connections=streams + 5, max_keepalive_connections=streams + 5)
    timeout = httpx.Timeout(120.0, connect=10.0)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=timeout) as client:
        warm = Tally()
        for question in questions[:3]:  # warm-up: caches, pools, first model calls
            await one_stream(client, key, question, warm)
        tally.conversations += warm.conversations
        tally.errors.update({f"warm-up:{k}": n for k, n in warm.errors.items()})
        started = time.monotonic()
        deadline = started + seconds

        async def worker(index: int) -> None:
            turn = index
            while time.monotonic() < deadline:
                await one_stream(client, key, questions[turn % len(questions)], tally)
                turn += streams

        async def report() -> None:
            while True:
                await asyncio.sleep(PROGRESS_EVERY_S)
                done = len(tally.ttfb_ms)
                errors = sum(tally.errors.values())
                so_far = percentiles(tally.ttfb_ms)["p50_ms"] if done else 0.0
                progress(
                    f"  {time.monotonic() - started:5.0f} s: {done} streams, {errors} errors, "
                    f"first byte p50 so far {so_far:.0f} ms"
                )

        reporter = asyncio.create_task(report())
        try:
            await asyncio.gather(*(worker(i) for i in range(streams)))
        finally:
            reporter.cancel()
    return tally, time.monotonic() - started


def run_api_bench(
    settings: Settings,
    db: Database,
    *,
    streams: int,
    seconds: float,
    progress: Callable[[str], None],
) -> dict[str, Any]:
    from supportdesk.bench_ui import chat_server
    from ui.history import forget_threads

    keys = ApiKeyStore(db)
    created = keys.create(
        f"bench-api-{uuid.uuid4().hex[:8]}", ["chat:write"], rate_limit_per_minute=10**9
    )
    assert created.key is not None and created.record is not None, created.detail
    tally = Tally()
    elapsed = 0.0
    try:
        with chat_server(settings, progress) as base_url:
            progress(f"{streams} concurrent SSE streams for {seconds:.0f} s ...")
            tally, elapsed = asyncio.run(
                load(
                    base_url,
                    created.key,
                    guest_questions(db),
                    streams=streams,
                    seconds=seconds,
                    progress=progress,
                )
            )
    finally:
        keys.delete(created.record.id)
        progress("removing the benchmark's conversations ...")
        forget_conversations(db, tally.conversations)
        forget_threads(db, tally.conversations)
    errors = sum(tally.errors.values())
    return {
        "drafter": "llm" if settings.llm_configured else "template",
        "streams": streams,
        "seconds": round(elapsed, 1),
        "completed": len(tally.ttfb_ms),
        "streams_per_second": round(len(tally.ttfb_ms) / elapsed, 2) if elapsed else None,
        "time_to_first_byte": percentiles(tally.ttfb_ms) if tally.ttfb_ms else None,
        "whole_stream": percentiles(tally.total_ms) if tally.total_ms else None,
        "routes": tally.routes,
        "errors": errors,
        "error_kinds": tally.errors,
    }


def render_api_bench(result: dict[str, Any]) -> list[str]:
    first = result["time_to_first_byte"] or {}
    whole = result["whole_stream"] or {}
    kinds = f" {result['error_kinds']}" if result["error_kinds"] else ""
    lines = [
        f"SSE chat, {result['streams']} concurrent streams for {result['seconds']} s "
        f"({result['drafter']} drafter): {result['completed']} streams "
        f"({result['streams_per_second']}/s), errors {result['errors']}{kinds}",
    ]
    if first:
        lines.append(
            f"  time to first byte p50 {first['p50_ms']:.1f} ms, p95 {first['p95_ms']:.1f} ms; "
            f"whole stream p50 {whole['p50_ms']:.1f} ms, p95 {whole['p95_ms']:.1f} ms"
        )
    lines.append(f"  routes {result['routes']}")
    return lines
