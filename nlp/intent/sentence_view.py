"""The intent model's second look at a long message: its sentences, each read alone.

One MiniLM vector of a rambling email is mostly the story around the request ("we moved in the
summer, my partner measured the room three times, ... can I send it back?"), and the n-gram view
reads only its first 500 characters. For a message of `LONG_READING_CHARS` or more with at least
two sentences, the model also reads every sentence by itself and takes the log-sum-exp of their
logits, which a label gains when any one sentence asks for it clearly. The two views are
averaged, and only a message the whole reading is unsure of may change label, never becoming surer
(`IntentModel.probabilities`, `RELABEL_BELOW`).

Measured with `supportdesk eval --split dev-fresh --suite intent --suite routing --suite answers`
(runs 20261204-150338 before, 20261204-170047 after): on all 2,536 fresh tickets intent accuracy
0.774 -> 0.781. Counted per ticket from the two runs' result.json, the held-out batches 11 to 19
(1,135 tickets) went 0.592 -> 0.619 and the rest, mostly tickets the model was trained on whole,
0.921 -> 0.912. Wrong automatic replies went 45 -> 46 (a product question now read as a
delivery problem gets a clarifying question). Dev is unchanged (0.954); of the paraphrases one
e-mail is read differently (0.921 -> 0.916), still held for a person. Short messages are read
exactly as before.
"""

from __future__ import annotations

import logging
import re

import numpy as np
from langchain_core.embeddings import Embeddings

from nlp.intent.model import IntentModel

log = logging.getLogger(__name__)

LONG_READING_CHARS = 200  # shorter messages say one thing, and one vector reads them well
MAX_SENTENCES = 24  # a pasted essay costs at most this many extra (batched) embeddings
_MIN_SENTENCE_CHARS = 4  # "Hi," or "Thx." alone says nothing about the intent
_BOUNDARY = re.compile(r"(?<=[.!?])\s+|\n+")


def sentences_to_read(text: str) -> tuple[str, ...]:
    """A long message's sentences, or () when the message is short or is one sentence."""
    if len(text) < LONG_READING_CHARS:
        return ()
    parts = [p.strip() for p in _BOUNDARY.split(text)]
    sentences = tuple(p for p in parts if len(p) >= _MIN_SENTENCE_CHARS)[:MAX_SENTENCES]
    return sentences if len(sentences) >= 2 else ()


def pooled_sentence_logits(
    model: IntentModel, embeddings: Embeddings, text: str
) -> np.ndarray | None:
    """The sentence view of `text` for `IntentModel.predict`, or None when it has none.

    An embedding that fails or comes back unusable loses only this view: the message is still
    read whole."""
    sentences = sentences_to_read(text)
    if not sentences:
        return None
    try:
        vectors = np.asarray(embeddings.embed_documents(list(sentences)), dtype=np.float32)
    except Exception:  # the whole-message vector already carries the reading
        log.warning("intent: sentence embeddings failed; reading the message whole only")
        return None
    if vectors.shape != (len(sentences), model.coef.shape[1]) or not np.isfinite(vectors).all():
        log.warning("intent: unusable sentence vectors of shape %s", vectors.shape)
        return None
    return model.sentence_logits(vectors, sentences)
