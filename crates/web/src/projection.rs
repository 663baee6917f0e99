//! Which public projection answers readers now, and when a new one is built.
//!
//! One projection (for every language) is kept with the public version it
//! was built for. When the version moves, what changed since
//! (`Store::public_changes`) decides:
//! - only site texts, or records the projection never showed and that are
//!   not public now: it is kept as the new version's;
//! - persons it shows withdrawn or deleted: a copy without them
//!   ([`PublicSite::without`]) is kept, in a fraction of a build;
//! - persons published, or edited while shown, or a record shown only on
//!   the pages of the persons it names (a case, a detention, a hearing…)
//!   published for the first time, or edited naming the same records (its
//!   content only: a hearing's outcome, a release date): a copy with those persons projected
//!   again from their own records ([`PublicSite::restated`]) is kept,
//!   before the reader who asked is answered;
//! - anything else published, or anything else it shows edited, withdrawn
//!   or deleted: readers wait for a new build.
//!
//! Either way nothing withdrawn is served after its commit, and whoever
//! published sees it on the next page. (Serving the old projection during
//! the build after a publication was tried: the documenter who had just
//! published found the person missing.)
//!
//! Each projection kept gets a serial number of its own: the key of the pages
//! rendered from it (`page_cache`), so no page of one is served for another.

use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use vigil_domain::records::Person;
use vigil_domain::{AnyId, Id, RecordKind, Visibility};
use vigil_publish::{ABOUT_PERSONS, PublicSite, Restatement};
use vigil_storage::{PublicChanges, PublicPart};

use crate::{AppState, WebError};

/// The public version (`Store::public_version`: any change readers see, made by
/// any server, moves it) and the day (days in detention count on).
pub(crate) type Version = (i64, jiff::civil::Date);

/// How long a server answers from the version it last read before reading it again.
/// Its own writes show at once (`Store::commits`); another server's within this time.
const RECHECK_AFTER: std::time::Duration = std::time::Duration::from_millis(200);

/// Changes since the kept projection's version looked through at most to
/// decide whether it may still be served; past them, readers wait for a build.
const CHANGES_LOOKED_AT: usize = 1000;

/// Persons projected again at most in place of a build: a bound on the
/// reads one copy makes (a guess, not measured; the soak projects one or a
/// few at a time), past which a build reads everything once instead.
const MOST_RESTATED: usize = 200;

/// The version this server read last: when, and its count of commits then.
#[derive(Default)]
pub(crate) struct Versions(Mutex<Option<(std::time::Instant, u64, Version)>>);

impl Versions {
    fn fresh(&self, commits: u64, day: jiff::civil::Date) -> Result<Option<Version>, WebError> {
        let seen = self.0.lock().map_err(|_| WebError::poisoned())?;
        Ok((*seen)
            .filter(|(at, c, v)| *c == commits && v.1 == day && at.elapsed() < RECHECK_AFTER)
            .map(|(_, _, v)| v))
    }

    fn remember(&self, commits: u64, version: Version) -> Result<(), WebError> {
        let mut seen = self.0.lock().map_err(|_| WebError::poisoned())?;
        // Two requests read at once: the older answer never replaces the newer.
        if (*seen).is_none_or(|(_, c, v)| (c, v) <= (commits, version)) {
            *seen = Some((std::time::Instant::now(), commits, version));
        }
        Ok(())
    }
}

pub(crate) async fn version(state: &AppState) -> Result<Version, WebError> {
    // Counted before reading, so a commit in between makes the next request read again.
    let commits = state.store.commits();
    let day = crate::public::today();
    if let Some(version) = state.versions.fresh(commits, day)? {
        return Ok(version);
    }
    let version = (state.store.public_version().await?, day);
    state.versions.remember(commits, version)?;
    Ok(version)
}

/// Whether `a` is `b` or later: a later day, or the same day and a version as new.
fn at_least(a: Version, b: Version) -> bool {
    (a.1, a.0) >= (b.1, b.0)
}

/// A projection kept: the version it holds, its serial number, and itself.
#[derive(Clone)]
pub(crate) struct Built {
    pub(crate) version: Version,
    pub(crate) serial: u64,
    pub(crate) site: Arc<PublicSite>,
}

