"""`supportdesk up` prepares everything idempotently; the landing page and every command work."""

from __future__ import annotations

from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from store.database import Database
from supportdesk.cli import app
from supportdesk.settings import Settings
from supportdesk.up import prepare


def all_command_paths() -> list[list[str]]:
    root = typer.main.get_command(app)
    paths: list[list[str]] = [[]]

    # Typer ships its own copy of click, so groups are recognised by what they have.
    def walk(command: Any, prefix: list[str]) -> None:
        if hasattr(command, "commands"):
            for name, sub in command.commands.items():
                paths.append([*prefix, name])
                walk(sub, [*prefix, name])

    walk(root, [])
    return paths


@pytest.mark.parametrize("path", all_command_paths(), ids=lambda p: " ".join(p) or "supportdesk")
def test_that_every_command_has_a_help_text(path):
    result = CliRunner().invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output
    command: Any = typer.main.get_command(app)
    for name in path:
        command = command.commands[name]
    assert (command.help or "").strip(), f"{' '.join(path)} has no help text"


def test_that_up_on_a_ready_database_changes_nothing_and_says_so(
    indexed_db: Database, settings: Settings
):
    messages: list[str] = []
    db = prepare(settings, messages.append)
    assert db.url == indexed_db.url
    joined = "\n".join(messages)
    assert "demo shop unchanged" in joined
    assert "knowledge index unchanged" in joined
