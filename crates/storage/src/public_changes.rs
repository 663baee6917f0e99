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
/// each part, and whether it was public before.
#[derive(Debug, Default)]
pub(crate) struct Touched(BTreeMap<PublicPart, bool>);

impl Touched {
    /// A record written: its visibility before (none if new) and after (none if deleted).
    pub(crate) fn record(
        &mut self,
        id: AnyId,
        before: Option<Visibility>,
        after: Option<Visibility>,
    ) {
        let public = Some(Visibility::Public);
        if before == public || after == public {
            self.add(PublicPart::Record(id), before == public);
        }
    }

    pub(crate) fn site_text(&mut self) {
        self.add(PublicPart::SiteText, false);
    }

    fn add(&mut self, part: PublicPart, shown: bool) {
        if let Some(many) = self.0.get_mut(&PublicPart::Many) {
            *many |= shown;
            return;
        }
        *self.0.entry(part).or_default() |= shown;
        if self.0.len() > MOST_NAMED {
            let shown = self.0.values().any(|s| *s);
            self.0 = BTreeMap::from([(PublicPart::Many, shown)]);
        }
    }

    /// The rows to write: each part as text, and whether it was shown.
    pub(crate) fn take(&mut self) -> Vec<(String, bool)> {
        std::mem::take(&mut self.0)
            .into_iter()
            .map(|(part, shown)| (part.as_text(), shown))
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
        let rows = sqlx::query(
            "SELECT part, CAST(MAX(shown) AS BIGINT) FROM public_changes WHERE seq > $1 AND seq <= $2 \
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
            if r.try_get::<i64, _>(1)? != 0 {
                changes.shown.insert(part.clone());
            }
            changes.parts.insert(part);
        }
        if rows.len() > limit {
            changes.parts = BTreeSet::from([PublicPart::Many]);
            changes.shown = changes.parts.clone();
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
