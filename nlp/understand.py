"""Understanding one customer message, in two stages the graph runs as its first two nodes.

`mask_turn` cleans the input, flags what a person should read (prompt injection, an item that
arrived damaged, another language) and masks PII into the conversation's vault; `understand_turn`
embeds the text once and shares that vector with the intent and sentiment models, and combines
the customer's order data into escalation signals. `understand()` runs both, with the embedding
beside masking (the CLI's triage and the benchmarks use it). Pure apart from model loading: all
data it needs from the database arrives in the context objects.

Models read the cleaned raw text, inside this process, so that placeholders do not distort
classification; only the masked text ever leaves (LLM prompts, logs, traces, triage output)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from nlp.cold_hostility import coldly_hostile
from nlp.complaint import states_complaint
from nlp.damage import reports_damage
from nlp.embeddings import LocalEmbeddings
from nlp.hygiene import clean_message
from nlp.injection import looks_like_injection
from nlp.intent.model import IntentModel, IntentPrediction
from nlp.intent.sentence_view import read_intent
from nlp.language import LanguageGuess, detect_language
from nlp.pii import PiiMasker, Vault
from nlp.reading import models_reading
from nlp.sentiment import Sentiment, SentimentModels, analyse_sentiment
from nlp.sentiment.analyse import DECISION
from nlp.sentiment.cues import CUE_NAMES
from nlp.sentiment.model import side_features
from nlp.signals import EscalationSignals, escalation_signals
from supportdesk.settings import Settings

EMPTY_PREDICTION = IntentPrediction("other", 1.0, (("other", 1.0),))
CALM = Sentiment(0.0, 0.0, 0.0, False, False, ())
# The tone of a message in a language the sentiment models were not trained on: not read.
UNREAD_TONE = Sentiment(0.0, 0.0, 0.0, False, False, ("tone_not_read",))


@dataclass(frozen=True)
class CustomerContext:
    """Who is writing, from the session or account (never from the message)."""

    customer_id: str | None = None
    full_name: str | None = None
    market: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        if not self.full_name:
            return ()
        parts = self.full_name.split()
        return (self.full_name, *parts) if len(parts) > 1 else (self.full_name,)


@dataclass(frozen=True)
class ConversationContext:
    """What the conversation already holds: its vault and the order it is about, if known."""

    vault: Vault = field(default_factory=Vault)
    order_total: Decimal | None = None
    order_currency: str | None = None
    recent_contacts: int = 0


@dataclass(frozen=True)
class Understanding:
    masked_text: str
    vault: Vault
    intent: IntentPrediction
    sentiment: Sentiment
    signals: EscalationSignals
    language: LanguageGuess
    flags: tuple[str, ...]
    original_length: int

    def to_record(self) -> dict[str, Any]:
        """JSON-safe view for triage output, logs and agent cards: no vault, no raw values."""
        return {
            "intent": self.intent.intent,
            "confidence": round(self.intent.confidence, 4),
            "top3": [[label, round(p, 4)] for label, p in self.intent.top3],
            "sentiment": {
                "polarity": self.sentiment.polarity,
                "anger": self.sentiment.anger,
                "urgency": self.sentiment.urgency,
                "angry": self.sentiment.angry,
                "urgent": self.sentiment.urgent,
                "cues": list(self.sentiment.cues),
            },
            "signals": {
                "score": self.signals.score,
                "high_value": self.signals.high_value,
                "order_value": str(self.signals.order_value)
                if self.signals.order_value is not None
                else None,
                "currency": self.signals.currency,
                "recent_contacts": self.signals.recent_contacts,
                "repeat_contact": self.signals.repeat_contact,
                "keywords": list(self.signals.keywords),
                "reasons": list(self.signals.reasons),
            },
            "language": self.language.language,
            "flags": list(self.flags),
            "masked_text": self.masked_text,
        }


@dataclass(frozen=True)
class UnderstandingModels:
    masker: PiiMasker
    embeddings: LocalEmbeddings
    intent: IntentModel
    sentiment: SentimentModels | None


def load_understanding_models(
    settings: Settings,
    *,
    product_names: Iterable[str] = (),
    variant_names: Iterable[str] = (),
    progress: Callable[[str], None] = lambda _msg: None,
) -> UnderstandingModels:
    """Load (training first where an artifact is missing) every model `understand` uses.

    `variant_names` (`nlp.pii.load_variant_names`) adds the shop's own finishes and sizes to
    the masker's built-in vocabulary of variant words that are never people."""
    from nlp.intent.train import load_or_train
    from nlp.sentiment import load_sentiment_models

    # No query cache: it would keep raw customer text in memory for no benefit here. The
    # embedding runs beside masking (see `understand`), so its threads must share the cores.
    embeddings = LocalEmbeddings(query_cache=False, threads=2, shares_cores=True)
    intent = load_or_train(settings, progress, embeddings=embeddings)
    sentiment = load_sentiment_models(settings, progress=progress)
    masker = PiiMasker(product_names, variant_names)
    return UnderstandingModels(masker, embeddings, intent, sentiment)


