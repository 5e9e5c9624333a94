"""Conversation commands: `ask` runs one turn through the graph; `escalations` does what the
agent desk does (list, show, resume, hand back), for scripts and tests."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, TypeVar

import typer

from supportdesk.errors import ConfigurationError
from supportdesk.settings import get_settings

escalations_app = typer.Typer(
    help="The escalation queue: list, show, and resume paused conversations.",
    no_args_is_help=True,
)
T = TypeVar("T")
ACTIONS = ("approve", "edit", "reassign", "takeover", "reject")


def _say(message: str) -> None:
    typer.echo(message, err=True)


def _with_assistant(work: Callable[[Any], Awaitable[T]]) -> T:
    from store.database import open_database
    from supportdesk.assistant import Assistant

    async def run() -> T:
        settings = get_settings()
        async with Assistant.open(settings, db=open_database(settings), progress=_say) as bot:
            return await work(bot)

    return asyncio.run(run())


def ask_command(
    message: Annotated[str, typer.Argument(help="What the customer writes.")],
    customer: Annotated[
        str | None,
        typer.Option(help="Log in as this demo customer (email); default: a guest."),
    ] = None,
    conversation: Annotated[
        str | None, typer.Option(help="Continue this conversation id (printed after each turn).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the structured result.")] = False,
) -> None:
    """Run one customer turn through the conversation graph and print the reply or hand-off."""
    from supportdesk.turns import Session

    async def turn(bot: Any) -> Any:
        session = Session()
        if customer:
            found = await asyncio.to_thread(Session.for_customer_email, bot.deps.db, customer)
            if found is None:
                raise ConfigurationError(
                    f"No customer has the email {customer!r}.",
                    hint="`supportdesk demo stats` lists demo logins to try.",
                )
            session = found
        stream = None if as_json else _print_token
        return await bot.send(message, session, conversation_id=conversation, on_token=stream)

    result = _with_assistant(turn)
    if as_json:
        typer.echo(json.dumps(result.to_record(), indent=2, default=str))
        return
    typer.echo("")
    for citation in result.citations:
        typer.echo(f"  source: {citation['title']} [{citation['source_id']}]")
    typer.echo(f"route: {result.route} ({result.reason})")
    if result.intent:
        typer.echo(f"intent: {result.intent} (confidence {result.confidence:.2f})")
    if result.escalation_id:
        typer.echo(f"escalation: {result.escalation_id}")
    typer.echo(f"conversation: {result.conversation_id}")


def _print_token(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


@escalations_app.command("list")
def escalations_list(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Pending escalations by priority (specialist, senior, suggestion, manual) and age."""
    from store.database import open_database
    from store.support import SupportRecords

    records = SupportRecords(open_database(get_settings()))
    rows = records.pending_escalations()
    counts = records.queue_counts()
    if as_json:
        payload = {
            "counts": counts,
            "escalations": [r.summary() for r in rows],
        }
        typer.echo(json.dumps(payload, indent=2))
        return
    typer.echo("  ".join(f"{queue}: {n}" for queue, n in counts.items()))
    for r in rows:
        confidence = f"{r.confidence:.2f}" if r.confidence is not None else "-"
        typer.echo(f"{r.id}  {r.queue:<10} {r.intent or '-':<17} {confidence}  {r.reason}")
    if not rows:
        typer.echo("no pending escalations")


@escalations_app.command("show")
def escalations_show(
    escalation_id: Annotated[str, typer.Argument(help="The escalation id.")],
) -> None:
    """The escalation card (hand-off packet with real values) as JSON, as an agent sees it."""

    async def show(bot: Any) -> Any:
        return await bot.escalation_card(escalation_id)

    card = _with_assistant(show)
    if card is None:
        raise ConfigurationError(f"No escalation has the id {escalation_id!r}.")
    typer.echo(json.dumps(card, indent=2, default=str))


@escalations_app.command("resume")
def escalations_resume(
    escalation_id: Annotated[str, typer.Argument(help="The escalation id.")],
    action: Annotated[str, typer.Option(help=f"One of: {', '.join(ACTIONS)}.")],
    text: Annotated[str | None, typer.Option(help="Final text (edit).")] = None,
    intent: Annotated[str | None, typer.Option(help="The correct intent (reassign).")] = None,
    reason: Annotated[str | None, typer.Option(help="Why the draft is rejected (reject).")] = None,
    agent: Annotated[str | None, typer.Option(help="Acting agent's email.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Resume a paused conversation with an agent's decision, as the agent desk does."""
    if action not in ACTIONS:
        raise ConfigurationError(f"Unknown action {action!r}.", hint=f"Use one of {ACTIONS}.")

    async def resume(bot: Any) -> Any:
        agent_id = _agent_id(bot.deps.db, agent) if agent else None
        decision = {"action": action, "text": text, "intent": intent, "reason": reason}
        return await bot.resume(escalation_id, decision, agent_id=agent_id)

    result = _with_assistant(resume)
    if as_json:
        typer.echo(json.dumps(result.to_record(), indent=2))
    else:
        typer.echo(f"{result.status}: {result.detail or result.action}")
        if result.sent_text:
            typer.echo(f"sent to the customer: {result.sent_text}")
        if result.new_escalation_id:
            typer.echo(f"re-drafted as escalation {result.new_escalation_id}: {result.new_draft}")
    if result.status not in ("resumed",):
        raise typer.Exit(code=1)


@escalations_app.command("handback")
def escalations_handback(
    conversation_id: Annotated[str, typer.Argument(help="The conversation id.")],
    agent: Annotated[str | None, typer.Option(help="Acting agent's email.")] = None,
) -> None:
    """End a take-over: the assistant answers in this conversation again."""

    async def hand_back(bot: Any) -> bool:
        agent_id = _agent_id(bot.deps.db, agent) if agent else None
        return bool(await bot.hand_back(conversation_id, agent_id=agent_id))

    if _with_assistant(hand_back):
        typer.echo("handed back: the assistant answers in this conversation again")
    else:
        typer.echo("that conversation is not taken over")
        raise typer.Exit(code=1)


def _agent_id(db: Any, email: str) -> str:
    with db.connect() as conn:
        row = conn.execute(
            "SELECT id FROM agents WHERE lower(email) = lower(%s)", (email,)
        ).fetchone()
    if row is None:
        raise ConfigurationError(f"No agent has the email {email!r}.")
    return str(row["id"])
