"""The intent taxonomy: 18 labels, defined here once.

Every dataset mapping, threshold table, training file and report reads the labels from this
module. The descriptions say where one intent ends and the next begins; training-data authors,
reviewers and an optional LLM fallback all work from the same words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Intent = Literal[
    "order_status",
    "delivery_problem",
    "return_request",
    "refund_status",
    "exchange",
    "cancel_order",
    "change_order",
    "sizing_fit",
    "compatibility",
    "product_info",
    "damaged_item",
    "billing",
    "account",
    "complaint",
    "human_request",
    "privacy_request",
    "chargeback_fraud",
    "other",
]

# Questions about the catalogue rather than an order: answered from product facts.
PRODUCT_INTENTS: frozenset[Intent] = frozenset({"sizing_fit", "compatibility", "product_info"})


@dataclass(frozen=True)
class IntentInfo:
    name: Intent
    group: Literal["core", "routing"]
    description: str


INTENTS: tuple[IntentInfo, ...] = (
    IntentInfo(
        "order_status",
        "core",
        "Where an order is, when it will arrive, what its tracking says; no problem yet.",
    ),
    IntentInfo(
        "delivery_problem",
        "core",
        "Something went wrong with delivery: late beyond the estimate, marked delivered but "
        "not received, missed delivery, lost parcel, wrong address used, courier issue.",
    ),
    IntentInfo(
        "return_request",
        "core",
        "Wants to send something back for a refund, or asks how returns work for an item.",
    ),
    IntentInfo(
        "refund_status",
        "core",
        "Asks where a refund is, when it will arrive, or why it is less than expected.",
    ),
    IntentInfo(
        "exchange", "core", "Wants a different size, colour or finish of something already bought."
    ),
    IntentInfo("cancel_order", "core", "Wants to cancel an order or part of it."),
    IntentInfo(
        "change_order",
        "core",
        "Wants to change an order before it ships: address, delivery date, item, quantity.",
    ),
    IntentInfo(
        "sizing_fit",
        "core",
        "Will it fit: dimensions, bed and mattress sizes, doorways, rooms, how many seats.",
    ),
    IntentInfo(
        "compatibility",
        "core",
        "Does it work with something else: bulb fittings and wattage, hob types, plugs, "
        "mattress depth for a sheet, mounting.",
    ),
    IntentInfo(
        "product_info",
        "core",
        "Questions about a product itself: materials, care, assembly, stock, price, "
        "warranty terms, where it is made.",
    ),
    IntentInfo(
        "damaged_item",
        "core",
        "An item arrived broken, scratched, faulty, with missing parts, or failed in use.",
    ),
    IntentInfo(
        "billing",
        "core",
        "Payments, charges, double charges, invoices, promo codes, price-drop claims, "
        "Klarna or gift cards.",
    ),
    IntentInfo(
        "account",
        "core",
        "Login, password reset, changing email or details, marketing preferences.",
    ),
    IntentInfo(
        "complaint",
        "core",
        "Dissatisfaction with the service or the shop as such, wanting it recorded or "
        "escalated, beyond a single concrete request.",
    ),
    IntentInfo("human_request", "routing", "Asks to talk to a person, an agent, a manager."),
    IntentInfo(
        "privacy_request",
        "routing",
        "Data protection: a copy of my data, delete my data or account, GDPR, what you "
        "store about me.",
    ),
    IntentInfo(
        "chargeback_fraud",
        "routing",
        "Chargebacks or bank disputes, fraud, unauthorised orders, stolen cards, "
        "threats of legal action.",
    ),
    IntentInfo(
        "other",
        "routing",
        "Out of scope for a homeware shop's support, chit-chat, or nothing to act on.",
    ),
)

INTENT_NAMES: tuple[Intent, ...] = tuple(i.name for i in INTENTS)
CORE_INTENTS: tuple[Intent, ...] = tuple(i.name for i in INTENTS if i.group == "core")
DESCRIPTIONS: dict[Intent, str] = {i.name: i.description for i in INTENTS}


def is_intent(value: str) -> bool:
    return value in INTENT_NAMES
