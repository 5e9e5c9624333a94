"""The project's pattern recognizers: cards, phones, e-mail, IBANs (order ids and postcodes
have their own modules).

Each is designed from the format's own specification (ISO/IEC 7812 card numbers with the Luhn
check, national numbering plans, Royal Mail / USPS / Deutsche Post postcode formats, the demo
shop's order ids), never from evaluation examples. Scores order the hits when spans overlap:
a checksum-validated value beats a shape-only guess.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from typing import Any

import phonenumbers
from presidio_analyzer import EntityRecognizer, LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers import EmailRecognizer, IbanRecognizer

from nlp.pii.entities import CREDIT_CARD, PHONE_NUMBER
from nlp.pii.patterns import luhn_ok

Hit = tuple[int, int, float]
PHONE_REGIONS = ("GB", "US", "DE", "IE", "FR", "CA")  # "GB", never "UK": phonenumbers' code


class SpanRecognizer(LocalRecognizer):
    """A recognizer for one entity type whose `find()` yields (start, end, score) hits."""

    ENTITY = ""

    def __init__(self) -> None:
        super().__init__(supported_entities=[self.ENTITY], name=type(self).__name__)

    def load(self) -> None:
        """Nothing to load: patterns compile at import."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if self.ENTITY not in entities:
            return []
        return [
            RecognizerResult(
                entity_type=self.ENTITY,
                start=start,
                end=end,
                score=score,
                recognition_metadata={
                    RecognizerResult.RECOGNIZER_NAME_KEY: type(self).__name__,
                    RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                },
            )
            for start, end, score in self.find_with(text, nlp_artifacts)
            if end > start
        ]

    def find_with(self, text: str, nlp_artifacts: NlpArtifacts | None) -> Iterable[Hit]:
        """Recognizers that read the NER's entities override this; the rest only `find`."""
        return self.find(text)

    def find(self, text: str) -> Iterable[Hit]:
        raise NotImplementedError


def cue_before(text: str, start: int, cue: re.Pattern[str], window: int = 40) -> bool:
    return cue.search(text, max(0, start - window), start) is not None


# --- payment cards -------------------------------------------------------------------------
# ISO/IEC 7812 numbers run 12-19 digits (Maestro from 12), written plain or in groups.
_CARD = re.compile(r"(?<![\d\w.,-])\d(?:[ -]?\d){11,18}(?![\d\w-]|[.,]\d)")
_CARD_CUE = re.compile(
    r"\b(?:card|visa|master\s?card|amex|american express|maestro|credit|debit|cc|pan)\b",
    re.IGNORECASE,
)
_TRACKING_CUE = re.compile(
    r"\b(?:tracking|track|consignment|waybill|parcel|shipment|sendung)\w*\b", re.IGNORECASE
)


class CreditCardRecognizer(SpanRecognizer):
    """13-19 digit card numbers; Luhn-valid anywhere, or a near-miss typed after "card"."""

    ENTITY = CREDIT_CARD

    def find(self, text: str) -> Iterable[Hit]:
        for m in _CARD.finditer(text):
            raw = m.group()
            if " " in raw and "-" in raw:
                continue  # mixed separators are two numbers side by side, not one card
            digits = raw.replace(" ", "").replace("-", "")
            if len(digits) == 12 and not self._twelve_digit_card(text, m.start(), raw):
                continue
            if luhn_ok(digits):
                if cue_before(text, m.start(), _TRACKING_CUE, 30):
                    continue
                yield m.start(), m.end(), 1.0
            elif len(digits) in (15, 16) and cue_before(text, m.start(), _CARD_CUE, 40):
                # A mistyped card number is still a card number: mask it.
                yield m.start(), m.end(), 0.6

    @staticmethod
    def _twelve_digit_card(text: str, start: int, raw: str) -> bool:
        # Twelve digits are also phone numbers: a card when said so, or plain/4-4-4 without the
        # trunk zero that national phone numbers start with.
        if cue_before(text, start, _CARD_CUE, 40):
            return True
        return raw[0] != "0" and re.fullmatch(r"\d{4}([ -]?)\d{4}\1\d{4}", raw) is not None


