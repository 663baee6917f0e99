//! The search index: terms derived from every record's names and texts
//! (`vigil_names::search`), written in the same transaction as the record
//! they come from. `vigil reindex` rebuilds it from the records; nothing
//! else is kept there. Each form a hit shows (a name, a title, the words
//! around a word of a long text) is kept once in `search_forms`, with its
//! word keys; `search_terms` keeps only which terms lead to which forms.
//!
//! Each form carries the visibility of the text it comes from (the
//! record's, or a field's if that is more closed), so a reader finds only
//! what their clearance shows.
//!
//! Confidential text is indexed only keyed: its terms are HMACs under the
//! store's search key ([`Keyring::search_term`]) and its form and word keys
//! are sealed for the record, so the index on disk holds nothing of it in
//! clear. A reader cleared for confidential data searches with the same
//! keyed terms and opens what they find. Without a key nothing confidential
//! is indexed (nor stored: the store refuses it).

use std::collections::{HashMap, HashSet};
use std::io::{Read, Write};

use flate2::Compression;
use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;

use serde_json::Value;
use sqlx::Row;
use vigil_domain::{AnyId, Record, RecordKind, Visibility, permissions};
use vigil_names::search::{Found, Query, Term, index_terms, rank, tiers};

use crate::error::{Result, StorageError};
use crate::seal::Keyring;
use crate::store::{Store, parse_id};

/// One form of the index: a text a hit shows (a name, a title, the words
/// around a word of a long text) with the terms that lead to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexForm {
    pub record_id: String,
    pub kind: String,
    pub visibility: Visibility,
    /// The record's top-level field the text is in (`names`, `description`…).
    pub field: String,
    pub form: String,
    /// The form's word keys ([`vigil_names::search::Term::keys`]).
    pub keys: String,
    pub terms: Vec<String>,
}

impl IndexForm {
    /// The forms of one text's terms ([`index_terms`]), each with its terms,
    /// in the order they first come.
    pub fn group(
        record_id: &str,
        kind: &str,
        visibility: Visibility,
        field: &str,
        terms: Vec<Term>,
    ) -> Vec<IndexForm> {
        let mut forms: Vec<IndexForm> = Vec::new();
        let mut at: HashMap<String, usize> = HashMap::new();
        for t in terms {
            let i = *at.entry(t.form.clone()).or_insert_with(|| {
                forms.push(IndexForm {
                    record_id: record_id.to_owned(),
                    kind: kind.to_owned(),
                    visibility,
                    field: field.to_owned(),
                    form: t.form,
                    keys: t.keys,
                    terms: Vec::new(),
                });
                forms.len() - 1
            });
            forms[i].terms.push(t.term);
        }
        forms
    }
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

/// Keys whose values are never searched text: identifiers, codes (a
/// country's `AZ`), addresses of files.
const NOT_TEXT: &[&str] = &[
    "id",
    "country",
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
/// Index documents written per statement.
const DOCS_PER_STATEMENT: usize = 64;
/// Term rows written per statement: SQLite binds a statement's parameters
/// in time that grows faster than their number, so many small statements
/// beat a few large ones.
const TERM_ROWS_PER_STATEMENT: usize = 64;

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

/// The index forms of one record. Which parts are public, internal or
/// confidential is what [`permissions::redact`] leaves for each clearance
/// (the same cut staff pages make). Confidential forms are keyed and sealed
/// with `keyring`; without one, confidential parts and records are left out.
pub fn forms_of(record: &Record, keyring: Option<&Keyring>) -> Result<Vec<IndexForm>> {
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
    let mut forms: Vec<IndexForm> = Vec::new();
    let mut at: HashMap<(Visibility, String, String), usize> = HashMap::new();
    for (vis, field, text) in found {
        if vis == Visibility::Confidential && keyring.is_none() {
            continue;
        }
        for form in IndexForm::group(&id, kind, vis, &field, index_terms(&text)) {
            let key = (vis, field.clone(), form.form.clone());
            match at.get(&key) {
                Some(&i) => {
                    let terms = &mut forms[i].terms;
                    for t in form.terms {
                        if !terms.contains(&t) {
                            terms.push(t);
                        }
                    }
                }
                None => {
                    at.insert(key, forms.len());
                    forms.push(form);
                }
            }
        }
    }
    if let Some(ring) = keyring {
        for f in forms
            .iter_mut()
            .filter(|f| f.visibility == Visibility::Confidential)
        {
            f.form = ring.seal(&id, f.form.as_bytes())?;
            f.keys = ring.seal(&id, f.keys.as_bytes())?;
            for t in &mut f.terms {
                *t = ring.search_term(t);
            }
        }
    }
    Ok(forms)
}

/// One form as a record's index document keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocForm {
    pub visibility: Visibility,
    pub field: String,
    pub form: String,
    pub keys: String,
    pub terms: Vec<String>,
}

/// A visibility as the index stores it: its place in [`Visibility::ALL`].
fn vis_code(v: Visibility) -> i64 {
    match v {
        Visibility::Public => 0,
        Visibility::Internal => 1,
        Visibility::Confidential => 2,
    }
}

fn vis_of(code: &str) -> Option<Visibility> {
    code.parse::<usize>()
        .ok()
        .and_then(|i| Visibility::ALL.get(i).copied())
}

/// A part of a document line: forms are collapsed to single spaces, so a
/// tab or a line break can only come from a field's name; it is a space.
fn part(s: &str) -> String {
    s.replace(['\t', '\n'], " ")
}

/// Most a record's search document may hold once inflated: far more than a
/// record of [`crate::tx::MAX_RECORD_BYTES`] gives; past it a document is corrupt.
const MAX_DOC_BYTES: u64 = 256 * 1024 * 1024;

/// A record's forms as its document keeps them: a line per form, its
/// visibility code, field, form, word keys and terms separated by tabs,
/// deflated (names in three scripts and their keys repeat one another).
fn encode_doc(forms: &[&IndexForm]) -> Vec<u8> {
    let mut out = String::new();
    for f in forms {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&vis_code(f.visibility).to_string());
        for p in [&f.field, &f.form, &f.keys].into_iter().chain(&f.terms) {
            out.push('\t');
            out.push_str(&part(p));
        }
    }
    let mut z = DeflateEncoder::new(Vec::new(), Compression::default());
    z.write_all(out.as_bytes())
        .and_then(|()| z.finish())
        .expect("deflating into memory cannot fail")
}

