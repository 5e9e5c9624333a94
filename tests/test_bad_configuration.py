"""Bad configuration fails fast, with a message that says what to fix and no traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from store.database import Database, redact_url, verify_database
from supportdesk.errors import DatabaseUnavailableError, PgvectorMissingError
from supportdesk.ports import free_port
from supportdesk.settings import Settings

PG15_BIN = Path("/usr/lib/postgresql/15/bin")


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "supportdesk", *args],
        capture_output=True,
        text=True,
        env={"PATH": os.environ["PATH"], **env},
        timeout=60,
    )


def test_that_an_unreachable_database_url_fails_fast_with_a_fix_and_no_password(tmp_path):
    url = f"postgresql://shop:s3cret-pw@127.0.0.1:{free_port()}/supportdesk"
    started = time.monotonic()
    result = run_cli(
        "db",
        "migrate",
        env={"SUPPORTDESK_DATABASE_URL": url, "SUPPORTDESK_DATA_DIR": str(tmp_path)},
    )
    elapsed = time.monotonic() - started
    assert result.returncode == 2
    assert "Cannot connect to the database" in result.stderr
    assert "SUPPORTDESK_DATABASE_URL" in result.stderr  # says what to change
    assert "s3cret-pw" not in result.stderr + result.stdout
    assert "Traceback" not in result.stderr
    assert elapsed < 20


def test_that_a_malformed_database_url_is_reported_not_crashed(tmp_path):
    result = run_cli(
        "db",
        "migrate",
        env={
            "SUPPORTDESK_DATABASE_URL": "postgresql://[::1",
            "SUPPORTDESK_DATA_DIR": str(tmp_path),
        },
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "SUPPORTDESK_DATABASE_URL" in result.stderr


def test_that_urls_are_redacted_before_they_reach_a_message():
    assert redact_url("postgresql://u:topsecret@db:5432/x") == "postgresql://u:***@db:5432/x"
    assert redact_url("postgresql://db/x") == "postgresql://db/x"


@pytest.fixture
def postgres_without_pgvector() -> Iterator[str]:
    """A real Debian PostgreSQL 15 with no pgvector installed, on a private Unix socket."""
    if not (PG15_BIN / "initdb").exists():
        pytest.fail("PostgreSQL 15 server binaries are missing: run scripts/setup.sh --dev")
    # Not under pytest's tmp_path: that sits in a root-only folder the postgres user can't enter.
    root = Path(tempfile.mkdtemp(prefix="supportdesk-pg15-"))
    data = root / "data"
    data.mkdir()
    as_user: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        shutil.chown(root, "postgres")
        shutil.chown(data, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    subprocess.run(
        [*as_user, str(PG15_BIN / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust"],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [
            *as_user,
            str(PG15_BIN / "pg_ctl"),
            "-D",
            str(data),
            "-w",
            "-l",
            str(data / "log"),
            "-o",
            f"-k {data} -h '' -p {free_port()}",
            "start",
        ],
        check=True,
        capture_output=True,
    )
    port = next(line for line in (data / "postmaster.pid").read_text().splitlines()[3:4])
    try:
        yield f"postgresql://postgres@/postgres?host={data}&port={port}"
    finally:
        subprocess.run(
            [*as_user, str(PG15_BIN / "pg_ctl"), "-D", str(data), "-w", "-m", "fast", "stop"],
            capture_output=True,
        )
        shutil.rmtree(root, ignore_errors=True)


def test_that_a_postgres_without_pgvector_is_refused_with_install_advice(postgres_without_pgvector):
    with pytest.raises(PgvectorMissingError) as caught:
        verify_database(Database(url=postgres_without_pgvector, embedded=False))
    assert "pgvector" in str(caught.value)
    assert "unset SUPPORTDESK_DATABASE_URL" in caught.value.hint


def test_that_the_cli_reports_missing_pgvector_cleanly(postgres_without_pgvector, tmp_path):
    result = run_cli(
        "db",
        "migrate",
        env={
            "SUPPORTDESK_DATABASE_URL": postgres_without_pgvector,
            "SUPPORTDESK_DATA_DIR": str(tmp_path),
        },
    )
    assert result.returncode == 2
    assert "no pgvector extension" in result.stderr
    assert "Traceback" not in result.stderr


def test_that_a_wrong_value_in_settings_is_a_clear_error(tmp_path):
    result = run_cli(
        "db",
        "migrate",
        env={"SUPPORTDESK_PORT": "not-a-port", "SUPPORTDESK_DATA_DIR": str(tmp_path)},
    )
    assert result.returncode == 2
    assert "SUPPORTDESK_PORT" in result.stderr
    assert "Traceback" not in result.stderr


def test_that_blank_optional_urls_mean_the_embedded_defaults():
    settings = Settings(_env_file=None, database_url="  ", redis_url="")
    assert settings.database_url is None and settings.redis_url is None


def test_that_unreachable_database_raises_the_projects_own_error():
    db = Database(url=f"postgresql://x@127.0.0.1:{free_port()}/x", embedded=False)
    with pytest.raises(DatabaseUnavailableError):
        verify_database(db)
