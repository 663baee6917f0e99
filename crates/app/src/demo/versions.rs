//! The list's versions since 2021, from `data/demo/az-list-versions.csv`:
//! each version's date as the report gives it (a month-only date stays a
//! month), its count (the one inferred count marked so), and the report as
//! the cited source, with what else it said as the excerpt.

use std::collections::HashMap;

use serde::Deserialize;
use vigil_domain::records::*;
use vigil_domain::{Id, Visibility};

use super::{Demo, date, demo_id};

pub(crate) const CSV: &str = include_str!("../../../../data/demo/az-list-versions.csv");

/// One row of the file.
#[derive(Debug, Deserialize)]
pub(crate) struct Row {
    pub published: String,
    pub count: u32,
    pub source: String,
    pub note: String,
}

pub(crate) fn rows() -> Vec<Row> {
    csv::Reader::from_reader(CSV.as_bytes())
        .deserialize()
        .collect::<Result<Vec<Row>, _>>()
        .expect("the shipped list versions parse")
}

/// The id of the version published on `published` (as the file writes it).
pub(crate) fn version_id(published: &str) -> Id<ListVersion> {
    demo_id(&format!("list-version:{published}"))
}

/// The source record of the report at `url`.
pub(crate) fn report_id(url: &str) -> Id<Source> {
    demo_id(&format!("source:{url}"))
}

/// The report at `url`, one source record however many rows cite it.
fn report(demo: &mut Demo, seen: &mut HashMap<String, Id<Source>>, url: &str) -> Id<Source> {
    if let Some(id) = seen.get(url) {
        return *id;
    }
    let id = report_id(url);
    demo.push(Source {
        id,
        visibility: Visibility::Public,
        sources: vec![],
        kind: SourceKind::Article,
        title: url
            .trim_start_matches("https://")
            .trim_start_matches("www.")
            .to_owned(),
        author: None,
        publisher: None,
        date: None,
        url: Some(url.to_owned()),
        language: None,
        machine_translated: false,
        reliability: None,
        file: None,
    });
    seen.insert(url.to_owned(), id);
    id
}

/// Every version in the file, of `list`, published by `union`.
pub(crate) fn load(demo: &mut Demo, list: Id<PrisonerList>, union: Id<Organization>) {
    let mut seen = HashMap::new();
    for row in rows() {
        let source = report(demo, &mut seen, &row.source);
        let excerpt = if row.note.is_empty() {
            format!("{} political prisoners", row.count)
        } else {
            format!("{} political prisoners; {}", row.count, row.note)
        };
        let inferred = row.note.contains("inferred");
        demo.push(ListVersion {
            id: version_id(&row.published),
            visibility: Visibility::Public,
            sources: vec![SourceLink::new(source, excerpt)],
            list,
            date: date(&row.published),
            publisher: Some(union),
            document: None,
            published_count: Some(row.count),
            count_qualifier: Some(if inferred {
                CountQualifier::Inferred
            } else {
                CountQualifier::Exactly
            }),
            entries: vec![],
        });
    }
}
