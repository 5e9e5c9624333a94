"""The tool plan per intent, the concurrent runner, and the LangChain wrappers."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from langchain_core.messages import ToolMessage
from langchain_core.utils.function_calling import convert_to_openai_tool

from nlp.pii.entities import ORDER_ID, POSTCODE
from nlp.pii.vault import Vault
from nlp.taxonomy import INTENT_NAMES
from store.database import Database
from tests.test_tools_orders import make_ctx, sql_one, sql_rows
from tools.langchain_tools import TOOL_NAMES, build_tools
from tools.order_facts import unmask_source_id
from tools.plan import ALL_TOOLS, PlannedCall, plan_tools
from tools.runner import run_call, run_plan

RAW_ORDER_ID = re.compile(r"HR-?\d{6}")


def plan(intent: str, *, ids=(), skus=(), text="where is it", logged_in=False):
    return plan_tools(intent, order_ids=ids, skus=skus, query_text=text, logged_in=logged_in)


def tools_of(calls) -> list[str]:
    return [c.tool for c in calls]


# --- the plan -------------------------------------------------------------------------------------


def test_that_every_intent_has_a_plan_of_known_tools():
    for intent in INTENT_NAMES:
        for ids in ((), ("<ORDER_ID_1>",)):
            for logged_in in (False, True):
                calls = plan(intent, ids=ids, logged_in=logged_in)
                assert set(tools_of(calls)) <= set(ALL_TOOLS), intent
                assert calls, f"{intent} plans nothing"
    # Out of scope: no order is looked up, only how to reach the shop (for "your phone number?").
    out_of_scope = plan("other", ids=("<ORDER_ID_1>",))
    assert tools_of(out_of_scope) == ["search_policies"]
    assert out_of_scope[0].arguments["policy"] == "contact-escalation"


def test_that_order_status_looks_up_the_order_or_lists_a_customers_orders():
    assert plan("order_status", ids=("<ORDER_ID_1>",)) == (
        PlannedCall("lookup_order", {"order_id": "<ORDER_ID_1>"}),
    )
    assert tools_of(plan("order_status", logged_in=True)) == ["list_customer_orders"]
    # A guest without a number gets the refusal that asks for one.
    assert plan("order_status") == (PlannedCall("lookup_order", {"order_id": ""}),)


@pytest.mark.parametrize(
    ("intent", "checks", "policy"),
    [
        # Before dispatch a return is a cancellation: both answers are checked.
        (
            "return_request",
            ["check_return_eligibility", "check_cancellation_eligibility"],
            "returns",
        ),
        # Too late to cancel or change means "send it back instead": the return terms come too.
        (
            "cancel_order",
            ["check_cancellation_eligibility", "check_return_eligibility"],
            "cancellations",
        ),
        ("change_order", ["check_change_eligibility", "check_return_eligibility"], "order-changes"),
    ],
)
def test_that_order_actions_check_eligibility_and_search_the_policy(intent, checks, policy):
    calls = plan(intent, ids=("<ORDER_ID_1>",), text="can I send the <PERSON_1> lamp back")
    assert tools_of(calls) == ["lookup_order", *checks, "search_policies"]
    search = calls[-1].arguments
    assert search["policy"] == policy and "<PERSON_1> lamp" in search["query"]


def test_that_product_questions_use_skus_first_and_search_otherwise():
    assert plan("sizing_fit", skus=("FUR-0001",)) == (
        PlannedCall("get_product", {"sku": "FUR-0001"}),
    )
    assert plan("compatibility", text="does it take E27 bulbs") == (
        PlannedCall("search_catalogue", {"query": "does it take E27 bulbs"}),
    )


def test_that_routing_intents_search_the_right_policy():
    for intent, slug in (
        ("account", "account-privacy"),
        ("privacy_request", "account-privacy"),
        ("chargeback_fraud", "contact-escalation"),
    ):
        calls = plan(intent)
        assert tools_of(calls) == ["search_policies"] and calls[0].arguments["policy"] == slug
    assert tools_of(plan("billing", ids=("<ORDER_ID_1>",))) == ["lookup_order", "search_policies"]
    # A request for a person: the order named, and how a person is reached (for the hand-off).
    human = plan("human_request", ids=("<ORDER_ID_1>",))
    assert tools_of(human) == ["lookup_order", "search_policies"]
    assert human[1].arguments["policy"] == "contact-escalation"
    assert "human" in human[1].arguments["sections"]


# --- the runner -----------------------------------------------------------------------------------


def three_orders(db: Database) -> list[dict[str, Any]]:
    return sql_rows(
        db,
        """SELECT DISTINCT ON (status) id, customer_id, market, status FROM orders
           WHERE status IN ('delivered', 'processing', 'in_transit') ORDER BY status, id""",
    )


async def test_that_independent_calls_run_concurrently(seeded_db):
    orders = three_orders(seeded_db)
    # One customer may not see three customers' orders: a guest who proved all three.
    ctx = make_ctx(seeded_db, verified=tuple(o["id"] for o in orders))
    calls = (
        PlannedCall("lookup_order", {"order_id": orders[0]["id"]}),
        PlannedCall("check_return_eligibility", {"order_id": orders[1]["id"]}),
        PlannedCall("check_cancellation_eligibility", {"order_id": orders[2]["id"]}),
    )
    result = await run_plan(ctx, calls)
    assert [c.outcome for c in result.calls] == ["ok", "ok", "ok"]
    assert result.wall_ms < result.sequential_ms
    assert result.sequential_ms == pytest.approx(sum(c.elapsed_ms for c in result.calls))
    kinds = [f.kind for f in result.facts]
    assert kinds.count("order") == 1 and kinds.count("eligibility") == 2
    arguments = json.dumps([c.arguments for c in result.calls])
    assert not RAW_ORDER_ID.search(arguments)
    for call in result.calls:
        assert re.fullmatch(r"<ORDER_ID_\d+>", call.arguments["order_id"])


async def test_that_a_failing_database_gives_error_records_not_exceptions(seeded_db):
    down = Database(
        url="postgresql://postgres:@/supportdesk?host=/nonexistent/socket", embedded=True
    )
    ctx = make_ctx(down, verified=("HR-123456",))
    calls = plan("return_request", ids=("HR-123456",), text="return my lamp")
    result = await run_plan(ctx, calls)
    assert [c.outcome for c in result.calls] == ["error", "error", "error", "error"]
    assert result.facts == () and all(c.source_ids == () for c in result.calls)
    assert result.calls[0].arguments == {"order_id": "<ORDER_ID_1>"}


async def test_that_an_unknown_tool_or_bad_arguments_are_errors_beside_good_calls(seeded_db):
    order = three_orders(seeded_db)[0]
    ctx = make_ctx(seeded_db, customer_id=order["customer_id"])
    calls = (
        PlannedCall("drop_tables", {}),
        PlannedCall("lookup_order", {"order": order["id"]}),
        PlannedCall("lookup_order", {"order_id": order["id"]}),
    )
    result = await run_plan(ctx, calls)
    assert [c.outcome for c in result.calls] == ["error", "error", "ok"]
    assert [f.source_id for f in result.facts] == [f"order:{order['id']}"]
    assert result.calls[1].arguments == {"order": "<ORDER_ID_1>"}


async def test_that_a_guests_verification_in_a_plan_is_kept_in_the_identity(seeded_db):
    order = sql_one(seeded_db, "SELECT id, ship_postcode FROM orders WHERE status = 'delivered'")
    vault = Vault()
    vault.placeholder_for(POSTCODE, order["ship_postcode"])
    ref = vault.placeholder_for(ORDER_ID, order["id"])
    ctx = make_ctx(seeded_db, vault=vault)
    result = await run_plan(ctx, plan("return_request", ids=(ref,), text="return it"))
    assert result.identity.verified_orders == (order["id"],)
    assert [c.outcome for c in result.calls] == ["ok", "ok", "ok", "ok"]
    # The eligibility check and the policy search cite the same sections: listed once.
    ids = [f.source_id for f in result.facts]
    assert len(ids) == len(set(ids))


async def test_that_run_call_masks_a_raw_order_id_in_its_record(seeded_db):
    order = three_orders(seeded_db)[0]
    ctx = make_ctx(seeded_db, customer_id=order["customer_id"])
    outcome = await run_call(ctx, PlannedCall("lookup_order", {"order_id": order["id"][3:]}))
    assert outcome.record.outcome == "ok"
    placeholder = outcome.record.arguments["order_id"]
    assert placeholder == outcome.facts[0].data["order_ref"]


async def test_that_record_arguments_never_hold_a_raw_email_or_order_number(seeded_db):
    vault = Vault()
    ctx = make_ctx(seeded_db, vault=vault)
    query = "refund for hr-123456 please, mail me at Jo.Bloggs@example.com"
    outcome = await run_call(ctx, PlannedCall("search_policies", {"query": query}))
    assert outcome.record.outcome == "ok"
    shown = outcome.record.arguments["query"]
    assert "123456" not in shown and "example.com" not in shown
    assert re.search(r"<ORDER_ID_\d+>", shown) and re.search(r"<EMAIL_ADDRESS_\d+>", shown)
    assert vault.values_by_type("EMAIL_ADDRESS") == ["Jo.Bloggs@example.com"]


# --- the LangChain tools --------------------------------------------------------------------------


def test_that_the_model_never_sees_the_context_argument():
    tools = build_tools(lambda: pytest.fail("the provider is only called when a tool runs"))
    assert tuple(t.name for t in tools) == TOOL_NAMES
    for tool in tools:
        schema = convert_to_openai_tool(tool)["function"]
        assert "context" not in schema["parameters"].get("properties", {})
        assert len(schema["description"]) > 40


async def test_that_a_tool_answers_with_masked_text_and_keeps_facts_in_the_artifact(seeded_db):
    order = three_orders(seeded_db)[0]
    vault = Vault()
    ref = vault.placeholder_for(ORDER_ID, order["id"])
    ctx = make_ctx(seeded_db, customer_id=order["customer_id"], vault=vault)
    tools = {t.name: t for t in build_tools(lambda: ctx)}
    message = await tools["lookup_order"].ainvoke(
        {"name": "lookup_order", "args": {"order_id": ref}, "id": "call-1", "type": "tool_call"}
    )
    assert isinstance(message, ToolMessage) and isinstance(message.content, str)
    content = message.content
    assert content.startswith(f"[order:{ref}]")
    assert order["id"] not in content and order["id"][3:] not in content
    facts = message.artifact["facts"]
    assert facts[0]["source_id"] == f"order:{order['id']}"
    assert unmask_source_id(f"order:{ref}", vault) == facts[0]["source_id"]
    assert message.artifact["call"]["outcome"] == "ok"


async def test_that_an_injected_context_wins_over_the_provider(seeded_db):
    order = three_orders(seeded_db)[0]
    stranger = make_ctx(seeded_db, customer_id="C-nobody")
    owner = make_ctx(seeded_db, customer_id=order["customer_id"])
    tool = {t.name: t for t in build_tools(lambda: stranger)}["check_return_eligibility"]
    call = {"name": tool.name, "id": "c", "type": "tool_call"}
    refused = await tool.ainvoke({**call, "args": {"order_id": order["id"]}})
    allowed = await tool.ainvoke({**call, "args": {"order_id": order["id"], "context": owner}})
    assert refused.artifact["facts"][0]["kind"] == "refusal"
    assert allowed.artifact["facts"][0]["kind"] == "eligibility"
    assert "[policy:returns@v" in allowed.content
