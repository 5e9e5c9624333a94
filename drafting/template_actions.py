"""Replies to "may I return / exchange / cancel / change this?": the eligibility fact's answer
in words (deadline, days left, fee, excluded items), then the policy rule behind it."""

from __future__ import annotations

from drafting.template_common import clarify_or_refuse, first_policy, say_policy
from drafting.template_compose import Context
from drafting.template_facts import line_names
from drafting.template_format import is_zero
from drafting.template_orders import say_order_status
from drafting.template_products import product_availability
from drafting.template_slots import eligibility_slots
from drafting.types import Draft
from tools.facts import Fact

# intent -> (eligibility action, template section, policy slug)
ACTIONS = {
    "return_request": ("return", "return_request", "returns"),
    "exchange": ("return", "exchange", "returns"),
    "cancel_order": ("cancel", "cancel_order", "cancellations"),
    "change_order": ("change", "change_order", "order-changes"),
}
# Which policy sections explain each outcome, most useful first.
POLICY_SECTIONS = {
    ("return", True): ("start", "return-costs", "window"),
    ("return", False): ("window", "exclusions", "statutory-rights"),
    ("cancel", True): ("how", "refund", "before-dispatch"),
    ("cancel", False): ("after-dispatch", "made-to-order", "before-dispatch"),
    ("change", True): ("what-can-change", "how", "address"),
    ("change", False): ("after-dispatch", "what-can-change"),
}
HINTS = {
    "return": ["return", "window", "days", "delivery"],
    "cancel": ["cancel", "dispatched", "order"],
    "change": ["change", "dispatch", "address", "date"],
}


def _eligible(ctx: Context, section: str, elig: Fact, order: Fact | None) -> None:
    out, data = ctx.out, elig.data
    action = str(data.get("action"))
    slots = eligibility_slots(elig, ctx.market)
    cite = [elig.source_id]
    if action == "return":
        if data.get("days_left") == 0:
            key = "eligible_last_day"
        elif slots["deadline"] and slots["days_left"]:
            key = "eligible"
        else:
            key = "eligible_until" if slots["deadline"] else "eligible_open"
        out.say(f"{section}.{key}", slots, cite=cite, primary=True)
        if data.get("return_fee") is not None:
            fee = "return_request.fee_free" if is_zero(data["return_fee"]) else "return_request.fee"
            out.say(fee, slots, cite=cite, detail=section == "exchange")
    else:
        out.say(f"{section}.eligible", slots, cite=cite, primary=True)
        if slots["deadline"]:  # the made-to-order cut-off: the rest of the order has none
            out.say(f"{section}.made_to_order_until", slots, cite=cite)
    base = "return_request" if section == "exchange" else section
    _itemised(ctx, base, elig, order)
    if section in ("cancel_order", "change_order"):
        out.say(f"{section}.confirm", slots, cite=cite)


def _itemised(ctx: Context, section: str, elig: Fact, order: Fact | None) -> None:
    """Items left out of an eligible order, and items with a condition (sealed bedding)."""
    names = line_names(order)

    def item_of(sku: str) -> tuple[str, list[str]]:
        name = names.get(sku)
        cite = [elig.source_id] + ([order.source_id] if name and order else [])
        return (name[0].upper() + name[1:] if name else f"Item {sku}"), cite

    for entry in elig.data.get("excluded_lines") or []:
        why = str(entry.get("why") or "")
        why_key = f"why.{why}"
        words = ctx.out.text_of(why_key) if ctx.out.book.has(why_key) else why.replace("_", " ")
        item, cite = item_of(str(entry.get("sku", "")))
        slots = eligibility_slots(elig, ctx.market, item=item, why=words)
        ctx.out.say(f"{section}.excluded", slots, cite=cite)
    for entry in elig.data.get("conditions") or []:
        key = f"{section}.{entry.get('condition')}"
        if ctx.out.book.has(key):
            item, cite = item_of(str(entry.get("sku", "")))
            ctx.out.say(key, eligibility_slots(elig, ctx.market, item=item), cite=cite)


def _not_eligible(ctx: Context, section: str, elig: Fact) -> None:
    code = str(elig.data.get("reason_code") or "")
    slots = eligibility_slots(elig, ctx.market)
    # An exchange is a return and a new order: it fails for the same reasons a return does.
    base = "return_request" if section == "exchange" else section
    key = f"{base}.{code}"
    if code == "window_closed" and not slots["deadline"]:
        key = f"{base}.window_closed_undated"
    if not code or not ctx.out.book.has(key):
        key = f"{section}.not_eligible"
        ctx.out.note(f"no template for reason code {code!r}; used the fact's own reason")
    ctx.out.say(key, slots, cite=[elig.source_id], primary=True)


def eligibility_reply(ctx: Context) -> Draft:
    action, section, slug = ACTIONS[ctx.intent]
    out = ctx.out
    order = ctx.facts.order()
    elig = ctx.facts.eligibility(action, str(order.data.get("order_ref")) if order else None)
    hints = HINTS[action]
    if ctx.intent == "exchange":
        say_policy(ctx, ctx.facts.policy("returns", ("exchanges",)), hints=["exchange"], limit=2)
    if elig is None:
        policy = first_policy(ctx, slug, POLICY_SECTIONS[(action, True)])
        if order is None:
            lead = say_policy(ctx, policy, hints=hints) or out.has_text()
            refused = clarify_or_refuse(ctx, lead_done=lead)
            if refused is not None:
                return refused
            return out.draft(grounded=lead)
        # The order is known but eligibility was not computed: its status and the rule.
        say_order_status(ctx, order, primary=False)
        quoted = say_policy(ctx, policy, hints=hints)
        out.note("no eligibility fact; answered from the order status and the policy")
        return out.draft(grounded=quoted)
    eligible = bool(elig.data.get("eligible"))
    if eligible:
        _eligible(ctx, section, elig, order)
    else:
        _not_eligible(ctx, section, elig)
    if ctx.intent == "exchange" and eligible:
        for product in ctx.facts.kind("product")[:1]:
            product_availability(ctx, product)
    out.new_paragraph()
    anchors = POLICY_SECTIONS[(action, eligible)]
    # Nothing left to decide on a cancelled or fully returned order: no rule to quote.
    settled = elig.data.get("reason_code") in ("already_cancelled", "already_returned")
    if ctx.intent != "exchange" and not settled:
        say_policy(ctx, first_policy(ctx, slug, anchors), hints=hints, detail=True)
    return out.draft(grounded=True)
