"""The paraphrased dev set: built from rewrites of dev tickets only, on its own shop, refused when
a rewrite changes more than words, validated against the seeded shop, and played by
`supportdesk eval --split dev-paraphrase` with its own baseline."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from evals.compare import previous_run
from evals.golden_build import BuildResult, build, main
from evals.golden_guards import TemplateError
from evals.golden_paraphrase import PARAPHRASE_DIR
from evals.golden_schema import PARAPHRASE_FILE, SPLIT_FILES, load_golden, load_paraphrase
from evals.golden_validate import validate_paraphrase
from evals.suites.evaluate import EvalOptions, select_tickets
from store.demo.shop import DemoShop
from supportdesk.cli import app
from supportdesk.errors import ConfigurationError
from supportdesk.settings import Settings
from tests.golden_folders import golden_demo_shop, template_folder

# Three rewrites in our own words of dev entries: a one-liner, an email with a subject, and a
# follow-up over three turns. Every key except turns and subject is the original entry's.
ORDER_STATUS = """intent = "order_status"

[[t]]
of = "gt-order_status-006"
pick = "out_for_delivery UK"
answer = ["status"]
tags = ["short"]
turns = ["{order_id} arriving today?"]

[[t]]
of = "gt-order_status-009"
pick = "processing US parcel"
answer = ["status"]
channel = "email"
subject = "Has {order_id} shipped yet"
turns = [
  "Hi there,\\n\\nAny news on when {order_id} leaves your warehouse?\\n\\nThanks,\\n{full_name}",
]
"""
REFUND_STATUS = """intent = "refund_status"

