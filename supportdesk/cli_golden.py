"""`supportdesk golden ...`: the golden tickets QA scores the product on (evals/golden/)."""

from __future__ import annotations

from typing import Annotated

import typer

golden_app = typer.Typer(
    help="Golden tickets: build them from their templates and validate them.", no_args_is_help=True
)


@golden_app.command("validate")
def golden_validate(
    use_configured: Annotated[
        bool,
        typer.Option(
            "--use-configured",
            help="Check against the configured database (it must hold the seed-7 demo shop "
            "anchored on 2026-11-01); default: a private, freshly seeded one.",
        ),
    ] = False,
) -> None:
    """Check every ticket against the schema and the seeded shop; exit 1 on any problem."""
    from evals.golden_validate import main

    code = main(["--use-configured"] if use_configured else [])
    raise typer.Exit(code=code)


@golden_app.command("build")
def golden_build(
    check: Annotated[
        bool,
        typer.Option(
            "--check", help="Only compare with the committed files; exit 1 if out of date."
        ),
    ] = False,
) -> None:
    """Regenerate evals/golden/dev.jsonl and test.jsonl from the ticket templates,
    dev_paraphrase.jsonl from the rewrites in evals/golden/paraphrase/ and dev_fresh.jsonl from
    the new development tickets in evals/golden/fresh/."""
    from evals.golden_build import main

    raise typer.Exit(code=main(["--check"] if check else []))
