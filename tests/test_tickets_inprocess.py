"""Tickets without Redis: stored once per idempotency key, processed in the app process by the
real graph, answered with one outbox reply or handed to an agent, retried on an outage until
they land in dead_letter, and taken back after a process dies mid-ticket."""

from __future__ import annotations

import asyncio
import logging
import uuid
from typing import Any

import pytest

from graph.deps import GraphDeps
from store.cache import InProcessTTLCache
from store.database import Database, close_pool
from store.orders import OrderRepository
from store.support import SupportRecords
from supportdesk.assistant import Assistant
from supportdesk.metrics import REGISTRY
from tests.shop_picks import pick_order
from tests.ticket_waits import SETTLED, wait_until
from tickets.conversation import ticket_message
from tickets.errors import IdempotencyConflict
from tickets.leases import Leases, ProcessingPolicy
from tickets.models import TicketIn, TicketWork
from tickets.processing import process_ticket
from tickets.service import open_ticket_service
from tickets.store import TicketStore

ANGRY = "This is absolutely ridiculous!!! Where is my order {order}?? I am sick of waiting, FIX IT"
FAST = ProcessingPolicy(max_attempts=3, lease_seconds=5, retry_base_seconds=0.05, sweep_seconds=0.2)


def ticket(
    sender: str, body: str, *, subject: str = "My order", key: str | None = None
) -> TicketIn:
    return TicketIn(
        channel="email",
        subject=subject,
        body=body,
        sender_email=sender,
        order_number=None,
        attachments=(),
        idempotency_key=key or uuid.uuid4().hex,
        source="test-suite",
    )


def outbox(db: Database, ticket_id: str) -> list[dict[str, Any]]:
    with db.connect() as conn:
        return conn.execute(
            "SELECT sent_by, to_address, subject, body FROM ticket_outbox WHERE ticket_id = %s",
            (ticket_id,),
        ).fetchall()


def turns_run(db: Database, conversation_id: str | None) -> int:
    with db.connect() as conn:
        row = conn.execute(
            "SELECT count(*) AS n FROM feedback_events "
            "WHERE conversation_id = %s AND kind = 'turn_outcome'",
            (conversation_id,),
        ).fetchone()
    assert row is not None
    return int(row["n"])


@pytest.fixture
async def service(graph_settings, indexed_db, assistant):
    opened = await open_ticket_service(graph_settings, indexed_db, assistant, policy=FAST)
    yield opened
    await opened.close()


async def test_that_without_redis_an_order_question_is_answered_in_process_with_one_reply(
    service, indexed_db
):
    assert service.mode == "in_process"
    pick = pick_order(indexed_db, "in_transit")
    submitted = await service.submit(
        ticket(pick.email, f"Hi, where is my order {pick.order_id}? When will it arrive?")
    )
    assert submitted.created and submitted.ticket.status in ("queued", "processing")
    done = await wait_until(service, submitted.ticket.id, SETTLED)
    assert done.status == "answered", done
    assert done.route == "auto_reply" and done.intent == "order_status"
    assert done.reply and pick.order_id in done.reply
    assert done.attempts == 1 and done.error is None
    assert outbox(indexed_db, done.id) == [
        {
            "sent_by": "assistant",
            "to_address": pick.email,
            "subject": "Re: My order",
            "body": done.reply,
        }
    ]
    as_json = done.to_json()
    assert as_json["status"] == "answered" and as_json["created_at"] == done.created_at.isoformat()


async def test_that_the_same_ticket_submitted_twice_is_stored_and_answered_once(
    service, indexed_db
):
    pick = pick_order(indexed_db, "dispatched")
    same = ticket(pick.email, f"Where is my order {pick.order_id}?", key=f"mail-{uuid.uuid4()}")
    first, second = await asyncio.gather(service.submit(same), service.submit(same))
    assert {first.created, second.created} == {True, False}
    assert first.ticket.id == second.ticket.id
    done = await wait_until(service, first.ticket.id, SETTLED)
    again = await service.submit(same)
    assert (again.created, again.ticket.id) == (False, done.id)
    with indexed_db.connect() as conn:
        stored = conn.execute(
            "SELECT count(*) AS n FROM tickets WHERE idempotency_key = %s", (same.idempotency_key,)
        ).fetchone()
    assert stored["n"] == 1
    assert turns_run(indexed_db, done.conversation_id) == 1
    assert len(outbox(indexed_db, done.id)) == (1 if done.status == "answered" else 0)


