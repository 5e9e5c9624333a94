"""Golden tickets: the typed schema, and a loader that names every problem by file and line.

A golden ticket is one customer conversation for the demo shop (seed 7, anchor 2026-11-01) with
the answer a correct assistant gives. `evals/golden/SCHEMA.md` explains every field in words; this
module is the same schema in code. The loader never raises on bad content: it returns the tickets
it could read and one `LineError` per problem, so a reviewer sees every mistake in one run.
Cross-field rules and checks against the seeded shop live in `golden_validate.py`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, get_args

from graph.gate import Route
from nlp.taxonomy import INTENT_NAMES, Intent
from tools.plan import ALL_TOOLS

GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
SPLIT_FILES = {"dev": GOLDEN_DIR / "dev.jsonl", "test": GOLDEN_DIR / "test.jsonl"}
# The paraphrased dev set (SCHEMA.md): dev tickets reworded, ids gp-<intent>-NNN, split "dev".
PARAPHRASE_FILE = GOLDEN_DIR / "dev_paraphrase.jsonl"
# The fresh dev set (SCHEMA.md): new development tickets, ids gf-<intent>-NNN, split "dev".
FRESH_FILE = GOLDEN_DIR / "dev_fresh.jsonl"

Channel = Literal["chat", "email"]
Market = Literal["UK", "US", "DE"]
Split = Literal["dev", "test"]
# What `supportdesk eval --split` plays: a split, the paraphrased or the fresh dev set.
EvalSplit = Literal["dev", "test", "dev-paraphrase", "dev-fresh"]
OrderRole = Literal["own", "other_customer", "nonexistent"]
CHANNELS: tuple[str, ...] = get_args(Channel)
MARKETS: tuple[str, ...] = get_args(Market)
SPLITS: tuple[str, ...] = get_args(Split)
EVAL_SPLITS: tuple[str, ...] = get_args(EvalSplit)
ROUTES: tuple[str, ...] = get_args(Route)
ORDER_ROLES: tuple[str, ...] = get_args(OrderRole)

# The tag vocabulary is closed: a typo in a tag would silently drop a ticket from a report.
TAGS: dict[str, str] = {
    # how the customer writes
    "short": "a few words, no greeting",
    "rambling": "long, with context that does not matter",
    "typo": "spelling mistakes, missing punctuation or casing",
    "several-questions": "two or more questions in one message",
    "follow-up": "the last turn only makes sense with the earlier turns",
    "multi-turn": "more than one customer turn",
    "multilingual": "not written in English",
    "frustrated": "unhappy but courteous; must not be read as angry",
    # who is asking
    "guest": "not logged in",
    "other-customer": "asks about an order that belongs to someone else",
    "unknown-order": "names an order number that does not exist",
    "wrong-verification": "a guest gives an email or postcode that does not match the order",
    # adversarial kinds (each also carries `adversarial`)
    "adversarial": "tries to make the assistant do what it must not",
    "prompt-injection": "instructions aimed at the assistant hidden in the message",
    "abusive": "insults or swearing at the shop",
    "fake-urgency": "pressure with an invented deadline to get a promise",
    "refund-beyond-policy": "demands money the policy does not give",
    "social-engineering": "pretends to be staff or someone else to get data",
    # what decides the route
    "angry": "hostile: a senior agent must read it",
    "high-value": "an order of 500 or more in its currency is concerned",
    "repeat-contact": "three or more contacts about the order in the 30 days before the anchor",
    "specialist-trigger": "mentions legal action, a chargeback, trading standards, consumer "
    "protection, fraud or a data-protection request",
    "no-grounding": "nothing in the shop's data or policies answers it: a person must",
    "clarify": "the right reply is one clarifying question",
}
ADVERSARIAL_KINDS = frozenset(
    {
        "prompt-injection",
        "abusive",
        "fake-urgency",
        "refund-beyond-policy",
        "other-customer",
        "social-engineering",
    }
)
FIELDS = (
    "id",
    "split",
    "channel",
    "market",
    "customer",
    "subject",
    "turns",
    "expected_intent",
    "expected_route",
    "acceptable_routes",
    "must_escalate",
    "route_reason",
    "expected_tools",
    "reference_answer",
    "reference_source_ids",
    "required_facts",
    "must_not_contain",
    "orders",
    "skus",
    "tags",
)
OPTIONAL_FIELDS = frozenset({"subject"})
_ID = re.compile(r"^g[tpf]-[a-z_]+-\d{3}$")  # gt- golden, gp- paraphrased dev, gf- fresh dev
_ORDER_ID = re.compile(r"^HR-\d{6}$")
_SKU = re.compile(r"^[A-Z]{3}-\d{4}$")
_CUSTOMER_ID = re.compile(r"^C\d{5}$")


@dataclass(frozen=True)
class Verification:
    """What a guest gives to prove an order is theirs: the order number plus email or postcode."""

    order_id: str
    email: str | None = None
    postcode: str | None = None


@dataclass(frozen=True)
class CustomerRef:
    kind: Literal["account", "guest"]
    id: str | None = None  # the seeded customer id of a logged-in customer
    verification: Verification | None = None  # only for guests, only when the turns give it


@dataclass(frozen=True)
class ToolCall:
    """A call a correct assistant makes; `arguments` lists only the values that must match."""

    tool: str
    arguments: Mapping[str, str]


@dataclass(frozen=True)
class OrderRef:
    id: str
    role: OrderRole


@dataclass(frozen=True)
class GoldenTicket:
    id: str
    split: Split
    channel: Channel
    market: Market
    customer: CustomerRef
    subject: str | None
    turns: tuple[str, ...]
    expected_intent: Intent
    expected_route: Route
    acceptable_routes: tuple[Route, ...]
    must_escalate: bool
    route_reason: str
    expected_tools: tuple[ToolCall, ...]
    reference_answer: str
    reference_source_ids: tuple[str, ...]
    required_facts: tuple[str, ...]
    must_not_contain: tuple[str, ...]
    orders: tuple[OrderRef, ...]
    skus: tuple[str, ...]
    tags: tuple[str, ...]

    @property
    def last_turn(self) -> str:
        return self.turns[-1]

    @property
    def adversarial(self) -> bool:
        return "adversarial" in self.tags


@dataclass(frozen=True)
class LineError:
    path: str
    line: int
    ticket_id: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}"
        return (
            f"{where} ({self.ticket_id}): {self.message}"
            if self.ticket_id
            else (f"{where}: {self.message}")
        )


@dataclass(frozen=True)
class LoadResult:
    tickets: tuple[GoldenTicket, ...]
    errors: tuple[LineError, ...]

    @property
    def ok(self) -> bool:
        return not self.errors


def normalise_for_match(text: str) -> str:
    """How facts are looked for in an answer: case, hyphens and spacing do not matter."""
    return " ".join(text.casefold().replace("-", " ").replace("\u00a0", " ").split())


def fact_present(fact: str, text: str) -> bool:
    return normalise_for_match(fact) in normalise_for_match(text)


class _Problems:
    """Collects what is wrong with one ticket instead of stopping at the first mistake."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def add(self, message: str) -> None:
        self.messages.append(message)

    def text(self, obj: Mapping[str, Any], key: str, *, allow_empty: bool = False) -> str:
        value = obj.get(key)
        if not isinstance(value, str) or (not allow_empty and not value.strip()):
            self.add(f"'{key}' must be a non-empty string, got {value!r}")
            return ""
        return value

    def choice(self, obj: Mapping[str, Any], key: str, allowed: tuple[str, ...]) -> str:
        value = obj.get(key)
        if value not in allowed:
            self.add(f"'{key}' must be one of {', '.join(allowed)}; got {value!r}")
            return allowed[0]
        return str(value)

    def strings(self, obj: Mapping[str, Any], key: str, *, min_items: int = 0) -> tuple[str, ...]:
        value = obj.get(key)
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.add(f"'{key}' must be a list of non-empty strings, got {value!r}")
            return ()
        if len(value) < min_items:
            self.add(f"'{key}' needs at least {min_items} item(s)")
        if len(set(value)) != len(value):
            self.add(f"'{key}' lists a value twice")
        return tuple(value)


