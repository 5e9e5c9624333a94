"""Whether a message asks us for another person's whereabouts or contact details.

"My ex has an account with you and I need her new address", "she ordered it last week, where did
it get delivered to?", a collection agency's "give us the delivery address on your customer's
order": whatever the order or the delivery the message mentions, it asks the shop
to disclose someone else's personal data, which only the privacy team answers. The intent model
reads these by their nouns (a delivery, an order) and the look-up then refuses the order as
someone else's, a reply that never tells the privacy team. A reading rule (nlp/reading_rules.py)
sends them to the specialists instead.

Someone posing as our staff ("I'm the driver, give me her mobile number, the customer isn't
answering") writes about "the customer"; the development tickets file those under the request
they pretend to serve, answered with a refusal, so they are left to the model.
"""

from __future__ import annotations

import re

_DETAIL = (
    r"(?:new |current |forwarding |home |e-?mail |phone |mobile |contact )?(?:address(?:es)?"
    r"|e-?mail(?: address)?|phone(?: number)?|mobile(?: number)?|number|contact details|postcode)"
)
# Whose details: a third person, by pronoun or by the relation the writer names ("their" is
# as often a carrier or a company: "what's their phone number?").
_THEIRS = (
    r"(?:her|his|(?:my |our )?(?:ex|ex-\w+|former \w+|previous \w+|flatmate|tenant"
    r"|lodger)'s)"
)
ASKS_FOR_SOMEONE_ELSES_DETAILS = re.compile(
    # "could you give me her new address or her email?"
    rf"\b(?:give|tell|send|pass|forward|show|read) (?:me|us)\b[^.?!]{{0,40}}?"
    rf"\b{_THEIRS} {_DETAIL}\b"
    # "I need her new address for a court hearing"
    rf"|\b(?:let me (?:have|know)|share|need|want|what(?:'s| is| was)|find out)\b[^.?!]{{0,25}}?"
    rf"\b{_THEIRS} {_DETAIL}\b"
    # "I've no idea where she's moved to" (not a place described: "the house I've just left,
    # where he lives")
    r"|(?<!, )\bwhere (?:she|he)(?:'s| is| has)? (?:now |moved|gone|living|lives)",
    re.IGNORECASE,
)
# "Give me their name and phone number": a name asked for together with a way to reach them is
# a person's, even behind "their" (a carrier or a company is not asked its name). The ask comes
# first, so "could their names and phone numbers be taken off?" is not one.
THEIR_NAME_AND_CONTACT = re.compile(
    rf"\b(?:give|tell|send|pass|forward|let) (?:me|us)\b[^.?!]{{0,30}}?"
    rf"\btheir (?:full )?names? (?:and|&|plus) (?:their )?{_DETAIL}\b",
    re.IGNORECASE,
)
# "she ordered it last week, where did it get delivered to?": where another person's order went.
WHERE_THEIR_ORDER_WENT = re.compile(
    r"\bwhere (?:did|was|has|does) (?:it|that|her \w+|his \w+|the (?:order|parcel|package))\b"
    r"[^.?!]{0,25}?\b(?:deliver\w*|sent|end(?:ed)? up)\b",
    re.IGNORECASE,
)
_SOMEONE_ELSES_ORDER = re.compile(
    r"\b(?:she|he) (?:ordered|bought|placed)\b|\b(?:her|his) (?:order|parcel|package)\b",
    re.IGNORECASE,
)
# A third party who says whose details they want without a pronoun: a collection agency, a
# landlord or a bailiff writing about "your customer" or "the debtor", and asking for the address
# or the phone number an order holds.
_NAMED_THIRD_PARTY = re.compile(
    r"(?<!i'm )(?<!i am )(?<!as )\b(?:your customer|a customer of yours|one of your customers"
    r"|the debtor|the tenant|the (?:former|previous) (?:tenant|occupant|resident))\b",
    re.IGNORECASE,
)
_ASKS_FOR_DETAILS = re.compile(
    r"\b(?:give|tell|send|pass|forward|provide|disclose|release|share)(?: (?:me|us))?"
    r"(?: \w+){0,3}? (?:the|his|her|their) (?:order number and (?:the )?)?"
    r"(?:delivery |home |current |new |forwarding )?(?:address|phone number|e-?mail address"
    r"|contact details)\b",
    re.IGNORECASE,
)
# Someone writing as our staff about "the customer" (see the module's docstring).
_POSING_AS_STAFF = re.compile(r"\bthe customer(?:'s)?\b", re.IGNORECASE)
# "Put me through to your head of customer service and give me her mobile number": the person
# wanted is one of ours, a request to reach someone that the rule for a person answers.
_ONE_OF_OUR_STAFF = re.compile(
    r"\byour (?:\w+ )?(?:head of [\w ]{3,30}|managers?|boss|chief executive|ceo|managing director"
    r"|director|supervisors?|owner|founder|team leader)\b",
    re.IGNORECASE,
)


# "Ring the driver right now, or just give me his mobile number": the person is the carrier's
# driver, whose number we do not give out either, but a delivery question, not another
# customer's data.
_THE_DRIVER = re.compile(
    r"\b(?:the|your|that|this) (?:delivery |van |parcel )?(?:driver|courier|postman|postie"
    r"|delivery (?:man|guy|person|lady))\b",
    re.IGNORECASE,
)


def asks_for_someone_elses_details(text: str) -> bool:
    """The message asks us where another person is, how to reach them, or where their order
    was delivered."""
    if _POSING_AS_STAFF.search(text) or _ONE_OF_OUR_STAFF.search(text) or _THE_DRIVER.search(text):
        return False
    if ASKS_FOR_SOMEONE_ELSES_DETAILS.search(text) or THEIR_NAME_AND_CONTACT.search(text):
        return True
    if _NAMED_THIRD_PARTY.search(text) and _ASKS_FOR_DETAILS.search(text):
        return True
    return bool(WHERE_THEIR_ORDER_WENT.search(text) and _SOMEONE_ELSES_ORDER.search(text))
