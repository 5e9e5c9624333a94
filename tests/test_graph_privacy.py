"""Privacy through the whole graph with an LLM configured: the real ChatOpenAI client talks to
the local OpenAI-compatible stub, which records every request body. Over 200 PII-laden support
messages, no raw value (names, emails, phones, addresses, cards, IBANs, order numbers) and no
customer's account name appears in anything sent to it."""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from pathlib import Path
from typing import Any

import pytest

from graph.deps import GraphDeps
from store.policies import current_policies
from supportdesk.llm_stub import StubReply, StubServer, grounded_echo
from supportdesk.turns import Session
from tests.shop_picks import customer_session, pick_order
from tests.stub_assistant import assistant_on_stub

MESSAGES = Path(__file__).resolve().parent.parent / "evals" / "data" / "pii_support_messages.jsonl"
PLACEHOLDER = re.compile(r"<[A-Z_]+_\d+>")


def _choose_tools(body: dict[str, Any]) -> StubReply | str:
    """Like a model: look things up first (order by its placeholder, else policies), then
    answer from the facts it was given."""
    messages = body.get("messages") or []
    if body.get("tools") and not any(m.get("role") == "tool" for m in messages):
        user = " ".join(str(m.get("content")) for m in messages if m.get("role") == "user")
        order = re.search(r"<ORDER_ID_\d+>", user)
        if order:
            return StubReply.tools(("lookup_order", {"order_id": order.group()}))
        return StubReply.tools(("search_policies", {"query": user[-200:]}))
    return grounded_echo(body)


@pytest.fixture(scope="module")
def stub():
    with StubServer(responder=_choose_tools) as server:
        yield server


@pytest.fixture(scope="module")
async def llm_assistant(graph_deps: GraphDeps, stub: StubServer):
    async with assistant_on_stub(graph_deps, stub, timeout_seconds=10) as bot:
        yield bot


def _raw_values(record: dict[str, Any]) -> list[str]:
    values = [item["value"] for item in record["pii"]]
    if record.get("customer_name"):
        values.append(record["customer_name"])
    return [v for v in values if len(v) >= 3]


def _shop_contact_numbers() -> list[str]:
    """The shop's own published phone numbers (the contact policy), which a reply may quote:
    a test message that gives one of them as the customer's number cannot tell them apart."""
    text = " ".join(s.text for doc in current_policies() for s in doc.sections)
    return re.findall(r"\+?\d[\d ]{8,}\d", text)


def _without_catalogue_names(text: str, names: Collection[str]) -> str:
    """Product names ("Poppy Table Lamp") may be sent; a customer called Poppy may not. Remove
    whole catalogue names first, so that only a name standing on its own counts as a leak."""
    pattern = re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))
    return pattern.sub(" ", text)


@pytest.mark.slow
async def test_that_no_raw_pii_reaches_the_llm_over_200_messages(llm_assistant, stub, indexed_db):
    from nlp.pii import load_product_names

    catalogue = load_product_names(indexed_db)
    records = [json.loads(line) for line in MESSAGES.read_text().splitlines() if line.strip()]
    assert len(records) >= 100
    shop_numbers = _shop_contact_numbers()
    assert "020 7946 0321" in shop_numbers  # the UK line, quoted when a customer asks to call
    leaks: list[str] = []
    checked = 0
    for record in records:
        stub.reset()
        session = Session(customer_id=None, customer_name=record.get("customer_name"))
        result = await llm_assistant.send(record["text"], session)
        assert result.route != "error", result
        # JSON escapes newlines as "\n": undo that, or "\nElla" would hide a name from the
        # whole-word search below.
        body = json.dumps(stub.requests, ensure_ascii=False).replace("\\n", " ")
        sent = _without_catalogue_names(body, catalogue)
        for number in shop_numbers:
            sent = sent.replace(number, " ")
        assert stub.requests, "the LLM path was exercised"
        checked += len(stub.requests)
        for value in _raw_values(record):
            # Whole words only: "Ella" inside "cancellation" or "Ava" inside "available" is
            # not a name.
            if re.search(rf"(?<!\w){re.escape(value)}(?!\w)", sent, re.IGNORECASE):
                leaks.append(f"{record['id']}: {value!r}")
    assert not leaks, leaks[:20]
    assert checked >= 200  # tool choice and drafting: at least two requests per message


async def test_that_the_llm_request_carries_placeholders_and_facts(llm_assistant, stub, indexed_db):

    pick = pick_order(indexed_db, "in_transit")
    session = customer_session(indexed_db, pick.email)
    stub.reset()
    result = await llm_assistant.send(f"Where is my order {pick.order_id}?", session)
    sent = json.dumps(stub.requests)
    assert pick.order_id not in sent and pick.full_name not in sent and pick.email not in sent
    assert "<ORDER_ID_1>" in sent
    assert any(m.get("role") == "tool" for r in stub.requests for m in r.get("messages", []))
    state = await llm_assistant.conversation_state(result.conversation_id)
    assert state["draft"]["drafter"] == "llm"
    assert state["retrieval"]["mode"] == "llm"
    # The model cited a key ([F1]); the drafter mapped it back to the real source id.
    assert f"order:{pick.order_id}" in state["draft"]["citations"]


async def test_that_an_llm_outage_falls_back_to_the_template_drafter(
    llm_assistant, stub, indexed_db
):

    pick = pick_order(indexed_db, "in_transit")
    session = customer_session(indexed_db, pick.email)
    stub.set_mode("http_500")
    try:
        result = await llm_assistant.send(f"Where is my order {pick.order_id}?", session)
    finally:
        stub.set_mode(None)
    assert result.route != "error"
    assert result.text.strip()
    state = await llm_assistant.conversation_state(result.conversation_id)
    assert state["draft"]["drafter"] == "template"
    assert state["retrieval"]["mode"] == "plan"
