"""Answer pieces about what may still be done with an order: return it, cancel it, change it.
Decided from `rules.toml`, the order's state and its delivery date, as the eligibility tools do,
but computed here on their own from the seeded rows."""

from __future__ import annotations

from datetime import UTC, timedelta

from evals.golden_picks import AFTER_DELIVERY, UNSHIPPED
from evals.golden_pieces import (
    DESTINATION,
    MARKET_IN,
    Ctx,
    Piece,
    PieceError,
    call,
    joined,
    lookup,
    piece,
    pol,
    search_policies,
    span,
)
from evals.golden_pieces_orders import day_of
from evals.golden_shop import OrderView


def return_decision(c: Ctx) -> Piece:
    """Return eligibility for the order's (single) shipment, as `rules.toml` decides it."""
    v = c.need_order()
    out = Piece(
        "",
        tools=[
            lookup(v),
            call("check_return_eligibility", order_id=v.id),
            search_policies("returns"),
        ],
        sources=[f"eligibility:return:{v.id}", f"order:{v.id}", pol("returns", "window")],
    )
    w = c.m.return_window_days
    if v.status == "cancelled":
        out.text = f"Your order {v.id} was cancelled, so there's nothing to return."
        return out
    if v.status in ("returned", "refunded"):
        out.text = f"Everything on order {v.id} has already been returned or refunded."
        return out
    deadline = c.shop.return_deadline(v)
    if deadline is None:
        out.text = (
            f"Your order {v.id} hasn't been delivered yet, and the {w}-day return window starts "
            "on the delivery date. Once it's dispatched it can't be cancelled, but you can refuse "
            f"the delivery or start a return within {w} days of it arriving."
        )
        out.facts = [f"{w} days"]
        out.sources.append(pol("cancellations", "after-dispatch"))
        return out
    line = c.line()
    flags = [f for f in ("made_to_order", "final_sale") if line.variant[f]]
    if flags:
        what = "made-to-order" if flags[0] == "made_to_order" else "final-sale"
        out.text = (
            f"The {line.name} was a {what} item, so it can't be returned for a change of mind. "
            "If anything is faulty or damaged, it's always covered."
        )
        out.facts = [what.replace("-", " ")]
        out.sources.append(pol("returns", "exclusions"))
        return out
    delivered = v.delivered_on()
    assert delivered is not None
    if deadline < c.shop.anchor:
        out.text = (
            f"Your order {v.id} was delivered on {c.day(delivered)}, and the {w}-day return window "
            f"closed on {c.long_day(deadline)}, so it can no longer be returned for a change of "
            "mind. If something is faulty or damaged, that's still covered."
        )
        out.facts = [c.day_fact(deadline)]
        return out
    large = any(line.two_person for line in v.lines)
    fee = c.m.return_fee_large_item if large else c.m.return_fee_parcel
    kind = "two-person collection" if large else "parcel return"
    fee_text = (
        "parcel returns in Germany are free"
        if fee == 0
        else f"the {kind} fee of {c.money(fee)} is taken from your refund"
    )
    out.text = (
        f"Your order {v.id} was delivered on {c.day(delivered)}, so you can start a change-of-mind "
        f"return until {c.long_day(deadline)} ({w} days from delivery); {fee_text}."
    )
    out.facts = [c.day_fact(deadline), "free" if fee == 0 else c.money(fee)]
    out.sources.append(pol("returns", "return-costs"))
    if line.product["product_type"] in ("mattress", "pillow", "duvet"):
        out.text += (
            f" As a {line.product['product_type']}, it can only go back still in its original "
            "sealed wrapping."
        )
        out.facts.append("sealed")
        out.sources.append(pol("returns", "exclusions"))
    return out


@piece("return")
def return_piece(c: Ctx, _arg: str) -> Piece:
    return return_decision(c)


@piece("return_how")
def return_how(c: Ctx, _arg: str) -> Piece:
    large = c.order is not None and any(line.two_person for line in c.order.lines)
    how = (
        "we'll arrange a two-person collection on a day that suits you"
        if large
        else "we'll email you a prepaid, tracked returns label"
    )
    return Piece(
        "To start it, go to Orders in your account and choose Return an item, or tell us here "
        f"which item is going back; {how}. Any return fee comes off the refund, so there's "
        "nothing to pay up front.",
        facts=["Return an item"],
        tools=[search_policies("returns")],
        sources=[pol("returns", "start")],
    )


def refused_delivery(c: Ctx, v: OrderView) -> Piece:
    large = any(line.two_person for line in v.lines)
    fee = c.m.return_fee_large_item if large else c.m.return_fee_parcel
    fee_text = (
        "parcel returns in Germany are free"
        if fee == 0
        else (f"the {c.money(fee)} return fee applies")
    )
    refuse = (
        "tell us before the delivery day and we'll stop it"
        if large
        else "refuse the parcel when the carrier arrives"
    )
    return Piece(
        f"You can {refuse}, or accept it and start a return within "
        f"{c.m.return_window_days} days of delivery. A refused delivery counts as a "
        f"change-of-mind return, so {fee_text}.",
        facts=[f"{c.m.return_window_days} days", "free" if fee == 0 else c.money(fee)],
        sources=[pol("cancellations", "after-dispatch")],
    )


