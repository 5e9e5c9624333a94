"""A size question that gives the width of the way in gets told which way its figure falls:
the piece's smallest side against the customer's door, never a verdict on a figure it cannot
read, and never "it won't go through" for a piece that travels smaller than it stands."""

from __future__ import annotations

from typing import Any

import pytest

from drafting.template_fit import opening_in
from tests.test_template_drafter import product, write

ARMCHAIR: dict[str, Any] = {
    "product_name": "Poppy Armchair",
    "variant_name": "Moss",
    "category": "furniture",
    "product_type": "armchair",
    "dimensions_cm": {"width": 82.0, "depth": 82.0, "height": 89.0},
    "dimensions_in": {"width": 32.3, "depth": 32.3, "height": 35.0},
}


@pytest.mark.parametrize(
    ("message", "shown"),
    [
        ("The lift door is only 78 cm wide. Would it go in on its side?", "78 cm"),
        ("Our front door is 76cm. Will it get through?", "76 cm"),
        ("Will it get through a 31 inch doorway?", "31 in"),
        ("Can it go through our 70 cm sitting-room door", "70 cm"),
        ('Will it fit through a 30" door?', "30 in"),
        ("The ceiling is 2.20 m and the door 85cm: will it fit through?", "85 cm"),
        ("The tightest bit of the stairs is about 85cm, will it get up?", "85 cm"),
    ],
)
def test_that_the_width_of_the_way_in_is_read_with_its_unit(message: str, shown: str) -> None:
    opening = opening_in(message)
    assert opening is not None
    assert opening.shown == shown


@pytest.mark.parametrize(
    "message",
    [
        "Our doors are 78 cm and 85 cm wide, which one should it come through?",
        "The door is somewhere between 76 and 80 cm.",
        "I keep 80 in the hall cupboard.",  # "in" here is no unit
        "Is the armchair 82 cm wide?",  # no way in named
        # A space for it to stand in, not a way in: its width answers, not its smallest side.
        "The wall between the window and the door is 80 cm wide. Will it go through to there?",
        "Our door is 80 cm wide. Will it look right in the hall?",  # not asked about getting in
        "Next to the 80 cm door there's a recess. Will it go in the alcove?",
        "How big is it?",
    ],
)
def test_that_no_figure_or_two_figures_give_no_opening(message: str) -> None:
    assert opening_in(message) is None


def test_that_a_piece_narrower_than_the_door_on_its_side_should_go_through() -> None:
    chair = product(**ARMCHAIR, assembly="Arrives fully assembled.")
    draft = write("sizing_fit", [chair], "Will the Poppy Armchair go through our 85 cm door?")
    assert "Its smallest side is 82 cm, less than the 85 cm you measured" in draft.text
    assert "do measure the height, any tight turns and the stairs" in draft.text
    assert draft.grounded


def test_that_a_fully_assembled_piece_wider_than_the_door_on_every_side_will_not() -> None:
    chair = product(**ARMCHAIR, assembly="Arrives fully assembled.")
    message = "The lift door is only 78 cm wide. Would the Poppy Armchair go in on its side?"
    draft = write("sizing_fit", [chair], message)
    assert "Its smallest side is 82 cm, more than the 78 cm you measured" in draft.text
    assert "won't go through" in draft.text


def test_that_a_piece_built_at_home_gets_its_measurements_but_no_verdict() -> None:
    # Flat-packed, it travels in boxes whose sizes are not on record.
    kit = product(**ARMCHAIR, assembly="Self-assembly for two people, about 60 to 90 minutes.")
    draft = write("sizing_fit", [kit], "Would the Poppy Armchair go through a 78 cm door?")
    assert "measures 82 cm wide, 82 cm deep and 89 cm high" in draft.text
    assert "smallest side" not in draft.text


def test_that_a_door_the_same_width_as_the_piece_is_too_close_to_call() -> None:
    chair = product(**ARMCHAIR, assembly="Arrives fully assembled.")
    draft = write("sizing_fit", [chair], "Will the Poppy Armchair fit through an 82.5 cm door?")
    assert "about the same as the 82.5 cm you measured, which is too close" in draft.text
    assert "won't go through" not in draft.text
    assert "should go through" not in draft.text


def test_that_a_curtain_or_a_lamp_gets_no_verdict() -> None:
    # Soft or small things go through any door folded, rolled or boxed: no verdict is news.
    lamp = product()  # lighting
    draft = write("sizing_fit", [lamp], "Will the Alder Table Lamp go through a 20 cm door?")
    assert "smallest side" not in draft.text


def test_that_a_door_given_in_inches_is_answered_in_inches() -> None:
    chair = product("US", **ARMCHAIR, assembly="Arrives fully assembled.")
    draft = write("sizing_fit", [chair], "Will the Poppy Armchair make it through a 34 inch door?")
    assert "Its smallest side is 32.3 in, less than the 34 in you measured" in draft.text
