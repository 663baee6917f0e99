//! What the public home page gathers for a reader: the featured list's
//! headline, the coming hearings, who is newly on the list, who was lately
//! released or sentenced, and what the record says happened last. All of it
//! is picked from the projection, so it holds nothing the other pages do not.

use jiff::civil::Date;
use serde::Serialize;
use vigil_domain::PartialDate;

use crate::site::{
    Event, PublicHearing, PublicList, PublicListEntry, PublicListVersion, PublicPerson, PublicSite,
    diff,
};

/// Items per section of the home page.
pub const HOME_ITEMS: usize = 6;

/// The headline: the featured list's newest version, and how much of it is
/// recorded here.
#[derive(Debug, Clone, Serialize)]
pub struct Featured<'a> {
    pub list: &'a PublicList,
    pub version: &'a PublicListVersion,
}

impl Featured<'_> {
    /// The count the list states (else its entries).
    pub fn count(&self) -> usize {
        self.version.headline()
    }
    /// Entries of the version whose pages are public here.
    pub fn shown(&self) -> usize {
        self.version.entries.len()
    }
}

/// A person released or sentenced, and when.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome<'a> {
    pub person: &'a PublicPerson,
    pub date: PartialDate,
    pub what: OutcomeKind<'a>,
}

#[derive(Debug, Clone, Serialize)]
pub enum OutcomeKind<'a> {
    Released,
    Sentenced(&'a vigil_domain::records::Sentence),
}

/// The home page's sections, newest first where dated.
#[derive(Debug, Clone, Serialize)]
pub struct Home<'a> {
    pub featured: Option<Featured<'a>>,
    /// Public hearings from today on, soonest first.
    pub coming_hearings: Vec<&'a PublicHearing>,
    /// Entries of the featured list's newest version that its previous
    /// version did not have (empty when either has no entries recorded).
    pub newly_listed: Vec<PublicListEntry>,
    pub outcomes: Vec<Outcome<'a>>,
    /// The latest dated events of anyone's timeline, up to today.
    pub latest: Vec<(&'a PublicPerson, &'a crate::site::PublicEvent)>,
}

impl PublicSite {
    /// The home page's sections as of `today`.
    pub fn home(&self, today: Date) -> Home<'_> {
        let featured = self.featured();
        Home {
            newly_listed: featured.as_ref().map(newly_listed).unwrap_or_default(),
            featured,
            coming_hearings: self
                .hearings
                .iter()
                .filter(|h| h.date >= today)
                .take(HOME_ITEMS)
                .collect(),
            outcomes: self.outcomes(today),
            latest: self.latest(today),
        }
    }

    fn outcomes(&self, today: Date) -> Vec<Outcome<'_>> {
        let mut out: Vec<Outcome> = Vec::new();
        for p in &self.persons {
            if p.status == vigil_domain::derived::PersonStatus::Released
                && let Some(date) = p.status_as_of
            {
                out.push(Outcome {
                    person: p,
                    date,
                    what: OutcomeKind::Released,
                });
            }
            for c in &p.cases {
                if let (Some(date), Some(s)) = (c.verdict_date, &c.sentence) {
                    out.push(Outcome {
                        person: p,
                        date,
                        what: OutcomeKind::Sentenced(s),
                    });
                }
            }
        }
        out.retain(|o| o.date.earliest() <= today);
        out.sort_by_key(|o| std::cmp::Reverse(o.date.sort_key()));
        out.truncate(HOME_ITEMS);
        out
    }

    fn latest(&self, today: Date) -> Vec<(&PublicPerson, &crate::site::PublicEvent)> {
        let mut events: Vec<_> = self
            .persons
            .iter()
            .flat_map(|p| p.timeline.iter().map(move |e| (p, e)))
            .filter(|(_, e)| e.date.is_some_and(|d| d.earliest() <= today))
            // A list entry is said under "newly on the list", a release or a
            // sentence under "lately released or sentenced".
            .filter(|(_, e)| {
                !matches!(
                    e.what,
                    Event::ListEntry { .. } | Event::Release { .. } | Event::Sentenced { .. }
                )
            })
            .collect();
        events.sort_by_key(|(_, e)| std::cmp::Reverse(e.date.map(|d| d.sort_key())));
        events.truncate(HOME_ITEMS);
        events
    }
}

fn newly_listed(f: &Featured<'_>) -> Vec<PublicListEntry> {
    let mut versions: Vec<&PublicListVersion> = f.list.versions.iter().collect();
    versions.sort_by_key(|v| v.date.sort_key());
    let [.., before, latest] = versions.as_slice() else {
        return vec![];
    };
    let d = diff(before, latest);
    if !d.entries_known {
        return vec![];
    }
    d.added.into_iter().take(HOME_ITEMS).collect()
}
