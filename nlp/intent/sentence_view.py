"""The intent model's second look at a long message: its sentences, each read alone.

One MiniLM vector of a rambling email is mostly the story around the request ("we moved in the
summer, my partner measured the room three times, ... can I send it back?"), and the n-gram view
of the whole reads only its first 500 characters. For a message of `LONG_READING_CHARS` or more
with at least two sentences that the whole reading is unsure of (`RELABEL_BELOW`), the n-gram
view also reads every sentence by itself, and the log-sum-exp of their logits, which a label gains
when any one sentence asks for it clearly, is averaged with the whole reading. The label may
change; the confidence never rises (`IntentModel.probabilities`).

Sentences are read by their n-grams only. Embedding each of them as well read a little better
(in a scratch comparison on the single-message tickets of the held-out fresh batches 11 to 19,
the model alone: 0.539 whole, 0.558 with sentence n-grams, 0.572 with sentence vectors too), but
the extra embeddings took `supportdesk bench understanding` from p50 20 ms to 27-47 ms and
triage from 49 to 23-33 tickets a second, past the project's targets.

Measured with `supportdesk eval --split dev-fresh --suite intent --suite routing --suite answers`
(runs 20261204-150338 before, 20261204-171958 after): intent accuracy on all 2,536 fresh tickets
0.774 -> 0.780; counted per ticket from the two runs' result.json, 0.592 -> 0.608 on the 1,135 of
the held-out batches 11 to 19 and 0.921 -> 0.920 on the rest (read whole in training). Wrong
automatic replies (45) and escalation recall (0.990) are unchanged; three right automatic replies
now wait for a person and one ticket gets a right clarifying question instead (deflection 0.244 ->
0.243). Dev and its paraphrases are unchanged (`--split dev`, `--split dev-paraphrase`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from nlp.intent.model import RELABEL_BELOW, IntentModel, IntentPrediction

LONG_READING_CHARS = 200  # shorter messages say one thing, and one vector reads them well
MAX_SENTENCES = 24  # bounds the work on a pasted essay
_MIN_SENTENCE_CHARS = 4  # "Hi," or "Thx." alone says nothing about the intent
_BOUNDARY = re.compile(r"(?<=[.!?])\s+|\n+")


def sentences_to_read(text: str) -> tuple[str, ...]:
    """A long message's sentences, or () when the message is short or is one sentence."""
    if len(text) < LONG_READING_CHARS:
        return ()
    parts = [p.strip() for p in _BOUNDARY.split(text)]
    sentences = tuple(p for p in parts if len(p) >= _MIN_SENTENCE_CHARS)[:MAX_SENTENCES]
    return sentences if len(sentences) >= 2 else ()


def sentence_view(model: IntentModel, text: str) -> np.ndarray | None:
    """The sentence view of `text` for `IntentModel.predict`, or None when it has none."""
    sentences = sentences_to_read(text)
    return model.sentence_logits(sentences) if sentences else None


def read_intent(
    model: IntentModel,
    vector: Sequence[float] | np.ndarray,
    text: str,
    *,
    text_logits: np.ndarray | None = None,
) -> IntentPrediction:
    """The intent of a message as the product reads it: whole, and for a long message the whole
    reading is unsure of, also sentence by sentence."""
    if text_logits is None:
        text_logits = model.text_logits(text)  # once, for both predictions below
    whole = model.predict(vector, text, text_logits=text_logits)
    if whole.confidence >= RELABEL_BELOW:
        return whole  # a sure reading keeps its label whatever the sentences say
    sentences = sentence_view(model, text)
    if sentences is None:
        return whole
    return model.predict(vector, text, text_logits=text_logits, sentence_logits=sentences)