#[derive(Default)]
pub(crate) struct Cache {
    built: Mutex<Option<Built>>,
    serials: AtomicU64,
    /// One full build at a time: others that need it wait for that one.
    building: tokio::sync::Mutex<()>,
    /// One decision at a time on whether the kept projection still holds.
    deciding: tokio::sync::Mutex<()>,
}

/// What the changes since the kept projection's version mean for it.
enum Plan {
    /// Something it shows changed: build anew, readers wait.
    Wait,
    /// It holds, once without the persons `gone` and with the persons
    /// `again` projected again.
    Serve {
        gone: HashSet<Id<Person>>,
        again: HashSet<Id<Person>>,
    },
}

impl Cache {
    fn built(&self) -> Result<Option<Built>, WebError> {
        Ok(self.built.lock().map_err(|_| WebError::poisoned())?.clone())
    }

    /// Keep `site`, built for `version`, unless what is kept is as new.
    fn keep_build(
        &self,
        version: Version,
        site: Arc<PublicSite>,
    ) -> Result<Option<Built>, WebError> {
        let mut built = self.built.lock().map_err(|_| WebError::poisoned())?;
        if built.as_ref().is_some_and(|b| at_least(b.version, version)) {
            return Ok(None);
        }
        Ok(Some(self.put(&mut built, version, site)))
    }

    /// Keep `site`, made from `from` (the kept projection, unless replaced
    /// meanwhile), as the projection of `version`.
    fn keep_copy(
        &self,
        from: &Built,
        version: Version,
        site: Arc<PublicSite>,
    ) -> Result<Option<Built>, WebError> {
        let mut built = self.built.lock().map_err(|_| WebError::poisoned())?;
        if built.as_ref().is_none_or(|b| b.serial != from.serial) {
            return Ok(None);
        }
        Ok(Some(self.put(&mut built, version, site)))
    }

    fn put(&self, built: &mut Option<Built>, version: Version, site: Arc<PublicSite>) -> Built {
        let serial = self.serials.fetch_add(1, Ordering::Relaxed) + 1;
        let kept = Built {
            version,
            serial,
            site,
        };
        *built = Some(kept.clone());
        kept
    }

    /// The kept projection, or one made from it without what was withdrawn,
    /// when it may answer readers at `version` (see the module's text).
    async fn still_true(
        &self,
        state: &AppState,
        version: Version,
    ) -> Result<Option<Built>, WebError> {
        let _one = self.deciding.lock().await;
        let Some(built) = self.built()? else {
            return Ok(None);
        };
        if built.version == version {
            return Ok(Some(built));
        }
        if built.version.1 != version.1 || built.version.0 > version.0 {
            return Ok(None);
        }
        let changes = (state.store)
            .public_changes(built.version.0, version.0, CHANGES_LOOKED_AT)
            .await?;
        let Plan::Serve { gone, again } = plan(state, &built.site, &changes).await? else {
            return Ok(None);
        };
        let mut site = built.site.clone();
        if !gone.is_empty() {
            site = blocking(move || site.without(&gone)).await?;
        }
        if !again.is_empty() {
            let read = Restatement::read(&state.store, &again).await?;
            let reckoning = reckoning(state, version);
            site = blocking(move || site.restated(read, reckoning)).await?;
        }
        self.keep_copy(&built, version, site)
    }
}

