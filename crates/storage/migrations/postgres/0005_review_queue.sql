-- Rows of imported lists that name someone like a recorded person but not
-- surely them: they wait here until an editor confirms (the same person) or
-- rejects (a different person). `score` is in thousandths.
CREATE TABLE review_queue (
    id          TEXT PRIMARY KEY,
    created_at  TEXT NOT NULL,
    actor       TEXT NOT NULL,
    row_number  BIGINT NOT NULL,
    input       TEXT NOT NULL,
    reference   TEXT,
    list_number BIGINT,
    candidate   TEXT,
    score       BIGINT NOT NULL,
    version     TEXT,
    status      TEXT NOT NULL,
    decided_by  TEXT,
    decided_at  TEXT
);
CREATE INDEX review_queue_by_status ON review_queue (status, created_at);
