//! Figures about a store, all derived from its records.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use vigil_domain::derived::{self, PersonStatus};
use vigil_domain::records::{DetentionEpisode, ListVersion, Person, PrisonerList};
use vigil_domain::{Id, Record, RecordKind};
use vigil_storage::Store;

use crate::error::Result;

#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    /// Records of each kind.
    pub records: BTreeMap<String, i64>,
    /// Persons by derived status.
    pub persons_by_status: BTreeMap<String, usize>,
    pub list_versions: Vec<ListVersionStats>,
    pub engine: String,
    pub size_bytes: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ListVersionStats {
    pub list: String,
    pub date: String,
    /// Entries known to the store.
    pub entries: usize,
    /// The count the publisher stated.
    pub published_count: Option<u32>,
}

fn typed<T: TryFrom<Record>>(records: Vec<Record>) -> Vec<T> {
    records
        .into_iter()
        .filter_map(|r| T::try_from(r).ok())
        .collect()
}

pub async fn stats(store: &Store) -> Result<Stats> {
    let records = store
        .counts()
        .await?
        .into_iter()
        .map(|(k, n)| (k.plural().to_owned(), n))
        .collect();
    let persons: Vec<Person> = typed(store.list(RecordKind::Person).await?);
    let episodes: Vec<DetentionEpisode> = typed(store.list(RecordKind::DetentionEpisode).await?);
    let mut by_person: HashMap<Id<Person>, Vec<&DetentionEpisode>> = HashMap::new();
    for e in &episodes {
        by_person.entry(e.person).or_default().push(e);
    }
    let mut persons_by_status: BTreeMap<String, usize> = BTreeMap::new();
    for p in &persons {
        let eps = by_person.get(&p.id).map(Vec::as_slice).unwrap_or(&[]);
        let status: PersonStatus = derived::person_status(p, eps).status;
        *persons_by_status
            .entry(status.label().to_owned())
            .or_default() += 1;
    }
    let lists: HashMap<Id<PrisonerList>, String> =
        typed::<PrisonerList>(store.list(RecordKind::PrisonerList).await?)
            .into_iter()
            .map(|l| (l.id, l.title))
            .collect();
    let mut versions: Vec<ListVersion> = typed(store.list(RecordKind::ListVersion).await?);
    versions.sort_by_key(|v| (v.list, v.date.sort_key()));
    let list_versions = versions
        .iter()
        .map(|v| {
            let c = derived::list_version_count(v);
            ListVersionStats {
                list: lists.get(&v.list).cloned().unwrap_or_default(),
                date: v.date.to_string(),
                entries: c.entries,
                published_count: c.published,
            }
        })
        .collect();
    Ok(Stats {
        records,
        persons_by_status,
        list_versions,
        engine: store.engine().name().to_owned(),
        size_bytes: store.size_bytes().await?,
    })
}
