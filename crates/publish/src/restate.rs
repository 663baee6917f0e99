//! A projection with a few persons projected again from their own records
//! (a publication, an edit): what a build of the whole store would give,
//! at the cost of reading and projecting those persons.
//!
//! A person's record shows on other pages too: on the pages of those
//! related to them (by name), in the hearings of their cases and on the
//! lists that name them. Those related are projected again with them; the
//! hearings of their cases and the list versions that name them are made
//! again from the records read.

use std::collections::{HashMap, HashSet};

use vigil_domain::derived::Reckoning;
use vigil_domain::records::*;
use vigil_domain::{AnyId, Id, RecordKind};
use vigil_storage::{Result, Store};

use crate::{PublicListEntry, PublicPerson, PublicRecords, PublicSite};

/// The kinds of record that show only on the pages of the persons they name
/// (and, for cases and hearings, in the hearings of those persons' cases):
/// one published for the first time is shown by projecting them again.
pub const ABOUT_PERSONS: [RecordKind; 8] = [
    RecordKind::Case,
    RecordKind::Hearing,
    RecordKind::DetentionEpisode,
    RecordKind::Incident,
    RecordKind::Recognition,
    RecordKind::Relationship,
    RecordKind::WelfareReport,
    RecordKind::Complaint,
];

/// What projecting a few persons again reads: [`Restatement::read`].
pub struct Restatement {
    records: PublicRecords,
    persons: HashSet<Id<Person>>,
}

impl Restatement {
    /// The records around `persons` and around those related to them.
    pub async fn read(store: &Store, persons: &HashSet<Id<Person>>) -> Result<Restatement> {
        let asked: Vec<Id<Person>> = persons.iter().copied().collect();
        let first = PublicRecords::around(store, &asked).await?;
        let related = first.related_to(persons);
        if related.is_subset(persons) {
            return Ok(Restatement {
                records: first,
                persons: persons.clone(),
            });
        }
        let all: HashSet<Id<Person>> = persons.union(&related).copied().collect();
        let asked: Vec<Id<Person>> = all.iter().copied().collect();
        Ok(Restatement {
            records: PublicRecords::around(store, &asked).await?,
            persons: all,
        })
    }
}

/// The persons records `ids` name, and the defendants of the cases they
/// name (a hearing's): whose pages a record of [`ABOUT_PERSONS`] shows on.
pub async fn persons_named(store: &Store, ids: &[AnyId]) -> Result<HashSet<Id<Person>>> {
    let cases: Vec<AnyId> = (store.pointed_at(ids, &[RecordKind::Case]).await?)
        .into_iter()
        .collect();
    let mut named = store.pointed_at(ids, &[RecordKind::Person]).await?;
    named.extend(store.pointed_at(&cases, &[RecordKind::Person]).await?);
    Ok(named.into_iter().map(|id| Id::from_uuid(id.0)).collect())
}

impl PublicRecords {
    /// The persons on the other side of a relationship with one of `persons`.
    fn related_to(&self, persons: &HashSet<Id<Person>>) -> HashSet<Id<Person>> {
        let mut out = HashSet::new();
        for r in &self.relationships {
            let Party::Person(object) = r.object else {
                continue;
            };
            if persons.contains(&r.subject) {
                out.insert(object);
            }
            if persons.contains(&object) {
                out.insert(r.subject);
            }
        }
        out
    }
}

impl PublicSite {
    /// This projection with the persons of `restatement` projected again
    /// from their records as they are now (and gone if no longer public).
    /// Computing only, a thread kept for blocking work runs it.
    pub fn restated(&self, restatement: Restatement, reckoning: Reckoning) -> PublicSite {
        let Restatement { records, persons } = restatement;
        let versions: HashMap<Id<ListVersion>, ListVersion> = (records.versions.iter())
            .map(|v| (v.id, v.clone()))
            .collect();
        let again = PublicSite::build(records, reckoning);
        let mut all: Vec<PublicPerson> = (self.persons.iter())
            .filter(|p| !persons.contains(&p.id))
            .cloned()
            .chain(persons.iter().filter_map(|id| again.person(*id).cloned()))
            .collect();
        // As a build orders them: by name, then (read in id order) by id.
        all.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id)));
        let name = |id: Id<Person>| match persons.contains(&id) {
            true => again.person(id).map(|p| p.name.clone()),
            false => self.person(id).map(|p| p.name.clone()),
        };
        let mut lists = self.lists.clone();
        for v in lists.iter_mut().flat_map(|l| &mut l.versions) {
            let Some(raw) = versions.get(&v.id) else {
                continue;
            };
            v.entries = (raw.entries.iter())
                .filter_map(|e| {
                    Some(PublicListEntry {
                        person: e.person,
                        name: name(e.person)?,
                        number: e.number,
                        category: e.category.clone(),
                    })
                })
                .collect();
        }
        PublicSite {
            search: self.search.carried(&all, &persons),
            persons: all,
            photos: self.photos.clone(),
            hearings: self.hearings_with(&again),
            lists,
            local_names: self.local_names.clone(),
            ..PublicSite::default()
        }
    }

    /// This projection's hearings, those of `again` in place of their own.
    fn hearings_with(&self, again: &PublicSite) -> Vec<crate::PublicHearing> {
        let newer: HashSet<Id<Hearing>> = again.hearings.iter().map(|h| h.id).collect();
        let mut hearings: Vec<crate::PublicHearing> = (self.hearings.iter())
            .filter(|h| !newer.contains(&h.id))
            .chain(&again.hearings)
            .cloned()
            .collect();
        // As a build orders them: by day and time, then (read in id order) by id.
        hearings.sort_by_key(|h| (h.date, h.time, h.id));
        hearings
    }
}
