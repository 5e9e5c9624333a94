"""Replies about orders: where an order is (order_status), what went wrong with a delivery
(delivery_problem) and where a refund is (refund_status)."""

from __future__ import annotations

import re
from typing import Any

from drafting.template_asks import TRACKING_QUESTION
from drafting.template_common import (
    NO_NUMBER_TO_GIVE,
    NOT_QUOTED_FOR_SERVICE,
    clarify_or_refuse,
    colleague_takes_it,
    first_policy,
    has_no_order_number,
    say_policy,
)
from drafting.template_compose import LIST_SLOTS, Context
from drafting.template_driver import say_driver_out_of_reach
from drafting.template_facts import (
    active_lines,
    line_names,
    policy_anchor,
    refunds,
    returns,
    shipments,
)
from drafting.template_format import day, is_zero, join_words, money, service_words, status_words
from drafting.template_slots import estimate_slots, money_slots, order_slots, shipment_slots
from drafting.types import Draft
from tools.facts import Fact
from tools.order_facts import PENDING_REFUND
from tools.plan import IN_TRANSIT, NOT_DISPATCHED
from tools.policies import AWAY_AT_DELIVERY, DELIVERY_FAILS, REFUND_ELSEWHERE

IN_FLIGHT = {"dispatched", "in_transit", "out_for_delivery", "delivered", "delayed"}
SHIPPING_STATES = IN_FLIGHT | {"lost_in_transit"}
AFTER_STATES = {"cancelled", "returned", "refunded", "partially_refunded"}
# Carrier statuses -> the templates that describe them, and the date each one needs.
SHIPMENT_KEYS = {
    "label_created": ("label_created", "eta"),
    "collected": ("in_transit", "eta"),
    "at_hub": ("in_transit", "eta"),
    "in_transit": ("in_transit", "eta"),
    "out_for_delivery": ("out_for_delivery", "eta"),
    "delivered": ("delivered", "delivered_on"),
    "delayed": ("delayed", "eta"),
    "lost": ("lost", ""),
    "lost_in_transit": ("lost", ""),
}
METHOD_WORDS = ("card", "paypal", "klarna", "gift", "bank", "transfer")
# Which delivery-policy section speaks to each kind of delivery problem.
PROBLEM_SECTIONS = {
    "delayed": ("delayed", "tracking"),
    "lost_in_transit": ("lost", "delayed"),
    "delivered": ("not-received", "missed"),
}
# What each section must tell the customer: the time frame they are waiting on.
PROBLEM_HINTS = {
    "not-received": ["investigation", "carrier", "business days", "wait", "hours"],
    "missed": ["attempts", "held", "depot", "days", "collect"],
    "lost": ["investigation", "carrier", "business days"],
    "delayed": ["late", "delivery", "window", "business days"],
    "tracking": ["tracking", "link"],
}
# A return fee asked about: "did you take a fee off?", "was anything deducted?"
FEE_ASKED = re.compile(
    r"\bfees?\b|\bdeduct\w*|\b(?:take|took|taken|came|come|knock\w*) (?:\w+ ){0,3}?off\b",
    re.IGNORECASE,
)
# "Do I have to file a claim with the carrier myself?": the lost-parcel section answers it in a
# sentence after its time frame, quoted too when asked. (Its "a replacement or a full refund" is
# a promise, which only a person makes: `template_policy` never quotes one.)
CLAIM_QUESTION = re.compile(
    r"\b(?:claim|file (?:anything|something|a \w+))\b[^.?!]{0,40}\bcarrier\b"
    r"|\b(?:contact|chase|call) (?:the carrier|them|\w+) (?:myself|ourselves)\b",
    re.I,
)


def lost_parcel_quote(message: str, anchor: str, hints: list[str]) -> tuple[list[str], int]:
    """The hints and number of sentences to quote from a delivery section: the claim sentence
    too when a lost parcel's customer asks whether they must claim themselves."""
    if anchor == "lost" and CLAIM_QUESTION.search(message):
        return [*hints, "claim", "yourself"], 3
    return hints, 2


# "I'm away from Thursday", "if I'm not home": what happens to a missed delivery is the answer.
AWAY = re.compile(
    r"\baway\b|\b(?:not|won'?t|will not) (?:be )?(?:at )?(?:home|in|around)\b"
    r"|\bwhile i'?m (?:out|gone|away|at work)\b|\bi'?(?:m|ll be) out\b"
    r"|\bholiday|\bvacation|\btravel+ing\b|\bmiss(?:ed|es)?\b|\bnobody\b|\bno one\b",
    re.I,
)


