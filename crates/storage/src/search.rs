//! The search index: terms derived from every record's names and texts
//! (`vigil_names::search`), kept in `search_terms` and written in the same
//! transaction as the record they come from. `vigil reindex` rebuilds it
//! from the records; nothing else is kept there.
//!
//! Each row carries the visibility of the text it comes from (the record's,
//! or a field's if that is more closed), so a reader finds only what their
//! clearance shows.
//!
//! Confidential text is indexed only keyed: its terms are HMACs under the
//! store's search key ([`Keyring::search_term`]) and its form and word keys
//! are sealed for the record, so the index on disk holds nothing of it in
//! clear. A reader cleared for confidential data searches with the same
//! keyed terms and opens what they find. Without a key nothing confidential
//! is indexed (nor stored: the store refuses it).

use std::collections::{HashMap, HashSet};

use serde_json::Value;
use sqlx::Row;
use vigil_domain::{AnyId, Record, RecordKind, Visibility, permissions};
use vigil_names::search::{Found, Query, index_terms, rank, tiers};

use crate::error::{Result, StorageError};
use crate::seal::Keyring;
use crate::store::{Store, parse_id};

/// One row of the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexRow {
    pub term: String,
    pub record_id: String,
    pub kind: String,
    pub visibility: Visibility,
    /// The record's top-level field the text is in (`names`, `description`…).
    pub field: String,
    pub form: String,
    /// The form's word keys ([`vigil_names::search::Term::keys`]).
    pub keys: String,
}

/// A record that answers a query, with the text that answered best.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub id: AnyId,
    pub kind: RecordKind,
    pub field: String,
    pub form: String,
    pub score: f64,
}

/// Keys whose values are never searched text: identifiers, codes, addresses of files.
const NOT_TEXT: &[&str] = &[
    "id",
    "type",
    "visibility",
    "script",
    "language",
    "url",
    "website",
    "file",
    "media_type",
    "time_zone",
    "sha256",
    "photo",
];

/// Terms bound in one statement, at most.
const TERMS_PER_STATEMENT: usize = 500;
/// Index rows written per statement.
const ROWS_PER_STATEMENT: usize = 100;

/// Whether a string is text someone would search: it has letters, and is
/// not an identifier, a web address or an enumeration's code (`pre_trial`).
fn is_text(s: &str) -> bool {
    if !s.chars().any(char::is_alphabetic) {
        return false;
    }
    if s.starts_with("http://") || s.starts_with("https://") || uuid::Uuid::parse_str(s).is_ok() {
        return false;
    }
    let code = s
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
    !code
}

/// Every searchable text of a JSON value, with its top-level field.
fn texts(v: &Value, field: &str, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                if NOT_TEXT.contains(&k.as_str()) {
                    continue;
                }
                let f = if field.is_empty() { k.as_str() } else { field };
                texts(child, f, out);
            }
        }
        Value::Array(items) => {
            for i in items {
                texts(i, field, out);
            }
        }
        Value::String(s) if is_text(s) => out.push((field.to_owned(), s.clone())),
        _ => {}
    }
}

/// The index rows for one record. Which parts are public, internal or
/// confidential is what [`permissions::redact`] leaves for each clearance
/// (the same cut staff pages make). Confidential rows are keyed and sealed
/// with `keyring`; without one, confidential parts and records are left out.
pub fn rows_of(record: &Record, keyring: Option<&Keyring>) -> Result<Vec<IndexRow>> {
    let clearances: &[Visibility] = if keyring.is_some() {
        &[
            Visibility::Public,
            Visibility::Internal,
            Visibility::Confidential,
        ]
    } else if record.visibility() == Visibility::Confidential {
        return Ok(Vec::new());
    } else {
        &[Visibility::Public, Visibility::Internal]
    };
    let json = serde_json::to_value(record).map_err(|e| StorageError::Corrupt(e.to_string()))?;
    let mut found: Vec<(Visibility, String, String)> = Vec::new();
    let mut seen: HashSet<(String, String)> = HashSet::new();
    for &clearance in clearances {
        let mut cut = json.clone();
        permissions::redact(&mut cut, clearance);
        let mut here = Vec::new();
        texts(&cut, "", &mut here);
        for (field, text) in here {
            if seen.insert((field.clone(), text.clone())) {
                found.push((clearance.within(record.visibility()), field, text));
            }
        }
    }
    let id = record.id().to_string();
    let kind = record.kind().as_str();
    let mut rows: Vec<IndexRow> = Vec::new();
    let mut written: HashSet<(Visibility, String, String, String)> = HashSet::new();
    for (vis, field, text) in found {
        for t in index_terms(&text) {
            if !written.insert((vis, field.clone(), t.term.clone(), t.form.clone())) {
                continue;
            }
            let (term, form, keys) = match (vis, keyring) {
                (Visibility::Confidential, Some(ring)) => (
                    ring.search_term(&t.term),
                    ring.seal(&id, t.form.as_bytes())?,
                    ring.seal(&id, t.keys.as_bytes())?,
                ),
                (Visibility::Confidential, None) => continue,
                _ => (t.term, t.form, t.keys),
            };
            rows.push(IndexRow {
                term,
                record_id: id.clone(),
                kind: kind.to_owned(),
                visibility: vis,
                field: field.clone(),
                form,
                keys,
            });
        }
    }
    Ok(rows)
}

