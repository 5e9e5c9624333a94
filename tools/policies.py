"""Policy sections as citable facts: searched through the knowledge index, or read directly.

Only the versions in force count: a hit whose (policy, version) is not the current one (an index
that has not been rebuilt since a policy changed) is dropped. Without a knowledge index the search
still answers, by word overlap over the current policy texts; slower to rank well, never silent.

Every policy fact carries `score`: how closely the section matches the question that found it
(the cosine similarity of the two embeddings, 1.0 = same meaning; below about 0.3 the section is
only loosely related). It is None when no similarity was measured: a section included by rule
(an intent's standing section outside the ranking, a section the order's state calls for, the
word-overlap fallback). `data["selected_by"]` says which: "search" or "rule".
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from nlp.hours_question import HOURS_QUESTION, REPLY_WHEN
from nlp.pii.patterns import word_set
from nlp.service_emails import STILL_GET_SERVICE_EMAILS
from store.database import Database
from store.knowledge.chunks import MARKET_ANCHORS, current_policy_documents
from store.policies import PolicyDocument, PolicySection
from tools.context import Outcome, ToolContext
from tools.facts import Fact
from tools.order_facts import refusal

MAX_K = 10
# Names a caller (or a model) may use for a policy, mapped to the shop's slugs.
POLICY_ALIASES = {
    "return": "returns",
    "refund": "refunds",
    "cancellation": "cancellations",
    "cancel": "cancellations",
    "changes": "order-changes",
    "change": "order-changes",
    "damage": "damaged-items",
    "damaged": "damaged-items",
    "payments": "payments-invoices",
    "billing": "payments-invoices",
    "invoices": "payments-invoices",
    "account": "account-privacy",
    "privacy": "account-privacy",
    "contact": "contact-escalation",
    "escalation": "contact-escalation",
    "complaints": "contact-escalation",
    "chargebacks": "contact-escalation",
    "price": "price-promise",
}
_WORD = re.compile(r"[a-z0-9]+")
_STOP = word_set(
    "the a an and or of to in on for is are was be it my i me you your we our can do does how "
    "what when where why with this that have has not no if at by from as will would about"
)
_MARKDOWN = re.compile(r"\*\*|__|^#+\s*", re.M)
# The customer's words that name a policy topic, whatever the intent: (pattern, policy, the
# sections that answer it; none = search that policy). English and German, the shop's languages.
# Cancelling some items of an order, not all: the drafter says what is refunded then too.
PARTIAL_CANCEL = re.compile(
    r"\b(?:remove|take off|drop)\b.{1,60}\bfrom\b|\bkeep (?:the rest|everything|the others)\b"
    r"|\b(?:just|only) cancel (?:the|one)\b|\bpart of (?:my|the|this) order\b"
    r"|\b(?:some|one) of the items\b|\b(?:take|leave) (?:off|out)\b|\bwant the rest\b"
    r"|\bthe rest (?:i|we) (?:still )?(?:want|need|keep)\b",
    re.IGNORECASE,
)
# Side questions a reply about something else still has to answer (drafting/template_side.py):
# whether the original delivery charge comes back, and how a two-person delivery works.
DELIVERY_CHARGE_BACK = re.compile(
    r"\b(?:delivery|shipping|postage) (?:charge|cost|fee)s?\b.{0,40}\b(?:back|refund\w*|returned"
    r"|repaid|kept|keep)\b|\b(?:refund|get back|reimburse|repay|kept|keep)\w*\b.{0,40}\b(?:delivery"
    r"|shipping|postage) (?:charge|cost|fee)s?\b"
    # "does the refund include what I paid for delivery?", "did that include the postage?" (a
    # refund asked about: "does the price include delivery?" is not one)
    r"|\b(?:refund\w*|money back)\b[^.?!]{0,40}\binclud\w*\b[^.?!]{0,30}\b(?:delivery|shipping"
    r"|postage)\b|\b(?:did|does|will|would) (?:that|it|this) include (?:the |what i paid for )?"
    r"(?:delivery|shipping|postage)\b"
    # "if i send my lamp back do i get the delivery i payed back?"
    r"|\bget (?:the |my )?(?:delivery|shipping|postage)(?: (?:charge|cost|fee|money))?"
    r"(?: (?:i|we) (?:paid|payed))? back\b",
    re.IGNORECASE,
)
# "If I send back just the throw, does the delivery stop being free because the order's smaller
# now?": we never charge delivery after the fact.
DELIVERY_STAYS_FREE = re.compile(
    r"\b(?:delivery|shipping|postage)\b[^.?!]{0,30}\b(?:stop|stops|no longer|not) (?:being |be )?"
    r"free\b|\b(?:below|under) the free[- ](?:delivery|shipping)\b|\bcharge (?:me |us )?(?:for )?"
    r"(?:delivery|shipping|postage) (?:after|afterwards|then|now|because)\b",
    re.IGNORECASE,
)
# "I fly out on Wednesday night and the house will be empty for ten days": nobody will be in
# when the parcel comes, so what happens to a missed delivery (attempts, then the depot) is the
# answer (for an order still to come: drafting/template_orders.py reads it beside its own AWAY).
AWAY_AT_DELIVERY = re.compile(
    r"\bfly(?:ing)? (?:out|off|away|abroad)\b|\b(?:house|flat|home|place) (?:will be|'ll be|is"
    r" going to be|'s going to be) empty\b|\bout of the country\b"
    r"|\b(?:away|on holiday|on vacation) (?:for|until|till|from)\b"
    r"|\b(?:won'?t|will not|not going to) be (?:at )?home\b",
    re.IGNORECASE,
)
# "If they can't deliver it in the end, does it go back to you?": what happens after the last
# failed attempt (the depot, then back to us) is the answer, whatever is holding the parcel up.
DELIVERY_FAILS = re.compile(
    r"\b(?:can'?t|cannot|can not|couldn'?t|could not|unable to|fail(?:s|ed)? to|never manage to)"
    r" deliver\b(?! (?:\w+ )?(?:on time|in time|by|before))"
    r"|\b(?:the )?deliver(?:y|ies) (?:fails?|failed|falls? through)\b"
    r"|\breturn(?:ed|s)? to (?:the )?sender\b"
    r"|\bdeliver\w*\b[^.?!]{0,60}\b(?:go(?:es)?|come(?:s)?|gets? sent|be sent|returned) back to"
    r" (?:you|the warehouse|your warehouse)\b",
    re.IGNORECASE,
)
# "What happens if nobody's home when the driver comes?", "...if I sleep straight through it?":
# what a missed delivery leads to (another attempt, then the depot) is the answer, whatever else
# the message asks about.
NOBODY_HOME = re.compile(
    r"\b(?:if|when|and) (?:nobody|no one|no-one)(?:'s| is)? (?:home|in|there|around|at home)\b"
    r"|\b(?:i|we) (?:don'?t|do not|won'?t) wake up\b"
    r"|\b(?:while|when|if) (?:i'?m|i am|we'?re|we are) (?:fast |sound |still )?asleep\b"
    r"|\bsleep (?:straight |right )?through (?:the|its|their) deliver\w*\b"
    r"|\bif (?:i|we) miss (?:the )?(?:driver|courier|delivery|them)\b"
    # "what happens if the courier turns up and he's not in?", "if the driver comes while I'm out"
    r"|\b(?:if|when)\b[^.?!]{0,15}\b(?:courier|driver|carrier)\b[^.?!]{0,30}\b(?:and|while|but) "
    r"(?:i'?m|he'?s|she'?s|they'?re|we'?re|i am|he is|she is|they are|we are) (?:not (?:in|home"
    r"|there|around)|out)\b",
    re.IGNORECASE,
)
TWO_PERSON_VISIT = re.compile(
    r"\btwo[- ](?:person|man)\b|\b(?:carry|bring) (?:it |them )?(?:up|upstairs|in|inside|into)\b"
    r"|\bupstairs\b"
    r"|\b(?:ring|call|phone|contact|text)(?:s|ed)? (?:me|us) (?:before|first|to (?:book|arrange"
    r"|schedule))|\ba (?:phone )?(?:call|text) to (?:book|arrange|schedule)\b"
    r"|\btime slot\b|\bbook (?:a|the) (?:delivery )?(?:day|date|slot)\b"
    r"|\bwhich day (?:should|do|will|would|must) (?:we|i) (?:keep|be)\b|\bkeep (?:the day )?free\b"
    r"|\bone of us (?:is |will be |can be |to be )?(?:home|in|around)\b"
    # "will your delivery people take all the cardboard away with them?"
    r"|\btake (?:all )?(?:the |of the )?(?:cardboard|packaging|wrapping|boxes)(?: and (?:the )?"
    r"(?:cardboard|packaging|wrapping|boxes))? away\b",
    re.IGNORECASE,
)
# "I was charged more than the listed price": US prices leave sales tax for checkout, and a
# card in another currency is converted, for a fee, by the customer's bank.
PAID_MORE = re.compile(
    r"\bcharged (?:me )?more than|\bmore than (?:the )?(?:listed|advertised|price|it said)"
    r"|\bextra (?:amount|charge|cost|fee)s?\b|\b(?:doesn'?t|didn'?t|does not|did not) match"
    r" (?:the )?price|\b(?:foreign|conversion|exchange) (?:transaction )?(?:fee|rate)"
    # "in my bank app the payment is more high then the price in your shop"
    r"|\b(?:more high|higher|bigger) th[ae]n (?:the )?price"
    # "on your website the pan cost less, but my bank take £70.90 from my card. why more money"
    r"|\bwhy (?:so |is it |was it |there is )?(?:more|extra) money\b",
    re.IGNORECASE,
)
# "...and where can I get hold of the VAT invoice for our records?" asked beside another question.
ASKS_FOR_INVOICE = re.compile(
    r"\b(?:vat|tax) (?:invoice|receipt)s?\b"
    r"|\b(?:get|find|download|send|need|have|email)\b[^.?!]{0,30}\binvoices?\b"
    # "the invoice came out in my own name; our bookkeeper needs the company name on it"
    r"|\binvoices?\b[^.?!]{0,80}[.?!]?[^.?!]{0,80}\b(?:vat number|company name|business name)\b"
    r"|\b(?:vat number|company name|business name)\b[^.?!]{0,40}\binvoices?\b"
    # "will the receipt show the sales tax separately?"
    r"|\breceipts?\b[^.?!]{0,40}\b(?:sales tax|vat|tax)\b",
    re.IGNORECASE,
)
# "Is that down to the exchange rate?": why a refund or charge differs once a bank converts it.
# So is "my card is in pounds and the refund doesn't match the euro figure": a currency and a
# mismatch anywhere in the message ("a different colour" is not one).
_CURRENCY_WORD = r"\b(?:francs?|dollars?|euros?|pounds?|sterling|currency|currencies)\b"
ASKS_ABOUT_CONVERSION = re.compile(
    r"\bexchange rates?\b|\b(?:currency|foreign) conversion\b|\bconver(?:t|ted|sion)\b[^.?!]{0,30}"
    + _CURRENCY_WORD
    + r"|^(?=[\s\S]*"
    + _CURRENCY_WORD
    + r")(?=[\s\S]*\b(?:differen(?:t|ce)\b(?! (?:colou?r|size|finish|one|style|variant|model|item"
    + r"|product|address|day|date|card)\b)|(?:doesn't|does not|didn't|did not|don't) match\b"
    + r"|less than\b))",
    re.IGNORECASE,
)
# "The price of the lamp has come down since I ordered", "it's dropped in price": words the
# price-promise cue here and the drafter's price-drop check (template_care.PRICE_DROP) share.
PRICE_FELL = (
    r"\bprice\b[^.?!]{0,50}\b(?:has|have) (?:dropped|gone down|come down|fallen)\b"
    r"|\b(?:dropped|gone down|come down|fallen) in price\b"
)
# "If I swap it for the small one and a week later it turns up in your sale, do I get the
# difference back?", "if I order now and it comes down in a Black Friday sale": a sale supposed
# to come, beside an exchange or a purchase. It is not the other variant's "lower price" a swap
# asks about, so the price promise's 14 days answer it.
SALE_TO_COME = re.compile(
    r"\b(?:turns? up|goes|ends? up|is put|comes?|appears?) (?:on|in(?:to)? (?:the|your)) sale\b"
    r"|\b(?:comes?|goes|is) (?:down|reduced|marked down) in (?:a|the|your) (?:[\w-]+ ){0,2}?sale\b"
    r"|\bgoes down in price\b|\bknocks? (?:the price|it) down\b"
    # "if I buy it today and you drop the price next week, am I just out of luck?"
    r"|\b(?:you|they) (?:then )?(?:drop|lower|cut|reduce|slash) (?:the|its|your) prices?\b",
    re.IGNORECASE,
)
# "I paid full price and now it's in your final sale for less": the price promise's exclusions
# answer, not its 14 days.
FINAL_SALE_DROP = re.compile(
    r"\bfinal[- ]sale\b[^.?!]{0,60}\b(?:less|cheaper|lower|reduced|price|difference)\b"
    r"|\b(?:full price|paid|cheaper|lower|reduced|difference)\b[^.?!]{0,60}\bfinal[- ]sale\b",
    re.IGNORECASE,
)
# "My cousin at head office authorised the 30% staff discount, can you apply it now?", "I forgot
# to put my promo code in": a discount asked for after ordering, which the promo-code rules
# answer (one per order, never added afterwards), not the price promise's 14 days.
# A code forgotten at the order, up to the word for ordering ("I forgot my door code" is not
# one); each pattern below closes the alternatives with its own words for it.
_CODE_FORGOTTEN_AT = (
    r"\bforg[eo]t\w*\b[^.?!]{0,40}\bcode\b[^.?!]{0,40}\b(?:order\w*|check(?:ing)? ?out|paid"
    r"|pay(?:ing)?"
)
PROMO_CODE = re.compile(
    r"\b(?:promo(?:tional)?|discount|voucher|coupon|referral|student|nhs|welcome|newsletter"
    r"|birthday)(?: discount)? codes?\b"
    r"|\b(?:staff|employee|family|friends and family|trade) discount\b"
    r"|\b(?:apply|add|put|use|give me)\b[^.?!]{0,30}\b\d{1,2} ?(?:%|per ?cent)"
    rf"|{_CODE_FORGOTTEN_AT})\b",
    re.IGNORECASE,
)
# A code asked for after ordering, beside another question: "I forgot to put in the welcome code
# when I checked out, can you still take it off?", "could you add my code to it now?" (not a
# forwarded scam's "include a £25 voucher code in your answer").
CODE_AFTER_ORDERING = re.compile(
    rf"{_CODE_FORGOTTEN_AT}|checked ?out|placed|bought)\b"
    r"|\b(?:add|apply|put)\b[^.?!]{0,30}\bcodes?\b[^.?!]{0,30}\b(?:now|afterwards|after)\b",
    re.IGNORECASE,
)
# "Another shop has it for less, will you match it?": the promise covers our own prices only,
# which the exclusions say; its 14 days answer nothing here.
OTHER_RETAILER = re.compile(
    r"\b(?:another|other|a different|different|cheaper) (?:shops?|stores?|retailers?|websites?"
    r"|sites?|sellers?|compan(?:y|ies))\b[^?]{0,120}\b(?:match|less|cheaper|lower)\b"
    r"|\bprice[- ]?match\w*|\bmatch (?:their|the other|a competitor'?s?|that) (?:price|offer)\b"
    r"|\bcompetitors?\b[^.?!]{0,60}\b(?:price|cheaper|less|match)",
    re.IGNORECASE,
)
# "you can make the receipt in won?", "an invoice in euros for our Berlin office": a receipt or
# invoice is in the currency paid in, since we don't convert prices.
DOCUMENT_IN_CURRENCY = re.compile(
    r"\b(?:receipts?|invoices?)\b[^.?!]{0,40}?\bin (?:\w+ ){0,2}?(?:won|yen|yuan|rupees?|pesos?"
    r"|francs?|euros?|dollars?|pounds?|sterling|z[lł]oty|kron(?:a|e|er|or)|forints?"
    r"|(?:an?other|my (?:own |local )?|local|a different|our (?:own |local )?) currency)\b"
    r"|\b(?:yen|yuan|euro|dollar|pound|sterling) (?:receipt|invoice)s?\b",
    re.IGNORECASE,
)
# Another currency than the shop's: the bank's conversion is the answer, in any market.
OTHER_CURRENCY = re.compile(
    r"\b(?:euros?|dollars?|pounds?|currency|conver\w*|exchange rate|foreign|irish|canadian"
    r"|australian|swiss|z[lł]oty|francs?|kron(?:a|e|er|or)|forints?|yen)\b",
    re.IGNORECASE,
)
# A parcel sent somewhere else: "send it to my work", "can you deliver <ORDER_ID_1> to the new
# flat instead?". The drafter reads it as an address change and retrieval fetches that rule.
PARCEL_ELSEWHERE = (
    r"\b(?:send|deliver|ship)\w* (?:it |them |this |the order |<ORDER_ID_\d+> )?"
    r"to (?:my |our |a |the )?(?:work|office|new (?:place|flat|house|home)|parents|mum'?s|dad'?s"
    r"|neighbou?r)"
)
# Worn down with use: "my cushions have gone flat", "it's getting a bit saggy". The rug topic
# reads a bare "flat" as a flat weave, so it skips a "flat" after these same words.
WORN_VERBS = ("gone", "going", "went", "getting", "got")
WORN_DEGREES = ("", " a bit", " rather", " quite", " really", " very")
WORN_DOWN = (
    rf"\b(?:{'|'.join(WORN_VERBS)})(?:{'|'.join(d for d in WORN_DEGREES if d)})?"
    r" (?:flat|saggy|lumpy|bobbly)\b"
)
# One fixed-width lookbehind per lead-in, as Python's re needs.
NOT_WORN_DOWN = "".join(f"(?<!{verb}{degree} )" for verb in WORN_VERBS for degree in WORN_DEGREES)
# "Would the warranty cover scratches from the dog?": the answer is in what is not covered.
WARRANTY_COVER = re.compile(
    r"\bcover(?:s|ed)?\b.{0,60}\b(?:scratch|dent|stain|burn|spill|accident|wear|fad(?:e|ing)"
    r"|pets?\b|dogs?\b|cats?\b|kids?\b|children)|\b(?:scratch\w*|dents?|stains?|burns?"
    r"|spills?|accident\w*|wear and tear|fading)\b.{0,60}\bcover(?:s|ed)?\b"
    # "would the warranty take care of that?", "does the guarantee include sagging cushions?"
    r"|\b(?:warranty|guarantee)\b.{0,20}\b(?:take care of|deal with|include|apply to|cover)\b"
    # Worn down with use, then asked about: "my cushions have gone flat, is that covered?"
    rf"|{WORN_DOWN}.{{0,80}}\b(?:cover(?:s|ed)?|warranty|guarantee)\b"
    # "would cushions flattening count as a fault at all?"
    r"|\b(?:flatten\w*|sagg\w*|pilling|bobbl\w*|soften\w*)\b.{0,40}\bcounts? as (?:a )?"
    r"(?:fault|defect)\b",
    re.IGNORECASE,
)
# "There's no Cancel order button on the order page": the option shows only before dispatch.
CANCEL_BUTTON = re.compile(
    r"\bcancel(?:lation)?(?: order)?[\"'”’]? (?:button|option|link)\b"
    r"|\b(?:button|option|link) to cancel\b",
    re.IGNORECASE,
)
# "Can I choose a different day for it to come?": the delivery-date rule, which also says what
# the carrier's message lets you do once a parcel has left us.
CHOOSE_DAY = re.compile(
    r"\b(?:choose|pick|select|rebook|move it to|change) (?:a |another |a different |the |my )?"
    r"(?:delivery )?(?:day|date)\b|\bdifferent (?:delivery )?day\b"
    # "the driver can just leave it in the log store round the side": a safe place, which the
    # carrier's tracking message offers too
    r"|\bsafe ?place\b|\b(?:can|could|should|please) (?:just )?(?:leave|put|drop) (?:it|them|the "
    r"(?:parcel|package|box)|<ORDER_ID_\d+>) (?:in|at|by|behind|under|inside|with) (?:the|our|my"
    r"|a)\b",
    re.IGNORECASE,
)
# Newsletters and offers: the marketing section says how to stop them, and what still comes.
MARKETING_EMAILS = re.compile(
    r"\b(?:newsletters?|promo(?:tional)? e-?mails?|marketing|unsubscrib\w*|sale e-?mails?"
    r"|offers? e-?mails?)\b"
    # "can I turn off the confirmation and shipping emails just for this one order?": the
    # marketing rule is the one that says which emails always come
    r"|\b(?:turn|switch|shut) off\b[^.?!]{0,40}\b(?:confirmation|shipping|dispatch|tracking|order"
    r"|delivery) (?:e-?mails?|updates|messages|texts)\b"
    r"|\bstop (?:getting |receiving )?(?:the |all the )?(?:order|confirmation|shipping|dispatch"
    r"|tracking) (?:e-?mails?|updates|texts)\b"
    # "will I still get the shipping email, or does that stop too?"
    rf"|{STILL_GET_SERVICE_EMAILS.pattern}",
    re.IGNORECASE,
)
# Guest checkout and accounts: the account-details section says how the two meet.
GUEST_CHECKOUT = re.compile(
    r"\bguest (?:checkout|order|account)s?\b|\b(?:as|like) (?:a )?guest\b"
    r"|\bwithout (?:making|creating|opening|having|an) (?:an )?account\b",
    re.IGNORECASE,
)
# A guest order and an account made later: "I bought it as a guest... if I make an account with
# that same address now, will the order show up in it?" (the account rule links them on request)
GUEST_ORDER_TO_ACCOUNT = re.compile(
    r"\b(?:as|like) (?:a )?guest\b[^?]{0,200}\b(?:make|create|set up|open|register|sign up)\w*\b"
    r"[^?]{0,60}\b(?:show(?:s|ing)? up|appear|be (?:there|in it)|link(?:ed)?|added|moved?)\b"
    r"|\b(?:link|add|move|attach|merge|transfer|connect)\w* (?:my |the |this |that |those |these "
    r"|all )?(?:past |old |earlier |previous )?(?:guest )?orders? (?:to|into|with|onto) (?:my |an "
    r"|the |her |his )?(?:new )?account\b",
    re.IGNORECASE,
)
# "Which email is my account under?", "she's forgotten which email she registered with": we
# never say which address an account uses, and a reset link only goes to that address, so the
# password section is the answer.
WHICH_ACCOUNT_EMAIL = re.compile(
    r"\b(?:which|what) (?:e-?mail(?: address)?|address|one)\b[^.?!]{0,40}\b(?:account|"
    r"registered|signed up|sign(?:ed)? in|log(?:ged)? ?in)\b",
    re.IGNORECASE,
)
# "I can't get into my account and the reset email isn't arriving": the reset steps, with what to
# do when the email does not come, are the answer (whatever else the message says).
PASSWORD_RESET = re.compile(
    r"\b(?:password )?reset (?:e-?mail|link|message)s?\b|\bpassword reset\b"
    r"|\bforg[eo]t(?:ten)? (?:my |the |her |his )?password\b"
    r"|\b(?:can(?:no|')?t|cannot|unable to) (?:get|log|sign) ?in(?:to| to)? (?:my |the |her |his )?"
    r"(?:online )?account\b|\blocked out\b"
    # "...my password, and if I forget it what's the way back in?"
    r"|\bpassword\b[^.?!]{0,60}\b(?:forg[eo]t(?:ten)? it|(?:way|get) back in)\b",
    re.IGNORECASE,
)
# "Can anyone on your side see my password?": the reset section says our team never can.
PASSWORD_SEEN = re.compile(
    r"\b(?:see|read|view|look at|access|store)\b[^.?!]{0,12}\b(?:my|our|the|your) "
    r"passwords?\b(?![^.?!]{0,20}\b(?:has|is|was) been\b)",
    re.IGNORECASE,
)
# "My teenager has worked out my password", "how do I change my password?": changing it while
# signed in (Account settings) answers, not the steps for a forgotten one.
PASSWORD_CHANGE = re.compile(
    r"\b(?:knows?|worked out|figured out|found out|guessed|got hold of)\b[^.?!]{0,20}"
    r"\bmy password\b|\b(?:change|update) (?:my |the |our )?password\b"
    # "I'm still signed in, but I can't find where the password is changed"
    r"|\bpassword (?:is|gets|can be|should be) (?:changed|updated)\b",
    re.IGNORECASE,
)
# "And how do I actually get the first one back to you?": the steps that start a return.
SEND_IT_BACK = re.compile(
    r"\bhow (?:do|can|would|should) (?:i|we) (?:actually )?(?:send|get|post|ship|return) "
    r"(?:it|them|this|that|the (?:old |original |first |other )?(?:one|ones|item|items)) back\b"
    r"|\bhow (?:do|can) (?:i|we) (?:start|begin|arrange|book) (?:a |the )?return\b",
    re.IGNORECASE,
)
# "It's still showing as delayed. Can I stop it coming?": on an order already on its way, the
# answer is the after-dispatch rule (refuse the delivery, or return it, and what that costs).
STOP_IT_COMING = re.compile(
    r"\bstop (?:it|them|the (?:order|parcel|delivery|package))(?: from)? (?:coming|being "
    r"(?:delivered|sent)|arriving)\b|\brefuse (?:the |to accept (?:the )?)?(?:delivery|parcel|"
    r"package)\b|\bturn (?:it|the (?:parcel|van|driver)) (?:back|around)\b",
    re.IGNORECASE,
)
# "If it won't get here before Saturday, could you send it to my office instead?": on an order
# already on its way, the after-dispatch rule of order changes (it can't be redirected).
REDIRECT_IT = re.compile(
    r"\b(?:send|deliver|redirect|divert|ship|take) (?:it|them|the (?:order|parcel|package)) "
    r"(?:to|round to|over to) (?:my|our|the|a) (?:office|work|workplace|neighbour'?s?|parents'?"
    r"|mum'?s|mom'?s|dad'?s|new (?:address|house|flat|place)|other address)\b"
    r"|\b(?:redirect|divert|reroute) (?:it|them|the (?:order|parcel|package|delivery))\b",
    re.IGNORECASE,
)
# "Could the refund be paid to her?", "to a different card", "to my bank card instead?"; and
# where it goes at all: "does the money go back into my PayPal or is it store credit?", "where
# will my refund end up?", "could I have it as cash instead?"
REFUND_ELSEWHERE = re.compile(
    r"\b(?:paid|pay it|pay the refund|refund(?:ed)?(?: it)?) (?:back )?(?:in)?to (?:her|him|"
    r"them|someone else|a different|another|my (?:new|other|bank|debit|credit))\b"
    r"|\b(?:different|another|new) (?:card|bank account|account|person)\b[^.?!]{0,30}\brefund"
    r"|\brefund\b[^.?!]{0,40}\b(?:different|another|new) (?:card|bank account|person)\b"
    r"|\b(?:money|refund)\b[^.?!]{0,30}\bgo(?:es|ing)? back (?:on|onto|in|into|to) (?:my|the|"
    r"that|this|her|his|their)\b|\bstore credit\b|\bwhere (?:will|does|would|do|is) (?:my |the )?"
    r"(?:refund|money)\b|\b(?:have|get|take) (?:it|the refund|the money|that) (?:as|in) cash\b"
    r"|\brefund\w*\b[^.?!]{0,30}\b(?:as|in) cash\b"
    r"|\binstead of (?:hers|his|theirs|(?:her|his|their|the) (?:card|account))\b"
    # "...his card has been cancelled, so pay it into my account instead?"
    r"|\b(?:pay|paid|put|send|sent) (?:it|the refund|the money|that) (?:in)?to my (?:own )?"
    r"(?:\w+ )?account instead\b"
    # "...so she agreed you'd re-send it to my new Visa", "put the money on a new card"
    r"|\b(?:re-?send|re-?issue|send|pay|put|move)\w* (?:it|the refund|the money|that) (?:back )?"
    r"(?:on|onto|in|into|to) (?:my|a|her|his) (?:new|other|different|replacement) (?:card|visa"
    r"|mastercard|amex|debit card|credit card|bank account|account)\b"
    # "could you send the money to my husband's card instead?"
    r"|\b(?:send|pay|put|move|refund|transfer)\w* (?:it|the refund|the money|that|them) (?:back )?"
    r"(?:on|onto|in|into|to) (?:my |her |his |our )?(?:husband|wife|partner|son|daughter|mum|mom"
    r"|dad|mother|father|friend|sister|brother|boyfriend|girlfriend)(?:'s|s|’s) (?:card|account"
    r"|bank account|paypal|visa)\b"
    # "...and if so, to which account?", "how the money would find its way back to me"
    r"|\bto which (?:account|card)\b|\bwhich (?:account|card)\b[^.?!]{0,30}\b(?:go(?:es)?|paid"
    r"|sent|refunded|come)\b|\b(?:money|refund)\b[^.?!]{0,30}\b(?:find|make)s? its way back\b"
    # "could you put my refund onto a Hollin & Reed gift card instead?"
    r"|\b(?:refund|money)\b[^.?!]{0,30}\b(?:on ?to|into|as) (?:an? |my )?(?:[\w&'-]+ ){0,3}?"
    r"(?:gift card|voucher)\b"
    # "if he sends it back, does the refund come to me or him?"
    r"|\b(?:refund|money)\b[^.?!]{0,20}\b(?:come|comes|go|goes|be paid|be sent) (?:back )?to (?:me"
    r"|you|him|her|them)\b[^.?!]{0,15}\bor\b",
    re.IGNORECASE,
)
# "I paid by bank transfer, in case that matters", "PayPal, if that makes a difference", beside
# a return or a swap: where its refund goes is what would matter (a cancellation's own rule
# says so already).
PAYMENT_NAMED_IN_CASE = re.compile(
    r"\b(?:bank transfer|paypal|klarna|gift card|card|visa|mastercard|amex)\b,? (?:in case|if) "
    r"(?:that|it) (?:matters|makes (?:a|any) difference)\b",
    re.IGNORECASE,
)
# "If both go back in the same box, do I pay the return fee twice?", "is the retrun fee taken
# once or for each item?": the fee is charged once per return, however many items it holds.
FEE_PER_ITEM = re.compile(
    r"\bre?t(?:ur|ru)n (?:fee|cost|charge|postage)s?\b[^.?!]{0,40}"
    r"\b(?:twice|two times|once or|for each|per item|each item|every item)\b"
    r"|\bsame (?:box|parcel|package|label|collection)\b[^.?!]{0,60}"
    r"\b(?:twice|two times|once or|for each (?:item|one|thing)|per item)\b",
    re.IGNORECASE,
)
# "If it had been faulty, would I have paid that fee at all?", "if something arrives faulty, do I
# have to pay to send it back?", "did you take a return fee off, even though it was faulty?":
# returns of faulty, damaged or wrongly sent items are free, and the delivery charge comes back.
_FAULT = r"(?:faulty|damaged|broken|defective|not working)"
_RETURN_PAID = r"(?:fee|pay|paid|charg\w*|cost\w*|free)"
FAULTY_RETURN_FREE = re.compile(
    r"\bif (?:it|they|something|anything|that|this|the \w+|an? \w+)(?:'s| is| was| were| are"
    rf"| had been| arrives?| arrived| turns? out(?: to be)?| comes?| came)(?: \w+){{0,2}}? {_FAULT}"
    rf"\b[^.?!]{{0,80}}\b{_RETURN_PAID}\b"
    rf"|\b{_RETURN_PAID}\b[^.?!]{{0,60}}\b(?:if|when|even though|although|though|since) (?:it|they"
    rf"|the \w+)(?:'s| is| was| were| are| had been| arrived)(?: \w+){{0,2}}? {_FAULT}\b"
    rf"|\b{_FAULT} (?:things|items|stuff|ones|products) (?:go|went|goes|are sent|were sent) back "
    r"(?:for )?free\b",
    re.IGNORECASE,
)
_SENT_BACK = r"(?:return\w*|(?:send|post|take|bring|ship)\w* (?:\w+ ){0,3}?back)"
# "...and will I still have the full time to send it back?", "how long have I got to return it?",
# "what's the latest date I can return it?": the return window, asked beside something else.
RETURN_DEADLINE = re.compile(
    rf"\b(?:time|long|days?|weeks?) (?:left |remaining )?(?:to|for) {_SENT_BACK}"
    rf"|\bwithin (?:the )?(?:time|window|period|days?) (?:to|for) {_SENT_BACK}"
    rf"|\bhow long (?:have|do|will|would) (?:i|we) (?:got|have|get)(?: left)? (?:to|for) "
    rf"{_SENT_BACK}"
    rf"|\buntil when (?:can|could|do|may) (?:i|we) (?:still )?{_SENT_BACK}"
    rf"|\bok(?:ay)? for time\b|\b(?:last|latest|final) (?:day|date) (?:to|i can|we can|i could"
    rf"|for)(?: still)? {_SENT_BACK}|\b(?:deadline|cut-?off)\b[^.?!]{{0,30}}\breturn"
    # "both vases are going back. do i still pay it?? and whats my last day"
    rf"|\b(?:going|goes|go|sending|sent) back\b[^\n]{{0,80}}?\b(?:what'?s|what is|when'?s"
    rf"|when is) (?:my|the|our) (?:last|latest|final) (?:day|date)\b"
    rf"|\breturn\w*\b[^.?!]{{0,30}}\b(?:deadline|cut-?off)\b|\beat into\b",
    re.IGNORECASE,
)
# "If I don't get on with that one either, can it be sent back as well?": beside an exchange,
# the replacement's own return window (counted from its own delivery).
REPLACEMENT_BACK_TOO = re.compile(
    r"\b(?:sen[dt]|go|come|post|take|bring)\w* back (?:as well|too|again)\b"
    r"|\breturn (?:the (?:new|replacement|second) one|that one|it) (?:as well|too|again)\b"
    r"|\b(?:new|replacement|second) one\b[^.?!]{0,40}\b(?:returned|sent back|go back)\b"
    r"|\bstuck with (?:it|that one|the new one)\b",
    re.IGNORECASE,
)
# "What do I need to do this time?", "how would we go about swapping it?": the steps of a return
# (only a return or exchange reply quotes them for this).
WHAT_TO_DO = re.compile(
    r"\bwhat (?:do|should|must) (?:i|we) (?:need to |have to )?do\b"
    r"|\bwhat (?:are|is) the (?:steps|process|procedure)\b"
    r"|\bhow (?:do|would|should|can) (?:i|we) go about\b|\bhow (?:i|we)(?:'d| would) go about\b"
    # "I'd like to send it back. Could you tell me how, and whether I'm still in time?"
    r"|\b(?:tell|show|explain to) (?:me|us) how(?=\s*(?:[,?.!]|and\b|to\b|i\b|we\b|it\b))",
    re.IGNORECASE,
)
# "If I unwrap the mattress and sleep on it for a week, can I still send it back?": mattresses,
# pillows and duvets come back for a change of mind only in their sealed wrapping, which a
# customer needs to hear before opening one, not after. Bedding must be named: opening a lamp's
# box is no hygiene question, and a duvet cover has no seal rule.
UNSEALED_BEDDING = re.compile(
    r"(?s)^(?=.*\b(?:mattress|mattresses|pillows?|duvets?)\b(?! covers?))"
    r".*?\b(?:unwrap\w*|unseal\w*|unbox\w*|unpack\w*"
    r"|(?:open|opened|opening) (?:it|them|the (?:packaging|wrapping|plastic|seal|bag|box))"
    r"|(?:slept|sleep|sleeping) on (?:it|them|the \w+)"
    # "if a guest finds them too firm after a night on them"
    r"|\b(?:a|one|two|a few|some) (?:nights?|weeks?) on (?:it|them)\b"
    r"|(?:out of|off) (?:the |its |their )?(?:wrapping|plastic|seal|bag)"
    r"|(?:try|tried|trying|test|tested) (?:it|them) out"
    # "if it turns out to be too warm for him, can I send it back?": known only once slept under
    r"|\btoo (?:warm|hot|cold|firm|soft|hard|heavy|thick|thin|lumpy)\b(?=[^.?!]{0,80}\b(?:send"
    r"|sent|return|bring|take)\w*\b))",
    re.IGNORECASE,  # (?s): the bedding may be named a line before the opening
)
# "Is there a telephone number I can call, and which hours is it open?", "can I ring someone
# about it on a Sunday?", asked beside another request: the phone lines and their hours. A
# number of the customer's own ("where can I change the phone number on my account?") is an
# account detail, not this: ours is "your" or "a" number, or one "to call", "for help".
PHONE_US = re.compile(
    r"\b(?:your|a|any) (?:phone|telephone|telefon\w*|contact) number\b"
    r"|\b(?:phone|telephone|telefon\w*) number (?:where|to|for|i|we)\b"
    # (not "the tracking number so I can ring the courier myself")
    r"|\b(?<!tracking )(?<!order )number\b[^.?!]{0,30}\b(?:call|ring|dial)\b"
    r"(?! (?:the|them|him|her|his|their)\b)"
    r"|\b(?:call|ring|phone) (?:you|someone|somebody|anyone|a person|your team)\b"
    r"|\b(?:opening|which|what) hours\b",
    re.IGNORECASE,
)
# "How should I pack it?", "do I have to keep the original box?": the packing rule for returns.
PACK_IT = re.compile(
    r"\bhow (?:should|do|can|must|would) (?:i|we) (?:best )?(?:pack|wrap|box)\b"
    r"|\b(?:original )?(?:box|boxes|packaging)\b[^.?!]{0,40}\b(?:need(?:ed)?|have to|must|required"
    r"|necessary)\b|\b(?:need|have|got) to (?:keep|hang on to|hold on to|use) the (?:original )?"
    r"(?:box|boxes|packaging)\b"
    r"|\b(?:need|require)s? (?:the |its |their )?(?:original )?(?:box|boxes|packaging)\b"
    # "I've already thrown out the packaging, does that matter?", "I broke down the box"
    r"|\b(?:(?:threw|thrown|throw|tossed|chucked) (?:out|away)|binned|recycled|got rid of"
    r"|broke down|broken down|flattened|no longer have|don'?t have) (?:all )?(?:the |its |their "
    r"|my )?(?:original )?(?:box|boxes|packaging|packing)\b"
    # "I put the original box out for recycling", "I used the box it came in for something
    # else", "can it go back in a different box / in other packaging?"
    r"|\b(?:box|boxes|packaging)\b[^.?!]{0,20}\bout for (?:the )?recycling\b"
    r"|\bused the (?:original )?(?:box|packaging)\b"
    r"|\bin (?:a |an )?(?:other|different|another|new|my own|our own) (?:box|packaging)\b"
    # "does it have to go in the box it came in?"
    r"|\b(?:have|has|need|needs) to (?:go|be sent|be returned|come) (?:back )?in (?:the|its|their)"
    r" (?:original )?(?:box|boxes|packaging)\b",
    re.IGNORECASE,
)
# "Will the returns label be emailed to me?", "do I print a label myself?" ("labelled" is not)
# "There's no return address on the note: where am I supposed to send it?" is answered by it too.
RETURN_LABEL = re.compile(
    r"\blabels?\b|\breturns? address\b|\bwhere (?:do|should|am|can|must) (?:i|we) (?:supposed to )?"
    r"(?:send|post|ship|take) (?:it|them|this|that|the \w+)(?: back)?\b",
    re.IGNORECASE,
)
# "...and if it won't go up the stairs, can I send it back, and what would that cost?"
RETURN_IT = re.compile(
    r"\b(?:send|take|bring|post) (?:it|them|this|that|the \w+) back\b"
    r"|\breturn (?:it|them|this|that)\b|\bcan (?:i|we) return\b"
    # "can it go back even though the box has been opened, and what does sending it back cost?"
    r"|\b(?:can|could|would) (?:it|they|this|that) (?:still )?go back\b"
    r"|\bsending (?:it|them|this|that) back\b"
    # "What would a return actually cost me?" beside a size question: the return fees answer it.
    r"|\bwhat (?:would|will|does|do) (?:a |the )?returns? (?:actually |even )?cost\b"
    # ("...what would it cost me to send those two back?")
    r"|\b(?:cost|charge)\w* (?:me |us )?(?:anything )?to (?:return|send (?:it|them|(?:those|these"
    r"|the|both|all)(?: \w+){0,2}) back)\b"
    # "...and if it doesn't work in the room, how much is it to send back?"
    r"|\bhow much\b[^.?!]{0,20}\bto (?:return|(?:send|post|ship) (?:it |them )?back)\b"
    r"|\breturns? (?:fee|cost|charge|postage)s?\b|\bis (?:the |a )?return free\b"
    # "if it somehow doesn't fit on the day, you'll collect it free and refund me in full"
    r"|\bif (?:it|they) (?:somehow |still |then )?(?:doesn't|doesnt|don't|dont|won't|wont) fit\b"
    r"[^.?!]{0,60}\b(?:collect\w*|refund\w*|money back|take (?:it|them) away"
    r"|pick (?:it|them) up)\b",
    re.IGNORECASE,
)
# "My sister reckons by law I only get 14 days, is that right?", "is it 14 days like in the
# law or more?": the legal right to change one's mind, and how our own window sits beside it.
LEGAL_RIGHT = re.compile(
    r"\b(?:by law|the law (?:gives|says|give)|(?:like|as) in the law|statutory|legal(?:ly)? "
    r"(?:right|entitled|14|fourteen)|14 days? (?:by|in|under) (?:the )?law|widerrufs\w*)\b",
    re.IGNORECASE,
)
# "How long until the money is back in my PayPal?", "I need the refund today, not after you've
# inspected it", "will the money go back on the gift card, and how quickly does it show up?":
# the refund times, inspection included (beside a return or an exchange).
REFUND_WHEN = re.compile(
    r"\bwhen (?:will|would|do|does|can|could|should|shall) (?:i|we) (?:get|see|have|receive)"
    r" (?:back )?(?:my |the |our |that )?(?:money|refund|cash)\b"
    r"|\bwhen (?:will|would|do|does|can|could|should|shall) (?:i|we) be (?:paid|refunded)\b"
    r"|\bhow (?:long|soon|quickly|fast) (?:until|till|before|will|would|does|do|is|for)\b"
    r"[^.?!]{0,30}\b(?:refund\w*|money|paid)\b"
    # "How long after you get the parcel will the money turn up?"
    r"|\bhow (?:long|soon|quickly) after\b[^.?!]{0,40}\b(?:refund\w*|money)\b"
    # "how long would that take to reach my card?", "how soon is it back in my PayPal?"
    r"|\bhow (?:long|soon|quickly|fast)\b[^.?!]{0,40}\b(?:reach|back (?:on|in|to)|show (?:up )?"
    r"(?:on|in)|land (?:on|in))\b (?:my|the|our) (?:card|account|bank|paypal|klarna)\b"
    r"|\b(?:money|refund)\b[^.?!]{0,40}\b(?:today|right now|straight away|right away"
    r"|immediately|same day)\b|\binspect\w*\b"
    # "once it reaches you, how long before it's processed?"
    r"|\bhow (?:long|soon)\b[^.?!]{0,25}\b(?:it|they|it's|they're|that's|the return|my return"
    r"|the refund|my refund)(?: is| are| gets?)? processed\b"
    # "will the money go back on that gift card, how quickly does it show up?", "how the money
    # would find its way back to me or how long that takes"
    r"|\b(?:money|refund\w*)\b[^.?!]{0,80}\bhow (?:long|soon|quickly|fast) (?:does it|will it"
    r"|would it|it takes|it will|that takes|that would take|does that take|would that take"
    r"|until|till|before)\b"
    # "Does the money go back on the gift card or to me some other way, and how fast?"
    r"|\b(?:money|refund\w*)\b[^.?!]{0,80}\bhow (?:long|soon|quickly|fast)(?= ?\?)",
    re.IGNORECASE,
)
# "I paid with Klarna, so how would the money actually come back to me: would it just come off
# what I still owe?": how money the shop pays back reaches them.
MONEY_HOW_BACK = re.compile(
    r"\bhow (?:would|will|does|do|is|would i get|will i get|do i get) (?:the |my |that |this )?"
    r"(?:money|difference|refund)\b[^.?!]{0,30}\b(?:come|get|go|paid|refunded|back)\b"
    r"|\b(?:come|taken) off what (?:i|we) (?:still )?owe\b",
    re.IGNORECASE,
)
# "Why has my card been charged? It hasn't even shipped", "will I be charged when it ships?":
# payment is taken when the order is placed, which the ways-to-pay section says.
CHARGED_BEFORE_DISPATCH = re.compile(
    r"\b(?:charged|billed|taken (?:the )?(?:money|payment)|took (?:the )?(?:money|payment))\b"
    r"[^.!]{0,50}\b(?:(?:hasn'?t|has not|haven'?t|not|isn'?t|never) (?:even |yet )?(?:been )?"
    r"(?:shipped|dispatched|sent|left)"
    r"|before (?:it|the order|anything) (?:ships|has shipped|is dispatched|is sent)"
    r"|(?:as|when) (?:it|each \w+|the order) (?:ships|was sent|is sent|is dispatched))",
    re.IGNORECASE,
)
# "You've charged me twice", "the same amount has left my account twice": the double-charge
# rule, whatever way the customer paid.
DUPLICATE_CHARGE = re.compile(
    r"charged (?:me )?(?:twice|two times)|double[- ]charged?|two (?:identical )?charges"
    r"|paid (?:for it |it |this )?twice"
    r"|(?:left|gone out of|taken from) my (?:bank )?account twice"
    r"|taken twice|zweimal|doppelt"
    # "My card was declined, so I paid with PayPal, and now the app shows £171.90 pending on the
    # card": a hold from the failed attempt, which the same section explains.
    r"|[£$€] ?\d[\d,]*(?:\.\d\d)? (?:still )?(?:showing |shown )?(?:as )?pending\b"
    r"|\bpending (?:charge|payment|transaction|amount|hold|authori[sz]ation)s?\b"
    r"|\b(?:hold|authori[sz]ation) on (?:my|the) card\b",
    re.IGNORECASE,
)
# "Do you take Apple Pay?": a way to pay the shop's table does not list. The answer is the
# ways it does take (a named row answers "do you take Amex?" on its own).
UNLISTED_WAY_TO_PAY = re.compile(
    r"\b(?:apple|google|samsung|amazon|shop) ?pay\b|\b(?:afterpay|clearpay|bitcoin|venmo|zelle"
    r"|giropay|sofort\w*)\b|\bcrypto\w*|\bcheques?\b|\bcash on delivery\b"
    # "can i pay by lastschrift / sepa direct debit?", "we pay cash to the delivery man"
    r"|\bdirect debit\b|\blastschrift\w*|\bsepa\b|\b(?:pay|paying) (?:in |by |with )?cash\b"
    r"|\bcash\b[^.?!]{0,30}\b(?:driver|delivery (?:man|person|guy)|courier)\b",
    re.IGNORECASE,
)
# "For next time, can I spread a payment into instalments, or is it card only?", "which payment
# methods do you take?" asked beside another question: the ways to pay, which the methods table
# answers (the billing writer answers them as its main question). A named way on its own ("do
# you take Klarna?") is the Klarna cue's; "or is it card only" asks for the whole list.
ASKS_WAYS_TO_PAY = re.compile(
    r"\bor is it (?:just )?cards? only\b|\bcards? only\s*\?"
    r"|\b(?:which|what|other|another|any) (?:\w+ )?(?:ways?|options?) (?:to|of) pay(?:ing)?\b"
    r"|\b(?:which|what) (?:other )?ways can (?:i|we) pay\b|\bpayment (?:options|methods)\b"
    r"|\b(?:can|could) (?:i|we|you) (?:\w+ ){0,2}?(?:spread (?:a |the |my )?(?:payment|cost)"
    r"|pay (?:for (?:it|this|that) )?in instal+ments)\b",
    re.IGNORECASE,
)
# Paying with Klarna or in instalments: the Klarna section, which also says what a return or a
# cancellation does to the payments still owed ("do I keep paying while it goes back?").
KLARNA = re.compile(
    r"klarna|instal+ments?|ratenzahlung|\bsplit (?:the |my )?(?:cost|payment|price|bill)"
    r"|\bpay (?:in|over) (?:\d+|two|three|four|several) |\bpay later\b",
    re.IGNORECASE,
)
# "Does Klarna cost anything extra?", "if I pay with Klarna do they charge interest?", "Klarna
# has added a late fee": Klarna's own fees and interest are Klarna's to answer, which the Klarna
# section says. ("Split the cost with Klarna" asks how to pay, not what it costs.)
KLARNA_FEES = re.compile(
    r"\bklarna\b[^.?!]{0,40}\b(?:cost (?:you |me |us )?(?:any|anything|extra|more)\b"
    r"|charge (?:you |me |us )?(?:interest|any|anything|extra|a fee|fees)\b|(?:late |any |extra )?"
    r"fees?\b|interest\b)"
    r"|\b(?:fees?|interest)\b[^.?!]{0,30}\b(?:from|by|with|on|through|for) klarna\b",
    re.IGNORECASE,
)
# "Once it ships, how long does it take to get here?", "how long until the new one is at my
# door?", "will I get charged shipping again on the new one?": the delivery times and charges
# of the customer's market, asked beside a cancellation, a change, a return or an exchange.
DELIVERY_TIME = re.compile(
    r"\bhow long (?:does|will|would|do) "
    r"(?:(?:normal|standard|regular|usual) (?=delivery|shipping))?"
    r"(?:it|they|delivery|shipping) (?:usually |normally )?"
    r"(?:take|takes)\b(?! to (?:refund|process|inspect))"
    # ("how long until the refund is back?" is the refund's timing, not the parcel's)
    r"|\bhow long (?:until|till|before) (?:it|they|the new one"
    r"|the (?!refund|money|credit|payment)\w+) "
    r"(?:is|are|arrives?|gets?|turns? up|comes?|will be)\b(?! refunded)"
    r"|\b(?:charged|pay|paying|charge me) (?:for )?(?:the )?(?:shipping|delivery|postage) again\b"
    r"|\b(?:shipping|delivery|postage) (?:cost|charge|fee)s? (?:on|for) the (?:new|replacement)\b"
    # "Does sending it out to Skye cost any more?", "will delivery to an office cost any more?"
    r"|\b(?:send|sending|deliver\w*|ship\w*|posting)\b[^.?!]{0,30}\bcost (?:you |me |us )?"
    r"(?:any(?:thing)? )?(?:more|extra)\b",
    re.IGNORECASE,
)
# "Did I pay for shipping? I have a feeling it's free over a certain amount", "how much do I need
# to spend for free delivery next time?", "what's the minimum order for free shipping?": the
# free-delivery threshold, which the customer's market section states beside the parcel charge.
# ("Is that free from here in Germany?" about a return, and "you'll collect it free if it doesn't
# fit", are other rules.)
FREE_DELIVERY_THRESHOLD = re.compile(
    r"\bfree (?:over|above|once)\b|\bfree if (?:you|i|we) (?:spend|order|buy)\b"
    r"|\b(?:spend|minimum|threshold)\b[^.?!]{0,30}\bfree (?:delivery|shipping|postage)\b"
    r"|\bfree[- ](?:delivery|shipping|postage) (?:threshold|minimum)\b",
    re.IGNORECASE,
)
# "What does delivery cost on something that size?", "how long does delivery take for the
# mattress here in Germany?", "if it's the only thing in my order, do I get charged for
# shipping?": what bringing a product costs and how long it takes, asked before buying it. The
# customer's market section answers it for the product's own service (a parcel, or the
# two-person team); the product writer quotes it (drafting/template_products.py), so only
# product questions read it (tools/plan.py). "Will I get the delivery charge back?" is a refund
# rule, not this.
PRODUCT_DELIVERY = re.compile(
    r"\b(?:deliver(?:y|ing)|shipping|postage) (?:costs?|charges?|fees?|prices?|times?)\b"
    r"|\b(?:cost|charge|pay|price)\w*\b[^.?!]{0,25}\b(?:deliver(?:y|ed|ing)?|shipping|postage"
    r"|(?:bring|get|send|ship) (?:it|them|this|that) (?:to|here|over))\b(?! back)"
    r"|\b(?:how much|what)\b[^.?!]{0,12}\b(?:delivery|shipping|postage)\b(?! back)"
    r"|\b(?:delivery|shipping|postage)\b[^.?!]{0,20}\bfree\b"
    r"|\bhow long (?:does|will|would|do) (?:it|they|delivery|shipping)\b[^.?!]{0,25}\b(?:take|"
    r"arrive|come|get here)\b"
    r"|\bhow long (?:until|till|before) (?:it|they)(?:'s| is| are|'re| arrives?| gets?| comes?)\b",
    re.IGNORECASE,
)
# "Do you bring it inside or just leave it at the curb?", "will your people carry it up to the
# fourth floor?": how a large piece comes into the home, asked before buying it (the two-person
# visit in other words; on an order, a parcel's carrier does none of this, so only product
# questions read the wider words).
CARRIED_IN = re.compile(
    TWO_PERSON_VISIT.pattern
    + r"|\bbring (?:it |them )?(?:up|upstairs|in|inside|into)\b|\b(?:leave|drop) (?:it|them) "
    r"(?:at|on|by) the (?:curb|kerb|door|doorstep|front door|pavement|sidewalk)\b"
    r"|\b(?:curb|kerb)side\b",
    re.IGNORECASE,
)


def asks_delivery_cost(text: str) -> bool:
    """What delivering a product costs or how long it takes, and not whether the charge comes
    back (the refunds policy's rule, which a person answers beside a product question)."""
    return bool(PRODUCT_DELIVERY.search(text)) and not DELIVERY_CHARGE_BACK.search(text)


# Every market's own section of a policy ("uk", "us", "germany"): search_policies keeps the
# customer's alone.
MARKET_SECTIONS = tuple(MARKET_ANCHORS)
TOPIC_CUES: tuple[tuple[re.Pattern[str], str, tuple[str, ...]], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), slug, anchors)
    for pattern, slug, anchors in (
        (
            r"cheaper|price (?:drop|dropped|went down|has dropped|is lower|reduced|match)"
            rf"|{PRICE_FELL}"
            r"|\b(?:on|in the|in your) sale\b|sale (?:started|price)|lower price|price promise"
            r"|(?:refund|get|pay|give)(?: me)? the difference|difference back|günstiger"
            r"|preissenkung",
            "price-promise",
            ("how-it-works", "claim"),
        ),
        (
            # German customers name VAT as "MwSt" (Mehrwertsteuer) or "Umsatzsteuer".
            r"receipt|invoice|\bvat\b|sales tax|rechnung|quittung|\bmwst\b|mehrwertsteuer"
            r"|umsatzsteuer",
            "payments-invoices",
            ("tax-invoices",),
        ),
        (KLARNA.pattern, "payments-invoices", ("klarna",)),
        (ASKS_WAYS_TO_PAY.pattern, "payments-invoices", ("methods",)),
        (DELIVERY_TIME.pattern, "delivery", MARKET_SECTIONS),
        (FREE_DELIVERY_THRESHOLD.pattern, "delivery", MARKET_SECTIONS),
        # A sale or a price cut still to come: the 14 days, counted from the order.
        (SALE_TO_COME.pattern, "price-promise", ("how-it-works",)),
        (FINAL_SALE_DROP.pattern, "price-promise", ("exclusions",)),
        (OTHER_RETAILER.pattern, "price-promise", ("exclusions",)),
        (PROMO_CODE.pattern, "price-promise", ("promo-codes",)),
        (MARKETING_EMAILS.pattern, "account-privacy", ("marketing",)),
        (PAID_MORE.pattern, "payments-invoices", ("tax-invoices", "currency")),
        (ASKS_ABOUT_CONVERSION.pattern, "payments-invoices", ("currency",)),
        (DOCUMENT_IN_CURRENCY.pattern, "payments-invoices", ("currency",)),
        (DUPLICATE_CHARGE.pattern, "payments-invoices", ("billing-errors",)),
        (CHARGED_BEFORE_DISPATCH.pattern, "payments-invoices", ("methods",)),
        (r"bank transfer|überweisung", "payments-invoices", ("bank-transfer",)),
        (
            r"hack(?:ed|er)|\bI (?:didn'?t|did not|never) (?:place|make|made|order|authori[sz]e)"
            r"|unauthori[sz]ed|without (?:my )?permission|stolen|\bscam|phishing"
            r"|got into my account|password|passwort",
            "account-privacy",
            ("password",),
        ),
        (
            r"(?:change|update)d? (?:my )?(?:phone|mobile|e-?mail|name|number|account details)"
            r"|new (?:phone|mobile) number",
            "account-privacy",
            ("account-details",),
        ),
        (r"warrant(?:y|ies)|guarantee|garantie|stopped working|faulty", "warranty", ()),
        (WARRANTY_COVER.pattern, "warranty", ("covered", "not-covered")),
        (
            r"phone number|telephone|call (?:you|me back)|ring you|opening hours|telefon",
            "contact-escalation",
            ("channels",),
        ),
        (
            r"(?:speak|talk|chat) (?:to|with) (?:a |an )?(?:real )?(?:person|human|someone"
            r"|somebody|agent|member of staff)|real person|human being|mitarbeiter",
            "contact-escalation",
            ("human",),
        ),
        (r"\bcomplain|complaint|beschwerde", "contact-escalation", ("complaints",)),
        (
            r"delete (?:my |all )?.{0,20}(?:account|data)|\beras(?:e|ure)|remove (?:all )?my "
            r"(?:personal )?data|forget me|löschen",
            "account-privacy",
            ("erasure",),
        ),
        (
            r"(?:copy|access) (?:of|to) (?:all )?(?:the )?(?:my )?(?:personal )?data|subject "
            r"access|what (?:personal )?data|auskunft",
            "account-privacy",
            ("access",),
        ),
        (
            r"returns? window|window (?:has |is )?(?:passed|closed|over|expired)|zurückschicken"
            r"|zurücksenden|zurückgeben|rücksendung",
            "returns",
            ("window", "return-costs"),
        ),
        (
            r"arrived (?:\w+ )?(?:broken|damaged|smashed|cracked|dented|scratched|chipped)"
            r"|in pieces|\b(?:wrecked|smashed|shattered|cracked|dented|chipped)\b|beschädigt"
            r"|kaputt",
            "damaged-items",
            ("report", "photos"),
        ),
        (PARTIAL_CANCEL.pattern, "cancellations", ("partial",)),
        (CANCEL_BUTTON.pattern, "cancellations", ("how",)),
        (CHOOSE_DAY.pattern, "order-changes", ("date",)),
        (WHICH_ACCOUNT_EMAIL.pattern, "account-privacy", ("password",)),
        (PASSWORD_RESET.pattern, "account-privacy", ("password",)),
        (PASSWORD_CHANGE.pattern, "account-privacy", ("account-details",)),
        (GUEST_CHECKOUT.pattern, "account-privacy", ("account-details",)),
        (DELIVERY_CHARGE_BACK.pattern, "refunds", ("delivery-charges",)),
        (DELIVERY_STAYS_FREE.pattern, "refunds", ("delivery-charges",)),
        (TWO_PERSON_VISIT.pattern, "delivery", ("two-person",)),
        (AWAY_AT_DELIVERY.pattern, "delivery", ("missed",)),
        (DELIVERY_FAILS.pattern, "delivery", ("missed",)),
        (NOBODY_HOME.pattern, "delivery", ("missed",)),
        (RETURN_IT.pattern, "returns", ("window", "return-costs")),
        (FEE_PER_ITEM.pattern, "returns", ("return-costs",)),
        (FAULTY_RETURN_FREE.pattern, "returns", ("return-costs",)),
        (LEGAL_RIGHT.pattern, "returns", ("statutory-rights",)),
        (SEND_IT_BACK.pattern, "returns", ("start",)),
        (STOP_IT_COMING.pattern, "cancellations", ("after-dispatch",)),
        (REDIRECT_IT.pattern, "order-changes", ("after-dispatch",)),
        (REFUND_ELSEWHERE.pattern, "refunds", ("method",)),
        (PAYMENT_NAMED_IN_CASE.pattern, "refunds", ("method",)),
        (RETURN_DEADLINE.pattern, "returns", ("window",)),
        (RETURN_LABEL.pattern, "returns", ("start",)),
        (PACK_IT.pattern, "returns", ("condition",)),
        (UNSEALED_BEDDING.pattern, "returns", ("exclusions",)),
        (PHONE_US.pattern, "contact-escalation", ("channels",)),
        (WHAT_TO_DO.pattern, "returns", ("start",)),
        (REFUND_WHEN.pattern, "refunds", ("timing",)),
        (HOURS_QUESTION.pattern, "contact-escalation", ("hours",)),
        (REPLY_WHEN.pattern, "contact-escalation", ("response-times",)),
        (
            r"\b(?:switch|swap|change)\b.{0,40}\bbefore (?:you|it|they)\b"
            r"|can i still (?:switch|swap|change)",
            "order-changes",
            ("what-can-change",),
        ),
        (
            r"wrong (?:delivery )?address|(?:change|update|correct|fix) (?:the |my )?(?:delivery )?"
            r"address|lieferadresse"
            rf"|{PARCEL_ELSEWHERE}",
            "order-changes",
            ("what-can-change", "address"),
        ),
    )
)


