//! Importing a list of people (CSV or XLSX): each row's name is matched
//! against everyone the store holds, across scripts (`vigil-names`), and
//! decided `match` (linked to that person), `review` (a human decides;
//! nothing is written for the row) or `new` (a new person). With a list
//! name, the rows linked or created become a version of that list.
//!
//! Planning reads only; applying writes everything in one transaction, so a
//! failure leaves the store as it was.

use std::collections::HashMap;

use serde::Serialize;
use vigil_domain::records::{ListEntry, ListVersion, Person, PrisonerList};
use vigil_domain::{Id, Name, NameKind, PartialDate, Record, RecordKind, Visibility};
use vigil_names::{Decision, Matcher};
use vigil_storage::review::{NewReview, Suggested};
use vigil_storage::{Actor, Store};

use crate::{AppError, Result};

mod apart;
mod table;
pub mod workbook;

pub use apart::{Apart, Fact, OnList, Waiting, tell_apart, waiting};

pub use table::{Columns, Limits, Table, looks_like_xlsx, read_csv, read_rows, read_xlsx};

/// A name longer than this (in characters) is refused.
const MAX_NAME_CHARS: usize = 300;

/// One row of the file, as read.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// 1 for the first row under the header.
    pub row: usize,
    pub name: String,
    pub reference: Option<String>,
    /// The list's own number for the entry, from a `number` column.
    pub number: Option<u32>,
    /// From a `born` column: tells namesakes apart.
    pub born: Option<PartialDate>,
}

fn input(msg: impl Into<String>) -> AppError {
    AppError::invalid(msg.into())
}

/// The person a row was matched with.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    pub id: Id<Person>,
    pub name: String,
    #[serde(rename = "ref")]
    pub reference: Option<String>,
}

/// A person a row may be, and how well the name fits.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scored {
    #[serde(flatten)]
    pub person: Candidate,
    pub score: f64,
}

/// What will become of a row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Planned {
    pub row: usize,
    pub input: String,
    #[serde(rename = "ref")]
    pub reference: Option<String>,
    #[serde(serialize_with = "decision_str")]
    pub decision: Decision,
    /// The best candidate, also for `review`.
    pub person: Option<Candidate>,
    pub score: f64,
    /// Every person at or above the review threshold, best first (two
    /// namesakes both); empty when nobody is plausible.
    pub candidates: Vec<Scored>,
    #[serde(skip)]
    pub number: Option<u32>,
}

fn rounded(score: f64) -> f64 {
    (score * 1000.0).round() / 1000.0
}

fn decision_str<S: serde::Serializer>(d: &Decision, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(d.as_str())
}

/// Whether to look for the rows' people among those already recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Matching {
    On,
    /// Every row is a new person (a file known to hold distinct people).
    Off,
}

/// Decide every row; reads the store, writes nothing.
pub async fn plan(store: &Store, rows: &[Row], matching: Matching) -> Result<Vec<Planned>> {
    plan_for(store, rows, matching, None).await
}

/// Each person's number on the latest version of the list titled `title`.
async fn numbers_on(store: &Store, title: &str) -> Result<HashMap<Id<Person>, u32>> {
    let Some(list) = store
        .list(RecordKind::PrisonerList)
        .await?
        .into_iter()
        .filter_map(|r| PrisonerList::try_from(r).ok())
        .find(|l| l.title == title)
    else {
        return Ok(HashMap::new());
    };
    let latest = store
        .list(RecordKind::ListVersion)
        .await?
        .into_iter()
        .filter_map(|r| ListVersion::try_from(r).ok())
        .filter(|v| v.list == list.id)
        .max_by_key(|v| v.date.sort_key());
    Ok(latest
        .into_iter()
        .flat_map(|v| v.entries)
        .filter_map(|e| Some((e.person, e.number?)))
        .collect())
}

