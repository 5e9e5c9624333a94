"""A request the customer says they are not making is dropped from what the models read, so the
rest of the message decides its intent."""

from __future__ import annotations

from typing import Any

import pytest

from nlp.disavowals import without_disavowals
from nlp.pii import Vault
from nlp.reading import models_reading
from nlp.understand import ConversationContext, understand


@pytest.mark.parametrize(
    ("text", "dropped"),
    [
        ("not cancelling just want order HR-468463 its late", "cancelling"),
        ("It's arrived and I love it, so I'm definitely not after a swap or anything.", "swap"),
        ("I do not wish to cancel it; I should simply be grateful for a date.", "cancel"),
        ("I'm not looking to make a complaint, and I know couriers are stretched.", "complaint"),
        ("The dish is fine, so I am not reporting any damage. However, I'd like", "damage"),
        ("I'm not one for complaining, but the box sat on the step all day.", "complaining"),
        ("I should say that this is not a complaint, merely a question.", "complaint"),
        ("I'd rather not be arranging a return because it hangs over the sill.", "return"),
        ("hr-141763 finaly showed up, no need to chase it. but the link never worked", "chase"),
        (
            "The return is up on HR-117949, but I'm not after a refund, I only want the pendant.",
            "refund",
        ),
    ],
)
def test_that_a_disavowed_request_is_not_read(text: str, dropped: str) -> None:
    kept = without_disavowals(text)
    assert dropped not in kept.lower()
    assert len(kept) < len(text)


@pytest.mark.parametrize(
    "text",
    [
        "Please cancel HR-123456, I don't want it any more.",
        "I want to return the lamp, it's not what I expected.",
        "Why can't I cancel? It hasn't shipped.",
        "I'm not happy and I want to make a complaint.",
        "The refund has not arrived and it's been two weeks.",
    ],
)
def test_that_a_request_made_or_a_negation_of_something_else_is_kept(text: str) -> None:
    assert without_disavowals(text) == text


def test_that_only_the_disavowed_words_go_and_never_everything() -> None:
    assert (
        without_disavowals("I don't want to cancel the whole order, just the lamp")
        == "the whole order, just the lamp"
    )
    assert without_disavowals("I'm not cancelling") == "I'm not cancelling"


def test_that_the_models_read_neither_the_guest_explanation_nor_the_disavowal() -> None:
    text = "I checked out as a guest, HR-468463. Not cancelling, just want to know where it is."
    reading = models_reading(text)
    assert "guest" not in reading.lower() and "cancelling" not in reading.lower()
    assert "where it is" in reading


def test_that_a_late_order_said_not_to_be_a_cancellation_is_not_read_as_one(
    understanding_models: Any,
) -> None:
    text = "not cancelling just want order HR-468463 its late"
    model = understanding_models.intent
    whole = model.predict(understanding_models.embeddings.embed_query(text), text)
    read = understand(text, ConversationContext(vault=Vault()), None, models=understanding_models)

    def cancel(prediction: Any) -> float:
        return float(dict(prediction.top3).get("cancel_order", 0.0))

    # Read whole, the product's model gave this 0.9999 cancel_order; without the disavowal the
    # cancellation is at most a weak guess, so the gate cannot answer it as one on its own.
    assert whole.intent == "cancel_order" and whole.confidence > 0.9
    assert cancel(read.intent) < 0.5
    # Masking and the signals still saw the whole message.
    assert "cancelling" in read.masked_text
