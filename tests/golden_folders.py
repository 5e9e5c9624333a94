"""Template folders for the golden builder's tests: a paraphrase/ or fresh/ folder of
`<intent>.toml` files written from strings, and the demo shop the builder composes on."""

from __future__ import annotations

from pathlib import Path

from evals.golden_build import ANCHOR, SEED
from store.demo.shop import DemoShop, generate_shop


def template_folder(root: Path, kind: str, **files: str) -> Path:
    """root/<kind>/<intent>.toml for each intent=text given; the folder."""
    folder = root / kind
    folder.mkdir(parents=True)
    for intent, text in files.items():
        (folder / f"{intent}.toml").write_text(text, encoding="utf-8")
    return folder


def golden_demo_shop() -> DemoShop:
    """The rows the golden builder reads (seed 7, anchored on 2026-11-01)."""
    return generate_shop(SEED, ANCHOR)
