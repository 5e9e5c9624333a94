"""Whether a message asks if the emails about an order still come: "ok done. will i still get the
shipping email with the tracking link for the dresser?", "stop the sale emails but still get
shipping updates".

Asked after unsubscribing, the question names a shipment and a tracking link, and the intent
model reads an order question: the customer then gets a list of their recent orders. What it
asks is which emails an account keeps getting, which the marketing rule answers (service emails
always come). On the development tickets every such message is an account question, or a
privacy request whose rule comes first.
"""

from __future__ import annotations

import re

from nlp.hygiene import straight_apostrophes

_KIND = r"(?:order|shipping|dispatch|tracking|delivery|confirmation)"
STILL_GET_SERVICE_EMAILS = re.compile(
    r"\bstill (?:get|getting|receive|receiving|be sent) (?:the |my |any |all |an? )?"
    rf"{_KIND}(?:(?:,| and| or)? {_KIND})* "
    r"(?:e-?mails?|updates|messages|texts|notifications|ones)\b",
    re.IGNORECASE,
)


def asks_if_service_emails_still_come(text: str) -> bool:
    return bool(STILL_GET_SERVICE_EMAILS.search(straight_apostrophes(text or "")))
