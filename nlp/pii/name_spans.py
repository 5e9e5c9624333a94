"""Name spans across a whole message: the account holder's own name (an ad-hoc deny-list),
one name masked everywhere it is written, and NER spans trimmed to the name itself."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from nlp.pii import name_cues as cues
from nlp.pii.entities import PERSON
from nlp.pii.names import AMBIGUOUS_FOLDED, LINE_OPEN, alone_on_line, fold, never_name
from nlp.pii.recognizers import Hit, SpanRecognizer


def trim_person(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop edge words that are never part of a name: "The Victoria" -> "Victoria",
    "Barbara Yudina Apt" -> "Barbara Yudina" (the NER's spans often overreach)."""
    words = list(re.finditer(r"\S+", text[start:end]))
    while words and never_name(words[0].group().strip(".,;:'\"()")):
        words.pop(0)
    while words and never_name(words[-1].group().strip(".,;:'\"()")):
        words.pop()
    if not words:
        return start, start
    return start + words[0].start(), start + words[-1].end()


def same_name_elsewhere(text: str, found: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Other places the same name is written: once a name is found, every mention is masked."""
    names: set[str] = set()
    for s, e in found:
        name = text[s:e].strip()
        if len(name) >= 3 and not name.islower():
            names.add(name)
            first = name.split()[0]
            if (
                len(name.split()) > 1
                and len(first) >= 3
                and first[0].isupper()
                and not never_name(first)
                and fold(first) not in AMBIGUOUS_FOLDED
            ):
                names.add(first)
    spans: list[tuple[int, int]] = []
    for name in sorted(names, key=len, reverse=True):
        for m in re.finditer(rf"(?<![\w@.]){re.escape(name)}(?![\w@])", text):
            spans.append((m.start(), m.end()))
    return spans


class CustomerNameRecognizer(SpanRecognizer):
    """The account holder's own name: an ad-hoc deny-list, case-insensitive where safe."""

    ENTITY = PERSON

    def __init__(self, names: Sequence[str]) -> None:
        super().__init__()
        key = tuple(sorted({n.strip() for n in names if n.strip()}))
        self._pattern = _deny_pattern(key)
        self._anycase = _ambiguous_tokens_pattern(key)

    def find(self, text: str) -> Iterable[Hit]:
        if self._pattern is None:
            return
        for m in self._pattern.finditer(text):
            yield m.start(), m.end(), 0.9
        # "thanks ruby": a first name that is also a word still gets masked where it signs off.
        for m in self._anycase.finditer(text) if self._anycase else ():
            window = max(0, m.start() - 40)
            signs_off = cues.CLOSING.search(text, window, m.start()) is not None
            own_line = bool(LINE_OPEN.search(text, window, m.start())) and alone_on_line(
                text, m.end()
            )
            if signs_off or own_line:
                yield m.start(), m.end(), 0.9


@lru_cache(maxsize=256)
def customer_name_recognizer(names: tuple[str, ...]) -> CustomerNameRecognizer:
    """One recognizer per account name, reused: building one per message cost a Presidio
    recognizer set-up (and a log record) on every call."""
    return CustomerNameRecognizer(names)


@lru_cache(maxsize=256)
def _ambiguous_tokens_pattern(names: tuple[str, ...]) -> re.Pattern[str] | None:
    tokens = {p.strip(".,") for n in names for p in n.split()}
    words = sorted(t for t in tokens if len(t) >= 2 and fold(t) in AMBIGUOUS_FOLDED)
    if not words:
        return None
    return re.compile(r"(?i)(?<![\w@.])(?:" + "|".join(map(re.escape, words)) + r")(?![\w@])")


@lru_cache(maxsize=256)
def _deny_pattern(names: tuple[str, ...]) -> re.Pattern[str] | None:
    alternatives: list[str] = []
    tokens: set[str] = set()
    for name in names:
        parts = [p for p in re.split(r"\s+", name) if p]
        if len(parts) > 1:
            alternatives.append("(?i:" + r"\s+".join(re.escape(p) for p in parts) + ")")
        tokens.update(p.strip(".,") for p in parts)
    for token in sorted(tokens, key=len, reverse=True):
        if len(token) < 2:
            continue
        if fold(token) in AMBIGUOUS_FOLDED:
            # "Will", "May", "Grace": only capitalised, or "I will" would be masked.
            alternatives.append(re.escape(token[:1].upper() + token[1:]))
            alternatives.append(re.escape(token.upper()))
        else:
            alternatives.append("(?i:" + re.escape(token) + ")")
    if not alternatives:
        return None
    return re.compile(r"(?<![\w@.])(?:" + "|".join(alternatives) + r")(?![\w@]|\.\w)")