# "It's showing as delivered but it never came", "nothing here and next door haven't got it":
# a parcel marked delivered that never reached them, whatever attempt came before the scan.
NEVER_ARRIVED = re.compile(
    r"\bnever (?:came|arrived|turned up|showed up|got (?:it|here|them)|received (?:it|them))\b"
    r"|\b(?:nothing|isn't|is not|wasn't|was not|not) here\b"
    r"|\b(?:hasn't|has not|haven't|have not|didn't|did not) (?:arrived?|c[oa]me|turned up|got it"
    r"|received it)\b",
    re.I,
)


def _shipment_key(shipment: dict[str, Any], slots: dict[str, str]) -> str:
    key, needs = SHIPMENT_KEYS.get(str(shipment.get("status") or ""), ("other", ""))
    return f"{key}_undated" if needs and not slots[needs] else key


def _event_key(shipment: dict[str, Any], slots: dict[str, str], section: str) -> str | None:
    """The template for a shipment's latest tracking event, if it has one worth quoting."""
    if not slots["event"]:
        return None
    if shipment.get("status") == "delivered":
        return f"{section}.delivered_note"
    return f"{section}.latest" if slots["event_date"] else None


# "Are they all coming in one parcel or separately?", "will it come in bits on different days?"
TOGETHER_QUESTION = re.compile(
    r"\b(?:all|everything|they|items|things)\b[^.?!]{0,25}\b(?:coming|come|arriv\w*|sent|ship\w*"
    r"|travel\w*|deliver\w*) (?:together|in one)\b|\bin one (?:parcel|package|box|delivery"
    r"|shipment) or\b|\bcome in bits\b",
    re.IGNORECASE,
)

# "That's the only parcel, right?", "nothing else to wait for?", "is anything else coming?"
ONLY_PARCEL_QUESTION = re.compile(
    r"\b(?:the only (?:parcel|package|box|delivery|shipment)|only one (?:parcel|package|box"
    r"|delivery|shipment)|nothing else (?:to (?:wait for|come|arrive)|coming|on its way)"
    r"|(?:anything|something) else (?:to (?:wait for|come|arrive)|coming|on its way|still to come)"
    r"|(?:more|another|other|second) (?:parcels?|packages?|boxes|deliver(?:y|ies)|shipments?)"
    r" (?:to (?:come|wait for|arrive)|coming|on (?:its|their) way))\b",
    re.IGNORECASE,
)


def describe_shipments(ctx: Context, order: Fact, *, events: bool) -> None:
    """One sentence per shipment, or a list when the order travels in several, each with its
    latest tracking event: a detail for a status question, the point of a problem one."""
    found = shipments(order)
    out, cite = ctx.out, [order.source_id]
    show_events = events or not out.follow_up
    if len(found) == 1:
        slots = shipment_slots(found[0], ctx.market)
        out.say(f"shipment.{_shipment_key(found[0], slots)}", slots, cite=cite)
        if slots["tracking_number"]:
            # A detail a follow-up leaves out, unless the follow-up asks for it.
            asked = bool(TRACKING_QUESTION.search(ctx.message))
            out.say("shipment.tracking", slots, cite=cite, detail=not asked)
        event_key = _event_key(found[0], slots, "tracking")
        if event_key and show_events:
            out.say(event_key, slots, cite=cite)
        # Lines still on the order only: a cancelled or returned one is not in the parcel.
        items = sum(int(entry.get("quantity") or 1) for entry in active_lines(order))
        # One shipment carries every line (the shop ships each delivery service as one).
        arrived = found[0].get("status") == "delivered"
        if items > 1 and TOGETHER_QUESTION.search(ctx.message):
            slots["count"] = "Both items" if items == 2 else f"All {items} items"
            out.say(
                "shipment.together_arrived" if arrived else "shipment.together", slots, cite=cite
            )
        elif ONLY_PARCEL_QUESTION.search(ctx.message):
            key = "shipment.only_parcel_arrived" if arrived else "shipment.only_parcel"
            out.say(key, slots, cite=cite)
        return
    if not found:
        return
    out.say("shipments.intro", shipment_slots(None, ctx.market, count=len(found)), cite=cite)
    for shipment in found:
        slots = shipment_slots(shipment, ctx.market)
        slots["state"] = out.text_of(f"shipment_state.{_shipment_key(shipment, slots)}", slots)
        line = "shipments.line" if slots["tracking_number"] else "shipments.line_untracked"
        event_key = _event_key(shipment, slots, "shipments")
        more = [(event_key, slots)] if event_key and show_events else []
        out.item(line, slots, cite=cite, more=more)
    out.new_paragraph()


