"""The intent classifier: its data, its artifact, its predictions and its measured quality.

The full model is trained once per session on the real data (into a temporary data dir) and
scored on data it never saw; the targets below are the issue's, not loosened ones.
"""

from __future__ import annotations

import csv
import json
import shutil
import time
import tomllib
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from nlp.embeddings import LocalEmbeddings
from nlp.intent import datasets as ds
from nlp.intent.calibration import expected_calibration_error, fit_temperature, softmax
from nlp.intent.evaluate import (
    TARGETS,
    evaluate_intent,
    format_intent_report,
    format_train_report,
)
from nlp.intent.features import cache_path
from nlp.intent.fitting import sample_weights
from nlp.intent.model import UNUSABLE, IntentModel, artifact_path
from nlp.intent.sentence_view import read_intent
from nlp.intent.train import collect_training_data, load_or_train, train_intent_model
from nlp.taxonomy import CORE_INTENTS, INTENT_NAMES
from supportdesk.settings import Settings, get_settings

BAD_INPUTS = [
    "",
    "   \n\t ",
    "refund " * 7000,  # about 50,000 characters
    "🙂🙂🔥",
    "<script>alert('x')</script><b>where is my order</b>",
    "\x00\x07 order \x1b[31m status",
    "Wo ist meine Bestellung HR-204813?",
    "¿Dónde está mi pedido?",
]


@pytest.fixture(scope="session")
def embeddings() -> LocalEmbeddings:
    return LocalEmbeddings(query_cache=False)


def _settings(data_dir: Path) -> Settings:
    return Settings(_env_file=None, data_dir=data_dir, database_url=None, redis_url=None)


@pytest.fixture(scope="session")
def full_model(
    tmp_path_factory: pytest.TempPathFactory, embeddings: LocalEmbeddings
) -> tuple[Settings, IntentModel]:
    """The real model on all the real training data: the one expensive fixture."""
    settings = _settings(tmp_path_factory.mktemp("intent-full"))
    # The vector cache is keyed by text and embedding weights, so borrowing the dev one only
    # saves time; it cannot change a single figure.
    dev_cache = cache_path(get_settings().data_dir / "models")
    if dev_cache.is_file():
        (settings.data_dir / "models").mkdir(parents=True)
        shutil.copy(dev_cache, cache_path(settings.data_dir / "models"))
    model = load_or_train(settings, progress=lambda _: None, embeddings=embeddings)
    return settings, model


@pytest.fixture(scope="session")
def intent_report(full_model: tuple[Settings, IntentModel], embeddings: LocalEmbeddings) -> Any:
    settings, model = full_model
    return evaluate_intent(settings, model, embeddings=embeddings)


def _tiny_file(path: Path, extra: str = "") -> Path:
    rows = []
    phrases = {
        "order_status": "where is my order {n}, has it shipped yet",
        "cancel_order": "please cancel order {n}, I no longer want it",
        "other": "what is the weather like in city number {n} tomorrow",
    }
    for intent, phrase in phrases.items():
        rows += [{"text": phrase.format(n=n), "intent": intent} for n in range(8)]
    lines = [json.dumps(r) for r in rows]
    path.write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")
    return path


# -- data -----------------------------------------------------------------------------------


def test_that_the_mapping_names_every_bitext_label_once_and_only_taxonomy_targets() -> None:
    settings = get_settings()
    bitext_labels: set[str] = set()
    for name in ds.BITEXT_FILES.values():
        path = ds.datasets_dir(settings) / "bitext" / name
        with path.open(encoding="utf-8", newline="") as handle:
            bitext_labels |= {row["intent"] for row in csv.DictReader(handle)}
    # tomllib rejects a key written twice, so parsing proves "exactly once".
    raw = tomllib.loads(ds.MAPPING_PATH.read_text(encoding="utf-8"))["mapping"]
    assert set(raw) == bitext_labels
    for label, entry in raw.items():
        assert entry["intent"] in (*INTENT_NAMES, "dropped"), label
        if entry["intent"] == "dropped":
            assert len(entry.get("note", "")) > 20, f"{label} is dropped without a reason"
    mapping = ds.load_mapping()
    assert set(mapping.values()) - {None} <= set(INTENT_NAMES)