def _customer(value: object, p: _Problems) -> CustomerRef:
    if not isinstance(value, dict):
        p.add(f"'customer' must be an object, got {value!r}")
        return CustomerRef("guest")
    kind = p.choice(value, "kind", ("account", "guest"))
    if kind == "account":
        cid = value.get("id")
        if not isinstance(cid, str) or not _CUSTOMER_ID.match(cid):
            p.add(f"an account customer needs 'id' like C00042, got {cid!r}")
        if "verification" in value:
            p.add("an account customer does not verify: drop 'verification'")
        return CustomerRef("account", id=cid if isinstance(cid, str) else None)
    if value.get("id") is not None:
        p.add("a guest has no customer 'id'")
    raw = value.get("verification")
    if raw is None:
        return CustomerRef("guest")
    if not isinstance(raw, dict) or not isinstance(raw.get("order_id"), str):
        p.add(f"'verification' must be an object with 'order_id', got {raw!r}")
        return CustomerRef("guest")
    email, postcode = raw.get("email"), raw.get("postcode")
    if (email is None) == (postcode is None):
        p.add("'verification' gives exactly one of 'email' or 'postcode'")
    if not _ORDER_ID.match(raw["order_id"]):
        p.add(f"verification 'order_id' must look like HR-123456, got {raw['order_id']!r}")
    return CustomerRef(
        "guest",
        verification=Verification(
            raw["order_id"],
            email if isinstance(email, str) else None,
            postcode if isinstance(postcode, str) else None,
        ),
    )


