"""Temperature scaling and expected calibration error.

The gate compares the classifier's confidence with per-intent thresholds (0.92 for order status,
0.85 for product questions); those thresholds only mean something if a confidence of 0.9 is
right about nine times in ten. One temperature divides the logits: it changes how sure the model
is, never which label wins, so accuracy is untouched.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize_scalar

ECE_BINS = 15


def softmax(logits: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    scaled = logits / temperature
    scaled = scaled - scaled.max(axis=-1, keepdims=True)  # no overflow in exp
    exp = np.exp(scaled)
    out: np.ndarray = exp / exp.sum(axis=-1, keepdims=True)
    return out


def fit_temperature(
    logits: np.ndarray, targets: np.ndarray, weights: np.ndarray | None = None
) -> float:
    """The temperature minimising the (weighted) negative log-likelihood of `targets`."""
    if len(targets) == 0:
        return 1.0
    w = np.ones(len(targets)) if weights is None else weights
    rows = np.arange(len(targets))

    def nll(log_t: float) -> float:
        probs = softmax(logits, float(np.exp(log_t)))[rows, targets]
        return float(-(w * np.log(np.clip(probs, 1e-12, 1.0))).sum() / w.sum())

    # Searched in log space: temperatures from about 0.05 to 20 cover any sane model.
    result = minimize_scalar(nll, bounds=(-3.0, 3.0), method="bounded")
    return float(np.exp(result.x))


def expected_calibration_error(
    confidences: np.ndarray, correct: np.ndarray, bins: int = ECE_BINS
) -> float:
    """Sum over equal-width confidence bins of |accuracy - mean confidence|, weighted by size."""
    if len(confidences) == 0:
        return 0.0
    edges = np.linspace(0.0, 1.0, bins + 1)
    # Bin i holds (edge_i, edge_i+1]; a confidence of exactly 0 joins the first bin.
    index = np.clip(np.searchsorted(edges, confidences, side="left") - 1, 0, bins - 1)
    total = 0.0
    for b in range(bins):
        mask = index == b
        if mask.any():
            gap = abs(float(correct[mask].mean()) - float(confidences[mask].mean()))
            total += gap * mask.sum() / len(confidences)
    return total
