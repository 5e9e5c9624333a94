"""Does a grounded reply speak to what the customer asked, or only sit near it?

Searches always return their nearest hits, even when nothing in the shop's data covers the
question: "can I set up two-factor login?" finds the account-settings section, "do you
gift-wrap?" finds some product. Answering from such a hit reads like an answer and is wrong; a
person should reply. The template drafter marks such a draft as not grounded, so the gate never
sends it on its own.

- A first message that names none of the products a catalogue search returned is not
  answered by the nearest of them.
- A reply resting on policy sections alone: a quoted section the policy search ranked close to
  the question settles it; otherwise the words decide: at least two of the question's own words
  (its subject, not the small talk around it) missing from every quoted section, and, unless
  the search ranked every quoted section as only loosely related, a fair share of them. A
  message that names an order number is not answered by policy text alone either.
- A service no policy describes, asked for by name, and compensation asked for a delay or the
  customer's trouble, are not answered by a reply about something else.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from drafting.template_policy import stems
from drafting.types import Draft
from nlp.pii.vault import PLACEHOLDER_RE
from tools.facts import Fact

# Five-letter stems (see `stems`) of words every shop question may hold: they say nothing
# about which rule is asked for.
# fmt: off
GENERIC = frozenset((
    "order", "help", "need", "want", "like", "know", "could", "would", "shoul", "thank",
    "hello", "hiya", "hey", "dear", "kind", "regar", "best", "cheer", "bye", "thanx", "pls",
    "plz", "pleas", "tell", "make", "take", "much", "many", "some", "somet", "anyth", "anyon",
    "every", "here", "there", "able", "sure", "still", "ask", "quest", "check", "look", "find",
    "see", "let", "give", "okay", "yes", "fine", "time", "long", "way", "one", "two", "thing",
    "possi", "allow", "happe", "again", "alrea", "now", "today", "ever", "never", "why",
    "where", "else", "wonde", "curre", "actua", "reall", "maybe", "mine", "mysel", "yours",
    "both", "use", "using", "doe", "put", "set", "bit", "say", "said", "says", "shop",
    "store", "websi", "onlin", "first", "last", "come", "comes", "came", "went", "going",
    "goes", "back", "meant", "suppo", "expec", "sorry", "confu", "twice", "tried", "tryin",
    "throu", "alway", "bough", "work", "think", "dont", "quick", "asap", "urgen", "might", "ago",
    "guys", "whats", "besid",
))
# fmt: on
# The customer's words as the policies write them: British spellings, and "warranty" for the
# "guarantee" (or "gaurantee", "gurantee") no policy says.
# fmt: off
SPELLING = {
    "color": "colou", "favor": "favou", "cente": "centr", "gray": "grey",
    "guara": "warra", "gaura": "warra", "guran": "warra",
}
# fmt: on
# A section ranked by the policy search at this cosine similarity or above is about the
# question, whatever its words. Set on the development split: the policy-only replies that
# answered their question scored 0.47 or more, those that only sat near it 0.40 or less
# (tools/policies.py calls 0.3 "loosely related"). Short questions score low even when
# answered, so below it the words must confirm the miss.
MIN_SCORE = 0.45
# Words naming what the customer wants done, which a quoted rule must name too: a section on
# account settings sits close to "can you merge my two accounts?" and says nothing about it.
ACTIONS = frozenset(("merge", "mergi", "combi"))
# An order number the masker did not recognise ("refund for 296747"): six digits, maybe "HR-".
ORDER_NUMBER = re.compile(r"\b(?:HR[-\s]?)?\d{6}\b", re.I)
# Services (and a few rules) no policy describes. Asked about by name, a reply that never names
# them answers something else: "can I bump it up to next-day delivery?" answered with the
# order's status.
UNDESCRIBED_SERVICE = re.compile(
    r"\b(?:next[- ]day|same[- ]day|express|expedited|priority|premium|faster|quicker|speedier)"
    r" (?:delivery|shipping|post(?:age)?|courier|service|option)\b"
    r"|\b(?:upgrade|expedite|speed up|fast-?track)\b[^.?!]{0,30}\b(?:delivery|shipping|postage)\b"
    r"|\bgift[- ]?wrap\w*|\bgift (?:message|note|box|receipt)(?:es|s)?\b"
    r"|\bclick (?:and|&) collect\b"
    r"|\b(?:collect|pick) (?:it |them |the order )?(?:up )?(?:in|from|at) (?:a |the |your )?"
    r"(?:store|shop|showroom|warehouse)\b"
    # Samples, spare parts and alterations: "can you post me fabric swatches?", "do you sell
    # replacement covers?", "could you take them up to 190 cm for me?"
    r"|\bswatch(?:es)?\b|\b(?:fabric|colour|color|material) samples?\b"
    r"|\b(?:send|post) (?:me|us) (?:a |some )?samples?\b"
    r"|\b(?:replacement|spare) (?:covers?|cushions?|legs?|parts?|feet|shades?|slats?)\b"
    r"|\b(?:take (?:them|it|the \w+) up|shorten(?:ed)?|hem(?:med)?|alter(?:ed|ations?)?)\b"
    r"[^.?!]{0,40}\b(?:for (?:me|us)|before|to \d+)"
    # Rules no policy states either: what a new password must contain ("it says 'does not meet
    # requirements', what ARE the requirements?"), and whether an unpaid order cancels itself.
    r"|\bpassword (?:requirements?|rules|criteria)\b|\b(?:meet|meets|match) (?:the )?requirements\b"
    r"|\bcancel(?:s|led)? (?:itself|automatically|on its own)\b|\bauto[- ]?cancel\w*"
    r"|\bautomatically (?:be )?cancel\w*"
    # Addresses no delivery policy mentions: forces and military mail, PO boxes ("Could it go
    # to my son overseas? It's an APO address. Do you ship to those?")
    r"|\b(?:apo|fpo|dpo|bfpo)\b|\bmilitary (?:mail|address(?:es)?|post)\b|\bp\.? ?o\.? box(?:es)?\b"
    # Whether a finish or material is safe for a child's or a pet's mouth, or for food: no product
    # page or policy says ("our daughter is teething and gnaws on the edge of anything")
    r"|\b(?:teething|gnaw(?:s|ing)?|chew(?:s|ing)?) on\b|\bend up in (?:her|his|their|my|our|a)"
    r" mouth\b|\b(?:non-?toxic|food[- ]safe|baby[- ]safe|child[- ]safe|pet[- ]safe)\b"
    r"|\bsafe (?:for|around) (?:a |my |our )?(?:baby|babies|toddlers?|child|children|kids?"
    r"|pets?|dogs?|puppy|puppies|cats?|kittens?)\b"
    # Nor whether it suits an allergy: "is it safe for her? Is the filling treated against mites?"
    r"|\b(?:is|are) (?:it|they|this|that|these) (?:safe|ok|okay|suitable) for (?:her|him|them"
    r"|my (?:son|daughter|child|kids?|baby|wife|husband|partner|mum|mother|dad|father))\b"
    r"|\bhypo-?allergenic\b|\banti-?allerg\w*|\ballergy[- ]friendly\b"
    r"|\btreated (?:against|for) (?:dust[- ]?)?mites?\b"
    r"|\b(?:safe|ok|okay|suitable|fine) for (?:an? |people with |someone with )?(?:allerg\w*"
    r"|asthma\w*)"
    # Returns sent from a country we do not deliver to: the returns rules only know labels for
    # our own markets ("I've moved to France with it: can I still return it from there?")
    r"|\b(?:return|send|post|ship)\w* (?:it |them |this |that |the \w+ )?(?:back )?from (?:abroad"
    r"|overseas|another country|outside (?:the )?(?:uk|us|eu|country)|france|spain|italy|portugal"
    r"|ireland|the netherlands|holland|belgium|austria|switzerland|canada|australia|mexico)\b"
    # How often offers come: the policy says how to opt out, not how to get fewer ("can i get ur
    # sale emails like once a month instead of every other day")
    r"|\b(?:fewer|less (?:often|frequent\w*))\b[^.?!]{0,30}\b(?:e-?mails?|newsletters?|offers?"
    r"|mails?|messages?|texts?)\b|\b(?:e-?mails?|newsletters?|offers?)\b[^.?!]{0,50}"
    r"\b(?:less often|less frequently)\b|\b(?:once|twice) a (?:week|month|fortnight) instead\b"
    # One invoice for several orders: "one VAT invoice covering this and my other 2 orders"
    r"|\b(?:one|single|combined|joint) (?:vat |tax )?invoice (?:for|covering|across)\b"
    # "if it's lost, can the new one be sent express?"
    r"|\b(?:sent|send|ship(?:ped)?|post(?:ed)?|deliver(?:ed)?) (?:it |them |the new one |a "
    r"replacement )?(?:by )?(?:express|next[- ]day|overnight)\b"
    # What paying or cancelling does to a credit record, a fee for paying by card, and whether a
    # new password signs out other devices: no policy says.
    r"|\bcredit (?:score|rating|record|file|history)\b|\bsurcharges?\b"
    r"|\b(?:sign|log)(?:s|ged)? (?:me |us |everyone |you )?out (?:on|of|from) (?:my |his |her "
    r"|our |the |other |all |every )?(?:\w+'s )?(?:other )?(?:devices?|tablets?|phones?|laptops?"
    r"|computers?|ipads?|apps?)\b"
    # Whether we block an account for cancelling or returning a lot, whether we send or pay an
    # electrician to fit a light, and whether a new piece comes from the same dye batch as older
    # ones: no policy or product page says ("if a customer cancel many orders, does your system
    # block the account?", "is need a electrician? ... you send him or you pay the costs?")
    r"|\b(?:cancel|return)\w*\b[^.?!]{0,60}\b(?:block|ban|suspend|lock|flag)\w* (?:the |my |your "
    r"|an |their )?(?:customer'?s? )?accounts?\b|\b(?:block|ban|suspend|lock|flag)\w* (?:the |my "
    r"|an |their )?accounts?\b[^.?!]{0,40}\b(?:cancel|return)\w*"
    r"|\belectricians?\b[^.!]{0,80}\b(?:you send|you pay|send (?:him|one|someone|an?"
    r" electrician)|pay (?:for )?(?:the|his|their|an?) (?:costs?|bill|fees?|electrician))\b"
    r"|\b(?:dye (?:batch|lot)|same (?:dye )?batch)(?:es)?\b"
    # Signing in through another company's account: the account rules only know a password
    # ("can I just sign in with my Google account instead?" was answered with the reset steps).
    r"|\b(?:sign|log)(?:s|ging|ged)?[- ]?(?:in|on) (?:with|via|using|through) (?:my |your |a |an )?"
    r"(?:google|apple|facebook|microsoft|amazon)\b|\bsocial (?:log[- ]?in|sign[- ]?in|sign[- ]?on)"
    r"|\bsingle sign[- ]on\b"
    # A document no product page links to: "is there a PDF of the assembly instructions I could
    # look at before I buy?" is not answered by how long the assembly takes.
    r"|\b(?:pdf|download(?:able)?|digital copy|e-?copy|soft copy)\b[^.?!]{0,30}\b(?:instructions"
    r"|manuals?|guides?|leaflets?|spec(?:ification)? sheets?)\b"
    r"|\b(?:instructions|manuals?|guides?|leaflets?)\b[^.?!]{0,30}\b(?:as a |in )?pdf\b"
    # A place to visit or hand a return in: we sell online and no policy names a shop, so "is
    # there a showroom in London where I can hand a return in?" is not answered by the return
    # window and fee.
    r"|\b(?:is there|are there|do you have|have you got) (?:a |any )?(?:showrooms?|physical "
    r"(?:stores?|shops?)|branch(?:es)?)\b|\breturn (?:it |them )?(?:in[- ]store|in person)\b"
    r"|\bhand (?:it|them|a return|my return|the \w+) (?:in|over) (?:at|to|in)\b",
    re.IGNORECASE,
)
# Money asked for on top of what a policy sets out, for a delay or the customer's trouble: no
# policy offers compensation, so whether to give it is a person's decision ("will you give me
# back what I paid for delivery, as it's late?", "an extra £30 for my trouble"). A goodwill
# return window is a policy term, not such a request.
COMPENSATION_ASK = re.compile(
    r"\bcompensat\w*|\bgoodwill\b(?! (?:return|window|period|polic))"
    r"|\b(?:discount|voucher|credit|money off|something off|refund|extra)\b[^.?!]{0,40}"
    r"\b(?:for|because of|given|since|as|due to) (?:the |all the |this |that |my )?"
    r"(?:delay|wait|inconvenience|trouble|hassle|lateness)\b"
    r"|\b(?:late|delay\w*|later than)\b[^.?!]{0,80}\b(?:give|pay|refund|money)\w*\b[^.?!]{0,30}"
    r"\b(?:delivery|shipping|postage)\b"
    r"|\b(?:give|pay|refund)\w* (?:me )?back\b[^.?!]{0,40}\b(?:delivery|shipping|postage)\b"
    r"[^.?!]{0,60}\b(?:late|delay\w*|later than)\b"
    # Terms set before buying: "if it doesn't go through the door, pay my handyman the £60 for
    # his wasted afternoon and knock 10% off for the hassle"
    r"|\bknock (?:\d+ ?%|[£$€] ?\d+(?:\.\d\d)?|a bit|something|anything|some money) off\b"
    r"|\b(?:\d+ ?%|[£$€] ?\d+(?:\.\d\d)?) off\b[^.?!]{0,30}\bfor (?:the |all the |my )?(?:delay"
    r"|wait|inconvenience|trouble|hassle)\b"
    r"|\bpay (?:for )?(?:my|our|the) (?:handyman|builder|fitter|joiner|carpenter|electrician"
    r"|plumber|decorator|taxi|cab|parking)\b",
    re.IGNORECASE,
)
# The words of such a request that say what kind of thing it is, not which service.
SERVICE_KIND = frozenset(("deliv", "shipp", "posta", "post", "couri", "servi", "optio", "order"))
# Without a search score (a section chosen by rule, or no knowledge index), the words decide:
# at least this many of the question's own words must be missing, and at least this share of
# them, before a policy-only reply counts as answering another question.
MIN_MISSING = 2
MIN_SHARE = 0.4


def off_topic(
    draft: Draft, facts: Sequence[Fact], masked_message: str, *, follow_up: bool = False
) -> str | None:
    """Why a grounded reply does not answer the question, or None when it may.

    Only replies resting on policy sections alone are weighed: off the question when the
    message names an order number (a generic policy quote is no answer to "where is my refund
    for 123456?"), or when the sections are not about what was asked."""
    if not draft.grounded or draft.clarifying_question:
        return None
    by_id = {f.source_id: f for f in facts}
    cited = [by_id[c] for c in draft.citations if c in by_id]
    products = [f for f in cited if f.kind == "product"]
    # An order's own products (the variants an exchange offers) come with the order: the
    # order is what the customer named.
    searched = sum(f.kind == "product" for f in facts) > 1 and all(
        f.kind in ("product", "policy") for f in cited
    )
    # A catalogue search always finds something: its nearest product to a question about no
    # product ("do you gift-wrap?") is not what was asked about. One product alone was looked
    # up by its code or page; a follow-up may call the product named before "it". Neither is
    # held.
    named = any(names_product(f, masked_message) for f in products)
    if products and searched and not follow_up and not named:
        return "the message names none of the products the reply is about"
    if not cited or any(f.kind != "policy" for f in cited):
        return None
    if ORDER_NUMBER.search(PLACEHOLDER_RE.sub(" ", masked_message)):
        return "the message gives an order number, and the reply quotes only policy"
    unnamed = sorted((asked_terms(masked_message) & ACTIONS) - stems(" ".join(map(_text, cited))))
    if unnamed:
        return "the quoted policy never mentions " + ", ".join(unnamed)
    scores = [f.score for f in cited if f.score is not None]
    if scores and max(scores) >= MIN_SCORE:
        return None
    # Every quoted section ranked by the search and none close to the question: two of its own
    # words missing are enough. Otherwise they must also be a fair share of what was asked.
    loose = bool(scores) and len(scores) == len(cited)
    missing = uncovered_terms(cited, masked_message, share=0.0 if loose else MIN_SHARE)
    if not missing:
        return None
    if loose:
        return (
            f"the quoted policy matches the question only loosely (best {max(scores):.2f}) "
            "and never mentions " + ", ".join(missing)
        )
    return "the quoted policy never mentions " + ", ".join(missing)


def uncovered_terms(
    cited: Sequence[Fact], masked_message: str, *, share: float = 0.4
) -> tuple[str, ...]:
    """The question's own words that the cited sections never mention, when at least
    MIN_MISSING of them and `share` of all are missing; else ()."""
    asked = asked_terms(masked_message)
    if len(asked) < MIN_MISSING:
        return ()
    said = stems(" ".join(_text(f) for f in cited))
    missing = sorted(asked - said)
    if len(missing) >= MIN_MISSING and len(missing) >= share * len(asked):
        return tuple(missing)
    return ()


def names_product(product: Fact, message: str) -> bool:
    """Whether the message names the product: its SKU, or the word its name starts with.

    The shop's names are a stem and a product type ("Avon Table Lamp"): "eyeing a lamp in the
    sale" names a type, which a search answers with its nearest lamp of many."""
    sku = str(product.data.get("sku") or "")
    if sku and sku.lower() in message.lower():
        return True
    name = str(product.data.get("product_name") or product.title.partition(" — ")[0])
    own = name.split()[:1]
    return bool(own and stems(own[0]) & stems(message))


# "doesn't", "couldn't", "haven't": a negation, cut out before the words are stemmed (cut to
# five letters, "doesn't" would leave "doesn" and read as a word of the question).
_NEGATION = re.compile(r"\b\w+n['’]t\b", re.IGNORECASE)


def asked_terms(message: str) -> set[str]:
    """The stems of the question's own words: no placeholders, no contractions ("I've",
    "hasn't", "doesn't" carry no subject), no small talk, in the policies' words (SPELLING)."""
    found = stems(_NEGATION.sub(" ", PLACEHOLDER_RE.sub(" ", message)))
    return {SPELLING.get(s, s) for s in found if "'" not in s} - GENERIC


def _text(fact: Fact) -> str:
    return f"{fact.title} {fact.masked_text} {fact.data.get('text') or ''}"


def undescribed_service(masked_message: str, reply: str) -> str | None:
    """The service the message asks for by name when no policy describes it and the reply never
    names it ("next-day delivery"), else None."""
    asked = UNDESCRIBED_SERVICE.search(masked_message)
    if asked is None:
        return None
    naming = {s.strip("-") for s in stems(asked.group(0))} - SERVICE_KIND
    said = {s.strip("-") for s in stems(reply)}
    # A stem is cut at five letters: "wrap" and "wrapp" are the same word.
    missing = [n for n in naming if not any(w.startswith(n) or n.startswith(w) for w in said)]
    return asked.group(0) if missing else None


def compensation_asked(masked_message: str) -> str | None:
    """The words asking for compensation no policy offers (see COMPENSATION_ASK), else None."""
    asked = COMPENSATION_ASK.search(masked_message)
    return asked.group(0) if asked else None
