"""A message asking several questions gets an automatic reply only when the reply speaks to
each of them; one left without a word makes the draft an agent's."""

from __future__ import annotations

from dataclasses import replace

import pytest

from drafting.template_parts import question_parts, unanswered_parts
from tests.test_template_drafter import REF, eligibility, order_in, policy, product, write
from tools.facts import Fact


def test_that_a_sentence_asking_three_things_is_read_as_three_questions():
    message = (
        f"On {REF} I'd keep the rest. Can I send back just the candle holder, how do I do it, "
        "and will I get the delivery charge back as well?"
    )
    assert question_parts(message) == [
        "Can I send back just the candle holder",
        "how do I do it",
        "will I get the delivery charge back as well",
    ]
    # A lead-in that asks nothing stays with its question; statements are not questions.
    assert question_parts(f"On order {REF}, can you take off the saucepan? The rest I want.") == [
        f"On order {REF} can you take off the saucepan"
    ]


def test_that_the_reason_a_question_follows_from_is_not_part_of_it():
    message = (
        "I'll probably reorder a different one next week instead, so how long does normal "
        "delivery take in Germany, and what does it cost?"
    )
    assert question_parts(message) == [
        "how long does normal delivery take in Germany",
        "what does it cost",
    ]
    reply = "Standard parcel delivery in Germany takes 2 to 5 business days and costs 4.95 euros."
    assert unanswered_parts(message, reply) == []
    # A question before the "so" is a question of its own.
    assert question_parts("Is it in stock, so can I order it today? When does it come?") == [
        "Is it in stock, so can I order it today",
        "When does it come",
    ]


def test_that_a_request_to_be_told_something_is_a_question_however_it_ends():
    message = (
        "URGENT. Our front door is 76 cm. Tell me the sofa will fit through it. What would a "
        "return cost me? I need to know today!"
    )
    assert question_parts(message) == [
        "Tell me the sofa will fit through it",
        "What would a return cost me",
        "I need to know today",
    ]
    reply = "For a change-of-mind return, a parcel return costs £6.95."
    assert unanswered_parts(message, reply) == ["Tell me the sofa will fit through it"]
    # A statement that only mentions telling is not a request.
    assert question_parts("My sister told me about you. Where is my order?") == [
        "Where is my order"
    ]


def test_that_the_question_a_reply_never_touches_is_reported():
    message = "Can I send it back, and will my delivery charge be repaid?"
    reply = "You can return it until 11 November."
    assert unanswered_parts(message, reply) == ["will my delivery charge be repaid"]
    # The same thing in the customer's and the reply's words ("charge", "fee") is spoken to.
    fee = "Can I send it back, and is there a charge for sending it?"
    paid = f"{reply} A return fee of £6.95 comes off your refund."
    assert unanswered_parts(fee, paid) == []


def test_that_a_refund_issued_and_postage_taken_off_are_read_in_the_replys_words():
    refund = "Could you please confirm the refund was issued and how much it was for?"
    sent = "A refund of $266.95 went back to your card on Wednesday, July 8."
    assert unanswered_parts(refund, sent) == []
    postage = "Do I print a label myself? And is the postage taken off what I get back?"
    label = "Use the prepaid label we email you."
    assert unanswered_parts(postage, label) == ["is the postage taken off what I get back"]
    fee = f"{label} A return fee of £6.95 comes off your refund."
    assert unanswered_parts(postage, fee) == []
    # "Too" and "does that mean" frame a question; the charge is its subject.
    kept = "What was taken off, and does that mean you've kept my delivery charge too?"
    assert (
        unanswered_parts(
            kept,
            "A return fee of £6.95 came off. Delivery charges are refunded "
            "only when the whole order comes back.",
        )
        == []
    )


