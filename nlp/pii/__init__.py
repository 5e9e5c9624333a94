"""Reversible PII masking for everything that leaves the process (LLM prompts, logs, traces).

Public API: `PiiMasker` (mask / unmask), `Vault` (the conversation's placeholder -> value map),
`load_product_names` and `load_variant_names` (catalogue names that must never be masked).
Heavy engines (spaCy, Presidio) load on first use and are shared by every masker in the process;
importing `Vault` alone does not even import Presidio (the masker classes are resolved on first
access).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from nlp.pii.catalogue import load_product_names, load_variant_names
from nlp.pii.entities import ENTITY_TYPES
from nlp.pii.unmask import UnmaskResult
from nlp.pii.vault import Vault

if TYPE_CHECKING:
    from nlp.pii.masker import MaskedEntity, MaskResult, PiiMasker

_LAZY = {"PiiMasker", "MaskResult", "MaskedEntity"}

__all__ = [
    "ENTITY_TYPES",
    "MaskResult",
    "MaskedEntity",
    "PiiMasker",
    "UnmaskResult",
    "Vault",
    "load_product_names",
    "load_variant_names",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module("nlp.pii.masker"), name)
    raise AttributeError(f"module 'nlp.pii' has no attribute {name!r}")
