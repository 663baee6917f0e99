//! The server's pages, served from a store on each engine.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;
use vigil_storage::on_both_engines;
use vigil_storage::testing::TestStore;

async fn get(t: &TestStore, path: &str) -> (StatusCode, axum::http::HeaderMap, String) {
    let res = vigil_web::router(t.store.clone())
        .oneshot(Request::get(path).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body = res.into_body().collect().await.unwrap().to_bytes();
    (status, headers, String::from_utf8(body.to_vec()).unwrap())
}

async fn front_page_has_the_headline_and_security_headers(t: &TestStore) {
    vigil_app::demo::load(&t.store).await.unwrap();
    let (status, headers, body) = get(t, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("392 political prisoners"), "{body}");
    assert!(
        body.contains("<strong>392 political prisoners</strong> <a href=\"/lists/"),
        "the headline links to the featured list"
    );
    let csp = headers
        .get("content-security-policy")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"));
    assert!(!csp.contains("script-src"), "no public page runs a script");
    assert_eq!(headers.get("x-content-type-options").unwrap(), "nosniff");
    assert!(body.len() < 100_000);
}

async fn public_pages_revalidate_with_etags(t: &TestStore) {
    vigil_app::demo::load(&t.store).await.unwrap();
    let app = vigil_web::router(t.store.clone());
    let first = app
        .clone()
        .oneshot(Request::get("/prisoners").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(
        first.headers().get("cache-control").unwrap(),
        "public, no-cache"
    );
    let tag = first.headers().get("etag").unwrap().clone();
    let again = app
        .clone()
        .oneshot(
            Request::get("/prisoners")
                .header("if-none-match", tag.clone())
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    // A change to the public record gives a new version.
    let mut tx = t.store.begin().await.unwrap();
    let p = vigil_domain::records::Person::new(
        vigil_domain::Visibility::Public,
        vigil_domain::Name::primary("New Person", None),
    );
    tx.insert(&vigil_storage::Actor::cli(), &p.into())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let changed = app
        .oneshot(
            Request::get("/prisoners?status=all")
                .header("if-none-match", tag)
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(changed.status(), StatusCode::OK);
}

/// Two servers on one database, each with its own connections, its projection and its
/// rendered pages in memory: a publication or a withdrawal made through one shows on the
/// other within a second, on pages the other had already rendered and kept.
async fn a_change_anywhere_shows_everywhere(t: &TestStore) {
    vigil_app::demo::load(&t.store).await.unwrap();
    let server_a = vigil_web::router(t.store.clone());
    let other_store = vigil_storage::Store::open_with(
        &t.target,
        vigil_storage::KeySource::Key(vigil_storage::testing::test_key()),
    )
    .await
    .unwrap();
    let fetch = |path: &str| {
        let app = server_a.clone();
        let req = Request::get(path).body(Body::empty()).unwrap();
        async move {
            let r = app.oneshot(req).await.unwrap();
            let status = r.status();
            let bytes = r.into_body().collect().await.unwrap().to_bytes();
            (status, String::from_utf8(bytes.to_vec()).unwrap())
        }
    };
    let list = "/prisoners?status=all&page=999";
    for path in [list, list, "/prisoners?status=all"] {
        assert!(!fetch(path).await.1.contains("Written Elsewhere"));
    }
    let mut p = vigil_domain::records::Person::new(
        vigil_domain::Visibility::Public,
        vigil_domain::Name::primary("Written Elsewhere", None),
    );
    let page = format!("/people/{}", p.id);
    let write = |p: vigil_domain::records::Person, insert: bool| {
        let store = other_store.clone();
        async move {
            let mut tx = store.begin().await.unwrap();
            let actor = vigil_storage::Actor::cli();
            if insert {
                tx.insert(&actor, &p.into()).await.unwrap();
            } else {
                tx.update(&actor, &p.into()).await.unwrap();
            }
            tx.commit().await.unwrap();
        }
    };
    // The other server's write shows here within a second.
    let within_a_second = |path: String, want: StatusCode| {
        let fetch = &fetch;
        async move {
            let start = std::time::Instant::now();
            loop {
                let (status, body) = fetch(&path).await;
                if status == want {
                    return body;
                }
                assert!(
                    start.elapsed() < std::time::Duration::from_secs(1),
                    "{path} still answers {status} a second after the write"
                );
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            }
        }
    };
    assert_eq!(fetch(&page).await.0, StatusCode::NOT_FOUND);
    assert!(!fetch("/search?q=Written+Elsewhere").await.1.contains(&page));
    write(p.clone(), true).await;
    let shown = within_a_second(page.clone(), StatusCode::OK).await;
    assert!(shown.contains("Written Elsewhere"));
    assert!(
        fetch("/search?q=Written+Elsewhere").await.1.contains(&page),
        "found by search on the other server"
    );
    // The list's first and last pages, kept before, now hold the new person.
    let first = "/prisoners?status=all";
    let on_list = |body: &str| body.contains("Written Elsewhere");
    assert!(on_list(&fetch(first).await.1) || on_list(&fetch(list).await.1));
    // Withdrawn through the other server: gone from every page this one kept.
    p.visibility = vigil_domain::Visibility::Internal;
    write(p, false).await;
    within_a_second(page.clone(), StatusCode::NOT_FOUND).await;
    assert!(!fetch("/search?q=Written+Elsewhere").await.1.contains(&page));
    assert!(!on_list(&fetch(first).await.1) && !on_list(&fetch(list).await.1));
    other_store.close().await;
}

/// Readers are answered from the projection they were until what it shows
/// changes: work on records that are not public and logins leave the public
/// version where it was; a new About text shows at once; a publication and
/// an edit show on the next page; a withdrawal or a deletion of what is
/// shown is never served after its commit.
async fn a_projection_is_served_until_what_it_shows_changes(t: &TestStore) {
    use vigil_domain::records::Person;
    use vigil_domain::{Name, NameKind, Visibility};
    vigil_app::demo::load(&t.store).await.unwrap();
    let store = &t.store;
    let app = vigil_web::router(store.clone());
    let fetch = async |path: &str| {
        let req = Request::get(path).body(Body::empty()).unwrap();
        let r = app.clone().oneshot(req).await.unwrap();
        let status = r.status();
        let bytes = r.into_body().collect().await.unwrap().to_bytes();
        (status, String::from_utf8(bytes.to_vec()).unwrap())
    };
    let actor = vigil_storage::Actor::cli();
    let commit = async |p: &Person, new: bool| {
        let mut tx = store.begin().await.unwrap();
        if new {
            tx.insert(&actor, &p.clone().into()).await.unwrap();
        } else {
            tx.update(&actor, &p.clone().into()).await.unwrap();
        }
        tx.commit().await.unwrap();
    };
    let everyone = "/prisoners?status=all";
    assert_eq!(fetch(everyone).await.0, StatusCode::OK);
    let built = store.public_version().await.unwrap();

    // Internal work and a login leave the version where it was.
    let mut hidden = Person::new(Visibility::Internal, Name::primary("Kept Inside", None));
    let page = format!("/people/{}", hidden.id);
    commit(&hidden, true).await;
    hidden
        .names
        .push(Name::new("Still Inside", NameKind::Alias, None));
    commit(&hidden, false).await;
    let mut tx = store.begin().await.unwrap();
    tx.audit_event(&actor, "login", None).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(store.public_version().await.unwrap(), built);
    assert_eq!(fetch(&page).await.0, StatusCode::NOT_FOUND);

    // A new About text shows at once.
    let mut tx = store.begin().await.unwrap();
    tx.set_site_text("about-keepers", "en", "Kept by volunteers in three towns.")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert!(
        fetch("/about")
            .await
            .1
            .contains("volunteers in three towns")
    );

    // A publication shows at once, found by search too (its index built before).
    assert!(!fetch("/search?q=Kept+Inside").await.1.contains(&page));
    hidden.visibility = Visibility::Public;
    commit(&hidden, false).await;
    assert_eq!(fetch(&page).await.0, StatusCode::OK, "shown at once");
    assert!(fetch(everyone).await.1.contains("Kept Inside"));
    assert!(fetch("/search?q=Kept+Inside").await.1.contains(&page));

    // An edit of what is shown, at once.
    hidden
        .names
        .push(Name::new("A Corrected Name", NameKind::Alias, None));
    commit(&hidden, false).await;
    assert!(fetch(&page).await.1.contains("A Corrected Name"));
    assert!(fetch("/search?q=Corrected+Name").await.1.contains(&page));

    // Their detention, published for the first time: on their page at once.
    let mut held = vigil_domain::records::DetentionEpisode::new(
        Visibility::Internal,
        hidden.id,
        vigil_domain::records::DetentionKind::PreTrial,
        Some("2026-11-02".parse().unwrap()),
    );
    let write = async |r: vigil_domain::Record, new: bool| {
        let mut tx = store.begin().await.unwrap();
        match new {
            true => tx.insert(&actor, &r).await.unwrap(),
            false => tx.update(&actor, &r).await.map(|_| ()).unwrap(),
        }
        tx.commit().await.unwrap();
    };
    write(held.clone().into(), true).await;
    assert!(
        !fetch(&page).await.1.contains("2026"),
        "internal: not shown"
    );
    held.visibility = Visibility::Public;
    write(held.clone().into(), false).await;
    let shown = fetch(&page).await.1;
    assert!(shown.contains("2026"), "published: shown at once");
    // Its release recorded (an edit of what it says only): at once too.
    held.end = Some("2026-11-20".parse().unwrap());
    write(held.into(), false).await;
    assert_ne!(fetch(&page).await.1, shown, "the release shows at once");

    // A withdrawal, at once, from every page.
    hidden.visibility = Visibility::Internal;
    commit(&hidden, false).await;
    assert_eq!(fetch(&page).await.0, StatusCode::NOT_FOUND);
    assert!(!fetch(everyone).await.1.contains("Kept Inside"));
    assert!(!fetch("/search?q=Kept+Inside").await.1.contains(&page));

    // Published and then deleted: gone at once too.
    let shown = Person::new(Visibility::Public, Name::primary("Shown Briefly", None));
    let shown_page = format!("/people/{}", shown.id);
    commit(&shown, true).await;
    assert_eq!(fetch(&shown_page).await.0, StatusCode::OK);
    let mut tx = store.begin().await.unwrap();
    tx.delete(&actor, shown.id.erase()).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(fetch(&shown_page).await.0, StatusCode::NOT_FOUND);
    assert!(!fetch(everyone).await.1.contains("Shown Briefly"));
}

async fn health_answers(t: &TestStore) {
    let (status, _, body) = get(t, "/health").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, "ok\n");
    let (status, _, _) = get(t, "/no-such-page").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

async fn health_reports_a_closed_database(t: &TestStore) {
    t.store.close().await;
    let (status, _, body) = get(t, "/health").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        !body.contains("sqlx") && !body.contains("pool"),
        "no internal detail: {body}"
    );
}

on_both_engines!(
    a_change_anywhere_shows_everywhere,
    a_projection_is_served_until_what_it_shows_changes,
    public_pages_revalidate_with_etags,
    front_page_has_the_headline_and_security_headers,
    health_answers,
    health_reports_a_closed_database
);
