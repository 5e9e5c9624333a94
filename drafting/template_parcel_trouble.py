"""A late or lost parcel, told beside a cancellation or change that came too late.

"Just cancel it, the tracking hasn't moved in a week": the order has left us, so the answer is
no, but the customer's real problem is the parcel. Where it is, its latest tracking event and
the delivery policy's rule for a late or lost parcel are said too, as a delivery question would
get them (tools/plan.py fetches that section once the order's state is known).
"""

from __future__ import annotations

from drafting.template_common import say_policy
from drafting.template_compose import Context
from drafting.template_facts import policy_anchor
from drafting.template_orders import (
    PROBLEM_HINTS,
    PROBLEM_SECTIONS,
    describe_shipments,
    lost_parcel_quote,
)
from tools.facts import Fact
from tools.plan import PARCEL_TROUBLE

TROUBLED = frozenset(PARCEL_TROUBLE)  # the states whose delivery section the plan fetches


def describe_parcel_trouble(ctx: Context, order: Fact | None) -> str | None:
    """Say where a late or lost parcel is and what happens next; its state, or None when the
    parcel is in no trouble (and nothing was said)."""
    state = str(order.data.get("status") or "") if order is not None else ""
    if order is None or state not in TROUBLED:
        return None
    ctx.out.new_paragraph()
    describe_shipments(ctx, order, events=True)
    section = ctx.facts.policy("delivery", PROBLEM_SECTIONS[state])
    anchor = policy_anchor(section) if section is not None else ""
    hints, limit = lost_parcel_quote(
        ctx.message, anchor, ["delivery", *PROBLEM_HINTS.get(anchor, [])]
    )
    say_policy(ctx, section, hints=hints, limit=limit, needs=("span",))
    ctx.out.new_paragraph()  # what the customer can do instead comes apart from the parcel
    return state
