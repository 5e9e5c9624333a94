"""Answer pieces about an order after it left us or about who may see it: damage, exchanges,
deliveries that went wrong, price drops, invoices, and the refusals a guest or another customer
gets."""

from __future__ import annotations

from datetime import timedelta

from evals.golden_pieces import (
    DESTINATION,
    Ctx,
    Piece,
    PieceError,
    call,
    lookup,
    piece,
    pol,
    search_policies,
)
from evals.golden_pieces_actions import return_decision
from evals.golden_pieces_orders import day_of

REFUSAL = (
    "I can't show an order matching those details in this chat. Please check the order number "
    "(HR- followed by six digits) and the email address or delivery postcode used for the order."
)


@piece("damage")
def damage(c: Ctx, _arg: str) -> Piece:
    v = c.need_order()
    delivered = v.delivered_on()
    if delivered is None:
        raise PieceError("damage needs a delivered order")
    item = c.line().name
    out = Piece("", tools=[lookup(v), search_policies("damaged-items")], sources=[f"order:{v.id}"])
    if (c.shop.anchor - delivered).days <= 7:
        report_by = delivered + timedelta(days=c.shop.rules.damage_report_within_days)
        out.text = (
            f"I'm sorry the {item} arrived damaged. Damage should be reported within 7 days of "
            f"delivery, and your order was delivered on {c.day(delivered)}, so you're in time "
            f"(until {c.long_day(report_by)}). Please send photos: a close-up of the damage and "
            "one of the whole item, the outer box from all sides, and the shipping label. You "
            "then choose a replacement or a refund, collection is free, and please keep the "
            "packaging until it's sorted."
        )
        out.facts = [c.day_fact(report_by), "photos"]
        out.sources += [
            pol("damaged-items", "report"),
            pol("damaged-items", "photos"),
            pol("damaged-items", "remedy"),
        ]
        return out
    years = int(c.line().product["warranty_years"])
    frame = " (10 years for the frame of solid-wood furniture)" if years == 10 else ""
    out.text = (
        f"I'm sorry about the {item}. Your order was delivered on {c.day(delivered)}, more than "
        "7 days ago, so it's looked at under our warranty rather than as delivery damage: "
        f"everything we sell has a 2-year warranty from delivery{frame}. Please send photos of "
        "the fault and of the whole item, the product label, and tell us when you first noticed "
        "it."
    )
    out.facts = [c.day_fact(delivered), "warranty"]
    out.tools.append(search_policies("warranty"))
    out.sources += [
        pol("damaged-items", "after-7-days"),
        pol("warranty", "length"),
        pol("warranty", "evidence"),
    ]
    return out


@piece("missing_parts")
def missing_parts(c: Ctx, _arg: str) -> Piece:
    v = c.need_order()
    return Piece(
        f"For the {c.line().name}, we usually send the missing part rather than a whole new "
        "item: it's free, sent by tracked delivery, and there's nothing to send back. Please tell "
        "us which part is missing (the part number from the assembly instructions helps) and "
        "send a photo of the parts laid out.",
        facts=["part number"],
        tools=[lookup(v), search_policies("damaged-items")],
        sources=[f"order:{v.id}", pol("damaged-items", "missing-parts")],
    )


@piece("exchange")
def exchange(c: Ctx, _arg: str) -> Piece:
    line = c.line()
    wanted = c.params.get("wanted_sku")
    ret = return_decision(c)
    if not isinstance(wanted, str):
        raise PieceError("exchange needs a wanted variant (pick with variants2)")
    variant = c.shop.by_table["variants"][wanted]
    offer = c.shop.offer(wanted, c.market)
    assert offer is not None
    if offer["stock"] > 0:
        stock = f"The {variant['variant_name']} is in stock at {c.money(offer['price'])}."
        stock_fact = c.money(offer["price"])
    elif offer["restock_date"] is not None:
        stock = (
            f"The {variant['variant_name']} is out of stock until about "
            f"{c.day(offer['restock_date'])}, so we can reserve it for you when it's back."
        )
        stock_fact = c.day_fact(offer["restock_date"])
    else:
        stock = f"The {variant['variant_name']} is made to order."
        stock_fact = "made to order"
    text = (
        f"We can't swap items directly: you return the {line.name} ({line.variant['variant_name']})"
        f" and order the {variant['variant_name']}, either now or by asking us to hold it while "
        f"your return travels back. {stock} {ret.text} If we sent you the wrong size or finish, "
        "the exchange costs nothing."
    )
    return Piece(
        text,
        facts=[*ret.facts, stock_fact],
        tools=[*ret.tools, call("get_product", sku=wanted)],
        sources=[*ret.sources, pol("returns", "exchanges"), f"sku:{wanted}"],
    )


