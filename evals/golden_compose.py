"""One template entry + the seeded shop -> one golden ticket (without its id and split).

The customer's words are the template author's; the rows they talk about are picked from the
shop; the reference answer, the facts it must state, the tools and the sources come from the
answer pieces; the route comes from `golden_routes.route_for` applied to the intent and tags.
A template that does not fit its rows fails loudly with the template's place in the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from evals import (  # noqa: F401  (the imports register the pieces)
    golden_pieces_actions,
    golden_pieces_aftercare,
    golden_pieces_orders,
    golden_pieces_policy,
    golden_pieces_products,
    golden_pieces_service,
    golden_pieces_sizes,
)
from evals.golden_guards import TemplateError, check_words, forbidden_strings
from evals.golden_picks import PickError
from evals.golden_pieces import PIECES, Ctx, Piece, day
from evals.golden_routes import route_for
from evals.golden_schema import (
    ADVERSARIAL_KINDS,
    CustomerRef,
    OrderRef,
    ToolCall,
    Verification,
    fact_present,
)
from evals.golden_shop import OrderView, Shop

WHO = ("account", "guest", "guest_email", "guest_postcode", "guest_wrong", "other", "unknown")
HANDOFF_PIECES = frozenset(
    {
        "handoff",
        "handoff_senior",
        "handoff_specialist",
        "no_answer",
        "p_human",
        "p_privacy_access",
        "p_privacy_erasure",
        "p_chargeback",
        "p_fraud",
        "p_complaint",
        "p_escalate",
        "refund_none",
    }
)


@dataclass
class Draft:
    """A ticket before the builder gives it an id and a split."""

    intent: str
    channel: str
    market: str
    customer: CustomerRef
    subject: str | None
    turns: tuple[str, ...]
    route: Any
    tools: tuple[ToolCall, ...]
    answer: str
    sources: tuple[str, ...]
    facts: tuple[str, ...]
    must_not: tuple[str, ...]
    orders: tuple[OrderRef, ...]
    skus: tuple[str, ...]
    tags: tuple[str, ...]
    where: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _slots(
    shop: Shop, market: str, view: OrderView | None, customer: dict[str, Any] | None
) -> dict[str, Any]:
    slots: dict[str, Any] = {}
    if customer is not None:
        slots |= {
            "first_name": customer["first_name"],
            "full_name": customer["full_name"],
            "email": customer["email"],
            "postcode": customer["postcode"],
        }
    if view is not None:
        owner, line = view.customer, view.lines[0]
        placed = view.order["placed_at"].date()
        slots |= {
            "order_id": view.id,
            "order_num": view.id[3:],
            "order_id_lower": view.id.lower(),
            "item": line.name,
            "item_lower": line.name.lower(),
            "item_variant": line.variant["variant_name"],
            "item_type": line.product["product_type"].replace("_", " "),
            "n_items": sum(int(x.row["quantity"]) for x in view.lines),
            "placed_day": day(placed, market),
            "placed_weekday": placed.strftime("%A"),
            "total": _money(shop, market, view.order["total"]),
            "owner_first": owner["first_name"],
            "owner_name": owner["full_name"],
            "owner_email": owner["email"],
            "owner_postcode": owner["postcode"],
        }
        if view.shipments:
            s = view.shipments[0]
            slots |= {"carrier": s["carrier"], "tracking": s["tracking_number"]}
        delivered = view.delivered_on()
        if delivered is not None:
            slots["delivered_day"] = day(delivered, market)
    return slots


def _money(shop: Shop, market: str, amount: Any) -> str:
    from evals.golden_pieces import money

    return money(amount, shop.rules.markets[market].currency)


def _fill(text: str, slots: dict[str, Any], where: str) -> str:
    try:
        return text.format_map(slots)
    except (KeyError, IndexError, ValueError) as exc:
        raise TemplateError(f"{where}: cannot fill {text[:60]!r}: missing slot {exc}") from exc


def _wanted_variant(shop: Shop, view: OrderView) -> str:
    line = view.lines[0]
    for v in sorted(shop.variants_of[line.product["id"]], key=lambda r: r["sku"]):
        if v["sku"] != line.sku and shop.offer(v["sku"], view.market) is not None:
            return str(v["sku"])
    raise TemplateError(f"{view.id}: no other variant of {line.name} in {view.market}")


def compose(shop: Shop, intent: str, t: dict[str, Any], where: str) -> Draft:
    try:
        return _compose(shop, intent, t, where)
    except PickError as exc:
        raise TemplateError(f"{where}: {exc}") from exc


def _compose(shop: Shop, intent: str, t: dict[str, Any], where: str) -> Draft:
    unknown = set(t) - {
        "pick", "who", "answer", "tags", "turns", "channel", "subject", "sku", "market",
        "params", "say", "must_not", "intent",
    }  # fmt: skip
    if unknown:
        raise TemplateError(f"{where}: unknown template keys {sorted(unknown)}")
    intent = str(t.get("intent", intent))
    who = str(t.get("who", "account"))
    if who not in WHO:
        raise TemplateError(f"{where}: who must be one of {WHO}")
    pick = t.get("pick")
    market = t.get("market")
    if pick and market and not {"UK", "US", "DE"} & set(pick.split()):
        pick = f"{pick} {market}"
    view = shop.pick_order(pick) if pick and who != "unknown" else None
    market = str(market or (view.market if view else "UK"))
    tags = list(t.get("tags", []))
    orders: list[OrderRef] = []
    customer_row: dict[str, Any] | None
    ref: CustomerRef
    if who == "account":
        customer_row = view.customer if view else shop.pick_customer(market)
        ref = CustomerRef("account", id=customer_row["id"])
        if view:
            orders.append(OrderRef(view.id, "own"))
    elif who == "other":
        assert view is not None, f"{where}: who=other needs a pick"
        customer_row = shop.pick_customer(market, not_id=view.customer["id"])
        ref = CustomerRef("account", id=customer_row["id"])
        orders.append(OrderRef(view.id, "other_customer"))
        tags += ["other-customer", "adversarial"]
    elif who == "unknown":
        customer_row = shop.pick_customer(market)
        ref = CustomerRef("account", id=customer_row["id"])
        fake = shop.missing_order_id()
        orders.append(OrderRef(fake, "nonexistent"))
        tags.append("unknown-order")
    elif view is None:
        if who != "guest":
            raise TemplateError(f"{where}: who={who} needs a pick")
        customer_row = None
        ref = CustomerRef("guest")
        tags.append("guest")
    else:
        customer_row = view.customer
        tags.append("guest")
        owner = view.customer
        if who == "guest":
            ref = CustomerRef("guest")
            orders.append(OrderRef(view.id, "own"))
        elif who == "guest_email":
            ref = CustomerRef("guest", verification=Verification(view.id, email=owner["email"]))
            orders.append(OrderRef(view.id, "own"))
        elif who == "guest_postcode":
            ref = CustomerRef(
                "guest", verification=Verification(view.id, postcode=owner["postcode"])
            )
            orders.append(OrderRef(view.id, "own"))
        else:
            wrong = f"{owner['first_name'].lower()}.home@mail.example"
            ref = CustomerRef("guest", verification=Verification(view.id, email=wrong))
            orders.append(OrderRef(view.id, "other_customer"))
            tags.append("wrong-verification")
    slots = _slots(shop, market, view, customer_row)
    if who == "unknown":
        fake_id = orders[0].id
        slots |= {"order_id": fake_id, "order_num": fake_id[3:], "order_id_lower": fake_id.lower()}
        params_extra = {"unknown_order_id": fake_id}
    else:
        params_extra = {}
    if who == "guest_wrong":
        slots["wrong_email"] = ref.verification.email if ref.verification else ""
    params = dict(t.get("params", {})) | params_extra
    skus: list[str] = []
    sku = shop.pick_sku(str(t["sku"]), market) if t.get("sku") else None
    if sku:
        p, v = shop.product_of(sku), shop.by_table["variants"][sku]
        slots |= {"sku": sku, "product": p["name"], "variant": v["variant_name"]}
        slots["product_type"] = p["product_type"].replace("_", " ")
        skus.append(sku)
    answer_names = list(t.get("answer", []))
    wants_variant = any("{wanted_variant}" in x for x in t["turns"])
    if view is not None and ("exchange" in answer_names or wants_variant):
        wanted = _wanted_variant(shop, view)
        slots["wanted_variant"] = shop.by_table["variants"][wanted]["variant_name"]
        if "exchange" in answer_names:
            params["wanted_sku"] = wanted
            skus.append(wanted)
    slots |= params
    turns = tuple(_fill(x, slots, where) for x in t["turns"])
    said = " ".join(turns)
    proof = (ref.verification.email or ref.verification.postcode) if ref.verification else None
    if proof is not None and proof not in said:
        raise TemplateError(f"{where}: the guest's verification value is not in the turns")
    if who == "guest" and view is not None and set(t.get("answer", [])) - {"verify", "foreign"}:
        raise TemplateError(f"{where}: an unverified guest may only be asked to verify")
    subject = _fill(str(t["subject"]), slots, where) if t.get("subject") else None
    named = sku is not None and any(sku in x for x in turns)
    ctx = Ctx(shop, market, view, sku, sku_named=named, params=params)
    pieces: list[Piece] = []
    for name in answer_names:
        key, _, arg = str(name).partition(":")
        if key not in PIECES:
            raise TemplateError(f"{where}: unknown answer piece {key!r}")
        try:
            pieces.append(PIECES[key](ctx, arg))
        except (ValueError, KeyError, AssertionError) as exc:
            raise TemplateError(f"{where}: piece {name} on {pick or sku}: {exc}") from exc
    if view is not None and who in ("account", "guest_email", "guest_postcode"):
        if view.high_value:
            tags.append("high-value")
        if view.recent_contacts >= 3:
            tags.append("repeat-contact")
    if len(turns) > 1:
        tags.append("multi-turn")
    if ADVERSARIAL_KINDS & set(tags):
        tags.append("adversarial")
    tags = list(dict.fromkeys(tags))
    check_words(turns, subject, intent, tags, where)
    route = route_for(intent, tags)
    if route.expected != "auto_reply" and not HANDOFF_PIECES & {
        str(n).partition(":")[0] for n in answer_names
    }:
        name = {"escalate_senior": "handoff_senior", "escalate_specialist": "handoff_specialist"}
        pieces.append(PIECES[name.get(route.expected, "handoff")](ctx, ""))
    answer = " ".join(p for p in [t.get("say", ""), *(x.text for x in pieces)] if p)
    facts = list(dict.fromkeys(f for x in pieces for f in x.facts))
    for fact in facts:
        if not fact_present(fact, answer):
            raise TemplateError(f"{where}: fact {fact!r} is not in the reference answer")
    must_not = forbidden_strings(
        shop, who, view, customer_row, ref, pieces, t, turns, answer, where
    )
    tools = list(dict.fromkeys((c.tool, tuple(sorted(c.arguments.items()))) for x in pieces
                               for c in x.tools))  # fmt: skip
    return Draft(
        intent=intent,
        channel=str(t.get("channel", "chat")),
        market=market,
        customer=ref,
        subject=subject,
        turns=turns,
        route=route,
        tools=tuple(ToolCall(name, dict(args)) for name, args in tools),
        answer=answer,
        sources=tuple(dict.fromkeys(s for x in pieces for s in x.sources)),
        facts=tuple(facts),
        must_not=tuple(must_not),
        orders=tuple(orders),
        skus=tuple(dict.fromkeys(skus)),
        tags=tuple(tags),
        where=where,
    )
