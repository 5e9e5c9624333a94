"""Escalation signals: value, repeat contacts, keyword triggers and how the score combines them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from nlp.sentiment import Sentiment
from nlp.signals import (
    HIGH_VALUE_THRESHOLD,
    REPEAT_CONTACT_THRESHOLD,
    SUGGESTED_ESCALATION_SCORE,
    EscalationSignals,
    escalation_signals,
    keyword_triggers,
    order_value,
    recent_contact_count,
)
from store.database import Database
from tests.conftest import TEST_ANCHOR

ANCHOR_DT = datetime.combine(TEST_ANCHOR, datetime.min.time(), UTC) + timedelta(hours=12)
CALM = Sentiment(0.1, 0.05, 0.1, False, False, ())
FURIOUS = Sentiment(-0.9, 0.95, 0.6, True, True, ("all_caps", "insult"))


def signals(text: str = "", sentiment: Sentiment = CALM, **kw: object) -> EscalationSignals:
    args = {"order_total": None, "currency": None, "recent_contacts": 0, **kw}
    return escalation_signals(text, sentiment, **args)  # type: ignore[arg-type]


# -- keywords ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("I'm passing this to my lawyer", "legal"),
        ("my laywer says otherwise", "legal"),
        ("my solicter will write to you", "legal"),
        ("Ich schalte meinen Anwalt ein", "legal"),
        ("see you in small claims court", "legal"),
        ("This is the county sheriff's office, we need the buyer's address", "legal"),
        ("the police asked me to get the delivery details", "legal"),
        ("I'm a licensed private investigator retained by an insurance carrier", "legal"),
        ("an insurance investigator needs the delivery address on that order", "legal"),
        ("I've filed a chargeback", "chargeback"),
        ("I'll do a charge back with Visa", "chargeback"),
        ("chargebak is next", "chargeback"),
        ("opened a PayPal dispute", "chargeback"),
        ("PayPal closed my case in my favor last Tuesday, so you owe me", "chargeback"),
        ("I opened a PayPal case about it", "chargeback"),
        ("my bank asked for these details for the claim I lodged with them", "chargeback"),
        ("I've opened a dispute with my card company", "chargeback"),
        ("my card company is handling it now", "chargeback"),
        # The bank asked to take the money back, without the word.
        (
            "If it isn't on my card by Friday, I'm asking my bank to get the money back",
            "chargeback",
        ),
        ("I'm thinking of asking my bank to recover the missing amount from you", "chargeback"),
        ("I've opened a claim with PayPal to get my money back. What happens now?", "chargeback"),
        ("my credit card company asked for it for the Section 75 claim I've put in", "chargeback"),
        ("My bank says they can try to recall the transfer. Should I let them?", "chargeback"),
        ("I'd like to know what you record about what I look at on your site", "data_request"),
        ("please stop using my browsing for emails like that", "data_request"),
        ("someone had been signed in to my mailbox from abroad all week", "fraud"),
        ("Ich mache eine Rückbuchung", "chargeback"),
        ("reporting you to trading standard", "trading_standards"),
        ("TRADING-STANDARDS will hear of this", "trading_standards"),
        ("I'll contact consumer protection", "consumer_protection"),
        ("Ich gehe zum Verbraucherschutz", "consumer_protection"),
        ("this goes to the ombudsman", "consumer_protection"),
        ("send me my data under GDPR", "data_request"),
        ("please delete my account", "data_request"),
        ("Auskunft nach DSGVO bitte", "data_request"),
        ("are these chats used to train your AI? I don't want mine in there", "data_request"),
        ("cant log in anymore, can u get rid of it and evrything on it", "data_request"),
        ("please close my account and everything linked to it", "data_request"),
        ("once my parcel arrives wipe all my details please", "data_request"),
        # Closing the account, and erasure asked for without the usual words.
        (
            "I would ask you to cancel the account, as there will be no further orders",
            "data_request",
        ),
        ("i dont want an account at all, can u just make it not exist", "data_request"),
        ("I'd like to stop being a customer of yours altogether", "data_request"),
        ("no account, nothing with my name or address left on your side", "data_request"),
        ("After that I want you lot to forget I exist", "data_request"),
        ("Forget me, please. Account and all.", "data_request"),
        ("after this I'd like you to hold nothing about me at all", "data_request"),
        ("there's an unauthorised order on my card", "fraud"),
        ("two orders in my account history that I definitely didn't make", "fraud"),
        ("There\u2019s an order on my account I didn\u2019t place", "fraud"),
        ("a payment to you I never made", "fraud"),
        ("I don't recognise these orders", "fraud"),
        ("charges I dont recognise", "fraud"),
        ("I think my account has been hacked", "fraud"),
        ("I think someone has taken over my account and changed the email", "fraud"),
        ("somebody has logged into my account and changed the address", "fraud"),
        ("someone changed the email on my account and now i cant log in", "fraud"),
        ("Somebody has changed my password and it wasn't me", "fraud"),
        ("new address added, i never do this. somebody is in my account?", "fraud"),
        ("I think someone's been using my account to order things", "fraud"),
        ("klarna says i owe 3 payments for HR-146293?? never ordered any frying pan", "fraud"),
        # The card itself in someone else's hands, put plainly or in learner's English.
        ("i am worry somebody copy my card and use it", "fraud"),
        ("I think my debit card has been cloned", "fraud"),
        ("someone's been using my card details online", "fraud"),
    ],
)
def test_that_keyword_triggers_catch_cases_typos_and_german(text: str, trigger: str) -> None:
    assert trigger in keyword_triggers(text)


@pytest.mark.parametrize(
    "text",
    [
        "Is the top layer of the mattress removable?",
        "Hi, this is Sue from flat 4",
        "Can I see the data sheet for the lamp?",
        "How much is delivery charged on returns?",
        # Orders and words near the fraud cues that are not about someone else's doing.
        "You sent me a colour I didn't order",
        "There's a line I don't recognise on my invoice",
        "my Spotify account got hacked, what do I do",
        "The order hasn't arrived and I never ordered the rug separately",
        "I didn't make an account when I ordered",
        "I never received the order I made",
        "In my case the lamp was fine, it was the shade that broke",
        "Is the display case in my favourite colour?",
        "I sent photos for the claim I made with the courier last week",
        "The lid's cracked, so get rid of it and everything in it, the box is rubbish",
        "How long does it take for PayPal to get the money back to me?",
        # The customer's own change, or one asked of us, is no one else's doing.
        "I changed the email on my account last week, is that why I get no emails?",
        "Can someone change the email on my account for me?",
        "Is someone in my account's household allowed to collect it?",
        "Somebody in my office is ordering the same lamp",
        "I paid for next-day delivery and the parcel never made it, so where is it?",
        "You may recall that the dinner set did not arrive in one piece",
        "What do you know about when the sofa will be back in stock?",
        "I'm sending it back. What happens to the Klarna payments I haven't made yet?",
        "I called my bank and they said the refund is still pending",
        # A side effect asked about, someone else's account, a request to be remembered.
        "if i unsubscribe from the newsletter does that close my account too?",
        "I've closed the PayPal account I used for that order. Has the refund gone out?",
        "please don't forget me when the sofa is back in stock!",
        # A card mentioned in passing: copying a number from it, or someone paying with theirs.
        "Can I copy my card number into the app instead of the website?",
        "My husband used his card for the order, can the refund go to mine?",
        "Which card did I use on that order?",
        "The box had nothing with my name on it, so the driver left it next door",
        # The customer's own insurance claim: a receipt wanted, no one looking into anybody.
        "The loss adjuster on my insurance claim wants the receipt for the lamp",
        "",
    ],
)
def test_that_ordinary_words_do_not_trigger(text: str) -> None:
    assert keyword_triggers(text) == ()


# -- value and history ------------------------------------------------------------------------


def test_that_high_value_starts_at_exactly_the_threshold() -> None:
    assert Decimal("500") == HIGH_VALUE_THRESHOLD
    at = signals(order_total=Decimal("500.00"), currency="EUR")
    below = signals(order_total=Decimal("499.99"), currency="EUR")
    assert at.high_value and not below.high_value
    assert at.order_value == Decimal("500.00") and at.currency == "EUR"
    assert any("500" in r for r in at.reasons)


def test_that_repeat_contact_starts_at_the_threshold() -> None:
    assert not signals(recent_contacts=REPEAT_CONTACT_THRESHOLD - 1).repeat_contact
    assert signals(recent_contacts=REPEAT_CONTACT_THRESHOLD).repeat_contact


def test_that_repeat_contacts_are_counted_from_the_seeded_database(seeded_db: Database) -> None:
    with seeded_db.connect() as conn:
        row = conn.execute(
            "SELECT order_id, count(*) AS n FROM conversations "
            "WHERE order_id IS NOT NULL AND created_at > %s AND created_at <= %s "
            "GROUP BY order_id HAVING count(*) >= 3 ORDER BY order_id LIMIT 1",
            (ANCHOR_DT - timedelta(days=30), ANCHOR_DT),
        ).fetchone()
    assert row is not None, "the demo seed should have orders with repeat contacts"
    count = recent_contact_count(seeded_db, row["order_id"], now=ANCHOR_DT)
    assert count == row["n"] >= REPEAT_CONTACT_THRESHOLD
    assert recent_contact_count(seeded_db, row["order_id"].lower(), now=ANCHOR_DT) == count
    # The repeat contacts all fall in the last 30 days: a window ending 60 days earlier has fewer.
    earlier = recent_contact_count(seeded_db, row["order_id"], now=ANCHOR_DT - timedelta(days=60))
    assert earlier < count
    value = order_value(seeded_db, row["order_id"])
    assert value is not None and value.currency in ("GBP", "USD", "EUR")
    result = signals(
        "Where is it?", order_total=value.total, currency=value.currency, recent_contacts=count
    )
    assert result.repeat_contact and any("contacts" in r for r in result.reasons)


def test_that_unknown_orders_have_no_value_and_no_contacts(seeded_db: Database) -> None:
    assert order_value(seeded_db, "HR-000000") is None
    assert order_value(seeded_db, None) is None
    assert recent_contact_count(seeded_db, "HR-000000", now=ANCHOR_DT) == 0
    assert recent_contact_count(seeded_db, "", now=ANCHOR_DT) == 0


def test_that_order_value_matches_the_orders_table(seeded_db: Database) -> None:
    with seeded_db.connect() as conn:
        row = conn.execute(
            "SELECT id, total, currency FROM orders WHERE total >= 500 ORDER BY id LIMIT 1"
        ).fetchone()
    assert row is not None
    value = order_value(seeded_db, row["id"])
    assert value is not None
    assert (value.total, value.currency) == (row["total"], row["currency"])
    assert signals(order_total=value.total, currency=value.currency).high_value


# -- the score --------------------------------------------------------------------------------


def test_that_a_calm_chargeback_outranks_a_calm_question() -> None:
    chargeback = signals("I'd like to know how to raise a chargeback on this order.")
    question = signals("What are the dimensions of the sideboard?")
    assert chargeback.score > question.score
    assert chargeback.score >= SUGGESTED_ESCALATION_SCORE > question.score
    assert "chargeback" in chargeback.keywords


def test_that_anger_alone_on_a_small_order_does_not_max_out_the_score() -> None:
    alone = signals("You are useless", FURIOUS, order_total=Decimal("24.00"), currency="GBP")
    assert alone.score < SUGGESTED_ESCALATION_SCORE
    assert any("angry" in r for r in alone.reasons)


def test_that_anger_with_high_value_and_repeat_contact_outranks_anger_alone() -> None:
    alone = signals("You are useless", FURIOUS, order_total=Decimal("24.00"), currency="GBP")
    value_only = signals("You are useless", FURIOUS, order_total=Decimal("900"), currency="GBP")
    everything = signals(
        "You are useless", FURIOUS, order_total=Decimal("900"), currency="GBP", recent_contacts=4
    )
    calm_everything = signals(
        "Any news?", CALM, order_total=Decimal("900"), currency="GBP", recent_contacts=4
    )
    assert everything.score > value_only.score > alone.score
    assert everything.score >= 0.9
    assert everything.score > calm_everything.score
    assert len(everything.reasons) >= 3


@pytest.mark.parametrize(
    "kwargs",
    [
        {"order_total": Decimal("NaN"), "currency": None, "recent_contacts": -5},
        {"order_total": "a lot", "currency": 42, "recent_contacts": "three"},
        {"order_total": float("inf"), "currency": "GBP", "recent_contacts": 10**9},
        {"order_total": None, "currency": None, "recent_contacts": 0},
    ],
)
@pytest.mark.parametrize("text", ["", "x" * 50_000, "😡" * 100, "<script>chargeback</script>\x00"])
def test_that_bad_input_never_raises(text: str, kwargs: dict[str, object]) -> None:
    for sentiment in (CALM, FURIOUS, None):
        result = escalation_signals(text, sentiment, **kwargs)  # type: ignore[arg-type]
        assert 0.0 <= result.score <= 1.0
        assert isinstance(result.reasons, tuple)
