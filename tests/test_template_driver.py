"""A parcel on its way whose customer asks us to ring the driver, send the driver to them first,
or give out the driver's number: the reply says we can't, beside where the parcel is."""

from __future__ import annotations

import pytest

from drafting.template_driver import asks_us_to_reach_the_driver
from tests.test_template_drafter import REF, order_in, write

DECLINE = "I'm afraid I can't contact the driver, change the order of their round or give out"


@pytest.mark.parametrize(
    "message",
    [
        "Ring the driver right now and tell him to come to me first!!",
        "Call USPS right now and get the driver to my door before 5.",
        "just give me the driver's mobile number and I'll sort it myself",
        "Can you pull up the delivery driver's phone number from your screen?",
        "could you ask the driver to ring me when he's ten minutes away?",
        "please tell your delivery man the door is round the back",
        "what's the mobile number of the driver? he can't find the flat",
    ],
)
def test_that_a_request_to_reach_the_driver_is_recognised(message: str):
    assert asks_us_to_reach_the_driver(message)


@pytest.mark.parametrize(
    "message",
    [
        "What's the tracking reference, so I can ring the courier myself?",
        "Which day will it come? I'll tell the driver where the side gate is.",
        "Can I call the driver if I'm not in?",
        "We'll ring the driver ourselves if it's late, just tell us when it's due.",
        "Can you chase the courier for me? It hasn't moved in days.",
        "Do you need a phone number for the driver, and will it cost more?",
        "The driver was lovely last time, where is it now?",
        f"Where is {REF}?",
    ],
)
def test_that_reaching_the_driver_ourselves_or_the_carrier_company_is_not_that_request(
    message: str,
):
    assert not asks_us_to_reach_the_driver(message)


@pytest.mark.parametrize("intent", ["order_status", "delivery_problem"])
def test_that_a_parcel_on_its_way_is_told_with_the_driver_out_of_reach(intent: str):
    message = f"{REF} is out for delivery. Ring the driver and tell him to come to me first!"
    draft = write(intent, [order_in("out_for_delivery")], message)
    assert "is out for delivery" in draft.text
    assert DECLINE in draft.text
    # Said once, after where the parcel is.
    assert draft.text.count(DECLINE) == 1
    assert draft.text.index("is out for delivery") < draft.text.index(DECLINE)


def test_that_a_delivered_parcel_or_a_plain_question_gets_no_driver_sentence():
    delivered = write(
        "delivery_problem",
        [order_in("delivered")],
        f"Tracking says {REF} came but it isn't here. Ask the driver where he left it!",
    )
    plain = write("order_status", [order_in("in_transit")], f"Where is {REF}?")
    assert DECLINE not in delivered.text
    assert DECLINE not in plain.text
