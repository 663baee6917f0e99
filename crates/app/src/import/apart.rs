//! What tells a row's candidates apart: for each person a row may be, the
//! facts an editor compares before choosing — their other names, patronymic,
//! birth date, arrest dates, places of detention and the numbers lists gave
//! them. Only what the editor's clearance allows is read.

use std::collections::HashMap;

use serde::Serialize;
use vigil_domain::records::{DetentionEpisode, ListVersion, Person, PrisonerList};
use vigil_domain::{AnyId, Id, PartialDate, Record, Visibility};
use vigil_storage::Store;
use vigil_storage::review::ReviewItem;

use crate::Result;

/// One entry of a list that named the person.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OnList {
    pub list: String,
    pub date: PartialDate,
    pub number: Option<u32>,
}

/// A candidate, with the facts that tell it from the others.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Apart {
    pub id: Id<Person>,
    pub name: String,
    /// The person's other recorded names (spellings, scripts, full forms).
    pub other_names: Vec<String>,
    pub patronymic: Option<String>,
    pub born: Option<PartialDate>,
    #[serde(rename = "ref")]
    pub reference: Option<String>,
    /// The start of each detention, earliest first.
    pub arrested: Vec<PartialDate>,
    /// Where the person was held, first to last.
    pub facilities: Vec<String>,
    pub lists: Vec<OnList>,
}

/// The facts of each person in `ids` that `clearance` may see, each read
/// once, by id; a person gone (merged, deleted) or above the clearance is
/// left out.
pub async fn tell_apart(
    store: &Store,
    clearance: Visibility,
    ids: impl IntoIterator<Item = Id<Person>>,
) -> Result<HashMap<Id<Person>, Apart>> {
    let mut out = HashMap::new();
    for id in ids {
        if out.contains_key(&id) {
            continue;
        }
        let Some(person) = store
            .get(id.erase())
            .await?
            .and_then(|r| Person::try_from(r).ok())
            .filter(|p| p.visibility <= clearance)
        else {
            continue;
        };
        out.insert(id, facts(store, clearance, person).await?);
    }
    Ok(out)
}

/// A row of the review queue with the candidates `clearance` may see, best
/// first, each with its facts and score.
pub struct Waiting {
    pub item: ReviewItem,
    pub candidates: Vec<(Apart, f64)>,
}

/// The open rows of the review queue, oldest first, with their candidates.
pub async fn waiting(store: &Store, clearance: Visibility) -> Result<Vec<Waiting>> {
    let items = store.open_reviews().await?;
    let ids: Vec<Id<Person>> = items
        .iter()
        .flat_map(|i| &i.candidates)
        .map(|c| c.id)
        .collect();
    let known = tell_apart(store, clearance, ids).await?;
    Ok(items
        .into_iter()
        .map(|item| Waiting {
            candidates: item
                .candidates
                .iter()
                .filter_map(|c| Some((known.get(&c.id)?.clone(), c.score)))
                .collect(),
            item,
        })
        .collect())
}

async fn facts(store: &Store, clearance: Visibility, person: Person) -> Result<Apart> {
    let names: Vec<&str> = person
        .names
        .iter()
        .filter(|n| n.visibility.within(person.visibility) <= clearance)
        .map(|n| n.name.as_str())
        .collect();
    let name = person.display_name().to_owned();
    let mut apart = Apart {
        id: person.id,
        other_names: names
            .iter()
            .filter(|n| **n != name)
            .map(|n| (*n).to_owned())
            .collect(),
        patronymic: names.iter().find_map(|n| vigil_names::patronymic(n)),
        born: person
            .birth_date
            .as_ref()
            .and_then(|d| d.visible_at(person.visibility, clearance))
            .copied(),
        reference: person.external_ref.clone(),
        name,
        arrested: Vec::new(),
        facilities: Vec::new(),
        lists: Vec::new(),
    };
    let mut episodes = Vec::new();
    for (rid, _) in store.referrers(person.id.erase()).await? {
        match store.get(rid).await? {
            Some(Record::DetentionEpisode(e)) if e.visibility <= clearance => episodes.push(e),
            Some(Record::ListVersion(v)) if v.visibility <= clearance => {
                if let Some(on) = on_list(store, clearance, &v, person.id).await? {
                    apart.lists.push(on);
                }
            }
            _ => {}
        }
    }
    episodes.sort_by_key(|e| e.start.map(|d| d.sort_key()));
    for e in &episodes {
        apart.arrested.extend(e.start);
        for place in places(e) {
            let label = org_name(store, clearance, place).await?;
            if let Some(label) = label.filter(|l| !apart.facilities.contains(l)) {
                apart.facilities.push(label);
            }
        }
    }
    apart.lists.sort_by_key(|l| l.date.sort_key());
    Ok(apart)
}

