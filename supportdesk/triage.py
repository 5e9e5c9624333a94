"""`supportdesk triage`: masking + understanding over a JSONL file of tickets.

Also the shadow-mode tool: run it on historical tickets and compare with what agents did. Bad
lines are reported with their line numbers and skipped; the run never stops for one of them.
Output holds masked text only: the vault never leaves the process.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from nlp.understand import (
    ConversationContext,
    CustomerContext,
    UnderstandingModels,
    understand,
)
from store.database import Database
from supportdesk.errors import SupportdeskError

BATCH = 32  # tickets read, embedded and run through spaCy together
# Texts per ONNX call: small batches keep the model's activations in the CPU cache (at 32 or more
# a call costs more per text than at 4 to 8).
EMBED_CHUNK = 8


@dataclass
class TriageReport:
    written: int = 0
    malformed: list[tuple[int, str]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def per_second(self) -> float:
        return self.written / self.seconds if self.seconds else 0.0


@dataclass(frozen=True)
class Ticket:
    line_no: int
    id: str
    text: str
    customer_id: str | None
    order_id: str | None


def read_tickets(lines: Iterator[str], report: TriageReport) -> Iterator[Ticket]:
    for line_no, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            report.malformed.append((line_no, f"not valid JSON ({exc.msg})"))
            continue
        if not isinstance(obj, dict):
            report.malformed.append((line_no, "not a JSON object"))
            continue
        ticket_id, text = obj.get("id"), obj.get("text")
        if ticket_id is None or not isinstance(ticket_id, str | int):
            report.malformed.append((line_no, "missing 'id' (a string or number)"))
            continue
        if not isinstance(text, str):
            report.malformed.append((line_no, "missing 'text' (a string)"))
            continue
        customer_id, order_id = obj.get("customer_id"), obj.get("order_id")
        yield Ticket(
            line_no,
            str(ticket_id),
            text,
            customer_id if isinstance(customer_id, str) else None,
            order_id if isinstance(order_id, str) else None,
        )


class ContextLookup:
    """Customer and order context from the database, cached for the run."""

    def __init__(self, db: Database | None, now: datetime) -> None:
        self._db, self._now = db, now
        self._customers: dict[str, CustomerContext] = {}

    def customer(self, customer_id: str | None) -> CustomerContext | None:
        if not customer_id or self._db is None:
            return None
        if customer_id not in self._customers:
            with self._db.connect() as conn:
                row = conn.execute(
                    "SELECT id, full_name, market FROM customers WHERE id = %s", (customer_id,)
                ).fetchone()
            self._customers[customer_id] = (
                CustomerContext(row["id"], row["full_name"], row["market"])
                if row
                else CustomerContext()
            )
        return self._customers[customer_id]

    def conversation(self, order_id: str | None) -> ConversationContext:
        from nlp.signals import order_value, recent_contact_count

        if not order_id or self._db is None:
            return ConversationContext()
        value = order_value(self._db, order_id)
        contacts = recent_contact_count(self._db, order_id, now=self._now)
        return ConversationContext(
            order_total=value.total if value else None,
            order_currency=value.currency if value else None,
            recent_contacts=contacts,
        )


def require_input(source: Path) -> None:
    if not source.is_file():
        raise SupportdeskError(
            f"No such input file: {source}", hint="Pass --in path/to/tickets.jsonl."
        )


def triage_file(
    source: Path,
    target: Path,
    *,
    models: UnderstandingModels,
    db: Database | None,
    progress: Callable[[int, int], None] = lambda _done, _total: None,
) -> TriageReport:
    import time

    require_input(source)
    total = sum(1 for line in source.open(encoding="utf-8", errors="replace") if line.strip())
    report = TriageReport()
    lookup = ContextLookup(db, datetime.now(UTC))
    started = time.perf_counter()
    target.parent.mkdir(parents=True, exist_ok=True)
    # Write to a temporary file and rename, so an interrupted run never leaves half an output.
    partial = target.with_suffix(target.suffix + ".partial")
    # A pipeline: a worker embeds the next batch (ONNX Runtime, outside the GIL, its threads
    # set to share the cores) while this thread masks and classifies the batch before it.
    with (
        source.open(encoding="utf-8", errors="replace") as src,
        partial.open("w") as out,
        ThreadPoolExecutor(max_workers=1, thread_name_prefix="triage-embed") as pool,
    ):
        waiting: _Embedding | None = None
        for batch in _batches(read_tickets(src, report)):
            embedding = _start_embedding(batch, models, pool)
            if waiting is not None:
                _finish(waiting, models, lookup, out, report)
                progress(report.written + len(report.malformed), total)
            waiting = embedding
        if waiting is not None:
            _finish(waiting, models, lookup, out, report)
        progress(report.written + len(report.malformed), total)
    partial.replace(target)
    report.seconds = time.perf_counter() - started
    return report


def _batches(tickets: Iterator[Ticket]) -> Iterator[list[Ticket]]:
    batch: list[Ticket] = []
    for ticket in tickets:
        batch.append(ticket)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass(frozen=True)
class _Embedding:
    """A batch whose vectors are being computed: cleaned texts, and which of them are embedded."""

    batch: list[Ticket]
    cleaned: list[str]
    embedded: list[int]
    chunks: list[Future[list[list[float]]]]

    def vectors(self) -> list[list[float]]:
        return [vector for chunk in self.chunks for vector in chunk.result()]


def _start_embedding(
    batch: list[Ticket], models: UnderstandingModels, pool: ThreadPoolExecutor
) -> _Embedding:
    from nlp.hygiene import clean_message
    from nlp.reading import models_reading

    cleaned = [clean_message(t.text).text for t in batch]
    embedded = [i for i, text in enumerate(cleaned) if text]
    # The vector is of what the models read (nlp/reading.py), as in a conversation.
    texts = [models_reading(cleaned[i]) for i in embedded]
    chunks = [
        pool.submit(models.embeddings.embed_documents, texts[start : start + EMBED_CHUNK])
        for start in range(0, len(texts), EMBED_CHUNK)
    ]
    return _Embedding(batch, cleaned, embedded, chunks)


def _finish(
    work: _Embedding,
    models: UnderstandingModels,
    lookup: ContextLookup,
    out: TextIO,
    report: TriageReport,
) -> None:
    # spaCy reads the whole batch at once (cheaper per text than one by one); `understand` then
    # finds its NER results, and the vectors, ready.
    models.masker.prepare(work.cleaned[i] for i in work.embedded)
    vector_of = dict(zip(work.embedded, work.vectors(), strict=True))
    for i, ticket in enumerate(work.batch):
        result = understand(
            ticket.text,
            lookup.conversation(ticket.order_id),
            lookup.customer(ticket.customer_id),
            models=models,
            vector=vector_of.get(i),
        )
        record: dict[str, Any] = {"id": ticket.id, **result.to_record()}
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        report.written += 1
