"""Replies a person usually finishes (damage, complaints, requests for a person, privacy,
disputes) and the policy answers for billing and account questions.

The drafts acknowledge, set out the order's facts and the policy rule, and say who takes it
from here. They never decide a remedy: the one template that names the damaged-items choice
is reported in `Draft.promises`, so the gate keeps it off the automatic route.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace

from drafting.template_common import (
    METHOD_ROWS,
    OWN_OPENING,
    clarify_or_refuse,
    first_policy,
    other_methods,
    say_policy,
)
from drafting.template_compose import Context
from drafting.template_facts import policy_anchor, policy_slug
from drafting.template_format import day, decimal_of
from drafting.template_orders import (
    SHIPPING_STATES,
    describe_estimates,
    describe_money,
    describe_shipments,
    say_order_status,
)
from drafting.template_parts import question_parts
from drafting.template_policy import not_offered_in, stems
from drafting.template_slots import latest_delivery, money_slots, order_slots
from drafting.types import Draft
from tools.facts import Fact
from tools.plan import NOT_DISPATCHED
from tools.policies import (
    ASKS_FOR_INVOICE,
    CHARGED_BEFORE_DISPATCH,
    DUPLICATE_CHARGE,
    FINAL_SALE_DROP,
    GUEST_CHECKOUT,
    KLARNA_FEES,
    MARKET_SECTIONS,
    MARKETING_EMAILS,
    MONEY_HOW_BACK,
    OTHER_CURRENCY,
    OTHER_RETAILER,
    PAID_MORE,
    PASSWORD_CHANGE,
    PASSWORD_RESET,
    PASSWORD_SEEN,
    PRICE_FELL,
    PROMO_CODE,
    UNLISTED_WAY_TO_PAY,
    WHICH_ACCOUNT_EMAIL,
)

# "it's cheaper now", "your sale started": a price-promise question about the order.
PRICE_DROP = re.compile(
    r"price promise|price match|cheaper|on sale|in the sale|sale (?:started|price)|lower price"
    r"|price (?:drop|has dropped|went down|is lower|reduced)|reduced"
    rf"|{PRICE_FELL}"
    r"|(?:refund|owed|owe me|get|due) the difference",
    re.I,
)
# "please change the login email to mine": asking us to do it for them, which we do only after
# checking who they are.
FOR_ME = re.compile(
    r"\b(?:can|could|would|will) you\b|\bplease (?:change|update|reset|send|remove|delete)\b"
    r"|\bdo (?:it|this) for me\b|\bdo you have to\b",
    re.I,
)
# "Does the change happen straight away or only after some confirmation?": when a change of
# details takes effect is the sentence to quote.
WHEN_EFFECTIVE = re.compile(
    r"\b(?:straight away|right away|immediately|instantly|take[sn]? effect|go(?:es)? live)\b", re.I
)
# The customer can no longer read the mail sent to the account's address: what we ask before
# changing it for them is the answer, not the self-service steps they cannot finish.
LOST_ACCESS = re.compile(
    r"\b(?:can(?:no|')?t|cannot|unable to|no longer) (?:get|log|sign) ?in(?:to)? "
    r"(?:the |my |that )?(?:old )?(?:e-?mail|inbox|mailbox)"
    r"|\bold (?:work |school )?e-?mail\b[^.?!]{0,60}\b(?:any ?more|closed|no longer|gone)\b"
    # "the reset email would go to my old college address, and the college shut that account
    # down" ("I closed my account with you" is not this: it names no old address)
    r"|\b(?:shut|closed|deleted|deactivated|disabled)(?: down)? (?:that|the|this|my old) (?:old )?"
    r"(?:e-?mail |mail |college |uni |university |work |school )?(?:account|address|inbox)\b"
    # "The reset link goes to an old Yahoo address I can't get into any more"
    r"|\b(?:old|previous|former)\b[^.?!]{0,20}\b(?:e-?mail|address|inbox)\b[^.?!]{0,30}"
    r"\b(?:can(?:no|')?t|cannot|no longer)\b[^.?!]{0,10}\b(?:get|log|sign) ?in"
    # ("The old one was a work address, and it was switched off the day I was made redundant")
    r"|\b(?:e-?mail|inbox|address|account)\b[^.?!]{0,30}\b(?:was|has been|got) (?:closed|deleted|"
    r"shut|switched off|turned off|deactivated|disabled)\b"
    r"|\bno (?:longer have )?access to (?:that|the|my old) (?:e-?mail|inbox)",
    re.I,
)
# An email change never confirmed: it only takes effect once the link is clicked.
UNCONFIRMED_CHANGE = re.compile(r"\bnever (?:clicked|confirmed|opened)\b[^.?!]{0,20}\blink\b", re.I)
# The account's address is the trouble ("I mistyped my email when I registered", "it's under my
# wife's email, change it to mine"): locked out as well, a reset link to that address cannot
# help them; what we ask before changing it for them can.
EMAIL_AT_FAULT = re.compile(
    r"\b(?:change|update|switch|swap|correct)\b[^.?!]{0,30}\b(?:log-?in |sign-?in |account )?"
    r"e-?mail\b|\b(?:typo|mistyp\w*|misspel\w*|wrong)\b[^.?!]{0,30}\be-?mail\b"
    r"|\b(?:wife|husband|partner|son|daughter|mum|mom|dad)'s e-?mail\b"
    # "I changed it last week but never clicked a link, and nothing's turning up at my new
    # address": the change waits for the link, so the reset went to the old address
    rf"|{UNCONFIRMED_CHANGE.pattern}"
    r"|\b(?:at|to|in) (?:my|the) new (?:e-?mail )?(?:address|inbox)\b",
    re.I,
)

# An account or its email handed to a child ("change the email to my son's? He's 15"): no
# policy says whether someone under 18 may hold or run an account, so a person decides.
FOR_A_MINOR = re.compile(
    r"\b(?:(?:he|she|they)(?:'s| is| are)|(?:who|which) is|aged?) (?:only )?(?:1[0-7]|[1-9])"
    r"(?: years? old)?\b(?! ?(?:cm|mm|kg|in\b|inch\w*|x\b|%|seats?|pieces?|items?|orders?"
    r"|days?|weeks?|months?|hours?|minutes?|times?|of\b))"
    r"|\b(?:1[0-7]|[1-9])[- ]year[- ]old\b|\b(?:under ?age|a minor|under 18)\b",
    re.I,
)


# "On what date was it delivered?", "when will it arrive, and where's the invoice?": a delivery
# question beside a billing one.
DELIVERY_ASKED = re.compile(
    r"\b(?:when|what (?:date|day))\b[^.?!]{0,40}?\b(?:deliver(?:ed|y)|arriv\w*|dispatch\w*"
    r"|ship(?:ped|s)?|turn(?:ed|s)? up|get here|got here"
    # "...still says processing?? when does it actualy get sent"
    r"|(?:get|gets|be|been|is) sent(?: out)?|go(?:es)? out"
    # "I want to know when it will come to me"
    r"|(?:(?:will|does|would) (?:it|they|the order)|(?:it|they) (?:will|would))"
    r" (?:actually )?come(?! back))\b",
    re.IGNORECASE,
)


# "...and now £171.90 shows as pending on the card": a hold, not a second payment.
PENDING = re.compile(r"\bpending\b|\bhold on (?:my|the) card\b", re.I)

BILLING_HINTS = ["payment", "charge", "invoice"]
# The Klarna section's sentence on Klarna's own fees and interest, which are Klarna's to answer.
KLARNA_FEES_HINTS = ("Klarna's own fees", "instalment dates", "best answered by Klarna directly")
# The rows of the ways-to-pay table (payments-invoices#methods).
WAYS_TO_PAY = ("Debit or credit card", "PayPal", "Klarna", "Bank transfer", "gift card")
# Account questions whose section the words name better than word overlap finds it.
ACCOUNT_TOPICS = (
    (WHICH_ACCOUNT_EMAIL, "password"),
    (PASSWORD_RESET, "password"),
    (PASSWORD_SEEN, "password"),
    (PASSWORD_CHANGE, "account-details"),
    (MARKETING_EMAILS, "marketing"),
    (GUEST_CHECKOUT, "account-details"),
)


def _finish(ctx: Context, order: Fact | None, handoff: str, *, grounded: bool) -> Draft:
    """Close the draft: when the order look-up was refused, the clarifying question (after
    what was already said); otherwise who takes the case from here."""
    if order is None:
        question = clarify_or_refuse(ctx, lead_done=True)
        if question is not None:
            return question
    ctx.out.say(handoff, order_slots(order, ctx.market))
    own_opening = ctx.intent in OWN_OPENING
    return ctx.out.draft(grounded=grounded, greet=not own_opening, close=not own_opening)


def damaged_item(ctx: Context) -> Draft:
    out = ctx.out
    out.say("damaged_item.sorry", order_slots(None, ctx.market), primary=True)
    order = ctx.facts.order()
    if order is not None:
        slots = order_slots(order, ctx.market)
        if latest_delivery(order):
            until = day(order.data.get("damage_report_until"), ctx.market)
            key = "damaged_item.delivered_until" if until else "damaged_item.delivered"
            out.say(key, {**slots, "until": until}, cite=[order.source_id])
        else:
            say_order_status(ctx, order, primary=False)
    out.new_paragraph()
    report = ctx.facts.policy("damaged-items", ("report", "after-7-days"))
    photos = ctx.facts.policy("damaged-items", ("photos",))
    quoted = say_policy(
        ctx,
        [report, photos],
        hints=["damaged", "days", "delivery", "photos", "required"],
        limit=1,
        needs=("span",),
    )
    remedy = ctx.facts.policy("damaged-items", ("remedy",))
    if remedy is not None:
        # The policy's choice, as a draft for the colleague who confirms it.
        out.say("damaged_item.remedy", order_slots(order, ctx.market), cite=[remedy.source_id])
        out.note("draft states the damaged-items remedy; a colleague must confirm it")
    grounded = order is not None or quoted or remedy is not None
    return _finish(ctx, order, "damaged_item.handoff", grounded=grounded)


def complaint(ctx: Context) -> Draft:
    out = ctx.out
    out.say("complaint.sorry", order_slots(None, ctx.market), primary=True)
    order = ctx.facts.order()
    if order is not None:
        out.say("complaint.order", order_slots(order, ctx.market), cite=[order.source_id])
    quoted = say_policy(
        ctx,
        first_policy(ctx, "contact-escalation", ("complaints", "escalate")),
        hints=["complaint", "resolve", "days"],
        needs=("span",),
    )
    return _finish(ctx, order, "complaint.handoff", grounded=order is not None or quoted)


def human_request(ctx: Context) -> Draft:
    out = ctx.out
    out.say("human_request.ack", order_slots(None, ctx.market), primary=True)
    quoted = say_policy(
        ctx,
        first_policy(ctx, "contact-escalation", ("human", "hours", "response-times")),
        hints=["person", "team", "hours", "reply"],
        limit=1,
        needs=("span",),
    )
    return out.draft(grounded=quoted, close=False)


def privacy_request(ctx: Context) -> Draft:
    out = ctx.out
    out.say("privacy_request.ack", order_slots(None, ctx.market), primary=True)
    quoted = say_policy(
        ctx,
        _best_section(ctx, ("account-privacy",)),
        hints=["privacy", "data", "days"],
        needs=("span",),
    )
    out.say("privacy_request.handoff", order_slots(None, ctx.market))
    return out.draft(grounded=quoted, greet=False, close=False)


def chargeback_fraud(ctx: Context) -> Draft:
    out = ctx.out
    out.say("chargeback_fraud.ack", order_slots(None, ctx.market), primary=True)
    order = ctx.facts.order()
    if order is not None:
        out.say("chargeback_fraud.order", order_slots(order, ctx.market), cite=[order.source_id])
    quoted = say_policy(
        ctx,
        first_policy(ctx, "contact-escalation", ("chargebacks",)),
        hints=["chargeback", "dispute", "payment"],
        limit=1,
    )
    return _finish(ctx, order, "chargeback_fraud.handoff", grounded=order is not None or quoted)


def billing(ctx: Context) -> Draft:
    out = ctx.out
    order = ctx.facts.order()
    final_sale = FINAL_SALE_DROP.search(ctx.message) is not None
    elsewhere = OTHER_RETAILER.search(ctx.message) is not None
    # "Can you apply my cousin's 30% staff discount and refund the difference?": a discount
    # after ordering is the promo-code rule's answer; the price promise's dates answer nothing.
    promo = (
        ctx.facts.policy("price-promise", ("promo-codes",))
        if PROMO_CODE.search(ctx.message)
        else None
    )
    # What the order's own facts answer: its price-promise dates, or money already sent back.
    from_order = order is not None and promo is None and say_price_promise(ctx, order, primary=True)
    asks_about_double_charge = DUPLICATE_CHARGE.search(ctx.message) is not None
    asks_why_charged_already = CHARGED_BEFORE_DISPATCH.search(ctx.message) is not None
    if order is not None and not from_order:
        out.say("billing.order", order_slots(order, ctx.market), cite=[order.source_id])
        if PAID_MORE.search(ctx.message) and _paid_for_delivery(order):
            # "The pan was cheaper on your site, why did my bank take £70.90?"
            out.say("billing.delivery_in_total", order_slots(order, ctx.market))
        # "On what date was it delivered, and where can I download the invoice?": the order's
        # state and its deliveries, beside the billing answer.
        asked = DELIVERY_ASKED.search(ctx.message) is not None
        # "Why was I charged? It hasn't even shipped": where the order is, and how long
        # delivery takes once it leaves us.
        early = asks_why_charged_already and not asks_about_double_charge
        state = say_order_status(ctx, order, primary=False) if asked or early else ""
        if asked and state in SHIPPING_STATES:
            describe_shipments(ctx, order, events=False)
        elif (early or asked) and state in NOT_DISPATCHED:
            # Not sent yet: when it leaves us and how long it then takes is the answer.
            describe_estimates(ctx, order)
        # "Did the first payment ever come back off my card?": money already sent back on the
        # order is part of what it cost them.
        from_order = describe_money(ctx, order, detail=False)
    slugs = ("payments-invoices", "price-promise", "refunds")
    price_drop = PRICE_DROP.search(ctx.message)
    claim = ctx.facts.policy("price-promise", ("claim",)) if price_drop and not promo else None
    excluded = (
        ctx.facts.policy("price-promise", ("exclusions",)) if final_sale or elsewhere else None
    )
    paid_more = _paid_more(ctx, order)
    # "It left my account twice" after paying by bank transfer: the double-charge rule, not the
    # bank-transfer one the payment method's words pull towards.
    duplicate = (
        ctx.facts.policy("payments-invoices", ("billing-errors",))
        if asks_about_double_charge
        else None
    )
    # "Why was I charged? It hasn't even shipped": payment is taken when the order is placed.
    charged_early = (
        ctx.facts.policy("payments-invoices", ("methods",))
        if asks_why_charged_already and not duplicate
        else None
    )
    # "I paid by bank transfer and can't find any invoice": the invoice rule, not the section
    # the payment method's words pull towards.
    invoice_asked = (
        ctx.facts.policy("payments-invoices", ("tax-invoices",))
        if ASKS_FOR_INVOICE.search(ctx.message)
        else None
    )
    pending = PENDING.search(ctx.message) is not None
    # The exclusion each drop the promise does not cover is named by.
    exclusion_hints = [
        *(["Final-sale items", "full price"] if final_sale else []),
        *(["Other retailers' prices", "own prices only"] if elsewhere else []),
    ]
    section = (
        promo
        or excluded
        or claim
        or paid_more
        or duplicate
        or charged_early
        or invoice_asked
        or _best_section(ctx, slugs)
    )
    # "How does the invoice with my firm's VAT number work?": when and where the invoice comes,
    # beside what they asked to have on it (a reissue changes the invoice they already get).
    asks_for_invoice = (
        section is not None
        and policy_anchor(section) == "tax-invoices"
        and ASKS_FOR_INVOICE.search(ctx.message) is not None
    )
    quoted = _every_way_to_pay(ctx, section) or say_policy(
        ctx,
        section,
        # The shop's own currency first: "our UK shop charges in pounds" starts that answer.
        hints=[
            # A pending amount on the card: the sentence that says it is a hold that lifts
            # (a payment that left the account twice wants what to send us instead).
            *(["pending authorisation", "temporary hold"] if duplicate and pending else []),
            *(["take payment when you place your order"] if charged_early else []),
            *(["one promo code per order", "can't be added after ordering"] if promo else []),
            *(exclusion_hints if excluded else BILLING_HINTS),
            *(["pounds", "dollars", "euros"] if paid_more else []),
            *(
                ["costs", "free on orders"]
                if paid_more and policy_slug(paid_more) == "delivery"
                else []
            ),
            *(["invoice is emailed", "downloaded"] if asks_for_invoice else []),
            # "Does Klarna charge interest?": that Klarna's own fees are Klarna's to answer.
            *_fees_asked(ctx.message),
        ],
        needs=("span", "step"),
        # the final-sale line, not the next bullet's heading
        limit=1 if excluded else 3 if asks_for_invoice else 2,
    )
    if (claim or from_order) and MONEY_HOW_BACK.search(ctx.message):
        _difference_back(ctx, order)
    if quoted and not (claim or paid_more or excluded or promo):
        # "do you take Amex, and can I pay in parts?": each question its own section
        _each_part(ctx, section, slugs, hints=BILLING_HINTS, needs=("step",))
    if order is None and not quoted:
        refused = clarify_or_refuse(ctx)
        if refused is not None:
            return refused
    if not quoted or order is None:
        out.say("common.colleague", detail=True)
    if not (quoted or from_order):
        # "Please just pay it back now instead of waiting for the parcel": the order's date,
        # method and total answer no billing question on their own.
        out.note("no billing rule fits the question; the order's payment summary alone")
    return out.draft(grounded=quoted or from_order)


def _every_way_to_pay(ctx: Context, section: Fact | None) -> bool:
    """ "Do you take Apple Pay?": every way to pay the table lists, since the one asked is not;
    and so for "can I pay by bank transfer?" in a market whose column says no to it. True if
    the rows were quoted."""
    if section is None or policy_anchor(section) != "methods":
        return False
    text = str(section.data.get("text") or section.masked_text)
    asked = ctx.message.casefold()
    not_here = any(way.casefold() in asked for way in not_offered_in(text, ctx.market))
    if UNLISTED_WAY_TO_PAY.search(ctx.message) is None and not not_here:
        return False
    return say_policy(
        # the table's rows, whatever the words around the way they asked about
        replace(ctx, message=""),
        section,
        hints=WAYS_TO_PAY,
        limit=len(WAYS_TO_PAY) + 1,  # and a market's own line ("Bank transfer ... Germany only")
    )


def say_price_promise(ctx: Context, order: Fact, *, primary: bool) -> bool:
    """ "It's cheaper on your site now": the order's price-promise dates, whose end decides the
    answer (still running, or over). False when the message asks about no price drop, or about
    a drop into the final sale or below another shop's price, which the promise excludes
    whatever its dates."""
    until = order.data.get("price_promise_until")
    if not until or not PRICE_DROP.search(ctx.message):
        return False
    if FINAL_SALE_DROP.search(ctx.message) or OTHER_RETAILER.search(ctx.message):
        return False
    slots = {**order_slots(order, ctx.market), "until": day(until, ctx.market)}
    running = order.data.get("price_promise_open") is not False
    key = "billing.price_promise" if running else "billing.price_promise_over"
    ctx.out.say(key, slots, cite=[order.source_id], primary=primary)
    return True


# Guest orders and an account: how the two are linked.
GUEST_ORDERS_HINTS = ("guest orders", "same email address", "link past guest orders")
# "If I unsubscribe, will I miss the text with the delivery time?": what still comes.
SERVICE_EMAILS_HINTS = ("doesn't affect service emails", "dispatch and tracking")


def account(ctx: Context) -> Draft:
    out = ctx.out
    # What to click ("Forgot password", "Account settings") is the heart of an account answer.
    hints, limit = ["account", "password", "email"], 2
    # Locked out because of the address itself: "how do I change my email?" alone is not that.
    at_fault = bool(EMAIL_AT_FAULT.search(ctx.message) and PASSWORD_RESET.search(ctx.message))
    lost = at_fault or LOST_ACCESS.search(ctx.message)
    if lost:
        hints, limit = ["no longer get into", "verify", "recent order", "identity"], 3
    elif FOR_ME.search(ctx.message):  # and what we need from them before we do it for them
        hints, limit = [*hints, "for you", "verify", "identity"], 3
    if WHEN_EFFECTIVE.search(ctx.message) or UNCONFIRMED_CHANGE.search(ctx.message):
        hints, limit = [*hints, "takes effect", "click the link"], limit + 1
    # Guest checkout is answered in the account-details rule, whose words ("update your name,
    # email address...") share little with the question, newsletters in the marketing rule,
    # and "which email is my account under?" in the reset steps (a reset link only goes to the
    # account's own address); otherwise the closest section.
    named = [anchor for cue, anchor in ACCOUNT_TOPICS if cue.search(ctx.message)]
    if at_fault:
        named = ["account-details", *named]
    if named[:1] == ["marketing"]:
        hints, limit = [*hints, *SERVICE_EMAILS_HINTS], 3
    if GUEST_CHECKOUT.search(ctx.message):
        # "Can my old guest orders show up in it?": the sentence on linking them, not the one
        # on updating details that opens the section.
        hints = [*hints, *GUEST_ORDERS_HINTS]
    section = ctx.facts.policy("account-privacy", tuple(named)) if named else None
    section = section or _best_section(ctx, ("account-privacy",))
    quoted = say_policy(ctx, section, hints=hints, needs=("step",), limit=limit)
    details = ctx.facts.policy("account-privacy", ("account-details",))
    if quoted and lost and details not in (None, section):
        # "The reset email never comes, and that old address is gone": the reset steps alone
        # cannot work for them; what we ask before changing the address for them can.
        # Three sentences: the one that says what we ask before changing it for them comes
        # last in the section, after the two a lost address also matches.
        say_policy(ctx, details, hints=hints, limit=3)
    if quoted and FOR_A_MINOR.search(ctx.message):
        out.note("the account is for a child under 18, which no policy speaks to")
        out.say("common.colleague")
        return out.draft(grounded=False)
    if quoted:
        # "Can your team see my password, how do I get back in if I forget it, and will the
        # tracking emails still come without the marketing ones?", asked in one sentence: each
        # section it names, not the first alone (the parts below split only at question marks).
        for anchor in dict.fromkeys(named):
            also = ctx.facts.policy("account-privacy", (anchor,))
            if also is not None and section is not None and also.source_id != section.source_id:
                also_hints = [*hints, *SERVICE_EMAILS_HINTS] if anchor == "marketing" else hints
                say_policy(ctx, also, hints=also_hints, needs=("step",), limit=2)
        _each_part(ctx, section, ("account-privacy",), hints=hints, needs=("step",))
    out.say("common.colleague", detail=quoted)
    return out.draft(grounded=quoted)


def _each_part(
    ctx: Context,
    quoted: Fact | None,
    slugs: tuple[str, ...],
    *,
    hints: list[str],
    needs: tuple[str, ...],
) -> None:
    """ "Can I switch off the marketing emails, and how do I add a second address?": each
    question's own section, when it is not the one quoted already."""
    cited = {quoted.source_id} if quoted is not None else set()
    parts = question_parts(ctx.message)
    for part in parts if len(parts) > 1 else []:
        asked = replace(ctx, message=part)
        other = _best_section(asked, slugs)
        if other is not None and other.source_id not in cited:
            cited.add(other.source_id)
            if not _every_way_to_pay(asked, other):
                say_policy(asked, other, hints=[*hints, *_fees_asked(part)], needs=needs, limit=2)


