"""Prometheus metrics of one process: the names every part records into, in one place.

Each app process and each worker keeps its own registry and serves it (the app at `/metrics`);
Prometheus scrapes every process and sums. Labels are low-cardinality on purpose (route,
intent, node, endpoint template): never a conversation id, an email or an order number.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

REGISTRY = CollectorRegistry(auto_describe=True)

# Seconds; customer-facing waits sit between 20 ms and a few seconds.
LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

HTTP_REQUESTS = Counter(
    "supportdesk_http_requests_total",
    "HTTP API requests by endpoint template, method and status code.",
    ["endpoint", "method", "status"],
    registry=REGISTRY,
)
HTTP_LATENCY = Histogram(
    "supportdesk_http_request_seconds",
    "HTTP API request duration by endpoint template.",
    ["endpoint"],
    buckets=LATENCY_BUCKETS,
    registry=REGISTRY,
)
TURNS = Counter(
    "supportdesk_turns_total",
    "Customer turns by channel, route and intent.",
    ["channel", "route", "intent"],
    registry=REGISTRY,
)
TICKETS = Counter(
    "supportdesk_tickets_total",
    "Tickets processed by route and intent (route 'dead_letter' for tickets that gave up).",
    ["route", "intent"],
    registry=REGISTRY,
)
TICKET_ATTEMPTS = Counter(
    "supportdesk_ticket_attempt_failures_total",
    "Ticket processing attempts that failed, by error type.",
    ["error"],
    registry=REGISTRY,
)
TIME_TO_FIRST_TOKEN = Histogram(
    "supportdesk_time_to_first_token_seconds",
    "Server-side time from message received to the first reply token, by channel.",
    ["channel"],
    buckets=LATENCY_BUCKETS,
    registry=REGISTRY,
)
NODE_LATENCY = Histogram(
    "supportdesk_graph_node_seconds",
    "Duration of one conversation-graph node.",
    ["node"],
    buckets=LATENCY_BUCKETS,
    registry=REGISTRY,
)
LLM_CALLS = Counter(
    "supportdesk_llm_calls_total",
    "Calls to the configured LLM by outcome (ok or the error type).",
    ["outcome"],
    registry=REGISTRY,
)
LLM_TOKENS = Counter(
    "supportdesk_llm_tokens_total",
    "Tokens sent to and received from the LLM, as the endpoint reports them.",
    ["direction"],
    registry=REGISTRY,
)
CACHE_LOOKUPS = Counter(
    "supportdesk_cache_lookups_total",
    "Order-cache look-ups by result (hit, miss, error).",
    ["result"],
    registry=REGISTRY,
)
ESCALATION_QUEUE_DEPTH = Gauge(
    "supportdesk_escalation_queue_depth",
    "Escalations waiting for an agent, by queue; read from the database at scrape time.",
    ["queue"],
    registry=REGISTRY,
)
ESCALATION_OLDEST_AGE = Gauge(
    "supportdesk_escalation_oldest_age_seconds",
    "Age of the oldest waiting escalation, by queue; read from the database at scrape time.",
    ["queue"],
    registry=REGISTRY,
)
