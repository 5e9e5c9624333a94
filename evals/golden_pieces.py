"""Reference-answer pieces: one short paragraph each, with the facts it states and where they
come from.

A golden ticket's reference answer is a few pieces put together ("status" + "p_window"). Each
piece computes its facts from the seeded shop and `rules.toml` (a return deadline is the delivery
date plus the market's window, a refund's expected date adds business days to the day it was
sent), never from a guess, and returns them with the tools a correct assistant calls and the
source ids it cites. Piece functions live in the three `golden_pieces_*` modules and register here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from evals.golden_schema import ToolCall
from evals.golden_shop import Line, OrderView, Shop
from store.policies import current_policies
from store.policy_rules import MarketRules

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
SYMBOL = {"GBP": "£", "USD": "$", "EUR": "€"}
MARKET_NAME = {"UK": "UK", "US": "US", "DE": "German"}
MARKET_IN = {"UK": "in the UK", "US": "in the US", "DE": "in Germany"}
MARKET_ANCHOR = {"UK": "uk", "US": "us", "DE": "germany"}
DESTINATION = {
    "card": "card",
    "paypal": "PayPal account",
    "klarna": "Klarna account",
    "gift_card": "gift card",
    "bank_transfer": "bank account",
}
METHOD = {
    "card": "Card",
    "paypal": "PayPal",
    "klarna": "Klarna",
    "gift_card": "Gift card",
    "bank_transfer": "Bank transfer",
}


class PieceError(ValueError):
    """A template asked for a piece that does not fit the row it picked."""


@dataclass
class Piece:
    text: str
    facts: list[str] = field(default_factory=list)
    tools: list[ToolCall] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    must_not: list[str] = field(default_factory=list)


@dataclass
class Ctx:
    """What a piece may read: the shop, the ticket's market, and the rows the ticket is about."""

    shop: Shop
    market: str
    order: OrderView | None = None
    sku: str | None = None
    sku_named: bool = False  # the customer gave the SKU itself, so get_product, not a search
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def m(self) -> MarketRules:
        return self.shop.rules.markets[self.market]

    @property
    def currency(self) -> str:
        return self.m.currency

    def need_order(self) -> OrderView:
        if self.order is None:
            raise PieceError("this piece needs an order pick")
        return self.order

    def need_sku(self) -> str:
        if self.sku is None:
            raise PieceError("this piece needs a sku pick")
        return self.sku

    def line(self) -> Line:
        return self.need_order().lines[0]

    def money(self, amount: float | Decimal) -> str:
        return money(amount, self.currency)

    def day(self, value: date) -> str:
        """A date in a sentence; one more than half a year from today also gets its year."""
        return day(value, self.market) + self._year(value)

    def long_day(self, value: date) -> str:
        return long_day(value, self.market) + self._year(value)

    def day_fact(self, value: date) -> str:
        """A date as a required fact: day and month only, as any correct answer writes it."""
        return day(value, self.market)

    def _year(self, value: date) -> str:
        if abs((self.shop.anchor - value).days) <= 180:
            return ""
        return f", {value.year}" if self.market == "US" else f" {value.year}"


PieceFn = Callable[[Ctx, str], Piece]
PIECES: dict[str, PieceFn] = {}


def piece(name: str) -> Callable[[PieceFn], PieceFn]:
    def register(fn: PieceFn) -> PieceFn:
        if name in PIECES:
            raise ValueError(f"piece {name!r} registered twice")
        PIECES[name] = fn
        return fn

    return register


def money(amount: float | Decimal, currency: str) -> str:
    value = Decimal(str(amount)).quantize(Decimal("0.01"))
    return f"{SYMBOL[currency]}{value:,.2f}"


def day(value: date, market: str) -> str:
    """How the shop writes a date to a customer: "4 November" (UK, DE) or "November 4" (US)."""
    month = MONTHS[value.month - 1]
    return f"{month} {value.day}" if market == "US" else f"{value.day} {month}"


def long_day(value: date, market: str) -> str:
    weekday = WEEKDAYS[value.weekday()]
    sep = ", " if market == "US" else " "
    return f"{weekday}{sep}{day(value, market)}"


def num(value: float | Decimal | int) -> str:
    """160.0 -> "160", 35.5 -> "35.5": a measure as a product page prints it."""
    text = f"{Decimal(str(value)):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def span(days: tuple[int, int], unit: str = "business days") -> str:
    return f"{days[0]} to {days[1]} {unit}"


def add_business_days(start: date, days: int) -> date:
    """Monday to Friday only; the policies count refunds in business days."""
    current = start
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


_POLICY_VERSIONS: dict[str, tuple[int, frozenset[str]]] = {}


def pol(slug: str, anchor: str) -> str:
    """The citation id of a section of a policy in force, checked to exist."""
    if not _POLICY_VERSIONS:
        for doc in current_policies():
            _POLICY_VERSIONS[doc.slug] = (doc.version, frozenset(s.anchor for s in doc.sections))
    version, anchors = _POLICY_VERSIONS[slug]
    if anchor not in anchors:
        raise PieceError(f"policy {slug} has no section #{anchor}")
    return f"policy:{slug}@v{version}#{anchor}"


def call(tool: str, **arguments: str) -> ToolCall:
    return ToolCall(tool, arguments)


def search_policies(slug: str) -> ToolCall:
    return call("search_policies", policy=slug)


def lookup(order: OrderView) -> ToolCall:
    return call("lookup_order", order_id=order.id)


def joined(*parts: str) -> str:
    return " ".join(p for p in parts if p)


def policy_piece(text: str, slug: str, anchors: list[str], facts: list[str]) -> Piece:
    """A paragraph that states one policy: found with a policy search, citing its sections."""
    return Piece(
        text,
        facts=facts,
        tools=[search_policies(slug)],
        sources=[pol(slug, a) for a in anchors],
    )