/// Write index rows, many to a statement.
pub(crate) async fn insert_rows(conn: &mut sqlx::AnyConnection, rows: &[IndexRow]) -> Result<()> {
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let mut sql = String::from(
            "INSERT INTO search_terms (term, record_id, kind, visibility, field, form, keys) VALUES ",
        );
        for i in 0..chunk.len() {
            let b = i * 7;
            if i > 0 {
                sql.push(',');
            }
            sql.push_str(&format!(
                "(${}, ${}, ${}, ${}, ${}, ${}, ${})",
                b + 1,
                b + 2,
                b + 3,
                b + 4,
                b + 5,
                b + 6,
                b + 7
            ));
        }
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for r in chunk {
            q = q
                .bind(r.term.clone())
                .bind(r.record_id.clone())
                .bind(r.kind.clone())
                .bind(r.visibility.as_str())
                .bind(r.field.clone())
                .bind(r.form.clone())
                .bind(r.keys.clone());
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Replace a record's rows with those of its new version (none: it is deleted).
pub(crate) async fn reindex_record(
    conn: &mut sqlx::AnyConnection,
    id: AnyId,
    record: Option<&Record>,
    keyring: Option<&Keyring>,
) -> Result<()> {
    sqlx::query("DELETE FROM search_terms WHERE record_id = $1")
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    if let Some(r) = record {
        insert_rows(conn, &rows_of(r, keyring)?).await?;
    }
    Ok(())
}

/// The visibilities a reader with clearance `allowed` may find
/// (confidential only with the key that opens its rows).
fn visible(allowed: Visibility, keyed: bool) -> Vec<&'static str> {
    Visibility::ALL
        .into_iter()
        .filter(|v| *v <= allowed && (keyed || *v != Visibility::Confidential))
        .map(Visibility::as_str)
        .collect()
}

/// A sealed form or word keys of a confidential index row, opened. An error
/// names the record only.
fn open_text(ring: &Keyring, id: &str, sealed: &str) -> Result<String> {
    let bytes = ring.open(id, sealed)?;
    String::from_utf8(bytes)
        .map_err(|_| StorageError::Corrupt(format!("a search index row of record {id}")))
}

impl Store {
    /// Rebuild the whole index from the records; returns the rows written.
    pub async fn reindex(&self) -> Result<usize> {
        let mut tx = self.pool().begin().await?;
        sqlx::query("DELETE FROM search_terms")
            .execute(&mut *tx)
            .await?;
        let mut written = 0;
        for kind in RecordKind::ALL {
            for record in self.list(*kind).await? {
                let rows = rows_of(&record, self.keyring())?;
                insert_rows(&mut tx, &rows).await?;
                written += rows.len();
            }
        }
        tx.commit().await?;
        Ok(written)
    }

    /// Add rows to the index as they are, in one transaction. For loading a
    /// benchmark's generated names (`vigil dev search-bench`) only, so only
    /// with the `bench` feature; records' rows come from their writes.
    #[cfg(feature = "bench")]
    pub async fn add_index_rows(&self, rows: &[IndexRow]) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        insert_rows(&mut tx, rows).await?;
        tx.commit().await?;
        Ok(())
    }

    /// How many rows the index holds.
    pub async fn index_size(&self) -> Result<i64> {
        let row = sqlx::query("SELECT COUNT(*) FROM search_terms")
            .fetch_one(self.pool())
            .await?;
        Ok(row.try_get(0)?)
    }

    async fn lookup(
        &self,
        terms: &[String],
        allowed: Visibility,
        kinds: &[RecordKind],
        fetch: usize,
    ) -> Result<Vec<(String, String, Found<String>)>> {
        let ring = self
            .keyring()
            .filter(|_| allowed >= Visibility::Confidential);
        let vis = visible(allowed, ring.is_some());
        // A reader cleared for confidential data also looks up the keyed
        // terms, which only confidential rows have.
        let mut all: Vec<String> = terms.to_vec();
        if let Some(ring) = ring {
            all.extend(terms.iter().map(|t| ring.search_term(t)));
        }
        let mut out = Vec::new();
        for chunk in all.chunks(TERMS_PER_STATEMENT) {
            let mut sql = String::from(
                "SELECT record_id, kind, field, form, keys, visibility FROM search_terms WHERE term IN (",
            );
            sql.push_str(&crate::sql::placeholders(1, chunk.len()));
            sql.push_str(") AND visibility IN (");
            sql.push_str(&crate::sql::placeholders(chunk.len() + 1, vis.len()));
            sql.push(')');
            if !kinds.is_empty() {
                sql.push_str(" AND kind IN (");
                sql.push_str(&crate::sql::placeholders(
                    chunk.len() + vis.len() + 1,
                    kinds.len(),
                ));
                sql.push(')');
            }
            sql.push_str(&format!(" LIMIT {fetch}"));
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for t in chunk {
                q = q.bind(t.clone());
            }
            for v in &vis {
                q = q.bind(*v);
            }
            for k in kinds {
                q = q.bind(k.as_str());
            }
            for row in q.fetch_all(self.pool()).await? {
                let id: String = row.try_get(0)?;
                let mut form: String = row.try_get(3)?;
                let mut keys: String = row.try_get(4)?;
                let visibility: String = row.try_get(5)?;
                if visibility == Visibility::Confidential.as_str() {
                    let Some(ring) = ring else { continue };
                    form = open_text(ring, &id, &form)?;
                    keys = open_text(ring, &id, &keys)?;
                }
                out.push((
                    id.clone(),
                    row.try_get(1)?,
                    Found {
                        id,
                        field: row.try_get(2)?,
                        form,
                        keys,
                    },
                ));
            }
        }
        Ok(out)
    }

    /// The records that answer `query`, best first, as a reader with
    /// clearance `allowed` may find them.
    pub async fn search(&self, query: &str, allowed: Visibility, limit: usize) -> Result<Vec<Hit>> {
        self.search_kinds(query, allowed, &[], limit).await
    }

    /// As [`Store::search`], finding only records of `kinds` (all, if empty):
    /// a form's picker for a prison is not crowded out by people's names.
    pub async fn search_kinds(
        &self,
        query: &str,
        allowed: Visibility,
        kinds: &[RecordKind],
        limit: usize,
    ) -> Result<Vec<Hit>> {
        let q = Query::new(query);
        if q.is_empty() {
            return Ok(Vec::new());
        }
        let mut rows: Vec<(String, String, Found<String>)> = Vec::new();
        let mut ids: HashSet<String> = HashSet::new();
        for terms in tiers(&q) {
            // A pair of words names few records, all worth ranking; a single
            // word (a common surname) may name thousands, of which the first
            // few stand for the rest: ranking reads every row it is given.
            let fetch = if terms.first().is_some_and(|t| t.starts_with("p:")) {
                (limit * 20).max(200)
            } else {
                (limit * 5).max(50)
            };
            let found = self.lookup(&terms, allowed, kinds, fetch).await?;
            ids.extend(found.iter().map(|r| r.0.clone()));
            rows.extend(found);
            if ids.len() >= limit {
                break;
            }
        }
        let kinds: HashMap<String, String> =
            rows.iter().map(|r| (r.0.clone(), r.1.clone())).collect();
        let ranked = rank(&q, rows.into_iter().map(|(_, _, found)| found), limit);
        let mut hits = Vec::with_capacity(ranked.len());
        for r in ranked {
            let Some(kind) = kinds.get(&r.id).and_then(|k| RecordKind::parse(k)) else {
                continue;
            };
            hits.push(Hit {
                id: parse_id(&r.id)?,
                kind,
                field: r.field,
                form: r.form,
                score: r.score,
            });
        }
        Ok(hits)
    }
}