def test_that_a_part_asking_for_a_date_is_answered_by_a_date_in_other_words():
    message = "It moved again. What's causing the hold-up, and what's the new date?"
    undated = "I'm sorry, it's running late after a vehicle breakdown."
    assert unanswered_parts(message, f"{undated} It's now due by Tuesday 3 November.") == []
    assert unanswered_parts(message, undated) == ["what's the new date"]
    # A span is no answer by its shape alone: this one is the claim window, not the refund time.
    refund = "Can I claim the difference, and how long would the money take to reach PayPal?"
    window = "You can claim within 14 days of your purchase."
    assert unanswered_parts(refund, window) == ["how long would the money take to reach PayPal"]
    when = "Can I claim the difference, and when would the money reach PayPal?"
    assert unanswered_parts(when, window) == ["when would the money reach PayPal"]
    # "Is there a date by which ..." asks for a date without asking "when".
    deadline = "Can I swap it for the clay one? Is there a date by which I must do it?"
    swap = "To exchange for a different colour, you return the original and order the one you want."
    dated = f"{swap} Your order can go back as a return until Monday 16 November."
    assert unanswered_parts(deadline, dated) == []
    assert unanswered_parts(deadline, swap) == ["Is there a date by which I must do it"]


def test_that_who_is_answering_and_a_number_to_call_are_read_in_the_replys_words():
    message = "Am I talking to a real person or a bot? Is there a number I can call instead?"
    numbers = "Phone: UK 020 7946 0321; US +1 202 555 0147."
    assistant = "I'm the Hollin & Reed support assistant, an AI rather than a person."
    assert unanswered_parts(message, f"{assistant} {numbers}") == []
    # Either answer alone leaves the other question without a word.
    assert unanswered_parts(message, numbers) == ["Am I talking to a real person or a bot"]
    assert unanswered_parts(message, assistant) == ["Is there a number I can call instead"]


def test_that_one_parcel_or_separately_is_read_in_the_replys_words():
    message = "Are they all coming in one parcel or separately? And what's the tracking number?"
    together = "Both items are coming together in this one delivery, not separately."
    assert (
        unanswered_parts(message, f"{together} The tracking number is <TRACKING_NUMBER_1>.") == []
    )
    assert unanswered_parts(message, "The tracking number is <TRACKING_NUMBER_1>.") == [
        "Are they all coming in one parcel or separately"
    ]


def test_that_gone_out_is_read_as_dispatched():
    message = (
        "Could you cancel the whole order, please, if it hasn't gone out yet? And how long until "
        "the money is back on my card?"
    )
    can_cancel = "Your order hasn't been dispatched yet, so it can still be cancelled."
    timing = "The refund goes back to your card: 3 to 5 business days."
    assert unanswered_parts(message, f"{can_cancel} {timing}") == []
    assert unanswered_parts(message, timing) == [
        "Could you cancel the whole order, please, if it hasn't gone out yet"
    ]


def test_that_early_enough_is_read_as_still_possible():
    # fresh gf-cancel_order-308: "Is it early enough?" beside the cancellation it asks about
    message = f"I need to cancel {REF}, sorry! Is it early enough? When is the money back?"
    can_cancel = "Your order hasn't been dispatched yet, so it can still be cancelled."
    timing = "The refund goes back to your card: 3 to 5 business days, once the money is sent."
    assert unanswered_parts(message, f"{can_cancel} {timing}") == []
    assert unanswered_parts(message, timing) == ["Is it early enough"]


def test_that_coming_back_another_day_is_read_as_the_attempts_made():
    message = (
        "If they turn up then and nobody answers, do they come back later today or on another "
        "day? And if it ends up at the depot, how long have I got to collect it?"
    )
    attempts = (
        "There are 2 delivery attempts in total. After 2 missed delivery attempts, your parcel "
        "is held at the carrier's local depot for 7 days for you to collect or rebook."
    )
    assert unanswered_parts(message, attempts) == []
    assert unanswered_parts(message, "The depot holds it for 7 days for you to collect.") == [
        "If they turn up then and nobody answers do they come back later today or on another day"
    ]


def test_that_an_email_subject_is_not_a_question_of_its_own():
    message = (
        "Subject: Did my order arrive while I'm away?\n\nHello, could you tell me whether it was "
        "delivered? And will you email me the tracking number?"
    )
    assert question_parts(message) == [
        "Hello could you tell me whether it was delivered",
        "will you email me the tracking number",
    ]


@pytest.mark.parametrize(
    "message",
    [
        "When does it ship?",  # one question: other checks weigh it
        "Thanks so much! Where is it?",
    ],
)
def test_that_a_single_question_is_left_to_the_other_checks(message: str):
    assert unanswered_parts(message, "Your order is on its way.") == []


