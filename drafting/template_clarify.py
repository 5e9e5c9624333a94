"""One clarifying question for a vague first message ("can you check my order?", "I sent
something back", "I just bought the oak table").

Such a message names a case but no question: any full answer would be a guess at what the
customer wants, and the intent classifier is rarely sure of it either. Instead of handing the
turn to a person, the reply says what the facts already show (the order's state, when an order
is in focus) and asks one short question. The draft is marked `clarifying_question`, so the
gate may send it on its own unless an override applies, and never twice in a row (see
`graph/gate.py`). The customer's next message is then read together with this one.
"""

from __future__ import annotations

import re
from dataclasses import replace

from drafting.template_common import NO_NUMBER_TO_GIVE, colleague_takes_it, has_no_order_number
from drafting.template_compose import Context
from drafting.template_facts import words
from drafting.template_orders import describe_order, list_orders
from drafting.template_slots import product_slots
from drafting.types import Draft
from nlp.pii.vault import PLACEHOLDER_RE
from nlp.taxonomy import PRODUCT_INTENTS
from prompts.loader import TemplateBook
from tools.facts import Fact

# Intents whose writers answer a question from facts; the rest (people, disputes, chit-chat)
# have their own replies and never ask.
ORDER_INTENTS = frozenset(
    {
        "order_status",
        "delivery_problem",
        "return_request",
        "refund_status",
        "exchange",
        "cancel_order",
        "change_order",
        "billing",
    }
)
ORDER_NEXT = "clarify.order_next"
PRODUCT_WHAT = "product.what_to_know"
# A message this long usually says what it wants even without one of the topic words.
MAX_WORDS = 14
# Words that say what the customer wants to know or have done. One of them in the message makes
# it a real question for the intent's writer, however short ("when will it arrive?").
TOPIC = re.compile(
    r"\b(?:when|where|why|how|which|track\w*|deliver\w*|arriv\w*|late|lost|missing|courier"
    r"|parcel|ship\w*|dispatch\w*|refund\w*|money|paid|pay\w*|charg\w*|invoice|receipt"
    r"|return\w*|cancel\w*|chang\w*|swap\w*|exchang\w*|replace\w*|siz\w*|fit\w*|dimension\w*"
    r"|measure\w*|big|wide|width|tall|height|deep|depth|long|heavy|weigh\w*|colou?r\w*"
    r"|finish\w*|material\w*|made|price\w*|cost\w*|cheap\w*|stock|available|care|wash\w*"
    r"|clean\w*|compatib\w*|work\w*|warrant\w*|guarantee\w*|klarna|account|password|log\s?in"
    r"|email|address|open|hours|phone|damag\w*|broken|faulty|wrong|status|discount|voucher"
    r"|gift|flip|turn|delay\w*|happen\w*|assembl\w*|instal\w*|fee|cm|inch\w*|kg)\b",
    re.I,
)


# "Can I send the lamp back?", "am I able to...": the customer asks what they may do, which the
# intent's writer answers even without a topic word.
MAY_I = re.compile(
    r"\b(?:can|could|may|should|do|must) (?:i|we)\b|\b(?:am i|are we) able\b|\bis it possible\b",
    re.I,
)


_HELLO = r"^\W*(?:(?:hi|hello|hey|hiya)\b\W*)?"
# The three shapes of a message that names a case but asks nothing: a bare request to look at
# it, a request for help in general, and a statement of what happened.
CASE_ONLY = (
    re.compile(
        _HELLO + r"(?:(?:can|could|would|will) you\s+(?:please\s+)?|please\s+)?"
        r"(?:check(?: on| up on)?|look (?:at|into|up)|have a look at|pull up|find"
        r"|help(?: me)?(?: with)?)\b",
        re.I,
    ),
    re.compile(r"\bi(?: really)? (?:need|want|would like|'d like) (?:some )?help\b", re.I),
    # "something's come up with an order I placed", "I have a question about my order"
    re.compile(
        r"\b(?:a (?:problem|question|query|issue)|an (?:issue|enquiry|inquiry)"
        r"|something(?:'s| has)? (?:come up|gone wrong|wrong)?) (?:with|about|regarding|on) "
        r"(?:my |an |the |one )?(?:order|purchase)\b",
        re.I,
    ),
    re.compile(
        _HELLO + r"i(?:'ve| have)? (?:just |recently )?"
        r"(?:bought|ordered|purchased|sent|returned|received|got|placed)\b",
        re.I,
    ),
)
# Sentences that carry no request at all ("Thanks.", "Hi there!").
SMALL_TALK = re.compile(r"^\W*(?:hi|hello|hey|hiya|thanks?|thank you|cheers|please)?\W*$", re.I)


