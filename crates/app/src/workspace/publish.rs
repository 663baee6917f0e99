//! Publishing a person with what their public page shows: their cases,
//! their detentions, the hearings of those cases, and the courts, prisons
//! and prosecutors those name. One step, one transaction, each change
//! audited; nothing beyond the records listed to the editor becomes
//! public, and a confidential record is never published this way.

use std::collections::HashSet;

use vigil_domain::{AnyId, Record, RecordKind, Visibility};

use super::{Editor, Workspace};
use crate::error::{AppError, Result};

/// What publishing a person would make public.
#[derive(Debug, Clone)]
pub struct PublishPlan {
    pub person: Record,
    /// Internal records the person's public page shows: offered, each chosen
    /// unless the editor leaves it out.
    pub offered: Vec<Record>,
    /// Confidential records the page would show: never published here; an
    /// editor who means to publish one does so on its own page.
    pub withheld: Vec<Record>,
}

impl Workspace {
    /// The records a person's public page shows besides the person, as far
    /// as this role sees them: cases they are a defendant in, their
    /// detentions, those cases' hearings, and the organizations those name.
    pub async fn page_depends_on(&self, person: AnyId) -> Result<Vec<Record>> {
        let mut out: Vec<Record> = Vec::new();
        let mut seen: HashSet<AnyId> = HashSet::from([person]);
        let mut add = |r: Record, out: &mut Vec<Record>| {
            if seen.insert(r.id()) {
                out.push(r);
            }
        };
        for (r, field) in self.referrers(person).await? {
            let wanted = matches!(
                (r.kind(), field.as_str()),
                (RecordKind::Case, "defendants") | (RecordKind::DetentionEpisode, "person")
            );
            if !wanted {
                continue;
            }
            if r.kind() == RecordKind::Case {
                for (h, field) in self.referrers(r.id()).await? {
                    if h.kind() == RecordKind::Hearing && field == "case" {
                        add(h, &mut out);
                    }
                }
            }
            add(r, &mut out);
        }
        let named: Vec<AnyId> = out
            .iter()
            .flat_map(|r| r.references())
            .filter(|x| x.kind == RecordKind::Organization)
            .map(|x| x.target)
            .collect();
        for id in named {
            if let Some(o) = self.find(id).await? {
                add(o, &mut out);
            }
        }
        out.sort_by_key(|r| (kind_order(r.kind()), r.id()));
        Ok(out)
    }

    /// What the public page of `record` leaves out because it is not public
    /// (a public person whose case is still internal shows no charges).
    /// Empty for a record that is not public itself.
    pub async fn public_gaps(&self, record: &Record) -> Result<Vec<Record>> {
        if record.visibility() != Visibility::Public {
            return Ok(Vec::new());
        }
        let deps = match record.kind() {
            RecordKind::Person => self.page_depends_on(record.id()).await?,
            _ => {
                let mut deps = Vec::new();
                for x in record.references() {
                    if let Some(r) = self.find(x.target).await? {
                        deps.push(r);
                    }
                }
                deps
            }
        };
        Ok(deps
            .into_iter()
            .filter(|r| r.visibility() != Visibility::Public)
            .collect())
    }
}

/// Cases first, then detentions, hearings, the places and bodies they name.
fn kind_order(kind: RecordKind) -> u8 {
    match kind {
        RecordKind::Case => 0,
        RecordKind::DetentionEpisode => 1,
        RecordKind::Hearing => 2,
        _ => 3,
    }
}

impl Editor<'_> {
    /// What publishing the person `id` with their page's records would do.
    pub async fn publish_plan(&self, id: &str) -> Result<PublishPlan> {
        let person = self.ws.record(id).await?;
        if person.kind() != RecordKind::Person {
            return Err(AppError::not_found("person"));
        }
        if !self.ws.may().publish {
            return Err(AppError::forbidden("publish records"));
        }
        let mut offered = Vec::new();
        let mut withheld = Vec::new();
        for r in self.ws.page_depends_on(person.id()).await? {
            match r.visibility() {
                Visibility::Public => {}
                Visibility::Confidential => withheld.push(r),
                _ => offered.push(r),
            }
        }
        Ok(PublishPlan {
            person,
            offered,
            withheld,
        })
    }

    /// Publish the person `id` and those of the plan's offered records named
    /// in `include`, in one transaction. An id the plan does not offer is
    /// refused and nothing is written. Gives what became public.
    pub async fn publish_with(&self, id: &str, include: &[AnyId]) -> Result<Vec<AnyId>> {
        let plan = self.publish_plan(id).await?;
        let offered: HashSet<AnyId> = plan.offered.iter().map(Record::id).collect();
        if let Some(stray) = include.iter().find(|x| !offered.contains(x)) {
            return Err(AppError::invalid_field(
                "include",
                format!("{stray} is not among the records offered for publishing"),
            ));
        }
        let mut changed = Vec::new();
        let mut tx = self.ws.store().begin().await?;
        let chosen = plan
            .offered
            .into_iter()
            .filter(|r| include.contains(&r.id()));
        for mut r in std::iter::once(plan.person).chain(chosen) {
            if r.visibility() == Visibility::Public {
                continue;
            }
            r.set_visibility(Visibility::Public);
            tx.update(&self.ws.actor(), &r).await?;
            changed.push(r.id());
        }
        tx.commit().await?;
        Ok(changed)
    }
}