# --- phone numbers -------------------------------------------------------------------------
_PHONE = re.compile(
    r"(?<![\w+/.-])(?<!\d,)"
    r"(?:(?:\+|00)\d{1,3}[ .-]?)?"  # country code
    r"(?:\(\s?0\s?\)\s?)?"  # the "(0)" of "+44 (0)20 ..."
    r"(?:\(\d{1,5}\)[ .-]?)?"  # area code in brackets
    # Possessive: a long digit run must fail fast, not try every way of splitting it.
    r"\d{1,5}(?:[ .\-/]?\d{1,5}){1,6}+"
    r"(?:[ \t]?(?:x|ext\.?|extension)[ \t]?\d{1,5})?"  # NANP-style extension: "x204"
    r"(?!\w|-\d|[.,:]\d)"  # "...1693-Office" still ends a number; "1693-2" does not
)
_EXTENSION = re.compile(r"x|ext", re.IGNORECASE)
_PHONE_CUE = re.compile(
    r"\b(?:phone|tel|telephone|mobile|cell|call|ring|text|sms|whatsapp|number|contact|reach|"
    r"fax|landline|handy|telefon|téléphone|portable)\w*\b",
    re.IGNORECASE,
)
_STRONG_PHONE_CUE = re.compile(
    r"\b(?:phone|tel|telephone|mobile|cell|call|ring|text|sms|whatsapp|landline|handy|"
    r"telefon)\w*\b",
    re.IGNORECASE,
)
_NOT_PHONE = (
    re.compile(r"\d{1,2}([./-])\d{1,2}\1(?:\d{4}|\d{2})(?:$|[ T]\d)"),  # 12/05/2024
    re.compile(r"\d{4}([./-])\d{1,2}\1\d{1,2}(?:$|[ T]\d)"),  # 2024-05-12 (19:30)
    re.compile(r"\d{3}-\d{2}-\d{4}$"),  # US social security number shape
    re.compile(r"\d{5}-\d{4}$"),  # ZIP+4
    re.compile(r"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$"),  # IPv4 address
)
# Shapes that are phone numbers even short and unannounced: "555-0199"-style local numbers
# (3-4) and the paired digits of French/Belgian/Swiss writing ("45 67 89 10").
_SHORT_PHONE = re.compile(
    r"\d{3}[ .-]\d{4}|\d{2}(?:[ .-]\d{2}){3}|\d{2}[ .-]\d{3}[ .-]\d{3}|"
    r"\(\d{1,5}\)[ .-]?\d{2,4}[ .-]?\d{2,4}"
)


def _valid_in_markets(candidate: str) -> bool:
    for region in PHONE_REGIONS:
        try:
            if phonenumbers.is_valid_number(phonenumbers.parse(candidate, region)):
                return True
        except phonenumbers.NumberParseException:
            continue
    return False


class PhoneRecognizer(SpanRecognizer):
    """Phone numbers in GB/US/DE/IE/FR/CA formats, and international numbers by shape."""

    ENTITY = PHONE_NUMBER

    def find(self, text: str) -> Iterable[Hit]:
        for m in _PHONE.finditer(text):
            score = self._score(text, m.start(), m.group())
            if score > 0:
                yield m.start(), m.end(), score

    def _score(self, text: str, start: int, candidate: str) -> float:
        raw = _EXTENSION.split(candidate, maxsplit=1)[0].strip()
        digits = sum(ch.isdigit() for ch in raw)
        if digits < 7 or digits > 15 or any(p.match(raw) for p in _NOT_PHONE):
            return 0.0
        cued = cue_before(text, start, _PHONE_CUE)
        if cue_before(text, start, _TRACKING_CUE, 30) and not cue_before(
            text, start, _STRONG_PHONE_CUE, 30
        ):
            return 0.0  # "tracking number 123456789012" is a parcel, not a phone
        international = raw.startswith(("+", "00"))
        grouped = any(sep in raw for sep in " .-/()")
        if digits <= 8:
            # Seven or eight digits are a local number only when said so or written like one.
            # Eight digits in groups are whole national numbers in Denmark, Norway and others.
            shaped = _SHORT_PHONE.fullmatch(raw) or (digits == 8 and grouped)
            return 0.6 if cued else (0.45 if shaped else 0.0)
        if international or _valid_in_markets(raw):
            score = 0.75
        elif raw.startswith("0") or raw.startswith("("):
            score = 0.6  # a trunk prefix or an area code: the national written form
        elif digits <= 12 and (grouped or digits == 10):
            score = 0.5
        else:
            score = 0.0 if not cued else 0.5
        return min(1.0, score + (0.15 if cued and score else 0.0))


# --- e-mail --------------------------------------------------------------------------------
_TOP_LABEL = re.compile(r"\.([A-Za-z]{2,63})$")


class OfflineEmailRecognizer(EmailRecognizer):
    """Presidio's e-mail pattern, accepted whenever the domain ends in an alphabetic label.

    Presidio's own check asks tldextract for a public suffix, which needs the suffix list (a
    download) and rejects private and reserved domains: `anna@mail.example`, `ops@shop.internal`
    or `me@corp.local` are still somebody's address. Masking a look-alike such as
    `logo@2x.png` costs nothing; letting a real address through is a leak.
    """

    def validate_result(self, pattern_text: str) -> bool:
        domain = pattern_text.rpartition("@")[2]
        return _TOP_LABEL.search(domain) is not None


_ASCII_UPPER = str.maketrans(string.ascii_lowercase, string.ascii_uppercase)


class AnyCaseIbanRecognizer(IbanRecognizer):
    """Presidio's IBAN recognizer (ISO 13616 mod-97 checked), also for "de89 3704 ...".

    Upper-casing ASCII letters only keeps every offset where it was ("ß" would not).
    """

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        parent: Any = super()  # Presidio's signature has no Optional where its defaults are None
        results: list[RecognizerResult] = parent.analyze(
            text.translate(_ASCII_UPPER), entities, nlp_artifacts, regex_flags
        )
        return results


def pattern_recognizers() -> list[EntityRecognizer]:
    """Every pattern recognizer of the project."""
    # Imported here: both modules build on `SpanRecognizer` above.
    from nlp.pii.order_ids import OrderIdRecognizer
    from nlp.pii.postcodes import PostcodeRecognizer

    return [
        OrderIdRecognizer(),
        CreditCardRecognizer(),
        PhoneRecognizer(),
        OfflineEmailRecognizer(),
        AnyCaseIbanRecognizer(),
        PostcodeRecognizer(),
    ]
