//! The public site. Every handler here reads only `vigil_publish::PublicSite`.

use askama::Template;
use axum::extract::{Path, Query, RawQuery, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use vigil_domain::Id;
use vigil_domain::records::CountQualifier;
use vigil_publish::{
    ListDiff, PersonFilter, PublicCitation, PublicHearing, PublicList, PublicPerson, PublicSite,
};

use crate::{AppState, Chrome, WebError, phrases};

pub(crate) fn today() -> jiff::civil::Date {
    jiff::Zoned::now().date()
}

pub(crate) use crate::projection::{Cache, Versions, confirmation_days, current, site};

/// Public pages may be cached by browsers and proxies and are revalidated with their ETag
/// (`crate::etag`): a published change shows at once, an unchanged page costs a 304.
pub(crate) fn public_page(html: String) -> Response {
    (
        [
            (header::CACHE_CONTROL, "public, no-cache"),
            (header::VARY, "Cookie, Accept-Language"),
        ],
        Html(html),
    )
        .into_response()
}

fn headline(c: &Chrome, site: &PublicSite) -> Option<phrases::Headline> {
    site.featured().map(|f| {
        let title = site.local(&f.list.title, c.i18n.lang.code());
        phrases::headline(&c.i18n, &f, title)
    })
}

/// Names of organisations and titles of lists in the page's language,
/// where a public form in it is recorded.
pub(crate) struct Local<'a> {
    site: &'a PublicSite,
    lang: &'static str,
}

impl<'a> Local<'a> {
    fn new(site: &'a PublicSite, c: &Chrome) -> Self {
        Local {
            site,
            lang: c.i18n.lang.code(),
        }
    }

    pub(crate) fn of<'s>(&'s self, text: &'s str) -> &'s str {
        self.site.local(text, self.lang)
    }
}

/// One dated line of a home page section: when, who (linked), what.
pub(crate) struct HomeLine {
    pub(crate) date: String,
    pub(crate) people: Vec<(String, String)>,
    pub(crate) what: String,
}

/// The featured list's id and newest version's date, and who is new on it.
struct NewlyListed {
    list_id: String,
    date: String,
    /// (person id, name)
    names: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "index.html")]
struct IndexPage {
    c: Chrome,
    headline: Option<phrases::Headline>,
    /// Deprived of liberty and confirmed within the period.
    deprived: usize,
    /// Deprived of liberty by the records, last confirmed before the period.
    stale: usize,
    period: u32,
    hearings: Vec<HomeLine>,
    newly_listed: Option<NewlyListed>,
    outcomes: Vec<HomeLine>,
    latest: Vec<HomeLine>,
}

/// A person's id and name, in the page's script where a form in it is public.
fn person_link(i: &crate::I18n, p: &PublicPerson) -> (String, String) {
    (p.id.to_string(), p.name_in(i.lang.script()).to_owned())
}

/// `person_link` for a person named in another record (a hearing, a list entry).
fn named_link(
    i: &crate::I18n,
    site: &PublicSite,
    id: vigil_domain::Id<vigil_domain::records::Person>,
    name: &str,
) -> (String, String) {
    site.person(id)
        .map(|p| person_link(i, p))
        .unwrap_or_else(|| (id.to_string(), name.to_owned()))
}

fn hearing_line(i: &crate::I18n, site: &PublicSite, h: &PublicHearing) -> HomeLine {
    let kind = i.label("hk", h.kind, h.kind.label());
    let court = h.court.as_deref().map(|c| site.local(c, i.lang.code()));
    HomeLine {
        date: h.date.to_string(),
        people: h
            .persons
            .iter()
            .map(|(id, n)| named_link(i, site, *id, n))
            .collect(),
        what: match court {
            Some(court) => format!("{kind}, {court}"),
            None => kind,
        },
    }
}

fn outcome_line(i: &crate::I18n, o: &vigil_publish::Outcome<'_>) -> HomeLine {
    HomeLine {
        date: o.date.to_string(),
        people: vec![person_link(i, o.person)],
        what: phrases::outcome(i, &o.what),
    }
}

fn event_line(
    i: &crate::I18n,
    site: &PublicSite,
    p: &PublicPerson,
    e: &vigil_publish::PublicEvent,
) -> HomeLine {
    HomeLine {
        date: e.date.map(|d| d.to_string()).unwrap_or_default(),
        people: vec![person_link(i, p)],
        what: phrases::event(i, &e.what.localized(site, i.lang.code())),
    }
}