/// `plan`, for rows that are a new version of the list titled `list`: a
/// row's number on it may tell namesakes apart (the number each had on the
/// list's latest version).
pub async fn plan_for(
    store: &Store,
    rows: &[Row],
    matching: Matching,
    list: Option<&str>,
) -> Result<Vec<Planned>> {
    let numbers = match list {
        Some(title) if matching == Matching::On => numbers_on(store, title).await?,
        _ => HashMap::new(),
    };
    let persons: Vec<Person> = store
        .list(RecordKind::Person)
        .await?
        .into_iter()
        .filter_map(|r| Person::try_from(r).ok())
        .collect();
    let mut matcher: Matcher<Id<Person>> = Matcher::new();
    let mut by_ref: HashMap<&str, &Person> = HashMap::new();
    let mut by_id: HashMap<Id<Person>, &Person> = HashMap::new();
    if matching == Matching::On {
        for p in &persons {
            for n in &p.names {
                matcher.add(p.id, &n.name);
            }
            if let Some(r) = &p.external_ref {
                by_ref.insert(r.as_str(), p);
            }
            by_id.insert(p.id, p);
        }
    }
    let candidate = |p: &Person| Candidate {
        id: p.id,
        name: p.display_name().to_owned(),
        reference: p.external_ref.clone(),
    };
    // Every written form of every row, decided at once over all cores.
    let row_forms: Vec<Vec<String>> = rows.iter().map(|r| vigil_names::forms(&r.name)).collect();
    let all_forms: Vec<String> = if matching == Matching::On {
        row_forms.iter().flatten().cloned().collect()
    } else {
        Vec::new()
    };
    let mut decided = matcher.decide_many(&all_forms).into_iter();
    let mut out = Vec::with_capacity(rows.len());
    for (row, forms) in rows.iter().zip(&row_forms) {
        let decisions: Vec<_> = if matching == Matching::On {
            decided.by_ref().take(forms.len()).collect()
        } else {
            Vec::new()
        };
        let mut planned = Planned {
            row: row.row,
            input: row.name.clone(),
            reference: row.reference.clone(),
            decision: Decision::New,
            person: None,
            score: 0.0,
            candidates: Vec::new(),
            number: row.number,
        };
        if matching == Matching::On {
            if let Some(p) = row.reference.as_deref().and_then(|r| by_ref.get(r)) {
                // The same external reference is the same person.
                planned.decision = Decision::Match;
                planned.person = Some(candidate(p));
                planned.score = 1.0;
                planned.candidates = vec![Scored {
                    person: candidate(p),
                    score: 1.0,
                }];
            } else {
                let review = matcher.thresholds().review;
                planned.candidates = plausible(&decisions, review)
                    .into_iter()
                    .filter_map(|c| {
                        let p = by_id.get(&c.id)?;
                        Some(Scored {
                            person: candidate(p),
                            score: rounded(c.score),
                        })
                    })
                    .collect();
                let best = decisions
                    .into_iter()
                    .filter_map(|(d, c)| c.into_iter().next().map(|c| (d, c)))
                    .max_by(|a, b| a.1.score.total_cmp(&b.1.score).then_with(|| b.0.cmp(&a.0)));
                if let Some((decision, c)) = best {
                    planned.decision = decision;
                    planned.score = rounded(c.score);
                    planned.person = by_id.get(&c.id).map(|p| candidate(p));
                }
                // Namesakes: the birth date or the list number the row gives
                // may tell them apart.
                let matched = matcher.thresholds().matched;
                let by_born = |c: &Scored| row.born.and_then(|b| born_agrees(&by_id, c, b));
                let by_number = |c: &Scored| {
                    let n = row.number?;
                    numbers.get(&c.person.id).map(|m| *m == n)
                };
                if planned.decision == Decision::Review
                    && let Some(one) = told_apart(&planned.candidates, by_born, matched)
                        .or_else(|| told_apart(&planned.candidates, by_number, matched))
                {
                    planned.decision = Decision::Match;
                    planned.person = Some(one.person.clone());
                    planned.score = one.score;
                }
            }
        }
        out.push(planned);
    }
    Ok(out)
}

