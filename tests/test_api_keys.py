"""API keys: stored only as a hash, shown once by the CLI, revocable, with checked scopes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid

from store.database import Database
from ui.api.keys import ApiKeyStore, hash_key


def test_that_a_key_is_stored_only_as_its_hash_and_stops_working_when_revoked(db: Database):
    store = ApiKeyStore(db)
    name = f"shop-{uuid.uuid4().hex[:8]}"
    created = store.create(name, ["tickets:read", "tickets:write"], rate_limit_per_minute=30)
    assert created.status == "created" and created.key and created.record
    assert created.key.startswith("sdk_") and len(created.key) > 40
    with db.connect() as conn:
        row = conn.execute("SELECT * FROM api_keys WHERE id = %s", (created.record.id,)).fetchone()
    assert row is not None
    assert created.key not in json.dumps(row, default=str), "the key itself is never stored"
    assert row["key_hash"] == hash_key(created.key)
    assert created.key.startswith(row["key_prefix"]) and len(row["key_prefix"]) < 16
    found = store.verify(created.key)
    assert found is not None and found.name == name
    assert found.scopes == ("tickets:write", "tickets:read")
    assert found.rate_limit_per_minute == 30
    assert store.verify(created.key[:-1] + ("A" if created.key[-1] != "A" else "B")) is None
    assert store.revoke(name) is not None
    assert store.verify(created.key) is None
    assert store.revoke(name) is None, "nothing live is left under that name"


def test_that_unknown_scopes_bad_names_and_a_taken_name_are_refused(db: Database):
    store = ApiKeyStore(db)
    assert store.create("fine-name", ["tickets:delete"]).status == "invalid"
    assert store.create("no spaces allowed", ["chat:write"]).status == "invalid"
    assert store.create("no-scopes", []).status == "invalid"
    name = f"taken-{uuid.uuid4().hex[:8]}"
    assert store.create(name, ["chat:write"]).status == "created"
    taken = store.create(name.upper(), ["chat:write"])
    assert taken.status == "name_taken" and "revoke" in taken.detail
    store.revoke(name)
    assert store.create(name, ["chat:write"]).status == "created", "a revoked name is free again"


def _cli(db: Database, test_data_dir, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SUPPORTDESK_")}
    env.update(SUPPORTDESK_DATABASE_URL=db.url, SUPPORTDESK_DATA_DIR=str(test_data_dir))
    return subprocess.run(
        [sys.executable, "-m", "supportdesk", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_that_the_cli_prints_a_new_key_once_lists_it_without_it_and_revokes_it(
    db: Database, test_data_dir
):
    name = f"cli-{uuid.uuid4().hex[:8]}"
    made = _cli(
        db, test_data_dir, "apikey", "create", "--name", name, "--scope", "chat:write",
        "--scope", "escalations:read",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    key = made.stdout.strip()
    assert key.startswith("sdk_") and "shown this once" in made.stderr
    assert ApiKeyStore(db).verify(key) is not None
    listed = _cli(db, test_data_dir, "apikey", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    mine = [k for k in json.loads(listed.stdout) if k["name"] == name]
    assert len(mine) == 1 and mine[0]["scopes"] == ["chat:write", "escalations:read"]
    assert key not in listed.stdout
    bad = _cli(db, test_data_dir, "apikey", "create", "--name", "x", "--scope", "root")
    assert bad.returncode == 2 and "Unknown scope root" in bad.stderr
    revoked = _cli(db, test_data_dir, "apikey", "revoke", name)
    assert revoked.returncode == 0 and name in revoked.stdout
    assert ApiKeyStore(db).verify(key) is None
