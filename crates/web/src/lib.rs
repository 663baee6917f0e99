//! # vigil-web
//!
//! The HTTP server. Public pages (`public`) are built only from
//! `vigil-publish`'s projection. Errors are logged here, once, and the client
//! gets a plain message that never carries internal detail.

mod apart;
mod error;
mod files;
mod forms;
mod i18n;
mod ics;
mod import;
mod lists;
mod merge;
mod open_data;
mod page_cache;
mod phrases;
mod projection;
mod public;
mod staff;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
pub use error::{WebError, status_of};
pub use i18n::{I18n, Lang};
use vigil_storage::Store;

/// A search query is read up to this many characters.
pub(crate) const MAX_QUERY_CHARS: usize = 160;

/// `?q=` of the public and the staff search.
#[derive(serde::Deserialize, Default)]
pub(crate) struct SearchParams {
    #[serde(default)]
    q: String,
}

impl SearchParams {
    /// The query, trimmed and cut to [`MAX_QUERY_CHARS`].
    pub(crate) fn query(&self) -> String {
        self.q.trim().chars().take(MAX_QUERY_CHARS).collect()
    }
}

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub config: WebConfig,
    /// The public projection (for every language), with the version it was built for.
    pub(crate) public_cache: Arc<public::Cache>,
    /// Rendered public pages (`page_cache.rs`).
    pub(crate) pages: Arc<page_cache::PageCache>,
    /// The version of the public site this server read last.
    pub(crate) versions: Arc<public::Versions>,
}

/// How the server is deployed.
#[derive(Debug, Clone, Default)]
pub struct WebConfig {
    /// Served over HTTPS (directly or behind a proxy): cookies are `Secure` and HSTS is sent.
    pub secure_cookies: bool,
    pub login: vigil_app::accounts::LoginPolicy,
    /// How much an uploaded list file may hold.
    pub import: vigil_app::import::Limits,
    /// Reverse proxies whose `X-Forwarded-For` names the client (for login
    /// throttling); from any other address the header is ignored.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Days a confirmation of detention stays current (None: the documented
    /// default, `vigil_domain::derived::DEFAULT_CONFIRMATION_DAYS`).
    pub confirmation_days: Option<u32>,
    /// Bytes of rendered public pages to keep (None: `page_cache::DEFAULT_BUDGET_BYTES`).
    pub page_cache_bytes: Option<u64>,
}

/// What every page needs: the reader's language and the page's own address (for the language switch).
#[derive(Debug, Clone)]
pub struct Chrome {
    pub i18n: I18n,
    pub path: String,
    query: String,
}

impl Chrome {
    pub fn languages(&self) -> Vec<(&'static str, &'static str, bool)> {
        Lang::ALL
            .iter()
            .map(|l| (l.code(), l.native(), *l == self.i18n.lang))
            .collect()
    }

    /// This page's query, without the language parameter.
    pub fn query(&self) -> &str {
        &self.query
    }

    /// `?` or `&`, whichever continues this page's address with one more parameter.
    pub fn sep(&self) -> String {
        if self.query.is_empty() {
            "?".into()
        } else {
            format!("?{}&", self.query)
        }
    }
}

pub(crate) fn cookie<'a>(parts: &'a Parts, name: &str) -> Option<&'a str> {
    cookie_in(&parts.headers, name)
}

/// The value of cookie `name` in these request headers.
pub(crate) fn cookie_in<'a>(headers: &'a axum::http::HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn lang_param(query: &str) -> Option<Lang> {
    query
        .split('&')
        .find_map(|kv| kv.strip_prefix("lang="))
        .and_then(Lang::parse)
}

impl<S: Send + Sync> FromRequestParts<S> for Chrome {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or("");
        let lang = lang_param(query)
            .or_else(|| cookie(parts, "lang").and_then(Lang::parse))
            .or_else(|| {
                parts
                    .headers
                    .get(header::ACCEPT_LANGUAGE)
                    .and_then(|v| v.to_str().ok())
                    .and_then(Lang::from_accept_language)
            })
            .unwrap_or(Lang::En);
        let rest: Vec<&str> = query
            .split('&')
            .filter(|kv| !kv.is_empty() && !kv.starts_with("lang="))
            .collect();
        Ok(Chrome {
            i18n: I18n { lang },
            path: parts.uri.path().to_owned(),
            query: rest.join("&"),
        })
    }
}

