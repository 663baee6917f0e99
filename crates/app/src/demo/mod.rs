//! The demo: real, public facts from the documents in `data/demo/`, each
//! record linked to the document that states it, with an excerpt.
//!
//! Only what those sources state is entered; nothing is invented. Ids are
//! derived from stable keys, so loading twice is detected and the demo's
//! records are the same in every store.

mod groups;
mod list2014;
mod russian;
mod seeds;
mod versions;

use std::collections::HashMap;

use sha2::{Digest, Sha256};
use vigil_domain::records::*;
use vigil_domain::{Id, Name, NameKind, PartialDate, Record, RecordKind, RecordType, Visibility};
use vigil_storage::{Actor, Store};

use crate::error::Result;

/// A stable id for a demo record, from its key (a UUID with version 7 bits).
pub(crate) fn demo_id<T>(key: &str) -> Id<T> {
    let digest = Sha256::digest(format!("vigil-demo:{key}").as_bytes());
    let mut b = [0u8; 16];
    b.copy_from_slice(&digest[..16]);
    b[6] = (b[6] & 0x0f) | 0x70;
    b[8] = (b[8] & 0x3f) | 0x80;
    Id::from_uuid(uuid::Uuid::from_bytes(b))
}

pub(crate) fn date(s: &str) -> PartialDate {
    s.parse().expect("demo dates are valid")
}

/// Collects the demo's records and files before they are written.
pub(crate) struct Demo {
    records: Vec<Record>,
    files: Vec<Vec<u8>>,
    /// People by key, to join facts from several documents to one person.
    persons: HashMap<String, Person>,
    person_order: Vec<String>,
    orgs: HashMap<String, Organization>,
    org_order: Vec<String>,
}

impl Demo {
    fn new() -> Self {
        Demo {
            records: vec![],
            files: vec![],
            persons: HashMap::new(),
            person_order: vec![],
            orgs: HashMap::new(),
            org_order: vec![],
        }
    }

    /// Cite a source for a record already pushed.
    pub(crate) fn cite(&mut self, id: vigil_domain::AnyId, link: SourceLink) {
        let r = self
            .records
            .iter_mut()
            .find(|r| r.id() == id)
            .unwrap_or_else(|| panic!("demo record {id} is pushed before it is cited"));
        r.cite(link);
    }

    pub(crate) fn push(&mut self, r: impl RecordType) {
        self.records.push(r.into_record());
    }

    /// A stored document: a File record and its content.
    pub(crate) fn file(
        &mut self,
        key: &str,
        bytes: &[u8],
        media_type: &str,
        name: &str,
    ) -> Id<File> {
        let id = demo_id(key);
        self.push(File {
            id,
            visibility: Visibility::Public,
            sources: vec![],
            sha256: vigil_storage::sha256_hex(bytes),
            media_type: media_type.into(),
            original_name: Some(name.into()),
            size: bytes.len() as u64,
            published_sha256: None,
        });
        self.files.push(bytes.to_vec());
        id
    }

    /// The person with this key, created with `name` as primary name if new.
    pub(crate) fn person(&mut self, key: &str, name: &str, language: &str) -> &mut Person {
        if !self.persons.contains_key(key) {
            let mut p = Person::new(Visibility::Public, Name::primary(name, Some(language)));
            p.id = demo_id(&format!("person:{key}"));
            self.persons.insert(key.to_owned(), p);
            self.person_order.push(key.to_owned());
        }
        self.persons.get_mut(key).expect("inserted above")
    }

    /// The person whose primary name is `name`, if the demo holds one.
    pub(crate) fn person_named(&mut self, name: &str) -> Option<&mut Person> {
        self.persons.values_mut().find(|p| {
            p.names
                .iter()
                .any(|n| n.kind == NameKind::Primary && n.name == name)
        })
    }

    pub(crate) fn person_id(&self, key: &str) -> Id<Person> {
        self.persons
            .get(key)
            .unwrap_or_else(|| panic!("demo person {key} is defined"))
            .id
    }

    /// The organization with this key; further names are added as aliases, and `source`,
    /// which prints them, is cited.
    pub(crate) fn org(
        &mut self,
        key: &str,
        kind: OrganizationKind,
        names: &[&str],
        source: Id<Source>,
    ) -> Id<Organization> {
        let o = self.orgs.entry(key.to_owned()).or_insert_with(|| {
            let mut o = Organization::new(
                Visibility::Public,
                kind,
                Name::primary(names[0], Some("en")),
            );
            o.id = demo_id(&format!("org:{key}"));
            self.org_order.push(key.to_owned());
            o
        });
        for n in names {
            if !o.names.iter().any(|x| x.name == *n) {
                o.names.push(Name::new(*n, NameKind::Alias, Some("en")));
            }
        }
        let excerpt = names.join(" / ");
        if !o
            .sources
            .iter()
            .any(|l| l.source == source && l.excerpt.as_deref() == Some(excerpt.as_str()))
        {
            o.sources.push(SourceLink::new(source, excerpt));
        }
        o.id
    }

    pub(crate) fn org_mut(&mut self, key: &str) -> &mut Organization {
        self.orgs
            .get_mut(key)
            .unwrap_or_else(|| panic!("demo organization {key} is defined"))
    }

    fn into_parts(mut self) -> (Vec<Vec<u8>>, Vec<Record>) {
        let mut all: Vec<Record> = vec![];
        for k in &self.org_order {
            all.push(self.orgs.remove(k).expect("ordered").into());
        }
        for k in &self.person_order {
            all.push(self.persons.remove(k).expect("ordered").into());
        }
        all.append(&mut self.records);
        all.sort_by_key(|r| RecordKind::ALL.iter().position(|k| *k == r.kind()));
        (self.files, all)
    }
}

/// What loading the demo did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DemoOutcome {
    Loaded { records: usize, files: usize },
    AlreadyLoaded,
}

/// Every demo record, in the order they are written.
pub fn records() -> Vec<Record> {
    build().1
}

fn build() -> (Vec<Vec<u8>>, Vec<Record>) {
    let mut demo = Demo::new();
    let list = list2014::load(&mut demo);
    seeds::load(&mut demo, &list);
    russian::load(&mut demo);
    demo.into_parts()
}

/// The id of the 2014 list's source record; its presence marks a loaded demo.
fn marker() -> vigil_domain::AnyId {
    demo_id::<Source>("source:list-2014").erase()
}

/// Load the demo into `store`, in one transaction. Loading it again does nothing.
pub async fn load(store: &Store) -> Result<DemoOutcome> {
    if store.get(marker()).await?.is_some() {
        return Ok(DemoOutcome::AlreadyLoaded);
    }
    let (files, records) = build();
    let actor = Actor::demo();
    let mut tx = store.begin().await?;
    for f in &files {
        tx.put_blob(f).await?;
    }
    for r in &records {
        tx.insert(&actor, r).await?;
    }
    tx.commit().await?;
    Ok(DemoOutcome::Loaded {
        records: records.len(),
        files: files.len(),
    })
}