def test_that_bitext_test_rows_also_in_train_are_dropped_before_scoring() -> None:
    settings = get_settings()
    kept, dropped = ds.load_bitext_test_for_scoring(settings)
    everything = ds.load_bitext(settings, "test")
    train = {ds.normalise(e.text) for e in ds.load_bitext(settings, "train").examples}
    assert dropped > 0
    assert len(kept.examples) == len(everything.examples) - dropped
    assert not any(ds.normalise(e.text) in train for e in kept.examples)


def test_that_a_missing_or_malformed_project_file_is_a_typed_result(tmp_path: Path) -> None:
    missing = ds.load_project_train(tmp_path / "nope.jsonl")
    assert (
        missing.status == "missing" and missing.examples == () and "nope.jsonl" in missing.message
    )
    messy = _tiny_file(tmp_path / "messy.jsonl", '{"text": "x", "intent": "teleport"}\nnot json\n')
    loaded = ds.load_project_train(messy)
    assert loaded.status == "ok" and loaded.skipped_lines == 2 and len(loaded.examples) == 24


def _fresh_ticket(ticket_id: str, turns: list[str], subject: str | None = None) -> str:
    intent = ticket_id.split("-")[1]
    row = {"id": ticket_id, "expected_intent": intent, "turns": turns, "subject": subject}
    return json.dumps(row)


def test_that_only_listed_fresh_tickets_train_and_as_the_model_reads_them(
    tmp_path: Path,
) -> None:
    batches = tmp_path / "fresh"
    batches.mkdir()
    late = ds.LAST_TRAINING_BATCH + 1
    (batches / f"batch{late}.ids").write_text("# held out\ngf-order_status-002\n")
    (batches / f"batch{ds.LAST_TRAINING_BATCH}.ids").write_text("gf-order_status-001\n")
    # gf-order_status-003 is in no batch file yet (a batch just written): it does not train.
    allowed = batches / "training.ids"
    allowed.write_text(
        "# trains\ngf-order_status-001\ngf-refund_status-001\ngf-cancel_order-001\ngf-x-001\n"
    )
    tickets = tmp_path / "dev_fresh.jsonl"
    lines = [
        _fresh_ticket("gf-order_status-001", ["Has it shipped yet?"], subject="HR-126015"),
        _fresh_ticket("gf-order_status-002", ["Where is HR-100093?"]),
        _fresh_ticket("gf-refund_status-001", ["Refund for HR-152154?", "and when?"]),
        _fresh_ticket("gf-cancel_order-001", ["Please cancel it, I ordered twice"]),
        _fresh_ticket("gf-order_status-003", ["Any news on HR-100094?"]),
        '{"id": "gf-x-001", "expected_intent": "teleport", "turns": ["beam me up"]}',
        "not json",
    ]
    tickets.write_text("\n".join(lines) + "\n", encoding="utf-8")

    loaded = ds.load_fresh_training(tickets, allowed)

    assert loaded.status == "ok" and loaded.skipped_lines == 2
    assert [(e.text, e.intent, e.source) for e in loaded.examples] == [
        ("Subject: HR-126015\n\nHas it shipped yet?", "order_status", "project"),
        ("Please cancel it, I ordered twice", "cancel_order", "project"),
    ]
    assert ds.held_out_fresh_ids(batches) == {"gf-order_status-002"}
    missing = ds.load_fresh_training(tmp_path / "nope.jsonl", allowed)
    assert missing.status == "missing" and missing.examples == ()
    unlisted = ds.load_fresh_training(tickets, tmp_path / "no-list.ids")
    assert unlisted.status == "missing" and unlisted.examples == ()


