-- The key that seals this store's confidential data, named but never kept:
-- its id, a value sealed with it (so a wrong key is told at once) and the
-- salt a passphrase is stretched with. At most one row.
CREATE TABLE sealing (
    one         INTEGER PRIMARY KEY CHECK (one = 1),
    key_id      TEXT NOT NULL,
    check_value TEXT NOT NULL,
    salt        TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
