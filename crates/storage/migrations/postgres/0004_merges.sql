-- Merges of two records into one, kept so that a merge can be undone: the
-- records as they were before (both sides and every record that pointed at
-- the absorbed one) and the digest each had right after.
CREATE TABLE merges (
    id        TEXT PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    kept      TEXT NOT NULL,
    absorbed  TEXT NOT NULL,
    before    TEXT NOT NULL,
    after     TEXT NOT NULL,
    undone_at TEXT
);
CREATE INDEX merges_by_kept ON merges (kept);
