//! The staff list of records of one kind (paged in the database) and the
//! staff search across every kind, both cut to the role's clearance.

use askama::Template;
use axum::extract::Query;
use axum::response::Response;
use vigil_app::accounts::Staff;
use vigil_app::workspace::Listing;
use vigil_domain::{AnyId, RecordKind, Visibility};

use super::{RequireStaff, staff_page};
use crate::public::Pager;
use crate::{Chrome, WebError};

/// Records shown on one page of the staff list.
const PER_PAGE: u64 = 100;

#[derive(serde::Deserialize, Default)]
pub(crate) struct RecordsQuery {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    visibility: String,
    #[serde(default)]
    q: String,
    #[serde(default)]
    sort: String,
    #[serde(default)]
    page: String,
}

#[derive(Template)]
#[template(path = "staff_records.html")]
struct RecordsPage {
    c: Chrome,
    s: Staff,
    kind: String,
    /// (kind, its name in the reader's language, chosen)
    kinds: Vec<(&'static str, String, bool)>,
    kind_label: String,
    visibilities: Vec<(&'static str, bool)>,
    sorts: Vec<(&'static str, String, bool)>,
    q: String,
    can_edit: bool,
    /// The kind has a form (besides the JSON editor).
    has_form: bool,
    rows: Vec<(AnyId, String, String)>,
    total: u64,
    capped: bool,
    pager: Pager,
}

pub(crate) async fn records(
    c: Chrome,
    RequireStaff(ws): RequireStaff,
    Query(q): Query<RecordsQuery>,
) -> Result<Response, WebError> {
    let kind = RecordKind::parse(&q.kind).unwrap_or(RecordKind::Person);
    let listing = Listing {
        visibility: Visibility::parse(&q.visibility),
        text: q.q.chars().take(crate::MAX_QUERY_CHARS).collect(),
        newest_first: q.sort != "oldest",
        page: q.page.trim().parse().unwrap_or(1),
        per_page: PER_PAGE,
    };
    let found = ws.list_page(kind, &listing).await?;
    let rows = found
        .rows
        .iter()
        .map(|r| (r.id(), ws.label(r), r.visibility().to_string()))
        .collect();
    let page = RecordsPage {
        kinds: RecordKind::ALL
            .iter()
            .map(|k| (k.as_str(), c.i18n.kind(*k), *k == kind))
            .collect(),
        kind_label: c.i18n.kind(kind),
        visibilities: ws
            .visible_levels()
            .into_iter()
            .map(|v| (v.as_str(), v.as_str() == q.visibility))
            .collect(),
        sorts: vec![
            ("newest", c.i18n.t("sort-newest"), q.sort != "oldest"),
            ("oldest", c.i18n.t("sort-oldest"), q.sort == "oldest"),
        ],
        kind: kind.as_str().to_owned(),
        q: listing.text.clone(),
        can_edit: ws.may().edit,
        has_form: crate::forms::has_form(kind),
        rows,
        total: found.total,
        capped: found.capped,
        pager: Pager::new(&c, found.page as usize, found.pages as usize),
        s: ws.staff().clone(),
        c,
    };
    Ok(staff_page(page.render()?))
}

/// One row of the staff search: the record, its label, where the text was found, the text.
pub(crate) struct SearchRow {
    id: AnyId,
    kind: &'static str,
    label: String,
    field: String,
    form: String,
    score: String,
}

#[derive(Template)]
#[template(path = "staff_search.html")]
struct SearchPage {
    c: Chrome,
    s: Staff,
    q: String,
    rows: Vec<SearchRow>,
}

/// `/staff/search`: every record whose names or texts answer the query, as far
/// as the role may see them; the matched text comes from the index, which
/// holds nothing above the role's clearance for the rows it returns.
pub(crate) async fn search(
    c: Chrome,
    RequireStaff(ws): RequireStaff,
    Query(params): Query<crate::SearchParams>,
) -> Result<Response, WebError> {
    let q = params.query();
    let rows = ws
        .search(&q, 50)
        .await?
        .into_iter()
        .map(|(h, r)| SearchRow {
            id: h.id,
            kind: h.kind.as_str(),
            label: ws.label(&r),
            field: h.field,
            form: h.form,
            score: format!("{:.2}", h.score),
        })
        .collect();
    let s = ws.staff().clone();
    Ok(staff_page(SearchPage { c, s, q, rows }.render()?))
}
