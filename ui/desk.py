"""The agent desk: the queue, the escalation card, and the decisions that resume the graph.

Every decision goes through `Assistant.resume` (claiming the case first, so of two agents only
one can send) or `Assistant.hand_back`. A reply that reaches the customer is stored in their
history and announced on the hub, which shows it live wherever the customer is connected.
"""

from __future__ import annotations

import asyncio
from typing import Any

import chainlit as cl
from chainlit.context import context

from store.database import Database
from ui import history, runtime
from ui.auth import Principal
from ui.chainlit_api import send, session_get, session_set, update
from ui.data_layer import STAFF_SESSION_KEY
from ui.delivery import HubEvent
from ui.desk_card import CardMode, CustomerSummary, card_props, queue_props
from ui.render import escape_markdown, sources_line

QUEUE_KEY, CARD_KEY, CASE_KEY = "desk_queue", "desk_card", "desk_case"
ACTIONS = ("approve", "edit", "reassign", "takeover", "reject")


def agent_author(principal: Principal) -> str:
    """How an agent signs replies to customers: their first name and their team."""
    first = principal.display_name.split()[0] if principal.display_name else "Your adviser"
    return f"{first} from customer care"


async def start(principal: Principal) -> None:
    session_set(STAFF_SESSION_KEY, True)
    rt = runtime.current()
    queue = cl.CustomElement(name="DeskQueue", props=await _queue_props(), display="inline")
    session_set(QUEUE_KEY, queue)
    heading = f"Escalation queue. Signed in as {principal.display_name} ({principal.agent_level})."
    await send(cl.Message(content=heading, author="Agent desk", elements=[queue]))
    rt.hub.watch(context.session, _on_hub_event)


async def _queue_props() -> dict[str, Any]:
    records = runtime.current().assistant.deps.records
    rows, counts = await asyncio.gather(
        asyncio.to_thread(records.pending_escalations), asyncio.to_thread(records.queue_counts)
    )
    return queue_props(rows, counts)


async def refresh_queue() -> None:
    queue: cl.CustomElement | None = session_get(QUEUE_KEY)
    if queue is not None:
        queue.props = await _queue_props()
        await update(queue)


async def _on_hub_event(event: HubEvent) -> None:
    if event.kind in ("queue", "conversation", "reply"):
        await refresh_queue()
    case = session_get(CASE_KEY) or {}
    if event.kind == "conversation" and event.conversation_id == case.get("conversation_id"):
        await open_case(session_get("principal"), case["escalation_id"])


async def open_case(
    principal: Principal | None, escalation_id: str, note: str = ""
) -> dict[str, Any]:
    if principal is None:
        return {"ok": False, "detail": "Sign in again."}
    rt = runtime.current()
    card = await rt.assistant.escalation_card(escalation_id)
    if card is None:
        return {"ok": False, "detail": "No escalation has that id."}
    conversation_id = str(card.get("conversation_id"))
    state = await rt.assistant.conversation_state(conversation_id)
    decision, final_text = await asyncio.to_thread(case_outcome, rt.db, escalation_id)
    mode: CardMode = "review" if card.get("status") in ("pending", "claimed") else "closed"
    thread = None
    if state.get("taken_over") and decision == "takeover":
        mode = "taken_over"  # this case's take-over is still on: the agent writes directly
        thread = await asyncio.to_thread(history.thread_lines, rt.db, conversation_id)
    customer = await asyncio.to_thread(customer_summary, rt.db, card)
    case = session_get(CASE_KEY) or {}
    revision = int(case.get("revision", 0)) + 1
    props = card_props(
        card,
        customer=customer,
        mode=mode,
        can_act=principal.may_act,
        note=note,
        thread=thread,
        revision=revision,
        final_text=final_text if mode == "closed" else None,
    )
    session_set(
        CASE_KEY,
        {"escalation_id": escalation_id, "conversation_id": conversation_id, "revision": revision},
    )
    element: cl.CustomElement | None = session_get(CARD_KEY)
    if element is None:
        element = cl.CustomElement(name="EscalationCard", props=props, display="inline")
        session_set(CARD_KEY, element)
        await send(cl.Message(content="", author="Agent desk", elements=[element]))
    else:
        element.props = props
        await update(element)
    return {"ok": True, "detail": note}


def customer_summary(db: Database, card: dict[str, Any]) -> CustomerSummary:
    customer = card.get("customer") or {}
    customer_id = customer.get("customer_id")
    if not customer_id:
        return CustomerSummary.guest(customer.get("market"))
    with db.connect() as conn:
        row = conn.execute(
            "SELECT id, full_name, email, market FROM customers WHERE id = %s", (customer_id,)
        ).fetchone()
    if row is None:
        return CustomerSummary.guest(customer.get("market"))
    return CustomerSummary(
        str(row["full_name"]), str(row["email"]), str(row["market"]), str(row["id"])
    )


