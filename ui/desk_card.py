"""Props for the desk's custom elements (public/elements/*.jsx), built from typed records.

Pure functions: what an agent sees is tested without a browser. The card is the hand-off packet
with real values restored (Assistant.escalation_card) plus the customer's account summary.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from nlp.taxonomy import INTENT_NAMES
from store.support import EscalationRow
from ui.history import ThreadLine
from ui.render import age_text

CardMode = Literal["review", "taken_over", "closed"]
QUEUE_LABELS = {
    "specialist": "Specialist",
    "senior": "Senior",
    "suggestion": "Suggestion",
    "manual": "Manual",
}


@dataclass(frozen=True)
class CustomerSummary:
    name: str
    email: str
    market: str | None
    customer_id: str | None

    @classmethod
    def guest(cls, market: str | None) -> CustomerSummary:
        return cls("Guest (not signed in)", "", market, None)


def queue_props(
    rows: list[EscalationRow], counts: dict[str, int], *, now: datetime | None = None
) -> dict[str, Any]:
    return {
        "counts": [
            {"queue": q, "label": QUEUE_LABELS.get(q, q), "n": n} for q, n in counts.items()
        ],
        "total": sum(counts.values()),
        "items": [
            {
                "id": row.id,
                "conversation_id": row.conversation_id,
                "queue": row.queue,
                "queue_label": QUEUE_LABELS.get(row.queue, row.queue),
                "age": age_text(row.created_at, now),
                "intent": (row.intent or "other").replace("_", " "),
                "confidence": _percent(row.confidence),
                "reason": row.reason,
                "status": row.status,
                # The stored packet is masked: placeholders, no personal data in the list.
                "summary": str(row.packet.get("summary") or "")[:200],
            }
            for row in rows
        ],
    }


def card_props(
    card: dict[str, Any],
    *,
    customer: CustomerSummary,
    mode: CardMode,
    can_act: bool,
    note: str = "",
    thread: list[ThreadLine] | None = None,
    revision: int = 0,
    final_text: str | None = None,
) -> dict[str, Any]:
    """`final_text`: what was sent, for a closed case (shown instead of the original draft)."""
    sentiment = card.get("sentiment") or {}
    order = card.get("order") or None
    return {
        "escalation_id": card.get("escalation_id"),
        "conversation_id": card.get("conversation_id"),
        "status": card.get("status"),
        "mode": mode,
        "can_act": can_act and mode != "closed",
        "note": note,
        "revision": revision,
        "queue": QUEUE_LABELS.get(str(card.get("queue")), str(card.get("queue") or "")),
        "reason": card.get("reason") or "",
        "intent": card.get("intent") or "other",
        "confidence": _percent(card.get("confidence")),
        "top3": [
            {"intent": str(label).replace("_", " "), "p": _percent(p)}
            for label, p in (card.get("top3") or [])[:3]
        ],
        "sentiment": {
            "polarity": _signed(sentiment.get("polarity")),
            "anger": _percent(sentiment.get("anger")),
            "urgency": _percent(sentiment.get("urgency")),
        },
        "customer": {
            "name": customer.name,
            "email": customer.email,
            "market": customer.market or "",
        },
        "order": _order(order) if order else None,
        "summary": card.get("summary") or "",
        "message": card.get("customer_message") or "",
        "thread": _thread(card, thread),
        "follow_ups": [follow_up_line(f) for f in card.get("follow_ups") or []],
        "facts": [
            {
                "title": str(f.get("title") or ""),
                "text": str(f.get("text") or ""),
                "cited": bool(f.get("cited")),
            }
            for f in card.get("facts") or []
        ],
        "draft": final_text or str((card.get("draft") or {}).get("text") or ""),
        "intents": list(INTENT_NAMES),
    }


def follow_up_line(follow_up: dict[str, Any]) -> str:
    """A message sent while the case waited, with what the assistant read it as (older cards
    hold the words alone)."""
    text = str(follow_up.get("text") or "")
    read = []
    if follow_up.get("intent"):
        read.append(
            f"{str(follow_up['intent']).replace('_', ' ')} {_percent(follow_up.get('confidence'))}"
        )
    if follow_up.get("angry"):
        read.append("angry")
    read += [str(k).replace("_", " ") for k in follow_up.get("keywords") or []]
    return f"{text}  [read as: {' · '.join(read)}]" if read else text


def _order(order: dict[str, Any]) -> dict[str, Any]:
    total = order.get("total")
    return {
        "ref": order.get("order_ref") or "",
        "status": str(order.get("status") or "").replace("_", " "),
        "total": f"{total} {order.get('currency') or ''}".strip() if total is not None else "",
        "placed_on": order.get("placed_on") or "",
        "items": order.get("items"),
        "carrier": order.get("carrier") or "",
        "tracking": order.get("tracking_number") or "",
        "eta": order.get("estimated_delivery") or "",
        "last_event": _event(order.get("last_event")),
    }


def _event(event: Any) -> str:
    """A tracking event as one line: what happened, and when (day and time, UTC)."""
    if not isinstance(event, dict):
        return str(event or "")
    when = str(event.get("occurred_at") or "")[:16].replace("T", " ")
    return (
        f"{event.get('description') or ''} ({when})"
        if when
        else str(event.get("description") or "")
    )


def _thread(card: dict[str, Any], lines: list[ThreadLine] | None) -> list[dict[str, str]]:
    if lines:  # the live history (after a take-over, the agent's own messages are here)
        return [
            {
                "who": "customer" if line.kind == "user_message" else line.author,
                # Agents' replies open with their name in bold for the customer; not needed here.
                "text": line.text.removeprefix(f"**{line.author}**").lstrip("\n"),
            }
            for line in lines
        ]
    return [
        {"who": str(entry.get("role") or ""), "text": str(entry.get("text") or "")}
        for entry in card.get("transcript") or []
    ]


def _percent(value: Any) -> str:
    try:
        return f"{float(value) * 100:.0f}%"
    except (TypeError, ValueError):
        return "-"


def _signed(value: Any) -> str:
    try:
        return f"{float(value):+.2f}"
    except (TypeError, ValueError):
        return "-"
