use crate::record::RecordKind;

/// A rule of the domain that a record breaks. The message names the field
/// and says what would be right; it never echoes the record's content.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind} {field}: {message}")]
pub struct RuleViolation {
    pub kind: RecordKind,
    pub field: &'static str,
    pub message: String,
}

pub(crate) fn violation(
    kind: RecordKind,
    field: &'static str,
    message: impl Into<String>,
) -> RuleViolation {
    RuleViolation {
        kind,
        field,
        message: message.into(),
    }
}
