"""Side questions a reply about something else still answers, from the section they cue.

"Can I send the table back, and will I get the delivery charge back too?" is a return question
with a refund rule inside it; "when will it ship, and will someone ring me to book the day?" is a
status question with the two-person delivery visit inside it. The tools read the cued section
(tools/policies.py TOPIC_CUES); the intent's writer answers the main question, and this step
quotes the side question's section when the reply has not cited it already. The delivery-charge
rule is quoted with several of its cases rather than one, because which case applies (faulty,
cancelled, the legal period, change of mind) is the customer's situation, not a guess of ours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from drafting.template_common import say_policy
from drafting.template_compose import Context
from tools.policies import DELIVERY_CHARGE_BACK, TWO_PERSON_VISIT


@dataclass(frozen=True)
class SideQuestion:
    cue: re.Pattern[str]
    policy: str
    section: str
    hints: tuple[str, ...]
    sentences: int


SIDE_QUESTIONS = (
    SideQuestion(
        DELIVERY_CHARGE_BACK,
        "refunds",
        "delivery-charges",
        ("delivery charge", "refund", "faulty", "cancelled", "change-of-mind", "legal"),
        5,
    ),
    SideQuestion(
        TWO_PERSON_VISIT, "delivery", "two-person", ("book", "time slot", "carry", "room"), 3
    ),
)


def answer_side_questions(ctx: Context) -> list[str]:
    """Quote the section of each side question the message asks and the reply has not cited;
    the sections quoted (source ids)."""
    quoted: list[str] = []
    for side in SIDE_QUESTIONS:
        if not side.cue.search(ctx.message):
            continue
        fact = ctx.facts.policy(side.policy, (side.section,))
        if fact is None or fact.source_id in ctx.out.citations:
            continue
        if say_policy(ctx, fact, hints=side.hints, limit=side.sentences):
            quoted.append(fact.source_id)
    return quoted
