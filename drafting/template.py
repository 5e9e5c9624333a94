"""The grounded template drafter: the reply writer when no LLM is configured.

It writes in masked space (orders by their `<ORDER_ID_n>` placeholder), states only what the
facts say, and cites every fact a sentence relies on. The words live in
`prompts/templates/*.toml`; the modules `template_*` choose the templates and fill their slots:

- `template_orders`: order_status, delivery_problem, refund_status
- `template_actions`: return_request, exchange, cancel_order, change_order
- `template_products`: sizing_fit, compatibility, product_info (topics in `template_topics`,
  answered from attributes in `template_answers`)
- `template_care`: damaged_item, complaint, human_request, privacy_request, chargeback_fraud,
  billing, account
- `template_clarify`: one clarifying question for a vague first message
- `template_common`: refusals, clarifying questions, policy quotes, and `other`
- `template_compose` (the composer and the slot contract), `template_slots` (facts into slot
  values), `template_format` (dates, money, measures), `template_facts` (choosing facts),
  `template_policy` (choosing the sentences of a policy section to quote)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from drafting import template_care as care
from drafting.template_actions import eligibility_reply
from drafting.template_asks import unanswered_asks
from drafting.template_clarify import vague_reply
from drafting.template_common import (
    asks_only_how_to_reach_us,
    greeting_for,
    other,
    resolve_market,
)
from drafting.template_compose import Composer, Context, template_book
from drafting.template_coverage import compensation_asked, off_topic, undescribed_service
from drafting.template_facts import FactSet, overdue_refunds
from drafting.template_orders import delivery_problem, order_status, refund_status
from drafting.template_parts import unanswered_parts
from drafting.template_products import product_reply
from drafting.template_side import answer_side_questions, delivery_charge_case_open
from drafting.types import Draft
from nlp.taxonomy import PRODUCT_INTENTS
from tools.facts import Fact

Writer = Callable[[Context], Draft]

WRITERS: dict[str, Writer] = {
    "order_status": order_status,
    "delivery_problem": delivery_problem,
    "return_request": eligibility_reply,
    "refund_status": refund_status,
    "exchange": eligibility_reply,
    "cancel_order": eligibility_reply,
    "change_order": eligibility_reply,
    "sizing_fit": product_reply,
    "compatibility": product_reply,
    "product_info": product_reply,
    "damaged_item": care.damaged_item,
    "billing": care.billing,
    "account": care.account,
    "complaint": care.complaint,
    "human_request": care.human_request,
    "privacy_request": care.privacy_request,
    "chargeback_fraud": care.chargeback_fraud,
    "other": other,
}


def draft_with_templates(
    intent: str,
    facts: Sequence[Fact],
    *,
    masked_message: str,
    market: str | None,
    follow_up: bool = False,
) -> Draft:
    """Write the reply for `intent` from `facts` alone. `follow_up` drops the greeting,
    closing and secondary details, for a short answer to a question about the same case."""
    fact_set = FactSet.of(facts, masked_message)
    composer = Composer(
        book=template_book(), follow_up=follow_up, greeting=greeting_for(masked_message)
    )
    context = Context(
        intent=intent,
        facts=fact_set,
        market=resolve_market(market, fact_set),
        message=masked_message,
        out=composer,
    )
    # A first message that names a case but asks nothing gets one question back, not a guess.
    question = vague_reply(context)
    if question is not None:
        return question
    writer = WRITERS.get(intent)
    if writer is None:
        composer.note(f"unknown intent {intent!r}: answered as out of scope")
        writer = other
    draft = writer(context)
    if draft.grounded and not draft.clarifying_question:
        side = answer_side_questions(context)  # "... and do I get the delivery charge back?"
        if side:
            # The redraft keeps what the writer said it answered (a swap as an order change).
            draft = replace(composer.redraft(), answered_as=draft.answered_as)
        open_case = delivery_charge_case_open(context)
        if open_case is not None:
            return replace(draft, grounded=False, notes=(*draft.notes, open_case))
    if draft.grounded and overdue_refunds(fact_set.order()):
        # Money owed to the customer is stuck past the day it was due, whatever they asked
        # about: only a person can find out why, and no template should promise a new date.
        stuck = "a refund on the order is past the day it was due and still not sent"
        return replace(draft, grounded=False, notes=(*draft.notes, stuck))
    # Out of scope but asking how to reach us: the contact section was chosen by rule.
    by_rule = intent == "other" and asks_only_how_to_reach_us(masked_message)
    why = None if by_rule else off_topic(draft, facts, masked_message, follow_up=follow_up)
    if why is not None:
        # Facts near the question but not about it: a person answers (see template_coverage).
        return replace(draft, grounded=False, notes=(*draft.notes, why))
    missing = unanswered_asks(masked_message, draft.text) if draft.grounded else []
    if missing and not draft.clarifying_question:
        # The question asked for a date, an amount or a number the reply does not give.
        why = "the reply gives no " + " or ".join(
            m.removeprefix("a ").removeprefix("an ").removeprefix("the ") for m in missing
        )
        return replace(draft, grounded=False, notes=(*draft.notes, why + " although asked"))
    service = undescribed_service(masked_message, draft.text) if draft.grounded else None
    if service is not None and not draft.clarifying_question:
        why = f"asks for {service!r}, which no policy or order fact describes"
        return replace(draft, grounded=False, notes=(*draft.notes, why))
    wanted = compensation_asked(masked_message) if draft.grounded else None
    if wanted is not None and not draft.clarifying_question:
        why = f"asks for compensation ({wanted!r}), which no policy offers: a person decides"
        return replace(draft, grounded=False, notes=(*draft.notes, why))
    # "I can't show an order matching those details" ends the order part for good; a question
    # beside it ("...and is the cushion in stock?") would go unanswered, so it is weighed too.
    refusal = fact_set.refusal()
    final = refusal is not None and refusal.data.get("reason") == "not_found_or_not_yours"
    weighed = (draft.grounded or final) and intent not in PRODUCT_INTENTS  # those: topic by topic
    skipped = unanswered_parts(masked_message, draft.text) if weighed else []
    if skipped and (final or not draft.clarifying_question):
        # One question of several left without a word (see template_parts).
        note = "the reply does not speak to: " + "; ".join(repr(p[:80]) for p in skipped)
        return replace(draft, grounded=False, clarifying_question=False, notes=(*draft.notes, note))
    return draft
