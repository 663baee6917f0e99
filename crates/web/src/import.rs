//! List import in the workspace: upload a CSV or XLSX list, choose its
//! columns, see each row's decision with its candidate and score, decide the
//! rows held for review (link to the candidate, create a new person, or leave
//! out), and apply, all or nothing. The uploaded file is kept in the store by
//! its SHA-256 between the steps, so the pages work without scripts.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use vigil_app::AppError;
use vigil_app::import::{self, Columns, Matching, Planned, Table};
use vigil_app::workspace::{Editor, Workspace};
use vigil_domain::PartialDate;
use vigil_names::Decision;

use crate::apart::{CandidateView, views};
use crate::staff::{RequireStaff, StaffForm, StaffUpload, staff_page};
use crate::{Chrome, WebError};

/// Largest list the workspace takes (the command line takes larger ones).
pub(crate) const MAX_UPLOAD_BYTES: usize = 8 * 1024 * 1024 - 64 * 1024;

#[derive(Template)]
#[template(path = "staff_import.html")]
struct UploadPage {
    c: Chrome,
    s: vigil_app::accounts::Staff,
    error: Option<String>,
}

pub(crate) async fn upload_page(
    c: Chrome,
    RequireStaff(ws): RequireStaff,
) -> Result<Response, WebError> {
    ws.editor()?;
    let s = ws.staff().clone();
    Ok(staff_page(UploadPage { c, s, error: None }.render()?))
}

/// The upload page again, with what was wrong: 422 for a file that is not
/// a list Vigil can read, 413 for one that passes a limit.
fn again(ws: &Workspace, c: Chrome, error: String) -> Result<Response, WebError> {
    again_with(StatusCode::UNPROCESSABLE_ENTITY, ws, c, error)
}

fn again_with(
    status: StatusCode,
    ws: &Workspace,
    c: Chrome,
    error: String,
) -> Result<Response, WebError> {
    let page = UploadPage {
        c,
        s: ws.staff().clone(),
        error: Some(error),
    };
    Ok((status, staff_page(page.render()?)).into_response())
}

/// The upload: the file is read once to check it is a table, then kept.
pub(crate) async fn upload(c: Chrome, upload: StaffUpload) -> Result<Response, WebError> {
    let (ws, up) = match upload {
        StaffUpload::Complete(ws, up) => (ws, up),
        StaffUpload::Broken(ws) => {
            ws.editor()?;
            let e = c.i18n.t("import-err-upload");
            return again(&ws, c, e);
        }
    };
    let editor = ws.editor()?;
    let Some(bytes) = up.file.map(|(b, _)| b).filter(|b| !b.is_empty()) else {
        let e = c.i18n.t("import-err-no-file");
        return again(&ws, c, e);
    };
    if bytes.len() > MAX_UPLOAD_BYTES {
        let e = c.i18n.t("import-err-too-large");
        return again_with(StatusCode::PAYLOAD_TOO_LARGE, &ws, c, e);
    }
    let sha = match editor.keep_list_file(&bytes).await {
        Ok(sha) => sha,
        Err(AppError::Invalid(e)) => return again(&ws, c, e.to_string()),
        Err(AppError::TooLarge(e)) => {
            return again_with(StatusCode::PAYLOAD_TOO_LARGE, &ws, c, e);
        }
        Err(e) => return Err(e.into()),
    };
    let mut next = format!("/staff/import/{sha}");
    let mut sep = '?';
    for key in ["list", "published"] {
        if let Some(v) = up.fields.get(key).filter(|v| !v.trim().is_empty()) {
            next.push_str(&format!(
                "{sep}{key}={}",
                form_urlencoded::byte_serialize(v.trim().as_bytes()).collect::<String>()
            ));
            sep = '&';
        }
    }
    Ok(Redirect::to(&next).into_response())
}

