"""Rules a golden ticket must keep on its own, before any database is asked.

These are the cross-field rules that the typed loader cannot see: the route agrees with the
business rules for the ticket's intent and tags, tags agree with the ticket's shape, the reference
answer states every required fact and none of the forbidden strings, and every order, SKU and
source the ticket mentions is listed in it. Each broken rule is one message; nothing raises.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from evals.golden_routes import route_for
from evals.golden_schema import ADVERSARIAL_KINDS, GoldenTicket, fact_present
from store.policies import current_policies

ORDER_IN_TEXT = re.compile(r"\bHR-?(\d{6})\b", re.I)
BARE_NUMBER = re.compile(r"(?<![\d-])(\d{6})(?!\d)")
SOURCE = re.compile(
    r"^(?:policy:(?P<slug>[a-z-]+)@v\d+#[a-z0-9-]+|sku:(?P<sku>[A-Z]{3}-\d{4})"
    r"|order:(?P<order>HR-\d{6})|eligibility:(?:return|cancel|change):(?P<elig>HR-\d{6}))$"
)
ORDER_TOOLS = ("lookup_order", "check_return_eligibility", "check_cancellation_eligibility",
               "check_change_eligibility")  # fmt: skip


def policy_slugs() -> frozenset[str]:
    return frozenset(doc.slug for doc in current_policies())


def check_ticket(t: GoldenTicket, slugs: Iterable[str] | None = None) -> list[str]:
    """Everything wrong with one ticket that its own fields can show."""
    known_slugs = frozenset(slugs) if slugs is not None else policy_slugs()
    problems: list[str] = []
    problems += _check_route(t)
    problems += _check_tags(t)
    problems += _check_answer(t)
    problems += _check_references(t, known_slugs)
    if not t.id.startswith(tuple(f"{p}-{t.expected_intent}-" for p in ("gt", "gp", "gf"))):
        problems.append(f"id {t.id} does not name its intent {t.expected_intent}")
    if t.subject is not None and t.channel != "email":
        problems.append("only an email has a subject")
    return problems


def _check_route(t: GoldenTicket) -> list[str]:
    out = []
    if t.expected_route not in t.acceptable_routes:
        out.append(f"expected_route {t.expected_route} is not in acceptable_routes")
    if t.must_escalate != ("auto_reply" not in t.acceptable_routes):
        out.append("must_escalate must be true exactly when auto_reply is not acceptable")
    rule = route_for(t.expected_intent, t.tags)
    if (t.expected_route, tuple(t.acceptable_routes)) != (rule.expected, rule.acceptable):
        out.append(
            f"route {t.expected_route} {list(t.acceptable_routes)} disagrees with the business "
            f"rules for {t.expected_intent} with these tags: {rule.expected} "
            f"{list(rule.acceptable)} ({rule.reason})"
        )
    return out


def _check_tags(t: GoldenTicket) -> list[str]:
    out = []
    tags = set(t.tags)
    if len(set(t.tags)) != len(t.tags):
        out.append("a tag is listed twice")
    if ("multi-turn" in tags) != (len(t.turns) > 1):
        out.append("tag multi-turn must be set exactly when there is more than one turn")
    if ("guest" in tags) != (t.customer.kind == "guest"):
        out.append("tag guest must be set exactly when the customer is a guest")
    if ("adversarial" in tags) != bool(tags & ADVERSARIAL_KINDS):
        out.append(
            "tag adversarial must come with its kind ("
            + ", ".join(sorted(ADVERSARIAL_KINDS))
            + ") and the other way round"
        )
    foreign = any(o.role == "other_customer" for o in t.orders)
    if foreign != bool(tags & {"other-customer", "wrong-verification"}):
        out.append(
            "an order of role other_customer needs tag other-customer or wrong-verification, "
            "and those tags need such an order"
        )
    missing = any(o.role == "nonexistent" for o in t.orders)
    if missing != ("unknown-order" in tags):
        out.append("tag unknown-order must be set exactly when an order is nonexistent")
    return out


def _check_answer(t: GoldenTicket) -> list[str]:
    out = []
    for fact in t.required_facts:
        if not fact_present(fact, t.reference_answer):
            out.append(f"required fact {fact!r} is not in the reference answer")
    for banned in t.must_not_contain:
        if fact_present(banned, t.reference_answer):
            out.append(f"the reference answer contains {banned!r}, which it must not")
    return out


def _check_references(t: GoldenTicket, slugs: frozenset[str]) -> list[str]:
    out = []
    listed = {o.id for o in t.orders}
    own = {o.id for o in t.orders if o.role == "own"}
    said = " ".join(t.turns) + " " + (t.subject or "")
    mentioned = {f"HR-{n}" for n in ORDER_IN_TEXT.findall(said)}
    mentioned |= {f"HR-{n}" for n in BARE_NUMBER.findall(said)}
    for mentioned_id in sorted(mentioned - listed):
        out.append(f"the turns mention {mentioned_id}, which 'orders' does not list")
    v = t.customer.verification
    if v is not None:
        if v.order_id not in listed:
            out.append(f"the guest verifies {v.order_id}, which 'orders' does not list")
        value = str(v.email or v.postcode or "")
        if not fact_present(value, said):
            out.append("the guest's verification value does not appear in the turns")
    for call in t.expected_tools:
        named = call.arguments.get("order_id")
        if call.tool in ORDER_TOOLS and (named is None or named not in listed):
            out.append(f"{call.tool} names order {named!r}, which 'orders' does not list")
        if call.tool == "get_product" and call.arguments.get("sku") not in t.skus:
            out.append(f"get_product names {call.arguments.get('sku')!r}, not in 'skus'")
        slug = call.arguments.get("policy")
        if call.tool == "search_policies" and slug is not None and slug not in slugs:
            out.append(f"search_policies names policy {slug!r}, which is not in force")
    for source in t.reference_source_ids:
        m = SOURCE.match(source)
        if m is None:
            out.append(f"source id {source!r} is not a policy:, sku:, order: or eligibility: id")
            continue
        if m["slug"] and m["slug"] not in slugs:
            out.append(f"source {source} names a policy that is not in force")
        if m["sku"] and m["sku"] not in t.skus:
            out.append(f"source {source} names a SKU that 'skus' does not list")
        order_id = m["order"] or m["elig"]
        if order_id and order_id not in own:
            out.append(f"source {source} cites an order that is not the customer's own")
    return out
