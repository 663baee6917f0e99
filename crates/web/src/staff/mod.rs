//! The staff workspace: sign-in, sessions, the dashboard, records, search
//! and the JSON editor.
//!
//! Every handler takes [`RequireStaff`] (or a form type built on it), which
//! exists only for a valid session and carries the member's
//! [`vigil_app::workspace::Workspace`]: what they may see and do is decided
//! there, never here. An anonymous request is sent to the login page and
//! sees no data.

mod dashboard;
mod json_editor;
mod login;
mod publish;
mod record_page;
mod records;
mod session;

use axum::http::header;
use axum::response::{Html, IntoResponse, Response};

pub(crate) use dashboard::dashboard;
pub(crate) use json_editor::{edit_form, edit_submit, new_form, new_submit};
pub(crate) use login::{login_page, login_submit, logout, logout_everywhere};
pub(crate) use publish::{publish, publish_page};
pub(crate) use record_page::{attach_source, record, set_visibility};
pub(crate) use records::{records, search};
pub(crate) use session::RequireStaff;
pub(crate) use session::{StaffForm, StaffUpload, Upload};

/// A staff page: never kept by a cache.
pub(crate) fn staff_page(html: String) -> Response {
    ([(header::CACHE_CONTROL, "no-store")], Html(html)).into_response()
}
