"""The check after drafting: does the reply say only what the facts say?

Run on every draft, from either drafter (a model may invent a date, an amount or a promise).
A draft is rejected when it names a placeholder nobody gave it, a raw order number, a money
amount, date, day count or percentage that no fact holds, cites a source it was not given, or
(on the automatic route) promises a refund, compensation, goodwill credit, discount or
replacement. Values are compared in normal form, so "28/10/2026", "2026-10-28" and "Wednesday
28 October" are one date and "£1,295" is "1295.00".
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from drafting.promises import find_promises
from drafting.template_format import MONTHS, WEEKDAYS, decimal_of, money
from drafting.types import Draft
from tools.facts import Fact

PLACEHOLDER = re.compile(r"<\s*[A-Z]+(?:[_ ][A-Z]+)*(?:[_ ]?\d+)?\s*>")
ORDER_LIKE = re.compile(r"\bHR[-\s]?\d{6}\b|\d{6,}", re.I)
TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]*")
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
SYMBOLS = {"£": "GBP", "$": "USD", "€": "EUR"}
CODES = {"gbp": "GBP", "pound": "GBP", "usd": "USD", "dollar": "USD", "eur": "EUR", "euro": "EUR"}
MONEY = re.compile(
    rf"(?P<sym>[£$€])\s?(?P<n1>{_NUM})"
    rf"|\b(?P<code1>GBP|USD|EUR)\s?(?P<n2>{_NUM})"
    rf"|(?P<n3>{_NUM})\s?(?P<code2>GBP|USD|EUR|pounds?|dollars?|euros?)\b",
    re.I,
)
_MONTH = "|".join([*MONTHS, *(m[:3] for m in MONTHS), "Sept"])
_WEEKDAY = r"(?P<wd>Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)[a-z]*\.?,?\s+"
DATE_FORMS = (
    re.compile(
        rf"(?:{_WEEKDAY})?(?:the\s+)?\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+"
        rf"(?P<m>{_MONTH})\b\.?(?:,?\s+(?P<y>\d{{4}}))?"
    ),
    re.compile(
        rf"(?:{_WEEKDAY})?\b(?P<m>{_MONTH})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b"
        rf"(?:,?\s+(?P<y>\d{{4}}))?"
    ),
    re.compile(r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)"),
    re.compile(r"(?<![\d/.])(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<y>\d{4}|\d{2})(?![\d/])"),
)
# fmt: off
_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14, "fifteen": 15,
    "twenty": 20, "thirty": 30, "forty-five": 45, "sixty": 60, "ninety": 90,
}
# fmt: on
# Longest words first, so "fourteen" is not read as "four".
_COUNT = rf"\d+|{'|'.join(sorted(_WORDS, key=len, reverse=True))}"
DAY_COUNT = re.compile(
    rf"(?<![\w.,/-])(?P<nums>(?:(?:{_COUNT})\s*(?:,|to|-|–|or|and)\s*)*(?:{_COUNT}))"
    r"[\s-]+(?:(?:business|working|calendar)[\s-]+)?days?\b",
    re.I,
)
DAY_WORD = re.compile(r"\bdays?\b", re.I)
PERCENT = re.compile(r"(?P<n>\d+(?:\.\d+)?)\s*(?:%|per\s?cent\b|percent\b)", re.I)
MONEY_KEYS = {"total", "amount", "line_total", "unit_price", "return_fee", "price", "subtotal"}
REFUND_CLAIM = re.compile(
    r"\bwe(?: have|'ve)? refunded\b|\brefund of \S+ (?:was|has been|went|is being)\b"
    r"|\byour refund (?:was|has been) (?:processed|issued|sent)\b",
    re.I,
)


@dataclass(frozen=True)
class DraftCheck:
    ok: bool
    problems: tuple[str, ...]


@dataclass(frozen=True)
class _Day:
    year: int | None
    month: int
    day: int
    weekday: int | None
    text: str


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def _fact_texts(facts: Sequence[Fact]) -> list[str]:
    """Everything a fact says, except its source id (which may hold a raw order number that
    the reply must never repeat)."""
    texts: list[str] = []
    for fact in facts:
        texts.extend([fact.title, fact.masked_text, *_strings(fact.data)])
    return texts


def _amounts(text: str) -> Iterator[tuple[str | None, Decimal]]:
    for m in MONEY.finditer(text):
        symbol = m.group("sym")
        code = m.group("code1") or m.group("code2") or ""
        currency = SYMBOLS.get(symbol) if symbol else CODES.get(code.lower().rstrip("s"))
        amount = decimal_of(m.group("n1") or m.group("n2") or m.group("n3"))
        if amount is not None:
            yield currency, amount


def _fact_money(value: Any, currency: str | None, out: set[tuple[str | None, Decimal]]) -> None:
    """Amounts in structured data, each with the currency of its nearest enclosing record."""
    if isinstance(value, dict):
        currency = value.get("currency") or currency
        for key, item in value.items():
            if key in MONEY_KEYS and not isinstance(item, dict | list):
                amount = decimal_of(item)
                if amount is not None:
                    out.add((currency, amount))
            _fact_money(item, currency, out)
    elif isinstance(value, list):
        for item in value:
            _fact_money(item, currency, out)
    elif isinstance(value, str) and re.fullmatch(r"-?\d+\.\d{2}", value):
        out.add((currency, Decimal(value)))


def _month(name: str) -> int:
    return [m[:3] for m in MONTHS].index(name[:3].title()) + 1


def _weekday(name: str | None) -> int | None:
    return [w[:3] for w in WEEKDAYS].index(name[:3].title()) if name else None


def _dates(text: str) -> list[_Day]:
    found: list[_Day] = []
    taken: list[tuple[int, int]] = []
    for form in DATE_FORMS:
        for m in form.finditer(text):
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue
            taken.append(m.span())
            year = int(m.group("y")) if m.group("y") else None
            if year is not None and year < 100:
                year += 2000
            groups = m.groupdict()
            if "a" in groups:  # 28/10/2026 or 10/28/2026: keep every reading that is a date
                a, b = int(m.group("a")), int(m.group("b"))
                pairs = {(b, a), (a, b)}
            else:
                month = int(m.group("m")) if m.group("m").isdigit() else _month(m.group("m"))
                pairs = {(month, int(m.group("d")))}
            weekday = _weekday(groups.get("wd"))
            for month, day in pairs:
                if 1 <= month <= 12 and 1 <= day <= 31:
                    found.append(_Day(year, month, day, weekday, m.group(0).strip(" .,")))
    return found


def _counts(pattern: re.Pattern[str], text: str) -> set[int]:
    numbers: set[int] = set()
    for m in pattern.finditer(text):
        for token in re.findall(rf"{_COUNT}", m.group("nums"), re.I):
            numbers.add(int(token) if token.isdigit() else _WORDS[token.lower()])
    return numbers


# Fact texts repeat across turns (policy sections especially): parse each one once.
@lru_cache(maxsize=4096)
def _text_dates(text: str) -> tuple[_Day, ...]:
    return tuple(_dates(text))


@lru_cache(maxsize=4096)
def _text_money(text: str) -> frozenset[tuple[str | None, Decimal]]:
    return frozenset(_amounts(text))


@lru_cache(maxsize=4096)
def _text_day_counts(text: str) -> frozenset[int]:
    counts = _counts(DAY_COUNT, text)
    for sentence in re.split(r"(?<=[.;])\s+", text):
        if DAY_WORD.search(sentence):
            counts |= {int(n) for n in re.findall(r"(?<![\d.])\d{1,3}(?![\d.])", sentence)}
    return frozenset(counts)


def _fact_day_counts(facts: Sequence[Fact], texts: list[str]) -> set[int]:
    """Generous on purpose: any whole number in a fact sentence that talks about days
    ("4 business days in the UK, 7 in the US"), and every day-count field."""
    counts: set[int] = set()
    for text in texts:
        counts |= _text_day_counts(text)
    for fact in facts:
        for key, value in fact.data.items():
            if "day" in key and isinstance(value, int) and not isinstance(value, bool):
                counts.add(value)
    return counts


def _check_values(text: str, facts: Sequence[Fact], texts: list[str]) -> list[str]:
    problems: list[str] = []
    fact_money: set[tuple[str | None, Decimal]] = set()
    for fact in facts:
        _fact_money(fact.data, None, fact_money)
    for fact_text in texts:
        fact_money.update(_text_money(fact_text))
    known_amounts = {amount for _c, amount in fact_money}
    for currency, amount in _amounts(text):
        if currency is None:
            ok = amount in known_amounts
        else:
            ok = (currency, amount) in fact_money or (None, amount) in fact_money
        if not ok:
            shown = money(amount, currency) if currency else f"{amount:.2f}"
            problems.append(f"states the amount {shown}, which no fact holds")
    fact_days = [d for t in texts for d in _text_dates(t)]
    for said in _dates(text):
        same = [
            f
            for f in fact_days
            if (f.month, f.day) == (said.month, said.day) and said.year in (None, f.year)
        ]
        if not same:
            problems.append(f"states the date “{said.text}”, which no fact holds")
            continue
        if said.weekday is None:
            continue
        years = {f.year for f in same if f.year} or ({said.year} if said.year else set())
        real = {date(y, said.month, said.day).weekday() for y in years}
        if real and said.weekday not in real:
            names = ", ".join(WEEKDAYS[w] for w in sorted(real))
            problems.append(f"gives “{said.text}” the wrong weekday (the facts' date is a {names})")
    fact_counts = _fact_day_counts(facts, texts)
    for count in sorted(_counts(DAY_COUNT, text) - fact_counts):
        problems.append(f"states a period of {count} day(s), which no fact holds")
    stated = list(PERCENT.finditer(text))
    if stated:
        fact_percents = {decimal_of(m.group("n")) for t in texts for m in PERCENT.finditer(t)}
        for m in stated:
            if decimal_of(m.group("n")) not in fact_percents:
                problems.append(f"states {m.group(0).strip()}, which no fact holds")
    return problems


def _check_identifiers(text: str, masked_message: str, texts: list[str]) -> list[str]:
    problems: list[str] = []
    used = list(dict.fromkeys(PLACEHOLDER.findall(text)))
    allowed = (
        {p for t in [*texts, masked_message] for p in PLACEHOLDER.findall(t)} if used else set()
    )
    for token in used:
        if token not in allowed:
            problems.append(f"uses the placeholder {token}, which no fact or message contains")
    suspects = [t for t in dict.fromkeys(TOKEN.findall(text)) if ORDER_LIKE.search(t)]
    if suspects:  # a whole token the facts hold (a tracking number) is not an invention
        fact_tokens = {t.upper() for fact_text in texts for t in TOKEN.findall(fact_text)}
        for token in suspects:
            if token.upper() not in fact_tokens:
                problems.append(f"contains the raw number {token}, which no fact holds")
    for m in re.finditer(r"\bHR\s\d{6}\b", text, re.I):
        problems.append(f"contains the raw order number {m.group(0)}")
    return problems


def check_draft(
    draft: Draft, facts: Sequence[Fact], *, masked_message: str, auto_route: bool
) -> DraftCheck:
    texts = _fact_texts(facts)
    text = draft.text
    problems = _check_identifiers(text, masked_message, texts)
    problems += _check_values(text, facts, texts)
    known_ids = {f.source_id for f in facts}
    for source_id in draft.citations:
        if source_id not in known_ids:
            problems.append(f"cites {source_id}, which is not among the facts")
    has_refund = any(f.kind == "order" and f.data.get("refunds") for f in facts)
    if not has_refund and REFUND_CLAIM.search(text):
        problems.append("says a refund was made, but no order fact shows a refund")
    if auto_route:
        promised: dict[str, str] = {p.kind: p.sentence for p in find_promises(text)}
        for kind in draft.promises:
            promised.setdefault(kind, "(declared by the drafter)")
        for kind, sentence in promised.items():
            problems.append(
                f"promises {kind} on the automatic route, which only a person may do: {sentence}"
            )
    return DraftCheck(ok=not problems, problems=tuple(problems))
