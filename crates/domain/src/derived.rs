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
    /// Nothing recorded says whether the person is held: never shown as
    /// "not detained", since a source calling someone a political prisoner
    /// may simply not have been entered yet.
    Unknown,
}

impl PersonStatus {
    pub const ALL: [PersonStatus; 7] = [
        PersonStatus::Detained,
        PersonStatus::HouseArrest,
        PersonStatus::Convicted,
        PersonStatus::Released,
        PersonStatus::InExile,
        PersonStatus::Deceased,
        PersonStatus::Unknown,
    ];

    pub fn label(self) -> &'static str {
        match self {
            PersonStatus::Detained => "detained",
            PersonStatus::HouseArrest => "under house arrest",
            PersonStatus::Convicted => "imprisoned after conviction",
            PersonStatus::Released => "released",
            PersonStatus::InExile => "in exile",
            PersonStatus::Deceased => "deceased",
            PersonStatus::Unknown => "unknown",
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
/// then exile; then released if any episode ended; else unknown.
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
    if let Some(e) = open_episode(episodes) {
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
        status: PersonStatus::Unknown,
        as_of: None,
    }
}

/// How long a source's confirmation that a person is still held stays
/// current, when nothing else is configured: a year, the longest gap
/// between versions of the lists Vigil follows.
pub const DEFAULT_CONFIRMATION_DAYS: u32 = 365;

/// The day derived figures are counted for, and how long a confirmation
/// stays current.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reckoning {
    pub today: Date,
    /// Days after which a confirmation is too old to count on.
    pub confirmation_days: u32,
}

impl Reckoning {
    /// `today` with the documented default period.
    pub fn on(today: Date) -> Self {
        Self {
            today,
            confirmation_days: DEFAULT_CONFIRMATION_DAYS,
        }
    }
}

/// Days deprived of liberty and the day they are counted to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DetentionDays {
    pub days: i64,
    /// Today, the last end, or the last confirmation.
    pub counted_to: Date,
    /// Counted only to a confirmation: the person may have been held longer
    /// ("at least N days").
    pub at_least: bool,
}

/// A person's status and days in detention as every public page, feed,
/// export and API answer states them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Detention {
    pub status: PersonStatus,
    /// The date the status was last confirmed (or began), if known.
    pub as_of: Option<PartialDate>,
    /// Deprived of liberty by the records, but the last confirmation is
    /// older than the period (or the sentence it cites has run out since):
    /// shown as "last confirmed on …", never as a fact of today.
    pub stale: bool,
    pub days: Option<DetentionDays>,
}

/// The one rule for status and days: a detention confirmed within the
/// period counts to today; one confirmed earlier, or whose cited term has
/// run out since its confirmation, counts only to that confirmation and says
/// so; nothing recorded is "unknown".
pub fn detention(
    person: &Person,
    episodes: &[&DetentionEpisode],
    cases: &[&Case],
    r: Reckoning,
) -> Detention {
    let DerivedStatus { status, as_of } = person_status(person, episodes);
    let held = status.is_deprived_of_liberty();
    let stale = held && !confirmed_to_today(as_of, episodes, cases, r);
    // Open detention counts to today while confirmed, else to the confirmation.
    let open_until = if stale {
        as_of.map(|d| d.earliest().min(r.today))
    } else {
        Some(r.today)
    };
    let days = open_until
        .filter(|_| held)
        .and_then(|until| counted_days(episodes, until, r.today))
        .map(|(days, counted_to)| DetentionDays {
            days,
            counted_to,
            at_least: stale,
        });
    Detention {
        status,
        as_of,
        stale,
        days,
    }
}

/// Whether a confirmation of the open detention still holds today: it is
/// within the period, and no term the detention's case states has ended
/// since (a term counts from the case's earliest possible start, so it ends
/// at its earliest possible day).
fn confirmed_to_today(
    as_of: Option<PartialDate>,
    episodes: &[&DetentionEpisode],
    cases: &[&Case],
    r: Reckoning,
) -> bool {
    let Some(confirmed) = as_of else {
        return false;
    };
    let within_period = confirmed
        .latest()
        .checked_add(jiff::Span::new().days(i64::from(r.confirmation_days)))
        .is_ok_and(|limit| r.today <= limit);
    within_period
        && term_end(episodes, cases).is_none_or(|end| end > r.today || end <= confirmed.earliest())
}

/// The earliest day the term of the open detention's case can end.
fn term_end(episodes: &[&DetentionEpisode], cases: &[&Case]) -> Option<Date> {
    let open = open_episode(episodes)?;
    let case = cases.iter().find(|c| Some(c.id) == open.case)?;
    let sentence = case
        .sentence
        .as_ref()
        .filter(|s| !s.life && s.total_months() > 0)?;
    let start = episodes
        .iter()
        .filter(|e| e.case == Some(case.id))
        .filter_map(|e| e.earliest_start())
        .min()?;
    start
        .checked_add(jiff::Span::new().months(i64::from(sentence.total_months())))
        .ok()
}

