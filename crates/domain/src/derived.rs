//! Values computed from records, never typed in: a person's status, days
//! in detention, a list version's size, whether a complaint is overdue.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::date::PartialDate;
use crate::records::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PersonStatus {
    Detained,
    HouseArrest,
    Convicted,
    Released,
    InExile,
    Deceased,
    /// No detention recorded (a harassed defender, a relative).
    NotDetained,
}

impl PersonStatus {
    pub const ALL: [PersonStatus; 7] = [
        PersonStatus::Detained,
        PersonStatus::HouseArrest,
        PersonStatus::Convicted,
        PersonStatus::Released,
        PersonStatus::InExile,
        PersonStatus::Deceased,
        PersonStatus::NotDetained,
    ];

    pub fn label(self) -> &'static str {
        match self {
            PersonStatus::Detained => "detained",
            PersonStatus::HouseArrest => "under house arrest",
            PersonStatus::Convicted => "imprisoned after conviction",
            PersonStatus::Released => "released",
            PersonStatus::InExile => "in exile",
            PersonStatus::Deceased => "deceased",
            PersonStatus::NotDetained => "not detained",
        }
    }

    pub fn is_deprived_of_liberty(self) -> bool {
        matches!(
            self,
            PersonStatus::Detained | PersonStatus::HouseArrest | PersonStatus::Convicted
        )
    }
}

/// A status and the date the sources last confirmed it, if known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DerivedStatus {
    pub status: PersonStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<PartialDate>,
}

/// A person's status from their detention episodes.
///
/// Death wins; then an episode still open (the most recent by start);
/// then exile; then released if any episode ended; else not detained.
pub fn person_status(person: &Person, episodes: &[&DetentionEpisode]) -> DerivedStatus {
    if let Some(d) = person.death_date {
        return DerivedStatus {
            status: PersonStatus::Deceased,
            as_of: Some(d),
        };
    }
    if episodes
        .iter()
        .any(|e| e.release_reason == Some(ReleaseReason::Death))
    {
        let end = episodes
            .iter()
            .filter(|e| e.release_reason == Some(ReleaseReason::Death))
            .find_map(|e| e.end);
        return DerivedStatus {
            status: PersonStatus::Deceased,
            as_of: end,
        };
    }
    let open = episodes
        .iter()
        .filter(|e| e.end.is_none())
        .max_by_key(|e| e.start.map(|s| s.sort_key()));
    if let Some(e) = open {
        let status = match e.kind {
            DetentionKind::HouseArrest => PersonStatus::HouseArrest,
            DetentionKind::Imprisonment => PersonStatus::Convicted,
            _ => PersonStatus::Detained,
        };
        return DerivedStatus {
            status,
            as_of: e.confirmed_on.or(e.start),
        };
    }
    if let Some(x) = &person.exile {
        return DerivedStatus {
            status: PersonStatus::InExile,
            as_of: x.since,
        };
    }
    if let Some(last) = episodes
        .iter()
        .filter_map(|e| e.end)
        .max_by_key(|d| d.sort_key())
    {
        return DerivedStatus {
            status: PersonStatus::Released,
            as_of: Some(last),
        };
    }
    DerivedStatus {
        status: PersonStatus::NotDetained,
        as_of: None,
    }
}

/// Days deprived of liberty, counted so as never to overstate: a partial
/// start counts from its last possible day, a partial end to its first
/// possible day, an open episode to `today`. Overlapping episodes (a
/// transfer recorded twice, detention followed by a sentence) count once.
/// Episodes with no known start are left out; `None` when nothing can be counted.
pub fn days_in_detention(episodes: &[&DetentionEpisode], today: Date) -> Option<i64> {
    let mut spans: Vec<(Date, Date)> = episodes
        .iter()
        .filter_map(|e| {
            let start = e.start?.latest();
            let end = e.end.map(|d| d.earliest()).unwrap_or(today).min(today);
            (end >= start).then_some((start, end))
        })
        .collect();
    if spans.is_empty() {
        return None;
    }
    spans.sort();
    let mut total = 0i64;
    let (mut cur_start, mut cur_end) = spans[0];
    for &(s, e) in &spans[1..] {
        if s <= cur_end {
            cur_end = cur_end.max(e);
        } else {
            total += days_between(cur_start, cur_end);
            (cur_start, cur_end) = (s, e);
        }
    }
    total += days_between(cur_start, cur_end);
    Some(total)
}

/// Inclusive count of days from `a` to `b`.
fn days_between(a: Date, b: Date) -> i64 {
    let span = a.until((jiff::Unit::Day, b)).expect("dates within range");
    span.get_days() as i64 + 1
}

/// The number of entries in a list version: what is known, not what was typed.
/// What changed between two versions of a list, by person: entries added,
/// removed, and those whose category changed (with the category before).
/// Works on any entry type (the records' entries, or their public projection).
pub struct EntryChanges<'a, E> {
    pub added: Vec<&'a E>,
    pub removed: Vec<&'a E>,
    pub changed: Vec<(&'a E, Option<String>)>,
}

pub fn entry_changes<'a, E, K: Eq + std::hash::Hash>(
    old: &'a [E],
    new: &'a [E],
    person: impl Fn(&E) -> K,
    category: impl Fn(&E) -> Option<&str>,
) -> EntryChanges<'a, E> {
    use std::collections::HashMap;
    let old_by: HashMap<K, &E> = old.iter().map(|e| (person(e), e)).collect();
    let new_by: HashMap<K, &E> = new.iter().map(|e| (person(e), e)).collect();
    EntryChanges {
        added: new
            .iter()
            .filter(|e| !old_by.contains_key(&person(e)))
            .collect(),
        removed: old
            .iter()
            .filter(|e| !new_by.contains_key(&person(e)))
            .collect(),
        changed: new
            .iter()
            .filter_map(|e| {
                let before = old_by.get(&person(e))?;
                (category(before) != category(e)).then(|| (e, category(before).map(str::to_owned)))
            })
            .collect(),
    }
}

