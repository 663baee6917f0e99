//! The Vigil bundle: every record, file and audit entry of a store in one
//! file, to move data between engines and to back it up. The format is
//! documented in `docs/BUNDLE.md`.
//!
//! JSON Lines, UTF-8. The first line is the header, the last the trailer;
//! between them, audit entries (oldest first), then files, then records.
//! The trailer carries the counts and the SHA-256 of every line before it,
//! so a truncated or edited bundle is refused.

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, Write};

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use vigil_domain::{Record, RecordKind};
use vigil_storage::audit::{self, Entry};
use vigil_storage::{Actor, DamagedFile, FileProblem, Keyring, MAX_BLOB_BYTES, Store};

use crate::error::{AppError, Result};

pub const FORMAT_VERSION: u32 = 1;
/// Longest line read: a file at the size limit, in base64, with room to spare.
const MAX_LINE: u64 = (MAX_BLOB_BYTES as u64) * 4 / 3 + 4096;
const PAGE: i64 = 1000;

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    pub vigil_bundle: u32,
    pub exported_at: String,
    pub generator: String,
    /// The id of the key the origin store sealed confidential data with: the
    /// digests in the bundle's history are of records sealed with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sealed_with: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct AuditLine {
    #[serde(flatten)]
    pub entry: Entry,
    pub hash: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileLine {
    pub sha256: String,
    pub size: u64,
    /// Standard base64 of the content.
    pub content: String,
    /// The store kept it sealed (a confidential file): the importing store
    /// does too.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sealed: bool,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub audit: u64,
    pub files: u64,
    pub records: u64,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Trailer {
    #[serde(flatten)]
    pub counts: Counts,
    /// SHA-256 of all the bytes before this line.
    pub sha256: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Line {
    Audit(AuditLine),
    File(FileLine),
    Record(Record),
    End(Trailer),
}

struct HashingWriter<W: Write> {
    inner: W,
    hasher: Sha256,
}

impl<W: Write> HashingWriter<W> {
    fn line<T: Serialize>(&mut self, value: &T) -> Result<()> {
        let mut bytes = serde_json::to_vec(value).map_err(|e| AppError::invalid(e.to_string()))?;
        bytes.push(b'\n');
        self.hasher.update(&bytes);
        self.inner.write_all(&bytes)?;
        Ok(())
    }
}

/// Write the whole store to `out`. The export is itself recorded in the audit log first.
///
/// Every evidence file is read and hashed first: a store with a missing or
/// changed file is refused ([`AppError::Damaged`], naming them), so a
/// bundle never carries a loss unnoticed.
pub async fn export<W: Write>(store: &Store, actor: &Actor, out: W) -> Result<Counts> {
    Ok(export_logged(store, actor, out, "export", "bundle", false)
        .await?
        .0)
}

/// [`export`] a store with damaged evidence files: their records are
/// written without their content, and the damaged files are returned.
pub async fn export_allowing_damaged<W: Write>(
    store: &Store,
    actor: &Actor,
    out: W,
) -> Result<(Counts, Vec<DamagedFile>)> {
    export_logged(store, actor, out, "export", "bundle", true).await
}

/// Refuse `damaged` files unless they are allowed.
fn check_damaged(damaged: &[DamagedFile], allowed: bool) -> Result<()> {
    if damaged.is_empty() || allowed {
        return Ok(());
    }
    let list: Vec<String> = damaged.iter().map(ToString::to_string).collect();
    Err(AppError::Damaged(format!(
        "{} evidence file(s) damaged: {}; the audit's verification lists them, and \
         they can be left out of the bundle",
        damaged.len(),
        list.join("; ")
    )))
}

/// [`export`], recorded in the audit log as `action` with `detail`.
pub(crate) async fn export_logged<W: Write>(
    store: &Store,
    actor: &Actor,
    out: W,
    action: &str,
    detail: &str,
    allow_damaged: bool,
) -> Result<(Counts, Vec<DamagedFile>)> {
    let damaged = store.damaged_files().await?;
    check_damaged(&damaged, allow_damaged)?;
    let mut tx = store.begin().await?;
    tx.audit_event(actor, action, Some(detail)).await?;
    tx.commit().await?;

    let mut w = HashingWriter {
        inner: out,
        hasher: Sha256::new(),
    };
    let mut counts = Counts::default();
    w.line(&Header {
        vigil_bundle: FORMAT_VERSION,
        exported_at: jiff::Timestamp::now().to_string(),
        generator: format!("vigil {}", env!("CARGO_PKG_VERSION")),
        sealed_with: store.key_id().map(str::to_owned),
    })?;
    let mut after = 0;
    loop {
        let page = audit::page(store, after, PAGE).await?;
        let Some(last) = page.last() else { break };
        after = last.0.seq;
        for (entry, hash) in page {
            w.line(&Line::Audit(AuditLine { entry, hash }))?;
            counts.audit += 1;
        }
    }
    store
        .for_each_blob(allow_damaged, |held, bytes| {
            w.line(&Line::File(FileLine {
                sha256: held.sha256,
                size: bytes.len() as u64,
                content: base64::engine::general_purpose::STANDARD.encode(&bytes),
                sealed: held.sealed,
            }))?;
            counts.files += 1;
            Ok::<_, AppError>(())
        })
        .await?;
    for kind in RecordKind::ALL {
        let mut after = None;
        loop {
            let page = store.list_page(*kind, after, PAGE).await?;
            let Some(last) = page.last() else { break };
            after = Some(last.id());
            for record in page {
                w.line(&Line::Record(record))?;
                counts.records += 1;
            }
        }
    }
    let sha256 = hex::encode(w.hasher.clone().finalize());
    let trailer = Line::End(Trailer { counts, sha256 });
    let mut bytes = serde_json::to_vec(&trailer).map_err(|e| AppError::invalid(e.to_string()))?;
    bytes.push(b'\n');
    w.inner.write_all(&bytes)?;
    w.inner.flush()?;
    Ok((counts, damaged))
}

/// Restore a bundle into an empty store, all or nothing.
///
/// When the bundle carries audit history, the history is restored as it was
/// (the chain is checked entry by entry) and every record must match the
/// digest its history last recorded. A bundle without history (written by
/// hand or by another tool) has each record entered as a new creation.
pub async fn import<R: BufRead>(store: &Store, actor: &Actor, input: R) -> Result<Counts> {
    import_from(store, actor, input, None).await
}

/// [`import`] a bundle from a store sealed with another key, `origin`: each
/// record holding confidential data is checked against its history as the
/// origin store sealed it, then sealed with this store's key, and that is
/// recorded in its history (a `reseal` entry naming both key ids).
pub async fn import_from<R: BufRead>(
    store: &Store,
    actor: &Actor,
    input: R,
    origin: Option<&Keyring>,
) -> Result<Counts> {
    let options = ImportOptions {
        origin,
        allow_damaged: false,
    };
    Ok(import_with(store, actor, input, options).await?.0)
}

/// How a bundle is imported.
#[derive(Debug, Clone, Copy, Default)]
pub struct ImportOptions<'a> {
    /// The key of the store the bundle came from, when it is not this one's.
    pub origin: Option<&'a Keyring>,
    /// Keep the records of evidence files whose content the bundle lacks
    /// (exported with `--allow-damaged`); they are returned, and
    /// `vigil audit verify` goes on naming them.
    pub allow_damaged: bool,
}

/// [`import_from`] with every option; returns what was imported and the
/// evidence files whose content the bundle lacked.
pub async fn import_with<R: BufRead>(
    store: &Store,
    actor: &Actor,
    mut input: R,
    options: ImportOptions<'_>,
) -> Result<(Counts, Vec<DamagedFile>)> {
    let origin = options.origin;
    if !store.is_empty().await? {
        return Err(AppError::Conflict(
            "a bundle can only be imported into an empty store; this one already holds data".into(),
        ));
    }
    let mut tx = store.begin().await?;
    let mut hasher = Sha256::new();
    let mut counts = Counts::default();
    let mut line_no = 0usize;
    let mut buf = String::new();
    let mut audited: HashMap<String, Option<String>> = HashMap::new();
    let mut contents: HashSet<String> = HashSet::new();
    let mut lacking: Vec<DamagedFile> = Vec::new();
    let mut sealed_with: Option<String> = None;
    let mut resealed: Vec<(RecordKind, vigil_domain::AnyId)> = Vec::new();
    let mut stage = 0u8; // 0 header, 1 audit, 2 files, 3 records, 4 after the trailer
    let bad =
        |line: usize, message: String| AppError::invalid(format!("bundle line {line}: {message}"));

    loop {
        buf.clear();
        let n = std::io::Read::take(&mut input, MAX_LINE)
            .read_line(&mut buf)
            .map_err(|e| {
                bad(
                    line_no + 1,
                    format!("cannot be read ({e}); a bundle is UTF-8 JSON Lines"),
                )
            })?;
        if n == 0 {
            break;
        }
        line_no += 1;
        if !buf.ends_with('\n') {
            return Err(bad(line_no, "is cut off or too long (no line end)".into()));
        }
        if stage == 4 {
            return Err(bad(
                line_no,
                "follows the trailer; the bundle must end with its \"end\" line".into(),
            ));
        }
        if stage == 0 {
            let header: Header = serde_json::from_str(&buf)
                .map_err(|e| bad(line_no, format!("is not a Vigil bundle header: {e}")))?;
            if header.vigil_bundle != FORMAT_VERSION {
                return Err(bad(
                    line_no,
                    format!(
                        "bundle format {} is not supported; this Vigil reads format {FORMAT_VERSION}",
                        header.vigil_bundle
                    ),
                ));
            }
            if let (Some(want), Some(given)) = (&header.sealed_with, origin)
                && want != given.id()
            {
                return Err(bad(
                    line_no,
                    format!(
                        "the bundle was sealed with key {want}; the key given to read it is {}",
                        given.id()
                    ),
                ));
            }
            sealed_with = header.sealed_with;
            hasher.update(buf.as_bytes());
            stage = 1;
            continue;
        }
        let line: Line =
            serde_json::from_str(&buf).map_err(|e| bad(line_no, describe_json_error(&e)))?;
        match line {
            Line::Audit(a) => {
                if stage > 1 {
                    return Err(bad(
                        line_no,
                        "audit entries must come before files and records".into(),
                    ));
                }
                tx.restore_audit_entry(&a.entry, &a.hash)
                    .await
                    .map_err(|_| {
                        bad(
                            line_no,
                            format!(
                                "audit entry {} does not extend the chain: the history was altered",
                                a.entry.seq
                            ),
                        )
                    })?;
                if let Some(id) = &a.entry.record_id {
                    match a.entry.action.as_str() {
                        "delete" => {
                            audited.insert(id.clone(), None);
                        }
                        _ if a.entry.digest.is_some() => {
                            audited.insert(id.clone(), a.entry.digest.clone());
                        }
                        _ => {}
                    }
                }
                counts.audit += 1;
            }
            Line::File(f) => {
                if stage > 2 {
                    return Err(bad(line_no, "files must come before records".into()));
                }
                stage = 2;
                let bytes = base64::engine::general_purpose::STANDARD
                    .decode(f.content.as_bytes())
                    .map_err(|_| bad(line_no, "file content is not valid base64".into()))?;
                if bytes.len() as u64 != f.size {
                    return Err(bad(
                        line_no,
                        format!(
                            "file is {} bytes, not the {} it claims",
                            bytes.len(),
                            f.size
                        ),
                    ));
                }
                let put = if f.sealed {
                    tx.put_sealed_blob(&bytes).await
                } else {
                    tx.put_blob(&bytes).await
                };
                let sha = put.map_err(|e| bad(line_no, e.to_string()))?;
                if sha != f.sha256 {
                    return Err(bad(
                        line_no,
                        "file content does not match its SHA-256".into(),
                    ));
                }
                contents.insert(sha);
                counts.files += 1;
            }
            Line::Record(record) => {
                stage = 3;
                lacking.extend(lacking_content(&record, &contents));
                if counts.audit > 0 {
                    let digest = tx
                        .restore_record(&record)
                        .await
                        .map_err(|e| bad(line_no, e.to_string()))?;
                    match audited.remove(&record.id().to_string()) {
                        Some(Some(d)) if d == digest => {}
                        Some(Some(d)) => {
                            let differs = || {
                                bad(
                                    line_no,
                                    format!(
                                        "{} {} differs from its last audited version",
                                        record.kind(),
                                        record.id()
                                    ),
                                )
                            };
                            // Sealed with another key, its digest is checked as the
                            // origin store sealed it.
                            if let Some(ring) = origin {
                                let under = tx
                                    .digest_under(&record, ring)
                                    .map_err(|e| bad(line_no, e.to_string()))?;
                                if under != d {
                                    return Err(differs());
                                }
                                resealed.push((record.kind(), record.id()));
                            } else if let Some(k) = sealed_with
                                .as_deref()
                                .filter(|k| Some(*k) != tx.key_id().as_deref())
                                && holds_confidential(&record)?
                            {
                                return Err(AppError::Locked(format!(
                                    "bundle line {line_no}: {} {} holds confidential data sealed with key {k} in the bundle's history; \
                                     give the key that sealed it too, to check it and seal it again with this store's key",
                                    record.kind(),
                                    record.id(),
                                )));
                            } else {
                                return Err(differs());
                            }
                        }
                        _ => {
                            return Err(bad(
                                line_no,
                                format!(
                                    "{} {} has no history in the bundle's audit log",
                                    record.kind(),
                                    record.id()
                                ),
                            ));
                        }
                    }
                } else {
                    tx.insert(actor, &record)
                        .await
                        .map_err(|e| bad(line_no, e.to_string()))?;
                }
                counts.records += 1;
            }
            Line::End(t) => {
                let actual = hex::encode(hasher.clone().finalize());
                if t.sha256 != actual {
                    return Err(bad(
                        line_no,
                        "the checksum does not match: the bundle was altered or damaged".into(),
                    ));
                }
                if t.counts != counts {
                    return Err(bad(
                        line_no,
                        format!(
                            "the trailer counts {:?}, the bundle holds {:?}",
                            t.counts, counts
                        ),
                    ));
                }
                stage = 4;
                continue;
            }
        }
        hasher.update(buf.as_bytes());
    }
    if stage == 0 {
        return Err(bad(
            1,
            "the file is empty; a bundle starts with a header line".into(),
        ));
    }
    if stage != 4 {
        return Err(bad(
            line_no,
            "the bundle ends without its \"end\" line: it is truncated".into(),
        ));
    }
    if let Some((id, _)) = audited.iter().find(|(_, d)| d.is_some()) {
        return Err(AppError::invalid(format!(
            "the audit log names record {id}, which the bundle does not hold"
        )));
    }
    if !lacking.is_empty() && !options.allow_damaged {
        return Err(AppError::Damaged(format!(
            "the bundle lacks the content of {} evidence file(s) ({}); their records \
             can be imported without it",
            lacking.len(),
            lacking
                .iter()
                .map(|d| d.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    if !resealed.is_empty() {
        let detail = format!(
            "sealed again: key {} -> key {}",
            origin.map(Keyring::id).unwrap_or_default(),
            tx.key_id().unwrap_or_default()
        );
        for (kind, id) in resealed {
            tx.audit_record_event(actor, "reseal", kind, id, Some(&detail))
                .await?;
        }
    }
    tx.audit_event(
        actor,
        "import",
        Some(&format!(
            "bundle: {} records, {} files",
            counts.records, counts.files
        )),
    )
    .await?;
    tx.commit()
        .await
        .map_err(|e| AppError::invalid(format!("the bundle's records do not fit together: {e}")))?;
    Ok((counts, lacking))
}

/// The contents an evidence file's record names that are not in `contents`.
fn lacking_content(record: &Record, contents: &HashSet<String>) -> Vec<DamagedFile> {
    let Record::File(file) = record else {
        return Vec::new();
    };
    [Some(&file.sha256), file.published_sha256.as_ref()]
        .into_iter()
        .flatten()
        .filter(|sha| !contents.contains(*sha))
        .map(|sha| DamagedFile {
            id: file.id.to_string(),
            sha256: sha.clone(),
            problem: FileProblem::Missing,
        })
        .collect()
}

fn holds_confidential(record: &Record) -> Result<bool> {
    let value = serde_json::to_value(record).map_err(|e| AppError::invalid(e.to_string()))?;
    Ok(vigil_storage::seal::holds_confidential(&value))
}

fn describe_json_error(e: &serde_json::Error) -> String {
    // serde's message names the field and what was expected; it never quotes the content.
    format!("is not a valid bundle line: {e}")
}
