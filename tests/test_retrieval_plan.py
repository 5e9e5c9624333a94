"""The tool plan's policy look-ups: standing sections per intent, the customer's words naming
another policy's topic, and the sections an order's state calls for once it has been found.

Pure planning, no database: the facts the follow-up reads are the records the order tool
writes (see tests/test_retrieval_follow_up.py for the same rules on real seeded orders).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tools.facts import Fact
from tools.plan import (
    READ_POLICY_SECTIONS,
    SEARCH_POLICIES,
    PlannedCall,
    follow_up_plan,
    order_sections,
    plan_tools,
)
from tools.policies import PACK_IT, PHONE_US, cued_topics, section_key

TODAY = date(2026, 11, 1)


def plan(intent: str, text: str, *, ids: tuple[str, ...] = ()) -> tuple[PlannedCall, ...]:
    return plan_tools(intent, order_ids=ids, skus=(), query_text=text, logged_in=True)


def searches(calls: tuple[PlannedCall, ...]) -> dict[str | None, dict[str, Any]]:
    """policy slug -> the arguments of the search of that policy."""
    return {c.arguments.get("policy"): c.arguments for c in calls if c.tool == SEARCH_POLICIES}


def test_that_a_request_for_a_person_looks_up_how_a_person_is_reached():
    calls = plan("human_request", "I want to talk to a real person now")
    found = searches(calls)
    assert set(found) == {"contact-escalation"}  # one search: the cue joins the standing one
    assert found["contact-escalation"]["sections"] == ["human"]
    # The order named earlier comes along, for the agent's hand-off packet.
    with_order = plan("human_request", "get me a member of staff", ids=("<ORDER_ID_1>",))
    assert with_order[0] == PlannedCall("lookup_order", {"order_id": "<ORDER_ID_1>"})


@pytest.mark.parametrize(
    ("intent", "policy", "standing"),
    [
        ("complaint", "contact-escalation", ["complaints"]),
        ("privacy_request", "account-privacy", ["privacy-requests"]),
        ("chargeback_fraud", "contact-escalation", ["chargebacks"]),
        ("damaged_item", "damaged-items", ["report", "photos"]),
        ("refund_status", "refunds", ["timing"]),
        ("cancel_order", "cancellations", ["before-dispatch", "refund"]),
        ("change_order", "order-changes", ["what-can-change"]),
        ("return_request", "returns", ["window", "return-costs", "start"]),
    ],
)
def test_that_each_intent_always_asks_for_the_sections_its_answer_states(intent, policy, standing):
    found = searches(plan(intent, "hello there", ids=("<ORDER_ID_1>",)))
    assert found[policy]["sections"] == standing
    assert "hello there" in found[policy]["query"]


def test_that_intents_whose_standing_sections_carry_the_answer_search_fewer_other_sections():
    narrow = searches(plan("complaint", "the service was poor"))["contact-escalation"]
    wide = searches(plan("return_request", "the service was poor"))["returns"]
    assert narrow["k"] < wide.get("k", 3)


@pytest.mark.parametrize(
    ("intent", "text", "policy", "sections"),
    [
        # filed under another intent, the words still name the price promise
        (
            "change_order",
            "it is much cheaper on your site now, can I get the difference back?",
            "price-promise",
            ["how-it-works", "claim"],
        ),
        (
            "billing",
            "could you send me a VAT invoice for it",
            "payments-invoices",
            ["tax-invoices"],
        ),
        ("chargeback_fraud", "I think my account was hacked", "account-privacy", ["password"]),
        (
            "delivery_problem",
            "the courier wrecked it, the vase arrived smashed",
            "damaged-items",
            ["report", "photos"],
        ),
        (
            "order_status",
            "Ich möchte das zurückschicken, bis wann geht das?",
            "returns",
            ["window", "return-costs"],
        ),
    ],
)
def test_that_words_naming_another_policys_topic_add_a_search_of_that_policy(
    intent, text, policy, sections
):
    found = searches(plan(intent, text, ids=("<ORDER_ID_1>",)))
    assert found[policy]["sections"] == sections
    assert found[policy]["query"] == text  # no topic words of the intent put before it
    assert found[policy]["k"] == 1  # the named sections answer it: one search hit at most


def test_that_a_topic_without_named_sections_is_searched_within_its_policy():
    found = searches(plan("product_info", "is the sofa frame covered by the warranty?"))
    assert found["warranty"]["k"] == 2 and "sections" not in found["warranty"]


def test_that_a_cue_for_the_intents_own_policy_joins_its_search():
    calls = plan("account", "I forgot my password and can't log in")
    found = searches(calls)
    assert list(found) == ["account-privacy"]
    assert "password" in found["account-privacy"]["sections"]


@pytest.mark.parametrize(
    ("text", "asks_how_to_phone_us"),
    [
        ("there is a telefone number where i can call for help, and which hours it is open?", True),
        ("can i ring someone about it on a sunday", True),
        ("What is your phone number?", True),
        ("Where can I change the phone number so the driver can reach me?", False),
        ("I updated my phone number last week.", False),
    ],
)
def test_that_asking_how_to_phone_us_is_told_from_a_number_of_ones_own(text, asks_how_to_phone_us):
    # The side question quotes our phone lines only for a number to call; retrieval may still
    # fetch the contact section for any mention of a phone number (a broader cue).
    assert bool(PHONE_US.search(text)) is asks_how_to_phone_us
    if asks_how_to_phone_us:
        assert "channels" in cued_topics(text).get("contact-escalation", [])


@pytest.mark.parametrize(
    ("text", "asks_about_the_seal"),
    [
        ("If I unwrap the mattress and sleep on it for a week, can I still send it back?", True),
        ("The pillow: once\nI've taken it out of its plastic, is it mine for good?", True),
        ("We tried them out, the duvets are too warm. Can they go back?", True),
        ("If a guest finds the pillows too firm after a night on them, can they go back?", True),
        ("If the duvet turns out too warm for him, can I send it back?", True),
        ("The duvet cover is too thin for winter, so I'd like to send it back.", False),
        ("The seat cushion is too firm for my back, can I send it back?", False),
        ("The pillows had a week on the line to air out, then arrived torn.", False),
        ("I unwrapped the duvet cover and it has a stain on it.", False),
        ("I unwrapped the lamp and the shade is dented.", False),
    ],
)
def test_that_opening_bedding_cues_the_sealed_wrapping_rule(text, asks_about_the_seal):
    cued = "exclusions" in cued_topics(text).get("returns", [])
    assert cued is asks_about_the_seal


@pytest.mark.parametrize(
    ("text", "asks_what_happens_if_it_fails"),
    [
        ("What happens if the carrier can't deliver it?", True),
        ("If they can't deliver it in the end, does it go back to you?", True),
        ("Will it be returned to sender if I'm not in?", True),
        ("Since you can't deliver on time, I expect my shipping refunded.", False),
        ("Once the chair goes back to you, when is my refund?", False),
    ],
)
def test_that_asking_what_happens_to_an_undeliverable_parcel_cues_the_missed_delivery_rule(
    text, asks_what_happens_if_it_fails
):
    cued = "missed" in cued_topics(text).get("delivery", [])
    assert cued is asks_what_happens_if_it_fails


@pytest.mark.parametrize(
    "text",
    [
        "where is my parcel?",
        "what's the difference between the oak and the walnut finish?",
        "does the lamp take an E27 bulb?",
        "the window seat cushion, is it washable?",
    ],
)
def test_that_ordinary_questions_name_no_other_policy(text):
    assert cued_topics(text) == {}
    assert plan("order_status", text, ids=("<ORDER_ID_1>",)) == (
        PlannedCall("lookup_order", {"order_id": "<ORDER_ID_1>"}),
    )


def order(status: str, **data: Any) -> Fact:
    """An order fact as the order tool writes its data (only the fields the rules read)."""
    record = {
        "status": status,
        "market": "UK",
        "total": "120.00",
        "shipments": [],
        "refunds": [],
        "returns": [],
        "payment_method": "card",
        **data,
    }
    return Fact("order:HR-100001", "order", "Order <ORDER_ID_1>", record)


def test_that_the_orders_state_names_the_delivery_section_that_explains_it():
    assert order_sections("order_status", order("processing").data, TODAY) == ["delivery#uk"]
    assert order_sections("order_status", order("delayed").data, TODAY) == ["delivery#delayed"]
    lost = order_sections("delivery_problem", order("lost_in_transit").data, TODAY)
    assert lost == ["delivery#lost"]
    attempted = order("delivered", shipments=[{"failed_attempts": [{"occurred_at": "x"}]}])
    assert order_sections("delivery_problem", attempted.data, TODAY) == ["delivery#missed"]
    plain = order("delivered", shipments=[{"failed_attempts": []}])
    assert order_sections("delivery_problem", plain.data, TODAY) == ["delivery#not-received"]
    # A delivered order's status question needs no delivery policy at all.
    assert order_sections("order_status", plain.data, TODAY) == []


def test_that_a_refunds_state_names_the_sections_behind_its_date_and_amount():
    waiting = order(
        "returned",
        returns=[{"status": "received", "return_fee": "6.95"}],
        refunds=[{"status": "pending", "amount": "113.05", "expected_by": "2026-11-09"}],
    )
    assert order_sections("refund_status", waiting.data, TODAY) == [
        "returns#inspection",
        "refunds#partial",
        "returns#return-costs",
    ]
    overdue = order(
        "refunded",
        refunds=[{"status": "processed", "amount": "120.00", "expected_by": "2026-10-20"}],
    )
    assert order_sections("refund_status", overdue.data, TODAY) == ["refunds#missing"]
    unpaid = order("cancelled", payment_method="bank_transfer")
    assert order_sections("refund_status", unpaid.data, TODAY) == [
        "payments-invoices#bank-transfer"
    ]


def test_that_damage_found_after_the_seven_days_brings_the_warranty():
    late = order("delivered", damage_report_until="2026-10-20")
    assert order_sections("damaged_item", late.data, TODAY) == [
        "damaged-items#after-7-days",
        "warranty#length",
        "warranty#evidence",
    ]
    in_time = order("delivered", damage_report_until="2026-11-05")
    assert order_sections("damaged_item", in_time.data, TODAY) == []


def test_that_an_order_on_its_way_brings_what_to_do_after_dispatch():
    moving = order("in_transit").data
    assert order_sections("cancel_order", moving, TODAY) == ["cancellations#after-dispatch"]
    assert order_sections("change_order", moving, TODAY) == ["order-changes#after-dispatch"]
    assert order_sections("cancel_order", order("processing").data, TODAY) == []


def test_that_an_exchange_before_dispatch_reads_the_variant_change_rule():
    waiting = order("processing").data
    assert order_sections("exchange", waiting, TODAY) == ["order-changes#variant-quantity"]
    assert order_sections("exchange", order("in_transit").data, TODAY) == []
    calls = plan("exchange", "can I swap it?", ids=("HR-204813",))
    checks = {c.tool for c in calls if c.tool.startswith("check_")}
    assert checks == {"check_return_eligibility", "check_change_eligibility"}


def test_that_a_return_before_dispatch_reads_the_cancellation_and_a_late_cancel_the_return():
    # "How do I send it back? It hasn't even shipped": cancelling is how it goes back.
    waiting = order("processing").data
    assert order_sections("return_request", waiting, TODAY) == [
        "cancellations#refund",
        "cancellations#how",
    ]
    calls = plan("return_request", "how do I send it back?", ids=("HR-204813",))
    checks = {c.tool for c in calls if c.tool.startswith("check_")}
    assert checks == {"check_return_eligibility", "check_cancellation_eligibility"}
    # "Could you cancel it? It got here fine": how to start the return.
    arrived = order("delivered").data
    assert order_sections("cancel_order", arrived, TODAY) == ["returns#start"]
    assert order_sections("change_order", arrived, TODAY) == ["returns#start"]
    assert order_sections("return_request", arrived, TODAY) == []


def test_that_the_follow_up_reads_only_sections_not_already_found():
    delayed = order("delayed")
    have = Fact("policy:delivery@v4#delayed", "policy", "Delivery: late", {})
    assert follow_up_plan("delivery_problem", [delayed, have], TODAY) == ()
    assert follow_up_plan("delivery_problem", [delayed], TODAY) == (
        PlannedCall(READ_POLICY_SECTIONS, {"sections": ["delivery#delayed"]}),
    )


def test_that_without_an_order_fact_the_follow_up_reads_nothing():
    # A refused look-up (a guest without proof) says nothing about the order's state.
    refused = Fact("refusal:lookup_order", "refusal", "Not available", {"reason": "x"})
    assert follow_up_plan("delivery_problem", [refused], TODAY) == ()


def test_that_a_section_key_ignores_the_policy_version():
    assert section_key("policy:returns@v3#window") == "returns#window"
    assert section_key("policy:returns@v2#window") == "returns#window"


@pytest.mark.parametrize(
    ("intent", "text", "policy", "section"),
    [
        (
            "return_request",
            "Can I return the lamp, and will I get the delivery charge back?",
            "refunds",
            "delivery-charges",
        ),
        ("order_status", "Has it shipped, and will someone ring me before it comes?", "delivery",
         "two-person"),
        ("order_status", "One of us has to be home when the sofa comes. Which day should we keep "
         "free?", "delivery", "two-person"),
        ("delivery_problem", "It's late again. What's the new date, and can I choose a different "
         "day for it to come?", "order-changes", "date"),
        ("account", "I always use guest checkout. Can I follow my orders without an account?",
         "account-privacy", "account-details"),
        ("product_info", "The seat cushions have gone flat. Would the warranty take care of that?",
         "warranty", "not-covered"),
        ("product_info", "Would the warranty cover scratches from our dog?", "warranty",
         "not-covered"),
        ("product_info", "Does the 10 years cover the cushions? And would cushions flattening "
         "count as a fault at all?", "warranty", "not-covered"),
        ("order_status", "Where is it, and what happens if the driver comes and I don't wake up?",
         "delivery", "missed"),
        ("exchange", "Is the Sage in stock, and what happens if nobody's home when the new one "
         "comes?", "delivery", "missed"),
        ("billing", "I was charged more than the listed price, what's the extra amount?",
         "payments-invoices", "tax-invoices"),
        ("sizing_fit", "Will it fit through an 80 cm door, and if not can I send it back?",
         "returns", "return-costs"),
        ("exchange", "If I swap it for the bigger one, will I get charged shipping again?",
         "delivery", "uk"),
        ("sizing_fit", "Our front door is 76 cm. Will it fit? What would a return actually cost "
         "me?", "returns", "return-costs"),
        ("sizing_fit", "Would it fit in our lift? And if it doesn't work in the room, how much is "
         "it to send back?", "returns", "return-costs"),
        ("product_info", "What are they made of? And if two of them don't match the table, what "
         "would it cost me to send those two back?", "returns", "return-costs"),
        ("exchange", "Could I swap it for the bigger one? And how do I actually get the first "
         "one back to you?", "returns", "start"),
        ("return_request", "Can it still go back, and could the refund be paid to her?",
         "refunds", "method"),
        ("account", "I have three addresses. Which email is my account under?",
         "account-privacy", "password"),
        ("delivery_problem", "It's still delayed and I don't need it now. Can I stop it coming?",
         "cancellations", "after-dispatch"),
        ("order_status", "When's it due? If it's after Saturday, could you send it to my office "
         "instead?", "order-changes", "after-dispatch"),
        ("delivery_problem", "If it's lost and I pick the refund, does the money go back into my "
         "PayPal or is it store credit?", "refunds", "method"),
        ("delivery_problem", "It's late. Will I still have the full time to send it back?",
         "returns", "window"),
        ("exchange", "Can I swap it? Do you send a label for the old one?", "returns", "start"),
        ("return_request", "I'm sending the lamp back. How should I pack it?", "returns",
         "condition"),
        ("other", "Is this chat still open after midnight?", "contact-escalation", "hours"),
        ("other", "If I leave a question here on a Sunday evening, when is somebody likely to see "
         "it?", "contact-escalation", "response-times"),
        ("refund_status", "His card has been cancelled, so could you pay it into my account "
         "instead?", "refunds", "method"),
        ("account", "I can't get into my account and the reset email isn't arriving.",
         "account-privacy", "password"),
        ("return_request", "If I send back just the throw, does the delivery stop being free "
         "because the order's smaller now?", "refunds", "delivery-charges"),
        ("delivery_problem", "Nobody's in on weekdays, so the driver can just leave it in the "
         "log store.", "order-changes", "date"),
        ("return_request", "It doesn't suit the room. What do I need to do this time?", "returns",
         "start"),
        ("billing", "I paid full price and now it's in your final sale for less. Am I owed the "
         "difference?", "price-promise", "exclusions"),
        ("cancel_order", "The price of the curtains has dropped since I ordered. Should I cancel "
         "and reorder?", "price-promise", "claim"),
        ("billing", "My card was declined so I paid with PayPal. Now my banking app shows "
         "£171.90 pending on the card as well.", "payments-invoices", "billing-errors"),
        ("account", "My teenager has worked out my password.", "account-privacy",
         "account-details"),
        ("other", "Phones open tomorrow morning?", "contact-escalation", "hours"),
        ("billing", "The same amount left my account twice. Will the second payment come back "
         "to me, and if so, to which account?", "refunds", "method"),
        ("return_request", "I paid by bank transfer, so I'm not sure how the money would find "
         "its way back to me.", "refunds", "method"),
        ("refund_status", "Could you put my refund onto a Hollin & Reed gift card instead of "
         "back on my Visa?", "refunds", "method"),
        ("billing", "Another shop has the same lamp for less. Will you price match it?",
         "price-promise", "exclusions"),
    ],
)  # fmt: skip
def test_that_a_side_question_brings_the_section_that_answers_it(intent, text, policy, section):
    found = searches(plan(intent, text))
    assert section in found[policy]["sections"]


def test_that_asking_when_a_refund_arrives_is_not_a_delivery_time_question():
    from tools.policies import DELIVERY_TIME

    assert DELIVERY_TIME.search("Once it ships, how long does it take to get here?")
    assert DELIVERY_TIME.search("how long until the new one is at my door?")
    assert DELIVERY_TIME.search("so how long does normal delivery take in Germany?")
    assert not DELIVERY_TIME.search("how long until the refund is back on my card?")
    assert not DELIVERY_TIME.search("how long does it take to refund me?")


@pytest.mark.parametrize(
    ("text", "sections"),
    [
        ("What does delivery cost on the Olive Sideboard?", ["uk", "us", "germany"]),
        ("and what do you charge to deliver it to Cologne?", ["uk", "us", "germany"]),
        ("If it's the only thing in my order, do I get charged for shipping?",
         ["uk", "us", "germany"]),
        ("How long does delivery take for the mattress here in Germany?", ["uk", "us", "germany"]),
        ("Do you bring it inside or just leave it at the curb?", ["two-person"]),
        ("Will your people carry it up to the fourth floor, and what does that cost?",
         ["two-person"]),
    ],
)  # fmt: skip
def test_that_a_product_question_about_delivery_reads_the_delivery_sections(text, sections):
    for intent in ("product_info", "sizing_fit", "compatibility"):
        found = searches(plan(intent, text))
        assert set(sections) <= set(found["delivery"]["sections"])


def test_that_paying_more_than_the_price_reads_the_delivery_charges():
    # The order's delivery charge may be the difference; the market's rule says when it is paid.
    asked = "on your website the pan cost less, but my bank take £70.90. why more money?"
    assert {"uk", "us", "germany"} <= set(searches(plan("billing", asked))["delivery"]["sections"])


def test_that_asking_how_a_price_difference_comes_back_reads_its_refund_rule():
    asked = "It's £5 cheaper now. I paid with Klarna, so how would the difference come back to me?"
    assert "refund" in searches(plan("billing", asked))["price-promise"]["sections"]
    plain = "It's £5 cheaper now. Can I claim the difference?"
    assert "refund" not in searches(plan("billing", plain))["price-promise"]["sections"]


def test_that_only_product_questions_read_delivery_charges_asked_before_buying():
    # An order's own question keeps its own sections: a refund of the charge is not its cost.
    assert "delivery" not in searches(plan("billing", "Was I charged for delivery twice?"))
    refund = searches(plan("product_info", "If it goes back, will I get the delivery charge back?"))
    assert "delivery" not in refund


@pytest.mark.parametrize(
    ("text", "asks_for_a_code_after_ordering"),
    [
        ("My cousin authorised the 30% staff discount, can you apply the 30% now?", True),
        ("I forgot to put my newsletter code in when I ordered, can you still take it off?", True),
        ("Can I use two discount codes on one order?", True),
        ("I forgot my door code, can the driver ring me instead?", False),
        ("Is the 30% off sale still on?", False),
    ],
)
def test_that_a_discount_asked_for_cues_the_promo_code_rule(text, asks_for_a_code_after_ordering):
    cued = "promo-codes" in cued_topics(text).get("price-promise", [])
    assert cued is asks_for_a_code_after_ordering


@pytest.mark.parametrize(
    ("text", "asks_about_the_packaging"),
    [
        ("I've already thrown out the packaging it came in, does that matter?", True),
        ("does it matter that I broke down the box and recycled it?", True),
        ("Do I need the original box to send it back?", True),
        ("I put the box out for recycling, can it go back in other packaging?", True),
        ("I used the box it came in for something else.", True),
        ("Does it have to go back in the box it came in?", True),
        ("Could I have it in a different colour?", False),
        ("Your courier threw the box over our garden gate.", False),
        ("The box was crushed when it arrived.", False),
    ],
)
def test_that_packaging_gone_or_needed_cues_the_return_condition_rule(
    text: str, asks_about_the_packaging: bool
) -> None:
    assert bool(PACK_IT.search(text)) is asks_about_the_packaging
    if asks_about_the_packaging:
        assert "condition" in cued_topics(text).get("returns", [])


@pytest.mark.parametrize(
    ("text", "moves_the_delivery"),
    [
        ("Can you send <ORDER_ID_1> to the new place instead?", True),
        ("please update my delivery address", True),
        ("Will you send it to the new flat or the old one?", True),
        # The drafter's destinations for an address change, read by the cue too.
        ("Could you deliver it to my office instead?", True),
        ("Can you ship them to my parents' house?", True),
        ("Can you send me the new price list?", False),
    ],
)
def test_that_an_order_sent_somewhere_new_cues_the_address_rule(
    text: str, moves_the_delivery: bool
) -> None:
    cued = "address" in cued_topics(text).get("order-changes", [])
    assert cued is moves_the_delivery


@pytest.mark.parametrize(
    "text",
    [
        "prices on the german site - is the 19% mwst already in them or does it get added?",
        "Ist die Mehrwertsteuer im Preis enthalten?",
        "does the price include VAT?",
    ],
)
def test_that_vat_in_any_of_its_names_cues_the_tax_rule(text):
    assert "tax-invoices" in cued_topics(text).get("payments-invoices", [])


def test_that_a_price_cut_still_to_come_cues_the_price_promise():
    text = "If I buy it today and you drop the price next week, am I just out of luck?"
    assert "how-it-works" in cued_topics(text).get("price-promise", [])
    assert cued_topics("Can you drop the lamp at my neighbour's?") == {}
