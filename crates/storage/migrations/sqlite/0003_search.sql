-- The search index. Derived from the records: `vigil reindex` rebuilds it, and
-- every write replaces its record's rows in the same transaction. `term` is a
-- phonetic word key (w:) or a pair of them (p:); `form` the text a hit shows.
-- Confidential text is never written here.
CREATE TABLE search_terms (
    term        TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    kind        TEXT NOT NULL,
    visibility  TEXT NOT NULL,
    field       TEXT NOT NULL,
    form        TEXT NOT NULL
);
CREATE INDEX search_terms_by_term ON search_terms (term, visibility);
CREATE INDEX search_terms_by_record ON search_terms (record_id);
