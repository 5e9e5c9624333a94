"""mask and understand: the customer's words become masked text, intent and sentiment.

A new turn starts in `mask`, which also clears the previous turn's working fields (facts, draft,
decision) so nothing from an earlier answer leaks into this one; the conversation-long fields
(vault, transcript, order in focus) are kept.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graph.deps import GraphDeps
from graph.nodes.common import customer_of, entry, vault_of
from graph.state import SupportState
from nlp.intent.model import IntentPrediction
from nlp.stages import MaskedTurn, mask_turn, understand_turn
from nlp.understand import ConversationContext

Node = Callable[[SupportState], dict[str, Any]]
FOLLOW_UP_MAX_WORDS = 12


def make_mask(deps: GraphDeps) -> Node:
    def mask(state: SupportState) -> dict[str, Any]:
        turn = mask_turn(
            state.get("incoming", ""), vault_of(state), customer_of(state), deps.models.masker
        )
        return {
            "turn": int(state.get("turn", 0)) + 1,
            "clean_text": turn.clean_text,
            "masked_text": turn.masked_text,
            "flags": list(turn.flags),
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
        result = understand_turn(turn, ConversationContext(vault=turn.vault), models=deps.models)
        record = result.to_record()
        intent, confidence = result.intent.intent, float(result.intent.confidence)
        in_context = _in_context(deps, state, turn.clean_text)
        if in_context is not None and in_context.confidence > confidence:
            intent, confidence = in_context.intent, float(in_context.confidence)
            record.update(
                intent=intent, confidence=round(confidence, 4), context="previous_message"
            )
        return {
            "understanding": record,
            "intent": intent,
            "confidence": confidence,
            "flags": list(result.flags),
        }

    return understand


def _in_context(deps: GraphDeps, state: SupportState, text: str) -> IntentPrediction | None:
    """A short follow-up ("and when will it arrive?") means little alone: read it together with
    the customer's previous message, and keep whichever reading is more confident."""
    if not text or len(text.split()) > FOLLOW_UP_MAX_WORDS:
        return None
    earlier = [e["text"] for e in (state.get("transcript") or [])[:-1] if e["role"] == "customer"]
    if not earlier or not earlier[-1].strip():
        return None
    combined = f"{earlier[-1]} {text}"
    return deps.models.intent.predict(deps.models.embeddings.embed_query(combined), combined)
