//! The form for every kind of record other than a person: fields laid out
//! from `specs.rs`, errors beside each field, nothing written until all of
//! it is right.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::Value;
use vigil_app::AppError;
use vigil_app::accounts::Staff;
use vigil_app::workspace::{NewPlace, Workspace};
use vigil_domain::{Record, RecordKind, Visibility};

use super::fields::{self, Field, Raw};
use super::view::{FieldView, has_pickers, views};
use super::{picker, specs};
use crate::staff::{RequireStaff, StaffForm, staff_page};
use crate::{Chrome, WebError};

#[derive(Template)]
#[template(path = "staff_record_form.html")]
struct FormPage {
    c: Chrome,
    s: Staff,
    title: String,
    action: String,
    json_link: String,
    fields: Vec<FieldView>,
    visibility: Vec<(&'static str, bool)>,
    general: Option<String>,
    notice: Option<String>,
    has_errors: bool,
    /// The form has pickers: Enter in a text box finds, never saves.
    finds: bool,
}

/// Visibilities this role may give a record, `current` selected.
fn visibility_choices(ws: &Workspace, current: &str) -> Vec<(&'static str, bool)> {
    ws.settable_levels()
        .into_iter()
        .map(|v| (v.as_str(), v.as_str() == current))
        .collect()
}

struct Shown {
    kind: RecordKind,
    action: String,
    title: String,
    json_link: String,
}

/// What a render shows beyond the fields: errors, a notice, the row added.
#[derive(Default)]
struct Said {
    errors: HashMap<&'static str, String>,
    general: Option<String>,
    notice: Option<String>,
    more: Option<String>,
}

impl Said {
    fn errors(errors: HashMap<&'static str, String>, general: Option<String>) -> Said {
        Said {
            errors,
            general,
            ..Said::default()
        }
    }
}

async fn render(
    ws: &Workspace,
    c: Chrome,
    shown: Shown,
    raw: &Raw,
    visibility: &str,
    said: Said,
) -> Result<Response, WebError> {
    let spec = specs::fields(shown.kind, &c.i18n);
    let status = if said.errors.is_empty() && said.general.is_none() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = FormPage {
        fields: views(ws, &c, &spec, raw, &said.errors, said.more.as_deref()).await?,
        visibility: visibility_choices(ws, visibility),
        general: said.general,
        notice: said.notice,
        has_errors: !said.errors.is_empty(),
        finds: has_pickers(&spec),
        title: shown.title,
        action: shown.action,
        json_link: shown.json_link,
        s: ws.staff().clone(),
        c,
    };
    let policy = if page.finds { crate::OWN_SCRIPT } else { "" };
    let mut res = (status, staff_page(page.render()?)).into_response();
    if !policy.is_empty() {
        res.headers_mut().insert(
            axum::http::header::CONTENT_SECURITY_POLICY,
            axum::http::HeaderValue::from_static(policy),
        );
    }
    Ok(res)
}

fn new_shown(c: &Chrome, kind: RecordKind) -> Shown {
    Shown {
        kind,
        action: format!("/staff/form/{}", kind.as_str()),
        title: format!("{}: {}", c.i18n.t("new-record"), c.i18n.kind(kind)),
        json_link: format!("/staff/new/{}", kind.as_str()),
    }
}

fn edit_shown(c: &Chrome, r: &Record) -> Shown {
    Shown {
        kind: r.kind(),
        action: format!("/staff/records/{}/form", r.id()),
        title: format!("{}: {}", c.i18n.t("edit"), r.label()),
        json_link: format!("/staff/records/{}/edit", r.id()),
    }
}

/// A kind that has a form, from an address.
fn form_kind(kind: &str) -> Result<RecordKind, AppError> {
    RecordKind::parse(kind)
        .filter(|k| specs::has_form(*k))
        .ok_or_else(|| AppError::not_found("form"))
}

/// `GET /staff/form/{kind}`: a blank form; `?field=value` fills fields in
/// (the "new hearing for this case" links use it), a field named twice
/// picks two records, and `?_find.field=text` starts its picker's search.
pub(crate) async fn new_form(
    c: Chrome,
    RequireStaff(ws): RequireStaff,
    Path(kind): Path<String>,
    Query(prefill): Query<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    ws.editor()?;
    if kind == "person" {
        return Ok(Redirect::to("/staff/people/new").into_response());
    }
    let kind = form_kind(&kind)?;
    let spec = specs::fields(kind, &c.i18n);
    let mut raw = fields::raw_from_json(&spec, &specs::start(kind));
    let mut filled = std::collections::HashSet::new();
    for (name, value) in prefill.iter().take(64) {
        let field = name.strip_prefix("_find.").unwrap_or(name);
        if !specs::has_input(&spec, field) {
            continue;
        }
        let values = raw.entry(name.clone()).or_default();
        if filled.insert(name) {
            values.clear();
        }
        values.push(fields::clip(value));
    }
    let shown = new_shown(&c, kind);
    render(&ws, c, shown, &raw, "internal", Said::default()).await
}

/// `GET /staff/records/{id}/form`
pub(crate) async fn edit_form(
    c: Chrome,
    RequireStaff(ws): RequireStaff,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let old = ws.record(&id).await?;
    if old.kind() == RecordKind::Person {
        return Ok(Redirect::to(&format!("/staff/people/{}/edit", old.id())).into_response());
    }
    let old = ws.editor()?.open(&id).await?;
    form_kind(old.kind().as_str())?;
    let spec = specs::fields(old.kind(), &c.i18n);
    let raw = fields::raw_from_json(&spec, &serde_json::to_value(&old)?);
    let shown = edit_shown(&c, &old);
    let vis = old.visibility().as_str();
    render(&ws, c, shown, &raw, vis, Said::default()).await
}

pub(crate) async fn create(
    c: Chrome,
    Path(kind): Path<String>,
    form: StaffForm,
) -> Result<Response, WebError> {
    let kind = form_kind(&kind)?;
    let shown = new_shown(&c, kind);
    submit(c, form, None, specs::start(kind), shown).await
}

pub(crate) async fn update(
    c: Chrome,
    Path(id): Path<String>,
    form: StaffForm,
) -> Result<Response, WebError> {
    let old = form.ws.editor()?.open(&id).await?;
    form_kind(old.kind().as_str())?;
    let base = serde_json::to_value(&old)?;
    let shown = edit_shown(&c, &old);
    submit(c, form, Some(old), base, shown).await
}

/// Where a rule's complaint belongs: the field of that name, or one inside it.
fn field_for(spec: &[Field], rule_field: &str) -> Option<&'static str> {
    spec.iter()
        .find(|f| f.path == rule_field)
        .or_else(|| {
            spec.iter().find(|f| {
                f.path.starts_with(rule_field) && f.path[rule_field.len()..].starts_with('.')
            })
        })
        .map(|f| f.path)
}

