//! The web's one error mapping: every [`AppError`] becomes a status here and
//! nowhere else — not found 404, forbidden 403, invalid 422, conflict 409,
//! locked 503, internal 500. An internal error is logged once, with its
//! detail; the client gets a page in its language that carries none of it.
//!
//! A handler's error becomes a response with an [`ErrorNote`] in its
//! extensions; the [`error_pages`] middleware, which knows the reader's
//! language, renders the page for it.

use askama::Template;
use axum::extract::{FromRequestParts, Request};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use vigil_app::AppError;

use crate::Chrome;

/// The one error type handlers return.
#[derive(Debug)]
pub struct WebError(pub AppError);

impl From<AppError> for WebError {
    fn from(e: AppError) -> Self {
        WebError(e)
    }
}

impl From<vigil_storage::StorageError> for WebError {
    fn from(e: vigil_storage::StorageError) -> Self {
        WebError(e.into())
    }
}

impl From<askama::Error> for WebError {
    fn from(e: askama::Error) -> Self {
        WebError(AppError::internal("rendering a page failed", e))
    }
}

impl From<serde_json::Error> for WebError {
    fn from(e: serde_json::Error) -> Self {
        WebError(AppError::internal("writing JSON failed", e))
    }
}

impl WebError {
    pub(crate) fn poisoned() -> WebError {
        WebError(AppError::internal(
            "a lock was poisoned by an earlier panic",
            "poisoned lock",
        ))
    }
}

/// The status each kind of error answers with.
pub fn status_of(e: &AppError) -> StatusCode {
    match e {
        AppError::NotFound(_) => StatusCode::NOT_FOUND,
        AppError::Forbidden(_) => StatusCode::FORBIDDEN,
        AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
        AppError::Conflict(_) => StatusCode::CONFLICT,
        AppError::Locked(_) => StatusCode::SERVICE_UNAVAILABLE,
        AppError::Damaged(_) => StatusCode::GONE,
        AppError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
        AppError::Internal { .. } => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// What an error page says, left for [`error_pages`] to render: the
/// message key of its text, and the error's own words where they may be shown.
#[derive(Debug, Clone)]
pub(crate) struct ErrorNote {
    pub key: &'static str,
    pub detail: Option<String>,
}

impl ErrorNote {
    pub(crate) fn response(
        status: StatusCode,
        key: &'static str,
        detail: Option<String>,
    ) -> Response {
        let text = detail.clone().unwrap_or_else(|| key.to_owned());
        let mut res = (status, format!("{text}\n")).into_response();
        res.extensions_mut().insert(ErrorNote { key, detail });
        res
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let status = status_of(&self.0);
        let (key, detail) = match &self.0 {
            AppError::NotFound(_) => ("not-found-text", None),
            AppError::Forbidden(_) => ("error-forbidden", Some(self.0.to_string())),
            AppError::Invalid(_) => ("error-invalid", Some(self.0.to_string())),
            AppError::Conflict(_) => ("error-conflict", Some(self.0.to_string())),
            AppError::Locked(_) => ("error-locked", None),
            AppError::Damaged(what) => {
                tracing::error!(what = %what, "stored data is damaged");
                ("error-damaged", None)
            }
            AppError::TooLarge(_) => ("error-too-large", Some(self.0.to_string())),
            AppError::Internal { context, source } => {
                tracing::error!(error = %context, source = %source, "request failed");
                ("error-internal", None)
            }
        };
        if let AppError::Locked(what) = &self.0 {
            tracing::warn!(what = %what, "the store's key was not given to the server");
        }
        ErrorNote::response(status, key, detail)
    }
}

#[derive(Template)]
#[template(path = "text.html")]
struct ErrorPage {
    c: Chrome,
    title: String,
    paragraphs: Vec<String>,
}

/// Render the page of any response that carries an [`ErrorNote`], in the reader's language.
pub(crate) async fn error_pages(req: Request, next: Next) -> Response {
    let (mut parts, body) = req.into_parts();
    let Ok(c) = Chrome::from_request_parts(&mut parts, &()).await;
    let res = next.run(Request::from_parts(parts, body)).await;
    let Some(note) = res.extensions().get::<ErrorNote>().cloned() else {
        return res;
    };
    let status = res.status();
    let title = c.i18n.t(match status {
        StatusCode::NOT_FOUND => "not-found",
        StatusCode::FORBIDDEN => "error-forbidden-title",
        StatusCode::UNPROCESSABLE_ENTITY | StatusCode::CONFLICT => "error-invalid-title",
        _ => "error-title",
    });
    let mut paragraphs = vec![c.i18n.t(note.key)];
    paragraphs.extend(note.detail);
    let page = ErrorPage {
        c,
        title,
        paragraphs,
    };
    let mut out = match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "rendering an error page failed");
            (status, "Something went wrong.\n").into_response()
        }
    };
    out.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variant_answers_its_documented_status() {
        let cases = [
            (AppError::not_found("record"), 404),
            (AppError::forbidden("publish records"), 403),
            (
                AppError::invalid_field("names", "a person needs a name"),
                422,
            ),
            (AppError::Conflict("the id is taken".into()), 409),
            (AppError::Locked("confidential fields".into()), 503),
            (AppError::internal("the store failed", "disk full"), 500),
        ];
        for (e, status) in cases {
            assert_eq!(status_of(&e).as_u16(), status, "{e}");
        }
    }

    #[test]
    fn internal_detail_never_reaches_the_client() {
        let res = WebError(AppError::internal("the store failed", "secret-detail")).into_response();
        assert_eq!(res.status(), 500);
        let note = res.extensions().get::<ErrorNote>().unwrap();
        assert!(note.detail.is_none());
        assert_eq!(note.key, "error-internal");
    }
}
