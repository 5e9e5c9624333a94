"""Sentiment: cues, the anger/urgency models, the evaluation targets and hostile input."""

from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path

import numpy as np
import pytest

from evals.sentiment_eval import (
    DEV_PATH,
    EVAL_LABELS,
    EVAL_PATH,
    read_eval_set,
    run_sentiment_eval,
)
from nlp.embeddings import LocalEmbeddings
from nlp.sentiment import Sentiment, SentimentModels, analyse_sentiment, load_sentiment_models
from nlp.sentiment.cues import read_cues
from nlp.sentiment.model import TRAIN_PATH, read_training_examples
from nlp.signals import keyword_triggers
from supportdesk.settings import Settings


@pytest.fixture(scope="module")
def models(settings: Settings, index_embeddings: LocalEmbeddings) -> SentimentModels:
    return load_sentiment_models(settings, embeddings=index_embeddings)


def read(text: str, models: SentimentModels, embeddings: LocalEmbeddings) -> Sentiment:
    return analyse_sentiment(text, embeddings.embed_query(text), models=models)


# -- cues -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("WHY HAS NOBODY CALLED ME BACK", "all_caps"),
        ("Where is it?!", "repeated_punctuation"),
        ("Still waiting!!!", "repeated_punctuation"),
        ("I am speaking to my lawyer about this", "threat"),
        ("One-star reviews are coming your way", "threat"),
        ("where's the bloody bed", "profanity"),
        ("you absolute clowns", "insult"),
        ("I need it by Friday", "deadline"),
        ("please sort it today", "deadline"),
        ("the plug sparked when I switched it on", "safety"),
        ("I'm fuming about this", "furious"),
        ("how dare you", "contempt"),
        ("I'm afraid the rug is stained", "hedged"),
    ],
)
def test_that_cues_spot_the_signal_in_the_text(text: str, cue: str) -> None:
    assert cue in read_cues(text).names


@pytest.mark.parametrize(
    "text",
    [
        "Order HR-204813: GDPR and VAT invoice in GBP, please",
        "Is the smoked oak table top burnt orange or collapsible?",
        "Does the rubbish bin have a soft-close lid?",
        "Thanks, all sorted now.",
        "I'd like to express my thanks",
    ],
)
def test_that_cues_ignore_acronyms_order_ids_and_product_words(text: str) -> None:
    names = read_cues(text).names
    assert not {"all_caps", "insult", "safety", "deadline", "threat", "profanity"} & set(names)


@pytest.mark.parametrize(
    "text",
    [
        # Written for these tests: the customer's own knack, a relative's, a mail folder, a
        # product that may stop working, a joke asked for. None of them is aimed at the shop.
        "Will the bed come flat-packed? I'm hopeless with an Allen key.",
        "My wife dealt with the return and she's useless at telling me what happened.",
        "The confirmation email never came, not even in my junk folder.",
        "It landed in junk, sorry. Is the link still valid?",
        "If we switch to induction next year, is the kettle going to be useless?",
        "Long day at work, tell me a joke before I check on my order.",
    ],
)
def test_that_insult_words_aimed_elsewhere_are_not_insults(text: str) -> None:
    assert "insult" not in read_cues(text).names


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("No complaint today! I expect you're sick of hearing from me, ha.", "furious"),
        ("What number should she ring, and is anyone there on a Saturday afternoon?", "contempt"),
    ],
)
def test_that_fury_and_contempt_words_aimed_elsewhere_do_not_fire(text: str, cue: str) -> None:
    assert cue not in read_cues(text).names


def test_that_a_fee_asked_back_is_not_a_chargeback_threat() -> None:
    assert (
        "threat"
        not in read_cues("If I refuse it at the door, do I get the delivery charge back?").names
    )
    assert "threat" in read_cues("I'm going to ask my bank to charge back the money").names
    assert "threat" in read_cues("Refund me or I file a charge back.").names
    # A fee named before the two words is a fee, even with the card beside it (the cue once
    # counted any "card ... charge back" within 30 characters).
    assert (
        "threat"
        not in read_cues(
            "What day did it go back to my card, and do I get the delivery charge back too?"
        ).names
    )


@pytest.mark.parametrize(
    "text",
    [
        "Opened a paypal dispute by mistake, meant to just message you. How do I undo it?",
        "PayPal closed my case in my favour last Tuesday, so when is the refund coming?",
        "My bank says they can try to recall the transfer. Should I let them?",
    ],
)
def test_that_a_dispute_reported_calmly_is_a_chargeback_but_no_threat(text: str) -> None:
    # The escalation signals still send it to the specialists; the tone reads no threat in it.
    assert "chargeback" in keyword_triggers(text)
    assert "threat" not in read_cues(text).names


def test_that_fury_and_contempt_at_the_shop_still_fire() -> None:
    assert "furious" in read_cues("I'm sick of waiting on you lot.").names
    assert "contempt" in read_cues("Is anyone there? Hello??").names
    assert "contempt" in read_cues("Three emails now. Is anyone there at all?").names


