"""Reversible PII masking: placeholders, the vault, unmasking, recognizers, product names.

Recognizer examples are hand-written per market; the 200 support messages and the Presidio
research set are measured through the same functions the eval command prints.
"""

from __future__ import annotations

import json
import logging
import re
import socket

import pytest

from evals.pii_eval import TARGETS, bench_masking, run_pii_eval, run_support_pii_eval
from nlp.pii import PiiMasker, Vault, load_product_names
from nlp.pii.entities import ENTITY_TYPES

NAME_STEMS = ("Victoria", "Florence", "Denver", "Grace", "Harper", "Stanley", "Isla", "Hudson")


@pytest.fixture(scope="module")
def masker() -> PiiMasker:
    """A masker without a catalogue: for recognizer behaviour alone."""
    return PiiMasker()


@pytest.fixture(scope="module")
def shop_masker(seeded_db) -> PiiMasker:
    return PiiMasker(load_product_names(seeded_db))


def masked_values(result, entity_type: str) -> list[str]:
    return [
        result.vault.value_of(e.placeholder)
        for e in result.entities
        if e.entity_type == entity_type
    ]


# --- placeholders and the vault ------------------------------------------------------------


def test_that_the_same_value_gets_the_same_placeholder_across_turns(masker):
    first = masker.mask(
        "Hi, I'm Siobhan Brennan. Order HR-204813 - email s.brennan@example.com, "
        "mobile +44 7700 900123.",
        Vault(),
    )
    # The conversation state stores the vault as JSON between turns.
    state = json.loads(json.dumps(first.vault.to_dict()))
    second = masker.mask(
        "Me again (Siobhan Brennan): hr204813 still missing. S.Brennan@Example.com or "
        "07700 900123.",
        Vault.from_dict(state),
    )
    by_type = {e.entity_type: e.placeholder for e in first.entities}
    for kind in ("PERSON", "ORDER_ID", "EMAIL_ADDRESS", "PHONE_NUMBER"):
        assert by_type[kind] in second.masked_text, kind
    assert second.vault.counters == first.vault.counters


def test_that_mask_returns_a_new_vault_and_leaves_the_callers_vault_untouched(masker):
    vault = Vault()
    result = masker.mask("Call me on 07700 900123", vault)
    assert vault.entries == {} and vault.counters == {}
    assert result.vault is not vault
    assert result.vault.values_by_type("PHONE_NUMBER") == ["07700 900123"]


def test_that_unmask_restores_every_value_of_a_masked_message(masker):
    text = (
        "Please redeliver order HR-552031 to 12 Mill Lane, Leeds LS6 2AB and text "
        "07700 900456 when it leaves. Card 4111 1111 1111 1111. Thanks, Priya Patel"
    )
    result = masker.mask(text, Vault())
    assert "Priya" not in result.masked_text and "4111" not in result.masked_text
    restored = masker.unmask(result.masked_text, result.vault)
    assert restored.ok and restored.problems == ()
    assert restored.text == text


@pytest.mark.parametrize(
    "mangled",
    [
        "<PERSON_9>",
        "<PERSON 1>",
        "PERSON_1>",
        "[EMAIL_ADDRESS_1]",
        "<Person_1>",
        "&lt;ORDER_ID_1&gt;",
        "<PERSON>",
        "{PERSON_1}",
        "<ORDER-ID-1>",
    ],
)
def test_that_a_mangled_placeholder_is_never_shown_raw_and_fails_the_draft(masker, mangled):
    result = masker.mask("Thanks, Priya Patel - order HR-552031", Vault())
    draft = f"Hi {mangled}, your order <ORDER_ID_1> is on its way."
    reply = masker.unmask(draft, result.vault)
    assert reply.ok is False
    assert len(reply.problems) == 1
    assert mangled not in reply.text
    assert not re.search(r"[<>\[\]{}]|&lt;|&gt;|_\d|[A-Z]{4,}|person|Person", reply.text)
    assert "HR-552031" in reply.text  # the intact placeholder is still restored


