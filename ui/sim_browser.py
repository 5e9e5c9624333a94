"""A customer in a real browser (headless Debian Chromium via pip playwright), for benchmarks.

It measures what a person sees: from pressing Enter to the first piece of the reply on the
screen, timed inside the page. Requests off the app's host are blocked (fonts, CDNs).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from supportdesk.measure import percentiles
from ui.sim_client import reply_kind

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
# Set in the page before the first paint: Enter in the chat box starts the clock; the first
# non-empty new assistant message stops it (a MutationObserver sees it as it is rendered).
PROBE = """
window.__ttft = {start: null, first: null, n: 0};
document.addEventListener('keydown', e => {
  if (e.key === 'Enter' && e.target && e.target.id === 'chat-input') {
    window.__ttft.start = performance.now();
  }
}, true);
new MutationObserver(() => {
  const t = window.__ttft;
  if (t.start === null || t.first !== null) return;
  const steps = document.querySelectorAll('[data-step-type=assistant_message]');
  if (steps.length > t.n && steps[steps.length - 1].innerText.trim()) t.first = performance.now();
}).observe(document, {subtree: true, childList: true, characterData: true});
"""


def browser_ttft(
    base_url: str,
    email: str,
    questions: list[str],
    *,
    runs: int,
    progress: Callable[[str], None],
    password: str = "demo-customer",
) -> tuple[dict[str, Any], list[str]]:
    """Time to first visible token in Chromium (three warm-up turns first), for the replies
    that are answers; returns the summary and the conversation ids it created."""
    if not Path(CHROMIUM).exists():
        return {"skipped": f"{CHROMIUM} is missing (apt-get install -y chromium)"}, []
    from playwright.sync_api import sync_playwright

    kinds: dict[str, int] = {}
    samples: list[float] = []
    conversations: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True
        )
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.route(
            "**/*", lambda r: r.continue_() if r.request.url.startswith(base_url) else r.abort()
        )
        context.add_init_script(PROBE)
        page = context.new_page()
        page.goto(base_url + "/login")
        page.fill("#email", email)
        page.fill("input[type=password]", password)
        page.click("button[type=submit]")
        page.wait_for_url(base_url + "/")
        page.locator("[data-step-type=assistant_message]").first.wait_for()  # socket is up
        page.wait_for_timeout(500)  # the greeting's task ends; Enter is ignored until then
        for index in range(runs + 3):  # three warm-up turns
            question = questions[index % len(questions)]
            count = page.locator("[data-step-type=assistant_message]").count()
            page.evaluate(f"Object.assign(window.__ttft, {{start: null, first: null, n: {count}}})")
            page.locator("#chat-input").fill(question)
            page.keyboard.press("Enter")
            page.wait_for_function("window.__ttft.first !== null", timeout=30_000)
            elapsed = float(page.evaluate("window.__ttft.first - window.__ttft.start"))
            page.wait_for_timeout(900)  # let the reply finish before the next question
            kind = reply_kind(page.locator("[data-step-type=assistant_message]").last.inner_text())
            kinds[kind] = kinds.get(kind, 0) + 1
            if index >= 3 and kind == "answer":  # time answers, not hand-off sentences
                samples.append(elapsed)
            if (index - 2) % 10 == 0 and index >= 3:
                progress(f"  browser: {index - 2}/{runs} turns")
        if "/thread/" in page.url:
            conversations.append(page.url.rsplit("/", 1)[-1])
        browser.close()
    if not samples:
        return {"skipped": "no reply was an answer to time", "replies": kinds}, conversations
    summary: dict[str, Any] = dict(percentiles(samples))
    summary["replies"] = kinds
    return summary, conversations
