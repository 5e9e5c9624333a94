-- API keys for server-to-server calls to the HTTP API. Only a SHA-256 hash of each key is kept:
-- the key itself is shown once, when it is created, and cannot be recovered from the database.
-- Keys are 256-bit random strings, so a plain hash is enough (no password-style stretching).
CREATE TABLE api_keys (
    id                    uuid PRIMARY KEY,
    name                  text NOT NULL CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    key_hash              text NOT NULL UNIQUE,           -- sha256 hex of the whole key
    key_prefix            text NOT NULL,                  -- the first characters, to recognise it
    scopes                text[] NOT NULL,
    rate_limit_per_minute int CHECK (rate_limit_per_minute > 0),  -- NULL: the settings' default
    revoked               boolean NOT NULL DEFAULT false,
    created_at            timestamptz NOT NULL DEFAULT now(),
    revoked_at            timestamptz
);
-- A name identifies the caller (tickets are idempotent per name and key), so at most one live
-- key carries it; a revoked key's name can be given to its replacement.
CREATE UNIQUE INDEX api_keys_live_name_key ON api_keys (lower(name)) WHERE NOT revoked;
