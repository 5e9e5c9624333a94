"""The learners behind the intent model, their cross-fitting and their calibration.

Two linear models vote by adding logits: logistic regression on the MiniLM vector, and a
log-loss linear model (SGD, which fits 131k sparse columns in seconds where L-BFGS takes
minutes) on hashed n-grams of the text. Both are refitted on every row at the end; the
temperatures are fitted on predictions for rows the fitting model never saw.
"""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.model_selection import StratifiedKFold

from nlp.intent import ngrams
from nlp.intent.calibration import expected_calibration_error, fit_temperature, softmax
from nlp.intent.datasets import Example
from nlp.intent.model import BLEND

# Chosen on cross-fitted project examples, Bitext validation and CLINC oos_val (never on a
# test set): see the report of the intent issue.
C = 10.0  # inverse L2 strength of the embedding model
NGRAM_ALPHA = 2e-5  # L2 strength of the n-gram model
NGRAM_EPOCHS = 30
PROJECT_SHARE = 0.6  # of each label's weight, when it has project and dataset rows
# `other` spans the whole world beyond the shop, so it gets more weight than one intent: an
# out-of-scope question sent to a core intent can be answered automatically, and wrongly.
OTHER_BOOST = 1.5
FOLDS = 5
SEED = 7
_FLOOR = -1e4  # logit of a label a fold never saw


@dataclass(frozen=True)
class Fitted:
    coef: np.ndarray
    intercept: np.ndarray
    ngram_coef: np.ndarray
    ngram_intercept: np.ndarray
    temperature: float  # for the embedding model alone
    blend_temperature: float  # for embedding + n-gram logits
    calibration_ece: float  # blend, on the calibration rows, after scaling
    calibration_rows: int
    project_cv_accuracy: float | None  # blend, cross-fitted on the project's own examples


def sample_weights(
    examples: Sequence[Example],
    project_share: float = PROJECT_SHARE,
    other_boost: float = OTHER_BOOST,
) -> np.ndarray:
    """Equal total weight per label (`other` times `other_boost`); inside a label,
    `project_share` of it for project rows."""
    per: Counter[tuple[str, bool]] = Counter((e.intent, e.source == "project") for e in examples)
    weights = np.empty(len(examples))
    for i, e in enumerate(examples):
        own, mixed = e.source == "project", per[(e.intent, True)] and per[(e.intent, False)]
        share = (project_share if own else 1 - project_share) if mixed else 1.0
        boost = other_boost if e.intent == "other" else 1.0
        weights[i] = boost * share / per[(e.intent, own)]
    out: np.ndarray = weights * len(examples) / weights.sum()
    return out


def _full(model: LogisticRegression | SGDClassifier, logits: np.ndarray, n: int) -> np.ndarray:
    out = np.full((logits.shape[0], n), _FLOOR)
    if logits.ndim == 1:  # scikit-learn's two-class shape: one column for the second class
        logits = np.stack([-logits / 2, logits / 2], axis=1)
    out[:, model.classes_] = logits
    return out


def _pair(
    x: np.ndarray, f: csr_matrix, y: np.ndarray, w: np.ndarray
) -> tuple[LogisticRegression, SGDClassifier]:
    emb = LogisticRegression(C=C, max_iter=3000, tol=1e-4).fit(x, y, sample_weight=w)
    sgd = SGDClassifier(
        loss="log_loss",
        alpha=NGRAM_ALPHA,
        max_iter=NGRAM_EPOCHS,
        tol=None,
        random_state=SEED,
        n_jobs=2,  # one-vs-rest problems are independent; the result does not depend on it
    )
    with warnings.catch_warnings():
        # A fixed number of epochs is the recipe, not a failure to converge.
        warnings.simplefilter("ignore", ConvergenceWarning)
        sgd.fit(f, y, sample_weight=w)
    return emb, sgd


def _logits(
    pair: tuple[LogisticRegression, SGDClassifier], x: np.ndarray, f: csr_matrix, n: int
) -> tuple[np.ndarray, np.ndarray]:
    emb, sgd = pair
    return (
        _full(emb, emb.decision_function(x), n),
        _full(sgd, sgd.decision_function(f), n),
    )


