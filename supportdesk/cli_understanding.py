"""Commands for understanding messages: train models, measure them, triage ticket files."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from supportdesk.settings import get_settings

train_app = typer.Typer(help="Train the local models (intent, sentiment).", no_args_is_help=True)

# Understanding suites from the understanding issue (printed as text reports).
LEGACY_SUITES = ("pii", "sentiment")
# Golden-ticket suites (evals/suites): one run of the split feeds them all; `external` scores the
# models on the Bitext, CLINC and Presidio sets (what `--suite intent` used to print).
GOLDEN_SUITES = ("intent", "routing", "retrieval", "answers", "privacy", "latency")
SUITES = (*GOLDEN_SUITES, "external", *LEGACY_SUITES)


def _say(message: str) -> None:
    typer.echo(message, err=True)


@train_app.command("intent")
def train_intent() -> None:
    """Train the intent classifier from project examples, Bitext train and CLINC oos_train."""
    from nlp.intent.train import train_intent_model

    report = train_intent_model(get_settings(), progress=_say)
    typer.echo(json.dumps(_plain(report), indent=2, default=str))


@train_app.command("sentiment")
def train_sentiment() -> None:
    """Train the anger and urgency models from the project's written examples."""
    from nlp.embeddings import LocalEmbeddings
    from nlp.sentiment.artifact import save_models
    from nlp.sentiment.model import train_models

    models = train_models(LocalEmbeddings(query_cache=False), progress=_say)
    save_models(models, get_settings())
    typer.echo("sentiment models trained and saved")


def eval_command(
    suite: Annotated[
        list[str] | None,
        typer.Option(
            "--suite",
            help=f"Suites to run (repeatable): {', '.join(SUITES)}. Default: the golden-ticket "
            "suites.",
        ),
    ] = None,
    split: Annotated[
        str,
        typer.Option(
            "--split",
            help="Golden tickets to play: dev (tune here), test (score), dev-paraphrase (the "
            "dev tickets reworded: how well dev tuning generalises; built from "
            "evals/golden/paraphrase/) or dev-fresh (new development tickets asking what dev "
            "does not; built from evals/golden/fresh/). Compared only with earlier runs of the "
            "same split.",
        ),
    ] = "dev",
    llm: Annotated[
        bool,
        typer.Option("--llm", help="Draft with the configured LLM and let it judge the answers."),
    ] = False,
    gate: Annotated[
        bool, typer.Option("--gate", help="Exit 1 when a check in evals/gate.toml fails.")
    ] = False,
    baseline: Annotated[
        str | None,
        typer.Option("--baseline", help="Compare with this run folder, saved baseline or path."),
    ] = None,
    save_baseline: Annotated[
        str | None, typer.Option("--save-baseline", help="Also keep this run under a name.")
    ] = None,
    use_configured: Annotated[
        bool,
        typer.Option(
            "--use-configured",
            help="Play the tickets against the configured database (it must hold the seed-7 "
            "shop anchored on 2026-11-01); default: the evaluation's own shop under .data.",
        ),
    ] = False,
    limit: Annotated[
        int | None,
        typer.Option("--limit", min=1, help="Play only the first N tickets (a quick look)."),
    ] = None,
    tickets: Annotated[
        Path | None,
        typer.Option(
            "--tickets",
            help="Play only the tickets whose ids this file lists, one per line ('#' starts a "
            "comment), e.g. evals/golden/fresh/batch4.ids: one writing batch's figures. Compared "
            "only with earlier runs over the same file.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
) -> None:
    """Score the assistant on the golden tickets (and the models on external data).

    Offline unless --llm: the template drafter answers.
    Writes .data/eval-runs/<stamp>/result.json and report.html; compares with the last run.
    """
    chosen = list(dict.fromkeys(suite or GOLDEN_SUITES))
    unknown = [s for s in chosen if s not in SUITES]
    if unknown:
        raise typer.BadParameter(f"unknown suite {', '.join(unknown)}; choose from {SUITES}")
    from evals.golden_schema import EVAL_SPLITS

    if split not in EVAL_SPLITS:
        raise typer.BadParameter(f"--split must be one of {', '.join(EVAL_SPLITS)}, not {split!r}")
    if any(s in GOLDEN_SUITES for s in chosen):
        from evals.suites.evaluate import require_split_file

        require_split_file(split)  # type: ignore[arg-type]  # before minutes of model loading
    settings = get_settings()
    legacy: dict[str, Any] = {}
    for name in (s for s in chosen if s in LEGACY_SUITES):
        _say(f"running the {name} suite ...")
        legacy[name] = _run_suite(name, settings)
        if not as_json:
            typer.echo(legacy[name]["text"])
    scored = tuple(s for s in chosen if s not in LEGACY_SUITES)
    if not scored:
        if as_json:
            typer.echo(json.dumps({k: v["data"] for k, v in legacy.items()}, indent=2, default=str))
        return
    from evals.suites.cli_run import CliRequest, run_cli
    from evals.suites.evaluate import read_ticket_ids

    request = CliRequest(
        scored,
        split,  # type: ignore[arg-type]
        llm,
        baseline,
        save_baseline,
        use_configured,
        limit=limit,
        ticket_ids=read_ticket_ids(tickets) if tickets is not None else None,
        selection=str(tickets) if tickets is not None else None,
    )
    outcome = run_cli(settings, request, _say, {k: v["data"] for k, v in legacy.items()})
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "folder": str(outcome.folder),
                    "gate": outcome.run.gate.to_json(),
                    "metrics": {k: v.metrics for k, v in outcome.run.suites.items()},
                    "comparison": outcome.comparison.to_json() if outcome.comparison else None,
                    "seconds": outcome.run.seconds,
                },
                indent=2,
                default=str,
            )
        )
    else:
        if "external" in outcome.run.suites:
            from evals.pii_eval import format_pii_report
            from nlp.intent.report import format_intent_report

            details = outcome.run.suites["external"].details
            typer.echo(format_intent_report(details["intent"]))
            typer.echo(format_pii_report(details["presidio"]))
        typer.echo(outcome.summary)
        typer.echo(f"report: {outcome.folder / 'report.html'}")
    if gate and not outcome.run.gate.passed:
        raise typer.Exit(code=1)


