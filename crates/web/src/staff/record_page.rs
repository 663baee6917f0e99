//! A record's page in the workspace: its content cut to the role's
//! clearance, its timeline, who points at it, its history, and the forms
//! that publish it, cite a source for it, and merge another person into it.

use askama::Template;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use vigil_app::AppError;
use vigil_app::AuditEntry as Entry;
use vigil_app::accounts::Staff;
use vigil_app::workspace::{Citation, Workspace};
use vigil_domain::{AnyId, Record, RecordKind, Visibility};

use super::{RequireStaff, StaffForm, staff_page};
use crate::{Chrome, WebError};

#[derive(Template)]
#[template(path = "staff_record.html")]
struct RecordPage {
    c: Chrome,
    s: Staff,
    id: AnyId,
    kind: String,
    label: String,
    visibility: String,
    can_edit: bool,
    json: String,
    /// The form that edits this record, where it has one.
    edit_link: Option<String>,
    /// Forms for records that point at this one: (href, kind).
    add_links: Vec<(String, String)>,
    timeline: Vec<(String, String, String, AnyId)>,
    referrers: Vec<(AnyId, String, String)>,
    history: Vec<Entry>,
    /// Visibilities this role may set, the record's own selected.
    visibilities: Vec<(&'static str, bool)>,
    /// Sources this role may cite.
    sources: Vec<(AnyId, String)>,
    error: Option<String>,
    /// For a list or a list version: the page of the list's versions and changes.
    changes_link: Option<String>,
    /// Whether this role may merge another person into this one.
    may_merge: bool,
    /// Merges into this person not undone: (merge, when, who, the person absorbed).
    merges: Vec<(String, String, String, AnyId)>,
    /// A person this role may publish with their page's records.
    may_publish_with: bool,
    /// What this public record's public page leaves out: (id, kind, label).
    gaps: Vec<(AnyId, String, String)>,
    gaps_warning: String,
    /// The record as labelled facts.
    facts: Vec<crate::forms::Fact>,
    /// The name searched for a person to merge, and who answers it.
    merge_q: String,
    merge_options: Vec<(AnyId, String)>,
}

fn event_date(r: &Record) -> Option<String> {
    match r {
        Record::Case(c) => c
            .opened
            .or(c.verdict.as_ref().and_then(|v| v.date))
            .map(|d| d.to_string()),
        Record::Hearing(h) => Some(h.date.to_string()),
        Record::DetentionEpisode(d) => d.start.map(|d| d.to_string()),
        Record::WelfareReport(w) => w.date.map(|d| d.to_string()),
        Record::Incident(i) => i.date.map(|d| d.to_string()),
        Record::Complaint(c) => c.submitted_on.map(|d| d.to_string()),
        Record::Recognition(r) => r.date.map(|d| d.to_string()),
        Record::ListVersion(v) => Some(v.date.to_string()),
        Record::Relationship(r) => r.start.map(|d| d.to_string()),
        Record::MediaItem(m) => m.date.map(|d| d.to_string()),
        _ => None,
    }
}

#[derive(serde::Deserialize, Default)]
pub(crate) struct RecordQuery {
    /// A name to find the person to merge into this one by.
    #[serde(default)]
    merge_q: String,
}

pub(crate) async fn record(
    c: Chrome,
    RequireStaff(ws): RequireStaff,
    Path(id): Path<String>,
    axum::extract::Query(q): axum::extract::Query<RecordQuery>,
) -> Result<Response, WebError> {
    let merge_q: String = q.merge_q.chars().take(crate::MAX_QUERY_CHARS).collect();
    render(&ws, c, &id, None, &merge_q).await
}

async fn render_record(
    ws: &Workspace,
    c: Chrome,
    id: &str,
    error: Option<String>,
) -> Result<Response, WebError> {
    render(ws, c, id, error, "").await
}

/// People answering `q` that could be merged into `r`, found by name.
async fn merge_options(
    ws: &Workspace,
    c: &Chrome,
    r: &Record,
    q: &str,
) -> Result<Vec<(AnyId, String)>, WebError> {
    if r.kind() != RecordKind::Person || q.trim().is_empty() || ws.merger().is_err() {
        return Ok(Vec::new());
    }
    let found = ws.pick(vigil_app::workspace::Target::PERSON, q, 12).await?;
    Ok(found
        .iter()
        .filter(|o| o.id() != r.id())
        .map(|o| (o.id(), crate::forms::describe(ws, c, o)))
        .collect())
}

/// Dated records that refer to a person, and the hearings of their cases, oldest first.
async fn timeline(
    ws: &Workspace,
    c: &Chrome,
    referrers: &[(Record, String)],
) -> Result<Vec<(String, String, String, AnyId)>, WebError> {
    let mut out = Vec::new();
    let mut push = |r: &Record| {
        if let Some(d) = event_date(r) {
            out.push((d, c.i18n.kind(r.kind()), ws.label(r), r.id()));
        }
    };
    for (other, _) in referrers {
        push(other);
        // Hearings hang off the person's cases.
        if let Record::Case(case) = other {
            for (h, _) in ws.referrers(case.id.erase()).await? {
                if h.kind() == RecordKind::Hearing {
                    push(&h);
                }
            }
        }
    }
    out.sort();
    Ok(out)
}

async fn render(
    ws: &Workspace,
    c: Chrome,
    id: &str,
    error: Option<String>,
    merge_q: &str,
) -> Result<Response, WebError> {
    let r = ws.record(id).await?;
    let may = ws.may();
    let referred = ws.referrers(r.id()).await?;
    let timeline = if r.kind() == RecordKind::Person {
        timeline(ws, &c, &referred).await?
    } else {
        Vec::new()
    };
    let referrers = referred
        .iter()
        .map(|(o, field)| (o.id(), field.clone(), ws.label(o)))
        .collect();
    let merges = match (r.kind(), ws.merger()) {
        (RecordKind::Person, Ok(m)) => m
            .merges_into(vigil_domain::Id::from_uuid(r.id().0))
            .await?
            .into_iter()
            .map(|m| (m.id, super::when(ws.staff(), &m.at), m.actor, m.absorbed))
            .collect(),
        _ => Vec::new(),
    };
    let changes_link = match &r {
        Record::PrisonerList(l) => Some(format!("/staff/lists/{}", l.id)),
        Record::ListVersion(v) => Some(format!("/staff/lists/{}", v.list)),
        _ => None,
    };
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let gaps: Vec<(AnyId, String, String)> = ws
        .public_gaps(&r)
        .await?
        .iter()
        .map(|g| (g.id(), c.i18n.kind(g.kind()), ws.label(g)))
        .collect();
    let gaps_warning = c
        .i18n
        .with("gaps-warning", &[("count", gaps.len().to_string())]);
    let facts = crate::forms::facts(ws, &c, &r).await?;
    let merge_options = merge_options(ws, &c, &r, merge_q).await?;
    let page = RecordPage {
        merge_options,
        merge_q: merge_q.to_owned(),
        facts,
        gaps_warning,
        may_publish_with: r.kind() == RecordKind::Person && may.publish && ws.may_change(&r),
        gaps,
        changes_link,
        may_merge: r.kind() == RecordKind::Person && may.merge,
        merges,
        id: r.id(),
        kind: c.i18n.kind(r.kind()),
        label: ws.label(&r),
        visibility: r.visibility().to_string(),
        can_edit: ws.may_change(&r),
        json: serde_json::to_string_pretty(&ws.redacted_json(&r)).unwrap_or_default(),
        edit_link: crate::forms::edit_link(&r),
        add_links: if may.edit {
            crate::forms::add_links(&r, &referred, &c.i18n)
        } else {
            Vec::new()
        },
        timeline,
        referrers,
        history: super::in_reader_zone(ws.staff(), ws.history(&r).await?),
        visibilities: ws
            .settable_levels()
            .into_iter()
            .map(|v| (v.as_str(), v == r.visibility()))
            .collect(),
        sources: ws
            .all(RecordKind::Source)
            .await?
            .iter()
            .map(|x| (x.id(), ws.label(x)))
            .collect(),
        error,
        s: ws.staff().clone(),
        c,
    };
    Ok((status, staff_page(page.render()?)).into_response())
}

/// After a change to a record: its page, or the page again with what was
/// wrong; any other error is answered as such.
async fn after_change(
    ws: &Workspace,
    c: Chrome,
    id: &str,
    done: Result<Record, AppError>,
) -> Result<Response, WebError> {
    match done {
        Ok(r) => Ok(Redirect::to(&format!("/staff/records/{}", r.id())).into_response()),
        Err(AppError::Invalid(e)) => render_record(ws, c, id, Some(e.to_string())).await,
        Err(e) => Err(e.into()),
    }
}

/// Publish, withdraw, or change a record's visibility.
pub(crate) async fn set_visibility(
    c: Chrome,
    Path(id): Path<String>,
    form: StaffForm,
) -> Result<Response, WebError> {
    // The record in the address first: an unknown one is not found, whatever the form says.
    form.ws.record(&id).await?;
    let Some(v) = Visibility::parse(form.get("visibility")) else {
        return Err(AppError::invalid_field(
            "visibility",
            "choose public, internal or confidential",
        )
        .into());
    };
    let done = match form.ws.editor() {
        Ok(editor) => editor.set_visibility(&id, v).await,
        Err(e) => Err(e),
    };
    after_change(&form.ws, c, &id, done).await
}

/// Cite a source, with an excerpt, for a record or one of its fields.
pub(crate) async fn attach_source(
    c: Chrome,
    Path(id): Path<String>,
    form: StaffForm,
) -> Result<Response, WebError> {
    let citation = Citation {
        source: form.get("source").trim().to_owned(),
        excerpt: form.text("excerpt"),
        field: form.text("field"),
        visibility: Visibility::parse(form.get("visibility")),
    };
    let done = match form.ws.editor() {
        Ok(editor) => editor.cite(&id, citation).await,
        Err(e) => Err(e),
    };
    if let Err(AppError::Invalid(e)) = &done
        && e.fields.iter().any(|f| f.field == "source")
    {
        return render_record(&form.ws, c.clone(), &id, Some(c.i18n.t("source-missing"))).await;
    }
    after_change(&form.ws, c, &id, done).await
}
