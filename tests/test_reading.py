"""A guest's no-account explanation is not what the message asks: the models read the words
without it when the message also carries the order or the proof it explains."""

from __future__ import annotations

from typing import Any

import pytest

from nlp.follow_up import only_identifies
from nlp.pii import Vault
from nlp.reading import without_guest_disclaimer
from nlp.understand import ConversationContext, understand


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        (
            "I checked out as a guest so there's no account, postcode's BS1 7TX",
            "postcode's BS1 7TX",
        ),
        ("Sorry, no account. Zip code is 02185.", "Zip code is 02185."),
        (
            "I ordered without an account - HR-232469, the delivery address needs changing.",
            "HR-232469, the delivery address needs changing.",
        ),
    ],
)
def test_that_the_explanation_is_dropped_when_the_proof_or_order_comes_with_it(
    text: str, kept: str
) -> None:
    assert without_guest_disclaimer(text).endswith(kept)
    assert "account" not in without_guest_disclaimer(text).lower()


def test_that_a_real_account_question_is_read_whole() -> None:
    # No order and no proof: the customer is asking about accounts, so nothing is dropped.
    text = "I always use guest checkout. Can I follow my orders without making an account?"
    assert without_guest_disclaimer(text) == text
    # Nothing but the explanation is never reduced to nothing.
    assert without_guest_disclaimer("no account, HR-123456") == "HR-123456"
    assert without_guest_disclaimer("I have no account") == "I have no account"


def test_that_a_guest_reply_giving_only_the_postcode_is_an_identification_reply() -> None:
    assert only_identifies(
        "I checked out as a guest so there's no account, postcode's <POSTCODE_1>"
    )
    assert not only_identifies("I checked out as a guest, can I cancel <ORDER_ID_1>?")


def test_that_a_guest_asking_where_an_order_is_is_not_read_as_an_account_question(
    understanding_models: Any,
) -> None:
    text = (
        "Hello, I didn't make an account when I ordered. It's HR-174367 and the email I used "
        "was sam.lee@example.net - when will it arrive?"
    )
    read = understand(text, ConversationContext(vault=Vault()), None, models=understanding_models)
    assert read.intent.intent == "order_status"
    # Masking still saw every word: the proof is in the vault, not in the masked text.
    assert "sam.lee@example.net" not in read.masked_text
