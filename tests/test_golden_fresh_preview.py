"""A fresh writer's preview: the tickets new entries give, composed as the build composes them,
from a folder of fresh files, with the build's refusals and clear errors for a bad call."""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.golden_fresh_preview import main

# Two bank-transfer questions in our own words; the preview is asked for the second only.
BILLING = """intent = "billing"

[[t]]
pick = "placed DE pay_bank_transfer"
answer = ["status", "p_bank_transfer"]
turns = ["Does {order_id} wait for my transfer to land, or is it sent out now?"]

[[t]]
pick = "placed DE pay_bank_transfer"
answer = ["status", "p_bank_transfer"]
turns = ["I went for bank transfer on {order_id} this morning. Is the parcel held until the money lands with you, or does it go out now?"]
"""  # noqa: E501


def test_that_the_preview_shows_each_new_entry_with_its_pick_route_answer_and_facts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    (tmp_path / "billing.toml").write_text(BILLING, encoding="utf-8")
    assert main([str(tmp_path), "--intent", "billing", "--from", "2"]) == 0
    shown = capsys.readouterr().out
    assert shown.startswith("gf-billing-002  auto_reply (")
    assert "gf-billing-001" not in shown
    assert "market DE" in shown and "picked HR-" in shown
    assert "turn 1: I went for bank transfer on HR-" in shown
    assert "facts: 2 to 5 business days, payment reference" in shown
    assert "IBAN" in shown  # the reference answer, from the bank-transfer piece


def test_that_a_turn_copied_from_a_main_template_is_refused_by_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    copied = BILLING.split("[[t]]")[0] + (
        '[[t]]\npick = "placed UK"\nanswer = ["status"]\n'
        'turns = ["I\'ve been charged twice for order {order_id}! Two payments on my card."]\n'
    )
    (tmp_path / "billing.toml").write_text(copied, encoding="utf-8")
    assert main([str(tmp_path), "--intent", "billing"]) == 2
    assert "repeats a main template's words" in capsys.readouterr().err


def test_that_a_missing_folder_or_an_unknown_intent_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    assert main([str(tmp_path / "nowhere"), "--intent", "billing"]) == 2
    assert "is not a folder of fresh files" in capsys.readouterr().err
    with pytest.raises(SystemExit) as refused:
        main([str(tmp_path), "--intent", "billling"])
    assert refused.value.code == 2
    assert "invalid choice: 'billling'" in capsys.readouterr().err
