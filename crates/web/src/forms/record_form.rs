//! The form for every kind of record other than a person: fields laid out
//! from `specs.rs`, errors beside each field, nothing written until all of
//! it is right.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::Value;
use vigil_app::accounts::Staff;
use vigil_domain::{AnyId, Permission, Record, RecordKind, Visibility};

use super::fields::{self, Col, Field, Raw, W};
use super::specs;
use crate::staff::{RequireStaff, Stored, find_visible, forbidden, refuse_change, staff_page};
use crate::{AppState, Chrome, WebError};

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
        W::Refs(_) | W::Parties => c.i18n.t("hint-ids"),
        W::Ref(_) | W::OptRef(_) | W::Party { .. } => c.i18n.t("hint-id"),
        W::Names => c.i18n.t("hint-names"),
        W::Rows(cols_) => cols(cols_),
        _ => String::new(),
    }
}

/// The label of each record the field's value names, or why it cannot be shown.
async fn targets(state: &AppState, s: &Staff, w: &W, value: &str) -> Vec<String> {
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
            && let Ok(Some(r)) = state.store.get(id).await
            && s.may_see(r.visibility())
        {
            out.push(format!("{}: {}", r.kind(), r.label()));
        }
    }
    out
}

async fn organizations(
    state: &AppState,
    s: &Staff,
) -> Result<Option<Vec<(String, String)>>, WebError> {
    let orgs = state.store.list(RecordKind::Organization).await?;
    if orgs.len() > ORGANIZATION_CHOICES {
        return Ok(None);
    }
    let mut out: Vec<(String, String)> = orgs
        .iter()
        .filter(|r| s.may_see(r.visibility()))
        .map(|r| (r.id().to_string(), r.label()))
        .collect();
    out.sort_by_key(|o| o.1.to_lowercase());
    Ok(Some(out))
}

