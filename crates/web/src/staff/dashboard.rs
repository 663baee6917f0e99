//! The staff dashboard: hearings to come, complaints that need chasing, and
//! the latest changes, as far as the role may see.

use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use vigil_app::AuditEntry as Entry;
use vigil_app::accounts::Staff;
use vigil_domain::derived;
use vigil_domain::records::{Case, Complaint, Hearing};
use vigil_domain::{AnyId, RecordKind};

use super::{RequireStaff, staff_page};
use crate::{AppState, Chrome, WebError};

#[derive(Template)]
#[template(path = "staff_dashboard.html")]
struct Dashboard {
    c: Chrome,
    s: Staff,
    hearings: Vec<(AnyId, String, String, String, String)>,
    complaints: Vec<(AnyId, String, String, String)>,
    recent: Vec<Entry>,
    /// What the public site shows, counted from its projection.
    public_counts: Vec<(String, usize)>,
}

/// Complaints with no proof of delivery after this many days are flagged.
const PROOF_DAYS: i64 = 14;

pub(crate) async fn dashboard(
    State(state): State<AppState>,
    c: Chrome,
    RequireStaff(ws): RequireStaff,
) -> Result<Response, WebError> {
    let today = jiff::Zoned::now().date();
    let cases: HashMap<_, _> = ws
        .all_of::<Case>(RecordKind::Case)
        .await?
        .into_iter()
        .map(|k| (k.id, k.title))
        .collect();
    let mut hearings: Vec<Hearing> = ws.all_of(RecordKind::Hearing).await?;
    hearings.retain(|h| h.date >= today);
    hearings.sort_by_key(|h| (h.date, h.time));
    let hearings = hearings
        .iter()
        .take(50)
        .map(|h| {
            (
                h.id.erase(),
                format!(
                    "{}{}",
                    h.date,
                    h.time
                        .map(|t| format!(" {}", t.strftime("%H:%M")))
                        .unwrap_or_default()
                ),
                cases.get(&h.case).cloned().unwrap_or_default(),
                h.status.label().to_owned(),
                h.visibility.to_string(),
            )
        })
        .collect();
    let complaints = ws
        .all_of::<Complaint>(RecordKind::Complaint)
        .await?
        .into_iter()
        .filter_map(|k| {
            let st = derived::complaint_state(&k, today, PROOF_DAYS);
            let mut flags = vec![];
            if st.no_proof_of_delivery {
                flags.push(c.i18n.t("flag-no-proof"));
            }
            if st.overdue {
                flags.push(c.i18n.t("flag-overdue"));
            }
            (!flags.is_empty()).then(|| {
                (
                    k.id.erase(),
                    k.subject,
                    k.submitted_on.map(|d| d.to_string()).unwrap_or_default(),
                    flags.join(", "),
                )
            })
        })
        .collect();
    let recent = super::in_reader_zone(ws.staff(), ws.recent_changes(25).await?);
    let public_counts = crate::public::site(&state)
        .await?
        .counts()
        .into_iter()
        .map(|(key, n)| (c.i18n.t(&format!("public-count-{key}")), n))
        .collect();
    let page = Dashboard {
        public_counts,
        c,
        s: ws.staff().clone(),
        hearings,
        complaints,
        recent,
    };
    Ok(staff_page(page.render()?))
}
