"""LangSmith uploads: nothing is sent without LANGSMITH_API_KEY, and what would be sent holds
masked text only (the real masker on the reference answer, order numbers scrubbed)."""

from __future__ import annotations

import json
from dataclasses import replace

from evals.suites.result import SuiteResult
from evals.suites.upload import example_payload, run_payload, upload_experiment
from nlp.pii import PiiMasker, Vault
from supportdesk.settings import Settings
from tests.test_eval_fixtures import played, ticket


def test_that_without_a_key_nothing_is_uploaded(settings: Settings):
    settings = settings.model_copy(update={"langsmith_api_key": None})
    run = played(ticket("gt-order_status-001"))
    outcome = upload_experiment(
        settings,
        [run],
        {"intent": SuiteResult("intent", {"accuracy": 1.0})},
        split="dev",
        experiment="x",
        mask=lambda text: text,
    )
    assert outcome.status == "skipped" and "nothing was sent" in outcome.detail


def test_that_uploaded_examples_and_runs_carry_no_raw_personal_data():
    masker = PiiMasker()
    t = ticket(
        "gt-order_status-007",
        reference_answer="Hi Olivia Bennett, your order HR-204813 reaches 12 Mill Lane on "
        "3 November; questions to olivia.bennett@example.com.",
    )
    run = replace(
        played(t, reply="Your order <ORDER_ID_1> is on its way."),
        masked_turns=["where is <ORDER_ID_1>? thanks, <PERSON_1>"],
    )
    example = json.dumps(example_payload(run, lambda s: masker.mask(s, Vault()).masked_text))
    outputs = json.dumps(run_payload(run))
    for raw in ("Olivia Bennett", "HR-204813", "olivia.bennett@example.com", "12 Mill Lane"):
        assert raw not in example and raw not in outputs
    assert "3 November" in example  # what is not personal stays readable
    assert json.loads(example)["metadata"]["ticket_id"] == t.id
