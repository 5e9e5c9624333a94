"""Reversible masking: PII in, stable placeholders out, the vault kept server-side.

    masker = PiiMasker(load_product_names(db))
    result = masker.mask(text, vault, customer_names=[account.full_name])
    ... send result.masked_text to the model, keep result.vault in the conversation state ...
    reply = masker.unmask(draft, result.vault)   # reply.ok False -> reject the draft

Spans from all recognizers are merged before replacement: where two overlap, the union is
masked (so no fragment of either is left behind) under the type of the longer one.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from presidio_analyzer import RecognizerResult
from presidio_anonymizer.entities import OperatorConfig
from presidio_anonymizer.entities import RecognizerResult as AnonymizerSpan

from nlp.pii.catalogue import ProductMatcher
from nlp.pii.engine import LANGUAGE, get_analyzer, get_anonymizer
from nlp.pii.entities import ENTITY_TYPES, PERSON
from nlp.pii.name_spans import customer_name_recognizer, same_name_elsewhere, trim_person
from nlp.pii.ner_input import PreparedNer, chunks, ner_view
from nlp.pii.ner_language import drop_unbacked_ner_names, is_other_language
from nlp.pii.unmask import UnmaskResult, unmask
from nlp.pii.variants import VariantFilter
from nlp.pii.vault import Vault

log = logging.getLogger(__name__)

SCORE_THRESHOLD = 0.4
WEAK_PERSON_SCORE = 0.6
_EDGE_JUNK = " \t\r\n,;:.!?\"'"
_PAIRS = {"(": ")", "[": "]", "{": "}", "<": ">"}


@dataclass(frozen=True)
class MaskedEntity:
    """One replaced span; start/end are the placeholder's position in `masked_text`."""

    entity_type: str
    placeholder: str
    start: int
    end: int


@dataclass(frozen=True)
class MaskResult:
    masked_text: str
    vault: Vault
    entities: tuple[MaskedEntity, ...]


@dataclass(frozen=True)
class Span:
    """A hit in the original text, before replacement (what `PiiMasker.find` returns)."""

    start: int
    end: int
    entity_type: str
    score: float


class PiiMasker:
    """Masks PII with placeholders that stay the same for the same value all conversation."""

    def __init__(
        self, product_names: Iterable[str] = (), variant_names: Iterable[str] = ()
    ) -> None:
        self._products = ProductMatcher(product_names)
        # Finish and size words ("Charcoal", "Super King") on top of the built-in vocabulary.
        self._variants = VariantFilter(variant_names)
        self._ner = PreparedNer()

    def prepare(self, texts: Iterable[str]) -> None:
        """Run the NER over texts about to be masked, in one batch (cheaper per text).

        Optional: `mask()` of a prepared text uses the stored result, of any other text runs
        the NER itself; either way the spans are the same.
        """
        self._ner.prepare(t for t in texts if isinstance(t, str))

    def mask(
        self,
        text: str,
        vault: Vault,
        *,
        customer_names: Sequence[str] = (),
        language: str | None = None,
    ) -> MaskResult:
        new_vault = vault.copy()
        if not isinstance(text, str) or not text.strip():
            return MaskResult(
                masked_text=text if isinstance(text, str) else "", vault=new_vault, entities=()
            )
        spans = self.find(text, customer_names=customer_names, language=language)
        if not spans:
            return MaskResult(masked_text=text, vault=new_vault, entities=())
        # Number placeholders in reading order, so the first person mentioned is <PERSON_1>.
        for span in spans:
            new_vault.placeholder_for(span.entity_type, text[span.start : span.end])
        operators = {
            kind: OperatorConfig(
                "custom", {"lambda": lambda value, k=kind: new_vault.placeholder_for(k, value)}
            )
            for kind in {s.entity_type for s in spans}
        }
        engine_result = get_anonymizer().anonymize(
            text=text,
            analyzer_results=[
                AnonymizerSpan(s.entity_type, s.start, s.end, s.score) for s in spans
            ],
            operators=operators,
            # Spans were merged above, and every placeholder was issued for exactly these
            # spans: a further merge would mint placeholders for values never seen.
            merge_entities_with_spaces=False,
        )
        entities = tuple(
            MaskedEntity(item.entity_type, item.text, item.start, item.end)
            for item in sorted(engine_result.items, key=lambda i: i.start)
        )
        log.debug(
            "masked %d entities (%s)",
            len(entities),
            ",".join(sorted({e.entity_type for e in entities})),
        )
        return MaskResult(masked_text=engine_result.text, vault=new_vault, entities=entities)

    def _weak_stem(self, text: str, span: Span) -> bool:
        # "Sienna has a loose leg": a bare product stem on weak evidence is the product. Strong
        # evidence ("Thanks, Sienna", the account holder's name, the NER) still masks it.
        return (
            span.entity_type == PERSON
            and span.score < WEAK_PERSON_SCORE
            and self._products.is_stem(text[span.start : span.end])
        )

    def _variant_name(self, text: str, span: Span) -> bool:
        return span.entity_type == PERSON and self._variants.only_variant(
            text, span.start, span.end, span.score
        )

    def unmask(self, text: str, vault: Vault) -> UnmaskResult:
        return unmask(text, vault)

    def find(
        self, text: str, *, customer_names: Sequence[str] = (), language: str | None = None
    ) -> list[Span]:
        """The spans that will be masked, merged and product-filtered (for evaluation too).

        `language` is the message's detected language if the caller has it (ISO 639-1, "und"
        when unknown); otherwise it is detected here.
        """
        if not text.strip():
            return []  # nothing to find, and no reason to wake the NER
        names = tuple(n for n in customer_names if isinstance(n, str) and n.strip())
        foreign = is_other_language(text, language)
        spans: list[Span] = []
        # Very long input is read in pieces, so that no pattern and no NER call ever sees more
        # than a chunk; a support message is rarely longer than one.
        for offset, chunk in chunks(text):
            spans += [
                Span(s.start + offset, s.end + offset, s.entity_type, s.score)
                for s in self._find_in(chunk, names, foreign)
            ]
        return self._everywhere(text, spans)

    def _find_in(self, text: str, names: tuple[str, ...], foreign: bool) -> list[Span]:
        analyzer = get_analyzer()
        raw = analyzer.analyze(
            text=text,
            language=LANGUAGE,
            entities=list(ENTITY_TYPES),
            score_threshold=SCORE_THRESHOLD,
            ad_hoc_recognizers=[customer_name_recognizer(names)] if names else None,
            nlp_artifacts=self._ner.artifacts(ner_view(text)),
        )
        if foreign:
            raw = drop_unbacked_ner_names(text, raw, names)
        products = self._products.spans(text)
        return [
            s
            for r in raw
            for s in _outside_products(text, _as_span(text, r), products)
            if not self._weak_stem(text, s) and not self._variant_name(text, s)
        ]

    def _everywhere(self, text: str, spans: list[Span]) -> list[Span]:
        """A name found once is masked everywhere it is written in the message."""
        people = [(s.start, s.end) for s in spans if s.entity_type == PERSON]
        found = same_name_elsewhere(text, people)
        if found:
            products = self._products.spans(text)
            for start, end in found:
                spans += _outside_products(text, Span(start, end, PERSON, 0.6), products)
        return _merge(text, spans)


