"""Two masking rules: bare six-digit order numbers are ORDER_IDs in an order's context, and the
catalogue's variant names (finishes, colours, sizes) are never taken for people."""

from __future__ import annotations

import pytest

from nlp.pii import PiiMasker, Vault, load_product_names, load_variant_names
from store.order_models import normalise_order_id


@pytest.fixture(scope="module")
def masker() -> PiiMasker:
    """No catalogue at all: only the built-in variant vocabulary protects finish words."""
    return PiiMasker()


@pytest.fixture(scope="module")
def shop_masker(seeded_db) -> PiiMasker:
    return PiiMasker(load_product_names(seeded_db), load_variant_names(seeded_db))


def _values(result, entity_type: str) -> list[str]:
    return [
        result.vault.value_of(e.placeholder)
        for e in result.entities
        if e.entity_type == entity_type
    ]


# --- (a) bare order numbers ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("my refund for 518204 still hasn't come through", "518204"),
        ("I sent the parcel back last week, it was 730915", "730915"),
        ("oh sorry, it's 604418", "604418"),
        ("441907", "441907"),
        ("Bestellung vom Montag: 287340, wo bleibt das Paket?", "287340"),
        ("order no 662013 hasn't shipped", "662013"),
        ("can you check #390271 for me", "390271"),
        ("still nothing from 271716, postcode G2 3AB", "271716"),
        ("still nothing from 271716 - sam.lee@example.com", "271716"),
    ],
)
def test_that_a_bare_order_number_in_an_order_context_is_masked_as_an_order_id(
    masker, text, number
):
    result = masker.mask(text, Vault())
    assert number not in result.masked_text
    assert _values(result, "ORDER_ID") == [number]
    # The vault keeps the number as written, and the order tools can still resolve it.
    assert normalise_order_id(number) == f"HR-{number}"


@pytest.mark.parametrize(
    "text",
    [
        "We have about 250000 visitors a year at the museum and a lovely garden to walk in.",
        "I paid £120000 for the house extension, now I need furniture for it",
        "The room is 350000 mm2 in total, will the rug cover most of it?",
    ],
)
def test_that_six_digit_numbers_without_an_order_context_are_left_alone(masker, text):
    result = masker.mask(text, Vault())
    assert "ORDER_ID" not in {e.entity_type for e in result.entities}, result.masked_text


def test_that_a_longer_number_is_not_cut_into_an_order_id(masker):
    # Seven digits are the cued free form ("order 4481923"), never a six-digit piece of it.
    result = masker.mask("my order 4481923 is late", Vault())
    assert _values(result, "ORDER_ID") == ["4481923"]
    card = masker.mask("refund it to card 3714 496353 98431 please", Vault())
    assert "ORDER_ID" not in {e.entity_type for e in card.entities}
    assert _values(card, "CREDIT_CARD") == ["3714 496353 98431"]


# --- (b) variant names are not people --------------------------------------------------------


def test_that_every_finish_and_size_of_the_shop_is_in_the_allow_list(seeded_db):
    variants = load_variant_names(seeded_db)
    for expected in ("Super King", "Brushed", "Charcoal", "Brushed Brass", "Sage Glaze"):
        assert expected in variants


@pytest.mark.parametrize(
    "template",
    [
        "Is the {} in stock?",
        "Does it come in {}?",
        "I'd like the {} one please.",
        "Can I swap to {} on my order before it ships?",
        "{} looks great in the photos, is it darker in real life?",
    ],
)
def test_that_no_finish_or_size_of_the_catalogue_is_masked_as_a_person(
    seeded_db, shop_masker, template
):
    variants = sorted(v for v in load_variant_names(seeded_db) if v[:1].isupper())
    assert len(variants) >= 30
    masked = []
    for variant in variants:
        text = template.format(variant)
        result = shop_masker.mask(text, Vault())
        if "PERSON" in {e.entity_type for e in result.entities}:
            masked.append(result.masked_text)
    assert masked == []


