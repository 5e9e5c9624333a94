"""Pieces every intent's writer shares: refusals and clarifying questions, policy quotes, and
the redirect for messages the shop cannot help with."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from drafting.template_compose import Context
from drafting.template_facts import FactSet, policy_title
from drafting.template_format import market_of
from drafting.template_policy import quote_sentences
from drafting.types import Draft
from nlp.bot_question import asks_who_is_answering
from nlp.hours_question import HOURS_QUESTION, REPLY_WHEN, holiday_asked_about
from nlp.hygiene import straight_apostrophes
from nlp.taxonomy import PRODUCT_INTENTS
from tools.facts import Fact

# Intents whose first sentence already thanks the customer: no greeting before it.
OWN_OPENING = frozenset({"chargeback_fraud", "privacy_request"})
# "My father passed away last month and I'm dealing with his affairs": condolences come before
# anything else. A person's death only: "the lamp died on me" is a fault.
BEREAVEMENT = re.compile(
    r"\b(?:passed away|bereave\w*|funeral|(?:he|she|who) (?:has |had |sadly |recently )?died"
    r"|(?:my|our|his|her) (?:late )?(?:mum|mom|mother|dad|father|husband|wife|partner|son"
    r"|daughter|brother|sister|grandmother|grandfather|gran|nan|grandma|grandpa|aunt|uncle"
    r"|friend) (?:has |had |sadly |recently )?died|death of (?:my|our|his|her))\b",
    re.IGNORECASE,
)


def greeting_for(message: str) -> str:
    """The opening line's template for a reply to `message`."""
    return "common.greeting_loss" if BEREAVEMENT.search(message) else "common.greeting"


# "What's your phone number?", "how can I reach you?": answered from the contact policy.
CONTACT = re.compile(
    r"\b(?:phone|telephone|call you|ring you|contact (?:you|details)|reach you|email address"
    r"|opening hours|open on|are you open)\b"
    # "a number I can call from the States?", "which number should he ring?"
    r"|\b(?:number|line)\b[^.?!]{0,30}\b(?:call|ring|dial)\b|\b(?:call|ring|dial)\b[^.?!]{0,20}"
    r"\b(?:number|line)\b"
    # "What's the number for the US?" (not the number of an order or a parcel)
    r"|\bwhat(?:'s| is) (?:the|your) (?:phone |contact |support |helpline |customer (?:service"
    r"|support|care) )?number\b(?! (?:of|on|for) (?:the |my |your |this )?(?:order|parcel"
    r"|tracking|item|product|delivery))"
    # Another way to write to us: "can i just send u a voice note instead", "can I message you
    # on WhatsApp?"
    r"|\b(?:send|leave|do|record) (?:you |u )?(?:a |an )?(?:voice ?(?:note|message|memo)|audio"
    r" (?:message|note))s?\b|\b(?:reach|contact|message|text|write to) (?:you|u) (?:on|via|by"
    r"|over|through) whats ?app\b",
    re.I,
)

# The contact policy's line for each way of reaching us a customer may name.
CHANNEL_LINE = {
    "phone": "Phone",
    "call": "Phone",
    "ring": "Phone",
    "email": "Email",
    "chat": "chat",
}
# Calling us: an hours question that says it also wants the number.
CALLING = re.compile(r"\b(?:call|ring|phone|phones|telephone)\b", re.I)

