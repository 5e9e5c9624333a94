"""retrieve: look things up for this turn, then weigh the order's value and contact history.

The intent's tool plan always runs here (concurrent look-ups, ~20 ms). With an LLM configured,
its facts go to the model together with the tools (graph/nodes/drafting.py): the model writes
the reply from them in one call, or asks for more look-ups first, which `retrieval_update`
folds back into the state the same way. Identity comes from the session and the tools
authorize every order themselves. Escalation signals are recomputed here because only now do
we know which order the customer means.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from drafting.template_facts import chosen_product
from graph.deps import GraphDeps
from graph.nodes.common import SKU_PATTERN, identity_of, sentiment_of, signals_record, vault_of
from graph.state import SupportState
from nlp.pii.entities import EMAIL_ADDRESS, ORDER_ID, POSTCODE
from nlp.pii.vault import PLACEHOLDER_RE, Vault
from nlp.signals import REPEAT_WINDOW_DAYS, escalation_signals
from store.order_models import normalise_order_id
from tools.context import ToolContext
from tools.facts import DISCUSSED_BEFORE, Fact
from tools.plan import LOOKUP_ORDER, PlannedCall, follow_up_plan, plan_tools
from tools.runner import RetrievalResult, run_plan

AsyncNode = Callable[[SupportState], Awaitable[dict[str, Any]]]


def orders_mentioned(masked_text: str, vault: Vault) -> list[str]:
    """Order ids the customer gave in this message, in the order they wrote them."""
    found: list[str] = []
    for match in PLACEHOLDER_RE.finditer(masked_text):
        if match.group(1) != ORDER_ID:
            continue
        value = vault.value_of(match.group())
        order_id = normalise_order_id(value) if value else None
        if order_id and order_id not in found:
            found.append(order_id)
    return found


def tool_context(deps: GraphDeps, state: SupportState) -> ToolContext:
    """The turn's tool context: the session's identity and vault, the process's resources."""
    return ToolContext(
        db=deps.db,
        orders=deps.orders,
        knowledge=deps.knowledge,
        rules=deps.rules,
        identity=identity_of(state),
        vault=vault_of(state),
        today=deps.today(),
    )


def _orders_named_earlier(state: SupportState, vault: Vault) -> list[str]:
    """Order ids from the customer's earlier messages, the most recent message first."""
    earlier = [e["text"] for e in (state.get("transcript") or [])[:-1] if e["role"] == "customer"]
    for text in reversed(earlier):
        found = orders_mentioned(text, vault)
        if found:
            return found
    return []


def _gives_proof(state: SupportState, masked: str) -> bool:
    """This message answers the proof question: it only identifies, or it carries the email
    address or postcode a guest proves an order with."""
    if (state.get("understanding") or {}).get("context") == "identification_reply":
        return True
    return any(f"<{kind}_" in masked for kind in (EMAIL_ADDRESS, POSTCODE))


def make_retrieve(deps: GraphDeps) -> AsyncNode:
    async def retrieve(state: SupportState) -> dict[str, Any]:
        ctx = tool_context(deps, state)
        masked = state.get("masked_text", "")
        order_ids = orders_mentioned(masked, ctx.vault)
        if not order_ids and state.get("order_in_focus"):
            order_ids = [str(state["order_in_focus"])]
        if not order_ids and _gives_proof(state, masked):
            # "oh sorry, it's <POSTCODE_1>", "I've no account, my postcode is <POSTCODE_1>": the
            # order is the one named before the proof came.
            order_ids = _orders_named_earlier(state, ctx.vault)
        result = await _run_intent_plan(
            ctx, masked, state.get("intent", "other"), order_ids, state.get("product_in_focus")
        )
        result = _mark_discussed(result, state.get("product_in_focus"))
        return retrieval_update(deps, state, ctx, result, {"mode": "plan"})

    return retrieve


def _mark_discussed(result: RetrievalResult, sku: str | None) -> RetrievalResult:
    """Mark the product an earlier turn was about among what was found: "how much is the Clay,
    Double?" then "so if I swap the one from my order for that...": the variant to swap to is
    the one asked about before, though the order's own variants all came back with it."""
    if not sku:
        return result
    facts = tuple(
        replace(f, data={**f.data, DISCUSSED_BEFORE: True})
        if f.kind == "product" and f.data.get("sku") == sku
        else f
        for f in result.facts
    )
    return replace(result, facts=facts)


