"""The English NER on messages in other languages: its PERSON hits need a second witness.

The shop's only spaCy model is English. On German or French text it tags ordinary phrases as
people ("zwei Wochen", "Liebe Grüße"), which masks words an agent or a model needs to read. In
a message detected as another language, a PERSON hit of the NER is therefore kept only where the
project's rule-based name recognizers (cues, given names, name shapes, the account holder's own
name) also find a name overlapping it. Those recognizers read names the same way in any language,
so a real name keeps being masked; English messages are not touched at all.
"""

from __future__ import annotations

from functools import lru_cache

from presidio_analyzer import RecognizerResult

from nlp.language import detect_language
from nlp.pii.entities import PERSON
from nlp.pii.name_spans import customer_name_recognizer
from nlp.pii.names import PersonNameRecognizer

NER_RECOGNIZER = "SpacyRecognizer"  # Presidio's name for the recognizer wrapping spaCy's NER
_ENGLISH_OR_UNKNOWN = ("en", "und")


def is_other_language(text: str, language: str | None) -> bool:
    """True for a message confidently detected as not English (`language` if already known)."""
    code = language if language is not None else detect_language(text).language
    return code not in _ENGLISH_OR_UNKNOWN


@lru_cache(maxsize=1)
def _rule_names() -> PersonNameRecognizer:
    return PersonNameRecognizer()


def _from_ner(result: RecognizerResult) -> bool:
    metadata = result.recognition_metadata or {}
    return bool(metadata.get(RecognizerResult.RECOGNIZER_NAME_KEY) == NER_RECOGNIZER)


def drop_unbacked_ner_names(
    text: str, results: list[RecognizerResult], names: tuple[str, ...]
) -> list[RecognizerResult]:
    """`results` without the NER's PERSON hits that no rule-based name recognizer backs."""
    ner_people = [r for r in results if r.entity_type == PERSON and _from_ner(r)]
    if not ner_people:
        return results
    # Presidio drops a rule hit contained in an equal-scored NER hit, so the rules are asked
    # again here rather than read from `results`.
    backing = [(s, e) for s, e, _ in _rule_names().find(text)]
    if names:
        backing += [(s, e) for s, e, _ in customer_name_recognizer(names).find(text)]
    unbacked = {id(r) for r in ner_people if not any(s < r.end and r.start < e for s, e in backing)}
    return [r for r in results if id(r) not in unbacked]
