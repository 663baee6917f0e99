-- Every record, whatever its kind, as the JSON of its domain type.
CREATE TABLE records (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    visibility  TEXT NOT NULL,
    body        TEXT NOT NULL,
    digest      TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX records_by_kind ON records (kind, id);

-- Who points at whom: derived from the bodies on every write, checked before commit.
CREATE TABLE record_refs (
    from_id  TEXT NOT NULL,
    to_id    TEXT NOT NULL,
    to_kind  TEXT NOT NULL,
    field    TEXT NOT NULL,
    PRIMARY KEY (from_id, to_id, field)
);
CREATE INDEX record_refs_by_target ON record_refs (to_id);

-- File contents, addressed by SHA-256.
CREATE TABLE blobs (
    sha256   TEXT PRIMARY KEY,
    size     BIGINT NOT NULL,
    content  BLOB NOT NULL
);

-- Append-only, hash-chained log of every change.
CREATE TABLE audit_log (
    seq          BIGINT PRIMARY KEY,
    at           TEXT NOT NULL,
    actor        TEXT NOT NULL,
    action       TEXT NOT NULL,
    record_kind  TEXT,
    record_id    TEXT,
    digest       TEXT,
    detail       TEXT,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL
);
CREATE INDEX audit_log_by_record ON audit_log (record_id, seq);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
