"""What we cannot do about the driver of a parcel already on its way.

"Ring the driver and tell him to come to me first", "get the driver to my door before 5", "just
give me his mobile number": the carrier's driver is out of the assistant's and the shop's reach,
and a driver's number is never given out. A status or delivery reply says so in one sentence
beside where the parcel is, instead of leaving the request unanswered; what a colleague can do
(take it up with the carrier) follows as it does for any delivery problem.

The customer reaching the carrier themselves ("so I can ring the courier myself") asks nothing
of us, and "courier" alone is the carrier company, which a colleague can contact.
"""

from __future__ import annotations

import re

from drafting.template_compose import Context
from drafting.template_slots import shipment_slots
from tools.plan import IN_TRANSIT

_DRIVER = (
    r"(?:(?:delivery|van|parcel|courier|ups|usps|dhl|dpd|fedex|evri|royal mail) )?"
    r"(?:driver|delivery (?:man|guy|person|lady|woman)|post(?:man|ie|woman))"
)
# A request that we reach the driver: "ring the driver", "tell your delivery man", "get the
# driver to my door".
_REACH_THE_DRIVER = re.compile(
    r"\b(?:ring|call|phone|contact|text|message|radio|tell|ask|get|instruct|have|make)"
    rf" (?:the|your|that|this|our|my) {_DRIVER}\b",
    re.I,
)
# ...unless the customer is the one doing it: "so I can ring the driver", "I'll tell the driver",
# "can I call the driver if I'm out?", "we already called the driver".
_THEY_DO_IT = re.compile(
    r"\b(?:(?:i|we)(?:'ll| will| can| could| would|'d| want to| need to| might| may| shall)?"
    r"|(?:can|could|should|shall|may|do) (?:i|we))(?: already| just| then| try and| try to)? $",
    re.I,
)
# "the driver's mobile", "the number of the driver" ("do you need a phone number for the
# driver?" offers the customer's own).
_DRIVERS_NUMBER = re.compile(
    rf"\b{_DRIVER}'?s? (?:mobile|phone|cell|number|contact|details)\b"
    rf"|\b(?:number|mobile|phone) of (?:the|your|that) {_DRIVER}\b",
    re.I,
)


def asks_us_to_reach_the_driver(message: str) -> bool:
    """True when the customer asks us to contact or direct the driver, or for their number."""
    if _DRIVERS_NUMBER.search(message):
        return True
    for found in _REACH_THE_DRIVER.finditer(message):
        if not _THEY_DO_IT.search(message[max(0, found.start() - 30) : found.start()]):
            return True
    return False


def say_driver_out_of_reach(ctx: Context, state: str) -> None:
    """The sentence that declines reaching the driver, when the message asks for it about an
    order in `state` that is on its way (no driver has a parcel before dispatch or after it)."""
    if state in IN_TRANSIT and asks_us_to_reach_the_driver(ctx.message):
        # The sentence names no shipment, but its section is filled from one family of slots.
        ctx.out.say("delivery_problem.driver_out_of_reach", shipment_slots(None, ctx.market))
