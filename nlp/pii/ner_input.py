"""What the NER reads, and NER results computed ahead of time for a batch of messages.

spaCy's NER is the largest cost of masking one message. Run over many messages at once with
`nlp.pipe` it costs about a third less per message, with the same entities (its layers read each
document on its own; batching only shares the matrix products). `PreparedNer` keeps those
results, keyed by the exact text the NER would have read, until the masker asks for them, so a
batch caller (triage) gets the saving without the masker's `mask()` changing shape.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable

from presidio_analyzer.nlp_engine import NlpArtifacts

from nlp.pii.engine import LANGUAGE, get_analyzer

CHUNK = 4000
PIPE_BATCH = 32
# A batch caller prepares one batch, masks it, then prepares the next: this bound only matters
# if a caller prepares texts it never masks, and keeps that from holding raw text for long.
MAX_PREPARED = 512

_LONG_RUN = re.compile(r"\S{64,}")


def chunks(text: str) -> list[tuple[int, str]]:
    """(offset, piece) pairs of at most about CHUNK characters, cut at a line or a space."""
    if len(text) <= CHUNK:
        return [(0, text)]
    pieces = []
    start = 0
    while start < len(text):
        end = min(len(text), start + CHUNK)
        if end < len(text):
            half = start + CHUNK // 2
            cut = max(text.rfind("\n", half, end), text.rfind(" ", half, end))
            end = cut + 1 if cut > start else end
        pieces.append((start, text[start:end]))
        start = end
    return pieces


def ner_view(text: str) -> str:
    """The text as the NER reads it: runs of 64+ non-space characters (pasted tokens, emoji
    walls) become "x"s of the same length. spaCy's tokenizer is quadratic on such runs and no
    name hides in them; offsets stay the same, so the patterns still read the real text."""
    return _LONG_RUN.sub(lambda m: "x" * len(m.group()), text)


class PreparedNer:
    """NER results made ahead of time; each is handed out once, then forgotten."""

    def __init__(self) -> None:
        # One result per occurrence: a text sent twice is masked twice, and a result is never
        # shared between two calls (Presidio's recognizers may annotate what they are given).
        self._ready: dict[str, list[NlpArtifacts]] = {}
        self._count = 0
        self._lock = threading.Lock()

    def prepare(self, texts: Iterable[str]) -> None:
        """Run the NER over every chunk of `texts` in batches (the texts the masker will get)."""
        views = [ner_view(c) for t in texts if t.strip() for _, c in chunks(t)]
        if not views:
            return
        engine = get_analyzer().nlp_engine
        done = list(engine.process_batch(views, LANGUAGE, batch_size=PIPE_BATCH))
        with self._lock:
            for view, artifacts in done:
                if self._count >= MAX_PREPARED:
                    self._count -= len(self._ready.pop(next(iter(self._ready))))
                self._ready.setdefault(view, []).append(artifacts)
                self._count += 1

    def artifacts(self, view: str) -> NlpArtifacts:
        """The prepared result for `view` if there is one, else the NER run now."""
        with self._lock:
            waiting = self._ready.get(view)
            ready = waiting.pop(0) if waiting else None
            if ready is not None:
                self._count -= 1
                if not waiting:
                    del self._ready[view]
        if ready is not None:
            return ready
        return get_analyzer().nlp_engine.process_text(view, LANGUAGE)