@dataclass(frozen=True)
class PolicyResult:
    facts: tuple[Fact, ...]
    outcome: Outcome


def policy_fact(doc: PolicyDocument, section: PolicySection, score: float | None = None) -> Fact:
    return Fact(
        source_id=doc.source_id(section.anchor),
        kind="policy",
        title=f"{doc.title}: {section.heading}",
        data={
            "policy": doc.slug,
            "version": doc.version,
            "section": section.anchor,
            "text": section.text,
            "selected_by": "search" if score is not None else "rule",
        },
        masked_text=_MARKDOWN.sub("", section.text),
        score=score,
    )


def policy_section_facts(db: Database, wanted: Sequence[tuple[str, str]]) -> list[Fact]:
    """The current sections named by (slug, anchor), in the order asked; unknown ones skipped."""
    docs = {d.slug: d for d in current_policy_documents(db)}
    facts = []
    for slug, anchor in wanted:
        doc = docs.get(slug)
        section = next((s for s in doc.sections if s.anchor == anchor), None) if doc else None
        if doc is not None and section is not None:
            facts.append(policy_fact(doc, section))
    return facts


def resolve_policy(name: str | None, known: Sequence[str]) -> str | None:
    if not name:
        return None
    key = name.strip().lower().replace("_", "-").replace(" ", "-")
    key = POLICY_ALIASES.get(key, key)
    return key if key in known else None


