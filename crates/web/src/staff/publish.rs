//! Publishing a person with what their public page shows, in one step: the
//! page lists exactly the records that will become public (each can be left
//! out) and those kept confidential, and one button publishes them.

use askama::Template;
use axum::extract::Path;
use axum::response::{IntoResponse, Redirect, Response};
use vigil_app::AppError;
use vigil_app::accounts::Staff;
use vigil_app::workspace::Workspace;
use vigil_domain::AnyId;

use super::{RequireStaff, StaffForm, staff_page};
use crate::{Chrome, WebError};

#[derive(Template)]
#[template(path = "staff_publish.html")]
struct PublishPage {
    c: Chrome,
    s: Staff,
    id: AnyId,
    label: String,
    already_public: bool,
    /// (id, kind, label, visibility)
    offered: Vec<(AnyId, String, String, String)>,
    withheld: Vec<(AnyId, String, String)>,
}

async fn render(ws: &Workspace, c: Chrome, id: &str) -> Result<Response, WebError> {
    let plan = ws.editor()?.publish_plan(id).await?;
    let page = PublishPage {
        id: plan.person.id(),
        label: ws.label(&plan.person),
        already_public: plan.person.visibility() == vigil_domain::Visibility::Public,
        offered: plan
            .offered
            .iter()
            .map(|r| {
                let v = r.visibility().to_string();
                (r.id(), c.i18n.kind(r.kind()), ws.label(r), v)
            })
            .collect(),
        withheld: plan
            .withheld
            .iter()
            .map(|r| (r.id(), c.i18n.kind(r.kind()), ws.label(r)))
            .collect(),
        s: ws.staff().clone(),
        c,
    };
    Ok(staff_page(page.render()?))
}

/// `GET /staff/records/{id}/publish`
pub(crate) async fn publish_page(
    c: Chrome,
    RequireStaff(ws): RequireStaff,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    render(&ws, c, &id).await
}

/// `POST /staff/records/{id}/publish`: the person and the records checked.
pub(crate) async fn publish(Path(id): Path<String>, form: StaffForm) -> Result<Response, WebError> {
    let person = form.ws.record(&id).await?;
    let mut include = Vec::new();
    for (k, v) in &form.pairs {
        if k == "include" {
            let x = v
                .trim()
                .parse::<AnyId>()
                .map_err(|_| AppError::invalid_field("include", "not a record id"))?;
            include.push(x);
        }
    }
    form.ws.editor()?.publish_with(&id, &include).await?;
    Ok(Redirect::to(&format!("/staff/records/{}", person.id())).into_response())
}
