"""Which tools to call for an intent when no LLM chooses: a small, fixed plan per intent.

Every call in a plan is independent of the others (each eligibility check authorizes the order
itself), so the runner may run them all at once. `query_text` is the customer's MASKED text, the
only text a plan passes to the search tools (it is embedded, and may be logged).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from nlp.taxonomy import INTENT_NAMES

MAX_ORDERS = 3
MAX_SKUS = 3
# Tool names the runner knows (the LangChain wrappers use the same names).
LOOKUP_ORDER = "lookup_order"
LIST_CUSTOMER_ORDERS = "list_customer_orders"
SEARCH_CATALOGUE = "search_catalogue"
GET_PRODUCT = "get_product"
SEARCH_POLICIES = "search_policies"
CHECK_RETURN = "check_return_eligibility"
CHECK_CANCEL = "check_cancellation_eligibility"
CHECK_CHANGE = "check_change_eligibility"
ALL_TOOLS = (
    LOOKUP_ORDER,
    LIST_CUSTOMER_ORDERS,
    SEARCH_CATALOGUE,
    GET_PRODUCT,
    SEARCH_POLICIES,
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
    "privacy_request": ("account-privacy", "privacy request personal data"),
    "chargeback_fraud": ("contact-escalation", "chargebacks payment disputes fraud"),
    # Out of scope, except "how do I reach you?": the contact section answers that.
    "other": ("contact-escalation", "how to contact us"),
}
# intent -> the sections of its policy every answer states, returned with the search's hits
# whatever the wording: a return question is answered with the market's window in days and
# its return fees.
STANDING_SECTIONS: dict[str, tuple[str, ...]] = {
    "return_request": ("window", "return-costs"),
    "exchange": ("window", "return-costs"),
}
# intent -> the eligibility checks it needs for each order named. An order that can no longer
# be cancelled or changed can often still be returned: that is the answer the customer needs.
CHECK_FOR: dict[str, tuple[str, ...]] = {
    "return_request": (CHECK_RETURN,),
    "exchange": (CHECK_RETURN,),
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
PRODUCT_INTENTS = frozenset({"sizing_fit", "product_info", "compatibility"})


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


def _products(skus: Sequence[str], query_text: str) -> list[PlannedCall]:
    codes = list(dict.fromkeys(s for s in skus if s and s.strip()))[:MAX_SKUS]
    if codes:
        return [PlannedCall(GET_PRODUCT, {"sku": s}) for s in codes]
    if query_text.strip():
        return [PlannedCall(SEARCH_CATALOGUE, {"query": query_text})]
    return []


def plan_tools(
    intent: str,
    *,
    order_ids: Sequence[str],
    skus: Sequence[str],
    query_text: str,
    logged_in: bool,
) -> ToolPlan:
    """The calls for one turn. Unknown intents plan nothing (the gate then hands over)."""
    if intent not in INTENT_NAMES:
        return ()
    calls: list[PlannedCall] = []
    if intent in ORDER_INTENTS or intent in OPTIONAL_ORDER_INTENTS:
        calls += _orders(intent, order_ids, logged_in)
    if intent in PRODUCT_INTENTS:
        calls += _products(skus, query_text)
    elif intent == "exchange" and skus:
        calls += _products(skus, "")  # the variant they want instead
    if intent in POLICY_FOR:
        slug, topic = POLICY_FOR[intent]
        query = f"{topic}: {query_text.strip()}" if query_text.strip() else topic
        arguments: dict[str, Any] = {"query": query}
        if slug:
            arguments["policy"] = slug
        if intent in STANDING_SECTIONS:
            arguments["sections"] = list(STANDING_SECTIONS[intent])
        calls.append(PlannedCall(SEARCH_POLICIES, arguments))
    return tuple(calls)