# Words about the shop's own business ("what's the delivery charge?", "my order"), or one of
# our order numbers: a message using them is not out of scope, whatever the classifier read,
# so the redirect would be wrong.
SHOP_BUSINESS = re.compile(
    r"\b(?:deliver(?:y|ed|ing)?|shipping|postage|dispatch(?:ed)?|parcels?|tracking|courier"
    r"|refund(?:s|ed)?|exchange|cancel(?:l?ed|l?ing)?|price|cost|charged?|in stock|out of stock"
    r"|warranty|invoice|receipt|gift card|promo code|discount code|password|my account"
    r"|(?:my|an?|the|this|that) order|order number|ordered)\b|<ORDER_ID_\d+>|\bHR-?\d{6}\b"
    # Asking the shop itself for something no policy covers: a showroom to visit, a donation
    # for a raffle, sponsorship. A person answers; "I can help with orders" would be a brush-off.
    r"|\bshowrooms?\b|\b(?:donat(?:e|ing|ion)|raffle|tombola|sponsor(?:ship|ing)?)\b"
    # A discount of our own asked for ("do u do an nhs discount? nurse here", "student
    # discount?", "a trade account for my café?"): only a person can say yes or no.
    r"|\b(?:discounts?|vouchers?|coupons?|loyalty|trade (?:accounts?|prices?|discounts?)"
    r"|blue light card|nhs)\b"
    # How to pay ("do u guys take paypal?"): the payments policy's question, not the contact one.
    r"|\b(?:paypal|klarna|amex|american express|apple pay|google pay|bank transfer)\b"
    r"|\bpay (?:by|with|using)\b"
    # The shop itself: who Hollin and Reed are, who owns or started it. No policy says.
    r"|\bwho (?:is|are|was|were) (?:hollin|reed)\b|\b(?:the )?(?:owners?|founders?) (?:of )?(?:the "
    r"|your |this )?(?:shop|company|business|brand)\b|\bwho (?:owns|runs|started|founded) "
    r"(?:the |your |this )?(?:shop|company|business|brand|hollin)"
    # and the facts of its business: "How many people work at Hollin & Reed? Where is your
    # warehouse? How many orders do you send out in a day? What's the most popular thing?"
    r"|\bhow many (?:people|staff|employees|workers) (?:work|do you (?:have|employ))"
    r"|\bwhere (?:is|are) (?:your|the) (?:warehouses?|head ?office|headquarters|hq"
    r"|factor(?:y|ies))\b"
    r"|\bhow many orders do you\b|\b(?:most popular|best[- ]?selling) (?:thing|item|product)s?\b"
    # Where it is from: "are you actually a british company or do you just sound like one?",
    # "where are you based?". No policy says where the company is registered or based.
    # ("you are english company so you know the city" says it, and asks about something else.)
    r"|\bare you (?:guys |actually |really |even |truly |an? )*(?:british|uk|english|american"
    r"|us|german|european|local)(?:[- ]based)? (?:company|firm|business|shop|brand|retailer)\b"
    # ("where are you registered?" is the wedding-list question; the company's register is not.)
    r"|\bwhere (?:are you|is (?:the|your) (?:company|shop|business|brand)) (?:actually |really )?"
    r"(?:based|located|from)\b|\bwhere is (?:the|your) (?:company|business) registered\b"
    # Working with the shop: "do u guys have an affiliate program? 40k followers on insta",
    # a collaboration, selling our things wholesale. A person answers, as for sponsorship.
    r"|\b(?:affiliates?|influencers?|brand ambassadors?|ambassador (?:program|programme|scheme)"
    r"|collab(?:oration)?s?|partnerships?|wholesale|stockists?)\b",
    re.I,
)

# "thanks, that's sorted", "cheers, have a good one": the conversation closing, in a few words
# (a longer message thanks us on the way to asking something).
CLOSING_WORDS = 20
THANKS = re.compile(
    r"\b(?:thanks?|thank you|thankyou|thx|ta|cheers|much appreciated|have a (?:good|nice|great)"
    r" (?:one|day|evening|weekend)|(?:you'?ve|you have) been (?:\w+ )?helpful|bye)\b",
    re.I,
)


# "I don't have an order number or a receipt", "it was a gift, so no order number here", and
# "can I order it from your US store?" (nothing ordered yet): asking for the number cannot help;
# a colleague finds the order another way, or answers the question before buying.
_NUMBER_OR_RECEIPT = r"(?:order (?:number|no\b|ref(?:erence)?|confirmation)|receipt|confirmation)"
NO_ORDER_NUMBER = re.compile(
    r"\b(?:i|we)(?:'ve| have)? (?:do not|don't|did not|didn't|have not|haven't|never|no longer"
    r"|can(?:no|')t find|lost|threw away|deleted)\b[^.?!]{0,40}?\b"
    + _NUMBER_OR_RECEIPT
    + r"|\b(?:no |without (?:a |an |the |my )?)"
    + _NUMBER_OR_RECEIPT
    + r"\b"
    + r"|\b(?:can|could|may) (?:i|we) (?:order|buy|purchase)\b"
    + r"|\bif (?:i|we) (?:order|buy|purchase)\b"
    + r"|\b(?:before|thinking of|planning to|going to|would like to|'d like to|about to) "
    + r"(?:order|buy|purchase|ordering|buying)\b"
    + r"|\b(?:haven't|have not) (?:yet )?(?:ordered|bought)\b"
    + r"|\bnot (?:yet )?ordered\b",
    re.I,
)


