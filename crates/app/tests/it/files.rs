//! Evidence files: accepted by content, kept with their SHA-256 and checked
//! on read, photos published only without their metadata, confidential
//! files sealed at rest (through visibility changes, bundles and key
//! rotation).
//!
//! The fixtures were made with Pillow: a 16×12 JPEG with EXIF (camera make,
//! model, GPS position), XMP and a comment, and bytes after its end; a PNG
//! with tEXt, iTXt and eXIf chunks. Every piece of metadata holds a canary.

use vigil_app::AppError;
use vigil_app::bundle;
use vigil_app::files::{self, sniff, without_metadata};
use vigil_domain::{Record, Visibility};
use vigil_storage::audit::{self, Verdict};
use vigil_storage::testing::{TestStore, test_key};
use vigil_storage::{
    Actor, FileProblem, KeySource, Keyring, Store, StoredBlob, on_both_engines, sha256_hex,
};

const PHOTO: &[u8] = include_bytes!("../fixtures/photo-with-gps.jpg");
const PNG: &[u8] = include_bytes!("../fixtures/image-with-text.png");
const PHOTO_CANARIES: &[&str] = &[
    "CANARY-CAMERA-MAKE",
    "CANARY-CAMERA-MODEL",
    "CANARY-GPS-AREA",
    "CANARY-XMP-AUTHOR",
    "CANARY-JPEG-COMMENT",
    "CANARY-AFTER-END",
];
const PNG_CANARIES: &[&str] = &[
    "CANARY-PNG-TEXT",
    "CANARY-PNG-ITXT",
    "CANARY-CAMERA-MAKE",
    "CANARY-GPS-AREA",
];
/// The content of a confidential testimony.
const SECRET: &str = "CANARY-TESTIMONY-41c9 the guard named Quillfern beat him";

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// Whether a copy of the store holds `needle`, as text or as the hex a
/// `pg_dump` writes binary columns in.
fn on_disk(raw: &[u8], needle: &str) -> bool {
    contains(raw, needle) || contains(raw, &hex::encode(needle))
}

#[test]
fn files_are_told_by_their_content() {
    assert_eq!(sniff(PHOTO).unwrap().media_type, "image/jpeg");
    assert_eq!(sniff(PNG).unwrap().media_type, "image/png");
    assert_eq!(
        sniff(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj")
            .unwrap()
            .media_type,
        "application/pdf"
    );
    assert_eq!(
        sniff("Письмо из тюрьмы\nLetter\n".as_bytes())
            .unwrap()
            .media_type,
        "text/plain"
    );
    for (bytes, why) in [
        (&b""[..], "empty"),
        (
            b"<html><script>alert(1)</script></html>",
            "the file is text/html",
        ),
        (
            b"  <svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>",
            "cannot be told",
        ),
        (
            b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff",
            "application/vnd.microsoft.portable-executable",
        ),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "application/zip"),
        (b"binary\x00\x01\x02", "cannot be told"),
    ] {
        let err = sniff(bytes).expect_err(why).to_string();
        assert!(err.contains(why), "{err}");
        if !bytes.is_empty() {
            assert!(err.contains("Vigil accepts: JPEG photo"), "{err}");
        }
    }
    let huge = vec![b'a'; files::MAX_FILE_BYTES + 1];
    assert!(
        sniff(&huge)
            .unwrap_err()
            .to_string()
            .contains("the limit is 32 MB")
    );
}

