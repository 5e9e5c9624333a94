"""Putting real values back into text a customer or agent will read.

Only an exact `<TYPE_N>` that the vault issued is restored. Anything else that looks like a
placeholder (a number the vault never issued, "<PERSON 1>", "PERSON_1>", "[EMAIL_ADDRESS_1]",
"<Person_1>", "&lt;ORDER_ID_1&gt;") is a model mistake: it is replaced by a neutral phrase so that
no raw token ever reaches a customer, and the result says ok=False so the caller rejects or
repairs the draft.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlp.pii.entities import ENTITY_TYPES, NEUTRAL_FALLBACK, NEUTRAL_WORDS
from nlp.pii.vault import PLACEHOLDER_RE, Vault


@dataclass(frozen=True)
class UnmaskResult:
    text: str
    ok: bool
    problems: tuple[str, ...] = ()


# Words a model may use for a placeholder's type, including names we never issue.
_ALIASES = {
    "NAME": "PERSON",
    "EMAIL": "EMAIL_ADDRESS",
    "PHONE": "PHONE_NUMBER",
    "CARD": "CREDIT_CARD",
    "IBAN": "IBAN_CODE",
    "ADDRESS": "STREET_ADDRESS",
    "ZIP": "POSTCODE",
    "ZIP_CODE": "POSTCODE",
    "ORDER": "ORDER_ID",
    "LOCATION": "STREET_ADDRESS",
}
_KEYWORDS = sorted({*ENTITY_TYPES, *_ALIASES}, key=len, reverse=True)
_KW = "(?:" + "|".join(k.replace("_", r"[\s_-]*") for k in _KEYWORDS) + ")"
_OPEN = r"(?:<|&lt;|\[|\{|\(\s*<)"
_CLOSE = r"(?:>|&gt;|\]|\}|>\s*\))"
_TOKEN = re.compile(
    # what the masker issues (matched case-insensitively, so "<Person_1>" is caught here too)
    r"<[A-Z]+(?:_[A-Z]+)*_\d+>"
    # bracketed on either side: <PERSON 1>, [EMAIL_ADDRESS_1], PERSON_1>, <person_1, <PERSON>
    rf"|{_OPEN}\s*{_KW}(?:[\s_-]*#?\d+)?\s*{_CLOSE}?"
    rf"|{_KW}[\s_-]*#?\d+\s*{_CLOSE}"
    # bare but unmistakably machine-made: PERSON_1, ORDER_ID_2, Person_1
    rf"|\b{_KW}_\d+\b",
    re.IGNORECASE,
)
_NOT_TYPE_CHARS = re.compile(r"&lt;|&gt;|[^A-Za-z\s_-]")


def _neutral_word(token: str) -> str:
    word = _NOT_TYPE_CHARS.sub(" ", token).strip(" \t\n_-")
    key = re.sub(r"[\s-]+", "_", word).upper()
    return NEUTRAL_WORDS.get(_ALIASES.get(key, key), NEUTRAL_FALLBACK)


def unmask(text: str, vault: Vault) -> UnmaskResult:
    """Restore issued placeholders; neutralise and report every other placeholder-like token."""
    if not text:
        return UnmaskResult(text="", ok=True)
    problems: list[str] = []

    def restore(m: re.Match[str]) -> str:
        token = m.group()
        if PLACEHOLDER_RE.fullmatch(token):
            value = vault.value_of(token)
            if value is not None:
                return value
            problems.append(f"unknown placeholder {token}")
        else:
            problems.append(f"mangled placeholder {token!r}")
        return _neutral_word(token)

    # One pass over the original text: a restored value is never scanned again, so a value that
    # itself looks like a placeholder cannot trigger a second substitution.
    restored = _TOKEN.sub(restore, text)
    return UnmaskResult(text=restored, ok=not problems, problems=tuple(problems))
