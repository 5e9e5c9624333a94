"""Side questions a reply about something else still answers, from the section they cue.

"Can I send the table back, and will I get the delivery charge back too?" is a return question with
a refund rule inside it; "when will it ship, and will someone ring me to book the day?" is a status
question with the two-person delivery visit inside it; "it's late again, can I choose another day?"
is a delay with the delivery-date rule inside it; "will the sofa get through an 80 cm door, and if
not can I send it back?" is a size question with the return rules inside it (asked before buying:
on a return or exchange question the reply states them already); "can I swap it, and how do I get
the first one back to you?" is an exchange with the steps of a return inside it; "could the refund
be paid to her?" is a return with the refund-method rule inside it (named for the order we can see:
"it goes back to the original payment method, your PayPal account"); "it's still delayed, can I
stop it coming?" on an order already on its way is a delay with the after-dispatch rule inside it
(refuse the delivery or return it), and so is "could you send it to my office instead?" (it can no
longer be changed). "It's late; will I still have the full time to send it back?" is a delay with
the return window inside it, and "do I print the label myself?" a return with the label sentence of
its steps; "how should I pack it?" is the packing rule; "if both go back in the same box, do I pay
the return fee twice?" gets the once-per-return rule; and "it's dropped in price since I ordered,
so is it 14 days from the order?" (or "...so I'll cancel and reorder") gets the order's
price-promise date and the promise's own rules; "how long until the money is back in my PayPal?"
beside a return or an exchange gets the inspection time and the order's own payment method's refund
time; "do I keep paying the Klarna instalments while it goes back?" gets what a return does to the
payments still owed, "...or is it card only?" gets every way to pay, and "once it ships, how long
does it take?" beside a cancellation, a change, a return or an exchange gets the customer's
market's delivery times and charges; "what happens if nobody's home when the driver comes?" gets
the missed-delivery rule (attempts, then the depot); "is there a number I can ring, and when is it
open?" gets the phone lines and their hours; "if I unwrap the mattress and sleep on it, can it
still go back?" gets the sealed-wrapping rule for bedding; "if I don't get on with that one either,
can it be sent back as well?" beside an exchange gets the market's return window, which the
replacement has from its own delivery; "...and if it turns up in your sale a week later?" beside an
exchange or a purchase gets when the price promise's 14 days count from; "I forgot the welcome
code, can you still take it off?" beside a status question gets the promo-code rule; "I paid by
bank transfer, in case that matters" beside a return or a swap gets where its refund goes; "did I
pay for shipping on it?" gets the order's own delivery charge, and "...I think it's free over a
certain amount" the market's parcel charge and free-delivery threshold; "if it had been faulty,
would I have paid that fee?" gets the market's change-of-mind fees and that faulty, damaged or
wrongly sent items go back free; and "does Klarna cost anything extra?" gets that Klarna's own
fees are Klarna's to answer. The tools read the cued section (tools/policies.py TOPIC_CUES); the
intent's writer answers the main question, and this step quotes the side question's section when
the reply has not cited it. The delivery-charge rule
is quoted with several of its cases rather than one, because which case applies (faulty, cancelled,
the legal period, change of mind) is the customer's situation, not a guess of ours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from drafting.template_care import (
    GUEST_ORDERS_HINTS,
    KLARNA_FEES_HINTS,
    WAYS_TO_PAY,
    say_price_promise,
)
from drafting.template_common import METHOD_ROWS, other_methods, say_policy
from drafting.template_compose import Context
from drafting.template_format import decimal_of
from drafting.template_slots import money_slots, order_ref_slots, order_slots
from nlp.taxonomy import INTENT_NAMES, PRODUCT_INTENTS
from tools.plan import IN_TRANSIT, NOT_DISPATCHED
from tools.policies import (
    ASKS_ABOUT_CONVERSION,
    ASKS_FOR_INVOICE,
    ASKS_WAYS_TO_PAY,
    CHOOSE_DAY,
    CODE_AFTER_ORDERING,
    DELIVERY_CHARGE_BACK,
    DELIVERY_STAYS_FREE,
    DELIVERY_TIME,
    DOCUMENT_IN_CURRENCY,
    FAULTY_RETURN_FREE,
    FEE_PER_ITEM,
    FREE_DELIVERY_THRESHOLD,
    GUEST_ORDER_TO_ACCOUNT,
    KLARNA,
    KLARNA_FEES,
    LEGAL_RIGHT,
    MARKET_SECTIONS,
    NOBODY_HOME,
    PACK_IT,
    PAYMENT_NAMED_IN_CASE,
    PHONE_US,
    REDIRECT_IT,
    REFUND_ELSEWHERE,
    REFUND_WHEN,
    REPLACEMENT_BACK_TOO,
    RETURN_DEADLINE,
    RETURN_IT,
    RETURN_LABEL,
    SALE_TO_COME,
    SEND_IT_BACK,
    STOP_IT_COMING,
    TWO_PERSON_VISIT,
    UNSEALED_BEDDING,
)


@dataclass(frozen=True)
class SideQuestion:
    cue: re.Pattern[str]
    policy: str
    sections: tuple[str, ...]
    hints: tuple[str, ...]
    sentences: int | tuple[int, ...]  # of each section, or one number per section
    intents: frozenset[str] | None = None  # None: a reply of any intent
    order_states: frozenset[str] | None = None  # None: whatever state the order is in, if any
    needs: tuple[str, ...] = ()  # what the quote must carry (template_policy.quote)
    exclude: tuple[str, ...] = ()  # sentences never quoted for it, by how they start
    # Said before the quote when the order has already left us: the order itself can no longer
    # be changed, and the quote says what the customer can still do.
    says_dispatched: bool = False
    # The quote follows the hints alone, not the customer's words: a table's rows, whichever
    # way to pay the message happens to name ("...on my Visa?" would pick the card row only).
    hints_only: bool = False
    # A cue another side question answers instead: this one stays silent when it matches.
    unless: re.Pattern[str] | None = None


# The billing writer answers invoices and currencies as its main question.
NOT_BILLING = frozenset(INTENT_NAMES) - {"billing"}
# The account writer answers guest orders and accounts as its main question.
NOT_ACCOUNT = frozenset(INTENT_NAMES) - {"account"}
# The out-of-scope writer answers how to reach us as its main question.
NOT_OTHER = frozenset(INTENT_NAMES) - {"other"}
# The return and exchange writers state the order's own return conditions (sealed bedding
# included) from the eligibility check.
OWN_RETURN_RULES_UNSAID = frozenset(INTENT_NAMES) - {"return_request", "exchange"}

SIDE_QUESTIONS = (
    SideQuestion(
        DELIVERY_STAYS_FREE,
        "refunds",
        ("delivery-charges",),
        ("below the free-delivery threshold", "after the fact"),
        1,
    ),
    SideQuestion(
        DELIVERY_CHARGE_BACK,
        "refunds",
        ("delivery-charges",),
        ("delivery charge", "refund", "faulty", "cancelled", "change-of-mind", "legal"),
        5,
    ),
    SideQuestion(
        TWO_PERSON_VISIT, "delivery", ("two-person",), ("book", "time slot", "carry", "room"), 3
    ),
    SideQuestion(NOBODY_HOME, "delivery", ("missed",), ("attempts", "depot", "days", "collect"), 2),
    SideQuestion(
        CHOOSE_DAY,
        "order-changes",
        ("date",),
        ("after dispatch", "carrier's tracking message", "different day"),
        1,
        frozenset({"order_status", "delivery_problem"}),
        says_dispatched=True,
    ),
    SideQuestion(
        RETURN_IT,
        "returns",
        ("window", "return-costs"),
        ("return", "days", "delivery date", "fee", "parcel", "collection"),
        2,
        PRODUCT_INTENTS,
    ),
    SideQuestion(SEND_IT_BACK, "returns", ("start",), ("start", "return", "Return an item"), 2),
    # "by law I only get 14 days, is that right?": the market's legal right and that our own
    # window runs beside it and is longer. The section's heading names the UK and Germany, so
    # the tools never return it to a US customer (tools/policies.section_markets), whose reply
    # gives the order's own return window only.
    SideQuestion(
        LEGAL_RIGHT,
        "returns",
        ("statutory-rights",),
        ("14-day", "run alongside", "no equivalent statutory right"),
        2,
        # (what the legal right leaves out is not what was asked)
        exclude=("The legal 14-day right doesn't cover",),
    ),
    SideQuestion(
        REFUND_ELSEWHERE,
        "refunds",
        ("method",),
        ("original payment method", "different card or person"),
        2,
    ),
    SideQuestion(
        RETURN_DEADLINE,
        "returns",
        ("window",),
        ("days", "delivery date", "start your return"),
        2,
        # The return and exchange writers give the order's own last day already.
        frozenset({"order_status", "delivery_problem", "refund_status", "billing"}),
        needs=("span",),  # the market's number of days...
        # ...not the sofa-and-cushions case, whose "30, 45 or 60 days" would meet that need.
        exclude=("If your order arrives in more than one delivery",),
    ),
    # The exchange writer gives the original's last day; the replacement has a window of its own.
    SideQuestion(
        REPLACEMENT_BACK_TOO,
        "returns",
        ("window",),
        ("days", "delivery date", "own delivery date"),
        2,
        frozenset({"exchange"}),
        needs=("span",),
        exclude=("If your order arrives in more than one delivery",),
    ),
    # "If both go back in the same box, do I pay the return fee twice?"
    SideQuestion(
        FEE_PER_ITEM,
        "returns",
        ("return-costs",),
        ("charged once per return", "however many items"),
        1,
        frozenset({"return_request", "exchange", "refund_status"}),
    ),
    # "If it had been faulty, would I have paid that fee at all?": faulty, damaged and wrongly
    # sent items go back free, with the delivery charge (the damage writer says so itself).
    SideQuestion(
        FAULTY_RETURN_FREE,
        "returns",
        ("return-costs",),
        (
            "parcel return",
            "Returns are always free",
            "faulty",
            "refund the original delivery charge",
        ),
        # the market's change-of-mind fees (its own row of the table), then the free cases
        3,
        frozenset(INTENT_NAMES) - {"damaged_item"},
        # (how the fee is charged, and what a large item is, are not what was asked)
        exclude=("The return fee is charged", "Large-item collection covers"),
    ),
    SideQuestion(
        PACK_IT, "returns", ("condition",), ("Original packaging", "packed well enough", "wrap"), 2
    ),
    SideQuestion(
        PHONE_US,
        "contact-escalation",
        ("channels",),
        ("Phone", "Phone lines are open"),
        2,
        NOT_OTHER,
        needs=("phone number",),
    ),
    SideQuestion(
        UNSEALED_BEDDING,
        "returns",
        ("exclusions",),
        ("Mattresses, pillows and duvets once unsealed", "sealed wrapping", "hygiene"),
        1,
        OWN_RETURN_RULES_UNSAID,
    ),
    SideQuestion(
        RETURN_LABEL, "returns", ("start",), ("prepaid returns label", "drop-off", "collection"), 1
    ),
    SideQuestion(
        ASKS_FOR_INVOICE,
        "payments-invoices",
        ("tax-invoices",),
        ("invoice", "receipt", "Orders", "download"),
        2,
        NOT_BILLING,
    ),
    SideQuestion(
        ASKS_ABOUT_CONVERSION,
        "payments-invoices",
        ("currency",),
        ("converts", "exchange rates", "same currency", "difference"),
        2,
        NOT_BILLING,
    ),
    # "you can make the receipt in won?": the shop's own currency and that we don't convert
    # prices, so a receipt shows what was paid (the quote keeps the customer's market's line).
    SideQuestion(
        DOCUMENT_IN_CURRENCY,
        "payments-invoices",
        ("currency",),
        ("currency of the shop", "don't convert prices"),
        2,
        frozenset({"billing"}),
    ),
    # Delivery times and charges beside a cancellation, a change, a return or an exchange: the
    # customer's market section alone is among the facts (tools/policies.py search_policies).
    SideQuestion(
        DELIVERY_TIME,
        "delivery",
        MARKET_SECTIONS,
        ("business days", "costs", "free on orders"),
        3,  # parcel times and charge, the free-delivery threshold, and the large-item rule
        frozenset({"cancel_order", "change_order", "return_request", "exchange"}),
    ),
    # "Did I pay for shipping on it? I think it's free over a certain amount", "how much do I
    # need to spend for free delivery next time?": the market's parcel charge and threshold, and
    # that large items pay their flat charge whatever the order's value. A product writer quotes
    # the section itself (template_topics "delivery").
    SideQuestion(
        FREE_DELIVERY_THRESHOLD,
        "delivery",
        MARKET_SECTIONS,
        ("costs", "free on orders", "threshold covers standard parcels only"),
        3,
        frozenset(INTENT_NAMES) - PRODUCT_INTENTS,
    ),
    # "...and for next time, can I spread the payment, or is it card only?" beside a cancellation
    # or a status question: every way to pay the table lists, and the market's own line; and,
    # when the Klarna section was read (instalments or Klarna named: tools/policies.py), that
    # Klarna is how the cost is spread.
    SideQuestion(
        ASKS_WAYS_TO_PAY,
        "payments-invoices",
        ("methods", "klarna"),
        (*WAYS_TO_PAY, "spreading the cost in instalments"),
        (len(WAYS_TO_PAY) + 1, 1),
        # A product writer leaves ways to pay to a person (template_topics "payment").
        NOT_BILLING - PRODUCT_INTENTS,
        hints_only=True,
    ),
    # "...and does Klarna cost anything extra?" beside another question: that Klarna's own fees
    # are Klarna's to answer (the billing writer quotes it as its main answer). Before the
    # return's Klarna question, which then finds the section cited: asked together, the fees
    # sentence is the one the return's writer does not say.
    SideQuestion(KLARNA_FEES, "payments-invoices", ("klarna",), KLARNA_FEES_HINTS, 1, NOT_BILLING),
    # "Do I keep paying the instalments while the return is going on?", "Klarna sent me a
    # reminder for the order you refunded": what a return or cancellation does to the payments.
    SideQuestion(
        KLARNA,
        "payments-invoices",
        ("klarna",),
        ("return or cancel", "update your statement", "payments you still owe"),
        1,
        frozenset({"return_request", "refund_status", "cancel_order", "exchange"}),
        # "...for next time, can I pay in instalments?" asks how to pay, not what a cancellation
        # does to payments owed: the ways to pay answer it.
        unless=ASKS_WAYS_TO_PAY,
    ),
    # "...will the order show up if I make an account?" read as an invoice question: guest
    # orders are linked to an account made with the same address, on request.
    SideQuestion(
        GUEST_ORDER_TO_ACCOUNT,
        "account-privacy",
        ("account-details",),
        GUEST_ORDERS_HINTS,
        1,
        NOT_ACCOUNT,
    ),
    # "...and a week later it turns up in your sale, do I get the difference back on the new
    # one?", "if I order now and it comes down in a sale": the price promise counts from the day
    # an order is placed (the new order has none yet, so no date of ours is given).
    SideQuestion(
        SALE_TO_COME,
        "price-promise",
        ("how-it-works",),
        ("14 days count from the date you placed your order", "within 14 days"),
        2,
        frozenset({"exchange", *PRODUCT_INTENTS}),
    ),
    # "...and I forgot the welcome code at checkout: can you still take it off?" beside a status
    # question or a change: codes can't be added after ordering (the billing writer answers a
    # code as its main question).
    SideQuestion(
        CODE_AFTER_ORDERING,
        "price-promise",
        ("promo-codes",),
        ("can't be added after ordering", "one promo code per order"),
        2,
        frozenset({"order_status", "delivery_problem", "change_order"}),
    ),
    SideQuestion(
        STOP_IT_COMING,
        "cancellations",
        ("after-dispatch",),
        ("refuse the delivery", "return it", "return fee", "change-of-mind"),
        4,
        order_states=IN_TRANSIT,
    ),
    SideQuestion(
        REDIRECT_IT,
        "order-changes",
        ("after-dispatch",),
        ("can't be changed", "delivery address", "refuse the delivery", "carrier's tracking"),
        2,
        frozenset({"order_status", "delivery_problem"}),
        order_states=IN_TRANSIT,
    ),
)


def answer_side_questions(ctx: Context) -> list[str]:
    """Quote the section of each side question the message asks and the reply has not cited;
    the sections offered for quoting (source ids; empty when nothing was said)."""
    quoted: list[str] = _price_drop(ctx) + _refund_times(ctx) + _refund_destination(ctx)
    quoted += _delivery_paid(ctx)
    for side in SIDE_QUESTIONS:
        if side.intents is not None and ctx.intent not in side.intents:
            continue
        if not side.cue.search(ctx.message):
            continue
        if side.unless is not None and side.unless.search(ctx.message):
            continue
        if side.order_states is not None:
            order = ctx.facts.order()
            if order is None or str(order.data.get("status") or "") not in side.order_states:
                continue
        found = [ctx.facts.policy(side.policy, (section,)) for section in side.sections]
        facts = [f for f in found if f is not None and f.source_id not in ctx.out.citations]
        if facts and side.says_dispatched:
            _already_dispatched(ctx)
        said = facts and say_policy(
            replace(ctx, message="") if side.hints_only else ctx,
            facts,
            hints=side.hints,
            limit=side.sentences,
            needs=side.needs,
            exclude=side.exclude,
        )
        if said:
            quoted += [f.source_id for f in facts]
    return quoted


def _already_dispatched(ctx: Context) -> None:
    """ "The driver can leave it in the log store", "can I pick another day?" about a parcel on
    its way: the order can't be changed any more, which the rule after it assumes."""
    order = ctx.facts.order()
    if order is None or str(order.data.get("status") or "") not in IN_TRANSIT:
        return
    ctx.out.say("change_order.already_dispatched", order_ref_slots(order), cite=[order.source_id])


