"""What every tool needs to run for one conversation turn: the shop's data, the session, the clock.

The graph builds one `ToolContext` per turn from the session (identity, the conversation's vault)
and the process-wide resources (database, order repository, knowledge search, policy rules).
Nothing in it comes from model output.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time
from typing import Literal

from nlp.pii.vault import Vault
from store.database import Database
from store.knowledge.search import KnowledgeSearch
from store.orders import OrderRepository
from store.policy_rules import PolicyRules
from tools.identity import SessionIdentity

# The seeded demo shop's clock reads noon UTC on its anchor date (store/demo/shop.py); a context
# whose `today` is not the real date uses the same hour, so hour-based rules stay reproducible.
DEMO_CLOCK_TIME = time(12, 0, tzinfo=UTC)
# How a tool call ended, as ToolCallRecord.outcome names it.
Outcome = Literal["ok", "refused", "not_found", "error"]


@dataclass(frozen=True)
class ToolContext:
    """The resources and session one turn's tools run with.

    `vault` is the conversation's placeholder map: tools read the email and postcode a guest typed
    from it and issue order placeholders into it (so callers must keep the vault they passed in).
    `today` is the shop's date; `now`, when given, is the exact moment for hour-based rules
    (made-to-order cancellation), otherwise it is derived from `today` (see `clock`).
    """

    db: Database
    orders: OrderRepository
    knowledge: KnowledgeSearch | None
    rules: PolicyRules
    identity: SessionIdentity
    vault: Vault
    today: date
    now: datetime | None = None

    def __repr__(self) -> str:
        # Never print the vault's values or the database address (it may hold a password).
        return (
            f"ToolContext(customer={'yes' if self.identity.customer_id else 'guest'}, "
            f"market={self.identity.market}, today={self.today.isoformat()}, {self.vault!r})"
        )

    @property
    def clock(self) -> datetime:
        """The current moment as the shop sees it (timezone-aware, UTC)."""
        if self.now is not None:
            return self.now.astimezone(UTC)
        real = datetime.now(UTC)
        if real.date() == self.today:
            return real
        return datetime.combine(self.today, DEMO_CLOCK_TIME)

    def with_identity(self, identity: SessionIdentity) -> ToolContext:
        return replace(self, identity=identity)
