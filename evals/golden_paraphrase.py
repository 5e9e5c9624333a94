"""The paraphrased dev set: dev tickets asked again in other customers' words.

Rules tuned on dev can end up fitting dev's exact wording. Each entry of
`evals/golden/paraphrase/<intent>.toml` is a dev template entry with only `turns` (and an email's
`subject`) reworded, plus `of = "gt-<intent>-NNN"` naming the dev ticket it rewrites. Scoring
the rewrites beside dev shows how much of the dev figure survives a change of words, without
ever opening the test split. So the builder refuses any entry that could leak test into it or
quietly turn it into a different ticket: a missing `of`, an `of` that is not a dev ticket, an
`of` used twice, or any other key that differs from the original entry.

The rewrites are composed against a fresh shop in which the main build is replayed entry by
entry, each rewrite standing in for its original: picks do not depend on the words, so every
rewrite gets exactly the customer, orders and SKUs of its original, and the main build's own
shop is never touched. The validator (`origin_problems`) checks the same pairing on the files.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evals.golden_compose import Draft, compose
from evals.golden_guards import TemplateError
from evals.golden_schema import GOLDEN_DIR, GoldenTicket
from evals.golden_shop import Shop
from nlp.taxonomy import INTENT_NAMES
from store.demo.shop import DemoShop
from store.policy_rules import load_policy_rules

PARAPHRASE_DIR = GOLDEN_DIR / "paraphrase"
REWORDED_KEYS = frozenset({"turns", "subject"})
# What a rewrite must share with its original once both are composed and written out.
SAME_FIELDS = ("channel", "market", "customer", "expected_intent", "orders", "skus")


@dataclass(frozen=True)
class Original:
    """One entry of the main build, in build order, with the ticket it became."""

    ticket_id: str
    split: str
    file_intent: str
    where: str
    entry: dict[str, Any]


@dataclass(frozen=True)
class Rewrite:
    """One entry of a paraphrase file; `entry` is the template entry without `of`."""

    of: str
    file_intent: str
    where: str
    entry: dict[str, Any]


def paraphrase_id(of: str) -> str:
    """gt-order_status-005 -> gp-order_status-005."""
    return "gp-" + of.removeprefix("gt-")


def original_id(ticket_id: str) -> str:
    return "gt-" + ticket_id.removeprefix("gp-")


def load_rewrites(directory: Path = PARAPHRASE_DIR) -> dict[str, Rewrite]:
    """Every paraphrase entry by the dev ticket it rewrites; TemplateError names file and entry."""
    found: dict[str, Rewrite] = {}
    for path in sorted(directory.glob("*.toml")):
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise TemplateError(f"paraphrase/{path.name}: not valid TOML: {exc}") from exc
        intent = str(data.get("intent", path.stem))
        if intent not in INTENT_NAMES:
            raise TemplateError(f"paraphrase/{path.name}: intent {intent!r} is not in the taxonomy")
        for n, raw in enumerate(data.get("t", []), start=1):
            where = f"paraphrase/{path.name} entry {n}"
            of = raw.get("of")
            if not isinstance(of, str) or not of.startswith("gt-"):
                wanted = 'of = "gt-<intent>-NNN", the dev ticket it rewrites'
                raise TemplateError(f"{where}: needs {wanted} (got {of!r})")
            if of in found:
                raise TemplateError(f"{where}: {of} is already rewritten by {found[of].where}")
            entry = {k: v for k, v in raw.items() if k != "of"}
            found[of] = Rewrite(of, intent, where, entry)
    return found


def check_rewrites(rewrites: dict[str, Rewrite], originals: Sequence[Original]) -> None:
    """Refuse a rewrite of anything but a dev ticket, or one that changes more than words."""
    by_id = {o.ticket_id: o for o in originals}
    for r in rewrites.values():
        o = by_id.get(r.of)
        if o is None:
            raise TemplateError(f"{r.where}: of = {r.of!r} is no ticket of the main build")
        if o.split != "dev":
            raise TemplateError(
                f"{r.where}: of = {r.of!r} is a {o.split} ticket; the paraphrased set is "
                "derived from dev tickets only"
            )
        if r.file_intent != o.file_intent:
            raise TemplateError(
                f"{r.where}: {r.of} comes from {o.file_intent}.toml, so it belongs in "
                f"paraphrase/{o.file_intent}.toml"
            )
        keys = (set(o.entry) | set(r.entry)) - REWORDED_KEYS
        changed = sorted(k for k in keys if o.entry.get(k) != r.entry.get(k))
        if changed:
            raise TemplateError(
                f"{r.where} ({r.of}): {', '.join(changed)} differ from {o.where}; only "
                "turns and subject may be reworded"
            )
        turns, before = r.entry.get("turns"), o.entry.get("turns")
        if not isinstance(turns, list) or not isinstance(before, list):
            raise TemplateError(f"{r.where} ({r.of}): turns must be a list of strings")
        if len(turns) != len(before):
            # A different number of turns changes the multi-turn tag and so the labels.
            raise TemplateError(
                f"{r.where} ({r.of}): {len(turns)} turn(s) where {o.where} has {len(before)}"
            )


def compose_rewrites(
    demo: DemoShop, originals: Sequence[Original], rewrites: dict[str, Rewrite]
) -> list[tuple[str, Draft]]:
    """(gp id, draft) per rewrite, in the main build's order, from a replay on a fresh shop."""
    check_rewrites(rewrites, originals)
    shop = Shop.of(demo, load_policy_rules())
    out: list[tuple[str, Draft]] = []
    left = len(rewrites)
    for o in originals:
        if not left:
            break  # nothing after the last rewrite can change what the rewrites picked
        r = rewrites.get(o.ticket_id)
        if r is None:
            compose(shop, o.file_intent, o.entry, o.where)  # takes the rows its original took
            continue
        out.append((paraphrase_id(o.ticket_id), compose(shop, o.file_intent, r.entry, r.where)))
        left -= 1
    return out


def check_composed(rewritten: Sequence[GoldenTicket], main: Sequence[GoldenTicket]) -> None:
    """A composed rewrite that names other rows than its original is a builder bug: refuse."""
    problems = origin_problems(rewritten, main)
    if problems:
        raise TemplateError(f"builder bug, the replay drifted: {problems[0]}")


def origin_problems(rewritten: Sequence[GoldenTicket], dev: Sequence[GoldenTicket]) -> list[str]:
    """What is wrong with the pairing of each paraphrased ticket and its dev original."""
    by_id = {t.id: t for t in dev}
    out: list[str] = []
    for t in rewritten:
        o = by_id.get(original_id(t.id))
        if not t.id.startswith("gp-"):
            out.append(f"{t.id}: a paraphrased ticket's id starts with gp-")
        elif o is None or o.split != "dev":
            out.append(f"{t.id}: {original_id(t.id)} is not a dev ticket")
        else:
            out += [
                f"{t.id}: {name} differs from {o.id}"
                for name in SAME_FIELDS
                if getattr(t, name) != getattr(o, name)
            ]
            if len(t.turns) != len(o.turns):
                out.append(f"{t.id}: {len(t.turns)} turn(s), {o.id} has {len(o.turns)}")
    return out
