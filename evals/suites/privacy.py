"""privacy: raw personal values where they must never be, and how well masking catches them.

Four places are searched for each ticket's raw values (`private_values.py`):

- the LLM boundary: every request body the LLM endpoint received. Offline the template drafter
  calls no LLM, so the boundary of the main run is empty; the suite therefore plays the split a
  second time through the local OpenAI-compatible stub (`supportdesk.llm_stub`), with the real
  `ChatOpenAI` client choosing tools and drafting, and searches what the stub recorded;
- log lines written while the tickets played (project loggers at DEBUG);
- traces: the final conversation state as the LangSmith hook would send it (`graph.tracing.scrub`);
- replies: what the customer was shown, for values no reply may contain (another customer's
  details, the customer's phone or street).

Masking recall: of the values the customer typed (their name in a sign-off, an email, a
postcode, an order number, a phone), the share that no longer appears in the masked turns.
Leaks are reported by ticket, place and kind of value, never with the value itself.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from evals.suites.private_values import PrivateValue, mentions
from evals.suites.records import TicketRun
from evals.suites.result import Metric, SuiteResult, ratio
from evals.suites.runner import messages_of

CHANNELS = ("llm_boundary", "logs", "traces", "replies")
TYPED_KINDS = ("name", "email", "phone", "street", "postcode", "order_id")


class CatalogueBlanker:
    """Removes the catalogue product names that contain a personal name before that name is
    searched: "Poppy Table Lamp" may be said anywhere, a customer called Poppy Harris may not.
    Only the few product names that contain the value are removed, which keeps this fast."""

    def __init__(self, names: Iterable[str]) -> None:
        self._names = sorted({n.casefold() for n in names if n}, key=len, reverse=True)
        self._cache: dict[str, re.Pattern[str] | None] = {}

    def _pattern(self, value: str) -> re.Pattern[str] | None:
        key = value.casefold()
        if key not in self._cache:
            hits = [n for n in self._names if key in n]
            self._cache[key] = (
                re.compile("|".join(re.escape(n) for n in hits), re.IGNORECASE) if hits else None
            )
        return self._cache[key]

    def without_products(self, value: str, text: str) -> str:
        pattern = self._pattern(value)
        return pattern.sub(" ", text) if pattern is not None else text


def _places(run: TicketRun) -> dict[str, str]:
    return {
        "llm_boundary": "\n".join(run.boundary),
        "logs": "\n".join(run.logs),
        "traces": run.trace_text,
        "replies": run.reply_text,
    }


def find_leaks(
    run: TicketRun, values: Sequence[PrivateValue], blank: CatalogueBlanker, pass_name: str
) -> list[dict[str, str]]:
    leaks = []
    for channel, text in _places(run).items():
        if not text:
            continue
        for value in values:
            if channel == "replies" and not value.forbidden_in_reply:
                continue
            haystack = blank.without_products(value.value, text) if value.kind == "name" else text
            if mentions(value.value, haystack):
                leaks.append(
                    {"id": run.ticket.id, "channel": channel, "kind": value.kind, "pass": pass_name}
                )
    return leaks


def masking_recall(
    runs: Sequence[TicketRun], values: Mapping[str, Sequence[PrivateValue]]
) -> tuple[dict[str, Metric], list[dict[str, str]]]:
    typed: Counter[str] = Counter()
    masked: Counter[str] = Counter()
    missed: list[dict[str, str]] = []
    for run in runs:
        raw = "\n".join(messages_of(run.ticket))
        after = "\n".join(run.masked_turns)
        for value in values.get(run.ticket.id, ()):
            if value.kind not in TYPED_KINDS or not mentions(value.value, raw):
                continue
            typed[value.kind] += 1
            if mentions(value.value, after):
                missed.append({"id": run.ticket.id, "kind": value.kind})
            else:
                masked[value.kind] += 1
    per_kind = {k: ratio(masked[k], typed[k]) for k in TYPED_KINDS if typed[k]}
    per_kind["all"] = ratio(sum(masked.values()), sum(typed.values()))
    return per_kind, missed


def privacy_suite(
    runs: Sequence[TicketRun],
    values: Mapping[str, Sequence[PrivateValue]],
    catalogue_names: Iterable[str],
    stub_runs: Sequence[TicketRun] | None = None,
) -> SuiteResult:
    blank = CatalogueBlanker(catalogue_names)
    leaks: list[dict[str, str]] = []
    for pass_name, played in (("main", runs), ("stub_llm", stub_runs or ())):
        for run in played:
            leaks += find_leaks(run, values.get(run.ticket.id, ()), blank, pass_name)
    by_channel = Counter(leak["channel"] for leak in leaks)
    recall, missed = masking_recall(runs, values)
    requests = sum(len(r.boundary) for r in (*runs, *(stub_runs or ())))
    metrics: dict[str, Metric] = {
        "pii_leaks": float(len(leaks)),
        **{f"leaks_{c}": float(by_channel[c]) for c in CHANNELS},
        "masking_recall": recall["all"],
        "llm_requests_checked": float(requests),
        "log_lines_checked": float(sum(len(r.logs) for r in (*runs, *(stub_runs or ())))),
    }
    notes = [
        "the LLM boundary is measured on a second pass through the local stub LLM, which "
        "records every request (offline the main run sends none; with --llm its requests go "
        "to the real endpoint unrecorded)"
        if stub_runs is not None
        else "no stub LLM pass was made: the boundary figure covers the main run only",
    ]
    return SuiteResult(
        "privacy",
        metrics,
        details={"leaks": leaks, "masking_recall": recall, "unmasked": missed},
        notes=tuple(notes),
    )