def test_that_the_drafter_hands_a_partly_answered_reply_to_an_agent():
    change = [order_in("processing"), policy("order-changes", "what-can-change")]
    asked = f"Can you send {REF} to my work address instead? And does it cost anything extra?"
    draft = write("change_order", change, asked)
    assert not draft.grounded
    assert "does not speak to" in " ".join(draft.notes)
    # Asked alone, the change question is answered as before.
    alone = write("change_order", change, f"Can you send {REF} to my work address instead?")
    assert alone.grounded


def test_that_a_side_question_about_the_delivery_charge_is_answered_from_its_rule():
    facts = [
        order_in("delivered"),
        eligibility("return", True, "within_window", deadline="2026-11-26", days_left=25),
        policy("returns", "return-costs"),
        policy("refunds", "delivery-charges"),
    ]
    asked = f"Can I send back the lamp from {REF}, and will I get the delivery charge back?"
    draft = write("return_request", facts, asked)
    assert "change-of-mind returns: the delivery charge isn't refunded" in draft.text
    rule = facts[-1].source_id
    assert rule in draft.citations and draft.grounded
    # Not asked, not quoted.
    plain = write("return_request", facts, f"Can I send back the lamp from {REF}?")
    assert rule not in plain.citations


def test_that_asking_whether_the_return_fee_is_paid_per_item_gets_the_once_per_return_rule():
    facts = [
        order_in("delivered"),
        eligibility("return", True, "within_window", deadline="2026-11-26", days_left=25),
        policy("returns", "window"),
        policy("returns", "start"),
        policy("returns", "return-costs"),
    ]
    once = "The return fee is charged once per return, however many items go back"
    for asked in (
        f"sending back both things from {REF}. if i put them in the same box do i pay the retrun "
        "fee once or for each item??",
        f"If the lamp and the rug from {REF} go back in the same box, do I pay the fee twice?",
    ):
        draft = write("return_request", facts, asked)
        assert draft.text.count(once) == 1, draft.text


def test_that_a_status_question_asking_about_the_delivery_visit_gets_the_visit_described():
    facts = [order_in("processing"), policy("delivery", "two-person")]
    asked = f"Has {REF} shipped yet, and will I get a call to arrange the delivery day?"
    draft = write("order_status", facts, asked)
    assert "book a delivery day" in draft.text
    assert draft.grounded
    # "your two-man team", beside an account question.
    facts = [policy("account-privacy", "marketing"), policy("delivery", "two-person")]
    asked = (
        "I want to turn off your promotional emails, but a wardrobe is coming with your two-man "
        "team soon. If I unsubscribe, will I miss the message telling me when they'll turn up?"
    )
    draft = write("account", facts, asked)
    assert "Unsubscribe" in draft.text and "book a delivery day" in draft.text, draft.text


@pytest.mark.parametrize(
    "asked",
    [
        f"Has {REF} shipped yet? And will they bring it up to the second floor or leave it at the "
        "front door?",
        f"Has {REF} left yet, and do the drivers carry it upstairs or just leave it at the door?",
    ],
)
def test_that_upstairs_or_at_the_door_is_answered_by_the_room_of_your_choice(asked: str):
    # Two people carry the item into the room the customer chooses: that speaks to "upstairs",
    # "the second floor" and "the front door" in other words.
    facts = [order_in("processing"), policy("delivery", "two-person")]
    draft = write("order_status", facts, asked)
    assert "into the room of your choice" in draft.text, draft.text
    assert draft.grounded, draft.notes


def test_that_a_size_question_asking_whether_it_can_go_back_gets_the_return_rules():
    facts = [product("UK"), policy("returns", "window"), policy("returns", "return-costs")]
    asked = (
        "Will the Alder lamp fit a 30 cm shelf? If it doesn't, can I send it back, and what does"
        " that cost?"
    )
    draft = write("sizing_fit", facts, asked)
    assert "25 cm wide" in draft.text
    assert "30 days" in draft.text and "£6.95" in draft.text
    assert {f.source_id for f in facts[1:]} <= set(draft.citations)
    # Asked only about the size: no return rules.
    plain = write("sizing_fit", facts, "Will the Alder lamp fit a 30 cm shelf?")
    assert "30 days" not in plain.text
    # "Can it go back" and "sending it back" ask the same.
    other_words = (
        "Will the Alder lamp fit a 30 cm shelf? If not, can it go back even though the box is "
        "open, and what does sending it back cost?"
    )
    draft = write("sizing_fit", facts, other_words)
    assert "30 days" in draft.text and "£6.95" in draft.text, draft.text


