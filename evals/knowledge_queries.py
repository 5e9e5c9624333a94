"""Written customer questions for the knowledge search, and how to score hit@k over them.

This is an evaluation set: the search code is never tuned to it. Each query says what a correct
hit looks like. For policies that is a set of acceptable citation ids; for products it is a SQL
predicate over one variant `v` joined to its product `p`, so that any SKU with the asked-for facts
counts, not one hand-picked SKU. Misses stay visible in the report.

Every query carries the `kind` that the tool asking it passes: the assistant's policy search asks
for policies, its catalogue search for products (see DESIGN.md, "retrieve"). `use_kind=False`
scores the same questions through the unfiltered search (the `kb search` command, `/search`), where
policies compete with three thousand SKUs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, TypedDict

if TYPE_CHECKING:
    from psycopg import Connection

    from store.database import Database
    from store.knowledge.search import KnowledgeHit, KnowledgeSearch


@dataclass(frozen=True)
class KnowledgeQuery:
    """A question, and either the policy ids that answer it or a SQL predicate over `v`/`p`."""

    text: str
    expect: frozenset[str] | str
    kind: Literal["policy", "product"] | None = None
    market: str | None = None
    category: str | None = None


class Miss(TypedDict):
    query: str
    top: list[str]


class HitAtK(TypedDict):
    hit_at_k: float
    k: int
    total: int
    misses: list[Miss]


def _policy(text: str, *ids: str, market: str | None = None) -> KnowledgeQuery:
    return KnowledgeQuery(text, frozenset(f"policy:{i}" for i in ids), kind="policy", market=market)


def _product(
    text: str, predicate: str, *, market: str | None = None, category: str | None = None
) -> KnowledgeQuery:
    return KnowledgeQuery(text, predicate, kind="product", market=market, category=category)


KNOWLEDGE_QUERIES: tuple[KnowledgeQuery, ...] = (
    # --- products ---------------------------------------------------------------------------
    _product(
        "I'm after an oak dining table that seats eight people",
        "p.product_type = 'dining_table' AND (v.attributes->>'seats_max')::int >= 8 "
        "AND (p.materials[1] LIKE '%oak%' OR v.finish ILIKE '%oak%')",
    ),
    _product(
        "bedside lamp with an E14 fitting?",
        "p.product_type = 'bedside_lamp' AND 'E14' IN "
        "(p.attributes->'bulb_fitting'->>'UK', p.attributes->'bulb_fitting'->>'DE')",
    ),
    _product(
        "do you have a saucepan that works on an induction hob",
        "p.product_type = 'saucepan' AND p.attributes->'hob_types' ? 'induction'",
    ),
    _product(
        "looking for a duvet cover for a US queen bed",
        "p.product_type = 'duvet_cover' AND v.attributes->>'bed_size' = 'king'",
        market="US",
    ),
    _product(
        "fitted sheet for a really deep matress, about 38cm",
        "p.product_type = 'fitted_sheet' AND (p.attributes->>'pocket_depth_cm')::int >= 38",
    ),
    _product(
        "can I put a 60W bulb in one of your floor lamps",
        "p.product_type = 'floor_lamp' AND (p.attributes->>'max_wattage')::int >= 60",
    ),
    _product(
        "dimmable floor lamp pls",
        "p.product_type = 'floor_lamp' AND (p.attributes->>'dimmable')::boolean",
    ),
    _product(
        "blackout curtains for a bedroom",
        "p.product_type = 'curtain' AND (p.attributes->>'blackout')::boolean",
    ),
    _product(
        "how do I look after a wool rug? does it shed",
        "p.product_type = 'rug' AND p.materials[1] = 'wool'",
    ),
    _product(
        "sofa with removable covers I can wash, we have a dog",
        "p.product_type = 'sofa' AND (p.attributes->>'removable_covers')::boolean",
    ),
    _product(
        "does the pendant light need an electrician to fit it?", "p.product_type = 'pendant_light'"
    ),
    _product("cast iron casserole dish that can go in the oven", "p.product_type = 'casserole'"),
    _product(
        "king size mattress, firm",
        "p.product_type = 'mattress' AND v.attributes->>'bed_size' = 'king' AND v.finish = 'Firm'",
        market="UK",
    ),
    _product(
        "walnut sideboard about 180cm wide",
        "p.product_type = 'sideboard' AND v.width_cm = 180 "
        "AND (p.materials[1] LIKE '%walnut%' OR v.finish ILIKE '%walnut%')",
    ),
    _product(
        "bookcase with at least 5 shelves",
        "p.product_type = 'bookshelf' AND (p.attributes->>'shelves')::int >= 5",
        category="furniture",
    ),
    # --- policies ---------------------------------------------------------------------------
    _policy(
        "how long do I have to return something in Germany?",
        "returns@v3#window",
        "returns@v3#statutory-rights",
    ),
    _policy(
        "tracking says my parcel was delivered but i never recieved it", "delivery@v4#not-received"
    ),
    _policy("who pays for return shipping in the UK", "returns@v3#return-costs"),
    _policy(
        "how long does a refund take to get back to my paypal",
        "refunds@v2#timing",
        "refunds@v2#missing",
    ),
    _policy(
        "can I still cancel my order, it's already been dispatched",
        "cancellations@v2#after-dispatch",
        "cancellations@v2#before-dispatch",
    ),
    _policy("I need to change the delivery address on my order", "order-changes@v1#address"),
    _policy(
        "the sofa I bought last week is now cheaper on your site, can I get the difference?",
        "price-promise@v2#how-it-works",
        "price-promise@v2#claim",
    ),
    _policy("I need a VAT invoice for my company", "payments-invoices@v1#tax-invoices"),
    _policy(
        "please delete all my personal data and close my account",
        "account-privacy@v2#erasure",
        "account-privacy@v2#privacy-requests",
    ),
    _policy(
        "what's the warranty on solid wood furniture", "warranty@v1#length", "warranty@v1#covered"
    ),
    _policy(
        "my lamp arrived smashed, what photos do you need?",
        "damaged-items@v2#photos",
        "damaged-items@v2#report",
    ),
    _policy("I missed the delivery, nobody was home. what happens now?", "delivery@v4#missed"),
    _policy(
        "can I return a made to order sofa if I change my mind",
        "returns@v3#exclusions",
        "cancellations@v2#made-to-order",
    ),
    _policy("can I send a mattress back once I've taken the plastic off", "returns@v3#exclusions"),
    _policy("can i pay with klarna", "payments-invoices@v1#klarna"),
    _policy("I want to talk to a real person not a bot", "contact-escalation@v2#human"),
    _policy(
        "I'm not happy with the answer I got and want to make a complaint, who can I escalate to",
        "contact-escalation@v2#escalate",
        "contact-escalation@v2#complaints",
    ),
    _policy("should i just do a chargeback with my bank?", "contact-escalation@v2#chargebacks"),
    _policy("how much is large item delivery in the US", "delivery@v4#us", market="US"),
    _policy(
        "I forgot to use my promo code at checkout, can you add it?", "price-promise@v2#promo-codes"
    ),
    _policy("ive been charged twice for the same order", "payments-invoices@v1#billing-errors"),
    _policy("my refund still hasnt arrived, it's been over a week", "refunds@v2#missing"),
    _policy("what time are you open on saturdays", "contact-escalation@v2#hours"),
    _policy("can I swap the rug for a bigger size?", "returns@v3#exchanges"),
    _policy(
        "parcel hasn't moved on tracking for days, I think it's lost",
        "delivery@v4#lost",
        "delivery@v4#delayed",
    ),
    _policy("forgot my password and the reset email isnt coming", "account-privacy@v2#password"),
)


async def score_hit_at_k(
    db: Database,
    search: KnowledgeSearch,
    queries: Sequence[KnowledgeQuery] = KNOWLEDGE_QUERIES,
    k: int = 3,
    *,
    use_kind: bool = True,
) -> HitAtK:
    """Run every query through `search` and count those with an acceptable hit in the top k."""
    misses: list[Miss] = []
    with db.connect() as conn:
        for query in queries:
            hits = await search.search(
                query.text,
                k=k,
                market=query.market,
                kind=query.kind if use_kind else None,
                category=query.category,
            )
            if not any(_satisfies(conn, query, hit) for hit in hits[:k]):
                misses.append(Miss(query=query.text, top=[h.source_id for h in hits[:k]]))
    total = len(queries)
    return HitAtK(
        hit_at_k=(total - len(misses)) / total if total else 0.0, k=k, total=total, misses=misses
    )


def _satisfies(
    conn: Connection[dict[str, object]], query: KnowledgeQuery, hit: KnowledgeHit
) -> bool:
    if isinstance(query.expect, frozenset):
        return hit.source_id in query.expect
    sku = hit.metadata.get("sku")
    if not sku:
        return False
    return product_matches(conn, sku, query.expect)


def product_matches(conn: Connection[dict[str, object]], sku: str, predicate: str) -> bool:
    """Whether variant `sku` satisfies a predicate over `v` (variants) and `p` (products)."""
    # The predicate is trusted eval data; its LIKE wildcards must not read as placeholders.
    sql = (
        "SELECT 1 FROM variants v JOIN products p ON p.id = v.product_id "
        f"WHERE v.sku = %s AND ({predicate.replace('%', '%%')})"
    )
    return conn.execute(sql, (sku,)).fetchone() is not None


def format_report(report: HitAtK, *, label: str = "") -> str:
    """The figure on one line, then one line per miss with what was returned instead."""
    lines = [
        f"knowledge search hit@{report['k']} = {report['hit_at_k']:.2f} "
        f"over {report['total']} queries{f' ({label})' if label else ''}"
    ]
    lines += [
        f"  miss: {m['query']!r} -> {', '.join(m['top']) or '(nothing)'}" for m in report["misses"]
    ]
    return "\n".join(lines)
