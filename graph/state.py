"""The conversation's state as the checkpointer stores it: plain JSON-safe values only.

Records (facts, draft, decision) are stored as dicts made by each type's `to_record()`, so a
checkpoint written by one version reads in another and no custom classes need unpickling.
What is private: `incoming` and `clean_text` (the customer's own words), `vault` (placeholder ->
real value) and `customer_name`. They stay in the server-side checkpoint; the tracing hook
strips them (see graph/tracing.py), and nothing sends them to an LLM.
"""

from __future__ import annotations

import operator
from typing import Annotated, Any, Literal, TypedDict

Role = Literal["customer", "assistant", "agent", "system"]


class TranscriptEntry(TypedDict):
    role: Role
    text: str  # masked: placeholders, never raw values
    at: str  # ISO timestamp


class SupportState(TypedDict, total=False):
    # -- the session (set by the caller each turn; never by the model) ---------------------------
    conversation_id: str
    channel: str
    identity: dict[str, Any]  # tools.identity.SessionIdentity.to_record()
    customer_name: str | None  # from the account, so sign-offs with it are masked
    market: str | None
    # -- this turn -----------------------------------------------------------------------------
    incoming: str  # the raw message as received
    turn: int
    turn_started_at: float  # epoch seconds, for latency
    clean_text: str
    masked_text: str
    flags: list[str]
    understanding: dict[str, Any]  # nlp.understand.Understanding.to_record(), masked
    intent: str
    confidence: float
    reclassified_from: str | None
    facts: list[dict[str, Any]]
    tool_calls: list[dict[str, Any]]
    retrieval: dict[str, Any]  # mode (plan|llm), wall_ms, sequential_ms
    draft: dict[str, Any]
    check: dict[str, Any]
    decision: dict[str, Any]
    escalation_id: str | None
    escalation_revision: int  # bumped when an agent reassigns and the graph re-drafts
    agent_review: bool  # re-drafting for an agent: the new draft goes back to them, not out
    agent_decision: dict[str, Any] | None
    previous_escalation_id: str | None  # closed when an agent reassigned
    reply: dict[str, Any] | None  # what was sent: masked text, citations, route, by
    # -- the conversation (kept across turns) ----------------------------------------------------
    vault: dict[str, Any]
    transcript: Annotated[list[TranscriptEntry], operator.add]
    order_in_focus: str | None  # the order being discussed (server-side id, not for prompts)
    product_in_focus: str | None  # the SKU of the product being discussed
    taken_over: bool
    taken_over_by: str | None
