"""draft and gate: write the reply from the facts, then decide its route before anyone sees it.

The LLM drafter is used when configured; on a timeout, an HTTP error or unusable output the
template drafter writes from the same facts, so the customer never sees an error. The gate runs
the post-generation check as if the reply were going out automatically: a draft that invents a
number, date or placeholder, or promises money, can only reach the customer through an agent.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

from drafting.check import check_draft
from drafting.template import draft_with_templates
from drafting.types import Draft
from graph.deps import GraphDeps
from graph.gate import GateDecision, GateInput, decide
from graph.messages import messages_version, turn_message
from graph.nodes.common import facts_of
from graph.state import SupportState
from nlp.pii.vault import PLACEHOLDER_RE

log = logging.getLogger(__name__)
AsyncNode = Callable[[SupportState], Awaitable[dict[str, Any]]]
_DIGIT = re.compile(r"\d")


def make_draft(deps: GraphDeps) -> AsyncNode:
    async def draft(state: SupportState) -> dict[str, Any]:
        return {"draft": (await _write(deps, state)).to_record()}

    return draft


async def _write(deps: GraphDeps, state: SupportState) -> Draft:
    flags = set(state.get("flags") or ())
    if {"empty", "no_words"} & flags:
        return Draft(
            text=turn_message("empty"),
            citations=(),
            grounded=False,  # states nothing, so there is nothing to ground
            drafter="template",
            template_id=f"turn.empty@v{messages_version()}",
            clarifying_question=True,
        )
    facts = facts_of(state)
    intent = state.get("intent", "other")
    masked = state.get("masked_text", "")
    if deps.llm is not None:
        from drafting.llm import LlmFailure

        result = await deps.llm.draft(
            intent,
            facts,
            masked_message=masked,
            history=[(e["role"], e["text"]) for e in (state.get("transcript") or [])[-8:-1]],
            market=state.get("market"),
        )
        if not isinstance(result, LlmFailure):
            return result
        log.warning("LLM drafting failed (%s); the template drafter writes instead", result.kind)
        fallback = _template(state, intent, facts, masked)
        return replace(
            fallback, notes=(*fallback.notes, f"LLM unavailable ({result.kind}): template used")
        )
    return _template(state, intent, facts, masked)


def _template(state: SupportState, intent: str, facts: list[Any], masked: str) -> Draft:
    return draft_with_templates(
        intent,
        facts,
        masked_message=masked,
        market=state.get("market"),
        follow_up=int(state.get("turn", 1)) > 1,
    )


def make_gate(deps: GraphDeps) -> Callable[[SupportState], dict[str, Any]]:
    def gate(state: SupportState) -> dict[str, Any]:
        draft = Draft.from_record(state.get("draft") or {})
        facts = facts_of(state)
        check = check_draft(
            draft, facts, masked_message=state.get("masked_text", ""), auto_route=True
        )
        decision = _decision(deps, state, draft, check.problems)
        return {
            "check": {"ok": check.ok, "problems": list(check.problems)},
            "decision": decision.to_record(),
        }

    return gate


def _decision(
    deps: GraphDeps, state: SupportState, draft: Draft, problems: tuple[str, ...]
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
    understanding = state.get("understanding") or {}
    sentiment = understanding.get("sentiment") or {}
    signals = understanding.get("signals") or {}
    order_value = signals.get("order_value")
    return decide(
        GateInput(
            intent=state.get("intent", "other"),
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
            claim_free=_claim_free(draft),
        ),
        deps.gate,
    )


def _claim_free(draft: Draft) -> bool:
    """States nothing that could be wrong: no citations, numbers, placeholders or promises."""
    return not (
        draft.citations
        or draft.promises
        or _DIGIT.search(draft.text)
        or PLACEHOLDER_RE.search(draft.text)
    )
