"""The lines after a street: unit, town, state, postcode, country.

Postal addresses are written as lines (street; unit; locality with state and postcode; country),
one per line or comma-separated, sometimes quoted in a reply ("> "). Once a street is found, the
tail is taken in with it so that the postcode and town are masked too, not left behind.
"""

from __future__ import annotations

import re
from typing import Final

from nlp.pii.patterns import CAP_WORD, UPPER, word_set
from nlp.pii.postcodes import UK_POSTCODE, US_STATE

UNIT: Final = (
    r"(?:Apt|Apartment|Suite|Ste|Unit|Flat|Floor|Fl|Room|Rm|Bldg|Building|Wohnung|Whg|"
    r"Etage|Stock|#)\.?[ \t]?#?[\w-]{1,6}\b"
)
POSTCODE_ANY: Final = (
    rf"(?:{UK_POSTCODE}|\d{{5}}(?:-\d{{4}})?|\d{{3}}[ \t]?\d{{2}}|\d{{4,6}}|"
    r"[A-Z]\d[A-Z][ \t]?\d[A-Z]\d)"
)
_ALLCAPS = rf"[{UPPER}]{{2,40}}(?:[-'][{UPPER}]{{1,40}}){{0,3}}"
_PLACE = rf"(?:{CAP_WORD}|{_ALLCAPS})"
# Small words inside town names: "Newcastle upon Tyne", "Frankfurt am Main", "Soto del Barco",
# "Črni Vrh nad Idrijo", "Ústí nad Labem", "Velké Meziříčí u Brna"
_PLACE_JOIN = (
    r"(?:[ \t]+(?:upon|on|am|an|der|bei|im|de|del|la|le|les|sur|en|di|da|do|nad|pod|na|u|v)"
    r"[ \t]+|[ \t]+|-)"
)
_PLACES = rf"{_PLACE}(?:{_PLACE_JOIN}{_PLACE}){{0,3}}"
# Line markers in front of address lines: "> " of a quoted mail, "- " or "• " of a list (and
# the "???" such bullets become when a mail client mangles them).
_QUOTE = r"[ \t]*(?:[>•·*?\-][ \t]*){0,4}"
_BREAK = rf"(?:\.?[ \t]*,[ \t]*(?:\n{_QUOTE})?|\.?[ \t]*\n{_QUOTE},?[ \t]*)"
_BLANK_LINE = rf"\.?[ \t]*\n{_QUOTE}\n{_QUOTE}"
_SEGMENT_BODY = (
    rf"(?P<seg>{UNIT}|{UK_POSTCODE}"
    # a numeric postcode opens a line only with its town ("10115 Berlin"): a bare digit group
    # on the next line is more likely a phone number
    rf"|{POSTCODE_ANY}[ \t]+{_PLACES}"
    rf"|{_PLACES}(?:,?[ \t]+{US_STATE}\b)?(?:,?[ \t]+{POSTCODE_ANY})?"
    rf"|{US_STATE}\b(?:[ \t]+{POSTCODE_ANY})?)(?![\w-])"
)
_SEGMENT = re.compile(_BREAK + _SEGMENT_BODY)
_AFTER_BLANK = re.compile(_BLANK_LINE + _SEGMENT_BODY)
_SAME_LINE = re.compile(
    rf"[ \t]+(?:{UNIT}|(?:{_PLACE}[ \t]+){{0,2}}{UK_POSTCODE}|{_PLACE}(?:[ \t]+{_PLACE})?,?[ \t]+"
    rf"{US_STATE}[ \t]+\d{{5}}(?:-\d{{4}})?"
    # all in lower case: "7 mill lane leeds ls6 2ab"
    rf"|(?:[a-z]{{2,}}[ \t]+){{0,2}}{UK_POSTCODE.lower()})(?![\w-])"
)
# "14 Elm Road, 60613": five digits straight after the street, on its line, are its ZIP or PLZ
# (a phone number is longer; a price or a decimal has its sign or point).
_CODE_AFTER_COMMA = re.compile(r"[ \t]*,[ \t]*\d{5}(?:-\d{4})?(?![\w-]|[.,:/]\d|[ \t]\d)")
_NOT_PLACE = word_set(
    "thanks thank regards cheers best kind many please hi hello dear and also but could can would "
    "i my the it we you sent from tel phone mobile email e-mail order cheers love yours sincerely "
    "website fax office desk name date"
)
_HAS_CODE = re.compile(rf"\d|\b{US_STATE}\b")
MAX_SEGMENTS = 6


def extend_locality(text: str, end: int) -> int:
    """The end of the address that starts with a street ending at `end`."""
    same = _SAME_LINE.match(text, end)
    if same:
        end = same.end()
    for _ in range(MAX_SEGMENTS):
        m = _SEGMENT.match(text, end)
        # After an empty line only a line with a postcode ("Estonia 62488") still belongs.
        blank = m is None
        if blank:
            m = _AFTER_BLANK.match(text, end)
        if m is None:
            break
        seg = m.group("seg")
        words = seg.split()
        if words[0].strip(",.").casefold() in _NOT_PLACE or len(seg) > 60:
            break
        has_code = _HAS_CODE.search(seg) is not None
        if (blank and not has_code) or (not has_code and len(words) > 3):
            break
        end = m.end()
    code = _CODE_AFTER_COMMA.match(text, end)  # a code no town line took in
    return code.end() if code else end
