"""Answer pieces that state a policy for the ticket's market: returns, refunds, delivery,
cancellations, payments and the price promise, with the numbers from `rules.toml` and the section
ids of the policies in force."""

from __future__ import annotations

from evals.golden_pieces import (
    MARKET_ANCHOR,
    MARKET_IN,
    MARKET_NAME,
    Ctx,
    Piece,
    piece,
    span,
)
from evals.golden_pieces import (
    policy_piece as _p,
)

CURRENCY_WORD = {"UK": "pounds", "US": "dollars", "DE": "euros"}


@piece("p_window")
def p_window(c: Ctx, _arg: str) -> Piece:
    w = c.m.return_window_days
    return _p(
        f"In our {MARKET_NAME[c.market]} shop you can return most things for a change of mind "
        f"within {w} days, counted from the delivery date rather than the order date.",
        "returns",
        ["window"],
        [f"{w} days"],
    )


@piece("p_fees")
def p_fees(c: Ctx, _arg: str) -> Piece:
    parcel, large = c.m.return_fee_parcel, c.m.return_fee_large_item
    parcel_text = (
        "parcel returns are free" if parcel == 0 else (f"a parcel return costs {c.money(parcel)}")
    )
    return _p(
        f"For a change-of-mind return, {parcel_text} and a two-person collection of a large item "
        f"costs {c.money(large)}, taken from your refund. Returns of faulty or damaged items, or "
        "of anything we sent by mistake, are free.",
        "returns",
        ["return-costs"],
        ["free" if parcel == 0 else c.money(parcel), c.money(large)],
    )


@piece("p_exclusions")
def p_exclusions(c: Ctx, _arg: str) -> Piece:
    return _p(
        "Made-to-order and final-sale items can't be returned for a change of mind, and "
        "mattresses, pillows and duvets only while still in their sealed wrapping. Faulty or "
        "damaged items are always covered.",
        "returns",
        ["exclusions"],
        ["sealed"],
    )


@piece("p_statutory")
def p_statutory(c: Ctx, _arg: str) -> Piece:
    if c.market == "US":
        text = (
            "In the US there's no statutory right of withdrawal, so our 45-day return window is "
            "what applies."
        )
        return _p(text, "returns", ["statutory-rights"], ["45 day"])
    text = (
        "By law you have 14 days from receiving the goods to change your mind, and our own "
        f"{c.m.return_window_days}-day return window runs alongside that and is longer."
    )
    return _p(text, "returns", ["statutory-rights"], ["14 day"])


@piece("p_refund_times")
def p_refund_times(c: Ctx, _arg: str) -> Piece:
    times = c.shop.rules.refund_business_days
    bank = ", and bank transfers 5 to 7" if c.market == "DE" else ""
    # What a correct answer must give is the time for the way this order was paid: a PayPal
    # customer needs PayPal's days, not a card's. A general question needs the card's.
    method = str(c.order.order["payment_method"]) if c.order is not None else "card"
    days = times[method]
    # (as the sentence words it: a bank transfer's days are given without their unit)
    plain = f"{days[0]} to {days[1]}"
    own = "instant" if days[1] == 0 else plain if method == "bank_transfer" else span(days)
    return _p(
        "Refunds are sent as soon as a return is inspected or a refund is approved; card and "
        f"Klarna refunds then take {span(times['card'])}, PayPal {span(times['paypal'])}, gift "
        f"cards are instant{bank}.",
        "refunds",
        ["timing"],
        [own],
    )


@piece("p_inspection")
def p_inspection(c: Ctx, _arg: str) -> Piece:
    return _p(
        "Returns are inspected within 3 business days of reaching our warehouse, and the refund "
        "is sent straight after.",
        "returns",
        ["inspection"],
        ["3 business days"],
    )


def _sentence_start(phrase: str) -> str:
    """The first letter raised, the rest kept: "in the UK" -> "In the UK" (not "In the uk")."""
    return phrase[:1].upper() + phrase[1:]


@piece("p_delivery")
def p_delivery(c: Ctx, _arg: str) -> Piece:
    m = c.m
    return _p(
        f"{_sentence_start(MARKET_IN[c.market])}, standard parcel delivery takes "
        f"{span(m.standard_delivery_days)} and costs {c.money(m.standard_delivery_fee)}, free "
        f"on orders of {c.money(m.free_delivery_threshold)} or more. Large items come with our "
        f"two-person team in {span(m.large_item_delivery_days)} for a flat "
        f"{c.money(m.large_item_delivery_fee)}.",
        "delivery",
        [MARKET_ANCHOR[c.market]],
        [c.money(m.standard_delivery_fee), c.money(m.free_delivery_threshold)],
    )


@piece("p_two_person")
def p_two_person(c: Ctx, _arg: str) -> Piece:
    return _p(
        "For two-person delivery we contact you to book a day, text a time slot that morning, "
        "and two people carry the item into the room you choose, unpack it and take the "
        "packaging away. Assembly isn't included unless the product page says so.",
        "delivery",
        ["two-person"],
        ["time slot"],
    )