/// Read a document [`encode_doc`] wrote. `record` names it in an error.
pub fn decode_doc(record: &str, doc: &[u8]) -> Result<Vec<DocForm>> {
    let corrupt = || StorageError::Corrupt(format!("the search document of record {record}"));
    let mut text = String::new();
    DeflateDecoder::new(doc)
        .take(MAX_DOC_BYTES)
        .read_to_string(&mut text)
        .map_err(|_| corrupt())?;
    text.split('\n')
        .filter(|l| !l.is_empty())
        .map(|line| {
            let mut parts = line.split('\t');
            let visibility = parts.next().and_then(vis_of).ok_or_else(corrupt)?;
            let mut next = || parts.next().map(str::to_owned).ok_or_else(corrupt);
            let (field, form, keys) = (next()?, next()?, next()?);
            Ok(DocForm {
                visibility,
                field,
                form,
                keys,
                terms: parts.map(str::to_owned).collect(),
            })
        })
        .collect()
}

/// Write index forms: a document per record, and a row per term.
pub(crate) async fn insert_forms(
    conn: &mut sqlx::AnyConnection,
    forms: &[IndexForm],
) -> Result<()> {
    let mut docs: Vec<(&str, &str, Vec<&IndexForm>)> = Vec::new();
    let mut at: HashMap<&str, usize> = HashMap::new();
    for f in forms {
        let i = *at.entry(f.record_id.as_str()).or_insert_with(|| {
            docs.push((&f.record_id, &f.kind, Vec::new()));
            docs.len() - 1
        });
        docs[i].2.push(f);
    }
    let engine = crate::sql::engine_of(conn);
    for chunk in docs.chunks(DOCS_PER_STATEMENT) {
        let mut sql = String::from("INSERT INTO search_docs (record_id, kind, forms) VALUES ");
        sql.push_str(&crate::sql::values(engine, chunk.len(), 3));
        sql.push_str(" RETURNING id, record_id");
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (record, kind, forms) in chunk {
            q = q.bind(*record).bind(*kind).bind(encode_doc(forms));
        }
        // Nothing promises RETURNING keeps the order of VALUES: each
        // document is matched to its id by its record.
        let mut ids: HashMap<String, i64> = HashMap::new();
        for row in q.fetch_all(&mut *conn).await? {
            ids.insert(row.try_get(1)?, row.try_get(0)?);
        }
        let mut terms: Vec<(&str, i64, i64, i64)> = Vec::new();
        for (record, _, forms) in chunk {
            let id = *ids.get(*record).ok_or_else(|| {
                StorageError::Corrupt(format!(
                    "the search document of record {record} was not written"
                ))
            })?;
            for (n, f) in forms.iter().enumerate() {
                let vis = vis_code(f.visibility);
                terms.extend(f.terms.iter().map(|t| (t.as_str(), vis, id, n as i64)));
            }
        }
        insert_terms(conn, &terms).await?;
    }
    Ok(())
}

