//! Evidence files in the workspace: upload by role, refusal by content, the
//! audited download of the original, the public copy of a public photo
//! without its metadata, and nothing of a file that is not public on the
//! public side.

use crate::common::{Client, logged_in, user};
use axum::http::StatusCode;
use vigil_domain::records::Role;
use vigil_storage::testing::TestStore;
use vigil_storage::{audit, on_both_engines};
use vigil_web::WebConfig;

const PHOTO: &[u8] = include_bytes!("../../../app/tests/fixtures/photo-with-gps.jpg");
const SECRET: &[u8] = b"CANARY-TESTIMONY-93ab what the witness saw";

fn record_id(location: &str) -> String {
    location
        .strip_prefix("/staff/records/")
        .unwrap_or_else(|| panic!("sent to the new record, not {location:?}"))
        .to_owned()
}

async fn upload(
    c: &mut Client,
    visibility: &str,
    name: &str,
    bytes: &[u8],
) -> crate::common::Reply {
    let page = c.get("/staff/files").await;
    assert_eq!(page.status, StatusCode::OK);
    let csrf = Client::csrf_in(&page.body);
    c.post_file(
        "/staff/files",
        &[("csrf", &csrf), ("visibility", visibility)],
        (name, bytes),
    )
    .await
}

async fn evidence_files_in_the_workspace(t: &TestStore) {
    for role in Role::ALL {
        user(t, role.label(), *role).await;
    }
    let mut editor = logged_in(t, "editor").await;
    let mut admin = logged_in(t, "admin").await;
    let mut viewer = logged_in(t, "viewer").await;
    let mut anonymous = Client::new(t, WebConfig::default());

    // A web page named like a photo is refused by its content; nothing is kept.
    let r = upload(
        &mut editor,
        "internal",
        "photo.jpg",
        b"<html><script>alert(1)</script>",
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("the file is text/html"), "{}", r.body);
    assert!(!r.body.contains("<script>alert"));
    let huge = vec![b'a'; 33 * 1024 * 1024];
    let r = upload(&mut editor, "internal", "big.txt", &huge).await;
    assert!(r.body.contains("limited to 32 MB"), "{}", r.status);
    assert!(r.status.is_client_error(), "{}", r.status);
    assert!(t.store.blob_list().await.unwrap().is_empty());
    assert!(
        t.store.is_empty().await.unwrap()
            || t.store
                .list(vigil_domain::RecordKind::File)
                .await
                .unwrap()
                .is_empty()
    );

    // An editor adds an internal photo; a public one needs the right to publish
    // (a researcher has not), and a viewer adds nothing.
    let r = upload(&mut editor, "internal", "IMG_0042.jpg", PHOTO).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let internal = record_id(&r.location);
    let mut researcher = logged_in(t, "researcher").await;
    let r = upload(&mut researcher, "public", "IMG_0043.jpg", PHOTO).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = upload(&mut viewer, "internal", "IMG_0044.jpg", PHOTO).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = upload(&mut admin, "public", "protest.jpg", PHOTO).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let public = record_id(&r.location);
    let r = upload(
        &mut admin,
        "confidential",
        "testimony-CANARY-NAME.txt",
        SECRET,
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let confidential = record_id(&r.location);

    // The public copy of the public photo: its picture, none of its metadata.
    let r = anonymous.get(&format!("/files/{public}")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers["content-type"], "image/jpeg");
    assert_eq!(r.headers["x-content-type-options"], "nosniff");
    assert!(r.bytes.starts_with(b"\xff\xd8"));
    for canary in [
        "CANARY-CAMERA-MAKE",
        "CANARY-GPS-AREA",
        "CANARY-XMP-AUTHOR",
        "CANARY-JPEG-COMMENT",
        "CANARY-AFTER-END",
    ] {
        assert!(!r.body.contains(canary), "{canary} in the public copy");
    }
    // Nothing of the others, and nothing for what is not a file.
    for path in [
        format!("/files/{internal}"),
        format!("/files/{confidential}"),
        "/files/00000000-0000-7000-8000-000000000000".to_owned(),
        "/files/not-an-id".to_owned(),
        "/files/..%2F..%2Fetc%2Fpasswd".to_owned(),
    ] {
        let r = anonymous.get(&path).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
        assert!(!r.body.contains("CANARY"), "{path}");
    }
    for path in [
        "/staff/files".to_owned(),
        format!("/staff/files/{internal}/original"),
    ] {
        let r = anonymous.get(&path).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}");
        assert!(r.location.starts_with("/login"));
    }

    // The original, as received, to staff who may see it; each download audited.
    let r = viewer
        .get(&format!("/staff/files/{internal}/original"))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.bytes, PHOTO);
    assert_eq!(
        r.headers["content-disposition"],
        "attachment; filename=\"IMG_0042.jpg\""
    );
    assert_eq!(r.headers["cache-control"], "no-store");
    let history = audit::history(&t.store, &internal).await.unwrap();
    let last = history.last().unwrap();
    assert_eq!(
        (last.action.as_str(), last.actor.as_str()),
        ("download", "user:viewer")
    );

    // A confidential file: not listed, not found, for those not cleared.
    let list = viewer.get("/staff/files").await;
    assert!(list.body.contains("IMG_0042.jpg"));
    assert!(
        !list.body.contains("CANARY"),
        "the viewer's list shows a confidential file"
    );
    let r = viewer
        .get(&format!("/staff/files/{confidential}/original"))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = admin
        .get(&format!("/staff/files/{confidential}/original"))
        .await;
    assert_eq!(r.bytes, SECRET);
    assert_eq!(r.headers["content-type"], "text/plain; charset=utf-8");
    let list = admin.get("/staff/files").await;
    assert!(list.body.contains("testimony-CANARY-NAME.txt"));
    assert!(
        list.body.contains(&format!("href=\"/files/{public}\"")),
        "the public copy is linked"
    );

    // Bytes lost behind Vigil's back: 410 with a page that says so (and no
    // more), on the public side and the staff side, each read audited.
    let held: Vec<String> = sqlx::query_scalar("SELECT sha256 FROM blobs")
        .fetch_all(t.store.pool())
        .await
        .unwrap();
    sqlx::query("DELETE FROM blobs")
        .execute(t.store.pool())
        .await
        .unwrap();
    for (client, path) in [
        (&mut anonymous, format!("/files/{public}")),
        (&mut viewer, format!("/staff/files/{internal}/original")),
    ] {
        let r = client.get(&path).await;
        assert_eq!(r.status, StatusCode::GONE, "{path}");
        assert!(r.body.contains("damaged or missing"), "{path}: {}", r.body);
        for sha in &held {
            assert!(!r.body.contains(sha.as_str()), "{path} names what it lost");
        }
    }
    for id in [&public, &internal] {
        let history = audit::history(&t.store, id).await.unwrap();
        assert_eq!(history.last().unwrap().action, "file-damaged", "{id}");
    }
}

on_both_engines!(evidence_files_in_the_workspace);
