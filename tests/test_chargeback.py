"""The one chargeback pattern that the escalation signals and the tone cues share."""

from __future__ import annotations

import pytest

from nlp.chargeback import CHARGEBACK, fold_for_keywords, names_chargeback
from nlp.sentiment.model import _SOURCES


@pytest.mark.parametrize(
    "text",
    [
        "I'll just do a chargeback then.",
        "I’m going to have my bank charge it back.",  # a curly apostrophe, as phones type it
        "Fine. I'm filing a charge back with Visa.",
        "the chargback is already in",
    ],
)
def test_that_a_chargeback_named_is_read_by_both_patterns(text: str) -> None:
    assert names_chargeback(text)
    assert CHARGEBACK.search(fold_for_keywords(text))


@pytest.mark.parametrize(
    "text",
    [
        "If I refuse it at the door, do I get the delivery charge back?",
        "Can I have the £5 charge back? It arrived a day late.",
        "I paid by card, when does the refund go back?",
    ],
)
def test_that_a_fee_asked_back_is_no_chargeback(text: str) -> None:
    assert not names_chargeback(text)
    assert not CHARGEBACK.search(fold_for_keywords(text))


@pytest.mark.parametrize(
    "text",
    [
        "PayPal closed my case in my favour.",
        "Ich habe eine Rückbuchung bei meiner Bank beantragt.",
        "My credit card company asked for the invoice for my Section 75 claim.",
    ],
)
def test_that_a_dispute_said_without_the_word_is_a_chargeback_but_not_named(text: str) -> None:
    assert CHARGEBACK.search(fold_for_keywords(text))
    assert not names_chargeback(text)


def test_that_folding_strips_accents_and_curly_apostrophes() -> None:
    assert fold_for_keywords("Rückbuchung, I’ll") == "ruckbuchung, i'll"


def test_that_non_text_names_no_chargeback() -> None:
    assert not names_chargeback(None)  # type: ignore[arg-type]


def test_that_the_tone_models_retrain_when_the_shared_pattern_changes() -> None:
    # The threat cue reads this module, so its source is part of the models' fingerprint.
    assert any(path.name == "chargeback.py" and path.exists() for path in _SOURCES)
