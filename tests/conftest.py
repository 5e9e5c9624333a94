"""Shared fixtures: a real embedded Postgres, a real redis-server, and the seeded demo shop.

Nothing here is mocked. Each test session gets its own embedded database under
`.data/test-runs/`, stopped and removed at the end.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from nlp.embeddings import LocalEmbeddings
from store.database import Database, open_database
from supportdesk.ports import free_port
from supportdesk.settings import PROJECT_ROOT, Settings

# The demo shop's "today" in tests, fixed so that ages and eligibility never drift.
TEST_ANCHOR = date(2026, 11, 1)
TEST_SEED = 7


@pytest.fixture(scope="session")
def test_data_dir() -> Iterator[Path]:
    root = PROJECT_ROOT / ".data" / "test-runs"
    path = root / f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}"
    path.mkdir(parents=True)
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def settings(test_data_dir: Path) -> Settings:
    return Settings(_env_file=None, data_dir=test_data_dir, database_url=None, redis_url=None)


@pytest.fixture(scope="session")
def db(settings: Settings) -> Database:
    return open_database(settings, embedded_cleanup=True)


@pytest.fixture(scope="session")
def seeded_db(db: Database) -> Database:
    from store.demo.seed import seed_demo

    seed_demo(db, seed=TEST_SEED, anchor=TEST_ANCHOR)
    return db


@pytest.fixture(scope="session")
def index_embeddings() -> LocalEmbeddings:
    return LocalEmbeddings(query_cache=False)


@pytest.fixture(scope="session")
def indexed_db(seeded_db: Database, index_embeddings: LocalEmbeddings) -> Database:
    """The seeded shop with its full knowledge index (about two minutes to build, once)."""
    from store.knowledge.index import build_index

    report = build_index(seeded_db, index_embeddings)
    assert report.status == "live"
    return seeded_db


def start_redis(port: int, data_dir: Path) -> subprocess.Popen[bytes]:
    """A real redis-server on `port` (no persistence unless asked: `SAVE` writes to data_dir)."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail(
            "redis-server is not installed: run `apt-get install -y redis-server` "
            "(scripts/test.sh does this for you)"
        )
    proc = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(data_dir),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc
        except OSError:
            time.sleep(0.05)
    proc.kill()
    pytest.fail("redis-server did not start within 10 s")


@pytest.fixture(scope="session")
def redis_server() -> Iterator[dict[str, object]]:
    """A real redis-server on a free local port; `.ci/run` installs it when missing."""
    port = free_port()
    data_dir = Path(tempfile.mkdtemp(prefix="supportdesk-redis-"))
    proc = start_redis(port, data_dir)
    info: dict[str, object] = {"url": f"redis://127.0.0.1:{port}/0", "port": port, "process": proc}
    yield info
    proc.terminate()
    proc.wait(timeout=10)
    shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def understanding_models(seeded_db: Database, settings: Settings) -> Any:
    """The understanding models (trained into the test data dir on first use)."""
    from nlp.pii import load_product_names, load_variant_names
    from nlp.understand import load_understanding_models

    return load_understanding_models(
        settings,
        product_names=load_product_names(seeded_db),
        variant_names=load_variant_names(seeded_db),
    )


@pytest.fixture(scope="session")
def graph_settings(settings: Settings) -> Settings:
    """Settings for conversation tests: the shop's today pinned to the demo's anchor date."""
    return settings.model_copy(update={"shop_today": TEST_ANCHOR})


@pytest.fixture(scope="session")
async def graph_deps(
    indexed_db: Database, graph_settings: Settings, understanding_models: Any
) -> AsyncIterator[Any]:
    from graph.deps import open_graph_deps

    deps = await open_graph_deps(graph_settings, indexed_db, models=understanding_models)
    yield deps
    await deps.aclose()


@pytest.fixture(scope="session")
async def assistant(graph_deps: Any) -> AsyncIterator[Any]:
    """The assistant with the Postgres checkpointer, template drafter (no LLM configured)."""
    from supportdesk.assistant import Assistant

    async with Assistant.open(graph_deps.settings, deps=graph_deps) as bot:
        yield bot