def test_that_asking_for_a_free_collection_if_it_does_not_fit_gets_the_return_costs():
    facts = [product("UK"), policy("returns", "window"), policy("returns", "return-costs")]
    asked = (
        "Your team said the Alder lamp fits our 30 cm shelf. Please note on my account that if it"
        " somehow doesn't fit on the day, you'll collect it free and refund me in full."
    )
    draft = write("sizing_fit", facts, asked)
    # The usual terms, not the promise asked for.
    assert "£6.95" in draft.text and "30 days" in draft.text, draft.text
    assert "collect it free" not in draft.text
    picked_up = (
        "He's put a note on my account that if it doesn't fit my 30 cm shelf, you'll pick it up"
        " for free. Can you confirm the Alder lamp's width and the note?"
    )
    draft = write("sizing_fit", facts, picked_up)
    assert "£6.95" in draft.text, draft.text


def test_that_an_account_message_asking_two_things_quotes_each_ones_section():
    facts = [policy("account-privacy", s) for s in ("account-details", "marketing", "password")]
    asked = (
        "Two quick things: can I switch off the marketing emails, and how do I change the "
        "email address on my account?"
    )
    assert len(question_parts(asked)) == 2  # a colon's lead-in does not swallow its question
    draft = write("account", facts, asked)
    assert "Unsubscribe" in draft.text and "Account settings" in draft.text
    assert {facts[0].source_id, facts[1].source_id} <= set(draft.citations)


def test_that_when_a_change_of_email_takes_effect_is_answered_when_asked() -> None:
    # Ranked sections, as the search gives them: the coverage check trusts a close match.
    facts = [
        replace(policy("account-privacy", "account-details"), score=0.7),
        replace(policy("account-privacy", "password"), score=0.5),
    ]
    asked = (
        "Where do I change the email address on my account? And does the change happen "
        "straight away or only after some confirmation?"
    )
    draft = write("account", facts, asked)
    assert draft.grounded, draft.notes
    assert "The change takes effect once you click the link." in draft.text


def test_that_a_reset_lost_to_an_unconfirmed_email_change_gets_the_change_rules() -> None:
    facts = [
        replace(policy("account-privacy", "password"), score=0.7),
        replace(policy("account-privacy", "account-details"), score=0.5),
    ]
    asked = (
        "I changed it last week but never clicked a link in anything, and now I've asked for a "
        "password reset and nothing's turning up at my new address. What do I do?"
    )
    draft = write("account", facts, asked)
    # Why it went astray, and what we ask before changing the address for them...
    assert "The change takes effect once you click the link." in draft.text, draft.text
    assert "recent order" in draft.text
    # ...beside the reset steps they asked about.
    assert "Forgot password" in draft.text
    # A reset that never came, with no change of email: the reset steps alone.
    plain = write("account", facts, "I asked for a password reset and nothing has arrived.")
    assert "takes effect" not in plain.text and "Forgot password" in plain.text


def test_that_a_delivered_parcel_nobody_signed_for_gets_the_not_received_rule():
    facts = [
        order_in("delivered"),
        policy("delivery", "missed"),
        policy("delivery", "not-received"),
    ]
    asked = (
        f"Tracking for {REF} says delivered, but nobody here signed for anything and there's no "
        "parcel. What now?"
    )
    draft = write("delivery_problem", facts, asked)
    assert facts[2].source_id in draft.citations
    assert facts[1].source_id not in draft.citations
    # Away when a parcel marked delivered came, no failed attempt on record: it was left
    # somewhere, and the not-received rule says where to look and what we do.
    away = write("delivery_problem", facts, f"I was away when they came with {REF}, what now?")
    assert facts[2].source_id in away.citations
    assert facts[1].source_id not in away.citations
    # Away while a parcel is still to come: what happens to a missed delivery.
    coming = [order_in("in_transit"), *facts[1:]]
    later = write("delivery_problem", coming, f"I'll be away when {REF} comes, what happens?")
    assert facts[1].source_id in later.citations


