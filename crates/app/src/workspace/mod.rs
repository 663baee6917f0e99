//! The staff workspace's use cases, reached through handles that exist only
//! for a role allowed to use them (after lldap): a [`Workspace`] is a
//! signed-in member of staff with the store, and reads only what their
//! clearance allows; [`Workspace::editor`] and [`Workspace::merger`] give the
//! handles that change records, or [`AppError::Forbidden`]. Front ends (web,
//! CLI, API) never check a permission themselves: they call these, and show
//! the buttons [`Workspace::may`] says the role has.

mod admin;
mod editor;
mod merger;
mod pick;
mod publish;

pub use admin::{Account, Admin};
pub use editor::{Citation, Editor};
pub use merger::Merger;
pub use pick::{NewPlace, Target};
pub use publish::PublishPlan;

use serde_json::Value;
use vigil_domain::permissions::redact;
use vigil_domain::records::File;
use vigil_domain::{AnyId, Permission, Record, RecordKind, Visibility};
use vigil_storage::audit::{self, Entry};
use vigil_storage::search::Hit;
use vigil_storage::{Actor, Store};

use crate::accounts::Staff;
use crate::error::{AppError, Result};

/// What the role may do, for front ends to show the right buttons. The use
/// cases check again: this only decides what is offered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Capabilities {
    pub edit: bool,
    pub publish: bool,
    pub merge: bool,
    pub export: bool,
    pub manage_users: bool,
}

/// What a staff list shows: one kind of record, at one visibility or all the
/// role sees, answering a text or not, newest or oldest first, by page.
#[derive(Debug, Clone)]
pub struct Listing {
    pub visibility: Option<Visibility>,
    pub text: String,
    pub newest_first: bool,
    /// From 1.
    pub page: u64,
    pub per_page: u64,
}

impl Default for Listing {
    fn default() -> Self {
        Listing {
            visibility: None,
            text: String::new(),
            newest_first: true,
            page: 1,
            per_page: 100,
        }
    }
}

/// A text filter pages through at most this many search hits.
const SEARCH_CAP: usize = 1000;

/// One page of a staff list.
#[derive(Debug, Clone)]
pub struct Page {
    pub rows: Vec<Record>,
    /// How many records the list holds in all.
    pub total: u64,
    pub page: u64,
    pub pages: u64,
    /// A text filter found more hits than it pages through.
    pub capped: bool,
}

impl Page {
    fn new(rows: Vec<Record>, total: u64, page: u64, per: u64, capped: bool) -> Page {
        Page {
            rows,
            total,
            page,
            pages: total.div_ceil(per).max(1),
            capped,
        }
    }
}

/// A signed-in member of staff at work on the store.
#[derive(Clone)]
pub struct Workspace {
    store: Store,
    staff: Staff,
    import_limits: crate::import::Limits,
}

impl Workspace {
    pub fn new(store: Store, staff: Staff) -> Workspace {
        Workspace {
            store,
            staff,
            import_limits: crate::import::Limits::default(),
        }
    }

    /// Read uploaded list files within these limits (the defaults otherwise).
    pub fn with_import_limits(mut self, limits: crate::import::Limits) -> Workspace {
        self.import_limits = limits;
        self
    }

    pub fn staff(&self) -> &Staff {
        &self.staff
    }

    pub(crate) fn store(&self) -> &Store {
        &self.store
    }

    pub(crate) fn actor(&self) -> Actor {
        self.staff.actor()
    }

    pub fn may(&self) -> Capabilities {
        let role = self.staff.role();
        Capabilities {
            edit: role.can(Permission::Edit),
            publish: role.can(Permission::Publish),
            merge: role.can(Permission::Merge),
            export: role.can(Permission::Export),
            manage_users: role.can(Permission::ManageUsers),
        }
    }

    /// The most closed visibility this role sees.
    pub fn clearance(&self) -> Visibility {
        self.staff.role().max_visibility()
    }

    pub fn may_see(&self, v: Visibility) -> bool {
        v <= self.clearance()
    }

    /// The visibilities this role sees, most open first (for filters).
    pub fn visible_levels(&self) -> Vec<Visibility> {
        Visibility::ALL
            .iter()
            .copied()
            .filter(|v| self.may_see(*v))
            .collect()
    }

    /// The visibilities this role may give a record: those it sees, and
    /// public only with the right to publish.
    pub fn settable_levels(&self) -> Vec<Visibility> {
        let may = self.may();
        self.visible_levels()
            .into_iter()
            .filter(|v| may.edit && (*v != Visibility::Public || may.publish))
            .collect()
    }

    /// Whether this role may change `record` (a published one only with the right to publish).
    pub fn may_change(&self, record: &Record) -> bool {
        let may = self.may();
        may.edit && (record.visibility() != Visibility::Public || may.publish)
    }

    /// The record with this id, if this role may see it.
    pub async fn find(&self, id: AnyId) -> Result<Option<Record>> {
        Ok(self
            .store
            .get(id)
            .await?
            .filter(|r| self.may_see(r.visibility())))
    }

    /// The record with this id as typed in an address or a form: not found
    /// when malformed, unknown or above the role's clearance alike, so an id
    /// never tells whether a closed record exists.
    pub async fn record(&self, id: &str) -> Result<Record> {
        let parsed = id
            .trim()
            .parse::<AnyId>()
            .map_err(|_| AppError::not_found("record"))?;
        self.find(parsed)
            .await?
            .ok_or_else(|| AppError::not_found("record"))
    }

