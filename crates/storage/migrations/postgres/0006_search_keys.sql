-- Each index row keeps its form's word keys (`s|l word|alt word…`), worked
-- out when the row is written, so ranking compares keys instead of reading
-- every form it finds again; and the index by term covers every column a
-- search reads, so a lookup reads a few index pages instead of one table
-- page per row. Rows written before are dropped: opening a store with
-- records and no index rows rebuilds the index.
DELETE FROM search_terms;
ALTER TABLE search_terms ADD COLUMN keys TEXT NOT NULL DEFAULT '';
DROP INDEX search_terms_by_term;
CREATE INDEX search_terms_by_term ON search_terms (term, visibility)
    INCLUDE (record_id, kind, field, form, keys);