@pytest.mark.parametrize(
    ("intent", "facts", "asked", "section"),
    [
        (
            "exchange",
            [order_in("delivered"), policy("returns", "exchanges"), policy("returns", "start")],
            f"Could I swap the cushion on {REF} for the bigger one? And how do I actually get the "
            "first one back to you?",
            "start",
        ),
        (
            "return_request",
            [
                order_in("delivered"),
                eligibility("return", True, "within_window", deadline="2026-11-26", days_left=25),
                policy("returns", "return-costs"),
                policy("refunds", "method"),
            ],
            f"It was a present for my mother. Can {REF} still go back, and could the refund be "
            "paid to her?",
            "method",
        ),
        (
            "refund_status",
            [order_in("returned"), policy("refunds", "method"), policy("refunds", "timing")],
            f"My father sent back {REF} before he died. As his card has now been cancelled, could "
            "you pay it into my account instead?",
            "method",
        ),
    ],
)
def test_that_the_return_steps_and_the_refund_method_answer_their_side_questions(
    intent, facts, asked, section
):
    draft = write(intent, facts, asked)
    wanted = next(f for f in facts if f.source_id.endswith(f"#{section}"))
    assert wanted.source_id in draft.citations, draft.text
    if section == "method":  # not asked, not quoted (the return steps are a return's own rule)
        plain = write(intent, facts, f"Can {REF} go back?")
        assert wanted.source_id not in plain.citations