async def test_that_a_repeated_key_with_different_content_is_refused(service, indexed_db):
    pick = pick_order(indexed_db, "delivered")
    first = ticket(pick.email, f"Can I return order {pick.order_id}?")
    stored = await service.submit(first)
    changed = TicketIn(**{**first.__dict__, "body": "Something else entirely"})
    with pytest.raises(IdempotencyConflict, match="already used for a different ticket"):
        await service.submit(changed)
    other_source = TicketIn(**{**changed.__dict__, "source": "webhook:zendesk"})
    elsewhere = await service.submit(other_source)
    assert elsewhere.created and elsewhere.ticket.id != stored.ticket.id  # keys are per source
    for ticket_id in (stored.ticket.id, elsewhere.ticket.id):
        assert (await wait_until(service, ticket_id, SETTLED)).status != "dead_letter"


async def test_that_an_escalated_ticket_reads_resolved_with_the_agents_reply_once(
    service, indexed_db, assistant
):
    pick = pick_order(indexed_db, "in_transit")
    submitted = await service.submit(ticket(pick.email, ANGRY.format(order=pick.order_id)))
    waiting = await wait_until(service, submitted.ticket.id, SETTLED)
    assert waiting.status == "waiting_for_agent" and waiting.route == "escalate_senior"
    assert waiting.escalation_id and waiting.reply is None
    assert outbox(indexed_db, waiting.id) == []
    edited = "Sorry for the wait. Your parcel is with the courier and I am watching it for you."
    resumed = await assistant.resume(
        waiting.escalation_id, {"action": "edit", "text": edited}, agent_id=None
    )
    assert resumed.status == "resumed"
    resolved = await service.get(waiting.id)
    assert resolved is not None and resolved.status == "resolved" and resolved.reply == edited
    listed = {t.id: t for t in await service.list(status="resolved", limit=200)}
    assert listed[waiting.id].reply == edited
    assert (await service.get(waiting.id)).status == "resolved"
    assert outbox(indexed_db, waiting.id) == [
        {"sent_by": "agent", "to_address": pick.email, "subject": "Re: My order", "body": edited}
    ]


@pytest.fixture
async def outage_assistant(graph_deps, indexed_db):
    """The real assistant whose shop database is unreachable (nothing listens on port 9); the
    tickets and the checkpointer stay on the real database."""
    down = Database(
        url="postgresql://supportdesk@127.0.0.1:9/shop?connect_timeout=1", embedded=False
    )
    deps = GraphDeps(
        **{
            **graph_deps.__dict__,
            "db": down,
            "orders": OrderRepository(down, InProcessTTLCache()),
            "records": SupportRecords(down),
        }
    )
    try:
        async with Assistant.open(graph_deps.settings, db=indexed_db, deps=deps) as bot:
            yield bot
    finally:
        close_pool(down.url)


