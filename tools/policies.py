"""Policy sections as citable facts: searched through the knowledge index, or read directly.

Only the versions in force count: a hit whose (policy, version) is not the current one (an index
that has not been rebuilt since a policy changed) is dropped. Without a knowledge index the search
still answers, by word overlap over the current policy texts; slower to rank well, never silent.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Sequence
from dataclasses import dataclass

from nlp.pii.patterns import word_set
from store.database import Database
from store.knowledge.chunks import MARKET_ANCHORS, current_policy_documents
from store.policies import PolicyDocument, PolicySection
from tools.context import Outcome, ToolContext
from tools.facts import Fact
from tools.order_facts import refusal

MAX_K = 10
# Names a caller (or a model) may use for a policy, mapped to the shop's slugs.
POLICY_ALIASES = {
    "return": "returns",
    "refund": "refunds",
    "cancellation": "cancellations",
    "cancel": "cancellations",
    "changes": "order-changes",
    "change": "order-changes",
    "damage": "damaged-items",
    "damaged": "damaged-items",
    "payments": "payments-invoices",
    "billing": "payments-invoices",
    "invoices": "payments-invoices",
    "account": "account-privacy",
    "privacy": "account-privacy",
    "contact": "contact-escalation",
    "escalation": "contact-escalation",
    "complaints": "contact-escalation",
    "chargebacks": "contact-escalation",
    "price": "price-promise",
}
_WORD = re.compile(r"[a-z0-9]+")
_STOP = word_set(
    "the a an and or of to in on for is are was be it my i me you your we our can do does how "
    "what when where why with this that have has not no if at by from as will would about"
)
_MARKDOWN = re.compile(r"\*\*|__|^#+\s*", re.M)


@dataclass(frozen=True)
class PolicyResult:
    facts: tuple[Fact, ...]
    outcome: Outcome


def policy_fact(doc: PolicyDocument, section: PolicySection) -> Fact:
    return Fact(
        source_id=doc.source_id(section.anchor),
        kind="policy",
        title=f"{doc.title}: {section.heading}",
        data={
            "policy": doc.slug,
            "version": doc.version,
            "section": section.anchor,
            "text": section.text,
        },
        masked_text=_MARKDOWN.sub("", section.text),
    )


def policy_section_facts(db: Database, wanted: Sequence[tuple[str, str]]) -> list[Fact]:
    """The current sections named by (slug, anchor), in the order asked; unknown ones skipped."""
    docs = {d.slug: d for d in current_policy_documents(db)}
    facts = []
    for slug, anchor in wanted:
        doc = docs.get(slug)
        section = next((s for s in doc.sections if s.anchor == anchor), None) if doc else None
        if doc is not None and section is not None:
            facts.append(policy_fact(doc, section))
    return facts


def resolve_policy(name: str | None, known: Sequence[str]) -> str | None:
    if not name:
        return None
    key = name.strip().lower().replace("_", "-").replace(" ", "-")
    key = POLICY_ALIASES.get(key, key)
    return key if key in known else None


async def search_policies(
    ctx: ToolContext,
    query: str,
    *,
    policy: str | None = None,
    k: int = 3,
    sections: Sequence[str] = (),
) -> PolicyResult:
    """The policy sections closest to `query` (a masked question), current versions only.
    `sections` (anchors of `policy`) come back after the hits whatever the ranking: the rule
    every answer of a kind states (a return question is answered with the market's window and
    fees, however it is worded)."""
    k = max(1, min(k, MAX_K))
    docs = await asyncio.to_thread(current_policy_documents, ctx.db)
    current = {d.slug: d for d in docs}
    slug = resolve_policy(policy, list(current))
    market = ctx.identity.market
    if ctx.knowledge is None:
        facts = _lexical(docs, query, slug=slug, market=market, k=k)
    else:
        hits = await ctx.knowledge.search(query, k=k, kind="policy", category=slug, market=market)
        facts = []
        for hit in hits:
            doc = current.get(str(hit.metadata.get("policy")))
            anchor = hit.source_id.rpartition("#")[2]
            section = next((s for s in doc.sections if s.anchor == anchor), None) if doc else None
            if doc is None or section is None or doc.source_id(anchor) != hit.source_id:
                continue  # a superseded version still in the index
            facts.append(policy_fact(doc, section))
    doc = current.get(slug or "")
    if doc is not None:
        found = {f.source_id for f in facts}
        for wanted in [x for x in doc.sections if x.anchor in sections]:
            if doc.source_id(wanted.anchor) not in found:
                facts.append(policy_fact(doc, wanted))
    if not facts:
        return PolicyResult((refusal("search_policies", "no_results"),), "not_found")
    return PolicyResult(tuple(facts), "ok")


def _terms(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 2}


def _lexical(
    docs: list[PolicyDocument], query: str, *, slug: str | None, market: str | None, k: int
) -> list[Fact]:
    wanted = _terms(query)
    if not wanted:
        return []
    scored = []
    for doc in docs:
        if slug and doc.slug != slug:
            continue
        for n, section in enumerate(doc.sections):
            section_market = MARKET_ANCHORS.get(section.anchor)
            if market and section_market and section_market != market:
                continue
            heading = _terms(section.heading)
            body = _terms(section.text)
            score = 2 * len(wanted & heading) + len(wanted & body)
            if score:
                scored.append((-score, doc.slug, n, doc, section))
    scored.sort(key=lambda item: item[:3])
    return [policy_fact(doc, section) for *_, doc, section in scored[:k]]
