"""Show what new fresh entries become, while their writer is still writing them.

A writer of fresh tickets (`evals/golden/fresh/WRITING.md`) adds entries to a copy of the fresh
files and must see what the builder makes of each one (the order or product it picked, the route,
the reference answer and the facts it computed) before handing the files back. The full build
takes minutes and writes `test.jsonl`, which a writer must never open; this composes only the
intent files asked for, each on a shop of its own as the build does, refuses a turn that repeats
a main template's words as the build does, and prints the entries from a given number on. Ids are
the ones the build gives when no other file holds entries of the same intent.

Run: `.venv/bin/python -m evals.golden_fresh_preview DIR --intent billing [--from N]`
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from evals.golden_build import ANCHOR, SEED, TEMPLATES_DIR, load_templates, ticket_of
from evals.golden_fresh import check_not_copied, compose_fresh, load_fresh
from evals.golden_guards import TemplateError
from evals.golden_schema import GoldenTicket
from nlp.taxonomy import INTENT_NAMES
from store.demo.shop import generate_shop


def preview(directory: Path, intents: Sequence[str], first: int = 1) -> list[GoldenTicket]:
    """The tickets the entries of `intents`' files in `directory` give, from entry `first` of
    each file on (1 is the first entry). Raises TemplateError as the build would."""
    chosen = [(i, entries) for i, entries in load_templates(directory) if i in intents]
    fresh = load_fresh(chosen, label=str(directory))
    check_not_copied(fresh, [e for _, entries in load_templates(TEMPLATES_DIR) for e in entries])
    composed = compose_fresh(generate_shop(SEED, ANCHOR), fresh)
    position: dict[str, int] = {}
    shown: list[GoldenTicket] = []
    for entry, (ticket_id, draft) in zip(fresh, composed, strict=True):
        position[entry.file_intent] = position.get(entry.file_intent, 0) + 1
        if position[entry.file_intent] >= first:
            shown.append(ticket_of(draft, ticket_id, "dev"))
    return shown


def describe(ticket: GoldenTicket) -> str:
    """One ticket as a writer checks it: what was picked, the route and why, the answer."""
    picked = [o.id for o in ticket.orders] + list(ticket.skus)
    lines = [
        f"{ticket.id}  {ticket.expected_route} ({ticket.route_reason})",
        f"  market {ticket.market}, {ticket.channel}, customer {ticket.customer.kind}"
        + (f", picked {', '.join(picked)}" if picked else ""),
        *(f"  turn {n}: {turn}" for n, turn in enumerate(ticket.turns, start=1)),
        f"  answer: {ticket.reference_answer}",
        f"  facts: {', '.join(ticket.required_facts) or '(none)'}",
    ]
    if ticket.must_not_contain:
        lines.append(f"  must not say: {', '.join(ticket.must_not_contain)}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Show the tickets new fresh entries give (see evals/golden/fresh/WRITING.md)."
    )
    parser.add_argument("directory", type=Path, help="a folder of <intent>.toml fresh files")
    parser.add_argument(
        "--intent",
        action="append",
        required=True,
        choices=INTENT_NAMES,
        metavar="INTENT",
        help="an intent whose file to compose (repeatable)",
    )
    parser.add_argument(
        "--from",
        dest="first",
        type=int,
        default=1,
        help="show each file's entries from this number on (default: all)",
    )
    args = parser.parse_args(argv)
    if not args.directory.is_dir():
        print(f"{args.directory} is not a folder of fresh files", file=sys.stderr)
        return 2
    try:
        tickets = preview(args.directory, args.intent, args.first)
    except TemplateError as exc:
        print(f"template error: {exc}", file=sys.stderr)
        return 2
    for ticket in tickets:
        print(describe(ticket), end="\n\n")
    print(f"{len(tickets)} ticket(s) shown", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
