"""Replies to "may I return / exchange / cancel / change this?": the eligibility fact's answer
in words (deadline, days left, fee, excluded items), then the policy rule behind it."""

from __future__ import annotations

import re
from dataclasses import replace

from drafting.template_common import clarify_or_refuse, first_policy, other_methods, say_policy
from drafting.template_compose import Context
from drafting.template_facts import UNITS, line_names, policy_anchor, words
from drafting.template_format import is_zero, method_words
from drafting.template_orders import (
    describe_money,
    say_delivered_on,
    say_order_status,
    say_where_it_is,
)
from drafting.template_parcel_trouble import describe_parcel_trouble
from drafting.template_products import product_availability
from drafting.template_slots import eligibility_slots
from drafting.types import Draft
from tools.facts import DISCUSSED_BEFORE, Fact
from tools.policies import CANCEL_BUTTON, PARCEL_ELSEWHERE, PARTIAL_CANCEL, RETURN_LABEL

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
# After dispatch, what the customer can do instead: refuse it or return it, within the window.
INSTEAD_HINTS = ["return", "window", "refuse", "delivery", "fee"]
EXCHANGE_HINTS = ["exchange", "return", "original", "order", "hold", "reserve", "variant"]
# "how do I send it back?", "where do I start?": the step (what to click) is the answer.
HOW = re.compile(
    r"\bhow (?:do|can|would|should) (?:i|we)\b|\bhow to\b|\bwhere do i\b"
    r"|\bwhat do i (?:do|need)\b|\bsend (?:it|them|this|that|things?) back\b"
    r"|\bhow (?:i|we)(?:'d| would) go about\b",
    re.I,
)
# "how would you pick it up?", "how does collection work?"
COLLECTION = re.compile(r"\bcollect\w*|\bpick(?:ed|ing)? (?:it |them )?up\b|\bpickup\b", re.I)
# "send it to my work address", "deliver it to my office instead"
# (an email address is not where a parcel goes)
ADDRESS_CHANGE = re.compile(rf"(?<!email )(?<!e-mail )\baddress\b|{PARCEL_ELSEWHERE}", re.I)
# With PARTIAL_CANCEL, words that in a cancellation mean only some of the order ("just the
# lamp", "only one").
ONLY_SOME = re.compile(
    r"\bjust (?:the|one)\b|\bonly (?:the|one|some)\b|\bpart of\b|\bsome (?:items|of)\b", re.I
)
# Tokens of a variant name that carry no choice ("W 140 x D 228 cm": "x" and "cm" do not).
FILLER = UNITS | {"d", "h"}


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
            # Said in follow-ups too: for an exchange the fee is what the swap costs.
            out.say(fee, slots, cite=cite)
    else:
        out.say(f"{section}.eligible", slots, cite=cite, primary=True)
        if slots["deadline"]:  # the made-to-order cut-off: the rest of the order has none
            out.say(f"{section}.made_to_order_until", slots, cite=cite)
    base = "return_request" if section == "exchange" else section
    _itemised(ctx, base, elig, order)
    if section in ("cancel_order", "change_order"):
        out.say(f"{section}.confirm", slots, cite=cite)
    if section == "cancel_order":
        # Where the money goes and how long it takes: the customer's next question.
        paid_by = order.data.get("payment_method") if order else None
        refund_rule = ctx.facts.policy("cancellations", ("refund",))
        said = say_policy(
            ctx,
            refund_rule,
            hints=[
                "refund",
                "original",
                "payment",
                "method",
                "business days",
                method_words(paid_by),
            ],
            needs=("span",),
            exclude=other_methods(paid_by),
        )
        if said and refund_rule is not None and paid_by == "gift_card":
            # The quoted row reads "Gift card: 0 business days (instant)"; "does the balance go
            # back on it, and how quickly?" deserves the answer in plain words.
            out.say("cancel_order.gift_card_back", slots, cite=[refund_rule.source_id])
        if PARTIAL_CANCEL.search(ctx.message) or ONLY_SOME.search(ctx.message):
            # Cancelling some items: what is refunded, and no delivery charge added afterwards.
            say_policy(
                ctx,
                ctx.facts.policy("cancellations", ("partial",)),
                hints=["items", "keep", "refund", "delivery", "threshold"],
                needs=("money",),
                limit=1,
            )


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


