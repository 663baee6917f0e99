-- Texts of the public site that administrators write, one per part and
-- language (the About page: who keeps the list, how to reach them safely).
-- Public by nature; each change is in the audit log.
CREATE TABLE site_texts (
    name TEXT NOT NULL,
    language TEXT NOT NULL,
    text TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (name, language)
);
