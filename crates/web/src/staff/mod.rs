//! The staff workspace: sign-in, sessions, the dashboard, records, search
//! and the JSON editor.
//!
//! Every handler takes [`RequireStaff`] (or a form type built on it), which
//! exists only for a valid session and carries the member's
//! [`vigil_app::workspace::Workspace`]: what they may see and do is decided
//! there, never here. An anonymous request is sent to the login page and
//! sees no data.

mod about;
mod dashboard;
mod json_editor;
mod login;
mod publish;
mod record_page;
mod records;
mod session;
mod users;

use axum::http::header;
use axum::response::{Html, IntoResponse, Response};

pub(crate) use about::{about_form, save_about};
pub(crate) use dashboard::dashboard;
pub(crate) use json_editor::{edit_form, edit_submit, new_form, new_submit};
pub(crate) use login::{login_page, login_submit, logout, logout_everywhere};
pub(crate) use publish::{publish, publish_page};
pub(crate) use record_page::{attach_source, record, set_visibility};
pub(crate) use records::{records, search};
pub(crate) use session::RequireStaff;
pub(crate) use session::{StaffForm, StaffUpload, Upload};
pub(crate) use users::{add_user, change as change_user, user, users};

/// A staff page: never kept by a cache.
pub(crate) fn staff_page(html: String) -> Response {
    ([(header::CACHE_CONTROL, "no-store")], Html(html)).into_response()
}

/// A moment the store keeps (RFC 3339, UTC) to the second, in the time
/// zone of the member of staff reading it (UTC if they chose none).
pub(crate) fn when(staff: &vigil_app::accounts::Staff, at: &str) -> String {
    let Ok(t) = at.parse::<jiff::Timestamp>() else {
        return at.to_owned();
    };
    let zone = staff.user.time_zone.as_deref();
    match zone.and_then(|z| jiff::tz::TimeZone::get(z).ok()) {
        Some(tz) => format!(
            "{} ({})",
            t.to_zoned(tz).strftime("%Y-%m-%d %H:%M:%S %:z"),
            zone.unwrap_or_default()
        ),
        None => t.strftime("%Y-%m-%d %H:%M:%S UTC").to_string(),
    }
}

/// Audit entries with their times to the second in the reader's time zone.
pub(crate) fn in_reader_zone(
    staff: &vigil_app::accounts::Staff,
    mut entries: Vec<vigil_app::AuditEntry>,
) -> Vec<vigil_app::AuditEntry> {
    for e in &mut entries {
        e.at = when(staff, &e.at);
    }
    entries
}
