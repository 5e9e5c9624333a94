"""Making any customer input safe to analyse: decode, clean, cut to size, and say what was done.

Nothing here raises on input. Every change is reported as a flag so that the graph, the agent
desk and the triage output can tell the customer's words from what we did to them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Analysis reads at most this much; longer messages are cut and flagged (the full text is kept
# by the caller for the agent). 5,000 characters is several screens of a support message.
MAX_ANALYSED_CHARS = 5_000

_TAG = re.compile(r"<\s*/?\s*[A-Za-z!][^<>]{0,500}>")
_SCRIPT_OR_STYLE = re.compile(r"<\s*(script|style)\b.*?<\s*/\s*\1\s*>", re.I | re.S)
# Text shaped like our own placeholders must never enter the pipeline as if we had written it:
# unmasking would otherwise fill in someone's stored value for a token the customer typed.
_PLACEHOLDER_LIKE = re.compile(r"<\s*[A-Z][A-Z_]*_\d+\s*>")
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANK_LINES = re.compile(r"\n{3,}")


@dataclass(frozen=True)
class CleanText:
    text: str
    flags: tuple[str, ...]
    original_length: int

    @property
    def empty(self) -> bool:
        return not self.text


def clean_message(raw: str | bytes | None) -> CleanText:
    flags: list[str] = []
    if raw is None:
        return CleanText("", ("empty",), 0)
    if isinstance(raw, bytes):
        text = raw.decode("utf-8", errors="replace")
        if "\ufffd" in text:
            flags.append("invalid_utf8")
    else:
        text = raw.encode("utf-8", errors="replace").decode("utf-8")  # lone surrogates
        if "\ufffd" in text and "\ufffd" not in raw:
            flags.append("invalid_utf8")
    original_length = len(text)
    text = unicodedata.normalize("NFC", text)
    without_controls = "".join(
        ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cf", "Cs")
    )
    if len(without_controls) != len(text):
        flags.append("control_characters_removed")
    text = without_controls
    if _PLACEHOLDER_LIKE.search(text):
        text = _PLACEHOLDER_LIKE.sub(" ", text)
        flags.append("placeholder_lookalike_removed")
    if _SCRIPT_OR_STYLE.search(text) or _TAG.search(text):
        text = _TAG.sub(" ", _SCRIPT_OR_STYLE.sub(" ", text))
        flags.append("markup_removed")
    text = _BLANK_LINES.sub("\n\n", _SPACES.sub(" ", text)).strip()
    if len(text) > MAX_ANALYSED_CHARS:
        cut = text.rfind(" ", 0, MAX_ANALYSED_CHARS)
        text = text[: cut if cut > MAX_ANALYSED_CHARS // 2 else MAX_ANALYSED_CHARS].rstrip()
        flags.append("truncated")
    if not text:
        flags.append("empty")
    elif not any(ch.isalnum() for ch in text):
        flags.append("no_words")  # emoji only, punctuation only
    return CleanText(text, tuple(flags), original_length)


def straight_apostrophes(text: str) -> str:
    """Phones type curly apostrophes: "didn’t" must match patterns written with "didn't"."""
    return text.replace("\u2019", "'").replace("\u2018", "'")


def without_accents(text: str) -> str:
    """The letters without their accents ("Rückbuchung" -> "Ruckbuchung", "José" -> "Jose"), so
    that one pattern or one look-up serves however the customer typed the word."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
