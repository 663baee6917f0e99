//! Staff accounts managed on the web by an administrator: add, change a
//! role, reset a password, enrol two-factor, sign out everywhere, set a
//! time zone; each audited as the administrator, each refused to anyone
//! else, and times on staff pages to the second in the reader's zone.

use axum::http::StatusCode;
use vigil_domain::records::Role;
use vigil_storage::on_both_engines;
use vigil_storage::testing::TestStore;

use crate::common::*;

const NEW_PASSWORD: &str = "another long passphrase";

/// Post to `/staff/users/{user}/{what}` with the form token from `page`.
async fn change(
    c: &mut Client,
    user: &str,
    what: &str,
    page: &Reply,
    fields: &[(&str, &str)],
) -> Reply {
    post_form(c, &format!("/staff/users/{user}/{what}"), page, fields).await
}

async fn administrators_manage_accounts_on_the_web(t: &TestStore) {
    user(t, "admin1", Role::Admin).await;
    user(t, "editor1", Role::Editor).await;

    // Only an administrator.
    let mut ed = logged_in(t, "editor1").await;
    let page = ed.get("/staff").await;
    assert!(!page.body.contains("href=\"/staff/users\""));
    assert_eq!(ed.get("/staff/users").await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        ed.get("/staff/users/admin1").await.status,
        StatusCode::FORBIDDEN
    );
    let r = post_form(
        &mut ed,
        "/staff/users/admin1/role",
        &page,
        &[("role", "viewer")],
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = post_form(
        &mut ed,
        "/staff/users",
        &page,
        &[
            ("username", "sneaky"),
            ("role", "admin"),
            ("password", PASSWORD),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let mut anonymous = Client::new(t, vigil_web::WebConfig::default());
    assert_eq!(
        anonymous.get("/staff/users").await.status,
        StatusCode::SEE_OTHER
    );

    let mut ad = logged_in(t, "admin1").await;
    let list = ad.get("/staff/users").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("href=\"/staff/users/editor1\"") && list.body.contains(">editor<"));

    // Adding: a short password or a taken name is refused, nothing added.
    for (name, password) in [
        ("newcomer", "short"),
        ("editor1", PASSWORD),
        ("Bad Name", PASSWORD),
    ] {
        let r = post_form(
            &mut ad,
            "/staff/users",
            &list,
            &[
                ("username", name),
                ("role", "researcher"),
                ("password", password),
            ],
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        assert!(r.body.contains("id=\"user-error\""));
    }
    assert!(
        vigil_app::accounts::find_user(&t.store, "newcomer")
            .await
            .unwrap()
            .is_none()
    );
    let r = post_form(
        &mut ad,
        "/staff/users",
        &list,
        &[
            ("username", "newcomer"),
            ("role", "researcher"),
            ("password", PASSWORD),
        ],
    )
    .await;
    assert_eq!(
        (r.status, r.location.as_str()),
        (StatusCode::SEE_OTHER, "/staff/users/newcomer")
    );
    let mut nc = logged_in(t, "newcomer").await;
    let page = ad.get("/staff/users/newcomer").await;
    assert!(
        page.body.contains("<dd id=\"sessions\">1 ("),
        "{}",
        page.body
    );

    // A new role ends their sessions.
    let r = change(&mut ad, "newcomer", "role", &page, &[("role", "editor")]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("id=\"user-notice\"") && r.body.contains("<dd>editor</dd>"));
    assert_eq!(
        nc.get("/staff").await.status,
        StatusCode::SEE_OTHER,
        "signed out"
    );
    let r = change(&mut ad, "newcomer", "role", &page, &[("role", "king")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);

    // A reset password: the old one no longer opens, the new one does.
    let r = change(
        &mut ad,
        "newcomer",
        "password",
        &page,
        &[("password", "short")],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = change(
        &mut ad,
        "newcomer",
        "password",
        &page,
        &[("password", NEW_PASSWORD)],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    let mut nc = Client::new(t, vigil_web::WebConfig::default());
    assert_ne!(
        nc.login("newcomer", PASSWORD, "").await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        nc.login("newcomer", NEW_PASSWORD, "").await.status,
        StatusCode::SEE_OTHER
    );

    // Signing out everywhere.
    let r = change(&mut ad, "newcomer", "sign-out", &page, &[]).await;
    assert!(r.body.contains("<dd id=\"sessions\">0</dd>"), "{}", r.body);
    assert_eq!(nc.get("/staff").await.status, StatusCode::SEE_OTHER);

    // Two-factor: the enrolment address is shown once; logging in then needs a code.
    let r = change(&mut ad, "newcomer", "two-factor", &page, &[]).await;
    assert!(
        r.body.contains("otpauth://totp/") && r.body.contains("<dd id=\"two-factor\">yes</dd>")
    );
    let again = ad.get("/staff/users/newcomer").await;
    assert!(!again.body.contains("otpauth://"), "shown once");
    let mut nc = Client::new(t, vigil_web::WebConfig::default());
    assert_ne!(
        nc.login("newcomer", NEW_PASSWORD, "").await.status,
        StatusCode::SEE_OTHER
    );

    // The last administrator keeps the role.
    let r = change(&mut ad, "admin1", "role", &page, &[("role", "viewer")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("last administrator"));

    // A time zone: the reader's times are to the second in it.
    let r = change(
        &mut ad,
        "admin1",
        "time-zone",
        &page,
        &[("time_zone", "Mars/Base")],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = change(
        &mut ad,
        "admin1",
        "time-zone",
        &page,
        &[("time_zone", "Asia/Baku")],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let mut ad = logged_in(t, "admin1").await;
    let dash = ad.get("/staff").await;
    assert!(dash.body.contains("+04:00 (Asia/Baku)"), "{}", dash.body);

    // Every change is audited as the administrator.
    let audit = vigil_storage::audit::recent(&t.store, 200).await.unwrap();
    for action in [
        "permission-change",
        "set-password",
        "totp-enrol",
        "logout-everywhere",
    ] {
        assert!(
            audit
                .iter()
                .any(|e| e.action == action && e.actor.contains("admin1")),
            "{action} audited"
        );
    }
    // Nobody unknown: 404.
    assert_eq!(
        ad.get("/staff/users/nobody").await.status,
        StatusCode::NOT_FOUND
    );
}

on_both_engines!(administrators_manage_accounts_on_the_web);

/// The About page's texts are written by an administrator in three
/// languages; a reader sees their language's, or the English one marked as
/// English; hostile text is refused and nothing is written.
async fn administrators_write_the_about_page(t: &TestStore) {
    user(t, "admin1", Role::Admin).await;
    user(t, "editor1", Role::Editor).await;
    let mut ed = logged_in(t, "editor1").await;
    let page = ed.get("/staff").await;
    assert_eq!(ed.get("/staff/about").await.status, StatusCode::FORBIDDEN);
    let r = post_form(
        &mut ed,
        "/staff/about",
        &page,
        &[("about-keepers.en", "Hijacked")],
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    let mut ad = logged_in(t, "admin1").await;
    let form = ad.get("/staff/about").await;
    assert_eq!(form.status, StatusCode::OK);
    for bad in ["Bell \u{7} here".to_owned(), "x".repeat(20_001)] {
        let r = post_form(
            &mut ad,
            "/staff/about",
            &form,
            &[("about-keepers.en", &bad)],
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let mut reader = Client::new(t, vigil_web::WebConfig::default());
    assert!(
        !reader
            .get("/about")
            .await
            .body
            .contains("Who keeps this list")
    );
    let r = post_form(
        &mut ad,
        "/staff/about",
        &form,
        &[
            (
                "about-keepers.en",
                "The Prisoners' Committee.\n\nVolunteers in Baku and abroad.",
            ),
            ("about-keepers.ru", "Комитет политзаключённых."),
            (
                "about-contact.en",
                "Use Signal; never e-mail from a work account.",
            ),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("id=\"about-notice\""));
    let en = reader.get("/about").await.body;
    assert!(en.contains("<h2>Who keeps this list</h2>"));
    assert!(
        en.contains("<p>The Prisoners&#39; Committee.</p><p>Volunteers in Baku and abroad.</p>"),
        "{en}"
    );
    assert!(en.contains("Use Signal"));
    let ru = reader.get("/about?lang=ru").await.body;
    assert!(
        ru.contains("<div lang=\"ru\"><p>Комитет политзаключённых.</p>"),
        "{ru}"
    );
    assert!(
        ru.contains("<div lang=\"en\"><p>Use Signal"),
        "English where not translated: {ru}"
    );
    let audit = vigil_storage::audit::recent(&t.store, 50).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.action == "site-text" && e.actor.contains("admin1"))
    );
}

on_both_engines!(administrators_write_the_about_page);