pub fn router(store: Store) -> Router {
    router_with(store, WebConfig::default())
}

pub fn router_with(store: Store, config: WebConfig) -> Router {
    let secure_cookies = config.secure_cookies;
    let budget = config
        .page_cache_bytes
        .unwrap_or(page_cache::DEFAULT_BUDGET_BYTES);
    let state = AppState {
        store,
        public_cache: Arc::default(),
        pages: Arc::new(page_cache::PageCache::new(budget)),
        versions: Arc::default(),
        config,
    };
    Router::new()
        .route("/login", get(staff::login_page).post(staff::login_submit))
        .route("/logout", axum::routing::post(staff::logout))
        .route(
            "/logout-everywhere",
            axum::routing::post(staff::logout_everywhere),
        )
        .route("/staff", get(staff::dashboard))
        .route("/staff/records", get(staff::records))
        .route("/staff/search", get(staff::search))
        .route("/staff/lists/{id}", get(lists::changes))
        .route(
            "/staff/lists/{id}/feature",
            axum::routing::post(lists::feature),
        )
        .route(
            "/staff/import",
            get(import::upload_page).post(import::upload),
        )
        .route(
            "/staff/files",
            get(files::list)
                .post(files::upload)
                .layer(axum::extract::DefaultBodyLimit::max(files::MAX_UPLOAD_BODY)),
        )
        .route("/staff/files/{id}/original", get(files::original))
        .route("/files/{id}", get(files::public_copy))
        .route("/staff/import/{sha}", get(import::preview))
        .route("/staff/review", get(import::queue))
        .route("/staff/review/{id}", axum::routing::post(import::decide))
        .route(
            "/staff/import/{sha}/apply",
            axum::routing::post(import::apply),
        )
        .route(
            "/staff/records/{id}/merge",
            axum::routing::post(merge::merge),
        )
        .route(
            "/staff/merges/{merge}/undo",
            axum::routing::post(merge::undo),
        )
        .route("/staff/records/{id}", get(staff::record))
        .route(
            "/staff/records/{id}/edit",
            get(staff::edit_form).post(staff::edit_submit),
        )
        .route(
            "/staff/new/{kind}",
            get(staff::new_form).post(staff::new_submit),
        )
        .route(
            "/staff/records/{id}/visibility",
            axum::routing::post(staff::set_visibility),
        )
        .route(
            "/staff/records/{id}/publish",
            get(staff::publish_page).post(staff::publish),
        )
        .route(
            "/staff/records/{id}/sources",
            axum::routing::post(staff::attach_source),
        )
        .route(
            "/staff/form/{kind}",
            get(forms::new_record).post(forms::create_record),
        )
        .route(
            "/staff/records/{id}/form",
            get(forms::edit_record).post(forms::update_record),
        )
        .route(
            "/staff/people/new",
            get(forms::new_person).post(forms::create_person),
        )
        .route(
            "/staff/people/{id}/edit",
            get(forms::edit_person).post(forms::update_person),
        )
        .route("/prisoners.csv", get(open_data::prisoners_csv))
        .route("/prisoners.json", get(open_data::prisoners_json))
        .route("/staff/pick", get(forms::pick))
        .route("/staff/users", get(staff::users).post(staff::add_user))
        .route(
            "/staff/about",
            get(staff::about_form).post(staff::save_about),
        )
        .route("/staff/users/{username}", get(staff::user))
        .route(
            "/staff/users/{username}/{action}",
            axum::routing::post(staff::change_user),
        )
        .route("/static/vigil.css", get(public::stylesheet))
        .route("/static/picker.js", get(public::picker_script))
        .route("/health", get(health))
        .merge(public_pages(&state))
        .fallback(fallback)
        .layer(axum::extract::DefaultBodyLimit::max(8 * 1024 * 1024))
        .layer(axum::middleware::from_fn(etag))
        .layer(axum::middleware::from_fn(error::error_pages))
        .layer(axum::middleware::from_fn(remember_language))
        .layer(axum::middleware::map_response(security_headers))
        .layer(axum::middleware::map_response(
            move |mut res: Response| async move {
                if secure_cookies {
                    res.headers_mut().insert(
                        header::STRICT_TRANSPORT_SECURITY,
                        HeaderValue::from_static("max-age=31536000; includeSubDomains"),
                    );
                }
                res
            },
        ))
        .with_state(state)
}

