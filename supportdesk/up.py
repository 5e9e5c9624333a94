"""`supportdesk up`: make the product ready on its embedded defaults and serve it.

It serves the Chainlit app (ui/): the customer chat, the agent desk and the KPI panel.
"""

from __future__ import annotations

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
