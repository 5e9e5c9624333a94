"""Text the chat shows around the assistant's replies: sources, greetings, ages.

Pure functions, so the wording is tested without a browser. Titles come from our own facts
(policy sections, product names, the customer's own order), never raw source ids.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from ui.auth import Principal

# Author names double as avatar file names in Chainlit: letters, digits, spaces only.
ASSISTANT_NAME = "Assistant"
HUMAN_REQUEST = "I'd like to talk to a person, please."
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()<>#+!|~>])")
_SOURCE_ID = re.compile(r"^[a-z_]+:\S+$")


def escape_markdown(text: str) -> str:
    """Text shown literally inside a markdown message (titles must not become links or HTML)."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", " ".join(text.split()))


def source_titles(citations: Iterable[dict[str, Any]]) -> list[str]:
    """Readable titles in citation order, each once; an entry without a human title is left
    out rather than shown as its id."""
    titles: list[str] = []
    for citation in citations:
        title = str(citation.get("title") or "").strip()
        if title and not _SOURCE_ID.match(title) and title not in titles:
            titles.append(title)
    return titles


def sources_line(citations: Iterable[dict[str, Any]]) -> str:
    titles = source_titles(citations)
    if not titles:
        return ""
    return "*Sources: " + " · ".join(escape_markdown(t) for t in titles) + "*"


def welcome(principal: Principal) -> str:
    if principal.role == "customer":
        first = principal.display_name.split()[0] if principal.display_name else ""
        return (
            f"Hello {first}! I can check your orders, explain delivery and returns, and answer "
            "questions about our products. Your earlier conversations are in the list on the "
            "left. Ask for a person at any time."
        )
    return (
        "Hello! I can answer questions about our products, delivery and returns. For an order, "
        "tell me its number and the email address or postcode it was placed with. Ask for a "
        "person at any time."
    )


def age_text(created_at: datetime, now: datetime | None = None) -> str:
    """'12 min', '3 h 5 min', '2 d' since the case was queued."""
    now = now or datetime.now(UTC)
    minutes = max(0, int((now - created_at).total_seconds() // 60))
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    return f"{hours // 24} d"
