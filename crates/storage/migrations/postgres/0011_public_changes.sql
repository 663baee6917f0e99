-- What readers see changed: one row for each public record a transaction
-- created, edited, published, withdrew or deleted (its id), or for a text of
-- the public site ('site-text'), or one row for many records at once ('*'),
-- all under the public version that transaction made (the one before, plus one).
-- `shown` is 1 when the part was public before the change (readers could see
-- it: an edit, a withdrawal, a deletion), 0 for a first publication.
-- A public page is rendered from the highest version here and the day; a change
-- to internal or confidential records writes nothing here.
CREATE TABLE public_changes (
    seq BIGINT NOT NULL,
    part TEXT NOT NULL,
    shown INTEGER NOT NULL,
    PRIMARY KEY (seq, part)
);