pub fn list_version_count(v: &ListVersion) -> ListCount {
    ListCount {
        entries: v.entries.len(),
        published: v.published_count,
        qualifier: v.count_qualifier,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListCount {
    /// Entries known to Vigil.
    pub entries: usize,
    /// The count the publisher stated.
    pub published: Option<u32>,
    pub qualifier: Option<CountQualifier>,
}

impl ListCount {
    /// The number to show: the stated count, else the entries known.
    pub fn headline(&self) -> usize {
        self.published.map(|p| p as usize).unwrap_or(self.entries)
    }
}

/// How a complaint stands today, beyond the stage a person recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintState {
    pub status: ComplaintStatus,
    /// When an answer is due, from `submitted_on` and the rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_due: Option<Date>,
    /// Past its due date with no answer.
    pub overdue: bool,
    /// Submitted more than the allowed days ago with no proof of delivery.
    pub no_proof_of_delivery: bool,
}

/// `proof_days` is how long an item may go without proof of delivery before it is flagged.
pub fn complaint_state(c: &Complaint, today: Date, proof_days: i64) -> ComplaintState {
    let submitted = c.submitted_on.map(|d| d.latest());
    let response_due = submitted
        .zip(c.response_days)
        .and_then(|(s, days)| s.checked_add(jiff::Span::new().days(days as i64)).ok());
    let open = !matches!(
        c.status,
        ComplaintStatus::Answered | ComplaintStatus::Closed | ComplaintStatus::Draft
    ) && c.response.is_none();
    let overdue = open && response_due.is_some_and(|due| today > due);
    let no_proof_of_delivery = c.status != ComplaintStatus::Draft
        && c.proof_of_delivery.is_none()
        && c.response.is_none()
        && submitted.is_some_and(|s| {
            s.checked_add(jiff::Span::new().days(proof_days))
                .is_ok_and(|limit| today > limit)
        });
    ComplaintState {
        status: c.status,
        response_due,
        overdue,
        no_proof_of_delivery,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::id::Id;
    use crate::text::Name;
    use crate::visibility::Visibility;
    use jiff::civil::date;

    fn episode(kind: DetentionKind, start: &str, end: Option<&str>) -> DetentionEpisode {
        let mut e = DetentionEpisode::new(
            Visibility::Public,
            Id::new(),
            kind,
            Some(start.parse().unwrap()),
        );
        e.end = end.map(|e| e.parse().unwrap());
        e
    }

    #[test]
    fn status_follows_the_open_episode() {
        let p = Person::new(Visibility::Public, Name::primary("A", None));
        let pre = episode(DetentionKind::PreTrial, "2014-07-30", Some("2015-01-01"));
        let prison = episode(DetentionKind::Imprisonment, "2015-01-01", None);
        assert_eq!(person_status(&p, &[&pre]).status, PersonStatus::Released);
        assert_eq!(
            person_status(&p, &[&pre, &prison]).status,
            PersonStatus::Convicted
        );
        assert_eq!(person_status(&p, &[]).status, PersonStatus::NotDetained);
        let house = episode(DetentionKind::HouseArrest, "2016", None);
        assert_eq!(
            person_status(&p, &[&pre, &prison, &house]).status,
            PersonStatus::HouseArrest
        );
        let mut dead = p.clone();
        dead.death_date = Some("2020".parse().unwrap());
        assert_eq!(
            person_status(&dead, &[&prison]).status,
            PersonStatus::Deceased
        );
    }

    #[test]
    fn days_are_counted_once_and_never_overstated() {
        let a = episode(DetentionKind::PreTrial, "2014-01-01", Some("2014-01-10"));
        let b = episode(
            DetentionKind::Imprisonment,
            "2014-01-05",
            Some("2014-01-20"),
        );
        assert_eq!(days_in_detention(&[&a, &b], date(2026, 1, 1)), Some(20));
        let open = episode(DetentionKind::PreTrial, "2014-12-30", None);
        assert_eq!(days_in_detention(&[&open], date(2014, 12, 31)), Some(2));
        // "2014" starts at the latest on 31 December 2014.
        let partial = episode(DetentionKind::Imprisonment, "2014", Some("2015"));
        assert_eq!(days_in_detention(&[&partial], date(2026, 1, 1)), Some(2));
        assert_eq!(days_in_detention(&[], date(2026, 1, 1)), None);
    }

    #[test]
    fn complaint_without_proof_is_flagged_after_the_allowed_days() {
        let c = Complaint {
            id: Id::new(),
            visibility: Visibility::Public,
            sources: vec![],
            kind: ComplaintKind::Lawsuit,
            subject: "x".into(),
            filer: None,
            on_behalf_of: vec![],
            addressees: vec![],
            respondent: None,
            submitted_on: Some("2024-11-06".parse().unwrap()),
            channel: Some(Channel::ViaPrisonAdministration),
            proof_of_delivery: None,
            response_days: Some(30),
            response: None,
            status: ComplaintStatus::Submitted,
            follow_ups: vec![],
            concerning_media: vec![],
        };
        let early = complaint_state(&c, date(2024, 11, 10), 14);
        assert!(!early.no_proof_of_delivery && !early.overdue);
        let late = complaint_state(&c, date(2024, 12, 31), 14);
        assert!(late.no_proof_of_delivery && late.overdue);
        assert_eq!(late.response_due, Some(date(2024, 12, 6)));
    }
}
