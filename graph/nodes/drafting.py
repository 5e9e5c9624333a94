"""draft and gate: write the reply from the facts, then decide its route before anyone sees it.

With an LLM configured, one model call gets the plan's facts with the tools bound and writes the
reply (or asks for more look-ups first, see drafting/llm.py). The reply streams: each complete
sentence goes through `SentenceGate`, which runs the post-generation check and the gate itself
on the draft so far, and shows the new sentence to the customer only when that draft is one the
gate would send on its own. Only turns whose route before drafting is automatic stream at all;
a sentence that fails the check stops the stream, and the gate node then hands the turn to a
person with the failure as its reason. What the customer has seen is kept in `check.shown`, so
respond sends only the rest.

On a timeout, an HTTP error or unusable output before anything was shown, the template drafter
writes from the plan's facts, so the customer never sees an error. The gate node runs the check
as if the reply were going out automatically: a draft that invents a number, date or
placeholder, or promises money, can only reach the customer through an agent.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from langgraph.config import get_stream_writer

from drafting.check import check_draft
from drafting.template import draft_with_templates
from drafting.types import Draft
from graph.deps import GraphDeps
from graph.gate import GateDecision, GateInput, decide
from graph.messages import messages_version, turn_message
from graph.nodes.common import entry, facts_of, history_of, token_chunks
from graph.nodes.retrieval import focused_order, order_signals, retrieval_update, tool_context
from graph.state import SupportState
from nlp.pii.unmask import unmask
from nlp.pii.vault import PLACEHOLDER_RE, Vault
from tools.facts import Fact

if TYPE_CHECKING:
    from drafting.llm import LlmDrafter

log = logging.getLogger(__name__)
AsyncNode = Callable[[SupportState], Awaitable[dict[str, Any]]]
_DIGIT = re.compile(r"\d")
# Between the part of an answer the customer saw and the hand-off sentence that follows it.
PARAGRAPH = "\n\n"


def make_draft(deps: GraphDeps) -> AsyncNode:
    if deps.llm is not None:
        from tools.llm_selection import shared_tools

        shared_tools()  # built with the graph, not during the first customer's turn

    async def draft(state: SupportState) -> dict[str, Any]:
        flags = set(state.get("flags") or ())
        if {"empty", "no_words"} & flags:
            return {"draft": _empty_message().to_record()}
        if deps.llm is not None:
            return await _write_with_llm(deps, deps.llm, state)
        draft = _template(state, facts_of(state))
        update: dict[str, Any] = {"draft": draft.to_record()}
        if draft.answered_as and draft.answered_as != state.get("intent"):
            # "Can I swap it for the bigger size?" before the order has left us is an order
            # change (the taxonomy's line between the two): the turn is gated and recorded as
            # what the reply answers, at the confidence the model gave the swap.
            update["intent"] = draft.answered_as
            # The understanding record (the agent's card, the feedback event) says so too, and
            # what the model read it as.
            record = dict(state.get("understanding") or {})
            update["understanding"] = {
                **record,
                "intent": draft.answered_as,
                "context": "answered_as",
                "read_as": record.get("intent"),
            }
        return update

    return draft


def _empty_message() -> Draft:
    return Draft(
        text=turn_message("empty"),
        citations=(),
        grounded=False,  # states nothing, so there is nothing to ground
        drafter="template",
        template_id=f"turn.empty@v{messages_version()}",
        clarifying_question=True,
    )


async def _write_with_llm(deps: GraphDeps, llm: LlmDrafter, state: SupportState) -> dict[str, Any]:
    from drafting.llm import LlmFailure
    from tools.llm_selection import SessionLookups

    ctx = tool_context(deps, state)
    facts = facts_of(state)
    lookups = SessionLookups(ctx, plan_calls=state.get("tool_calls") or (), plan_facts=facts)
    sentences = SentenceGate(deps, state, ctx.vault)
    result = await llm.answer(
        state.get("intent", "other"),
        facts,
        masked_message=state.get("masked_text", ""),
        history=history_of(state),
        market=state.get("market"),
        lookups=lookups,
        max_rounds=deps.settings.llm_tool_rounds,
        sink=sentences if sentences.allowed else None,
    )
    record: dict[str, Any] = {"mode": "llm"}
    if isinstance(result, LlmFailure):
        if not sentences.shown or sentences.latest is None:
            log.warning("LLM drafting failed (%s); the template drafter writes", result.kind)
            fallback = _template(state, facts)
            note = f"LLM unavailable ({result.kind}): template used"
            return {"draft": replace(fallback, notes=(*fallback.notes, note)).to_record()}
        # The customer has read the start of the answer: it stands as far as it got.
        log.warning("LLM stream broke (%s) after text was shown", result.kind)
        draft, facts = sentences.latest
        draft = replace(draft, notes=(*draft.notes, f"the model stopped early ({result.kind})"))
    else:
        draft, facts = result.draft, list(result.facts)
        record.update(model_calls=result.model_calls, tool_rounds=result.tool_rounds)
    update: dict[str, Any] = {"draft": draft.to_record(), "check": {"shown": sentences.shown}}
    if lookups.calls:
        found = replace(lookups.result(), facts=tuple(facts))
        update.update(retrieval_update(deps, state, ctx, found, record, after_plan=True))
    else:
        update["retrieval"] = {**(state.get("retrieval") or {}), **record}
    return update


def _template(state: SupportState, facts: list[Fact]) -> Draft:
    return draft_with_templates(
        state.get("intent", "other"),
        facts,
        masked_message=state.get("masked_text", ""),
        market=state.get("market"),
        follow_up=int(state.get("turn", 1)) > 1,
    )


class SentenceGate:
    """The `SentenceSink` of one turn: shows each sentence of a streaming draft as soon as the
    draft so far passes the check and the gate would send it automatically.

    Every prefix the customer sees is thus a reply the gate approved in full. Sentences before
    the first citation wait: a reply that grounds nothing (a clarifying question, a polite
    redirect) is judged only once it is whole. Once a sentence fails the check nothing more is
    shown: the final gate finds the same problem and hands the turn over."""

    def __init__(self, deps: GraphDeps, state: SupportState, vault: Vault) -> None:
        self.deps, self.state, self.vault = deps, state, vault
        self.allowed = may_stream(deps, state)
        self.shown = ""  # masked text the customer has been sent
        self.latest: tuple[Draft, list[Fact]] | None = None  # the last draft offered
        self._stopped = False
        self._writer: Callable[[Any], None] | None = None
        self._order = state.get("order_in_focus")
        self._understanding = state.get("understanding") or {}

    async def offer(self, draft: Draft, facts: Sequence[Fact], final: bool) -> bool:
        self.latest = (draft, list(facts))
        if self._stopped or not (final or draft.grounded):
            return bool(self.shown)
        check = check_draft(
            draft, facts, masked_message=self.state.get("masked_text", ""), auto_route=True
        )
        decision = gate_decision(self.deps, self.state, draft, check.problems, self._signals(facts))
        self._stopped = bool(check.problems)
        if decision.automatic and draft.text.startswith(self.shown):
            self._send(draft.text[len(self.shown) :])
            self.shown = draft.text
            # Let the graph's stream hand the sentence on now: the rest of the reply may be
            # buffered already, and reading it would not give the event loop a turn.
            await asyncio.sleep(0)
        return bool(self.shown)

    def _send(self, masked: str) -> None:
        if not masked:
            return
        if self._writer is None:
            self._writer = get_stream_writer()
        for chunk in token_chunks(unmask(masked, self.vault).text):
            self._writer({"type": "token", "text": chunk})

    def _signals(self, facts: Sequence[Fact]) -> dict[str, Any]:
        """The understanding the gate weighs: recomputed only if a look-up changed the order."""
        order = focused_order(facts) or self.state.get("order_in_focus")
        if order != self._order:
            self._order = order
            self._understanding = order_signals(self.deps, self.state, facts, order)
        return self._understanding


def may_stream(deps: GraphDeps, state: SupportState) -> bool:
    """The route before drafting: would a grounded draft that passes the check go out on its
    own? Only the draft's part of the gate is assumed here; intent, confidence, sentiment,
    signals and flags are this turn's, and the gate's own table decides."""
    hopeful = Draft(text="", citations=("(any fact)",), grounded=True, drafter="llm")
    return gate_decision(deps, state, hopeful, ()).automatic


def make_gate(deps: GraphDeps) -> Callable[[SupportState], dict[str, Any]]:
    def gate(state: SupportState) -> dict[str, Any]:
        draft = Draft.from_record(state.get("draft") or {})
        facts = facts_of(state)
        check = check_draft(
            draft, facts, masked_message=state.get("masked_text", ""), auto_route=True
        )
        decision = gate_decision(deps, state, draft, check.problems)
        update: dict[str, Any] = {
            "check": {"ok": check.ok, "problems": list(check.problems)},
            "decision": decision.to_record(),
        }
        shown = str((state.get("check") or {}).get("shown") or "")
        if shown:
            update["check"]["shown"] = shown
            if not decision.automatic:
                # The customer read the start before a later sentence was stopped: it stays
                # in the conversation, and the hand-off sentence starts on a line of its own.
                get_stream_writer()({"type": "token", "text": PARAGRAPH})
                update["transcript"] = [entry("assistant", shown)]
        return update

    return gate


def gate_decision(
    deps: GraphDeps,
    state: SupportState,
    draft: Draft,
    problems: tuple[str, ...],
    understanding: dict[str, Any] | None = None,
) -> GateDecision:
    if state.get("agent_review"):
        # Re-drafted after an agent reassigned the intent: the agent reviews it, it never
        # goes out on its own.
        return GateDecision(
            "agent_suggestion",
            f"re-drafted as {state.get('intent', 'other').replace('_', ' ')} for the agent",
            None,
            deps.gate.version,
        )
    return decide(gate_input_from_state(state, draft, problems, understanding), deps.gate)


def gate_input_from_state(
    state: SupportState | dict[str, Any],
    draft: Draft,
    problems: tuple[str, ...],
    understanding: dict[str, Any] | None = None,
) -> GateInput:
    """What the gate weighs, read from a conversation state. One reader for the gate node and
    for the evaluation's replay of recorded states, so the two cannot drift apart."""
    if understanding is None:
        understanding = state.get("understanding") or {}
    sentiment = understanding.get("sentiment") or {}
    signals = understanding.get("signals") or {}
    order_value = signals.get("order_value")
    return GateInput(
        intent=str(state.get("intent", "other")),
        confidence=float(state.get("confidence", 0.0)),
        angry=bool(sentiment.get("angry", False)),
        anger=float(sentiment.get("anger", 0.0)),
        high_value=bool(signals.get("high_value", False)),
        order_value=f"{order_value} {signals.get('currency') or ''}".strip()
        if order_value
        else None,
        repeat_contact=bool(signals.get("repeat_contact", False)),
        recent_contacts=int(signals.get("recent_contacts", 0)),
        keywords=tuple(signals.get("keywords") or ()),
        flags=tuple(state.get("flags") or ()),
        grounded=draft.grounded,
        clarifying_question=draft.clarifying_question,
        check_problems=problems,
        claim_free=claim_free(draft),
    )


def claim_free(draft: Draft) -> bool:
    """States nothing that could be wrong: no citations, numbers, placeholders or promises, and
    not a redirect its drafter doubts (an out-of-scope reply to a question about an order)."""
    return not (
        draft.needs_person
        or draft.citations
        or draft.promises
        or _DIGIT.search(draft.text)
        or PLACEHOLDER_RE.search(draft.text)
    )
