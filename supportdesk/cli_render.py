"""Terminal rendering of command results (tables), kept apart from the commands themselves."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

console = Console()


def render_stats(stats: dict[str, Any]) -> None:
    if stats["seed"] is None:
        console.print("[yellow]No demo shop yet: run `supportdesk demo seed`.[/yellow]")
    else:
        console.print(
            f"Demo shop seed {stats['seed']}, anchor {stats['anchor_date']}, "
            f"content hash {str(stats['content_hash'])[:16]}"
        )
    tables = Table("table", "rows", title="Rows per table")
    for name, count in stats["tables"].items():
        tables.add_row(name, f"{count:,}")
    states = Table("order state", "orders", title="Orders per state")
    for name, count in stats["orders_by_state"].items():
        states.add_row(name, f"{count:,}")
    markets = Table("market", "currency", "customers", "orders", "revenue", title="Per market")
    for market, row in stats["by_market"].items():
        markets.add_row(
            market,
            row["currency"] or "",
            f"{row['customers']:,}",
            f"{row['orders']:,}",
            f"{row['revenue']:,.2f}",
        )
    console.print(tables, states, markets)
    console.print(f"High-value orders (total >= 500): {stats['high_value_orders']:,}")
    samples = Table(
        "state",
        "order",
        "customer login",
        "postcode",
        "market",
        title=(f"Try these (customer password: {stats['demo_customer_password']})"),
    )
    for state, rows in stats["samples_by_state"].items():
        for row in rows:
            samples.add_row(state, row["order_id"], row["email"], row["postcode"], row["market"])
    console.print(samples)
    agents = ", ".join(f"{a['email']} ({a['role']})" for a in stats["agents"])
    console.print(f"Agent logins (password {stats['demo_agent_password']}): {agents}")


def render_bench(result: dict[str, Any]) -> None:
    table = Table("benchmark", "runs", "p50 ms", "p95 ms", "target", title="Foundation benchmarks")
    for name, row in result["benchmarks"].items():
        table.add_row(
            name,
            str(row["runs"]),
            f"{row['p50_ms']:.2f}",
            f"{row['p95_ms']:.2f}",
            row.get("target", ""),
        )
    console.print(table)
    for note in result.get("notes", []):
        console.print(f"- {note}")


def render_graph_bench(result: dict[str, Any]) -> None:
    table = Table("measure", "runs", "p50 ms", "p95 ms", "target", title="Conversation turns")
    ttft = result["time_to_first_token"]
    target = "p50 <= 60, p95 <= 120"
    table.add_row(
        f"time to first token ({result['drafter']})",
        str(ttft["runs"]),
        f"{ttft['p50_ms']:.2f}",
        f"{ttft['p95_ms']:.2f}",
        target if result["drafter"] == "template" else "",
    )
    for shape, measured in (result.get("shapes") or {}).items():
        # One row per model behaviour: answering from the plan's facts in one call, or asking
        # for a look-up first (two calls). The overhead excludes the stub's waits, not ours.
        calls = measured.get("model_calls_per_turn")
        row = measured["pipeline_overhead"]
        table.add_row(
            f"pipeline overhead beyond the stub's {result['stub_ttft_ms']:.0f} ms per LLM call, "
            f"shape {shape} ({calls} calls per turn)",
            str(row["runs"]),
            f"{row['p50_ms']:.2f}",
            f"{row['p95_ms']:.2f}",
            target,
        )
    retrieval = result["retrieval"]
    for label, key in (
        ("look-ups, concurrent", "concurrent"),
        ("look-ups, one after another", "one_after_another"),
    ):
        row = retrieval.get(key)
        if row:
            table.add_row(
                label, str(row["runs"]), f"{row['p50_ms']:.2f}", f"{row['p95_ms']:.2f}", ""
            )
    console.print(table)
    console.print(
        f"- on the {retrieval.get('turns_with_several_lookups')} turns with several look-ups, "
        f"running them concurrently saved a median {retrieval.get('median_saved_ms')} ms per "
        f"turn ({(retrieval.get('share_saved') or 0) * 100:.0f}% of look-up time)"
    )
    console.print(f"- routes: {result['routes']}")
