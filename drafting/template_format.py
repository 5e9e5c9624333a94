"""How values read to a customer: dates, money, measures and words, per market.

UK and DE customers read British dates ("Tuesday 28 October"); US customers read "Tuesday,
October 28". Money always carries its symbol and two decimals. Nothing here invents a value:
every function turns one value from a fact into words, or returns "" when there is none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

MARKETS = ("UK", "US", "DE")
MARKET_NAMES = {"UK": "UK", "US": "US", "DE": "German"}
CURRENCY_SYMBOLS = {"GBP": "£", "USD": "$", "EUR": "€"}
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
# How a customer paid ("paid by PayPal"), and where a refund goes ("back to your PayPal
# account").
PAYMENT_METHODS = {
    "card": "card",
    "paypal": "PayPal",
    "klarna": "Klarna",
    "gift_card": "gift card",
    "bank_transfer": "bank transfer",
}
REFUND_DESTINATIONS = {
    "card": "card",
    "paypal": "PayPal account",
    "klarna": "Klarna account",
    "gift_card": "gift card",
    "bank_transfer": "bank account",
}
SERVICES = {"parcel": "parcel delivery", "two_person": "two-person delivery"}
ISO_DATE_IN_TEXT = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})(?:T[0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?\b")


def market_of(value: object) -> str:
    text = str(value or "").upper()
    return text if text in MARKETS else "UK"


def parse_day(value: object) -> date | None:
    """A date from an ISO date or datetime string. A datetime keeps the calendar day it was
    written with, so the day a customer reads is the day the fact states."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def day(value: object, market: str) -> str:
    parsed = parse_day(value)
    if parsed is None:
        return ""
    weekday, month = WEEKDAYS[parsed.weekday()], MONTHS[parsed.month - 1]
    if market == "US":
        return f"{weekday}, {month} {parsed.day}"
    return f"{weekday} {parsed.day} {month}"


def humanise_dates(text: str, market: str) -> str:
    """ISO dates inside quoted fact text ("new estimated delivery 2026-11-03") as people write
    them; the check reads both forms as the same date."""
    return ISO_DATE_IN_TEXT.sub(lambda m: day(m.group(0), market) or m.group(0), text)


def decimal_of(value: object) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value).replace(",", ""))
    except InvalidOperation:
        return None


def money(amount: object, currency: object) -> str:
    value = decimal_of(amount)
    if value is None:
        return ""
    symbol = CURRENCY_SYMBOLS.get(str(currency or "").upper(), "")
    sign = "-" if value < 0 else ""
    text = f"{sign}{symbol}{abs(value):,.2f}"
    return text if symbol else f"{text} {currency}".strip()


def is_zero(amount: object) -> bool:
    value = decimal_of(amount)
    return value is not None and value == 0


def number(value: object) -> str:
    """160.0 -> "160", 35.43 -> "35.43": measures as printed on a product page."""
    parsed = decimal_of(value)
    if parsed is None:
        return ""
    text = f"{parsed:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def join_words(items: Iterable[str], conjunction: str = "and") -> str:
    words = [w for w in items if w]
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


def method_words(method: object) -> str:
    key = str(method or "")
    return PAYMENT_METHODS.get(key, key.replace("_", " ") or "your usual payment method")


def destination_words(method: object) -> str:
    key = str(method or "")
    return REFUND_DESTINATIONS.get(key, key.replace("_", " ") or "original payment method")


def service_words(service: object) -> str:
    key = str(service or "")
    return SERVICES.get(key, key.replace("_", " "))


def status_words(status: object) -> str:
    return str(status or "").replace("_", " ")


def sentence(text: str) -> str:
    """A fact's free text as one clean sentence: trimmed, capitalised, ending in a stop."""
    text = " ".join(text.split())
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".?" else f"{text}."


def clause(text: str) -> str:
    """A fact's free text to embed mid-sentence: no trailing stop."""
    return " ".join(text.split()).rstrip(".")