@piece("cancel")
def cancel(c: Ctx, arg: str) -> Piece:
    v = c.need_order()
    out = Piece(
        "",
        tools=[
            lookup(v),
            call("check_cancellation_eligibility", order_id=v.id),
            search_policies("cancellations"),
        ],
        sources=[
            f"eligibility:cancel:{v.id}",
            f"order:{v.id}",
            pol("cancellations", "before-dispatch"),
        ],
    )
    if v.status == "cancelled":
        when = day_of(v.order["cancelled_at"])
        out.text = f"Your order {v.id} was already cancelled on {c.long_day(when)}."
        out.facts = [c.day_fact(when)]
        return out
    if v.status in UNSHIPPED:
        method = str(v.order["payment_method"])
        days = c.shop.rules.refund_business_days[method]
        timing = (
            "instantly once we send the cancellation email"
            if days[1] == 0
            else f"within {span(days)} of the cancellation email"
        )
        out.text = (
            f"Your order {v.id} is still {v.status} and hasn't been dispatched, so it can be "
            "cancelled: choose Cancel order under Orders in your account, or tell us here which "
            "items to cancel. Cancelling before dispatch refunds everything you paid, delivery "
            f"included, to your {DESTINATION[method]} {timing}."
        )
        out.facts = ["instantly" if days[1] == 0 else span(days)]
        out.sources.append(pol("cancellations", "refund"))
        if arg == "partial":
            out.text += (
                " You can also cancel just some items and keep the rest: we refund the price of "
                "the cancelled items, and we don't add a delivery charge if what's left falls "
                "below the free-delivery threshold."
            )
            out.facts.append("free-delivery threshold")
            out.sources.append(pol("cancellations", "partial"))
        if v.lines[0].variant["made_to_order"]:
            cutoff = v.order["placed_at"] + timedelta(hours=48)
            if cutoff.astimezone(UTC).date() <= c.shop.anchor:
                raise PieceError("made-to-order cutoff too close to the anchor: pick mto_open")
            out.text += (
                f" The {v.lines[0].name} is made to order, so it can only be cancelled within 48 "
                f"hours of ordering, which means by {c.long_day(cutoff.astimezone(UTC).date())}."
            )
            out.facts.append(c.day_fact(cutoff.astimezone(UTC).date()))
            out.sources.append(pol("cancellations", "made-to-order"))
        return out
    if v.status in AFTER_DELIVERY:
        delivered = v.delivered_on()
        assert delivered is not None
        ret = return_decision(c)
        out.text = joined(
            "It has already been delivered, so it can't be cancelled any more, "
            "but you can return it.",
            ret.text,
        )
        out.facts = ret.facts
        out.sources += ret.sources
        out.tools += ret.tools
        return out
    out.text = f"Your order {v.id} has already been dispatched, so it can't be cancelled any more."
    refused = refused_delivery(c, v)
    out.text = joined(out.text, refused.text)
    out.facts = refused.facts
    out.sources += refused.sources
    return out


CHANGE_SECTION = {
    "address": "address",
    "date": "date",
    "variant": "variant-quantity",
    "quantity": "variant-quantity",
}


@piece("change")
def change(c: Ctx, what: str) -> Piece:
    v = c.need_order()
    if what not in CHANGE_SECTION:
        raise PieceError("change needs one of change:address, :date, :variant, :quantity")
    out = Piece(
        "",
        tools=[
            lookup(v),
            call("check_change_eligibility", order_id=v.id),
            search_policies("order-changes"),
        ],
        sources=[
            f"eligibility:change:{v.id}",
            f"order:{v.id}",
            pol("order-changes", "what-can-change"),
        ],
    )
    if v.status not in UNSHIPPED:
        out.text = (
            f"Your order {v.id} has already been dispatched, so it can't be changed any more."
        )
        out.facts = ["dispatched"]
        out.sources.append(pol("order-changes", "after-dispatch"))
        if v.status in AFTER_DELIVERY and what in ("variant", "quantity"):
            deadline = c.shop.return_deadline(v)
            assert deadline is not None
            out.text += (
                " For a different size, colour or finish, return the original and order the "
                f"one you want; you can start that return until {c.long_day(deadline)}."
            )
            out.facts = [c.day_fact(deadline)]
        elif what == "address":
            out.text += (
                " We can't redirect it once it's with the carrier, but you can refuse the "
                "delivery, or tell us and we'll help you find the best option."
            )
        elif what == "date":
            out.text += (
                " The carrier's tracking message may let you pick another day or a safe place."
            )
        else:
            out.text += (
                " Once it arrives, you can return what you don't want within "
                f"{c.m.return_window_days} days of delivery, and order anything extra as a new "
                "order."
            )
            out.facts.append(f"{c.m.return_window_days} days")
        return out
    ask = {
        "address": "send us the full new address with its postcode and a phone number for the "
        f"carrier; it has to be {MARKET_IN[c.market]}, like the original, and if it changes the "
        "delivery charge or time we tell you first",
        "date": "tell us which dates suit you and we'll rebook the two-person delivery"
        if any(line.two_person for line in v.lines)
        else "standard parcels go out as soon as they're packed, so we can only move the date "
        "by holding the order back; tell us the date you'd like",
        "variant": "tell us the size, colour or finish you'd like instead; if it costs more we "
        "take the difference, and if it costs less we refund it",
        "quantity": "tell us the new quantity; if you reduce it, we refund the difference",
    }[what]
    out.text = (
        f"Your order {v.id} is still {v.status} and hasn't been dispatched, so it can still be "
        f"changed: {ask}. Our team makes the change and confirms it by email, and it isn't "
        "final until that email arrives."
    )
    out.facts = ["dispatched"]
    out.sources.append(pol("order-changes", CHANGE_SECTION[what]))
    return out