/// One row of the preview.
pub(crate) struct PreviewRow {
    row: usize,
    input: String,
    reference: String,
    decision: &'static str,
    /// The choice checked: `match:<id>`, `review` or `new`.
    chosen: String,
    candidates: Vec<CandidateView>,
}

#[derive(Template)]
#[template(path = "staff_import_preview.html")]
struct PreviewPage {
    c: Chrome,
    s: vigil_app::accounts::Staff,
    sha: String,
    header: Vec<String>,
    columns: Columns,
    list: String,
    published: String,
    error: Option<String>,
    rows: Vec<PreviewRow>,
    counts: (usize, usize, usize),
}

/// The file kept under `sha`, read as a table.
async fn kept_table(editor: &Editor<'_>, sha: &str) -> Result<Table, AppError> {
    if sha.len() != 64 || !sha.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(AppError::not_found("list file"));
    }
    editor.list_file(sha).await.map_err(|e| match e {
        AppError::Invalid(_) => AppError::not_found("list file"),
        other => other,
    })
}

fn columns_from(params: &HashMap<String, String>, table: &Table) -> Columns {
    let pick = |k: &str| {
        params
            .get(k)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    match pick("col_name") {
        Some(name) => Columns {
            name,
            reference: pick("col_ref"),
            number: pick("col_number"),
            born: pick("col_born"),
        },
        None => table.guess().unwrap_or_else(|| Columns {
            name: table
                .header
                .first()
                .map(|h| h.trim().to_owned())
                .unwrap_or_default(),
            reference: None,
            number: None,
            born: None,
        }),
    }
}

fn parse_published(v: Option<&String>) -> Result<Option<PartialDate>, String> {
    match v.map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(d) => d
            .parse::<PartialDate>()
            .map(Some)
            .map_err(|e| e.to_string()),
    }
}

pub(crate) async fn preview(
    c: Chrome,
    RequireStaff(ws): RequireStaff,
    Path(sha): Path<String>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let editor = ws.editor()?;
    let table = kept_table(&editor, &sha).await?;
    let columns = columns_from(&params, &table);
    let list = params.get("list").cloned().unwrap_or_default();
    let published = params.get("published").cloned().unwrap_or_default();
    let mut error = parse_published(params.get("published")).err();
    let mut rows = Vec::new();
    let mut counts = (0, 0, 0);
    match table.rows(&columns) {
        Err(e) => error = Some(e.to_string()),
        Ok(read) => {
            let title = Some(list.trim()).filter(|t| !t.is_empty());
            let planned = editor.plan_import(&read, Matching::On, title).await?;
            for p in &planned {
                match p.decision {
                    Decision::Match => counts.0 += 1,
                    Decision::Review => counts.1 += 1,
                    Decision::New => counts.2 += 1,
                }
            }
            let ids: Vec<_> = planned
                .iter()
                .flat_map(|p| &p.candidates)
                .map(|c| c.person.id)
                .collect();
            let known = editor.tell_apart(ids).await?;
            rows = planned
                .iter()
                .map(|p| preview_row(&c.i18n, &known, p))
                .collect();
        }
    }
    let page = PreviewPage {
        header: table.header.iter().map(|h| h.trim().to_owned()).collect(),
        sha,
        columns,
        list,
        published,
        error,
        rows,
        counts,
        c,
        s: ws.staff().clone(),
    };
    Ok(staff_page(page.render()?))
}

fn preview_row(
    i: &crate::I18n,
    known: &HashMap<vigil_domain::Id<vigil_domain::records::Person>, import::Apart>,
    p: &Planned,
) -> PreviewRow {
    let chosen = match (p.decision, &p.person) {
        (Decision::Match, Some(c)) => format!("match:{}", c.id),
        (d, _) => d.as_str().to_owned(),
    };
    PreviewRow {
        row: p.row,
        input: p.input.clone(),
        reference: p.reference.clone().unwrap_or_default(),
        decision: p.decision.as_str(),
        chosen,
        candidates: views(
            i,
            p.candidates
                .iter()
                .filter_map(|c| Some((known.get(&c.person.id)?, c.score))),
        ),
    }
}