def say_delivered_on(ctx: Context, order: Fact) -> bool:
    """ "I've lost track of what happened with this one": the day a single parcel was delivered,
    the first step of a story that ends in a return and a refund. True if something was said."""
    found = shipments(order)
    if len(found) != 1 or found[0].get("status") != "delivered":
        return False
    slots = shipment_slots(found[0], ctx.market)
    if not slots["delivered_on"]:
        return False
    ctx.out.say("shipment.delivered", slots, cite=[order.source_id])
    return True


def say_where_it_is(ctx: Context, order: Fact) -> bool:
    """ "It says it's coming today, can you still cancel?": beside the no, where the parcel is
    now (out for delivery with Evri, due today), which decides what the customer does next.
    Only a single parcel still travelling; True if something was said."""
    found = shipments(order)
    if len(found) != 1 or str(order.data.get("status") or "") not in IN_TRANSIT:
        return False
    slots = shipment_slots(found[0], ctx.market)
    key = _shipment_key(found[0], slots)
    if not ctx.out.book.has(f"shipment_state.{key}") or key.startswith(("delivered", "lost")):
        return False
    slots["state"] = ctx.out.text_of(f"shipment_state.{key}", slots)
    ctx.out.say("shipments.where_now", slots, cite=[order.source_id])
    return True


def describe_money(ctx: Context, order: Fact, *, detail: bool) -> bool:
    """Returns and refunds on the order; True if there was anything to say."""
    out, cite, said = ctx.out, [order.source_id], False
    for record in returns(order):
        slots = money_slots(record, order, ctx.market)
        status = str(record.get("status") or "")
        if slots["received_on"]:
            key = "return.received"
        elif status in ("requested", "started", "awaiting_item") and slots["requested_on"]:
            key = "return.requested"
        else:
            key = "return.other" if slots["requested_on"] else ""
        if key:
            out.say(key, slots, cite=cite, detail=detail)
            said = True
        items = returned_items(order, record)
        if items:
            out.say("return.items", {**slots, "items": items}, cite=cite, detail=True)
        if record.get("return_fee") is None:
            continue
        if not is_zero(record.get("return_fee")):
            out.say("return.fee", slots, cite=cite, detail=True)
        elif FEE_ASKED.search(ctx.message):
            # "Did you take a return fee off, even though it was faulty?": that none was.
            out.say("return.no_fee", slots, cite=cite, detail=True)
    for record in refunds(order):
        slots = money_slots(record, order, ctx.market)
        status = str(record.get("status") or "")
        if status == "processed":
            key = "refund.processed" if slots["processed_on"] else "refund.processed_undated"
            if slots["processed_on"] and slots["expected_by"]:
                key = "refund.processed_due"  # sent, and when the payment method lands it
        elif record.get("overdue") is True:
            key = "refund.pending_overdue"  # the day it was due has passed: no new promise
        elif status in PENDING_REFUND:
            key = "refund.pending_expected" if slots["expected_by"] else "refund.pending"
        else:
            key = "refund.other"
        out.say(key, slots, cite=cite, primary=True)
        said = True
    return said


def returned_items(order: Fact, record: dict[str, Any]) -> str:
    """ "the Cley Dinnerware Set (Sage)" when a return holds some of the order's lines but not
    all: a refund smaller than the total is explained by what went back. "" for a whole order,
    or when the record does not say which lines."""
    numbers = {n for n in record.get("line_nos") or [] if isinstance(n, int)}
    lines = [line for line in order.data.get("lines") or [] if isinstance(line, dict)]
    if not numbers or len(numbers) >= len(lines):
        return ""
    names = line_names(order)
    return join_words(
        names.get(str(line.get("sku")), "") for line in lines if line.get("line_no") in numbers
    )