def test_that_the_real_fresh_training_rows_exclude_every_held_out_batch() -> None:
    held_out = ds.held_out_fresh_ids()
    loaded = ds.load_fresh_training()
    assert loaded.status == "ok" and len(loaded.examples) > 1000
    assert len(held_out) > 400  # batches 11 to 14 at least
    assert not held_out & ds.fresh_training_ids()
    texts = {e.text for e in loaded.examples}
    fresh_ids = set()
    for line in ds.FRESH_TICKETS_PATH.read_text(encoding="utf-8").splitlines():
        ticket = json.loads(line)
        fresh_ids.add(ticket["id"])
        if ticket["id"] in held_out:
            assert ticket["turns"][0] not in texts, ticket["id"]
    assert ds.fresh_training_ids() <= fresh_ids  # every listed id is a real fresh ticket


def test_that_no_training_text_copies_a_test_ticket_or_a_held_out_intent_row() -> None:
    """Training on a test text, even reworded by a word or two, would score the model on what
    it learnt by heart. Measured as the fresh builder measures copying (word-set overlap)."""
    from evals.golden_fresh import NEAR_COPY, word_set

    scored = [word_set(e.text) for e in ds.load_heldout().examples]
    for line in (Path(__file__).parents[1] / "evals" / "golden" / "test.jsonl").open():
        scored += [word_set(t) for t in json.loads(line)["turns"] if isinstance(t, str)]
    scored = [w for w in scored if len(w) >= 4]
    assert len(scored) > 600
    copies = []
    for e in (*ds.load_project_train().examples, *ds.load_fresh_training().examples):
        words = word_set(e.text)
        if len(words) < 4:
            continue
        for other in scored:
            # Overlap of at least NEAR_COPY needs lengths within that ratio of each other.
            if min(len(words), len(other)) < NEAR_COPY * max(len(words), len(other)):
                continue
            if len(words & other) >= NEAR_COPY * len(words | other):
                copies.append(e.text)
                break
    assert copies == []


def test_that_every_label_carries_equal_weight_and_project_rows_their_share() -> None:
    rows = [ds.Example(f"a{i}", "account", "bitext") for i in range(90)]
    rows += [ds.Example(f"b{i}", "account", "project") for i in range(10)]
    rows += [ds.Example(f"c{i}", "sizing_fit", "project") for i in range(20)]
    rows += [ds.Example(f"d{i}", "other", "clinc") for i in range(300)]
    w = sample_weights(rows, project_share=0.6, other_boost=1.5)
    account, sizing, other = w[:100].sum(), w[100:120].sum(), w[120:].sum()
    assert account == pytest.approx(sizing) and other == pytest.approx(1.5 * sizing)
    assert w[90:100].sum() / account == pytest.approx(0.6)


# -- calibration maths ----------------------------------------------------------------------


def test_that_ece_is_near_zero_when_confidence_matches_accuracy_and_large_when_not() -> None:
    rng = np.random.default_rng(1)
    confidence = rng.uniform(0.3, 1.0, 20000)
    honest = rng.uniform(size=confidence.size) < confidence
    assert expected_calibration_error(confidence, honest) < 0.02
    overconfident = rng.uniform(size=confidence.size) < confidence - 0.25
    assert expected_calibration_error(confidence, overconfident) > 0.2


def test_that_temperature_fitting_recovers_the_temperature_that_generated_the_labels() -> None:
    rng = np.random.default_rng(2)
    logits = rng.normal(0, 3, (5000, 6))
    probs = softmax(logits, 2.0)
    targets = np.array([rng.choice(6, p=p) for p in probs])
    assert fit_temperature(logits, targets) == pytest.approx(2.0, rel=0.1)


# -- artifact and reuse ---------------------------------------------------------------------


