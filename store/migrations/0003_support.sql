-- Support work: conversations and tickets, escalations, feedback, agents, and the audit trail.
CREATE TABLE agents (
    id              text PRIMARY KEY,                 -- A001
    email           text NOT NULL,
    display_name    text NOT NULL,
    role            text NOT NULL CHECK (role IN ('agent', 'senior', 'specialist', 'qa')),
    password_hash   text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX agents_email_key ON agents (lower(email));

CREATE TABLE conversations (
    id              uuid PRIMARY KEY,
    customer_id     text REFERENCES customers (id),
    channel         text NOT NULL CHECK (channel IN ('chat', 'email', 'form', 'api', 'phone')),
    status          text NOT NULL CHECK (status IN ('open', 'waiting_agent', 'taken_over', 'resolved', 'closed')),
    subject         text,
    order_id        text REFERENCES orders (id),
    market          text,
    intent          text,
    route           text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX conversations_customer_idx ON conversations (customer_id, created_at DESC);
CREATE INDEX conversations_order_idx ON conversations (order_id, created_at DESC);

CREATE TABLE escalations (
    id              uuid PRIMARY KEY,
    conversation_id uuid NOT NULL REFERENCES conversations (id),
    queue           text NOT NULL CHECK (queue IN ('specialist', 'senior', 'suggestion', 'manual')),
    reason          text NOT NULL,
    intent          text,
    confidence      real,
    status          text NOT NULL CHECK (status IN ('pending', 'claimed', 'resolved', 'rejected')),
    packet          jsonb NOT NULL DEFAULT '{}',
    created_at      timestamptz NOT NULL DEFAULT now(),
    claimed_by      text REFERENCES agents (id),
    claimed_at      timestamptz,
    resolved_at     timestamptz,
    decision        text,
    final_text      text,
    edit_distance   int
);
CREATE INDEX escalations_pending_idx ON escalations (status, queue, created_at);

CREATE TABLE feedback_events (
    id              bigserial PRIMARY KEY,
    conversation_id uuid REFERENCES conversations (id),
    kind            text NOT NULL,                    -- csat, thumbs, agent_edit, reclassified ...
    value           real,
    details         jsonb NOT NULL DEFAULT '{}',
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX feedback_events_kind_idx ON feedback_events (kind, created_at);

CREATE TABLE audit_log (
    id              bigserial PRIMARY KEY,
    occurred_at     timestamptz NOT NULL DEFAULT now(),
    actor_type      text NOT NULL CHECK (actor_type IN ('customer', 'agent', 'system', 'operator')),
    actor_id        text,
    action          text NOT NULL,
    subject_type    text,
    subject_id      text,
    details         jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_subject_idx ON audit_log (subject_type, subject_id, occurred_at);

-- Which demo shop is loaded: seeding is idempotent by (seed, content hash).
CREATE TABLE demo_seed_state (
    singleton       boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    seed            int NOT NULL,
    anchor_date     date NOT NULL,
    content_hash    text NOT NULL,
    seeded_at       timestamptz NOT NULL DEFAULT now()
);
