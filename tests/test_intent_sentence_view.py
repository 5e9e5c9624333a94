"""The intent model's sentence view of a long message (nlp/intent/sentence_view.py).

A hand-made three-label model makes the arithmetic checkable: one embedding axis per label, so a
vector's logits are its first three coordinates, and a text view that reads each text's logits
from a table."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pytest

from nlp.intent import ngrams
from nlp.intent.calibration import softmax
from nlp.intent.model import RELABEL_BELOW, IntentModel
from nlp.intent.sentence_view import (
    LONG_READING_CHARS,
    MAX_SENTENCES,
    read_intent,
    sentence_view,
    sentences_to_read,
)
from nlp.taxonomy import Intent

LABELS: tuple[Intent, ...] = ("order_status", "return_request", "other")
TEMPERATURE = 1.5


@dataclass(frozen=True)
class _TableModel(IntentModel):
    table: dict[str, tuple[float, float, float]] = field(default_factory=dict)

    def text_logits(self, text: str) -> np.ndarray:
        return np.array(self.table.get(text, (0.0, 0.0, 0.0)))


def _model(table: dict[str, tuple[float, float, float]] | None = None) -> _TableModel:
    coef = np.zeros((3, 384), dtype=np.float32)
    coef[0, 0] = coef[1, 1] = coef[2, 2] = 1.0
    return _TableModel(
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
        table=table or {},
    )


def _vector(*logits: float) -> np.ndarray:
    out = np.zeros(384, dtype=np.float32)
    out[: len(logits)] = logits
    return out


STORY = (
    "We moved into a new place in the summer and bought a few bits to fill it. "
    "My partner measured the alcove three times before we chose anything at all. "
    "It looked lovely in the photos but the finish is far darker than we expected.\n"
    "Can I send it back?"
)
STORY_SENTENCES = sentences_to_read(STORY)
ASK = "Can I send it back?"
# The story reads as a status question, narrowly; its last sentence plainly asks for a return.
STORY_TABLE = {STORY: (0.0, 0.0, 0.0), STORY_SENTENCES[0]: (1.0, 0.0, 0.0), ASK: (0.0, 6.0, 0.0)}


def test_that_only_a_long_message_of_several_sentences_is_read_sentence_by_sentence() -> None:
    assert len(STORY) >= LONG_READING_CHARS
    assert STORY_SENTENCES == (
        "We moved into a new place in the summer and bought a few bits to fill it.",
        "My partner measured the alcove three times before we chose anything at all.",
        "It looked lovely in the photos but the finish is far darker than we expected.",
        ASK,
    )
    assert sentences_to_read("Where is my order? It was due on Monday.") == ()
    one_long_sentence = "where is my order " * 20
    assert len(one_long_sentence) >= LONG_READING_CHARS
    assert sentences_to_read(one_long_sentence) == ()
    assert sentence_view(_model(), "Where is my order?") is None
    # A greeting alone says nothing about the intent; an essay costs a bounded amount of work.
    assert "Hi," not in sentences_to_read("Hi,\n" + STORY)
    essay = " ".join(f"Sentence number {n} of a pasted essay." for n in range(100))
    assert len(sentences_to_read(essay)) == MAX_SENTENCES


def test_that_the_sentence_view_is_the_log_sum_exp_of_each_sentence_read_alone() -> None:
    pooled = sentence_view(_model(STORY_TABLE), STORY)
    rows = np.array([(1.0, 0.0, 0.0), (0.0, 0.0, 0.0), (0.0, 0.0, 0.0), (0.0, 6.0, 0.0)])
    assert pooled is not None
    assert np.allclose(pooled, np.log(np.exp(rows).sum(axis=0)))


def test_that_views_that_agree_leave_the_whole_message_reading_untouched() -> None:
    model = _model({"a": (4.0, 0.0, 0.0), "b": (0.5, 0.2, 0.1)})
    whole = _vector(3.0, 1.0, 0.0)
    sentences = model.sentence_logits(["a", "b"])
    with_view = model.probabilities(whole[None], ["x"], sentence_logits=[sentences])
    without = model.probabilities(whole[None], ["x"])
    assert np.array_equal(with_view, without)
    assert np.allclose(without[0], softmax(np.array([3.0, 1.0, 0.0]), TEMPERATURE))


def test_that_a_clear_sentence_relabels_an_unsure_message_but_never_makes_it_sure() -> None:
    model = _model(STORY_TABLE)
    whole = _vector(2.0, 1.5, 0.0)
    whole_probs = softmax(np.array([2.0, 1.5, 0.0]), TEMPERATURE)
    assert model.predict(whole, STORY).intent == "order_status"
    assert whole_probs.max() < RELABEL_BELOW
    prediction = read_intent(model, whole, STORY)
    assert prediction.intent == "return_request"
    assert prediction.confidence == pytest.approx(whole_probs[1]) and prediction.confidence < 0.5
    assert [label for label, _ in prediction.top3] == ["return_request", "order_status", "other"]
    assert [p for _, p in prediction.top3] == sorted((p for _, p in prediction.top3), reverse=True)


def test_that_a_message_read_whole_with_confidence_keeps_its_label() -> None:
    model = _model(STORY_TABLE)
    whole = _vector(4.0, 1.5, 0.0)
    assert model.predict(whole, STORY).confidence >= RELABEL_BELOW
    assert read_intent(model, whole, STORY) == model.predict(whole, STORY)
    sentences = sentence_view(model, STORY)
    assert model.predict(whole, STORY, sentence_logits=sentences) == model.predict(whole, STORY)


def test_that_the_sentence_view_needs_the_text_view() -> None:
    model = _model()
    vector_only = model.probabilities(
        _vector(2.0, 1.5, 0.0)[None], sentence_logits=[np.array([0.0, 9.0, 0.0])]
    )
    assert vector_only[0].argmax() == 0


def test_that_a_short_unsure_message_is_read_whole() -> None:
    model = _model({"Can I send it back? Thanks.": (0.0, 0.0, 0.0), ASK: (0.0, 9.0, 0.0)})
    whole = _vector(2.0, 1.5, 0.0)
    short = "Can I send it back? Thanks."
    assert read_intent(model, whole, short) == model.predict(whole, short)
