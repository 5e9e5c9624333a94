"""The assistant as the chat UI, the API and the CLI use it: send a message, resume a case.

One `Assistant` per process holds the loaded models, the compiled graph and its Postgres
checkpointer. Every public method returns a typed result and never raises for what a customer
or agent can cause; an outage becomes a polite apology and a log line without personal data.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import asdict
from typing import Any

import psycopg
from langgraph.types import Command

from graph.builder import build_graph
from graph.checkpoint import open_checkpointer, thread_config
from graph.deps import GraphDeps, open_graph_deps
from graph.follow_up import follow_up_reading, read_follow_up, urgent_decision
from graph.messages import turn_message
from graph.nodes.common import token_chunks
from graph.nodes.handoff import validate_decision
from graph.tracing import tracing_callbacks
from nlp.pii import Vault
from nlp.pii.unmask import unmask
from nlp.understand import ConversationContext, CustomerContext
from store.database import Database, open_database
from store.ids import is_uuid
from supportdesk.errors import DatabaseUnavailableError
from supportdesk.logs import conversation_scope
from supportdesk.observe import GraphMetrics, record_turn
from supportdesk.settings import Settings
from supportdesk.turns import (
    ResumeResult,
    Session,
    TurnResult,
    TurnTimer,
    error_result,
    unmask_packet,
)

log = logging.getLogger(__name__)
TokenSink = Callable[[str], None]
OUTAGES = (DatabaseUnavailableError, psycopg.OperationalError, OSError)


class Assistant:
    def __init__(self, deps: GraphDeps, graph: Any) -> None:
        self.deps = deps
        self.graph = graph
        self.callbacks = tracing_callbacks(deps.settings)
        self.metrics = GraphMetrics()  # node timings, LLM calls and tokens (supportdesk/observe)

    @classmethod
    @asynccontextmanager
    async def open(
        cls,
        settings: Settings,
        *,
        db: Database | None = None,
        deps: GraphDeps | None = None,
        progress: Callable[[str], None] = lambda _m: None,
    ) -> AsyncIterator[Assistant]:
        database = db or (deps.db if deps else open_database(settings))
        owned = deps is None
        graph_deps = deps or await open_graph_deps(settings, database, progress=progress)
        try:
            async with open_checkpointer(database) as saver:
                yield cls(graph_deps, build_graph(graph_deps, saver))
        finally:
            if owned:
                await graph_deps.aclose()

    def _config(self, conversation_id: str) -> dict[str, Any]:
        config = thread_config(conversation_id)
        config["callbacks"] = [*self.callbacks, self.metrics]
        return config

    async def _stream(self, graph_input: Any, conversation_id: str, run: TurnTimer) -> None:
        async for mode, chunk in self.graph.astream(
            graph_input, self._config(conversation_id), stream_mode=["custom", "updates"]
        ):
            if mode == "custom" and isinstance(chunk, dict) and chunk.get("type") == "token":
                run.token(str(chunk.get("text", "")))

    async def send(
        self,
        message: str | bytes | None,
        session: Session,
        *,
        conversation_id: str | None = None,
        on_token: TokenSink | None = None,
    ) -> TurnResult:
        """One customer turn; its log lines name the conversation, its outcome is counted."""
        conversation_id = conversation_id or str(uuid.uuid4())
        with conversation_scope(conversation_id):
            result = await self._turn(
                message, session, conversation_id=conversation_id, on_token=on_token
            )
            record_turn(session.channel, result)
        return result

    async def _turn(
        self,
        message: str | bytes | None,
        session: Session,
        *,
        conversation_id: str | None = None,
        on_token: TokenSink | None = None,
    ) -> TurnResult:
        received_at = time.time()
        run = TurnTimer(on_token)
        conversation_id = conversation_id or str(uuid.uuid4())
        if not is_uuid(conversation_id):
            return error_result(conversation_id, run, "unknown_conversation", turn_message("error"))
        try:
            snapshot, _ = await asyncio.gather(
                self.graph.aget_state(self._config(conversation_id)),
                asyncio.to_thread(
                    self.deps.records.ensure_conversation,
                    conversation_id,
                    customer_id=session.customer_id,
                    channel=session.channel,
                    market=session.market,
                ),
            )
            graph_input = {
                "incoming": message if isinstance(message, str) else _decode(message),
                "conversation_id": conversation_id,
                "channel": session.channel,
                "identity": _identity(session, snapshot.values),
                "customer_name": session.customer_name,
                "market": session.market,
                "turn_started_at": received_at,
            }
            if snapshot.interrupts:  # a colleague has this conversation: do not re-answer
                return await self._note_for_agent(conversation_id, graph_input, run)
            await self._stream(graph_input, conversation_id, run)
            values = (await self.graph.aget_state(self._config(conversation_id))).values
        except OUTAGES as exc:
            log.error("turn failed in %s: %s", conversation_id, type(exc).__name__)
            return error_result(conversation_id, run, "outage", turn_message("outage"))
        except Exception as exc:  # never a traceback to a customer; the log names the type only
            log.error("turn failed in %s: %s", conversation_id, type(exc).__name__, exc_info=False)
            await self._record_failure(conversation_id, type(exc).__name__)
            return error_result(conversation_id, run, "error", turn_message("error"))
        return TurnResult.from_state(conversation_id, values, run)

    async def _record_failure(self, conversation_id: str, error_type: str) -> None:
        """Keep a durable trace of the failed turn for the team (no message content)."""
        try:
            await asyncio.to_thread(
                self.deps.records.record_feedback,
                conversation_id,
                "turn_error",
                None,
                {"error_type": error_type},
            )
        except Exception:  # the database itself may be the problem; the log line stands
            log.warning("could not record the failed turn in %s", conversation_id)

    async def _note_for_agent(
        self, conversation_id: str, graph_input: dict[str, Any], run: TurnTimer
    ) -> TurnResult:
        """A message while a colleague has the case: add it to their card, do not re-answer.
        It is still read: one that calls for a specialist or a senior agent (anger, a request
        for a person, legal words) moves the waiting case to that queue (graph/follow_up.py)."""
        values = (await self.graph.aget_state(self._config(conversation_id))).values
        reading = await asyncio.to_thread(
            read_follow_up,
            str(graph_input["incoming"] or ""),
            ConversationContext(vault=Vault.from_dict(values.get("vault"))),
            CustomerContext(
                full_name=graph_input.get("customer_name"), market=graph_input.get("market")
            ),
            self.deps.models,
        )
        escalation_id = values.get("escalation_id")
        reason = "a colleague already has this conversation; the message was added to it"
        if escalation_id:
            await asyncio.to_thread(
                self.deps.records.add_follow_up,
                str(escalation_id),
                reading.masked_text,
                follow_up_reading(reading),
            )
            urgent = urgent_decision(reading, self.deps.gate)
            if urgent is not None and urgent.queue is not None:
                moved = await asyncio.to_thread(
                    self.deps.records.raise_queue, str(escalation_id), urgent.queue, urgent.reason
                )
                if moved:
                    reason += f"; moved to the {urgent.queue} queue: {urgent.reason}"
        text = turn_message("noted_for_agent")
        for chunk in token_chunks(text):
            run.token(chunk)
        return TurnResult(
            conversation_id=conversation_id,
            route="waiting_agent",
            reason=reason,
            # What this message was read as (the case keeps the first turn's intent).
            intent=str(reading.record["intent"]),
            confidence=float(reading.record["confidence"]),
            text=text,
            citations=[],
            escalation_id=str(escalation_id) if escalation_id else None,
            packet=None,
            ttft_ms=run.ttft_ms(),
            total_ms=run.elapsed_ms(),
            retrieval={},
        )

    async def resume(
        self,
        escalation_id: str,
        decision: dict[str, Any],
        *,
        agent_id: str | None = None,
        on_token: TokenSink | None = None,
    ) -> ResumeResult:
        try:
            decision = validate_decision({**decision, "agent_id": agent_id})
        except ValueError as exc:
            return ResumeResult(status="invalid", detail=str(exc))
        claim = await asyncio.to_thread(self.deps.records.claim, escalation_id, agent_id)
        if claim.status == "not_found" or claim.escalation is None:
            return ResumeResult(status="not_found", detail=_claim_detail("not_found"))
        if claim.status == "already_handled":
            return ResumeResult(status="already_handled", detail=_claim_detail(claim.status))
        conversation_id = claim.escalation.conversation_id
        snapshot = await self.graph.aget_state(self._config(conversation_id))
        if not snapshot.interrupts or snapshot.values.get("escalation_id") != escalation_id:
            await asyncio.to_thread(self.deps.records.release, escalation_id)
            return ResumeResult(status="already_handled", detail=_claim_detail("already_handled"))
        run = TurnTimer(on_token)
        try:
            await self._stream(Command(resume=decision), conversation_id, run)
        except OUTAGES as exc:
            log.error("resume failed in %s: %s", conversation_id, type(exc).__name__)
            await asyncio.to_thread(self.deps.records.release, escalation_id)
            return ResumeResult(status="error", detail=turn_message("outage"))
        after = await self.graph.aget_state(self._config(conversation_id))
        values = after.values
        new_escalation = values.get("escalation_id") if after.interrupts else None
        return ResumeResult(
            status="resumed",
            conversation_id=conversation_id,
            action=decision["action"],
            sent_text="".join(run.streamed) or None,
            new_escalation_id=str(new_escalation) if new_escalation else None,
            new_draft=unmask((values.get("draft") or {}).get("text", ""), _vault(values)).text
            if new_escalation
            else None,
        )

    async def hand_back(self, conversation_id: str, *, agent_id: str | None = None) -> bool:
        """End a take-over: the assistant answers in this conversation again."""
        config = self._config(conversation_id)
        values = (await self.graph.aget_state(config)).values
        if not values.get("taken_over"):
            return False
        await self.graph.aupdate_state(
            config, {"taken_over": False, "taken_over_by": None}, as_node="respond"
        )
        await asyncio.to_thread(
            self.deps.records.update_conversation, conversation_id, status="open"
        )
        await asyncio.to_thread(
            self.deps.records.audit, "agent", agent_id, "conversation.handed_back", conversation_id
        )
        return True

    async def escalation_card(self, escalation_id: str) -> dict[str, Any] | None:
        """The packet with real values restored, for an agent's eyes (desk, CLI)."""
        row = await asyncio.to_thread(self.deps.records.get_escalation, escalation_id)
        if row is None:
            return None
        values = (await self.graph.aget_state(self._config(row.conversation_id))).values
        card: dict[str, Any] = unmask_packet(row.packet, _vault(values))
        card.update(escalation_id=row.id, status=row.status, created_at=row.created_at.isoformat())
        return card

    async def conversation_state(self, conversation_id: str) -> dict[str, Any]:
        return dict((await self.graph.aget_state(self._config(conversation_id))).values)


def _identity(session: Session, values: dict[str, Any]) -> dict[str, Any]:
    """The session's identity, keeping the orders a guest already verified in this thread."""
    record = session.identity().to_record()
    if session.customer_id is None:
        earlier = (values.get("identity") or {}).get("verified_orders") or []
        record["verified_orders"] = list(earlier)
    return record


def _vault(values: dict[str, Any]) -> Vault:
    return Vault.from_dict(values.get("vault"))


def _decode(message: bytes | None) -> str:
    return message.decode("utf-8", errors="replace") if message else ""


def _claim_detail(status: str) -> str:
    if status == "not_found":
        return "No escalation has that id."
    return "This case was already handled by another agent; nothing was sent."


__all__ = ["Assistant", "ResumeResult", "Session", "TurnResult", "asdict"]