def retrieval_update(
    deps: GraphDeps,
    state: SupportState,
    ctx: ToolContext,
    result: RetrievalResult,
    record: dict[str, Any],
    *,
    after_plan: bool = False,
) -> dict[str, Any]:
    """The state update for what the look-ups found: facts, calls, the session after them,
    the order in focus and the escalation signals that order brings. `after_plan`: these are
    the model's look-ups, made on top of the plan's (whose calls and times are kept)."""
    order_in_focus = focused_order(result.facts) or state.get("order_in_focus")
    products = [f for f in result.facts if f.kind == "product"]
    product = chosen_product(products, state.get("masked_text", ""))
    calls = [call.to_record() for call in result.calls]
    wall_ms, sequential_ms = result.wall_ms, result.sequential_ms
    if after_plan:
        earlier = state.get("retrieval") or {}
        calls = [*(state.get("tool_calls") or []), *calls]
        wall_ms += float(earlier.get("wall_ms") or 0.0)
        sequential_ms += float(earlier.get("sequential_ms") or 0.0)
    return {
        "facts": [fact.to_record() for fact in result.facts],
        "tool_calls": calls,
        "retrieval": {
            **record,
            "calls": len(calls),
            "wall_ms": round(wall_ms, 2),
            "sequential_ms": round(sequential_ms, 2),
        },
        "identity": result.identity.to_record(),
        "vault": ctx.vault.to_dict(),
        "order_in_focus": order_in_focus,
        "product_in_focus": product.data.get("sku") if product else state.get("product_in_focus"),
        "understanding": order_signals(deps, state, result.facts, order_in_focus),
    }


async def _run_intent_plan(
    ctx: ToolContext,
    masked: str,
    intent: str,
    order_ids: list[str],
    sku_in_focus: str | None = None,
) -> RetrievalResult:
    plan = plan_tools(
        intent,
        order_ids=order_ids,
        skus=[s.upper() for s in SKU_PATTERN.findall(masked)],
        query_text=masked,
        logged_in=not ctx.identity.is_guest,
        sku_in_focus=sku_in_focus,
    )
    if not any(call.tool == LOOKUP_ORDER for call in plan):
        # An order named in passing ("a question about HR-204813") is looked up anyway, so a
        # follow-up such as "and when will it arrive?" knows which order it is about.
        mentioned = orders_mentioned(masked, ctx.vault)
        plan = (*plan, *(PlannedCall(LOOKUP_ORDER, {"order_id": o}) for o in mentioned))
    # Once the orders are in, the policy sections their state calls for (a delayed parcel, a
    # refund waiting on the inspection) are read too: the reply and the hand-off cite them.
    return await run_plan(
        ctx, plan, follow_up=lambda facts: follow_up_plan(intent, facts, ctx.today)
    )


def focused_order(facts: Sequence[Fact]) -> str | None:
    for fact in facts:
        if fact.kind == "order" and fact.source_id.startswith("order:"):
            return fact.source_id.split(":", 1)[1]
    return None


def order_signals(
    deps: GraphDeps, state: SupportState, facts: Sequence[Fact], order_id: str | None
) -> dict[str, Any]:
    """The turn's understanding with the escalation signals of the order in focus."""
    understanding = dict(state.get("understanding") or {})
    order = next((f for f in facts if f.kind == "order"), None)
    if order is None or order_id is None:
        return understanding
    total = order.data.get("total")
    # Counted up to the end of the shop's today: a demo pinned to its anchor date ignores
    # conversations held after it.
    until = datetime.combine(deps.today(), time.max, UTC)
    contacts = deps.records.recent_contacts(
        order_id,
        since=until - timedelta(days=REPEAT_WINDOW_DAYS),
        until=min(until, datetime.now(UTC)),
        excluding=state.get("conversation_id"),
    )
    signals = escalation_signals(
        state.get("clean_text", ""),
        sentiment_of(understanding),
        order_total=Decimal(str(total)) if total is not None else None,
        currency=order.data.get("currency"),
        recent_contacts=contacts,
    )
    understanding["signals"] = signals_record(signals)
    return understanding