#[derive(Template)]
#[template(path = "staff_import_done.html")]
struct DonePage {
    c: Chrome,
    s: vigil_app::accounts::Staff,
    applied: import::Applied,
}

/// Apply: the rows are decided again against the store as it is now; a row
/// held for review is linked or created only as the editor chose.
pub(crate) async fn apply(
    c: Chrome,
    Path(sha): Path<String>,
    form: StaffForm,
) -> Result<Response, WebError> {
    let editor = form.ws.editor()?;
    let fields = form.map();
    let table = kept_table(&editor, &sha).await?;
    let columns = columns_from(&fields, &table);
    let published = parse_published(fields.get("published"))
        .map_err(|e| AppError::invalid_field("published", e))?;
    let read = table.rows(&columns)?;
    let list = form.text("list");
    let mut planned = editor
        .plan_import(&read, Matching::On, list.as_deref())
        .await?;
    // The editor's choice for each row (`row-N`), where one was sent.
    let mut choices = Vec::new();
    for p in &planned {
        if let Some(v) = fields.get(&format!("row-{}", p.row)) {
            let choice = v
                .parse::<import::Choice>()
                .map_err(|e| AppError::invalid_field(format!("row-{}", p.row), e.to_string()))?;
            choices.push((p.row, choice));
        }
    }
    import::choose_all(&mut planned, &choices)?;
    let target = import::Target { list, published };
    let applied = editor
        .apply_import(&planned, &target, jiff::Zoned::now().date())
        .await?;
    let s = form.ws.staff().clone();
    Ok(staff_page(DonePage { c, s, applied }.render()?))
}

/// One open row of the review queue, as shown.
pub(crate) struct QueueRow {
    id: String,
    row: i64,
    input: String,
    reference: String,
    candidates: Vec<CandidateView>,
    when: String,
    by: String,
}

#[derive(Template)]
#[template(path = "staff_review.html")]
struct QueuePage {
    c: Chrome,
    s: vigil_app::accounts::Staff,
    rows: Vec<QueueRow>,
}

/// `/staff/review`: the rows of imported lists that wait for a decision.
pub(crate) async fn queue(c: Chrome, RequireStaff(ws): RequireStaff) -> Result<Response, WebError> {
    let editor = ws.editor()?;
    let rows = editor
        .waiting_reviews()
        .await?
        .into_iter()
        .map(|import::Waiting { item, candidates }| QueueRow {
            candidates: views(&c.i18n, candidates.iter().map(|(a, s)| (a, *s))),
            id: item.id,
            row: item.row,
            input: item.input,
            reference: item.reference.unwrap_or_default(),
            when: item.created_at.chars().take(16).collect(),
            by: item.actor,
        })
        .collect();
    let s = ws.staff().clone();
    Ok(staff_page(QueuePage { c, s, rows }.render()?))
}

/// `POST /staff/review/{id}`: `decision` is `match:<person id>` (one of the
/// row's candidates) or `new` (someone else: a new person), as in the preview.
pub(crate) async fn decide(Path(id): Path<String>, form: StaffForm) -> Result<Response, WebError> {
    let editor = form.ws.editor()?;
    // The row in the address first: an unknown one is not found, whatever the form says.
    editor.review_item(&id).await?;
    let verdict = match form.get("decision").parse::<import::Choice>() {
        Ok(import::Choice::Match(p)) => import::Verdict::Link(p),
        Ok(import::Choice::New) => import::Verdict::Reject,
        _ => {
            return Err(AppError::invalid_field(
                "decision",
                "choose one of the candidates or someone else",
            )
            .into());
        }
    };
    editor.decide_review(&id, verdict).await?;
    Ok(Redirect::to("/staff/review").into_response())
}