#[test]
fn photos_lose_their_metadata_and_keep_their_picture() {
    for canary in PHOTO_CANARIES {
        assert!(contains(PHOTO, canary), "the fixture holds {canary}");
    }
    let copy = without_metadata(sniff(PHOTO).unwrap(), PHOTO)
        .unwrap()
        .expect("a copy");
    for canary in PHOTO_CANARIES {
        assert!(!contains(&copy, canary), "the copy still holds {canary}");
    }
    assert!(copy.starts_with(b"\xff\xd8") && copy.ends_with(b"\xff\xd9"));
    // Everything the picture is made of is there, unchanged.
    let segments = |bytes: &[u8]| {
        let jpeg = img_parts::jpeg::Jpeg::from_bytes(bytes.to_vec().into()).unwrap();
        jpeg.segments()
            .iter()
            .filter(|s| !(0xE1..=0xEF).contains(&s.marker()) && s.marker() != 0xFE)
            .map(|s| (s.marker(), s.contents().to_vec()))
            .collect::<Vec<_>>()
    };
    assert_eq!(segments(&copy), segments(PHOTO));
    assert!(
        segments(&copy).iter().any(|(m, _)| *m == 0xDA),
        "the scan is kept"
    );

    let copy = without_metadata(sniff(PNG).unwrap(), PNG)
        .unwrap()
        .expect("a copy");
    for canary in PNG_CANARIES {
        assert!(
            contains(PNG, canary) && !contains(&copy, canary),
            "{canary}"
        );
    }
    let png = img_parts::png::Png::from_bytes(copy.into()).unwrap();
    let kinds: Vec<[u8; 4]> = png.chunks().iter().map(|c| c.kind()).collect();
    assert_eq!(kinds, [*b"IHDR", *b"IDAT", *b"IEND"]);

    // Not a photo: kept as it is, never published.
    let pdf = b"%PDF-1.7\n";
    assert_eq!(without_metadata(sniff(pdf).unwrap(), pdf).unwrap(), None);
}

#[test]
fn a_damaged_photo_is_refused_with_a_reason() {
    let err = without_metadata(sniff(PHOTO).unwrap(), &PHOTO[..40])
        .unwrap_err()
        .to_string();
    assert!(err.contains("the JPEG photo cannot be read"), "{err}");
}

#[test]
fn names_lose_folders_and_control_characters() {
    assert_eq!(
        files::clean_name("C:\\Users\\lawyer\\letter.pdf").as_deref(),
        Some("letter.pdf")
    );
    assert_eq!(
        files::clean_name("../../etc/passwd").as_deref(),
        Some("passwd")
    );
    assert_eq!(
        files::clean_name("a\u{202E}fdp.exe\r\n").as_deref(),
        Some("afdp.exe")
    );
    assert_eq!(files::clean_name(" / "), None);
    assert_eq!(
        files::clean_name(&"x".repeat(500)).map(|n| n.len()),
        Some(200)
    );
}

async fn a_public_photo_is_published_without_metadata(t: &TestStore) {
    let f = files::add(
        &t.store,
        &Actor::cli(),
        PHOTO,
        Some("IMG_0042.jpg"),
        Visibility::Public,
    )
    .await
    .unwrap();
    assert_eq!(f.sha256, sha256_hex(PHOTO));
    assert_eq!(f.media_type, "image/jpeg");
    assert_eq!(f.size, PHOTO.len() as u64);
    // The original is kept exactly, for chain of custody.
    assert_eq!(
        files::original(&t.store, &Actor::cli(), &f).await.unwrap(),
        PHOTO
    );
    let copy = f.public_copy().expect("a public copy");
    let public = t.store.blob(copy).await.unwrap().expect("its bytes");
    assert_eq!(sha256_hex(&public), copy);
    for canary in PHOTO_CANARIES {
        assert!(!contains(&public, canary), "{canary}");
    }
    // Stored as a record, in the audit log.
    let Some(Record::File(stored)) = t.store.get(f.id.erase()).await.unwrap() else {
        panic!("the file record");
    };
    assert_eq!(stored, f);
    let history = vigil_storage::audit::history(&t.store, &f.id.to_string())
        .await
        .unwrap();
    // Created, then read (each read of an original is audited).
    let actions: Vec<&str> = history.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["create", "download"]);

    // An internal photo has no public copy.
    let internal = files::add(&t.store, &Actor::cli(), PNG, None, Visibility::Internal)
        .await
        .unwrap();
    assert!(internal.published_sha256.is_some());
    assert_eq!(internal.public_copy(), None);

    // A file whose stored bytes were altered is refused when read.
    sqlx::query("UPDATE blobs SET content = $1 WHERE sha256 = $2")
        .bind(b"tampered".to_vec())
        .bind(f.sha256.clone())
        .execute(t.store.pool())
        .await
        .unwrap();
    let err = files::original(&t.store, &Actor::cli(), &f)
        .await
        .unwrap_err()
        .to_string();
    assert!(err.ends_with("is changed"), "{err}");
}

