//! The public version: a number that moves only when what readers see may
//! have changed, kept in `public_changes` and written by the transaction that
//! made the change, so every server on one database reads the same one.
//!
//! A transaction notes each record it writes that was public before or is
//! public after (a publication, an edit of a shown record, a withdrawal, a
//! deletion), and each text of the public site it sets. At commit, under the
//! lock that orders every writer (the audit chain's), it writes them under
//! the next version. Work on internal and confidential records, logins and
//! accounts write nothing: readers' pages and the projection they are
//! rendered from stay as they are.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use sqlx::Row;
use vigil_domain::{AnyId, RecordKind, Visibility};

use crate::error::{Result, StorageError};
use crate::store::{Store, parse_id};

/// What a public change touched.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum PublicPart {
    /// A record that was or is public.
    Record(AnyId),
    /// A text of the public site (the About page): pages change, the
    /// projection does not.
    SiteText,
    /// More records than are named one by one (a bulk load, a restore).
    Many,
}

const SITE_TEXT: &str = "site-text";
const MANY: &str = "*";

/// Records one transaction names at most; past them it writes [`PublicPart::Many`].
const MOST_NAMED: usize = 1000;

impl PublicPart {
    fn as_text(&self) -> String {
        match self {
            PublicPart::Record(id) => id.to_string(),
            PublicPart::SiteText => SITE_TEXT.to_owned(),
            PublicPart::Many => MANY.to_owned(),
        }
    }

    fn parse(text: &str) -> Result<PublicPart> {
        Ok(match text {
            SITE_TEXT => PublicPart::SiteText,
            MANY => PublicPart::Many,
            id => PublicPart::Record(parse_id(id)?),
        })
    }
}

/// What changed for readers between two public versions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PublicChanges {
    pub parts: BTreeSet<PublicPart>,
    /// The parts that were public before they changed: what readers could
    /// see that was edited, withdrawn or deleted. When none, every change is
    /// a first publication (or a site text), and what was shown is still true.
    pub shown: BTreeSet<PublicPart>,
    /// Records among `shown` that every change left public and pointing at
    /// the same records (an edit of their content only): what they show,
    /// they show on the same pages.
    pub kept: BTreeSet<PublicPart>,
}

impl PublicChanges {
    /// Only texts of the public site changed: the projection holds.
    pub fn only_site_texts(&self) -> bool {
        self.parts.iter().all(|p| *p == PublicPart::SiteText)
    }
}

/// A record as it is now: [`Store::records_now`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordNow {
    pub kind: RecordKind,
    pub visibility: Visibility,
}

/// What one transaction changed that readers see, written at its commit:
/// each part, and whether and how it was public before ([`Shown`]).
#[derive(Debug, Default)]
pub(crate) struct Touched(BTreeMap<PublicPart, Shown>);

/// Whether a part was public before a change, as `public_changes.shown` keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shown {
    /// Not public before: a first publication.
    No = 0,
    /// Public before; withdrawn, deleted, or pointing at other records since.
    Changed = 1,
    /// Public before and after, pointing at the same records.
    Kept = 3,
}

impl Shown {
    /// Two changes of one part: shown if either was, kept only if neither changed it.
    fn and(self, other: Shown) -> Shown {
        match (self, other) {
            (Shown::Changed, _) | (_, Shown::Changed) => Shown::Changed,
            (Shown::Kept, _) | (_, Shown::Kept) => Shown::Kept,
            _ => Shown::No,
        }
    }
}

impl Touched {
    /// A record written: its visibility before (none if new) and after
    /// (none if deleted), and whether it points at the same records as before.
    pub(crate) fn record(
        &mut self,
        id: AnyId,
        before: Option<Visibility>,
        after: Option<Visibility>,
        same_references: bool,
    ) {
        let public = Some(Visibility::Public);
        let shown = match (before == public, after == public && same_references) {
            (false, _) => Shown::No,
            (true, false) => Shown::Changed,
            (true, true) => Shown::Kept,
        };
        if before == public || after == public {
            self.add(PublicPart::Record(id), shown);
        }
    }