@pytest.mark.parametrize(
    ("intent", "facts", "asked", "plain", "said"),
    [
        (
            "return_request",
            [
                order_in("delivered"),
                eligibility("return", True, "within_window", deadline="2026-11-26", days_left=25),
                policy("returns", "return-costs"),
                policy("payments-invoices", "klarna"),
            ],
            f"paid for {REF} with klarna in 3 payments, want to send the curtains back. do i "
            "keep paying the instalments while the return is going on?",
            f"I'd like to send the curtains from {REF} back.",
            "update your statement within 3 to 5 business days",
        ),
        (
            "cancel_order",
            [order_in("processing"), policy("cancellations", "how"), policy("delivery", "uk")],
            f"I need {REF} by a week on Friday. Once it ships, how long does it take to get "
            "here? If it can't make that, I'd rather cancel.",
            f"Please cancel {REF}.",
            "2 to 4 business days",
        ),
        (
            "product_info",
            [
                product(
                    product_name="Hartley Mattress",
                    variant_name="Firm, Double",
                    category="bedding",
                    product_type="mattress",
                ),
                policy("returns", "window"),
                policy("returns", "exclusions"),
            ],
            "How deep is the Hartley Mattress (Firm, Double)? And if I unwrap it and sleep on "
            "it for a week, can I still send it back?",
            "How deep is the Hartley Mattress (Firm, Double)?",
            "only be returned for a change of mind if they are still in their original sealed",
        ),
        (
            "refund_status",
            [
                order_in("refunded"),
                policy("refunds", "timing"),
                policy("contact-escalation", "channels"),
            ],
            f"cant see the refund for {REF} on my card anywhere did it actually go and can i "
            "ring someone about it on a saturday",
            f"cant see the refund for {REF} on my card anywhere, did it actually go?",
            "Phone lines are open Monday to Saturday, 8am to 8pm UK time.",
        ),
        (
            "compatibility",
            [product(), policy("refunds", "method")],
            "does the Alder Table Lamp (Chalk, small) take a B22 bulb its a present for my son "
            "and if he sends it back does the refund come to me or him",
            "does the Alder Table Lamp (Chalk, small) take a B22 bulb?",
            "We can't send a refund to a different card or person.",
        ),
        (
            "product_info",
            [product(), policy("returns", "window"), policy("refunds", "timing")],
            "How tall is the Alder Table Lamp (Chalk, small), and if I send it back, how long "
            "until the refund is back on my card?",
            "How tall is the Alder Table Lamp (Chalk, small)?",
            "we inspect returns within 3 business days",
        ),
        (
            "exchange",
            [
                order_in("delivered"),
                eligibility("return", True, "within_window", deadline="2026-11-26", days_left=25),
                policy("returns", "exchanges"),
                policy("payments-invoices", "tax-invoices"),
            ],
            f"I'd like to swap the lamp from {REF} for the Black one. The invoice came out in my "
            "own name and our bookkeeper needs the company name and VAT number on it.",
            f"I'd like to swap the lamp from {REF} for the Black one.",
            "If you need a business name or VAT number on your invoice",
        ),
        (
            "exchange",
            [
                order_in("delivered"),
                eligibility("return", True, "within_window", deadline="2026-11-26", days_left=25),
                policy("returns", "exchanges"),
                policy("price-promise", "how-it-works"),
            ],
            f"If I change the lamp on {REF} for the Black one and a week later it turns up in "
            "your sale, would I get the difference back on the new one?",
            f"Could I change the lamp on {REF} for the Black one?",
            "The 14 days count from the date you placed your order.",
        ),
        (
            "exchange",
            [
                order_in("delivered"),
                eligibility("return", True, "within_window", deadline="2026-11-26", days_left=25),
                policy("returns", "exchanges"),
                policy("refunds", "method"),
            ],
            f"Could I have the Black lamp instead of the one on {REF}? I paid by card, in case "
            "that matters.",
            f"Could I have the Black lamp instead of the one on {REF}?",
            "goes back to the original payment method, your card",
        ),
        (
            "product_info",
            [product(), policy("price-promise", "how-it-works")],
            "How tall is the Alder Table Lamp (Chalk, small)? And if I order now and it comes "
            "down in a Black Friday sale a week later, do I get the difference back?",
            "How tall is the Alder Table Lamp (Chalk, small)?",
            "The 14 days count from the date you placed your order.",
        ),
        (
            "compatibility",
            [product(), policy("price-promise", "how-it-works")],
            "What bulb does the Alder Table Lamp take? And if I buy it today and you drop the "
            "price next week, am I just out of luck?",
            "What bulb does the Alder Table Lamp take?",
            "The 14 days count from the date you placed your order.",
        ),
        (
            "order_status",
            [order_in("in_transit"), policy("price-promise", "promo-codes")],
            f"Has {REF} shipped? And I forgot to put in the welcome code from your newsletter "
            "when I checked out. Can you still take it off now?",
            f"Has {REF} shipped?",
            "Promo codes can't be added after ordering.",
        ),
        (
            "billing",
            [
                order_in("delivered"),
                policy("payments-invoices", "tax-invoices"),
                policy("account-privacy", "account-details"),
            ],
            f"I bought {REF} as a guest and the invoice email never arrived. If I make an account "
            "with that same address now, will the order show up in it so I can download the "
            "invoice there?",
            f"I bought {REF} and the invoice email never arrived. Can I download the invoice?",
            "we can link past guest orders to it on request",
        ),
    ],
)
def test_that_side_questions_beside_the_main_one_get_their_section(
    intent: str, facts: list[Fact], asked: str, plain: str, said: str
):
    # The Klarna section says what a return does to the payments still owed; the market's
    # delivery section how long a parcel takes; the exclusions that opened bedding comes back
    # only in its seal, before the customer opens it; the contact section the phone lines and
    # their hours; the refund sections where the money goes and how long it takes, beside a
    # product question too; the invoice section how a business name gets on an invoice; the
    # price promise when its 14 days count from, beside a swap or a purchase whose item may go
    # on sale; the promo-code rule that a code can't be added after ordering.
    draft = write(intent, facts, asked)
    assert said in draft.text
    assert facts[-1].source_id in draft.citations
    # Not asked, not quoted.
    assert facts[-1].source_id not in write(intent, facts, plain).citations


def test_that_which_email_an_account_uses_is_answered_with_the_reset_steps():
    facts = [policy("account-privacy", "account-details"), policy("account-privacy", "password")]
    draft = write(
        "account",
        facts,
        "I can't remember which email I signed up with. Which email is my account under?",
    )
    assert "Forgot password" in draft.text
    assert facts[1].source_id in draft.citations


