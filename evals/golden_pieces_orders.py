"""Answer pieces about one order: where it is, whether it can be returned, cancelled or changed,
where its refund is. Every date and amount is read from the order's rows or computed from them
with `rules.toml`."""

from __future__ import annotations

from datetime import UTC, date

from evals.golden_picks import UNSHIPPED
from evals.golden_pieces import (
    DESTINATION,
    MARKET_ANCHOR,
    MARKET_IN,
    METHOD,
    Ctx,
    Piece,
    PieceError,
    add_business_days,
    lookup,
    piece,
    pol,
    search_policies,
    span,
)

STATUS_WORDS = {"placed": "placed", "processing": "being picked and packed"}


def day_of(value: object) -> date:
    return value.astimezone(UTC).date()  # type: ignore[attr-defined, no-any-return]


def _last_event(c: Ctx, shipment_id: str) -> dict[str, object]:
    return dict(c.need_order().events[shipment_id][-1])


def _shipment_sentence(c: Ctx, s: dict[str, object]) -> tuple[str, list[str]]:
    """What one shipment is doing, as a predicate: "is on its way with DPD; ..."."""
    carrier, eta = str(s["carrier"]), s["estimated_delivery"]
    assert isinstance(eta, date)
    status = s["status"]
    if status == "label_created":
        text = (
            f"has been packed and the {carrier} label created; tracking can take up to a day "
            f"to show the first scan, and it's expected by {c.long_day(eta)}"
        )
    elif status == "out_for_delivery":
        return f"is out for delivery today with {carrier}", [carrier, "out for delivery"]
    elif status == "delayed":
        desc = str(_last_event(c, str(s["id"]))["description"])
        reason = desc.split("because of ", 1)[1].split(";", 1)[0]
        text = (
            f"is running late: {carrier} reports a delay because of {reason}, and the new "
            f"estimated delivery date is {c.long_day(eta)}"
        )
    elif status == "lost":
        text = (
            f"hasn't had a tracking scan from {carrier} for 7 days, so a trace has been opened "
            "with the carrier"
        )
        return text, [carrier]
    elif status == "delivered":
        when = day_of(s["delivered_at"])
        note = str(_last_event(c, str(s["id"]))["description"]).removeprefix("Delivered: ")
        return f"was delivered on {c.long_day(when)} ({note})", [c.day_fact(when)]
    else:
        desc = str(_last_event(c, str(s["id"]))["description"])
        text = (
            f'is on its way with {carrier}; the latest tracking update says "{desc}", and '
            f"it's expected by {c.long_day(eta)}"
        )
    return text, [carrier, c.day_fact(eta)]


@piece("status")
def status(c: Ctx, _arg: str) -> Piece:
    v = c.need_order()
    out = Piece("", tools=[lookup(v)], sources=[f"order:{v.id}"])
    if v.status in UNSHIPPED:
        two = any(line.two_person for line in v.lines)
        days = c.m.large_item_delivery_days if two else c.m.standard_delivery_days
        then = (
            "our two-person team will contact you to book a delivery day"
            if two
            else "we'll email you a tracking link"
        )
        kind = "large-item delivery" if two else "standard delivery"
        out.text = (
            f"Your order {v.id} is {STATUS_WORDS[v.status]} and hasn't been dispatched yet. Once "
            f"it leaves us, {kind} {MARKET_IN[c.market]} takes {span(days)}, and {then}."
        )
        out.facts = [span(days)]
        out.tools.append(search_policies("delivery"))
        out.sources.append(pol("delivery", MARKET_ANCHOR[c.market]))
        return out
    if v.status == "cancelled":
        when = day_of(v.order["cancelled_at"])
        out.text = f"Your order {v.id} was cancelled on {c.long_day(when)}."
        if v.refunds:
            f = v.refunds[0]
            out.text += (
                f" The full {c.money(f['amount'])} was refunded to your "
                f"{DESTINATION[f['method']]} the same day."
            )
            out.facts.append(c.money(f["amount"]))
        out.facts.append(c.day_fact(when))
        return out
    sentences, facts = [], []
    for s in v.shipments:
        text, got = _shipment_sentence(c, s)
        sentences.append(text)
        facts += got
    if len(sentences) == 1:
        out.text = f"Your order {v.id} {sentences[0]}."
    else:
        parts = "; ".join(
            f"the {s['service'].replace('_', '-')} part {t}"
            for s, t in zip(v.shipments, sentences, strict=True)
        )
        out.text = f"Your order {v.id} comes in {len(sentences)} deliveries: {parts}."
    out.facts = list(dict.fromkeys(facts))
    if v.status == "delayed":
        out.tools.append(search_policies("delivery"))
        out.sources.append(pol("delivery", "delayed"))
    if v.status == "lost_in_transit":
        out.text += (
            " We open an investigation with the carrier within 2 business days, and if the "
            "parcel is confirmed lost, our Delivery policy gives you the choice of a replacement "
            "or a full refund."
        )
        out.facts.append("2 business days")
        out.tools.append(search_policies("delivery"))
        out.sources.append(pol("delivery", "lost"))
    return out