@pytest.mark.parametrize(
    "text",
    [
        "You're hopeless at answering emails.",
        "Your courier is useless and so are you.",
        "This whole order has been a joke from start to finish.",
        "Sent me junk again. Pathetic.",
    ],
)
def test_that_insults_at_the_shop_still_read_as_insults(text: str) -> None:
    assert "insult" in read_cues(text).names


def test_that_vader_reads_its_lexicon_from_the_installed_package() -> None:
    from vaderSentiment import vaderSentiment as vader_module  # noqa: N813

    from nlp.sentiment.polarity import _get_analyzer, polarity

    analyzer = _get_analyzer()
    assert len(analyzer.lexicon) > 7000
    assert (Path(vader_module.__file__).parent / "vader_lexicon.txt").exists()
    assert polarity("This is wonderful, thank you").compound > 0.5
    assert polarity("This is awful and broken").compound < -0.5


# -- the models -------------------------------------------------------------------------------

# Written for these tests only: in neither the training nor the evaluation file.
OBVIOUSLY_ANGRY = [
    "You useless lot have ruined my kitchen refit. Disgraceful, every one of you.",
    "I'M DONE WAITING. REFUND THE BLOODY COOKER HOOD.",
    "Liars. You said the bench shipped on Monday. It didn't. Pathetic.",
    "I am so angry right now. Three missed deliveries and not a single apology.",
]
POLITELY_FRUSTRATED = [
    "I'm sorry to write again, but the bench still hasn't shipped. Could you check, please?",
    "It's a little disappointing that the cushion zip broke so soon. Is a repair possible?",
    "I understand delays happen, though this one is now three weeks. Any news would be welcome.",
    "Unfortunately the cooker hood is louder than described. Could I exchange it, please?",
]


@pytest.mark.parametrize("text", OBVIOUSLY_ANGRY)
def test_that_obvious_anger_is_flagged(
    text: str, models: SentimentModels, index_embeddings: LocalEmbeddings
) -> None:
    reading = read(text, models, index_embeddings)
    assert reading.angry
    assert reading.anger >= 0.5


@pytest.mark.parametrize("text", POLITELY_FRUSTRATED)
def test_that_polite_frustration_is_not_flagged_angry(
    text: str, models: SentimentModels, index_embeddings: LocalEmbeddings
) -> None:
    reading = read(text, models, index_embeddings)
    assert not reading.angry
    assert reading.anger < 0.5


def test_that_deadlines_and_hazards_read_as_more_urgent_than_browsing(
    models: SentimentModels, index_embeddings: LocalEmbeddings
) -> None:
    urgent = read(
        "The table must arrive before noon today for our event.", models, index_embeddings
    )
    hazard = read("The lamp is sparking and smoking, what do I do?", models, index_embeddings)
    browsing = read("Do you sell matching napkins?", models, index_embeddings)
    assert urgent.urgent and hazard.urgent and not browsing.urgent
    assert min(urgent.urgency, hazard.urgency) > browsing.urgency
    assert "deadline" in urgent.cues and "safety" in hazard.cues


def test_that_a_missing_or_malformed_embedding_falls_back_to_the_cue_only_models(
    models: SentimentModels,
) -> None:
    text = "YOU USELESS IDIOTS, WHERE IS MY REFUND?!!"
    for vector in (None, [0.1] * 12, [float("nan")] * 384, "not a vector"):
        reading = analyse_sentiment(text, vector, models=models)  # type: ignore[arg-type]
        assert reading.angry, vector
    calm = analyse_sentiment("Do you deliver on Saturdays?", None, models=models)
    assert not calm.angry


def test_that_saved_models_are_reused_and_retrained_when_stale(
    settings: Settings, models: SentimentModels, index_embeddings: LocalEmbeddings, tmp_path: Path
) -> None:
    class CountingEmbeddings(LocalEmbeddings):
        calls = 0

        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            CountingEmbeddings.calls += 1
            return index_embeddings.embed_documents(texts)

    copy = Settings(_env_file=None, data_dir=tmp_path, database_url=None, redis_url=None)
    shutil.copytree(settings.data_dir / "models", tmp_path / "models")
    for name in ("sentiment.npz", "sentiment.json"):
        assert (tmp_path / "models" / name).exists()
    reused = load_sentiment_models(copy, embeddings=CountingEmbeddings())
    assert CountingEmbeddings.calls == 0
    assert np.allclose(reused.anger.weights, models.anger.weights)

    card_path = tmp_path / "models" / "sentiment.json"
    card = json.loads(card_path.read_text())
    card["fingerprint"] = "trained-from-older-examples"
    card_path.write_text(json.dumps(card))
    retrained = load_sentiment_models(copy, embeddings=CountingEmbeddings())
    assert CountingEmbeddings.calls == 1
    assert json.loads(card_path.read_text())["fingerprint"] == retrained.fingerprint


# -- evaluation -------------------------------------------------------------------------------


