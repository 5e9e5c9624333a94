"""mask and understand: the customer's words become masked text, intent and sentiment.

A new turn starts in `mask`, which also clears the previous turn's working fields (facts, draft,
decision) so nothing from an earlier answer leaks into this one; the conversation-long fields
(vault, transcript, order in focus) are kept.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graph.deps import GraphDeps
from graph.gate import ASKED_BEFORE
from graph.nodes.common import customer_of, entry, vault_of
from graph.state import SupportState
from nlp.follow_up import only_identifies
from nlp.intent.model import IntentPrediction
from nlp.intent.sentence_view import read_intent
from nlp.reading_rules import apply_to_record
from nlp.understand import (
    ConversationContext,
    MaskedTurn,
    embed_in_background,
    mask_turn,
    understand_turn,
)

Node = Callable[[SupportState], dict[str, Any]]
FOLLOW_UP_MAX_WORDS = 12
MAX_PENDING = 256
SURE_ALONE = 0.6  # stand-alone confidence at which an explicit request is not re-read
EXPLICIT_REQUESTS = frozenset({"human_request", "complaint", "privacy_request", "chargeback_fraud"})


def make_mask(deps: GraphDeps) -> Node:
    def mask(state: SupportState) -> dict[str, Any]:
        key = _pending_key(state, int(state.get("turn", 0)) + 1)

        def embed_beside(text: str) -> None:
            if state.get("taken_over"):
                return  # `silent` runs next: nobody would collect the vector
            if len(deps.pending_vectors) >= MAX_PENDING:
                deps.pending_vectors.clear()  # uncollected (a crashed turn): never grow forever
            deps.pending_vectors[key] = embed_in_background(deps.models, text)

        turn = mask_turn(
            state.get("incoming", ""),
            vault_of(state),
            customer_of(state),
            deps.models.masker,
            on_clean=embed_beside,
        )
        flags = list(turn.flags)
        if asked_last_turn(state):
            flags.append(ASKED_BEFORE)
        return {
            "turn": int(state.get("turn", 0)) + 1,
            "clean_text": turn.clean_text,
            "masked_text": turn.masked_text,
            "flags": flags,
            "vault": turn.vault.to_dict(),
            "transcript": [entry("customer", turn.masked_text)],
            "facts": [],
            "tool_calls": [],
            "retrieval": {},
            "draft": {},
            "check": {},
            "decision": {},
            "escalation_id": None,
            "escalation_revision": 0,
            "agent_decision": None,
            "reclassified_from": None,
            "reply": None,
        }

    return mask


def make_understand(deps: GraphDeps) -> Node:
    def understand(state: SupportState) -> dict[str, Any]:
        turn = MaskedTurn(
            clean_text=state.get("clean_text", ""),
            masked_text=state.get("masked_text", ""),
            vault=vault_of(state),
            flags=tuple(state.get("flags") or ()),
            original_length=len(state.get("incoming", "")),
        )
        vector = deps.pending_vectors.pop(_pending_key(state, int(state.get("turn", 1))), None)
        result = understand_turn(
            turn, ConversationContext(vault=turn.vault), models=deps.models, vector=vector
        )
        record = result.to_record()
        intent: str = result.intent.intent
        confidence = float(result.intent.confidence)
        earlier = _earlier_intent(state)
        if earlier is not None and only_identifies(turn.masked_text):
            # The customer answered our request for an order number or postcode: the question
            # they asked before is the one to answer now.
            intent, confidence = earlier
            record.update(
                intent=intent, confidence=round(confidence, 4), context="identification_reply"
            )
        else:
            # A later turn that reads as out of scope alone is re-read whatever its length ("ok
            # great. and how do i look after it? we have two kids who spill everything"); a
            # long one takes the reading with the message before only when that is surer.
            short = len(turn.clean_text.split()) <= FOLLOW_UP_MAX_WORDS
            in_context = _in_context(deps, state, turn.clean_text, any_length=intent == "other")
            if in_context is not None and (
                # Read with the message before, a follow-up ("and which courier is bringing
                # it?") is usually surer; but a clear request for a person, a complaint or a
                # privacy or payment dispute is never re-read as the earlier question.
                (
                    in_context.confidence > confidence
                    and not (intent in EXPLICIT_REQUESTS and confidence >= SURE_ALONE)
                )
                # "and for the other order, what's my last day?" alone reads as out of scope;
                # with the message before it, it is the same question about another order.
                or (short and intent == "other" and in_context.intent != "other")
            ):
                intent, confidence = in_context.intent, float(in_context.confidence)
                record.update(
                    intent=intent, confidence=round(confidence, 4), context="previous_message"
                )
        # "Are you a real person?", "...I need to explain this to an actual person", "please log
        # this as a complaint": words that say what the message is decide it (nlp/reading_rules.py).
        rule = apply_to_record(record, turn.clean_text)
        if rule is not None:
            intent, confidence = rule.intent, rule.confidence
        return {
            "understanding": record,
            "intent": intent,
            "confidence": confidence,
            "flags": list(result.flags),
        }

    return understand


def asked_last_turn(state: SupportState) -> bool:
    """Whether the assistant's last reply was a clarifying question sent on its own. Read in
    `mask`, the one moment the previous turn's draft and decision are still in the state."""
    draft = state.get("draft") or {}
    decision = state.get("decision") or {}
    return bool(draft.get("clarifying_question")) and decision.get("route") == "auto_reply"


def _pending_key(state: SupportState, turn: int) -> str:
    return f"{state.get('conversation_id')}:{turn}"


def _earlier_intent(state: SupportState) -> tuple[str, float] | None:
    """The previous turn's intent and confidence (the mask node keeps them until this node)."""
    if int(state.get("turn", 1)) <= 1:
        return None
    intent = state.get("intent")
    if not intent or intent == "other":
        return None
    return str(intent), float(state.get("confidence") or 0.0)


def _in_context(
    deps: GraphDeps, state: SupportState, text: str, *, any_length: bool = False
) -> IntentPrediction | None:
    """A short follow-up ("and when will it arrive?") means little alone: read it together with
    the customer's previous message, and keep whichever reading is more confident."""
    if not text or (len(text.split()) > FOLLOW_UP_MAX_WORDS and not any_length):
        return None
    earlier = [e["text"] for e in (state.get("transcript") or [])[:-1] if e["role"] == "customer"]
    if not earlier or not earlier[-1].strip():
        return None
    combined = f"{earlier[-1]} {text}"
    models = deps.models
    return read_intent(models.intent, models.embeddings.embed_query(combined), combined)