/// What the changes since `site` was built mean for it. Each record changed
/// is looked up: its kind and whether it is public now.
async fn plan(
    state: &AppState,
    site: &PublicSite,
    changes: &PublicChanges,
) -> Result<Plan, WebError> {
    let ids: Vec<AnyId> = (changes.parts.iter())
        .filter_map(|p| match p {
            PublicPart::Record(id) => Some(*id),
            _ => None,
        })
        .collect();
    if changes.parts.contains(&PublicPart::Many) {
        return Ok(Plan::Wait);
    }
    let now = state.store.records_now(&ids).await?;
    let (mut gone, mut again) = (HashSet::new(), HashSet::new());
    let mut about_persons = Vec::new();
    for id in ids {
        let shown_before = changes.shown.contains(&PublicPart::Record(id));
        let person = Id::<Person>::from_uuid(id.0);
        let in_site = site.person(person).is_some();
        let now = now.get(&id);
        let public_now = now.map(|r| r.visibility == Visibility::Public);
        match (now.map(|r| r.kind), in_site, public_now) {
            // A person it shows, withdrawn or deleted: copied without them.
            (Some(RecordKind::Person) | None, true, Some(false) | None) => {
                gone.insert(person);
            }
            // A person published, or one it shows edited: projected again.
            (Some(RecordKind::Person), _, Some(true)) => {
                again.insert(person);
            }
            // A person it does not show, not public after all.
            (Some(RecordKind::Person), false, Some(false)) => {}
            // Shown only on the pages of the persons it names, published for
            // the first time or edited naming the same records: they are
            // projected again.
            (Some(kind), _, Some(true))
                if ABOUT_PERSONS.contains(&kind)
                    && (!shown_before || changes.kept.contains(&PublicPart::Record(id))) =>
            {
                about_persons.push(id);
            }
            // Anything else it may show, changed, or anything published.
            _ if shown_before || public_now == Some(true) => return Ok(Plan::Wait),
            // Anything else, published and withdrawn again.
            _ => {}
        }
    }
    if !about_persons.is_empty() {
        let named = vigil_publish::persons_named(&state.store, &about_persons).await?;
        if named.is_empty() {
            return Ok(Plan::Wait);
        }
        again.extend(named);
    }
    if again.len() > MOST_RESTATED {
        return Ok(Plan::Wait);
    }
    Ok(Plan::Serve { gone, again })
}

/// Run `work` (computing only, for up to seconds) on a thread kept for blocking work.
async fn blocking(
    work: impl FnOnce() -> PublicSite + Send + 'static,
) -> Result<Arc<PublicSite>, WebError> {
    let site = tokio::task::spawn_blocking(work)
        .await
        .map_err(|_| panicked())?;
    Ok(Arc::new(site))
}

/// How days in detention are counted at `version`: on its day, with this site's period.
fn reckoning(state: &AppState, version: Version) -> vigil_domain::derived::Reckoning {
    vigil_domain::derived::Reckoning {
        today: version.1,
        confirmation_days: confirmation_days(state),
    }
}

fn panicked() -> WebError {
    WebError(vigil_app::AppError::internal(
        "building the public projection failed",
        "projection build panicked",
    ))
}

/// The projection public pages are answered from now, its version and
/// serial number (the key of the pages rendered from it: `page_cache`).
pub(crate) async fn current(state: &AppState) -> Result<Built, WebError> {
    let version = version(state).await?;
    let cache = &state.public_cache;
    if let Some(built) = cache.built()?.filter(|b| b.version == version) {
        return Ok(built);
    }
    if let Some(served) = cache.still_true(state, version).await? {
        return Ok(served);
    }
    build_for(state, version).await
}

pub(crate) async fn site(state: &AppState) -> Result<Arc<PublicSite>, WebError> {
    Ok(current(state).await?.site)
}

/// The projection of `version`: one build at a time, none when it (or a
/// newer one) was kept while this one waited.
async fn build_for(state: &AppState, version: Version) -> Result<Built, WebError> {
    let cache = &state.public_cache;
    let _building = cache.building.lock().await;
    if let Some(built) = cache.built()?
        && at_least(built.version, version)
    {
        return Ok(built);
    }
    let site = build(state, reckoning(state, version)).await?;
    match cache.keep_build(version, site)? {
        Some(kept) => Ok(kept),
        None => cache.built()?.ok_or_else(panicked),
    }
}

/// Read the public records, then project them on a thread kept for
/// blocking work: the seconds a build computes at 100,000 persons do not
/// hold one of the threads every other request (even `/health`) runs on.
async fn build(
    state: &AppState,
    reckoning: vigil_domain::derived::Reckoning,
) -> Result<Arc<PublicSite>, WebError> {
    let records = vigil_publish::PublicRecords::read(&state.store).await?;
    blocking(move || PublicSite::build(records, reckoning)).await
}

/// Days a confirmation of detention stays current on this site.
pub(crate) fn confirmation_days(state: &AppState) -> u32 {
    state
        .config
        .confirmation_days
        .unwrap_or(vigil_domain::derived::DEFAULT_CONFIRMATION_DAYS)
}
