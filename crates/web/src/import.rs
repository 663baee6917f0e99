//! List import in the workspace: upload a CSV or XLSX list, choose its
//! columns, see each row's decision with its candidate and score, decide the
//! rows held for review (link to the candidate, create a new person, or leave
//! out), and apply, all or nothing. The uploaded file is kept in the store by
//! its SHA-256 between the steps, so the pages work without scripts.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use vigil_app::import::{self, Columns, Matching, Planned, Table};
use vigil_domain::{PartialDate, Permission};
use vigil_names::Decision;

use crate::staff::{RequireStaff, csrf_refusal, forbidden, read_upload, refuse_change, staff_page};
use crate::{AppState, Chrome, WebError};

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
    RequireStaff(s): RequireStaff,
) -> Result<Response, WebError> {
    if !s.can(Permission::Edit) {
        return Ok(forbidden("import lists"));
    }
    Ok(staff_page(UploadPage { c, s, error: None }.render()?))
}

/// The upload: the file is read once to check it is a table, then kept.
pub(crate) async fn upload(
    State(state): State<AppState>,
    c: Chrome,
    RequireStaff(s): RequireStaff,
    mut multipart: Multipart,
) -> Result<Response, WebError> {
    let up = read_upload(&mut multipart).await;
    let fields = up.fields;
    let file = up.file.map(|(bytes, _)| bytes);
    let refused = up.broken.then(|| c.i18n.t("import-err-upload"));
    if let Some(r) = csrf_refusal(&s, &fields) {
        return Ok(r);
    }
    if !s.can(Permission::Edit) {
        return Ok(forbidden("import lists"));
    }
    let again = |c: Chrome, s, error: String| -> Result<Response, WebError> {
        Ok(staff_page(
            UploadPage {
                c,
                s,
                error: Some(error),
            }
            .render()?,
        ))
    };
    if let Some(e) = refused {
        return again(c, s, e);
    }
    let Some(bytes) = file.filter(|b| !b.is_empty()) else {
        let e = c.i18n.t("import-err-no-file");
        return again(c, s, e);
    };
    if bytes.len() > MAX_UPLOAD_BYTES {
        let e = c.i18n.t("import-err-too-large");
        return again(c, s, e);
    }
    if let Err(e) = import::Table::read(&bytes) {
        return again(c, s, e.to_string());
    }
    let mut tx = state.store.begin().await?;
    let sha = tx.put_blob(&bytes).await?;
    tx.audit_event(
        &s.actor(),
        "import-upload",
        Some(&format!("list file {sha}")),
    )
    .await?;
    tx.commit().await?;
    let mut next = format!("/staff/import/{sha}");
    let mut sep = '?';
    for key in ["list", "published"] {
        if let Some(v) = fields.get(key).filter(|v| !v.trim().is_empty()) {
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
    candidate: Option<(String, String)>,
    score: String,
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
async fn kept_table(state: &AppState, sha: &str) -> Result<Option<Table>, WebError> {
    if sha.len() != 64 || !sha.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    let Some(bytes) = state.store.blob(sha).await? else {
        return Ok(None);
    };
    Ok(import::Table::read(&bytes).ok())
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
        },
        None => table.guess().unwrap_or_else(|| Columns {
            name: table
                .header
                .first()
                .map(|h| h.trim().to_owned())
                .unwrap_or_default(),
            reference: None,
            number: None,
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
    State(state): State<AppState>,
    c: Chrome,
    RequireStaff(s): RequireStaff,
    Path(sha): Path<String>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    if !s.can(Permission::Edit) {
        return Ok(forbidden("import lists"));
    }
    let Some(table) = kept_table(&state, &sha).await? else {
        return Ok(crate::not_found(c));
    };
    let columns = columns_from(&params, &table);
    let list = params.get("list").cloned().unwrap_or_default();
    let published = params.get("published").cloned().unwrap_or_default();
    let mut error = parse_published(params.get("published")).err();
    let mut rows = Vec::new();
    let mut counts = (0, 0, 0);
    match table.rows(&columns) {
        Err(e) => error = Some(e.to_string()),
        Ok(read) => {
            let planned = import::plan(&state.store, &read, Matching::On).await?;
            for p in &planned {
                match p.decision {
                    Decision::Match => counts.0 += 1,
                    Decision::Review => counts.1 += 1,
                    Decision::New => counts.2 += 1,
                }
            }
            rows = planned.iter().map(preview_row).collect();
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
        s,
    };
    Ok(staff_page(page.render()?))
}

fn preview_row(p: &Planned) -> PreviewRow {
    PreviewRow {
        row: p.row,
        input: p.input.clone(),
        reference: p.reference.clone().unwrap_or_default(),
        decision: p.decision.as_str(),
        candidate: p
            .person
            .as_ref()
            .map(|c| (c.id.to_string(), c.name.clone())),
        score: format!("{:.3}", p.score),
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
    State(state): State<AppState>,
    c: Chrome,
    RequireStaff(s): RequireStaff,
    Path(sha): Path<String>,
    axum::Form(form): axum::Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    if let Some(r) = refuse_change(&s, &form, Permission::Edit, "import lists") {
        return Ok(r);
    }
    let Some(table) = kept_table(&state, &sha).await? else {
        return Ok(crate::not_found(c));
    };
    let columns = columns_from(&form, &table);
    let bad = |msg: String| {
        (
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            format!("{msg}\n"),
        )
            .into_response()
    };
    let published = match parse_published(form.get("published")) {
        Ok(p) => p,
        Err(e) => return Ok(bad(e)),
    };
    let read = match table.rows(&columns) {
        Ok(r) => r,
        Err(e) => return Ok(bad(e.to_string())),
    };
    let mut planned = import::plan(&state.store, &read, Matching::On).await?;
    for p in &mut planned {
        if p.decision != Decision::Review {
            continue;
        }
        match form.get(&format!("row-{}", p.row)).map(String::as_str) {
            Some("link") if p.person.is_some() => p.decision = Decision::Match,
            Some("new") => p.decision = Decision::New,
            _ => {}
        }
    }
    let list = form
        .get("list")
        .map(|l| l.trim().to_owned())
        .filter(|l| !l.is_empty());
    let target = import::Target { list, published };
    let applied = import::apply(
        &state.store,
        &s.actor(),
        &planned,
        &target,
        jiff::Zoned::now().date(),
    )
    .await;
    match applied {
        Ok(applied) => Ok(staff_page(DonePage { c, s, applied }.render()?)),
        Err(vigil_app::AppError::Input(msg)) => Ok(bad(msg)),
        Err(e) => Err(e.into()),
    }
}

/// One open row of the review queue, as shown.
pub(crate) struct QueueRow {
    id: String,
    row: i64,
    input: String,
    reference: String,
    candidate: Option<(String, String)>,
    score: String,
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
pub(crate) async fn queue(
    State(state): State<AppState>,
    c: Chrome,
    RequireStaff(s): RequireStaff,
) -> Result<Response, WebError> {
    if !s.can(Permission::Edit) {
        return Ok(forbidden("decide imported rows"));
    }
    let mut rows = Vec::new();
    for item in state.store.open_reviews().await? {
        let candidate = match item.candidate {
            Some(id) => state
                .store
                .get(id)
                .await?
                .filter(|r| s.may_see(r.visibility()))
                .map(|r| (id.to_string(), crate::staff::redacted_label(&r, &s))),
            None => None,
        };
        rows.push(QueueRow {
            id: item.id,
            row: item.row,
            input: item.input,
            reference: item.reference.unwrap_or_default(),
            candidate,
            score: format!("{:.3}", item.score),
            when: item.created_at.chars().take(16).collect(),
            by: item.actor,
        });
    }
    Ok(staff_page(QueuePage { c, s, rows }.render()?))
}

/// `POST /staff/review/{id}`: `decision` is `confirm` (the candidate) or `reject` (a new person).
pub(crate) async fn decide(
    State(state): State<AppState>,
    RequireStaff(s): RequireStaff,
    Path(id): Path<String>,
    axum::Form(form): axum::Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    if let Some(r) = refuse_change(&s, &form, Permission::Edit, "decide imported rows") {
        return Ok(r);
    }
    let verdict = match form.get("decision").map(String::as_str) {
        Some("confirm") => import::Verdict::Confirm,
        Some("reject") => import::Verdict::Reject,
        _ => {
            return Ok((
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                "Choose confirm or reject.\n",
            )
                .into_response());
        }
    };
    match import::decide_review(&state.store, &s.actor(), &id, verdict).await {
        Ok(_) => Ok(Redirect::to("/staff/review").into_response()),
        Err(vigil_app::AppError::Input(msg)) => Ok((
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            format!("{msg}\n"),
        )
            .into_response()),
        Err(e) => Err(e.into()),
    }
}
