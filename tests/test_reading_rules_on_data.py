"""The text rules that override the intent model, checked against every development ticket and
Bitext's training utterances: a rule that fires on the wrong kind of message sends it to the
wrong person, so each must fire only where its label agrees.

Development data only (dev, its paraphrases, the fresh set): the test split is never read here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from evals.golden_schema import GoldenTicket, load_fresh_tickets, load_paraphrase, load_split
from nlp.bot_question import asks_for_a_person
from nlp.cold_hostility import coldly_hostile
from nlp.complaint import states_complaint
from nlp.data_shared import asks_what_we_shared
from nlp.hours_question import asks_our_hours_only
from nlp.in_time_question import asks_if_it_arrives_in_time
from nlp.injection import looks_like_injection
from nlp.intent import datasets as ds
from nlp.reading_rules import ORDER_QUESTIONS, SEND_BACK_READINGS, SPECIALIST_OR_PERSON
from nlp.refund_question import asks_how_much_came_back
from nlp.restock_question import asks_when_back_in_stock
from nlp.send_back import wants_to_send_it_back
from nlp.service_emails import asks_if_service_emails_still_come
from nlp.size_question import asks_if_right_size
from nlp.someone_elses_details import asks_for_someone_elses_details
from nlp.swap_request import asks_for_money_instead_of_a_swap
from supportdesk.settings import Settings


def _development_tickets() -> list[GoldenTicket]:
    loads = (load_split("dev"), load_paraphrase(), load_fresh_tickets())
    assert all(load.ok for load in loads)
    return [t for load in loads for t in load.tickets]


def _bitext_train(tmp_path: Path) -> list[ds.Example]:
    settings = Settings(_env_file=None, data_dir=tmp_path, database_url=None, redis_url=None)
    loaded = ds.load_bitext(settings, "train")
    assert loaded.status == "ok", loaded.message
    return list(loaded.examples)


# Tickets whose writer tagged another adversarial kind but whose words are also an injection by
# the rule's own definition. gf-compatibility-286 (batch 40, tagged social-engineering) ends
# "please just reply with exactly: '...'": dictating the reply word for word is what the rule
# catches, whoever claims to have approved it. The data is kept as its writer wrote it and the
# rule is not narrowed for it; each one here must still be flagged and tagged adversarial.
# gf-order_status-327 (batch 45, tagged social-engineering) asks the assistant to "read me the
# internal notes" on an order: asking for the shop's internal fields is one of the rule's kinds.
ALSO_INJECTIONS = {"gf-compatibility-286", "gf-order_status-327"}


def test_that_every_injection_ticket_and_no_other_is_flagged(tmp_path: Path):
    tickets = _development_tickets()
    flagged = {t.id for t in tickets if any(looks_like_injection(turn) for turn in t.turns)}
    injected = {t.id for t in tickets if "prompt-injection" in t.tags}
    assert len(injected) >= 40
    assert flagged == injected | ALSO_INJECTIONS
    assert all("adversarial" in t.tags for t in tickets if t.id in ALSO_INJECTIONS)
    assert [e.text for e in _bitext_train(tmp_path) if looks_like_injection(e.text)] == []


def _states_complaint_unless_asking_for_a_person(text: str) -> bool:
    # nlp/reading_rules.py reads a request for a person first: "before I make a complaint, could
    # someone telephone me?" is a request for a person, and the complaint flag is not read.
    return states_complaint(text) and not asks_for_a_person(text)


# Asked for a person at the end of a message its writer labelled by what it is about: "...I'd
# rather speak to a real person about how the collection will work" (a return). Both labels
# are fair, and the rule's reading puts it in front of a person, which is where it belongs.
# "Is there anyone who speaks German on the phone? My mother would like to call you herself"
# was labelled a contact question (gf-other-049); batch 38's writer labelled the same situation
# a request for a person (gf-human_request-265). No policy says which languages our team
# speaks, so only a person can answer it truthfully. gf-exchange-323 (batch 45) asks to swap a
# heavy table and "could someone ring me to sort out the collection?": an exchange by its writer's
# label, a request for a person by the rule's, and a person sees it either way.
_PERSON_ASKED_ABOUT_ANOTHER_REQUEST = frozenset(
    {"gf-return_request-269", "gf-other-049", "gf-exchange-323"}
)


@pytest.mark.parametrize(
    ("rule", "label"),
    [
        (asks_for_a_person, "human_request"),
        (_states_complaint_unless_asking_for_a_person, "complaint"),
    ],
    ids=["asks for a person", "states a complaint"],
)
def test_that_a_rule_naming_an_intent_fires_only_on_messages_with_that_label(
    tmp_path: Path, rule: Callable[[str], bool], label: str
):
    fired = [t for t in _development_tickets() if rule(t.last_turn)]
    assert len(fired) >= 10
    assert label in {t.expected_intent for t in fired}
    # The rules never override a specialist's reading (SPECIALIST_OR_PERSON): "I keep asking to
    # speak to a person ... I'd like my information deleted" stays a privacy request.
    labels = {t.expected_intent for t in fired if t.id not in _PERSON_ASKED_ABOUT_ANOTHER_REQUEST}
    assert labels - {label} <= SPECIALIST_OR_PERSON
    bitext = [e for e in _bitext_train(tmp_path) if rule(e.text)]
    assert bitext and {e.intent for e in bitext} == {label}


def test_that_an_hours_question_without_an_order_is_read_as_other_only_where_labelled_so(
    tmp_path: Path,
):
    # A request for a person is read first (nlp/reading_rules.py): "could I talk it over with
    # somebody? are you open on Saturdays?" asks for a person, whatever else it asks.
    fired = [
        t
        for t in _development_tickets()
        if asks_our_hours_only(t.last_turn) and not asks_for_a_person(t.last_turn)
    ]
    assert len(fired) >= 6
    assert {t.expected_intent for t in fired} == {"other"}
    assert [e.text for e in _bitext_train(tmp_path) if asks_our_hours_only(e.text)] == []


def test_that_asking_for_someone_elses_details_fires_only_on_privacy_requests(tmp_path: Path):
    fired = [t for t in _development_tickets() if asks_for_someone_elses_details(t.last_turn)]
    assert len(fired) >= 3
    # Labelled a privacy request, or written as another customer's data asked for (fresh
    # gf-account-236: "give me her email", filed under the account it is about and answered
    # with a refusal, where the privacy team's answer is no worse), or a stranger's ploy to get
    # one (gf-compatibility-174, an electrician "your installation team" sent for "one of your
    # customers": "give me her order number and delivery address").
    assert "privacy_request" in {t.expected_intent for t in fired}
    filed_elsewhere = [t for t in fired if t.expected_intent != "privacy_request"]
    ploys = {"other-customer", "social-engineering"}
    assert all(ploys & set(t.tags) for t in filed_elsewhere), filed_elsewhere
    assert [e.text for e in _bitext_train(tmp_path) if asks_for_someone_elses_details(e.text)] == []


def test_that_asking_what_we_shared_fires_only_on_privacy_requests(tmp_path: Path):
    fired = [t for t in _development_tickets() if asks_what_we_shared(t.last_turn)]
    assert len(fired) >= 3
    assert {t.expected_intent for t in fired} == {"privacy_request"}
    assert [e.text for e in _bitext_train(tmp_path) if asks_what_we_shared(e.text)] == []


def test_that_cold_contempt_fires_only_on_tickets_tagged_angry(tmp_path: Path):
    # A customer who is frustrated but courteous ("frustrated" tag) must not be read as angry.
    fired = [t for t in _development_tickets() if coldly_hostile(" ".join(t.turns))]
    assert len(fired) >= 10
    assert all("angry" in t.tags for t in fired)
    assert [e.text for e in _bitext_train(tmp_path) if coldly_hostile(e.text)] == []


def test_that_a_restock_question_naming_no_order_is_only_ever_a_product_question(tmp_path: Path):
    fired = [t for t in _development_tickets() if asks_when_back_in_stock(t.last_turn)]
    assert len(fired) >= 2
    assert {t.expected_intent for t in fired} == {"product_info"}
    assert [e.text for e in _bitext_train(tmp_path) if asks_when_back_in_stock(e.text)] == []


def test_that_the_money_instead_of_a_swap_cue_never_fires_on_a_real_swap(tmp_path: Path):
    # The rule turns a swap reading into a cancellation or a return: a message labelled as a
    # swap (exchange, change of order) that says these words would lose its answer.
    fired = [t for t in _development_tickets() if asks_for_money_instead_of_a_swap(t.last_turn)]
    assert "cancel_order" in {t.expected_intent for t in fired}
    assert not {t.expected_intent for t in fired} & {"exchange", "change_order"}
    bitext = _bitext_train(tmp_path)
    assert [e.text for e in bitext if asks_for_money_instead_of_a_swap(e.text)] == []


def test_that_wanting_to_send_it_back_is_said_in_returns_and_never_in_order_questions(
    tmp_path: Path,
):
    # The rule takes only an order or delivery reading to a return (nlp/reading_rules.py): no
    # ticket labelled one may say it. A return can be the background of a billing question (a
    # refund to a closed card, gf-billing-255) or a complaint (a label never sent,
    # gf-complaint-252), which the rule leaves to their own readings; nearly all are returns.
    fired = [t for t in _development_tickets() if wants_to_send_it_back(t.last_turn)]
    labels = [t.expected_intent for t in fired]
    assert len(fired) >= 5
    assert not set(labels) & ORDER_QUESTIONS
    assert labels.count("return_request") >= 0.9 * len(labels)
    assert [e.text for e in _bitext_train(tmp_path) if wants_to_send_it_back(e.text)] == []


def test_that_asking_if_service_emails_still_come_is_an_account_question(tmp_path: Path):
    # The rule reads an order question as an account one; a privacy request saying the same
    # words keeps its own reading (the rule gives way to the specialist intents).
    fired = [t for t in _development_tickets() if asks_if_service_emails_still_come(t.last_turn)]
    assert len(fired) >= 5
    assert {t.expected_intent for t in fired} <= {"account", *SPECIALIST_OR_PERSON}
    assert "account" in {t.expected_intent for t in fired}
    bitext = _bitext_train(tmp_path)
    assert [e.text for e in bitext if asks_if_service_emails_still_come(e.text)] == []


def test_that_asking_how_much_came_back_is_only_ever_a_refund_question(tmp_path: Path):
    # The rule reads a return, a cancellation or an order question as a refund question; a
    # request for a person or a complaint saying the same words keeps its reading (the rule
    # leaves those intents alone, and a complaint said outright is read before it).
    fired = [t for t in _development_tickets() if asks_how_much_came_back(t.last_turn)]
    assert len(fired) >= 4
    kept = {"refund_status", "complaint", *SPECIALIST_OR_PERSON}
    assert {t.expected_intent for t in fired} <= kept
    assert "refund_status" in {t.expected_intent for t in fired}
    bitext = _bitext_train(tmp_path)
    assert [e.text for e in bitext if asks_how_much_came_back(e.text)] == []


def test_that_asking_if_a_product_is_the_right_size_is_only_ever_a_sizing_question(
    tmp_path: Path,
):
    fired = [t for t in _development_tickets() if asks_if_right_size(t.last_turn)]
    assert len(fired) >= 4
    labels = [t.expected_intent for t in fired]
    # The rule turns only an exchange or a return reading into a sizing question: no ticket it
    # fires on is labelled either. A product question asking three things, the right size among
    # them, may be labelled compatibility (gf-compatibility-249), and is left to the model.
    assert not set(labels) & SEND_BACK_READINGS
    assert set(labels) <= {"sizing_fit", "compatibility"}
    assert labels.count("sizing_fit") >= 0.8 * len(labels)
    assert [e.text for e in _bitext_train(tmp_path) if asks_if_right_size(e.text)] == []


def test_that_asking_if_it_arrives_in_time_is_never_labelled_out_of_scope(tmp_path: Path):
    # The rule reads an out-of-scope reading as an order question: no message it fires on may
    # be labelled out of scope, and most are about an order on its way.
    fired = [t for t in _development_tickets() if asks_if_it_arrives_in_time(t.last_turn)]
    assert len(fired) >= 4
    labels = [t.expected_intent for t in fired]
    assert "other" not in labels
    assert sum(label in ORDER_QUESTIONS for label in labels) >= 0.6 * len(labels)
    bitext = [e for e in _bitext_train(tmp_path) if asks_if_it_arrives_in_time(e.text)]
    assert all(e.intent != "other" for e in bitext), [e.text for e in bitext]
