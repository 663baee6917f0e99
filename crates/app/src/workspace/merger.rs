//! Merging two records of one person, and undoing a merge, for a role that may merge.

use vigil_domain::records::Person;
use vigil_domain::{Id, RecordKind};
use vigil_storage::merges::Merge;

use super::Workspace;
use crate::error::{AppError, Result};
use crate::merge::{self, Merged};

/// A handle that exists only for a role that may merge (see [`Workspace::merger`]).
pub struct Merger<'a> {
    ws: &'a Workspace,
}

impl<'a> Merger<'a> {
    pub(super) fn new(ws: &'a Workspace) -> Self {
        Merger { ws }
    }

    /// Merges into this person not undone yet.
    pub async fn merges_into(&self, keep: Id<Person>) -> Result<Vec<Merge>> {
        Ok(self
            .ws
            .store()
            .merges_into(keep.erase())
            .await?
            .into_iter()
            .filter(|m| m.undone_at.is_none())
            .collect())
    }

    /// Merge the person `absorb` names into the person `keep` names; both
    /// must be people this role may see.
    pub async fn merge(&self, keep: &str, absorb: &str) -> Result<(Id<Person>, Merged)> {
        let keep: Person = self.ws.typed(keep, RecordKind::Person).await?;
        let absorb: Person = self
            .ws
            .typed(absorb, RecordKind::Person)
            .await
            .map_err(|_| {
                AppError::invalid_field(
                    "other",
                    "the other person was not found: give the id of a person record",
                )
            })?;
        let merged =
            merge::merge_persons(self.ws.store(), &self.ws.actor(), keep.id, absorb.id).await?;
        Ok((keep.id, merged))
    }

    /// Undo a merge; everything it touched must be within this role's sight.
    /// Returns the person kept by the merge.
    pub async fn undo(&self, merge_id: &str) -> Result<vigil_domain::AnyId> {
        let m = self
            .ws
            .store()
            .merge_record(merge_id)
            .await?
            .ok_or_else(|| AppError::not_found("merge"))?;
        if m.before.iter().any(|r| !self.ws.may_see(r.visibility())) {
            return Err(AppError::forbidden("undo this merge"));
        }
        merge::undo(self.ws.store(), &self.ws.actor(), merge_id).await?;
        Ok(m.kept)
    }
}