def delivery_charge_case_open(ctx: Context) -> str | None:
    """ "Do I get the delivery charge back?" on a return still inside the market's legal
    withdrawal period: sending the whole order back by then brings the charge back, and the rule
    saying so reads as a refund promise, which no automatic reply may quote (the quote above
    gives the other cases only). A person says which case applies. Why, or None."""
    if not DELIVERY_CHARGE_BACK.search(ctx.message):
        return None
    eligibility = ctx.facts.eligibility("return")
    until = eligibility.data.get("withdrawal_until") if eligibility is not None else None
    if not until:
        return None
    return (
        f"asks whether the delivery charge comes back while the legal withdrawal period runs "
        f"(until {until}): whether the whole order comes back decides it, a person says"
    )


def _price_drop(ctx: Context) -> list[str]:
    """ "It's dropped in price since I ordered; is that 14 days from the order?", "...so I'll
    cancel and reorder": the order's price-promise date, when the 14 days count from and that
    cancelling is not needed (the billing writer answers a price drop as its main question)."""
    order = ctx.facts.order()
    # A swap's "lower price" is the other variant's, not a drop in the price paid.
    if ctx.intent in ("billing", "exchange", "change_order") or order is None:
        return []
    if not say_price_promise(ctx, order, primary=False):
        return []
    rules = [ctx.facts.policy("price-promise", (anchor,)) for anchor in ("how-it-works", "claim")]
    facts = [f for f in rules if f is not None and f.source_id not in ctx.out.citations]
    hints = ["14 days count from the date you placed your order", "don't cancel and reorder"]
    said = facts and say_policy(ctx, facts, hints=hints, limit=1)
    return [order.source_id, *([f.source_id for f in facts] if said else [])]


