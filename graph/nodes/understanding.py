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
from nlp.stages import MaskedTurn, mask_turn, understand_turn
from nlp.understand import ConversationContext

Node = Callable[[SupportState], dict[str, Any]]


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
        return {
            "understanding": result.to_record(),
            "intent": result.intent.intent,
            "confidence": float(result.intent.confidence),
            "flags": list(result.flags),
        }

    return understand
