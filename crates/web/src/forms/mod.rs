//! Forms for entering and editing records, with errors beside each field.
//! (Every kind can also be edited as JSON: see `staff.rs`.)

mod facts;
mod fields;
mod person;
mod picker;
mod record_form;
mod rows;
mod specs;
mod view;

pub(crate) use facts::{Fact, facts};
pub(crate) use person::{create_person, edit_person, new_person, update_person};
pub(crate) use picker::{describe, lookup as pick};
pub(crate) use record_form::{
    create as create_record, edit_form as edit_record, new_form as new_record,
    update as update_record,
};
pub(crate) use specs::has_form;

use vigil_domain::{Record, RecordKind};

use crate::I18n;

/// Where to edit `r` through a form (the JSON editor covers the rest).
pub(crate) fn edit_link(r: &Record) -> Option<String> {
    match r.kind() {
        RecordKind::Person => Some(format!("/staff/people/{}/edit", r.id())),
        k if specs::has_form(k) => Some(format!("/staff/records/{}/form", r.id())),
        _ => None,
    }
}

/// A prefilled form's fields: (field, value), a field named twice picking two records.
type Prefill = Vec<(&'static str, String)>;

/// "Add" links from a record's page to the forms of records that point at
/// it, with every field filled in that the record and those pointing at it
/// (`referrers`) settle: a detention for this person in their one case, a
/// hearing in this case at its one court, a complaint for its defendants.
pub(crate) fn add_links(
    r: &Record,
    referrers: &[(Record, String)],
    i18n: &I18n,
) -> Vec<(String, String)> {
    let id = r.id().to_string();
    let linked: Vec<(RecordKind, Prefill)> = match r {
        Record::Person(_) => person_links(&id, referrers),
        Record::Case(c) => {
            let mut hearing = vec![("case", id.clone())];
            if let [court] = c.courts.as_slice() {
                hearing.push(("court", court.to_string()));
            }
            let mut v = vec![(RecordKind::Hearing, hearing)];
            if let [only] = c.defendants.as_slice() {
                let detention = vec![("person", only.to_string()), ("case", id.clone())];
                v.push((RecordKind::DetentionEpisode, detention));
            }
            let behalf = c.defendants.iter().map(|d| ("on_behalf_of", d.to_string()));
            v.push((RecordKind::Complaint, behalf.collect()));
            v
        }
        Record::PrisonerList(_) => vec![(RecordKind::ListVersion, vec![("list", id)])],
        Record::Campaign(_) => vec![(RecordKind::AdvocacyLetter, vec![("campaign", id)])],
        Record::Organization(_) => vec![(RecordKind::Source, vec![("publisher", id)])],
        _ => Vec::new(),
    };
    linked
        .into_iter()
        .map(|(kind, fields)| {
            let mut href = format!("/staff/form/{}?", kind.as_str());
            let query: Vec<String> = fields
                .iter()
                .map(|(f, v)| {
                    let v: String = form_urlencoded::byte_serialize(v.as_bytes()).collect();
                    format!("{f}={v}")
                })
                .collect();
            href.push_str(&query.join("&"));
            let label = i18n.kind(kind);
            (href, label)
        })
        .collect()
}

/// A person's "add" links: what their one case and their one open
/// detention settle is filled in.
fn person_links(id: &str, referrers: &[(Record, String)]) -> Vec<(RecordKind, Prefill)> {
    let cases: Vec<String> = referrers
        .iter()
        .filter(|(r, field)| r.kind() == RecordKind::Case && field == "defendants")
        .map(|(r, _)| r.id().to_string())
        .collect();
    let held_in: Vec<String> = referrers
        .iter()
        .filter_map(|(r, _)| match r {
            Record::DetentionEpisode(d) if d.end.is_none() => d.facility.map(|f| f.to_string()),
            _ => None,
        })
        .collect();
    let one_case = match cases.as_slice() {
        [only] => Some(only.clone()),
        _ => None,
    };
    let mut detention = vec![("person", id.to_owned())];
    let mut welfare = vec![("person", id.to_owned())];
    if let Some(case) = &one_case {
        detention.push(("case", case.clone()));
    }
    if let [facility] = held_in.as_slice() {
        welfare.push(("facility", facility.clone()));
    }
    let mut v = vec![
        (RecordKind::Case, vec![("defendants", id.to_owned())]),
        (RecordKind::DetentionEpisode, detention),
    ];
    if let Some(case) = one_case {
        v.push((RecordKind::Hearing, vec![("case", case)]));
    }
    v.extend([
        (RecordKind::WelfareReport, welfare),
        (
            RecordKind::Complaint,
            vec![("filer", id.to_owned()), ("on_behalf_of", id.to_owned())],
        ),
        (
            RecordKind::Incident,
            vec![
                ("victims.0.role", "target".to_owned()),
                ("victims.0.person", id.to_owned()),
            ],
        ),
        (RecordKind::Relationship, vec![("subject", id.to_owned())]),
        (RecordKind::Recognition, vec![("persons", id.to_owned())]),
        (RecordKind::MediaItem, vec![("targets", id.to_owned())]),
    ]);
    v
}
