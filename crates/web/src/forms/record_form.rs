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
use vigil_app::workspace::{Listing, Workspace};
use vigil_domain::{AnyId, Record, RecordKind, Visibility};

use super::fields::{self, Col, Field, Raw, W};
use super::specs;
use crate::staff::{RequireStaff, StaffForm, staff_page};
use crate::{Chrome, WebError};

/// Organizations are offered as a list to pick from up to this many; past it, by id.
const ORGANIZATION_CHOICES: usize = 400;

/// One field as the template shows it.
struct FieldView {
    /// The input's name (the field's path in the record).
    name: String,
    /// The element id: the name with dots made dashes.
    id: String,
    label: String,
    hint: String,
    /// text, area, select, checks, check, texts, guarded
    input: &'static str,
    value: String,
    /// (value, label, selected)
    options: Vec<(String, String, bool)>,
    /// For `texts`: (name, id, language, its label, text).
    texts: Vec<(String, String, &'static str, String, String)>,
    /// What the typed references point at now, for the reader to confirm.
    targets: Vec<String>,
    rows: usize,
    error: Option<String>,
}

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
    has_errors: bool,
}

fn html_id(path: &str) -> String {
    format!("f-{}", path.replace('.', "-"))
}

fn hint(c: &Chrome, w: &W) -> String {
    let cols = |cols: &[(&'static str, Col)]| {
        c.i18n.with(
            "hint-rows",
            &[(
                "columns",
                cols.iter().map(|(k, _)| *k).collect::<Vec<_>>().join(" | "),
            )],
        )
    };
    match w {
        W::Date { .. } => c.i18n.t("hint-partial-date"),
        W::Day => "YYYY-MM-DD".into(),
        W::Time => "HH:MM".into(),
        W::Zone => "Asia/Baku".into(),
        W::Country => c.i18n.t("hint-country"),
        W::Lines => c.i18n.t("hint-lines"),
        W::Dates => c.i18n.t("hint-dates"),
        W::Refs(_) | W::Parties => c.i18n.t("hint-ids"),
        W::Ref(_) | W::OptRef(_) | W::Party { .. } => c.i18n.t("hint-id"),
        W::Names => c.i18n.t("hint-names"),
        W::Rows(cols_) => cols(cols_),
        _ => String::new(),
    }
}

/// The label of each record the field's value names, or why it cannot be shown.
async fn targets(ws: &Workspace, w: &W, value: &str) -> Vec<String> {
    if !matches!(
        w,
        W::Ref(_) | W::OptRef(_) | W::Refs(_) | W::Party { .. } | W::Parties
    ) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for line in value
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(20)
    {
        if let Ok(id) = line.parse::<AnyId>()
            && let Ok(Some(r)) = ws.find(id).await
        {
            out.push(format!("{}: {}", r.kind(), ws.label(&r)));
        }
    }
    out
}

/// Organizations to pick from, when there are few enough to list.
async fn organizations(ws: &Workspace) -> Result<Option<Vec<(String, String)>>, WebError> {
    let listing = Listing {
        per_page: ORGANIZATION_CHOICES as u64,
        ..Listing::default()
    };
    let found = ws.list_page(RecordKind::Organization, &listing).await?;
    if found.total > ORGANIZATION_CHOICES as u64 {
        return Ok(None);
    }
    let mut out: Vec<(String, String)> = found
        .rows
        .iter()
        .map(|r| (r.id().to_string(), ws.label(r)))
        .collect();
    out.sort_by_key(|o| o.1.to_lowercase());
    Ok(Some(out))
}

async fn views(
    ws: &Workspace,
    c: &Chrome,
    spec: &[Field],
    raw: &Raw,
    errors: &HashMap<&'static str, String>,
) -> Result<Vec<FieldView>, WebError> {
    let mut orgs: Option<Option<Vec<(String, String)>>> = None;
    let mut out = Vec::new();
    for f in spec {
        let value = fields::one(raw, f.path).to_owned();
        let all: Vec<&str> = raw
            .get(f.path)
            .map(|v| v.iter().map(|s| s.trim()).collect())
            .unwrap_or_default();
        let mut v = FieldView {
            name: f.path.to_owned(),
            id: html_id(f.path),
            label: c.i18n.t(&format!("field-{}", f.label)),
            hint: hint(c, &f.w),
            input: "text",
            options: Vec::new(),
            texts: Vec::new(),
            targets: targets(ws, &f.w, &value).await,
            rows: 1 + value.lines().count().min(12),
            error: errors.get(f.path).cloned(),
            value,
        };
        let select = |opts: &fields::Opts, blank: bool, value: &str| {
            let mut o: Vec<(String, String, bool)> = Vec::new();
            if blank {
                o.push((String::new(), "—".into(), value.is_empty()));
            }
            o.extend(opts.iter().map(|(k, l)| (k.clone(), l.clone(), k == value)));
            o
        };
        match &f.w {
            W::Area { .. }
            | W::Lines
            | W::Dates
            | W::Refs(_)
            | W::Parties
            | W::Names
            | W::Rows(_) => {
                v.input = "area";
                v.rows = v.rows.max(3);
            }
            W::Choice(opts) => {
                v.input = "select";
                v.options = select(opts, false, &v.value);
            }
            W::OptChoice(opts) => {
                v.input = "select";
                v.options = select(opts, true, &v.value);
            }
            W::MaybeBool => {
                v.input = "select";
                let yes_no = vec![
                    ("yes".to_owned(), c.i18n.t("yes")),
                    ("no".to_owned(), c.i18n.t("no")),
                ];
                v.options = select(&yes_no, true, &v.value);
            }
            W::Choices(opts) => {
                v.input = "checks";
                v.options = opts
                    .iter()
                    .map(|(k, l)| (k.clone(), l.clone(), all.contains(&k.as_str())))
                    .collect();
            }
            W::Check => v.input = "check",
            W::Visibility => {
                v.input = "select";
                v.options = ws
                    .visible_levels()
                    .iter()
                    .map(|x| {
                        let x = x.as_str();
                        (x.to_owned(), x.to_owned(), x == v.value)
                    })
                    .collect();
            }
            W::OptRef(RecordKind::Organization) => {
                if orgs.is_none() {
                    orgs = Some(organizations(ws).await?);
                }
                if let Some(Some(list)) = &orgs {
                    v.input = "select";
                    v.hint.clear();
                    v.targets.clear();
                    v.options = select(list, true, &v.value);
                }
            }
            W::Texts => {
                v.input = "texts";
                v.texts = fields::TEXT_LANGUAGES
                    .iter()
                    .map(|l| {
                        let name = format!("{}.{l}", f.path);
                        let text = fields::one(raw, &name).to_owned();
                        let label = c.i18n.t(&format!("text-in-{l}"));
                        (name.clone(), html_id(&name), *l, label, text)
                    })
                    .collect();
            }
            W::Guarded { .. } => {
                v.input = "guarded";
                let chosen = fields::one(raw, &format!("{}.visibility", f.path));
                let chosen = if chosen.is_empty() {
                    "confidential"
                } else {
                    chosen
                };
                v.options = ws
                    .visible_levels()
                    .iter()
                    .map(|x| {
                        (
                            x.as_str().to_owned(),
                            x.as_str().to_owned(),
                            x.as_str() == chosen,
                        )
                    })
                    .collect();
            }
            _ => {}
        }
        out.push(v);
    }
    Ok(out)
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

#[allow(clippy::too_many_arguments)]
async fn render(
    ws: &Workspace,
    c: Chrome,
    shown: Shown,
    raw: &Raw,
    visibility: &str,
    errors: HashMap<&'static str, String>,
    general: Option<String>,
) -> Result<Response, WebError> {
    let spec = specs::fields(shown.kind, &c.i18n);
    let status = if errors.is_empty() && general.is_none() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = FormPage {
        fields: views(ws, &c, &spec, raw, &errors).await?,
        visibility: visibility_choices(ws, visibility),
        general,
        has_errors: !errors.is_empty(),
        title: shown.title,
        action: shown.action,
        json_link: shown.json_link,
        s: ws.staff().clone(),
        c,
    };
    Ok((status, staff_page(page.render()?)).into_response())
}

fn new_shown(c: &Chrome, kind: RecordKind) -> Shown {
    Shown {
        kind,
        action: format!("/staff/form/{}", kind.as_str()),
        title: format!("{}: {}", c.i18n.t("new-record"), kind_name(c, kind)),
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

fn kind_name(c: &Chrome, kind: RecordKind) -> String {
    c.i18n
        .t(&format!("kind-{}", kind.as_str().replace('_', "-")))
}

/// A kind that has a form, from an address.
fn form_kind(kind: &str) -> Result<RecordKind, AppError> {
    RecordKind::parse(kind)
        .filter(|k| specs::has_form(*k))
        .ok_or_else(|| AppError::not_found("form"))
}

/// `GET /staff/form/{kind}`: a blank form; `?field=value` fills fields in
/// (the "new hearing for this case" links use it).
pub(crate) async fn new_form(
    c: Chrome,
    RequireStaff(ws): RequireStaff,
    Path(kind): Path<String>,
    Query(prefill): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    ws.editor()?;
    if kind == "person" {
        return Ok(Redirect::to("/staff/people/new").into_response());
    }
    let kind = form_kind(&kind)?;
    let spec = specs::fields(kind, &c.i18n);
    let mut raw = fields::raw_from_json(&spec, &specs::start(kind));
    for f in &spec {
        if let Some(v) = prefill.get(f.path) {
            raw.insert(f.path.to_owned(), vec![fields::clip(v)]);
        }
    }
    let shown = new_shown(&c, kind);
    render(&ws, c, shown, &raw, "internal", HashMap::new(), None).await
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
    render(&ws, c, shown, &raw, vis, HashMap::new(), None).await
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

async fn submit(
    c: Chrome,
    form: StaffForm,
    old: Option<Record>,
    base: Value,
    shown: Shown,
) -> Result<Response, WebError> {
    let ws = &form.ws;
    let editor = ws.editor()?;
    let raw = fields::raw_from_form(&form.pairs);
    let spec = specs::fields(shown.kind, &c.i18n);
    let mut parsed = fields::parse(&spec, &raw, base, &c.i18n);
    let visibility = fields::one(&raw, "visibility");
    match Visibility::parse(visibility) {
        Some(v) => parsed.json["visibility"] = Value::String(v.as_str().into()),
        None => {
            let e = c.i18n.t("err-required");
            return render(ws, c, shown, &raw, "", parsed.errors, Some(e)).await;
        }
    }
    check_references(ws, &c, &mut parsed).await?;
    if !parsed.errors.is_empty() {
        return render(ws, c, shown, &raw, visibility, parsed.errors, None).await;
    }
    let record: Record = match serde_json::from_value(parsed.json) {
        Ok(r) => r,
        Err(e) => {
            let e = format!("{}: {e}", c.i18n.t("json-invalid"));
            return render(ws, c, shown, &raw, visibility, parsed.errors, Some(e)).await;
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
    render(ws, c, shown, &raw, visibility, errors, general).await
}

/// Every typed reference must name a record of the right kind this person may see.
async fn check_references(
    ws: &Workspace,
    c: &Chrome,
    parsed: &mut fields::Parsed,
) -> Result<(), WebError> {
    for check in &parsed.checks {
        match ws
            .find(check.id)
            .await?
            .filter(|r| check.kinds.contains(&r.kind()))
        {
            Some(r) => {
                if let Some(at) = &check.party_at {
                    fields::set_party_kind(&mut parsed.json, at, r.kind());
                }
            }
            None => {
                let kinds: Vec<String> = check.kinds.iter().map(|k| kind_name(c, *k)).collect();
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
