//! Evidence files: photos, scanned letters and court documents, recordings.
//!
//! A file is accepted by what its bytes are, never by its name or the type
//! a browser claims: its first bytes are read (`infer`) and it must be one
//! of the kinds in [`ACCEPTED`], under [`MAX_FILE_BYTES`]. The original is
//! kept as uploaded, under its SHA-256 (checked on every read), so that what
//! was received can be shown unchanged later: chain of custody. A photo
//! (JPEG or PNG) also gets a copy with its metadata removed (EXIF with the
//! camera's GPS position, XMP, IPTC, comments, PNG text chunks); only that
//! copy is ever published (`File::public_copy`, through `vigil-publish`).
//! A confidential file's bytes are kept sealed (`vigil_storage`'s blobs).

use img_parts::jpeg::{Jpeg, JpegSegment, markers};
use img_parts::png::Png;
use vigil_domain::records::File;
use vigil_domain::{Id, Record, RecordKind, Visibility};
use vigil_storage::{Actor, Store};

use crate::{AppError, Result};

/// Largest file accepted.
pub const MAX_FILE_BYTES: usize = 32 * 1024 * 1024;

/// A kind of file Vigil accepts, as told by its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kind {
    pub media_type: &'static str,
    pub label: &'static str,
    /// Published only as a copy without metadata.
    photo: Option<Photo>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Photo {
    Jpeg,
    Png,
}

const fn kind(media_type: &'static str, label: &'static str) -> Kind {
    Kind {
        media_type,
        label,
        photo: None,
    }
}

/// The kinds accepted. Anything else (web pages, SVG drawings, programs,
/// archives) is refused: a file the browser could run is never stored.
pub const ACCEPTED: &[Kind] = &[
    Kind {
        media_type: "image/jpeg",
        label: "JPEG photo",
        photo: Some(Photo::Jpeg),
    },
    Kind {
        media_type: "image/png",
        label: "PNG image",
        photo: Some(Photo::Png),
    },
    kind("image/webp", "WebP image"),
    kind("application/pdf", "PDF document"),
    kind(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Word document",
    ),
    kind(
        "application/vnd.oasis.opendocument.text",
        "OpenDocument text",
    ),
    kind("audio/mpeg", "MP3 recording"),
    kind("audio/ogg", "Ogg recording"),
    kind("audio/m4a", "M4A recording"),
    kind("video/mp4", "MP4 video"),
    kind("text/plain", "plain text"),
];

fn refuse(msg: impl Into<String>) -> AppError {
    AppError::invalid(msg.into())
}

fn accepted_labels() -> String {
    ACCEPTED
        .iter()
        .map(|k| k.label)
        .collect::<Vec<_>>()
        .join(", ")
}

/// What the bytes are, or why they are refused.
pub fn sniff(bytes: &[u8]) -> Result<Kind> {
    if bytes.is_empty() {
        return Err(refuse("the file is empty"));
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(AppError::TooLarge(format!(
            "the file is {} bytes; the limit is {} MB",
            bytes.len(),
            MAX_FILE_BYTES / (1024 * 1024)
        )));
    }
    let found = match infer::get(bytes) {
        Some(t) => t.mime_type(),
        None if is_plain_text(bytes) => "text/plain",
        None => {
            return Err(refuse(format!(
                "the file's kind cannot be told from its content; Vigil accepts: {}",
                accepted_labels()
            )));
        }
    };
    ACCEPTED
        .iter()
        .find(|k| k.media_type == found)
        .copied()
        .ok_or_else(|| {
            refuse(format!(
                "the file is {found} (by its content, whatever its name says); Vigil accepts: {}",
                accepted_labels()
            ))
        })
}

/// UTF-8 without control characters other than tab and line ends, and not
/// markup a browser would render.
fn is_plain_text(bytes: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return false;
    };
    let clean = text
        .chars()
        .all(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'));
    let head = text.trim_start_matches('\u{feff}').trim_start();
    let markup = head.starts_with('<');
    clean && !markup
}

/// A copy of a photo without the metadata that can identify or locate:
/// JPEG keeps only what decoding needs (the JFIF header, colour profile and
/// Adobe colour marker, tables and scans); PNG keeps only image and colour
/// chunks. Anything after the image's end is dropped.
pub fn without_metadata(kind: Kind, bytes: &[u8]) -> Result<Option<Vec<u8>>> {
    let unreadable =
        |e: img_parts::Error| refuse(format!("the {} cannot be read: {e}", kind.label));
    match kind.photo {
        None => Ok(None),
        Some(Photo::Jpeg) => {
            let mut jpeg = Jpeg::from_bytes(bytes.to_vec().into()).map_err(unreadable)?;
            // The parser stops at the first scan and keeps the rest (more
            // scans, segments between them, anything after the end) as
            // that scan's data: clean it here.
            let Some(scan) = jpeg.segments_mut().pop() else {
                return Err(refuse(format!("the {} has no picture", kind.label)));
            };
            let rest = scan.len_with_entropy() - scan.len();
            let entropy = clean_jpeg_scans(&bytes[bytes.len() - rest..]);
            jpeg.segments_mut()
                .retain(|s| keep_jpeg_segment(s.marker()));
            jpeg.segments_mut().push(JpegSegment::new_with_entropy(
                scan.marker(),
                scan.contents().clone(),
                entropy.into(),
            ));
            Ok(Some(jpeg.encoder().bytes().to_vec()))
        }
        Some(Photo::Png) => {
            const KEEP: [&[u8; 4]; 12] = [
                b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP",
                b"sBIT", b"bKGD", b"pHYs",
            ];
            let mut png = Png::from_bytes(bytes.to_vec().into()).map_err(unreadable)?;
            png.chunks_mut().retain(|c| KEEP.contains(&&c.kind()));
            Ok(Some(png.encoder().bytes().to_vec()))
        }
    }
}