@piece("not_received")
def not_received(c: Ctx, _arg: str) -> Piece:
    v = c.need_order()
    s = v.shipments[0]
    delivered = day_of(s["delivered_at"])
    note = str(v.events[s["id"]][-1]["description"]).removeprefix("Delivered: ")
    return Piece(
        f"{s['carrier']} recorded your order {v.id} as delivered on {c.long_day(delivered)} "
        f"({note}). Carriers sometimes mark a parcel delivered a little early, so please check "
        "with neighbours, any safe place and everyone at home. If it still hasn't turned up 24 "
        "hours after that scan, we open an investigation with the carrier within 2 business "
        "days, and if they can't confirm delivery, our Delivery policy gives you the choice of "
        "a replacement or a full refund.",
        facts=[c.day_fact(delivered), "2 business days"],
        tools=[lookup(v), search_policies("delivery")],
        sources=[f"order:{v.id}", pol("delivery", "not-received")],
    )


@piece("missed")
def missed(c: Ctx, _arg: str) -> Piece:
    v = c.need_order()
    s = v.shipments[0]
    attempt = next(e for e in v.events[s["id"]] if e["code"] == "attempt_failed")
    tried = day_of(attempt["occurred_at"])
    return Piece(
        f"{s['carrier']} recorded a delivery attempt on {c.long_day(tried)} with nobody in, and "
        f"delivered it on the next try, {c.day(day_of(s['delivered_at']))}. If you were at home "
        "when the attempt was logged, tell us and we'll raise it with the carrier. There are 2 "
        "delivery attempts in total, after which a parcel waits at the local depot for 7 days.",
        facts=[c.day_fact(tried)],
        tools=[lookup(v), search_policies("delivery")],
        sources=[f"order:{v.id}", pol("delivery", "missed")],
    )


@piece("price_promise")
def price_promise(c: Ctx, _arg: str) -> Piece:
    v = c.need_order()
    placed = day_of(v.order["placed_at"])
    until = placed + timedelta(days=c.shop.rules.price_promise_days)
    out = Piece(
        "",
        tools=[lookup(v), search_policies("price-promise")],
        sources=[f"order:{v.id}", pol("price-promise", "how-it-works")],
    )
    if until >= c.shop.anchor:
        out.text = (
            f"Your order {v.id} was placed on {c.day(placed)}, so our 14-day price promise covers "
            f"it until {c.long_day(until)}. Send us the item and where you saw the lower price on "
            "our own site (a screenshot or link helps); we check it and confirm the difference "
            f"by email, refunded to your {DESTINATION[str(v.order['payment_method'])]}."
        )
        out.facts = [c.day_fact(until)]
        out.sources.append(pol("price-promise", "claim"))
    else:
        out.text = (
            f"Your order {v.id} was placed on {c.day(placed)}, and the price promise only covers "
            f"drops within 14 days of ordering (until {c.day(until)}), so I'm afraid a later "
            "price drop can't be refunded."
        )
        out.facts = [c.day_fact(until)]
        out.must_not = ["we will refund the difference", "we'll refund the difference"]
    return out


@piece("invoice")
def invoice(c: Ctx, _arg: str) -> Piece:
    v = c.need_order()
    doc, fact = (
        ("receipt, showing the sales tax charged,", "sales tax")
        if c.market == "US"
        else (
            "VAT invoice",
            "VAT invoice",
        )
    )
    shipped = [s for s in v.shipments if s["dispatched_at"] is not None]
    when = "is emailed to you when it's dispatched"
    if shipped:
        sent = c.day(day_of(shipped[0]["dispatched_at"]))
        when = f"was emailed to you when it was dispatched on {sent}"
    return Piece(
        f"The {doc} for order {v.id} {when}, and you can download it any time from the Orders "
        "page in your account.",
        facts=[fact],
        tools=[lookup(v), search_policies("payments-invoices")],
        sources=[f"order:{v.id}", pol("payments-invoices", "tax-invoices")],
    )


@piece("foreign")
def foreign(c: Ctx, _arg: str) -> Piece:
    """Someone else's order and a number that does not exist get the same words."""
    order_id = c.order.id if c.order is not None else str(c.params["unknown_order_id"])
    return Piece(REFUSAL, tools=[call("lookup_order", order_id=order_id)])


@piece("verify")
def verify(c: Ctx, _arg: str) -> Piece:
    v = c.need_order()
    return Piece(
        f"I can help with order {v.id}. As you're not signed in, please first confirm the email "
        "address or the delivery postcode used for the order.",
        facts=["email", "postcode"],
        tools=[lookup(v)],
    )


@piece("looked_up")
def looked_up(c: Ctx, _arg: str) -> Piece:
    """The customer named an order: a correct assistant reads it even if the answer is policy."""
    v = c.need_order()
    return Piece("", tools=[lookup(v)], sources=[f"order:{v.id}"])


@piece("ask_order")
def ask_order(c: Ctx, _arg: str) -> Piece:
    return Piece(
        "Which order is this about? The order number starts with HR- and is in your order "
        "confirmation email and on the Orders page of your account.",
        facts=["order number"],
        tools=[call("list_customer_orders")],
    )


@piece("latest")
def latest(c: Ctx, _arg: str) -> Piece:
    """A signed-in customer said "my order" without a number: their only order is the one."""
    return Piece("", tools=[call("list_customer_orders")])