def has_no_order_number(message: str) -> bool:
    return bool(NO_ORDER_NUMBER.search(straight_apostrophes(message)))


# Why a draft that would have asked for the order number goes to a colleague instead.
NO_NUMBER_TO_GIVE = "the customer has no order number to give: a colleague finds the order"


def colleague_takes_it(
    ctx: Context, why: str, cite: Sequence[str] = (), *, greet: bool = True
) -> Draft:
    """The reply when there is nothing useful to ask: a colleague takes the case, and `why` is
    noted for them."""
    ctx.out.note(why)
    ctx.out.say("common.colleague", cite=list(cite), primary=True)
    return ctx.out.draft(grounded=False, greet=greet)


def closes_conversation(message: str) -> bool:
    """A short thank-you or goodbye with no question in it ("thanks in advance, ..." opens one)."""
    return (
        bool(THANKS.search(message))
        and "?" not in message
        and len(message.split()) <= CLOSING_WORDS
        and not re.search(r"\bin advance\b", message, re.I)
    )


def resolve_market(market: str | None, facts: FactSet) -> str:
    """The session's market, else the market the facts are about, else the UK shop."""
    if market:
        return market_of(market)
    for fact in (*facts.kind("order"), *facts.kind("product")):
        if fact.data.get("market"):
            return market_of(fact.data["market"])
    return "UK"


def say_policy(
    ctx: Context,
    fact: Fact | Sequence[Fact | None] | None,
    *,
    hints: Sequence[str] = (),
    detail: bool = False,
    limit: int | Sequence[int] = 2,
    needs: Sequence[str] = (),
    exclude: Sequence[str] = (),
) -> bool:
    """Quote the sentences of one or more sections (of one policy) that fit the question, as
    one sentence citing each section quoted; False if nothing fit. `needs` names what each
    section's quote must carry if the section has it (see `template_policy.quote`); `limit`
    may give each section its own number of sentences."""
    if detail and ctx.out.follow_up:
        return False
    sections = [fact] if isinstance(fact, Fact) else [f for f in fact or () if f is not None]
    limits = [limit] * len(sections) if isinstance(limit, int) else list(limit)
    quoted: list[tuple[Fact, str]] = []
    for section, most in zip(sections, limits, strict=False):
        chosen = quote_sentences(
            section,
            message=ctx.message,
            market=ctx.market,
            hints=hints,
            limit=most,
            needs=needs,
            exclude=exclude,
            already_quoted=ctx.out.quoted,
        )
        if chosen:
            ctx.out.quoted.update(chosen)
            quoted.append((section, " ".join(chosen)))
    if not quoted:
        return False
    ctx.out.say(
        "policy.quote",
        {"policy_title": policy_title(quoted[0][0]), "quote": " ".join(t for _f, t in quoted)},
        cite=[f.source_id for f, _t in quoted],
        detail=detail,
    )
    return True


# The sentences of the delivery sections (by how they start) left out for a customer whose item
# travels by one service, keyed as products and shipments name it: a sofa's reply does not quote
# the parcel charge, nor a vase's the large-item fee or the two-person team's version of a rule;
# neither quotes the notes about a mixed order or the checkout, which are about an order, not
# the item asked about; and of the two-person visit, "do you bring it inside?" is answered by
# how the day is booked and what the team does on it, not by what the customer should measure
# or check.
_ORDER_NOTES = ("If your order mixes", "You'll see the delivery charges")
_VISIT_OTHERS = (
    "Two-person delivery is how",
    "Assembly isn't included",
    "Before your delivery day",
    "Check the item over",
    "If something is wrong",
)
NOT_QUOTED_FOR_SERVICE = {
    "parcel": (
        "Large-item delivery",
        "The large-item delivery fee",
        "For two-person",
        *_ORDER_NOTES,
    ),
    "two_person": (
        "Standard parcel delivery",
        "Standard delivery is free",
        *_ORDER_NOTES,
        *_VISIT_OTHERS,
    ),
}


# How each payment method's row starts in the policies' refund-time lists.
METHOD_ROWS = {
    "card": "Card:",
    "paypal": "PayPal:",
    "klarna": "Klarna:",
    "gift_card": "Gift card:",
    "bank_transfer": "Bank transfer",
}


def other_methods(method: object) -> tuple[str, ...]:
    """The rows of every payment method but the customer's: quote their own time only."""
    if str(method or "") not in METHOD_ROWS:
        return ()
    return tuple(row for key, row in METHOD_ROWS.items() if key != method)


