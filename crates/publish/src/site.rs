use std::collections::{HashMap, HashSet};

use jiff::civil::{Date, Time};
use serde::Serialize;
use vigil_domain::derived::{DetentionDays, PersonStatus};
use vigil_domain::records::*;
use vigil_domain::text::pick_language;
use vigil_domain::{Id, PartialDate, Record, RecordKind, Visibility};
use vigil_storage::{Result, Store};

pub(crate) const PUBLIC: Visibility = Visibility::Public;

/// A source as the public may cite it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PublicCitation {
    pub title: String,
    pub author: Option<String>,
    pub publisher: Option<String>,
    pub date: Option<PartialDate>,
    pub url: Option<String>,
    pub excerpt: Option<String>,
    pub machine_translated: bool,
}

/// The public texts of one field, in every language recorded; each page
/// picks its reader's (so one projection serves every language).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Texts(pub Vec<vigil_domain::LocalizedText>);

impl Texts {
    pub(crate) fn public(texts: &[vigil_domain::LocalizedText]) -> Texts {
        Texts(
            texts
                .iter()
                .filter(|t| t.visibility == PUBLIC)
                .cloned()
                .collect(),
        )
    }

    /// The text in `language`, else in English, else the first recorded.
    pub fn pick(&self, language: &str) -> Option<&vigil_domain::LocalizedText> {
        pick_language(&self.0, language)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PublicCharge {
    pub article: String,
    pub label: Option<String>,
    /// The label in other languages, by language tag.
    pub labels: std::collections::BTreeMap<String, String>,
    pub code: String,
}

impl PublicCharge {
    /// The label in `lang` where the record has it, else as recorded.
    pub fn label_in(&self, lang: &str) -> Option<&str> {
        self.labels
            .get(lang)
            .or(self.label.as_ref())
            .map(String::as_str)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PublicCase {
    pub id: Id<Case>,
    pub title: String,
    pub charges: Vec<PublicCharge>,
    pub status: CaseStatus,
    pub sentence: Option<Sentence>,
    pub verdict_date: Option<PartialDate>,
    pub verdict_court: Option<String>,
    pub international: Vec<PublicApplication>,
    pub summary: Texts,
    pub sources: Vec<PublicCitation>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PublicHearing {
    pub id: Id<Hearing>,
    pub case_title: String,
    pub persons: Vec<(Id<Person>, String)>,
    pub court: Option<String>,
    pub date: Date,
    pub time: Option<Time>,
    pub time_zone: String,
    pub judge: Option<String>,
    pub kind: HearingKind,
    pub status: HearingStatus,
    pub outcome: Option<String>,
    pub observers_admitted: Option<bool>,
}

/// One line of a person's timeline. What happened is given as data (kinds
/// and statuses as enums, names and titles as recorded) so each reader's
/// language can phrase it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PublicEvent {
    pub date: Option<PartialDate>,
    pub what: Event,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    Detention {
        kind: DetentionKind,
        facility: Option<String>,
        /// Other start dates the sources give, where they disagree.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        also_given: Vec<PartialDate>,
    },
    Transfer {
        to: String,
    },
    Release {
        reason: Option<ReleaseReason>,
    },
    Hearing {
        kind: HearingKind,
        status: HearingStatus,
        court: Option<String>,
    },
    /// A welfare report's public description.
    Welfare {
        text: String,
    },
    Incident {
        title: String,
    },
    Complaint {
        kind: ComplaintKind,
        subject: String,
    },
    Recognition(PublicRecognition),
    ListEntry {
        list: String,
    },
    /// A term given by a verdict, or changed on appeal.
    Sentenced {
        sentence: Sentence,
        on_appeal: bool,
    },
}

impl Event {
    /// The event with organisations' names and lists' titles in `lang`
    /// where a public form in it is recorded.
    pub fn localized(&self, site: &PublicSite, lang: &str) -> Event {
        let l = |s: &String| site.local(s, lang).to_owned();
        match self {
            Event::Detention {
                kind,
                facility,
                also_given,
            } => Event::Detention {
                kind: *kind,
                facility: facility.as_ref().map(l),
                also_given: also_given.clone(),
            },
            Event::Transfer { to } => Event::Transfer { to: l(to) },
            Event::Hearing {
                kind,
                status,
                court,
            } => Event::Hearing {
                kind: *kind,
                status: *status,
                court: court.as_ref().map(l),
            },
            Event::Recognition(r) => {
                let mut r = r.clone();
                r.by = r.by.as_ref().map(l);
                Event::Recognition(r)
            }
            Event::ListEntry { list } => Event::ListEntry { list: l(list) },
            other => other.clone(),
        }
    }
}

impl PublicEvent {
    /// A stable key for the kind of event (`detention`, `hearing`, `verdict`, …), for styles.
    pub fn kind(&self) -> &'static str {
        match &self.what {
            Event::Detention { .. } => "detention",
            Event::Transfer { .. } => "transfer",
            Event::Release { .. } => "release",
            Event::Hearing {
                kind: HearingKind::Verdict,
                ..
            } => "verdict",
            Event::Hearing { .. } => "hearing",
            Event::Welfare { .. } => "welfare",
            Event::Incident { .. } => "incident",
            Event::Complaint { .. } => "complaint",
            Event::Recognition(_) => "recognition",
            Event::ListEntry { .. } => "list",
            Event::Sentenced { .. } => "sentence",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PublicRecognition {
    pub kind: RecognitionKind,
    /// The award's or the nomination's own title, as recorded.
    pub title: Option<String>,
    pub by: Option<String>,
    /// As precise as the source gives it.
    pub date: Option<PartialDate>,
}

/// An application to an international body, as the public may see it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PublicApplication {
    pub body: InternationalBody,
    pub number: Option<String>,
    pub decided: Option<PartialDate>,
    pub outcome: Option<String>,
}

/// How `person` is related to the one whose page it is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PublicRelation {
    pub kind: RelationKind,
    /// The relation is recorded the other way round: the page's person is its object.
    pub inverse: bool,
    pub person: Id<Person>,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PublicListEntry {
    pub person: Id<Person>,
    pub name: String,
    pub number: Option<u32>,
    pub category: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PublicListVersion {
    pub id: Id<ListVersion>,
    pub date: PartialDate,
    pub publisher: Option<String>,
    pub published_count: Option<u32>,
    pub count_qualifier: Option<CountQualifier>,
    /// Public entries known.
    pub entries: Vec<PublicListEntry>,
    /// Entries recorded, public or not: the difference is said, never shown.
    pub entries_recorded: usize,
}

impl PublicListVersion {
    /// The number to show: the stated count, else the entries known.
    pub fn headline(&self) -> usize {
        self.published_count
            .map(|n| n as usize)
            .unwrap_or(self.entries.len())
    }

    /// Entries recorded that are not public (and so not listed).
    pub fn entries_not_public(&self) -> usize {
        self.entries_recorded.saturating_sub(self.entries.len())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PublicList {
    pub id: Id<PrisonerList>,
    pub title: String,
    pub publisher: Option<String>,
    pub criteria: Texts,
    /// Chosen by an editor for the site's headline.
    pub featured: bool,
    /// Oldest first.
    pub versions: Vec<PublicListVersion>,
}

/// What changed between two versions of a list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ListDiff {
    pub added: Vec<PublicListEntry>,
    pub removed: Vec<PublicListEntry>,
    /// Entries whose category changed.
    pub changed: Vec<(PublicListEntry, Option<String>)>,
    /// False when either version has no entries recorded: only counts can be compared.
    pub entries_known: bool,
}

/// A list a person is on: its title, the version's date, and the entry's number.
pub type ListMembership = (String, PartialDate, Option<u32>);

/// A person as the public may see them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PublicPerson {
    pub id: Id<Person>,
    pub name: String,
    pub other_names: Vec<String>,
    /// Every public form of the name with its script, the primary first, for
    /// pages to head with the form in their own script.
    pub forms: Vec<(String, vigil_domain::text::Script)>,
    pub gender: Option<Gender>,
    pub birth_date: Option<PartialDate>,
    pub country: Option<String>,
    pub occupations: Vec<Occupation>,
    pub biography: Texts,
    pub status: PersonStatus,
    /// The date the status was last confirmed (or began), if known.
    pub status_as_of: Option<PartialDate>,
    /// Held by the records, but last confirmed longer ago than the period
    /// (or before a cited term ran out): "last confirmed on …", not "now".
    pub status_stale: bool,
    /// For detention only: counted to today while confirmed, else to the
    /// last confirmation ("at least N days"); see `derived::detention`.
    pub days_in_detention: Option<DetentionDays>,
    pub facility: Option<String>,
    pub arrest_date: Option<PartialDate>,
    /// Other arrest dates the sources give, where they disagree.
    pub arrest_date_disputed: Vec<PartialDate>,
    pub cases: Vec<PublicCase>,
    pub timeline: Vec<PublicEvent>,
    pub recognitions: Vec<PublicRecognition>,
    pub lists: Vec<ListMembership>,
    pub relations: Vec<PublicRelation>,
    pub sources: Vec<PublicCitation>,
}

impl PublicPerson {
    /// The name to head a page written in `script`: the primary when it is
    /// in that script, else the first public form in it, else the primary.
    pub fn name_in(&self, script: vigil_domain::text::Script) -> &str {
        self.forms
            .iter()
            .find(|(_, s)| *s == script)
            .map(|(n, _)| n.as_str())
            .unwrap_or(&self.name)
    }

    /// The other public forms, when the page heads with `shown`.
    pub fn also_written(&self, shown: &str) -> Vec<&str> {
        self.forms
            .iter()
            .map(|(n, _)| n.as_str())
            .filter(|n| *n != shown)
            .collect()
    }

    pub fn arrest_year(&self) -> Option<i16> {
        self.arrest_date.map(|d| d.start().year_value())
    }
    pub fn articles(&self) -> impl Iterator<Item = &str> {
        self.cases
            .iter()
            .flat_map(|c| c.charges.iter().map(|ch| ch.article.as_str()))
    }
}

/// A public photo as the public may have it: only its copy without
/// metadata (never the original, its name or its hash).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PublicPhoto {
    pub id: Id<File>,
    pub media_type: String,
    /// SHA-256 of the copy without metadata.
    pub sha256: String,
}

/// Everything the public site shows, projected from public records only.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PublicSite {
    pub persons: Vec<PublicPerson>,
    pub photos: Vec<PublicPhoto>,
    pub hearings: Vec<PublicHearing>,
    pub lists: Vec<PublicList>,
    /// Names of public organisations and titles of public lists in other
    /// languages: the recorded form → language tag → that language's form.
    pub local_names: HashMap<String, std::collections::BTreeMap<String, String>>,
    /// Built on the first search, from the persons above only; a copy
    /// keeps its original's, with the persons changed since beside it.
    #[serde(skip)]
    pub(crate) search: crate::search::SearchLayers,
    /// Each person's place in `persons`, built on the first lookup: pages
    /// that name other people (relations, the home page) look them up often.
    #[serde(skip)]
    pub(crate) person_at: std::sync::OnceLock<HashMap<Id<Person>, usize>>,
    /// The list's filter values and the headline counts (`facets.rs`), on first use.
    #[serde(skip)]
    pub(crate) facets: std::sync::OnceLock<crate::Facets>,
    #[serde(skip)]
    pub(crate) held: std::sync::OnceLock<crate::Held>,
    /// Who each filter lets through (`facets.rs`), kept for the filters asked for.
    #[serde(skip)]
    pub(crate) matches: crate::facets::Matches,
}

/// The public records of every kind a projection is built from.
#[derive(Default)]
pub struct PublicRecords {
    pub(crate) persons: Vec<Person>,
    pub(crate) organizations: Vec<Organization>,
    pub(crate) sources: Vec<Source>,
    pub(crate) cases: Vec<Case>,
    pub(crate) episodes: Vec<DetentionEpisode>,
    pub(crate) hearings: Vec<Hearing>,
    pub(crate) incidents: Vec<Incident>,
    pub(crate) recognitions: Vec<Recognition>,
    pub(crate) relationships: Vec<Relationship>,
    pub(crate) lists: Vec<PrisonerList>,
    pub(crate) versions: Vec<ListVersion>,
    pub(crate) welfare: Vec<WelfareReport>,
    pub(crate) complaints: Vec<Complaint>,
    pub(crate) files: Vec<File>,
}

impl PublicRecords {
    /// Read every public record a projection is built from.
    pub async fn read(store: &Store) -> Result<PublicRecords> {
        Ok(PublicRecords {
            persons: all(store, RecordKind::Person).await?,
            organizations: all(store, RecordKind::Organization).await?,
            sources: all(store, RecordKind::Source).await?,
            cases: all(store, RecordKind::Case).await?,
            episodes: all(store, RecordKind::DetentionEpisode).await?,
            hearings: all(store, RecordKind::Hearing).await?,
            incidents: all(store, RecordKind::Incident).await?,
            recognitions: all(store, RecordKind::Recognition).await?,
            relationships: all(store, RecordKind::Relationship).await?,
            lists: all(store, RecordKind::PrisonerList).await?,
            versions: all(store, RecordKind::ListVersion).await?,
            welfare: all(store, RecordKind::WelfareReport).await?,
            complaints: all(store, RecordKind::Complaint).await?,
            files: all(store, RecordKind::File).await?,
        })
    }
}

/// The public records of one kind.
async fn all<T: TryFrom<Record>>(store: &Store, kind: RecordKind) -> Result<Vec<T>> {
    Ok(typed(store.list_with_visibility(kind, PUBLIC).await?))
}

fn typed<T: TryFrom<Record>>(records: Vec<Record>) -> Vec<T> {
    records
        .into_iter()
        .filter_map(|r| T::try_from(r).ok())
        .collect()
}

impl PublicSite {
    /// This projection with the persons `gone` withdrawn: exactly what a
    /// build would give once they are no longer public (and nothing else
    /// changed), without building it. Their pages go, and their names from
    /// every other page: hearings, list entries, relations. A withdrawal
    /// then costs a copy, not a build.
    pub fn without(&self, gone: &HashSet<Id<Person>>) -> PublicSite {
        let stays = |id: &Id<Person>| !gone.contains(id);
        let persons: Vec<PublicPerson> = (self.persons.iter())
            .filter(|p| stays(&p.id))
            .map(|p| {
                let mut p = p.clone();
                p.relations.retain(|r| stays(&r.person));
                p
            })
            .collect();
        let mut hearings = self.hearings.clone();
        for h in &mut hearings {
            h.persons.retain(|(id, _)| stays(id));
        }
        let mut lists = self.lists.clone();
        for v in lists.iter_mut().flat_map(|l| &mut l.versions) {
            v.entries.retain(|e| stays(&e.person));
        }
        let search = self.search.carried(&persons, gone);
        PublicSite {
            persons,
            photos: self.photos.clone(),
            hearings,
            lists,
            local_names: self.local_names.clone(),
            search,
            ..PublicSite::default()
        }
    }

    /// `text` (an organisation's name or a list's title as recorded) in
    /// `lang` where a public form in it is recorded, else as it is.
    pub fn local<'a>(&'a self, text: &'a str, lang: &str) -> &'a str {
        self.local_names
            .get(text)
            .and_then(|forms| forms.get(lang))
            .map_or(text, String::as_str)
    }

    pub fn person(&self, id: Id<Person>) -> Option<&PublicPerson> {
        let at = self.person_at.get_or_init(|| {
            self.persons
                .iter()
                .enumerate()
                .map(|(i, p)| (p.id, i))
                .collect()
        });
        at.get(&id).map(|&i| &self.persons[i])
    }

    pub fn photo(&self, id: Id<File>) -> Option<&PublicPhoto> {
        self.photos.iter().find(|p| p.id == id)
    }

    /// What the public site shows, counted from the projection itself (never
    /// from the records behind it), so every page that gives a count agrees
    /// with what the pages and feeds list: a public hearing of a case that is
    /// not public is neither listed nor counted.
    pub fn counts(&self) -> Vec<(&'static str, usize)> {
        vec![
            ("people", self.persons.len()),
            ("hearings", self.hearings.len()),
            ("lists", self.lists.len()),
            (
                "list-versions",
                self.lists.iter().map(|l| l.versions.len()).sum(),
            ),
            ("photos", self.photos.len()),
        ]
    }

    /// The hearings of the site-wide calendar: from [`CALENDAR_DAYS_PAST`] days before
    /// `today` to [`CALENDAR_DAYS_COMING`] days after it, so calendar apps that fetch it
    /// on every refresh get a feed that does not grow with the years. A person's own
    /// calendar carries all of their hearings.
    pub fn calendar_hearings(&self, today: Date) -> impl Iterator<Item = &PublicHearing> {
        let from = today.saturating_sub(jiff::Span::new().days(CALENDAR_DAYS_PAST));
        let to = today.saturating_add(jiff::Span::new().days(CALENDAR_DAYS_COMING));
        self.hearings
            .iter()
            .filter(move |h| h.date >= from && h.date <= to)
    }

    /// The list an editor features and its newest version, for the headline.
    /// None until an editor features a public list with a version: the
    /// headline never follows whatever was imported last.
    pub fn featured(&self) -> Option<crate::Featured<'_>> {
        let list = self.lists.iter().find(|l| l.featured)?;
        let version = list.versions.iter().max_by_key(|v| v.date.sort_key())?;
        Some(crate::Featured { list, version })
    }
}

/// How far back the site-wide calendar reaches, in days (`PublicSite::calendar_hearings`).
pub const CALENDAR_DAYS_PAST: i64 = 31;
/// How far ahead the site-wide calendar reaches, in days.
pub const CALENDAR_DAYS_COMING: i64 = 366;

/// Filters of the public list. Empty fields do not filter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, serde::Deserialize)]
pub struct PersonFilter {
    /// A status key (`detained`, `convicted`, …), `deprived` (the default: detained, convicted
    /// or under house arrest) or `all`.
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub gender: Option<String>,
    #[serde(default)]
    pub occupation: Option<String>,
    #[serde(default)]
    pub facility: Option<String>,
    #[serde(default)]
    pub charge: Option<String>,
    #[serde(default)]
    pub year: Option<String>,
    /// A list version id: only people on it.
    #[serde(default)]
    pub list: Option<String>,
    /// The page of results to show, from 1 (the web layer pages the list).
    #[serde(default)]
    pub page: Option<String>,
}

fn status_key(s: PersonStatus) -> &'static str {
    match s {
        PersonStatus::Detained => "detained",
        PersonStatus::HouseArrest => "house_arrest",
        PersonStatus::Convicted => "convicted",
        PersonStatus::Released => "released",
        PersonStatus::InExile => "in_exile",
        PersonStatus::Deceased => "deceased",
        PersonStatus::Unknown => "unknown",
    }
}

/// (filter key, English label, status) for every status.
pub fn status_keys() -> Vec<(&'static str, &'static str, PersonStatus)> {
    PersonStatus::ALL
        .iter()
        .map(|s| (status_key(*s), s.label(), *s))
        .collect()
}

impl PersonFilter {
    fn some(v: &Option<String>) -> Option<&str> {
        v.as_deref().map(str::trim).filter(|s| !s.is_empty())
    }

    /// The places in `site.persons` of those the filter lets through, in order (pages
    /// ask `PublicSite::matching`, which keeps them).
    pub fn apply_at(&self, site: &PublicSite) -> Vec<usize> {
        let on_list: Option<HashSet<Id<Person>>> = Self::some(&self.list).map(|id| {
            site.lists
                .iter()
                .flat_map(|l| &l.versions)
                .filter(|v| v.id.to_string() == id)
                .flat_map(|v| v.entries.iter().map(|e| e.person))
                .collect()
        });
        site.persons
            .iter()
            .enumerate()
            .filter(|(_, p)| self.lets_through(p, on_list.as_ref()))
            .map(|(i, _)| i)
            .collect()
    }

    fn lets_through(&self, p: &PublicPerson, on_list: Option<&HashSet<Id<Person>>>) -> bool {
        let status = match Self::some(&self.status).unwrap_or("deprived") {
            "all" => true,
            "deprived" => p.status.is_deprived_of_liberty(),
            key => status_key(p.status) == key,
        };
        status
            && Self::some(&self.gender).is_none_or(|g| p.gender.is_some_and(|x| x.label() == g))
            && Self::some(&self.occupation)
                .is_none_or(|o| p.occupations.iter().any(|x| x.label() == o))
            && Self::some(&self.facility).is_none_or(|f| p.facility.as_deref() == Some(f))
            && Self::some(&self.charge).is_none_or(|c| p.articles().any(|a| a == c))
            && Self::some(&self.year)
                .is_none_or(|y| p.arrest_year().map(|x| x.to_string()).as_deref() == Some(y))
            && on_list.is_none_or(|set| set.contains(&p.id))
    }
}

/// A public person with a name and nothing else known, for tests.
#[cfg(test)]
pub(crate) fn sample_person(name: &str) -> PublicPerson {
    PublicPerson {
        id: Id::new(),
        name: name.to_owned(),
        other_names: vec![],
        forms: vec![],
        gender: None,
        birth_date: None,
        country: None,
        occupations: vec![],
        biography: Texts::default(),
        status: PersonStatus::Unknown,
        status_as_of: None,
        status_stale: false,
        days_in_detention: None,
        facility: None,
        arrest_date: None,
        arrest_date_disputed: vec![],
        cases: vec![],
        timeline: vec![],
        recognitions: vec![],
        lists: vec![],
        relations: vec![],
        sources: vec![],
    }
}

/// Compare two versions of a list.
pub fn diff(old: &PublicListVersion, new: &PublicListVersion) -> ListDiff {
    let c = vigil_domain::derived::entry_changes(
        &old.entries,
        &new.entries,
        |e| e.person,
        |e| e.category.as_deref(),
    );
    ListDiff {
        added: c.added.into_iter().cloned().collect(),
        removed: c.removed.into_iter().cloned().collect(),
        changed: c
            .changed
            .into_iter()
            .map(|(e, before)| (e.clone(), before))
            .collect(),
        entries_known: !old.entries.is_empty() && !new.entries.is_empty(),
    }
}