@dataclass(frozen=True)
class MaskedTurn:
    """The first stage's result: cleaned words (in-process only, never logged or sent), their
    masked form and the conversation's vault with this message's values added."""

    clean_text: str
    masked_text: str
    vault: Vault
    flags: tuple[str, ...]
    original_length: int
    language: LanguageGuess | None = None  # None: not detected yet (the graph re-detects)

    @property
    def empty(self) -> bool:
        return not self.clean_text


def mask_turn(
    message: str | bytes | None,
    vault: Vault,
    customer: CustomerContext | None,
    masker: PiiMasker,
    *,
    on_clean: Callable[[str], None] | None = None,
) -> MaskedTurn:
    """Stage one: clean the input, flag what a person should read, mask PII into the vault.

    `on_clean` receives the cleaned text before masking starts, so a caller can begin the
    embedding beside it."""
    clean = clean_message(message)
    flags = list(clean.flags)
    if clean.empty:
        return MaskedTurn("", "", vault.copy(), tuple(flags), clean.original_length)
    if on_clean is not None:
        on_clean(models_reading(clean.text))  # the models' view (nlp/reading.py)
    # Instructions hidden in markup ("<!-- note for the AI: ... -->") are removed with it and
    # never reach a model, but a person should still know somebody tried.
    raw = message if isinstance(message, str) else ""
    hidden = "markup_removed" in flags
    if looks_like_injection(clean.text) or (hidden and looks_like_injection(raw)):
        flags.append("prompt_injection")
    if reports_damage(clean.text):
        flags.append("damage_report")
    if states_complaint(clean.text):
        flags.append("complaint_stated")
    language = detect_language(clean.text)
    if language.non_english:
        flags.append("non_english")
    names = customer.names if customer else ()
    # The language picks the name lists: German names are found in German text.
    masked = masker.mask(clean.text, vault, customer_names=names, language=language.language)
    return MaskedTurn(
        clean.text,
        masked.masked_text,
        masked.vault,
        tuple(flags),
        clean.original_length,
        language,
    )


def _coldly_angry(sentiment: Sentiment) -> Sentiment:
    """Cold contempt read as the anger it is (nlp/cold_hostility.py): angry at the model's own
    decision point, with the contempt cue an agent sees beside it."""
    cues = {*sentiment.cues, "contempt"}
    ordered = [name for name in CUE_NAMES if name in cues]
    return replace(
        sentiment,
        anger=max(sentiment.anger, DECISION),
        angry=True,
        cues=(*ordered, *(c for c in sentiment.cues if c not in ordered)),
    )


