//! The staff workspace on both engines: login, sessions, CSRF, throttling,
//! two-factor, and the authorization matrix (every role × route × visibility).

use std::collections::HashMap;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;
use vigil_app::accounts::{self, LoginPolicy, Password};
use vigil_domain::records::*;
use vigil_domain::{Id, Name, Record, Visibility};
use vigil_storage::testing::TestStore;
use vigil_storage::{Actor, audit, on_both_engines};
use vigil_web::WebConfig;

const PASSWORD: &str = "a long enough passphrase";

struct Client {
    app: Router,
    cookies: HashMap<String, String>,
}

struct Reply {
    status: StatusCode,
    location: String,
    set_cookies: Vec<String>,
    body: String,
}

impl Client {
    fn new(t: &TestStore, config: WebConfig) -> Client {
        Client {
            app: vigil_web::router_with(t.store.clone(), config),
            cookies: HashMap::new(),
        }
    }

    async fn send(&mut self, req: axum::http::request::Builder, body: Body) -> Reply {
        let cookie = self
            .cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ");
        let req = req.header("cookie", cookie).body(body).unwrap();
        let res = self.app.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let location = res
            .headers()
            .get("location")
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default();
        let set_cookies: Vec<String> = res
            .headers()
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect();
        for c in &set_cookies {
            let (kv, _) = c.split_once(';').unwrap_or((c, ""));
            let (k, v) = kv.split_once('=').unwrap();
            if c.contains("Max-Age=0") {
                self.cookies.remove(k);
            } else {
                self.cookies.insert(k.to_owned(), v.to_owned());
            }
        }
        let body = String::from_utf8(res.into_body().collect().await.unwrap().to_bytes().to_vec())
            .unwrap();
        Reply {
            status,
            location,
            set_cookies,
            body,
        }
    }

    async fn get(&mut self, path: &str) -> Reply {
        self.send(Request::get(path), Body::empty()).await
    }

    async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Reply {
        let body = form
            .iter()
            .map(|(k, v)| format!("{k}={}", urlencode(v)))
            .collect::<Vec<_>>()
            .join("&");
        self.send(
            Request::post(path).header("content-type", "application/x-www-form-urlencoded"),
            Body::from(body),
        )
        .await
    }

    /// The CSRF token in the last staff page's forms.
    fn csrf_in(body: &str) -> String {
        body.split("name=\"csrf\" value=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap_or("")
            .to_owned()
    }

    async fn login(&mut self, username: &str, password: &str, totp: &str) -> Reply {
        let page = self.get("/login?next=/staff").await;
        let csrf = Self::csrf_in(&page.body);
        self.post(
            "/login",
            &[
                ("csrf", &csrf),
                ("username", username),
                ("password", password),
                ("totp", totp),
                ("next", "/staff"),
            ],
        )
        .await
    }
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

async fn user(t: &TestStore, name: &str, role: Role) {
    accounts::add_user(
        &t.store,
        &Actor::cli(),
        name,
        role,
        &Password::new(PASSWORD),
    )
    .await
    .unwrap();
}

async fn logged_in(t: &TestStore, name: &str) -> Client {
    let mut c = Client::new(t, WebConfig::default());
    let r = c.login(name, PASSWORD, "").await;
    assert_eq!(
        r.status,
        StatusCode::SEE_OTHER,
        "login of {name}: {}",
        r.body
    );
    c
}

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
            login: LoginPolicy::default(),
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
}

async fn two_factor(t: &TestStore) {
    user(t, "admin1", Role::Admin).await;
    let strict = WebConfig {
        secure_cookies: false,
        login: LoginPolicy {
            require_admin_totp: true,
        },
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
    let staff_routes = ["/staff", "/staff/records?kind=person", "/staff/new/person"];
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
        for (v, id) in &records {
            let allowed = role.may_see(*v);
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
    login_is_throttled,
    two_factor,
    logout_everywhere_ends_every_session,
    authorization_matrix,
    forms_show_errors_and_write_nothing,
);

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