_NAME_GAP = re.compile(r"[ \t]{1,2}")


def _as_span(text: str, result: RecognizerResult) -> Span:
    start, end = result.start, result.end
    if result.entity_type == PERSON:
        start, end = trim_person(text, start, end)
    return Span(start, end, result.entity_type, float(result.score))


def _outside_products(text: str, span: Span, products: list[tuple[int, int]]) -> list[Span]:
    """The part of a hit that is not a product mention ("Victoria" of "Victoria Bookshelf")."""
    pieces = [(span.start, span.end)]
    for p_start, p_end in products:
        next_pieces = []
        for start, end in pieces:
            if p_end <= start or p_start >= end:
                next_pieces.append((start, end))
                continue
            if start < p_start:
                next_pieces.append((start, p_start))
            if p_end < end:
                next_pieces.append((p_end, end))
        pieces = next_pieces
    kept = []
    for start, end in pieces:
        start, end = _strip_edges(text, start, end)
        if end - start < 2:
            continue
        if span.entity_type == PERSON and any(ch.isdigit() for ch in text[start:end]):
            continue  # spaCy sometimes calls "A10023" a person; names have no digits
        if (
            span.entity_type == PERSON
            and (start, end) != (span.start, span.end)
            and not text[start].isupper()
        ):
            continue  # what is left of a trimmed name must still look like a name
        kept.append(Span(start, end, span.entity_type, span.score))
    return kept


def _strip_edges(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim punctuation around a hit, keeping brackets that belong to it: "(503) 555-0125"."""
    while start < end:
        ch = text[start]
        if (
            ch in _EDGE_JUNK
            or ch in _PAIRS.values()
            or (ch in _PAIRS and _PAIRS[ch] not in text[start:end])
        ):
            start += 1
        else:
            break
    while end > start:
        ch = text[end - 1]
        opener = next((o for o, c in _PAIRS.items() if c == ch), None)
        if ch in _EDGE_JUNK or ch in _PAIRS or (opener and opener not in text[start:end]):
            end -= 1
        else:
            break
    return start, end


def _merge(text: str, spans: list[Span]) -> list[Span]:
    """Union overlapping hits; the longest member (then a non-name, the surest) names the type."""
    merged: list[Span] = []
    cluster: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if cluster and span.start < max(s.end for s in cluster):
            cluster.append(span)
            continue
        if cluster:
            merged.append(_cluster_span(cluster))
        cluster = [span]
    if cluster:
        merged.append(_cluster_span(cluster))
    joined: list[Span] = []
    for span in merged:
        prev = joined[-1] if joined else None
        if (
            prev
            and prev.entity_type == span.entity_type == PERSON
            and _NAME_GAP.fullmatch(text, prev.end, span.start)
        ):
            # "Emma" + "Campbell" found apart are one person: one placeholder
            joined[-1] = Span(prev.start, span.end, PERSON, max(prev.score, span.score))
        else:
            joined.append(span)
    return [s for s in joined if s.end > s.start and text[s.start : s.end].strip()]


def _cluster_span(cluster: list[Span]) -> Span:
    # On equal length a pattern type beats PERSON: the NER calls many street names people.
    lead = max(cluster, key=lambda s: (s.end - s.start, s.entity_type != PERSON, s.score))
    return Span(
        min(s.start for s in cluster),
        max(s.end for s in cluster),
        lead.entity_type,
        max(s.score for s in cluster),
    )
