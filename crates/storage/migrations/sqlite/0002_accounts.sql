-- Credentials are kept apart from the User records: never exported in a bundle, never shown.
CREATE TABLE credentials (
    user_id        TEXT PRIMARY KEY,
    username       TEXT NOT NULL UNIQUE,
    password_hash  TEXT NOT NULL,
    totp_secret    TEXT,
    updated_at     TEXT NOT NULL
);

-- Sessions live in the database so that every `vigil serve` sees the same ones.
-- Only the SHA-256 of the session token is stored.
CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL,
    csrf        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    last_seen   TEXT NOT NULL,
    expires_at  TEXT NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);

-- Failed logins, by username and by client, for throttling.
CREATE TABLE login_failures (
    throttle_key  TEXT NOT NULL,
    at            TEXT NOT NULL
);
CREATE INDEX login_failures_by_key ON login_failures (throttle_key, at);
