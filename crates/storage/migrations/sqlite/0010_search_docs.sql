-- The search index, compact. Each indexed record has one document in
-- `search_docs`: every form a hit on it shows (a name, a title, the words
-- around a word of a long text), a line each with its visibility, field,
-- word keys and terms, compressed (deflate). `search_terms` keeps only which terms lead to which
-- form of which document, and at what visibility. The rows used to repeat
-- the form, its keys and its record for each of a form's dozen terms, and
-- again in a covering index: the index was six times the records. A
-- record's terms are read back from its document to delete them, so no
-- second index over the terms is needed. Rows written before are dropped:
-- opening a store with records and no index rows rebuilds the index.
DROP TABLE search_terms;
CREATE TABLE search_docs (
    id          INTEGER PRIMARY KEY,
    record_id   TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL,
    forms       BLOB NOT NULL
);
CREATE TABLE search_terms (
    term        TEXT NOT NULL,
    vis         INTEGER NOT NULL,
    doc_id      INTEGER NOT NULL,
    n           INTEGER NOT NULL,
    PRIMARY KEY (term, vis, doc_id, n)
) WITHOUT ROWID;