[[t]]
of = "gt-refund_status-036"
pick = "returned refund_recent UK"
answer = ["refund"]
tags = ["follow-up"]
turns = [
  "hello, I posted a return back last week",
  "the order number was {order_id}",
  "so when do I see my money?",
]
"""
IDS = {"gp-order_status-006", "gp-order_status-009", "gp-refund_status-036"}


def _folder(root: Path, **files: str) -> Path:
    return template_folder(root, "paraphrase", **files)


@pytest.fixture(scope="module")
def demo() -> DemoShop:
    return golden_demo_shop()


@pytest.fixture(scope="module")
def plain(demo: DemoShop) -> BuildResult:
    return build(demo)


@pytest.fixture(scope="module")
def built(demo: DemoShop, tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, Path]:
    root = tmp_path_factory.mktemp("para")
    folder = _folder(root, order_status=ORDER_STATUS, refund_status=REFUND_STATUS)
    result = build(demo, paraphrase_dir=folder)
    out = root / "dev_paraphrase.jsonl"
    out.write_text(result.files["dev_paraphrase"], encoding="utf-8")
    return result, out


def test_that_the_builder_writes_one_gp_ticket_per_rewrite_with_its_originals_rows(built):
    result, _ = built
    rewritten = {t.id: t for t in result.paraphrased}
    assert set(rewritten) == IDS
    originals = {t.id: t for t in result.tickets}
    for ticket_id, t in rewritten.items():
        o = originals["gt-" + ticket_id.removeprefix("gp-")]
        assert t.split == "dev" == o.split
        # The replay gives each rewrite exactly the rows and labels of its original ...
        assert (t.customer, t.orders, t.market, t.channel) == (
            o.customer,
            o.orders,
            o.market,
            o.channel,
        )
        assert (t.expected_intent, t.expected_route, t.tags) == (
            o.expected_intent,
            o.expected_route,
            o.tags,
        )
        # ... and only the words are new.
        assert t.turns != o.turns and len(t.turns) == len(o.turns)
    email = rewritten["gp-order_status-009"]
    order_id = email.orders[0].id
    assert email.subject == f"Has {order_id} shipped yet" and order_id in email.turns[0]
    lines = [json.loads(line) for line in result.files["dev_paraphrase"].splitlines()]
    assert [x["id"] for x in lines] == [t.id for t in result.paraphrased]


def test_that_the_main_files_do_not_change_when_the_paraphrases_are_built(built, plain):
    result, _ = built
    assert result.files["dev"] == plain.files["dev"]
    assert result.files["test"] == plain.files["test"]
    assert result.tickets == plain.tickets and "dev_paraphrase" not in plain.files


def test_that_a_rewrite_of_a_test_ticket_is_refused(demo, plain, tmp_path):
    test_id = next(t.id for t in plain.tickets if t.split == "test" and "order_status" in t.id)
    text = ORDER_STATUS.replace("gt-order_status-006", test_id, 1)
    with pytest.raises(TemplateError, match=rf"order_status.toml entry 1.*{test_id}.*test ticket"):
        build(demo, paraphrase_dir=_folder(tmp_path, order_status=text))


def test_that_a_rewrite_that_changes_a_key_is_refused(demo, tmp_path):
    text = ORDER_STATUS.replace('tags = ["short"]', 'tags = ["typo"]')
    with pytest.raises(
        TemplateError, match=r"order_status.toml entry 1 \(gt-order_status-006\): tags"
    ):
        build(demo, paraphrase_dir=_folder(tmp_path, order_status=text))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('of = "gt-order_status-009"\n', ""), r"entry 2: needs of ="),
        (
            ("gt-order_status-009", "gt-order_status-006"),
            r"entry 2: gt-order_status-006 is already",
        ),
        (('"short"]\nturns = [', '"short"]\nturns = ["hi", '), r"2 turn\(s\)"),
    ],
)
def test_that_a_missing_or_repeated_of_or_another_turn_count_is_refused(
    demo, tmp_path, change, message
):
    text = ORDER_STATUS.replace(*change)
    with pytest.raises(TemplateError, match=message):
        build(demo, paraphrase_dir=_folder(tmp_path, order_status=text))


def test_that_the_command_writes_and_checks_the_paraphrase_file_and_refuses_atomically(tmp_path):
    good = _folder(tmp_path / "good", order_status=ORDER_STATUS, refund_status=REFUND_STATUS)
    out = tmp_path / "out"
    out.mkdir()
    # Only the paraphrases: no fresh set (that folder does not exist).
    args = ["--out", str(out), "--fresh", str(tmp_path / "no-fresh")]
    assert main([*args, "--paraphrase", str(good)]) == 0
    assert {p.name for p in out.iterdir()} == {"dev.jsonl", "test.jsonl", "dev_paraphrase.jsonl"}
    assert main(["--check", *args, "--paraphrase", str(good)]) == 0
    (out / "dev_paraphrase.jsonl").write_text("", encoding="utf-8")
    assert main(["--check", *args, "--paraphrase", str(good)]) == 1
    bad = _folder(tmp_path / "bad", order_status=ORDER_STATUS.replace("short", "typo"))
    assert main([*args, "--paraphrase", str(bad)]) == 2
    assert (out / "dev_paraphrase.jsonl").read_text(encoding="utf-8") == ""  # nothing written


def test_that_the_loaders_keep_gp_and_gt_ids_apart(built):
    _, path = built
    loaded = load_paraphrase(path)
    assert loaded.ok and {t.id for t in loaded.tickets} == IDS
    as_golden = load_golden(path)
    assert not as_golden.tickets and len(as_golden.errors) == len(IDS)
    assert "gt-order_status-001" in str(as_golden.errors[0])


def test_that_the_validator_accepts_the_paraphrases_and_pairs_each_with_dev(
    built, seeded_db, tmp_path
):
    _, path = built
    report = validate_paraphrase(seeded_db, path)
    assert report.ok, report.summary()
    assert report.tickets == 3 and not report.minimums
    assert report.summary().startswith("paraphrased dev tickets: 3 (OK)")
    # A rewrite whose original is not in dev (here: dev without that ticket) is reported.
    dev = SPLIT_FILES["dev"].read_text(encoding="utf-8").splitlines(keepends=True)
    fewer = tmp_path / "dev.jsonl"
    fewer.write_text("".join(x for x in dev if '"gt-refund_status-036"' not in x), "utf-8")
    broken = validate_paraphrase(seeded_db, path, dev_path=fewer)
    assert [p.message for p in broken.problems] == [
        "gp-refund_status-036: gt-refund_status-036 is not a dev ticket"
    ]


def test_that_the_eval_plays_the_paraphrase_file_and_says_how_to_build_a_missing_one(
    built, monkeypatch, tmp_path
):
    _, path = built
    monkeypatch.setattr("evals.golden_schema.PARAPHRASE_FILE", path)
    chosen = select_tickets(EvalOptions(split="dev-paraphrase"))
    assert {t.id for t in chosen} == IDS
    monkeypatch.setattr("evals.golden_schema.PARAPHRASE_FILE", tmp_path / "absent.jsonl")
    outcome = CliRunner().invoke(app, ["eval", "--split", "dev-paraphrase", "--suite", "intent"])
    assert isinstance(outcome.exception, ConfigurationError)
    assert "absent.jsonl does not exist" in str(outcome.exception)
    assert "evals.golden_build" in str(outcome.exception)
    wrong = CliRunner().invoke(app, ["eval", "--split", "paraphrase"])
    assert wrong.exit_code == 2 and "dev-paraphrase" in wrong.output


def test_that_a_paraphrase_run_is_compared_only_with_paraphrase_runs(tmp_path: Path) -> None:
    def run(name: str, split: str) -> Path:
        folder = tmp_path / name
        folder.mkdir()
        result = {"split": split, "limit": None, "suites_run": ["intent"]}
        (folder / "result.json").write_text(json.dumps(result), "utf-8")
        return folder

    older = run("20261201-100000", "dev-paraphrase")
    dev = run("20261201-110000", "dev")
    now = tmp_path / "20261201-120000"
    assert previous_run(tmp_path, "dev-paraphrase", before=now, suites=["intent"]) == older
    assert previous_run(tmp_path, "dev", before=now, suites=["intent"]) == dev


def _eval(monkeypatch: Any, settings: Settings, *args: str) -> Any:
    monkeypatch.setattr("supportdesk.cli_understanding.get_settings", lambda: settings)
    return CliRunner().invoke(app, ["eval", "--use-configured", *args])


def test_that_eval_split_dev_paraphrase_plays_scores_and_keeps_its_own_baseline(
    built, monkeypatch, settings: Settings, indexed_db, understanding_models
):
    _, path = built
    monkeypatch.setattr("evals.golden_schema.PARAPHRASE_FILE", path)
    runs = settings.data_dir / "eval-runs"
    # A dev run with the same suites and limit: never the baseline of a paraphrase run.
    planted = runs / "20000101-000000"
    planted.mkdir(parents=True)
    planted_result = {"split": "dev", "limit": 2, "suites_run": ["intent", "routing"]}
    (planted / "result.json").write_text(json.dumps(planted_result), "utf-8")
    args = ("--split", "dev-paraphrase", "--limit", "2", "--json", "--suite", "intent",
            "--suite", "routing")  # fmt: skip
    first = _eval(monkeypatch, settings, *args)
    assert first.exit_code == 0, first.output
    summary = json.loads(first.stdout)
    result = json.loads((Path(summary["folder"]) / "result.json").read_text())
    assert result["split"] == "dev-paraphrase"
    assert [r["id"] for r in result["runs"]] == ["gp-order_status-006", "gp-order_status-009"]
    assert summary["metrics"]["routing"]["tickets"] == 2
    assert summary["comparison"] is None
    second = json.loads(_eval(monkeypatch, settings, *args).stdout)
    assert second["comparison"]["baseline"] == summary["folder"]


def test_that_the_committed_paraphrase_file_is_what_a_fresh_build_writes_and_validates(
    demo: DemoShop, seeded_db
) -> None:
    fresh = build(demo, paraphrase_dir=PARAPHRASE_DIR).files["dev_paraphrase"]
    assert PARAPHRASE_FILE.read_text(encoding="utf-8") == fresh, (
        "dev_paraphrase.jsonl is stale: run `.venv/bin/python -m evals.golden_build`"
    )
    report = validate_paraphrase(seeded_db)
    assert report.ok, report.summary()
    # Every dev ticket has its rewrite.
    dev_ids = {t.id for t in load_golden(SPLIT_FILES["dev"]).tickets}
    assert {t.id.replace("gp-", "gt-", 1) for t in load_paraphrase().tickets} == dev_ids
