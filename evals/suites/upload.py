"""Uploading a run to LangSmith as an experiment, only when LANGSMITH_API_KEY is set.

Golden tickets hold what customers typed, personal data included, so nothing raw is uploaded:
each example carries the masked turns (placeholders, as the graph stored them), the expected
labels, and the reference answer masked by the same masker; each run carries the masked reply.
Every text then passes through `graph.tracing.scrub`, which also hides order numbers. Without
the key this module sends nothing and says so.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from evals.suites.records import TicketRun
from evals.suites.result import SuiteResult
from graph.tracing import scrub
from supportdesk.settings import Settings

Mask = Callable[[str], str]


@dataclass(frozen=True)
class UploadResult:
    status: str  # "skipped" (no key), "uploaded", "failed"
    detail: str


def example_payload(run: TicketRun, mask: Mask) -> dict[str, Any]:
    """One dataset example, masked: what LangSmith may hold about a golden ticket."""
    t = run.ticket
    payload = {
        "inputs": {"turns": run.masked_turns, "channel": t.channel, "market": t.market},
        "outputs": {
            "expected_intent": t.expected_intent,
            "expected_route": t.expected_route,
            "acceptable_routes": list(t.acceptable_routes),
            "reference_answer": mask(t.reference_answer),
        },
        "metadata": {"ticket_id": t.id, "split": t.split, "tags": list(t.tags)},
    }
    return dict(scrub(payload))


def run_payload(run: TicketRun) -> dict[str, Any]:
    return dict(
        scrub(
            {
                "route": run.route,
                "intent": run.intent,
                "confidence": run.confidence,
                "reply": run.masked_reply or run.masked_draft,
            }
        )
    )


def upload_experiment(
    settings: Settings,
    runs: Sequence[TicketRun],
    suites: dict[str, SuiteResult],
    *,
    split: str,
    experiment: str,
    mask: Mask,
) -> UploadResult:
    if settings.langsmith_api_key is None:
        return UploadResult("skipped", "LANGSMITH_API_KEY is not set: nothing was sent anywhere")
    from langsmith import Client

    try:
        client = Client(api_key=settings.langsmith_api_key.get_secret_value())
        name = f"supportdesk-golden-{split}"
        if client.has_dataset(dataset_name=name):
            dataset = client.read_dataset(dataset_name=name)
        else:
            dataset = client.create_dataset(name, description="supportdesk golden tickets, masked")
            client.create_examples(
                dataset_id=dataset.id, examples=[example_payload(r, mask) for r in runs]
            )
        by_ticket = {
            str((e.metadata or {}).get("ticket_id")): e.id
            for e in client.list_examples(dataset_id=dataset.id)
        }
        metrics = {f"{s}.{k}": v for s, r in suites.items() for k, v in r.metrics.items()}
        project = client.create_project(
            experiment, reference_dataset_id=dataset.id, metadata={"metrics": metrics}
        )
        now = datetime.now(UTC)
        for index, run in enumerate(runs):
            started = now + timedelta(milliseconds=index)
            client.create_run(
                "supportdesk-golden-ticket",
                inputs={"turns": scrub(run.masked_turns)},
                run_type="chain",
                project_name=project.name,
                outputs=run_payload(run),
                reference_example_id=by_ticket.get(run.ticket.id),
                start_time=started,
                end_time=started + timedelta(milliseconds=sum(o.total_ms for o in run.turns)),
            )
        client.flush()
    except Exception as exc:  # an upload problem must not lose the local result
        return UploadResult("failed", f"LangSmith upload failed: {type(exc).__name__}: {exc}")
    return UploadResult("uploaded", f"experiment {experiment} on dataset {name}")
