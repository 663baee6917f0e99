//! A reference field as a picker: the records chosen now (a radio or a
//! checkbox each), a search box whose results join them when the form is
//! sent with "Find", and, for a court, prison or prosecutor's office, a
//! small form to add one without leaving the page. It all works without
//! JavaScript: every step is a round trip that keeps what was typed.

use vigil_app::workspace::{Target, Workspace};
use vigil_domain::{AnyId, Record};

use super::fields::{Raw, lines, one};
use crate::{Chrome, WebError};

/// Results shown for one search.
const RESULTS: usize = 12;

/// The search box of the picker named `name`.
pub(crate) fn query_name(name: &str) -> String {
    format!("_find.{name}")
}

/// The inputs of the "add a new court" form inside the picker named `name`.
pub(crate) fn add_name(name: &str, part: &str) -> String {
    format!("_add.{name}.{part}")
}

pub(crate) struct PickView {
    /// The radios' or checkboxes' name (the field's path).
    pub name: String,
    /// Element ids start with this.
    pub id: String,
    pub multi: bool,
    /// A single optional reference offers "none".
    pub optional: bool,
    pub none_checked: bool,
    /// (id, label, checked)
    pub options: Vec<(String, String, bool)>,
    pub query_name: String,
    pub query: String,
    /// What the search box says for the script that enhances it.
    pub target: String,
    pub nothing: Option<String>,
    /// What the script says when it finds nothing.
    pub nothing_js: String,
    pub add: Option<AddView>,
}

pub(crate) struct AddView {
    pub summary: String,
    pub name_input: String,
    pub name_value: String,
    pub city_input: String,
    pub city_value: String,
    pub button: String,
    pub open: bool,
}

/// The ids a picker holds now: what was stored, prefilled or chosen.
pub(crate) fn chosen(raw: &Raw, name: &str, multi: bool) -> Vec<String> {
    if !multi {
        let one = one(raw, name);
        return (!one.is_empty())
            .then(|| one.to_owned())
            .into_iter()
            .collect();
    }
    let mut out: Vec<String> = Vec::new();
    for v in raw.get(name).into_iter().flatten() {
        for l in lines(v) {
            if !out.iter().any(|o| o == l) {
                out.push(l.to_owned());
            }
        }
    }
    out
}

/// How a record reads in a picker: its label, and what tells it apart.
pub(crate) fn describe(ws: &Workspace, c: &Chrome, r: &Record) -> String {
    let label = ws.label(r);
    let kind = c.i18n.kind(r.kind());
    match r {
        Record::Organization(o) => {
            let kind = c.i18n.label("ok", o.kind, o.kind.label());
            match &o.city {
                Some(city) => format!("{label}, {city} ({kind})"),
                None => format!("{label} ({kind})"),
            }
        }
        _ => format!("{label} ({kind})"),
    }
}

pub(crate) struct Spec<'a> {
    pub name: &'a str,
    pub id: String,
    pub target: Target,
    pub multi: bool,
    pub optional: bool,
}

pub(crate) async fn view(
    ws: &Workspace,
    c: &Chrome,
    spec: Spec<'_>,
    raw: &Raw,
) -> Result<PickView, WebError> {
    let ids = chosen(raw, spec.name, spec.multi);
    let mut options = Vec::new();
    for id in &ids {
        let label = match id.parse::<AnyId>() {
            Ok(parsed) => match ws.find(parsed).await? {
                Some(r) => describe(ws, c, &r),
                None => id.clone(),
            },
            Err(_) => id.clone(),
        };
        options.push((id.clone(), label, true));
    }
    let query_name = query_name(spec.name);
    let query = one(raw, &query_name).to_owned();
    let mut nothing = None;
    if !query.is_empty() {
        let found = ws.pick(spec.target, &query, RESULTS).await?;
        if found.is_empty() {
            nothing = Some(c.i18n.with("pick-nothing", &[("query", query.clone())]));
        }
        // A single record found for an empty single field is chosen at
        // once; the documenter sees it before saving.
        let only = ids.is_empty() && !spec.multi && found.len() == 1;
        for r in found {
            let id = r.id().to_string();
            if !ids.contains(&id) {
                options.push((id, describe(ws, c, &r), only));
            }
        }
    }
    let add = spec.target.addable().map(|kind| {
        let name_input = add_name(spec.name, "name");
        let city_input = add_name(spec.name, "city");
        let kind_label = c.i18n.label("ok", kind, kind.label());
        AddView {
            summary: c.i18n.with("pick-add", &[("kind", kind_label)]),
            name_value: one(raw, &name_input).to_owned(),
            city_value: one(raw, &city_input).to_owned(),
            open: !one(raw, &name_input).is_empty(),
            name_input,
            city_input,
            button: format!("add:{}", spec.name),
        }
    });
    Ok(PickView {
        name: spec.name.to_owned(),
        id: spec.id,
        multi: spec.multi,
        optional: spec.optional && !spec.multi,
        none_checked: !options.iter().any(|o| o.2),
        options,
        query_name,
        query,
        target: spec.target.name.to_owned(),
        nothing,
        nothing_js: c.i18n.t("pick-nothing-typed"),
        add,
    })
}

/// Largest query `/staff/pick` reads.
const MAX_QUERY: usize = 160;

#[derive(serde::Deserialize)]
pub(crate) struct PickQuery {
    target: String,
    #[serde(default)]
    q: String,
}

#[derive(serde::Serialize)]
struct Offer {
    id: String,
    label: String,
}

/// `GET /staff/pick?target=court&q=Bak`: what the picker's script offers
/// as one types, within the reader's clearance, as JSON.
pub(crate) async fn lookup(
    c: Chrome,
    crate::staff::RequireStaff(ws): crate::staff::RequireStaff,
    axum::extract::Query(query): axum::extract::Query<PickQuery>,
) -> Result<axum::response::Response, WebError> {
    use axum::response::IntoResponse;
    let target =
        Target::named(&query.target).ok_or_else(|| vigil_app::AppError::not_found("picker"))?;
    let q: String = query.q.chars().take(MAX_QUERY).collect();
    let offers: Vec<Offer> = ws
        .pick(target, &q, RESULTS)
        .await?
        .iter()
        .map(|r| Offer {
            id: r.id().to_string(),
            label: describe(&ws, &c, r),
        })
        .collect();
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, "application/json"),
            (axum::http::header::CACHE_CONTROL, "no-store"),
        ],
        serde_json::to_string(&offers)?,
    )
        .into_response())
}