def _general(ctx: Context, action: str) -> bool:
    """A question about the rule rather than an order: the numbers of the customer's market
    (the return window in days, the return fees, the exchange routes), plus the step to take
    when they ask how. True if anything was quoted."""
    if action != "return":
        policy = first_policy(ctx, ACTIONS[ctx.intent][2], POLICY_SECTIONS[(action, True)])
        return say_policy(ctx, policy, hints=HINTS[action], needs=("span", "money"))
    anchors = ["return-costs"] if ctx.intent == "exchange" else ["window", "return-costs"]
    if HOW.search(ctx.message):
        anchors.append("start")
    sections = [ctx.facts.policy("returns", (anchor,)) for anchor in anchors]
    # The section the search ranked first for the message, when it is about something else
    # (the legal right to cancel, what can't be returned): that is what they asked.
    ranked = ctx.facts.policies(["returns"])
    top = ranked[0] if ranked else None
    limits = [2] * len(sections)
    if top is not None and policy_anchor(top) not in (*anchors, "start", "exchanges"):
        # What they asked about in full; of the standing rules, each one's key sentence.
        sections.insert(0, top)
        limits = [2] + [1] * len(anchors)
    return say_policy(
        ctx,
        sections,
        hints=[*HINTS["return"], "starts", "fee", "parcel", "free", "faulty", "damaged"],
        needs=("span", "money", "step"),
        limit=limits,
    )


def wanted_variant(ctx: Context, order: Fact | None) -> Fact | None:
    """The variant an exchange is for, other than one already on the order: the one whose SKU
    the message gives, else the one whose variant name shares the most words with it ("the
    sage one", "the White, Single"), then the one named in full; none when two are as close (a
    guess could misquote a price). A message naming none ("for that") means the variant an
    earlier turn asked about, when one was."""
    ordered = {str(line.get("sku")) for line in (order.data.get("lines") if order else []) or []}
    candidates = [p for p in ctx.facts.kind("product") if str(p.data.get("sku")) not in ordered]
    message = ctx.message.lower()
    for product in candidates:
        if str(product.data.get("sku") or "-").lower() in message:
            return product
    # A name written out as the shop writes it ("for the Clay, Super King") outweighs words the
    # story happens to share with another ("the walls were a cold white").
    in_full = [
        p for p in candidates if _written_out(str(p.data.get("variant_name") or ""), message)
    ]
    if len(in_full) == 1:
        return in_full[0]
    asked = words(ctx.message)
    # "I have the Ink Blue, W 140 x D 228 cm; how much is the Oat?": the words of what they
    # have say what they do not want. Those left decide first; all the words break a tie (the
    # Oat in the same size as the one they have) or decide alone when the wanted name is all
    # words of the one they have ("Natural, round 60 cm" for "Natural Oak, round 60 cm").
    had = {
        w
        for line in (order.data.get("lines") if order else []) or []
        for w in words(str(line.get("variant_name") or ""))
    }
    new_words = asked - had

    def score(p: Fact) -> tuple[int, int, int, int]:
        name = words(str(p.data.get("variant_name") or "")) - FILLER
        # Then whether they said the whole name: "the Sage, King" is not the Sage, Super King
        # (while "the sage one" still ties them). Last, what it keeps of the one they have: "the
        # rust one", from the Sage, 45 x 45 cm, is the Rust in that size, not in 30 x 50 cm.
        return len(name & new_words), len(name & asked), int(name <= asked), len(name & had)

    scored = sorted(((score(p), p) for p in candidates), key=lambda pair: pair[0], reverse=True)
    if scored and scored[0][0][1] == 0:
        # Nothing named ("swap it for that"): the variant an earlier turn asked about, if any.
        before = [p for p in candidates if p.data.get(DISCUSSED_BEFORE)]
        return before[0] if len(before) == 1 else None
    if not scored or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    return scored[0][1]


def _written_out(variant_name: str, lowered_message: str) -> bool:
    """Whether the variant's name appears whole in the message, commas optional."""
    name = variant_name.lower().replace(",", "").split()
    if not name:
        return False
    pattern = r"\b" + r",?\s+".join(map(re.escape, name)) + r"\b"
    return re.search(pattern, lowered_message) is not None


