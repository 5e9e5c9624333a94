"""May this order be returned, cancelled or changed? Computed from rules.toml, the order's state
and its dates, never guessed, and behind the same authorization as `lookup_order`.

Returns: the window counts from each item's own delivery date (`returns.window_starts`); the
deadline is the delivery date plus the market's `return_window_days`, the last day a return can
be started. Items ship by kind (large pieces two-person, the rest as parcels), so an item's
delivery date is that of the shipment with its service; an order whose shipments cannot be told
apart uses the earliest delivery (the customer is never promised more time than they have).
Cancellations and changes: only in the rules' states; made-to-order items only within
`made_to_order_cancel_hours` of placing (they go into production after that).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

from store.database import Database
from store.order_models import Order, OrderLine
from tools.context import Outcome, ToolContext
from tools.facts import Fact
from tools.identity import SessionIdentity
from tools.order_facts import iso_day, money, refusal, words
from tools.orders import authorize_order
from tools.policies import policy_section_facts

Action = Literal["return", "cancel", "change"]
TOOL_OF = {
    "return": "check_return_eligibility",
    "cancel": "check_cancellation_eligibility",
    "change": "check_change_eligibility",
}
VERB = {"return": "returned", "cancel": "cancelled", "change": "changed"}
AFTER_DELIVERY = frozenset({"delivered", "returned", "refunded", "partially_refunded"})
# When no line qualifies, the order-level reason is the first of these that any line has.
RETURN_REASON_ORDER = (
    "not_delivered_yet",
    "window_closed",
    "made_to_order_item",
    "final_sale_item",
)


@dataclass(frozen=True)
class LineInfo:
    sku: str
    made_to_order: bool
    final_sale: bool
    product_type: str
    two_person: bool


@dataclass
class Decision:
    eligible: bool
    reason_code: str
    reason: str
    deadline: date | None = None
    days_left: int | None = None
    # The last day of the market's legal withdrawal period, while it is still running: a whole
    # order sent back by then gets its delivery charge refunded (refunds#delivery-charges).
    withdrawal_until: date | None = None
    return_fee: str | None = None
    eligible_lines: list[str] = field(default_factory=list)
    excluded_lines: list[dict[str, str]] = field(default_factory=list)
    conditions: list[dict[str, str]] = field(default_factory=list)
    sections: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class EligibilityResult:
    """`facts` holds the eligibility fact (or a refusal) first, then the policy sections it rests
    on, so a drafter can cite both; `policy_source_ids` names those sections."""

    facts: tuple[Fact, ...]
    outcome: Outcome
    identity: SessionIdentity
    policy_source_ids: tuple[str, ...] = ()


def line_info(db: Database, skus: list[str]) -> dict[str, LineInfo]:
    with db.connect() as conn:
        rows = conn.execute(
            """SELECT v.sku, v.made_to_order, v.final_sale, p.product_type,
                      coalesce(v.attributes->>'delivery', p.attributes->>'delivery') AS delivery
               FROM variants v JOIN products p ON p.id = v.product_id WHERE v.sku = ANY(%s)""",
            (skus,),
        ).fetchall()
    return {
        r["sku"]: LineInfo(
            r["sku"],
            r["made_to_order"],
            r["final_sale"],
            r["product_type"],
            r["delivery"] == "two_person",
        )
        for r in rows
    }


def _delivered_on(order: Order, two_person: bool) -> date | None:
    service = "two_person" if two_person else "parcel"
    candidates = [s for s in order.shipments if s.service == service] or list(order.shipments)
    if not candidates or any(s.delivered_at is None for s in candidates):
        return None
    return min(s.delivered_at for s in candidates if s.delivered_at is not None).date()


def _open_lines(order: Order) -> list[OrderLine]:
    returned = {n for r in order.returns for n in r.line_nos}
    return [
        line for line in order.lines if line.status == "active" and line.line_no not in returned
    ]


def decide_return(ctx: ToolContext, order: Order, info: dict[str, LineInfo]) -> Decision:
    rules = ctx.rules
    market = rules.markets[order.market]
    if order.status == "cancelled":
        reason = "The order was cancelled, so nothing can be returned."
        return Decision(False, "already_cancelled", reason, sections=[("returns", "window")])
    lines = _open_lines(order)
    if not lines:
        reason = "Every item on the order has already been returned or refunded."
        return Decision(False, "already_returned", reason, sections=[("returns", "window")])
    d = Decision(False, "", "", sections=[("returns", "window")])
    delivered_on: dict[str, date] = {}  # of each line that can go back
    closed: list[date] = []
    for line in lines:
        li = info[line.sku]
        delivered = _delivered_on(order, li.two_person)
        # rules.toml names the flags ("made_to_order", "final_sale") that bar a return.
        flagged = [f for f in rules.returns_excluded_flags if getattr(li, f, False)]
        deadline = delivered + timedelta(days=market.return_window_days) if delivered else None
        if flagged:
            why = f"{flagged[0]}_item"
        elif deadline is None:
            why = "not_delivered_yet"
        elif ctx.today > deadline:
            why = "window_closed"
            closed.append(deadline)
        else:
            why = None
        if why or delivered is None:  # (no delivery, no deadline)
            d.excluded_lines.append({"sku": line.sku, "why": why or "not_delivered_yet"})
            continue
        delivered_on[line.sku] = delivered
        d.eligible_lines.append(line.sku)
        if li.product_type in rules.returns_excluded_when_unsealed:
            d.conditions.append({"sku": line.sku, "condition": "only_if_sealed"})
    whys = {x["why"] for x in d.excluded_lines}
    if whys & {"final_sale_item", "made_to_order_item"} or d.conditions:
        d.sections.append(("returns", "exclusions"))
    if d.eligible_lines:
        large = any(info[s].two_person for s in d.eligible_lines)
        fee = market.return_fee_large_item if large else market.return_fee_parcel
        d.eligible, d.reason_code = True, "within_window"
        first = min(delivered_on.values())
        d.deadline = first + timedelta(days=market.return_window_days)
        d.days_left = (d.deadline - ctx.today).days
        legal_end = first + timedelta(days=market.statutory_withdrawal_days)
        if market.statutory_withdrawal_days and ctx.today <= legal_end:
            d.withdrawal_until = legal_end
        d.return_fee = money(fee)
        d.reason = (
            f"A change-of-mind return can be started until {d.deadline.isoformat()} "
            f"({d.days_left} days left; the {market.return_window_days}-day window counts from "
            f"delivery), with a {'large-item collection' if large else 'parcel'} return fee of "
            f"{d.return_fee} {market.currency} taken from the refund."
        )
        if d.conditions:
            d.reason += " Mattresses, pillows and duvets can only be returned still sealed."
        d.sections.append(("returns", "return-costs"))
        return d
    d.reason_code = next(code for code in RETURN_REASON_ORDER if code in whys)
    if d.reason_code == "not_delivered_yet":
        d.reason = "The order has not been delivered yet; the return window starts on delivery."
        if order.status not in ctx.rules.cancellable_states:
            d.sections.append(("cancellations", "after-dispatch"))
    elif d.reason_code == "window_closed":
        d.deadline = max(closed)
        d.reason = (
            f"The {market.return_window_days}-day return window closed on "
            f"{d.deadline.isoformat()}; faulty or damaged items are still covered."
        )
    else:
        d.reason = (
            f"The items are {words(d.reason_code).removesuffix(' item')} and cannot be returned "
            "for a change of mind; faulty or damaged items are still covered."
        )
    return d


def _decide_before_dispatch(
    ctx: ToolContext, order: Order, info: dict[str, LineInfo], action: Action
) -> Decision:
    rules = ctx.rules
    slug, first = ("cancellations", "before-dispatch")
    if action == "change":
        slug, first = ("order-changes", "what-can-change")
    states = rules.cancellable_states if action == "cancel" else rules.changeable_states
    d = Decision(False, "", "", sections=[(slug, first)])
    if order.status == "cancelled":
        d.reason_code, d.reason = "already_cancelled", "The order has already been cancelled."
        return d
    if order.status not in states and order.lines and not _open_lines(order):
        # Delivered, sent back and refunded: "it has left the warehouse" is true but beside
        # the point, as nothing on it is left to cancel, change or return.
        d.reason_code = "already_returned"
        d.reason = (
            "Every item on the order has already been returned or refunded, so there is nothing "
            f"left to be {VERB[action]}."
        )
        return d
    if order.status not in states:
        d.reason_code = "already_dispatched"
        instead = (
            "it can be returned instead"
            if order.status in AFTER_DELIVERY
            else "the delivery can be refused, or the items returned once they arrive"
        )
        d.reason = (
            f"The order is {words(order.status)}, so it has left the warehouse and can no longer "
            f"be {VERB[action]}; {instead}."
        )
        d.sections.append((slug, "after-dispatch"))
        return d
    cutoff = order.placed_at + timedelta(hours=rules.made_to_order_cancel_hours)
    late = ctx.clock > cutoff
    has_mto = False
    for line in _open_lines(order):
        if info[line.sku].made_to_order:
            has_mto = True
            if late:
                d.excluded_lines.append({"sku": line.sku, "why": "made_to_order_item"})
                continue
        d.eligible_lines.append(line.sku)
    if has_mto:
        d.sections.append((slug, "made-to-order" if action == "cancel" else "variant-quantity"))
        if not late:
            d.deadline = cutoff.date()
            d.days_left = (d.deadline - ctx.today).days
    hours = rules.made_to_order_cancel_hours
    # A change of address or delivery date is still possible when the made-to-order piece is not.
    if d.eligible_lines or action == "change":
        d.eligible, d.reason_code = True, "not_yet_dispatched"
        d.reason = (
            f"The order is {words(order.status)} and has not been dispatched, so it can be "
            f"{VERB[action]}."
        )
        if d.excluded_lines:
            d.reason += (
                f" Made-to-order items are past the {hours}-hour limit and are already in "
                f"production, so they cannot be {VERB[action]}."
            )
        elif has_mto:
            d.reason += f" Made-to-order items only until {cutoff.isoformat(timespec='minutes')}."
        if action == "cancel":
            d.sections.append(("cancellations", "refund"))
        return d
    d.reason_code = "made_to_order_item"
    d.reason = (
        f"The made-to-order items went into production {hours} hours after the order was placed "
        f"and can no longer be {VERB[action]}."
    )
    return d


def _check(ctx: ToolContext, order_id: str | None, action: Action) -> EligibilityResult:
    access = authorize_order(ctx, order_id)
    if access.order is None or access.ref is None:
        reason = access.refused or "not_found_or_not_yours"
        return EligibilityResult((refusal(TOOL_OF[action], reason),), "refused", access.identity)
    order = access.order
    info = line_info(ctx.db, sorted({line.sku for line in order.lines}))
    if action == "return":
        d = decide_return(ctx, order, info)
    else:
        d = _decide_before_dispatch(ctx, order, info, action)
    policy_facts = policy_section_facts(ctx.db, d.sections)
    source_ids = [f.source_id for f in policy_facts]
    data: dict[str, Any] = {
        "order_ref": access.ref,
        "action": action,
        "eligible": d.eligible,
        "reason_code": d.reason_code,
        "reason": d.reason,
        "deadline": iso_day(d.deadline),
        "days_left": d.days_left,
        "withdrawal_until": iso_day(d.withdrawal_until),
        "return_fee": d.return_fee,
        "currency": order.currency,
        "eligible_lines": d.eligible_lines,
        "excluded_lines": d.excluded_lines,
        "policy_source_ids": source_ids,
        "conditions": d.conditions,
    }
    outcome = "can" if d.eligible else "cannot"
    text = f"Order {access.ref} {outcome} be {VERB[action]}. {d.reason}"
    if d.excluded_lines and d.eligible:
        skus = ", ".join(f"{x['sku']} ({words(x['why'])})" for x in d.excluded_lines)
        text += f" Not included: {skus}."
    fact = Fact(
        source_id=f"eligibility:{action}:{order.id}",
        kind="eligibility",
        title=f"Can order {access.ref} be {VERB[action]}?",
        data=data,
        masked_text=text,
    )
    return EligibilityResult((fact, *policy_facts), "ok", access.identity, tuple(source_ids))


def check_return_eligibility(ctx: ToolContext, order_id: str | None) -> EligibilityResult:
    return _check(ctx, order_id, "return")


def check_cancellation_eligibility(ctx: ToolContext, order_id: str | None) -> EligibilityResult:
    return _check(ctx, order_id, "cancel")


def check_change_eligibility(ctx: ToolContext, order_id: str | None) -> EligibilityResult:
    return _check(ctx, order_id, "change")