    pub(crate) fn site_text(&mut self) {
        self.add(PublicPart::SiteText, Shown::No);
    }

    fn add(&mut self, part: PublicPart, shown: Shown) {
        // Many records changed are named by none: shown or not, never kept.
        let unnamed = |s: Shown| match s {
            Shown::No => Shown::No,
            _ => Shown::Changed,
        };
        if let Some(many) = self.0.get_mut(&PublicPart::Many) {
            *many = unnamed(many.and(shown));
            return;
        }
        let was = self.0.get(&part).copied().unwrap_or(Shown::No);
        self.0.insert(part, was.and(shown));
        if self.0.len() > MOST_NAMED {
            let all = self.0.values().fold(Shown::No, |a, b| a.and(*b));
            self.0 = BTreeMap::from([(PublicPart::Many, unnamed(all))]);
        }
    }

    /// The rows to write: each part as text, and how it was shown.
    pub(crate) fn take(&mut self) -> Vec<(String, i32)> {
        std::mem::take(&mut self.0)
            .into_iter()
            .map(|(part, shown)| (part.as_text(), shown as i32))
            .collect()
    }
}

impl Store {
    /// The public version now: 0 before anything public was written.
    pub async fn public_version(&self) -> Result<i64> {
        Ok(
            sqlx::query("SELECT COALESCE(MAX(seq), 0) FROM public_changes")
                .fetch_one(self.pool())
                .await?
                .try_get(0)?,
        )
    }

    /// What changed for readers after version `after` up to `until`, each
    /// part once; more than `limit` parts come back as [`PublicPart::Many`].
    pub async fn public_changes(
        &self,
        after: i64,
        until: i64,
        limit: usize,
    ) -> Result<PublicChanges> {
        // Shown if any change found it public; kept if none changed it otherwise.
        let rows = sqlx::query(
            "SELECT part, CAST(MAX(shown) AS BIGINT), \
             CAST(MIN(CASE WHEN shown = 1 THEN 0 ELSE 1 END) AS BIGINT) \
             FROM public_changes WHERE seq > $1 AND seq <= $2 \
             GROUP BY part ORDER BY part LIMIT $3",
        )
        .bind(after)
        .bind(until)
        .bind(i64::try_from(limit).unwrap_or(i64::MAX - 1) + 1)
        .fetch_all(self.pool())
        .await?;
        let mut changes = PublicChanges::default();
        for r in &rows {
            let part = PublicPart::parse(&r.try_get::<String, _>(0)?)?;
            let shown: i64 = r.try_get(1)?;
            if shown != Shown::No as i64 {
                changes.shown.insert(part.clone());
            }
            if shown == Shown::Kept as i64 && r.try_get::<i64, _>(2)? == 1 {
                changes.kept.insert(part.clone());
            }
            changes.parts.insert(part);
        }
        if rows.len() > limit {
            changes.parts = BTreeSet::from([PublicPart::Many]);
            changes.shown = changes.parts.clone();
            changes.kept.clear();
        }
        Ok(changes)
    }

    /// What each of `ids` still in the store is now.
    pub async fn records_now(&self, ids: &[AnyId]) -> Result<HashMap<AnyId, RecordNow>> {
        let ids: Vec<String> = ids.iter().map(AnyId::to_string).collect();
        let select = "SELECT id, kind, visibility FROM records WHERE id IN ({ids})";
        let mut out = HashMap::new();
        for q in crate::sql::by_ids(self.engine(), select, &ids) {
            for row in q.fetch_all(self.pool()).await? {
                let (kind, visibility): (String, String) = (row.try_get(1)?, row.try_get(2)?);
                let known = RecordKind::parse(&kind).zip(Visibility::parse(&visibility));
                let (kind, visibility) = known.ok_or_else(|| {
                    StorageError::Corrupt(format!("record of kind {kind:?}, {visibility:?}"))
                })?;
                let now = RecordNow { kind, visibility };
                out.insert(parse_id(&row.try_get::<String, _>(0)?)?, now);
            }
        }
        Ok(out)
    }
}
