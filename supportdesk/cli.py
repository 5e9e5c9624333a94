"""The `supportdesk` command line: one entry point for operators, QA and developers."""

from __future__ import annotations

import asyncio
import json
import sys
from datetime import date
from typing import Annotated, Any

import typer
from pydantic import ValidationError

from supportdesk import cli_api, cli_conversation, cli_golden, cli_understanding, cli_worker
from supportdesk.errors import SupportdeskError
from supportdesk.logs import configure_logging
from supportdesk.settings import get_settings

app = typer.Typer(
    help="supportdesk: an AI customer-support assistant for online shops.",
    pretty_exceptions_show_locals=False,
    no_args_is_help=True,
    add_completion=False,
)
db_app = typer.Typer(help="Database: migrations and checks.", no_args_is_help=True)
demo_app = typer.Typer(
    help="The demo shop (Hollin & Reed): seed it and see what is in it.", no_args_is_help=True
)
kb_app = typer.Typer(help="The knowledge index of policies and catalogue.", no_args_is_help=True)
bench_app = typer.Typer(help="Benchmarks that print medians and p95.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(demo_app, name="demo")
app.add_typer(kb_app, name="kb")
app.add_typer(bench_app, name="bench")
app.add_typer(cli_understanding.train_app, name="train")
app.command("eval")(cli_understanding.eval_command)
app.command("triage")(cli_understanding.triage_command)
app.command("ask")(cli_conversation.ask_command)
app.add_typer(cli_conversation.escalations_app, name="escalations")
app.add_typer(cli_golden.golden_app, name="golden")
app.add_typer(cli_api.apikey_app, name="apikey")
bench_app.command("api")(cli_api.bench_api)
app.command("worker")(cli_worker.worker_command)
bench_app.command("tickets")(cli_worker.bench_tickets_command)


def _say(message: str) -> None:
    typer.echo(message, err=True)


def _open_db(migrate: bool = True) -> Any:
    from store.database import open_database

    return open_database(get_settings(), migrate=migrate)


@db_app.command("migrate")
def db_migrate() -> None:
    """Apply pending migrations (safe to run any number of times)."""
    from store.migrate import apply_migrations

    db = _open_db(migrate=False)
    applied = apply_migrations(db)
    typer.echo(f"applied {', '.join(applied)}" if applied else "database is up to date")
    typer.echo(f"database: {db.display_url}{' (embedded)' if db.embedded else ''}")


@demo_app.command("seed")
def demo_seed(
    seed: Annotated[
        int | None, typer.Option(help="Seed of the generated shop (default from settings).")
    ] = None,
    anchor: Annotated[
        str | None, typer.Option(help="The shop's 'today', YYYY-MM-DD (default: today).")
    ] = None,
    reset: Annotated[
        bool, typer.Option("--reset", help="Replace a demo shop seeded before (deletes its data).")
    ] = False,
) -> None:
    """Generate and load the demo shop: 3,000 SKUs, 2,000 customers, 10,000 orders, policies."""
    from store.demo.seed import seed_demo

    anchor_date = _parse_date(anchor) if anchor else None
    result = seed_demo(
        _open_db(),
        seed=seed if seed is not None else get_settings().demo_seed,
        anchor=anchor_date,
        reset=reset,
        progress=_say,
    )
    verb = {"created": "seeded", "replaced": "re-seeded", "unchanged": "already seeded"}[
        result.status
    ]
    typer.echo(
        f"demo shop {verb}: seed {result.seed}, anchor {result.anchor}, "
        f"content hash {result.content_hash[:16]}"
    )
    typer.echo(", ".join(f"{t} {n:,}" for t, n in result.rows.items()))


def _parse_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date like 2026-11-22") from None


@demo_app.command("stats")
def demo_stats_cmd(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Counts per table, order state and market, plus demo logins and orders to try."""
    from store.demo.stats import demo_stats

    stats = demo_stats(_open_db())
    if as_json:
        typer.echo(json.dumps(stats, indent=2, default=str))
        return
    from supportdesk.cli_render import render_stats

    render_stats(stats)


@kb_app.command("index")
def kb_index() -> None:
    """Embed policies and catalogue into the knowledge index (incremental, atomic swap)."""
    from rich.progress import Progress

    from nlp.embeddings import LocalEmbeddings
    from store.knowledge.index import build_index

    db = _open_db()
    with Progress(transient=True, disable=not sys.stderr.isatty()) as bar:
        task = bar.add_task("embedding chunks", total=None)
        last_print = [-1]

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)
            # Without a terminal (CI, logs) print a line every 512 chunks instead of a bar.
            if not sys.stderr.isatty() and (done // 512 != last_print[0] or done == total):
                last_print[0] = done // 512
                _say(f"embedded {done}/{total} chunks")

        report = build_index(db, LocalEmbeddings(query_cache=False), progress=progress)
    typer.echo(
        f"knowledge index {report.status}: {report.chunks_total} chunks, "
        f"{report.chunks_embedded} embedded, {report.chunks_removed} removed "
        f"in {report.seconds:.1f} s"
    )


@kb_app.command("search")
def kb_search(
    query: Annotated[str, typer.Argument(help="What to look for, in plain words.")],
    k: Annotated[int, typer.Option("--k", min=1, max=50, help="How many results.")] = 5,
    kind: Annotated[str | None, typer.Option(help="Only 'policy' or 'product'.")] = None,
    market: Annotated[str | None, typer.Option(help="Only what applies to UK, US or DE.")] = None,
    category: Annotated[str | None, typer.Option(help="Product category or policy slug.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Search the knowledge index; prints source ids, scores and titles."""
    if kind not in (None, "policy", "product"):
        raise typer.BadParameter("--kind must be 'policy' or 'product'")
    if market not in (None, "UK", "US", "DE"):
        raise typer.BadParameter("--market must be UK, US or DE")
    hits = asyncio.run(_search(query, k=k, kind=kind, market=market, category=category))
    if as_json:
        typer.echo(json.dumps([h.__dict__ for h in hits], indent=2, default=str))
        return
    if not hits:
        typer.echo("no results (is the index built? run `supportdesk kb index`)")
    for rank, hit in enumerate(hits, start=1):
        typer.echo(f"{rank}. {hit.score:.3f}  {hit.source_id:<34} {hit.title}")


async def _search(query: str, **kwargs: Any) -> list[Any]:
    from nlp.embeddings import shared_embeddings
    from store.knowledge.search import KnowledgeSearch

    search = await KnowledgeSearch.open(
        _open_db(), shared_embeddings(), ef_search=get_settings().search_ef
    )
    try:
        return await search.search(query, **kwargs)
    finally:
        await search.aclose()


@bench_app.command("foundation")
def bench_foundation(
    runs: Annotated[int, typer.Option(min=20, help="Measured runs per benchmark.")] = 300,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Knowledge search, order look-up (cache and database) and embedded cold start."""
    from supportdesk.bench import run_foundation_benchmarks

    result = run_foundation_benchmarks(get_settings(), runs=runs, progress=_say)
    if as_json:
        typer.echo(json.dumps(result, indent=2))
        return
    from supportdesk.cli_render import render_bench

    render_bench(result)


@bench_app.command("understanding")
def bench_understanding(
    runs: Annotated[int, typer.Option(min=20, help="Measured messages.")] = 300,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Masking + intent + sentiment per 60-word message, and triage throughput."""
    from supportdesk.bench_understanding import run_understanding_benchmarks

    result = run_understanding_benchmarks(get_settings(), runs=runs, progress=_say)
    if as_json:
        typer.echo(json.dumps(result, indent=2))
        return
    from supportdesk.cli_render import render_bench

    render_bench(result)
    triage = result["triage"]
    typer.echo(
        f"triage: {triage['tickets']} tickets in {triage['seconds']} s = "
        f"{triage['tickets_per_second']} tickets/s (target {triage['target']})"
    )


@bench_app.command("graph")
def bench_graph(
    runs: Annotated[
        int, typer.Option(min=20, help="Measured turns (after 10 warm-up turns).")
    ] = 200,
    llm_stub_ttft: Annotated[
        float | None,
        typer.Option(
            "--llm-stub-ttft",
            help="Use a local stub LLM with this time to first token (ms) instead of templates.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Time to first token of whole turns (server-side), and what concurrent look-ups save."""
    from supportdesk.bench_graph import run_graph_bench

    settings = get_settings()
    from supportdesk.logs import quiet_console

    with quiet_console():
        result = asyncio.run(
            run_graph_bench(
                settings, _open_db(), runs=runs, stub_ttft_ms=llm_stub_ttft, progress=_say
            )
        )
    if as_json:
        typer.echo(json.dumps(result, indent=2))
        return
    from supportdesk.cli_render import render_graph_bench

    render_graph_bench(result)


@bench_app.command("ui")
def bench_ui(
    browser_runs: Annotated[int, typer.Option(min=5, help="Measured browser turns.")] = 40,
    customers: Annotated[int, typer.Option(min=1, help="Concurrent socket customers.")] = 20,
    duration: Annotated[float, typer.Option(min=5, help="Seconds of socket load.")] = 120,
    think_ms: Annotated[float, typer.Option(min=0, help="Mean pause between turns.")] = 1000,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """The chat end to end: first visible token in Chromium, and concurrent socket customers."""
    from supportdesk.bench_ui import render_ui_bench, run_ui_bench

    result = run_ui_bench(
        get_settings(),
        _open_db(),
        browser_runs=browser_runs,
        customers=customers,
        duration_s=duration,
        think_ms=think_ms,
        progress=_say,
    )
    if as_json:
        typer.echo(json.dumps(result, indent=2))
        return
    for line in render_ui_bench(result):
        typer.echo(line)


@app.command("llm-stub")
def llm_stub(
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8010,
    host: Annotated[str, typer.Option(help="Address to bind.")] = "127.0.0.1",
    ttft_ms: Annotated[float, typer.Option(help="Delay before the first token (ms).")] = 0.0,
    token_ms: Annotated[float, typer.Option(help="Delay between tokens (ms).")] = 0.0,
) -> None:
    """Serve a local OpenAI-compatible stub LLM (for trying the LLM path without a provider)."""
    from supportdesk.llm_stub import serve

    serve(host=host, port=port, ttft_ms=ttft_ms, token_ms=token_ms)


@app.command("up")
def up(
    serve: Annotated[bool, typer.Option(help="Serve the app after preparing the data.")] = True,
) -> None:
    """Prepare everything (migrate, seed the demo shop, build the index) and start the app."""
    from supportdesk.up import prepare_and_serve

    prepare_and_serve(get_settings(), serve=serve, progress=_say)


def _settings_problem(exc: ValidationError) -> str:
    lines = []
    for error in exc.errors():
        field = str(error["loc"][0]) if error["loc"] else "?"
        lines.append(f"  SUPPORTDESK_{field.upper()}: {error['msg']}")
    return (
        "error: invalid settings (environment or .env):\n"
        + "\n".join(lines)
        + ("\n  -> fix the value or unset it; .env.example documents every variable")
    )


def main() -> None:
    try:
        level = get_settings().log_level
    except ValidationError as exc:
        _say(_settings_problem(exc))
        raise SystemExit(2) from None
    configure_logging(level, get_settings().log_format)
    try:
        app()
    except SupportdeskError as exc:
        _say(f"error: {exc}")
        raise SystemExit(2) from None
    except KeyboardInterrupt:
        _say("interrupted")
        raise SystemExit(130) from None
