"""The agent desk's operations over HTTP: the queue, the card, decisions that resume the paused
conversation exactly once, take-over and hand-back, and who may do which."""

from __future__ import annotations

import uuid

import httpx
import pytest

from tests.shop_picks import customer_session, pick_order
from tests.test_api_chat import chat

ANGRY = "This is absolutely ridiculous!!! Where is my order {order}?? I am sick of waiting, FIX IT"


def _escalation_of(db, conversation_id: str) -> str:
    with db.connect() as conn:
        row = conn.execute(
            "SELECT id FROM escalations WHERE conversation_id = %s AND status = 'pending'",
            (conversation_id,),
        ).fetchone()
    assert row is not None, "the turn should have queued a case"
    return str(row["id"])


def _escalate_over_api(api_server, session_token) -> tuple[str, str, str]:
    pick = pick_order(api_server.db, "in_transit")
    conversation_id = str(uuid.uuid4())
    stream = chat(
        api_server.base_url,
        conversation_id,
        ANGRY.format(order=pick.order_id),
        headers={"Cookie": f"access_token={session_token(pick.email)}"},
    )
    done = stream.named("done")[0]
    assert done["route"] == "escalate_senior" and done["handed_to_agent"] is True
    return conversation_id, _escalation_of(api_server.db, conversation_id), pick.order_id


@pytest.fixture(scope="module")
def desk(api_server, session_token) -> dict[str, httpx.Client]:
    def client(email: str) -> httpx.Client:
        token = session_token(email)
        headers = {"Authorization": f"Bearer {token}"}
        return httpx.Client(base_url=api_server.base_url, headers=headers, timeout=60)

    return {
        "agent": client("agent@hollinandreed.example"),
        "senior": client("senior@hollinandreed.example"),
        "qa": client("qa@hollinandreed.example"),
    }


def test_that_an_agent_reads_the_queue_and_the_card_and_resolves_the_case_once(
    api_server, session_token, desk
):
    conversation_id, escalation_id, order_id = _escalate_over_api(api_server, session_token)
    queue = desk["qa"].get("/api/escalations", params={"limit": 500})
    assert queue.status_code == 200
    listed = {e["id"]: e for e in queue.json()["escalations"]}
    assert listed[escalation_id]["queue"] == "senior"
    assert listed[escalation_id]["conversation_id"] == conversation_id
    assert queue.json()["counts"]["senior"] >= 1
    card = desk["agent"].get(f"/api/escalations/{escalation_id}")
    assert card.status_code == 200
    assert card.json()["escalation_id"] == escalation_id and card.json()["status"] == "pending"
    assert order_id in card.text, "the card shows real values to staff"

    refused = desk["qa"].post(
        f"/api/escalations/{escalation_id}/resume", json={"decision": "approve"}
    )
    assert refused.status_code == 403
    no_text = desk["agent"].post(
        f"/api/escalations/{escalation_id}/resume", json={"decision": "edit"}
    )
    assert no_text.status_code == 422 and "final text" in no_text.json()["error"]["message"]
    unknown = desk["agent"].post(
        f"/api/escalations/{escalation_id}/resume", json={"decision": "ship-it"}
    )
    assert unknown.status_code == 422 and unknown.json()["error"]["field"] == "decision"

    text = "Sorry for the wait: your parcel is with the courier and I am watching it for you."
    resumed = desk["agent"].post(
        f"/api/escalations/{escalation_id}/resume", json={"decision": "edit", "text": text}
    )
    assert resumed.status_code == 200, resumed.text
    assert resumed.json() == {
        "status": "resumed",
        "decision": "edit",
        "conversation_id": conversation_id,
        "sent_text": text,
        "new_escalation_id": None,
        "new_draft": None,
    }
    twice = desk["senior"].post(
        f"/api/escalations/{escalation_id}/resume", json={"decision": "approve"}
    )
    assert twice.status_code == 409 and twice.json()["error"]["code"] == "already_handled"
    with api_server.db.connect() as conn:
        row = conn.execute(
            "SELECT status, decision, final_text, claimed_by FROM escalations WHERE id = %s",
            (escalation_id,),
        ).fetchone()
    assert (row["status"], row["decision"], row["final_text"]) == ("resolved", "edit", text)
    assert row["claimed_by"] == "A001", "the signed-in agent, never one the client names"


async def test_that_a_key_resumes_for_a_named_agent_and_the_chat_customer_sees_the_reply(
    api_server, assistant, make_api_key
):
    pick = pick_order(api_server.db, "in_transit")
    session = customer_session(api_server.db, pick.email)
    turn = await assistant.send(ANGRY.format(order=pick.order_id), session)  # the chat app's way
    assert turn.escalation_id
    key, _ = make_api_key("escalations:read", "escalations:write")
    url = f"{api_server.base_url}/api/escalations/{turn.escalation_id}/resume"
    headers = {"X-API-Key": key}
    unknown = httpx.post(
        url, json={"decision": "approve", "agent_email": "who@nowhere.example"}, headers=headers
    )
    assert unknown.status_code == 422 and unknown.json()["error"]["field"] == "agent_email"
    qa = httpx.post(
        url,
        json={"decision": "approve", "agent_email": "qa@hollinandreed.example"},
        headers=headers,
    )
    assert qa.status_code == 403
    approved = httpx.post(
        url,
        json={"decision": "approve", "agent_email": "senior@hollinandreed.example"},
        headers=headers,
        timeout=60,
    )
    assert approved.status_code == 200, approved.text
    sent = approved.json()["sent_text"]
    assert sent and pick.order_id in sent
    with api_server.db.connect() as conn:
        step = conn.execute(
            "SELECT name, output FROM steps WHERE \"threadId\" = %s AND metadata->>'by' = %s",
            (turn.conversation_id, "agent"),
        ).fetchone()
        claimed = conn.execute(
            "SELECT claimed_by FROM escalations WHERE id = %s", (turn.escalation_id,)
        ).fetchone()
    assert step is not None, "the reply is in the customer's chat history"
    assert step["name"] == "Robin from customer care" and sent in step["output"]
    assert claimed["claimed_by"] == "A002"


def test_that_a_taken_over_conversation_is_handed_back_only_by_its_agent(
    api_server, session_token, desk
):
    conversation_id, escalation_id, _ = _escalate_over_api(api_server, session_token)
    took = desk["agent"].post(
        f"/api/escalations/{escalation_id}/resume", json={"decision": "takeover"}
    )
    assert took.status_code == 200 and took.json()["sent_text"] is None
    path = f"/api/conversations/{conversation_id}/handback"
    assert desk["senior"].post(path).status_code == 403
    back = desk["agent"].post(path)
    assert back.status_code == 200 and back.json() == {
        "conversation_id": conversation_id,
        "handed_back": True,
    }
    again = desk["agent"].post(path)
    assert again.status_code == 409 and again.json()["error"]["code"] == "not_taken_over"
    assert desk["agent"].post("/api/conversations/nope/handback").status_code == 422
