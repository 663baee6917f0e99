//! Merging two records of one person from the workspace, and undoing it
//! (`vigil_app::workspace::Merger` decides who may and does the work).

use axum::extract::Path;
use axum::response::{IntoResponse, Redirect, Response};
use vigil_app::AppError;

use crate::WebError;
use crate::staff::StaffForm;

/// `POST /staff/records/{id}/merge`: the person named in `other` is merged into this one.
pub(crate) async fn merge(Path(id): Path<String>, form: StaffForm) -> Result<Response, WebError> {
    let merger = form.ws.merger()?;
    // The record in the address first: an unknown one is not found, whatever the form says.
    form.ws.record(&id).await?;
    if form.get("confirm") != "yes" {
        return Err(AppError::invalid_field(
            "confirm",
            "Tick the box to confirm these records are the same person.",
        )
        .into());
    }
    let (keep, _) = merger.merge(&id, form.get("other")).await?;
    Ok(Redirect::to(&format!("/staff/records/{keep}")).into_response())
}

/// `POST /staff/merges/{merge}/undo`.
pub(crate) async fn undo(Path(merge): Path<String>, form: StaffForm) -> Result<Response, WebError> {
    let kept = form.ws.merger()?.undo(&merge).await?;
    Ok(Redirect::to(&format!("/staff/records/{kept}")).into_response())
}
