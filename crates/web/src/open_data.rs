//! The public list as open data, CSV and JSON, sent a part at a time: a download holds
//! the projection it was made from and the places of the persons it lists, and writes
//! each part of 500 persons only when the reader is ready for it, so a list of a hundred
//! thousand people never sits whole in memory, however many download it at once.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use vigil_publish::{PersonFilter, PublicPerson, PublicSite, export};

use crate::{AppState, WebError, public};

/// Persons written to one part.
const PART: usize = 500;

/// Writes the persons of one part; `first` for the first part of the download.
type WritePart = fn(&[&PublicPerson], bool) -> Result<String, String>;

/// The parts of one download, written as they are read.
struct Parts {
    site: Arc<PublicSite>,
    /// Places in `site.persons` of the persons listed, in order.
    at: Arc<[usize]>,
    start: Option<String>,
    write: WritePart,
    /// The next part to write.
    part: usize,
    end: Option<&'static str>,
}

impl Iterator for Parts {
    type Item = Result<Bytes, std::io::Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(start) = self.start.take() {
            return Some(Ok(Bytes::from(start)));
        }
        // Even an empty list has a first part (the CSV's header row).
        if self.part < self.at.len().div_ceil(PART).max(1) {
            let k = self.part;
            self.part += 1;
            let places =
                &self.at[(k * PART).min(self.at.len())..((k + 1) * PART).min(self.at.len())];
            let persons: Vec<&PublicPerson> =
                places.iter().map(|&i| &self.site.persons[i]).collect();
            let part = (self.write)(&persons, k == 0).map_err(|e| {
                tracing::error!(error = %e, "writing a part of the open data failed");
                std::io::Error::other("writing the open data failed")
            });
            return Some(part.map(Bytes::from));
        }
        self.end
            .take()
            .map(|end| Ok(Bytes::from_static(end.as_bytes())))
    }
}

/// An open-data download: its type, how a browser saves it, five minutes in caches.
fn download(content_type: &'static str, disposition: &'static str, parts: Parts) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        Body::from_stream(futures_util::stream::iter(parts)),
    )
        .into_response()
}

impl Parts {
    /// The people the filters let through, in the projection now public.
    async fn listed(
        state: &AppState,
        f: &PersonFilter,
        write: WritePart,
    ) -> Result<Parts, WebError> {
        let site = public::site(state).await?;
        let at = site.matching(f);
        Ok(Parts {
            site,
            at,
            start: None,
            write,
            part: 0,
            end: None,
        })
    }
}

/// The list as the filters narrow it, as CSV (every cell formula-safe).
pub(crate) async fn prisoners_csv(
    State(state): State<AppState>,
    Query(f): Query<PersonFilter>,
) -> Result<Response, WebError> {
    let parts = Parts::listed(&state, &f, |persons, first| {
        export::csv_part(persons, first).map_err(|e| e.to_string())
    })
    .await?;
    Ok(download(
        "text/csv; charset=utf-8",
        "attachment; filename=\"political-prisoners.csv\"",
        parts,
    ))
}

/// The list as the filters narrow it, as JSON.
pub(crate) async fn prisoners_json(
    State(state): State<AppState>,
    Query(f): Query<PersonFilter>,
) -> Result<Response, WebError> {
    let mut parts = Parts::listed(&state, &f, |persons, first| {
        export::json_part(persons, first).map_err(|e| e.to_string())
    })
    .await?;
    parts.start = Some(export::json_start(parts.at.len()));
    parts.end = Some(export::JSON_END);
    Ok(download("application/json", "inline", parts))
}