def test_that_text_without_placeholders_unmasks_unchanged(masker):
    reply = masker.unmask("Your <b>phone number</b> and order 1 of 2 look fine.", Vault())
    assert reply.ok and reply.text == "Your <b>phone number</b> and order 1 of 2 look fine."


def test_that_the_vault_survives_json_and_never_shows_values_in_its_repr():
    vault = Vault()
    p1 = vault.placeholder_for("ORDER_ID", "HR-204813")
    p2 = vault.placeholder_for("ORDER_ID", "hr 204813")
    p3 = vault.placeholder_for("ORDER_ID", "4481923")
    assert p1 == p2 == "<ORDER_ID_1>" and p3 == "<ORDER_ID_2>"
    copy = Vault.from_dict(json.loads(json.dumps(vault.to_dict())))
    assert copy.values_by_type("ORDER_ID") == ["HR-204813", "4481923"]
    assert copy.placeholder_for("ORDER_ID", "HR204813") == "<ORDER_ID_1>"
    assert "204813" not in repr(copy)
    assert Vault.from_dict({"entries": "nonsense", "counters": [1]}).entries == {}
    assert (
        Vault.from_dict({"entries": {"<PERSON_4>": "Ann"}}).placeholder_for("PERSON", "Bea")
        == "<PERSON_5>"
    )


# --- catalogue names and the customer's own name -----------------------------------------


def test_that_catalogue_product_names_are_never_masked(seeded_db, shop_masker):
    names = sorted(n for n in load_product_names(seeded_db) if n.split()[0] in NAME_STEMS)
    assert len(names) >= 20
    for i in range(0, len(names), 3):
        group = names[i : i + 3]
        text = f"Hi, is the {group[0]} in stock? I love my " + " and my ".join(group[1:]) + "."
        result = shop_masker.mask(text, Vault(), customer_names=["Grace Harper"])
        for name in group:
            assert name in result.masked_text, (name, result.masked_text)


def test_that_the_customers_own_name_is_masked_in_a_sign_off(shop_masker):
    customer = ["Ruby Hartley"]
    for text in (
        "The Victoria Bookshelf arrived chipped.\n\nThanks,\nRuby",
        "is the florence bed back in stock? thanks ruby",
        "Please cancel my order.\nCheers\nRUBY HARTLEY",
    ):
        result = shop_masker.mask(text, Vault(), customer_names=customer)
        assert not re.search(r"ruby|hartley", result.masked_text, re.IGNORECASE), text
        assert "<PERSON_1>" in result.masked_text
    # The same word elsewhere is not her name.
    kept = shop_masker.mask("Does it come in ruby red?", Vault(), customer_names=customer)
    assert kept.masked_text == "Does it come in ruby red?"


def test_that_a_customer_named_like_a_product_keeps_the_product_and_loses_the_name(shop_masker):
    text = "My name is on your Florence Bed! Thanks so much, Florence"
    result = shop_masker.mask(text, Vault(), customer_names=["Florence Okafor"])
    assert result.masked_text == "My name is on your Florence Bed! Thanks so much, <PERSON_1>"


@pytest.mark.parametrize(
    "text",
    [
        "Will I have to build it myself? I'm hopeless with an Allen key.",
        "Does the bulb have an Edison screw, and would a Phillips screwdriver open the base?",
        "Would the pan go in a Dutch oven's place, next to my Belfast sink?",
    ],
)
def test_that_household_words_named_after_people_are_not_masked(masker, text):
    assert masker.mask(text, Vault()).masked_text == text


def test_that_a_person_who_shares_a_household_words_name_is_still_masked(masker):
    result = masker.mask("Hi, this is Allen Whitfield about the Allen key", Vault())
    assert result.masked_text == "Hi, this is <PERSON_1> about the Allen key"


# --- other languages and batches ------------------------------------------------------------

FOREIGN = [
    (
        "Leider fehlt bei meinem Regal eine Schraube. Könnten Sie mir bitte eine schicken? "
        "Mit freundlichen Grüßen, Sabine Krause",
        "Sabine Krause",
    ),
    (
        "Hallo, ich warte seit zwei Wochen auf meine Lieferung. Können Sie bitte nachsehen? "
        "Viele Grüße, Jürgen Müller",
        "Jürgen Müller",
    ),
    (
        "Bonjour, est-il possible de modifier l'adresse de livraison de ma commande ? "
        "Merci, Camille Lefèvre",
        "Camille Lefèvre",
    ),
]


