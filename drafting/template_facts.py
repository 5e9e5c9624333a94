"""Picking the facts a reply is about from what the tools returned.

The tools may return more than one order, product or policy section; these helpers choose the
one the customer is asking about (the order whose placeholder is in the message, the product
named in it) and never look outside the facts given.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tools.facts import Fact

WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> set[str]:
    return set(WORD.findall(text.lower()))


# Sizes in variant names ("round 60 cm") share their units with any measurement a customer
# gives ("our door is only 74 cm"): no evidence of which product is meant.
UNITS = frozenset({"cm", "mm", "m", "in", "inch", "inches", "ft", "x", "w", "kg", "l", "ml"})


# "my bedside table", "our little side table": up to three words after a possessive.
OWNED_THING = re.compile(r"\b(?:my|our)((?: [a-z]+){1,3})")


def _own_name(fact: Fact) -> set[str]:
    """The first word of a product's name ("Pembroke"), which no other kind of thing shares."""
    return words(str(fact.data.get("product_name", "")).split(" ")[0])


def chosen_product(products: Sequence[Fact], masked_message: str) -> Fact | None:
    """The product a message is about: a SKU typed in it, else the one whose name it shares the
    most words with, else the first (the tools rank by relevance, and a product carried over
    from the conversation's earlier turns comes first)."""
    if not products:
        return None
    message = masked_message.lower()
    for fact in products:  # a SKU typed in the message wins outright
        if str(fact.data.get("sku", "")).lower() in message:
            return fact
    for fact in products:
        # "The Sherwood Sideboard (White Oiled Oak, 180 cm) ... the alcove is 150 cm wide":
        # the product and variant written out in full win over words the message shares with
        # another variant.
        name = str(fact.data.get("product_name", "")).strip().lower()
        variant = str(fact.data.get("variant_name", "")).strip().lower()
        if name and variant and f"{name} ({variant})" in message:
            return fact
    # "The top of my bedside table is only 35 cm across": the customer's own furniture, where
    # the product would go, is no evidence for our product of that kind. A word of one of our
    # products' own names ("my Pembroke bedside table") still counts.
    own_names = set().union(*(_own_name(fact) for fact in products))
    owned = {w for phrase in OWNED_THING.findall(message) for w in words(phrase)} - own_names
    asked = words(masked_message) - UNITS - owned

    def overlap(fact: Fact) -> int:
        name = words(f"{fact.data.get('product_name', '')} {fact.data.get('variant_name', '')}")
        return len(name & asked)

    def names_it(fact: Fact) -> bool:
        # "...either side of a little side table" shares one word, "table", with the Pembroke
        # Bedside Table: a kind of thing, not that product. Its own name ("Pembroke"), or two
        # words of its name, name it.
        return bool(_own_name(fact) & asked) or overlap(fact) >= 2

    # Keep the tools' order (the product an earlier turn was about comes first) unless the
    # message names another one.
    best = max(products, key=overlap)
    return best if overlap(best) > overlap(products[0]) and names_it(best) else products[0]


def policy_slug(fact: Fact) -> str:
    return str(fact.data.get("policy") or fact.source_id.partition(":")[2].partition("@")[0])


def policy_anchor(fact: Fact) -> str:
    return fact.source_id.rpartition("#")[2] if "#" in fact.source_id else ""


def policy_title(fact: Fact) -> str:
    title = fact.title.partition(":")[0].strip()
    return title or policy_slug(fact).replace("-", " ").title()


@dataclass(frozen=True)
class FactSet:
    facts: tuple[Fact, ...]
    masked_message: str

    @classmethod
    def of(cls, facts: Sequence[Fact], masked_message: str) -> FactSet:
        return cls(tuple(facts), masked_message)

    def kind(self, kind: str) -> list[Fact]:
        return [f for f in self.facts if f.kind == kind]

    def refusal(self) -> Fact | None:
        refusals = self.kind("refusal")
        # An order that could not be found outranks an empty catalogue search.
        refusals.sort(key=lambda f: f.data.get("reason") == "no_results")
        return refusals[0] if refusals else None

    def order(self) -> Fact | None:
        return self._mentioned(self.kind("order"), "order_ref")

    def orders(self) -> list[Fact]:
        return self.kind("order")

    def order_list(self) -> Fact | None:
        found = self.kind("order_list")
        return found[0] if found else None

    def eligibility(self, action: str, order_ref: str | None = None) -> Fact | None:
        found = [f for f in self.kind("eligibility") if f.data.get("action") == action]
        if order_ref:
            same = [f for f in found if f.data.get("order_ref") == order_ref]
            found = same or found
        return self._mentioned(found, "order_ref")

    def product(self) -> Fact | None:
        return chosen_product(self.kind("product"), self.masked_message)

    def policies(self, slugs: Sequence[str]) -> list[Fact]:
        """Policy sections of the given policies, in the order the slugs are listed (the
        intent's main policy first), keeping the tools' order inside one policy."""
        found = self.kind("policy")
        return sorted(
            (f for f in found if policy_slug(f) in slugs),
            key=lambda f: slugs.index(policy_slug(f)),
        )

    def policy(self, slug: str, anchors: Sequence[str]) -> Fact | None:
        """The first section of `slug` among `anchors` (in the anchors' order of preference)."""
        candidates = [f for f in self.kind("policy") if policy_slug(f) == slug]
        for anchor in anchors:
            for fact in candidates:
                if policy_anchor(fact) == anchor:
                    return fact
        return None

    def _mentioned(self, found: list[Fact], ref_key: str) -> Fact | None:
        for fact in found:
            ref = str(fact.data.get(ref_key) or "")
            if ref and ref in self.masked_message:
                return fact
        return found[0] if found else None


def line_names(order: Fact | None) -> dict[str, str]:
    """sku -> "product (variant)" from an order's lines, to name excluded items in words."""
    names: dict[str, str] = {}
    for line in (order.data.get("lines") if order else None) or []:
        sku = str(line.get("sku", ""))
        product = str(line.get("product_name", "")).strip()
        variant = str(line.get("variant_name", "")).strip()
        names[sku] = f"the {product} ({variant})" if variant else f"the {product}"
    return names


def active_lines(order: Fact) -> list[dict[str, Any]]:
    """The order's lines still on it: not cancelled, returned or refunded."""
    return [
        line
        for line in order.data.get("lines") or []
        if isinstance(line, dict) and line.get("status", "active") == "active"
    ]


def shipments(order: Fact) -> list[dict[str, Any]]:
    return [s for s in order.data.get("shipments") or [] if isinstance(s, dict)]


def refunds(order: Fact) -> list[dict[str, Any]]:
    return [r for r in order.data.get("refunds") or [] if isinstance(r, dict)]


def overdue_refunds(order: Fact | None) -> list[dict[str, Any]]:
    """Refunds on the order still not sent after the day they should have reached the
    customer (the order tool compares that day with today)."""
    return [r for r in refunds(order) if r.get("overdue") is True] if order is not None else []


def returns(order: Fact) -> list[dict[str, Any]]:
    return [r for r in order.data.get("returns") or [] if isinstance(r, dict)]
