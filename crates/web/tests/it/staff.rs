//! The staff workspace on both engines: login, sessions, CSRF, throttling,
//! two-factor, and the authorization matrix (every role × route × visibility).

use axum::body::Body;
use axum::http::{Request, StatusCode};
use tower::ServiceExt;
use vigil_app::accounts::{self, LoginPolicy};
use vigil_domain::records::*;
use vigil_domain::{Id, Name, Record, Visibility};
use vigil_storage::testing::TestStore;
use vigil_storage::{Actor, audit, on_both_engines};
use vigil_web::WebConfig;

use crate::common::*;

async fn login_logout_and_the_audit_log(t: &TestStore) {
    user(t, "editor1", Role::Editor).await;
    let mut c = Client::new(t, WebConfig::default());
    let wrong = c.login("editor1", "not the password", "").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(wrong.body.contains("Wrong username or password"));
    let unknown = c.login("nobody", PASSWORD, "").await;
    assert!(
        unknown.body.contains("Wrong username or password"),
        "the same message for an unknown user"
    );
    let ok = c.login("editor1", PASSWORD, "").await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    assert_eq!(ok.location, "/staff");
    let session = ok
        .set_cookies
        .iter()
        .find(|c| c.starts_with("vigil_session="))
        .unwrap();
    assert!(
        session.contains("HttpOnly")
            && session.contains("SameSite=Strict")
            && !session.contains("Secure")
    );
    let dash = c.get("/staff").await;
    assert_eq!(dash.status, StatusCode::OK);
    assert!(dash.body.contains("editor1"));
    // Logging out needs the form's token.
    assert_eq!(
        c.post("/logout", &[("csrf", "forged")]).await.status,
        StatusCode::FORBIDDEN
    );
    let csrf = Client::csrf_in(&dash.body);
    assert_eq!(
        c.post("/logout", &[("csrf", &csrf)]).await.status,
        StatusCode::SEE_OTHER
    );
    let after = c.get("/staff").await;
    assert_eq!(after.status, StatusCode::SEE_OTHER);
    assert!(after.location.starts_with("/login"));
    let actions: Vec<String> = audit::recent(&t.store, 50)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    for a in ["login-failed", "login", "logout", "set-password"] {
        assert!(
            actions.iter().any(|x| x == a),
            "{a} is audited: {actions:?}"
        );
    }
}

