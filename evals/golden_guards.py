"""Guards on a composed golden ticket: its words agree with its specialist tag, and the strings
its reply must never show (personal data the conversation did not give, other people's data on a
refusal, promises the template names) are collected and kept out of the reference answer."""

from __future__ import annotations

import re
from typing import Any

from evals.golden_pieces import Piece, money
from evals.golden_schema import CustomerRef, fact_present
from evals.golden_shop import OrderView, Shop


class TemplateError(ValueError):
    """A template does not fit its rows or breaks a labelling rule; the message names it."""


# Words that put a conversation in front of a specialist (legal, disputes, fraud, personal data).
# The builder refuses a ticket whose text uses one without the `specialist-trigger` tag, or the
# tag without such a word, so that the label and the words can never drift apart.
SPECIALIST_WORDS = re.compile(
    r"\b(lawyers?|solicitors?|attorneys?|legal action|court|sue|suing|small claims|chargebacks?|"
    r"bank dispute|dispute the (?:charge|payment)|paypal (?:dispute|claim)|"
    r"trading standards|consumer rights|consumer protection|citizens advice|ombudsman|"
    r"better business bureau|fraud\w*|unauthori[sz]ed|stolen card|scam\w*|gdpr|dsgvo|"
    r"data protection|personal data|my data|delete my account|anwalt|datenschutz|"
    r"verbraucherschutz)\b",
    re.I,
)


def check_words(
    turns: tuple[str, ...], subject: str | None, intent: str, tags: list[str], where: str
) -> None:
    text = " ".join((*turns, subject or ""))
    found = SPECIALIST_WORDS.search(text)
    if (
        found
        and "specialist-trigger" not in tags
        and intent
        not in (
            "privacy_request",
            "chargeback_fraud",
        )
    ):
        raise TemplateError(f"{where}: the text says {found.group()!r}: tag specialist-trigger")
    if "specialist-trigger" in tags and not found:
        raise TemplateError(f"{where}: specialist-trigger without a specialist word")
    if "{" in text or "}" in text:
        raise TemplateError(f"{where}: unfilled slot in {text[:80]!r}")


def forbidden_strings(
    shop: Shop,
    who: str,
    view: OrderView | None,
    customer: dict[str, Any] | None,
    ref: CustomerRef,
    pieces: list[Piece],
    t: dict[str, Any],
    turns: tuple[str, ...],
    answer: str,
    where: str,
) -> list[str]:
    """Values the reply must never show: personal data the conversation did not give, other
    people's data and order details on a refusal, and the promises a template names."""
    promises = [m for p in pieces for m in p.must_not] + list(t.get("must_not", []))
    out: list[str] = []
    if customer is not None and who in ("account", "other", "unknown"):
        out += [customer["phone"], customer["address_line1"]]
    if view is not None and who != "account":
        owner = view.customer
        out += [owner["phone"], owner["address_line1"]]
        hidden = who in ("guest", "guest_wrong", "other")
        if hidden or not (ref.verification and ref.verification.email):
            out.append(owner["email"])
        if hidden or not (ref.verification and ref.verification.postcode):
            out.append(owner["postcode"])
        if hidden:
            out += [owner["full_name"], *(s["tracking_number"] for s in view.shipments)]
            out.append(money(view.order["total"], shop.rules.markets[view.market].currency))
    # Data the customer typed may be echoed back to them; promises may never be made.
    said = " ".join(turns)
    kept = list(dict.fromkeys([*promises, *(m for m in out if not fact_present(m, said))]))
    for m in kept:
        if fact_present(m, answer):
            raise TemplateError(f"{where}: the reference answer contains forbidden {m!r}")
    return kept