/// The public site's pages and feeds, rendered from the public projection only and
/// kept for the version they were rendered from (`page_cache.rs`): the cache sits on
/// these routes and no other.
fn public_pages(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/", get(public::index))
        .route("/prisoners", get(public::prisoners))
        .route("/people/{id}", get(public::person))
        .route("/people/{id}/hearings.ics", get(public::person_ics))
        .route("/hearings", get(public::hearings))
        .route("/hearings.ics", get(public::hearings_ics))
        .route("/lists", get(public::lists))
        .route("/lists/{id}", get(public::list))
        .route("/search", get(public::search))
        .route("/about", get(public::about))
        .route("/methodology", get(public::methodology))
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            page_cache::serve,
        ))
}

/// Public responses get an ETag (a hash of their bytes); a request that already holds the
/// same version gets `304 Not Modified` and no body — cheap on slow connections.
async fn etag(req: Request, next: Next) -> Response {
    let held = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let res = next.run(req).await;
    let public = res
        .headers()
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("public"));
    if !public || res.status() != StatusCode::OK {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    // A page from the cache carries the tag it was kept with; a download sent a part at
    // a time (its length unknown until it ends) gets none.
    let whole = {
        use axum::body::HttpBody;
        body.size_hint()
            .upper()
            .is_some_and(|n| n <= 16 * 1024 * 1024)
    };
    let (tag, body) = match parts
        .headers
        .get(header::ETAG)
        .and_then(|v| v.to_str().ok())
    {
        Some(tag) => (tag.to_owned(), body),
        None if !whole => return Response::from_parts(parts, body),
        None => {
            let Ok(bytes) = axum::body::to_bytes(body, 16 * 1024 * 1024).await else {
                return (StatusCode::INTERNAL_SERVER_ERROR, "response too large").into_response();
            };
            let tag = etag_of(&bytes);
            if let Ok(v) = HeaderValue::from_str(&tag) {
                parts.headers.insert(header::ETAG, v);
            }
            (tag, axum::body::Body::from(bytes))
        }
    };
    if held.is_some_and(|h| h.split(',').any(|t| t.trim() == tag)) {
        parts.status = StatusCode::NOT_MODIFIED;
        return Response::from_parts(parts, axum::body::Body::empty());
    }
    Response::from_parts(parts, body)
}

/// A response's ETag: a hash of its bytes.
pub(crate) fn etag_of(bytes: &[u8]) -> String {
    format!("\"{}\"", &vigil_storage::sha256_hex(bytes)[..32])
}

/// `?lang=xx` is remembered in a cookie, so the choice holds on the next page.
async fn remember_language(req: Request, next: Next) -> Response {
    let chosen = req.uri().query().and_then(lang_param);
    let mut res = next.run(req).await;
    if let Some(lang) = chosen {
        let value = format!(
            "lang={}; Path=/; Max-Age=31536000; SameSite=Lax",
            lang.code()
        );
        if let Ok(v) = HeaderValue::from_str(&value) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    res
}

/// The content security policy of every page: no script at all.
const NO_SCRIPTS: &str = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The policy of the staff pages that load Vigil's own script (the record
/// forms' pickers): that script, and requests back to Vigil, and nothing else.
pub(crate) const OWN_SCRIPT: &str = "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

async fn security_headers(mut res: Response) -> Response {
    let h = res.headers_mut();
    // A page that loads Vigil's script says so itself; every other gets none.
    if h.get(header::CONTENT_SECURITY_POLICY)
        .and_then(|v| v.to_str().ok())
        != Some(OWN_SCRIPT)
    {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(NO_SCRIPTS),
        );
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    res
}

async fn health(State(state): State<AppState>) -> Response {
    match state.store.ping().await {
        Ok(()) => (StatusCode::OK, "ok\n").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check: the database does not answer");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "the database does not answer\n",
            )
                .into_response()
        }
    }
}

/// The page for an address with nothing behind it, in the reader's language.
pub(crate) fn not_found() -> Response {
    WebError(vigil_app::AppError::not_found("page")).into_response()
}

async fn fallback() -> Response {
    not_found()
}

/// Serve until `shutdown` resolves.
pub async fn serve(
    store: Store,
    config: WebConfig,
    addr: SocketAddr,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!("serving on http://{}", listener.local_addr()?);
    axum::serve(
        listener,
        router_with(store, config).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}
