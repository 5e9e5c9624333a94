"""A message asking us for another person's whereabouts or contact details is read as a privacy
request, whatever order or delivery it mentions; the writer's own delivery, a carrier's number
and someone posing as our staff are not."""

from __future__ import annotations

import pytest

from nlp.reading_rules import read_by_rule
from nlp.someone_elses_details import asks_for_someone_elses_details


@pytest.mark.parametrize(
    "message",
    [
        "My ex has an account with you and I need her new address for a court hearing.",
        "The last parcel had HR-100525 on the label. I've no idea where she's moved to. Could you "
        "give me her new address or her email so I can sort it out with her directly?",
        "ex flatmate did a runner owing me rent. she ordered HR-101104 last week, where did it "
        "get delivered to?",
        "What's my former landlord's phone number? He bought a lamp from you last month.",
        # A third party named by what they are to us, not by a pronoun
        "We act for a creditor of your customer, who has moved. Please give us the delivery "
        "address and the phone number on order HR-100525 so that we can serve our notice.",
        "The tenant left without paying. Can you tell me the forwarding address on his last order?",
        # Written for this test: a neighbour's parcel, whose owner is asked for behind "their"
        "I signed for the parcel for number 4 and it leaked on my floor. They're away, so give me "
        "their name and mobile number and I'll sort it out with them.",
    ],
)
def test_that_asking_for_someone_elses_details_is_read_as_a_privacy_request(message: str):
    assert asks_for_someone_elses_details(message)
    reading = read_by_rule("delivery_problem", message, (), {"anger": 0.1})
    assert reading is not None
    assert (reading.intent, reading.context) == (
        "privacy_request",
        "asks_for_someone_elses_details",
    )


@pytest.mark.parametrize(
    "message",
    [
        "They said it was delivered, so where did it get delivered to? Nothing is here.",
        "My husband says he didn't get it. Where was HR-100525 delivered?",
        "Can it go to my mum's instead? I'll give you her address.",
        "The courier left a card. What's their phone number?",
        "My old lodgers still get your catalogue. Could their names and address be taken off?",
        # Written for this test: the carrier's driver, whom a delivery answer deals with
        "It's out for delivery and I can't wait in. Ring the driver, or give me his mobile "
        "number and I'll sort it out myself.",
        "I'm the driver for HR-117435 and the customer isn't answering. Give me her mobile number.",
        # One of our staff: a request to reach a person, which that rule answers
        "Put me through to your head of customer service and give me her mobile number.",
        "I want your manager. Tell me his email address so I can write to him directly.",
        # Our customer's own address, or one they give us
        "I'm your customer and moved last month: can you send the invoice to my new address?",
        "The tenant before me still gets your parcels. Can you give them my address? No, wait, "
        "just stop sending them here.",
        # A place described, not a person sought
        "It's still set to go to the house I've just left, where he lives. Please redirect it.",
    ],
)
def test_that_other_questions_about_addresses_and_numbers_are_not(message: str):
    assert not asks_for_someone_elses_details(message)


def test_that_a_specialist_reading_stays_as_it_is():
    message = "I need her new address, and I'll be disputing the charge with my bank."
    assert read_by_rule("chargeback_fraud", message, (), {"anger": 0.1}) is None