# --- HTTP API (ui/api) -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def api_settings(graph_settings: Settings) -> Settings:
    """Conversation settings plus a known login-signing secret and a small body limit."""
    import secrets as _secrets

    from pydantic import SecretStr

    return graph_settings.model_copy(
        update={
            "chainlit_auth_secret": SecretStr(_secrets.token_urlsafe(32)),
            "api_max_body_bytes": 64_000,
        }
    )


class ApiTestServer:
    def __init__(self, base_url: str, settings: Settings, db: Database) -> None:
        self.base_url = base_url
        self.settings = settings
        self.db = db
        self.runtime: Any = None  # ui.runtime.Runtime, opened in the server's own event loop


@pytest.fixture(scope="session")
def api_server(
    indexed_db: Database, api_settings: Settings, understanding_models: Any
) -> Iterator[ApiTestServer]:
    """The HTTP API on a real uvicorn server in its own thread and event loop. Its runtime is
    opened there, as the app's start-up opens it: the real assistant (template drafter), a
    delivery hub and the real ticket service (in-process workers)."""
    import threading
    from contextlib import AsyncExitStack, asynccontextmanager

    import uvicorn
    from fastapi import FastAPI

    from graph.deps import open_graph_deps
    from supportdesk.assistant import Assistant
    from tickets.service import open_ticket_service
    from ui.api.app import mount_api
    from ui.delivery import DeliveryHub
    from ui.runtime import Runtime

    server_info = ApiTestServer("", api_settings, indexed_db)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        deps = await open_graph_deps(api_settings, indexed_db, models=understanding_models)
        try:
            async with AsyncExitStack() as stack:
                bot = await stack.enter_async_context(Assistant.open(api_settings, deps=deps))
                service = await open_ticket_service(api_settings, indexed_db, bot)
                stack.push_async_callback(service.close)
                hub = DeliveryHub(indexed_db)
                server_info.runtime = Runtime(api_settings, indexed_db, bot, hub, stack, service)
                yield
        finally:
            await deps.aclose()

    root = FastAPI(lifespan=lifespan)
    mount_api(root, api_settings, runtime_of=lambda: server_info.runtime)
    port = free_port()
    config = uvicorn.Config(root, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="api-test-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 180
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the API test server did not start")
        time.sleep(0.05)
    server_info.base_url = f"http://127.0.0.1:{port}"
    yield server_info
    server.should_exit = True
    thread.join(timeout=30)


@pytest.fixture(scope="session")
def make_api_key(indexed_db: Database) -> Any:
    """Create a real API key (stored hashed); returns (key, record)."""
    import uuid as _uuid

    from ui.api.keys import ApiKeyStore

    store = ApiKeyStore(indexed_db)

    def make(*scopes: str, rate_limit: int | None = None, name: str | None = None) -> Any:
        created = store.create(
            name or f"test-{_uuid.uuid4().hex[:10]}", list(scopes), rate_limit_per_minute=rate_limit
        )
        assert created.status == "created", created.detail
        return created.key, created.record

    return make


@pytest.fixture(scope="session")
def session_token(api_settings: Settings) -> Any:
    """A chat-app login token as Chainlit signs it (HS256 over the user's dict, with exp)."""
    from datetime import UTC, datetime, timedelta

    import jwt

    assert api_settings.chainlit_auth_secret is not None
    default_secret = api_settings.chainlit_auth_secret.get_secret_value()

    def make(
        identifier: str,
        *,
        metadata: dict[str, Any] | None = None,
        secret: str | None = None,
        expires_in: float = 3600,
    ) -> str:
        now = datetime.now(UTC)
        claims = {
            "identifier": identifier,
            "display_name": identifier,
            "metadata": metadata or {},
            "exp": now + timedelta(seconds=expires_in),
            "iat": now,
        }
        return str(jwt.encode(claims, secret or default_secret, algorithm="HS256"))

    return make