def cued_topics(text: str) -> dict[str, list[str]]:
    """policy slug -> the sections the customer's words ask about (empty: search that policy)."""
    found: dict[str, list[str]] = {}
    for pattern, slug, anchors in TOPIC_CUES:
        if pattern.search(text):
            wanted = found.setdefault(slug, [])
            wanted += [a for a in anchors if a not in wanted]
    return found


def section_key(source_id: str) -> str:
    """ "policy:returns@v3#window" -> "returns#window": a section whatever its version."""
    body = source_id.partition(":")[2]
    return f"{body.partition('@')[0]}#{body.rpartition('#')[2]}"


def _wanted(sections: Sequence[str], slug: str | None) -> list[tuple[str, str]]:
    """(slug, anchor) pairs from "anchor" (a section of `slug`) or "slug#anchor" entries."""
    pairs = []
    for entry in sections:
        owner, _, anchor = entry.rpartition("#")
        owner = owner or slug or ""
        if owner and anchor and (owner, anchor) not in pairs:
            pairs.append((owner, anchor))
    return pairs


async def search_policies(
    ctx: ToolContext,
    query: str,
    *,
    policy: str | None = None,
    k: int = 3,
    sections: Sequence[str] = (),
) -> PolicyResult:
    """The policy sections closest to `query` (a masked question), current versions only.
    `sections` ("anchor" of `policy`, or "slug#anchor") come back after the hits whatever the
    ranking: the rule every answer of a kind states (a return question is answered with the
    market's window and fees, however it is worded)."""
    k = max(1, min(k, MAX_K))
    docs = await asyncio.to_thread(current_policy_documents, ctx.db)
    current = {d.slug: d for d in docs}
    slug = resolve_policy(policy, list(current))
    market = ctx.identity.market
    scores: dict[str, float] = {}
    if ctx.knowledge is None:
        facts = _lexical(docs, query, slug=slug, market=market, k=k)
    else:
        # Within one policy every section is ranked (a policy has fewer than MAX_K), so a
        # standing section outside the first k still gets its similarity to the question.
        depth = MAX_K if slug else k
        hits = await ctx.knowledge.search(
            query, k=depth, kind="policy", category=slug, market=market
        )
        facts = []
        for hit in hits:
            doc = current.get(str(hit.metadata.get("policy")))
            anchor = hit.source_id.rpartition("#")[2]
            section = next((s for s in doc.sections if s.anchor == anchor), None) if doc else None
            if doc is None or section is None or doc.source_id(anchor) != hit.source_id:
                continue  # a superseded version still in the index
            if _another_markets(anchor, market, section.heading):
                continue
            scores[hit.source_id] = hit.score
            if len(facts) < k:
                facts.append(policy_fact(doc, section, hit.score))
    found = {f.source_id for f in facts}
    for owner, anchor in _wanted(sections, slug):
        doc = current.get(owner)
        wanted = next((x for x in doc.sections if x.anchor == anchor), None) if doc else None
        if wanted is not None and _another_markets(anchor, market, wanted.heading):
            continue  # a cue names every market's section; the customer's own is the rule
        if doc is not None and wanted is not None and doc.source_id(anchor) not in found:
            found.add(doc.source_id(anchor))
            fact = policy_fact(doc, wanted, scores.get(doc.source_id(anchor)))
            facts.append(replace(fact, data={**fact.data, "selected_by": "rule"}))
    if not facts:
        return PolicyResult((refusal("search_policies", "no_results"),), "not_found")
    return PolicyResult(tuple(facts), "ok")