def is_vague(message: str) -> bool:
    """A short message that names a case and asks nothing of its own ("can you check
    <ORDER_ID_1> for me?", "I sent something back"). Anything else (a typo'd request, an
    instruction, a real question) is left to the intent's writer."""
    rest = PLACEHOLDER_RE.sub(" ", message)
    count = len(re.findall(r"[A-Za-z]+", rest))
    if not 0 < count <= MAX_WORDS:
        return False
    if TOPIC.search(rest) is not None or MAY_I.search(rest) is not None:
        return False
    sentences = [s for s in re.split(r"[.?!\n]+", rest) if not SMALL_TALK.match(s)]
    return bool(sentences) and all(any(shape.search(s) for shape in CASE_ONLY) for s in sentences)


def vague_reply(ctx: Context) -> Draft | None:
    """The clarifying reply to a vague message, or None when the message is a real question
    (or the intent's writer has its own way to ask)."""
    if ctx.out.follow_up or not is_vague(ctx.message) or ctx.facts.refusal() is not None:
        return None
    if ctx.intent in PRODUCT_INTENTS:
        product = _named_product(ctx)
        if product is not None:
            return _about_product(ctx, product)
        return None
    order = ctx.facts.order()
    named = order is not None and str(order.data.get("order_ref") or "") in ctx.message
    # "Could you look at <ORDER_ID_1>?" may read as out of scope to the classifier; the order
    # it names is what the customer came about all the same.
    if order is not None and named and ctx.intent in (*ORDER_INTENTS, "other"):
        return _about_order(ctx, order)
    if ctx.intent not in ORDER_INTENTS:
        return None
    listing = ctx.facts.order_list()
    if order is None and listing is not None:
        # Logged in, no order named: which order comes first; the rest follows from it.
        if len(listing.data.get("orders") or []) > 1:
            ctx.out.note("vague message with no order named: listed the orders and asked which")
            return replace(list_orders(ctx, listing), clarifying_question=True)
        if has_no_order_number(ctx.message):
            return colleague_takes_it(ctx, NO_NUMBER_TO_GIVE)
        out = ctx.out
        out.say("clarify.reason_default")
        out.say("clarify.order_number", primary=True)
        out.note("vague message with no order named: asked for the order number")
        return out.draft(grounded=False, clarifying=True)
    return None


def _about_order(ctx: Context, order: Fact) -> Draft:
    """What the order's state is, then what they would like to know or do about it."""
    out = ctx.out
    describe_order(ctx, order)
    out.say(next_question_key(out.book))
    out.note("vague message about an order: stated its status and asked what they need")
    return out.draft(grounded=True, clarifying=True)


def next_question_key(book: TemplateBook) -> str:
    """The question after an order's status: `clarify.order_next` once the template book has
    it; until then the closing line, which invites the customer to say what they need."""
    return ORDER_NEXT if book.has(ORDER_NEXT) else "common.closing"


def _about_product(ctx: Context, product: Fact) -> Draft | None:
    if not ctx.out.book.has(PRODUCT_WHAT):
        return None  # no question to ask in the shipped templates: the writer answers
    ctx.out.say(
        PRODUCT_WHAT, product_slots(product, ctx.market), cite=[product.source_id], primary=True
    )
    ctx.out.note("vague message naming a product: asked what they want to know about it")
    return ctx.out.draft(grounded=True, clarifying=True)


def _named_product(ctx: Context) -> Fact | None:
    """The product whose full name is in the message; a catalogue hit the customer did not
    name is no reason to ask about it."""
    product = ctx.facts.product()
    if product is None:
        return None
    name = words(str(product.data.get("product_name") or ""))
    return product if name and name <= words(ctx.message) else None