pub(crate) async fn index(State(state): State<AppState>, c: Chrome) -> Result<Response, WebError> {
    let site = site(&state).await?;
    let home = site.home(today());
    let i = &c.i18n;
    let newly_listed = home.featured.as_ref().map(|f| {
        let names = home
            .newly_listed
            .iter()
            .map(|e| named_link(i, &site, e.person, &e.name))
            .collect();
        NewlyListed {
            list_id: f.list.id.to_string(),
            date: f.version.date.to_string(),
            names,
        }
    });
    let held = site.held();
    let page = IndexPage {
        headline: headline(&c, &site),
        deprived: held.confirmed,
        stale: held.stale,
        period: confirmation_days(&state),
        hearings: home
            .coming_hearings
            .iter()
            .map(|h| hearing_line(i, &site, h))
            .collect(),
        newly_listed,
        outcomes: home.outcomes.iter().map(|o| outcome_line(i, o)).collect(),
        latest: home
            .latest
            .iter()
            .map(|(p, e)| event_line(i, &site, p, e))
            .collect(),
        c,
    };
    Ok(public_page(page.render()?))
}

impl PrisonersPage<'_> {
    fn name_of<'p>(&self, p: &'p PublicPerson) -> &'p str {
        p.name_in(self.c.i18n.lang.script())
    }
    fn status_of(&self, p: &PublicPerson) -> String {
        phrases::status(&self.c.i18n, p, true)
    }
    fn days_of(&self, d: &vigil_domain::derived::DetentionDays) -> String {
        phrases::days_short(&self.c.i18n, d)
    }
}

struct FilterField {
    name: &'static str,
    label: String,
    options: Vec<(String, String, bool)>,
}

#[derive(Template)]
#[template(path = "prisoners.html")]
struct PrisonersPage<'a> {
    c: Chrome,
    headline: Option<phrases::Headline>,
    filters: Vec<FilterField>,
    /// All who match; `rows` is the page shown.
    total: usize,
    rows: Vec<&'a PublicPerson>,
    pager: Pager,
    /// The filters as a query string (`?status=…`), for the downloads.
    download_query: String,
}

/// Rows shown on one page of a long list (people, hearings).
const PAGE_SIZE: usize = 100;

/// Where a page stands in a long list.
pub(crate) struct Pager {
    pub(crate) page: usize,
    pub(crate) pages: usize,
    /// Links to the previous and next pages, keeping the other parameters.
    pub(crate) prev: Option<String>,
    pub(crate) next: Option<String>,
}

/// The rows of the page asked for (`?page=N`, clamped to the pages there are).
fn paginate<T: Clone>(c: &Chrome, items: &[T], page: Option<&str>) -> (Vec<T>, Pager) {
    let pages = items.len().div_ceil(PAGE_SIZE).max(1);
    let page = page
        .and_then(|p| p.trim().parse::<usize>().ok())
        .unwrap_or(1)
        .clamp(1, pages);
    let rows = items
        .iter()
        .skip((page - 1) * PAGE_SIZE)
        .take(PAGE_SIZE)
        .cloned()
        .collect();
    (rows, Pager::new(c, page, pages))
}

impl Pager {
    /// Page `page` of `pages`, with links that keep this address's other parameters.
    pub(crate) fn new(c: &Chrome, page: usize, pages: usize) -> Pager {
        Pager {
            page,
            pages,
            prev: (page > 1).then(|| page_link(c, page - 1)),
            next: (page < pages).then(|| page_link(c, page + 1)),
        }
    }
}

fn page_link(c: &Chrome, page: usize) -> String {
    let rest: Vec<&str> = c
        .query()
        .split('&')
        .filter(|kv| !kv.is_empty() && !kv.starts_with("page="))
        .collect();
    let mut q = rest.join("&");
    if !q.is_empty() {
        q.push('&');
    }
    format!("{}?{q}page={page}", c.path)
}

fn field(
    name: &'static str,
    label: String,
    any: &str,
    current: &Option<String>,
    values: impl IntoIterator<Item = (String, String)>,
) -> FilterField {
    let cur = current.as_deref().unwrap_or("");
    let mut options = vec![(String::new(), any.to_owned(), cur.is_empty())];
    options.extend(values.into_iter().map(|(v, l)| {
        let selected = v == cur;
        (v, l, selected)
    }));
    FilterField {
        name,
        label,
        options,
    }
}

