//! Who may do what. The table is documented in `docs/PERMISSIONS.md`; the
//! tests below hold it to that text.

use serde_json::Value;

use crate::records::Role;
use crate::visibility::Visibility;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    /// See internal records and fields.
    ViewInternal,
    /// See confidential records and fields.
    ViewConfidential,
    /// Create and change records (not their publication).
    Edit,
    /// Make a record public, or withdraw it from publication.
    Publish,
    /// Merge two records into one.
    Merge,
    /// Export the whole store.
    Export,
    /// Add users, change roles, reset credentials.
    ManageUsers,
}

impl Permission {
    pub const ALL: [Permission; 7] = [
        Permission::ViewInternal,
        Permission::ViewConfidential,
        Permission::Edit,
        Permission::Publish,
        Permission::Merge,
        Permission::Export,
        Permission::ManageUsers,
    ];
}

impl Role {
    pub fn can(self, p: Permission) -> bool {
        use Permission::*;
        match self {
            Role::Admin => true,
            Role::Editor => !matches!(p, ManageUsers),
            Role::Researcher => matches!(p, ViewInternal | ViewConfidential | Edit),
            Role::Viewer => matches!(p, ViewInternal),
        }
    }

    /// The most closed visibility this role may see.
    pub fn max_visibility(self) -> Visibility {
        if self.can(Permission::ViewConfidential) {
            Visibility::Confidential
        } else if self.can(Permission::ViewInternal) {
            Visibility::Internal
        } else {
            Visibility::Public
        }
    }

    pub fn may_see(self, v: Visibility) -> bool {
        v <= self.max_visibility()
    }
}

/// Remove from a record's JSON every part more closed than `allowed`: an
/// object with a `visibility` above it is dropped from arrays and nulled in
/// fields. This covers names, texts, source links and [`crate::Guarded`]
/// fields alike, whatever the record type.
pub fn redact(value: &mut Value, allowed: Visibility) {
    fn too_closed(v: &Value, allowed: Visibility) -> bool {
        v.get("visibility")
            .and_then(Value::as_str)
            .and_then(Visibility::parse)
            .is_some_and(|vis| vis > allowed)
    }
    match value {
        Value::Array(items) => {
            items.retain(|i| !too_closed(i, allowed));
            for i in items {
                redact(i, allowed);
            }
        }
        Value::Object(map) => {
            for (_, v) in map.iter_mut() {
                if too_closed(v, allowed) {
                    *v = Value::Null;
                } else {
                    redact(v, allowed);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::Person;
    use crate::{Guarded, Name, NameKind, Record};

    #[test]
    fn the_documented_table() {
        let table = include_str!("../../../docs/PERMISSIONS.md");
        for role in Role::ALL {
            let row = table
                .lines()
                .find(|l| l.starts_with(&format!("| {} ", role.label())))
                .unwrap_or_else(|| panic!("{} has a row", role.label()));
            let cells: Vec<&str> = row
                .split('|')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .skip(1)
                .collect();
            for (i, p) in Permission::ALL.iter().enumerate() {
                assert_eq!(cells[i] == "yes", role.can(*p), "{} / {p:?}", role.label());
            }
        }
    }

    #[test]
    fn redaction_drops_closed_parts_of_any_record() {
        let mut p = Person::new(Visibility::Internal, Name::primary("Open", None));
        let mut alias = Name::new("SECRET-ALIAS", NameKind::Alias, None);
        alias.visibility = Visibility::Confidential;
        p.names.push(alias);
        p.birth_date = Some(Guarded::confidential("1970".parse().unwrap()));
        p.notes = Some(Guarded::internal("staff note".into()));
        let mut v = serde_json::to_value(Record::Person(p)).unwrap();
        redact(&mut v, Visibility::Internal);
        let s = v.to_string();
        assert!(
            !s.contains("SECRET-ALIAS") && !s.contains("1970") && s.contains("staff note"),
            "{s}"
        );
        redact(&mut v, Visibility::Public);
        assert!(!v.to_string().contains("staff note"));
    }
}
