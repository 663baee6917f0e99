//! Who may see a record or a field.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Ordered from most open to most closed: `Public < Internal < Confidential`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    /// May be published.
    Public,
    /// Staff only. The default: nothing is published until someone decides so.
    #[default]
    Internal,
    /// Only staff cleared for it; encrypted at rest.
    Confidential,
}

impl Visibility {
    pub const ALL: [Visibility; 3] = [
        Visibility::Public,
        Visibility::Internal,
        Visibility::Confidential,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::Public => "public",
            Visibility::Internal => "internal",
            Visibility::Confidential => "confidential",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// A field is as closed as the more closed of itself and its record.
    pub fn within(self, record: Visibility) -> Visibility {
        self.max(record)
    }

    pub fn is_public(self) -> bool {
        self == Visibility::Public
    }
}

impl fmt::Display for Visibility {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A field value with its own visibility, for the fields that need one
/// (a birth date, the identity of a source, who reported a welfare concern).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Guarded<T> {
    pub value: T,
    #[serde(default)]
    pub visibility: Visibility,
}

impl<T> Guarded<T> {
    pub fn public(value: T) -> Self {
        Self {
            value,
            visibility: Visibility::Public,
        }
    }
    pub fn internal(value: T) -> Self {
        Self {
            value,
            visibility: Visibility::Internal,
        }
    }
    pub fn confidential(value: T) -> Self {
        Self {
            value,
            visibility: Visibility::Confidential,
        }
    }
    /// The value, if it may be shown where only `allowed` is permitted.
    pub fn visible_at(&self, record: Visibility, allowed: Visibility) -> Option<&T> {
        (self.visibility.within(record) <= allowed).then_some(&self.value)
    }
}
