"""A reply resting on search hits (policy sections, catalogue products) must be about what was
asked, or a person answers.

The template drafter is given real policy sections (tests/test_template_drafter.py builds them
from the shipped policies) and questions written here: some the sections answer, some they only
sit near. A reply of the second kind is marked as not grounded, and the gate keeps it off the
automatic route.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from drafting.template import draft_with_templates
from drafting.template_coverage import MIN_SCORE, off_topic
from drafting.types import Draft
from graph.gate import decide
from graph.gate_config import load_gate_config
from tests.gate_inputs import gate_input
from tests.test_template_drafter import order_in, policy, product
from tools.facts import Fact

ACCOUNT = [
    policy("account-privacy", "account-details"),
    policy("account-privacy", "password"),
]
PAYMENTS = [policy("payments-invoices", "methods"), policy("payments-invoices", "gift-cards")]
CHANGES = [policy("order-changes", "what-can-change"), policy("order-changes", "address")]
# A catalogue search for lamps, and the warranty's length section beside it.
WARRANTY_HITS = [
    product(),
    product(sku="LGT-0413", product_name="Rowan Floor Lamp"),
    policy("warranty", "length"),
]


def write(intent: str, facts: list[Fact], message: str, *, follow_up: bool = False) -> Draft:
    return draft_with_templates(
        intent, facts, masked_message=message, market="UK", follow_up=follow_up
    )


@pytest.mark.parametrize(
    ("intent", "facts", "message"),
    [
        ("account", ACCOUNT, "Does your site support passkeys or biometric sign-in?"),
        ("billing", PAYMENTS, "Could I split one purchase across four separate debit cards?"),
        ("change_order", CHANGES, "can i move my klarna instalment dates"),
    ],
)
def test_that_a_policy_quote_near_but_not_about_the_question_is_not_grounded(
    intent: str, facts: list[Fact], message: str
) -> None:
    draft = write(intent, facts, message)
    assert not draft.grounded, draft.text
    assert any("never mentions" in note for note in draft.notes)


@pytest.mark.parametrize(
    ("intent", "facts", "message"),
    [
        ("account", ACCOUNT, "How do I change the email address on my account?"),
        ("account", ACCOUNT, "Forgot my password, how do I reset it? Sorry, bit confused."),
        ("billing", PAYMENTS, "Which payment methods do you take? Is American Express ok?"),
        ("change_order", CHANGES, "Can I still change the delivery address on my order?"),
    ],
)
def test_that_a_policy_quote_that_answers_the_question_stays_grounded(
    intent: str, facts: list[Fact], message: str
) -> None:
    draft = write(intent, facts, message)
    assert draft.grounded, (draft.text, draft.notes)


def test_that_a_close_policy_quote_that_never_names_the_asked_action_is_not_grounded():
    # The search ranks the account-settings section close to a merge request; closeness is no
    # answer when the section never speaks of merging.
    close = [replace(f, score=0.62) for f in ACCOUNT]
    merge = write("account", close, "I have two accounts, one per email. Can you merge them?")
    assert not merge.grounded, merge.text
    assert any("merge" in note for note in merge.notes)
    change = write("account", close, "How do I change the email address on my account?")
    assert change.grounded, (change.text, change.notes)


def test_that_only_grounded_replies_resting_on_policy_alone_are_weighed():
    facts = [order_in("in_transit"), *CHANGES]
    message = "my cousin's wedding gift, would it reach Aberdeen by the fourteenth?"
    on_order = Draft("The order is on its way.", ("order:HR-204813",), True, "template")
    assert off_topic(on_order, facts, message) is None
    on_policy = replace(on_order, citations=(CHANGES[0].source_id,))
    why = off_topic(on_policy, facts, message) or ""
    assert "cousi" in why and "weddi" in why
    assert off_topic(replace(on_policy, clarifying_question=True), facts, message) is None
    assert off_topic(replace(on_policy, grounded=False), facts, message) is None


def test_that_a_close_search_score_settles_it_and_a_loose_one_needs_fewer_missing_words():
    section = CHANGES[1]
    draft = Draft("Our policy says...", (section.source_id,), True, "template")
    # Two of eight words missing: too small a share for the words alone to overrule a quote.
    most_covered = (
        "Can I change the delivery address and the delivery date of my order before dispatch, "
        "as we're relocating flats?"
    )
    off_words = "Could I change the delivery address to my office and add a note for the courier?"
    on_words = "Can I change the delivery address?"
    assert off_topic(draft, [section], most_covered) is None
    assert "never mentions" in (off_topic(draft, [section], off_words) or "")
    loose, close = replace(section, score=MIN_SCORE - 0.05), replace(section, score=MIN_SCORE)
    assert "only loosely" in (off_topic(draft, [loose], most_covered) or "")
    assert off_topic(draft, [close], off_words) is None
    # A short question scores low even when answered: its words must confirm the miss.
    assert off_topic(draft, [loose], on_words) is None


def test_that_an_order_number_no_order_fact_matches_is_not_answered_by_policy():
    facts = [policy("refunds", "timing")]
    draft = write("refund_status", facts, "how long till my refund for 731904 shows up")
    assert not draft.grounded
    assert any("order number" in note for note in draft.notes)
    plain = write("refund_status", facts, "How long do card refunds take to show up?")
    assert plain.grounded, plain.notes


def test_that_the_nearest_search_hit_does_not_answer_a_question_naming_no_product():
    hits = [product(), product(sku="LGT-0413", product_name="Rowan Floor Lamp")]
    asked = write("product_info", hits, "Do you do engraving on presents bought here?")
    assert not asked.grounded
    assert any("names none of the products" in note for note in asked.notes)
    named = write("product_info", hits, "How tall is the Rowan floor lamp?")
    assert named.grounded, named.notes
    one = write("product_info", [product()], "How tall is it?")
    assert one.grounded, "a single product was looked up by its code: it is the subject"
    later = write("product_info", hits, "and how tall is it?", follow_up=True)
    assert later.grounded, "a follow-up's 'it' is the product named before"
    # A product type names none of the many products of that type a search finds.
    typed = write("product_info", hits, "does ur price promise cover sale stuff? eyeing a lamp")
    assert not typed.grounded
    assert any("names none of the products" in note for note in typed.notes), typed.notes
    # A follow-up asking nothing the attributes answer, about a product it does not name
    vague = write(
        "product_info", hits, "ah shame. would it actually sit on there ok?", follow_up=True
    )
    assert not vague.grounded
    assert "the question names no topic the attributes answer" in vague.notes, vague.notes


@pytest.mark.parametrize(
    "message",
    [
        "How long is the guarantee on your sofas?",
        "how long are your pans guaranteed for?",
        "do u do any gaurantee on lamps",
    ],
)
def test_that_a_warranty_question_about_a_kind_of_product_is_answered_from_the_policy(
    message: str,
) -> None:
    draft = write("product_info", WARRANTY_HITS, message)
    assert draft.grounded, draft.notes
    assert "2 years for everything we sell" in draft.text
    assert "10 years for the frames of our solid-wood furniture" in draft.text
    assert draft.citations == (policy("warranty", "length").source_id,)
    assert "Alder" not in draft.text and "Rowan" not in draft.text


@pytest.mark.parametrize(
    "message",
    [
        # Another topic asked beside it: the size of which sofa?
        "How big is the sofa and how long is its guarantee?",
        # A product named: its own warranty is the answer.
        "How long is the warranty on the Rowan floor lamp?",
    ],
)
def test_that_a_warranty_question_asking_more_or_naming_a_product_is_not_answered_by_policy_alone(
    message: str,
) -> None:
    draft = write("product_info", WARRANTY_HITS, message)
    assert any(c.startswith("sku:") for c in draft.citations) or not draft.grounded, draft.text


def test_that_cushions_gone_flat_under_warranty_get_what_the_warranty_leaves_out() -> None:
    # "Gone flat" is wear, not a rug's flat weave; the answer is the wear-and-tear exclusion.
    sofas = [
        product(sku=f"FUR-017{n}", product_name="Calder Sofa", variant_name=f"Moss, {size}")
        for n, size in ((0, "3-seat"), (1, "corner"))
    ]
    hits = [*sofas, replace(policy("warranty", "not-covered"), score=0.62)]
    draft = write(
        "product_info", hits, "my sofa cushions went flat, is that covered by the guarantee?"
    )
    assert draft.grounded, draft.notes
    assert "softening of cushions" in draft.text
    assert draft.citations == (policy("warranty", "not-covered").source_id,)
    # Every "worn down" wording the warranty cue reads is one the rug topic leaves alone.
    for worn_down in ("getting really flat", "going a bit flat"):
        message = f"the cushions are {worn_down}, is that covered by the warranty?"
        worn = write("product_info", hits, message)
        assert worn.grounded, worn.notes
        assert "softening of cushions" in worn.text


def test_that_the_gate_sends_an_ungrounded_policy_reply_to_a_person():
    draft = write("account", ACCOUNT, "Does your site support passkeys or biometric sign-in?")
    gate = gate_input(
        intent="account",
        confidence=0.99,
        anger=0.0,
        grounded=draft.grounded,
        clarifying_question=draft.clarifying_question,
    )
    decision = decide(gate, load_gate_config())
    assert decision.route in ("agent_suggestion", "manual_queue")
    assert "no retrieved fact answers the question" in decision.reason