def first_policy(ctx: Context, slug: str, anchors: Sequence[str]) -> Fact | None:
    """The preferred section of `slug`; any section of it if none of the anchors came back."""
    found = ctx.facts.policy(slug, anchors)
    if found is not None:
        return found
    same = ctx.facts.policies([slug])
    return same[0] if same else None


def clarify_or_refuse(ctx: Context, *, lead_done: bool = False) -> Draft | None:
    """The reply to a refused or empty look-up: one clarifying question, or the neutral
    not-found sentence. None when there is no refusal among the facts."""
    refusal = ctx.facts.refusal()
    if refusal is None:
        return None
    if refusal.data.get("reason") == "no_results" and ctx.intent not in PRODUCT_INTENTS:
        return None  # an empty catalogue search says nothing about an order question
    out = ctx.out
    greet = ctx.intent not in OWN_OPENING
    reason = str(refusal.data.get("reason") or "")
    ask_for = [str(a) for a in refusal.data.get("ask_for") or []]
    cite = [refusal.source_id]
    if reason == "not_found_or_not_yours":
        # One wording for "no such order" and "not yours": nothing to learn from the reply.
        out.new_paragraph()
        out.say("refusal.not_found", cite=cite, primary=True)
        out.note("order look-up refused or found nothing; reply reveals neither")
        return out.draft(grounded=bool(ask_for), clarifying=True, greet=greet)
    if reason == "no_results":
        out.say("refusal.no_results", cite=cite, primary=True)
        out.say("clarify.product_name")
        out.note("catalogue search found nothing")
        return out.draft(grounded=False, clarifying=True, greet=greet)
    if not lead_done:
        key = f"clarify.reason_{ctx.intent}"
        out.say(key if out.book.has(key) else "clarify.reason_default", detail=True)
    question = "clarify.email_or_postcode" if "email_or_postcode" in ask_for else None
    if question is None and ("order_number" in ask_for or reason == "no_order_reference"):
        question = "clarify.order_number"
    if question == "clarify.order_number" and has_no_order_number(ctx.message):
        return colleague_takes_it(ctx, NO_NUMBER_TO_GIVE, cite, greet=greet)
    if question is None:
        why = f"look-up refused ({reason}) with nothing to ask for"
        return colleague_takes_it(ctx, why, cite, greet=greet)
    out.say(question, cite=cite, primary=True)
    return out.draft(grounded=True, clarifying=True, greet=greet)


def asks_how_to_reach_us(message: str) -> bool:
    """Our opening hours, or a way to reach us: what the contact policy answers."""
    return bool(HOURS_QUESTION.search(message) or CONTACT.search(message))


def asks_only_how_to_reach_us(message: str) -> bool:
    """ "Is there a number I can just call you on instead of doing this?", "phones open on a
    Saturday?": a question about reaching us and nothing of the shop's business. The contact
    policy answers it by rule, however few of the message's other words it shares."""
    return asks_how_to_reach_us(message) and SHOP_BUSINESS.search(message) is None


