"""The assistant's own sentences (hand-off, empty message, outage), read from prompts/ data."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from store.policy_rules import load_policy_rules

MESSAGES_PATH = Path(__file__).resolve().parent.parent / "prompts" / "customer_messages.toml"


@lru_cache(maxsize=1)
def _messages() -> dict[str, Any]:
    return tomllib.loads(MESSAGES_PATH.read_text())


def handoff_sentence(queue: str) -> str:
    hours = load_policy_rules().raw.get("contact", {}).get("first_response_hours", 24)
    template = _messages()["handoff"].get(queue) or _messages()["handoff"]["manual"]
    return str(template).format(first_response_hours=hours)


def turn_message(kind: str) -> str:
    return str(_messages()["turn"][kind])


def messages_version() -> int:
    return int(_messages()["version"])
