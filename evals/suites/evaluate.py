"""One evaluation run: play the split once, score every chosen suite, judge the gate.

Offline (the default) the graph drafts with its templates even when an LLM is configured, so a
result never depends on a remote model by accident; `llm=True` drafts with the configured LLM
and adds the LLM-judged answer metrics. The privacy suite makes its own second pass through the
local stub LLM, so its LLM-boundary figure measures something in both modes.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from evals.golden_schema import EvalSplit, GoldenTicket, eval_split_file, load_eval_split
from evals.suites.gate import GateResult, judge
from evals.suites.records import TicketRun
from evals.suites.result import SuiteResult
from evals.suites.runner import play_tickets
from graph.deps import GraphDeps
from supportdesk.assistant import Assistant
from supportdesk.errors import ConfigurationError

GOLDEN_SUITES = ("intent", "routing", "retrieval", "answers", "privacy", "latency")
SUITES = (*GOLDEN_SUITES, "external")
Say = Callable[[str], None]
TicketProgress = Callable[[str, int, int], None]  # phase, done, total


@dataclass(frozen=True)
class EvalOptions:
    suites: tuple[str, ...] = GOLDEN_SUITES
    # or "dev-paraphrase" (the dev tickets in other words), "dev-fresh" (new dev tickets)
    split: EvalSplit = "dev"
    llm: bool = False
    stub_pass: bool = True  # the privacy suite's pass through the stub LLM
    ticket_ids: tuple[str, ...] | None = None  # a subset, for quick looks and tests
    # Where ticket_ids came from (the --tickets file), recorded so that a run over one subset is
    # compared only with earlier runs over the same subset.
    selection: str | None = None
    limit: int | None = None  # only the first N tickets: a quick look, never a reported figure


@dataclass
class EvalRun:
    started_at: str
    options: EvalOptions
    drafter: str
    shop: str
    tickets: int
    seconds: dict[str, float]
    suites: dict[str, SuiteResult]
    gate: GateResult
    runs: list[TicketRun] = field(default_factory=list)
    upload: str = "not attempted"

    def to_json(self) -> dict[str, Any]:
        return {
            "started_at": self.started_at,
            "split": self.options.split,
            "suites_run": list(self.suites),
            "drafter": self.drafter,
            "llm": self.options.llm,
            "limit": self.options.limit,
            "selection": self.options.selection,
            "shop": self.shop,
            "tickets": self.tickets,
            "seconds": self.seconds,
            "gate": self.gate.to_json(),
            "suites": {name: s.to_json() for name, s in self.suites.items()},
            "runs": [r.to_json() for r in self.runs],
            "upload": self.upload,
        }


def require_split_file(split: EvalSplit) -> None:
    """A clear error for a split file that is not there (the paraphrased set is optional)."""
    path = eval_split_file(split)
    if not path.is_file():
        raise ConfigurationError(
            f"The {split} tickets are missing: {path} does not exist.",
            hint="Build them with `.venv/bin/python -m evals.golden_build`"
            + {
                "dev-paraphrase": " (it reads evals/golden/paraphrase/*.toml).",
                "dev-fresh": " (it reads evals/golden/fresh/*.toml).",
            }.get(split, "."),
        )


def read_ticket_ids(path: Path) -> tuple[str, ...]:
    """The ticket ids a --tickets file lists: one per line, '#' starts a comment."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ConfigurationError(
            f"Cannot read the ticket list {path}: {exc.strerror or exc}",
            hint="Give a text file with one ticket id per line.",
        ) from exc
    ids = tuple(dict.fromkeys(w for line in lines if (w := line.split("#", 1)[0].strip())))
    if not ids:
        raise ConfigurationError(
            f"The ticket list {path} names no ticket.",
            hint="Give a text file with one ticket id per line.",
        )
    return ids


def select_tickets(options: EvalOptions) -> list[GoldenTicket]:
    require_split_file(options.split)
    loaded = load_eval_split(options.split)
    if loaded.errors:
        raise ConfigurationError(
            f"{len(loaded.errors)} golden ticket(s) do not parse, first: {loaded.errors[0]}",
            hint="Run `supportdesk golden validate` and fix the templates.",
        )
    tickets = list(loaded.tickets)
    if options.ticket_ids is not None:
        wanted = set(options.ticket_ids)
        unknown = sorted(wanted - {t.id for t in tickets})
        if unknown:  # a typo must not quietly shrink the set a figure is computed on
            raise ConfigurationError(
                f"{len(unknown)} chosen ticket id(s) are not in the {options.split} tickets, "
                f"first: {', '.join(unknown[:3])}",
                hint="Check the ids against the split's JSONL file (evals/golden/).",
            )
        tickets = [t for t in tickets if t.id in wanted]
    return tickets[: options.limit] if options.limit else tickets


