"""The fresh dev set: new development tickets built on their own shop with gf- ids, refused when
they are rewrites or copies of a main template, validated against the seeded shop, and played by
`supportdesk eval --split dev-fresh`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from evals.golden_build import BuildResult, build, load_templates, main
from evals.golden_fresh import FRESH_DIR
from evals.golden_guards import TemplateError
from evals.golden_pieces import PIECES, Ctx
from evals.golden_schema import FRESH_FILE, load_fresh_tickets, load_golden
from evals.golden_shop import Shop
from evals.golden_validate import validate_fresh
from evals.suites.evaluate import EvalOptions, read_ticket_ids, select_tickets
from store.demo.shop import DemoShop
from store.policy_rules import load_policy_rules
from supportdesk.cli import app
from supportdesk.errors import ConfigurationError
from tests.golden_folders import golden_demo_shop, template_folder

# Two new requests in our own words: a question about a parcel that was left with a neighbour,
# and an email asking whether a lamp works with a smart plug.
ORDER_STATUS = """intent = "order_status"

[[t]]
pick = "delivered UK"
answer = ["status"]
turns = ["The card through my door for {order_id} says left with a neighbour, which one though??"]

[[t]]
pick = "in_transit US moving"
answer = ["status"]
channel = "email"
subject = "Parcel {order_id}"
turns = [
  "Hello,\\n\\nMy sister takes my post in next week: is {order_id} due?\\n\\nBest,\\n{full_name}",
]
"""
IDS = {"gf-order_status-001", "gf-order_status-002"}


def _folder(root: Path, **files: str) -> Path:
    return template_folder(root, "fresh", **files)


@pytest.fixture(scope="module")
def demo() -> DemoShop:
    return golden_demo_shop()


@pytest.fixture(scope="module")
def built(demo: DemoShop, tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, Path]:
    root = tmp_path_factory.mktemp("fresh")
    result = build(demo, fresh_dir=_folder(root, order_status=ORDER_STATUS))
    out = root / "dev_fresh.jsonl"
    out.write_text(result.files["dev_fresh"], encoding="utf-8")
    return result, out


def test_that_fresh_entries_become_gf_dev_tickets_and_leave_the_main_files_alone(built, demo):
    result, _ = built
    assert {t.id for t in result.fresh} == IDS
    assert all(t.split == "dev" and t.expected_intent == "order_status" for t in result.fresh)
    email = next(t for t in result.fresh if t.channel == "email")
    order_id = email.orders[0].id
    assert email.subject == f"Parcel {order_id}" and order_id in email.turns[0]
    plain = build(demo)
    assert (result.files["dev"], result.files["test"]) == (plain.files["dev"], plain.files["test"])
    assert "dev_fresh" not in plain.files


def test_that_a_fresh_entry_with_an_of_key_is_refused(demo, tmp_path):
    text = ORDER_STATUS.replace('pick = "delivered UK"', 'of = "gt-x"\npick = "delivered UK"')
    with pytest.raises(TemplateError, match=r"fresh/order_status.toml entry 1: has `of`"):
        build(demo, fresh_dir=_folder(tmp_path, order_status=text))


def test_that_a_fresh_entry_repeating_a_main_templates_words_is_refused(demo, tmp_path):
    # The copied words come from the main templates by code, so no person reads them here.
    intent, entries = next((i, e) for i, e in load_templates() if e)
    turns = [t for e in entries for t in e["turns"]]  # type: ignore[attr-defined]
    copied = next(t for t in turns if len(t.split()) >= 6)
    text = f'intent = "{intent}"\n\n[[t]]\nturns = [{json.dumps(copied)}]\n'
    with pytest.raises(TemplateError, match=r"repeats a main template's words"):
        build(demo, fresh_dir=_folder(tmp_path, **{intent: text}))


def test_that_the_loaders_keep_gf_ids_apart_and_the_validator_accepts_the_fresh_file(
    built, seeded_db
):
    _, path = built
    loaded = load_fresh_tickets(path)
    assert loaded.ok and {t.id for t in loaded.tickets} == IDS
    as_golden = load_golden(path)
    assert not as_golden.tickets and len(as_golden.errors) == len(IDS)
    report = validate_fresh(seeded_db, path)
    assert report.ok, report.summary()
    assert report.summary().startswith("fresh dev tickets: 2 (OK)")


def test_that_the_committed_fresh_file_is_current_and_valid(seeded_db, tmp_path):
    assert FRESH_DIR.is_dir() and FRESH_FILE.is_file()
    out = tmp_path / "out"
    out.mkdir()
    assert main(["--out", str(out)]) == 0
    built = (out / "dev_fresh.jsonl").read_text(encoding="utf-8")
    assert built == FRESH_FILE.read_text(encoding="utf-8"), "run python -m evals.golden_build"
    report = validate_fresh(seeded_db)
    assert report.ok, report.summary()
    assert report.tickets >= 150 and len([i for i, n in report.per_intent.items() if n]) == 18


def test_that_the_eval_plays_the_fresh_file_and_says_how_to_build_a_missing_one(
    built, monkeypatch, tmp_path
):
    _, path = built
    monkeypatch.setattr("evals.golden_schema.FRESH_FILE", path)
    assert {t.id for t in select_tickets(EvalOptions(split="dev-fresh"))} == IDS
    # A --tickets file picks some of them; an id that is not there is an error, not a smaller set.
    listed = tmp_path / "some.ids"
    one = sorted(IDS)[0]
    listed.write_text(f"# the first one\n{one}  # with a comment\n\n{one}\n", encoding="utf-8")
    assert read_ticket_ids(listed) == (one,)
    chosen = EvalOptions(split="dev-fresh", ticket_ids=read_ticket_ids(listed))
    assert [t.id for t in select_tickets(chosen)] == [one]
    with pytest.raises(ConfigurationError, match="not in the dev-fresh tickets, first: gf-nope"):
        select_tickets(EvalOptions(split="dev-fresh", ticket_ids=(one, "gf-nope-001")))
    listed.write_text("# nothing here\n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="names no ticket"):
        read_ticket_ids(listed)
    with pytest.raises(ConfigurationError, match="Cannot read the ticket list"):
        read_ticket_ids(tmp_path / "missing.ids")
    monkeypatch.setattr("evals.golden_schema.FRESH_FILE", tmp_path / "absent.jsonl")
    outcome = CliRunner().invoke(app, ["eval", "--split", "dev-fresh", "--suite", "intent"])
    assert isinstance(outcome.exception, ConfigurationError)
    assert "absent.jsonl does not exist" in str(outcome.exception)
    assert "evals/golden/fresh" in outcome.exception.hint


@pytest.mark.parametrize(
    ("batch", "size"),
    [
        ("batch4.ids", 133),
        ("batch5.ids", 126),
        ("batch6.ids", 126),
        ("batch7.ids", 126),
        ("batch8.ids", 125),
        ("batch9.ids", 126),
        ("batch10.ids", 126),
        ("batch11.ids", 127),
        ("batch12.ids", 126),
        ("batch13.ids", 126),
    ],
)
def test_that_each_batch_list_names_fresh_tickets_only(batch: str, size: int):
    listed = read_ticket_ids(FRESH_DIR / batch)
    fresh = {t.id for t in load_fresh_tickets().tickets}
    assert len(listed) == size and set(listed) <= fresh


def test_that_the_refund_time_a_ticket_requires_is_the_one_for_how_its_order_was_paid(demo):
    # The reference sentence lists every way of paying; the fact a reply must give is the
    # order's own (a PayPal customer needs PayPal's days), and the card's for a general question.
    shop = Shop.of(demo, load_policy_rules())
    wanted = {
        "card": "3 to 5 business days",
        "paypal": "1 to 2 business days",
        "gift_card": "instant",
        "bank_transfer": "5 to 7",
    }
    for method, fact in wanted.items():
        row = next(o for o in demo.tables["orders"] if o["payment_method"] == method)
        ctx = Ctx(shop, str(row["market"]), order=shop.view(str(row["id"])))
        piece = PIECES["p_refund_times"](ctx, "")
        assert piece.facts == [fact], method
        assert fact in piece.text
    assert PIECES["p_refund_times"](Ctx(shop, "UK"), "").facts == ["3 to 5 business days"]


def test_that_the_weight_piece_gives_the_weight_the_catalogue_records(demo):
    # Product pages list each variant's weight, so a reference answer can give it (batch 41
    # had to call a bookshelf's weight unknown for want of this piece).
    shop = Shop.of(demo, load_policy_rules())
    variant = next(v for v in demo.tables["variants"] if v["weight_kg"] == round(v["weight_kg"], 1))
    piece = PIECES["weight"](Ctx(shop, "UK", sku=str(variant["sku"])), "")
    kg = f"{variant['weight_kg']:g}"
    assert piece.facts == [kg]
    assert piece.text.endswith(f"weighs {kg} kg.")
    assert piece.sources == [f"sku:{variant['sku']}"]
