"""The answers suite's similarity scorer: texts embedded ahead in one batch score as they would
one by one, and no text is embedded alone once its batch is known."""

from __future__ import annotations

import pytest
from langchain_core.embeddings import Embeddings

from evals.suites.ragas_metrics import AnswerScorer
from nlp.embeddings import LocalEmbeddings

PAIRS = (
    ("Your refund of £42.00 went back to your card on 3 November.", "The £42.00 refund is done."),
    ("Returns are free within 30 days of delivery.", "You have 30 days to send it back."),
    ("The lamp takes an E27 bulb, not included.", "Hello, how can I help?"),
)


class CountingEmbeddings(Embeddings):
    """The real local model, counting how many texts reach it one at a time and in batches."""

    def __init__(self, inner: LocalEmbeddings) -> None:
        self.inner = inner
        self.single: list[str] = []
        self.batches: list[list[str]] = []

    def embed_query(self, text: str) -> list[float]:
        self.single.append(text)
        return self.inner.embed_query(text)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.batches.append(list(texts))
        return self.inner.embed_documents(texts)


async def test_that_prepared_texts_score_as_they_would_alone_without_single_calls(
    index_embeddings: LocalEmbeddings,
):
    alone = CountingEmbeddings(index_embeddings)
    one_by_one = [await AnswerScorer(alone).similarity(ref, reply) for ref, reply in PAIRS]
    assert len(alone.single) == 2 * len(PAIRS) and not alone.batches

    counted = CountingEmbeddings(index_embeddings)
    scorer = AnswerScorer(counted)
    await scorer.prepare([text for pair in PAIRS for text in pair] + [PAIRS[0][0]])
    prepared = [await scorer.similarity(ref, reply) for ref, reply in PAIRS]
    assert counted.single == []
    assert counted.batches == [[text for pair in PAIRS for text in pair]]  # duplicates once
    assert prepared == pytest.approx(one_by_one, abs=1e-5)
    # The scores still tell a close reply from an unrelated one.
    assert prepared[0] is not None and prepared[2] is not None and prepared[0] > prepared[2]


async def test_that_a_text_outside_the_prepared_batch_is_still_embedded(
    index_embeddings: LocalEmbeddings,
):
    counted = CountingEmbeddings(index_embeddings)
    scorer = AnswerScorer(counted)
    await scorer.prepare([PAIRS[0][0]])
    score = await scorer.similarity(PAIRS[0][0], "Something never prepared.")
    assert score is not None and counted.single == ["Something never prepared."]