@pytest.mark.parametrize(("text", "name"), FOREIGN)
def test_that_the_english_ner_does_not_mask_ordinary_words_of_other_languages(masker, text, name):
    result = masker.mask(text, Vault())
    assert masked_values(result, "PERSON") == [name]
    # Read as English, the NER takes ordinary words for people: the language is what saves them.
    as_english = masker.mask(text, Vault(), language="en")
    assert len(masked_values(as_english, "PERSON")) > 1


def test_that_a_batch_prepared_ahead_masks_exactly_like_one_message_at_a_time(masker, monkeypatch):
    texts = [
        "Hi, I'm Priya Patel, order HR-204813 never came. Call 07700 900123.",
        "Thanks so much, Emma Campbell\n12 Mill Lane, Leeds LS6 2AB",
        "Hallo, ich warte seit zwei Wochen. Viele Grüße, Jürgen Müller",
        "",
        "x" * 9000,  # read in two chunks
    ]
    alone = [masker.find(t) for t in texts]
    masker.prepare(texts)
    from nlp.pii.engine import get_analyzer

    def no_second_run(*args, **kwargs):
        raise AssertionError("the NER ran again for a prepared text")

    monkeypatch.setattr(get_analyzer().nlp_engine, "process_text", no_second_run)
    assert [masker.find(t) for t in texts] == alone


# --- recognizers, per market ---------------------------------------------------------------

EXAMPLES = [
    ("PHONE_NUMBER", "Call me on 07700 900123 after six.", "07700 900123"),  # GB mobile
    ("PHONE_NUMBER", "Landline: +44 20 7946 0321", "+44 20 7946 0321"),  # GB London
    ("PHONE_NUMBER", "my cell is (503) 555-0142", "(503) 555-0142"),  # US
    ("PHONE_NUMBER", "reach me at +1 415 555 0110 please", "+1 415 555 0110"),  # US
    ("PHONE_NUMBER", "Rufen Sie mich an: +49 151 23456789", "+49 151 23456789"),  # DE mobile
    ("PHONE_NUMBER", "Telefon 030 12345678, tagsüber", "030 12345678"),  # DE Berlin
    ("PHONE_NUMBER", "ring 087 123 4567 any time", "087 123 4567"),  # IE mobile
    ("PHONE_NUMBER", "or +353 1 555 0123 at work", "+353 1 555 0123"),  # IE Dublin
    ("PHONE_NUMBER", "mon portable 06 12 34 56 78", "06 12 34 56 78"),  # FR
    ("PHONE_NUMBER", "call +33 6 98 76 54 32", "+33 6 98 76 54 32"),  # FR
    ("PHONE_NUMBER", "Toronto number (416) 555-0134", "(416) 555-0134"),  # CA
    ("PHONE_NUMBER", "text 778-555-0166 when you're outside", "778-555-0166"),  # CA
    ("ORDER_ID", "Where is HR-204813?", "HR-204813"),
    ("ORDER_ID", "my order hr204813 never came", "hr204813"),
    ("ORDER_ID", "order 4481923 is late", "4481923"),
    ("ORDER_ID", "It was #A10023 from March", "A10023"),
    ("ORDER_ID", "Bestellnummer 553201 ist beschädigt", "553201"),
    ("STREET_ADDRESS", "Please send it to 12 Mill Lane instead.", "12 Mill Lane"),
    (
        "STREET_ADDRESS",
        "Flat 3, 27 Church Road, Bristol BS5 9JH is my address",
        "Flat 3, 27 Church Road, Bristol BS5 9JH",
    ),
    (
        "STREET_ADDRESS",
        "Ship to 482 Maple Avenue, Portland, OR 97205 please",
        "482 Maple Avenue, Portland, OR 97205",
    ),
    (
        "STREET_ADDRESS",
        "Neue Adresse: Lindenstraße 12, 10115 Berlin.",
        "Lindenstraße 12, 10115 Berlin",
    ),
    ("STREET_ADDRESS", "Lieferung an Am Markt 5, 04109 Leipzig bitte", "Am Markt 5, 04109 Leipzig"),
    ("POSTCODE", "Is there a drop-off point near LS6 2AB?", "LS6 2AB"),
    ("POSTCODE", "Do you deliver to zip code 97205?", "97205"),
    ("POSTCODE", "Meine PLZ ist 10115", "10115"),
    ("CREDIT_CARD", "card 4111 1111 1111 1111 exp 09/28", "4111 1111 1111 1111"),
    ("CREDIT_CARD", "amex 3714 496353 98431", "3714 496353 98431"),
    ("CREDIT_CARD", "use 5555-5555-5555-4444", "5555-5555-5555-4444"),
    ("IBAN_CODE", "IBAN DE89 3704 0044 0532 0130 00 bitte", "DE89 3704 0044 0532 0130 00"),
    ("IBAN_CODE", "refund to GB82WEST12345698765432", "GB82WEST12345698765432"),
    ("IBAN_CODE", "meine iban: de89370400440532013000", "de89370400440532013000"),
    ("EMAIL_ADDRESS", "write to Emma.Campbell@Example.org", "Emma.Campbell@Example.org"),
    ("PERSON", "Dear Mrs Okafor, thanks for the help", "Okafor"),
    ("PERSON", "My neighbour Tomasz Kowalski will sign for it", "Tomasz Kowalski"),
    ("PERSON", "Kind regards,\nSiobhan", "Siobhan"),
    ("PERSON", "I spoke to Priya yesterday about it", "Priya"),
    # A lower-case name after a greeting and "it's" or "this is" still introduces the writer.
    ("PERSON", "hiya it's olumide, where's my lamp", "olumide"),
    ("PERSON", "Good afternoon, this is Zofia about the rug", "Zofia"),
]