/// What the form was sent for: to save, or to find, add a row or add a
/// court or prison and come back to the form.
enum Act {
    Save,
    Find,
    More(String),
    Add(String),
}

impl Act {
    fn of(raw: &Raw) -> Act {
        let act = fields::one(raw, "_act");
        if let Some(field) = act.strip_prefix("more:") {
            Act::More(field.to_owned())
        } else if let Some(field) = act.strip_prefix("add:") {
            Act::Add(field.to_owned())
        } else if act == "find" {
            Act::Find
        } else {
            Act::Save
        }
    }
}

async fn submit(
    c: Chrome,
    form: StaffForm,
    old: Option<Record>,
    base: Value,
    shown: Shown,
) -> Result<Response, WebError> {
    let ws = &form.ws;
    let editor = ws.editor()?;
    let mut raw = fields::raw_from_form(&form.pairs);
    let visibility = fields::one(&raw, "visibility").to_owned();
    match Act::of(&raw) {
        Act::Save => {}
        Act::Find => return render(ws, c, shown, &raw, &visibility, Said::default()).await,
        Act::More(field) => {
            let said = Said {
                more: Some(field),
                ..Said::default()
            };
            return render(ws, c, shown, &raw, &visibility, said).await;
        }
        Act::Add(field) => {
            let said = add_place(ws, &c, shown.kind, &field, &mut raw).await?;
            return render(ws, c, shown, &raw, &visibility, said).await;
        }
    }
    let spec = specs::fields(shown.kind, &c.i18n);
    let mut parsed = fields::parse(&spec, &raw, base, &c.i18n);
    match Visibility::parse(&visibility) {
        Some(v) => parsed.json["visibility"] = Value::String(v.as_str().into()),
        None => {
            let said = Said::errors(parsed.errors, Some(c.i18n.t("err-required")));
            return render(ws, c, shown, &raw, "", said).await;
        }
    }
    check_references(ws, &c, &mut parsed).await?;
    if !parsed.errors.is_empty() {
        let said = Said::errors(parsed.errors, None);
        return render(ws, c, shown, &raw, &visibility, said).await;
    }
    let record: Record = match serde_json::from_value(parsed.json) {
        Ok(r) => r,
        Err(e) => {
            let e = format!("{}: {e}", c.i18n.t("json-invalid"));
            let said = Said::errors(parsed.errors, Some(e));
            return render(ws, c, shown, &raw, &visibility, said).await;
        }
    };
    let written = match &old {
        None => editor.create(&record).await,
        Some(_) => editor.update(&record).await,
    };
    let (errors, general) = match written {
        Ok(()) => {
            return Ok(Redirect::to(&format!("/staff/records/{}", record.id())).into_response());
        }
        Err(AppError::Invalid(e)) => beside_fields(&spec, e),
        Err(e @ AppError::Conflict(_)) => (HashMap::new(), Some(e.to_string())),
        Err(e) => return Err(e.into()),
    };
    render(
        ws,
        c,
        shown,
        &raw,
        &visibility,
        Said::errors(errors, general),
    )
    .await
}