# "Did I pay for shipping on it?", "was delivery free on that one?", "how much was the postage?"
DELIVERY_PAID_QUESTION = re.compile(
    r"\bdid (?:i|we) (?:pay|get charged|have to pay) (?:anything )?(?:for )?(?:the )?"
    r"(?:shipping|delivery|postage)\b|\bwas (?:the )?(?:shipping|delivery|postage) (?:free|charged)"
    r"\b|\bhow much (?:was|did (?:i|we) pay for) (?:the )?(?:shipping|delivery|postage)\b",
    re.IGNORECASE,
)


def _delivery_paid(ctx: Context) -> list[str]:
    """ "Has it shipped, what day, and did I pay for shipping on it?": the order's own delivery
    charge, or that it had none (the billing writer answers charges as its main question)."""
    order = ctx.facts.order()
    if ctx.intent == "billing" or order is None or not DELIVERY_PAID_QUESTION.search(ctx.message):
        return []
    fee = decimal_of(order.data.get("delivery_fee"))
    if fee is None:
        return []
    key = "billing.delivery_paid" if fee > 0 else "billing.delivery_free"
    ctx.out.say(key, order_slots(order, ctx.market), cite=[order.source_id])
    return [order.source_id]


# Replies about a return or a swap, which ends in a refund of this order: "I paid by PayPal, if that
# matters" asks where it goes.
REFUND_AHEAD = frozenset({"return_request", "exchange"})


