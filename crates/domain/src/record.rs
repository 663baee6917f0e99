//! `Record`: any record of any kind, and what storage needs to know of it.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::RuleViolation;
use crate::id::AnyId;
use crate::records::*;
use crate::visibility::Visibility;

/// A reference from one record to another, checked by storage on every write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reference {
    pub target: AnyId,
    pub kind: RecordKind,
    /// The field that holds it, e.g. `case`, `defendants`.
    pub field: &'static str,
}

/// What every record type provides.
pub trait RecordType: Sized + Clone + Serialize + for<'de> Deserialize<'de> {
    const KIND: RecordKind;
    fn any_id(&self) -> AnyId;
    fn visibility(&self) -> Visibility;
    fn source_links(&self) -> &[SourceLink];
    /// Check the record's own rules (not those that need other records).
    fn validate(&self) -> Result<(), RuleViolation>;
    /// Every other record this one points at.
    fn references(&self) -> Vec<Reference>;
    fn into_record(self) -> Record;
}

macro_rules! record_kinds {
    ($($variant:ident => $ty:ident, $name:literal, $plural:literal;)+) => {
        /// The kinds of record, in the order a bundle lists them (referenced kinds first).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum RecordKind { $($variant),+ }

        impl RecordKind {
            pub const ALL: &'static [RecordKind] = &[$(RecordKind::$variant),+];
            pub fn as_str(self) -> &'static str {
                match self { $(RecordKind::$variant => $name),+ }
            }
            pub fn plural(self) -> &'static str {
                match self { $(RecordKind::$variant => $plural),+ }
            }
            pub fn parse(s: &str) -> Option<RecordKind> {
                match s { $($name => Some(RecordKind::$variant),)+ _ => None }
            }
        }

        /// A record of any kind. Serialized with a `type` tag (`"type": "person"`).
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(tag = "type", rename_all = "snake_case")]
        pub enum Record { $($variant($ty)),+ }

        impl Record {
            pub fn kind(&self) -> RecordKind {
                match self { $(Record::$variant(_) => RecordKind::$variant),+ }
            }
            pub fn id(&self) -> AnyId {
                match self { $(Record::$variant(r) => r.id.erase()),+ }
            }
            pub fn visibility(&self) -> Visibility {
                match self { $(Record::$variant(r) => r.visibility),+ }
            }
            pub fn source_links(&self) -> &[SourceLink] {
                match self { $(Record::$variant(r) => &r.sources),+ }
            }
            /// Give the record another visibility (its parts keep theirs).
            pub fn set_visibility(&mut self, v: Visibility) {
                match self { $(Record::$variant(r) => r.visibility = v),+ }
            }
            /// Cite one more source for the record or one of its fields.
            pub fn cite(&mut self, link: SourceLink) {
                match self { $(Record::$variant(r) => r.sources.push(link)),+ }
            }
            pub fn validate(&self) -> Result<(), RuleViolation> {
                match self { $(Record::$variant(r) => r.validate()),+ }
            }
            pub fn references(&self) -> Vec<Reference> {
                match self { $(Record::$variant(r) => r.references()),+ }
            }
        }

        $(
            impl RecordType for $ty {
                const KIND: RecordKind = RecordKind::$variant;
                fn any_id(&self) -> AnyId { self.id.erase() }
                fn visibility(&self) -> Visibility { self.visibility }
                fn source_links(&self) -> &[SourceLink] { &self.sources }
                fn validate(&self) -> Result<(), RuleViolation> { crate::rules::$variant(self) }
                fn references(&self) -> Vec<Reference> {
                    let mut refs = crate::rules::source_refs(&self.sources);
                    crate::rules::refs::$variant(self, &mut refs);
                    refs
                }
                fn into_record(self) -> Record { Record::$variant(self) }
            }
            impl From<$ty> for Record {
                fn from(r: $ty) -> Record { Record::$variant(r) }
            }
            impl TryFrom<Record> for $ty {
                type Error = RecordKind;
                fn try_from(r: Record) -> Result<$ty, RecordKind> {
                    match r { Record::$variant(x) => Ok(x), other => Err(other.kind()) }
                }
            }
        )+
    };
}

record_kinds! {
    File => File, "file", "files";
    Organization => Organization, "organization", "organizations";
    Source => Source, "source", "sources";
    Person => Person, "person", "persons";
    Relationship => Relationship, "relationship", "relationships";
    Case => Case, "case", "cases";
    Hearing => Hearing, "hearing", "hearings";
    DetentionEpisode => DetentionEpisode, "detention_episode", "detention_episodes";
    WelfareReport => WelfareReport, "welfare_report", "welfare_reports";
    Incident => Incident, "incident", "incidents";
    Complaint => Complaint, "complaint", "complaints";
    MediaItem => MediaItem, "media_item", "media_items";
    Campaign => Campaign, "campaign", "campaigns";
    AdvocacyLetter => AdvocacyLetter, "advocacy_letter", "advocacy_letters";
    Recognition => Recognition, "recognition", "recognitions";
    PrisonerList => PrisonerList, "prisoner_list", "lists";
    ListVersion => ListVersion, "list_version", "list_versions";
    User => User, "user", "users";
}

impl fmt::Display for RecordKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Record {
    /// A short human label: a name, a title, a subject.
    pub fn label(&self) -> String {
        match self {
            Record::File(f) => f
                .original_name
                .clone()
                .unwrap_or_else(|| f.sha256[..12].to_owned()),
            Record::Organization(o) => o.display_name().to_owned(),
            Record::Source(s) => s.title.clone(),
            Record::Person(p) => p.display_name().to_owned(),
            Record::Relationship(r) => format!("{} ({})", r.kind.label(), r.id),
            Record::Case(c) => c.title.clone(),
            Record::Hearing(h) => format!("{} hearing, {}", h.kind.label(), h.date),
            Record::DetentionEpisode(d) => {
                format!(
                    "{}{}",
                    d.kind.label(),
                    d.start.map(|s| format!(" from {s}")).unwrap_or_default()
                )
            }
            Record::WelfareReport(w) => {
                format!(
                    "{}{}",
                    w.kinds
                        .iter()
                        .map(|k| k.label())
                        .collect::<Vec<_>>()
                        .join(", "),
                    w.date.map(|d| format!(", {d}")).unwrap_or_default()
                )
            }
            Record::Incident(i) => i.title.clone(),
            Record::Complaint(c) => c.subject.clone(),
            Record::MediaItem(m) => m.title.clone(),
            Record::Campaign(c) => c.name.clone(),
            Record::AdvocacyLetter(l) => l.subject.clone(),
            Record::Recognition(r) => r.title.clone().unwrap_or_else(|| r.kind.label().to_owned()),
            Record::PrisonerList(l) => l.title.clone(),
            Record::ListVersion(v) => format!("version of {}", v.date),
            Record::User(u) => u.username.clone(),
        }
    }
}
