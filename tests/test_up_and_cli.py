"""`supportdesk up` prepares everything idempotently; the landing page and every command work."""

from __future__ import annotations

from typing import Any

import pytest
import typer
from starlette.testclient import TestClient
from typer.testing import CliRunner

from store.database import Database
from supportdesk.cli import app
from supportdesk.settings import Settings
from supportdesk.up import build_landing_app, prepare, render_landing


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


def test_that_the_landing_page_shows_logins_and_searches_the_index(
    indexed_db: Database, settings: Settings
):
    with TestClient(build_landing_app(indexed_db, settings)) as client:
        page = client.get("/")
        assert page.status_code == 200
        assert "demo-customer" in page.text
        assert "@example." in page.text  # a sample customer login
        hits = client.get(
            "/api/kb/search", params={"q": "how long do I have to return things in Germany"}
        )
        assert hits.status_code == 200
        assert any(h["source_id"].startswith("policy:returns@") for h in hits.json()[:3])
        empty = client.get("/api/kb/search", params={"q": "   "})
        assert empty.status_code == 400 and "Type a question" in empty.json()["error"]
        assert client.get("/healthz").json() == {"status": "ok"}


def test_that_the_landing_page_escapes_what_it_shows():
    stats = {
        "seed": "<script>alert(1)</script>",
        "demo_customer_password": "pw",
        "tables": {"orders": 1},
        "samples_by_state": {
            "placed": [{"order_id": "HR-1", "email": "<b>x</b>@example.com", "postcode": "N1"}]
        },
    }
    html = render_landing(stats)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;b&gt;x&lt;/b&gt;@example.com" in html