    /// A record of one kind, by id, as [`Workspace::record`].
    pub async fn typed<T: TryFrom<Record>>(&self, id: &str, kind: RecordKind) -> Result<T> {
        T::try_from(self.record(id).await?).map_err(|_| AppError::not_found(kind.as_str()))
    }

    /// Every record of `kind` this role may see, in creation order.
    pub async fn all(&self, kind: RecordKind) -> Result<Vec<Record>> {
        Ok(self
            .store
            .list(kind)
            .await?
            .into_iter()
            .filter(|r| self.may_see(r.visibility()))
            .collect())
    }

    /// One page of the records of a kind this role may see, paged in the
    /// database (see [`Listing`]).
    pub async fn list_page(&self, kind: RecordKind, q: &Listing) -> Result<Page> {
        let levels: Vec<Visibility> = self
            .visible_levels()
            .into_iter()
            .filter(|v| q.visibility.is_none_or(|only| only == *v))
            .collect();
        let per = q.per_page.clamp(1, 500);
        let page = q.page.max(1);
        let offset = (page - 1) * per;
        if q.text.trim().is_empty() {
            let (records, total) = self
                .store
                .page_of_kind(kind, &levels, q.newest_first, offset, per)
                .await?;
            return Ok(Page::new(records, total, page, per, false));
        }
        // Text goes through the search index, which holds nothing above the
        // role's clearance; at most SEARCH_CAP hits are paged.
        let mut seen = std::collections::HashSet::new();
        let mut found: Vec<Record> = self
            .search(&q.text, SEARCH_CAP)
            .await?
            .into_iter()
            .map(|(_, r)| r)
            .filter(|r| r.kind() == kind && levels.contains(&r.visibility()))
            .filter(|r| seen.insert(r.id()))
            .collect();
        found.sort_by_key(|r| r.id());
        if q.newest_first {
            found.reverse();
        }
        let total = found.len() as u64;
        let rows = found
            .into_iter()
            .skip(offset as usize)
            .take(per as usize)
            .collect();
        Ok(Page::new(
            rows,
            total,
            page,
            per,
            total >= SEARCH_CAP as u64,
        ))
    }

    /// Every record of one kind this role may see, typed.
    pub async fn all_of<T: TryFrom<Record>>(&self, kind: RecordKind) -> Result<Vec<T>> {
        Ok(self
            .all(kind)
            .await?
            .into_iter()
            .filter_map(|r| T::try_from(r).ok())
            .collect())
    }

    /// The record as JSON with every part above the role's clearance removed.
    pub fn redacted_json(&self, record: &Record) -> Value {
        let mut v = serde_json::to_value(record).unwrap_or_default();
        redact(&mut v, self.clearance());
        v
    }

    /// A label that shows no name or title the role may not see.
    pub fn label(&self, record: &Record) -> String {
        if let Ok(v) = serde_json::from_value::<Record>(self.redacted_json(record)) {
            let l = v.label();
            if !l.is_empty() {
                return l;
            }
        }
        format!("{} {}", record.kind(), record.id())
    }

    /// Records this role may see that point at `id`, with the field that does.
    pub async fn referrers(&self, id: AnyId) -> Result<Vec<(Record, String)>> {
        let mut out = Vec::new();
        for (rid, field) in self.store.referrers(id).await? {
            if let Some(r) = self.find(rid).await? {
                out.push((r, field));
            }
        }
        Ok(out)
    }

    /// A record's history from the audit log (the record must be visible).
    pub async fn history(&self, record: &Record) -> Result<Vec<Entry>> {
        Ok(audit::history(&self.store, &record.id().to_string()).await?)
    }

    /// The latest entries of the audit log.
    pub async fn recent_changes(&self, limit: i64) -> Result<Vec<Entry>> {
        Ok(audit::recent(&self.store, limit).await?)
    }

    /// Records whose names or texts answer `query`, as far as the role may
    /// see them, with the hit that found each.
    pub async fn search(&self, query: &str, limit: usize) -> Result<Vec<(Hit, Record)>> {
        let mut out = Vec::new();
        if query.trim().is_empty() {
            return Ok(out);
        }
        for hit in self.store.search(query, self.clearance(), limit).await? {
            // The index may lag a record whose visibility another server has just narrowed.
            if let Some(r) = self.find(hit.id).await? {
                out.push((hit, r));
            }
        }
        Ok(out)
    }

    /// Evidence files this role may see, newest first.
    pub async fn files(&self) -> Result<Vec<File>> {
        let mut files: Vec<File> = self.all_of(RecordKind::File).await?;
        files.reverse();
        Ok(files)
    }

    /// The bytes of a file's original, checked against its SHA-256; each
    /// read is audited as this member of staff.
    pub async fn file_original(&self, id: &str) -> Result<(File, Vec<u8>)> {
        let file: File = self.typed(id, RecordKind::File).await?;
        let bytes = crate::files::original(&self.store, &self.actor(), &file).await?;
        Ok((file, bytes))
    }

    /// End this session, or (`everywhere`) every session of this user.
    pub async fn sign_out(&self, everywhere: bool) -> Result<()> {
        if everywhere {
            crate::accounts::logout_everywhere(&self.store, &self.staff).await
        } else {
            crate::accounts::logout(&self.store, &self.staff).await
        }
    }

    pub fn editor(&self) -> Result<Editor<'_>> {
        if self.may().edit {
            Ok(Editor::new(self))
        } else {
            Err(AppError::forbidden("create or change records"))
        }
    }

    pub fn merger(&self) -> Result<Merger<'_>> {
        if self.may().merge {
            Ok(Merger::new(self))
        } else {
            Err(AppError::forbidden("merge records"))
        }
    }
}
