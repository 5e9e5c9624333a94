"""Will a piece go through the customer's door? Its smallest side against the opening they give.

"Our lift door is only 78 cm wide: would the armchair go in on its side?" is decided by one
number: a piece turned onto its narrowest side passes an opening wider than that side. The reply
gives the measurements either way; with this it also says which way the customer's own figure
falls, and that the rest of the way in (height, turns, stairs) needs measuring too.

It is asked only of furniture (a curtain or a rug goes through any door folded or rolled), and
only when the message asks about getting it through or up ("will it go through", "get up the
stairs", "in the lift"): "the wall between the window and the door is 80 cm wide" gives the
width of a space for it to stand in, which its width answers, not its smallest side. A figure in
a sentence with "between" is a space of that kind, and is never read as an opening.

Only a piece that arrives fully assembled is ever said not to go through: one with legs to screw
in or boxes to build from travels smaller than it stands, and its box sizes are not on record. A
message giving no figure, a figure without a unit, or two openings of different widths gets the
measurements alone, as before: a verdict on the wrong number would be worse than none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from drafting.template_format import number

CM_PER_INCH = 2.54
# Closer than this and the verdict is the customer's tape measure's, not ours.
TOO_CLOSE_CM = 1.0
FULLY_ASSEMBLED = "Arrives fully assembled"

_PASSAGE = (
    r"(?:door ?ways?|door ?frames?|doors?|lifts?|elevators?|hall ?ways?|halls?|corridors?"
    r"|stair ?cases?|stair ?wells?|stairs|entrances?|gates?)"
)
_FIGURE = r"(?P<n>\d{2,3}(?:[.,]\d{1,2})?)"
# "78 cm", "78cm", "31 inches", '31"', "31 in wide" ("31 in the hall" is no unit: "in" counts
# only when nothing but "wide", "across" or the end of the clause follows it).
_UNIT = (
    r"\s?(?P<u>cm\b|centimet(?:re|er)s?\b|inch(?:es)?\b|[\"”″]"
    r"|in\b\.?(?=\s*(?:wide|across|[.,;:?!)]|$)))"
)
_OPENINGS = (
    # "the lift door is only 78 cm wide", "our doorway (31 in)"
    re.compile(rf"\b{_PASSAGE}\b[^.?!\d]{{0,30}}?{_FIGURE}{_UNIT}", re.IGNORECASE),
    # "a 78 cm door", "76cm wide front door", "31 inch doorway"
    re.compile(
        rf"{_FIGURE}{_UNIT}(?:\s*(?:wide|across))?\s+(?:[\w-]+\s+){{0,2}}?{_PASSAGE}\b",
        re.IGNORECASE,
    ),
)


# "78 cm or 85 cm", "between 76 and 80 cm": two figures for one opening, so neither is its width.
_TWO_FIGURES = re.compile(
    r"\b\d{2,3}(?:[.,]\d{1,2})?\s?(?:cm|inch(?:es)?|in)?\s*(?:and|or|to|-|–|/)\s*"
    rf"{_FIGURE}{_UNIT}",
    re.IGNORECASE,
)


# Getting the piece through or up: "go through", "get it up the stairs", "fit in the lift", "go
# in on its side".
_GETTING_IT_IN = re.compile(
    r"\b(?:go|get|fit|come|make it|squeeze|pass|carry|take|bring|move|manoeuvre|maneuver)\w*\b"
    r"[^.?!]{0,40}?\b(?:through|up (?:the |our |my |a )?(?:stairs|staircase)|in(?:to)? (?:the |our"
    r" |my )?(?:lift|elevator)|round|around)\b|\bthrough (?:the|our|my|a|that|this|it)\b"
    # "would it go in on its side?", "will it get up?" (not "will it go in the alcove?")
    r"|\bon (?:its|their) (?:side|end)\b|\b(?:go|get|fit)\w* (?:it |them )?(?:in|up)\b"
    r"(?! (?:the |that |this |our |my )?(?:alcove|space|gap|corner|room|there|here|recess|nook))",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"[^.?!\n]+")


@dataclass(frozen=True)
class Opening:
    """The width of the way in, as the customer gave it."""

    width_cm: float
    shown: str  # "78 cm", "31 in"
    inches: bool


def opening_in(message: str) -> Opening | None:
    """The one opening width the message gives; None when it gives none or two that differ."""
    if _TWO_FIGURES.search(message) or not _GETTING_IT_IN.search(message):
        return None
    found: dict[float, Opening] = {}
    for match in (m for pattern in _OPENINGS for m in pattern.finditer(message)):
        if _in_a_sentence_with_between(message, match.start()):
            continue
        figure = float(match.group("n").replace(",", "."))
        unit = match.group("u").lower()
        inches = not unit.startswith(("cm", "centi"))
        width = figure * CM_PER_INCH if inches else figure
        shown = f"{number(figure)} {'in' if inches else 'cm'}"
        found.setdefault(round(width, 1), Opening(width, shown, inches))
    return next(iter(found.values())) if len(found) == 1 else None


def _in_a_sentence_with_between(message: str, at: int) -> bool:
    sentence = next((m.group(0) for m in _SENTENCE.finditer(message) if m.end() > at), "")
    return re.search(r"\bbetween\b", sentence, re.IGNORECASE) is not None


def fit_through(product: dict[str, Any], message: str) -> tuple[str, dict[str, str]] | None:
    """The template key and slots that say whether the piece passes the opening the message
    gives, or None when there is nothing safe to say."""
    if product.get("category") != "furniture":
        return None
    opening = opening_in(message)
    sides_cm = [v for v in (product.get("dimensions_cm") or {}).values() if v]
    if opening is None or not sides_cm:
        return None
    smallest_cm = min(float(v) for v in sides_cm)
    if opening.inches:
        sides_in = [v for v in (product.get("dimensions_in") or {}).values() if v]
        smallest_in = min(float(v) for v in sides_in) if sides_in else smallest_cm / CM_PER_INCH
        smallest = f"{number(round(smallest_in, 1))} in"
    else:
        smallest = f"{number(round(smallest_cm))} cm"
    # The figure is named as the customer's own, not as a door: "the door from the hall into the
    # dining room is 72 cm" names two places, and only the figure is certain.
    slots = {"smallest": smallest, "opening": opening.shown}
    if abs(smallest_cm - opening.width_cm) < TOO_CLOSE_CM:
        return "product.opening_too_close", slots
    if smallest_cm < opening.width_cm:
        return "product.fits_opening", slots
    if str(product.get("assembly") or "").startswith(FULLY_ASSEMBLED):
        return "product.opening_too_small", slots
    return None
