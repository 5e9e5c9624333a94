"""Training the intent classifier: `supportdesk train intent`, and at app start when needed.

Recipe (the learners are in `fitting.py`): multinomial logistic regression on MiniLM sentence
vectors plus a linear model on hashed n-grams of the text, their logits added. Every label
carries the same total weight, and inside a label the project's own examples (written in the
demo shop's voice, and the fresh development tickets of the training batches, see
`datasets.LAST_TRAINING_BATCH`) carry most of it, so 1,700 templated Bitext account rows cannot
drown 80 hand-written ones. Temperatures fitted on predictions for rows the fitting model never saw
(cross-fitted project examples, Bitext validation, CLINC validation) make the probabilities
honest.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import numpy as np
from langchain_core.embeddings import Embeddings

from nlp.intent import datasets as ds
from nlp.intent.features import embed_texts, embedding_fingerprint
from nlp.intent.fitting import fit_models
from nlp.intent.model import MODEL_VERSION, IntentModel, artifact_path
from nlp.taxonomy import INTENT_NAMES, Intent
from supportdesk.errors import ConfigurationError
from supportdesk.settings import Settings

Progress = Callable[[str], None]

CLINC_PER_INTENT = 30  # CLINC in-scope utterances per out-of-shop intent, as `other`


@dataclass(frozen=True)
class TrainingData:
    train: tuple[ds.Example, ...]
    calibration: tuple[ds.Example, ...]  # never fitted on; only the temperature sees them
    sources: tuple[ds.SourceLoad, ...]
    sha256: str
    complete: bool  # every expected source was found


@dataclass(frozen=True)
class TrainReport:
    status: Literal["trained", "partial"]  # partial: a source or a label is missing
    path: Path
    version: str
    data_sha256: str
    labels: tuple[Intent, ...]
    missing_labels: tuple[Intent, ...]
    counts: dict[str, dict[str, int]]
    sources: tuple[tuple[str, str, int, str], ...]  # name, status, rows, message
    temperature: float  # of the full (embedding + n-gram) model
    calibration_ece: float  # on the calibration rows, after temperature scaling
    calibration_rows: int
    project_cv_accuracy: float | None  # cross-fitted accuracy on the project's own examples
    seconds: float
    warnings: tuple[str, ...]


def _hash(train: Sequence[ds.Example], calibration: Sequence[ds.Example]) -> str:
    digest = hashlib.sha256(f"recipe={MODEL_VERSION}\n{embedding_fingerprint()}\n".encode())
    for part, rows in (("train", train), ("calibration", calibration)):
        for e in rows:
            digest.update(f"{part}\t{e.source}\t{e.intent}\t{e.text}\n".encode())
    return digest.hexdigest()


def collect_training_data(
    settings: Settings, *, project_path: Path = ds.PROJECT_TRAIN_PATH, external: bool = True
) -> TrainingData:
    """Every training source; `external=False` uses the project file alone (fast tests)."""
    loads = [ds.load_project_train(project_path)]
    calibration: list[ds.SourceLoad] = []
    if external:
        loads += [
            ds.load_fresh_training(),
            ds.load_bitext(settings, "train"),
            ds.load_clinc_oos(settings, "oos_train"),
            ds.load_clinc_other(settings, "train", CLINC_PER_INTENT),
        ]
        calibration = [
            ds.load_bitext(settings, "validation"),
            ds.load_clinc_oos(settings, "oos_val"),
            ds.load_clinc_other(settings, "val", CLINC_PER_INTENT // 3),
        ]
    train = tuple(e for s in loads for e in s.examples)
    cal = tuple(e for s in calibration for e in s.examples)
    everything = (*loads, *calibration)
    complete = all(s.status == "ok" for s in everything)
    return TrainingData(train, cal, everything, _hash(train, cal), complete)


def train_intent_model(
    settings: Settings,
    *,
    progress: Progress = print,
    data: TrainingData | None = None,
    embeddings: Embeddings | None = None,
) -> TrainReport:
    """Train on every available source and write the artifact; what `train intent` runs."""
    return _train(settings, progress, data, embeddings)[1]


def _train(
    settings: Settings,
    progress: Progress,
    data: TrainingData | None,
    embeddings: Embeddings | None,
) -> tuple[IntentModel, TrainReport]:
    started = time.monotonic()
    data = data or collect_training_data(settings)
    warnings = [f"{s.name}: {s.status} - {s.message}" for s in data.sources if s.status != "ok"]
    labels = tuple(i for i in INTENT_NAMES if any(e.intent == i for e in data.train))
    if len(labels) < 2:
        raise ConfigurationError(
            "no intent training data found (fewer than two labels have examples)",
            hint=f"check {ds.PROJECT_TRAIN_PATH} and the folder {ds.datasets_dir(settings)}",
        )
    missing = tuple(i for i in INTENT_NAMES if i not in labels)
    if missing:
        warnings.append(f"no training examples for: {', '.join(missing)}")
    if embeddings is None:
        from nlp.embeddings import shared_embeddings

        embeddings = shared_embeddings()
    models_dir = settings.data_dir / "models"
    progress(f"embedding {len(data.train) + len(data.calibration)} training texts ...")
    x = embed_texts([e.text for e in data.train], embeddings, models_dir)
    x_cal = embed_texts([e.text for e in data.calibration], embeddings, models_dir)
    index = {label: n for n, label in enumerate(labels)}
    y = np.array([index[e.intent] for e in data.train])
    usable = [i for i, e in enumerate(data.calibration) if e.intent in index]
    calibration = (
        x_cal[usable],
        [data.calibration[i].text for i in usable],
        np.array([index[data.calibration[i].intent] for i in usable], dtype=np.int64),
    )
    fitted = fit_models(data.train, x, y, len(labels), calibration, progress)

    counts: dict[str, dict[str, int]] = {}
    for e in data.train:
        counts.setdefault(e.intent, {}).setdefault(e.source, 0)
        counts[e.intent][e.source] += 1
    model = IntentModel(
        labels=labels,
        coef=fitted.coef,
        intercept=fitted.intercept,
        ngram_coef=fitted.ngram_coef,
        ngram_intercept=fitted.ngram_intercept,
        temperature=fitted.temperature,
        blend_temperature=fitted.blend_temperature,
        version=MODEL_VERSION,
        data_sha256=data.sha256,
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        embedding=embedding_fingerprint(),
        counts=counts,
    )
    path = model.save(artifact_path(settings))
    seconds = time.monotonic() - started
    progress(f"intent model {MODEL_VERSION} written to {path} in {seconds:.1f} s")
    report = TrainReport(
        status="partial" if warnings else "trained",
        path=path,
        version=MODEL_VERSION,
        data_sha256=data.sha256,
        labels=labels,
        missing_labels=missing,
        counts=counts,
        sources=tuple((s.name, s.status, len(s.examples), s.message) for s in data.sources),
        temperature=fitted.blend_temperature,
        calibration_ece=fitted.calibration_ece,
        calibration_rows=fitted.calibration_rows,
        project_cv_accuracy=fitted.project_cv_accuracy,
        seconds=seconds,
        warnings=tuple(warnings),
    )
    return model, report


def load_or_train(
    settings: Settings,
    progress: Progress = print,
    *,
    data: TrainingData | None = None,
    embeddings: Embeddings | None = None,
) -> IntentModel:
    """The saved model if it was trained on today's data; otherwise train (and save) it now."""
    data = data or collect_training_data(settings)
    path = artifact_path(settings)
    model: IntentModel | None = None
    if path.is_file():
        try:
            model = IntentModel.load(path)
        except (OSError, ValueError, KeyError) as exc:
            progress(f"intent model {path.name} is unreadable ({exc}); retraining")
    if model is not None and model.data_sha256 == data.sha256:
        return model
    if model is not None and not data.complete:
        # A deployment without the shared datasets must not replace a good model by a worse one.
        progress("intent training data is incomplete here; keeping the saved model")
        return model
    progress("intent model missing or out of date; training it now")
    return _train(settings, progress, data, embeddings)[0]