/// The filters of a list page as a query string, without the page number.
fn filters_query(raw: Option<String>) -> String {
    let kept: Vec<&str> = raw
        .as_deref()
        .unwrap_or_default()
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("page=") && !p.starts_with("lang="))
        .collect();
    if kept.is_empty() {
        String::new()
    } else {
        format!("?{}", kept.join("&"))
    }
}

pub(crate) async fn prisoners(
    State(state): State<AppState>,
    c: Chrome,
    Query(f): Query<PersonFilter>,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    let site = site(&state).await?;
    let all = site.matching(&f);
    let total = all.len();
    let (rows, pager) = paginate(&c, &all, f.page.as_deref());
    let rows: Vec<&PublicPerson> = rows.into_iter().map(|i| &site.persons[i]).collect();
    let t = |k: &str| c.i18n.t(k);
    let any = t("filter-any");
    let mut status: Vec<(String, String)> = vec![("all".into(), t("status-all"))];
    status.extend(
        vigil_publish::status_keys()
            .into_iter()
            .map(|(k, l, v)| (k.to_owned(), c.i18n.label("ps", v, l))),
    );
    let mut status_field = field(
        "status",
        t("status"),
        &t("status-deprived"),
        &f.status,
        status,
    );
    status_field.options[0].0 = "deprived".into();
    let facets = site.facets();
    let same = |v: &String| (v.clone(), v.clone());
    let filters = vec![
        status_field,
        field(
            "gender",
            t("gender"),
            &any,
            &f.gender,
            facets
                .genders
                .iter()
                .map(|g| (g.label().to_owned(), c.i18n.label("gen", *g, g.label()))),
        ),
        field(
            "occupation",
            t("occupation"),
            &any,
            &f.occupation,
            facets
                .occupations
                .iter()
                .map(|o| (o.label().to_owned(), c.i18n.label("occ", *o, o.label()))),
        ),
        field(
            "facility",
            t("facility"),
            &any,
            &f.facility,
            facets.facilities.iter().map(same),
        ),
        field(
            "charge",
            t("charge"),
            &any,
            &f.charge,
            facets.charges.iter().map(same),
        ),
        field(
            "year",
            t("year-of-arrest"),
            &any,
            &f.year,
            facets.years.iter().map(|y| (y.to_string(), y.to_string())),
        ),
        field(
            "list",
            t("list"),
            &any,
            &f.list,
            site.lists.iter().flat_map(|l| {
                l.versions
                    .iter()
                    .filter(|v| !v.entries.is_empty())
                    .map(move |v| (v.id.to_string(), format!("{} — {}", l.title, v.date)))
            }),
        ),
    ];
    let page = PrisonersPage {
        headline: headline(&c, &site),
        filters,
        total,
        rows,
        pager,
        download_query: filters_query(raw),
        c,
    };
    Ok(public_page(page.render()?))
}

#[derive(Template)]
#[template(path = "person.html")]
struct PersonPage<'a> {
    c: Chrome,
    local: Local<'a>,
    p: &'a PublicPerson,
    sources: Vec<SourceShown>,
    /// (kind, date, line), in the reader's language.
    timeline: Vec<(&'static str, Option<vigil_domain::PartialDate>, String)>,
    /// Per case: the sentence and the international applications, worded.
    case_lines: Vec<(Option<String>, Vec<String>)>,
    recognitions: Vec<String>,
    /// (how they are related, who, their name)
    relations: Vec<(String, Id<vigil_domain::records::Person>, &'a str)>,
}

/// A source as a page lists it: once, with every excerpt cited from it.
pub(crate) struct SourceShown {
    pub(crate) source: PublicCitation,
    pub(crate) excerpts: Vec<String>,
}

/// Citations grouped by the source they cite (title, author, publisher, date,
/// address), so a source cited for the person and for a case shows once.
fn sources_once<'a>(citations: impl Iterator<Item = &'a PublicCitation>) -> Vec<SourceShown> {
    let mut out: Vec<SourceShown> = Vec::new();
    for c in citations {
        let mut source = c.clone();
        let excerpt = source.excerpt.take();
        if source.publisher == source.author {
            source.publisher = None;
        }
        let at = match out.iter().position(|s| s.source == source) {
            Some(at) => at,
            None => {
                out.push(SourceShown {
                    source,
                    excerpts: vec![],
                });
                out.len() - 1
            }
        };
        if let Some(x) = excerpt.filter(|x| !out[at].excerpts.contains(x)) {
            out[at].excerpts.push(x);
        }
    }
    out
}