def say_order_status(ctx: Context, order: Fact, *, primary: bool = True) -> str:
    """The one sentence that says what state the order is in; returns the state."""
    state = str(order.data.get("status") or "")
    slots = order_slots(order, ctx.market)
    key = state if ctx.out.book.has(f"order_status.{state}") else "other"
    if key == "cancelled" and not slots["cancelled_on"]:
        key = "cancelled_undated"
    ctx.out.say(f"order_status.{key}", slots, cite=[order.source_id], primary=primary)
    return state


def describe_estimates(ctx: Context, order: Fact) -> None:
    """Before dispatch: made-to-order lead times, then how long delivery takes once it leaves
    us (the order fact computes both from the catalogue and the market's rules)."""
    out, cite = ctx.out, [order.source_id]
    names = line_names(order)
    for entry in active_lines(order):
        weeks = entry.get("lead_time_weeks")
        if entry.get("made_to_order") and weeks:
            name = names.get(str(entry.get("sku")), "")
            item = name[0].upper() + name[1:] if name else ""
            if item:
                out.say(
                    "estimate.made_to_order", estimate_slots(item=item, weeks=str(weeks)), cite=cite
                )
    for estimate in order.data.get("delivery_estimates") or []:
        span = str(estimate.get("business_days") or "")
        if span:
            slots = estimate_slots(service=service_words(estimate.get("service")), span=span)
            out.say("estimate.delivery", slots, cite=cite)
    if TRACKING_QUESTION.search(ctx.message):  # "...and will I get a tracking number then?"
        out.say("estimate.tracking_later", estimate_slots(), cite=cite)


def describe_order(ctx: Context, order: Fact, *, events: bool = False) -> str:
    """The order's status in words, with its deliveries or its refunds; returns the state."""
    state = say_order_status(ctx, order)
    if state in NOT_DISPATCHED:
        describe_estimates(ctx, order)
    if state in SHIPPING_STATES:
        describe_shipments(ctx, order, events=events or state in ("delayed", "lost_in_transit"))
        say_other_carrier(ctx, order)
    if state in AFTER_STATES:
        describe_money(ctx, order, detail=False)
    return state


# Carriers a customer may name; the shop's own are among them (store/demo/fulfilment.py).
CARRIER_NAMES = re.compile(
    r"\b(?:Royal Mail|Parcelforce|DPD|Evri|Hermes|Yodel|DHL|GLS|UPS|FedEx|USPS)\b", re.I
)
# ...named where the customer tried to track it: "typed it into the DHL website", "the UPS app
# says the number isn't found" ("DPD left the last one at a neighbour's" asks nothing of this).
ON_THEIR_PAGE = re.compile(
    r"\b(?:track\w*|website|site|page|app|number)\b[^.?!]{0,60}\b(?:can'?t|cannot|couldn'?t|isn'?t"
    r"|not|doesn'?t|won'?t|no)\b|\b(?:not found|unknown|invalid)\b",
    re.I,
)


def say_other_carrier(ctx: Context, order: Fact) -> bool:
    """ "I've typed that into the DHL website twice and it can't be found": the parcel travels
    with another carrier, whose page its tracking number works on. One parcel only, and only
    when every carrier the message names is another one; True if something was said."""
    found = shipments(order)
    if len(found) != 1 or not ON_THEIR_PAGE.search(ctx.message):
        return False
    slots = shipment_slots(found[0], ctx.market)
    named = {m.group().casefold(): m.group() for m in CARRIER_NAMES.finditer(ctx.message)}
    ours = slots["carrier"].casefold()
    if not named or not slots["tracking_number"] or any(n in ours for n in named):
        return False
    slots["named_carrier"] = next(iter(named.values()))
    ctx.out.say("shipment.other_carrier", slots, cite=[order.source_id])
    return True


