"""Replies about a product: will it fit (sizing_fit), does it work with something
(compatibility), and what is it like (product_info).

The question's topic comes from the customer's words; each topic is answered only from the
product's stored attributes. A topic the attributes do not cover is said to be not covered,
never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from drafting.template_answers import not_sold_here, price_stock
from drafting.template_common import (
    NOT_QUOTED_FOR_SERVICE,
    clarify_or_refuse,
    first_policy,
    say_policy,
)
from drafting.template_compose import Context
from drafting.template_coverage import names_product
from drafting.template_format import join_words
from drafting.template_slots import product_slots
from drafting.template_topics import ANSWERS, PATTERNS, TOPICS
from drafting.types import Draft
from tools.facts import Fact
from tools.policies import CARRIED_IN, MARKET_SECTIONS, WARRANTY_COVER

# Questions about washing or heating a product are care questions too: the care instructions
# say what the yes or no leaves out ("dishwasher safe, though hand washing keeps it brighter").
CARE_TOO = frozenset({"dishwasher", "microwave", "oven"})
# The pronoun (or "The curtains") that stands for the product in a template's first sentence.
SUBJECT = re.compile(r"\b(?:[Ii]t(?:'s| is)?|The curtains)(?= )")
DEFAULT_TOPICS = {
    "sizing_fit": ("dimensions", "bed", "seats", "weight"),
    "product_info": ("materials", "dimensions", "lead_time", "price"),
    "compatibility": (),
}


# A request for the product's main facts rather than one specific thing.
GENERAL_REQUEST = re.compile(
    r"\b(?:tell me (?:more )?about|more (?:info|information|details)|any (?:info|details)"
    r"|details (?:on|of|about)|what(?:'s| is| are) (?:the |it |they )?(?:\w+ )?like"
    r"|describe|specs?\b|specifications?|what do (?:i|you) need to know|information (?:on|about)"
    r"|anything i should know|worth (?:buying|it))",
    re.IGNORECASE,
)


def without_product_names(message: str, products: Sequence[Fact]) -> str:
    """The message with every product's name and variant blanked out. "Does the Barnes Dining
    Table (Natural Oak, 6-8 seats) come in one piece?" asks about assembly: the "seats" and the
    "oak" of its name ask nothing, and answering them instead sends a reply about something
    else. Longest first, so a variant that holds another's words goes whole."""
    names = {
        str(p.data.get(key) or "").strip()
        for p in products
        for key in ("product_name", "variant_name")
    }
    for name in sorted(names - {""}, key=len, reverse=True):
        message = re.sub(re.escape(name), " ", message, flags=re.IGNORECASE)
    return message


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
    as_written = ctx
    # Topics are read from the question's own words, not from the product's name.
    ctx = replace(ctx, message=without_product_names(ctx.message, ctx.facts.kind("product")))
    asked = [(name, strong) for name, pattern, _a, strong in TOPICS if pattern.search(ctx.message)]
    general = not asked
    if general:
        asked = [(name, False) for name in DEFAULT_TOPICS.get(ctx.intent, ())]
    if CARE_TOO & {name for name, _ in asked} and all(name != "care" for name, _ in asked):
        asked.append(("care", False))
    searched = len(ctx.facts.kind("product")) > 1
    if (
        _only_warranty(ctx.message)
        and searched
        and not out.follow_up
        and not any(names_product(p, as_written.message) for p in ctx.facts.kind("product"))
    ):
        # "How long is the guarantee on your sofas?" asks about a kind of thing, which the
        # warranty policy answers for everything the shop sells; a search's nearest sofa is
        # not what was asked about, and its own facts would only be a guess.
        return _shop_warranty(ctx)
    answered, missing = _answer(ctx, product, asked)
    if ctx.intent == "product_info" and answered and product.data.get("final_sale"):
        out.say(
            "product.final_sale",
            product_slots(product, ctx.market),
            cite=[product.source_id],
            detail=True,
        )
    weeks = product.data.get("lead_time_weeks")
    if product.data.get("made_to_order") and weeks and answered and "lead_time" not in answered:
        # "Will it go through a 76 cm door?" about a sofa built to order: whether it can come
        # back if it does not fit is part of the answer, and so is the wait.
        fit = ctx.intent != "product_info"
        out.say(
            "product.made_to_order_fit" if fit else "product.made_to_order",
            product_slots(product, ctx.market, value=str(weeks)),
            cite=[product.source_id],
            detail=True,
        )
    if not_sold_here(product.data) and not {"price", "stock"} & set(answered):
        # "How big is it, and can I have one shipped here?": whatever else is asked, a product
        # the customer's own shop does not sell is one they cannot order, and the reply says so.
        out.say("product.not_sold", product_slots(product, ctx.market), cite=[product.source_id])
    if "warranty" in answered:
        _say_warranty(ctx, most=1)
    if "delivery" in answered:
        _say_delivery(ctx, product)
    if len(ctx.facts.kind("product")) > 1:
        out.note(f"several products given; answered about {product.source_id}")
    if missing:
        out.say("common.colleague")
    # Part of the question left unanswered ("...and is the wood FSC certified?"): a person
    # finishes the reply, so it is not marked as grounded for the automatic route.
    if (
        general
        and not GENERAL_REQUEST.search(ctx.message)
        # A search's nearest product a first message does not name is template_coverage's
        # case; a follow-up's is weighed here ("would it sit on there ok?" answered about the
        # bedside table the customer owns, not the lamp asked about before).
        and (not searched or out.follow_up or names_product(product, as_written.message))
    ):
        # No topic we know was asked, yet the message asks something specific ("will it turn
        # up ready built?"): the product's main facts are a useful draft for an agent, not an
        # answer to send on its own.
        out.note("the question names no topic the attributes answer")
        return out.draft(grounded=False)
    return out.draft(grounded=bool(answered) and not missing)


