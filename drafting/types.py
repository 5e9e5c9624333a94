"""The one result type both drafters return, so the gate and respond nodes never care which
drafter wrote the text."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

DrafterName = Literal["template", "llm"]


@dataclass(frozen=True)
class Draft:
    """A reply in masked space: placeholders such as `<ORDER_ID_1>` stay in `text` until the
    respond node unmasks it for the reader.

    `citations` are the fact source ids the text relies on (each must be one of the facts the
    drafter was given). `grounded` is False when the drafter had no facts that answer the
    question (the gate then never auto-sends). `clarifying_question` marks a draft that asks
    the customer for missing information (an order number, say) instead of answering.
    `promises` lists commitments the text makes ("refund", "compensation", "replacement") so
    the gate can keep them off the automatic route. `needs_person` marks a text the drafter
    knows does not serve the message (an out-of-scope redirect to a message about an order or a
    delivery): the gate never auto-sends it, however little it claims. `answered_as` names the
    intent the text answers when the order's facts made it another one than was read (a swap
    asked for before the order has left us is an order change, not an exchange)."""

    text: str
    citations: tuple[str, ...]
    grounded: bool
    drafter: DrafterName
    template_id: str | None = None  # which template (and version) wrote it, for snapshots
    clarifying_question: bool = False
    promises: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())  # why the drafter did what it did, for agents
    needs_person: bool = False
    answered_as: str | None = None

    def to_record(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "citations": list(self.citations),
            "grounded": self.grounded,
            "drafter": self.drafter,
            "template_id": self.template_id,
            "clarifying_question": self.clarifying_question,
            "promises": list(self.promises),
            "notes": list(self.notes),
            "needs_person": self.needs_person,
            "answered_as": self.answered_as,
        }

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Draft:
        return cls(
            text=str(record.get("text", "")),
            citations=tuple(record.get("citations") or ()),
            grounded=bool(record.get("grounded", False)),
            drafter=record.get("drafter", "template"),
            template_id=record.get("template_id"),
            clarifying_question=bool(record.get("clarifying_question", False)),
            promises=tuple(record.get("promises") or ()),
            notes=tuple(record.get("notes") or ()),
            needs_person=bool(record.get("needs_person", False)),
            answered_as=record.get("answered_as"),
        )
