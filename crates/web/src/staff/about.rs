//! The About page's own texts, written by administrators in English,
//! Azerbaijani and Russian: who keeps the list, and how to contact them
//! safely. One save is one audited change.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use vigil_app::AppError;
use vigil_app::accounts::Staff;
use vigil_app::workspace::Workspace;
use vigil_storage::site_texts::{ABOUT_PARTS, LANGUAGES};

use super::{RequireStaff, StaffForm, staff_page};
use crate::{Chrome, WebError};

/// One language's box of a part: (input name, language, its label, text).
type TextBox = (String, &'static str, String, String);

#[derive(Template)]
#[template(path = "staff_about.html")]
struct AboutForm {
    c: Chrome,
    s: Staff,
    /// Each part's heading and its boxes.
    parts: Vec<(String, Vec<TextBox>)>,
    notice: Option<String>,
    error: Option<String>,
}

async fn render(
    ws: &Workspace,
    c: Chrome,
    sent: Option<&StaffForm>,
    notice: Option<String>,
    error: Option<String>,
) -> Result<Response, WebError> {
    let admin = ws.admin()?;
    let mut parts = Vec::new();
    for name in ABOUT_PARTS {
        let stored = admin.site_texts(name).await?;
        let texts = LANGUAGES
            .iter()
            .map(|lang| {
                let input = format!("{name}.{lang}");
                let text = match sent {
                    Some(form) => form.get(&input).to_owned(),
                    None => stored
                        .iter()
                        .find(|(l, _)| l == lang)
                        .map(|(_, t)| t.clone())
                        .unwrap_or_default(),
                };
                let label = c.i18n.t(&format!("text-in-{lang}"));
                (input, *lang, label, text)
            })
            .collect();
        parts.push((c.i18n.t(name), texts));
    }
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = AboutForm {
        parts,
        notice,
        error,
        s: ws.staff().clone(),
        c,
    };
    Ok((status, staff_page(page.render()?)).into_response())
}

/// `GET /staff/about`
pub(crate) async fn about_form(
    c: Chrome,
    RequireStaff(ws): RequireStaff,
) -> Result<Response, WebError> {
    render(&ws, c, None, None, None).await
}

/// `POST /staff/about`: every part in every language, as sent.
pub(crate) async fn save_about(c: Chrome, form: StaffForm) -> Result<Response, WebError> {
    let admin = form.ws.admin()?;
    for name in ABOUT_PARTS {
        let names: Vec<String> = LANGUAGES.iter().map(|l| format!("{name}.{l}")).collect();
        let texts: Vec<(&str, &str)> = LANGUAGES
            .iter()
            .zip(&names)
            .map(|(l, n)| (*l, form.get(n)))
            .collect();
        match admin.set_site_text(name, &texts).await {
            Ok(()) => {}
            Err(AppError::Invalid(e)) => {
                return render(&form.ws, c, Some(&form), None, Some(e.to_string())).await;
            }
            Err(e) => return Err(e.into()),
        }
    }
    let notice = c.i18n.t("about-saved");
    render(&form.ws, c, None, Some(notice), None).await
}
