"""Scoring the played tickets: each chosen suite, in a fixed order, from the one recording."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from evals.suites.records import TicketRun
from evals.suites.result import SuiteResult
from graph.deps import GraphDeps
from nlp.pii import load_product_names

if TYPE_CHECKING:
    from evals.suites.evaluate import EvalOptions, TicketProgress

Say = Callable[[str], None]


@dataclass(frozen=True)
class Inputs:
    deps: GraphDeps
    options: EvalOptions
    runs: Sequence[TicketRun]
    stub_runs: Sequence[TicketRun] | None
    say: Say
    progress: TicketProgress


async def _intent(i: Inputs) -> SuiteResult:
    from evals.suites.intent import intent_suite

    return intent_suite(i.runs)


async def _routing(i: Inputs) -> SuiteResult:
    from evals.suites.routing import routing_suite

    return routing_suite(i.runs, dict(i.deps.gate.auto))


async def _retrieval(i: Inputs) -> SuiteResult:
    from evals.suites.retrieval import indexed_texts, reference_ids, retrieval_suite

    i.say("retrieval: Ragas context precision and recall ...")
    ids = {s for r in i.runs for s in (*reference_ids(r), *(f.source_id for f in r.facts))}
    texts = await asyncio.to_thread(indexed_texts, i.deps.db, ids)
    return await retrieval_suite(i.runs, texts)


async def _answers(i: Inputs) -> SuiteResult:
    from evals.suites.answers import answers_suite
    from evals.suites.ragas_metrics import AnswerScorer, JudgeScorer

    judge = None
    if i.options.llm:
        from drafting.llm import chat_model_from_settings

        i.say("answers: faithfulness and relevancy judged by the configured LLM ...")
        chat = chat_model_from_settings(i.deps.settings, streaming=False)
        judge = JudgeScorer(chat, i.deps.models.embeddings)
    else:
        i.say("answers: required facts, Ragas semantic similarity and ROUGE-L ...")
    # Two embeddings per ticket: several minutes on a whole split, so it shows its progress.
    return await answers_suite(
        i.runs,
        AnswerScorer(i.deps.models.embeddings),
        judge,
        progress=lambda done, total: i.progress("scoring answers", done, total),
    )


async def _privacy(i: Inputs) -> SuiteResult:
    from evals.suites.privacy import privacy_suite
    from evals.suites.private_values import private_values

    i.say("privacy: searching the LLM boundary, logs, traces and replies ...")
    values = await asyncio.to_thread(private_values, i.deps.db, [r.ticket for r in i.runs])
    names = await asyncio.to_thread(load_product_names, i.deps.db)
    return privacy_suite(i.runs, values, names, i.stub_runs)


async def _latency(i: Inputs) -> SuiteResult:
    from evals.suites.latency import latency_suite

    return latency_suite(i.runs, "llm" if i.options.llm else "template")


async def _external(i: Inputs) -> SuiteResult:
    from evals.suites.external import external_suite

    i.say("external: Bitext test, CLINC out-of-scope and the Presidio set ...")
    return await asyncio.to_thread(external_suite, i.deps.settings, i.deps.models.intent)


SCORERS: dict[str, Callable[[Inputs], Awaitable[SuiteResult]]] = {
    "intent": _intent,
    "routing": _routing,
    "retrieval": _retrieval,
    "answers": _answers,
    "privacy": _privacy,
    "latency": _latency,
    "external": _external,
}


async def score_suites(
    deps: GraphDeps,
    options: EvalOptions,
    runs: Sequence[TicketRun],
    stub_runs: Sequence[TicketRun] | None,
    *,
    say: Say = lambda _m: None,
    progress: TicketProgress = lambda _p, _d, _t: None,
    timings: dict[str, float] | None = None,
) -> dict[str, SuiteResult]:
    inputs = Inputs(deps, options, runs, stub_runs, say, progress)
    out: dict[str, SuiteResult] = {}
    for name, scorer in SCORERS.items():
        if name in options.suites:
            started = time.perf_counter()
            out[name] = await scorer(inputs)
            if timings is not None:
                timings[f"scoring.{name}"] = time.perf_counter() - started
    return out
