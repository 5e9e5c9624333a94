-- Email and form tickets: each one becomes one conversation, processed by a Celery worker or the
-- app process. The row is the source of truth for where a ticket is; the broker only delivers
-- "look at ticket X now", so a lost or repeated message never loses or doubles a ticket.
CREATE TABLE tickets (
    id                    uuid PRIMARY KEY,
    source                text NOT NULL,                  -- API key name or "webhook:zendesk"
    idempotency_key       text NOT NULL,
    payload_hash          text NOT NULL,                  -- a repeat key must carry the same ticket
    channel               text NOT NULL CHECK (channel IN ('email', 'form')),
    subject               text NOT NULL,
    body                  text NOT NULL,
    sender_email          text NOT NULL,
    order_number          text,
    attachments           jsonb NOT NULL DEFAULT '[]',    -- metadata only: name, type, size
    status                text NOT NULL CHECK (status IN ('queued', 'processing', 'answered',
                              'waiting_for_agent', 'resolved', 'dead_letter')),
    attempts              int NOT NULL DEFAULT 0,         -- claims so far, a lost worker's included
    next_attempt_at       timestamptz NOT NULL DEFAULT now(),  -- retry backoff: not before this
    dispatched_at         timestamptz,                    -- last hand-over to a worker; NULL: none
    lease_token           uuid,                           -- who holds the ticket while processing
    lease_until           timestamptz,                    -- expired: the holder is presumed dead
    processing_started_at timestamptz,
    error_type            text,                           -- an exception type name, never a text
    conversation_id       uuid,                           -- no FK: the graph creates the row later
    route                 text,
    intent                text,
    escalation_id         uuid,
    reply                 text,                           -- what the customer was sent, unmasked
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now(),
    finished_at           timestamptz,                    -- answered, handed off or given up
    resolved_at           timestamptz,                    -- an agent's reply went out
    UNIQUE (source, idempotency_key)
);
CREATE INDEX tickets_status_idx ON tickets (status, created_at DESC);
CREATE INDEX tickets_due_idx ON tickets (next_attempt_at) WHERE status = 'queued';
CREATE INDEX tickets_lease_idx ON tickets (lease_until) WHERE status = 'processing';
CREATE INDEX tickets_conversation_idx ON tickets (conversation_id);

-- Replies waiting for the mailer: one per ticket, written in the same transaction as the
-- ticket's answered/resolved state, so a reply is recorded exactly once.
CREATE TABLE ticket_outbox (
    id              bigserial PRIMARY KEY,
    ticket_id       uuid NOT NULL UNIQUE REFERENCES tickets (id) ON DELETE CASCADE,
    sent_by         text NOT NULL CHECK (sent_by IN ('assistant', 'agent')),
    to_address      text NOT NULL,
    subject         text NOT NULL,
    body            text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    sent_at         timestamptz                              -- set by the mailer once delivered
);
CREATE INDEX ticket_outbox_unsent_idx ON ticket_outbox (created_at) WHERE sent_at IS NULL;
