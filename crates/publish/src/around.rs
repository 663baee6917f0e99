//! The public records around a few persons: everything their projection
//! reads, so that [`PublicSite::build`](crate::PublicSite::build) on them
//! gives those persons exactly as a build of the whole store does. A change
//! that concerns a few persons is then shown by projecting them alone.

use std::collections::{BTreeSet, HashSet};

use vigil_domain::records::*;
use vigil_domain::{AnyId, Id, Record, RecordKind, RecordType};
use vigil_storage::{Result, Store};

use crate::PublicRecords;

impl PublicRecords {
    /// What projecting `persons` reads: the public ones among them, the
    /// public records that name them (cases, detention, incidents, lists…),
    /// the hearings of their cases, the persons those name beside them (for
    /// names only), and the organisations, sources and lists all of these
    /// point at. Photos are not read.
    pub async fn around(store: &Store, persons: &[Id<Person>]) -> Result<PublicRecords> {
        let ids: Vec<AnyId> = persons.iter().map(|p| p.erase()).collect();
        let mut out = PublicRecords::default();
        out.add(store.public_among(&ids).await?);
        out.add(store.public_pointing_at(&ids).await?);
        let cases: Vec<AnyId> = out.cases.iter().map(|c| c.id.erase()).collect();
        let hearings = store.public_pointing_at(&cases).await?;
        out.add(
            hearings
                .into_iter()
                .filter(|r| r.kind() == RecordKind::Hearing),
        );
        let named = out.named_beside();
        out.add(store.public_among(&named).await?);
        // Sources and lists, then the organisations that publish them too.
        let first = [
            RecordKind::Organization,
            RecordKind::Source,
            RecordKind::PrisonerList,
        ];
        for kinds in [&first[..], &[RecordKind::Organization]] {
            let pointed = store.pointed_at(&out.ids(), kinds).await?;
            let new: Vec<AnyId> = pointed.difference(&out.ids_set()).copied().collect();
            out.add(store.public_among(&new).await?);
        }
        out.sort_by_id();
        Ok(out)
    }

    /// Put each record with those of its kind; kinds a projection does not read are left out.
    fn add(&mut self, records: impl IntoIterator<Item = Record>) {
        let have = self.ids_set();
        for r in records.into_iter().filter(|r| !have.contains(&r.id())) {
            match r {
                Record::Person(p) => self.persons.push(p),
                Record::Organization(o) => self.organizations.push(o),
                Record::Source(s) => self.sources.push(s),
                Record::Case(c) => self.cases.push(c),
                Record::DetentionEpisode(e) => self.episodes.push(e),
                Record::Hearing(h) => self.hearings.push(h),
                Record::Incident(i) => self.incidents.push(i),
                Record::Recognition(r) => self.recognitions.push(r),
                Record::Relationship(r) => self.relationships.push(r),
                Record::PrisonerList(l) => self.lists.push(l),
                Record::ListVersion(v) => self.versions.push(v),
                Record::WelfareReport(w) => self.welfare.push(w),
                Record::Complaint(c) => self.complaints.push(c),
                _ => {}
            }
        }
    }

    /// Persons named beside those read: the other defendants of their
    /// cases and the other side of their relationships.
    fn named_beside(&self) -> Vec<AnyId> {
        let have: HashSet<Id<Person>> = self.persons.iter().map(|p| p.id).collect();
        let defendants = self.cases.iter().flat_map(|c| c.defendants.iter().copied());
        let related = self.relationships.iter().flat_map(|r| {
            let object = match r.object {
                Party::Person(o) => Some(o),
                Party::Organization(_) => None,
            };
            std::iter::once(r.subject).chain(object)
        });
        let named: BTreeSet<Id<Person>> = defendants.chain(related).collect();
        (named.into_iter())
            .filter(|p| !have.contains(p))
            .map(|p| p.erase())
            .collect()
    }

    /// Every record read, by id.
    fn ids(&self) -> Vec<AnyId> {
        fn of<T: RecordType>(items: &[T]) -> impl Iterator<Item = AnyId> + '_ {
            items.iter().map(RecordType::any_id)
        }
        (of(&self.persons))
            .chain(of(&self.organizations))
            .chain(of(&self.sources))
            .chain(of(&self.cases))
            .chain(of(&self.episodes))
            .chain(of(&self.hearings))
            .chain(of(&self.incidents))
            .chain(of(&self.recognitions))
            .chain(of(&self.relationships))
            .chain(of(&self.lists))
            .chain(of(&self.versions))
            .chain(of(&self.welfare))
            .chain(of(&self.complaints))
            .collect()
    }

    fn ids_set(&self) -> BTreeSet<AnyId> {
        self.ids().into_iter().collect()
    }

    /// In id order, as [`PublicRecords::read`] gives them: a build's order
    /// of events on a day follows it.
    fn sort_by_id(&mut self) {
        fn by_id<T: RecordType>(items: &mut [T]) {
            items.sort_by_key(RecordType::any_id);
        }
        by_id(&mut self.persons);
        by_id(&mut self.organizations);
        by_id(&mut self.sources);
        by_id(&mut self.cases);
        by_id(&mut self.episodes);
        by_id(&mut self.hearings);
        by_id(&mut self.incidents);
        by_id(&mut self.recognitions);
        by_id(&mut self.relationships);
        by_id(&mut self.lists);
        by_id(&mut self.versions);
        by_id(&mut self.welfare);
        by_id(&mut self.complaints);
    }
}