/// The episode that goes on: the most recent by start.
fn open_episode<'a>(episodes: &[&'a DetentionEpisode]) -> Option<&'a DetentionEpisode> {
    episodes
        .iter()
        .copied()
        .filter(|e| e.end.is_none())
        .max_by_key(|e| e.start.map(|s| s.sort_key()))
}

/// Days deprived of liberty and the last day counted, so as never to
/// overstate: a partial start counts from its last possible day, a partial
/// end to its first possible day, an open episode to `open_until`, nothing
/// past `today`. Overlapping episodes (a transfer recorded twice, detention
/// followed by a sentence) count once. Episodes with no known start are left
/// out; `None` when nothing can be counted.
fn counted_days(
    episodes: &[&DetentionEpisode],
    open_until: Date,
    today: Date,
) -> Option<(i64, Date)> {
    let mut spans: Vec<(Date, Date)> = episodes
        .iter()
        .filter_map(|e| {
            let start = e.latest_start()?;
            let end = e.end.map(|d| d.earliest()).unwrap_or(open_until).min(today);
            (end >= start).then_some((start, end))
        })
        .collect();
    spans.sort();
    let (&first, rest) = spans.split_first()?;
    let mut total = 0i64;
    let (mut cur_start, mut cur_end) = first;
    let mut last = cur_end;
    for &(s, e) in rest {
        last = last.max(e);
        if s <= cur_end {
            cur_end = cur_end.max(e);
        } else {
            total += days_between(cur_start, cur_end);
            (cur_start, cur_end) = (s, e);
        }
    }
    total += days_between(cur_start, cur_end);
    Some((total, last))
}

/// Inclusive count of days from `a` to `b`.
fn days_between(a: Date, b: Date) -> i64 {
    let span = a.until((jiff::Unit::Day, b)).expect("dates within range");
    span.get_days() as i64 + 1
}

