"""Is this an ordinary English word? A word that is not is likely a name.

The word lists are the WordNet-derived lemma index that ships inside the spaCy model package
(nouns, verbs, adjectives, adverbs; about 90,000 lemmas), plus spaCy's stop words for English
and the shop's other languages (German, French, Spanish, Italian, Dutch). Nothing is
downloaded. Famous names are in WordNet too ("Victoria", "Campbell"), so a hit proves nothing;
only a miss is used, as one piece of evidence among others.
"""

from __future__ import annotations

import importlib.util
import threading
from functools import lru_cache
from pathlib import Path

_POS = ("noun", "verb", "adj", "adv")
_OTHER_LANGUAGES = ("de", "fr", "es", "it", "nl")
_lock = threading.Lock()


@lru_cache(maxsize=1)
def _tables() -> tuple[list[frozenset[str]], frozenset[str]]:
    import spacy.util
    from spacy.lang.en.stop_words import STOP_WORDS
    from spacy.lookups import Lookups

    from nlp.pii.engine import SPACY_MODEL

    try:
        root = spacy.util.get_package_path(SPACY_MODEL)
        candidates = sorted(root.glob("*/lemmatizer/lookups"))
        index = Lookups().from_disk(candidates[0]).get_table("lemma_index")
        # The index holds plain lists: as sets, a look-up is a hash, not a scan of 57,000 words.
        tables = [frozenset(index[pos]) for pos in _POS if pos in index]
    except (OSError, IndexError, KeyError, ValueError):
        tables = []  # without the lists every word counts as English: no names from this rule
    words = {w.casefold() for w in STOP_WORDS}
    for language in _OTHER_LANGUAGES:
        words |= _stop_words(language)
    return tables, frozenset(words)


def _stop_words(language: str) -> set[str]:
    """spaCy's stop words of another language, read from the word-list module alone.

    Importing `spacy.lang.fr` would also build its tokenizer exceptions (seconds of regex
    compilation): the list module has no imports, so it is run on its own.
    """
    import spacy

    path = Path(spacy.__file__).parent / "lang" / language / "stop_words.py"
    spec = importlib.util.spec_from_file_location(f"_pii_stop_words_{language}", path)
    if spec is None or spec.loader is None:
        return set()
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except (OSError, ImportError, SyntaxError):
        return set()
    return {str(w).casefold() for w in getattr(module, "STOP_WORDS", ())}


def _forms(word: str) -> tuple[str, ...]:
    w = word.casefold()
    forms = [w]
    if w.endswith("ies"):
        forms.append(w[:-3] + "y")
    if w.endswith("es"):
        forms.append(w[:-2])
    if w.endswith("s"):
        forms.append(w[:-1])
    if w.endswith("ed"):
        forms += [w[:-2], w[:-1]]
    if w.endswith("ing"):
        forms += [w[:-3], w[:-3] + "e"]
    if w.endswith("ly"):
        forms.append(w[:-2])
    # "cheaper", "larger", "happiest": the index holds the plain adjective only
    for ending in ("er", "est"):
        if w.endswith(ending):
            stem = w[: -len(ending)]
            forms += [stem, stem + "e"]
            if stem.endswith("i"):  # "happiest" -> "happy"
                forms.append(stem[:-1] + "y")
    # "bigger", "logged", "kitting": a doubled consonant before the ending
    for ending in ("er", "est", "ed", "ing"):
        stem = w[: -len(ending)]
        if w.endswith(ending) and len(stem) > 2 and stem[-1] == stem[-2]:
            forms.append(stem[:-1])
    return tuple(forms)


def is_english_word(word: str) -> bool:
    with _lock:
        tables, stop_words = _tables()
    if not tables:
        return True
    forms = _forms(word)
    if any(f in stop_words for f in forms):
        return True
    return any(f in table for f in forms for table in tables)
