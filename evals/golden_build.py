"""Builds the golden tickets from the templates in `evals/golden/templates/` and the seeded shop.

Deterministic: the shop is generated from seed 7 and anchor 2026-11-01 (exactly the rows
`seed_demo` loads), templates are read in taxonomy order, rows are picked in id order and each is
used once, and the dev/test split is a fixed function of the ticket ids. Running it twice writes
the same bytes; `--check` says whether the committed files are what the templates produce.
When `evals/golden/paraphrase/` exists it also writes `dev_paraphrase.jsonl`, the paraphrased dev
set (`golden_paraphrase.py`), from its own shop so that dev.jsonl and test.jsonl do not change.
When `evals/golden/fresh/` holds templates it also writes `dev_fresh.jsonl`, new development
tickets (`golden_fresh.py`), likewise on a shop of their own.

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
from evals.golden_fresh import FRESH_DIR, check_not_copied, compose_fresh, load_fresh
from evals.golden_guards import TemplateError
from evals.golden_paraphrase import (
    PARAPHRASE_DIR,
    Original,
    check_composed,
    compose_rewrites,
    load_rewrites,
)
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
    files: dict[str, str]  # file stem (dev, test, dev_paraphrase, dev_fresh) -> JSONL text
    paraphrased: tuple[GoldenTicket, ...] = ()
    fresh: tuple[GoldenTicket, ...] = ()


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


def ticket_of(draft: Draft, ticket_id: str, split: str) -> GoldenTicket:
    """The ticket a composed draft becomes under its id and split."""
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


def _jsonl(tickets: tuple[GoldenTicket, ...]) -> str:
    return "".join(json.dumps(ticket_to_json(t), ensure_ascii=False) + "\n" for t in tickets)


def build(
    demo: DemoShop | None = None,
    templates_dir: Path = TEMPLATES_DIR,
    paraphrase_dir: Path | None = None,
    fresh_dir: Path | None = None,
) -> BuildResult:
    """The golden tickets; with `paraphrase_dir`, also the paraphrased dev set built from it;
    with `fresh_dir`, also the fresh dev set."""
    demo = demo or generate_shop(SEED, ANCHOR)
    shop = Shop.of(demo, load_policy_rules())
    drafts: list[tuple[str, Draft]] = []
    entries_of: list[tuple[str, str, dict[str, object]]] = []  # (file intent, where, entry)
    counters: dict[str, int] = {}
    templates = load_templates(templates_dir)
    fresh: tuple[GoldenTicket, ...] = ()
    if fresh_dir is not None:
        fresh_entries = load_fresh(load_templates(fresh_dir))
        check_not_copied(fresh_entries, [e for _, entries in templates for e in entries])
        fresh = tuple(ticket_of(d, i, "dev") for i, d in compose_fresh(demo, fresh_entries))
    for file_intent, entries in templates:
        for n, entry in enumerate(entries, start=1):
            where = f"{file_intent}.toml entry {n}"
            draft = compose(shop, file_intent, entry, where)
            counters[draft.intent] = counters.get(draft.intent, 0) + 1
            drafts.append((f"gt-{draft.intent}-{counters[draft.intent]:03d}", draft))
            entries_of.append((file_intent, where, entry))
    ids_by_intent: dict[str, list[str]] = {}
    for ticket_id, draft in drafts:
        ids_by_intent.setdefault(draft.intent, []).append(ticket_id)
    split = _split_of(ids_by_intent)
    tickets = tuple(ticket_of(d, i, split[i]) for i, d in drafts)
    files = {name: _jsonl(tuple(t for t in tickets if t.split == name)) for name in ("dev", "test")}
    if fresh_dir is not None:
        files["dev_fresh"] = _jsonl(fresh)
    if paraphrase_dir is None:
        return BuildResult(tickets, files, fresh=fresh)
    originals = [
        Original(ticket_id, split[ticket_id], file_intent, where, dict(entry))
        for (ticket_id, _), (file_intent, where, entry) in zip(drafts, entries_of, strict=True)
    ]
    rewritten = compose_rewrites(demo, originals, load_rewrites(paraphrase_dir))
    paraphrased = tuple(ticket_of(d, i, "dev") for i, d in rewritten)
    check_composed(paraphrased, tickets)
    files["dev_paraphrase"] = _jsonl(paraphrased)
    return BuildResult(tickets, files, paraphrased, fresh)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    parser.add_argument("--out", type=Path, default=GOLDEN_DIR)
    parser.add_argument("--paraphrase", type=Path, default=PARAPHRASE_DIR, help=argparse.SUPPRESS)
    parser.add_argument("--fresh", type=Path, default=FRESH_DIR, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        result = build(
            paraphrase_dir=args.paraphrase if args.paraphrase.is_dir() else None,
            fresh_dir=args.fresh if args.fresh.is_dir() else None,
        )
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
    if "dev_paraphrase" in counts:
        print(f"{counts['dev_paraphrase']} paraphrased dev tickets (dev_paraphrase.jsonl)")
    if "dev_fresh" in counts:
        print(f"{counts['dev_fresh']} fresh dev tickets (dev_fresh.jsonl)")
    if stale:
        print("out of date (run without --check): " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