@piece("tracking")
def tracking(c: Ctx, _arg: str) -> Piece:
    v = c.need_order()
    if not v.shipments:
        raise PieceError("tracking needs a shipped order")
    parts = [f"{s['tracking_number']} ({s['carrier']})" for s in v.shipments]
    word = "number is" if len(parts) == 1 else "numbers are"
    return Piece(
        f"The tracking {word} {' and '.join(parts)}.",
        facts=[str(s["tracking_number"]) for s in v.shipments],
        tools=[lookup(v)],
        sources=[f"order:{v.id}"],
    )


@piece("refund")
def refund(c: Ctx, _arg: str) -> Piece:
    v = c.need_order()
    out = Piece("", tools=[lookup(v), search_policies("refunds")], sources=[f"order:{v.id}"])
    if not v.refunds:
        raise PieceError("refund needs an order with a refund row")
    f = v.refunds[0]
    amount, method = c.money(f["amount"]), str(f["method"])
    days = c.shop.rules.refund_business_days[method]
    dest = DESTINATION[method]
    out.sources.append(pol("refunds", "timing"))
    if f["status"] == "pending":
        received = day_of(f["created_at"])
        inspection = int(c.shop.rules.raw["returns"]["inspection_business_days"])
        expected = add_business_days(received, inspection + days[1])
        if expected < c.shop.anchor:
            raise PieceError("a pending refund past its date needs a person: pick refund_recent")
        out.text = (
            f"We received your return for order {v.id} on {c.day(received)}. Returns are "
            f"inspected within {inspection} business days, and the refund of {amount} then "
            f"reaches your {dest} within {span(days)}, so you can expect it by "
            f"{c.long_day(expected)}."
        )
        out.facts = [amount, c.day_fact(expected)]
        out.sources.append(pol("returns", "inspection"))
        return out
    sent = day_of(f["processed_at"])
    if method == "gift_card":
        out.text = (
            f"The refund of {amount} for order {v.id} went back onto your gift card instantly "
            f"on {c.day(sent)}."
        )
        out.facts = [amount, c.day_fact(sent)]
        return out
    expected = add_business_days(sent, days[1])
    out.text = (
        f"We sent the refund of {amount} for order {v.id} to your {dest} on {c.long_day(sent)}. "
        f"{METHOD[method]} refunds take {span(days)}"
    )
    out.facts = [amount, c.day_fact(sent)]
    if expected >= c.shop.anchor:
        out.text += f", so it should reach you by {c.long_day(expected)}."
        out.facts.append(c.day_fact(expected))
    else:
        out.text += (
            f", so it should have reached you by {c.day(expected)}. If you can't see it, check "
            "with your bank, as refunds sometimes show under a different reference; if it's "
            "still missing, we can trace it and give you a reference your bank can use."
        )
        out.sources.append(pol("refunds", "missing"))
    return out


@piece("refund_why")
def refund_why(c: Ctx, _arg: str) -> Piece:
    v = c.need_order()
    f = v.refunds[0]
    amount, total = c.money(f["amount"]), c.money(v.order["total"])
    out = Piece(
        "",
        tools=[lookup(v), search_policies("refunds")],
        sources=[f"order:{v.id}", pol("refunds", "partial")],
    )
    if not v.returns:
        out.text = (
            f"The {amount} refunded on order {v.id} was a goodwill refund for minor damage in "
            f"transit, not a refund of the whole order ({total}), which you kept."
        )
        out.facts = [amount]
        return out
    r = v.returns[0]
    fee = float(r["return_fee"])
    names = [line.name for line in v.lines if line.row["line_no"] in r["line_nos"]]
    parts = []
    if len(names) < len(v.lines):
        parts.append(f"only the {names[0]} came back, so the refund covers that item")
    if fee > 0:
        kind = (
            "two-person collection"
            if any(line.two_person for line in v.lines if line.row["line_no"] in r["line_nos"])
            else "parcel return"
        )
        parts.append(f"the {c.money(fee)} {kind} fee for a change-of-mind return was deducted")
        out.facts.append(c.money(fee))
        out.sources.append(pol("returns", "return-costs"))
    if not parts:
        raise PieceError("refund_why needs a fee or a partial return")
    out.text = f"The refund for order {v.id} was {amount} because {' and '.join(parts)}."
    out.facts.insert(0, amount)
    return out


@piece("refund_none")
def refund_none(c: Ctx, _arg: str) -> Piece:
    v = c.need_order()
    when = day_of(v.order["cancelled_at"])
    return Piece(
        f"Order {v.id} was cancelled on {c.day(when)}, but I can't see a refund recorded for it "
        "yet, so a colleague needs to check the bank transfer. Once a bank transfer refund is "
        "sent, it takes 5 to 7 business days to reach the account you paid from.",
        facts=[c.day_fact(when)],
        tools=[lookup(v), search_policies("refunds")],
        sources=[f"order:{v.id}", pol("payments-invoices", "bank-transfer")],
    )
