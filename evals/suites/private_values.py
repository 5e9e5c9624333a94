"""The raw personal values each golden ticket puts at risk, read from the seeded shop.

For a ticket: the logged-in customer's name, email, phone, street and postcode; for a guest, the
email or postcode they verify with and the details of the order's owner; for every order the
ticket names, its number; for an order that belongs to someone else, that person's details too;
and the ticket's `must_not_contain` strings that are personal data (a value some customer or
shipment in the shop really has; the promises in that list are not personal data and are left
to the answers suite). `forbidden_in_reply` marks the ones the customer must never be shown:
a logged-in customer may be greeted by name, but no one is shown another customer's details.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from evals.golden_schema import GoldenTicket
from store.database import Database

PERSON_FIELDS = {
    "full_name": "name",
    "email": "email",
    "phone": "phone",
    "address_line1": "street",
    "postcode": "postcode",
}


@dataclass(frozen=True)
class PrivateValue:
    kind: str  # name, email, phone, street, postcode, order_id, tracking
    value: str
    forbidden_in_reply: bool


def mentions(value: str, text: str) -> bool:
    """Whether `value` occurs in `text` as a whole token (case-insensitive); a phone number
    also counts when written without its spaces."""
    forms = {value, value.replace(" ", "")} if value.startswith("+") else {value}
    return any(
        re.search(rf"(?<![\w@]){re.escape(form)}(?![\w@])", text, re.IGNORECASE) for form in forms
    )


def _people(db: Database, customer_ids: Iterable[str]) -> dict[str, dict[str, str]]:
    with db.connect() as conn:
        rows = conn.execute(
            "SELECT id, full_name, email, phone, address_line1, postcode FROM customers "
            "WHERE id = ANY(%s)",
            (sorted(set(customer_ids)),),
        ).fetchall()
    return {str(r["id"]): {k: str(r[k]) for k in PERSON_FIELDS if r[k]} for r in rows}


def _orders(db: Database, order_ids: Iterable[str]) -> dict[str, tuple[str, list[str]]]:
    """order id -> (owner's customer id, tracking numbers)."""
    with db.connect() as conn:
        rows = conn.execute(
            "SELECT o.id, o.customer_id, array_remove(array_agg(s.tracking_number), NULL) AS t "
            "FROM orders o LEFT JOIN shipments s ON s.order_id = o.id "
            "WHERE o.id = ANY(%s) GROUP BY o.id, o.customer_id",
            (sorted(set(order_ids)),),
        ).fetchall()
    return {str(r["id"]): (str(r["customer_id"]), [str(x) for x in r["t"]]) for r in rows}


def _all_personal_values(db: Database) -> set[str]:
    """Every personal value in the shop, to tell a personal must_not_contain from a promise."""
    with db.connect() as conn:
        rows = conn.execute(
            "SELECT full_name, email, phone, address_line1, postcode FROM customers "
            "UNION ALL SELECT tracking_number, NULL, NULL, NULL, NULL FROM shipments"
        ).fetchall()
    return {str(v).casefold() for r in rows for v in r.values() if v}


def private_values(db: Database, tickets: Sequence[GoldenTicket]) -> dict[str, list[PrivateValue]]:
    order_ids = [o.id for t in tickets for o in t.orders if o.role != "nonexistent"]
    orders = _orders(db, order_ids)
    owners = [owner for owner, _ in orders.values()]
    people = _people(db, [t.customer.id for t in tickets if t.customer.id] + owners)
    shop_values = _all_personal_values(db)
    out: dict[str, list[PrivateValue]] = {}
    for t in tickets:
        found: dict[str, PrivateValue] = {}

        def add(
            kind: str, value: str, forbidden: bool, found: dict[str, PrivateValue] = found
        ) -> None:
            key = value.casefold()
            if len(value) >= 3 and (key not in found or forbidden):
                found[key] = PrivateValue(kind, value, forbidden)

        own_person = people.get(t.customer.id or "", {})
        for column, kind in PERSON_FIELDS.items():
            if column in own_person:
                # Their own name and email may be shown to them; phone and street are never
                # needed in a reply (the tickets' must_not_contain says so too).
                add(kind, own_person[column], kind not in ("name", "email"))
        # A guest who has not proved the order may not be shown its owner's details either.
        unproven = t.customer.kind == "guest" and (
            t.customer.verification is None or "wrong-verification" in t.tags
        )
        for ref in t.orders:
            add("order_id", ref.id, False)
            owner, tracking = orders.get(ref.id, ("", []))
            other = ref.role == "other_customer" or unproven
            for column, kind in PERSON_FIELDS.items():
                if owner != t.customer.id and column in people.get(owner, {}):
                    add(kind, people[owner][column], other or kind in ("phone", "street"))
            if other:
                for number in tracking:
                    add("tracking", number, True)
        verification = t.customer.verification
        if verification is not None:
            for kind, value in (("email", verification.email), ("postcode", verification.postcode)):
                if value:
                    add(kind, value, False)
        for value in t.must_not_contain:
            if value.casefold() in shop_values:
                add("must_not_contain", value, True)
        out[t.id] = list(found.values())
    return out
