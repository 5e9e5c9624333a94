"""`supportdesk eval` for the golden-ticket suites: run, write, compare, print, judge.

Each run writes `.data/eval-runs/<UTC stamp>/result.json` and `report.html`, compares itself with
the previous run on the same split (or `--baseline NAME`), prints a summary table, and with
`--gate` returns exit code 1 when a gate check fails. Progress goes to stderr (a bar on a
terminal, a line every 50 tickets in CI logs); results go to stdout.
"""

from __future__ import annotations

import asyncio
import json
import logging
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evals.compare import Comparison, compare, load_result, previous_run, resolve_baseline
from evals.golden_schema import EvalSplit
from evals.report_html import render_report
from evals.suites.evaluate import GOLDEN_SUITES, EvalOptions, EvalRun, evaluate
from evals.suites.gate import judge
from supportdesk.logs import quiet_console
from supportdesk.settings import Settings

Say = Callable[[str], None]


@dataclass(frozen=True)
class CliRequest:
    suites: tuple[str, ...]
    split: EvalSplit  # runs are compared only with earlier runs of the same split
    llm: bool = False
    baseline: str | None = None
    save_baseline: str | None = None
    use_configured: bool = False
    stub_pass: bool = True
    limit: int | None = None
    ticket_ids: tuple[str, ...] | None = None  # only these tickets (the --tickets file)
    selection: str | None = None  # the file they were read from


@dataclass(frozen=True)
class CliOutcome:
    run: EvalRun
    folder: Path
    comparison: Comparison | None
    summary: str


def runs_dir(settings: Settings) -> Path:
    return settings.data_dir / "eval-runs"


class TicketBar:
    """Progress per phase: a rich bar on a terminal, sparse lines otherwise."""

    def __init__(self, say: Say) -> None:
        self.say = say
        self.interactive = sys.stderr.isatty()
        self.bar: Any = None
        self.task: Any = None
        self.phase = ""

    def __call__(self, phase: str, done: int, total: int) -> None:
        if not self.interactive:
            if done == total or done % 50 == 0:
                self.say(f"{phase}: {done}/{total}")
            return
        from rich.progress import Progress

        if phase != self.phase:
            self.close()
            self.bar = Progress(transient=True)
            self.bar.start()
            self.task = self.bar.add_task(phase, total=total)
            self.phase = phase
        self.bar.update(self.task, completed=done)
        if done == total:
            self.close()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None
        self.phase = ""


async def _golden(settings: Settings, request: CliRequest, say: Say) -> EvalRun:
    # The OpenAI client logs every request at INFO, and every turn logs a "turn finished" line:
    # over a thousand lines per run. The terminal shows progress and warnings instead; the
    # privacy suite still reads every line through its own handler.
    logging.getLogger("httpx2").setLevel(logging.WARNING)
    with quiet_console():
        return await _play_and_score(settings, request, say)


async def _play_and_score(settings: Settings, request: CliRequest, say: Say) -> EvalRun:
    from evals.suites.shop import open_eval_shop
    from evals.suites.upload import upload_experiment
    from graph.deps import open_graph_deps
    from nlp.pii import Vault

    shop = await open_eval_shop(settings, use_configured=request.use_configured, progress=say)
    deps = await open_graph_deps(shop.settings, shop.db, progress=say)
    bar = TicketBar(say)
    try:
        options = EvalOptions(
            request.suites,
            request.split,
            request.llm,
            request.stub_pass,
            ticket_ids=request.ticket_ids,
            selection=request.selection,
            limit=request.limit,
        )
        run = await evaluate(deps, options, say=say, progress=bar, shop=shop.where)
        bar.close()
        upload = await asyncio.to_thread(
            upload_experiment,
            settings,
            run.runs,
            run.suites,
            split=request.split,
            experiment=f"supportdesk-{request.split}-{run.started_at}",
            mask=lambda text: deps.models.masker.mask(text, Vault()).masked_text,
        )
        run.upload = upload.detail
        say(upload.detail)
        return run
    finally:
        bar.close()
        await deps.aclose()


def _external_only(settings: Settings, request: CliRequest, say: Say) -> EvalRun:
    from datetime import UTC, datetime

    from evals.suites.external import external_suite

    say("external: Bitext test, CLINC out-of-scope and the Presidio set ...")
    started = time.perf_counter()
    suites = {"external": external_suite(settings)}
    return EvalRun(
        started_at=datetime.now(UTC).isoformat(timespec="seconds"),
        options=EvalOptions(request.suites, request.split, request.llm),
        drafter="none",
        shop="not used",
        tickets=0,
        seconds={"total": round(time.perf_counter() - started, 2)},
        suites=suites,
        gate=judge(suites),
    )


def summary_table(run: EvalRun, comparison: Comparison | None) -> str:
    gate_of = {c.metric: c for c in run.gate.checks}
    lines = [f"{'suite.metric':<42} {'value':>10}  {'gate':<10} result"]
    for name, suite in run.suites.items():
        for metric, value in suite.metrics.items():
            key = f"{name}.{metric}"
            check = gate_of.get(key)
            shown = "-" if value is None else f"{value:.4g}"
            target = f"{check.op} {check.threshold:g}" if check else ""
            status = (
                check.status.upper()
                if check and check.status == "fail"
                else (check.status if check else "")
            )
            lines.append(f"{key:<42} {shown:>10}  {target:<10} {status}")
    if all(c.status == "not_run" for c in run.gate.checks):
        lines.append(f"quality gate v{run.gate.version}: no gated suite was run (not passed)")
    else:
        verdict = "PASSED" if run.gate.passed else "FAILED"
        lines.append(f"quality gate v{run.gate.version}: {verdict}")
    if comparison is not None:
        better, worse = comparison.moved("better"), comparison.moved("worse")
        lines.append(f"against {comparison.baseline}: {len(better)} better, {len(worse)} worse")
        lines += [f"  worse  {c.metric}: {c.before} -> {c.after}" for c in worse] + [
            f"  better {c.metric}: {c.before} -> {c.after}" for c in better
        ]
    return "\n".join(lines)


def run_cli(
    settings: Settings, request: CliRequest, say: Say, legacy: dict[str, Any] | None = None
) -> CliOutcome:
    golden = [s for s in request.suites if s in GOLDEN_SUITES]
    run = (
        asyncio.run(_golden(settings, request, say))
        if golden
        else _external_only(settings, request, say)
    )
    base_dir = runs_dir(settings)
    folder = base_dir / time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    while folder.exists():  # two runs in one second: never overwrite
        folder = folder.with_name(folder.name + "-1")
    folder.mkdir(parents=True)
    result = run.to_json()
    if legacy:
        result["understanding"] = legacy
    baseline_path = (
        resolve_baseline(request.baseline, base_dir)
        if request.baseline
        else previous_run(
            base_dir,
            request.split,
            before=folder,
            limit=request.limit,
            selection=request.selection,
            suites=request.suites,
        )
    )
    comparison = None
    if baseline_path is not None:
        comparison = compare(result, load_result(baseline_path), str(baseline_path))
        result["comparison"] = comparison.to_json()
    (folder / "result.json").write_text(json.dumps(result, indent=1, default=str), "utf-8")
    (folder / "report.html").write_text(
        render_report(result, result.get("comparison")), encoding="utf-8"
    )
    if request.save_baseline:
        saved = base_dir / "baselines" / f"{request.save_baseline}.json"
        saved.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(folder / "result.json", saved)
        say(f"saved as baseline {request.save_baseline}: {saved}")
    return CliOutcome(run, folder, comparison, summary_table(run, comparison))
