"""End-to-end fixtures: the real Chainlit app on the test session's database, driven by a real
headless Chromium (Debian's, through pip playwright; no browser download).

The server runs as its own process, started like `supportdesk up` serves (`python -m ui.serve`),
from a staged copy of the app folder (Chainlit deletes `<app root>/.files` on exit). Every
request a page makes off this host (web fonts, the KaTeX stylesheet) is blocked: tests never
touch the network.
"""

from __future__ import annotations

import json
import re
import secrets
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from store.database import Database
from supportdesk.served_app import AppStartError, isolated_env, served_app
from supportdesk.settings import PROJECT_ROOT
from tests.conftest import TEST_ANCHOR

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = PROJECT_ROOT / ".data" / "test-artifacts"
VIEWPORT = {"width": 1400, "height": 900}
CUSTOMER_PASSWORD, AGENT_PASSWORD = "demo-customer", "demo-agent"


@dataclass
class UiServer:
    base_url: str
    log_path: Path
    db: Database

    def log_tail(self, lines: int = 60) -> str:
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


# Module scope for both: the server process and Playwright's event loop (which runs in this
# thread and would break later tests that call asyncio.run) end with the e2e tests.
@pytest.fixture(scope="module")
def ui_server(
    indexed_db: Database, understanding_models: Any, test_data_dir: Path
) -> Iterator[UiServer]:
    """The chat app on a free port, using this test session's database and trained models."""
    del understanding_models  # trained into test_data_dir/models before the server loads them
    env = isolated_env(
        {
            "SUPPORTDESK_DATABASE_URL": indexed_db.url,
            "SUPPORTDESK_DATA_DIR": str(test_data_dir),
            "SUPPORTDESK_SHOP_TODAY": TEST_ANCHOR.isoformat(),
            "SUPPORTDESK_REDIS_URL": "",
            "CHAINLIT_AUTH_SECRET": secrets.token_urlsafe(32),
        }
    )
    try:
        with served_app("chainlit", env, test_data_dir, timeout=240) as app:
            yield UiServer(app.base_url, app.log_path, indexed_db)
    except AppStartError as exc:
        pytest.fail(str(exc))


@pytest.fixture(scope="module")
def browser(ui_server: UiServer) -> Iterator[Any]:
    del ui_server  # started first: its fixtures call asyncio.run, which Playwright's loop blocks
    if not Path(CHROMIUM).exists():
        pytest.fail(
            "Chromium is not installed: run `apt-get install -y chromium` "
            "(scripts/setup.sh --dev does this for you)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True
        )
        yield instance
        instance.close()


@dataclass
class Tab:
    """One browser context (one person) with one page, and the socket frames it received."""

    page: Any
    context: Any
    base_url: str
    frames: list[str] = field(default_factory=list)

    def goto(self, path: str = "/") -> None:
        self.frames.clear()
        self.page.goto(self.base_url + path)

    def login(self, email: str, password: str) -> None:
        self.goto("/login")
        self.page.fill("#email", email)
        self.page.fill("input[type=password]", password)
        self.page.click("button[type=submit]")
        self.page.wait_for_url(self.base_url + "/", timeout=15_000)
        self.wait_for_socket()

    def wait_for_socket(self, timeout: float = 15) -> None:
        """Wait until the chat accepts a message: Enter is ignored before the socket is
        connected and while the session's start (greeting, history) is still running."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            acks = [i for i, f in enumerate(self.frames) if f.startswith("40{")]
            if acks:
                after = self.frames[acks[-1] :]
                starts = [i for i, f in enumerate(after) if f.startswith('42["task_start"')]
                ends = [i for i, f in enumerate(after) if f.startswith('42["task_end"')]
                resumed = any(f.startswith('42["resume_thread"') for f in after)
                if (starts and ends and ends[-1] > starts[-1]) or resumed:
                    self.page.wait_for_timeout(100)
                    return
            self.page.wait_for_timeout(50)
        raise AssertionError("the chat did not become ready")

    def send(self, text: str, *, expect_reply: bool = True) -> None:
        """Type and send a message, then wait until the server has finished the turn."""
        before, mark = self.assistant_count(), len(self.frames)
        box = self.page.locator("#chat-input")
        box.fill(text)
        box.press("Enter")
        deadline = time.monotonic() + 60  # generous: the CI machine may be busy
        while not any(f.startswith('42["task_end"') for f in self.frames[mark:]):
            if time.monotonic() > deadline:
                raise AssertionError("the turn did not finish within 60 s")
            self.page.wait_for_timeout(50)
        if expect_reply:
            self.page.wait_for_function(
                "n => document.querySelectorAll('[data-step-type=assistant_message]').length > n",
                arg=before,
                timeout=10_000,
            )
        self.page.wait_for_timeout(200)  # the last socket events are rendered

    def assistant_count(self) -> int:
        return int(self.page.locator("[data-step-type=assistant_message]").count())

    def assistant_texts(self) -> list[str]:
        return [
            str(t)
            for t in self.page.locator("[data-step-type=assistant_message]").all_inner_texts()
        ]

    def conversation_id(self) -> str:
        """The conversation shown (the page moves to /thread/<id> after the first message)."""
        self.page.wait_for_url(re.compile(r".*/thread/[0-9a-f-]{36}$"), timeout=10_000)
        match = re.search(r"/thread/([0-9a-f-]{36})", self.page.url)
        assert match, f"not inside a conversation: {self.page.url}"
        return match.group(1)

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / name
        self.page.screenshot(path=str(path))
        return path


@pytest.fixture
def open_tab(ui_server: UiServer, browser: Any) -> Iterator[Callable[[], Tab]]:
    """Open a fresh browser context (a separate person) on the app; closed after the test."""
    contexts: list[Any] = []
    host = ui_server.base_url

    def keep_local(route: Any) -> None:
        if route.request.url.startswith(host):
            route.continue_()
        else:
            route.abort()

    def factory() -> Tab:
        context = browser.new_context(viewport=VIEWPORT)
        context.route("**/*", keep_local)
        contexts.append(context)
        page = context.new_page()
        tab = Tab(page, context, host)
        page.on("websocket", lambda ws: ws.on("framereceived", lambda f: tab.frames.append(str(f))))
        return tab

    yield factory
    for context in contexts:
        context.close()


def last_streamed_tokens(tab: Tab) -> list[str]:
    """The pieces of the last streamed message, in the order the socket delivered them."""
    starts = [json.loads(f[2:])[1] for f in tab.frames if f.startswith('42["stream_start"')]
    assert starts, "no message was streamed"
    message_id = starts[-1]["id"]
    first = [str(starts[-1].get("output") or "")]
    rest = [
        str(event[1]["token"])
        for f in tab.frames
        if f.startswith('42["stream_token"')
        and (event := json.loads(f[2:]))[1].get("id") == message_id
    ]
    return first + rest
