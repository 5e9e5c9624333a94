"""The intent model's sentence view of a long message (nlp/intent/sentence_view.py).

A hand-made three-label model makes the arithmetic checkable: one embedding axis per label and no
n-gram weights, so a vector's logits are exactly its first three coordinates."""

from __future__ import annotations

import numpy as np
import pytest
from langchain_core.embeddings import Embeddings

from nlp.intent import ngrams
from nlp.intent.calibration import softmax
from nlp.intent.model import RELABEL_BELOW, IntentModel
from nlp.intent.sentence_view import (
    LONG_READING_CHARS,
    MAX_SENTENCES,
    pooled_sentence_logits,
    sentences_to_read,
)
from nlp.taxonomy import Intent

LABELS: tuple[Intent, ...] = ("order_status", "return_request", "other")
TEMPERATURE = 1.5


def _model() -> IntentModel:
    coef = np.zeros((3, 384), dtype=np.float32)
    coef[0, 0] = coef[1, 1] = coef[2, 2] = 1.0
    return IntentModel(
        labels=LABELS,
        coef=coef,
        intercept=np.zeros(3, dtype=np.float32),
        ngram_coef=np.zeros((3, ngrams.DIM), dtype=np.float32),
        ngram_intercept=np.zeros(3, dtype=np.float32),
        temperature=TEMPERATURE,
        blend_temperature=TEMPERATURE,
        version="test",
        data_sha256="",
        created_at="",
    )


def _vector(*logits: float) -> np.ndarray:
    out = np.zeros(384, dtype=np.float32)
    out[: len(logits)] = logits
    return out


class _FixedEmbeddings(Embeddings):
    """Hands back the vectors it was given, and remembers what it was asked to embed."""

    def __init__(self, vectors: list[np.ndarray] | None = None, *, fail: bool = False) -> None:
        self.vectors, self.fail, self.asked = vectors or [], fail, list[list[str]]()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.asked.append(texts)
        if self.fail:
            raise RuntimeError("embedding runtime gone")
        return [v.tolist() for v in self.vectors]

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


STORY = (
    "We moved into a new place in the summer and bought a few bits to fill it. "
    "My partner measured the alcove three times before we chose anything at all. "
    "It looked lovely in the photos but the finish is far darker than we expected.\n"
    "Can I send it back?"
)


def test_that_only_a_long_message_of_several_sentences_is_read_sentence_by_sentence() -> None:
    assert len(STORY) >= LONG_READING_CHARS
    assert sentences_to_read(STORY) == (
        "We moved into a new place in the summer and bought a few bits to fill it.",
        "My partner measured the alcove three times before we chose anything at all.",
        "It looked lovely in the photos but the finish is far darker than we expected.",
        "Can I send it back?",
    )
    assert sentences_to_read("Where is my order? It was due on Monday.") == ()
    one_long_sentence = "where is my order " * 20
    assert len(one_long_sentence) >= LONG_READING_CHARS
    assert sentences_to_read(one_long_sentence) == ()
    # A greeting alone says nothing about the intent; an essay costs a bounded number of vectors.
    assert "Hi," not in sentences_to_read("Hi,\n" + STORY)
    essay = " ".join(f"Sentence number {n} of a pasted essay." for n in range(100))
    assert len(sentences_to_read(essay)) == MAX_SENTENCES


def test_that_views_that_agree_leave_the_whole_message_reading_untouched() -> None:
    model = _model()
    whole = _vector(3.0, 1.0, 0.0)
    sentences = model.sentence_logits(
        np.stack([_vector(4.0, 0.0, 0.0), _vector(0.5, 0.2, 0.1)]), ["a", "b"]
    )
    with_view = model.probabilities(whole[None], ["x"], sentence_logits=[sentences])
    without = model.probabilities(whole[None], ["x"])
    assert np.array_equal(with_view, without)
    assert np.allclose(without[0], softmax(np.array([3.0, 1.0, 0.0]), TEMPERATURE))


def test_that_a_clear_sentence_relabels_a_message_but_never_makes_it_sure() -> None:
    model = _model()
    whole = _vector(2.0, 1.5, 0.0)  # the story reads as a status question, narrowly
    vectors = np.stack([_vector(1.0, 0.0, 0.0), _vector(0.0, 6.0, 0.0)])  # "Can I send it back?"
    sentences = model.sentence_logits(vectors, ["story", "ask"])
    # Log-sum-exp over sentences: at least the clearest sentence's logit for each label.
    assert np.allclose(sentences, np.log(np.exp([1.0, 0.0, 0.0]) + np.exp([0.0, 6.0, 0.0])))
    prediction = model.predict(whole, "x", sentence_logits=sentences)
    whole_probs = softmax(np.array([2.0, 1.5, 0.0]), TEMPERATURE)
    assert prediction.intent == "return_request"
    assert prediction.confidence == pytest.approx(whole_probs[1]) and prediction.confidence < 0.5
    assert [label for label, _ in prediction.top3] == ["return_request", "order_status", "other"]
    assert [p for _, p in prediction.top3] == sorted((p for _, p in prediction.top3), reverse=True)


def test_that_a_message_read_whole_with_confidence_keeps_its_label() -> None:
    model = _model()
    whole = _vector(4.0, 1.5, 0.0)
    assert model.probabilities(whole[None], ["x"])[0].max() >= RELABEL_BELOW
    sentences = model.sentence_logits(np.stack([_vector(0.0, 9.0, 0.0)] * 2), ["a", "b"])
    assert model.predict(whole, "x", sentence_logits=sentences) == model.predict(whole, "x")
    assert model.predict(whole, "x").intent == "order_status"


def test_that_the_sentence_view_needs_the_text_view() -> None:
    model = _model()
    whole = _vector(2.0, 1.5, 0.0)
    sentences = np.array([0.0, 9.0, 0.0])
    vector_only = model.probabilities(whole[None], sentence_logits=[sentences])
    assert vector_only[0].argmax() == 0


def test_that_the_sentence_vectors_come_from_one_batch_of_the_messages_own_sentences() -> None:
    model = _model()
    embeddings = _FixedEmbeddings([_vector(0.0, 1.0, 0.0)] * 4)
    pooled = pooled_sentence_logits(model, embeddings, STORY)
    assert embeddings.asked == [list(sentences_to_read(STORY))]
    assert pooled is not None and pooled.argmax() == 1
    short = _FixedEmbeddings([_vector(1.0)])
    assert pooled_sentence_logits(model, short, "Where is my order?") is None
    assert short.asked == []


@pytest.mark.parametrize(
    "embeddings",
    [
        _FixedEmbeddings(fail=True),
        _FixedEmbeddings([_vector(1.0)]),  # one vector for four sentences
        _FixedEmbeddings([np.full(384, np.nan, dtype=np.float32)] * 4),
    ],
    ids=["raises", "too-few-vectors", "nan"],
)
def test_that_a_failed_sentence_embedding_only_loses_the_sentence_view(
    embeddings: _FixedEmbeddings, caplog: pytest.LogCaptureFixture
) -> None:
    assert pooled_sentence_logits(_model(), embeddings, STORY) is None
    assert "sentence" in caplog.text
    assert "alcove" not in caplog.text  # the customer's words never reach the log