def _fees_asked(message: str) -> tuple[str, ...]:
    """ "Does Klarna charge interest?": the sentence that says Klarna's own fees are Klarna's to
    answer, which the words of the question alone rank below the repayment agreement's."""
    return KLARNA_FEES_HINTS if KLARNA_FEES.search(message) else ()


def _paid_more(ctx: Context, order: Fact | None) -> Fact | None:
    """For "why was I charged more than the price?": the bank's conversion when the card is in
    another currency, US sales tax in the US shop, the market's delivery charges when the
    order paid for delivery; None when none explains it (a person looks at the order then, or
    the best matching section answers)."""
    if not PAID_MORE.search(ctx.message):
        return None
    if OTHER_CURRENCY.search(ctx.message):
        return ctx.facts.policy("payments-invoices", ("currency",))
    if ctx.market == "US":
        return ctx.facts.policy("payments-invoices", ("tax-invoices",))
    if order is not None and _paid_for_delivery(order):
        return ctx.facts.policy("delivery", MARKET_SECTIONS)
    return None


def _difference_back(ctx: Context, order: Fact | None) -> None:
    """ "I paid with Klarna, so how would the difference come back to me?": the price promise's
    refund rule, with the order's own payment method's time (no other method's row)."""
    rule = ctx.facts.policy("price-promise", ("refund",))
    if rule is None or rule.source_id in ctx.out.citations or order is None:
        return
    method = order.data.get("payment_method")
    own = METHOD_ROWS.get(str(method or ""))
    if not own:
        return
    # The rule's own opening ("...go back to your original payment method...:") introduces its
    # list and is not quoted alone: the order's method is named, then its row.
    ctx.out.say(
        "refund.goes_back",
        money_slots({}, order, ctx.market),
        cite=[order.source_id, rule.source_id],
    )
    say_policy(ctx, rule, hints=[own], limit=1, exclude=(*other_methods(method), "If you later"))


def _paid_for_delivery(order: Fact) -> bool:
    fee = decimal_of(order.data.get("delivery_fee"))
    return fee is not None and fee > 0


def _best_section(ctx: Context, slugs: tuple[str, ...]) -> Fact | None:
    """The returned section of `slugs` whose heading and words share the most with the message
    (a receipt question wants the invoices section even when a search ranked billing errors
    first); ties keep the tools' order, the intent's main policy first."""
    found = ctx.facts.policies(slugs)
    asked = stems(ctx.message)

    def overlap(fact: Fact) -> float:
        heading = stems(fact.title.partition(":")[2])
        body = stems(str(fact.data.get("text") or fact.masked_text))
        return 2 * len(heading & asked) + len(body & asked) / math.sqrt(max(len(body), 1))

    return max(found, key=overlap) if found else None