def offline(deps: GraphDeps) -> GraphDeps:
    """The same parts with no LLM: the template drafter and the intent's tool plans."""
    settings = deps.settings.model_copy(update={"llm_base_url": None, "llm_api_key": None})
    return GraphDeps(**{**deps.__dict__, "settings": settings, "llm": None})


async def _play(
    deps: GraphDeps, tickets: Sequence[GoldenTicket], phase: str, progress: TicketProgress
) -> tuple[list[TicketRun], float]:
    async with Assistant.open(deps.settings, deps=deps) as bot:
        return await play_tickets(
            bot, deps.db, tickets, progress=lambda d, t, _id: progress(phase, d, t)
        )


async def _stub_pass(
    deps: GraphDeps, tickets: Sequence[GoldenTicket], progress: TicketProgress
) -> tuple[list[TicketRun], float]:
    from drafting.llm import LlmDrafter
    from supportdesk.llm_stub import StubServer

    with StubServer() as stub:
        settings = deps.settings.model_copy(
            update={"llm_base_url": stub.base_url, "llm_model": "stub", "llm_timeout_seconds": 10}
        )
        stub_deps = GraphDeps(
            **{**deps.__dict__, "settings": settings, "llm": LlmDrafter.from_settings(settings)}
        )

        def boundary() -> list[dict[str, Any]]:
            sent = stub.requests
            stub.reset()
            return sent

        async with Assistant.open(settings, deps=stub_deps) as bot:
            return await play_tickets(
                bot,
                deps.db,
                tickets,
                boundary=boundary,
                progress=lambda d, t, _id: progress("privacy: stub LLM pass", d, t),
            )


async def evaluate(
    deps: GraphDeps,
    options: EvalOptions,
    *,
    say: Say = lambda _m: None,
    progress: TicketProgress = lambda _p, _d, _t: None,
    shop: str = "",
) -> EvalRun:
    from evals.suites.scoring import score_suites

    unknown = sorted(set(options.suites) - set(SUITES))
    if unknown:
        raise ConfigurationError(
            f"unknown suite(s): {', '.join(unknown)}", hint=f"choose from {', '.join(SUITES)}"
        )
    if options.llm and deps.llm is None:
        raise ConfigurationError(
            "--llm asks for the configured LLM, but none is configured.",
            hint="Set SUPPORTDESK_LLM_BASE_URL (and _MODEL, _API_KEY), or drop --llm to "
            "evaluate offline with the template drafter.",
        )
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    begin = time.perf_counter()
    run_deps = deps if options.llm else offline(deps)
    golden = [s for s in options.suites if s in GOLDEN_SUITES]
    tickets = select_tickets(options) if golden else []
    seconds: dict[str, float] = {}
    runs: list[TicketRun] = []
    stub_runs: list[TicketRun] | None = None
    if tickets:
        say(f"playing {len(tickets)} {options.split} tickets ({_drafter(options)}) ...")
        runs, seconds["play"] = await _play(run_deps, tickets, "playing tickets", progress)
        if "privacy" in golden and options.stub_pass:
            say("privacy: playing them again through the local stub LLM ...")
            stub_runs, seconds["stub_pass"] = await _stub_pass(run_deps, tickets, progress)
    scoring_started = time.perf_counter()
    suites = await score_suites(
        run_deps, options, runs, stub_runs, say=say, progress=progress, timings=seconds
    )
    seconds["scoring"] = time.perf_counter() - scoring_started
    seconds["total"] = time.perf_counter() - begin
    return EvalRun(
        started_at=started_at,
        options=options,
        drafter=_drafter(options),
        shop=shop,
        tickets=len(tickets),
        seconds={k: round(v, 2) for k, v in seconds.items()},
        suites=suites,
        gate=judge(suites),
        runs=runs,
    )


def _drafter(options: EvalOptions) -> str:
    return "llm" if options.llm else "template"