async fn secure_cookies_and_hsts_behind_tls(t: &TestStore) {
    user(t, "admin1", Role::Admin).await;
    let mut c = Client::new(
        t,
        WebConfig {
            secure_cookies: true,
            ..WebConfig::default()
        },
    );
    let r = c.login("admin1", PASSWORD, "").await;
    assert!(
        r.set_cookies
            .iter()
            .any(|c| c.starts_with("vigil_session=") && c.contains("Secure"))
    );
    let page = c
        .app
        .clone()
        .oneshot(Request::get("/").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert!(page.headers().get("strict-transport-security").is_some());
}

/// Session fixation: a session token planted before login (by a link, a
/// shared computer) is never the one a login issues, and never signs in.
async fn a_token_planted_before_login_is_never_used(t: &TestStore) {
    user(t, "editor2", Role::Editor).await;
    let planted = "ab".repeat(32);
    let mut c = Client::new(t, WebConfig::default());
    c.cookies.insert("vigil_session".into(), planted.clone());
    let ok = c.login("editor2", PASSWORD, "").await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    let issued = c.cookies.get("vigil_session").cloned().unwrap_or_default();
    assert!(!issued.is_empty() && issued != planted);
    assert_eq!(c.get("/staff").await.status, StatusCode::OK);
    let mut attacker = Client::new(t, WebConfig::default());
    attacker
        .cookies
        .insert("vigil_session".into(), planted.clone());
    let r = attacker.get("/staff").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(r.location.starts_with("/login"));
    // A second login issues another token again.
    let mut again = Client::new(t, WebConfig::default());
    again.login("editor2", PASSWORD, "").await;
    assert_ne!(again.cookies.get("vigil_session"), Some(&issued));
}

async fn login_needs_its_form_token(t: &TestStore) {
    user(t, "editor1", Role::Editor).await;
    let mut c = Client::new(t, WebConfig::default());
    let r = c
        .post(
            "/login",
            &[
                ("csrf", "x"),
                ("username", "editor1"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(
        !r.set_cookies
            .iter()
            .any(|c| c.starts_with("vigil_session="))
    );
}

async fn login_is_throttled(t: &TestStore) {
    user(t, "viewer1", Role::Viewer).await;
    user(t, "viewer2", Role::Viewer).await;
    let mut c = Client::new(t, WebConfig::default());
    for _ in 0..accounts::MAX_FAILURES {
        assert_eq!(
            c.login("viewer1", "wrong password!", "").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    let r = c.login("viewer1", PASSWORD, "").await;
    assert_eq!(
        r.status,
        StatusCode::TOO_MANY_REQUESTS,
        "even the right password waits"
    );
    assert!(r.body.contains("Too many failed attempts"));
    // Another username from the same address is not held back.
    let mut other = Client::new(t, WebConfig::default());
    assert_eq!(
        other.login("viewer2", PASSWORD, "").await.status,
        StatusCode::SEE_OTHER
    );
}

/// Behind a reverse proxy every visitor connects from the proxy's address.
async fn throttling_behind_a_proxy(t: &TestStore) {
    user(t, "viewer1", Role::Viewer).await;
    user(t, "viewer2", Role::Viewer).await;
    let proxy: std::net::SocketAddr = "127.0.0.1:40000".parse().unwrap();
    let client = |t: &TestStore, config: &WebConfig, from: &str| {
        let mut c = Client::new(t, config.clone());
        c.peer = Some(proxy);
        c.forwarded_for = Some(from.to_owned());
        c
    };
    let fail_all = async |c: &mut Client, name: &str| {
        for _ in 0..accounts::MAX_FAILURES {
            let r = c.login(name, "wrong password!", "").await;
            assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        }
    };
    // Not trusted: the header is ignored, so changing it escapes nothing,
    // and still only that username waits.
    let plain = WebConfig::default();
    let mut attacker = client(t, &plain, "203.0.113.5");
    fail_all(&mut attacker, "viewer1").await;
    let mut spoofed = client(t, &plain, "198.51.100.77");
    let r = spoofed.login("viewer1", PASSWORD, "").await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    let r = client(t, &plain, "203.0.113.5")
        .login("viewer2", PASSWORD, "")
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "another username is free");

    // Trusted: each visitor is told apart by the address the proxy adds.
    let trusted = WebConfig {
        trusted_proxies: vec![proxy.ip()],
        ..WebConfig::default()
    };
    let mut attacker = client(t, &trusted, "198.51.100.1, 203.0.113.9");
    fail_all(&mut attacker, "viewer2").await;
    let r = attacker.login("viewer2", PASSWORD, "").await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    // A forged entry to the left of the proxy's own is not the client.
    let r = client(t, &trusted, "203.0.113.9, 192.0.2.44")
        .login("viewer2", PASSWORD, "")
        .await;
    assert_eq!(
        r.status,
        StatusCode::SEE_OTHER,
        "a real user elsewhere signs in"
    );
    let r = client(t, &trusted, "203.0.113.9")
        .login("viewer1", "wrong password!", "")
        .await;
    assert_eq!(
        r.status,
        StatusCode::UNAUTHORIZED,
        "and other usernames are tried"
    );

    // Guessing one username from many addresses: after MAX_USER_FAILURES in
    // all, that username waits everywhere; the others do not.
    for _ in 0..accounts::MAX_USER_FAILURES {
        t.store.record_login_failure("user:viewer1").await.unwrap();
    }
    let r = client(t, &trusted, "192.0.2.200")
        .login("viewer1", PASSWORD, "")
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    let r = client(t, &trusted, "192.0.2.200")
        .login("viewer2", PASSWORD, "")
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}

async fn two_factor(t: &TestStore) {
    user(t, "admin1", Role::Admin).await;
    let strict = WebConfig {
        secure_cookies: false,
        login: LoginPolicy {
            require_admin_totp: true,
        },
        ..WebConfig::default()
    };
    let mut c = Client::new(t, strict);
    let r = c.login("admin1", PASSWORD, "").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.body.contains("must use two-factor"));
    let url = accounts::enrol_totp(&t.store, &Actor::cli(), "admin1")
        .await
        .unwrap();
    assert!(url.starts_with("otpauth://totp/Vigil:admin1?"));
    let r = c.login("admin1", PASSWORD, "").await;
    assert!(r.body.contains("Enter the code"));
    let r = c.login("admin1", PASSWORD, "000000").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let secret = t
        .store
        .credentials("admin1")
        .await
        .unwrap()
        .unwrap()
        .totp_secret
        .unwrap();
    let code = accounts::totp_code(&secret, "admin1").unwrap();
    let r = c.login("admin1", PASSWORD, &code).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
}

async fn logout_everywhere_ends_every_session(t: &TestStore) {
    user(t, "researcher1", Role::Researcher).await;
    let mut phone = logged_in(t, "researcher1").await;
    let mut laptop = logged_in(t, "researcher1").await;
    let page = laptop.get("/staff").await;
    let csrf = Client::csrf_in(&page.body);
    assert_eq!(
        laptop
            .post("/logout-everywhere", &[("csrf", &csrf)])
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(phone.get("/staff").await.status, StatusCode::SEE_OTHER);
}

/// One record of each visibility, with a canary in its name.
async fn records_of_each_visibility(t: &TestStore) -> Vec<(Visibility, Id<Person>)> {
    let mut out = vec![];
    let mut tx = t.store.begin().await.unwrap();
    for v in Visibility::ALL {
        let p = Person::new(
            v,
            Name::primary(format!("Person {v} CANARY-{v}"), Some("en")),
        );
        out.push((v, p.id));
        tx.insert(&Actor::cli(), &Record::Person(p)).await.unwrap();
    }
    tx.commit().await.unwrap();
    out
}

async fn public_source(t: &TestStore) -> Id<Source> {
    let src = Source {
        id: Id::new(),
        visibility: Visibility::Public,
        sources: vec![],
        kind: SourceKind::Article,
        title: "A public article".into(),
        author: None,
        publisher: None,
        date: None,
        url: None,
        language: None,
        machine_translated: false,
        reliability: None,
        file: None,
    };
    let mut tx = t.store.begin().await.unwrap();
    tx.insert(&Actor::cli(), &Record::Source(src.clone()))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    src.id
}

fn new_person_json(v: Visibility) -> String {
    let p = Person::new(v, Name::primary("Mehman Hüseynov", Some("az")));
    serde_json::to_string(&Record::Person(p)).unwrap()
}

async fn authorization_matrix(t: &TestStore) {
    let records = records_of_each_visibility(t).await;
    let source = public_source(t).await;
    for role in Role::ALL {
        user(t, role.label(), *role).await;
    }
    let mut anonymous = Client::new(t, WebConfig::default());
    let staff_routes = [
        "/staff",
        "/staff/records?kind=person",
        "/staff/new/person",
        "/staff/search?q=Person+CANARY",
        "/staff/pick?target=person&q=Person+CANARY",
        "/staff/users",
        "/staff/import",
        "/staff/review",
        "/staff/files",
    ];
    for path in staff_routes
        .iter()
        .map(|s| s.to_string())
        .chain(records.iter().map(|(_, id)| format!("/staff/records/{id}")))
    {
        let r = anonymous.get(&path).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "anonymous GET {path}");
        assert!(
            r.location.starts_with("/login"),
            "anonymous is sent to the login page"
        );
        assert!(!r.body.contains("CANARY"));
    }
    for path in [
        format!("/staff/records/{}/merge", records[0].1),
        "/staff/merges/00000000-0000-7000-8000-000000000000/undo".to_string(),
        format!("/staff/lists/{}/feature", records[0].1),
        format!("/staff/records/{}/publish", records[0].1),
    ] {
        let r = anonymous.post(&path, &[("csrf", "")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "anonymous POST {path}");
        assert!(r.location.starts_with("/login"));
    }
    let r = anonymous
        .post(
            "/staff/new/person",
            &[
                ("csrf", ""),
                ("body", &new_person_json(Visibility::Internal)),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);

    for role in Role::ALL {
        let mut c = logged_in(t, role.label()).await;
        let dash = c.get("/staff").await;
        assert_eq!(dash.status, StatusCode::OK, "{role:?} dashboard");
        let csrf = Client::csrf_in(&dash.body);
        let list = c.get("/staff/records?kind=person").await;
        let found = c.get("/staff/search?q=Person+CANARY").await;
        assert_eq!(found.status, StatusCode::OK, "{role:?} searching");
        let users = c.get("/staff/users").await;
        assert_eq!(
            users.status == StatusCode::OK,
            role.can(vigil_domain::Permission::ManageUsers),
            "{role:?} managing accounts"
        );
        let picked = c.get("/staff/pick?target=person&q=Person+CANARY").await;
        assert_eq!(picked.status, StatusCode::OK, "{role:?} picking");
        for (v, id) in &records {
            let allowed = role.may_see(*v);
            // Confidential text is indexed keyed and sealed: found only by those cleared for it.
            assert_eq!(
                found.body.contains(&format!("CANARY-{v}")),
                allowed,
                "{role:?} searching finds a {v} record"
            );
            assert_eq!(
                picked.body.contains(&format!("CANARY-{v}")),
                allowed,
                "{role:?} a picker offers a {v} record"
            );
            let page = c.get(&format!("/staff/records/{id}")).await;
            assert_eq!(
                page.status == StatusCode::OK,
                allowed,
                "{role:?} viewing a {v} record: {}",
                page.status
            );
            assert_eq!(
                list.body.contains(&format!("CANARY-{v}")),
                allowed,
                "{role:?} listing a {v} record"
            );
            let publish = c.get(&format!("/staff/records/{id}/publish")).await;
            assert_eq!(
                publish.status == StatusCode::OK,
                allowed && role.can(vigil_domain::Permission::Publish),
                "{role:?} opening the publish step of a {v} person: {}",
                publish.status
            );
            if !allowed {
                assert!(!publish.body.contains("CANARY"));
            }
            let edit = c.get(&format!("/staff/records/{id}/edit")).await;
            let may_edit = allowed
                && role.can(vigil_domain::Permission::Edit)
                && (*v != Visibility::Public || role.can(vigil_domain::Permission::Publish));
            assert_eq!(
                edit.status == StatusCode::OK,
                may_edit,
                "{role:?} editing a {v} record: {}",
                edit.status
            );
            let same = c
                .post(
                    &format!("/staff/records/{id}/visibility"),
                    &[("csrf", &csrf), ("visibility", v.as_str())],
                )
                .await;
            assert_eq!(
                same.status == StatusCode::SEE_OTHER,
                may_edit,
                "{role:?} setting visibility of a {v} record: {}",
                same.status
            );
            let form = [
                ("csrf", csrf.as_str()),
                ("source", &source.to_string()),
                ("excerpt", "words"),
                ("visibility", "internal"),
            ];
            let cite = c.post(&format!("/staff/records/{id}/sources"), &form).await;
            assert_eq!(
                cite.status == StatusCode::SEE_OTHER,
                may_edit,
                "{role:?} citing a source on a {v} record: {}",
                cite.status
            );
            if !may_edit {
                assert!(
                    matches!(same.status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND),
                    "refused, not broken: {}",
                    same.status
                );
            }
        }
        for v in Visibility::ALL {
            let r = c
                .post(
                    "/staff/new/person",
                    &[("csrf", &csrf), ("body", &new_person_json(v))],
                )
                .await;
            let may = role.can(vigil_domain::Permission::Edit)
                && role.may_see(v)
                && (v != Visibility::Public || role.can(vigil_domain::Permission::Publish));
            assert_eq!(
                r.status == StatusCode::SEE_OTHER,
                may,
                "{role:?} creating a {v} person: {} {}",
                r.status,
                r.body
            );
            if !may {
                assert!(
                    matches!(r.status, StatusCode::FORBIDDEN),
                    "{role:?} creating a {v} person is refused, not broken: {}",
                    r.status
                );
            }
        }
        // Without the form token, nothing is written, whatever the role.
        let r = c
            .post(
                "/staff/new/person",
                &[
                    ("csrf", "forged"),
                    ("body", &new_person_json(Visibility::Internal)),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
    }
}

async fn forms_show_errors_and_write_nothing(t: &TestStore) {
    user(t, "editor1", Role::Editor).await;
    let mut c = logged_in(t, "editor1").await;
    let form = c.get("/staff/new/person").await;
    assert!(
        form.body.contains("&#34;type&#34;: &#34;person&#34;"),
        "a skeleton to fill in"
    );
    let csrf = Client::csrf_in(&form.body);
    let before = t.store.counts().await.unwrap();
    let r = c
        .post(
            "/staff/new/person",
            &[("csrf", &csrf), ("body", "{not json")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("not valid JSON") && r.body.contains("{not json"),
        "the input is kept"
    );
    let mut p = Person::new(Visibility::Internal, Name::primary("X", None));
    p.birth_date = None;
    let bad_date = serde_json::to_string(&Record::Person(p)).unwrap().replace(
        "\"occupations\":[]",
        "\"death_date\":\"2014-13\",\"occupations\":[]",
    );
    let r = c
        .post("/staff/new/person", &[("csrf", &csrf), ("body", &bad_date)])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("month 13"), "{}", r.body);
    let hearing = "{\"type\":\"hearing\",\"id\":\"0190a000-0000-7000-8000-000000000001\",\"visibility\":\"internal\",\"case\":\"0190a000-0000-7000-8000-0000000000ff\",\"date\":\"2026-12-01\",\"time_zone\":\"Asia/Baku\",\"kind\":\"trial\",\"status\":\"scheduled\"}";
    let r = c
        .post("/staff/new/hearing", &[("csrf", &csrf), ("body", hearing)])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("does not exist"),
        "a hearing belongs to a case that exists"
    );
    assert_eq!(t.store.counts().await.unwrap(), before, "nothing written");
    // A good one is written, audited under the user's name, and shown with its history.
    let r = c
        .post(
            "/staff/new/person",
            &[
                ("csrf", &csrf),
                ("body", &new_person_json(Visibility::Public)),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = c.get(&r.location).await;
    assert!(
        page.body.contains("Mehman Hüseynov")
            && page.body.contains("user:editor1")
            && page.body.contains("create")
    );
}

async fn publishing_and_citing_sources(t: &TestStore) {
    user(t, "editor1", Role::Editor).await;
    user(t, "researcher1", Role::Researcher).await;
    let source = public_source(t).await;
    let p = Person::new(
        Visibility::Internal,
        Name::primary("Fazil Gasimov", Some("en")),
    );
    let mut tx = t.store.begin().await.unwrap();
    tx.insert(&Actor::cli(), &Record::Person(p.clone()))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let page = format!("/staff/records/{}", p.id);

    // A researcher cites a source but may not publish.
    let mut r = logged_in(t, "researcher1").await;
    let csrf = Client::csrf_in(&r.get(&page).await.body);
    let cite = r
        .post(
            &format!("{page}/sources"),
            &[
                ("csrf", &csrf),
                ("source", &source.to_string()),
                ("excerpt", "economist Fazil Gasimov"),
                ("field", "occupations"),
                ("visibility", "public"),
            ],
        )
        .await;
    assert_eq!(cite.status, StatusCode::SEE_OTHER);
    let bad = r
        .post(
            &format!("{page}/sources"),
            &[
                ("csrf", &csrf),
                ("source", &Id::<Source>::new().to_string()),
                ("excerpt", "x"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Choose a source you may see"));
    let publish = r
        .post(
            &format!("{page}/visibility"),
            &[("csrf", &csrf), ("visibility", "public")],
        )
        .await;
    assert_eq!(publish.status, StatusCode::FORBIDDEN);
    let stored = t.store.get(p.id.erase()).await.unwrap().unwrap();
    assert_eq!(stored.visibility(), Visibility::Internal);
    assert_eq!(
        stored.source_links()[0].excerpt.as_deref(),
        Some("economist Fazil Gasimov")
    );
    assert_eq!(
        stored.source_links()[0].field.as_deref(),
        Some("occupations")
    );

    // An editor publishes; the public page shows the person and the cited words.
    let mut e = logged_in(t, "editor1").await;
    let csrf = Client::csrf_in(&e.get(&page).await.body);
    assert_eq!(
        e.post(
            &format!("{page}/visibility"),
            &[("csrf", &csrf), ("visibility", "public")]
        )
        .await
        .status,
        StatusCode::SEE_OTHER
    );
    let public = e.get(&format!("/people/{}", p.id)).await;
    assert_eq!(public.status, StatusCode::OK);
    assert!(
        public.body.contains("economist Fazil Gasimov") && public.body.contains("A public article")
    );
    let history = e.get(&page).await.body;
    assert!(
        history.contains("user:researcher1") && history.contains("user:editor1"),
        "both changes are in the history"
    );
}

on_both_engines!(
    publishing_and_citing_sources,
    login_logout_and_the_audit_log,
    secure_cookies_and_hsts_behind_tls,
    login_needs_its_form_token,
    a_token_planted_before_login_is_never_used,
    login_is_throttled,
    throttling_behind_a_proxy,
    two_factor,
    logout_everywhere_ends_every_session,
    authorization_matrix,
    forms_show_errors_and_write_nothing,
    staff_search_finds_what_was_just_written,
    list_import_in_the_workspace,
    merging_persons_in_the_workspace,
    workspace_shows_what_changed_between_list_versions,
    the_review_queue_takes_an_editors_decision,
    namesakes_are_told_apart_before_and_after_an_import,
);

async fn staff_search_finds_what_was_just_written(t: &TestStore) {
    user(t, "editor1", Role::Editor).await;
    let mut c = logged_in(t, "editor1").await;
    let dash = c.get("/staff").await;
    assert!(
        dash.body.contains("action=\"/staff/search\""),
        "the search box is on every staff page"
    );
    let csrf = Client::csrf_in(&dash.body);
    let r = c
        .post(
            "/staff/new/person",
            &[
                ("csrf", &csrf),
                ("body", &new_person_json(Visibility::Internal)),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // Written a moment ago, found at once in another script, with the form that matched.
    let found = c
        .get(&format!("/staff/search?q={}", urlencode("Мехман Гусейнов")))
        .await;
    assert_eq!(found.status, StatusCode::OK);
    assert!(found.body.contains("Mehman Hüseynov"), "{}", found.body);
    assert!(found.body.contains("names:"));
    assert!(r.location.starts_with("/staff/records/"), "{}", r.location);
    assert!(found.body.contains(&format!("href=\"{}\"", r.location)));
    let none = c.get("/staff/search?q=Zzyzx+Qwv").await;
    assert!(none.body.contains("Nothing found"));
    // The public does not find an internal record.
    let (_, public) = {
        let mut anon = Client::new(t, WebConfig::default());
        let r = anon
            .get(&format!("/search?q={}", urlencode("Гусейнов")))
            .await;
        (r.status, r.body)
    };
    assert!(public.contains("Nothing found") && !public.contains("Mehman"));
}

async fn list_import_in_the_workspace(t: &TestStore) {
    let mehman = Person::new(
        Visibility::Internal,
        Name::primary("Mehman Hüseynov", Some("az")),
    );
    let khadija = Person::new(
        Visibility::Public,
        Name::primary("Xədicə İsmayılova", Some("az")),
    );
    let elmar = Person::new(
        Visibility::Internal,
        Name::primary("Elmar Qasımov", Some("az")),
    );
    insert(
        t,
        &[
            mehman.clone().into(),
            khadija.clone().into(),
            elmar.clone().into(),
        ],
    )
    .await;
    user(t, "editor1", Role::Editor).await;
    user(t, "viewer1", Role::Viewer).await;
    let csv = "name,ref,number\nМехман Гусейнов,A1,1\nKhadija Ismayilova,A2,2\nEldar Gasimov,A3,3\nZzyzx Qwvbn,A4,4\n";

    // A viewer may not import.
    let mut viewer = logged_in(t, "viewer1").await;
    assert_eq!(
        viewer.get("/staff/import").await.status,
        StatusCode::FORBIDDEN
    );

    let mut c = logged_in(t, "editor1").await;
    let page = c.get("/staff/import").await;
    assert_eq!(page.status, StatusCode::OK);
    let csrf = Client::csrf_in(&page.body);
    let blobs_before = t.store.blob_list().await.unwrap().len();
    // Without the form token, or with a file that is not a table, nothing is kept.
    let r = c
        .post_file(
            "/staff/import",
            &[("csrf", "forged")],
            ("l.csv", csv.as_bytes()),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = c
        .post_file(
            "/staff/import",
            &[("csrf", &csrf)],
            ("l.xlsx", b"PK\x03\x04 not a workbook"),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("not an XLSX workbook"), "{}", r.body);
    let r = c
        .post_file(
            "/staff/import",
            &[("csrf", &csrf)],
            ("l.csv", b"\xff\xfe broken"),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("not UTF-8"), "{}", r.body);
    // A workbook that expands far beyond its size: refused with its limit, 413.
    let bomb = vigil_app::import::workbook::workbook(1_100_000, 8).unwrap();
    let r = c
        .post_file("/staff/import", &[("csrf", &csrf)], ("l.xlsx", &bomb))
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(r.body.contains("expands to more than 32 MB"), "{}", r.body);
    assert_eq!(t.store.blob_list().await.unwrap().len(), blobs_before);

    let r = c
        .post_file(
            "/staff/import",
            &[
                ("csrf", &csrf),
                ("list", "Test list"),
                ("published", "2024-10-07"),
            ],
            ("list.csv", csv.as_bytes()),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(r.location.starts_with("/staff/import/"), "{}", r.location);
    assert!(r.location.contains("list=Test+list") && r.location.contains("published=2024-10-07"));
    let preview = c.get(&r.location).await;
    assert_eq!(preview.status, StatusCode::OK);
    assert!(
        preview.body.contains("4 rows: 2 match, 1 to review, 1 new"),
        "{}",
        preview.body
    );
    assert!(
        preview.body.contains("Elmar Qasımov"),
        "the candidate is shown"
    );
    assert!(
        preview
            .body
            .contains(&format!("name=\"row-3\" value=\"match:{}\">", elmar.id)),
        "a row to review offers its candidate, unchecked"
    );
    assert!(
        preview.body.contains(&format!(
            "name=\"row-1\" value=\"match:{}\" checked",
            mehman.id
        )),
        "a match can be overridden, and is checked as the matcher decided"
    );
    assert!(
        preview
            .body
            .contains("name=\"row-4\" value=\"new\" checked")
    );
    assert!(
        preview
            .body
            .contains("Nobody recorded has a name like this"),
        "a new row without plausible candidates shows none"
    );
    // Choosing another column as the name reads the file again.
    let sha = r
        .location
        .trim_start_matches("/staff/import/")
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let remapped = c.get(&format!("/staff/import/{sha}?col_name=ref")).await;
    assert!(
        remapped
            .body
            .contains("4 rows: 0 match, 0 to review, 4 new"),
        "{}",
        remapped.body
    );
    let missing = c.get(&format!("/staff/import/{sha}?col_name=nope")).await;
    assert!(missing.body.contains("no column “nope”"));
    let persons_before = t
        .store
        .list(vigil_domain::RecordKind::Person)
        .await
        .unwrap()
        .len();

    // Nothing was written by reading and previewing; applying writes what the editor chose.
    let done = c
        .post(
            &format!("/staff/import/{sha}/apply"),
            &[
                ("csrf", &csrf),
                ("col_name", "name"),
                ("col_ref", "ref"),
                ("col_number", "number"),
                ("list", "Test list"),
                ("published", "2024-10-07"),
                ("row-3", "new"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert!(
        done.body.contains("Linked 2, created 2, left out 0"),
        "{}",
        done.body
    );
    let persons = t
        .store
        .list(vigil_domain::RecordKind::Person)
        .await
        .unwrap();
    assert_eq!(persons.len(), persons_before + 2);
    let Some(Record::Person(m)) = t.store.get(mehman.id.erase()).await.unwrap() else {
        panic!("Mehman is still there");
    };
    assert!(
        m.names.iter().any(|n| n.name == "Мехман Гусейнов"),
        "the list's spelling is kept"
    );
    assert_eq!(m.external_ref.as_deref(), Some("A1"));
    let versions = t
        .store
        .list(vigil_domain::RecordKind::ListVersion)
        .await
        .unwrap();
    let Some(Record::ListVersion(v)) = versions.last() else {
        panic!("a list version");
    };
    assert_eq!(v.entries.len(), 4);
    // The elmar row was not linked to Elmar.
    assert!(v.entries.iter().all(|e| e.person != elmar.id));
    // A bad date is refused with a message, and nothing more is written.
    let bad = c
        .post(
            &format!("/staff/import/{sha}/apply"),
            &[
                ("csrf", &csrf),
                ("col_name", "name"),
                ("published", "2024-13-45"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        t.store
            .list(vigil_domain::RecordKind::Person)
            .await
            .unwrap()
            .len(),
        persons_before + 2
    );
}

async fn merging_persons_in_the_workspace(t: &TestStore) {
    let a = Person::new(
        Visibility::Internal,
        Name::primary("Leyla Yunus", Some("az")),
    );
    let b = Person::new(
        Visibility::Internal,
        Name::primary("Лейла Юнус", Some("ru")),
    );
    let case = Case::new(Visibility::Internal, "Case of the Yunus couple", vec![b.id]);
    insert(
        t,
        &[a.clone().into(), b.clone().into(), case.clone().into()],
    )
    .await;
    user(t, "editor1", Role::Editor).await;
    user(t, "researcher1", Role::Researcher).await;
    let page_of_a = format!("/staff/records/{}", a.id);
    let merge_a = format!("/staff/records/{}/merge", a.id);
    let other = b.id.to_string();

    // A researcher may not merge: no form, and a post is refused.
    let mut r = logged_in(t, "researcher1").await;
    let page = r.get(&page_of_a).await;
    assert!(!page.body.contains(&merge_a));
    let csrf = Client::csrf_in(&page.body);
    let refused = r
        .post(
            &merge_a,
            &[("csrf", &csrf), ("other", &other), ("confirm", "yes")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let mut c = logged_in(t, "editor1").await;
    let page = c.get(&page_of_a).await;
    assert!(
        page.body.contains(&merge_a),
        "the merge form is on a person's page"
    );
    // The other record is found by name, never typed by id.
    let found = c.get(&format!("{page_of_a}?merge_q=Лейла+Юнус")).await;
    assert!(
        found.body.contains(&format!(
            "name=\"other\" value=\"{other}\"> Лейла Юнус (Person)"
        )),
        "{}",
        found.body
    );
    assert!(
        !found
            .body
            .contains(&format!("name=\"other\" value=\"{}\"", a.id)),
        "not itself"
    );
    let csrf = Client::csrf_in(&page.body);
    let unconfirmed = c
        .post(&merge_a, &[("csrf", &csrf), ("other", &other)])
        .await;
    assert_eq!(unconfirmed.status, StatusCode::UNPROCESSABLE_ENTITY);
    let unknown = c
        .post(
            &merge_a,
            &[("csrf", &csrf), ("other", "not-an-id"), ("confirm", "yes")],
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        t.store.get(b.id.erase()).await.unwrap().is_some(),
        "nothing merged yet"
    );

    let done = c
        .post(
            &merge_a,
            &[("csrf", &csrf), ("other", &other), ("confirm", "yes")],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(done.location, page_of_a);
    assert!(t.store.get(b.id.erase()).await.unwrap().is_none());
    let Some(Record::Case(c2)) = t.store.get(case.id.erase()).await.unwrap() else {
        panic!("the case");
    };
    assert_eq!(c2.defendants, vec![a.id]);
    let page = c.get(&page_of_a).await;
    assert!(page.body.contains("Лейла Юнус"), "the other name joined");
    assert!(page.body.contains("merge"), "the history shows the merge");
    let undo = page
        .body
        .split("action=\"/staff/merges/")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .map(|s| format!("/staff/merges/{s}"))
        .expect("an undo button");
    let undone = c.post(&undo, &[("csrf", &csrf)]).await;
    assert_eq!(undone.status, StatusCode::SEE_OTHER, "{}", undone.body);
    assert_eq!(
        t.store.get(b.id.erase()).await.unwrap(),
        Some(Record::Person(b.clone()))
    );
    assert_eq!(
        t.store.get(case.id.erase()).await.unwrap(),
        Some(Record::Case(case))
    );
    let twice = c.post(&undo, &[("csrf", &csrf)]).await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
}

async fn workspace_shows_what_changed_between_list_versions(t: &TestStore) {
    let p = |name: &str, v| Person::new(v, Name::primary(name, Some("az")));
    let (a, b, cc) = (
        p("Anar Məmmədli", Visibility::Internal),
        p("Bəxtiyar Hacıyev", Visibility::Internal),
        p("Cəmil Həsənli", Visibility::Internal),
    );
    let d = p("Hidden CANARY-D", Visibility::Confidential);
    let list = PrisonerList {
        id: Id::new(),
        visibility: Visibility::Internal,
        sources: vec![],
        title: "Working list".into(),
        publisher: None,
        criteria: vec![],
        titles: vec![],
        featured: false,
    };
    let entry = |person: &Person, category: Option<&str>| ListEntry {
        person: person.id,
        number: None,
        category: category.map(str::to_owned),
        subcategory: None,
    };
    let version = |date: &str, entries| ListVersion {
        id: Id::new(),
        visibility: Visibility::Internal,
        sources: vec![],
        list: list.id,
        date: date.parse().unwrap(),
        publisher: None,
        document: None,
        published_count: Some(3),
        count_qualifier: None,
        entries,
    };
    let v2 = version(
        "2024-06",
        vec![
            entry(&a, Some("journalists")),
            entry(&cc, None),
            entry(&d, None),
        ],
    );
    let v1 = version(
        "2024-01",
        vec![
            entry(&a, Some("activists")),
            entry(&b, None),
            entry(&d, None),
        ],
    );
    insert(
        t,
        &[
            a.clone().into(),
            b.clone().into(),
            cc.clone().into(),
            d.clone().into(),
            list.clone().into(),
            v2.into(),
            v1.into(),
        ],
    )
    .await;
    user(t, "viewer1", Role::Viewer).await;
    let mut c = logged_in(t, "viewer1").await;
    let record = c.get(&format!("/staff/records/{}", list.id)).await;
    let href = format!("/staff/lists/{}", list.id);
    assert!(
        record.body.contains(&href),
        "the list's page links to its changes"
    );
    let page = c.get(&href).await;
    assert_eq!(page.status, StatusCode::OK);
    let body = &page.body;
    assert!(body.contains("2024-01 → 2024-06"), "versions in date order");
    assert!(body.contains("Added: 1") && body.contains("Cəmil Həsənli"));
    assert!(body.contains("Removed: 1") && body.contains("Bəxtiyar Hacıyev"));
    assert!(body.contains("Category changed: 1") && body.contains("activists → journalists"));
    assert!(
        !body.contains("CANARY"),
        "a person the role may not see is not named"
    );
    // Unknown or unseen lists are not found.
    assert_eq!(
        c.get(&format!("/staff/lists/{}", a.id)).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        c.get("/staff/lists/nonsense").await.status,
        StatusCode::NOT_FOUND
    );
}

async fn the_review_queue_takes_an_editors_decision(t: &TestStore) {
    use vigil_app::import;
    let elmar = Person::new(
        Visibility::Internal,
        Name::primary("Elmar Qasımov", Some("az")),
    );
    insert(t, &[elmar.clone().into()]).await;
    let rows = import::read_csv("name\nEldar Gasimov\nEldar Qasimov\n".as_bytes()).unwrap();
    let planned = import::plan(&t.store, &rows, import::Matching::On)
        .await
        .unwrap();
    import::apply(
        &t.store,
        &Actor::cli(),
        &planned,
        &import::Target::default(),
        jiff::civil::date(2026, 11, 23),
    )
    .await
    .unwrap();
    user(t, "editor1", Role::Editor).await;
    user(t, "viewer1", Role::Viewer).await;
    let mut v = logged_in(t, "viewer1").await;
    assert_eq!(v.get("/staff/review").await.status, StatusCode::FORBIDDEN);

    let mut c = logged_in(t, "editor1").await;
    let page = c.get("/staff/review").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("2 rows wait"), "{}", page.body);
    assert!(page.body.contains("Eldar Gasimov") && page.body.contains("Elmar Qasımov"));
    let csrf = Client::csrf_in(&page.body);
    let first = page
        .body
        .split("action=\"/staff/review/")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .map(|s| format!("/staff/review/{s}"))
        .expect("a decision form");
    let elmar_choice = format!("match:{}", elmar.id);
    let bad = c
        .post(&first, &[("csrf", &csrf), ("decision", "maybe")])
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let forged = c
        .post(&first, &[("csrf", "forged"), ("decision", "new")])
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let before = t
        .store
        .list(vigil_domain::RecordKind::Person)
        .await
        .unwrap()
        .len();
    let done = c
        .post(&first, &[("csrf", &csrf), ("decision", "new")])
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_eq!(done.location, "/staff/review");
    assert_eq!(
        t.store
            .list(vigil_domain::RecordKind::Person)
            .await
            .unwrap()
            .len(),
        before + 1,
        "rejecting creates a new person"
    );
    let page = c.get("/staff/review").await;
    assert!(page.body.contains("1 row waits"), "{}", page.body);
    let twice = c
        .post(&first, &[("csrf", &csrf), ("decision", &elmar_choice)])
        .await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
}

/// The demo holds two Nijat Aliyevs (#3 and #61 of the 2014 list): a row
/// naming one is shown with both and what tells them apart, any decision can
/// be overridden before applying, and the review queue keeps both.
async fn namesakes_are_told_apart_before_and_after_an_import(t: &TestStore) {
    vigil_app::demo::load(&t.store).await.unwrap();
    let persons: Vec<Person> = t
        .store
        .list(vigil_domain::RecordKind::Person)
        .await
        .unwrap()
        .into_iter()
        .filter_map(|r| Person::try_from(r).ok())
        .collect();
    let by_ref = |r: &str| {
        persons
            .iter()
            .find(|p| p.external_ref.as_deref() == Some(r))
            .map(|p| p.id)
            .unwrap()
    };
    let (nazim, yaser) = (by_ref("2014-08 #3"), by_ref("2014-08 #61"));
    user(t, "editor1", Role::Editor).await;
    let mut c = logged_in(t, "editor1").await;
    let csrf = Client::csrf_in(&c.get("/staff/import").await.body);
    let csv = "name,born\nNijat Aliyev,\nKhadija Ismayilova,\n";
    let r = c
        .post_file(
            "/staff/import",
            &[("csrf", &csrf)],
            ("l.csv", csv.as_bytes()),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let preview = c.get(&r.location).await;
    let tells = |body: &str| {
        for fact in [
            "Nazim oglu",
            "Yaser oglu",
            "2012-05-21",
            "2012-09-18",
            "Prison No. 16",
            "#3",
            "#61",
        ] {
            assert!(body.contains(fact), "{fact} tells them apart: {body}");
        }
    };
    tells(&preview.body);
    assert!(
        preview
            .body
            .contains("name=\"col_born\"><option value=\"\">—</option><option>name</option><option selected>born</option>"),
        "the birth date column is read, and can be changed"
    );
    for id in [nazim, yaser] {
        assert!(
            preview
                .body
                .contains(&format!("name=\"row-1\" value=\"match:{id}\">")),
            "both namesakes are offered"
        );
    }
    assert!(
        preview
            .body
            .contains("name=\"row-1\" value=\"review\" checked")
    );
    let sha = r.location.trim_start_matches("/staff/import/").to_owned();
    let count = || async {
        t.store
            .list(vigil_domain::RecordKind::Person)
            .await
            .unwrap()
            .len()
    };
    let before = count().await;
    let apply = |choices: Vec<(&'static str, String)>| {
        let mut form = vec![("csrf", csrf.clone()), ("col_name", "name".to_owned())];
        form.extend(choices);
        form
    };
    // A row is matched only with one of its candidates.
    let khadija = by_name(&persons, "Khadija Ismayilova");
    let wrong = c
        .post(
            &format!("/staff/import/{sha}/apply"),
            &pairs(&apply(vec![("row-1", format!("match:{khadija}"))])),
        )
        .await;
    assert_eq!(
        wrong.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        wrong.body
    );
    assert_eq!(count().await, before, "nothing written");
    // A match overridden to a new person, a namesake held for review.
    let done = c
        .post(
            &format!("/staff/import/{sha}/apply"),
            &pairs(&apply(vec![
                ("row-1", "review".to_owned()),
                ("row-2", "new".to_owned()),
            ])),
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert!(
        done.body.contains("Linked 0, created 1, left out 1"),
        "{}",
        done.body
    );
    assert_eq!(count().await, before + 1);

    let queue = c.get("/staff/review").await;
    tells(&queue.body);
    for id in [nazim, yaser] {
        assert!(queue.body.contains(&format!("value=\"match:{id}\"")));
    }
    let item = t.store.open_reviews().await.unwrap().remove(0);
    assert_eq!(item.candidates.len(), 2, "the queue keeps both namesakes");
    let decided = c
        .post(
            &format!("/staff/review/{}", item.id),
            &[("csrf", &csrf), ("decision", &format!("match:{yaser}"))],
        )
        .await;
    assert_eq!(decided.status, StatusCode::SEE_OTHER, "{}", decided.body);
    let closed = t.store.review_item(&item.id).await.unwrap().unwrap();
    assert_eq!(closed.status, "confirmed");
    assert_eq!(count().await, before + 1, "linking creates nobody");
}

fn by_name(persons: &[Person], name: &str) -> vigil_domain::Id<Person> {
    persons
        .iter()
        .find(|p| p.display_name() == name)
        .map(|p| p.id)
        .unwrap()
}

fn pairs<'a>(form: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    form.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

async fn person_form_shows_errors_beside_fields_and_keeps_the_rest(t: &TestStore) {
    user(t, "researcher1", Role::Researcher).await;
    let source = public_source(t).await;
    let mut c = logged_in(t, "researcher1").await;
    let form = c.get("/staff/people/new").await;
    assert_eq!(form.status, StatusCode::OK);
    let csrf = Client::csrf_in(&form.body);
    let before = t.store.counts().await.unwrap();
    let fields = |date: &str, country: &str| {
        vec![
            ("csrf", csrf.clone()),
            ("name0", "Xədicə İsmayılova".to_string()),
            ("lang0", "az".into()),
            ("name1", "Хадиджа Исмаилова".into()),
            ("lang1", "ru".into()),
            ("name2", "".into()),
            ("lang2", "en".into()),
            ("gender", "female".into()),
            ("birth_date", date.into()),
            ("birth_date_visibility", "confidential".into()),
            ("country", country.into()),
            ("occupation", "journalist".into()),
            ("notes", "met her sister on Tuesday".into()),
            ("visibility", "internal".into()),
        ]
    };
    let bad = fields("1976-02-30", "Azerbaijan");
    let r = c
        .post(
            "/staff/people/new",
            &bad.iter()
                .map(|(k, v)| (*k, v.as_str()))
                .collect::<Vec<_>>(),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("id=\"err-birth_date\"") && r.body.contains("day 30 does not exist"),
        "beside the date"
    );
    assert!(r.body.contains("id=\"err-country\""), "beside the country");
    assert!(
        r.body.contains("Хадиджа Исмаилова"),
        "what was typed is kept"
    );
    assert_eq!(t.store.counts().await.unwrap(), before, "nothing written");
    let good = fields("1976-05-27", "AZ");
    let r = c
        .post(
            "/staff/people/new",
            &good
                .iter()
                .map(|(k, v)| (*k, v.as_str()))
                .collect::<Vec<_>>(),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let id: vigil_domain::AnyId = r.location.rsplit('/').next().unwrap().parse().unwrap();
    let Some(Record::Person(p)) = t.store.get(id).await.unwrap() else {
        panic!("stored")
    };
    assert_eq!(p.names.len(), 2);
    assert_eq!(p.names[1].kind, vigil_domain::NameKind::Transliteration);
    assert_eq!(
        p.birth_date.as_ref().unwrap().visibility,
        Visibility::Confidential
    );
    assert_eq!(
        p.notes.as_ref().unwrap().visibility,
        Visibility::Confidential
    );
    // A source cited elsewhere survives an edit through the form.
    let page = format!("/staff/records/{id}");
    let csrf2 = Client::csrf_in(&c.get(&page).await.body);
    c.post(
        &format!("{page}/sources"),
        &[
            ("csrf", &csrf2),
            ("source", &source.to_string()),
            ("excerpt", "kept"),
        ],
    )
    .await;
    let edit = c.get(&format!("/staff/people/{id}/edit")).await;
    assert!(edit.body.contains("Xədicə İsmayılova"));
    let mut again = fields("1976-05-27", "AZ");
    again[0].1 = Client::csrf_in(&edit.body);
    again[5].1 = "Khadija Ismayilova".into();
    let r = c
        .post(
            &format!("/staff/people/{id}/edit"),
            &again
                .iter()
                .map(|(k, v)| (*k, v.as_str()))
                .collect::<Vec<_>>(),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let Some(Record::Person(p)) = t.store.get(id).await.unwrap() else {
        panic!("stored")
    };
    assert_eq!(p.names.len(), 3);
    assert_eq!(p.sources.len(), 1, "the citation is kept");
    // A researcher cannot publish through the form either.
    let edit = c.get(&format!("/staff/people/{id}/edit")).await;
    let mut public = fields("1976-05-27", "AZ");
    public[0].1 = Client::csrf_in(&edit.body);
    public[13].1 = "public".into();
    let r = c
        .post(
            &format!("/staff/people/{id}/edit"),
            &public
                .iter()
                .map(|(k, v)| (*k, v.as_str()))
                .collect::<Vec<_>>(),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

on_both_engines!(person_form_shows_errors_beside_fields_and_keeps_the_rest);

/// A case, a hearing, a detention and a welfare report entered through their
/// forms: each wrong field is named beside it, nothing is written until all
/// is right, and editing keeps what the form does not show.
async fn record_forms_enter_a_case_end_to_end(t: &TestStore) {
    user(t, "editor2", Role::Editor).await;
    let mut c = logged_in(t, "editor2").await;
    let person = Person::new(
        Visibility::Internal,
        Name::primary("Nərgiz Sınaqova", Some("az")),
    );
    let prison = Organization::new(
        Visibility::Public,
        OrganizationKind::Facility,
        Name::primary("Test Colony No. 99", Some("en")),
    );
    insert(
        t,
        &[
            Record::Person(person.clone()),
            Record::Organization(prison.clone()),
        ],
    )
    .await;
    let pid = person.id.to_string();

    let page = c.get(&format!("/staff/records/{pid}")).await;
    let link = format!("/staff/form/case?defendants={pid}");
    assert!(
        page.body.contains(&link),
        "the person's page offers a case form"
    );
    let form = c.get(&link).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        form.body.contains(&format!(
            "name=\"defendants\" value=\"{pid}\" checked> Nərgiz Sınaqova (Person)"
        )),
        "the person is picked already: {}",
        form.body
    );

    let before = t.store.counts().await.unwrap();
    let nobody = "0190a000-0000-7000-8000-0000000000ff";
    let bad_defendants = format!("{pid}\n{nobody}");
    let bad = [
        ("title", ""),
        ("defendants", bad_defendants.as_str()),
        ("status", "convicted"),
        ("country", "AZ"),
        ("charges.0.code", "AZ-CC"),
        ("charges.0.article", "228.1"),
        ("charges.0.label", "illegal possession of weapons"),
        ("charges.1.code", "AZ-CC"),
        ("opened", "2014-13"),
        ("sentence.years", "nine"),
        ("visibility", "internal"),
    ];
    let r = post_form(&mut c, "/staff/form/case", &form, &bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["title", "opened", "charges", "sentence-years", "defendants"] {
        assert!(
            r.body.contains(&format!("id=\"err-f-{field}\"")),
            "an error beside {field}: {}",
            r.body
        );
    }
    assert!(r.body.contains("Row 2") && r.body.contains(nobody));
    assert!(
        r.body.contains("illegal possession of weapons"),
        "what was typed is kept"
    );
    assert_eq!(t.store.counts().await.unwrap(), before, "nothing written");

    let good = [
        ("title", "Case of N. Sınaqova"),
        ("defendants", pid.as_str()),
        ("status", "convicted"),
        ("country", "az"),
        ("charges.0.code", "AZ-CC"),
        ("charges.0.article", "228.1"),
        ("charges.0.label", "illegal possession of weapons"),
        ("opened", "2014-08"),
        ("verdict.date", "2015-09-01"),
        ("sentence.years", "9"),
        ("sentence.months", "6"),
        ("summary.en", "Arrested after reporting."),
        ("summary.ru", "Арестована после публикации."),
        ("visibility", "internal"),
    ];
    let r = post_form(&mut c, "/staff/form/case", &form, &good).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let case_id: vigil_domain::AnyId = r.location.rsplit('/').next().unwrap().parse().unwrap();
    let Some(Record::Case(case)) = t.store.get(case_id).await.unwrap() else {
        panic!("a case is stored")
    };
    assert_eq!(case.defendants, vec![person.id]);
    assert_eq!(case.country.as_deref(), Some("AZ"));
    assert_eq!(case.charges[0].article, "228.1");
    assert_eq!(case.opened.unwrap().to_string(), "2014-08");
    assert_eq!(
        case.verdict.as_ref().unwrap().date.unwrap().to_string(),
        "2015-09-01"
    );
    let sentence = case.sentence.as_ref().unwrap();
    assert_eq!(
        (sentence.years, sentence.months, sentence.life),
        (9, 6, false)
    );
    assert_eq!(case.summary.len(), 2);

    // A hearing in that case: the case's page links to its form.
    let page = c.get(&r.location).await;
    let link = format!("/staff/form/hearing?case={case_id}");
    assert!(page.body.contains(&link));
    let form = c.get(&link).await;
    let hearing = |day: &'static str, time: &'static str, zone: &'static str| {
        vec![
            ("case", case_id.to_string()),
            ("date", day.to_owned()),
            ("time", time.to_owned()),
            ("time_zone", zone.to_owned()),
            ("kind", "appeal".to_owned()),
            ("status", "scheduled".to_owned()),
            ("observers_admitted", "no".to_owned()),
            ("visibility", "internal".to_owned()),
        ]
    };
    let bad = hearing("2026-02-30", "25:00", "Asia/Nowhere");
    let bad: Vec<(&str, &str)> = bad.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = post_form(&mut c, "/staff/form/hearing", &form, &bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["date", "time", "time_zone"] {
        assert!(r.body.contains(&format!("id=\"err-f-{field}\"")), "{field}");
    }
    let good = hearing("2026-12-01", "11:00", "Asia/Baku");
    let good: Vec<(&str, &str)> = good.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = post_form(&mut c, "/staff/form/hearing", &form, &good).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let hid: vigil_domain::AnyId = r.location.rsplit('/').next().unwrap().parse().unwrap();
    let Some(Record::Hearing(h)) = t.store.get(hid).await.unwrap() else {
        panic!("a hearing is stored")
    };
    assert_eq!(
        (h.date.to_string(), h.time.unwrap().to_string()),
        ("2026-12-01".into(), "11:00:00".into())
    );
    assert_eq!(h.observers_admitted, Some(false));

    // A detention: the prison is found by name; a rule names its field.
    let form = c
        .get(&format!("/staff/form/detention_episode?person={pid}"))
        .await;
    let prison_id = prison.id.to_string();
    let found = post_form(
        &mut c,
        "/staff/form/detention_episode",
        &form,
        &[
            ("person", pid.as_str()),
            ("_find.facility", "Colony 99"),
            ("_act", "find"),
            ("visibility", "internal"),
        ],
    )
    .await;
    assert_eq!(found.status, StatusCode::OK, "finding writes nothing");
    assert!(
        found.body.contains(&format!(
            "name=\"facility\" value=\"{prison_id}\" checked> Test Colony No. 99 (prison or detention facility)"
        )),
        "{}",
        found.body
    );
    let case_str = case_id.to_string();
    let mut detention = vec![
        ("person", pid.as_str()),
        ("case", case_str.as_str()),
        ("kind", "imprisonment"),
        ("start", "2014-08-02"),
        ("end", "2014-08-01"),
        ("facility", prison_id.as_str()),
        ("visibility", "internal"),
    ];
    let r = post_form(&mut c, "/staff/form/detention_episode", &form, &detention).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"err-f-end\"") && r.body.contains("before the start"));
    detention[4].1 = "";
    // Other start dates the sources give: each line a date, none the start itself.
    detention.push(("disputed_starts", "2013-03-07\n2014-13"));
    let r = post_form(&mut c, "/staff/form/detention_episode", &form, &detention).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("id=\"err-f-disputed_starts\""),
        "{}",
        r.body
    );
    detention[7].1 = "2014-08-02";
    let r = post_form(&mut c, "/staff/form/detention_episode", &form, &detention).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("not another reading"), "{}", r.body);
    detention[7].1 = "2013-03-07\n2014";
    let r = post_form(&mut c, "/staff/form/detention_episode", &form, &detention).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let episode_id: vigil_domain::AnyId = r.location.rsplit('/').next().unwrap().parse().unwrap();
    let Some(Record::DetentionEpisode(episode)) = t.store.get(episode_id).await.unwrap() else {
        panic!("an episode is stored")
    };
    let readings: Vec<String> = episode
        .disputed_starts
        .iter()
        .map(|d| d.to_string())
        .collect();
    assert_eq!(readings, ["2013-03-07", "2014"]);

    // A welfare report's description keeps its own visibility.
    let form = c
        .get(&format!("/staff/form/welfare_report?person={pid}"))
        .await;
    let r = post_form(
        &mut c,
        "/staff/form/welfare_report",
        &form,
        &[
            ("person", pid.as_str()),
            ("kinds", "health"),
            ("kinds", "denied_medical_care"),
            ("description", "Untreated injury"),
            ("description.visibility", "confidential"),
            ("visibility", "internal"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let id: vigil_domain::AnyId = r.location.rsplit('/').next().unwrap().parse().unwrap();
    let Some(Record::WelfareReport(w)) = t.store.get(id).await.unwrap() else {
        panic!("stored")
    };
    assert_eq!(w.kinds.len(), 2);
    assert_eq!(w.description.visibility, Visibility::Confidential);

    // Editing through the form keeps what it does not show (a citation).
    let source = public_source(t).await;
    let mut cited = case.clone();
    cited.sources.push(SourceLink::new(source, "the verdict"));
    let mut tx = t.store.begin().await.unwrap();
    tx.update(&Actor::cli(), &Record::Case(cited))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let edit_path = format!("/staff/records/{case_id}/form");
    let form = c.get(&edit_path).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        form.body
            .contains("name=\"charges.0.article\" value=\"228.1\"")
            && form
                .body
                .contains("value=\"illegal possession of weapons\""),
        "each charge shows its article and label in their own boxes"
    );
    let mut again = good_case_fields(&pid);
    again[0].1 = "Case of Nərgiz Sınaqova";
    let r = post_form(&mut c, &edit_path, &form, &again).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let Some(Record::Case(edited)) = t.store.get(case_id).await.unwrap() else {
        panic!("stored")
    };
    assert_eq!(edited.title, "Case of Nərgiz Sınaqova");
    assert_eq!(edited.sources.len(), 1, "the citation is kept");
    assert_eq!(edited.charges, case.charges);
}

fn good_case_fields(pid: &str) -> Vec<(&'static str, &str)> {
    vec![
        ("title", "Case of N. Sınaqova"),
        ("defendants", pid),
        ("status", "convicted"),
        ("country", "AZ"),
        ("charges.0.code", "AZ-CC"),
        ("charges.0.article", "228.1"),
        ("charges.0.label", "illegal possession of weapons"),
        ("opened", "2014-08"),
        ("verdict.date", "2015-09-01"),
        ("sentence.years", "9"),
        ("sentence.months", "6"),
        ("visibility", "internal"),
    ]
}

on_both_engines!(record_forms_enter_a_case_end_to_end);

/// The record forms in the authorization matrix: every role, every visibility.
async fn record_forms_follow_the_permission_table(t: &TestStore) {
    for role in Role::ALL {
        user(t, role.label(), *role).await;
    }
    let orgs: Vec<(Visibility, Organization)> = Visibility::ALL
        .iter()
        .map(|v| {
            let o = Organization::new(
                *v,
                OrganizationKind::Ngo,
                Name::primary(format!("Org CANARY-{v}"), Some("en")),
            );
            (*v, o)
        })
        .collect();
    insert(
        t,
        &orgs
            .iter()
            .map(|(_, o)| Record::Organization(o.clone()))
            .collect::<Vec<_>>(),
    )
    .await;
    let mut anonymous = Client::new(t, WebConfig::default());
    for path in [
        "/staff/form/case".to_owned(),
        "/staff/people/new".to_owned(),
        format!("/staff/records/{}/form", orgs[0].1.id),
    ] {
        let r = anonymous.get(&path).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "anonymous GET {path}");
        assert!(r.location.starts_with("/login") && !r.body.contains("CANARY"));
    }
    let r = anonymous
        .post(
            "/staff/form/organization",
            &[("csrf", ""), ("names", "X"), ("kind", "ngo")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(r.location.starts_with("/login"));

    for role in Role::ALL {
        let mut c = logged_in(t, role.label()).await;
        let can_edit = role.can(vigil_domain::Permission::Edit);
        let new = c.get("/staff/form/organization").await;
        assert_eq!(new.status == StatusCode::OK, can_edit, "{role:?} new form");
        let dash = c.get("/staff").await;
        for (v, org) in &orgs {
            let may_edit = role.may_see(*v)
                && can_edit
                && (*v != Visibility::Public || role.can(vigil_domain::Permission::Publish));
            let path = format!("/staff/records/{}/form", org.id);
            let form = c.get(&path).await;
            assert_eq!(
                form.status == StatusCode::OK,
                may_edit,
                "{role:?} form of a {v} record"
            );
            if !role.may_see(*v) {
                assert!(
                    !form.body.contains("CANARY"),
                    "{role:?} sees nothing of a {v} record"
                );
            }
            let name = format!("Org CANARY-{v} | en");
            let fields = [
                ("names", name.as_str()),
                ("kind", "ngo"),
                ("visibility", v.as_str()),
            ];
            let r = post_form(&mut c, &path, &dash, &fields).await;
            assert_eq!(
                r.status == StatusCode::SEE_OTHER,
                may_edit,
                "{role:?} saving a {v} record: {}",
                r.status
            );
            if !may_edit {
                assert!(matches!(
                    r.status,
                    StatusCode::FORBIDDEN | StatusCode::NOT_FOUND
                ));
            }
            let r = post_form(
                &mut c,
                "/staff/form/organization",
                &dash,
                &[
                    ("names", "New org"),
                    ("kind", "ngo"),
                    ("visibility", v.as_str()),
                ],
            )
            .await;
            let may_create = can_edit
                && role.may_see(*v)
                && (*v != Visibility::Public || role.can(vigil_domain::Permission::Publish));
            assert_eq!(
                r.status == StatusCode::SEE_OTHER,
                may_create,
                "{role:?} creating a {v} record: {}",
                r.status
            );
        }
        let r = c
            .post(
                "/staff/form/organization",
                &[
                    ("csrf", "forged"),
                    ("names", "X"),
                    ("kind", "ngo"),
                    ("visibility", "internal"),
                ],
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::FORBIDDEN,
            "no form token, nothing written"
        );
    }
}

on_both_engines!(record_forms_follow_the_permission_table);

/// A list imported and published later does not take over the headline: an
/// editor chooses the featured list, the choice is audited, and pages say how
/// much of a list is recorded here and how much is not public.
async fn the_headline_is_an_editors_choice(t: &TestStore) {
    vigil_app::demo::load(&t.store).await.unwrap();
    let list = PrisonerList::new(Visibility::Public, "Test list");
    let people: Vec<Person> = (0..10)
        .map(|n| {
            let v = if n < 7 {
                Visibility::Public
            } else {
                Visibility::Internal
            };
            Person::new(v, Name::primary(format!("Test Person {n}"), Some("en")))
        })
        .collect();
    let mut version = ListVersion::new(
        Visibility::Public,
        list.id,
        "2030-01".parse().unwrap(),
        people.iter().map(|p| ListEntry::new(p.id, None)).collect(),
    );
    version.published_count = Some(10);
    let mut records: Vec<Record> = people.into_iter().map(Record::from).collect();
    records.push(list.clone().into());
    records.push(version.into());
    insert(t, &records).await;

    let mut reader = Client::new(t, WebConfig::default());
    let headline = |body: &str| {
        let at = body.find("<p class=\"headline\">").expect("a headline");
        body[at..at + body[at..].find("</p>").unwrap()].to_owned()
    };
    for page in ["/", "/prisoners"] {
        let h = headline(&reader.get(page).await.body);
        assert!(h.contains("392 political prisoners"), "{page}: {h}");
        assert!(!h.contains("Test list"), "{page}: {h}");
    }
    let on_list = reader.get(&format!("/lists/{}", list.id)).await.body;
    assert!(on_list.contains("7 of 10 shown here"), "{on_list}");
    assert!(on_list.contains("3 more entries of this version are recorded but not public"));
    assert!(!on_list.contains("Test Person 8"));

    let feature = format!("/staff/lists/{}/feature", list.id);
    user(t, "researcher1", Role::Researcher).await;
    let mut researcher = logged_in(t, "researcher1").await;
    let page = researcher.get(&format!("/staff/lists/{}", list.id)).await;
    assert!(
        !page.body.contains(&feature),
        "offered only to who may publish"
    );
    let r = post_form(&mut researcher, &feature, &page, &[]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    user(t, "editor1", Role::Editor).await;
    let mut editor = logged_in(t, "editor1").await;
    let page = editor.get(&format!("/staff/lists/{}", list.id)).await;
    assert!(page.body.contains(&feature));
    let r = post_form(&mut editor, &feature, &page, &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let home = headline(&reader.get("/").await.body);
    assert!(home.contains("10 political prisoners"), "{home}");
    assert!(home.contains("Test list") && home.contains("7 of them recorded here"));
    // One list is featured at a time, and each change is in the audit log.
    let lists: Vec<PrisonerList> = t
        .store
        .list(vigil_domain::RecordKind::PrisonerList)
        .await
        .unwrap()
        .into_iter()
        .filter_map(|r| PrisonerList::try_from(r).ok())
        .collect();
    let featured: Vec<&str> = lists
        .iter()
        .filter(|l| l.featured)
        .map(|l| l.title.as_str())
        .collect();
    assert_eq!(featured, ["Test list"]);
    let demo_list = lists
        .iter()
        .find(|l| l.title == "Political prisoners in Azerbaijan")
        .unwrap();
    let history = audit::history(&t.store, &demo_list.id.to_string())
        .await
        .unwrap();
    assert!(
        history.iter().any(|e| e.actor.contains("editor1")),
        "{history:?}"
    );
    // A list that is not public cannot head the public site.
    let mut hidden = list.clone();
    hidden.id = Id::new();
    hidden.visibility = Visibility::Internal;
    hidden.title = "Internal list".into();
    insert(t, &[hidden.clone().into()]).await;
    let page = editor.get(&format!("/staff/lists/{}", hidden.id)).await;
    assert!(!page.body.contains("/feature\""));
    let csrf_page = editor.get(&format!("/staff/lists/{}", list.id)).await;
    let r = post_form(
        &mut editor,
        &format!("/staff/lists/{}/feature", hidden.id),
        &csrf_page,
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
}

on_both_engines!(the_headline_is_an_editors_choice);