@pytest.mark.parametrize(("entity_type", "text", "value"), EXAMPLES)
def test_that_each_recognizer_masks_its_hand_written_examples(masker, entity_type, text, value):
    result = masker.mask(text, Vault())
    assert value not in result.masked_text
    assert value in masked_values(result, entity_type), result.masked_text


@pytest.mark.parametrize(
    ("entity_type", "text"),
    [
        ("CREDIT_CARD", "I paid with my card ending 4242 on 12/05/2026."),
        ("PHONE_NUMBER", "It cost £1,299.00 and arrived on 2026-05-12 at 10:30."),
        ("PHONE_NUMBER", "The tracking number 123456789012 hasn't moved."),
        ("PERSON", "I ordered 2 Victoria Bookshelves and the Denver Rug."),
        ("STREET_ADDRESS", "We have 2 dogs in the park and 3 table lamps."),
        ("PERSON", "Guten Tag, die Rechnung fehlt."),
        # An ordinary word after "its" or "I'm" that the dictionary holds in another form: a
        # price drop masked as a name loses the question.
        ("PERSON", "hey i orderd it 3 days ago and now its cheaper on ur site??"),
        ("PERSON", "Hi, I'm kitting out a small office and I'm logged in already."),
        ("PERSON", "its bigger than I thought"),
        # A word no dictionary knows after "whether it's" describes the product, not the writer.
        ("PERSON", "Is it real wool? And do you know whether it's mulesing-free?"),
        ("PERSON", "Not sure if this is zellige or just glazed tile."),
    ],
)
def test_that_lookalikes_are_not_masked_as(shop_masker, entity_type, text):
    result = shop_masker.mask(text, Vault())
    assert entity_type not in {e.entity_type for e in result.entities}, result.masked_text