def list_orders(ctx: Context, listing: Fact) -> Draft:
    """The customer's recent orders, asking which one they mean when there are several."""
    out = ctx.out
    orders = [o for o in listing.data.get("orders") or [] if isinstance(o, dict)]
    cite = [listing.source_id]
    empty = dict.fromkeys(LIST_SLOTS, "")
    if not orders:
        out.say("order_list.empty", empty, cite=cite, primary=True)
        return out.draft(grounded=True)
    out.say("order_list.intro", empty, cite=cite, primary=True)
    for entry in orders[:5]:
        state = str(entry.get("status") or "")
        words_key = f"status_words.{state}"
        words = out.text_of(words_key) if out.book.has(words_key) else status_words(state)
        slots = {
            "order_ref": str(entry.get("order_ref") or ""),
            "placed_on": day(entry.get("placed_on"), ctx.market),
            "status": words,
            "total": money(entry.get("total"), entry.get("currency")),
            "carrier": "",
            "eta": "",
        }
        # An order on its way says who has it and when it is due: often the whole answer.
        travelling = [
            s
            for s in entry.get("shipments") or []
            if isinstance(s, dict) and s.get("estimated_delivery") and not s.get("delivered_on")
        ]
        more: list[tuple[str, dict[str, str]]] = []
        if travelling and state in SHIPPING_STATES:
            slots["carrier"] = str(travelling[0].get("carrier") or "")
            slots["eta"] = day(travelling[0].get("estimated_delivery"), ctx.market)
            if slots["carrier"] and slots["eta"]:
                more.append(("order_list.travelling", slots))
        out.item("order_list.line", slots, cite=cite, more=more)
    out.new_paragraph()
    if len(orders) > 1:
        out.say("order_list.ask", empty, cite=cite)
    return out.draft(grounded=True, close=len(orders) == 1)


def order_status(ctx: Context) -> Draft:
    order = ctx.facts.order()
    if order is None:
        listing = ctx.facts.order_list()
        if listing is not None and ctx.facts.refusal() is None:
            return list_orders(ctx, listing)
        refused = clarify_or_refuse(ctx)
        if refused is not None:
            return refused
        if listing is not None:
            return list_orders(ctx, listing)
        if has_no_order_number(ctx.message):
            return colleague_takes_it(ctx, NO_NUMBER_TO_GIVE)
        ctx.out.note("no order facts to answer from")
        ctx.out.say("clarify.order_number")
        return ctx.out.draft(grounded=False, clarifying=True)
    say_driver_out_of_reach(ctx, describe_order(ctx, order))
    if len(ctx.facts.orders()) > 1:
        ctx.out.note("several orders given; answered about the one the message names")
    return ctx.out.draft(grounded=True)


# "the tracking says it was delivered, to my old apartment": the carrier took it where the order
# said, and no rule says what we can do about an address the customer never changed.
OLD_ADDRESS = re.compile(
    r"\b(?:deliver\w*|went|gone|sent|left|dropped(?: off)?|ended up)\b[^.?!]{0,40}\b(?:to|at) "
    r"(?:my|our) (?:old|previous|former) (?:address|apartment|flat|house|place|home)\b",
    re.I,
)
DELIVERED_TO_OLD_ADDRESS = (
    "delivered to an address the customer says they have moved from: no policy covers getting it "
    "back"
)


