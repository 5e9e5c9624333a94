"""Validates the golden tickets against their schema and against a seeded demo shop.

`validate_golden(db)` loads `evals/golden/dev.jsonl` and `test.jsonl`, checks every ticket on its
own (`golden_checks`), then asks the database whether the customers, orders, SKUs and policy
sections the tickets name exist, whether each customer owns the orders the ticket says they own
(or a guest's email or postcode proves it), and whether the tags that depend on data
(`high-value`, `repeat-contact`) are true. It counts tickets per intent, tag, split and route
and checks the minimums issue 6 sets. Problems are reported, never raised.
`validate_paraphrase(db)` does the same for the paraphrased dev set (`dev_paraphrase.jsonl`),
without the minimums, and checks that each ticket pairs with its dev original;
`validate_fresh(db)` checks the fresh dev set (`dev_fresh.jsonl`) the same way, without pairing.

Run: `.venv/bin/python -m evals.golden_validate` (seeds a private embedded Postgres with seed 7,
anchor 2026-11-01, validates, and removes it) or `--use-configured` for the configured database.
"""

from __future__ import annotations

import argparse
import atexit
import re
import shutil
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from typing import Any

from evals.golden_checks import check_ticket, policy_slugs
from evals.golden_paraphrase import origin_problems
from evals.golden_pieces_products import NOT_SOLD
from evals.golden_schema import (
    FRESH_FILE,
    PARAPHRASE_FILE,
    SPLIT_FILES,
    TAGS,
    GoldenTicket,
    LoadResult,
    load_fresh_tickets,
    load_golden,
    load_paraphrase,
)
from nlp.taxonomy import INTENT_NAMES
from store.database import Database
from store.knowledge.chunks import current_policy_documents

SEED, ANCHOR = 7, date(2026, 11, 1)
MINIMUMS = {"tickets": 500, "per_intent": 15, "adversarial": 60, "multi-turn": 40}
DEV_SHARE = (0.3, 0.5)  # per intent; the target is 40%
HIGH_VALUE = 500
REPEAT_CONTACTS = 3
NOT_CHECKED = (
    "whether a text tagged angry, frustrated, typo, rambling or multilingual really reads that "
    "way (a reviewer's judgement, not a rule)",
    "whether the expected intent is the best reading of the customer's words (labels were "
    "written from the taxonomy descriptions, not from a classifier)",
    "dates and amounts in reference answers are computed by evals/golden_build.py from the "
    "seeded rows; this validator checks that the rows exist and belong to the right customer, "
    "and the build test checks that the committed files equal a fresh build",
)
_NOT_ALNUM = re.compile(r"[^0-9A-Za-z]")


@dataclass(frozen=True)
class Problem:
    ticket_id: str | None
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where} {self.ticket_id or ''}: {self.message}".replace("  ", " ")


@dataclass(frozen=True)
class Minimum:
    name: str
    required: int
    actual: int

    @property
    def ok(self) -> bool:
        return self.actual >= self.required


@dataclass(frozen=True)
class ValidationReport:
    tickets: int
    problems: tuple[Problem, ...]
    per_intent: dict[str, int]
    per_tag: dict[str, int]
    per_split: dict[str, int]
    per_route: dict[str, int]
    dev_share: dict[str, float]
    minimums: tuple[Minimum, ...]
    database: dict[str, Any] = field(default_factory=dict)
    not_checked: tuple[str, ...] = NOT_CHECKED
    title: str = "golden tickets"

    @property
    def ok(self) -> bool:
        return not self.problems and all(m.ok for m in self.minimums)

    def summary(self) -> str:
        lines = [f"{self.title}: {self.tickets} ({'OK' if self.ok else 'PROBLEMS'})"]
        lines.append("splits: " + ", ".join(f"{k} {v}" for k, v in self.per_split.items()))
        lines.append("routes: " + ", ".join(f"{k} {v}" for k, v in self.per_route.items()))
        lines.append("intent                 tickets  dev share")
        for intent in INTENT_NAMES:
            share = self.dev_share.get(intent, 0.0)
            lines.append(f"  {intent:<20} {self.per_intent.get(intent, 0):>7}  {share:>8.0%}")
        lines.append("tags: " + ", ".join(f"{k} {v}" for k, v in self.per_tag.items()))
        for m in self.minimums:
            mark = "ok" if m.ok else "TOO FEW"
            lines.append(f"minimum {m.name}: {m.actual} (needs {m.required}) {mark}")
        lines += [f"problem: {p}" for p in self.problems[:200]]
        if len(self.problems) > 200:
            lines.append(f"... and {len(self.problems) - 200} more problems")
        lines += [f"not checked: {n}" for n in self.not_checked]
        return "\n".join(lines)