def counter(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def test_that_a_ticket_that_keeps_failing_ends_in_dead_letter_with_its_error_type(
    graph_settings, indexed_db, outage_assistant
):
    failures_before = counter("supportdesk_ticket_attempt_failures_total", error="AssistantOutage")
    service = await open_ticket_service(graph_settings, indexed_db, outage_assistant, policy=FAST)
    try:
        pick = pick_order(indexed_db, "in_transit")
        submitted = await service.submit(ticket(pick.email, f"Where is order {pick.order_id}?"))
        dead = await wait_until(service, submitted.ticket.id, SETTLED)
        assert dead.status == "dead_letter"
        assert dead.error == "AssistantOutage" and dead.attempts == FAST.max_attempts
        assert dead.id in {t.id for t in await service.list(status="dead_letter", limit=500)}
    finally:
        await service.close()
    failures = counter("supportdesk_ticket_attempt_failures_total", error="AssistantOutage")
    assert failures - failures_before == FAST.max_attempts
    with indexed_db.connect() as conn:
        audit = conn.execute(
            "SELECT actor_type, action FROM audit_log WHERE subject_id = %s",
            (dead.conversation_id,),
        ).fetchall()
    assert audit == [{"actor_type": "system", "action": "ticket.dead_letter"}]


async def test_that_a_restart_takes_back_tickets_a_dead_process_left_queued_or_processing(
    graph_settings, indexed_db, assistant
):
    store, leases = TicketStore(indexed_db), Leases(indexed_db)
    picks = [pick_order(indexed_db, "in_transit") for _ in range(2)]
    left_queued, _ = store.insert(ticket(picks[0].email, f"Where is {picks[0].order_id}?"))
    left_processing, _ = store.insert(ticket(picks[1].email, f"Where is {picks[1].order_id}?"))
    claim = leases.claim(left_processing.id, lease_seconds=0.3)  # its process then "dies"
    assert claim.status == "claimed"
    await asyncio.sleep(0.5)
    service = await open_ticket_service(graph_settings, indexed_db, assistant, policy=FAST)
    try:
        for ticket_id, attempts in ((left_queued.id, 1), (left_processing.id, 2)):
            done = await wait_until(service, ticket_id, SETTLED)
            assert done.status == "answered" and done.attempts == attempts
    finally:
        await service.close()


async def test_that_running_a_finished_ticket_again_does_not_answer_it_twice(
    service, indexed_db, assistant
):
    pick = pick_order(indexed_db, "dispatched")
    submitted = await service.submit(ticket(pick.email, f"Any news on order {pick.order_id}?"))
    done = await wait_until(service, submitted.ticket.id, SETTLED)
    assert done.status == "answered"
    # As if the worker died after the graph answered but before the ticket row was updated.
    with indexed_db.connect() as conn:
        conn.execute("DELETE FROM ticket_outbox WHERE ticket_id = %s", (done.id,))
        conn.execute(
            "UPDATE tickets SET status = 'queued', reply = NULL, finished_at = NULL WHERE id = %s",
            (done.id,),
        )
    again = await process_ticket(done.id, indexed_db, assistant, FAST)
    assert again.status == "answered"
    rerun = await service.get(done.id)
    assert rerun.reply == done.reply and rerun.attempts == 2
    assert turns_run(indexed_db, done.conversation_id) == 1  # the graph did not run again
    assert len(outbox(indexed_db, done.id)) == 1


async def test_that_ticket_text_and_sender_never_reach_the_logs(service, indexed_db, caplog):
    pick = pick_order(indexed_db, "in_transit")
    body = (
        f"Hi, this is {pick.full_name}, phone 07700 900123, postcode {pick.postcode}. "
        f"Where is my order {pick.order_id}?"
    )
    with caplog.at_level(logging.DEBUG):
        submitted = await service.submit(ticket(pick.email, body, subject="Parcel question"))
        await wait_until(service, submitted.ticket.id, SETTLED)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert submitted.ticket.id in logged  # the ticket was logged, by id
    private_values = (pick.email, pick.full_name, "07700 900123", pick.postcode, pick.order_id)
    for private in (*private_values, "Parcel question"):
        assert private not in logged


def test_that_a_form_order_number_reaches_the_graph_text_once():
    def work(body: str, order_number: str | None) -> TicketWork:
        return TicketWork(
            id=str(uuid.uuid4()),
            channel="form",
            subject="Delivery",
            body=body,
            sender_email="someone@example.com",
            order_number=order_number,
            attempts=1,
            lease_token=str(uuid.uuid4()),
            intent=None,
        )

    assert ticket_message(work("Where is it?", "HR-123456")) == (
        "Delivery\n\nWhere is it?\n\nOrder number: HR-123456"
    )
    assert ticket_message(work("Where is hr-123456?", "HR-123456")).count("123456") == 1
    assert ticket_message(work("Where is it?", None)) == "Delivery\n\nWhere is it?"