# "How long" in a question about the warranty asks its length, not a size or a wait.
_HOW_LONG = re.compile(r"\bhow long\b", re.IGNORECASE)


def _only_warranty(message: str) -> bool:
    """Whether the warranty is all the message asks about ("how long are your pans guaranteed
    for?"); any other topic ("how big is the sofa, and how long is its guarantee?") is not."""
    if not PATTERNS["warranty"].search(message):
        return False
    rest = _HOW_LONG.sub(" ", message)
    return not any(pattern.search(rest) for name, pattern in PATTERNS.items() if name != "warranty")


def _say_warranty(
    ctx: Context, *, most: int, detail: bool = True, hints: Sequence[str] = ("warranty", "years")
) -> bool:
    """The warranty's length, and what it leaves out when the question hints at wear or
    accidents ("...and would it cover the dog's scratches?"). False when nothing was quoted."""
    exclusions = WARRANTY_COVER.search(ctx.message)
    return say_policy(
        ctx,
        [
            first_policy(ctx, "warranty", ("length", "covered")),
            ctx.facts.policy("warranty", ("not-covered",)) if exclusions else None,
        ],
        hints=[*hints, *(["wear and tear", "pet damage"] if exclusions else [])],
        detail=detail and not exclusions,
        limit=(most, 2),
    )


def _shop_warranty(ctx: Context) -> Draft:
    """The warranty for everything the shop sells, quoted from the policy alone: both periods,
    so that a sofa's frame and its cushions are each answered."""
    periods = ("years", "everything we sell", "frames", "solid-wood")
    if not _say_warranty(ctx, most=2, detail=False, hints=periods):
        ctx.out.note("no warranty section to quote")
        return ctx.out.draft(grounded=False)
    return ctx.out.draft(grounded=True)


def _say_delivery(ctx: Context, product: Fact) -> None:
    """The market's delivery times and charge for the product's own service, and, for a large
    piece asked about being carried in, what the two-person team does on the day."""
    service = str((product.data.get("compatibility") or {}).get("delivery"))
    market = ctx.facts.policy("delivery", MARKET_SECTIONS)
    visit = None
    if service == "two_person" and CARRIED_IN.search(ctx.message):
        visit = ctx.facts.policy("delivery", ("two-person",))
    sections = [(fact, most) for fact, most in ((market, 2), (visit, 2)) if fact is not None]
    say_policy(
        ctx,
        [fact for fact, _most in sections],
        hints=["business days", "costs", "free on orders", "flat charge", "time slot", "carry"],
        limit=[most for _fact, most in sections],
        exclude=NOT_QUOTED_FOR_SERVICE.get(service, ()),
    )


def _answer(
    ctx: Context, product: Fact, asked: list[tuple[str, bool]]
) -> tuple[list[str], list[str]]:
    """Say what the attributes answer and what they do not cover; return both topic lists."""
    out, cite = ctx.out, [product.source_id]
    answered: list[str] = []
    said_keys: set[str] = set()
    missing: list[str] = []
    for name, strong in asked:
        found = ANSWERS[name](product.data, ctx)
        lines = [(k, extra) for k, extra in found if k not in said_keys]
        if found and not lines:
            continue  # answered already by another topic's sentence ("load" and "hold")
        if not lines:
            if strong:
                missing.append(name)
            continue
        answered.append(name)
        for key, extra in lines:
            slots = product_slots(product, ctx.market, **extra)
            # The first sentence says which product (and variant) the answer is about.
            reword = None if said_keys else _named(slots["Product"])
            said_keys.add(key)
            out.say(key, slots, cite=cite, primary=len(answered) == 1, reword=reword)
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


def _named(product: str) -> Callable[[str], str]:
    """The first answer sentence names the product it is about ("It's dishwasher safe." ->
    "The Evie Saucepan (Graphite, 18 cm) is dishwasher safe."), unless it already does."""

    def reword(text: str) -> str:
        found = SUBJECT.search(text)
        if found is None or product.lower() in text.lower():
            return text
        word = found.group(0)
        name = product if found.start() == 0 else product[0].lower() + product[1:]
        verb = " is" if word.lower() in ("it's", "it is") else ""
        return f"{text[: found.start()]}{name}{verb}{text[found.end() :]}"

    return reword


def product_availability(ctx: Context, product: Fact) -> bool:
    """Price and stock of a product in the customer's market (used for exchanges)."""
    lines = price_stock(product.data, ctx)
    for key, extra in lines:
        ctx.out.say(key, product_slots(product, ctx.market, **extra), cite=[product.source_id])
    return bool(lines)
