//! The one error type of the use cases. Each front end maps it in one place:
//! the web to a status (404, 403, 422, 409, 503, 500), the CLI to a message
//! and an exit code. Messages of every variant but [`AppError::Internal`] are
//! written for the person who asked and never quote confidential content;
//! an internal error's detail is only for the log.

use vigil_storage::StorageError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Nothing by that id or name that this role may see (a malformed id too).
    #[error("{0} not found")]
    NotFound(String),
    /// The role may not do this: the text says what ("publish records").
    #[error("your role may not {0}")]
    Forbidden(String),
    /// The request breaks a rule: what is wrong, and where.
    #[error("{0}")]
    Invalid(Invalid),
    /// It clashes with what is stored (an id taken, a record still referred to).
    #[error("{0}")]
    Conflict(String),
    /// Confidential data cannot be read or written: the store's key was not given.
    #[error("the store's key is needed: {0}")]
    Locked(String),
    /// What was asked for is stored, but damaged or missing (an evidence
    /// file whose bytes no longer match their hash).
    #[error("{0}")]
    Damaged(String),
    /// What was sent is larger than a limit allows; the text names the limit.
    #[error("{0}")]
    TooLarge(String),
    /// Something failed on our side; the source is for the log only.
    #[error("{context}")]
    Internal {
        context: String,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

/// What is wrong with a request: a message, and the fields at fault with what
/// is wrong with each (empty when the fault is the request as a whole).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Invalid {
    pub message: String,
    pub fields: Vec<FieldError>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)?;
        for e in &self.fields {
            if !self.message.contains(&e.message) {
                write!(f, "; {}: {}", e.field, e.message)?;
            }
        }
        Ok(())
    }
}

impl AppError {
    /// The request as a whole is invalid.
    pub fn invalid(message: impl Into<String>) -> AppError {
        AppError::Invalid(Invalid {
            message: message.into(),
            fields: Vec::new(),
        })
    }

    /// One field is invalid.
    pub fn invalid_field(field: impl Into<String>, message: impl Into<String>) -> AppError {
        let message = message.into();
        AppError::Invalid(Invalid {
            message: message.clone(),
            fields: vec![FieldError {
                field: field.into(),
                message,
            }],
        })
    }

    pub fn not_found(what: impl Into<String>) -> AppError {
        AppError::NotFound(what.into())
    }

    pub fn forbidden(what: impl Into<String>) -> AppError {
        AppError::Forbidden(what.into())
    }

    /// A failure on our side, with what was being done.
    pub fn internal(
        context: impl Into<String>,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> AppError {
        AppError::Internal {
            context: context.into(),
            source: source.into(),
        }
    }

    /// The message to show for an invalid request, if this is one.
    pub fn invalid_message(&self) -> Option<&str> {
        match self {
            AppError::Invalid(i) => Some(&i.message),
            _ => None,
        }
    }
}

impl From<StorageError> for AppError {
    fn from(e: StorageError) -> Self {
        match e {
            StorageError::Rule(v) => AppError::Invalid(Invalid {
                message: v.to_string(),
                fields: vec![FieldError {
                    field: v.field.to_owned(),
                    message: v.message.clone(),
                }],
            }),
            StorageError::DanglingReference { ref field, .. } => {
                AppError::invalid_field(field.clone(), e.to_string())
            }
            StorageError::TooLarge { .. } => AppError::invalid(e.to_string()),
            StorageError::NotFound { kind, id } => AppError::NotFound(format!("{kind} {id}")),
            StorageError::AlreadyExists(_) | StorageError::StillReferenced { .. } => {
                AppError::Conflict(e.to_string())
            }
            StorageError::Locked(what) => AppError::Locked(what),
            StorageError::Corrupt(what) => {
                AppError::Damaged(format!("stored data is damaged: {what}"))
            }
            other => AppError::internal("the store failed", other),
        }
    }
}

impl From<std::io::Error> for AppError {
    fn from(e: std::io::Error) -> Self {
        AppError::internal("reading or writing a file failed", e)
    }
}

pub type Result<T, E = AppError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn storage_errors_map_to_what_they_mean() {
        let id: vigil_domain::AnyId = "0190f0f0-0000-7000-8000-000000000001".parse().unwrap();
        let rule = vigil_domain::RuleViolation {
            kind: vigil_domain::RecordKind::Person,
            field: "names",
            message: "a person needs a name".into(),
        };
        assert!(matches!(
            AppError::from(StorageError::Rule(rule)),
            AppError::Invalid(Invalid { ref fields, .. }) if fields[0].field == "names"
        ));
        assert!(matches!(
            AppError::from(StorageError::AlreadyExists(id)),
            AppError::Conflict(_)
        ));
        assert!(matches!(
            AppError::from(StorageError::Locked("x".into())),
            AppError::Locked(_)
        ));
        assert!(matches!(
            AppError::from(StorageError::Corrupt(
                "file 00ff does not match its hash".into()
            )),
            AppError::Damaged(_)
        ));
        let internal = AppError::from(StorageError::Config("secret detail".into()));
        assert!(matches!(internal, AppError::Internal { .. }));
        assert!(!internal.to_string().contains("secret detail"));
    }
}