/// Whether a candidate's birth date agrees with `born`: `None` when not
/// known (to staff: a confidential date is not known here).
fn born_agrees(
    by_id: &HashMap<Id<Person>, &Person>,
    c: &Scored,
    born: PartialDate,
) -> Option<bool> {
    use std::cmp::Ordering;
    let p = by_id.get(&c.person.id)?;
    let date = p
        .birth_date
        .as_ref()?
        .visible_at(p.visibility, Visibility::Internal)?;
    Some(!matches!(
        date.certainly_cmp(&born),
        Some(Ordering::Less | Ordering::Greater)
    ))
}

/// The one plausible person whose name fits well enough to match and with
/// whom the row `agrees` (Some(true)), when every other plausible person is
/// known to differ (Some(false)).
fn told_apart(
    candidates: &[Scored],
    agrees: impl Fn(&Scored) -> Option<bool>,
    matched: f64,
) -> Option<&Scored> {
    let mut agreeing = candidates.iter().filter(|c| agrees(c) == Some(true));
    let one = agreeing.next().filter(|c| c.score >= matched)?;
    let others_differ = candidates
        .iter()
        .filter(|c| c.person.id != one.person.id)
        .all(|c| agrees(c) == Some(false));
    (agreeing.next().is_none() && others_differ).then_some(one)
}

/// The people any of a row's forms may be, at or above `review`: each
/// person once, at their best score, best first.
fn plausible(
    decisions: &[(Decision, Vec<vigil_names::Candidate<Id<Person>>>)],
    review: f64,
) -> Vec<vigil_names::Candidate<Id<Person>>> {
    let mut best: HashMap<Id<Person>, vigil_names::Candidate<Id<Person>>> = HashMap::new();
    for c in decisions.iter().flat_map(|(_, cs)| cs) {
        if c.score >= review && best.get(&c.id).is_none_or(|b| b.score < c.score) {
            best.insert(c.id, c.clone());
        }
    }
    let mut out: Vec<_> = best.into_values().collect();
    out.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.id.cmp(&b.id)));
    out
}