async fn a_refused_file_leaves_nothing(t: &TestStore) {
    for bad in [
        &b"<script>alert(1)</script>"[..],
        b"",
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00",
    ] {
        assert!(
            files::add(
                &t.store,
                &Actor::cli(),
                bad,
                Some("x.jpg"),
                Visibility::Public
            )
            .await
            .is_err()
        );
    }
    assert!(t.store.is_empty().await.unwrap());
    assert!(t.store.blob_list().await.unwrap().is_empty());
}

async fn confidential_files_are_sealed_at_rest(t: &TestStore) {
    let f = files::add(
        &t.store,
        &Actor::cli(),
        SECRET.as_bytes(),
        Some("testimony-Quillfern.txt"),
        Visibility::Confidential,
    )
    .await
    .unwrap();
    let photo = files::add(
        &t.store,
        &Actor::cli(),
        PHOTO,
        Some("wound.jpg"),
        Visibility::Confidential,
    )
    .await
    .unwrap();
    assert_eq!(
        files::original(&t.store, &Actor::cli(), &f).await.unwrap(),
        SECRET.as_bytes()
    );
    assert_eq!(
        files::original(&t.store, &Actor::cli(), &photo)
            .await
            .unwrap(),
        PHOTO
    );
    let raw = t.raw_copy().await;
    for needle in [
        "CANARY-TESTIMONY-41c9",
        "Quillfern",
        &f.sha256,
        &photo.sha256,
        "CANARY-CAMERA-MAKE",
    ] {
        assert!(
            !on_disk(&raw, needle),
            "{needle} is on disk in clear ({})",
            t.engine_name()
        );
    }
    let mut held = t.store.blob_list().await.unwrap();
    held.sort_by(|a, b| a.sha256.cmp(&b.sha256));
    let mut want = vec![
        StoredBlob {
            sha256: f.sha256.clone(),
            sealed: true,
        },
        StoredBlob {
            sha256: photo.sha256.clone(),
            sealed: true,
        },
        StoredBlob {
            sha256: photo.published_sha256.clone().unwrap(),
            sealed: true,
        },
    ];
    want.sort_by(|a, b| a.sha256.cmp(&b.sha256));
    assert_eq!(held, want);

    // Without the key the store does not open.
    let err = Store::open_with(&t.target, KeySource::None)
        .await
        .err()
        .expect("refused without the key");
    assert!(err.to_string().contains("key"), "{err}");
}

async fn a_file_made_confidential_is_sealed(t: &TestStore) {
    let f = files::add(
        &t.store,
        &Actor::cli(),
        SECRET.as_bytes(),
        None,
        Visibility::Internal,
    )
    .await
    .unwrap();
    // Another, internal, file with the same content keeps its clear copy.
    let twin = files::add(&t.store, &Actor::cli(), PHOTO, None, Visibility::Internal)
        .await
        .unwrap();
    let photo = files::add(&t.store, &Actor::cli(), PHOTO, None, Visibility::Public)
        .await
        .unwrap();
    assert!(on_disk(&t.raw_copy().await, "CANARY-TESTIMONY-41c9"));
    let mut tx = t.store.begin().await.unwrap();
    let mut sealed = f.clone();
    sealed.visibility = Visibility::Confidential;
    tx.update(&Actor::cli(), &Record::File(sealed.clone()))
        .await
        .unwrap();
    let mut photo_sealed = photo.clone();
    photo_sealed.visibility = Visibility::Confidential;
    tx.update(&Actor::cli(), &Record::File(photo_sealed))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    if let vigil_storage::Target::Folder(_) = t.target {
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(t.store.pool())
            .await
            .unwrap();
    }
    assert!(!on_disk(&t.raw_copy().await, "CANARY-TESTIMONY-41c9"));
    assert_eq!(
        files::original(&t.store, &Actor::cli(), &sealed)
            .await
            .unwrap(),
        SECRET.as_bytes()
    );
    // The twin's content is still there for it, in clear (it is internal).
    assert_eq!(
        files::original(&t.store, &Actor::cli(), &twin)
            .await
            .unwrap(),
        PHOTO
    );
    assert!(t.store.blob_list().await.unwrap().contains(&StoredBlob {
        sha256: twin.sha256.clone(),
        sealed: false
    }));
}