/// The term that stands: the one the latest appeal that changed it gave,
/// else the verdict's. (An undated appeal counts as earlier than a dated one.)
pub fn current_sentence(case: &Case) -> Option<&Sentence> {
    case.appeals
        .iter()
        .filter(|a| a.sentence.is_some())
        .max_by_key(|a| a.date.map(|d| d.sort_key()))
        .and_then(|a| a.sentence.as_ref())
        .or(case.sentence.as_ref())
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
        assert_eq!(person_status(&p, &[]).status, PersonStatus::Unknown);
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

    fn days_to(episodes: &[&DetentionEpisode], today: Date) -> Option<i64> {
        counted_days(episodes, today, today).map(|(days, _)| days)
    }

    #[test]
    fn days_are_counted_once_and_never_overstated() {
        let a = episode(DetentionKind::PreTrial, "2014-01-01", Some("2014-01-10"));
        let b = episode(
            DetentionKind::Imprisonment,
            "2014-01-05",
            Some("2014-01-20"),
        );
        assert_eq!(days_to(&[&a, &b], date(2026, 1, 1)), Some(20));
        let open = episode(DetentionKind::PreTrial, "2014-12-30", None);
        assert_eq!(days_to(&[&open], date(2014, 12, 31)), Some(2));
        // "2014" starts at the latest on 31 December 2014.
        let partial = episode(DetentionKind::Imprisonment, "2014", Some("2015"));
        assert_eq!(days_to(&[&partial], date(2026, 1, 1)), Some(2));
        assert_eq!(days_to(&[], date(2026, 1, 1)), None);
    }

    #[test]
    fn disputed_starts_count_from_the_latest_reading() {
        // #27 of the 2014 list: "March 07, 2014" in the heading, 7 March
        // 2013 in the background; confirmed held on 10 August 2014.
        let mut e = episode(DetentionKind::Unspecified, "2014-03-07", None);
        e.disputed_starts = vec!["2013-03-07".parse().unwrap()];
        assert_eq!(days_to(&[&e], date(2014, 3, 8)), Some(2));
        assert_eq!(e.earliest_start(), Some(date(2013, 3, 7)));
        // Recorded the other way round, the count is the same.
        let mut swapped = episode(DetentionKind::Unspecified, "2013-03-07", None);
        swapped.disputed_starts = vec!["2014-03-07".parse().unwrap()];
        assert_eq!(days_to(&[&swapped], date(2014, 3, 8)), Some(2));
    }

    fn held_since(start: &str, confirmed: Option<&str>) -> DetentionEpisode {
        let mut e = episode(DetentionKind::PreTrial, start, None);
        e.confirmed_on = confirmed.map(|d| d.parse().unwrap());
        e
    }

    #[test]
    fn an_old_confirmation_counts_only_to_itself() {
        let p = Person::new(Visibility::Public, Name::primary("A", None));
        let e = held_since("2014-07-30", Some("2014-08-10"));
        let d = detention(&p, &[&e], &[], Reckoning::on(date(2026, 12, 7)));
        assert_eq!(d.status, PersonStatus::Detained);
        assert!(d.stale);
        assert_eq!(
            d.days,
            Some(DetentionDays {
                days: 12,
                counted_to: date(2014, 8, 10),
                at_least: true
            })
        );
        // A partial confirmation counts to its first possible day.
        let e = held_since("2014-07-30", Some("2014-08"));
        let d = detention(&p, &[&e], &[], Reckoning::on(date(2026, 12, 7)));
        assert_eq!(d.days.unwrap().days, 3);
    }

    #[test]
    fn a_recent_confirmation_counts_to_today() {
        let p = Person::new(Visibility::Public, Name::primary("A", None));
        let e = held_since("2026-11-01", Some("2026-11-20"));
        let d = detention(&p, &[&e], &[], Reckoning::on(date(2026, 12, 7)));
        assert!(!d.stale && d.status.is_deprived_of_liberty());
        assert_eq!(d.days.unwrap().days, 37);
        assert!(!d.days.unwrap().at_least);
        // The same record read with a shorter period is stale.
        let short = Reckoning {
            today: date(2026, 12, 7),
            confirmation_days: 10,
        };
        let d = detention(&p, &[&e], &[], short);
        assert!(d.stale);
        assert_eq!(d.days.unwrap().days, 20);
        // A start with no confirmation at all is a confirmation of the start only.
        let e = held_since("2026-12-01", None);
        assert_eq!(
            detention(&p, &[&e], &[], Reckoning::on(date(2026, 12, 7))).as_of,
            Some("2026-12-01".parse().unwrap())
        );
    }

    #[test]
    fn a_term_that_ran_out_since_the_confirmation_is_not_counted_past_it() {
        let p = Person::new(Visibility::Public, Name::primary("A", None));
        let mut case = Case::new(Visibility::Public, "c", vec![p.id]);
        case.sentence = Some(Sentence::term(2, 0));
        let mut e = episode(DetentionKind::Imprisonment, "2025-01-01", None);
        e.case = Some(case.id);
        e.confirmed_on = Some("2026-06-01".parse().unwrap());
        let long = Reckoning {
            today: date(2027, 3, 1),
            confirmation_days: 3650,
        };
        let d = detention(&p, &[&e], &[&case], long);
        assert!(d.stale, "the two-year term ended on 2027-01-01");
        assert_eq!(d.days.unwrap().counted_to, date(2026, 6, 1));
        let before_end = Reckoning {
            today: date(2026, 12, 1),
            ..long
        };
        assert!(!detention(&p, &[&e], &[&case], before_end).stale);
    }

    #[test]
    fn nothing_recorded_is_unknown_with_no_days() {
        let p = Person::new(Visibility::Public, Name::primary("A", None));
        let d = detention(&p, &[], &[], Reckoning::on(date(2026, 12, 7)));
        assert_eq!(d.status, PersonStatus::Unknown);
        assert_eq!(d.status.label(), "unknown");
        assert!(!d.stale && d.days.is_none());
        let released = episode(DetentionKind::PreTrial, "2014-01-01", Some("2014-02-01"));
        let d = detention(&p, &[&released], &[], Reckoning::on(date(2026, 12, 7)));
        assert_eq!(d.status, PersonStatus::Released);
        assert!(d.days.is_none(), "days are stated only for detention");
    }

    proptest::proptest! {
        /// Whatever the records, days never run past the day they are
        /// counted to, and a stale detention never past its confirmation.
        #[test]
        fn days_never_pass_what_is_confirmed(
            start in 0i64..8000, held in 0i64..8000, confirmed_after in 0i64..8000,
            period in 0u32..2000, today_after in 0i64..9000,
        ) {
            let base = date(2000, 1, 1);
            let day = |n: i64| base.checked_add(jiff::Span::new().days(n)).unwrap();
            let p = Person::new(Visibility::Public, Name::primary("A", None));
            let mut e = held_since(&day(start).to_string(), None);
            e.confirmed_on = Some(PartialDate::from_date(day(start + confirmed_after.min(held))));
            let today = day(start + today_after);
            let d = detention(&p, &[&e], &[], Reckoning { today, confirmation_days: period });
            if let Some(days) = d.days {
                proptest::prop_assert!(days.counted_to <= today);
                proptest::prop_assert!(days.days <= days_between(day(start), days.counted_to));
                if d.stale {
                    proptest::prop_assert!(days.counted_to <= d.as_of.unwrap().earliest());
                }
            }
        }
    }

    #[test]
    fn the_latest_appeal_that_changed_the_term_stands() {
        let mut case = Case::new(Visibility::Public, "c", vec![]);
        assert_eq!(current_sentence(&case), None);
        case.sentence = Some(Sentence::term(5, 0));
        assert_eq!(current_sentence(&case), Some(&Sentence::term(5, 0)));
        let appeal = |date: &str, sentence: Option<Sentence>| Appeal {
            court: None,
            date: Some(date.parse().unwrap()),
            outcome: None,
            sentence,
        };
        case.appeals = vec![
            appeal("2015-06", Some(Sentence::term(3, 6))),
            appeal("2015-02", Some(Sentence::term(4, 0))),
            appeal("2016", None),
        ];
        assert_eq!(current_sentence(&case), Some(&Sentence::term(3, 6)));
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
