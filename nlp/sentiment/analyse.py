"""One message in, three numbers out: polarity (VADER), anger and urgency (the models), plus cues.

The caller embeds the text once and passes the vector; this costs VADER, a few regexes and two dot
products (about a millisecond). Nothing here raises: a malformed vector falls back to the
cue-only heads, and if the models cannot be loaded at all, to a fixed reading of the cues, with
a warning logged once.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from nlp.sentiment.artifact import current_models, load_sentiment_models
from nlp.sentiment.cues import CueReading
from nlp.sentiment.model import SentimentModels, as_vector, side_features
from nlp.sentiment.polarity import Polarity

log = logging.getLogger(__name__)

# What `side_features` returns: cue and VADER values, and the readings they came from.
SideFeatures = tuple[list[float], CueReading, Polarity]

DECISION = 0.5  # scores are rescaled so that each model's own threshold sits here


@dataclass(frozen=True)
class Sentiment:
    polarity: float  # VADER compound, [-1, 1]
    anger: float  # [0, 1]; >= 0.5 means angry
    urgency: float  # [0, 1]; >= 0.5 means urgent
    angry: bool
    urgent: bool
    cues: tuple[str, ...]  # e.g. all_caps, repeated_punctuation, threat, profanity, deadline


CALM = Sentiment(0.0, 0.0, 0.0, False, False, ())

_load_lock = threading.Lock()
_load_failed = False


def _models() -> SentimentModels | None:
    global _load_failed
    models = current_models()
    if models is not None or _load_failed:
        return models
    with _load_lock:
        models = current_models()
        if models is None and not _load_failed:
            try:
                from supportdesk.settings import get_settings

                models = load_sentiment_models(get_settings())
            except Exception as exc:  # never let tone analysis take a conversation down
                _load_failed = True
                log.warning("sentiment models unavailable (%s); using cues only", exc)
    return models


def _fallback(cues: CueReading, pol: Polarity) -> tuple[float, float]:
    """Fixed weights for when no model could be loaded: cruder, but still sees the obvious."""
    hostile = {"threat", "profanity", "insult", "all_caps"} & set(cues.names)
    anger = 0.3 * len(hostile) + 0.2 * max(0.0, -pol.compound)
    anger += 0.1 if "repeated_punctuation" in cues.names else 0.0
    urgency = 0.6 if {"deadline", "safety"} & set(cues.names) else 0.1
    return min(anger, 1.0), urgency


def analyse_sentiment(
    text: str,
    vector: Sequence[float] | None,
    *,
    models: SentimentModels | None = None,
    side: SideFeatures | None = None,
) -> Sentiment:
    """Polarity, anger and urgency of `text`, given its 384-d embedding; never raises.

    `side` is `side_features(text)` when the caller has computed it already (it needs no
    embedding, so it can be read while the embedding is still running).
    """
    try:
        if not isinstance(text, str) or not text.strip():
            return CALM
        side_values, cues, pol = side if side is not None else side_features(text)
        models = models or _models()
        embedding = as_vector(vector)
        if models is None:
            anger, urgency = _fallback(cues, pol)
        elif embedding is None:
            x = np.asarray(side_values, dtype=np.float64)
            anger = models.anger_cues_only.score(x)
            urgency = models.urgency_cues_only.score(x)
        else:
            x = np.concatenate([embedding, np.asarray(side_values, dtype=np.float64)])
            anger, urgency = models.anger.score(x), models.urgency.score(x)
        anger, urgency = _unit(anger), _unit(urgency)
        return Sentiment(
            polarity=pol.compound,
            anger=anger,
            urgency=urgency,
            angry=anger >= DECISION,
            urgent=urgency >= DECISION,
            cues=cues.names,
        )
    except Exception as exc:  # last line of defence: a calm reading beats a failed turn
        log.warning("sentiment analysis failed (%s); reading as calm", type(exc).__name__)
        return CALM


def _unit(value: float) -> float:
    return round(min(max(float(value), 0.0), 1.0), 4) if value == value else 0.0


__all__ = ["CALM", "Sentiment", "analyse_sentiment"]
