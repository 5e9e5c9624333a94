"""Which language a message is in, from py3langid's bundled model (no download, ~0.1 ms)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

# The languages a shop in the UK, US and Germany actually receives; a closed list keeps short
# messages from being guessed as a rare language.
LANGUAGES = ("en", "de", "fr", "es", "it", "nl", "pl", "pt", "sv", "da", "tr")
# Below this probability, or with very few letters, we do not claim to know.
CONFIDENT = 0.80
MIN_LETTERS = 12


@dataclass(frozen=True)
class LanguageGuess:
    language: str  # ISO 639-1, or "und" when undetermined
    confidence: float

    @property
    def non_english(self) -> bool:
        return self.language not in ("en", "und")


_identifier: Any = None
_lock = threading.Lock()


def _get_identifier() -> Any:
    global _identifier
    with _lock:
        if _identifier is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
            identifier.set_languages(list(LANGUAGES))
            _identifier = identifier
    return _identifier


def detect_language(text: str) -> LanguageGuess:
    if sum(ch.isalpha() for ch in text) < MIN_LETTERS:
        return LanguageGuess("und", 0.0)
    language, probability = _get_identifier().classify(text)
    if probability < CONFIDENT:
        return LanguageGuess("und", float(probability))
    return LanguageGuess(str(language), float(probability))