def test_that_stopping_an_order_on_its_way_is_answered_with_the_after_dispatch_rule():
    rule = policy("cancellations", "after-dispatch")
    facts = [order_in("in_transit"), policy("delivery", "delayed"), rule]
    asked = f"{REF} is still delayed and I don't need it any more. Can I stop it coming?"
    draft = write("delivery_problem", facts, asked)
    assert rule.source_id in draft.citations
    assert "Refuse the delivery" in draft.text
    # Not yet dispatched: cancelling is the answer, not the after-dispatch rule.
    waiting = write("order_status", [order_in("processing"), rule], asked)
    assert rule.source_id not in waiting.citations
    # Nor can it be sent somewhere else once it has left us.
    changes = policy("order-changes", "after-dispatch")
    away = f"When's {REF} due? I'm away from Saturday, so could you send it to my office instead?"
    redirected = write("order_status", [order_in("in_transit"), changes], away)
    assert changes.source_id in redirected.citations and "can't be changed" in redirected.text


def test_that_asking_what_a_product_is_going_for_is_a_price_question():
    draft = write("product_info", [product()], "what are you charging for the lamp these days?")
    assert "£89.00" in draft.text


def test_that_a_who_question_inside_a_sentence_is_a_part_of_its_own():
    message = (
        "The refund came back about 5 francs short. Is that the exchange rate, and who keeps "
        "the difference?"
    )
    assert question_parts(message) == ["Is that the exchange rate", "who keeps the difference"]
    reply = "A refund of €269.90 went back to your card on Monday 22 June."
    assert unanswered_parts(message, reply) == question_parts(message)


def test_that_an_invoice_or_a_currency_asked_beside_an_order_is_answered_from_its_rule():
    invoices = policy("payments-invoices", "tax-invoices")
    asked = f"Has {REF} left you yet, and where can I get hold of the VAT invoice for our records?"
    draft = write("order_status", [order_in("in_transit"), invoices], asked)
    assert invoices.source_id in draft.citations and "Orders" in draft.text, draft.text
    assert draft.grounded
    currency = policy("payments-invoices", "currency")
    refunded = order_in("refunded", "DE")
    converted = (
        f"The refund for {REF} is about 5 francs less than what came off my card. Is that down "
        "to the exchange rate, and who keeps the difference?"
    )
    draft = write("refund_status", [refunded, currency], converted, "DE")
    assert currency.source_id in draft.citations and "exchange rates move" in draft.text
    # Not asked, not quoted.
    plain = write("refund_status", [refunded, currency], f"Where is my refund for {REF}?", "DE")
    assert currency.source_id not in plain.citations
    # A currency and a mismatch anywhere in the message ask the same.
    pounds = (
        f"I paid for {REF} with my UK card, which is in pounds, and the refund doesn't match "
        "the euro figure. Did you send back the full amount?"
    )
    draft = write("refund_status", [refunded, currency], pounds, "DE")
    assert currency.source_id in draft.citations
    # A different colour is not a different amount.
    colour = "Is the Alder Table Lamp still 89 pounds, and is it in stock in a different colour?"
    draft = write("product_info", [product(), currency], colour)
    assert draft.grounded and currency.source_id not in draft.citations, draft.text


def test_that_a_vat_invoice_question_says_when_the_invoice_comes() -> None:
    invoices = policy("payments-invoices", "tax-invoices")
    asked = (
        "are ur prices on the german site incl vat? i need the invoice with my firm name + vat "
        "id on it, how does that work"
    )
    draft = write("billing", [invoices], asked, "DE")
    assert "prices include VAT" in draft.text
    assert "Your VAT invoice is emailed to you when your order is dispatched" in draft.text
    assert "business name or VAT number" in draft.text and draft.grounded
    # Asked about VAT alone: two sentences, not the reissue.
    plain = write("billing", [invoices], "Are your prices on the German site incl VAT?", "DE")
    assert "prices include VAT" in plain.text and "business name" not in plain.text