async fn sealed_files_travel_in_bundles_and_survive_rotation(t: &TestStore) {
    let f = files::add(
        &t.store,
        &Actor::cli(),
        SECRET.as_bytes(),
        None,
        Visibility::Confidential,
    )
    .await
    .unwrap();
    let open = files::add(
        &t.store,
        &Actor::cli(),
        b"%PDF-1.7\n public verdict",
        None,
        Visibility::Public,
    )
    .await
    .unwrap();
    let mut out = Vec::new();
    bundle::export(&t.store, &Actor::cli(), &mut out)
        .await
        .unwrap();
    let text = String::from_utf8(out.clone()).unwrap();
    assert_eq!(
        text.lines()
            .filter(|l| l.starts_with("{\"file\"") && l.contains("\"sealed\":true"))
            .count(),
        1
    );

    let other = t.another(KeySource::Key(test_key())).await;
    bundle::import(&other.store, &Actor::cli(), out.as_slice())
        .await
        .unwrap();
    assert_eq!(
        files::original(&other.store, &Actor::cli(), &f)
            .await
            .unwrap(),
        SECRET.as_bytes()
    );
    assert_eq!(
        files::original(&other.store, &Actor::cli(), &open)
            .await
            .unwrap(),
        b"%PDF-1.7\n public verdict"
    );
    assert!(!on_disk(&other.raw_copy().await, "CANARY-TESTIMONY-41c9"));

    // Key rotation seals the file again, under the new key's address.
    let mut store = Store::open_with(&other.target, KeySource::Key(test_key()))
        .await
        .unwrap();
    let new = Keyring::from_master(&[0x77; 32]);
    let done = store
        .rotate_key(&Actor::cli(), KeySource::Key(new.clone()))
        .await
        .unwrap();
    assert_eq!(done.files, 1);
    assert_eq!(
        files::original(&store, &Actor::cli(), &f).await.unwrap(),
        SECRET.as_bytes()
    );
    let addresses: Vec<String> = sqlx::query_scalar("SELECT sha256 FROM blobs ORDER BY sha256")
        .fetch_all(store.pool())
        .await
        .unwrap();
    assert!(addresses.contains(&new.blob_address(&f.sha256)));
    assert!(!addresses.contains(&test_key().blob_address(&f.sha256)));
    store.close().await;
    other.cleanup().await;

    // Into a store without a key, the sealed file is refused, and nothing is written.
    let bare = t.another(KeySource::None).await;
    let err = bundle::import(&bare.store, &Actor::cli(), out.as_slice())
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("stored only sealed"), "{err}");
    assert!(bare.store.is_empty().await.unwrap());
    bare.cleanup().await;
}

