"""The hand-off packet: everything an agent needs to act without re-reading the case.

It is built from masked state (placeholders, not values), so it can be stored with the
escalation, shown in reports and sent through `interrupt()` safely; the agent desk unmasks it
with the conversation's vault for the agent's eyes only.
"""

from __future__ import annotations

from typing import Any

from graph.nodes.common import facts_of, identity_of
from graph.state import SupportState
from tools.facts import Fact

SUMMARY_CHARS = 240


def build_packet(state: SupportState) -> dict[str, Any]:
    understanding = state.get("understanding") or {}
    decision = state.get("decision") or {}
    draft = state.get("draft") or {}
    facts = facts_of(state)
    cited = set(draft.get("citations") or ())
    identity = identity_of(state)
    return {
        "conversation_id": state.get("conversation_id"),
        "summary": _summary(state, facts),
        "customer_message": state.get("masked_text", ""),
        "intent": state.get("intent"),
        "confidence": round(float(state.get("confidence", 0.0)), 4),
        "top3": understanding.get("top3", []),
        "reclassified_from": state.get("reclassified_from"),
        "sentiment": understanding.get("sentiment", {}),
        "signals": understanding.get("signals", {}),
        "flags": list(state.get("flags") or ()),
        "route": decision.get("route"),
        "queue": decision.get("queue"),
        "reason": decision.get("reason"),
        "check_problems": (state.get("check") or {}).get("problems", []),
        "tool_calls": list(state.get("tool_calls") or ()),
        "facts": [
            {
                "source_id": f.source_id,
                "title": f.title,
                "text": f.masked_text,
                "cited": f.source_id in cited,
            }
            for f in facts
        ],
        "draft": draft,
        "customer": {
            "customer_id": identity.customer_id,
            "guest": identity.is_guest,
            "market": state.get("market"),
            "verified_orders": len(identity.verified_orders),
        },
        "order": _order_summary(facts),
        "transcript": list(state.get("transcript") or ())[-12:],
    }


def _summary(state: SupportState, facts: list[Fact]) -> str:
    message = " ".join(state.get("masked_text", "").split())
    if len(message) > SUMMARY_CHARS:
        message = message[: SUMMARY_CHARS - 1].rstrip() + "…"
    intent = str(state.get("intent", "other")).replace("_", " ")
    found = "; ".join(f.title for f in facts if f.kind != "refusal")[:200] or "nothing found"
    return f"{intent.capitalize()}: “{message}” Looked up: {found}."


def _order_summary(facts: list[Fact]) -> dict[str, Any] | None:
    order = next((f for f in facts if f.kind == "order"), None)
    if order is None:
        return None
    data = order.data
    shipments = data.get("shipments") or []
    latest = shipments[-1] if shipments else {}
    return {
        "order_ref": data.get("order_ref"),
        "status": data.get("status"),
        "total": data.get("total"),
        "currency": data.get("currency"),
        "placed_on": data.get("placed_on"),
        "items": data.get("item_count"),
        "carrier": latest.get("carrier"),
        "tracking_number": latest.get("tracking_number"),
        "estimated_delivery": latest.get("estimated_delivery"),
        "last_event": latest.get("last_event"),
    }