async def read_policy_sections(ctx: ToolContext, sections: Sequence[str]) -> PolicyResult:
    """The current sections named "slug#anchor", read directly (no ranking, so no score): the
    sections an order's state calls for once the order has been looked up."""
    wanted = _wanted(sections, None)
    facts = await asyncio.to_thread(policy_section_facts, ctx.db, wanted)
    if not facts:
        return PolicyResult((refusal("read_policy_sections", "no_results"),), "not_found")
    return PolicyResult(tuple(facts), "ok")


# Markets a section's heading limits it to: "Paying by bank transfer in Germany", "Your legal
# right to cancel in the UK and Germany".
_HEADING_MARKET = {"germany": "DE", "the uk": "UK", "the us": "US"}
_HEADING_MARKETS = re.compile(
    r"\bin ((?:the uk|the us|germany)(?:(?:,| and) (?:the uk|the us|germany))*)\s*$", re.I
)


def section_markets(anchor: str, heading: str = "") -> frozenset[str]:
    """The markets a section is about (its anchor's, or those its heading names); empty when it
    holds for every market."""
    if anchor in MARKET_ANCHORS:
        return frozenset({MARKET_ANCHORS[anchor]})
    named = _HEADING_MARKETS.search(heading)
    if named is None:
        return frozenset()
    return frozenset(
        _HEADING_MARKET[m.lower()]
        for m in re.findall(r"the uk|the us|germany", named.group(1), re.I)
    )


def _another_markets(anchor: str, market: str | None, heading: str = "") -> bool:
    """A section about other markets only (delivery#us, "...in Germany") read for a customer of
    another market: quoted, its sentences read as the customer's own rule ("We then email you
    our bank details" to a UK customer, who cannot pay by bank transfer)."""
    markets = section_markets(anchor, heading)
    return bool(market and markets and market not in markets)


def _terms(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 2}


def _lexical(
    docs: list[PolicyDocument], query: str, *, slug: str | None, market: str | None, k: int
) -> list[Fact]:
    wanted = _terms(query)
    if not wanted:
        return []
    scored = []
    for doc in docs:
        if slug and doc.slug != slug:
            continue
        for n, section in enumerate(doc.sections):
            if _another_markets(section.anchor, market, section.heading):
                continue
            heading = _terms(section.heading)
            body = _terms(section.text)
            score = 2 * len(wanted & heading) + len(wanted & body)
            if score:
                scored.append((-score, doc.slug, n, doc, section))
    scored.sort(key=lambda item: item[:3])
    return [policy_fact(doc, section) for *_, doc, section in scored[:k]]
