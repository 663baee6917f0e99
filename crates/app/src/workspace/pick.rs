//! Finding the record a reference field should point at, by name or title
//! as a documenter would type it, instead of by id: a prison for a
//! detention's facility, a court for a hearing, the person a complaint is
//! for. Only records of the kinds the field accepts are offered, and only
//! those this role may see.

use std::collections::HashSet;

use vigil_domain::Name;
use vigil_domain::records::{Organization, OrganizationKind as O};
use vigil_domain::{AnyId, Record, RecordKind, Visibility};

use super::{Editor, Workspace};
use crate::error::{AppError, Result};

/// What a reference field accepts: records of some kinds and, for
/// organizations, perhaps only some kinds of them (a court, a prison).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    /// How the target is named in an address (`/staff/pick?target=court`).
    pub name: &'static str,
    pub kinds: &'static [RecordKind],
    /// Empty: any organization.
    pub orgs: &'static [O],
}

impl Target {
    pub const PERSON: Target = Target::of("person", &[RecordKind::Person]);
    pub const CASE: Target = Target::of("case", &[RecordKind::Case]);
    pub const SOURCE: Target = Target::of("source", &[RecordKind::Source]);
    pub const FILE: Target = Target::of("file", &[RecordKind::File]);
    pub const MEDIA: Target = Target::of("media", &[RecordKind::MediaItem]);
    pub const CAMPAIGN: Target = Target::of("campaign", &[RecordKind::Campaign]);
    pub const LIST: Target = Target::of("list", &[RecordKind::PrisonerList]);
    pub const ORGANIZATION: Target = Target::of("organization", &[RecordKind::Organization]);
    pub const PARTY: Target = Target::of("party", &[RecordKind::Person, RecordKind::Organization]);
    pub const COURT: Target = Target::orgs("court", &[O::Court]);
    pub const FACILITY: Target = Target::orgs("facility", &[O::Facility]);
    /// Who prosecutes: a prosecutor's office, or a ministry or security
    /// service that investigates.
    pub const PROSECUTOR: Target =
        Target::orgs("prosecutor", &[O::Prosecutor, O::Ministry, O::Government]);
    pub const OUTLET: Target = Target::orgs("outlet", &[O::MediaOutlet]);

    /// Every target a form uses.
    pub const ALL: &'static [Target] = &[
        Target::PERSON,
        Target::CASE,
        Target::SOURCE,
        Target::FILE,
        Target::MEDIA,
        Target::CAMPAIGN,
        Target::LIST,
        Target::ORGANIZATION,
        Target::PARTY,
        Target::COURT,
        Target::FACILITY,
        Target::PROSECUTOR,
        Target::OUTLET,
    ];

    const fn of(name: &'static str, kinds: &'static [RecordKind]) -> Target {
        Target {
            name,
            kinds,
            orgs: &[],
        }
    }

    const fn orgs(name: &'static str, orgs: &'static [O]) -> Target {
        Target {
            name,
            kinds: &[RecordKind::Organization],
            orgs,
        }
    }

    /// The target an address names.
    pub fn named(name: &str) -> Option<Target> {
        Target::ALL.iter().copied().find(|t| t.name == name)
    }

    pub fn accepts(&self, r: &Record) -> bool {
        if !self.kinds.contains(&r.kind()) {
            return false;
        }
        match r {
            Record::Organization(o) => self.orgs.is_empty() || self.orgs.contains(&o.kind),
            _ => true,
        }
    }

    /// The kind of organization a form may add for this field without
    /// leaving it (a court, a prison), if it names one.
    pub fn addable(&self) -> Option<O> {
        match self.orgs {
            [first, ..] => Some(*first),
            [] => None,
        }
    }
}

/// A new court, prison or prosecutor's office, added from a form.
#[derive(Debug, Clone)]
pub struct NewPlace {
    pub kind: O,
    pub name: String,
    pub city: Option<String>,
    pub country: Option<String>,
}

impl Workspace {
    /// Records `target` accepts that answer `query`, best first, at most
    /// `limit`. A pasted id finds its record, if it is of the right kind.
    pub async fn pick(&self, target: Target, query: &str, limit: usize) -> Result<Vec<Record>> {
        let query = query.trim();
        if query.is_empty() {
            return Ok(Vec::new());
        }
        if let Ok(id) = query.parse::<AnyId>() {
            let found = self.find(id).await?.filter(|r| target.accepts(r));
            return Ok(found.into_iter().collect());
        }
        let hits = self
            .store()
            .search_kinds(query, self.clearance(), target.kinds, limit * 4)
            .await?;
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for hit in hits {
            if out.len() >= limit {
                break;
            }
            if !seen.insert(hit.id) {
                continue;
            }
            if let Some(r) = self.find(hit.id).await?.filter(|r| target.accepts(r)) {
                out.push(r);
            }
        }
        if out.len() < limit && target.kinds == [RecordKind::Organization] {
            for r in self
                .organizations_starting(query, ORGANIZATIONS_SCANNED)
                .await?
            {
                if out.len() < limit && target.accepts(&r) && seen.insert(r.id()) {
                    out.push(r);
                }
            }
        }
        Ok(out)
    }

    /// Organizations one of whose names has a word starting with each word
    /// of `query` ("Ombud" finds the Ombudsman's Office, "Kurdakh" the
    /// Kurdakhani prison), as one types. Only while there are at most
    /// `most` of them: a picker needs this for courts and prisons, which
    /// stay few; people are found by the search index, which weighs
    /// spellings.
    async fn organizations_starting(&self, query: &str, most: u64) -> Result<Vec<Record>> {
        let words = words(query);
        if words.is_empty() {
            return Ok(Vec::new());
        }
        let levels = self.visible_levels();
        let (all, total) = self
            .store()
            .page_of_kind(RecordKind::Organization, &levels, false, 0, most)
            .await?;
        if total > most {
            return Ok(Vec::new());
        }
        Ok(all
            .into_iter()
            .filter(|r| match r {
                Record::Organization(o) => o.names.iter().any(|n| {
                    let have = self::words(&n.name);
                    words
                        .iter()
                        .all(|w| have.iter().any(|h| h.starts_with(w.as_str())))
                }),
                _ => false,
            })
            .collect())
    }
}

/// Organizations scanned by name prefix at most (see `organizations_starting`).
const ORGANIZATIONS_SCANNED: u64 = 5000;

/// The words of a name, lower-cased, apostrophes dropped.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

impl Editor<'_> {
    /// Add a court, prison or prosecutor's office named in a form, as an
    /// internal record (audited like any other), and give its id.
    pub async fn add_place(&self, place: NewPlace) -> Result<AnyId> {
        let name = place.name.trim();
        if name.is_empty() {
            return Err(AppError::invalid_field("name", "A name is needed."));
        }
        let mut org =
            Organization::new(Visibility::Internal, place.kind, Name::primary(name, None));
        org.city = place
            .city
            .map(|c| c.trim().to_owned())
            .filter(|c| !c.is_empty());
        org.country = place
            .country
            .map(|c| c.trim().to_uppercase())
            .filter(|c| c.len() == 2);
        let record = Record::Organization(org);
        self.create(&record).await?;
        Ok(record.id())
    }
}
