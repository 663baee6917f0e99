//! Merging two records of one person from the workspace, and undoing it
//! (`vigil_app::merge` does the work; this checks who may, and words it).

use std::collections::HashMap;

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use vigil_domain::records::Person;
use vigil_domain::{Id, Permission};

use crate::staff::{RequireStaff, find_visible, forbidden, refuse_change};
use crate::{AppState, WebError};

fn refused(msg: impl std::fmt::Display) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, format!("{msg}\n")).into_response()
}

/// A person this role may see, by id.
async fn person(
    state: &AppState,
    s: &vigil_app::accounts::Staff,
    id: &str,
) -> Result<Option<Id<Person>>, WebError> {
    Ok(find_visible(state, s, id.trim())
        .await?
        .and_then(|r| Person::try_from(r).ok())
        .map(|p| p.id))
}

/// `POST /staff/records/{id}/merge`: the person named in `other` is merged into this one.
pub(crate) async fn merge(
    State(state): State<AppState>,
    RequireStaff(s): RequireStaff,
    Path(id): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    if let Some(r) = refuse_change(&s, &form, Permission::Merge, "merge records") {
        return Ok(r);
    }
    let Some(keep) = person(&state, &s, &id).await? else {
        return Ok((StatusCode::NOT_FOUND, "Not found\n").into_response());
    };
    let other = form.get("other").map(String::as_str).unwrap_or("");
    let Some(absorb) = person(&state, &s, other).await? else {
        return Ok(refused(
            "The other person was not found: give the id of a person record.",
        ));
    };
    if form.get("confirm").map(String::as_str) != Some("yes") {
        return Ok(refused(
            "Tick the box to confirm these records are the same person.",
        ));
    }
    match vigil_app::merge::merge_persons(&state.store, &s.actor(), keep, absorb).await {
        Ok(_) => Ok(Redirect::to(&format!("/staff/records/{keep}")).into_response()),
        Err(vigil_app::AppError::Input(msg)) => Ok(refused(msg)),
        Err(e) => Err(e.into()),
    }
}

/// `POST /staff/merges/{merge}/undo`.
pub(crate) async fn undo(
    State(state): State<AppState>,
    RequireStaff(s): RequireStaff,
    Path(merge): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    if let Some(r) = refuse_change(&s, &form, Permission::Merge, "undo merges") {
        return Ok(r);
    }
    let Some(m) = state.store.merge_record(&merge).await? else {
        return Ok((StatusCode::NOT_FOUND, "Not found\n").into_response());
    };
    // Everything the merge touched must be within this role's sight.
    if m.before.iter().any(|r| !s.may_see(r.visibility())) {
        return Ok(forbidden("undo this merge"));
    }
    match vigil_app::merge::undo(&state.store, &s.actor(), &merge).await {
        Ok(()) => Ok(Redirect::to(&format!("/staff/records/{}", m.kept)).into_response()),
        Err(vigil_app::AppError::Input(msg)) => Ok(refused(msg)),
        Err(e) => Err(e.into()),
    }
}
