//! What the web tests share: a client that keeps cookies, and staff accounts.
#![allow(dead_code)]

use std::collections::HashMap;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;
use vigil_app::accounts::{self, Password};
use vigil_domain::records::Role;
use vigil_storage::Actor;
use vigil_storage::testing::TestStore;
use vigil_web::WebConfig;

pub const PASSWORD: &str = "a long enough passphrase";

pub struct Client {
    pub app: Router,
    pub cookies: HashMap<String, String>,
    /// The connecting address the server sees (none: no connection info).
    pub peer: Option<std::net::SocketAddr>,
    /// An `X-Forwarded-For` header sent with every request.
    pub forwarded_for: Option<String>,
}

pub struct Reply {
    pub status: StatusCode,
    pub location: String,
    pub set_cookies: Vec<String>,
    pub headers: axum::http::HeaderMap,
    /// The body as text (lossy for a binary body; `bytes` holds it exactly).
    pub body: String,
    pub bytes: Vec<u8>,
}

impl Client {
    pub fn new(t: &TestStore, config: WebConfig) -> Client {
        Client {
            app: vigil_web::router_with(t.store.clone(), config),
            cookies: HashMap::new(),
            peer: None,
            forwarded_for: None,
        }
    }

    pub async fn send(&mut self, req: axum::http::request::Builder, body: Body) -> Reply {
        let cookie = self
            .cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ");
        let mut req = req.header("cookie", cookie);
        if let Some(x) = &self.forwarded_for {
            req = req.header("x-forwarded-for", x);
        }
        let mut req = req.body(body).unwrap();
        if let Some(peer) = self.peer {
            req.extensions_mut()
                .insert(axum::extract::ConnectInfo(peer));
        }
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
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.unwrap().to_bytes().to_vec();
        Reply {
            status,
            location,
            set_cookies,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            bytes,
        }
    }

    pub async fn get(&mut self, path: &str) -> Reply {
        self.send(Request::get(path), Body::empty()).await
    }

    pub async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Reply {
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

    /// A `multipart/form-data` post: text fields, then a file.
    pub async fn post_file(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        file: (&str, &[u8]),
    ) -> Reply {
        let boundary = "vigil-test-boundary-7d3f";
        let mut body: Vec<u8> = Vec::new();
        for (k, v) in fields {
            body.extend(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
                )
                .as_bytes(),
            );
        }
        body.extend(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{}\"\r\nContent-Type: application/octet-stream\r\n\r\n",
                file.0
            )
            .as_bytes(),
        );
        body.extend(file.1);
        body.extend(format!("\r\n--{boundary}--\r\n").as_bytes());
        self.send(
            Request::post(path).header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            ),
            Body::from(body),
        )
        .await
    }

    /// The CSRF token in the last staff page's forms.
    pub fn csrf_in(body: &str) -> String {
        body.split("name=\"csrf\" value=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap_or("")
            .to_owned()
    }

    pub async fn login(&mut self, username: &str, password: &str, totp: &str) -> Reply {
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

pub fn urlencode(s: &str) -> String {
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

pub async fn user(t: &TestStore, name: &str, role: Role) {
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

pub async fn logged_in(t: &TestStore, name: &str) -> Client {
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

/// Every `href="/…"` on a page.
pub fn links(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .filter(|h| h.starts_with('/') && !h.starts_with("//"))
        .map(|h| h.replace("&amp;", "&").replace("&#38;", "&"))
        .collect()
}

/// Write `records` straight to the store, as the command line would.
pub async fn insert(t: &TestStore, records: &[vigil_domain::Record]) {
    let mut tx = t.store.begin().await.unwrap();
    for r in records {
        tx.insert(&Actor::cli(), r).await.unwrap();
    }
    tx.commit().await.unwrap();
}

/// Post `fields` with the form token from `page`.
pub async fn post_form(c: &mut Client, path: &str, page: &Reply, fields: &[(&str, &str)]) -> Reply {
    let csrf = Client::csrf_in(&page.body);
    let mut form = vec![("csrf", csrf.as_str())];
    form.extend_from_slice(fields);
    c.post(path, &form).await
}
