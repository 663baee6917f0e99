//! # vigil-publish
//!
//! The one road out (DESIGN.md principle 3). Everything that leaves for the
//! public — pages, feeds, exports — is built from the types in this crate,
//! and these types have no field that could hold internal or confidential
//! data: a projection copies only values whose effective visibility is
//! public, and returns `None` for records that are not public.
//!
//! Nothing here reads a record's staff-only fields; the compiler keeps it so.

use serde::Serialize;
use vigil_domain::derived::{self, PersonStatus};
use vigil_domain::records::{
    DetentionEpisode, Gender, ListVersion, Occupation, Person, PrisonerList,
};
use vigil_domain::{Id, PartialDate, Record, RecordKind, Visibility};
use vigil_storage::{Result, Store};

/// A person as the public may see them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PublicPerson {
    pub id: Id<Person>,
    pub name: String,
    pub other_names: Vec<String>,
    pub gender: Option<Gender>,
    pub birth_date: Option<PartialDate>,
    pub country: Option<String>,
    pub occupations: Vec<Occupation>,
    pub biography: Vec<(String, String)>,
    pub status: PersonStatus,
    pub status_as_of: Option<PartialDate>,
}

impl PublicPerson {
    /// `episodes` may hold any episodes of this person; only public ones count.
    pub fn project(p: &Person, episodes: &[&DetentionEpisode]) -> Option<PublicPerson> {
        if p.visibility != Visibility::Public {
            return None;
        }
        let public_names: Vec<&str> = p
            .names
            .iter()
            .filter(|n| n.visibility.within(p.visibility).is_public())
            .map(|n| n.name.as_str())
            .collect();
        let (name, other_names) = public_names.split_first()?;
        let episodes: Vec<&DetentionEpisode> = episodes
            .iter()
            .copied()
            .filter(|e| e.visibility == Visibility::Public && e.person == p.id)
            .collect();
        let status = derived::person_status(p, &episodes);
        Some(PublicPerson {
            id: p.id,
            name: (*name).to_owned(),
            other_names: other_names.iter().map(|s| (*s).to_owned()).collect(),
            gender: p.gender,
            birth_date: p
                .birth_date
                .as_ref()
                .and_then(|b| b.visible_at(p.visibility, Visibility::Public))
                .copied(),
            country: p.country.clone(),
            occupations: p.occupations.clone(),
            biography: p
                .biography
                .iter()
                .filter(|t| t.visibility.is_public())
                .map(|t| (t.language.clone(), t.text.clone()))
                .collect(),
            status: status.status,
            status_as_of: status.as_of,
        })
    }
}

/// A published list version: its date and counts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PublicListVersion {
    pub list: String,
    pub date: PartialDate,
    pub published_count: Option<u32>,
    /// Public entries known.
    pub entries: usize,
}

/// What the front page says.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PublicSummary {
    /// Public records of each kind.
    pub counts: Vec<(RecordKind, i64)>,
    pub list_versions: Vec<PublicListVersion>,
}

fn typed<T: TryFrom<Record>>(records: Vec<Record>) -> Vec<T> {
    records
        .into_iter()
        .filter_map(|r| T::try_from(r).ok())
        .collect()
}

pub async fn summary(store: &Store) -> Result<PublicSummary> {
    let counts = store.counts_with_visibility(Visibility::Public).await?;
    let lists: Vec<PrisonerList> = typed(
        store
            .list_with_visibility(RecordKind::PrisonerList, Visibility::Public)
            .await?,
    );
    let public_persons: std::collections::HashSet<Id<Person>> = typed::<Person>(
        store
            .list_with_visibility(RecordKind::Person, Visibility::Public)
            .await?,
    )
    .into_iter()
    .map(|p| p.id)
    .collect();
    let mut versions: Vec<ListVersion> = typed(
        store
            .list_with_visibility(RecordKind::ListVersion, Visibility::Public)
            .await?,
    );
    versions.sort_by_key(|v| std::cmp::Reverse(v.date.sort_key()));
    let list_versions = versions
        .iter()
        .filter_map(|v| {
            let list = lists.iter().find(|l| l.id == v.list)?;
            Some(PublicListVersion {
                list: list.title.clone(),
                date: v.date,
                published_count: v.published_count,
                entries: v
                    .entries
                    .iter()
                    .filter(|e| public_persons.contains(&e.person))
                    .count(),
            })
        })
        .collect();
    Ok(PublicSummary {
        counts,
        list_versions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use vigil_domain::{Guarded, Name, NameKind};

    #[test]
    fn projection_drops_what_is_not_public() {
        let mut p = Person::new(Visibility::Public, Name::primary("Public Name", Some("en")));
        let mut secret = Name::new("CANARY-ALIAS", NameKind::Alias, Some("en"));
        secret.visibility = Visibility::Confidential;
        p.names.push(secret);
        p.birth_date = Some(Guarded::confidential("1970".parse().unwrap()));
        p.notes = Some(Guarded::confidential("CANARY-NOTE".into()));
        let public = PublicPerson::project(&p, &[]).unwrap();
        let json = serde_json::to_string(&public).unwrap();
        assert!(!json.contains("CANARY"), "{json}");
        assert_eq!(public.birth_date, None);
        p.visibility = Visibility::Internal;
        assert!(PublicPerson::project(&p, &[]).is_none());
    }
}
