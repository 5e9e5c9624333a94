"""The tools as LangChain `StructuredTool`s, for a model that chooses its own look-ups.

The model supplies only what it may choose: an order reference as it appears in the masked
conversation ("<ORDER_ID_1>"), a SKU, a question. Who is asking never comes from the model: each
tool takes a `context` argument marked `InjectedToolArg` (left out of the schema the model sees,
and out of callback inputs and traces); when the caller does not inject one, the tools ask
`ctx_provider()` for the current turn's context.

Each tool answers with `response_format="content_and_artifact"`:
- content (what the model reads): each fact's masked text after a short source key in brackets,
  order ids in keys shown as placeholders ("[order:<ORDER_ID_1>]"); never raw personal data.
- artifact (for the calling code, not sent to the model): {"facts": [Fact.to_record()...],
  "call": ToolCallRecord.to_record(), "identity": SessionIdentity.to_record()}. A guest's
  verification shows up in "identity"; keep it for the next turn. `unmask_source_id` turns a
  key the model cited back into the real source id.

Call them with `await tool.ainvoke(tool_call)`; they are coroutines (no sync path).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Annotated, Any, Literal

from langchain_core.tools import BaseTool, InjectedToolArg, StructuredTool
from pydantic import Field

from tools.context import ToolContext
from tools.facts import Fact
from tools.order_facts import mask_source_id
from tools.plan import PlannedCall
from tools.runner import run_call

ContextProvider = Callable[[], ToolContext]
Category = Literal["furniture", "lighting", "kitchen", "bedding", "decor"]
PolicyName = Literal[
    "returns",
    "refunds",
    "cancellations",
    "order-changes",
    "delivery",
    "damaged-items",
    "warranty",
    "payments-invoices",
    "price-promise",
    "account-privacy",
    "contact-escalation",
]
TOOL_NAMES: tuple[str, ...] = (
    "lookup_order",
    "list_customer_orders",
    "search_catalogue",
    "get_product",
    "search_policies",
    "check_return_eligibility",
    "check_cancellation_eligibility",
    "check_change_eligibility",
)
ERROR_TEXT = (
    "The look-up failed because of a temporary problem. Do not guess the answer; say that a "
    "colleague will check and follow up."
)
# The session's context: injected by the caller (or taken from ctx_provider), never by the model.
Injected = Annotated[ToolContext | None, InjectedToolArg]
OrderRef = Annotated[
    str,
    Field(
        description="The order reference exactly as it appears in the conversation, usually a "
        "placeholder such as <ORDER_ID_1>."
    ),
]
Query = Annotated[str, Field(description="The customer's question in their own (masked) words.")]
Answer = tuple[str, dict[str, Any]]  # (content for the model, artifact for the caller)
Sku = Annotated[str, Field(description="A SKU code such as LGT-0412.")]
DESCRIPTIONS = {
    "lookup_order": "Look up one order: status, items, shipments and tracking, returns and "
    "refunds (with expected refund dates). Access is checked against the session; a refusal "
    "says what to ask the customer for (order number, or the email or postcode on the order).",
    "list_customer_orders": "List the signed-in customer's recent orders (reference, status, "
    "date, total). Use when they ask about 'my order' without giving a number. Guests have no "
    "list; ask them for the order number instead.",
    "search_catalogue": "Find products for a question about size, fit, materials, care, "
    "compatibility, price or stock. Product names and SKU codes in the query are matched "
    "exactly; the rest by meaning. Prices and stock are for the customer's market.",
    "get_product": "Get one product by its SKU code (for example LGT-0412): dimensions, "
    "materials, care, compatibility, warranty, price and stock in the customer's market.",
    "search_policies": "Search the shop's current policies (returns, refunds, cancellations, "
    "order changes, delivery, damaged items, warranty, payments, price promise, account and "
    "privacy, contact and escalation). Give `policy` to search within one policy.",
    "check_return_eligibility": "Compute whether an order can be returned for a change of mind "
    "today: deadline, days left, return fee, and which items are excluded (final sale, made to "
    "order, unsealed bedding). Use this instead of working dates out yourself.",
    "check_cancellation_eligibility": "Compute whether an order can still be cancelled (only "
    "before dispatch; made-to-order items only within 48 hours of ordering).",
    "check_change_eligibility": "Compute whether an order can still be changed (address, "
    "delivery date, variant, quantity): only before dispatch.",
}


def render_facts(facts: Sequence[Fact], ctx: ToolContext) -> str:
    """What the model reads: one paragraph per fact, headed by its masked source key."""
    if not facts:
        return ERROR_TEXT
    return "\n\n".join(
        f"[{mask_source_id(f.source_id, ctx.vault)}] {f.title}: {f.masked_text}" for f in facts
    )


def build_tools(ctx_provider: ContextProvider) -> list[BaseTool]:
    """One StructuredTool per tool in TOOL_NAMES, bound to `ctx_provider` for the session."""

    async def call(name: str, arguments: dict[str, Any], context: ToolContext | None) -> Answer:
        ctx = context if context is not None else ctx_provider()
        result = await run_call(ctx, PlannedCall(name, arguments))
        artifact = {
            "facts": [f.to_record() for f in result.facts],
            "call": result.record.to_record(),
            "identity": result.identity.to_record(),
        }
        return render_facts(result.facts, ctx), artifact

    async def lookup_order(order_id: OrderRef, context: Injected = None) -> Answer:
        return await call("lookup_order", {"order_id": order_id}, context)

    async def list_customer_orders(context: Injected = None) -> Answer:
        return await call("list_customer_orders", {}, context)

    async def search_catalogue(
        query: Query,
        category: Category | None = None,
        max_results: int = 5,
        context: Injected = None,
    ) -> Answer:
        arguments = {"query": query, "category": category, "max_results": max_results}
        return await call("search_catalogue", arguments, context)

    async def get_product(sku: Sku, context: Injected = None) -> Answer:
        return await call("get_product", {"sku": sku}, context)

    async def search_policies(
        query: Query, policy: PolicyName | None = None, k: int = 3, context: Injected = None
    ) -> Answer:
        return await call("search_policies", {"query": query, "policy": policy, "k": k}, context)

    async def check_return_eligibility(order_id: OrderRef, context: Injected = None) -> Answer:
        return await call("check_return_eligibility", {"order_id": order_id}, context)

    async def check_cancellation_eligibility(
        order_id: OrderRef, context: Injected = None
    ) -> Answer:
        return await call("check_cancellation_eligibility", {"order_id": order_id}, context)

    async def check_change_eligibility(order_id: OrderRef, context: Injected = None) -> Answer:
        return await call("check_change_eligibility", {"order_id": order_id}, context)

    functions: dict[str, Callable[..., Awaitable[Answer]]] = {
        "lookup_order": lookup_order,
        "list_customer_orders": list_customer_orders,
        "search_catalogue": search_catalogue,
        "get_product": get_product,
        "search_policies": search_policies,
        "check_return_eligibility": check_return_eligibility,
        "check_cancellation_eligibility": check_cancellation_eligibility,
        "check_change_eligibility": check_change_eligibility,
    }
    tools: list[BaseTool] = []
    for name in TOOL_NAMES:
        tool = StructuredTool.from_function(
            coroutine=functions[name],
            name=name,
            description=DESCRIPTIONS[name],
            response_format="content_and_artifact",
        )
        tools.append(tool)
    return tools
