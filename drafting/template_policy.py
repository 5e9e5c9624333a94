"""Quoting a policy section briefly: the one or two sentences that answer the question.

A policy fact carries a whole section of markdown. The drafter quotes it word for word (so
every number in the quote is the policy's own) but only the sentences that best match the
customer's words, the intent's topic and the customer's market. Sentences that promise money
or goods are never quoted: whether a remedy applies is a person's decision.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from drafting.promises import find_promises
from tools.facts import Fact

TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}")
LIST_ITEM = re.compile(r"^(?:[-*]|\d+\.)\s+")
SENTENCE_SPLIT = re.compile(r"(?<=[.?!])\s+(?=[A-Z0-9\"“(])")
WORD = re.compile(r"[A-Za-z][A-Za-z'-]+|\d+")
MARKET_WORDS = {
    "UK": re.compile(r"\bUK\b"),
    "US": re.compile(r"\bUS\b"),
    "DE": re.compile(r"\bGerman(?:y)?\b"),
}
# fmt: off
STOPWORDS = frozenset((
    "the", "and", "for", "you", "your", "our", "are", "can", "with", "this", "that", "have",
    "has", "was", "were", "will", "would", "from", "what", "when", "how", "into", "they", "them",
    "their", "there", "about", "just", "please", "its", "it's", "any", "all", "more", "than",
    "then", "but", "not", "out", "get", "got", "been", "being", "which", "who", "whom", "does",
    "did", "doing", "also",
))
# fmt: on


def _stems(text: str) -> set[str]:
    return {
        w.lower()[:5]
        for w in WORD.findall(text)
        if len(w) > 2 and w.lower() not in STOPWORDS and not w.isdigit()
    }


def _table_row(cells: list[str], header: list[str]) -> str:
    if not header or len(cells) != len(header):
        return ", ".join(cells) + "."
    if len(cells) == 2:  # "| Card | 3 to 5 business days |" reads fine without its header
        return f"{cells[0]}: {cells[1]}."
    pairs = [f"{h.lower()} {c}" for h, c in zip(header[1:], cells[1:], strict=True)]
    return f"{cells[0]}: {', '.join(pairs)}."


def _is_fragment(item: str) -> bool:
    """A list item that only makes sense after its introduction ("you can change: the
    delivery address; the delivery date..."), as opposed to a sentence or a market's row."""
    if item[-1] in ".?!":
        return False
    label = item.partition(":")[0]
    return not any(pattern.fullmatch(label) for pattern in MARKET_WORDS.values())


def sentences(text: str) -> list[str]:
    """The section as plain sentences: markdown emphasis dropped; table rows and complete
    list items become sentences of their own; fragment items join their introduction."""
    out: list[str] = []
    header: list[str] = []
    intro: int | None = None  # index of a sentence ending in ":" that fragments continue
    for raw in text.replace("**", "").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or TABLE_RULE.match(line):
            continue
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            if not header:
                header = cells
            else:
                out.append(_table_row(cells, header))
            continue
        header = []
        if LIST_ITEM.match(line):
            item = LIST_ITEM.sub("", line).rstrip(";,")
            if intro is not None and _is_fragment(item):
                joiner = " " if out[intro].endswith(":") else "; "
                out[intro] = f"{out[intro]}{joiner}{item}"
                continue
            out.append(item if item[-1] in ".?!:" else f"{item}.")
            continue
        intro = None
        for part in SENTENCE_SPLIT.split(line):
            part = part.strip()
            if part:
                out.append(part if part[-1] in ".?!:;" else f"{part}.")
        if out and out[-1].endswith(":"):
            intro = len(out) - 1
    # A joined list ends where the section's next sentence begins.
    return [s if s[-1] in ".?!:" else f"{s}." for s in out]


def _score(sentence: str, wanted: set[str], market: str | None) -> float:
    too_short = len(sentence.split()) < 4 and ":" not in sentence
    if sentence.endswith(":") or sentence[0].islower() or too_short or find_promises(sentence):
        return -1.0
    stems = _stems(sentence)
    # Matched words over the square root of length: a short rule that matches beats a long
    # paragraph that happens to share more words.
    score: float = len(stems & wanted) / math.sqrt(max(len(stems), 1))
    markets = {m for m, pattern in MARKET_WORDS.items() if pattern.search(sentence)}
    if market and markets:
        if market not in markets:
            return -1.0  # another market's rule would mislead
        if score > 0 and markets == {market}:
            score += 0.5
    return score


def quote(
    fact: Fact,
    *,
    message: str,
    market: str | None,
    hints: Sequence[str] = (),
    limit: int = 2,
) -> str:
    """Up to `limit` sentences of the section, in the section's own order, best match first
    chosen; "" when nothing in the section can be quoted safely."""
    candidates = sentences(str(fact.data.get("text") or fact.masked_text))
    wanted = _stems(message) | _stems(" ".join(hints))
    scored = [(i, _score(s, wanted, market)) for i, s in enumerate(candidates)]
    usable = [(i, score) for i, score in scored if score >= 0]
    if not usable:
        return ""
    ranked = sorted(usable, key=lambda item: (-item[1], item[0]))
    chosen = [ranked[0]] + [item for item in ranked[1:limit] if item[1] > 0]
    return " ".join(candidates[i] for i, _ in sorted(chosen))
