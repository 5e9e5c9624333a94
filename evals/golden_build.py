"""Builds the golden tickets from the templates in `evals/golden/templates/` and the seeded shop.

Deterministic: the shop is generated from seed 7 and anchor 2026-11-01 (exactly the rows
`seed_demo` loads), templates are read in taxonomy order, rows are picked in id order and each is
used once, and the dev/test split is a fixed function of the ticket ids. Running it twice writes
the same bytes; `--check` says whether the committed files are what the templates produce.

Run: `.venv/bin/python -m evals.golden_build [--check]`
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from evals.golden_compose import Draft, compose
from evals.golden_guards import TemplateError
from evals.golden_schema import GOLDEN_DIR, GoldenTicket, ticket_to_json
from evals.golden_shop import Shop
from nlp.taxonomy import INTENT_NAMES
from store.demo.shop import DemoShop, generate_shop
from store.policy_rules import load_policy_rules

SEED = 7
ANCHOR = date(2026, 11, 1)
TEMPLATES_DIR = GOLDEN_DIR / "templates"
DEV_SHARE = 0.4


@dataclass(frozen=True)
class BuildResult:
    tickets: tuple[GoldenTicket, ...]
    files: dict[str, str]  # split -> JSONL text


def load_templates(directory: Path = TEMPLATES_DIR) -> list[tuple[str, list[dict[str, object]]]]:
    """(intent, entries) per template file, in the taxonomy's order."""
    found: dict[str, tuple[str, list[dict[str, object]]]] = {}
    for path in sorted(directory.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        intent = str(data.get("intent", path.stem))
        if intent not in INTENT_NAMES:
            raise TemplateError(f"{path.name}: intent {intent!r} is not in the taxonomy")
        found[intent] = (path.name, list(data.get("t", [])))
    names: list[str] = list(INTENT_NAMES)
    return [(i, found[i][1] if i in found else []) for i in names]


def _split_of(ids_by_intent: dict[str, list[str]]) -> dict[str, str]:
    """About 40% of each intent's tickets to dev, chosen by a hash of the id (stratified)."""
    split: dict[str, str] = {}
    for ids in ids_by_intent.values():
        ordered = sorted(ids, key=lambda i: hashlib.sha256(i.encode()).hexdigest())
        for n, ticket_id in enumerate(ordered):
            dev = int((n + 1) * DEV_SHARE) > int(n * DEV_SHARE)
            split[ticket_id] = "dev" if dev else "test"
    return split


def _ticket(draft: Draft, ticket_id: str, split: str) -> GoldenTicket:
    return GoldenTicket(
        id=ticket_id,
        split=split,  # type: ignore[arg-type]
        channel=draft.channel,  # type: ignore[arg-type]
        market=draft.market,  # type: ignore[arg-type]
        customer=draft.customer,
        subject=draft.subject,
        turns=draft.turns,
        expected_intent=draft.intent,  # type: ignore[arg-type]
        expected_route=draft.route.expected,
        acceptable_routes=draft.route.acceptable,
        must_escalate=draft.route.must_escalate,
        route_reason=draft.route.reason,
        expected_tools=draft.tools,
        reference_answer=draft.answer,
        reference_source_ids=draft.sources,
        required_facts=draft.facts,
        must_not_contain=draft.must_not,
        orders=draft.orders,
        skus=draft.skus,
        tags=draft.tags,
    )


def build(demo: DemoShop | None = None, templates_dir: Path = TEMPLATES_DIR) -> BuildResult:
    demo = demo or generate_shop(SEED, ANCHOR)
    shop = Shop.of(demo, load_policy_rules())
    drafts: list[tuple[str, Draft]] = []
    counters: dict[str, int] = {}
    for file_intent, entries in load_templates(templates_dir):
        for n, entry in enumerate(entries, start=1):
            draft = compose(shop, file_intent, entry, f"{file_intent}.toml entry {n}")
            counters[draft.intent] = counters.get(draft.intent, 0) + 1
            drafts.append((f"gt-{draft.intent}-{counters[draft.intent]:03d}", draft))
    ids_by_intent: dict[str, list[str]] = {}
    for ticket_id, draft in drafts:
        ids_by_intent.setdefault(draft.intent, []).append(ticket_id)
    split = _split_of(ids_by_intent)
    tickets = tuple(_ticket(d, i, split[i]) for i, d in drafts)
    files = {
        name: "".join(
            json.dumps(ticket_to_json(t), ensure_ascii=False) + "\n"
            for t in tickets
            if t.split == name
        )
        for name in ("dev", "test")
    }
    return BuildResult(tickets, files)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    parser.add_argument("--out", type=Path, default=GOLDEN_DIR)
    args = parser.parse_args(argv)
    try:
        result = build()
    except TemplateError as exc:
        print(f"template error: {exc}", file=sys.stderr)
        return 2
    stale = []
    for name, text in result.files.items():
        path = args.out / f"{name}.jsonl"
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(str(path))
        else:
            path.write_text(text, encoding="utf-8")
    counts = {name: text.count("\n") for name, text in result.files.items()}
    print(f"{len(result.tickets)} tickets: dev {counts['dev']}, test {counts['test']}")
    if stale:
        print("out of date (run without --check): " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
