"""A cancellation or change asked for a late or lost parcel: too late to cancel, and the reply
also says where the parcel is and what the delivery policy does about it; the plan fetches that
policy section once the order's state is known."""

from __future__ import annotations

from datetime import date

import pytest

from tests.test_template_drafter import REF, eligibility, order_in, policy, write
from tools.plan import order_sections

MESSAGE = f"The tracking on {REF} hasn't budged in a week. I'd rather just cancel it."


def test_that_a_cancellation_of_a_lost_parcel_tells_of_the_carrier_trace_not_a_return():
    facts = [
        order_in("lost_in_transit"),
        eligibility("cancel", False, "already_dispatched"),
        policy("cancellations", "after-dispatch"),
        policy("delivery", "lost"),
    ]
    draft = write("cancel_order", facts, MESSAGE)
    assert "has already been dispatched, so it can't be cancelled now" in draft.text
    assert "a trace has been opened with the carrier" in draft.text
    assert "investigation with the carrier within 2 business days" in draft.text
    assert "policy:delivery@v4#lost" in draft.citations
    # It will not arrive, so refusing the delivery or returning it is no answer.
    assert "policy:cancellations@v2#after-dispatch" not in draft.citations
    assert draft.grounded


def test_that_a_cancellation_of_a_late_parcel_gives_the_new_date_and_the_way_out():
    facts = [
        order_in("delayed"),
        eligibility("cancel", False, "already_dispatched"),
        policy("cancellations", "after-dispatch"),
        policy("delivery", "delayed"),
    ]
    draft = write("cancel_order", facts, MESSAGE)
    assert "can't be cancelled now" in draft.text
    assert "severe weather" in draft.text
    assert "policy:delivery@v4#delayed" in draft.citations
    assert "policy:cancellations@v2#after-dispatch" in draft.citations


def test_that_a_parcel_in_no_trouble_gets_the_plain_refusal():
    facts = [
        order_in("in_transit"),
        eligibility("cancel", False, "already_dispatched"),
        policy("cancellations", "after-dispatch"),
    ]
    draft = write("cancel_order", facts, MESSAGE)
    assert "Birmingham hub" not in draft.text
    assert not any(c.startswith("policy:delivery") for c in draft.citations)


@pytest.mark.parametrize(
    ("state", "section"), [("lost_in_transit", "delivery#lost"), ("delayed", "delivery#delayed")]
)
@pytest.mark.parametrize("intent", ["cancel_order", "change_order"])
def test_that_the_plan_reads_the_troubled_parcels_delivery_rule(
    intent: str, state: str, section: str
):
    order = order_in(state).data
    assert section in order_sections(intent, order, date(2026, 11, 1))
    assert section not in order_sections(intent, order_in("in_transit").data, date(2026, 11, 1))