/// JFIF (APP0), ICC colour profile (APP2), Adobe colour marker (APP14) and
/// everything that is not an application segment or a comment.
fn keep_jpeg_segment(marker: u8) -> bool {
    let application = (markers::APP0..=markers::APP15).contains(&marker);
    let needed = matches!(marker, markers::APP0 | markers::APP2 | markers::APP14);
    marker != markers::COM && (!application || needed)
}

/// JPEG scan data and what follows it: the segments between scans are
/// kept or dropped as [`keep_jpeg_segment`] says, and everything after the
/// end-of-image marker is dropped.
fn clean_jpeg_scans(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len());
    let mut i = 0;
    while i < data.len() {
        let (byte, next) = (data[i], data.get(i + 1).copied());
        match (byte, next) {
            // Scan data: a stuffed 0xFF, a restart marker, fill bytes.
            (0xFF, Some(0x00 | 0xD0..=0xD7 | 0xFF)) | (_, None) => {
                out.push(byte);
                i += 1;
            }
            (0xFF, Some(markers::EOI)) => {
                out.extend_from_slice(&[0xFF, markers::EOI]);
                break;
            }
            (0xFF, Some(marker)) => {
                let len = match data.get(i + 2..i + 4) {
                    Some(l) => usize::from(u16::from_be_bytes([l[0], l[1]])),
                    None => break,
                };
                let end = (i + 2 + len).min(data.len());
                if keep_jpeg_segment(marker) {
                    out.extend_from_slice(&data[i..end]);
                }
                i = end;
            }
            _ => {
                out.push(byte);
                i += 1;
            }
        }
    }
    out
}

/// A name as the uploader's computer gave it, without any folder, control
/// characters, or more than 200 characters.
pub fn clean_name(name: &str) -> Option<String> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned: String = base
        .chars()
        .filter(|c| {
            !c.is_control() && !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        })
        .take(200)
        .collect();
    let cleaned = cleaned.trim().to_owned();
    (!cleaned.is_empty()).then_some(cleaned)
}

/// Keep an uploaded file: its original (sealed if confidential), the copy
/// without metadata for a photo, and its `File` record, in one transaction.
pub async fn add(
    store: &Store,
    actor: &Actor,
    bytes: &[u8],
    name: Option<&str>,
    visibility: Visibility,
) -> Result<File> {
    let kind = sniff(bytes)?;
    let copy = without_metadata(kind, bytes)?;
    let mut tx = store.begin().await?;
    let sha256 = tx.put_blob_for(visibility, bytes).await?;
    let published_sha256 = match &copy {
        Some(c) => Some(tx.put_blob_for(visibility, c).await?),
        None => None,
    };
    let file = File {
        id: Id::new(),
        visibility,
        sources: Vec::new(),
        sha256,
        media_type: kind.media_type.to_owned(),
        original_name: name.and_then(clean_name),
        size: bytes.len() as u64,
        published_sha256,
    };
    tx.insert(actor, &Record::File(file.clone())).await?;
    tx.commit().await?;
    Ok(file)
}

/// The bytes of a file's original, checked against its SHA-256, for
/// `actor`: each read is in the audit log (chain of custody).
pub async fn original(store: &Store, actor: &Actor, file: &File) -> Result<Vec<u8>> {
    let bytes = checked_content(store, actor, file.id, &file.sha256, "original").await?;
    let mut tx = store.begin().await?;
    tx.audit_record_event(actor, "download", RecordKind::File, file.id.erase(), None)
        .await?;
    tx.commit().await?;
    Ok(bytes)
}

/// The published copy with SHA-256 `sha256` of the public file `id`, for a
/// reader of the public site (the public projection decides which).
pub async fn published_copy(store: &Store, id: Id<File>, sha256: &str) -> Result<Vec<u8>> {
    checked_content(store, &Actor::named("public"), id, sha256, "published copy").await
}

/// The bytes with SHA-256 `sha256` of file `id` (its `part`), checked.
/// Content that is missing or changed is recorded in the audit log
/// (`file-damaged`, for `actor`, naming the part but not its hash: the log
/// is in clear, and a confidential file's hash would tell a reader of a
/// seized copy which known file it holds) and answered as
/// [`AppError::Damaged`].
async fn checked_content(
    store: &Store,
    actor: &Actor,
    id: Id<File>,
    sha256: &str,
    part: &str,
) -> Result<Vec<u8>> {
    let problem = match store.file_bytes(sha256).await? {
        Ok(bytes) => return Ok(bytes),
        Err(problem) => problem,
    };
    let detail = format!("{part} {problem}");
    let mut tx = store.begin().await?;
    tx.audit_record_event(
        actor,
        "file-damaged",
        RecordKind::File,
        id.erase(),
        Some(&detail),
    )
    .await?;
    tx.commit().await?;
    Err(AppError::Damaged(format!(
        "the {part} of file {id} is {problem}"
    )))
}
