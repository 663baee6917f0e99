use vigil_storage::StorageError;

/// Errors of the use cases. Messages are for the operator: they name the
/// line or field at fault and never quote confidential content.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error("bundle line {line}: {message}")]
    Bundle { line: usize, message: String },
    #[error("{0}")]
    Input(String),
    #[error("reading or writing a file failed")]
    Io(#[from] std::io::Error),
}

pub type Result<T, E = AppError> = std::result::Result<T, E>;