def other(ctx: Context) -> Draft:
    if asks_who_is_answering(ctx.message):  # "are you a bot?": an honest answer, and the way out
        ctx.out.say("other.assistant", primary=True)
        ctx.out.note("asked who is answering: said it is the assistant")
        if not asks_how_to_reach_us(ctx.message):
            return ctx.out.draft(grounded=False, greet=False, close=False)
        if SHOP_BUSINESS.search(ctx.message):
            # "r u a bot? do u guys take paypal? and r u open sundays": the hours alone would
            # leave the shop's question unanswered, so a person answers it all.
            ctx.out.note(
                "asked who is answering beside a question about the shop: a person answers"
            )
            return replace(ctx.out.draft(grounded=False), needs_person=True)
        # "r u a bot? and r u open sundays": the hours or the ways to reach us too, and the
        # reply is checked like any answer (a question left without a word goes to a person).
    if closes_conversation(ctx.message):
        # "Perfect, you've been super helpful": a goodbye, not a question to redirect.
        ctx.out.say("other.welcome", primary=True)
        ctx.out.note("thanks or goodbye: answered in kind")
        return ctx.out.draft(grounded=False, greet=False, close=False)
    if HOURS_QUESTION.search(ctx.message):
        # "Is this chat still open after midnight?": the hours, and that the assistant never
        # closes.
        hours = ctx.facts.policy("contact-escalation", ("hours",))
        # "...on a Sunday evening, when will somebody see it?": the hours, what happens to a
        # message outside them, and how soon we answer.
        replies = (
            ctx.facts.policy("contact-escalation", ("response-times",))
            if REPLY_WHEN.search(ctx.message)
            else None
        )
        skip: tuple[str, ...]
        if replies is not None:
            hints = [
                "Monday to Saturday",
                "Outside opening hours",
                "first response within 24 hours",
            ]
            # (the email and chat sentences repeat the reply time, or say "them" for emails)
            skip, limits = ("Emails can be sent", "We reply to them", "In chat during"), (3, 1)
            # "...and how long does a reply usually take?" is answered by the reply time itself,
            # whatever other sentence of the section shares more of the message's words.
            time_needs: tuple[str, ...] = ("span",)
        else:
            hints, skip, limits, time_needs = ["Monday to Saturday", "any hour"], (), (2, 1), ()
        quoted = say_policy(
            ctx, [hours, replies], hints=hints, limit=limits, exclude=skip, needs=time_needs
        )
        if quoted:
            if CALLING.search(ctx.message):
                # "Until what time can I still call you?": and the number to call.
                phone = ctx.facts.policy("contact-escalation", ("channels",))
                say_policy(ctx, phone, hints=["Phone"], limit=1, needs=("phone number",))
            holiday = holiday_asked_about(ctx.message)
            if holiday:
                # "Will your team be around over Christmas?": the policy gives the usual week
                # only, so whether we are open on a holiday is for a person to confirm, with the
                # usual hours drafted. ("I'm away until after Christmas" asks nothing of it.)
                ctx.out.note(f"asks about our hours on {holiday!r}: a person confirms")
                return ctx.out.draft(grounded=False)
            ctx.out.note("a question about our opening hours: answered from the contact policy")
            return ctx.out.draft(grounded=True)
    if CONTACT.search(ctx.message):
        channels = first_policy(ctx, "contact-escalation", ("channels", "hours"))
        # The channels they name, else every way to reach us ("besides this chat" names none,
        # and "when I use this chat" is the one they are in, not one they ask about).
        named_all = list(
            dict.fromkeys(
                CHANNEL_LINE.get(m.group(0).lower(), "")
                for m in re.finditer(
                    r"(?<!besides )(?<!other than )(?<!apart from )(?<!except )(?<!instead of )"
                    r"(?<!besides this )(?<!other than this )(?<!apart from this )"
                    r"\b(?:phone|call|ring|email|(?<!this )chat)\b",
                    ctx.message,
                    re.I,
                )
            )
        )
        named = named_all[0] if named_all else None
        # "Which number do I ring you on?": the named channel's own line, not any sentence
        # that happens to share a word ("order number").
        channel = named or ""
        needs: tuple[str, ...] = ()
        unnamed: tuple[str, ...] = ()
        if len(named_all) > 1:
            # "Is there a number I can call from the US? And can I just email you?": each
            # channel's own line, with the numbers when the phone is one of them, and not the
            # lines of a channel they did not name.
            hints, limit = named_all, len(named_all)
            needs = ("phone number",) if "Phone" in named_all else ()
            unnamed = tuple(
                line
                for line in ("Chat", "Email", "Phone")
                if line.lower() not in {n.lower() for n in named_all}
            )
        elif channel == "Phone":
            # Asked how to phone us, the reply gives the numbers (then, room allowing, the
            # hours), not the sentence that shares the most words ("order number", "Saturday").
            hints, limit, needs = ["Phone lines"], 2, ("phone number",)
        elif named:
            hints, limit = [channel], 1
        else:
            hints, limit = ["phone", "email", "chat"], 3
        if say_policy(ctx, channels, hints=hints, limit=limit, needs=needs, exclude=unnamed):
            ctx.out.note("a question about contacting us: answered from the contact policy")
            return ctx.out.draft(grounded=True)
    ctx.out.say("other.redirect", primary=True)
    business = SHOP_BUSINESS.search(ctx.message)
    if business:
        ctx.out.note(f"read as out of scope, but it names {business.group(0)!r}: a person answers")
        return replace(ctx.out.draft(grounded=False, greet=False, close=False), needs_person=True)
    ctx.out.note("out of scope: redirected to what the assistant can help with")
    return ctx.out.draft(grounded=False, greet=False, close=False)