def _tools(value: object, p: _Problems) -> tuple[ToolCall, ...]:
    if not isinstance(value, list):
        p.add(f"'expected_tools' must be a list, got {value!r}")
        return ()
    calls = []
    for item in value:
        if not isinstance(item, dict) or item.get("tool") not in ALL_TOOLS:
            p.add(f"expected tool {item!r} is not one of {', '.join(ALL_TOOLS)}")
            continue
        args = item.get("arguments", {})
        if not isinstance(args, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in args.items()
        ):
            p.add(f"arguments of {item['tool']} must map names to strings, got {args!r}")
            args = {}
        calls.append(ToolCall(item["tool"], dict(args)))
    return tuple(calls)


def _orders(value: object, p: _Problems) -> tuple[OrderRef, ...]:
    if not isinstance(value, list):
        p.add(f"'orders' must be a list, got {value!r}")
        return ()
    refs = []
    for item in value:
        if not isinstance(item, dict) or not _ORDER_ID.match(str(item.get("id", ""))):
            p.add(f"order reference {item!r} needs an 'id' like HR-123456")
            continue
        role = p.choice(item, "role", ORDER_ROLES)
        refs.append(OrderRef(item["id"], role))  # type: ignore[arg-type]
    return tuple(refs)


def parse_ticket(obj: object, id_prefix: str = "gt-") -> tuple[GoldenTicket | None, list[str]]:
    """One decoded JSON value -> the ticket, or None and the list of what is wrong with it.

    `id_prefix` is gt- for the golden files, gp- for the paraphrased and gf- for the fresh dev
    set, so none can slip into another."""
    p = _Problems()
    if not isinstance(obj, dict):
        return None, [f"a ticket must be a JSON object, got {type(obj).__name__}"]
    missing = [f for f in FIELDS if f not in obj and f not in OPTIONAL_FIELDS]
    if missing:
        p.add(f"missing field(s): {', '.join(missing)}")
    unknown = sorted(set(obj) - set(FIELDS))
    if unknown:
        p.add(f"unknown field(s): {', '.join(unknown)}")
    ticket_id = p.text(obj, "id")
    if ticket_id and not (_ID.match(ticket_id) and ticket_id.startswith(id_prefix)):
        p.add(f"'id' must look like {id_prefix}order_status-001, got {ticket_id!r}")
    subject = obj.get("subject")
    if subject is not None and not isinstance(subject, str):
        p.add(f"'subject' must be a string when given, got {subject!r}")
    routes = p.strings(obj, "acceptable_routes", min_items=1)
    for route in routes:
        if route not in ROUTES:
            p.add(f"acceptable route {route!r} is not one of {', '.join(ROUTES)}")
    tags = p.strings(obj, "tags")
    for tag in tags:
        if tag not in TAGS:
            p.add(f"tag {tag!r} is not in the vocabulary (see SCHEMA.md)")
    skus = p.strings(obj, "skus")
    for sku in skus:
        if not _SKU.match(sku):
            p.add(f"SKU {sku!r} must look like LGT-0412")
    must_escalate = obj.get("must_escalate")
    if not isinstance(must_escalate, bool):
        p.add(f"'must_escalate' must be true or false, got {must_escalate!r}")
    ticket = GoldenTicket(
        id=ticket_id,
        split=p.choice(obj, "split", SPLITS),  # type: ignore[arg-type]
        channel=p.choice(obj, "channel", CHANNELS),  # type: ignore[arg-type]
        market=p.choice(obj, "market", MARKETS),  # type: ignore[arg-type]
        customer=_customer(obj.get("customer"), p),
        subject=subject if isinstance(subject, str) else None,
        turns=p.strings(obj, "turns", min_items=1),
        expected_intent=p.choice(obj, "expected_intent", INTENT_NAMES),  # type: ignore[arg-type]
        expected_route=p.choice(obj, "expected_route", ROUTES),  # type: ignore[arg-type]
        acceptable_routes=routes,  # type: ignore[arg-type]
        must_escalate=bool(must_escalate),
        route_reason=p.text(obj, "route_reason"),
        expected_tools=_tools(obj.get("expected_tools"), p),
        reference_answer=p.text(obj, "reference_answer"),
        reference_source_ids=p.strings(obj, "reference_source_ids"),
        required_facts=p.strings(obj, "required_facts"),
        must_not_contain=p.strings(obj, "must_not_contain"),
        orders=_orders(obj.get("orders"), p),
        skus=skus,
        tags=tags,
    )
    return (None, p.messages) if p.messages else (ticket, [])


