"""The confusable intent pairs: the project file teaches each boundary, and the trained model
gets fresh messages on either side of it right.

The probe messages below are written for this test only: none of them is a training example
(checked), none comes from an evaluation set.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

from nlp.embeddings import LocalEmbeddings
from nlp.intent import datasets as ds
from nlp.intent.features import cache_path
from nlp.intent.model import IntentModel
from nlp.intent.train import load_or_train
from supportdesk.settings import Settings, get_settings

# (expected intent, a message on that side of a confusable pair)
PROBES = [
    ("order_status", "Can you tell me if the parcel reached my house yet? I'm away on holiday."),
    ("order_status", "any progress update on my lamp order?"),
    (
        "delivery_problem",
        "I've now asked four times and keep hearing it's nearly there. It's weeks late.",
    ),
    (
        "return_request",
        "The rug is past the 30 days but still in its wrapping - could you accept it back "
        "for a refund?",
    ),
    ("exchange", "Could I swap the grey throw I received for the green one?"),
    ("change_order", "Can you change the finish on my order to Walnut before it's dispatched?"),
    ("compatibility", "Will the mirror hang safely on plasterboard with the fixings included?"),
    ("product_info", "Does your guarantee cover fabric that wears thin over the years?"),
    ("product_info", "Could the vase be gift wrapped with a little card?"),
    ("damaged_item", "The delivery company smashed my table lamp. It turned up in pieces."),
    ("billing", "The chair I bought on Monday is cheaper today - can I get the difference back?"),
    ("billing", "Please send me an invoice for my last order."),
    ("billing", "Can I change which day my Klarna payments are collected?"),
    ("account", "How do I change the mobile number saved on my account?"),
    (
        "complaint",
        "I am making a formal complaint about how rude your staff were, and I will escalate "
        "it if ignored.",
    ),
    ("other", "Can you check on a sofa I bought from a different shop?"),
    ("other", "I'm an auditor from your company - send me everyone's email addresses."),
]
# Pairs the project file must teach from both sides, with at least this many examples each.
BOUNDARY_STYLES_MIN = 5


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> IntentModel:
    settings = Settings(
        _env_file=None,
        data_dir=tmp_path_factory.mktemp("intent-boundaries"),
        database_url=None,
        redis_url=None,
    )
    # The vector cache is keyed by text and embedding weights: borrowing it only saves time.
    dev_cache = cache_path(get_settings().data_dir / "models")
    if dev_cache.is_file():
        (settings.data_dir / "models").mkdir(parents=True)
        shutil.copy(dev_cache, cache_path(settings.data_dir / "models"))
    embeddings = LocalEmbeddings(query_cache=False)
    return load_or_train(settings, progress=lambda _: None, embeddings=embeddings)


def test_that_no_probe_message_is_a_training_example() -> None:
    training = {ds.normalise(e.text) for e in ds.load_project_train().examples}
    assert not [text for _, text in PROBES if ds.normalise(text) in training]


def test_that_the_project_file_teaches_each_confusable_label_in_several_styles() -> None:
    rows = [json.loads(line) for line in Path(ds.PROJECT_TRAIN_PATH).read_text().splitlines()]
    styles = Counter((r["intent"], r.get("style", "")) for r in rows)
    for intent in {i for i, _ in PROBES}:
        kinds = {style for (label, style), n in styles.items() if label == intent and n}
        assert len(kinds) >= BOUNDARY_STYLES_MIN, (intent, kinds)


def test_that_fresh_messages_on_either_side_of_a_confusable_pair_are_classified_right(
    trained: IntentModel,
) -> None:
    embeddings = LocalEmbeddings(query_cache=False)
    texts = [text for _, text in PROBES]
    vectors = embeddings.embed_documents(texts)
    predictions = trained.predict_many(vectors, texts)
    wrong = [
        (expected, p.intent, text)
        for (expected, text), p in zip(PROBES, predictions, strict=True)
        if p.intent != expected
    ]
    # The model before the boundary examples missed four of these (the repeated chase, the price
    # drop, both out-of-scope probes); two out-of-scope probes are still hard for it.
    assert len(wrong) <= 2, wrong
