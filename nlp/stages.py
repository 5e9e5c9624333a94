"""`understand()` in its two stages, so the graph can run masking and understanding as nodes.

Stage one (mask) cleans the input and replaces PII with the conversation's placeholders; stage
two (understand) classifies, scores sentiment and detects the language from the cleaned text,
which never leaves the process.
"""

from __future__ import annotations

from dataclasses import dataclass

from nlp.hygiene import clean_message
from nlp.injection import looks_like_injection
from nlp.language import LanguageGuess, detect_language
from nlp.pii import PiiMasker, Vault
from nlp.sentiment import analyse_sentiment
from nlp.understand import (
    CALM,
    EMPTY_PREDICTION,
    ConversationContext,
    CustomerContext,
    Understanding,
    UnderstandingModels,
    _signals,
)


@dataclass(frozen=True)
class MaskedTurn:
    clean_text: str  # raw customer words after hygiene: in-process only, never logged or sent
    masked_text: str
    vault: Vault
    flags: tuple[str, ...]
    original_length: int

    @property
    def empty(self) -> bool:
        return not self.clean_text


def mask_turn(
    message: str | bytes | None,
    vault: Vault,
    customer: CustomerContext | None,
    masker: PiiMasker,
) -> MaskedTurn:
    clean = clean_message(message)
    flags = list(clean.flags)
    if clean.empty:
        return MaskedTurn("", "", vault.copy(), tuple(flags), clean.original_length)
    if looks_like_injection(clean.text):
        flags.append("prompt_injection")
    names = customer.names if customer else ()
    masked = masker.mask(clean.text, vault, customer_names=names)
    return MaskedTurn(
        clean.text, masked.masked_text, masked.vault, tuple(flags), clean.original_length
    )


def understand_turn(
    turn: MaskedTurn,
    conversation: ConversationContext,
    *,
    models: UnderstandingModels,
    vector: list[float] | None = None,
) -> Understanding:
    flags = list(turn.flags)
    if turn.empty:
        return Understanding(
            masked_text="",
            vault=turn.vault,
            intent=EMPTY_PREDICTION,
            sentiment=CALM,
            signals=_signals("", CALM, conversation),
            language=LanguageGuess("und", 0.0),
            flags=tuple(flags),
            original_length=turn.original_length,
        )
    if vector is None:
        vector = models.embeddings.embed_query(turn.clean_text)
    intent = models.intent.predict(vector, turn.clean_text)
    sentiment = analyse_sentiment(turn.clean_text, vector, models=models.sentiment)
    language = detect_language(turn.clean_text)
    if language.non_english:
        flags.append("non_english")
    return Understanding(
        masked_text=turn.masked_text,
        vault=turn.vault,
        intent=intent,
        sentiment=sentiment,
        signals=_signals(turn.clean_text, sentiment, conversation),
        language=language,
        flags=tuple(flags),
        original_length=turn.original_length,
    )
