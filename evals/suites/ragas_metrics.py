"""The Ragas metrics the suites use, built so that nothing leaves the machine.

Ragas 0.4.3 has two habits to tame (DESIGN.md): it reports usage to its makers unless
RAGAS_DO_NOT_TRACK is "true" (read once and cached, so `no_tracking()` sets it and clears that
cache before any metric here is built), and an LLM or embedding metric built without one
creates an OpenAI client. Every metric below gets its embeddings (the project's local
all-MiniLM-L6-v2) or its LLM passed explicitly.

The ID-based and non-LLM context metrics live only in the legacy `ragas.metrics` namespace in
0.4.3 (`ragas.metrics.collections` has no counterpart yet), so they are imported from there with
its deprecation notice silenced; semantic similarity and ROUGE come from the collections API.
A metric whose optional package is missing (rapidfuzz for string similarity, rouge-score for
ROUGE) is reported as unavailable rather than failing the run.
"""

from __future__ import annotations

import asyncio
import logging
import math
import os
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from langchain_core.embeddings import Embeddings


def no_tracking() -> None:
    """Switch Ragas' usage reporting off. Ragas caches its reading of the variable, so the
    cache is cleared too, in case something imported and asked it before us."""
    os.environ["RAGAS_DO_NOT_TRACK"] = "true"
    from ragas._analytics import do_not_track

    do_not_track.cache_clear()


def _legacy(name: str) -> Any:
    """A metric class from `ragas.metrics` without its deprecation warning."""
    no_tracking()
    import ragas.metrics

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return getattr(ragas.metrics, name)


def _sample(**fields: Any) -> Any:
    from ragas.dataset_schema import SingleTurnSample

    return SingleTurnSample(**fields)


def _value(score: Any) -> float | None:
    value = float(getattr(score, "value", score))
    return None if math.isnan(value) else value


def ragas_embeddings(embeddings: Embeddings) -> Any:
    """The project's LangChain embeddings in the shape Ragas wants: the modern interface
    (`embed_text` / `aembed_text`, required by the collections metrics) plus the LangChain
    one (`embed_query` / `embed_documents`, which legacy response relevancy calls)."""
    no_tracking()
    from ragas.embeddings.base import BaseRagasEmbedding

    class LocalRagasEmbedding(BaseRagasEmbedding):
        def __init__(self, inner: Embeddings) -> None:
            super().__init__(cache=None)
            self.inner = inner

        def embed_text(self, text: str, **kwargs: Any) -> list[float]:
            return self.inner.embed_query(text)

        async def aembed_text(self, text: str, **kwargs: Any) -> list[float]:
            return await asyncio.to_thread(self.inner.embed_query, text)

        def embed_query(self, text: str) -> list[float]:
            return self.inner.embed_query(text)

        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            return self.inner.embed_documents(texts)

        async def aembed_query(self, text: str) -> list[float]:
            return await self.inner.aembed_query(text)

        async def aembed_documents(self, texts: list[str]) -> list[list[float]]:
            return await self.inner.aembed_documents(texts)

    return LocalRagasEmbedding(embeddings)


@dataclass(frozen=True)
class Unavailable:
    """A metric that could not run here, and why (a missing optional package)."""

    reason: str


class ContextScorer:
    """Ragas context precision and recall: by source id, and by text (string similarity)."""

    def __init__(self) -> None:
        self._id_precision = _legacy("IDBasedContextPrecision")()
        self._id_recall = _legacy("IDBasedContextRecall")()
        self.text_unavailable: Unavailable | None = None
        try:
            self._text_precision = _legacy("NonLLMContextPrecisionWithReference")()
            self._text_recall = _legacy("NonLLMContextRecall")()
        except ImportError as exc:
            self.text_unavailable = Unavailable(f"non-LLM context metrics need rapidfuzz: {exc}")

    async def by_id(
        self, retrieved: Sequence[str], reference: Sequence[str]
    ) -> tuple[float | None, float | None]:
        """(precision, recall); None where Ragas has nothing to divide by."""
        if not reference:
            return None, None
        if not retrieved:  # Ragas returns NaN for precision here; recall is plainly 0
            return None, 0.0
        sample = _sample(
            retrieved_context_ids=list(retrieved), reference_context_ids=list(reference)
        )
        precision = await self._id_precision.single_turn_ascore(sample)
        recall = await self._id_recall.single_turn_ascore(sample)
        return _value(precision), _value(recall)

    async def by_text(
        self, retrieved: Sequence[str], reference: Sequence[str]
    ) -> tuple[float | None, float | None]:
        if self.text_unavailable is not None or not reference:
            return None, None
        if not retrieved:
            return None, 0.0
        sample = _sample(retrieved_contexts=list(retrieved), reference_contexts=list(reference))
        precision = await self._text_precision.single_turn_ascore(sample)
        recall = await self._text_recall.single_turn_ascore(sample)
        return _value(precision), _value(recall)


class AnswerScorer:
    """Semantic similarity (local embeddings) and ROUGE-L between a reply and its reference."""

    def __init__(self, embeddings: Embeddings) -> None:
        no_tracking()
        from ragas.metrics.collections import RougeScore, SemanticSimilarity

        self._similarity = SemanticSimilarity(embeddings=ragas_embeddings(embeddings))
        self._rouge = RougeScore(rouge_type="rougeL", mode="fmeasure")
        # rouge-score logs "Using default tokenizer." at INFO on every single score.
        logging.getLogger("absl").setLevel(logging.WARNING)
        self.rouge_unavailable: Unavailable | None = None
        try:
            import rouge_score  # noqa: F401  (Ragas imports it only when scoring)
        except ImportError as exc:
            self.rouge_unavailable = Unavailable(f"ROUGE needs the rouge-score package: {exc}")

    async def similarity(self, reference: str, response: str) -> float | None:
        return _value(await self._similarity.ascore(reference=reference, response=response))

    async def rouge(self, reference: str, response: str) -> float | None:
        if self.rouge_unavailable is not None:
            return None
        return _value(await self._rouge.ascore(reference=reference, response=response))


class JudgeScorer:
    """Faithfulness and response relevancy judged by the configured LLM (`--llm` only).

    Only masked text reaches the judge: the customer's message with placeholders, the reply in
    masked form and the facts' masked sentences, exactly what the drafter itself was shown."""

    def __init__(self, chat_model: Any, embeddings: Embeddings) -> None:
        no_tracking()
        from ragas.llms.base import LangchainLLMWrapper

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            llm = LangchainLLMWrapper(chat_model)
        self._faithfulness = _legacy("Faithfulness")(llm=llm)
        self._relevancy = _legacy("ResponseRelevancy")(
            llm=llm, embeddings=ragas_embeddings(embeddings), strictness=1
        )

    async def faithfulness(
        self, question: str, response: str, contexts: Sequence[str]
    ) -> float | None:
        if not contexts or not response.strip():
            return None
        sample = _sample(user_input=question, response=response, retrieved_contexts=list(contexts))
        return _value(await self._faithfulness.single_turn_ascore(sample))

    async def relevancy(self, question: str, response: str) -> float | None:
        if not response.strip():
            return None
        sample = _sample(user_input=question, response=response)
        return _value(await self._relevancy.single_turn_ascore(sample))