# --- robustness ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        "😀🎉🙈" * 30,
        "<script>alert('x')</script><p onclick=\"steal()\">hi</p>",
        "\x00\x01\x02\x1b[31mred\x7f",
        "Здравствуйте, меня зовут Иван Петров, телефон +7 912 345-67-89",
        "東京都港区六本木 1-2-3、電話 03-1234-5678",
        ("Order HR-204813 to 12 Mill Lane, Leeds LS6 2AB, call 07700 900871. Thanks, Emma\n" * 620)[
            :50_000
        ],
        "A" * 50_000,
        "Ab-" * 16_000,
    ],
)
def test_that_bad_input_never_raises(masker, text):
    result = masker.mask(text, Vault(), customer_names=["Emma Campbell", "", "  "])
    assert isinstance(result.masked_text, str)
    reply = masker.unmask(result.masked_text, result.vault)
    assert reply.text == text
    assert reply.ok


def test_that_masking_logs_no_raw_values(masker, caplog):
    with caplog.at_level(logging.DEBUG):
        masker.mask("I'm Ngozi Adeyemi, ngozi@example.com, 07700 900321", Vault())
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "Ngozi" not in logged and "900321" not in logged and "example.com" not in logged


def test_that_email_validation_never_touches_the_network(masker, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    result = masker.mask("mail me at someone@example.co.uk", Vault())
    assert masked_values(result, "EMAIL_ADDRESS") == ["someone@example.co.uk"]


@pytest.mark.parametrize(
    "address", ["sophia.home@mail.example", "ops@shop.internal", "me@corp.local", "a.b@c.de"]
)
def test_that_addresses_on_private_and_reserved_domains_are_masked_too(masker, address):
    result = masker.mask(f"please write to {address} instead", Vault())
    assert masked_values(result, "EMAIL_ADDRESS") == [address]
    assert address not in result.masked_text


def test_that_a_zip_straight_after_the_street_goes_with_the_address(masker):
    result = masker.mask("I'm writing from 14 Elm Road, 60613. My card was charged twice.", Vault())
    assert "60613" not in result.masked_text and "Elm Road" not in result.masked_text
    # A phone number after the street is not cut into a postcode and the rest.
    phone = masker.mask("It's 12 Mill Lane, 07700 900871 is my mobile", Vault())
    assert "Mill Lane" not in phone.masked_text
    assert "07700 900871" not in phone.masked_text and "900871" not in phone.masked_text


# --- measured sets ------------------------------------------------------------------------


def test_that_the_support_messages_leave_no_raw_value_and_mask_no_product_name(seeded_db):
    report = run_support_pii_eval(seeded_db)
    assert report["messages"] == 200
    assert report["raw_values_left"] == 0, report["leaks"]
    assert report["product_names_masked"] == 0, report["masked_products"]
    assert set(report["recall"]) <= set(ENTITY_TYPES)


def test_that_the_pii_command_reads_the_support_messages_against_the_seeded_shop(
    seeded_db, tmp_path, monkeypatch
):
    # The configured database of a fresh machine holds no catalogue yet: against it, every
    # product name in the support messages would count as wrongly masked.
    import evals.suites.shop as shop
    from supportdesk.cli_understanding import _run_suite
    from supportdesk.settings import Settings

    opened: list[Settings] = []

    async def the_eval_shop(settings: Settings, **_kwargs: object) -> shop.EvalShop:
        opened.append(settings)
        return shop.EvalShop(seeded_db, settings, "the tests' seeded shop")

    monkeypatch.setattr(shop, "open_eval_shop", the_eval_shop)
    empty = Settings(_env_file=None, data_dir=tmp_path, database_url=None, redis_url=None)
    result = _run_suite("pii", empty)
    assert opened == [empty]
    assert result["data"]["support"]["product_names_masked"] == 0


def test_that_the_presidio_set_meets_the_recall_targets():
    report = run_pii_eval()
    for entity_type, target in TARGETS.items():
        row = report["per_type"][entity_type]
        assert row["support"] > 0
        assert row["recall"] >= target, (entity_type, row)
    assert report["passed"] is True


def test_that_masking_a_sixty_word_message_is_fast():
    report = bench_masking(runs=60)
    assert report["mean_words"] >= 55
    # Target is < 15 ms p50 on an idle machine; the bound here leaves room for a shared CI box.
    assert report["p50_ms"] < 40, report