def validate_golden(
    db: Database, paths: Sequence[Path] | None = None, *, minimums: dict[str, int] | None = None
) -> ValidationReport:
    problems: list[Problem] = []
    tickets: list[tuple[str, GoldenTicket]] = []
    for path in paths or list(SPLIT_FILES.values()):
        loaded = load_golden(path)
        problems += [Problem(e.ticket_id, f"{e.path}:{e.line}", e.message) for e in loaded.errors]
        expected_split = path.stem if path.stem in SPLIT_FILES else None
        for t in loaded.tickets:
            tickets.append((path.name, t))
            if expected_split and t.split != expected_split:
                problems.append(Problem(t.id, path.name, f"split {t.split} in {path.name}"))
    problems += validate_tickets(db, tickets)
    return _report([t for _, t in tickets], problems, minimums or MINIMUMS, _seed_state(db))


def validate_paraphrase(
    db: Database, path: Path | None = None, dev_path: Path | None = None
) -> ValidationReport:
    """The paraphrased dev set: schema, rules and shop checks as for the golden files, and the
    pairing with dev; no minimum counts (it is as large as the rewrites written so far)."""
    path, dev_path = path or PARAPHRASE_FILE, dev_path or SPLIT_FILES["dev"]
    loaded = load_paraphrase(path)
    dev = load_golden(dev_path).tickets  # the originals come from dev only, never from test
    pairing = [Problem(None, path.name, m) for m in origin_problems(loaded.tickets, dev)]
    return _dev_set_report(db, path, loaded, "paraphrased dev tickets", pairing)


def validate_fresh(db: Database, path: Path | None = None) -> ValidationReport:
    """The fresh dev set: schema, rules and shop checks as for the golden files; no minimum
    counts and no pairing (its tickets are new requests, not rewrites)."""
    path = path or FRESH_FILE
    return _dev_set_report(db, path, load_fresh_tickets(path), "fresh dev tickets", [])


def _dev_set_report(
    db: Database, path: Path, loaded: LoadResult, title: str, extra: list[Problem]
) -> ValidationReport:
    """A development-only set's report: its parse errors, the per-ticket and shop checks and
    `extra` problems, with its counts and no minimums."""
    problems = [Problem(e.ticket_id, f"{e.path}:{e.line}", e.message) for e in loaded.errors]
    problems += validate_tickets(db, [(path.name, t) for t in loaded.tickets])
    report = _report(loaded.tickets, [*problems, *extra], None, _seed_state(db))
    return replace(report, title=title, not_checked=NOT_CHECKED[:2])


def validate_tickets(db: Database, tickets: Sequence[tuple[str, GoldenTicket]]) -> list[Problem]:
    """Per-ticket rules and the checks against the seeded shop, for tickets already loaded."""
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    slugs = policy_slugs()
    for where, t in tickets:
        if t.id in seen:
            problems.append(Problem(t.id, where, f"id already used in {seen[t.id]}"))
        seen.setdefault(t.id, where)
        problems += [Problem(t.id, where, m) for m in check_ticket(t, slugs)]
    facts = _ShopFacts.read(db, [t for _, t in tickets])
    for where, t in tickets:
        problems += [Problem(t.id, where, m) for m in facts.check(t)]
    state = _seed_state(db)
    if state.get("seed") != SEED:
        problems.append(Problem(None, "database", f"the shop was seeded with {state}, not {SEED}"))
    return problems