impl PersonPage<'_> {
    /// The name in the page's script, when a form in it is recorded.
    fn heading(&self) -> &str {
        self.p.name_in(self.c.i18n.lang.script())
    }
    fn also_written(&self) -> Vec<&str> {
        self.p.also_written(self.heading())
    }
    fn status_line(&self) -> String {
        phrases::status(&self.c.i18n, self.p, false)
    }
    fn days_line(&self, d: &vigil_domain::derived::DetentionDays) -> String {
        phrases::days(&self.c.i18n, d)
    }
    /// "sources disagree; also given as …" beside the arrest date, if they do.
    fn arrest_disputed(&self) -> Option<String> {
        phrases::disagree(&self.c.i18n, &self.p.arrest_date_disputed)
    }
}

pub(crate) async fn person(
    State(state): State<AppState>,
    c: Chrome,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let site = site(&state).await?;
    let Some(p) = id.parse::<Id<_>>().ok().and_then(|id| site.person(id)) else {
        return Ok(crate::not_found());
    };
    let sources = sources_once(
        p.sources
            .iter()
            .chain(p.cases.iter().flat_map(|k| &k.sources)),
    );
    let i = &c.i18n;
    let page = PersonPage {
        local: Local::new(&site, &c),
        timeline: p
            .timeline
            .iter()
            .map(|e| {
                let what = e.what.localized(&site, i.lang.code());
                (e.kind(), e.date, phrases::event(i, &what))
            })
            .collect(),
        case_lines: p
            .cases
            .iter()
            .map(|k| {
                (
                    k.sentence.as_ref().map(|s| phrases::sentence(i, s)),
                    k.international
                        .iter()
                        .map(|a| phrases::application(i, a))
                        .collect(),
                )
            })
            .collect(),
        recognitions: p
            .recognitions
            .iter()
            .map(|r| phrases::recognition_dated(i, r))
            .collect(),
        relations: p
            .relations
            .iter()
            .map(|r| {
                let name = site
                    .person(r.person)
                    .map_or(r.name.as_str(), |o| o.name_in(i.lang.script()));
                (phrases::relation(i, r), r.person, name)
            })
            .collect(),
        p,
        sources,
        c,
    };
    Ok(public_page(page.render()?))
}

#[derive(Template)]
#[template(path = "hearings.html")]
struct HearingsPage<'a> {
    c: Chrome,
    local: Local<'a>,
    /// This page's part of the upcoming hearings (soonest first), then of the past ones (latest first).
    sections: Vec<(String, Vec<&'a PublicHearing>)>,
    pager: Pager,
}

pub(crate) async fn hearings(
    State(state): State<AppState>,
    c: Chrome,
    Query(q): Query<std::collections::HashMap<String, String>>,
) -> Result<Response, WebError> {
    let site = site(&state).await?;
    let today = today();
    let upcoming = site.hearings.iter().filter(|h| h.date >= today);
    let past = site.hearings.iter().rev().filter(|h| h.date < today);
    let all: Vec<(bool, &PublicHearing)> = upcoming
        .map(|h| (true, h))
        .chain(past.map(|h| (false, h)))
        .collect();
    let (rows, pager) = paginate(&c, &all, q.get("page").map(String::as_str));
    let part = |upcoming: bool| -> Vec<&PublicHearing> {
        rows.iter()
            .filter(|(u, _)| *u == upcoming)
            .map(|(_, h)| *h)
            .collect()
    };
    let (soon, before) = (part(true), part(false));
    let mut sections = Vec::new();
    // The first page always says whether anything is coming up.
    if pager.page == 1 || !soon.is_empty() {
        sections.push((c.i18n.t("hearings-upcoming"), soon));
    }
    if pager.page == pager.pages || !before.is_empty() {
        sections.push((c.i18n.t("hearings-past"), before));
    }
    let page = HearingsPage {
        local: Local::new(&site, &c),
        sections,
        pager,
        c,
    };
    Ok(public_page(page.render()?))
}

pub(crate) async fn hearings_ics(State(state): State<AppState>) -> Result<Response, WebError> {
    let site = site(&state).await?;
    Ok(crate::ics::calendar(
        "Vigil — hearings",
        site.calendar_hearings(today()),
    ))
}

pub(crate) async fn person_ics(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let site = site(&state).await?;
    let Some(p) = id.parse::<Id<_>>().ok().and_then(|id| site.person(id)) else {
        return Ok(crate::not_found());
    };
    let name = format!("Vigil — hearings of {}", p.name);
    Ok(crate::ics::calendar(
        &name,
        site.hearings
            .iter()
            .filter(|h| h.persons.iter().any(|(pid, _)| *pid == p.id)),
    ))
}