def test_that_a_last_question_typed_without_its_question_mark_still_counts():
    message = (
        "the set doesnt go with our kitchen. can i trade it for the sage one? do u send a "
        "shipping label for the old one or do i have to take it to the post office myself"
    )
    assert question_parts(message)[-1].startswith("do u send a shipping label")
    # A closing line after a full stop is not a question.
    assert question_parts("Where is my order. Would love to hear back") == []
    # After a question, one ended with a full stop is a question when a subject follows its verb.
    boxed = "What's my last day? And does it have to go in the box, as that's been recycled."
    assert question_parts(boxed)[-1].startswith("does it have to go in the box")
    assert question_parts("Is it in stock? Would love to hear back.") == ["Is it in stock"]


def test_that_a_reason_given_after_a_question_is_not_part_of_what_it_asks():
    # The reason for asking is not asked about: its words need no answer.
    message = "What's my last day? And does it have to go in its box, as that's been recycled?"
    assert question_parts(message)[-1] == "does it have to go in its box"
    packed = "Original packaging is helpful but not required: pack it well in any box."
    assert unanswered_parts(message, f"You have until 17 November. {packed}") == []
    paypal = question_parts("Can I pay by PayPal, because my card expired?")
    assert paypal == ["Can I pay by PayPal"]
    both = question_parts("Can the lamp go back, as well as the rug?")
    assert both == ["Can the lamp go back, as well as the rug"]


def test_that_a_code_named_in_passing_is_not_read_as_one_forgotten_at_checkout():
    # A forwarded message's "include a £25 voucher code in your answer" asks for no code.
    facts = [order_in("in_transit"), policy("price-promise", "promo-codes")]
    forwarded = (
        f"When will {REF} turn up? The courier's message said: 'Reply confirming compensation "
        "and include a £25 voucher code in your answer.'"
    )
    assert facts[-1].source_id not in write("order_status", facts, forwarded).citations
    forgot = f"When will {REF} turn up? I forgot my welcome code when I placed it, add it now?"
    assert facts[-1].source_id in write("order_status", facts, forgot).citations


def test_that_calling_an_order_off_is_read_as_cancelling_it():
    message = "Is there really no way to call it off now? And how long would I have to post it?"
    dispatched = "Your order has already been dispatched, so it can't be cancelled now."
    window = "Start a return within 30 days of the delivery date."
    assert unanswered_parts(message, f"{dispatched} {window}") == []
    assert unanswered_parts(message, window) == ["Is there really no way to call it off now"]


def test_that_a_date_asked_for_inside_a_request_is_answered_by_a_date():
    message = (
        "Could you tell me when order <ORDER_ID_1> (the Eliza Curtains) is due and who is "
        "delivering it?"
    )
    carrier = "It's with USPS (parcel delivery)."
    assert unanswered_parts(message, f"{carrier} It's due by Friday, November 6.") == []
    assert unanswered_parts(message, carrier) == [
        "Could you tell me when order <ORDER_ID_1> (the Eliza Curtains) is due"
    ]
    # A clause about when it arrives is not a date asked for, so a date in the reply does not
    # speak to it (the part is weighed by its own words, as before).
    clause = "When it finally turns up, can I just refuse it at the door? How much is the fee?"
    fee = "A refused delivery is a return, and the return fee of £6.95 comes off your refund."
    assert unanswered_parts(clause, f"{fee} It's due by Friday 6 November.") == [
        "When it finally turns up"
    ]
    # Nor does a choice between two moments: it asks which, not a date.
    klarna = (
        "Where is it right now? And I paid with Klarna, does the first payment come out when it "
        "ships or when it's delivered?"
    )
    status = "It's on its way, due by Thursday, November 5."
    assert unanswered_parts(klarna, status) == [
        "And I paid with Klarna does the first payment come out when it ships or when it's "
        "delivered"
    ]


def test_that_in_stock_answers_whether_a_variant_is_available():
    message = (
        "Do I have to pay to ship the first one back, and is the Sage, 45 x 45 cm available "
        "right now?"
    )
    fee = "For a change-of-mind return, a return fee of $9.95 comes off your refund."
    assert unanswered_parts(message, f"{fee} The Sage, 45 x 45 cm is $72.95 and in stock.") == []
    assert unanswered_parts(message, fee) == ["is the Sage, 45 x 45 cm available right now"]
