"""Whether a message says a payment is being (or will be) disputed through a bank or provider.

One pattern, read by the escalation signals (a chargeback is a hard trigger for a specialist) and
by the tone cues (a chargeback said to the shop is a threat), so that the two never disagree about
what counts. It reads text folded the way `fold_for_keywords` folds it: lower case, accents
stripped, straight apostrophes.
"""

from __future__ import annotations

import re

from nlp.hygiene import straight_apostrophes, without_accents

# A chargeback is a dispute raised through a bank, card issuer or payment provider. Written as one
# word it is unambiguous; written as two ("charge back") it is also everyday English for getting a
# fee refunded ("can I get the delivery charge back?"), so the two-word form counts only with a
# dispute around it: a filing verb, "a charge back", a bank or card named as the channel, or the
# customer (or their bank) charging the payment back. Reversing a payment likewise counts only
# when a bank or provider does it: "please reverse the charge" asks the shop for a refund.
_PAYER = (
    r"(?:bank|(?:credit |debit )?card(?: issuer| provider| company)?|issuer|visa|mastercard"
    r"|amex|american express|paypal|klarna|apple pay|google pay)"
)
# Who can reverse a payment against the shop's will (a bare "card" cannot: "I paid by card").
_DISPUTER = (
    r"(?:bank|card (?:issuer|provider|company)|credit card company|issuer|paypal|visa"
    r"|mastercard|amex|american express)"
)
_REVERSE = r"(?:revers(?:e[sd]?|ing)|claw(?:ed|ing|s)? ?back)"
# "the delivery charge back", "the £5 charge back": a fee being refunded, whatever follows.
_FEES = (
    "delivery shipping postage return returns restocking collection assembly service handling "
    "express courier extra carriage booking admin cancellation"
)
_NOT_A_FEE = "".join(rf"(?<!{fee} )" for fee in _FEES.split()) + r"(?<!\d )"
_CHARGE_BACK = _NOT_A_FEE + r"ch(?:ar|ra)ge back"
# The chargeback named as such: one word, or two with a filing verb, "a", a claim, a bank or card
# as the channel, or the customer (or their bank) as the one charging it back.
_NAMED = (
    r"charge-?backs?|chargback\w*|chagre-?backs?|ch(?:ar|ra)ge backs"
    r"|(?:a|an|file[sd]?|filing|raise[sd]?|raising|open(?:ed|ing)?|initiat(?:e[sd]?|ing)"
    r"|lodg(?:e[sd]?|ing)|submit(?:ted|ting)?|start(?:ed|ing)?|do|did|doing|done)"
    rf" (?:(?:a|an|the|my) )?{_CHARGE_BACK}"
    rf"|{_CHARGE_BACK} (?:claim|dispute|request|process|form|procedure)"
    rf"|{_CHARGE_BACK}(?: \w+){{0,2}} (?:with|through|via|from) (?:(?:my|the|our) )?{_PAYER}"
    rf"|(?:i|we|{_PAYER})(?:'ll|'m|'d|'re|'ve| will| would| shall| am| is| are| have| has"
    r"| can| could| may| might| must)?(?: (?:going to|gonna|have to|had to|need to|want to"
    r"|plan to|intend to|about to"
    rf"|just|simply|then|also|now|probably|definitely|be forced to|to))* charg(?:e|ed|ing)"
    r" (?:(?:it|this|that|them|the (?:payment|money|amount|transaction|order)) )?back"
)
# Beside the name, the other ways a dispute is said: a payment disputed or reversed by a bank, a
# PayPal or card claim, a Section 75 claim, a transfer recalled, a case decided.
_CHARGEBACK_PATTERN = (
    rf"\b(?:{_NAMED}"
    r"|dispute (?:the |this |my )?(?:charge|payment|transaction)"
    rf"|{_DISPUTER}(?:'s|'ll| is| are| has| have| had| will| would| can| could| did| already"
    rf"| just| now| then| to)* {_REVERSE}"
    rf"|{_REVERSE}[^.!?\n]{{0,40}}\b(?:with|through|via|by) (?:(?:my|the) )?{_DISPUTER}"
    r"|(?:paypal|(?<!gift )card|bank) (?:dispute|claim|case)"
    # The bank asked to take the money back without the word: "I'm asking my bank to get the
    # money back for me", "asking my bank to recover the missing amount from you"
    # ("how long until PayPal gets the money back to me?" asks the bank nothing)
    r"|\b(?:ask|get|tell|contact|call|phone|ring|go to|going to)(?:ing|s)? (?:my|the|our) "
    rf"{_DISPUTER}"
    r"\b[^.!?\n]{0,40}\b(?:(?:get|claw|take|pull|claim)(?:s|ing)? (?:the |my |our )?(?:money"
    r"|payment|funds|it|them)\b(?: \w+)? back|(?:recover|reclaim)(?:s|ing)?\b)"
    # A bank reversing a transfer: "my bank says they can try to recall the transfer" ("you
    # may recall that..." names no payment)
    r"|\brecall(?:s|ed|ing)? (?:the|my|our|this|that) (?:bank )?(?:transfer|payment|money)\b"
    # A UK credit-card claim against the seller ("the Section 75 claim I've put in")
    r"|section 75"
    # "the claim I lodged with them [my bank] last week", "I've opened a dispute with my card
    # company", "my card company is handling it now"
    # ("the claim I made with the courier" is not one: the bank or card company must be named)
    rf"|claim (?:i|we)(?:'ve| have)? (?:lodged|made|raised|opened|filed|put in) with (?:my|our"
    rf"|the) {_DISPUTER}"
    rf"|{_DISPUTER}\b[^.!?\n]{{0,80}}\bclaim (?:i|we)(?:'ve| have)? (?:lodged|made|raised|opened"
    rf"|filed|put in) with them\b"
    rf"|(?:lodged|made|raised|opened|filed|put in) an? (?:claim|dispute|case) with (?:(?:my|our"
    rf"|the) )?{_DISPUTER}"
    rf"|{_DISPUTER} (?:is|are) (?:now )?(?:handling|dealing with) (?:it|this|the matter)"
    # "PayPal closed my case in my favour": a dispute the provider has already decided.
    r"|paypal (?:closed|decided|resolved|found|ruled on) (?:my|the|our) (?:case|claim)"
    r"|(?:case|claim|dispute) (?:was |has been |got )?(?:closed |decided |resolved |found )?"
    r"in (?:my|our) favou?r"
    r"|r(?:u|ue)ckbuchung|r(?:u|ue)cklastschrift)\b"
)

CHARGEBACK = re.compile(_CHARGEBACK_PATTERN, re.I)
# Only the chargeback named: "I'll do a charge back", not "PayPal closed my case in my favour".
# The tone cues read this one, since a calm report of an open claim threatens nothing.
CHARGEBACK_NAMED = re.compile(rf"\b(?:{_NAMED})\b", re.I)


def fold_for_keywords(text: str) -> str:
    """Lower case without accents ("Rückbuchung" and "Ruckbuchung" read alike), with straight
    apostrophes, so one pattern serves however the customer typed it."""
    return straight_apostrophes(without_accents(text.lower()).replace("ß", "ss"))


def names_chargeback(text: str) -> bool:
    """True when the text names a chargeback ("charge back" only in a dispute); never raises."""
    return isinstance(text, str) and CHARGEBACK_NAMED.search(fold_for_keywords(text)) is not None
