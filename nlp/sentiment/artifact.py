"""The saved sentiment models: `data_dir/models/sentiment.npz` (weights) + `sentiment.json` (card).

The card carries the fingerprint of the examples and code the weights came from; a mismatch, a
missing file or an unreadable one means "train again", which takes a few seconds. One set of models
per process is kept for `analyse_sentiment` callers that do not pass their own.
"""

from __future__ import annotations

import json
import logging
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from nlp.sentiment.model import (
    EMBEDDING_DIM,
    SIDE_FEATURES,
    Head,
    Progress,
    SentimentModels,
    train_models,
    training_fingerprint,
)

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

    from supportdesk.settings import Settings

log = logging.getLogger(__name__)

ARTIFACT_NAME = "sentiment"

_HEADS = ("anger", "urgency", "anger_cues_only", "urgency_cues_only")


def _paths(settings: Settings) -> tuple[Path, Path]:
    folder = settings.data_dir / "models"
    return folder / f"{ARTIFACT_NAME}.npz", folder / f"{ARTIFACT_NAME}.json"


def save_models(models: SentimentModels, settings: Settings) -> None:
    npz_path, json_path = _paths(settings)
    npz_path.parent.mkdir(parents=True, exist_ok=True)
    arrays = {f"{h}_w": getattr(models, h).weights for h in _HEADS}
    meta = {
        "fingerprint": models.fingerprint,
        "trained_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "heads": {
            h: {"bias": getattr(models, h).bias, "threshold": getattr(models, h).threshold}
            for h in _HEADS
        },
        "card": models.card,
    }
    # Write-then-rename so that a concurrent reader never sees half a file.
    with tempfile.NamedTemporaryFile(dir=npz_path.parent, suffix=".npz", delete=False) as f:
        np.savez(f, **arrays)
    Path(f.name).replace(npz_path)
    with tempfile.NamedTemporaryFile(
        "w", dir=json_path.parent, suffix=".json", delete=False, encoding="utf-8"
    ) as g:
        json.dump(meta, g, indent=2)
    Path(g.name).replace(json_path)


def _load_saved(settings: Settings, fingerprint: str) -> SentimentModels | None:
    npz_path, json_path = _paths(settings)
    if not (npz_path.exists() and json_path.exists()):
        return None
    try:
        meta = json.loads(json_path.read_text(encoding="utf-8"))
        if meta.get("fingerprint") != fingerprint:
            return None
        with np.load(npz_path) as arrays:
            heads = {
                h: Head(
                    np.asarray(arrays[f"{h}_w"], dtype=np.float64),
                    float(meta["heads"][h]["bias"]),
                    float(meta["heads"][h]["threshold"]),
                )
                for h in _HEADS
            }
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("sentiment model files unreadable (%s); retraining", type(exc).__name__)
        return None
    if heads["anger"].weights.shape != (EMBEDDING_DIM + SIDE_FEATURES,):
        return None
    return SentimentModels(**heads, fingerprint=fingerprint, card=dict(meta.get("card", {})))


_current: SentimentModels | None = None


def current_models() -> SentimentModels | None:
    return _current


def load_sentiment_models(
    settings: Settings,
    progress: Progress | None = None,
    *,
    embeddings: Embeddings | None = None,
) -> SentimentModels:
    """The saved models if they match the training data, else freshly trained (and saved)."""
    global _current
    fingerprint = training_fingerprint()
    models = _load_saved(settings, fingerprint)
    if models is None:
        if embeddings is None:
            from nlp.embeddings import shared_embeddings

            embeddings = shared_embeddings()
        started = time.perf_counter()
        models = train_models(embeddings, progress)
        save_models(models, settings)
        log.info("sentiment models trained in %.1f s", time.perf_counter() - started)
    _current = models
    return models