def delivery_problem(ctx: Context) -> Draft:
    order = ctx.facts.order()
    out = ctx.out
    if order is None:
        lead = say_policy(ctx, first_policy(ctx, "delivery", ()), hints=["late", "delivery"])
        refused = clarify_or_refuse(ctx, lead_done=lead)
        if refused is not None:
            return refused
        out.say("delivery_problem.chase_generic", shipment_slots(None, ctx.market))
        return out.draft(grounded=lead)
    state = describe_order(ctx, order, events=True)
    say_driver_out_of_reach(ctx, state)
    if state == "delivered" and OLD_ADDRESS.search(ctx.message):
        out.new_paragraph()
        return colleague_takes_it(ctx, DELIVERED_TO_OLD_ADDRESS)
    anchors: tuple[str, ...] = PROBLEM_SECTIONS.get(state, ("tracking", "delayed"))
    found = shipments(order)
    attempted = describe_attempts(ctx, order)
    # An attempt before the delivery scan is history when the parcel never reached them.
    never_came = state == "delivered" and NEVER_ARRIVED.search(ctx.message) is not None
    # A parcel lost in transit will not be delivered at all: the lost rule answers it, whatever
    # the message says about missing the driver ("no 'sorry we missed you', nothing").
    lost = state == "lost_in_transit"
    if (
        not never_came
        and not lost
        and (
            attempted
            # Away, "nobody in", "missed": what happens to a missed delivery, for a parcel still to
            # come. One marked delivered with no failed attempt on record ("nobody here has it",
            # "I've missed it somehow?") never reached them: the not-received rule answers that.
            or (AWAY.search(ctx.message) and state != "delivered")
            # "I fly out on Wednesday and the house will be empty": nobody in when it comes.
            or (state != "delivered" and AWAY_AT_DELIVERY.search(ctx.message))
            # "If they can't deliver it in the end, does it go back to you?"
            or (state != "delivered" and DELIVERY_FAILS.search(ctx.message))
            or any(
                "tried to deliver"
                in str((s.get("last_event") or {}).get("description", "")).lower()
                for s in found
            )
        )
    ):
        anchors = ("missed", *anchors)
    out.new_paragraph()
    section = ctx.facts.policy("delivery", anchors)
    anchor = policy_anchor(section) if section is not None else ""
    # The service travelling ("parcel", "two-person") picks that service's rule in a section.
    services = [str(s.get("service") or "").replace("_", "-") for s in found]
    hints, limit = lost_parcel_quote(
        ctx.message, anchor, ["delivery", *PROBLEM_HINTS.get(anchor, []), *services]
    )
    # A parcel's customer is not told the large-item team's version of the rule.
    parcels_only = bool(services) and "two-person" not in services
    exclude = NOT_QUOTED_FOR_SERVICE["parcel"] if parcels_only else ()
    say_policy(ctx, section, hints=hints, limit=limit, needs=("span",), exclude=exclude)
    if state in SHIPPING_STATES and found:
        out.say("delivery_problem.chase", shipment_slots(found[0], ctx.market))
    return out.draft(grounded=True)


def describe_attempts(ctx: Context, order: Fact) -> bool:
    """Each failed delivery attempt the carrier recorded, with its date and the carrier's words
    (the latest event may be a later success); True if there was one."""
    said = False
    for shipment in shipments(order):
        for attempt in shipment.get("failed_attempts") or []:
            if not isinstance(attempt, dict):
                continue
            slots = shipment_slots({**shipment, "last_event": attempt}, ctx.market)
            if slots["event_date"] and slots["event"]:
                ctx.out.say("delivery_problem.attempt", slots, cite=[order.source_id])
                said = True
    return said


def refund_status(ctx: Context) -> Draft:
    order = ctx.facts.order()
    out = ctx.out
    timing = first_policy(ctx, "refunds", ("timing", "missing", "method"))
    if order is None:
        # A general question: the time for each way of paying in the customer's market.
        lead = say_policy(ctx, timing, hints=list(METHOD_WORDS), limit=5, needs=("span",))
        destination = ctx.facts.policy("refunds", ("method",))
        if REFUND_ELSEWHERE.search(ctx.message) and destination not in (None, timing):
            # "...could it go to my card instead of hers?": where a refund goes answers that,
            # whoever's order it is.
            hints = ["original payment method", "different card or person"]
            lead = say_policy(ctx, destination, hints=hints, limit=2) or lead
        refused = clarify_or_refuse(ctx, lead_done=lead)
        if refused is not None:
            return refused
        return out.draft(grounded=lead)
    owed = order.data.get("status") in ("cancelled", "returned")
    if not refunds(order):
        if not describe_money(ctx, order, detail=False) and owed:
            say_order_status(ctx, order, primary=False)  # what the refund would be for
        out.say(
            "refund_status.not_yet",
            order_slots(order, ctx.market),
            cite=[order.source_id],
            primary=True,
        )
    else:
        describe_money(ctx, order, detail=True)
    pending = [r for r in refunds(order) if r.get("status") != "processed"]
    timed = False
    if timing is not None and (pending or not refunds(order)):
        out.new_paragraph()
        method = str(order.data.get("payment_method") or "").replace("_", " ")
        timed = say_policy(
            ctx, timing, hints=["refund", "business days", method], detail=True, limit=1
        )
    if not refunds(order) and owed:
        # Money is owed and no refund is on record: only a person can find out why, so the
        # draft goes to an agent however confident the rest of the pipeline is.
        out.note("the order is cancelled or returned but no refund is recorded")
        return out.draft(grounded=False)
    if not refunds(order) and not timed:
        # "No refund yet" on an order nothing is owed for answers nothing the customer asked.
        out.note("no refund on the order and no refund timing to quote")
        return out.draft(grounded=False)
    return out.draft(grounded=True)