/// Where the rows go when they are applied.
#[derive(Debug, Clone, Default)]
pub struct Target {
    /// The title of the list the rows are a version of (created if new).
    pub list: Option<String>,
    /// When that version was published; today if not given.
    pub published: Option<PartialDate>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Applied {
    pub linked: usize,
    pub created: usize,
    /// Rows left for a human to decide; nothing was written for them.
    pub held_for_review: usize,
    pub list: Option<Id<PrisonerList>>,
    pub version: Option<Id<ListVersion>>,
}

/// Write the plan: link matched rows (their spelling is added to the
/// person's names, their reference kept), create new people, and record the
/// list version. One transaction; all or nothing.
pub async fn apply(
    store: &Store,
    actor: &Actor,
    planned: &[Planned],
    target: &Target,
    today: jiff::civil::Date,
) -> Result<Applied> {
    let mut tx = store.begin().await?;
    let mut applied = Applied::default();
    let mut entries = Vec::new();
    let mut changed: HashMap<Id<Person>, Person> = HashMap::new();
    let mut held: Vec<&Planned> = Vec::new();
    for p in planned {
        match (p.decision, &p.person) {
            (Decision::Match, Some(c)) => {
                let person = match changed.remove(&c.id) {
                    Some(person) => person,
                    None => store
                        .get(c.id.erase())
                        .await?
                        .and_then(|r| Person::try_from(r).ok())
                        .ok_or_else(|| {
                            input(format!("row {}: the person matched is gone", p.row))
                        })?,
                };
                let mut person = person;
                add_spelling(&mut person, &p.input, p.reference.as_deref());
                changed.insert(person.id, person);
                entries.push((c.id, p.number));
                applied.linked += 1;
            }
            (Decision::New, _) => {
                let person = new_person(&p.input, p.reference.as_deref());
                tx.insert(actor, &Record::Person(person.clone())).await?;
                entries.push((person.id, p.number));
                applied.created += 1;
            }
            _ => {
                held.push(p);
                applied.held_for_review += 1;
            }
        }
    }
    for person in changed.into_values() {
        tx.update(actor, &Record::Person(person)).await?;
    }
    if let Some(title) = &target.list {
        let existing = store
            .list(RecordKind::PrisonerList)
            .await?
            .into_iter()
            .filter_map(|r| PrisonerList::try_from(r).ok())
            .find(|l| l.title == *title);
        let list = match existing {
            Some(l) => l,
            None => {
                let l = PrisonerList::new(Visibility::Internal, title.clone());
                tx.insert(actor, &Record::PrisonerList(l.clone())).await?;
                l
            }
        };
        let mut seen = std::collections::HashSet::new();
        let date = target
            .published
            .unwrap_or_else(|| PartialDate::from_date(today));
        let rows = entries
            .iter()
            .filter(|(id, _)| seen.insert(*id))
            .map(|(person, number)| ListEntry::new(*person, *number))
            .collect();
        let mut version = ListVersion::new(Visibility::Internal, list.id, date, rows);
        // The file's rows are the list as published, whether or not each is
        // linked yet (rows under review join when decided).
        version.published_count = u32::try_from(planned.len()).ok();
        tx.insert(actor, &Record::ListVersion(version.clone()))
            .await?;
        applied.list = Some(list.id);
        applied.version = Some(version.id);
    }
    // Rows under review wait in the queue, with the version they belong to.
    for p in held {
        tx.queue_review(
            actor,
            &NewReview {
                row: p.row,
                input: &p.input,
                reference: p.reference.as_deref(),
                number: p.number,
                candidates: suggested(p),
                version: applied.version.map(|v| v.erase()),
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(applied)
}

/// The people a row held for review may be: its plausible candidates, best
/// first (the ones the preview showed; none for a row nobody is like).
fn suggested(p: &Planned) -> Vec<Suggested> {
    p.candidates
        .iter()
        .map(|c| Suggested {
            id: c.person.id,
            score: c.score,
        })
        .collect()
}

/// What an editor makes of a row before the import is applied, overriding
/// the matcher's decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// The row is this person, one of its candidates.
    Match(Id<Person>),
    /// Hold the row in the review queue, with all its candidates.
    Review,
    /// The row is a person not yet recorded.
    New,
}

impl std::str::FromStr for Choice {
    type Err = AppError;

    /// `match:<person id>`, `review` or `new`.
    fn from_str(s: &str) -> Result<Choice> {
        match s.trim() {
            "review" => Ok(Choice::Review),
            "new" => Ok(Choice::New),
            other => other
                .strip_prefix("match:")
                .and_then(|id| id.trim().parse().ok())
                .map(Choice::Match)
                .ok_or_else(|| {
                    input(format!(
                        "`{other}`: choose match:<person id>, review or new"
                    ))
                }),
        }
    }
}

impl Planned {
    /// Override the matcher's decision for this row. A row is matched only
    /// with one of its candidates (a person the matcher found plausible).
    pub fn choose(&mut self, choice: Choice) -> Result<()> {
        match choice {
            Choice::Match(id) => {
                let Some(c) = self.candidates.iter().find(|c| c.person.id == id) else {
                    return Err(input(format!(
                        "row {}: {id} is not one of its candidates",
                        self.row
                    )));
                };
                self.decision = Decision::Match;
                self.person = Some(c.person.clone());
                self.score = c.score;
            }
            Choice::Review => self.decision = Decision::Review,
            Choice::New => self.decision = Decision::New,
        }
        Ok(())
    }
}

/// Apply an editor's choices (row number, choice) to a plan; a row number
/// the file does not have is refused.
pub fn choose_all(planned: &mut [Planned], choices: &[(usize, Choice)]) -> Result<()> {
    for (row, choice) in choices {
        planned
            .iter_mut()
            .find(|p| p.row == *row)
            .ok_or_else(|| input(format!("row {row}: the file has no such row")))?
            .choose(*choice)?;
    }
    Ok(())
}

/// Add the spellings a list gives (all its forms) to a person's names, and
/// the list's reference if the person has none.
fn add_spelling(person: &mut Person, input: &str, reference: Option<&str>) {
    for form in vigil_names::forms(input) {
        let known = person
            .names
            .iter()
            .any(|n| vigil_names::fold_case(&n.name) == vigil_names::fold_case(&form));
        if !known {
            let script = vigil_names::detect_script(&form);
            let kind = if script == vigil_names::Script::Cyrillic {
                NameKind::Transliteration
            } else {
                NameKind::Alias
            };
            let mut name = Name::new(form, kind, None);
            name.visibility = person.visibility;
            person.names.push(name);
        }
    }
    if person.external_ref.is_none() {
        person.external_ref = reference.map(str::to_owned);
    }
}

/// A new, internal person from a list's row.
fn new_person(input: &str, reference: Option<&str>) -> Person {
    let forms = vigil_names::forms(input);
    let mut names = forms.iter();
    let first = names.next().cloned().unwrap_or_else(|| input.to_owned());
    let mut person = Person::new(Visibility::Internal, Name::primary(first, None));
    for f in names {
        person
            .names
            .push(Name::new(f.clone(), NameKind::Alias, None));
    }
    person.external_ref = reference.map(str::to_owned);
    person
}

/// An editor's decision on a row in the review queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The row is the best candidate: link it (spelling and reference kept).
    Confirm,
    /// The row is this one of its candidates (a namesake of the best).
    Link(Id<Person>),
    /// The row is someone else: create a new person.
    Reject,
}

/// Decide a row waiting in the review queue; returns the person it now names.
/// The row joins its list version (if the import recorded one). One
/// transaction, audited.
pub async fn decide_review(
    store: &Store,
    actor: &Actor,
    id: &str,
    verdict: Verdict,
) -> Result<Id<Person>> {
    let Some(item) = store.review_item(id).await? else {
        return Err(AppError::not_found(format!("review {id}")));
    };
    if item.status != "open" {
        return Err(input(format!(
            "review {id} was decided already ({})",
            item.status
        )));
    }
    let target = match verdict {
        Verdict::Confirm => Some(item.candidate.ok_or_else(|| {
            input("this row has no candidate to confirm; reject it to create a person")
        })?),
        Verdict::Link(p) if item.candidates.iter().any(|c| c.id == p) => Some(p.erase()),
        Verdict::Link(p) => return Err(input(format!("{p} is not one of this row's candidates"))),
        Verdict::Reject => None,
    };
    let mut tx = store.begin().await?;
    let person = match target {
        Some(candidate) => {
            let mut person = tx
                .get(candidate)
                .await?
                .and_then(|r| Person::try_from(r).ok())
                .ok_or_else(|| input("the candidate is gone (merged or deleted); reject the row to create a person"))?;
            add_spelling(&mut person, &item.input, item.reference.as_deref());
            tx.update(actor, &Record::Person(person.clone())).await?;
            person.id
        }
        None => {
            let person = new_person(&item.input, item.reference.as_deref());
            tx.insert(actor, &Record::Person(person.clone())).await?;
            person.id
        }
    };
    if let Some(vid) = item.version
        && let Some(Record::ListVersion(mut v)) = tx.get(vid).await?
        && !v.entries.iter().any(|e| e.person == person)
    {
        v.entries.push(ListEntry {
            person,
            number: item.number.and_then(|n| u32::try_from(n).ok()),
            category: None,
            subcategory: None,
        });
        tx.update(actor, &Record::ListVersion(v)).await?;
    }
    let status = match verdict {
        Verdict::Confirm | Verdict::Link(_) => "confirmed",
        Verdict::Reject => "rejected",
    };
    tx.close_review(actor, id, status).await?;
    tx.audit_record_event(
        actor,
        &format!("review-{status}"),
        RecordKind::Person,
        person.erase(),
        Some(&format!("review {id}: list row {}", item.row)),
    )
    .await?;
    tx.commit().await?;
    Ok(person)
}
