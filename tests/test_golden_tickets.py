"""The golden tickets: both files pass the validator against the seeded shop, they are exactly
what the templates build, and the validator catches hand-broken tickets."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from evals.golden_build import build
from evals.golden_schema import (
    SPLIT_FILES,
    GoldenTicket,
    OrderRef,
    ToolCall,
    Verification,
    load_golden,
    ticket_to_json,
)
from evals.golden_validate import MINIMUMS, validate_golden, validate_tickets
from nlp.taxonomy import INTENT_NAMES
from store.database import Database


@pytest.fixture(scope="module")
def tickets() -> list[GoldenTicket]:
    loaded = [load_golden(path) for path in SPLIT_FILES.values()]
    assert all(result.ok for result in loaded), [str(e) for r in loaded for e in r.errors]
    return [t for result in loaded for t in result.tickets]


def _first(tickets: list[GoldenTicket], **want: object) -> GoldenTicket:
    def matches(t: GoldenTicket) -> bool:
        return all(
            (value in getattr(t, key)) if key in ("tags",) else getattr(t, key) == value
            for key, value in want.items()
        )

    return next(t for t in tickets if matches(t))


def _problems(db: Database, ticket: GoldenTicket) -> list[str]:
    return [p.message for p in validate_tickets(db, [("hand-made", ticket)])]


def _write(tmp_path: Path, objects: list[dict[str, object]]) -> Path:
    path = tmp_path / "broken.jsonl"
    path.write_text("".join(json.dumps(o) + "\n" for o in objects), encoding="utf-8")
    return path


def test_that_both_golden_files_pass_the_validator_against_the_seeded_shop(
    seeded_db: Database,
) -> None:
    report = validate_golden(seeded_db)
    assert report.ok, report.summary()
    assert report.tickets >= MINIMUMS["tickets"]
    assert all(report.per_intent[i] >= MINIMUMS["per_intent"] for i in INTENT_NAMES)
    assert report.per_tag["adversarial"] >= MINIMUMS["adversarial"]
    assert report.per_tag["multi-turn"] >= MINIMUMS["multi-turn"]
    assert set(report.per_split) == {"dev", "test"}
    # Stratified: every intent has about 40% of its tickets in dev.
    assert all(0.3 <= share <= 0.5 for share in report.dev_share.values()), report.dev_share


def test_that_the_committed_files_are_exactly_what_a_fresh_build_writes() -> None:
    result = build()
    for split, path in SPLIT_FILES.items():
        assert path.read_text(encoding="utf-8") == result.files[split], (
            f"{path.name} is stale: run `.venv/bin/python -m evals.golden_build`"
        )


def test_that_an_order_id_the_shop_does_not_have_is_reported(
    seeded_db: Database, tickets: list[GoldenTicket]
) -> None:
    good = _first(tickets, expected_intent="order_status", tags="short")
    assert _problems(seeded_db, good) == []
    broken = dataclasses.replace(good, orders=(OrderRef("HR-000001", "own"),))
    assert any("HR-000001 does not exist" in m for m in _problems(seeded_db, broken))


def test_that_an_unknown_sku_is_reported(seeded_db: Database, tickets: list[GoldenTicket]) -> None:
    good = next(t for t in tickets if t.skus and t.expected_intent == "sizing_fit")
    assert _problems(seeded_db, good) == []
    broken = dataclasses.replace(
        good,
        skus=("FUR-9999",),
        reference_source_ids=("sku:FUR-9999",),
        expected_tools=(ToolCall("get_product", {"sku": "FUR-9999"}),),
    )
    assert any("SKU FUR-9999 does not exist" in m for m in _problems(seeded_db, broken))


def test_that_an_item_the_tickets_shop_does_not_sell_needs_an_answer_that_says_so(
    seeded_db: Database, tickets: list[GoldenTicket]
) -> None:
    good = next(t for t in tickets if t.skus and t.market == "UK")
    with seeded_db.connect() as conn:
        row = conn.execute(
            "SELECT sku FROM variant_markets WHERE market = 'UK' AND sku NOT IN "
            "(SELECT sku FROM variant_markets WHERE market = 'US') ORDER BY sku LIMIT 1"
        ).fetchone()
    assert row is not None, "the demo shop sells some items in the UK only"
    sku = row["sku"]
    asked = dataclasses.replace(
        good,
        market="US",
        skus=(sku,),
        reference_source_ids=(f"sku:{sku}",),
        expected_tools=(ToolCall("get_product", {"sku": sku}),),
        reference_answer="The Camden Throw (Oat) isn't sold in our US shop.",
        required_facts=("isn't sold",),
    )
    assert not any(sku in m for m in _problems(seeded_db, asked))
    silent = dataclasses.replace(asked, reference_answer="It is 130 x 180 cm.", required_facts=())
    assert any(f"SKU {sku} is not sold in the US shop" in m for m in _problems(seeded_db, silent))


def test_that_an_unknown_or_superseded_policy_section_is_reported(
    seeded_db: Database, tickets: list[GoldenTicket]
) -> None:
    good = next(
        t for t in tickets if any(s.startswith("policy:returns@") for s in t.reference_source_ids)
    )
    assert _problems(seeded_db, good) == []
    for source in ("policy:returns@v3#nowhere", "policy:returns@v2#window"):
        broken = dataclasses.replace(good, reference_source_ids=(source,))
        assert any(f"{source} does not exist" in m for m in _problems(seeded_db, broken)), source


def test_that_someone_elses_order_marked_as_own_is_reported(
    seeded_db: Database, tickets: list[GoldenTicket]
) -> None:
    refusal = _first(tickets, expected_intent="order_status", tags="other-customer")
    other = refusal.orders[0]
    broken = dataclasses.replace(
        refusal,
        orders=(OrderRef(other.id, "own"),),
        tags=tuple(t for t in refusal.tags if t not in ("other-customer", "adversarial")),
    )
    assert any("belongs to" in m for m in _problems(seeded_db, broken))


def test_that_a_guest_email_that_does_not_match_the_order_is_reported(
    seeded_db: Database, tickets: list[GoldenTicket]
) -> None:
    good = next(t for t in tickets if t.customer.verification and t.customer.verification.email)
    assert _problems(seeded_db, good) == []
    v = good.customer.verification
    assert v is not None and v.email is not None
    wrong = "someone.else@mail.example"
    broken = dataclasses.replace(
        good,
        customer=dataclasses.replace(good.customer, verification=Verification(v.order_id, wrong)),
        turns=tuple(x.replace(v.email, wrong) for x in good.turns),
    )
    assert any("does not match order" in m for m in _problems(seeded_db, broken))


def test_that_a_route_against_the_business_rules_is_reported(
    seeded_db: Database, tickets: list[GoldenTicket]
) -> None:
    privacy = _first(tickets, expected_intent="privacy_request")
    broken = dataclasses.replace(
        privacy, expected_route="auto_reply", acceptable_routes=("auto_reply",), must_escalate=False
    )
    assert any("disagrees with the business rules" in m for m in _problems(seeded_db, broken))


def test_that_a_required_fact_missing_from_the_reference_answer_is_reported(
    seeded_db: Database, tickets: list[GoldenTicket]
) -> None:
    good = _first(tickets, expected_intent="return_request")
    broken = dataclasses.replace(good, required_facts=(*good.required_facts, "£999.99"))
    assert any(
        "'£999.99' is not in the reference answer" in m for m in _problems(seeded_db, broken)
    )


def test_that_a_ticket_id_used_twice_is_reported(
    seeded_db: Database, tickets: list[GoldenTicket]
) -> None:
    good = tickets[0]
    problems = validate_tickets(seeded_db, [("dev.jsonl", good), ("test.jsonl", good)])
    assert [p.message for p in problems] == ["id already used in dev.jsonl"]


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("expected_intent", "shipping_question", "'expected_intent' must be one of"),
        ("expected_route", "auto_send", "'expected_route' must be one of"),
        ("acceptable_routes", ["auto_send"], "acceptable route 'auto_send' is not one of"),
        ("tags", ["spicy"], "tag 'spicy' is not in the vocabulary"),
        ("split", "train", "'split' must be one of"),
    ],
)
def test_that_the_loader_rejects_values_outside_the_schema(
    tmp_path: Path, tickets: list[GoldenTicket], field: str, value: object, expected: str
) -> None:
    obj = ticket_to_json(tickets[0]) | {field: value}
    result = load_golden(_write(tmp_path, [obj]))
    assert result.tickets == ()
    assert any(expected in e.message and e.line == 1 for e in result.errors), result.errors


def test_that_the_loader_names_a_missing_field_and_its_line(
    tmp_path: Path, tickets: list[GoldenTicket]
) -> None:
    good = ticket_to_json(tickets[0])
    missing = {k: v for k, v in ticket_to_json(tickets[1]).items() if k != "turns"}
    result = load_golden(_write(tmp_path, [good, missing, {"id": 3}]))
    assert [t.id for t in result.tickets] == [tickets[0].id]
    assert any(e.line == 2 and "missing field(s): turns" in e.message for e in result.errors)
    assert any(
        e.line == 3 and "'id' must be a non-empty string" in e.message for e in result.errors
    )