def _not_eligible(ctx: Context, section: str, elig: Fact, order: Fact | None = None) -> None:
    code = str(elig.data.get("reason_code") or "")
    if code == "already_cancelled" and order is not None and order.data.get("cancelled_on"):
        # The order fact knows the day it was cancelled: "did it go through?" wants it, and
        # "could you send it to our new address instead?" wants to hear the money went back.
        say_order_status(ctx, order)
        describe_money(ctx, order, detail=False)
        return
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
    if code == "already_returned" and order is not None:
        # "It should be with you by now, when do I see my money?": the refund on record (how
        # much, when it was sent, when it lands) is what the customer wants from a settled return,
        # after the day it was delivered: together they tell what happened to the order.
        say_delivered_on(ctx, order)
        describe_money(ctx, order, detail=True)


def _instead(ctx: Context, slug: str, order: Fact | None) -> bool:
    """An order that has left us can't be cancelled or changed, but it can be returned: the
    return deadline and fee when it has been delivered, else the rule (refuse it, or return it
    within the market's window). True if something was said."""
    ref = str(order.data.get("order_ref")) if order else None
    returnable = ctx.facts.eligibility("return", ref)
    if returnable is not None and returnable.data.get("reason_code") != "not_delivered_yet":
        ctx.out.new_paragraph()
        if returnable.data.get("eligible"):
            _eligible(ctx, "return_request", returnable, order)
            # "Could you cancel it? It got here fine": how to start the return is the next step.
            say_policy(
                ctx,
                ctx.facts.policy("returns", ("start",)),
                hints=["start", "return", "Return an item"],
                needs=("step",),
                limit=1,
            )
        else:
            _not_eligible(ctx, "return_request", returnable)
        return True
    needs = ("span", "money") if slug == "cancellations" else ("span",)
    section = ctx.facts.policy(slug, ("after-dispatch",))
    return say_policy(ctx, section, hints=INSTEAD_HINTS, needs=needs, limit=1)


def _swap_before_dispatch(ctx: Context, order: Fact, returnable: Fact | None) -> Draft | None:
    """An exchange asked for before the order has left us is an order change: the variant is
    switched on the order and the price difference taken or refunded; nothing goes back. None
    when the order can no longer be changed, and the exchange is a return and a new order."""
    change = ctx.facts.eligibility("change", str(order.data.get("order_ref")))
    if change is None:
        return None
    if not change.data.get("eligible"):
        on_its_way = returnable is not None and (
            returnable.data.get("reason_code") == "not_delivered_yet"
        )
        if on_its_way and change.data.get("reason_code") == "already_dispatched":
            # "Can you still change it before it reaches me?": no, and the return route follows.
            slots = eligibility_slots(change, ctx.market)
            ctx.out.say("change_order.already_dispatched", slots, cite=[change.source_id])
        return None
    _eligible(ctx, "change_order", change, order)
    wanted = wanted_variant(ctx, order)
    if wanted is not None:
        product_availability(ctx, wanted)
    ctx.out.new_paragraph()
    say_policy(
        ctx,
        ctx.facts.policy("order-changes", ("variant-quantity",)),
        hints=["switch", "variant", "size", "colour", "difference", "refund"],
        limit=2,
    )
    return replace(ctx.out.draft(grounded=True), answered_as="change_order")


