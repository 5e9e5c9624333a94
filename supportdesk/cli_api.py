"""HTTP API commands: `apikey create|list|revoke` for the keys shops' servers use, and
`bench api` for the SSE chat's time to first byte under concurrent streams."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from supportdesk.errors import ConfigurationError
from supportdesk.settings import get_settings

apikey_app = typer.Typer(
    help="API keys for the HTTP API (server-to-server): create, list, revoke.",
    no_args_is_help=True,
)


def _say(message: str) -> None:
    typer.echo(message, err=True)


def _keys() -> Any:
    from store.database import open_database
    from ui.api.keys import ApiKeyStore

    return ApiKeyStore(open_database(get_settings()))


@apikey_app.command("create")
def apikey_create(
    name: Annotated[str, typer.Option(help="Who uses the key, e.g. shop-backend.")],
    scope: Annotated[
        list[str],
        typer.Option(
            "--scope",
            help="Repeat for each: tickets:write, tickets:read, chat:write, escalations:read, "
            "escalations:write.",
        ),
    ],
    rate_limit: Annotated[
        int | None,
        typer.Option(min=1, help="Requests per minute (default: the settings' API limit)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Create a key and print it, once: only its hash is stored."""
    created = _keys().create(name, scope, rate_limit_per_minute=rate_limit)
    if created.status != "created":
        raise ConfigurationError(created.detail)
    record = created.record
    if as_json:
        typer.echo(json.dumps({"key": created.key, **record.to_json()}, indent=2))
        return
    typer.echo(created.key)
    _say(
        f"API key {record.name!r} created with {', '.join(record.scopes)}. It is shown this "
        "once: store it now. Send it as `Authorization: Bearer <key>` or `X-API-Key: <key>`."
    )


@apikey_app.command("list")
def apikey_list(
    include_revoked: Annotated[bool, typer.Option("--all", help="Revoked keys too.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Keys by name, scopes and the first characters (the keys themselves are not stored)."""
    records = _keys().list(include_revoked=include_revoked)
    if as_json:
        typer.echo(json.dumps([r.to_json() for r in records], indent=2))
        return
    for r in records:
        limit = f"{r.rate_limit_per_minute}/min" if r.rate_limit_per_minute else "default limit"
        state = "  REVOKED" if r.revoked else ""
        typer.echo(
            f"{r.key_prefix}...  {r.name:<24} {','.join(r.scopes):<40} {limit}  "
            f"{r.created_at:%Y-%m-%d}{state}"
        )
    if not records:
        typer.echo("no API keys (create one with `supportdesk apikey create`)")


@apikey_app.command("revoke")
def apikey_revoke(
    name_or_id: Annotated[str, typer.Argument(help="The key's name or id.")],
) -> None:
    """Revoke a key: requests with it are refused (401) from now on."""
    record = _keys().revoke(name_or_id)
    if record is None:
        raise ConfigurationError(
            f"No live API key is named {name_or_id!r}.",
            hint="`supportdesk apikey list` shows the keys.",
        )
    typer.echo(f"revoked {record.name} ({record.key_prefix}...)")


def bench_api(
    streams: Annotated[int, typer.Option(min=1, help="Concurrent SSE streams.")] = 50,
    seconds: Annotated[float, typer.Option(min=5, help="Seconds of load.")] = 30,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """SSE chat time to first byte p50/p95 under concurrent streams, with the error count."""
    from store.database import open_database
    from ui.api.bench import render_api_bench, run_api_bench

    settings = get_settings()
    result = run_api_bench(
        settings, open_database(settings), streams=streams, seconds=seconds, progress=_say
    )
    if as_json:
        typer.echo(json.dumps(result, indent=2))
    else:
        for line in render_api_bench(result):
            typer.echo(line)
    if result["errors"]:
        raise typer.Exit(code=1)