/// The places of an episode, first to last.
fn places(e: &DetentionEpisode) -> Vec<AnyId> {
    e.facility
        .iter()
        .map(|f| f.erase())
        .chain(e.transfers.iter().map(|t| t.to.erase()))
        .collect()
}

async fn org_name(store: &Store, clearance: Visibility, id: AnyId) -> Result<Option<String>> {
    Ok(store
        .get(id)
        .await?
        .filter(|r| r.visibility() <= clearance)
        .map(|r| r.label()))
}

async fn on_list(
    store: &Store,
    clearance: Visibility,
    v: &ListVersion,
    person: Id<Person>,
) -> Result<Option<OnList>> {
    let Some(entry) = v.entries.iter().find(|e| e.person == person) else {
        return Ok(None);
    };
    let Some(list) = store
        .get(v.list.erase())
        .await?
        .and_then(|r| PrisonerList::try_from(r).ok())
        .filter(|l| l.visibility <= clearance)
        .map(|l| l.title)
    else {
        return Ok(None);
    };
    Ok(Some(OnList {
        list,
        date: v.date,
        number: entry.number,
    }))
}

/// A fact that tells candidates apart, in the order they are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fact {
    Patronymic,
    Born,
    Arrested,
    HeldAt,
    Lists,
    Reference,
    OtherNames,
}

impl Fact {
    /// A stable key (`apart-<key>` names its label in the web's locales).
    pub fn key(self) -> &'static str {
        match self {
            Fact::Patronymic => "patronymic",
            Fact::Born => "born",
            Fact::Arrested => "arrested",
            Fact::HeldAt => "facility",
            Fact::Lists => "lists",
            Fact::Reference => "ref",
            Fact::OtherNames => "names",
        }
    }

    /// Its label in English (the command line's).
    pub fn label(self) -> &'static str {
        match self {
            Fact::Patronymic => "patronymic",
            Fact::Born => "born",
            Fact::Arrested => "arrested",
            Fact::HeldAt => "held at",
            Fact::Lists => "on lists",
            Fact::Reference => "ref",
            Fact::OtherNames => "also written",
        }
    }
}

impl Apart {
    /// The facts to show, each as text; `None` for a birth or arrest date
    /// that is not recorded (shown as such: the absence tells too). Other
    /// facts appear only when known.
    pub fn facts(&self) -> Vec<(Fact, Option<String>)> {
        let joined =
            |parts: Vec<String>, sep: &str| Some(parts.join(sep)).filter(|s| !s.is_empty());
        let lists = self
            .lists
            .iter()
            .map(|l| match l.number {
                Some(n) => format!("{} ({}) #{n}", l.list, l.date),
                None => format!("{} ({})", l.list, l.date),
            })
            .collect();
        let arrested = self.arrested.iter().map(ToString::to_string).collect();
        let mut out = vec![
            (Fact::Patronymic, self.patronymic.clone()),
            (Fact::Born, self.born.map(|d| d.to_string())),
            (Fact::Arrested, joined(arrested, ", ")),
            (Fact::HeldAt, joined(self.facilities.clone(), "; ")),
            (Fact::Lists, joined(lists, "; ")),
            (Fact::Reference, self.reference.clone()),
            (Fact::OtherNames, joined(self.other_names.clone(), " · ")),
        ];
        out.retain(|(f, v)| v.is_some() || matches!(f, Fact::Born | Fact::Arrested));
        out
    }
}
