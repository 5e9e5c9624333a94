"""Serve the Chainlit app: `supportdesk up` calls `serve()`, tests run `python -m ui.serve`.

Chainlit works from an "app root" folder: it writes its translations there and deletes
`<app root>/.files` when it stops. So the app folder is staged into the data dir (a copy of
the config, the custom elements and a one-line entry module) and Chainlit runs from the copy;
the repository stays untouched.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
from collections.abc import Callable
from pathlib import Path

from supportdesk.settings import Settings, get_settings

UI_DIR = Path(__file__).resolve().parent
# Chainlit imports this file by path; the app itself is the `ui.app` module.
ENTRY = "import ui.app  # noqa: F401  (registers the Chainlit callbacks)\n"


def stage_app(target: Path) -> Path:
    """Copy what Chainlit reads into `target`; return the entry file to run."""
    target.mkdir(parents=True, exist_ok=True)
    (target / ".chainlit").mkdir(exist_ok=True)
    shutil.copy2(UI_DIR / ".chainlit" / "config.toml", target / ".chainlit" / "config.toml")
    shutil.copy2(UI_DIR / "chainlit.md", target / "chainlit.md")
    shutil.rmtree(target / "public", ignore_errors=True)
    shutil.copytree(UI_DIR / "public", target / "public")
    entry = target / "app.py"
    entry.write_text(ENTRY)
    return entry


def auth_secret(data_dir: Path) -> str:
    """The key that signs login tokens, made once per data dir and kept private."""
    path = data_dir / "chainlit-auth-secret"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def serve(
    settings: Settings,
    *,
    app_dir: Path | None = None,
    host: str | None = None,
    port: int | None = None,
    progress: Callable[[str], None] = lambda _m: None,
) -> None:
    """Run the app until interrupted (blocks)."""
    app_dir = app_dir or settings.data_dir / "chainlit-app"
    entry = stage_app(app_dir)
    # Chainlit reads its own settings from these variables when it is imported, hence set first.
    os.environ["CHAINLIT_APP_ROOT"] = str(app_dir)
    os.environ["CHAINLIT_HOST"] = host or settings.host
    os.environ["CHAINLIT_PORT"] = str(port or settings.port)
    # Several processes behind one address must share the key: an operator's value wins.
    configured = settings.chainlit_auth_secret
    os.environ["CHAINLIT_AUTH_SECRET"] = (
        configured.get_secret_value() if configured else auth_secret(settings.data_dir)
    )
    progress(
        f"serving http://{os.environ['CHAINLIT_HOST']}:{os.environ['CHAINLIT_PORT']}/ as soon as "
        "the models are loaded, a few seconds (Ctrl+C to stop)"
    )
    from chainlit.cli import run_chainlit

    run_chainlit(str(entry))


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve the supportdesk chat (Chainlit).")
    parser.add_argument("--host", default=None)
    parser.add_argument("--port", type=int, default=None)
    parser.add_argument("--app-dir", type=Path, default=None, help="Where to stage the app.")
    args = parser.parse_args()
    serve(get_settings(), app_dir=args.app_dir, host=args.host, port=args.port, progress=print)


if __name__ == "__main__":
    main()