def eligibility_reply(ctx: Context) -> Draft:
    action, section, slug = ACTIONS[ctx.intent]
    out = ctx.out
    order = ctx.facts.order()
    elig = ctx.facts.eligibility(action, str(order.data.get("order_ref")) if order else None)
    hints = HINTS[action]
    if ctx.intent == "exchange" and order is not None:
        swapped = _swap_before_dispatch(ctx, order, elig)
        if swapped is not None:
            return swapped
    if ctx.intent == "exchange":
        exchanges = ctx.facts.policy("returns", ("exchanges",))
        if say_policy(ctx, exchanges, hints=EXCHANGE_HINTS, limit=3):
            # A paragraph of its own: the order's own facts follow, and a sentence read across
            # the closing quote ("we'll reserve it" ... "refunded") would look like a promise.
            out.new_paragraph()
    if elig is None:
        policy = first_policy(ctx, slug, POLICY_SECTIONS[(action, True)])
        if order is None:
            lead = _general(ctx, action) or out.has_text()
            refused = clarify_or_refuse(ctx, lead_done=lead)
            if refused is not None:
                return refused
            return out.draft(grounded=lead)
        # The order is known but eligibility was not computed: its status and the rule.
        say_order_status(ctx, order, primary=False)
        quoted = say_policy(ctx, policy, hints=hints)
        out.note("no eligibility fact; answered from the order status and the policy")
        return out.draft(grounded=quoted)
    if ctx.intent == "return_request" and elig.data.get("reason_code") == "not_delivered_yet":
        ref = str(order.data.get("order_ref")) if order else None
        cancel = ctx.facts.eligibility("cancel", ref)
        if cancel is not None and cancel.data.get("eligible"):
            # "How do I send it back? It hasn't even shipped yet": before dispatch a return is a
            # cancellation, refunded in full and sooner, and answered as one.
            as_cancel = eligibility_reply(replace(ctx, intent="cancel_order"))
            return replace(as_cancel, answered_as="cancel_order")
    eligible = bool(elig.data.get("eligible"))
    code = elig.data.get("reason_code")
    if eligible:
        _eligible(ctx, section, elig, order)
    else:
        _not_eligible(ctx, section, elig, order)
        left_us = action in ("cancel", "change") and code == "already_dispatched"
        on_its_way = action == "return" and code == "not_delivered_yet"
        if order is not None and (left_us or on_its_way):
            # Beside the no, where the parcel is now: for a return, when the window will start
            # ("roughly when should it reach her, and can she send it back herself?").
            say_where_it_is(ctx, order)
    if ctx.intent == "exchange":
        # The variant they want can be ordered whether or not the original can go back.
        wanted = wanted_variant(ctx, order)
        if wanted is not None:
            product_availability(ctx, wanted)
    if ctx.intent == "exchange" and code == "not_delivered_yet":
        # On its way: the swap starts once it arrives, with the window and fee it will have.
        say_policy(
            ctx,
            [ctx.facts.policy("returns", (anchor,)) for anchor in ("window", "return-costs")],
            hints=[*hints, "starts", "fee", "parcel"],
            needs=("span", "money"),
            limit=1,
            # The market's own number of days, not the sofa-and-cushions case's "30, 45 or 60".
            exclude=("If your order arrives in more than one delivery",),
        )
    dispatched = action in ("cancel", "change") and code == "already_dispatched"
    if dispatched and action == "cancel" and CANCEL_BUTTON.search(ctx.message):
        # "There's no Cancel order button": it shows only before dispatch, which says why.
        say_policy(
            ctx,
            ctx.facts.policy("cancellations", ("how",)),
            hints=["Cancel order", "option appears only", "placed", "processing"],
            needs=("step",),
            limit=2,
        )
    lost = dispatched and describe_parcel_trouble(ctx, order) == "lost_in_transit"
    if lost or (dispatched and _instead(ctx, slug, order)):
        # A lost parcel will not arrive to be refused or returned: its own rule was the answer.
        return out.draft(grounded=True)
    out.new_paragraph()
    anchors = POLICY_SECTIONS[(action, eligible)]
    # Nothing left to decide on a cancelled or fully returned order: no rule to quote.
    settled = code in ("already_cancelled", "already_returned")
    label = RETURN_LABEL.search(ctx.message) is not None
    if action == "return" and eligible and (label or HOW.search(ctx.message)):
        # "how do I send it back?": the step to start the return is the answer, not a detail;
        # "how does collection work for a sofa?" wants the two-person collection too, and "do
        # I print the label myself?" the sentence about the prepaid label.
        start = ctx.facts.policy("returns", ("start",))
        pickup = COLLECTION.search(ctx.message) is not None
        hints = ["start", "return", *(["large items", "two-person collection"] if pickup else [])]
        hints += ["prepaid returns label"] if label else []
        limit = 2 + pickup + label
        if say_policy(ctx, start, hints=hints, needs=("step",), limit=limit):
            return out.draft(grounded=True)
    if action == "change" and eligible and ADDRESS_CHANGE.search(ctx.message):
        # "Can you send it to my work address instead?": the address rule (what we need, the
        # same market, and a changed delivery charge told first) answers, not the list of what
        # can change.
        anchors = ("address", *anchors)
        hints = [
            "new delivery address",
            "same market",
            "affects the delivery charge",
            "phone number the carrier can use",
        ]
        limit = 4
    else:
        limit = 2
    if ctx.intent != "exchange" and not settled:
        say_policy(ctx, first_policy(ctx, slug, anchors), hints=hints, detail=True, limit=limit)
    return out.draft(grounded=True)