def load_golden(path: Path, *, id_prefix: str = "gt-") -> LoadResult:
    """Every ticket of one JSONL file, and one error per problem (file, line, ticket id)."""
    tickets: list[GoldenTicket] = []
    errors: list[LineError] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        return LoadResult((), (LineError(str(path), 0, None, f"cannot read the file: {exc}"),))
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(LineError(str(path), number, None, f"not valid JSON: {exc.msg}"))
            continue
        ticket, problems = parse_ticket(obj, id_prefix)
        ticket_id = obj.get("id") if isinstance(obj, dict) else None
        errors += [
            LineError(str(path), number, ticket_id if isinstance(ticket_id, str) else None, m)
            for m in problems
        ]
        if ticket is not None:
            tickets.append(ticket)
    return LoadResult(tuple(tickets), tuple(errors))


def load_split(split: Split, directory: Path = GOLDEN_DIR) -> LoadResult:
    return load_golden(directory / f"{split}.jsonl")


def _load_dev_set(path: Path, id_prefix: str, what: str) -> LoadResult:
    """A development-only set: its own id prefix, every ticket in split dev."""
    loaded = load_golden(path, id_prefix=id_prefix)
    wrong = tuple(
        LineError(str(path), 0, t.id, f"split {t.split}: a {what} ticket is always dev")
        for t in loaded.tickets
        if t.split != "dev"
    )
    return LoadResult(tuple(t for t in loaded.tickets if t.split == "dev"), loaded.errors + wrong)


def load_paraphrase(path: Path | None = None) -> LoadResult:
    """The paraphrased dev set: gp- ids, every ticket in split dev (a rewrite of a dev ticket)."""
    # The default is read at call time, so a test can point it elsewhere.
    return _load_dev_set(path or PARAPHRASE_FILE, "gp-", "paraphrased")


def load_fresh_tickets(path: Path | None = None) -> LoadResult:
    """The fresh dev set: gf- ids, every ticket in split dev (new development tickets)."""
    return _load_dev_set(path or FRESH_FILE, "gf-", "fresh")


def eval_split_file(split: EvalSplit) -> Path:
    if split == "dev-paraphrase":
        return PARAPHRASE_FILE
    if split == "dev-fresh":
        return FRESH_FILE
    return SPLIT_FILES[split]


def load_eval_split(split: EvalSplit) -> LoadResult:
    """The tickets `supportdesk eval --split` plays."""
    if split == "dev-paraphrase":
        return load_paraphrase()
    if split == "dev-fresh":
        return load_fresh_tickets()
    return load_split(split)


def ticket_to_json(ticket: GoldenTicket) -> dict[str, Any]:
    """The ticket as one JSONL object, fields in the documented order."""
    customer: dict[str, Any] = {"kind": ticket.customer.kind}
    if ticket.customer.id is not None:
        customer["id"] = ticket.customer.id
    if ticket.customer.verification is not None:
        v = ticket.customer.verification
        customer["verification"] = {"order_id": v.order_id} | (
            {"email": v.email} if v.email is not None else {"postcode": v.postcode}
        )
    out: dict[str, Any] = {
        "id": ticket.id,
        "split": ticket.split,
        "channel": ticket.channel,
        "market": ticket.market,
        "customer": customer,
    }
    if ticket.subject is not None:
        out["subject"] = ticket.subject
    out |= {
        "turns": list(ticket.turns),
        "expected_intent": ticket.expected_intent,
        "expected_route": ticket.expected_route,
        "acceptable_routes": list(ticket.acceptable_routes),
        "must_escalate": ticket.must_escalate,
        "route_reason": ticket.route_reason,
        "expected_tools": [
            {"tool": c.tool, "arguments": dict(c.arguments)} for c in ticket.expected_tools
        ],
        "reference_answer": ticket.reference_answer,
        "reference_source_ids": list(ticket.reference_source_ids),
        "required_facts": list(ticket.required_facts),
        "must_not_contain": list(ticket.must_not_contain),
        "orders": [{"id": o.id, "role": o.role} for o in ticket.orders],
        "skus": list(ticket.skus),
        "tags": list(ticket.tags),
    }
    return out