def test_that_a_product_with_its_variant_keeps_both_unmasked(seeded_db, shop_masker):
    names = sorted(load_product_names(seeded_db))
    bed = next(n for n in names if n.endswith(" Bed"))
    cushion = next(n for n in names if n.endswith(" Cushion"))
    text = f"Is the {bed} (Smoked Oak, Super King) in stock? And the {cushion} in Charcoal?"
    result = shop_masker.mask(text, Vault())
    assert result.masked_text == text


def test_that_variant_words_without_a_catalogue_are_still_not_people(masker):
    text = "Does the Brushed finish scratch, and is the Super King duvet cover in Charcoal?"
    assert masker.mask(text, Vault()).masked_text == text


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Please pass this to Mrs King in your returns team.", "King"),
        ("Dear Mr White, the lamp arrived safely.", "White"),
        ("My neighbour Tom Stone will take the parcel in.", "Tom Stone"),
    ],
)
def test_that_a_surname_that_is_also_a_colour_is_still_masked_after_a_name_cue(
    shop_masker, text, name
):
    result = shop_masker.mask(text, Vault())
    assert name not in result.masked_text
    assert name in _values(result, "PERSON")


def test_that_the_customers_own_name_is_masked_even_when_it_is_a_finish(shop_masker):
    result = shop_masker.mask(
        "Can I get the cushion in Rust? Sage", Vault(), customer_names=["Sage Turner"]
    )
    assert result.masked_text == "Can I get the cushion in Rust? <PERSON_1>"


@pytest.mark.parametrize(
    "text",
    [
        "A few questions about the Lyme Fitted Sheet in White, King. What bed is it for?",
        "Is the Devon Bed (Natural Oak, King) still in stock?",
        "Do you have the duvet in King size?",
        "Is the Super King in stock?",
    ],
)
def test_that_the_customers_surname_is_left_where_it_can_only_be_a_bed_size(shop_masker, text):
    # Caleb King asking for a King-size sheet: masking the size loses the question.
    result = shop_masker.mask(text, Vault(), customer_names=["Caleb King"])
    assert result.masked_text == text


@pytest.mark.parametrize(
    "text",
    [
        "King White is my name, where is my parcel?",
        "Can I get the cushion in Rust? King",
        "Thanks, King",
        "Please pass this to Mrs King.",
    ],
)
def test_that_the_customers_surname_is_still_masked_where_it_is_a_name(shop_masker, text):
    result = shop_masker.mask(text, Vault(), customer_names=["Caleb King"])
    assert "King" not in result.masked_text
    assert "King" in _values(result, "PERSON")


@pytest.mark.parametrize(
    ("reply", "code"),
    [
        ("oh sorry, it's 80331", "80331"),
        ("10001", "10001"),
        ("the zip is 94110-1234", "94110-1234"),
        ("postcode 20095 thanks", "20095"),
    ],
)
def test_that_a_bare_five_digit_postcode_in_a_short_reply_is_masked(masker, reply, code):
    # The guest's answer to "what is the delivery postcode?": it must reach the vault (the
    # proof) and never the model.
    result = masker.mask(reply, Vault())
    assert _values(result, "POSTCODE") == [code]
    assert code not in result.masked_text


@pytest.mark.parametrize(
    "text", ["I want 20000 points", "it cost 12345.50", "we ordered 3 lamps in 2025 and 12345 came"]
)
def test_that_five_digit_numbers_that_are_no_reply_with_a_postcode_are_left_alone(masker, text):
    assert _values(masker.mask(text, Vault()), "POSTCODE") == []


@pytest.mark.parametrize(
    ("text", "code", "kept"),
    [
        (
            "I placed it as a guest (the postcode was M45 8TA).",
            "M45 8TA",
            "postcode was <POSTCODE_1>",
        ),
        ("postcode's SW1A 1AA", "SW1A 1AA", "postcode's <POSTCODE_1>"),
        ("My zip code was 02185, if that helps", "02185", "zip code was <POSTCODE_1>"),
    ],
)
def test_that_the_word_between_a_postcode_cue_and_the_code_is_not_part_of_it(
    masker, text, code, kept
):
    # "was M45 8TA" in the vault never matched the order's postcode, so a guest who had given
    # the right proof was told the order could not be found.
    result = masker.mask(text, Vault())
    assert _values(result, "POSTCODE") == [code]
    assert kept in result.masked_text
