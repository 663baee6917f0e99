//! # vigil-web
//!
//! The HTTP server. Public pages are built only from `vigil-publish`'s
//! projection. Errors are logged here, once, and the client gets a plain
//! message that never carries internal detail.

use std::net::SocketAddr;

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use vigil_publish::PublicListVersion;
use vigil_storage::Store;

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
}

/// The one error type handlers return: logged in full, answered in brief.
pub struct WebError(Box<dyn std::error::Error + Send + Sync>);

impl<E: std::error::Error + Send + Sync + 'static> From<E> for WebError {
    fn from(e: E) -> Self {
        WebError(Box::new(e))
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        tracing::error!(error = %self.0, "request failed");
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            "Something went wrong on our side. Please try again later.",
        )
            .into_response()
    }
}

pub fn router(store: Store) -> Router {
    Router::new()
        .route("/", get(index))
        .route("/health", get(health))
        .layer(axum::middleware::map_response(security_headers))
        .with_state(AppState { store })
}

async fn security_headers(mut res: Response) -> Response {
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
    );
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

#[derive(Template)]
#[template(path = "index.html")]
struct IndexPage {
    latest: Option<PublicListVersion>,
    versions: Vec<PublicListVersion>,
    counts: Vec<(&'static str, i64)>,
}

async fn index(State(state): State<AppState>) -> Result<Html<String>, WebError> {
    let summary = vigil_publish::summary(&state.store).await?;
    let page = IndexPage {
        latest: summary.list_versions.first().cloned(),
        versions: summary.list_versions,
        counts: summary
            .counts
            .into_iter()
            .filter(|(k, _)| *k != vigil_domain::RecordKind::User)
            .map(|(k, n)| (k.plural(), n))
            .collect(),
    };
    Ok(Html(page.render()?))
}

/// Serve until `shutdown` resolves.
pub async fn serve(
    store: Store,
    addr: SocketAddr,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!("serving on http://{}", listener.local_addr()?);
    axum::serve(listener, router(store))
        .with_graceful_shutdown(shutdown)
        .await
}