def _run_suite(name: str, settings: Any) -> dict[str, Any]:
    if name == "pii":
        import asyncio

        from evals.pii_eval import format_pii_report, run_pii_eval, run_support_pii_eval
        from evals.suites.shop import open_eval_shop

        external = run_pii_eval()
        # The support messages name the demo catalogue's products, which must stay unmasked:
        # the evaluation's own seeded shop holds them (the configured database may be empty).
        shop = asyncio.run(open_eval_shop(settings, progress=typer.echo))
        support = run_support_pii_eval(shop.db)
        return {
            "data": {"presidio": external, "support": support},
            "text": format_pii_report(external) + "\n" + format_pii_report(support),
        }
    from evals.sentiment_eval import DEV_PATH, format_sentiment_report, run_sentiment_eval

    test = run_sentiment_eval(settings)  # blind: the targets are judged here
    dev = run_sentiment_eval(settings, path=DEV_PATH)  # seen during tuning: for comparison
    return {
        "data": {"test": test, "dev": dev},
        "text": format_sentiment_report(test)
        + "\n(development set, seen while tuning, optimistic)\n"
        + format_sentiment_report(dev),
    }


def triage_command(
    source: Annotated[Path, typer.Option("--in", help="Tickets, one JSON object per line.")],
    target: Annotated[Path, typer.Option("--out", help="Where to write one result per line.")],
) -> None:
    """Mask and understand each ticket of a JSONL file: id, text, optional customer_id, order_id."""
    from rich.progress import Progress

    from nlp.pii import load_product_names, load_variant_names
    from nlp.understand import load_understanding_models
    from store.database import open_database
    from supportdesk.triage import require_input, triage_file

    require_input(source)  # before the models load: a typo should fail in a second
    settings = get_settings()
    db = open_database(settings)
    models = load_understanding_models(
        settings,
        product_names=load_product_names(db),
        variant_names=load_variant_names(db),
        progress=_say,
    )
    interactive = sys.stderr.isatty()
    with Progress(transient=True, disable=not interactive) as bar:
        task = bar.add_task("triage", total=None)
        step = [0]

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)
            if not interactive and done // 500 != step[0]:
                step[0] = done // 500
                _say(f"triaged {done}/{total}")

        report = triage_file(source, target, models=models, db=db, progress=progress)
    for line_no, problem in report.malformed:
        _say(f"line {line_no}: skipped, {problem}")
    typer.echo(
        f"wrote {report.written} results to {target} ({report.per_second:.0f} tickets/s); "
        f"{len(report.malformed)} malformed lines skipped"
    )


def _plain(obj: Any) -> Any:
    return obj.__dict__ if hasattr(obj, "__dict__") else obj
