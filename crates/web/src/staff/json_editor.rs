//! Any record as JSON: a starting point for a new record of any kind, and
//! the text editor for every kind (the forms in `forms` cover the common ones).

use askama::Template;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use vigil_app::AppError;
use vigil_app::accounts::Staff;
use vigil_app::workspace::Workspace;
use vigil_domain::{Record, RecordKind};

use super::{RequireStaff, StaffForm, staff_page};
use crate::{Chrome, WebError};

#[derive(Template)]
#[template(path = "staff_edit.html")]
struct EditPage {
    c: Chrome,
    s: Staff,
    title: String,
    action: String,
    body: String,
    error: Option<String>,
}

/// A starting point for a new record of `kind`.
fn skeleton(kind: RecordKind) -> String {
    let id = uuid::Uuid::now_v7();
    let extra = match kind {
        RecordKind::Person => {
            r#""names": [{"name": "", "script": "latin", "language": "az", "kind": "primary"}], "occupations": []"#
        }
        RecordKind::Organization => {
            r#""kind": "ngo", "names": [{"name": "", "script": "latin", "kind": "primary"}]"#
        }
        RecordKind::Case => {
            r#""title": "", "defendants": ["<person id>"], "status": "investigation", "charges": []"#
        }
        RecordKind::Hearing => {
            r#""case": "<case id>", "date": "2026-01-01", "time": "10:00:00", "time_zone": "Asia/Baku", "kind": "trial", "status": "scheduled""#
        }
        RecordKind::DetentionEpisode => {
            r#""person": "<person id>", "kind": "pre_trial", "start": "2026-01-01""#
        }
        RecordKind::Source => r#""kind": "article", "title": """#,
        RecordKind::WelfareReport => {
            r#""person": "<person id>", "kinds": ["health"], "description": {"value": "", "visibility": "confidential"}"#
        }
        RecordKind::Incident => {
            r#""title": "", "kinds": ["threat"], "victims": [{"person": "<person id>", "role": "target"}]"#
        }
        RecordKind::Complaint => r#""kind": "complaint", "subject": "", "status": "draft""#,
        _ => "",
    };
    let sep = if extra.is_empty() { "" } else { ",\n  " };
    format!(
        "{{\n  \"type\": \"{}\",\n  \"id\": \"{id}\",\n  \"visibility\": \"internal\",\n  \"sources\": []{sep}{extra}\n}}",
        kind.as_str()
    )
}

/// A kind staff may create records of, from an address.
fn creatable(kind: &str) -> Result<RecordKind, AppError> {
    RecordKind::parse(kind)
        .filter(|k| *k != RecordKind::User)
        .ok_or_else(|| AppError::not_found("kind of record"))
}

pub(crate) async fn new_form(
    c: Chrome,
    RequireStaff(ws): RequireStaff,
    Path(kind): Path<String>,
) -> Result<Response, WebError> {
    ws.editor()?;
    let kind = creatable(&kind)?;
    let page = EditPage {
        title: format!("{}: {}", c.i18n.t("new-record"), kind),
        action: format!("/staff/new/{}", kind.as_str()),
        body: skeleton(kind),
        error: None,
        s: ws.staff().clone(),
        c,
    };
    Ok(staff_page(page.render()?))
}

fn parse_record(body: &str, c: &Chrome) -> Result<Record, String> {
    if body.len() > vigil_app::MAX_RECORD_BYTES {
        return Err(c.i18n.t("too-large"));
    }
    serde_json::from_str::<Record>(body).map_err(|e| format!("{}: {e}", c.i18n.t("json-invalid")))
}

/// A submitted record form: where it posts, its title, the text as sent, and the record it replaces.
struct Submitted {
    action: String,
    title: String,
    body: String,
    old: Option<Record>,
    expect: RecordKind,
}

impl Submitted {
    /// The form again, with what is wrong.
    fn again(self, ws: &Workspace, c: Chrome, error: String) -> Result<Response, WebError> {
        let page = EditPage {
            title: self.title,
            action: self.action,
            body: self.body,
            error: Some(error),
            s: ws.staff().clone(),
            c,
        };
        Ok((StatusCode::UNPROCESSABLE_ENTITY, staff_page(page.render()?)).into_response())
    }
}

async fn save(ws: &Workspace, c: Chrome, form: Submitted) -> Result<Response, WebError> {
    let editor = ws.editor()?;
    let record = match parse_record(&form.body, &c) {
        Ok(r) => r,
        Err(e) => return form.again(ws, c, e),
    };
    if record.kind() != form.expect || form.old.as_ref().is_some_and(|o| o.id() != record.id()) {
        let e = c.i18n.t("kind-or-id-changed");
        return form.again(ws, c, e);
    }
    let written = match &form.old {
        None => editor.create(&record).await,
        Some(_) => editor.update(&record).await,
    };
    match written {
        Ok(()) => Ok(Redirect::to(&format!("/staff/records/{}", record.id())).into_response()),
        Err(e @ (AppError::Invalid(_) | AppError::Conflict(_))) => form.again(ws, c, e.to_string()),
        Err(e) => Err(e.into()),
    }
}

pub(crate) async fn new_submit(
    c: Chrome,
    Path(kind): Path<String>,
    form: StaffForm,
) -> Result<Response, WebError> {
    let kind = creatable(&kind)?;
    let submitted = Submitted {
        action: format!("/staff/new/{}", kind.as_str()),
        title: format!("{}: {}", c.i18n.t("new-record"), kind),
        body: form.get("body").to_owned(),
        old: None,
        expect: kind,
    };
    save(&form.ws, c, submitted).await
}

pub(crate) async fn edit_form(
    c: Chrome,
    RequireStaff(ws): RequireStaff,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let r = ws.editor()?.open(&id).await?;
    let page = EditPage {
        title: format!("{}: {}", c.i18n.t("edit"), r.label()),
        action: format!("/staff/records/{}/edit", r.id()),
        body: serde_json::to_string_pretty(&r).unwrap_or_default(),
        error: None,
        s: ws.staff().clone(),
        c,
    };
    Ok(staff_page(page.render()?))
}

pub(crate) async fn edit_submit(
    c: Chrome,
    Path(id): Path<String>,
    form: StaffForm,
) -> Result<Response, WebError> {
    let old = form.ws.editor()?.open(&id).await?;
    let submitted = Submitted {
        action: format!("/staff/records/{}/edit", old.id()),
        title: format!("{}: {}", c.i18n.t("edit"), old.label()),
        body: form.get("body").to_owned(),
        expect: old.kind(),
        old: Some(old),
    };
    save(&form.ws, c, submitted).await
}
