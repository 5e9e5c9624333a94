"""Whether a message is hostile in a cold, controlled way.

The anger model learnt anger from shouting, swearing and insults. A customer who writes "I'll
keep this brief, since I've learnt to expect very little from your company. Spare me the
apologies." uses none of them, reads as calm to the model, and is as angry as anyone who shouts:
a senior agent should answer, not a template. These are the phrases of contempt for the shop
itself (what the customer no longer expects of it, what they refuse to be told, sarcasm about
its competence): each is aimed at the shop or at how it replies, so a customer who is unhappy
but still cooperating ("I know it isn't your fault", "sorry to chase") is left to the model.
"""

from __future__ import annotations

import re

from nlp.hygiene import straight_apostrophes

_YOU = (
    r"(?:you|this chat"
    r"|your (?:company|team|shop|staff|website|site|chat|service|customer service|product pages?"
    r"|replies|emails))"
)
_COLD = re.compile(
    # "I've learnt to expect very little from your company", "I have stopped expecting much
    # from you", "typical of what I've come to expect from you"
    # ("come to expect nothing but the best" is praise, and "I'd stopped expecting it to
    # arrive" relief)
    r"\b(?:learn[te]d?|come|taught me) (?:not to expect (?:very )?much|to expect (?:very little"
    r"|little|the worst|nothing(?! but| less| short)))\b"
    r"|\bstopped expecting (?:much|anything|better|very much)(?: useful| better)? (?:from|of)"
    r" (?:you|your)\b"
    r"|\btypical of what (?:i|we)(?:'ve| have) come to expect\b"
    # "Spare me the apologies / the cheerfulness / the scripted sympathy / the sales patter"
    r"|\bspare (?:me|us) (?:the|your|any)\b"
    # "without the sales patter", "no apologies, no 'happy to help'"
    r"|\bwithout the (?:sales )?(?:patter|platitudes|waffle|script|pleasantries)\b"
    r"|\bno apolog(?:y|ies), no\b"
    # "I don't want an apology", "I do not require an apology", "I have no interest in
    # apologies"
    r"|\b(?:i|we) (?:don't|do not) (?:want|need|require) (?:an|your|any) apolog"
    r"|\b(?:i|we) have no (?:interest in|use for|wish for) (?:apologies|your apolog|anything else)"
    # "I stopped trusting anything your people say", "I no longer take your tracking at its word"
    r"|\b(?:no longer|stopped) (?:(?:trust(?:ing)?|believ(?:e|ing)) (?:anything |a word |what )?"
    r"(?:you|your)\b|tak(?:e|ing) (?:your|you)\b[^.?!]{0,20}\bat (?:its|your|their) word)"
    # "You can leave out the paragraph about being sorry"
    r"|\b(?:leave out|skip|drop) the (?:paragraph|bit|part|line|sentence)s? about (?:being sorry"
    r"|apologi|how sorry)"
    # Sarcasm about the shop's competence
    r"|\bwhich would be a first\b|\b(?:i|we) trust (?:that|this) (?:isn't|is not) beyond you\b"
    r"|\b(?:i|we) trust (?:that|this|it) can be managed\b"
    r"|\bif (?:your|the) (?:staff|team|people|company) (?:can|could) manage (?:one|it|that)\b"
    r"|\bwhat passes for (?:customer )?service\b"
    rf"|\bif anyone (?:there|at {_YOU}) is (?:able|capable)"
    r"|\bthe only courtesy\b"
    # "This will be the last order I place with your company", "I won't be ordering again"; not
    # given as a reason ("please delete my data too, as I won't be ordering again": emigrating)
    r"|\b(?:the )?last (?:order|thing|purchase) (?:i|we)(?:'ll| will)? (?:ever )?(?:place|buy|make"
    r"|order)\b|(?<!\bas )(?<!\bsince )(?<!\bbecause )\b(?:i|we) (?:won't|will not|shan't) be"
    r" (?:ordering|buying|shopping) "
    r"(?:from you |with you |here )?again\b(?! (?:until|till|before|unless)\b)"
    # "That is a ridiculous way to treat customers", "a shocking way to run a business"
    r"|\b(?:ridiculous|disgraceful|shocking|appalling|pathetic|absurd|terrible|shameful"
    r"|outrageous|insulting) way to (?:treat|deal with|run|speak to|talk to)\b"
    # "Sort it out." said as a sentence of its own: an order, not a request
    r"|(?:^|[.!?]\s+)sort it out\s*(?:[.!]|$)"
    # "your product pages are inadequate and so is your customer service"
    rf"|\b{_YOU}\b[^.!?]{{0,40}}\b(?:inadequate|a waste of (?:my )?time|beneath contempt)\b",
    re.IGNORECASE,
)


def coldly_hostile(text: str) -> bool:
    """True when the message holds a phrase of cold contempt for the shop (see above)."""
    return bool(_COLD.search(straight_apostrophes(text)))