/// Write which terms lead to which forms, many to a statement. A row
/// already there is left as it is.
async fn insert_terms(
    conn: &mut sqlx::AnyConnection,
    terms: &[(&str, i64, i64, i64)],
) -> Result<()> {
    for chunk in terms.chunks(TERM_ROWS_PER_STATEMENT) {
        let mut sql = String::from("INSERT INTO search_terms (term, vis, doc_id, n) VALUES ");
        sql.push_str(&crate::sql::values(
            crate::sql::engine_of(conn),
            chunk.len(),
            4,
        ));
        sql.push_str(" ON CONFLICT DO NOTHING");
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (term, vis, doc, n) in chunk {
            q = q.bind(*term).bind(*vis).bind(*doc).bind(*n);
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Delete a record's document and the terms it lists.
async fn delete_doc(conn: &mut sqlx::AnyConnection, record: &str) -> Result<()> {
    let Some(row) = sqlx::query("SELECT id, forms FROM search_docs WHERE record_id = $1")
        .bind(record)
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Ok(());
    };
    let doc: i64 = row.try_get(0)?;
    let mut by_vis: HashMap<i64, HashSet<String>> = HashMap::new();
    for f in decode_doc(record, &row.try_get::<Vec<u8>, _>(1)?)? {
        by_vis
            .entry(vis_code(f.visibility))
            .or_default()
            .extend(f.terms);
    }
    for (vis, terms) in by_vis {
        let terms: Vec<String> = terms.into_iter().collect();
        for chunk in terms.chunks(TERMS_PER_STATEMENT) {
            let sql = format!(
                "DELETE FROM search_terms WHERE vis = $1 AND doc_id = $2 AND term IN ({})",
                crate::sql::placeholders(3, chunk.len())
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(vis).bind(doc);
            for t in chunk {
                q = q.bind(t.as_str());
            }
            q.execute(&mut *conn).await?;
        }
    }
    sqlx::query("DELETE FROM search_docs WHERE id = $1")
        .bind(doc)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Replace a record's forms with those of its new version (none: it is deleted).
pub(crate) async fn reindex_record(
    conn: &mut sqlx::AnyConnection,
    id: AnyId,
    record: Option<&Record>,
    keyring: Option<&Keyring>,
) -> Result<()> {
    delete_doc(conn, &id.to_string()).await?;
    if let Some(r) = record {
        insert_forms(conn, &forms_of(r, keyring)?).await?;
    }
    Ok(())
}

/// The visibilities a reader with clearance `allowed` may find
/// (confidential only with the key that opens its forms).
fn visible(allowed: Visibility, keyed: bool) -> Vec<Visibility> {
    Visibility::ALL
        .into_iter()
        .filter(|v| *v <= allowed && (keyed || *v != Visibility::Confidential))
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
    /// Rebuild the whole index from the records; returns the terms written.
    pub async fn reindex(&self) -> Result<usize> {
        let mut tx = self.pool().begin().await?;
        for table in ["search_terms", "search_docs"] {
            sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM {table}")))
                .execute(&mut *tx)
                .await?;
        }
        let mut written = 0;
        for kind in RecordKind::ALL {
            for record in self.list(*kind).await? {
                let forms = forms_of(&record, self.keyring())?;
                insert_forms(&mut tx, &forms).await?;
                written += forms.iter().map(|f| f.terms.len()).sum::<usize>();
            }
        }
        tx.commit().await?;
        Ok(written)
    }

    /// Add forms to the index as they are, in one transaction. For loading a
    /// benchmark's generated names (`vigil dev search-bench`) only, so only
    /// with the `bench` feature; records' rows come from their writes.
    #[cfg(feature = "bench")]
    pub async fn add_index_forms(&self, forms: &[IndexForm]) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        insert_forms(&mut tx, forms).await?;
        tx.commit().await?;
        Ok(())
    }

    /// How many terms the index holds (a term once for each form it leads to).
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
        let mut docs: HashMap<i64, Vec<DocForm>> = HashMap::new();
        for chunk in all.chunks(TERMS_PER_STATEMENT) {
            let mut sql = String::from(
                "SELECT d.id, d.record_id, d.kind, t.n, d.forms \
                 FROM search_terms t JOIN search_docs d ON d.id = t.doc_id WHERE t.term IN (",
            );
            sql.push_str(&crate::sql::placeholders(1, chunk.len()));
            sql.push_str(") AND t.vis IN (");
            sql.push_str(&crate::sql::placeholders(chunk.len() + 1, vis.len()));
            sql.push(')');
            if !kinds.is_empty() {
                sql.push_str(" AND d.kind IN (");
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
                q = q.bind(vis_code(*v));
            }
            for k in kinds {
                q = q.bind(k.as_str());
            }
            for row in q.fetch_all(self.pool()).await? {
                let doc: i64 = row.try_get(0)?;
                let id: String = row.try_get(1)?;
                let n: i64 = row.try_get(3)?;
                let forms = match docs.entry(doc) {
                    std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                    std::collections::hash_map::Entry::Vacant(e) => {
                        e.insert(decode_doc(&id, &row.try_get::<Vec<u8>, _>(4)?)?)
                    }
                };
                let Some(f) = usize::try_from(n).ok().and_then(|n| forms.get(n)) else {
                    return Err(StorageError::Corrupt(format!(
                        "the search document of record {id}"
                    )));
                };
                if !vis.contains(&f.visibility) {
                    continue;
                }
                let (mut form, mut keys) = (f.form.clone(), f.keys.clone());
                if f.visibility == Visibility::Confidential {
                    let Some(ring) = ring else { continue };
                    form = open_text(ring, &id, &form)?;
                    keys = open_text(ring, &id, &keys)?;
                }
                out.push((
                    id.clone(),
                    row.try_get(2)?,
                    Found {
                        id,
                        field: f.field.clone(),
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