@dataclass
class _ShopFacts:
    customers: dict[str, dict[str, Any]]
    orders: dict[str, dict[str, Any]]
    contacts: dict[str, int]
    sold: set[tuple[str, str]]
    skus: set[str]
    sources: set[str]

    @classmethod
    def read(cls, db: Database, tickets: Sequence[GoldenTicket]) -> _ShopFacts:
        customer_ids = sorted({t.customer.id for t in tickets if t.customer.id})
        order_ids = sorted({o.id for t in tickets for o in t.orders})
        skus = sorted({s for t in tickets for s in t.skus})
        anchor = _seed_state(db).get("anchor_date") or ANCHOR
        until = datetime.combine(anchor, dtime.max, UTC)
        with db.connect() as conn:
            customers = conn.execute(
                "SELECT id, market, email FROM customers WHERE id = ANY(%s)", (customer_ids,)
            ).fetchall()
            orders = conn.execute(
                "SELECT o.id, o.customer_id, o.market, o.total, o.ship_postcode, c.email "
                "FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id = ANY(%s)",
                (order_ids,),
            ).fetchall()
            contacts = conn.execute(
                "SELECT order_id, count(*) AS n FROM conversations WHERE order_id = ANY(%s) "
                "AND created_at > %s AND created_at <= %s GROUP BY order_id",
                (order_ids, until - timedelta(days=30), until),
            ).fetchall()
            sold = conn.execute(
                "SELECT sku, market FROM variant_markets WHERE sku = ANY(%s)", (skus,)
            ).fetchall()
        sources = {
            doc.source_id(section.anchor)
            for doc in current_policy_documents(db)
            for section in doc.sections
        }
        return cls(
            customers={r["id"]: dict(r) for r in customers},
            orders={r["id"]: dict(r) for r in orders},
            contacts={r["order_id"]: int(r["n"]) for r in contacts},
            sold={(r["sku"], r["market"]) for r in sold},
            skus={r["sku"] for r in sold},
            sources=sources,
        )

    def check(self, t: GoldenTicket) -> list[str]:
        out: list[str] = []
        account = t.customer.id if t.customer.kind == "account" else None
        if account is not None:
            row = self.customers.get(account)
            if row is None:
                out.append(f"customer {account} does not exist in the seeded shop")
            elif row["market"] != t.market:
                out.append(f"customer {account} shops in {row['market']}, not {t.market}")
        visible: list[dict[str, Any]] = []
        for ref in t.orders:
            row = self.orders.get(ref.id)
            if ref.role == "nonexistent":
                if row is not None:
                    out.append(f"order {ref.id} is meant not to exist, but it does")
                continue
            if row is None:
                out.append(f"order {ref.id} does not exist in the seeded shop")
                continue
            proves = self._proves(t, row)
            if ref.role == "own":
                if account is not None and row["customer_id"] != account:
                    out.append(f"order {ref.id} belongs to {row['customer_id']}, not {account}")
                if t.customer.verification is not None and not proves:
                    out.append(f"the guest's email or postcode does not match order {ref.id}")
                if row["market"] != t.market:
                    out.append(f"order {ref.id} is from the {row['market']} shop")
                if account is not None or proves:
                    visible.append(row)
            elif (account is not None and row["customer_id"] == account) or proves:
                out.append(f"order {ref.id} is marked someone else's, but this customer owns it")
        high = any(float(r["total"]) >= HIGH_VALUE for r in visible)
        if high != ("high-value" in t.tags):
            out.append(f"tag high-value must be {'set' if high else 'absent'} (order totals)")
        repeat = any(self.contacts.get(r["id"], 0) >= REPEAT_CONTACTS for r in visible)
        if repeat != ("repeat-contact" in t.tags):
            out.append(f"tag repeat-contact must be {'set' if repeat else 'absent'}")
        for sku in t.skus:
            if sku not in self.skus:
                out.append(f"SKU {sku} does not exist in the seeded shop")
            elif (sku, t.market) not in self.sold and NOT_SOLD not in t.reference_answer:
                # Asking about an item the customer's shop does not sell is fine; the answer
                # must then say so.
                out.append(f"SKU {sku} is not sold in the {t.market} shop")
        for source in t.reference_source_ids:
            if source.startswith("policy:") and source not in self.sources:
                out.append(f"policy section {source} does not exist in the policies in force")
        return out

    def _proves(self, t: GoldenTicket, row: dict[str, Any]) -> bool:
        v = t.customer.verification
        if v is None or v.order_id != row["id"]:
            return False
        if v.email is not None:
            return v.email.strip().casefold() == str(row["email"]).strip().casefold()
        key = _NOT_ALNUM.sub("", v.postcode or "").upper()
        return bool(key) and key == _NOT_ALNUM.sub("", str(row["ship_postcode"])).upper()


