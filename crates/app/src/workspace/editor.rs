//! Creating and changing records: the one place that decides who may write
//! what. Writing a public record, or making a record public, needs the right
//! to publish; nobody writes a record above their own clearance.

use vigil_domain::records::{File, PrisonerList, Source, SourceLink};
use vigil_domain::{Id, Record, RecordKind, Visibility};

use super::Workspace;
use crate::error::{AppError, Result};
use crate::import::{self, Table};

/// A handle that exists only for a role that may edit (see [`Workspace::editor`]).
pub struct Editor<'a> {
    pub(super) ws: &'a Workspace,
}

/// A source cited for a record, or for one field of it.
#[derive(Debug, Clone, Default)]
pub struct Citation {
    pub source: String,
    pub excerpt: Option<String>,
    pub field: Option<String>,
    pub visibility: Option<Visibility>,
}

impl<'a> Editor<'a> {
    pub(super) fn new(ws: &'a Workspace) -> Self {
        Editor { ws }
    }

    /// May this role write a record that was `old` and becomes `new`?
    fn check_write(&self, new: Visibility, old: Option<Visibility>) -> Result<()> {
        let touches_public = new == Visibility::Public || old == Some(Visibility::Public);
        if touches_public && !self.ws.may().publish {
            return Err(AppError::forbidden("publish or change published records"));
        }
        if !self.ws.may_see(new) {
            return Err(AppError::forbidden("write records you may not see"));
        }
        Ok(())
    }

    /// The record `id` names, if this role may see it and change it.
    pub async fn open(&self, id: &str) -> Result<Record> {
        let r = self.ws.record(id).await?;
        self.check_write(r.visibility(), None)?;
        Ok(r)
    }