def case_outcome(db: Database, escalation_id: str) -> tuple[str | None, str | None]:
    """The decision taken on a case and the text the customer received (None: none yet)."""
    with db.connect() as conn:
        row = conn.execute(
            "SELECT decision, final_text FROM escalations WHERE id = %s", (escalation_id,)
        ).fetchone()
    if row is None:
        return None, None
    return row["decision"], row["final_text"]


async def decide(principal: Principal, payload: dict[str, Any]) -> dict[str, Any]:
    if not principal.may_act:
        return {"ok": False, "detail": "Your role can read cases but not answer customers."}
    rt = runtime.current()
    escalation_id = str(payload.get("escalation_id") or "")
    action = payload.get("action")
    if action not in ACTIONS:
        return {"ok": False, "detail": "Unknown action."}
    decision = {k: payload.get(k) for k in ("action", "text", "intent", "reason")}
    result = await rt.assistant.resume(escalation_id, decision, agent_id=principal.agent_id)
    if result.status != "resumed" or result.conversation_id is None:
        await open_case(principal, escalation_id, note=result.detail)
        return {"ok": False, "status": result.status, "detail": result.detail}
    conversation_id = result.conversation_id
    if result.sent_text:
        await deliver(
            principal, conversation_id, result.sent_text, with_sources=action == "approve"
        )
    await rt.hub.publish(HubEvent("queue", conversation_id))
    if result.new_escalation_id:
        intent = str(payload.get("intent") or "").replace("_", " ")
        note = f"Re-drafted as {intent}. Review the new draft below."
        await open_case(principal, result.new_escalation_id, note=note)
        return {"ok": True, "status": "reassigned", "detail": note}
    note = {
        "approve": "Approved and sent to the customer.",
        "edit": "Your edited reply was sent to the customer.",
        "takeover": "You have this conversation now; the assistant stays silent until you "
        "hand it back.",
        "reject": "Draft rejected; nothing was sent.",
    }[str(action)]
    await open_case(principal, escalation_id, note=note)
    return {"ok": True, "status": "resumed", "detail": note}


async def deliver(
    principal: Principal, conversation_id: str, text: str, *, with_sources: bool = False
) -> None:
    """Store the agent's reply in the customer's history, then show it wherever they are."""
    rt = runtime.current()
    if with_sources:
        reply = (await rt.assistant.conversation_state(conversation_id)).get("reply") or {}
        sources = sources_line(reply.get("citations") or [])
        text = f"{text}\n\n{sources}" if sources else text
    author = agent_author(principal)
    # Chainlit shows an avatar, not the author's name: say in the text that a person wrote it.
    text = f"**{escape_markdown(author)}**\n\n{text}"
    step = await asyncio.to_thread(
        history.record_reply, rt.db, conversation_id, text, author=author, by="agent"
    )
    await rt.hub.publish(HubEvent("reply", conversation_id, str(step["id"])))


async def say(principal: Principal, payload: dict[str, Any]) -> dict[str, Any]:
    """A message from the agent who took the conversation over."""
    rt = runtime.current()
    conversation_id = str(payload.get("conversation_id") or "")
    text = str(payload.get("text") or "").strip()[:5000]
    if not text:
        return {"ok": False, "detail": "Write a message first."}
    state = await rt.assistant.conversation_state(conversation_id) if conversation_id else {}
    if not state.get("taken_over") or state.get("taken_over_by") != principal.agent_id:
        return {"ok": False, "detail": "You are not looking after this conversation."}
    await deliver(principal, conversation_id, text)
    await asyncio.to_thread(
        rt.assistant.deps.records.audit,
        "agent",
        principal.agent_id,
        "conversation.agent_message",
        conversation_id,
    )
    await open_case(principal, str(payload.get("escalation_id") or ""), note="Sent.")
    return {"ok": True, "detail": "Sent."}


async def hand_back(principal: Principal, payload: dict[str, Any]) -> dict[str, Any]:
    rt = runtime.current()
    conversation_id = str(payload.get("conversation_id") or "")
    state = await rt.assistant.conversation_state(conversation_id) if conversation_id else {}
    if state.get("taken_over_by") not in (None, principal.agent_id):
        return {"ok": False, "detail": "Another agent is looking after this conversation."}
    done = await rt.assistant.hand_back(conversation_id, agent_id=principal.agent_id)
    note = (
        "Handed back: the assistant answers in this conversation again."
        if done
        else "This conversation was not taken over."
    )
    await open_case(principal, str(payload.get("escalation_id") or ""), note=note)
    return {"ok": done, "detail": note}