def fit_models(
    train: Sequence[Example],
    x: np.ndarray,
    y: np.ndarray,
    n_labels: int,
    calibration: tuple[np.ndarray, Sequence[str], np.ndarray],
    progress: Callable[[str], None],
) -> Fitted:
    f = ngrams.matrix([e.text for e in train])
    w = sample_weights(train)
    own = np.array([e.source == "project" for e in train])
    cal_parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []  # emb, ngram logits, y

    folds = min(FOLDS, int(np.bincount(y, minlength=n_labels)[np.unique(y)].min()))
    oof: np.ndarray | None = None
    if folds >= 2 and own.any():
        progress(f"cross-fitting {folds} folds for calibration ...")
        oof = np.zeros((len(y), 2, n_labels))
        split = StratifiedKFold(folds, shuffle=True, random_state=SEED).split(x, y)
        for fit_idx, held in split:
            pair = _pair(x[fit_idx], f[fit_idx], y[fit_idx], w[fit_idx])
            oof[held, 0], oof[held, 1] = _logits(pair, x[held], f[held], n_labels)
        # Only project rows stand for the shop's real traffic: dataset rows are templated
        # near-duplicates, whose cross-fitted scores would teach the temperature overconfidence.
        cal_parts.append((oof[own, 0], oof[own, 1], y[own]))
    progress(f"fitting both models on {len(y)} rows, {n_labels} labels ...")
    final = _pair(x, f, y, w)
    cal_x, cal_texts, cal_y = calibration
    if len(cal_y):
        emb, ngr = _logits(final, cal_x, ngrams.matrix(cal_texts), n_labels)
        cal_parts.append((emb, ngr, cal_y))

    temperature = blend_temperature = 1.0
    ece, rows = float("nan"), sum(len(p[2]) for p in cal_parts)
    if cal_parts:
        # Each part weighs the same: the shop's own voice as much as the public datasets.
        weights = np.concatenate([np.full(len(p[2]), 1.0 / len(p[2])) for p in cal_parts])
        emb_logits = np.vstack([p[0] for p in cal_parts])
        blend_logits = emb_logits + BLEND * np.vstack([p[1] for p in cal_parts])
        targets = np.concatenate([p[2] for p in cal_parts])
        temperature = fit_temperature(emb_logits, targets, weights)
        blend_temperature = fit_temperature(blend_logits, targets, weights)
        probs = softmax(blend_logits, blend_temperature)
        ece = expected_calibration_error(probs.max(axis=1), probs.argmax(axis=1) == targets)
    cv_accuracy = None
    if oof is not None:
        blended = oof[own, 0] + BLEND * oof[own, 1]
        cv_accuracy = float((blended.argmax(axis=1) == y[own]).mean())
    emb_model, ngram_model = final
    return Fitted(
        coef=_dense(emb_model.coef_, emb_model.classes_, n_labels),
        intercept=_dense(emb_model.intercept_[:, None], emb_model.classes_, n_labels)[:, 0],
        ngram_coef=_dense(ngram_model.coef_, ngram_model.classes_, n_labels),
        ngram_intercept=_dense(ngram_model.intercept_[:, None], ngram_model.classes_, n_labels)[
            :, 0
        ],
        temperature=temperature,
        blend_temperature=blend_temperature,
        calibration_ece=ece,
        calibration_rows=rows,
        project_cv_accuracy=cv_accuracy,
    )


def _dense(weights: np.ndarray, classes: np.ndarray, n_labels: int) -> np.ndarray:
    """Weights as (n_labels, features), two-class shapes expanded to one row per label."""
    if len(classes) == 2 and weights.shape[0] == 1:
        weights = np.vstack([-weights / 2, weights / 2])  # same softmax as the single logit
    out = np.zeros((n_labels, weights.shape[1]), dtype=np.float32)
    out[classes] = weights
    return out