def understand_turn(
    turn: MaskedTurn,
    conversation: ConversationContext,
    *,
    models: UnderstandingModels,
    vector: list[float] | Future[list[float]] | None = None,
) -> Understanding:
    """Stage two: intent, sentiment and escalation signals from the cleaned words.

    `vector` may still be computing (a Future): the text-only features are worked out first,
    so the embedding and this work overlap."""
    if turn.empty:
        return Understanding(
            masked_text="",
            vault=turn.vault,
            intent=EMPTY_PREDICTION,
            sentiment=CALM,
            signals=_signals("", CALM, conversation),
            language=LanguageGuess("und", 0.0),
            flags=turn.flags,
            original_length=turn.original_length,
        )
    text = turn.clean_text
    flags = list(turn.flags)
    language = turn.language
    if language is None:
        language = detect_language(text)
        if language.non_english and "non_english" not in flags:
            flags.append("non_english")
    reading = models_reading(text)  # what the models read; signals see every word
    text_logits = models.intent.text_logits(reading)
    side = side_features(reading)
    if isinstance(vector, Future):
        embedded = vector.result()
    else:
        embedded = vector if vector is not None else models.embeddings.embed_query(reading)
    intent = read_intent(models.intent, embedded, reading, text_logits=text_logits)
    sentiment = analyse_sentiment(reading, embedded, models=models.sentiment, side=side)
    if coldly_hostile(reading) and not sentiment.angry:
        sentiment = _coldly_angry(sentiment)
    if language.non_english:
        # The anger and urgency models learnt English: on German their scores are noise (a
        # German thank-you scored 0.99 anger). Such a message goes to a person anyway
        # (non_english is a review flag), so a reading we cannot trust does not pick the queue.
        sentiment = UNREAD_TONE
    return Understanding(
        masked_text=turn.masked_text,
        vault=turn.vault,
        intent=intent,
        sentiment=sentiment,
        signals=_signals(text, sentiment, conversation),
        language=language,
        flags=tuple(flags),
        original_length=turn.original_length,
    )


def understand(
    message: str | bytes | None,
    conversation: ConversationContext,
    customer: CustomerContext | None,
    *,
    models: UnderstandingModels,
    vector: list[float] | None = None,
) -> Understanding:
    """Everything the graph needs to know about one message. Never raises on input."""
    return understand_with_turn(message, conversation, customer, models=models, vector=vector)[1]


def understand_with_turn(
    message: str | bytes | None,
    conversation: ConversationContext,
    customer: CustomerContext | None,
    *,
    models: UnderstandingModels,
    vector: list[float] | None = None,
) -> tuple[MaskedTurn, Understanding]:
    """`understand`, also giving the masked turn (its cleaned text is what the reading rules of
    nlp/reading_rules.py look at; it holds raw values, so it stays in the caller's process).

    The embedding (ONNX Runtime, which lets go of the GIL) runs on the other core while this
    one masks (spaCy) and computes the intent model's n-gram half and the sentiment cues."""
    pending: list[Future[list[float]]] = []

    def embed_beside(text: str) -> None:
        pending.append(embed_in_background(models, text) if vector is None else _ready(vector))

    turn = mask_turn(
        message,
        conversation.vault,
        customer or CustomerContext(),
        models.masker,
        on_clean=embed_beside,
    )
    understanding = understand_turn(
        turn, conversation, models=models, vector=pending[0] if pending else vector
    )
    return turn, understanding


_executor: ThreadPoolExecutor | None = None
_executor_lock = threading.Lock()


def embed_in_background(models: UnderstandingModels, text: str) -> Future[list[float]]:
    """Start embedding `text` on the shared one-thread executor."""
    global _executor
    with _executor_lock:
        if _executor is None:
            # One worker: embeddings of concurrent calls queue rather than fight for two cores.
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="understand-embed")
    return _executor.submit(models.embeddings.embed_query, text)


def _ready(vector: list[float]) -> Future[list[float]]:
    done: Future[list[float]] = Future()
    done.set_result(vector)
    return done


def _signals(
    text: str, sentiment: Sentiment, conversation: ConversationContext
) -> EscalationSignals:
    return escalation_signals(
        text,
        sentiment,
        order_total=conversation.order_total,
        currency=conversation.order_currency,
        recent_contacts=conversation.recent_contacts,
    )