def test_that_training_writes_an_artifact_that_load_or_train_reuses_until_the_data_changes(
    tmp_path: Path, embeddings: LocalEmbeddings
) -> None:
    settings = _settings(tmp_path / "data")
    project = _tiny_file(tmp_path / "tiny.jsonl")
    data = collect_training_data(settings, project_path=project, external=False)
    report = train_intent_model(settings, progress=lambda _: None, data=data, embeddings=embeddings)
    assert report.path == artifact_path(settings) and report.path.is_file()
    with np.load(report.path, allow_pickle=False) as saved:
        meta = json.loads(str(saved["meta"]))
        assert [str(x) for x in saved["labels"]] == ["order_status", "cancel_order", "other"]
    assert meta["version"] == report.version and meta["data_sha256"] == data.sha256
    assert json.loads(report.path.with_suffix(".json").read_text())["labels"] == meta["labels"]
    assert report.status == "partial" and "sizing_fit" in report.missing_labels
    assert "sizing_fit" in format_train_report(report)

    said: list[str] = []
    reused = load_or_train(settings, said.append, data=data, embeddings=embeddings)
    assert said == [] and reused.data_sha256 == data.sha256

    _tiny_file(project, json.dumps({"text": "is my parcel on its way", "intent": "order_status"}))
    changed = collect_training_data(settings, project_path=project, external=False)
    retrained = load_or_train(settings, said.append, data=changed, embeddings=embeddings)
    assert changed.sha256 != data.sha256 and retrained.data_sha256 == changed.sha256
    assert any("training" in line for line in said)


def test_that_a_damaged_artifact_is_retrained_not_fatal(
    tmp_path: Path, embeddings: LocalEmbeddings
) -> None:
    settings = _settings(tmp_path / "data")
    data = collect_training_data(
        settings, project_path=_tiny_file(tmp_path / "t.jsonl"), external=False
    )
    artifact_path(settings).parent.mkdir(parents=True)
    artifact_path(settings).write_bytes(b"not a model")
    model = load_or_train(settings, progress=lambda _: None, data=data, embeddings=embeddings)
    assert model.data_sha256 == data.sha256


# -- predictions ----------------------------------------------------------------------------


def test_that_predictions_are_probabilities_with_a_sorted_top3(
    full_model: tuple[Settings, IntentModel], embeddings: LocalEmbeddings
) -> None:
    _, model = full_model
    texts = ["Where is my order HR-204813?", "Will the Denver Rug fit a 3 m room?", *BAD_INPUTS]
    vectors = embeddings.embed_documents(texts)
    for with_text in (None, texts):
        probs = model.probabilities(np.asarray(vectors), with_text)
        assert np.allclose(probs.sum(axis=1), 1.0) and (probs >= 0).all()
        many = model.predict_many(vectors, with_text)
        for i, (vector, batch) in enumerate(zip(vectors, many, strict=True)):
            one = model.predict(vector, None if with_text is None else with_text[i])
            assert one == batch and one.intent in INTENT_NAMES
            assert one.confidence == one.top3[0][1] and len(one.top3) == 3
            assert [p for _, p in one.top3] == sorted((p for _, p in one.top3), reverse=True)
    assert model.predict(vectors[0], texts[0]).intent == "order_status"
    assert model.predict(vectors[1], texts[1]).intent == "sizing_fit"


RAMBLING_RETURN = (
    "We moved into a new place in the summer and bought a few bits to fill it. My partner "
    "measured the alcove three times before we chose anything at all, and the delivery men were "
    "lovely. It looked great in the photos but the finish is far darker than we expected and it "
    "just does not suit the room.\nCan I send it back for my money?"
)


def test_that_a_long_story_is_read_by_the_request_in_its_last_sentence(
    full_model: tuple[Settings, IntentModel], embeddings: LocalEmbeddings
) -> None:
    _, model = full_model
    vector = embeddings.embed_query(RAMBLING_RETURN)
    whole = model.predict(vector, RAMBLING_RETURN)
    read = read_intent(model, vector, RAMBLING_RETURN)
    assert read.intent == "return_request"
    # The sentences choose the label; how sure the product is stays the whole message's call.
    whole_probs = model.probabilities(np.asarray([vector]), [RAMBLING_RETURN])[0]
    assert read.confidence == pytest.approx(whole_probs[model.labels.index("return_request")])
    assert read.confidence <= whole.confidence


def test_that_unusable_vectors_get_a_no_confidence_answer_instead_of_an_error(
    full_model: tuple[Settings, IntentModel],
) -> None:
    _, model = full_model
    assert model.predict([0.1, 0.2]) == UNUSABLE
    assert model.predict([float("nan")] * 384, "where is my order") == UNUSABLE
    assert model.predict_many([[0.0] * 384, [1.0]])[1] == UNUSABLE
    assert model.predict_many([]) == []
    # One text too few is a caller's slip: the vectors are still classified.
    assert len(model.predict_many([[0.0] * 384] * 2, ["a"])) == 2


