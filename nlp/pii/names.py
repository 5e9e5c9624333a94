"""Person names that the small spaCy model misses.

Evidence, strongest first: the logged-in customer's own name (always masked, in any case, also
in a sign-off); a cue around a capitalised word (see `name_cues.py`); a known given name, with
or without a surname; a "First M. Last" shape; a capitalised pair whose second word ends like a
surname ("-ović", "-sson", "-enko"); a name line heading a postal address; a list in which other
items are names ("Kónya, Becker and Vasquez"); a given name typed in lower case.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable

from presidio_analyzer.nlp_engine import NlpArtifacts

from nlp.hygiene import without_accents
from nlp.pii import name_cues as cues
from nlp.pii.english import is_english_word
from nlp.pii.entities import PERSON
from nlp.pii.given_names import AMBIGUOUS, GIVEN_NAMES, SURNAME_ENDINGS
from nlp.pii.patterns import CAP_WORD, UPPER_CLASS
from nlp.pii.recognizers import Hit, SpanRecognizer

# Initials first, or "J." would be read as the word "J" and lose its full stop.
TOKEN = re.compile(rf"{UPPER_CLASS}\.(?=[ \t])|{CAP_WORD}|{UPPER_CLASS}(?=[ \t]{CAP_WORD})")
_GAP = re.compile(r"[ \t]{1,3}")
LINE_OPEN = re.compile(r"(?:\A|\n)[ \t>*•?-]*$")
_BLOCK_START = re.compile(r"(?:\A|\n[ \t>*•?-]*\n|:[ \t]*\n)[ \t>*•?-]*$")
_SPEAKER = re.compile(rf"^[ \t>*•-]*({CAP_WORD})[ \t]*:", re.MULTILINE)
_LOWER = r"(?:(?![A-Z])[^\W\d_])"  # a letter that is not an ASCII capital (ć, š, ø count)
_LOWER_WORD = re.compile(
    rf"(?<![\w@.'’-])(?=[a-z]){_LOWER}(?:{_LOWER}|['’-]){{2,30}}(?![\w@]|\.\w)"
)
_LIST = re.compile(
    rf"(?:(?:{CAP_WORD}(?:[ \t]{CAP_WORD})?)[ \t]?,[ \t]?){{1,12}}{CAP_WORD}(?:[ \t]{CAP_WORD})?"
    rf"[ \t]?,?[ \t]{{1,3}}(?:and|or|&)[ \t]{{1,3}}{CAP_WORD}(?:[ \t]{CAP_WORD})?"
    r"|(?:[a-zà-ÿ]{3,30}[ \t]?,[ \t]?){2,12}[a-zà-ÿ]{3,30}[ \t]?,?[ \t]{1,3}(?:and|or)[ \t]{1,3}"
    r"[a-zà-ÿ]{3,30}"
)
_LIST_ITEM = re.compile(r"[^\W\d_][^\s,&]{0,40}(?:[ \t][^\W\d_][^\s,&]{0,40})?")
_ADDRESS_LINE = re.compile(r"\n[ \t>*•?-]*(?:\d|P\.?\s?O\.?\s|Apt|Suite|Flat|Unit|PSC)", re.I)
_LOWER_SURNAME = re.compile(
    rf"[ \t]{{1,3}}(?:([a-z])[ \t]{{1,3}})?({_LOWER}(?:{_LOWER}|['’-]){{2,30}})(?![\w@])"
)
# After "my name is" the next word is a name whatever its case; after the weaker "call me",
# "its", "im", "this is" only a word no dictionary knows ("hi its olumide", not "its fine",
# "call me back").
_STRONG_LOWER_CUE = re.compile(r"\bname\s*(?:is|:|-)[ \t]+", re.IGNORECASE)
_WEAK_LOWER_CUE = re.compile(r"\b(?:it'?s|i'?m|this\s+is|calls?\s+me)[ \t]+", re.IGNORECASE)
# After a word that opens a clause about a thing, "it's", "im" and "this is" do not introduce the
# writer: "do you know whether it's mulesing-free?", "if that isn't how it's meant".
_CLAUSE_ABOUT_A_THING = re.compile(
    r"\b(?:whether|if|that|how|what|when|where|why|because|though|although|unless|until|"
    r"think|thought|know|knew|sure|hope|guess|say|says|said)[ \t]+$",
    re.IGNORECASE,
)
_NAME_WORD = re.compile(r"[^\W\d_][\w'’-]{0,40}")


def fold(word: str) -> str:
    """Lower case without accents: "José", "JOSE" and "jose" look up the same entry."""
    return without_accents(word.casefold())


_GIVEN = frozenset(fold(n) for n in GIVEN_NAMES)
AMBIGUOUS_FOLDED = frozenset(fold(n) for n in AMBIGUOUS)
# Compared with accents kept: "-ić" must not match "Republic".
_ENDINGS = tuple(e.casefold() for e in SURNAME_ENDINGS)


def is_given(word: str) -> bool:
    key = fold(word)
    return key in _GIVEN and key not in AMBIGUOUS_FOLDED


def never_name(word: str) -> bool:
    key = fold(word.rstrip(".")).replace("’", "'")
    # "I've", "We'll", "It's": a contraction of a word that is never a name
    return (
        key in cues.NEVER_NAME or key in cues.MARKET_WORDS or key.split("'")[0] in cues.NEVER_NAME
    )


def _surname_like(word: str) -> bool:
    key = fold(word.rstrip("."))
    return len(key) > 1 and not never_name(word) and key not in AMBIGUOUS_FOLDED


def _is_initial(word: str) -> bool:
    return len(word.rstrip(".")) == 1 and word[0].isupper()


def _runs(text: str) -> Iterable[list[re.Match[str]]]:
    """Runs of capitalised tokens on one line ("Mary Ann O'Neill", "Ryan P Costa")."""
    run: list[re.Match[str]] = []
    for m in TOKEN.finditer(text):
        if run and not _GAP.fullmatch(text, run[-1].end(), m.start()):
            yield run
            run = []
        run.append(m)
    if run:
        yield run


class PersonNameRecognizer(SpanRecognizer):
    """Rule-based names: cues, sign-offs, the given-name list, name shapes, lists, signatures."""

    ENTITY = PERSON

    def find_with(self, text: str, nlp_artifacts: NlpArtifacts | None) -> Iterable[Hit]:
        # The NER's own PERSON spans count as names already found, for the list rule.
        ner = [
            (e.start_char, e.end_char, e.label_)
            for e in (nlp_artifacts.entities if nlp_artifacts is not None else [])
        ]
        hits: list[Hit] = []
        for run in _runs(text):
            hits.extend(self._from_run(text, run))
        hits.extend(_lowercase_names(text))
        known = hits + [(s, e, 0.85) for s, e, label in ner if label == PERSON]
        hits.extend(_listed_with_names(text, known))
        return hits

    def find(self, text: str) -> Iterable[Hit]:
        return self.find_with(text, None)

    def _from_run(self, text: str, run: list[re.Match[str]]) -> Iterable[Hit]:
        words = [m.group() for m in run]
        i = 0
        while i < len(words):
            if never_name(words[i]) or len(words[i].rstrip(".")) < 2:
                i += 1
                continue
            # A name reaches over up to three more surname-like tokens; an initial counts only
            # when a surname follows it ("Ryan P Costa", not "Emma I").
            j = i + 1
            while j < len(words) and j - i < 4:
                if _surname_like(words[j]):
                    j += 1
                elif _is_initial(words[j]) and j + 1 < len(words) and _surname_like(words[j + 1]):
                    j += 2
                else:
                    break
            start, end = run[i].start(), run[j - 1].end()
            score = _score(text, start, end, words[i:j])
            if score:
                yield start, end, score
                i = j
            else:
                i += 1


def _score(text: str, start: int, end: int, words: list[str]) -> float:
    # search(pos, endpos): "^" is then a real line start and "$" the name's first letter.
    window = max(0, start - 60)
    if cues.CUE_BEFORE.search(text, window, start) or cues.CLOSING.search(text, window, start):
        return 0.7
    if cues.AFTER_NAME.match(text, end):
        return 0.6
    line_start = cues.LINE_START.search(text, window, start) is not None
    if line_start and len(words) <= 2 and cues.SPEAKER_LABEL.match(text, end) and _dialogue(text):
        return 0.55  # "Ola: thanks for that" - a speaker label in a pasted chat
    first = words[0]
    if fold(words[-1]) in cues.ORG_WORDS:
        return 0.0
    if is_given(first):
        return 0.75 if len(words) > 1 else 0.6
    # The small NER calls most names it has never seen an organisation or a place, so its
    # label is no veto for words that no English dictionary knows.
    foreign = not is_english_word(first.rstrip(".")) and len(first) > 2
    if foreign and (cues.VERB_AFTER.match(text, end) or _vocative(text, start, end)):
        return 0.5  # "Sunniva is ...", "Aloisia, can I ..."
    if len(words) < 2:
        return 0.0
    if foreign and not is_english_word(words[-1]):
        return 0.5  # "Tomomi Nishiyama": two words no English dictionary knows
    if fold(first) in AMBIGUOUS_FOLDED and not is_given(words[1]):
        return 0.6  # "Grace Hughes"; "Victoria Station" is stopped by NEVER_NAME
    if any(_is_initial(w) for w in words[1:-1]):
        return 0.65  # "First M. Last"
    if _has_surname_ending(words[-1]) and len(first) > 2:
        return 0.55
    if (
        _BLOCK_START.search(text, window, start)
        and alone_on_line(text, end)
        and _ADDRESS_LINE.search(text, end, end + 120)
    ):
        return 0.55  # the name line that heads a postal address or signature block
    return 0.0


def _has_surname_ending(word: str) -> bool:
    key = word.casefold()
    return (
        len(key) > 4
        and word[1:].islower()
        and key.endswith(_ENDINGS)
        and not key.endswith(("person", "season", "reason"))
    )


def _dialogue(text: str) -> bool:
    """Two or more different "Name:" line openers: a pasted conversation, not a form."""
    labels = {m.group(1).casefold() for m in _SPEAKER.finditer(text)} - cues.NEVER_NAME
    return len(labels) >= 2


def _vocative(text: str, start: int, end: int) -> bool:
    """ "Aloisia, can you ..." at the start of a message or line: someone being addressed."""
    return bool(LINE_OPEN.search(text, max(0, start - 8), start)) and bool(
        cues.VOCATIVE_AFTER.match(text, end)
    )


def alone_on_line(text: str, end: int) -> bool:
    newline = text.find("\n", end)
    return not text[end : newline if newline >= 0 else len(text)].strip(" \t,.")


def _lowercase_names(text: str) -> Iterable[Hit]:
    """Given names typed in lower case ("hi its priya", "thanks, emma"), with a surname."""
    for strong, cue_re in ((True, _STRONG_LOWER_CUE), (False, _WEAK_LOWER_CUE)):
        for cue in cue_re.finditer(text):
            if not strong and _CLAUSE_ABOUT_A_THING.search(
                text, max(0, cue.start() - 12), cue.start()
            ):
                continue
            span = _name_after_cue(text, cue.end(), strong)
            if span:
                yield span[0], span[1], 0.6  # "my name is borna jerković", "hi its olumide"
    for m in _LOWER_WORD.finditer(text):
        if not is_given(m.group()):
            continue
        end = m.end()
        nxt = _LOWER_SURNAME.match(text, end)
        if nxt and fold(nxt.group(2)) not in cues.NOT_SURNAME_LOWER and not is_given(nxt.group(2)):
            end = nxt.end()
        before = text[max(0, m.start() - 40) : m.start()]
        score = 0.6 if cues.CUE_LOWERCASE.search(before) or cues.CLOSING.search(before) else 0.45
        yield m.start(), end, score


def _name_after_cue(text: str, pos: int, strong: bool) -> tuple[int, int] | None:
    words: list[re.Match[str]] = []
    while len(words) < 3:
        m = _NAME_WORD.match(text, pos)
        if not m or never_name(m.group()) or fold(m.group()) in cues.NOT_SURNAME_LOWER:
            break
        known = is_english_word(m.group()) and not is_given(m.group())
        if known and (words or not strong):
            break
        words.append(m)
        gap = _GAP.match(text, m.end())
        if not gap:
            break
        pos = gap.end()
    if not words:
        return None
    return words[0].start(), words[-1].end()


def _listed_with_names(text: str, known: list[Hit]) -> Iterable[Hit]:
    """Every item of "A, B and C" once a third of its items are already names."""
    known = sorted(known)
    starts = [k[0] for k in known]
    for m in _LIST.finditer(text):
        items = [i for i in _LIST_ITEM.finditer(m.group()) if fold(i.group()) not in ("and", "or")]
        spans = [(m.start() + i.start(), m.start() + i.end()) for i in items]
        # Only names starting near the list can overlap it (names are short): a bisect, not a
        # scan of every name in a 50,000-character message.
        nearby = known[bisect_left(starts, m.start() - 100) : bisect_left(starts, m.end())]
        named = sum(
            1
            for (s, e), item in zip(spans, items, strict=True)
            if is_given(item.group().split()[0]) or any(ks < e and s < ke for ks, ke, _ in nearby)
        )
        if named and named * 3 >= len(spans):
            for (s, e), item in zip(spans, items, strict=True):
                if not any(never_name(w) for w in item.group().split()):
                    yield s, e, 0.55
