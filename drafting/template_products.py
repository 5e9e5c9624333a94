"""Replies about a product: will it fit (sizing_fit), does it work with something
(compatibility), and what is it like (product_info).

The question's topic comes from the customer's words; each topic is answered only from the
product's stored attributes. A topic the attributes do not cover is said to be not covered,
never guessed.
"""

from __future__ import annotations

from drafting.template_answers import price_stock
from drafting.template_common import clarify_or_refuse, first_policy, say_policy
from drafting.template_compose import Context
from drafting.template_format import join_words
from drafting.template_slots import product_slots
from drafting.template_topics import ANSWERS, TOPICS
from drafting.types import Draft
from tools.facts import Fact

DEFAULT_TOPICS = {
    "sizing_fit": ("dimensions", "bed", "seats", "weight"),
    "product_info": ("materials", "dimensions", "lead_time", "price"),
    "compatibility": (),
}


def product_reply(ctx: Context) -> Draft:
    product = ctx.facts.product()
    out = ctx.out
    if product is None:
        refused = clarify_or_refuse(ctx)
        if refused is not None:
            return refused
        out.note("no product facts to answer from")
        out.say("clarify.product_name")
        return out.draft(grounded=False, clarifying=True)
    asked = [(name, strong) for name, pattern, _a, strong in TOPICS if pattern.search(ctx.message)]
    if not asked:
        asked = [(name, False) for name in DEFAULT_TOPICS.get(ctx.intent, ())]
    answered, missing = _answer(ctx, product, asked)
    if ctx.intent == "product_info" and answered and product.data.get("final_sale"):
        out.say(
            "product.final_sale",
            product_slots(product, ctx.market),
            cite=[product.source_id],
            detail=True,
        )
    if "warranty" in answered:
        say_policy(
            ctx,
            first_policy(ctx, "warranty", ("length", "covered")),
            hints=["warranty", "years"],
            detail=True,
            limit=1,
        )
    if len(ctx.facts.kind("product")) > 1:
        out.note(f"several products given; answered about {product.source_id}")
    if missing:
        out.say("common.colleague")
    return out.draft(grounded=bool(answered))


def _answer(
    ctx: Context, product: Fact, asked: list[tuple[str, bool]]
) -> tuple[list[str], list[str]]:
    """Say what the attributes answer and what they do not cover; return both topic lists."""
    out, cite = ctx.out, [product.source_id]
    answered: list[str] = []
    said_keys: set[str] = set()
    missing: list[str] = []
    for name, strong in asked:
        lines = ANSWERS[name](product.data, ctx)
        lines = [(k, extra) for k, extra in lines if k not in said_keys]
        if not lines:
            if strong:
                missing.append(name)
            continue
        answered.append(name)
        for key, extra in lines:
            said_keys.add(key)
            out.say(
                key,
                product_slots(product, ctx.market, **extra),
                cite=cite,
                primary=len(answered) == 1,
            )
    if not answered and not missing:
        missing = ["question"]
    if missing:
        topics = missing
        words = join_words([out.text_of(f"topic.{t}") for t in topics], "or")
        out.say(
            "product.not_covered",
            product_slots(product, ctx.market, asked=words),
            cite=cite,
            primary=not answered,
        )
        out.note(f"not covered by the product's attributes: {', '.join(topics)}")
    return answered, missing


def product_availability(ctx: Context, product: Fact) -> bool:
    """Price and stock of a product in the customer's market (used for exchanges)."""
    lines = price_stock(product.data, ctx)
    for key, extra in lines:
        ctx.out.say(key, product_slots(product, ctx.market, **extra), cite=[product.source_id])
    return bool(lines)
