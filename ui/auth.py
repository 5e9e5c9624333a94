"""Who is at the keyboard, decided on the server from the database.

Chainlit lets the browser pick a chat profile, and its login token carries whatever metadata we
put in at sign-in. Neither is trusted for authorisation: every session start and every desk
action asks `principal_for()` again, which reads the agents and customers tables.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Literal

from store.database import Database
from store.passwords import verify_password
from supportdesk.turns import Session

Role = Literal["customer", "agent", "guest"]

# The login form needs both fields; a guest signs in with this name and any password.
GUEST_LOGIN = "guest"
_GUEST_ID = re.compile(r"^guest-[0-9a-f]{32}$")
# QA reads the desk and the KPIs but does not answer customers.
ACTING_LEVELS = ("agent", "senior", "specialist")


@dataclass(frozen=True)
class Principal:
    identifier: str  # what Chainlit stores as the user identifier (email, or guest-<hex>)
    role: Role
    display_name: str
    customer_id: str | None = None
    market: str | None = None
    agent_id: str | None = None
    agent_level: str | None = None  # agent, senior, specialist or qa

    @property
    def is_staff(self) -> bool:
        return self.role == "agent"

    @property
    def may_act(self) -> bool:
        return self.role == "agent" and self.agent_level in ACTING_LEVELS

    def session(self) -> Session:
        """The conversation session: identity comes from the login, never from the chat."""
        if self.role != "customer":
            return Session()
        return Session(self.customer_id, self.display_name, self.market)


def new_guest() -> Principal:
    return Principal(f"guest-{uuid.uuid4().hex}", "guest", "Guest")


def check_password(db: Database, login: str, password: str) -> Principal | None:
    """The principal for a correct email and password (agents first), or None. About 50 ms."""
    email = login.strip()
    if email.lower() == GUEST_LOGIN:
        return new_guest()
    if not email or not password:
        return None
    with db.connect() as conn:
        agent = conn.execute(
            "SELECT id, email, display_name, role, password_hash FROM agents "
            "WHERE lower(email) = lower(%s)",
            (email,),
        ).fetchone()
        customer = None
        if agent is None:
            customer = conn.execute(
                "SELECT id, email, full_name, market, password_hash FROM customers "
                "WHERE lower(email) = lower(%s)",
                (email,),
            ).fetchone()
    row = agent or customer
    if row is None or not verify_password(password, str(row["password_hash"])):
        return None
    return principal_for(db, str(row["email"]))


def principal_for(db: Database, identifier: str | None) -> Principal | None:
    """The role of a signed-in identifier as the database says now (None: no such person)."""
    if not identifier:
        return None
    if _GUEST_ID.match(identifier):
        return Principal(identifier, "guest", "Guest")
    with db.connect() as conn:
        agent = conn.execute(
            "SELECT id, email, display_name, role FROM agents WHERE lower(email) = lower(%s)",
            (identifier,),
        ).fetchone()
        if agent is not None:
            return Principal(
                identifier=str(agent["email"]).lower(),
                role="agent",
                display_name=str(agent["display_name"]),
                agent_id=str(agent["id"]),
                agent_level=str(agent["role"]),
            )
        customer = conn.execute(
            "SELECT id, email, full_name, market FROM customers WHERE lower(email) = lower(%s)",
            (identifier,),
        ).fetchone()
    if customer is None:
        return None
    return Principal(
        identifier=str(customer["email"]).lower(),
        role="customer",
        display_name=str(customer["full_name"]),
        customer_id=str(customer["id"]),
        market=str(customer["market"]),
    )
