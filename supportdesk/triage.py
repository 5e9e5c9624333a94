"""`supportdesk triage`: masking + understanding over a JSONL file of tickets.

Also the shadow-mode tool: run it on historical tickets and compare with what agents did. Bad
lines are reported with their line numbers and skipped; the run never stops for one of them.
Output holds masked text only: the vault never leaves the process.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
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

EMBED_BATCH = 32  # embedding a batch at once is where most of the throughput comes from


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
    with source.open(encoding="utf-8", errors="replace") as src, partial.open("w") as out:
        batch: list[Ticket] = []
        for ticket in read_tickets(src, report):
            batch.append(ticket)
            if len(batch) >= EMBED_BATCH:
                _run_batch(batch, models, lookup, out, report)
                batch = []
                progress(report.written + len(report.malformed), total)
        if batch:
            _run_batch(batch, models, lookup, out, report)
        progress(report.written + len(report.malformed), total)
    partial.replace(target)
    report.seconds = time.perf_counter() - started
    return report


def _run_batch(
    batch: list[Ticket],
    models: UnderstandingModels,
    lookup: ContextLookup,
    out: TextIO,
    report: TriageReport,
) -> None:
    from nlp.hygiene import clean_message

    cleaned = [clean_message(t.text).text for t in batch]
    to_embed = [i for i, text in enumerate(cleaned) if text]
    vectors = models.embeddings.embed_documents([cleaned[i] for i in to_embed])
    vector_of: dict[int, list[float]] = dict(zip(to_embed, vectors, strict=True))
    for i, ticket in enumerate(batch):
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
