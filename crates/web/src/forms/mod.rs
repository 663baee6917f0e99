//! Forms for entering and editing records, with errors beside each field.
//! (Every kind can also be edited as JSON: see `staff.rs`.)

mod fields;
mod person;
mod record_form;
mod specs;

pub(crate) use person::{create_person, edit_person, new_person, update_person};
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

/// "Add" links from a record's page to the forms of records that point at
/// it, with the pointing field filled in: a detention for this person, a
/// hearing in this case.
pub(crate) fn add_links(r: &Record, i18n: &I18n) -> Vec<(String, String)> {
    let id = r.id().to_string();
    let linked: Vec<(RecordKind, &str, String)> = match r {
        Record::Person(_) => vec![
            (RecordKind::Case, "defendants", id.clone()),
            (RecordKind::DetentionEpisode, "person", id.clone()),
            (RecordKind::WelfareReport, "person", id.clone()),
            (RecordKind::Complaint, "filer", id.clone()),
            (RecordKind::Incident, "victims", format!("target | {id}")),
            (RecordKind::Relationship, "subject", id.clone()),
            (RecordKind::Recognition, "persons", id.clone()),
            (RecordKind::MediaItem, "targets", id.clone()),
        ],
        Record::Case(c) => {
            let mut v = vec![(RecordKind::Hearing, "case", id.clone())];
            if let [only] = c.defendants.as_slice() {
                v.push((RecordKind::DetentionEpisode, "person", only.to_string()));
            }
            v
        }
        Record::PrisonerList(_) => vec![(RecordKind::ListVersion, "list", id.clone())],
        Record::Campaign(_) => vec![(RecordKind::AdvocacyLetter, "campaign", id.clone())],
        Record::Organization(_) => vec![(RecordKind::Source, "publisher", id.clone())],
        _ => Vec::new(),
    };
    linked
        .into_iter()
        .map(|(kind, field, value)| {
            let mut href = format!("/staff/form/{}?{field}=", kind.as_str());
            href.extend(form_urlencoded::byte_serialize(value.as_bytes()));
            let label = i18n.t(&format!("kind-{}", kind.as_str().replace('_', "-")));
            (href, label)
        })
        .collect()
}
