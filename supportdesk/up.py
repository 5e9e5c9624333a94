"""`supportdesk up`: make the product ready on its embedded defaults and serve it.

It serves the Chainlit app (ui/): the customer chat, the agent desk and the KPI panel. The
landing page below predates the chat; it is no longer served and stays only until its tests
in tests/test_up_and_cli.py are retired.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from supportdesk.settings import Settings


def prepare(settings: Settings, progress: Callable[[str], None]) -> Any:
    from nlp.embeddings import LocalEmbeddings
    from store.database import open_database
    from store.demo.seed import seed_demo
    from store.knowledge.index import build_index

    progress("starting the database and applying migrations ...")
    db = open_database(settings)
    progress(
        f"database: {db.display_url}"
        + (f" (embedded, data in {settings.data_dir})" if db.embedded else "")
    )
    result = seed_demo(db, seed=settings.demo_seed, progress=progress)
    progress(f"demo shop {result.status} (seed {result.seed}, anchor {result.anchor})")
    progress("building the knowledge index (the first time takes a couple of minutes) ...")

    def report(done: int, total: int) -> None:
        if done % 512 == 0 or done == total:
            progress(f"  embedded {done}/{total} chunks")

    index = build_index(db, LocalEmbeddings(query_cache=False), progress=report)
    progress(f"knowledge index {index.status}: {index.chunks_total} chunks")
    return db


def prepare_and_serve(settings: Settings, *, serve: bool, progress: Callable[[str], None]) -> None:
    prepare(settings, progress)
    if not serve:
        return
    from ui.serve import serve as serve_chat

    progress(
        "sign in as a demo customer (password demo-customer), as agent@hollinandreed.example "
        "(password demo-agent), or chat as a guest"
    )
    serve_chat(settings, progress=progress)


def build_landing_app(db: Any, settings: Settings) -> Any:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, JSONResponse
    from starlette.routing import Route

    from nlp.embeddings import shared_embeddings
    from store.demo.stats import demo_stats
    from store.knowledge.search import KnowledgeSearch

    state: dict[str, KnowledgeSearch] = {}

    async def search(request: Request) -> JSONResponse:
        query = request.query_params.get("q", "")[:500]
        if not query.strip():
            return JSONResponse({"error": "Type a question to search for."}, status_code=400)
        if "search" not in state:
            state["search"] = await KnowledgeSearch.open(
                db, shared_embeddings(), ef_search=settings.search_ef
            )
        hits = await state["search"].search(query, k=5)
        return JSONResponse(
            [{"source_id": h.source_id, "title": h.title, "score": h.score} for h in hits]
        )

    async def home(_request: Request) -> HTMLResponse:
        return HTMLResponse(render_landing(demo_stats(db)))

    async def healthz(_request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    return Starlette(
        routes=[Route("/", home), Route("/api/kb/search", search), Route("/healthz", healthz)]
    )


def render_landing(stats: dict[str, Any]) -> str:
    esc = html.escape
    rows = "".join(
        f"<tr><td>{esc(state)}</td><td>{esc(r['order_id'])}</td><td>{esc(r['email'])}</td>"
        f"<td>{esc(r['postcode'])}</td></tr>"
        for state, sample in stats["samples_by_state"].items()
        for r in sample[:1]
    )
    counts = "".join(f"<li>{esc(t)}: {n:,}</li>" for t, n in stats["tables"].items())
    return f"""<!doctype html><html lang="en"><meta charset="utf-8">
<title>supportdesk — Hollin &amp; Reed demo</title>
<style>body{{font:16px system-ui;max-width:60rem;margin:2rem auto;padding:0 1rem}}
td{{padding:.2rem .6rem;border-bottom:1px solid #ddd}}</style>
<h1>supportdesk is running</h1>
<p>The demo shop Hollin &amp; Reed is loaded (seed {esc(str(stats["seed"]))}). The chat and the
agent desk arrive with the UI; meanwhile, search the knowledge index the assistant answers from.</p>
<form id="f"><input id="q" size="60" placeholder="e.g. returns window in Germany">
<button>Search</button></form><ol id="out"></ol>
<h2>Demo logins</h2><p>Customer password: <code>{esc(stats["demo_customer_password"])}</code></p>
<table><tr><th>order state</th><th>order</th><th>customer</th><th>postcode</th></tr>{rows}</table>
<h2>What is loaded</h2><ul>{counts}</ul>
<script>
document.getElementById('f').onsubmit = async (e) => {{
  e.preventDefault();
  const q = document.getElementById('q').value;
  const r = await fetch('/api/kb/search?q=' + encodeURIComponent(q));
  const out = document.getElementById('out'); out.textContent = '';
  const data = await r.json();
  for (const h of (Array.isArray(data) ? data : [])) {{
    const li = document.createElement('li');
    li.textContent = h.title + ' (' + h.source_id + ', ' + h.score.toFixed(3) + ')';
    out.appendChild(li);
  }}
}};
</script></html>"""
