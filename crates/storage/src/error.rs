use vigil_domain::{AnyId, RecordKind, RuleViolation};

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error(transparent)]
    Rule(#[from] RuleViolation),
    #[error("no {kind} with id {id}")]
    NotFound { kind: &'static str, id: AnyId },
    #[error("a record with id {0} already exists")]
    AlreadyExists(AnyId),
    #[error("field `{field}` of {from} points at {kind} {target}, which does not exist")]
    DanglingReference {
        from: AnyId,
        field: String,
        kind: String,
        target: AnyId,
    },
    #[error("{id} cannot be deleted: {by} ({by_field}) still points at it")]
    StillReferenced {
        id: AnyId,
        by: AnyId,
        by_field: String,
    },
    #[error("{kind} {id} is {size} bytes; the limit is {limit}")]
    TooLarge {
        kind: RecordKind,
        id: AnyId,
        size: usize,
        limit: usize,
    },
    #[error("the store is not usable: {0}")]
    Config(String),
    /// Confidential data cannot be written or read without the key.
    /// The front end says how to give the key (the CLI names its flags).
    #[error("{0}: the store's key was not given")]
    Locked(String),
    #[error(transparent)]
    Seal(#[from] crate::seal::SealError),
    #[error("stored data is damaged: {0}")]
    Corrupt(String),
    #[error("database error")]
    Database(#[source] sqlx::Error),
    #[error("migration failed")]
    Migrate(#[source] sqlx::migrate::MigrateError),
}

impl From<sqlx::Error> for StorageError {
    fn from(e: sqlx::Error) -> Self {
        StorageError::Database(e)
    }
}

pub type Result<T, E = StorageError> = std::result::Result<T, E>;