/// Add the court, prison or prosecutor's office typed into a picker's
/// "add" form, and choose it in that picker.
async fn add_place(
    ws: &Workspace,
    c: &Chrome,
    kind: RecordKind,
    field: &str,
    raw: &mut Raw,
) -> Result<Said, WebError> {
    let spec = specs::fields(kind, &c.i18n);
    let Some((target, multi)) = specs::target_of(&spec, field) else {
        return Err(AppError::invalid("This form has no such field.").into());
    };
    let Some(org_kind) = target.addable() else {
        return Err(AppError::invalid("Nothing can be added to this field.").into());
    };
    let name = fields::one(raw, &picker::add_name(field, "name")).to_owned();
    let top = field.split('.').next().unwrap_or(field);
    let top: &'static str = spec.iter().find(|f| f.path == top).map_or("", |f| f.path);
    if name.is_empty() {
        let mut errors = HashMap::new();
        errors.insert(top, c.i18n.t("err-name-needed"));
        return Ok(Said::errors(errors, None));
    }
    let place = NewPlace {
        kind: org_kind,
        name: name.clone(),
        city: Some(fields::one(raw, &picker::add_name(field, "city")).to_owned()),
        country: Some(fields::one(raw, "country").to_owned()).filter(|c| !c.is_empty()),
    };
    let id = ws.editor()?.add_place(place).await?.to_string();
    let values = raw.entry(field.to_owned()).or_default();
    if multi {
        values.push(id);
    } else {
        *values = vec![id];
    }
    raw.remove(&picker::add_name(field, "name"));
    raw.remove(&picker::add_name(field, "city"));
    Ok(Said {
        notice: Some(c.i18n.with("pick-added", &[("name", name)])),
        ..Said::default()
    })
}

/// Every typed reference must name a record of the right kind this person may see.
async fn check_references(
    ws: &Workspace,
    c: &Chrome,
    parsed: &mut fields::Parsed,
) -> Result<(), WebError> {
    for check in &parsed.checks {
        match ws.find(check.id).await?.filter(|r| check.target.accepts(r)) {
            Some(r) => {
                if let Some(at) = &check.party_at {
                    fields::set_party_kind(&mut parsed.json, at, r.kind());
                }
            }
            None => {
                let kinds: Vec<String> = match check.target.orgs {
                    [] => check.target.kinds.iter().map(|k| c.i18n.kind(*k)).collect(),
                    orgs => orgs
                        .iter()
                        .map(|o| c.i18n.label("ok", *o, o.label()))
                        .collect(),
                };
                parsed.errors.entry(check.field).or_insert_with(|| {
                    c.i18n.with(
                        "err-no-such-record",
                        &[("kind", kinds.join(" / ")), ("id", check.id.to_string())],
                    )
                });
            }
        }
    }
    Ok(())
}

/// An invalid record's errors, each beside its field where the form has one.
fn beside_fields(
    spec: &[Field],
    e: vigil_app::Invalid,
) -> (HashMap<&'static str, String>, Option<String>) {
    let mut errors = HashMap::new();
    let mut general = Vec::new();
    for f in &e.fields {
        match field_for(spec, &f.field) {
            Some(path) => {
                errors.insert(path, f.message.clone());
            }
            None => general.push(f.message.clone()),
        }
    }
    if e.fields.is_empty() {
        general.push(e.message);
    }
    (errors, (!general.is_empty()).then(|| general.join("; ")))
}
