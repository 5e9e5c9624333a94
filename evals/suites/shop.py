"""The shop the golden tickets were written for: seed 7, anchored on 2026-11-01, indexed.

The tickets name real orders, dates and deadlines of that shop, so the suites must run against
exactly it, with the shop's "today" pinned to the anchor. By default the evaluation keeps its own
embedded Postgres under `.data/eval-shop/` (seeded and indexed on first use, about three minutes,
then reused in seconds), so a developer's own demo shop, seeded on another day, is never touched
or mistaken for it. `use_configured=True` runs against the configured database instead, after
checking that it holds that very shop.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from store.database import Database, open_database
from supportdesk.errors import ConfigurationError
from supportdesk.settings import Settings

SEED = 7
ANCHOR = date(2026, 11, 1)
EVAL_SHOP_DIR = "eval-shop"


@dataclass(frozen=True)
class EvalShop:
    db: Database
    settings: Settings  # the caller's settings with the shop's today pinned to the anchor
    where: str  # for the report: which database was used


def pinned_settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"shop_today": ANCHOR})


def seed_state(db: Database) -> tuple[int | None, date | None]:
    with db.connect() as conn:
        row = conn.execute("SELECT seed, anchor_date FROM demo_seed_state").fetchone()
    if row is None:
        return None, None
    return int(row["seed"]), row["anchor_date"]


async def open_eval_shop(
    settings: Settings,
    *,
    use_configured: bool = False,
    progress: Callable[[str], None] = lambda _m: None,
) -> EvalShop:
    """The golden tickets' shop, ready to answer: seeded, indexed, today pinned."""
    if use_configured:
        db = open_database(settings)
        state = seed_state(db)
        if state != (SEED, ANCHOR):
            raise ConfigurationError(
                f"The configured database holds the demo shop {state}, not seed {SEED} "
                f"anchored on {ANCHOR}, which the golden tickets describe.",
                hint="Drop --use-configured to let the evaluation keep its own shop under "
                f".data/{EVAL_SHOP_DIR}/, or run `supportdesk demo seed --seed {SEED} "
                f"--anchor {ANCHOR} --reset` on a database you can spare.",
            )
        await _index(db, progress)
        return EvalShop(db, pinned_settings(settings), db.display_url)
    data_dir = settings.data_dir / EVAL_SHOP_DIR
    data_dir.mkdir(parents=True, exist_ok=True)
    private = Settings(_env_file=None, data_dir=data_dir, database_url=None, redis_url=None)
    progress(f"opening the evaluation shop under {data_dir} ...")
    # "stop" at exit: a CI run must not leave a server behind; the data stays for next time.
    db = open_database(private, embedded_cleanup=True)
    if seed_state(db) != (SEED, ANCHOR):
        from store.demo.seed import seed_demo

        progress(f"seeding the demo shop (seed {SEED}, anchor {ANCHOR}); once, about a minute")
        seed_demo(db, seed=SEED, anchor=ANCHOR, reset=True, progress=progress)
    await _index(db, progress)
    return EvalShop(db, pinned_settings(settings), str(Path(data_dir)))


async def _index(db: Database, progress: Callable[[str], None]) -> None:
    """Bring the knowledge index up to date (seconds when nothing changed)."""
    from nlp.embeddings import LocalEmbeddings
    from store.knowledge.index import abuild_index

    progress("checking the knowledge index (the first build embeds ~3,000 chunks) ...")
    report = await abuild_index(db, LocalEmbeddings(query_cache=False))
    progress(f"knowledge index {report.status}: {report.chunks_total} chunks")