def test_that_the_anger_targets_are_met_on_the_blind_test_set(
    settings: Settings, models: SentimentModels, index_embeddings: LocalEmbeddings
) -> None:
    report = run_sentiment_eval(settings, embeddings=index_embeddings)
    assert report["false_anger_rate"] <= 0.10, report["false_anger"]
    assert report["anger_recall"] >= 0.95, report["missed_angry"]


def test_that_the_blind_test_set_never_over_escalates_polite_frustration(
    settings: Settings, models: SentimentModels, index_embeddings: LocalEmbeddings
) -> None:
    report = run_sentiment_eval(settings, embeddings=index_embeddings)
    assert report["set"] == "sentiment_test.jsonl" and report["messages"] >= 195
    assert report["false_anger_rate"] <= 0.10, report["false_anger"]
    assert report["flagged_angry_share"]["frustrated_polite"] <= 0.10
    # Far better than the VADER-only reading the issue warns about.
    assert report["anger_recall"] > report["vader_only"]["anger_recall"] + 0.3
    assert 0.0 <= report["flagged_angry_share"]["sarcastic"] <= 1.0
    assert report["latency_ms_median"] < 5.0
    bitext = report["bitext_offensive"]
    if bitext["available"]:
        # A regression floor, not a target from the issue: swearing at us is usually anger.
        assert bitext["rows"] > 30
        assert bitext["flagged_angry_share"] >= 0.75


def normalise(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9']+", text.lower()))


def test_that_the_datasets_are_large_varied_and_labelled() -> None:
    evaluation = read_eval_set()
    training = read_training_examples()
    assert len(evaluation) >= 170 and len(training) >= 400
    for label in EVAL_LABELS:
        assert sum(r["label"] == label for r in evaluation) >= 25, label
        assert sum(r["label"] == label for r in training) >= 50, label
    assert len({r["id"] for r in evaluation}) == len(evaluation)
    assert len({normalise(r["text"]) for r in training}) == len(training)
    assert {r["anger"] for r in training if r["label"] == "sarcastic"} == {0, 1}
    assert EVAL_PATH.exists() and TRAIN_PATH.exists()


@pytest.mark.parametrize("path", [EVAL_PATH, DEV_PATH], ids=["test", "dev"])
def test_that_training_and_evaluation_share_no_copies_or_near_copies(
    index_embeddings: LocalEmbeddings, path: Path
) -> None:
    evaluation = [r["text"] for r in read_eval_set(path)]
    training = [r["text"] for r in read_training_examples()]
    assert not {normalise(t) for t in evaluation} & {normalise(t) for t in training}
    for e in evaluation:
        words = set(normalise(e).split())
        for t in training:
            other = set(normalise(t).split())
            assert len(words & other) / len(words | other) < 0.6, (e, t)
    sims = (
        np.asarray(index_embeddings.embed_documents(evaluation))
        @ np.asarray(index_embeddings.embed_documents(training)).T
    )
    assert float(sims.max()) < 0.9


# -- hostile input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        "a" * 50_000,
        "WHY " * 12_500,
        "😡😡😡🔥",
        "<script>alert('x')</script><b>where is my order</b>",
        "null\x00bytes\x07and\x1bcontrol",
        "Wo ist meine Bestellung? Das ist eine Frechheit!",
        "注文はどこですか",
        "\ud800 lone surrogate",
    ],
)
def test_that_bad_input_never_raises_and_stays_in_range(text: str, models: SentimentModels) -> None:
    vector = [0.0] * 383 + [1.0]
    started = time.perf_counter()
    reading = analyse_sentiment(text, vector, models=models)
    elapsed_ms = (time.perf_counter() - started) * 1000
    assert -1.0 <= reading.polarity <= 1.0
    assert 0.0 <= reading.anger <= 1.0 and 0.0 <= reading.urgency <= 1.0
    assert reading.angry == (reading.anger >= 0.5)
    assert elapsed_ms < 100  # bounded prefixes keep even 50,000 characters cheap


def test_that_non_text_input_reads_as_calm(models: SentimentModels) -> None:
    for value in (None, 42, b"bytes", ["list"]):
        reading = analyse_sentiment(value, [0.0] * 384, models=models)  # type: ignore[arg-type]
        assert not reading.angry and reading.cues == ()


def test_that_the_process_wide_models_serve_callers_that_pass_none(
    models: SentimentModels, index_embeddings: LocalEmbeddings
) -> None:
    text = OBVIOUSLY_ANGRY[0]
    vector = index_embeddings.embed_query(text)
    assert analyse_sentiment(text, vector) == analyse_sentiment(text, vector, models=models)


def test_that_without_any_model_the_cues_still_catch_shouted_abuse(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import nlp.sentiment.analyse as analyse

    monkeypatch.setattr(analyse, "_models", lambda: None)
    shouted = analyse.analyse_sentiment("YOU USELESS IDIOTS, I WANT MY MONEY BACK TODAY!!", None)
    calm = analyse.analyse_sentiment("Do you sell matching napkins?", None)
    assert shouted.angry and shouted.urgent
    assert not calm.angry and not calm.urgent
