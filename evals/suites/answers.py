"""answers: does the reply say what it must, and how close is it to the reference answer.

- required-fact presence: of the tickets answered automatically that have required facts, the
  share whose reply contains every one of them (`fact_present`); also per fact over all drafts;
- Ragas semantic similarity to the reference answer, with the project's local embeddings;
- Ragas ROUGE-L (F-measure) against the reference answer;
- with `--llm` and an LLM configured: Ragas faithfulness (is every claim backed by the facts
  the reply was drafted from) and response relevancy, judged by that LLM on masked text only.

For a ticket that went to a person, the compared text is the draft the agent received followed
by the hand-off sentence the customer got, the shape of such a ticket's reference answer.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence

from evals.golden_schema import fact_present
from evals.suites.ragas_metrics import AnswerScorer, JudgeScorer
from evals.suites.records import TicketRun
from evals.suites.result import Metric, SuiteResult, mean, ratio

Progress = Callable[[int, int], None]


def facts_missing(text: str, facts: Sequence[str]) -> list[str]:
    return [f for f in facts if not fact_present(f, text)]


def has_all_facts(text: str, facts: Sequence[str]) -> bool:
    return not facts_missing(text, facts)


async def answers_suite(
    runs: Sequence[TicketRun],
    scorer: AnswerScorer,
    judge: JudgeScorer | None = None,
    *,
    progress: Progress = lambda _d, _t: None,
) -> SuiteResult:
    auto_with_facts = [r for r in runs if r.auto and r.ticket.required_facts]
    complete = [r for r in auto_with_facts if has_all_facts(r.reply_text, r.ticket.required_facts)]
    fact_hits = [
        fact_present(f, r.answer_for_reference()) for r in runs for f in r.ticket.required_facts
    ]
    rows: list[dict[str, Metric | str]] = []
    for done, run in enumerate(runs, start=1):
        answer = run.answer_for_reference()
        row: dict[str, Metric | str] = {
            "id": run.ticket.id,
            "intent": run.ticket.expected_intent,
            "similarity": await scorer.similarity(run.ticket.reference_answer, answer),
            "rouge_l": await scorer.rouge(run.ticket.reference_answer, answer),
        }
        if judge is not None:
            masked_answer = run.masked_reply or run.masked_draft
            question = run.masked_turns[-1] if run.masked_turns else ""
            contexts = [f.masked_text for f in run.facts if f.masked_text]
            row["faithfulness"] = await judge.faithfulness(question, masked_answer, contexts)
            row["relevancy"] = await judge.relevancy(question, masked_answer)
        rows.append(row)
        progress(done, len(runs))

    def column(name: str, subset: Sequence[dict[str, Metric | str]]) -> Metric:
        return mean(v for r in subset if isinstance(v := r.get(name), float))

    metrics: dict[str, Metric] = {
        "auto_answers_with_facts": float(len(auto_with_facts)),
        "required_fact_presence": ratio(len(complete), len(auto_with_facts)),
        "fact_presence_all_answers": ratio(sum(fact_hits), len(fact_hits)),
        "semantic_similarity": column("similarity", rows),
        "rouge_l": column("rouge_l", rows),
    }
    if judge is not None:
        metrics["faithfulness"] = column("faithfulness", rows)
        metrics["response_relevancy"] = column("relevancy", rows)
    by_intent: dict[str, list[dict[str, Metric | str]]] = defaultdict(list)
    for row in rows:
        by_intent[str(row["intent"])].append(row)
    per_intent = {
        intent: {"similarity": column("similarity", g), "rouge_l": column("rouge_l", g)}
        for intent, g in sorted(by_intent.items())
    }
    complete_ids = {r.ticket.id for r in complete}
    incomplete = [
        {"id": r.ticket.id, "missing": facts_missing(r.reply_text, r.ticket.required_facts)}
        for r in auto_with_facts
        if r.ticket.id not in complete_ids
    ]
    notes = ["semantic similarity: Ragas with local all-MiniLM-L6-v2 embeddings"]
    if scorer.rouge_unavailable:
        notes.append(scorer.rouge_unavailable.reason)
    if judge is None:
        notes.append("faithfulness and relevancy need --llm with an LLM configured: not run")
    return SuiteResult(
        "answers", metrics, per_intent, {"incomplete_auto": incomplete}, tuple(notes)
    )
