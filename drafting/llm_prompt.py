"""The LLM prompts as data (prompts/llm/), rendered into chat messages, and the citation-key
protocol they define: facts are listed as "[F1] title: masked text" and the model cites "[F1]".

Keys, not source ids, go to the model: a source id such as "order:HR-204813" holds the raw order
number. Only a fact's title and masked text are shown, never `Fact.data`.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage

from drafting.promises import promise_kinds
from drafting.types import Draft
from nlp.taxonomy import DESCRIPTIONS
from tools.facts import Fact

PROMPT_DIR = Path(__file__).resolve().parent.parent / "prompts" / "llm"
_SLOT = re.compile(r"\{\{(\w+)\}\}")
_SPACES = re.compile(r"\s+")
# Defence in depth: facts and masked text should never hold a raw shop order number; if one
# slipped through a bug upstream, it is withheld rather than sent.
_RAW_ORDER_ID = re.compile(r"\bHR[-\s]?\d{6}\b", re.IGNORECASE)
WITHHELD = "[order number withheld]"

# A citation: "[F1]", "[F1, F3]", "[F1][F2]"; with the whitespace before it, so removing it
# leaves "arrives on Tuesday." rather than "arrives on Tuesday ."
CITATION = re.compile(r"\s*\[\s*F\d+(?:\s*[,;]\s*F?\d+)*\s*\]")
_KEY = re.compile(r"F?(\d+)")
# Any text that could still grow into a citation: held back while streaming.
_CITATION_PREFIX = re.compile(r"\s*(?:\[\s*(?:F(?:\d+(?:\s*[,;]\s*F?\d*)*\s*)?)?)?")
# The end of a sentence in raw model text: its closing punctuation (and quote or bracket), then
# the citations that belong to it, which models put before or after the full stop ("on its way
# [F1]." or "on its way. [F1]"); settled only once the next sentence has begun, so that a
# citation still to come is not cut off from its sentence. "£12.50" and "3.5 m" never end one.
_SENTENCE_END = re.compile(
    r"[.!?]+[\"'”’)]*(?:\s*\[\s*F\d+(?:\s*[,;]\s*F?\d+)*\s*\])*(?=\s+[^\s\[])"
)

USER_ROLES = {"customer", "user", "human"}
ASSISTANT_ROLES = {"assistant", "agent", "ai"}


@dataclass(frozen=True)
class PromptSpec:
    name: str
    version: str
    template: str
    history_turns: int
    shop_name: str

    def render(self, **slots: str) -> str:
        values = {"shop_name": self.shop_name, **slots}
        return _SLOT.sub(lambda m: values.get(m.group(1), m.group(0)), self.template).strip()


@lru_cache(maxsize=8)
def load_prompt(name: str, prompt_dir: Path = PROMPT_DIR) -> PromptSpec:
    """The prompt `name` ("draft", "select_tools") as the manifest prompts/llm/prompts.toml
    points at it."""
    manifest: dict[str, Any] = tomllib.loads((prompt_dir / "prompts.toml").read_text("utf-8"))
    entry = manifest[name]
    return PromptSpec(
        name=name,
        version=str(entry["version"]),
        template=(prompt_dir / str(entry["file"])).read_text("utf-8"),
        history_turns=int(entry.get("history_turns", 6)),
        shop_name=str(manifest.get("shop_name", "the shop")),
    )


def safe_text(text: str) -> str:
    return _RAW_ORDER_ID.sub(WITHHELD, text)


def one_line(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def fact_keys(facts: Sequence[Fact]) -> dict[str, str]:
    """Key -> source id, in the order the facts are listed ("F1" is the first fact)."""
    return {f"F{i}": fact.source_id for i, fact in enumerate(facts, start=1)}


def fact_line(key: str, fact: Fact) -> str:
    """One fact as the model reads it: "[F1] title: masked text" (the prompt and tool results)."""
    text = one_line(fact.masked_text) or "(no details)"
    return f"[{key}] {safe_text(one_line(fact.title))}: {safe_text(text)}"


def fact_lines(facts: Sequence[Fact]) -> str:
    lines = [fact_line(key, fact) for key, fact in zip(fact_keys(facts), facts, strict=True)]
    return "\n".join(lines) if lines else "(none: nothing was found that answers this message)"


def history_messages(history: Sequence[tuple[str, str]], turns: int) -> list[BaseMessage]:
    """The newest `turns` conversation entries as chat messages. System notices and unknown
    roles are left out: only what the customer and the assistant (or an agent) said is context."""
    messages: list[BaseMessage] = []
    for role, text in list(history)[-turns:] if turns > 0 else []:
        if not text.strip():
            continue
        if role in USER_ROLES:
            messages.append(HumanMessage(content=safe_text(text)))
        elif role in ASSISTANT_ROLES:
            messages.append(AIMessage(content=safe_text(text)))
    return messages


def intent_slots(intent: str, market: str | None) -> dict[str, str]:
    description = next((text for name, text in DESCRIPTIONS.items() if name == intent), "")
    return {
        "intent": intent,
        "intent_description": description or "no description",
        "market": market or "unknown",
    }


@dataclass(frozen=True)
class DraftPrompt:
    messages: list[BaseMessage]
    keys: dict[str, str]  # "F1" -> source id; stays server-side
    version: str


def render_draft_prompt(
    intent: str,
    facts: Sequence[Fact],
    *,
    masked_message: str,
    history: Sequence[tuple[str, str]],
    market: str | None,
    name: str = "draft",
) -> DraftPrompt:
    """The messages for prompt `name`: "draft" (facts only) or "answer" (facts, tools bound)."""
    spec = load_prompt(name)
    system = spec.render(facts=fact_lines(facts), **intent_slots(intent, market))
    messages: list[BaseMessage] = [SystemMessage(content=system)]
    messages += history_messages(history, spec.history_turns)
    messages.append(HumanMessage(content=safe_text(masked_message)))
    return DraftPrompt(messages=messages, keys=fact_keys(facts), version=spec.version)


@dataclass(frozen=True)
class Citations:
    source_ids: tuple[str, ...]  # valid citations, in order of first use, no repeats
    unknown_keys: tuple[str, ...]  # keys the model made up


def parse_citations(text: str, keys: dict[str, str]) -> Citations:
    cited: list[str] = []
    unknown: list[str] = []
    for marker in CITATION.finditer(text):
        for number in _KEY.findall(marker.group(0)):
            key = f"F{int(number)}"
            source = keys.get(key)
            if source is None:
                if key not in unknown:
                    unknown.append(key)
            elif source not in cited:
                cited.append(source)
    return Citations(tuple(cited), tuple(unknown))


def strip_citations(text: str) -> str:
    return CITATION.sub("", text)


def draft_from_raw(
    raw: str, keys: dict[str, str], version: str, notes: list[str], final: bool = True
) -> Draft:
    """The Draft a model's raw text makes: citation keys mapped back to source ids (a reply
    citing none is not grounded), markers removed from the text, promises found. `final` adds
    the notes an agent reads about the whole reply."""
    citations = parse_citations(raw, keys)
    text = strip_citations(raw).strip()
    if final and citations.unknown_keys:
        notes = [*notes, "ignored citations of unknown facts: " + ", ".join(citations.unknown_keys)]
    if final and not citations.source_ids:
        notes = [*notes, "the reply cites no fact"]
    grounded = bool(citations.source_ids)
    return Draft(
        text=text,
        citations=citations.source_ids,
        grounded=grounded,
        drafter="llm",
        template_id=version,
        clarifying_question=not grounded and text.rstrip().endswith("?"),
        promises=promise_kinds(text),
        notes=tuple(notes),
    )


def last_sentence_end(raw: str, start: int = 0) -> int | None:
    """Where the last complete sentence of `raw[start:]` ends (after its citations), or None
    while no sentence after `start` is complete yet."""
    end = None
    for match in _SENTENCE_END.finditer(raw, start):
        end = match.end()
    return end


class CitationFilter:
    """Removes citation markers from a token stream as it flows, so whoever receives the tokens
    gets the customer-facing text: a piece that might be the start of a marker (a space, "[",
    "[F1") is held back until the next token settles it."""

    def __init__(self) -> None:
        self._pending = ""

    def feed(self, token: str) -> str:
        self._pending += token
        out: list[str] = []
        text = self._pending
        i = 0
        while i < len(text):
            marker = CITATION.match(text, i)
            if marker:
                i = marker.end()
                continue
            maybe = _CITATION_PREFIX.match(text, i)
            if maybe and maybe.end() == len(text) and maybe.end() > i:
                break  # could still become a marker: wait for more text
            out.append(text[i])
            i += 1
        self._pending = text[i:]
        return "".join(out)

    def flush(self) -> str:
        rest, self._pending = strip_citations(self._pending), ""
        return rest


def join_filtered(tokens: Iterable[str]) -> str:
    """What a CitationFilter lets through for these tokens (used by tests and benchmarks)."""
    f = CitationFilter()
    return "".join(f.feed(t) for t in tokens) + f.flush()
