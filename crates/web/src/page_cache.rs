//! Rendered public pages, kept for the projection they were rendered from.
//!
//! A public page depends only on the public projection it is answered from and the site
//! texts (both held by one kept projection: `projection::Built`, with its own serial
//! number), the reader's language, and the address. A response the handler marks
//! `Cache-Control: public` with status 200 is kept under exactly that key, with its ETag,
//! within a byte budget (pages asked for least leave first); every other response passes
//! through untouched. It sits only on the public pages' routes (`public_pages` in
//! `lib.rs`): staff pages are never looked up or kept. When a new projection is kept
//! (any server changed what readers see, or the day turned) no page of another is served
//! again: the key holds the serial, and the first request answered from a newer one
//! empties the cache.

use std::sync::Mutex;

use axum::body::{Body, Bytes};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::{AppState, Chrome, Lang, WebError, public};

/// The budget of rendered pages when none is configured.
pub const DEFAULT_BUDGET_BYTES: u64 = 32 * 1024 * 1024;
/// A response larger than this (a whole export, a photo) is served, never kept.
const LARGEST_KEPT: usize = 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    /// The serial number of the projection it was rendered from (`projection::Built`).
    serial: u64,
    lang: Lang,
    path: String,
    query: String,
}

#[derive(Clone)]
struct Page {
    headers: HeaderMap,
    body: Bytes,
}

#[derive(Clone)]
struct ByBytes;

impl quick_cache::Weighter<Key, Page> for ByBytes {
    fn weight(&self, key: &Key, page: &Page) -> u64 {
        (key.path.len() + key.query.len() + page.body.len() + 256) as u64
    }
}

pub(crate) struct PageCache {
    /// The newest projection seen, by serial number: meeting a newer one empties `pages`.
    newest: Mutex<Option<u64>>,
    pages: quick_cache::sync::Cache<Key, Page, ByBytes>,
}

impl PageCache {
    pub(crate) fn new(budget_bytes: u64) -> PageCache {
        PageCache {
            newest: Mutex::new(None),
            pages: quick_cache::sync::Cache::with_weighter(1024, budget_bytes.max(1), ByBytes),
        }
    }

    /// A request is answered from projection `serial`: if it is newer than any
    /// before, drop every kept page.
    fn meet(&self, serial: u64) -> Result<(), WebError> {
        let mut newest = self.newest.lock().map_err(|_| WebError::poisoned())?;
        if newest.is_none_or(|n| n < serial) {
            *newest = Some(serial);
            self.pages.clear();
        }
        Ok(())
    }
}

/// The middleware on the public pages: answer a GET from the cache, or render and keep
/// what may be kept.
pub(crate) async fn serve(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if req.method() != Method::GET {
        return next.run(req).await;
    }
    match lookup(&state, req, next).await {
        Ok(res) => res,
        Err(e) => e.into_response(),
    }
}

async fn lookup(state: &AppState, req: Request, next: Next) -> Result<Response, WebError> {
    let serial = public::current(state).await?.serial;
    state.pages.meet(serial)?;
    let (mut parts, body) = req.into_parts();
    let chrome = Chrome::from_request_parts(&mut parts, &()).await;
    let Ok(chrome) = chrome;
    let key = Key {
        serial,
        lang: chrome.i18n.lang,
        query: chrome.query().to_owned(),
        path: chrome.path,
    };
    // One render per page: concurrent requests for it wait for the first.
    let guard = match state.pages.pages.get_value_or_guard_async(&key).await {
        Ok(page) => return Ok(page.into_response()),
        Err(guard) => guard,
    };
    let res = next.run(Request::from_parts(parts, body)).await;
    match keep(res).await {
        Ok(page) => {
            let _ = guard.insert(page.clone());
            Ok(page.into_response())
        }
        Err(res) => Ok(res),
    }
}

/// A public page, read whole and tagged; any other response back unchanged.
async fn keep(res: Response) -> Result<Page, Response> {
    use axum::body::HttpBody;
    let public = res
        .headers()
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("public"));
    let small = res
        .body()
        .size_hint()
        .upper()
        .is_some_and(|n| n <= LARGEST_KEPT as u64);
    if res.status() != StatusCode::OK || !public || !small {
        return Err(res);
    }
    let (parts, body) = res.into_parts();
    let body = match axum::body::to_bytes(body, LARGEST_KEPT).await {
        Ok(body) => body,
        Err(_) => return Err(StatusCode::INTERNAL_SERVER_ERROR.into_response()),
    };
    let mut headers = parts.headers;
    if let Ok(tag) = HeaderValue::from_str(&crate::etag_of(&body)) {
        headers.insert(header::ETAG, tag);
    }
    Ok(Page { headers, body })
}

impl IntoResponse for Page {
    fn into_response(self) -> Response {
        let mut res = Response::new(Body::from(self.body));
        *res.headers_mut() = self.headers;
        res
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(bytes: usize) -> Page {
        Page {
            headers: HeaderMap::new(),
            body: Bytes::from(vec![b'x'; bytes]),
        }
    }

    #[test]
    fn pages_stay_within_the_budget_and_leave_with_their_projection() {
        let budget = 64 * 1024;
        let cache = PageCache::new(budget);
        let serial = 7;
        cache.meet(serial).unwrap();
        for n in 0..1000 {
            let key = Key {
                serial,
                lang: Lang::En,
                path: "/search".into(),
                query: format!("q={n}"),
            };
            cache.pages.insert(key, page(1000));
        }
        assert!(cache.pages.weight() <= budget, "{}", cache.pages.weight());
        assert!(cache.pages.len() > 20, "{} pages kept", cache.pages.len());
        cache.meet(serial).unwrap();
        assert!(
            !cache.pages.is_empty(),
            "the same projection keeps its pages"
        );
        cache.meet(6).unwrap();
        assert!(!cache.pages.is_empty(), "an older one leaves them");
        cache.meet(serial + 1).unwrap();
        assert!(cache.pages.is_empty(), "a new projection empties the cache");
    }
}
