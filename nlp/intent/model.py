"""The trained intent classifier: weight matrices, temperatures and a label list.

Prediction takes the vector the caller has already computed (one embedding of a message serves
every model that reads it) and, when given, the message text for the n-gram view; it is two small
matrix products and a softmax in numpy, a few tenths of a millisecond. The artifact is a plain
`.npz` of arrays, loaded with `allow_pickle=False` so a model file can never run code, plus a
JSON sidecar for people.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from nlp.intent import ngrams
from nlp.intent.calibration import softmax
from nlp.taxonomy import INTENT_NAMES, Intent
from supportdesk.settings import Settings

log = logging.getLogger(__name__)

# Bumped whenever the training recipe changes, so an old artifact is never mistaken for a new one.
MODEL_VERSION = "4"
BLEND = 1.0  # n-gram logits are added to the embedding logits with this weight
# A message read whole at this confidence or more keeps its label whatever its sentences say: the
# gate's suggestion band (graph/thresholds.toml), so no reply that would be sent or drafted for an
# agent is second-guessed; only messages bound for the manual queue may be relabelled.
RELABEL_BELOW = 0.75


def artifact_path(settings: Settings, version: str = MODEL_VERSION) -> Path:
    return settings.data_dir / "models" / f"intent-{version}.npz"


@dataclass(frozen=True)
class IntentPrediction:
    intent: Intent
    confidence: float  # calibrated probability of `intent`
    top3: tuple[tuple[Intent, float], ...]


# What an unusable vector (wrong length, NaN) gets: out of scope with no confidence, which the
# gate can only send to a person.
UNUSABLE = IntentPrediction("other", 0.0, (("other", 0.0),))


def _as_intents(names: Sequence[str]) -> tuple[Intent, ...]:
    unknown = [n for n in names if n not in INTENT_NAMES]
    if unknown:
        raise ValueError(f"labels outside the taxonomy: {unknown}")
    return tuple(i for n in names for i in INTENT_NAMES if i == n)


@dataclass(frozen=True)
class IntentModel:
    labels: tuple[Intent, ...]
    coef: np.ndarray  # (labels, 384): embedding view
    intercept: np.ndarray  # (labels,)
    ngram_coef: np.ndarray  # (labels, ngrams.DIM): text view
    ngram_intercept: np.ndarray  # (labels,)
    temperature: float  # calibrates the embedding view alone (no text given)
    blend_temperature: float  # calibrates embedding + n-gram logits
    version: str
    data_sha256: str
    created_at: str
    embedding: str = ""
    counts: dict[str, dict[str, int]] = field(default_factory=dict)  # label -> source -> rows

    def text_logits(self, text: str) -> np.ndarray:
        """The n-gram half of a prediction: it needs no vector, so a caller can compute it while
        the embedding is still running, and pass it to `predict` as `text_logits`."""
        columns, values = ngrams.hashed(text)
        logits: np.ndarray = self.ngram_coef[:, columns] @ values + self.ngram_intercept
        return logits

    def probabilities(
        self,
        vectors: np.ndarray,
        texts: Sequence[str] | None = None,
        *,
        text_logits: Sequence[np.ndarray] | None = None,
        sentence_logits: Sequence[np.ndarray | None] | None = None,
    ) -> np.ndarray:
        """Calibrated probabilities, one row per vector, columns in `labels` order.

        `sentence_logits` (from `sentence_logits`, None for a row without them) adds the view of
        a long message's sentences read one by one; it needs the text view too. The sentences
        may change which label an unsure message gets (whole-message confidence below
        `RELABEL_BELOW`), never make it surer: otherwise the row is the whole message's, and
        where the views disagree it is ordered by both views together and scaled down to the
        whole message's probability of the label they chose, below one half, so the gate never
        sends such a message's answer on the model's confidence."""
        logits = vectors @ self.coef.T + self.intercept
        if text_logits is None and texts is not None:
            text_logits = [self.text_logits(t) for t in texts]
        if text_logits is None:
            return softmax(logits, self.temperature)
        ngram = np.stack(list(text_logits)) if len(text_logits) else logits * 0
        logits = logits + BLEND * ngram
        probs = softmax(logits, self.blend_temperature)
        for row, sentences in enumerate(sentence_logits or ()):
            if sentences is None:
                continue
            # The mean of the two views keeps the scale the temperature was fitted to.
            both = softmax((logits[row] + sentences) / 2, self.blend_temperature)
            chosen = int(both.argmax())
            if chosen != int(probs[row].argmax()) and probs[row].max() < RELABEL_BELOW:
                probs[row] = both * (probs[row, chosen] / both[chosen])
        return probs

    def sentence_logits(self, sentences: Sequence[str]) -> np.ndarray:
        """One row of logits for a long message's sentences, each read alone by the text view:
        their log-sum-exp, high for a label that any one sentence asks for clearly. A rambling
        email whose request is its last sentence is otherwise read by the story around it."""
        per_sentence = BLEND * np.stack([self.text_logits(s) for s in sentences])
        peak = per_sentence.max(axis=0)
        pooled: np.ndarray = peak + np.log(np.exp(per_sentence - peak).sum(axis=0))
        return pooled

    def _prediction(self, probs: np.ndarray) -> IntentPrediction:
        order = np.argsort(-probs)[:3]
        top = tuple((self.labels[i], float(probs[i])) for i in order)
        return IntentPrediction(top[0][0], top[0][1], top)

    def _usable(self, array: np.ndarray) -> bool:
        return array.shape == (self.coef.shape[1],) and bool(np.isfinite(array).all())

    def predict(
        self,
        vector: Sequence[float] | np.ndarray,
        text: str | None = None,
        *,
        text_logits: np.ndarray | None = None,
        sentence_logits: np.ndarray | None = None,
    ) -> IntentPrediction:
        """Pass the message `text` too where it is at hand: typos and short forms do better.
        `text_logits` (from `text_logits(text)`) stands for the text when computed already;
        `sentence_logits` (see `nlp/intent/sentence_view.py`) adds a long message's sentences."""
        array = np.asarray(vector, dtype=np.float32)
        if not self._usable(array):
            log.warning("intent: unusable vector of shape %s", array.shape)
            return UNUSABLE
        texts = None if text is None else [text]
        views = None if text_logits is None else [text_logits]
        probs = self.probabilities(
            array[None, :], texts, text_logits=views, sentence_logits=[sentence_logits]
        )
        return self._prediction(probs[0])

    def predict_many(
        self,
        vectors: Sequence[Sequence[float]] | np.ndarray,
        texts: Sequence[str] | None = None,
    ) -> list[IntentPrediction]:
        if texts is not None and len(texts) != len(vectors):
            # A caller bug, but the customer's message must still be routed: vectors alone.
            log.warning(
                "intent: %d texts for %d vectors; ignoring the texts", len(texts), len(vectors)
            )
            texts = None
        return [self.predict(v, None if texts is None else texts[i]) for i, v in enumerate(vectors)]

    # -- the artifact --------------------------------------------------------------------------

    def metadata(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "data_sha256": self.data_sha256,
            "created_at": self.created_at,
            "embedding": self.embedding,
            "labels": list(self.labels),
            "temperature": self.temperature,
            "blend_temperature": self.blend_temperature,
            "ngram_dim": int(self.ngram_coef.shape[1]),
            "counts": self.counts,
        }

    def save(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        meta = json.dumps(self.metadata(), sort_keys=True)
        # Written beside the target and renamed, so a process starting meanwhile never loads half
        # a model; the sidecar follows the same way, after the arrays.
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".npz.tmp")
        os.close(fd)
        Path(tmp).chmod(0o644)  # mkstemp makes it private; a model or cache is not a secret
        with Path(tmp).open("wb") as handle:
            # Compressed: most n-gram columns were never seen in training and are zero.
            np.savez_compressed(
                handle,
                coef=self.coef.astype(np.float32),
                intercept=self.intercept.astype(np.float32),
                ngram_coef=self.ngram_coef.astype(np.float32),
                ngram_intercept=self.ngram_intercept.astype(np.float32),
                temperatures=np.array([self.temperature, self.blend_temperature]),
                labels=np.array(self.labels),
                meta=np.array(meta),
            )
        Path(tmp).replace(path)
        sidecar = path.with_suffix(".json")
        tmp_json = sidecar.with_suffix(".json.tmp")
        tmp_json.write_text(json.dumps(self.metadata(), indent=2, sort_keys=True), "utf-8")
        tmp_json.replace(sidecar)
        return path

    @classmethod
    def load(cls, path: Path) -> IntentModel:
        """Raises OSError/ValueError/KeyError on a missing or damaged file; callers retrain."""
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            arrays = {
                k: np.asarray(data[k], dtype=np.float32)
                for k in ("coef", "intercept", "ngram_coef", "ngram_intercept")
            }
            temperature, blend_temperature = (float(t) for t in data["temperatures"])
            labels = _as_intents([str(x) for x in data["labels"]])
        n = len(labels)
        if arrays["coef"].shape[0] != n or arrays["ngram_coef"].shape != (n, ngrams.DIM):
            raise ValueError(f"{path.name}: weights do not match {n} labels and the n-gram size")
        if arrays["intercept"].shape != (n,) or arrays["ngram_intercept"].shape != (n,):
            raise ValueError(f"{path.name}: intercepts do not match its {n} labels")
        if not (temperature > 0 and blend_temperature > 0):
            raise ValueError(f"{path.name}: temperatures must be positive")
        return cls(
            labels=labels,
            **arrays,
            temperature=temperature,
            blend_temperature=blend_temperature,
            version=str(meta["version"]),
            data_sha256=str(meta["data_sha256"]),
            created_at=str(meta["created_at"]),
            embedding=str(meta.get("embedding", "")),
            counts={str(k): dict(v) for k, v in meta.get("counts", {}).items()},
        )
