"""intent: how well the last turn of each golden ticket is classified.

Accuracy, macro-F1, per-intent precision and recall, the confusion matrix and the expected
calibration error, computed by the same code that scores the classifier on external data
(`nlp.intent.evaluate`), so a figure here and one from `--suite external` mean the same thing.
A last turn that was never classified (an earlier turn was escalated and the message went to
the agent's card, or the turn failed) counts as wrong, with confidence 0.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from evals.suites.records import TicketRun
from evals.suites.result import SuiteResult
from nlp.intent.evaluate import _heldout_details, _scores
from nlp.taxonomy import INTENT_NAMES

UNCLASSIFIED = "(not classified)"
HISTOGRAM_BINS = 10


def confidence_histogram(
    confidences: Sequence[float], correct: Sequence[bool], bins: int = HISTOGRAM_BINS
) -> dict[str, list[float] | list[int]]:
    """Counts of right and wrong predictions per confidence bin (for the report's plot)."""
    edges = [round(i / bins, 2) for i in range(bins + 1)]
    right = [0] * bins
    wrong = [0] * bins
    for conf, ok in zip(confidences, correct, strict=True):
        index = min(int(conf * bins), bins - 1)
        (right if ok else wrong)[index] += 1
    return {"edges": edges, "correct": right, "wrong": wrong}


def intent_suite(runs: Sequence[TicketRun]) -> SuiteResult:
    if not runs:
        return SuiteResult("intent", {"accuracy": None, "macro_f1": None, "ece": None})
    truth = [r.ticket.expected_intent for r in runs]
    predicted = [r.intent or UNCLASSIFIED for r in runs]
    confidence = np.array([r.confidence or 0.0 for r in runs], dtype=float)
    scores = _scores(truth, predicted, confidence)
    details = _heldout_details(truth, predicted)
    correct = [t == p for t, p in zip(truth, predicted, strict=True)]
    seen = set(truth) | set(predicted)
    per_intent = {
        label: {
            "precision": round(m["precision"], 4),
            "recall": round(m["recall"], 4),
            "f1": round(m["f1"], 4),
            "support": m["support"],
        }
        for label, m in details["per_intent"].items()
        if label in seen  # an intent only ever predicted wrongly shows, with precision 0
    }
    mistakes = [
        {"id": r.ticket.id, "expected": t, "predicted": p, "confidence": r.confidence}
        for r, t, p in zip(runs, truth, predicted, strict=True)
        if t != p
    ]
    return SuiteResult(
        "intent",
        {
            "accuracy": round(scores["accuracy"], 4),
            "macro_f1": round(scores["macro_f1"], 4),
            "ece": round(scores["ece"], 4),
            "mean_confidence": round(scores["mean_confidence"], 4),
            "min_core_f1": details["min_core_f1"],
            "unclassified": float(predicted.count(UNCLASSIFIED)),
        },
        per_intent=per_intent,
        details={
            "confusion": details["confusion"],
            "labels": list(INTENT_NAMES),
            "histogram": confidence_histogram(confidence.tolist(), correct),
            "mistakes": mistakes,
        },
        notes=("scored on the last turn of each ticket; per intent by expected intent",),
    )
