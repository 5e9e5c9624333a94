"""retrieval: did the tools find the policy sections and products each answer rests on.

A ticket's reference sources of kind `policy:` and `sku:` are compared with the facts of the
same kinds the last turn retrieved (order, eligibility and refusal facts are checked by the
answers and routing suites instead). Ragas scores them two ways: by source id (ID-based context
precision and recall) and by text (non-LLM context precision and recall: string similarity of
the indexed texts, so a neighbouring section with near-identical wording gets credit). hit@k
asks whether any reference source is among the first k retrieved. Tickets without such
references (an order question, a refusal) are left out and counted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from evals.suites.ragas_metrics import ContextScorer
from evals.suites.records import TicketRun
from evals.suites.result import Metric, SuiteResult, mean, ratio
from store.database import Database

KINDS = ("policy:", "sku:")
HIT_AT = (1, 3, 5)


def retrieved_ids(run: TicketRun) -> list[str]:
    out: list[str] = []
    for fact in run.facts:
        if fact.source_id.startswith(KINDS) and fact.source_id not in out:
            out.append(fact.source_id)
    return out


def reference_ids(run: TicketRun) -> list[str]:
    return [s for s in run.ticket.reference_source_ids if s.startswith(KINDS)]


def indexed_texts(db: Database, source_ids: set[str]) -> dict[str, str]:
    """The indexed text of each source (what search embedded), for the text-based metrics."""
    with db.connect() as conn:
        rows = conn.execute(
            "SELECT source_id, content FROM knowledge_chunks WHERE source_id = ANY(%s)",
            (sorted(source_ids),),
        ).fetchall()
    return {str(r["source_id"]): str(r["content"]) for r in rows}


def _tool_recall(run: TicketRun) -> Metric:
    expected = [c.tool for c in run.ticket.expected_tools]
    made = {str(c.get("tool")) for c in run.tool_calls}
    return ratio(sum(t in made for t in expected), len(expected))


async def retrieval_suite(runs: Sequence[TicketRun], texts: Mapping[str, str]) -> SuiteResult:
    scorer = ContextScorer()
    rows: list[dict[str, Metric | str]] = []
    for run in runs:
        reference = reference_ids(run)
        if not reference:
            continue
        retrieved = retrieved_ids(run)
        id_p, id_r = await scorer.by_id(retrieved, reference)
        text_p, text_r = await scorer.by_text(
            [texts[s] for s in retrieved if s in texts], [texts[s] for s in reference if s in texts]
        )
        row: dict[str, Metric | str] = {
            "id": run.ticket.id,
            "intent": run.ticket.expected_intent,
            "id_precision": id_p,
            "id_recall": id_r,
            "text_precision": text_p,
            "text_recall": text_r,
        }
        for k in HIT_AT:
            row[f"hit@{k}"] = float(any(s in reference for s in retrieved[:k]))
        rows.append(row)

    def column(name: str, subset: Sequence[dict[str, Metric | str]]) -> Metric:
        return mean(v for r in subset if isinstance(v := r[name], float))

    metrics: dict[str, Metric] = {
        "tickets_scored": float(len(rows)),
        "tickets_without_references": float(len(runs) - len(rows)),
        "context_recall": column("id_recall", rows),
        "context_precision": column("id_precision", rows),
        "text_context_recall": column("text_recall", rows),
        "text_context_precision": column("text_precision", rows),
        **{f"hit@{k}": column(f"hit@{k}", rows) for k in HIT_AT},
        "tool_recall": mean(_tool_recall(r) for r in runs),
    }
    by_intent: dict[str, list[dict[str, Metric | str]]] = defaultdict(list)
    for row in rows:
        by_intent[str(row["intent"])].append(row)
    per_intent = {
        intent: {
            "tickets": float(len(group)),
            "context_recall": column("id_recall", group),
            "context_precision": column("id_precision", group),
        }
        for intent, group in sorted(by_intent.items())
    }
    notes = ["context recall/precision are Ragas ID-based; text_* are Ragas non-LLM (Levenshtein)"]
    if scorer.text_unavailable:
        notes.append(scorer.text_unavailable.reason)
    misses = [{"id": r["id"], "recall": r["id_recall"]} for r in rows if r["id_recall"] != 1.0]
    return SuiteResult("retrieval", metrics, per_intent, {"misses": misses}, notes=tuple(notes))