async fn views(
    state: &AppState,
    c: &Chrome,
    s: &Staff,
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
            targets: targets(state, s, &f.w, &value).await,
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
            W::Area { .. } | W::Lines | W::Refs(_) | W::Parties | W::Names | W::Rows(_) => {
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
                v.options = Visibility::ALL
                    .iter()
                    .filter(|x| s.may_see(**x))
                    .map(|x| {
                        let x = x.as_str();
                        (x.to_owned(), x.to_owned(), x == v.value)
                    })
                    .collect();
            }
            W::OptRef(RecordKind::Organization) => {
                if orgs.is_none() {
                    orgs = Some(organizations(state, s).await?);
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
                v.options = Visibility::ALL
                    .iter()
                    .filter(|x| s.may_see(**x))
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
fn visibility_choices(s: &Staff, current: &str) -> Vec<(&'static str, bool)> {
    Visibility::ALL
        .iter()
        .filter(|v| s.may_see(**v) && (**v != Visibility::Public || s.can(Permission::Publish)))
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
    state: &AppState,
    c: Chrome,
    s: Staff,
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
        fields: views(state, &c, &s, &spec, raw, &errors).await?,
        visibility: visibility_choices(&s, visibility),
        general,
        has_errors: !errors.is_empty(),
        title: shown.title,
        action: shown.action,
        json_link: shown.json_link,
        c,
        s,
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

fn form_kind(kind: &str) -> Option<RecordKind> {
    RecordKind::parse(kind).filter(|k| specs::has_form(*k))
}

/// `GET /staff/form/{kind}`: a blank form; `?field=value` fills fields in
/// (the "new hearing for this case" links use it).
pub(crate) async fn new_form(
    State(state): State<AppState>,
    c: Chrome,
    RequireStaff(s): RequireStaff,
    Path(kind): Path<String>,
    Query(prefill): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    if !s.can(Permission::Edit) {
        return Ok(forbidden("create records"));
    }
    if kind == "person" {
        return Ok(Redirect::to("/staff/people/new").into_response());
    }
    let Some(kind) = form_kind(&kind) else {
        return Ok(crate::not_found(c));
    };
    let spec = specs::fields(kind, &c.i18n);
    let mut raw = fields::raw_from_json(&spec, &specs::start(kind));
    for f in &spec {
        if let Some(v) = prefill.get(f.path) {
            raw.insert(f.path.to_owned(), vec![fields::clip(v)]);
        }
    }
    let shown = new_shown(&c, kind);
    render(&state, c, s, shown, &raw, "internal", HashMap::new(), None).await
}

/// `GET /staff/records/{id}/form`
pub(crate) async fn edit_form(
    State(state): State<AppState>,
    c: Chrome,
    RequireStaff(s): RequireStaff,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let Some(old) = find_visible(&state, &s, &id).await? else {
        return Ok(crate::not_found(c));
    };
    if old.kind() == RecordKind::Person {
        return Ok(Redirect::to(&format!("/staff/people/{}/edit", old.id())).into_response());
    }
    if !specs::has_form(old.kind()) {
        return Ok(crate::not_found(c));
    }
    if !s.can(Permission::Edit)
        || (old.visibility() == Visibility::Public && !s.can(Permission::Publish))
    {
        return Ok(forbidden("edit this record"));
    }
    let spec = specs::fields(old.kind(), &c.i18n);
    let raw = fields::raw_from_json(&spec, &serde_json::to_value(&old)?);
    let shown = edit_shown(&c, &old);
    let vis = old.visibility().as_str();
    render(&state, c, s, shown, &raw, vis, HashMap::new(), None).await
}

pub(crate) async fn create(
    State(state): State<AppState>,
    c: Chrome,
    RequireStaff(s): RequireStaff,
    Path(kind): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let Some(kind) = form_kind(&kind) else {
        return Ok(crate::not_found(c));
    };
    let shown = new_shown(&c, kind);
    submit(&state, c, s, form, None, specs::start(kind), shown).await
}

pub(crate) async fn update(
    State(state): State<AppState>,
    c: Chrome,
    RequireStaff(s): RequireStaff,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let Some(old) = find_visible(&state, &s, &id).await? else {
        return Ok(crate::not_found(c));
    };
    if !specs::has_form(old.kind()) {
        return Ok(crate::not_found(c));
    }
    let base = serde_json::to_value(&old)?;
    let shown = edit_shown(&c, &old);
    submit(&state, c, s, form, Some(old), base, shown).await
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
    state: &AppState,
    c: Chrome,
    s: Staff,
    form: Vec<(String, String)>,
    old: Option<Record>,
    base: Value,
    shown: Shown,
) -> Result<Response, WebError> {
    let pairs: HashMap<String, String> = form.iter().cloned().collect();
    if let Some(r) = refuse_change(&s, &pairs, Permission::Edit, "edit records") {
        return Ok(r);
    }
    let raw = fields::raw_from_form(&form);
    let spec = specs::fields(shown.kind, &c.i18n);
    let mut parsed = fields::parse(&spec, &raw, base, &c.i18n);
    let visibility = fields::one(&raw, "visibility");
    match Visibility::parse(visibility) {
        Some(v) => parsed.json["visibility"] = Value::String(v.as_str().into()),
        None => {
            let e = c.i18n.t("err-required");
            return render(state, c, s, shown, &raw, "", parsed.errors, Some(e)).await;
        }
    }
    // Every typed reference must name a record of the right kind this person may see.
    for check in &parsed.checks {
        let found = state.store.get(check.id).await?;
        match found.filter(|r| s.may_see(r.visibility()) && check.kinds.contains(&r.kind())) {
            Some(r) => {
                if let Some(at) = &check.party_at {
                    fields::set_party_kind(&mut parsed.json, at, r.kind());
                }
            }
            None => {
                let kinds: Vec<String> = check.kinds.iter().map(|k| kind_name(&c, *k)).collect();
                parsed.errors.entry(check.field).or_insert_with(|| {
                    c.i18n.with(
                        "err-no-such-record",
                        &[("kind", kinds.join(" / ")), ("id", check.id.to_string())],
                    )
                });
            }
        }
    }
    if !parsed.errors.is_empty() {
        return render(state, c, s, shown, &raw, visibility, parsed.errors, None).await;
    }
    let record: Record = match serde_json::from_value(parsed.json) {
        Ok(r) => r,
        Err(e) => {
            let e = format!("{}: {e}", c.i18n.t("json-invalid"));
            return render(state, c, s, shown, &raw, visibility, parsed.errors, Some(e)).await;
        }
    };
    if let Err(v) = record.validate() {
        let mut errors = parsed.errors;
        let general = match field_for(&spec, v.field) {
            Some(path) => {
                errors.insert(path, v.message);
                None
            }
            None => Some(v.to_string()),
        };
        return render(state, c, s, shown, &raw, visibility, errors, general).await;
    }
    match crate::staff::store_record(state, &s, &record, old.as_ref()).await? {
        Stored::Saved => {
            Ok(Redirect::to(&format!("/staff/records/{}", record.id())).into_response())
        }
        Stored::Refused(r) => Ok(r),
        Stored::Invalid(e) => {
            render(
                state,
                c,
                s,
                shown,
                &raw,
                visibility,
                HashMap::new(),
                Some(e),
            )
            .await
        }
    }
}