#[derive(Template)]
#[template(path = "lists.html")]
struct ListsPage<'a> {
    c: Chrome,
    local: Local<'a>,
    lists: &'a [PublicList],
}

pub(crate) async fn lists(State(state): State<AppState>, c: Chrome) -> Result<Response, WebError> {
    let site = site(&state).await?;
    let page = ListsPage {
        local: Local::new(&site, &c),
        lists: &site.lists,
        c,
    };
    Ok(public_page(page.render()?))
}

#[derive(Template)]
#[template(path = "list.html")]
struct ListPage<'a> {
    c: Chrome,
    local: Local<'a>,
    l: &'a PublicList,
    bars: Vec<(String, usize)>,
    max: usize,
    /// (from, to, diff, count before, count after)
    diffs: Vec<(String, String, ListDiff, usize, usize)>,
}

pub(crate) async fn list(
    State(state): State<AppState>,
    c: Chrome,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let site = site(&state).await?;
    let Some(l) = site.lists.iter().find(|l| l.id.to_string() == id) else {
        return Ok(crate::not_found());
    };
    let bars: Vec<(String, usize)> = l
        .versions
        .iter()
        .map(|v| (v.date.to_string(), v.headline()))
        .collect();
    let max = bars.iter().map(|b| b.1).max().unwrap_or(1).max(1);
    let diffs = l
        .versions
        .windows(2)
        .rev()
        .map(|w| {
            (
                w[0].date.to_string(),
                w[1].date.to_string(),
                vigil_publish::diff(&w[0], &w[1]),
                w[0].headline(),
                w[1].headline(),
            )
        })
        .collect();
    let page = ListPage {
        local: Local::new(&site, &c),
        l,
        bars,
        max,
        diffs,
        c,
    };
    Ok(public_page(page.render()?))
}

#[derive(Template)]
#[template(path = "text.html")]
pub(crate) struct TextPage {
    pub c: Chrome,
    pub title: String,
    pub paragraphs: Vec<String>,
}

/// Results shown for one search, at most.
const SEARCH_RESULTS: usize = 50;

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    c: Chrome,
    q: String,
    hits: Vec<vigil_publish::PublicHit>,
}

/// `/search`: people found by what their public pages show, in any script.
pub(crate) async fn search(
    State(state): State<AppState>,
    c: Chrome,
    Query(params): Query<crate::SearchParams>,
) -> Result<Response, WebError> {
    let q = params.query();
    let hits = if q.is_empty() {
        Vec::new()
    } else {
        site(&state).await?.search(&q, SEARCH_RESULTS)
    };
    Ok(public_page(SearchPage { c, q, hits }.render()?))
}

#[derive(Template)]
#[template(path = "about.html")]
struct AboutPage {
    c: Chrome,
    /// (heading, language of the text, its paragraphs)
    parts: Vec<(String, String, Vec<String>)>,
}

/// A written text's paragraphs: split at blank lines, lines of one paragraph joined.
pub(crate) fn paragraphs(text: &str) -> Vec<String> {
    text.replace("\r\n", "\n")
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

/// `GET /about`: who keeps the list and how to reach them, as the
/// administrators wrote it (in English where not written in the reader's language).
pub(crate) async fn about(State(state): State<AppState>, c: Chrome) -> Result<Response, WebError> {
    let parts = vigil_publish::texts::about(&state.store, c.i18n.lang.code())
        .await?
        .into_iter()
        .map(|t| (c.i18n.t(t.name), t.language, paragraphs(&t.text)))
        .collect();
    let page = AboutPage { parts, c };
    Ok(public_page(page.render()?))
}

pub(crate) async fn methodology(
    State(state): State<AppState>,
    c: Chrome,
) -> Result<Response, WebError> {
    let period = confirmation_days(&state).to_string();
    let page = TextPage {
        title: c.i18n.t("methodology-title"),
        paragraphs: vec![
            c.i18n.t("methodology-text"),
            c.i18n.t("methodology-days"),
            c.i18n.with("methodology-status", &[("days", period)]),
        ],
        c,
    };
    Ok(public_page(page.render()?))
}

/// The script that lets the staff forms' pickers search as one types
/// (served to anyone: it holds no data; only staff pages load it).
pub(crate) async fn picker_script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        include_str!("../static/picker.js"),
    )
        .into_response()
}

pub(crate) async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        include_str!("../static/vigil.css"),
    )
        .into_response()
}
