"""A grounded template reply that gives none of what a direct question asks for (a date, a
length of time, an amount, the tracking number) is a draft for an agent, not an answer."""

from __future__ import annotations

import pytest

from drafting.template_asks import unanswered_asks
from tests.test_template_drafter import REF, order_in, write


@pytest.mark.parametrize(
    ("message", "reply", "missing"),
    [
        ("When will my refund arrive?", "A refund of £10.00 is being processed.", ["a date"]),
        ("When will my refund arrive?", "It should reach you by 5 August.", []),
        ("when's it coming?", "It's due on Tuesday.", []),
        ("How long do refunds take?", "Card refunds take 3 to 5 business days.", []),
        ("How long is the cable?", "The cable is 1.5 m long.", []),
        ("How long is the warranty?", "It has a 2 year warranty.", []),
        ("How long is the warranty?", "It's covered by our warranty.", ["a length of time"]),
        ("Is there a deadline for swapping it?", "You can swap it.", ["a date"]),
        ("Is there a deadline for swapping it?", "You have until 16 November.", []),
        # "Until which day?" asks for a date, typed with or without its "h".
        (
            "i can change? until wich day?",
            "You return the original and order the new one.",
            ["a date"],
        ),
        ("Until which day can I send it back?", "You can until Friday 20 November.", []),
        ("How much is the return fee?", "Returns are free in the UK.", []),
        ("How much is the return fee?", "You can return it within 30 days.", ["an amount"]),
        (f"What's the tracking number for {REF}?", "It's on its way.", ["the tracking number"]),
        ("Can I have the tracking code?", "The tracking number is <TRACKING_NUMBER_1>.", []),
        # A clause, not a question; and "how much longer" asks for time, not money.
        ("I didn't sign up when I ordered, where is it?", "It's on its way.", []),
        ("How much longer will it take?", "It's due by 3 November.", []),
        (
            "What name will it show under on my card statement?",
            "A refund of $356.21 should reach you by Wednesday, November 11.",
            ["the name on the statement"],
        ),
        (
            "What name will it show under on my card statement?",
            "It appears as HOLLIN REED on statements.",
            [],
        ),
        ("What name did you put the order under?", "It's under <PERSON_1>.", []),
        # Tracking says a parcel was signed for, never by whom.
        (
            "Can you see whose name the signature was given in, so I know who to ask?",
            "It was delivered on 29 October. The carrier's note says: signed for at the door.",
            ["the name of who signed"],
        ),
        ("who signed for it??", "It was signed for by <PERSON_1>.", []),
        ("Will someone need to sign for it?", "It's due on Tuesday.", []),
    ],
)
def test_that_each_kind_of_ask_is_answered_only_by_its_kind_of_answer(
    message: str, reply: str, missing: list[str]
) -> None:
    assert unanswered_asks(message, reply) == missing


def test_that_a_reply_without_the_asked_date_goes_to_an_agent_and_says_why() -> None:
    # A processing order has no delivery estimate yet: "when" cannot be answered from it.
    draft = write("order_status", [order_in("processing")], f"When will {REF} be delivered?")
    assert not draft.grounded
    assert any("no date" in note for note in draft.notes)
    answered = write("order_status", [order_in("in_transit")], f"When will {REF} arrive?")
    assert answered.grounded, answered.notes