def _seed_state(db: Database) -> dict[str, Any]:
    with db.connect() as conn:
        row = conn.execute("SELECT seed, anchor_date FROM demo_seed_state").fetchone()
    return dict(row) if row else {}


def _report(
    tickets: Sequence[GoldenTicket],
    problems: list[Problem],
    minimums: dict[str, int] | None,
    state: dict[str, Any],
) -> ValidationReport:
    """Counts and, when `minimums` are given (the main set), the minimums and dev shares."""
    per_intent = Counter(t.expected_intent for t in tickets)
    per_tag = Counter(tag for t in tickets for tag in t.tags)
    dev = Counter(t.expected_intent for t in tickets if t.split == "dev")
    share: dict[str, float] = {i: dev[i] / per_intent[i] for i in per_intent}
    checks = (
        [
            Minimum("tickets", minimums["tickets"], len(tickets)),
            *(Minimum(f"intent {i}", minimums["per_intent"], per_intent[i]) for i in INTENT_NAMES),
            Minimum("adversarial", minimums["adversarial"], per_tag["adversarial"]),
            Minimum("multi-turn", minimums["multi-turn"], per_tag["multi-turn"]),
        ]
        if minimums is not None
        else []
    )
    for intent, value in share.items() if minimums is not None else ():
        if not DEV_SHARE[0] <= value <= DEV_SHARE[1]:
            problems.append(Problem(None, "split", f"{intent}: {value:.0%} of tickets in dev"))
    return ValidationReport(
        tickets=len(tickets),
        problems=tuple(problems),
        per_intent={i: per_intent[i] for i in INTENT_NAMES},
        per_tag={k: per_tag[k] for k in TAGS if per_tag[k]},
        per_split=dict(sorted(Counter(t.split for t in tickets).items())),
        per_route=dict(sorted(Counter(t.expected_route for t in tickets).items())),
        dev_share=share,
        minimums=tuple(checks),
        database=state,
    )


def _private_database() -> Database:
    """A fresh embedded Postgres under ./.data, seeded like the tests' shop."""
    from store.database import open_database
    from store.demo.seed import seed_demo
    from supportdesk.settings import PROJECT_ROOT, Settings

    data_dir = PROJECT_ROOT / ".data" / "golden-validate" / f"{time.strftime('%Y%m%d-%H%M%S')}"
    data_dir.mkdir(parents=True)
    # Registered before the server starts, so it runs after pgserver's own exit hook stops it.
    atexit.register(shutil.rmtree, data_dir, ignore_errors=True)
    settings = Settings(_env_file=None, data_dir=data_dir, database_url=None, redis_url=None)
    db = open_database(settings, embedded_cleanup=True)
    seed_demo(db, seed=SEED, anchor=ANCHOR)
    return db


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Validate the golden tickets.")
    parser.add_argument(
        "--use-configured", action="store_true", help="validate against the configured database"
    )
    args = parser.parse_args(argv)
    if args.use_configured:
        from store.database import open_database
        from supportdesk.settings import Settings

        db = open_database(Settings())
    else:
        db = _private_database()
    report = validate_golden(db)
    print(report.summary())
    ok = report.ok
    if PARAPHRASE_FILE.exists():
        paraphrased = validate_paraphrase(db)
        print()
        print(paraphrased.summary())
        ok = ok and paraphrased.ok
    if FRESH_FILE.exists():
        fresh = validate_fresh(db)
        print()
        print(fresh.summary())
        ok = ok and fresh.ok
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