/// Evidence whose stored bytes were changed or deleted behind Vigil's back:
/// `audit verify` names each one, a bundle export refuses the store unless
/// the damage is allowed (and then lists it), a bundle lacking content is
/// refused unless allowed, and reading a damaged file is audited.
async fn damaged_evidence_is_named_and_never_passed_on(t: &TestStore) {
    let add = async |bytes: &[u8], v: Visibility| {
        files::add(&t.store, &Actor::cli(), bytes, None, v)
            .await
            .unwrap()
    };
    let letter = add(b"%PDF-1.7\n letter from prison", Visibility::Internal).await;
    let photo = add(PHOTO, Visibility::Public).await;
    let secret = add(SECRET.as_bytes(), Visibility::Confidential).await;
    let verdict = audit::verify(&t.store).await.unwrap();
    assert!(
        matches!(verdict, Verdict::Intact { files: 3, .. }),
        "{verdict:?}"
    );

    // One changed, one copy deleted, one sealed file changed.
    let sql = |q: &'static str, value: Vec<u8>, key: String| {
        sqlx::query(q).bind(value).bind(key).execute(t.store.pool())
    };
    sql(
        "UPDATE blobs SET content = $1 WHERE sha256 = $2",
        b"tampered".to_vec(),
        letter.sha256.clone(),
    )
    .await
    .unwrap();
    let copy = photo.published_sha256.clone().unwrap();
    sqlx::query("DELETE FROM blobs WHERE sha256 = $1")
        .bind(copy.clone())
        .execute(t.store.pool())
        .await
        .unwrap();
    let sealed = test_key().blob_address(&secret.sha256);
    sql(
        "UPDATE blobs SET content = $1 WHERE sha256 = $2",
        b"v1.x.AAAA".to_vec(),
        sealed,
    )
    .await
    .unwrap();
    let Verdict::BadFiles(damaged) = audit::verify(&t.store).await.unwrap() else {
        panic!("damaged files pass verification");
    };
    let found: Vec<(String, String, FileProblem)> = damaged
        .iter()
        .map(|d| (d.id.clone(), d.sha256.clone(), d.problem))
        .collect();
    for want in [
        (
            letter.id.to_string(),
            letter.sha256.clone(),
            FileProblem::Changed,
        ),
        (photo.id.to_string(), copy.clone(), FileProblem::Missing),
        (
            secret.id.to_string(),
            secret.sha256.clone(),
            FileProblem::Changed,
        ),
    ] {
        assert!(found.contains(&want), "{want:?} not in {found:?}");
    }
    assert_eq!(found.len(), 3, "{found:?}");

    // Reading one is refused as damaged, and audited.
    let err = files::original(&t.store, &Actor::cli(), &letter)
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::Damaged(_)), "{err:?}");
    let err = files::published_copy(&t.store, photo.id, &copy)
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::Damaged(_)), "{err:?}");
    let log = audit::recent(&t.store, 5).await.unwrap();
    assert_eq!(
        log.iter().filter(|e| e.action == "file-damaged").count(),
        2,
        "{log:?}"
    );
    // The log is in clear: it names the part, never a file's hash.
    for e in log.iter().filter(|e| e.action == "file-damaged") {
        let detail = e.detail.as_deref().unwrap_or_default();
        assert!(
            !detail.contains(&letter.sha256) && !detail.contains(&copy),
            "{detail}"
        );
        assert!(
            detail.ends_with("changed") || detail.ends_with("missing"),
            "{detail}"
        );
    }

    // A bundle is refused, writing nothing; allowed, it lists the damage.
    let mut out = Vec::new();
    let err = bundle::export(&t.store, &Actor::cli(), &mut out)
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::Damaged(_)), "{err:?}");
    assert!(err.to_string().contains(&letter.id.to_string()), "{err}");
    assert!(out.is_empty());
    let (_, listed) = bundle::export_allowing_damaged(&t.store, &Actor::cli(), &mut out)
        .await
        .unwrap();
    assert_eq!(listed, damaged);

    // Its loss does not pass into another store unnoticed.
    let other = t.another(KeySource::Key(test_key())).await;
    let err = bundle::import(&other.store, &Actor::cli(), out.as_slice())
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("lacks the content of 3 evidence file"),
        "{err}"
    );
    assert!(other.store.is_empty().await.unwrap());
    let options = bundle::ImportOptions {
        allow_damaged: true,
        ..Default::default()
    };
    let (_, lacking) = bundle::import_with(&other.store, &Actor::cli(), out.as_slice(), options)
        .await
        .unwrap();
    assert_eq!(lacking.len(), 3);
    assert!(matches!(
        audit::verify(&other.store).await.unwrap(),
        Verdict::BadFiles(d) if d.len() == 3
    ));
    other.cleanup().await;
}

on_both_engines!(
    damaged_evidence_is_named_and_never_passed_on,
    a_public_photo_is_published_without_metadata,
    a_refused_file_leaves_nothing,
    confidential_files_are_sealed_at_rest,
    a_file_made_confidential_is_sealed,
    sealed_files_travel_in_bundles_and_survive_rotation,
);