@piece("p_missed")
def p_missed(c: Ctx, _arg: str) -> Piece:
    return _p(
        "The carrier makes 2 delivery attempts; after that the parcel waits at the local depot "
        "for 7 days for you to collect or rebook, then comes back to us.",
        "delivery",
        ["missed"],
        ["7 days"],
    )


@piece("p_mto_cancel")
def p_mto_cancel(c: Ctx, _arg: str) -> Piece:
    return _p(
        "Made-to-order pieces can be cancelled within 48 hours of ordering; after that they go "
        "into production and can't be cancelled or returned for a change of mind.",
        "cancellations",
        ["made-to-order"],
        ["48 hours"],
    )


@piece("p_cancel_how")
def p_cancel_how(c: Ctx, _arg: str) -> Piece:
    return _p(
        "You can cancel while an order is still placed or processing: open it under Orders in "
        "your account and choose Cancel order. Once it's dispatched it can't be cancelled, but "
        "you can refuse the delivery or return it.",
        "cancellations",
        ["before-dispatch", "how"],
        ["Cancel order"],
    )


@piece("p_methods")
def p_methods(c: Ctx, _arg: str) -> Piece:
    bank = ", and bank transfer" if c.market == "DE" else ""
    facts = ["PayPal", "Klarna"] + (["bank transfer"] if c.market == "DE" else [])
    return _p(
        "You can pay by debit or credit card (Visa, Mastercard, American Express), PayPal, "
        f"Klarna or a Hollin & Reed gift card{bank}.",
        "payments-invoices",
        ["methods"],
        facts,
    )


@piece("p_klarna")
def p_klarna(c: Ctx, _arg: str) -> Piece:
    return _p(
        "With Klarna, your repayment agreement is with Klarna, so instalment dates and their fees "
        "are best checked in the Klarna app. When you return or cancel something, we tell Klarna "
        "straight away and they update your statement within 3 to 5 business days.",
        "payments-invoices",
        ["klarna"],
        ["3 to 5 business days"],
    )


@piece("p_bank_transfer")
def p_bank_transfer(c: Ctx, _arg: str) -> Piece:
    return _p(
        "If you pay by bank transfer, we email our IBAN and a payment reference; please use the "
        "reference exactly. The order is on hold until the money arrives, and delivery times "
        "start from then.",
        "payments-invoices",
        ["bank-transfer"],
        ["payment reference"],
    )


@piece("p_gift_cards")
def p_gift_cards(c: Ctx, _arg: str) -> Piece:
    return _p(
        "You can use one gift card per order, together with another payment method if it "
        "doesn't cover the total; gift cards work only in the market they were bought in and "
        "can't be exchanged for cash.",
        "payments-invoices",
        ["gift-cards"],
        ["one gift card"],
    )


@piece("p_currency")
def p_currency(c: Ctx, _arg: str) -> Piece:
    word = CURRENCY_WORD[c.market]
    return _p(
        f"Our {MARKET_NAME[c.market]} shop charges in {word}, and we don't convert prices; if "
        "your card is in another currency, your bank converts it and may add its own fee.",
        "payments-invoices",
        ["currency"],
        [word],
    )


@piece("p_promo")
def p_promo(c: Ctx, _arg: str) -> Piece:
    return _p(
        "You can use one promo code per order, and codes can't be added after ordering or "
        "refunded as a difference afterwards.",
        "price-promise",
        ["promo-codes"],
        ["one promo code"],
    )


@piece("p_price_promise")
def p_price_promise(c: Ctx, _arg: str) -> Piece:
    return _p(
        "If we lower the price of something you bought within 14 days of ordering, on our own "
        "site and in the same market, we refund the difference; send us the order number, the "
        "item and where you saw the new price.",
        "price-promise",
        ["how-it-works", "claim"],
        ["14 days"],
    )


@piece("p_price_match")
def p_price_match(c: Ctx, _arg: str) -> Piece:
    return _p(
        "Our price promise covers our own prices only, so we don't match other retailers, and "
        "it doesn't cover final-sale items or promo codes.",
        "price-promise",
        ["exclusions"],
        ["own prices"],
    )


@piece("p_invoice")
def p_invoice(c: Ctx, _arg: str) -> Piece:
    if c.market == "US":
        text = (
            "US prices don't include sales tax: it's calculated at checkout from your delivery "
            "address, and your receipt, emailed at dispatch and in your account, shows it."
        )
        return _p(text, "payments-invoices", ["tax-invoices"], ["sales tax"])
    text = (
        "Prices include VAT. Your VAT invoice is emailed when the order is dispatched and can be "
        "downloaded from the Orders page; for a business name or VAT number, tell us before "
        "dispatch and we'll reissue it."
    )
    return _p(text, "payments-invoices", ["tax-invoices"], ["VAT invoice"])


@piece("p_double_charge")
def p_double_charge(c: Ctx, _arg: str) -> Piece:
    return _p(
        "Two charges for one order are usually one real charge plus a pending authorisation, "
        "which your bank releases on its own, usually within 5 business days. If both are still "
        "there after that, or both show as completed, send us the order number, the date and "
        "amount of each charge and a screenshot of the statement with other transactions "
        "hidden, and we'll check it against our payment records.",
        "payments-invoices",
        ["billing-errors"],
        ["5 business days"],
    )
