//! Evidence files: the staff list and upload, the original for staff who
//! may see it (an audited download), and the public copy of a public photo.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use vigil_app::AppError;
use vigil_app::accounts::Staff;
use vigil_app::files::{ACCEPTED, MAX_FILE_BYTES};
use vigil_app::workspace::Workspace;
use vigil_domain::records::File;
use vigil_domain::{Id, Visibility};

use crate::staff::{RequireStaff, StaffUpload, Upload, staff_page};
use crate::{AppState, Chrome, WebError};

/// What the upload route reads at most: the largest file and its form.
pub(crate) const MAX_UPLOAD_BODY: usize = MAX_FILE_BYTES + 64 * 1024;

pub(crate) struct FileRow {
    id: String,
    name: String,
    media_type: String,
    size: String,
    visibility: &'static str,
    sha256: String,
    public_copy: bool,
}

#[derive(Template)]
#[template(path = "staff_files.html")]
struct FilesPage {
    c: Chrome,
    s: Staff,
    files: Vec<FileRow>,
    visibilities: Vec<&'static str>,
    /// The role may add files.
    can_add: bool,
    accepted: String,
    max_mb: usize,
    error: Option<String>,
}

fn size_text(bytes: u64) -> String {
    match bytes {
        b if b >= 1024 * 1024 => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
        b if b >= 1024 => format!("{} KB", b.div_ceil(1024)),
        b => format!("{b} B"),
    }
}

async fn files_page(
    ws: &Workspace,
    c: Chrome,
    error: Option<String>,
) -> Result<Response, WebError> {
    let files: Vec<FileRow> = ws
        .files()
        .await?
        .into_iter()
        .map(|f| FileRow {
            id: f.id.to_string(),
            name: f
                .original_name
                .clone()
                .unwrap_or_else(|| f.sha256[..12].to_owned()),
            media_type: f.media_type.clone(),
            size: size_text(f.size),
            visibility: f.visibility.as_str(),
            sha256: f.sha256.clone(),
            public_copy: f.public_copy().is_some(),
        })
        .collect();
    let status = if error.is_some() {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    let page = FilesPage {
        files,
        visibilities: ws.settable_levels().iter().map(|v| v.as_str()).collect(),
        can_add: ws.may().edit,
        accepted: ACCEPTED
            .iter()
            .map(|k| k.label)
            .collect::<Vec<_>>()
            .join(", "),
        max_mb: MAX_FILE_BYTES / (1024 * 1024),
        error,
        s: ws.staff().clone(),
        c,
    };
    Ok((status, staff_page(page.render()?)).into_response())
}

pub(crate) async fn list(c: Chrome, RequireStaff(ws): RequireStaff) -> Result<Response, WebError> {
    files_page(&ws, c, None).await
}

/// The upload: the file's kind is told by its content; a refusal says why
/// and keeps nothing.
pub(crate) async fn upload(c: Chrome, upload: StaffUpload) -> Result<Response, WebError> {
    let (ws, Upload { fields, file }) = match upload {
        StaffUpload::Complete(ws, up) => (ws, up),
        // An upload cut short (too large, broken off) writes nothing: say so.
        StaffUpload::Broken(ws) => {
            let e = c.i18n.t("files-err-upload");
            return files_page(&ws, c, Some(e)).await;
        }
    };
    let editor = ws.editor()?;
    let visibility = fields
        .get("visibility")
        .and_then(|v| Visibility::parse(v))
        .unwrap_or(Visibility::Internal);
    let Some((bytes, name)) = file.filter(|(b, _)| !b.is_empty()) else {
        let e = c.i18n.t("files-err-no-file");
        return files_page(&ws, c, Some(e)).await;
    };
    match editor.add_file(&bytes, name.as_deref(), visibility).await {
        Ok(f) => Ok(Redirect::to(&format!("/staff/records/{}", f.id)).into_response()),
        Err(AppError::Invalid(e)) => files_page(&ws, c, Some(e.to_string())).await,
        Err(AppError::TooLarge(e)) => {
            let page = files_page(&ws, c, Some(e)).await?;
            Ok((StatusCode::PAYLOAD_TOO_LARGE, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// A name for the download that no browser or shell misreads: ASCII
/// letters, digits, dots, dashes and underscores.
fn attachment_name(f: &File) -> String {
    let ext = f.media_type.rsplit('/').next().unwrap_or("bin");
    let base: String = f
        .original_name
        .as_deref()
        .unwrap_or("file")
        .chars()
        .map(|ch| {
            if ch.is_ascii_alphanumeric() || matches!(ch, '.' | '-' | '_') {
                ch
            } else {
                '_'
            }
        })
        .take(100)
        .collect();
    let base = base.trim_start_matches('.');
    if base.is_empty() {
        format!(
            "file.{}",
            ext.chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
        )
    } else {
        base.to_owned()
    }
}

/// The original, as received, for staff who may see the file. Every
/// download is in the audit log (chain of custody).
pub(crate) async fn original(
    RequireStaff(ws): RequireStaff,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let (f, bytes) = ws.file_original(&id).await?;
    let disposition = format!("attachment; filename=\"{}\"", attachment_name(&f));
    // Plain text was accepted only as UTF-8: say so, or a Cyrillic letter
    // would open as Latin-1.
    let media_type = match f.media_type.as_str() {
        "text/plain" => "text/plain; charset=utf-8".to_owned(),
        other => other.to_owned(),
    };
    Ok((
        [
            (header::CONTENT_TYPE, media_type),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        bytes,
    )
        .into_response())
}

/// The copy without metadata of a public photo, from the public
/// projection; any other file, or one that is not public, is not found.
pub(crate) async fn public_copy(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let site = crate::public::site(&state).await?;
    let Some(photo) = id.parse::<Id<File>>().ok().and_then(|id| site.photo(id)) else {
        return Ok(crate::not_found());
    };
    let bytes = vigil_app::files::published_copy(&state.store, photo.id, &photo.sha256).await?;
    Ok((
        [
            (header::CONTENT_TYPE, photo.media_type.clone()),
            (header::CONTENT_DISPOSITION, "inline".to_owned()),
            (header::CACHE_CONTROL, "public, max-age=3600".to_owned()),
        ],
        bytes,
    )
        .into_response())
}