def test_that_a_prediction_costs_well_under_a_millisecond(
    full_model: tuple[Settings, IntentModel], embeddings: LocalEmbeddings
) -> None:
    _, model = full_model
    text = "Hi, can I return a lamp I bought last week? The shade is not what I expected. " * 3
    vector = embeddings.embed_query(text)
    model.predict(vector, text)
    for with_text in (None, text):
        # Best of five batches, as timeit does: other processes share these two cores.
        batches = []
        for _ in range(5):
            started = time.perf_counter()
            for _ in range(200):
                model.predict(vector, with_text)
            batches.append((time.perf_counter() - started) / 200)
        assert min(batches) < 0.0005


def test_that_the_full_model_knows_every_taxonomy_label(
    full_model: tuple[Settings, IntentModel],
) -> None:
    _, model = full_model
    assert model.labels == INTENT_NAMES
    assert all(model.counts[label].get("project", 0) >= 60 for label in INTENT_NAMES)


# -- measured targets (the numbers) ---------------------------------------------------


def _target(report: Any, name: str) -> float:
    value = report["targets"][name]["value"]
    assert value is not None, f"{name} was not measured; see the report's set statuses"
    return float(value)


def test_that_bitext_test_accuracy_reaches_95_percent(intent_report: Any) -> None:
    assert intent_report["bitext_test"]["dropped_duplicates"] > 0
    assert _target(intent_report, "bitext_test_accuracy") >= TARGETS["bitext_test_accuracy"][1]


def test_that_at_least_90_percent_of_clinc_out_of_scope_questions_go_to_other(
    intent_report: Any,
) -> None:
    assert intent_report["clinc_oos"]["n"] == 1000
    assert _target(intent_report, "clinc_oos_share_other") >= 0.90


def test_that_held_out_shop_tickets_reach_93_percent_accuracy(intent_report: Any) -> None:
    assert intent_report["heldout"]["n"] >= 300
    assert _target(intent_report, "heldout_accuracy") >= 0.93


def test_that_no_core_intent_falls_below_f1_085_on_held_out_tickets(intent_report: Any) -> None:
    per_intent = intent_report["heldout"]["per_intent"]
    assert all(per_intent[c]["support"] > 0 for c in CORE_INTENTS)
    low = {c: round(per_intent[c]["f1"], 3) for c in CORE_INTENTS if per_intent[c]["f1"] < 0.85}
    assert low == {}


def test_that_confidence_is_calibrated_within_005_ece(intent_report: Any) -> None:
    assert _target(intent_report, "heldout_ece") <= 0.05
    assert _target(intent_report, "bitext_test_ece") <= 0.05


def test_that_the_report_prints_every_set_and_the_confusion_matrix(intent_report: Any) -> None:
    text = format_intent_report(intent_report)
    assert "confusion matrix" in text and "clinc oos_test" in text and "bitext test" in text
    matrix = intent_report["heldout"]["confusion"]["rows"]
    assert sum(map(sum, matrix)) == intent_report["heldout"]["n"]
    for label in INTENT_NAMES:
        assert label in text


def test_that_a_missing_held_out_file_is_reported_as_not_measured(
    full_model: tuple[Settings, IntentModel], embeddings: LocalEmbeddings, tmp_path: Path
) -> None:
    settings, model = full_model
    report = evaluate_intent(
        settings, model, heldout_path=tmp_path / "absent.jsonl", embeddings=embeddings
    )
    assert report["heldout"]["status"] == "missing"
    assert report["targets"]["heldout_accuracy"]["passed"] is None and report["passed"] is False
    assert "not measured" in format_intent_report(report)


def test_that_the_overall_verdict_passes_exactly_when_every_target_passes(
    intent_report: Any,
) -> None:
    verdicts = [t["passed"] for t in intent_report["targets"].values()]
    assert all(v is True or v is False or v is None for v in verdicts)  # plain bools, not numpy
    assert intent_report["passed"] is all(v is True for v in verdicts)
