"""Polarity from VADER, whose lexicon ships inside the `vaderSentiment` package (no download).

VADER is a good read of plain positive/negative wording and a poor read of sarcasm ("Oh great,
another week") and of polite complaints; that is why anger and urgency have their own models and
VADER only supplies the polarity number and three of their features.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from nlp.sentiment.cues import head_and_tail

# VADER's cost grows faster than the text (2.5 ms at 1,000 characters, 8.5 ms at 2,000 here); the
# opening and the sign-off of a long message keep a call near a millisecond and ordinary messages,
# far shorter, untouched.
MAX_POLARITY_CHARS = 1_000


@dataclass(frozen=True)
class Polarity:
    compound: float  # in [-1, 1]
    negative: float  # share of negative wording, [0, 1]
    positive: float


NEUTRAL = Polarity(0.0, 0.0, 0.0)

_analyzer: Any = None
_lock = threading.Lock()


def _get_analyzer() -> Any:
    global _analyzer
    with _lock:
        if _analyzer is None:
            from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

            _analyzer = SentimentIntensityAnalyzer()
    return _analyzer


def polarity(text: str) -> Polarity:
    """VADER scores for `text`; the neutral reading for empty or non-text input."""
    if not isinstance(text, str) or not text.strip():
        return NEUTRAL
    scores = _get_analyzer().polarity_scores(head_and_tail(text, MAX_POLARITY_CHARS))
    return Polarity(
        _clamp(float(scores["compound"]), -1.0, 1.0),
        _clamp(float(scores["neg"]), 0.0, 1.0),
        _clamp(float(scores["pos"]), 0.0, 1.0),
    )


def _clamp(value: float, low: float, high: float) -> float:
    if value != value:  # NaN
        return 0.0
    return min(max(value, low), high)
