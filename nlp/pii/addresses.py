"""Street addresses: Presidio ships no English (or German) street-address recognizer.

Designed from the postal formats, not from examples:
- UK/US/CA/IE: house number, street name, a thoroughfare word (USPS Publication 28 suffixes,
  Royal Mail descriptors), optional unit ("Flat 3", "Apt 4B", "Suite 200");
- German and other continental forms: street word, then number ("Lindenstraße 12", "Am Markt 5",
  "Via Roma 131", "Rue de la Paix 12" or "12 rue de la Paix");
- PO boxes and US military addresses (PSC/Unit/CMR ... Box, APO/FPO/DPO);
- after an address cue ("I live at", "deliver it to", "my address is") any number-and-name run.
- a number, a name and a number on a line of its own ("4844 Søndergade 52"), the way a street
  line is printed in many countries.
A match then takes in the locality lines after it (see `locality.py`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from nlp.pii.entities import STREET_ADDRESS
from nlp.pii.locality import UNIT, extend_locality
from nlp.pii.patterns import CAP_WORD, HOUSE_NUMBER, UPPER_CLASS, word_list
from nlp.pii.recognizers import Hit, SpanRecognizer

W = CAP_WORD
NUM = HOUSE_NUMBER
SP = r"[ \t]{1,8}"  # the words and numbers of one street line never span lines
SP0 = r"[ \t]{0,8}"
_EN_SUFFIXES = word_list(
    "Street St Road Rd Avenue Ave Av Lane Ln Drive Dr Court Ct Place Pl Square Sq Terrace Terr "
    "Ter Boulevard Blvd Way Close Crescent Cres Gardens Gdns Grove Gr Hill Park Row Walk Mews "
    "Parade Circle Cir Highway Hwy Parkway Pkwy Trail Trl Green Greens Heights Hts Ridge View "
    "Vista Point Loop Alley Crossing Estates Falls Forest Glen Harbor Harbour Island Junction "
    "Knoll Lake Lakes Landing Manor Mill Mills Mount Orchard Pass Path Pike Plaza Port Ranch "
    "Shore Shores Spring Springs Station Summit Turnpike Valley Village Wells Wharf Quay Rise "
    "Vale Wynd Yard Embankment Approach Broadway Causeway Chase Croft Dale End Fields Gate Hollow "
    "Meadow Meadows Bridge Brook Corner Cove Creek Common Circus Bypass Ferry Ford Fort Center "
    "Centre Run Bend Bay Oval Pines Plains Canyon Bluff Branch Expressway Freeway Route Rte "
    "Passage Cottages Buildings Villas Market Motorway Isle"
)
EN_SUFFIX = r"(?:" + "|".join(sorted(set(_EN_SUFFIXES), key=len, reverse=True)) + r")\b\.?"
# Written in lower case, only the words nobody uses for anything but a street.
EN_SUFFIX_LOWER = (
    r"(?i:street|st|road|rd|avenue|ave|lane|ln|drive|boulevard|blvd|terrace|crescent|close|"
    r"court|ct|way|place|parkway|highway)\b\.?"
)
DIRECTION = r"(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)\b\.?"
ORDINAL = r"\d{1,3}(?:st|nd|rd|th)\b"
UNIT_FIRST = rf"(?:(?:Flat|Apartment|Apt|Unit|Suite)\.?{SP0}[\w-]{{1,5}},?{SP})?"
_CONTINENTAL_ENDINGS = word_list(
    "straße strasse str. weg allee platz gasse ring damm ufer steig pfad chaussee markt graben "
    "stieg wall kamp hof garten brücke höhe anger aue grund heide wiese winkel zeile gatan gata "
    "gaten vägen väg gränd torget gade vej vejen veien vegen vegur stræti katu kuja tie polku "
    "kaari rinne straat laan gracht plein kade utca ulica ulice cesta třída náměstí sokak "
    "sokağı caddesi"
)
CONTINENTAL_ENDING = r"(?i:" + "|".join(re.escape(e) for e in _CONTINENTAL_ENDINGS) + r")"
# The same street words written apart: "Villacher Strasse 8", "Trenerys gate 2", "Király u. 15"
STREET_WORD = (
    r"(?i:straße|strasse|str\.|allee|platz|gasse|weg|gate|gata|gatan|vej|vei|veien|gade|"
    r"terrasse|utca|u\.|tér|út|útja|rkp\.|rakpart|ulica|ul\.|ulice|sokak|caddesi)"
)
DE_PREFIX = (
    r"(?:Am|An der|An den|Auf der|Auf dem|Im|In der|In den|Zum|Zur|Unter den|Alte|Alter|"
    r"Neue|Neuer|Hinter der|Vor dem)"
)
ROMANCE_PREFIX = (
    r"(?:Rue|Avenue|Av\.|Avda\.?|Boulevard|Bd\.?|Chemin|Place|Allée|Impasse|Quai|Cours|Route|"
    r"Via|Viale|Piazza|Piazzale|Corso|Largo|Vicolo|Calle|Carrer|Avenida|Plaza|Paseo|Camino|"
    r"Carretera|Rua|Rúa|Travessa|Praça|Estrada|Alameda|Rambla|Ulica|ul\.|Strada|Calea|"
    r"Bulevardul|Aleea|Odos|Leoforos|C/)"
)
# The same words that are never English, for addresses typed all in lower case.
ROMANCE_PREFIX_LOWER = (
    r"(?i:rue|calle|carrer|avenida|avda\.?|rua|rúa|viale|piazza|corso|largo|vicolo|paseo|camino|"
    r"travessa|praça|estrada|alameda|rambla|ulica|strada|calea|chemin|allée|impasse|quai)"
)
PARTICLE = r"(?:de|du|des|la|le|les|del|della|delle|dei|di|da|do|dos|das|el|y|e|d'|l'|dell')"
_STOP = (
    r"(?:please|thanks|thank|and|or|but|instead|by|on|in|at|of|to|the|a|an|before|after|"
    r"tomorrow|today|because|as|asap|if|when|so|then|not|from|for|with|which|where|until|since|"
    r"rather|now|is|was|are|will|would|could|can|i|we|it|this|that|my|your|our|their|zip|code|"
    r"postcode|post|postal|plz|number|order|tracking|phone)\b"
)
_ANY_WORD = rf"(?!{_STOP})[^\W\d_][\w'’.-]{{0,40}}"
_LINE_END = rf"(?=[ \t]*(?:,|\n|$)|{SP}{UNIT})"

_PATTERNS: tuple[tuple[re.Pattern[str], float], ...] = (
    # 12 Mill Lane / Flat 3, 27 Church Road / 1600 Pennsylvania Avenue NW / 350 5th Avenue
    (
        re.compile(
            rf"(?<![\w-]){UNIT_FIRST}{NUM},?{SP}(?:{NUM}{SP})?(?:{DIRECTION}{SP})?"
            rf"(?:(?:{W}|{ORDINAL}){SP}){{1,4}}{EN_SUFFIX}(?:{SP}{DIRECTION})?"
        ),
        0.8,
    ),
    # 12 mill lane (lower case: only with an unmistakable street word and no function words)
    (
        re.compile(
            rf"(?<![\w-]){NUM},?{SP}(?:{NUM}{SP})?(?:(?:{_ANY_WORD}|{ORDINAL}){SP}){{1,3}}"
            rf"{EN_SUFFIX_LOWER}(?![\w-])",
            re.IGNORECASE,
        ),
        0.6,
    ),
    # Lindenstraße 12 / Karl-Marx-Allee 5a / Drottninggatan 4 / Hauptstr. 7
    (
        re.compile(
            rf"(?<![\w-])(?:{NUM}{SP})?(?:{W}[ -])?{UPPER_CLASS}[^\W\d_]{{2,40}}"
            rf"(?:-[^\W\d_]{{1,40}}){{0,3}}-?{CONTINENTAL_ENDING}{SP0}{NUM}(?![\w-])"
        ),
        0.8,
    ),
    (
        re.compile(rf"(?<![\w-])(?:{NUM}{SP})?(?:{W}{SP}){{1,3}}{STREET_WORD}{SP0}{NUM}(?![\w-])"),
        0.75,
    ),
    # Am Markt 5 / Unter den Linden 77
    (re.compile(rf"\b{DE_PREFIX}{SP}{W}(?:{SP}{W})?{SP}{NUM}(?![\w-])"), 0.75),
    # Via Roma 131 / 12 rue de la Paix / Calle Mayor 5 / Rua Augusta, 27
    # (a number on one side is required: "Place an order for 2 lamps" is not an address)
    (
        re.compile(
            rf"(?<![\w-]){ROMANCE_PREFIX}{SP}(?:{PARTICLE}{SP0}|{W}{SP}){{0,5}}"
            rf"{W},?{SP}(?:n[º°o]\.?{SP0})?{NUM}(?![\w-])"
        ),
        0.75,
    ),
    (
        re.compile(
            rf"(?<![\w-]){NUM},?{SP}(?i:{ROMANCE_PREFIX}){SP}(?:{PARTICLE}{SP0}|{W}{SP}){{0,5}}{W}"
        ),
        0.75,
    ),
    (
        re.compile(
            rf"(?<![\w-]){NUM},?{SP}{ROMANCE_PREFIX_LOWER}{SP}(?:{_ANY_WORD}{SP}){{0,3}}{_ANY_WORD}"
            rf"(?:{SP}{NUM})?(?![\w-])",
            re.IGNORECASE,
        ),
        0.6,
    ),
    # PO boxes and US military mail (USPS formats; distinctive in any case)
    (
        re.compile(
            rf"\b(?:P\.?{SP0}O\.?{SP0}Box|Post Office Box|Postfach){SP}\d{{1,7}}\b|"
            rf"\b(?:PSC|Unit|CMR){SP}\d{{3,5}},?{SP}Box{SP}\d{{1,5}}\b|"
            rf"\b(?:USNS|USNV|USS|USCGC){SP}[^\W\d_]{{1,40}}(?:{SP}[^\W\d_]{{1,40}})?"
            r"(?=[ \t]*\n[ \t]*FPO)|"
            rf"\b(?:APO|FPO|DPO){SP}(?:AA|AE|AP){SP}\d{{5}}\b",
            re.IGNORECASE,
        ),
        0.8,
    ),
    # Mill Lane / Herceg Gateway St. - a street without its number, by its street word alone
    (
        re.compile(
            rf"(?<![\w-])(?:{W}{SP}){{1,3}}(?:Street|Road|Avenue|Lane|Boulevard|Drive|Terrace|"
            rf"Crescent|St\.|Rd\.|Ave\.)(?![\w-])"
        ),
        0.5,
    ),
    # 4844 Søndergade 52 / 5850 Jana Nerudy 894 - number, name, number as a line of its own
    (
        re.compile(
            rf"(?<![\w-]){UNIT_FIRST}{NUM}{SP}(?:{NUM}{SP})?(?:{W}{SP}){{1,3}}{NUM}(?![\w-]){_LINE_END}"
        ),
        0.6,
    ),
    # 7494 Hlíðarvegur 97, Suite 568 - a unit designator marks an address in any language
    (
        re.compile(
            rf"(?<![\w-]){NUM}{SP}(?:{NUM}{SP})?(?:{W}{SP}){{0,3}}{W}(?:{SP}{NUM})?"
            rf"(?:{SP0}|[ \t]*,[ \t]*|[ \t]*\n[ \t>]*){UNIT}"
        ),
        0.75,
    ),
)

_CUE = re.compile(
    r"\b(?:address(?:\s+is)?|addr\.?|lives?\s+(?:at|on)|living\s+at|located\s+at|moved\s+to|"
    r"deliver(?:ed|y)?\s+(?:it\s+|them\s+|this\s+)?to|send\s+(?:it\s+|them\s+)?to|sent\s+to|"
    r"ship(?:ped)?\s+(?:it\s+|them\s+)?to|post(?:ed)?\s+(?:it\s+)?to|redeliver(?:ed)?\s+to|"
    r"drop(?:s|ped)?\s+(?:\w+\s+)?(?:off\s+)?at|arrived\s+at|corner\s+of|neighbou?r\s+at|"
    r"collect(?:ed)?\s+from|instead\s+to|i'?m\s+at|i\s+am\s+at|we'?re\s+at|we\s+are\s+at|"
    r"wohne\s+in|adresse)\b\s*(?:is\s+|:|-)?\s*",
    re.IGNORECASE,
)
_CUED_CHUNK = re.compile(
    rf"(?:the\s+)?(?P<addr>(?:{NUM},?{SP}){{1,2}}(?:{_ANY_WORD}{SP}){{0,4}}{_ANY_WORD}"
    rf"(?:{SP}{NUM}(?![\w-]))?|(?:{_ANY_WORD}{SP}){{0,3}}{_ANY_WORD}{SP}{NUM}(?![\w-])"
    rf"|(?:{W}{SP}){{1,3}}{EN_SUFFIX})",
    re.IGNORECASE,
)


class StreetAddressRecognizer(SpanRecognizer):
    ENTITY = STREET_ADDRESS

    def find(self, text: str) -> Iterable[Hit]:
        for pattern, score in _PATTERNS:
            for m in pattern.finditer(text):
                if score <= 0.5 or any(ch.isdigit() for ch in m.group()):
                    yield m.start(), extend_locality(text, m.end()), score
        for cue in _CUE.finditer(text):
            chunk = _CUED_CHUNK.match(text, cue.end())
            if chunk:
                yield chunk.start("addr"), extend_locality(text, chunk.end("addr")), 0.7