    /// Add a new record. A user account is not a record staff write here.
    pub async fn create(&self, record: &Record) -> Result<()> {
        refuse_users(record)?;
        self.check_write(record.visibility(), None)?;
        let others = self.lists_to_unfeature(record).await?;
        let mut tx = self.ws.store().begin().await?;
        tx.insert(&self.ws.actor(), record).await?;
        self.unfeature(&mut tx, others).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Replace a record this role may see with a new version of it (same id and kind).
    pub async fn update(&self, record: &Record) -> Result<()> {
        refuse_users(record)?;
        let old = self
            .ws
            .find(record.id())
            .await?
            .ok_or_else(|| AppError::not_found("record"))?;
        if old.kind() != record.kind() {
            return Err(AppError::invalid_field(
                "type",
                "a record keeps its kind; create a new record instead",
            ));
        }
        self.check_write(record.visibility(), Some(old.visibility()))?;
        let others = self.lists_to_unfeature(record).await?;
        let mut tx = self.ws.store().begin().await?;
        tx.update(&self.ws.actor(), record).await?;
        self.unfeature(&mut tx, others).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Make a public list the one the public site's headline follows (an
    /// editorial choice, so it needs the right to publish; audited as a
    /// change of each list it touches).
    pub async fn feature_list(&self, id: &str) -> Result<PrisonerList> {
        let mut list: PrisonerList = self.ws.typed(id, RecordKind::PrisonerList).await?;
        if list.visibility != Visibility::Public {
            return Err(AppError::invalid_field(
                "list",
                "publish the list before featuring it on the public site",
            ));
        }
        list.featured = true;
        self.update(&Record::PrisonerList(list.clone())).await?;
        Ok(list)
    }

    /// The other featured lists, when `record` is a list being featured.
    async fn lists_to_unfeature(&self, record: &Record) -> Result<Vec<PrisonerList>> {
        let Record::PrisonerList(list) = record else {
            return Ok(vec![]);
        };
        if !list.featured {
            return Ok(vec![]);
        }
        if !self.ws.may().publish {
            return Err(AppError::forbidden(
                "choose the list the public site features",
            ));
        }
        let all: Vec<PrisonerList> = self.ws.all_of(RecordKind::PrisonerList).await?;
        Ok(all
            .into_iter()
            .filter(|l| l.featured && l.id != list.id)
            .collect())
    }

    async fn unfeature(&self, tx: &mut vigil_storage::Tx, lists: Vec<PrisonerList>) -> Result<()> {
        for mut l in lists {
            l.featured = false;
            tx.update(&self.ws.actor(), &Record::PrisonerList(l))
                .await?;
        }
        Ok(())
    }

    /// Publish, withdraw, or change a record's visibility.
    pub async fn set_visibility(&self, id: &str, visibility: Visibility) -> Result<Record> {
        let mut record = self.ws.record(id).await?;
        record.set_visibility(visibility);
        self.update(&record).await?;
        Ok(record)
    }

    /// Cite a source this role may see, with an excerpt, for a record or one of its fields.
    pub async fn cite(&self, id: &str, citation: Citation) -> Result<Record> {
        let mut record = self.ws.record(id).await?;
        let source: Source = self
            .ws
            .typed(&citation.source, RecordKind::Source)
            .await
            .map_err(|_| AppError::invalid_field("source", "choose a source you may see"))?;
        record.cite(SourceLink {
            source: source.id,
            excerpt: citation.excerpt,
            field: citation.field,
            visibility: citation.visibility.unwrap_or(Visibility::Internal),
        });
        self.update(&record).await?;
        Ok(record)
    }

    /// Keep an evidence file (see [`crate::files::add`]).
    pub async fn add_file(
        &self,
        bytes: &[u8],
        name: Option<&str>,
        visibility: Visibility,
    ) -> Result<File> {
        self.check_write(visibility, None)?;
        crate::files::add(self.ws.store(), &self.ws.actor(), bytes, name, visibility).await
    }

    /// Keep an uploaded list file between the steps of an import, once it
    /// reads as a table; returns the SHA-256 it is kept under.
    pub async fn keep_list_file(&self, bytes: &[u8]) -> Result<String> {
        Table::read_within(bytes, &self.ws.import_limits)?;
        let mut tx = self.ws.store().begin().await?;
        let sha = tx.put_blob(bytes).await?;
        tx.audit_event(
            &self.ws.actor(),
            "import-upload",
            Some(&format!("list file {sha}")),
        )
        .await?;
        tx.commit().await?;
        Ok(sha)
    }

    /// A list file kept by [`Editor::keep_list_file`], read as a table.
    pub async fn list_file(&self, sha: &str) -> Result<Table> {
        let bytes = self
            .ws
            .store()
            .blob(sha)
            .await?
            .ok_or_else(|| AppError::not_found("list file"))?;
        Table::read_within(&bytes, &self.ws.import_limits)
    }

    /// How each row of a list would be matched (as a version of the list
    /// titled `list`, whose numbers may tell namesakes apart).
    pub async fn plan_import(
        &self,
        rows: &[import::Row],
        matching: import::Matching,
        list: Option<&str>,
    ) -> Result<Vec<import::Planned>> {
        import::plan_for(self.ws.store(), rows, matching, list).await
    }

    /// Write an import's plan, all or nothing (see [`import::apply`]).
    pub async fn apply_import(
        &self,
        planned: &[import::Planned],
        target: &import::Target,
        today: jiff::civil::Date,
    ) -> Result<import::Applied> {
        import::apply(self.ws.store(), &self.ws.actor(), planned, target, today).await
    }

    /// One row of the review queue, open or decided.
    pub async fn review_item(&self, id: &str) -> Result<vigil_storage::review::ReviewItem> {
        self.ws
            .store()
            .review_item(id)
            .await?
            .ok_or_else(|| AppError::not_found(format!("review {id}")))
    }

    /// What tells these people apart (see [`import::tell_apart`]), within
    /// the editor's clearance.
    pub async fn tell_apart(
        &self,
        ids: impl IntoIterator<Item = Id<vigil_domain::records::Person>>,
    ) -> Result<std::collections::HashMap<Id<vigil_domain::records::Person>, import::Apart>> {
        import::tell_apart(self.ws.store(), self.ws.clearance(), ids).await
    }

    /// The rows waiting for review with their candidates' facts (see
    /// [`import::waiting`]), within the editor's clearance.
    pub async fn waiting_reviews(&self) -> Result<Vec<import::Waiting>> {
        import::waiting(self.ws.store(), self.ws.clearance()).await
    }

    /// Decide a row waiting for review (see [`import::decide_review`]).
    pub async fn decide_review(
        &self,
        id: &str,
        verdict: import::Verdict,
    ) -> Result<Id<vigil_domain::records::Person>> {
        import::decide_review(self.ws.store(), &self.ws.actor(), id, verdict).await
    }
}

fn refuse_users(record: &Record) -> Result<()> {
    if record.kind() == RecordKind::User {
        return Err(AppError::forbidden(
            "write user accounts as records (use user management)",
        ));
    }
    Ok(())
}