def _refund_destination(ctx: Context) -> list[str]:
    """ "Could the refund be paid to her instead?", "can it go on a gift card rather than my
    Visa?" about an order we can see: where that order's refund goes, named (the general rule
    quoted alone leaves the customer to work out which row is theirs). The section is then
    cited, so the side-question loop does not quote it again."""
    volunteered = ctx.intent in REFUND_AHEAD and PAYMENT_NAMED_IN_CASE.search(ctx.message)
    if not (REFUND_ELSEWHERE.search(ctx.message) or volunteered):
        return []
    order = ctx.facts.order()
    rule = ctx.facts.policy("refunds", ("method",))
    if order is None or rule is None or rule.source_id in ctx.out.citations:
        return []
    if not order.data.get("payment_method"):
        return []
    slots = money_slots({}, order, ctx.market)
    ctx.out.say("refund.goes_back", slots, cite=[order.source_id, rule.source_id])
    return [order.source_id, rule.source_id]


# Replies whose own writer does not state refund times: a lost parcel may end in a refund too
# ("if it doesn't turn up I'd rather have the money back: how long would that take to reach
# my card?"), and so may a purchase asked about ("if it's too small and I send it back, how long
# until the refund is on my card?").
REFUND_ASIDE = frozenset({"return_request", "exchange", "delivery_problem", *PRODUCT_INTENTS})


def _refund_times(ctx: Context) -> list[str]:
    """ "How long until the money is back in my PayPal?", "I need it today, not after you've
    inspected it", beside a return, an exchange or a lost parcel: the inspection time and the
    order's own payment method's row (the refund writer answers them as its main question)."""
    if ctx.intent not in REFUND_ASIDE or not REFUND_WHEN.search(ctx.message):
        return []
    timing = ctx.facts.policy("refunds", ("timing",))
    if timing is None or timing.source_id in ctx.out.citations:
        return []
    order = ctx.facts.order()
    if order is not None and str(order.data.get("status") or "") in NOT_DISPATCHED:
        # Not sent yet: "give it back" is a cancellation, whose own refund rule the reply gave;
        # nothing travels back to be inspected.
        return []
    method = order.data.get("payment_method") if order is not None else None
    own = METHOD_ROWS.get(str(method or ""))
    others = other_methods(method)
    said = say_policy(
        ctx,
        timing,
        hints=["we inspect returns within", own or ""],
        limit=2,
        # The opening sentence says what the days count from, and the inspection sentence says
        # it with the number of days; when the email comes is not asked.
        exclude=("Refund times are counted", "We email you", *others),
    )
    return [timing.source_id] if said else []
