"""The fresh dev set: new development tickets, written after the main set by people who never
opened the test split.

The paraphrased set (`golden_paraphrase.py`) asks dev's questions in other words; it cannot show
a question that no dev ticket asks. `evals/golden/fresh/<intent>.toml` holds new template entries
in the format of `templates/<intent>.toml`, written from the shop's data and policies alone, so
the team can find what the product misses on unseen kinds of request and still never read test.

Each intent's entries are composed on a copy of the shop of their own (picks start again from the
first row, so a fresh ticket may concern an order a golden ticket also uses; the facts come from
the rows, never from another ticket's words) and become `gf-<intent>-NNN`, split dev. The builder
refuses an entry with an `of` key (that is a rewrite, and belongs in paraphrase/) and one whose
words repeat, or nearly repeat, a main template's: a copied ticket would only score what dev or
test already does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evals.golden_compose import Draft, compose
from evals.golden_guards import TemplateError
from evals.golden_schema import GOLDEN_DIR
from evals.golden_shop import Shop
from store.demo.shop import DemoShop
from store.policy_rules import load_policy_rules

FRESH_DIR = GOLDEN_DIR / "fresh"
# Word-set overlap at which two customer texts count as the same text reworded by a few words.
NEAR_COPY = 0.8
_WORD = re.compile(r"[a-z0-9äöüß{}_]+")


@dataclass(frozen=True)
class FreshEntry:
    file_intent: str
    where: str
    entry: dict[str, Any]


def fresh_id(intent: str, n: int) -> str:
    return f"gf-{intent}-{n:03d}"


def load_fresh(
    templates: Iterable[tuple[str, list[dict[str, Any]]]], label: str = "fresh"
) -> list[FreshEntry]:
    """The entries of the fresh template files, (intent, entries) per file as the main loader
    gives them; an `of` key is refused."""
    out: list[FreshEntry] = []
    for intent, entries in templates:
        for n, entry in enumerate(entries, start=1):
            where = f"{label}/{intent}.toml entry {n}"
            if "of" in entry:
                raise TemplateError(
                    f"{where}: has `of`, which marks a rewrite of a dev ticket; rewrites belong "
                    "in paraphrase/, fresh entries are new requests"
                )
            out.append(FreshEntry(intent, where, dict(entry)))
    return out


def word_set(text: str) -> frozenset[str]:
    """A text's lower-cased words: what NEAR_COPY overlap is measured on."""
    return frozenset(_WORD.findall(text.lower()))


def _turn_texts(entry: dict[str, Any]) -> list[str]:
    turns = entry.get("turns")
    return [t for t in turns if isinstance(t, str)] if isinstance(turns, list) else []


def check_not_copied(fresh: Sequence[FreshEntry], main: Iterable[dict[str, Any]]) -> None:
    """Refuse a fresh turn that equals or nearly equals any turn of the main templates (dev or
    test: a fresh ticket copied from test would leak it into development data)."""
    known = [w for entry in main for t in _turn_texts(entry) if len(w := word_set(t)) >= 4]
    for f in fresh:
        for turn in _turn_texts(f.entry):
            words = word_set(turn)
            if len(words) < 4:
                continue  # "yes please", "thanks": too short for overlap to mean copying
            for other in known:
                overlap = len(words & other) / len(words | other)
                if overlap >= NEAR_COPY:
                    raise TemplateError(
                        f"{f.where}: the turn {turn[:60]!r} repeats a main template's words "
                        f"({overlap:.0%} the same); write a new request"
                    )


def compose_fresh(demo: DemoShop, fresh: Sequence[FreshEntry]) -> list[tuple[str, Draft]]:
    """(gf id, draft) per fresh entry; each intent's file is composed on a copy of the shop of
    its own, as its writer checked it (one shared copy runs out of rare orders)."""
    rules = load_policy_rules()
    shops: dict[str, Shop] = {}
    counters: dict[str, int] = {}
    out: list[tuple[str, Draft]] = []
    for f in fresh:
        if f.file_intent not in shops:
            shops[f.file_intent] = Shop.of(demo, rules)
        shop = shops[f.file_intent]
        draft = compose(shop, f.file_intent, f.entry, f.where)
        counters[draft.intent] = counters.get(draft.intent, 0) + 1
        out.append((fresh_id(draft.intent, counters[draft.intent]), draft))
    return out


def fresh_files_exist(directory: Path = FRESH_DIR) -> bool:
    return directory.is_dir() and any(directory.glob("*.toml"))
