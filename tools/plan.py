"""Which tools to call for an intent when no LLM chooses: a small, fixed plan per intent.

Every call in a plan is independent of the others (each eligibility check authorizes the order
itself), so the runner may run them all at once. `query_text` is the customer's MASKED text, the
only text a plan passes to the search tools (it is embedded, and may be logged).

Policy sections come three ways: the intent's standing sections (what every answer of that kind
states), the sections the customer's own words name ("a receipt", "cheaper now": topic cues, which
also catch a question filed under a neighbouring intent), and a similarity search for the rest.
After the look-ups, `follow_up_plan` adds the sections the order's state calls for (a delayed
order, a refund still being inspected, damage noticed after the 7 days), read directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from nlp.taxonomy import INTENT_NAMES, PRODUCT_INTENTS
from store.knowledge.chunks import MARKET_ANCHORS
from tools.facts import Fact
from tools.policies import (
    CARRIED_IN,
    MARKET_SECTIONS,
    MONEY_HOW_BACK,
    PAID_MORE,
    asks_delivery_cost,
    cued_topics,
    section_key,
)

MAX_ORDERS = 3
MAX_SKUS = 3
# Tool names the runner knows (the LangChain wrappers use the same names).
LOOKUP_ORDER = "lookup_order"
LIST_CUSTOMER_ORDERS = "list_customer_orders"
SEARCH_CATALOGUE = "search_catalogue"
GET_PRODUCT = "get_product"
SEARCH_POLICIES = "search_policies"
READ_POLICY_SECTIONS = "read_policy_sections"
CHECK_RETURN = "check_return_eligibility"
CHECK_CANCEL = "check_cancellation_eligibility"
CHECK_CHANGE = "check_change_eligibility"
ALL_TOOLS = (
    LOOKUP_ORDER,
    LIST_CUSTOMER_ORDERS,
    SEARCH_CATALOGUE,
    GET_PRODUCT,
    SEARCH_POLICIES,
    READ_POLICY_SECTIONS,
    CHECK_RETURN,
    CHECK_CANCEL,
    CHECK_CHANGE,
)


@dataclass(frozen=True)
class PlannedCall:
    tool: str
    arguments: dict[str, Any] = field(default_factory=dict)


ToolPlan = tuple[PlannedCall, ...]

# intent -> (policy slug, words put before the question to steer the policy search)
POLICY_FOR: dict[str, tuple[str | None, str]] = {
    "delivery_problem": ("delivery", "delivery problem"),
    "return_request": ("returns", "returns"),
    "refund_status": ("refunds", "refund timing"),
    "exchange": ("returns", "exchange for a different size or finish"),
    "cancel_order": ("cancellations", "cancel order"),
    "change_order": ("order-changes", "change order"),
    "damaged_item": ("damaged-items", "damaged item"),
    "billing": (None, "payments billing"),  # payments, price promise and refunds all apply
    "account": ("account-privacy", "account"),
    "complaint": ("contact-escalation", "complaint"),
    "human_request": ("contact-escalation", "talk to a person"),
    "privacy_request": ("account-privacy", "privacy request personal data"),
    "chargeback_fraud": ("contact-escalation", "chargebacks payment disputes fraud"),
    # Out of scope, except "how do I reach you?": the contact section answers that.
    "other": ("contact-escalation", "how to contact us"),
}
# intent -> the sections of its policy every answer states, returned with the search's hits
# whatever the wording: a return question is answered with the market's window in days and
# its return fees, a refund question with how long refunds take, a request for a person with
# how one is reached (the agent's hand-off packet shows it too).
STANDING_SECTIONS: dict[str, tuple[str, ...]] = {
    # and a return with how to start one: told they can send it back, the customer's next step
    # is "Return an item" under Orders
    "return_request": ("window", "return-costs", "start"),
    "exchange": ("window", "return-costs"),
    "refund_status": ("timing",),
    "cancel_order": ("before-dispatch", "refund"),
    "change_order": ("what-can-change",),
    # Not the remedy section: the template drafter states the remedy whenever it has it, and
    # the draft check counts that as a promise, which sends the draft to the manual queue
    # instead of an agent's suggestion. The search still returns it when it is asked about.
    "damaged_item": ("report", "photos"),
    "complaint": ("complaints",),
    "human_request": ("human",),
    "privacy_request": ("privacy-requests",),
    "chargeback_fraud": ("chargebacks",),
}
# How many sections the similarity search adds; fewer where the standing sections carry the
# answer and the rest of the policy is seldom what was asked.
SEARCH_K = 3
NARROW_SEARCH = frozenset({"damaged_item", "complaint", "human_request", "chargeback_fraud"})
# intent -> the eligibility checks it needs for each order named. An order that can no longer
# be cancelled or changed can often still be returned: that is the answer the customer needs.
CHECK_FOR: dict[str, tuple[str, ...]] = {
    # Before dispatch nothing needs to travel back: cancelling is how it goes back.
    "return_request": (CHECK_RETURN, CHECK_CANCEL),
    # Before dispatch a swap is an order change, not a return: both answers are checked.
    "exchange": (CHECK_RETURN, CHECK_CHANGE),
    "cancel_order": (CHECK_CANCEL, CHECK_RETURN),
    "change_order": (CHECK_CHANGE, CHECK_RETURN),
}
# Intents about an order: without an order number, a logged-in customer's orders are listed and
# a guest is asked for one (the lookup's refusal says so).
ORDER_INTENTS = frozenset(
    {
        "order_status",
        "delivery_problem",
        "return_request",
        "refund_status",
        "exchange",
        "cancel_order",
        "change_order",
        "damaged_item",
    }
)
# Intents where an order number helps when given, but is not asked for.
OPTIONAL_ORDER_INTENTS = frozenset({"billing", "complaint", "human_request", "chargeback_fraud"})


def _orders(intent: str, order_ids: Sequence[str], logged_in: bool) -> list[PlannedCall]:
    ids = list(dict.fromkeys(i for i in order_ids if i and i.strip()))[:MAX_ORDERS]
    if not ids:
        if intent not in ORDER_INTENTS:
            return []
        if logged_in:
            return [PlannedCall(LIST_CUSTOMER_ORDERS, {})]
        return [PlannedCall(LOOKUP_ORDER, {"order_id": ""})]
    # An exchange names the variant wanted, seldom its SKU: the order's products' variants
    # come with the order, so the reply can give the wanted one's price and stock.
    extra: dict[str, Any] = {"variants": True} if intent == "exchange" else {}
    calls = [PlannedCall(LOOKUP_ORDER, {"order_id": i, **extra}) for i in ids]
    for check in CHECK_FOR.get(intent, ()):
        calls += [PlannedCall(check, {"order_id": i}) for i in ids]
    return calls


def _products(
    skus: Sequence[str], query_text: str, sku_in_focus: str | None = None
) -> list[PlannedCall]:
    codes = list(dict.fromkeys(s for s in skus if s and s.strip()))[:MAX_SKUS]
    if codes:
        return [PlannedCall(GET_PRODUCT, {"sku": s}) for s in codes]
    # "would it get through a 74 cm door?" names no product: the one discussed before comes
    # first, and the search still runs in case the message names another one.
    calls = [PlannedCall(GET_PRODUCT, {"sku": sku_in_focus})] if sku_in_focus else []
    if query_text.strip():
        calls.append(PlannedCall(SEARCH_CATALOGUE, {"query": query_text}))
    return calls


def _policies(intent: str, query_text: str) -> list[PlannedCall]:
    text = query_text.strip()
    cues = cued_topics(text)
    if (
        # "...and what does delivery cost on something that size?": the market's delivery
        # times and charges, which the product writer quotes for the product's own service.
        (intent in PRODUCT_INTENTS and asks_delivery_cost(text))
        # "My bank took more than the price on your site": the order's delivery charge may be
        # the difference, and the market's delivery rule says when one is charged.
        or (intent == "billing" and PAID_MORE.search(text))
    ):
        delivery = cues.setdefault("delivery", [])
        delivery += [a for a in MARKET_SECTIONS if a not in delivery]
    if intent in PRODUCT_INTENTS and CARRIED_IN.search(text):
        # "...do you bring it inside or leave it at the curb?": what the two-person team does.
        delivery = cues.setdefault("delivery", [])
        delivery += [] if "two-person" in delivery else ["two-person"]
    if "price-promise" in cues and MONEY_HOW_BACK.search(text):
        # "...so how would the difference come back to me?": how a price difference is paid.
        cues["price-promise"] = [*cues["price-promise"], "refund"]
    calls: list[PlannedCall] = []
    if intent in POLICY_FOR:
        slug, topic = POLICY_FOR[intent]
        standing = list(STANDING_SECTIONS.get(intent, ()))
        arguments: dict[str, Any] = {"query": f"{topic}: {text}" if text else topic}
        if slug:
            arguments["policy"] = slug
            standing += [a for a in cues.pop(slug, []) if a not in standing]
        if standing:
            arguments["sections"] = standing
        if intent in NARROW_SEARCH:
            arguments["k"] = SEARCH_K - 1
        calls.append(PlannedCall(SEARCH_POLICIES, arguments))
    # Another policy's topic in the customer's words: its sections too (the question may have
    # been filed under a neighbouring intent, or ask two things at once).
    for slug, anchors in cues.items():
        if not text:
            break
        cued: dict[str, Any] = {"query": text, "policy": slug, "k": 1 if anchors else 2}
        if anchors:
            cued["sections"] = anchors
        calls.append(PlannedCall(SEARCH_POLICIES, cued))
    return calls


def plan_tools(
    intent: str,
    *,
    order_ids: Sequence[str],
    skus: Sequence[str],
    query_text: str,
    logged_in: bool,
    sku_in_focus: str | None = None,
) -> ToolPlan:
    """The calls for one turn. Unknown intents plan nothing (the gate then hands over).
    `sku_in_focus`: the product an earlier turn was about, for a question that names none."""
    if intent not in INTENT_NAMES:
        return ()
    calls: list[PlannedCall] = []
    if intent in ORDER_INTENTS or intent in OPTIONAL_ORDER_INTENTS:
        calls += _orders(intent, order_ids, logged_in)
    if intent in PRODUCT_INTENTS:
        calls += _products(skus, query_text, sku_in_focus)
    elif intent == "exchange" and skus:
        calls += _products(skus, "")  # the variant they want instead
    calls += _policies(intent, query_text)
    return tuple(calls)


# Order statuses before anything has left the warehouse.
NOT_DISPATCHED = frozenset({"placed", "processing"})
IN_TRANSIT = frozenset({"dispatched", "in_transit", "out_for_delivery", "delayed"})
MARKET_SECTION = {market: anchor for anchor, market in MARKET_ANCHORS.items()}
# A parcel in trouble and the delivery-policy section that says what happens next.
PARCEL_TROUBLE = {"delayed": "delivery#delayed", "lost_in_transit": "delivery#lost"}


def order_sections(intent: str, order: dict[str, Any], today: date) -> list[str]:
    """The policy sections ("slug#anchor") an order's state makes part of the answer."""
    status = str(order.get("status") or "")
    shipments = [s for s in order.get("shipments") or [] if isinstance(s, dict)]
    refunds = [f for f in order.get("refunds") or [] if isinstance(f, dict)]
    out: list[str] = []
    if intent in ("order_status", "delivery_problem"):
        if status in NOT_DISPATCHED and order.get("market") in MARKET_SECTION:
            out.append(f"delivery#{MARKET_SECTION[str(order['market'])]}")  # delivery times
        if status == "delayed":
            out.append("delivery#delayed")
        if status == "lost_in_transit":
            out.append("delivery#lost")
        if intent == "delivery_problem" and status == "delivered":
            missed = any(s.get("failed_attempts") for s in shipments)
            out.append("delivery#missed" if missed else "delivery#not-received")
    elif intent == "refund_status":
        for refund in refunds:
            if refund.get("status") == "pending" and order.get("returns"):
                out.append("returns#inspection")  # a return's refund waits for the inspection
            expected = _day(refund.get("expected_by"))
            if refund.get("status") == "processed" and expected and expected < today:
                out.append("refunds#missing")
            if _less_than_paid(refund, order):
                out.append("refunds#partial")  # what a refund below the total leaves out
        if any(_money(r.get("return_fee")) > 0 for r in order.get("returns") or []):
            out.append("returns#return-costs")  # a return fee came off the refund
        if status == "cancelled" and not refunds and order.get("payment_method") == "bank_transfer":
            out.append("payments-invoices#bank-transfer")
    elif intent == "damaged_item":
        until = _day(order.get("damage_report_until"))
        if until is not None and until < today:  # too late for delivery damage: the warranty
            out += ["damaged-items#after-7-days", "warranty#length", "warranty#evidence"]
    elif intent == "exchange" and status in NOT_DISPATCHED:
        out.append("order-changes#variant-quantity")  # still here: the swap is an order change
    elif intent in ("cancel_order", "change_order", "return_request") and status in IN_TRANSIT:
        slug = "order-changes" if intent == "change_order" else "cancellations"
        out.append(f"{slug}#after-dispatch")  # on its way: refuse the delivery or return it
    elif intent in ("cancel_order", "change_order") and status == "delivered":
        out.append("returns#start")  # it has arrived: starting a return is how it goes back
    elif intent == "return_request" and status in NOT_DISPATCHED:
        # Still here: cancelling is how it goes back, with the refund that follows.
        out += ["cancellations#refund", "cancellations#how"]
    if intent in ("cancel_order", "change_order") and status in PARCEL_TROUBLE:
        # "Just cancel it, the tracking hasn't moved in a week": too late to cancel, and the
        # late or lost parcel is the customer's real problem, with its own rule.
        out.append(PARCEL_TROUBLE[status])
    return out


def follow_up_plan(intent: str, facts: Sequence[Fact], today: date) -> ToolPlan:
    """After the look-ups: the sections the orders found call for that are not already there."""
    have = {section_key(f.source_id) for f in facts if f.kind == "policy"}
    wanted: list[str] = []
    for fact in facts:
        if fact.kind == "order":
            for section in order_sections(intent, fact.data, today):
                if section not in have and section not in wanted:
                    wanted.append(section)
    return (PlannedCall(READ_POLICY_SECTIONS, {"sections": wanted}),) if wanted else ()


def _less_than_paid(refund: dict[str, Any], order: dict[str, Any]) -> bool:
    return 0 < _money(refund.get("amount")) < _money(order.get("total"))


def _money(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None
