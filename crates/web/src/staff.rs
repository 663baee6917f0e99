//! The staff workspace: login, sessions, dashboard, records, history.
//!
//! Every handler takes [`RequireStaff`], which exists only for a valid
//! session; an anonymous request is sent to the login page and sees no data.
//! What a member of staff sees is cut to their role with
//! `vigil_domain::permissions::redact`.

use std::collections::HashMap;
use std::net::SocketAddr;

use askama::Template;
use axum::extract::{ConnectInfo, Form, FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use base64::Engine as _;
use vigil_app::accounts::{self, LoginError, Password, Staff};
use vigil_domain::derived;
use vigil_domain::permissions::redact;
use vigil_domain::records::*;
use vigil_domain::{AnyId, Permission, Record, RecordKind, Visibility};
use vigil_storage::audit::{self, Entry};

use crate::{AppState, Chrome, WebError, cookie};

pub(crate) const SESSION_COOKIE: &str = "vigil_session";
const LOGIN_COOKIE: &str = "vigil_login";

/// The client's address, for login throttling ("local" when there is none, as in tests).
pub struct ClientAddr(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientAddr(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|ConnectInfo(a)| a.ip().to_string())
                .unwrap_or_else(|| "local".into()),
        ))
    }
}

/// A valid staff session, or a redirect to the login page.
pub struct RequireStaff(pub Staff);

impl FromRequestParts<AppState> for RequireStaff {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = cookie(parts, SESSION_COOKIE).unwrap_or("").to_owned();
        match accounts::session(&state.store, &token).await {
            Ok(Some(staff)) => Ok(RequireStaff(staff)),
            Ok(None) => {
                let next = parts
                    .uri
                    .path_and_query()
                    .map(|p| p.as_str())
                    .unwrap_or("/staff");
                Err(Redirect::to(&format!("/login?next={}", encode(next))).into_response())
            }
            Err(e) => Err(WebError::from(e).into_response()),
        }
    }
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"/-_.".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn random_token() -> String {
    let mut b = [0u8; 32];
    rand::RngCore::fill_bytes(&mut rand::rng(), &mut b);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b)
}

fn set_cookie(res: &mut Response, value: String) {
    if let Ok(v) = HeaderValue::from_str(&value) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
}

pub(crate) fn forbidden(what: &str) -> Response {
    (
        StatusCode::FORBIDDEN,
        format!("Your role may not {what}.\n"),
    )
        .into_response()
}

/// A `multipart/form-data` form as read: its text fields (each cut to 400
/// characters), its `file` field with the name the browser gave, and
/// whether the body was cut short (too large, broken off).
pub(crate) struct Upload {
    pub fields: HashMap<String, String>,
    pub file: Option<(Vec<u8>, Option<String>)>,
    pub broken: bool,
}

pub(crate) async fn read_upload(multipart: &mut axum::extract::Multipart) -> Upload {
    let mut up = Upload {
        fields: HashMap::new(),
        file: None,
        broken: false,
    };
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(_) => {
                up.broken = true;
                break;
            }
        };
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        match field.bytes().await {
            Ok(bytes) if name == "file" => up.file = Some((bytes.to_vec(), file_name)),
            Ok(bytes) => {
                let text = String::from_utf8_lossy(&bytes).chars().take(400).collect();
                up.fields.insert(name, text);
            }
            Err(_) => {
                up.broken = true;
                break;
            }
        }
    }
    up
}

/// `None` when the form carries this session's token; else the refusal to send.
pub(crate) fn csrf_refusal(staff: &Staff, form: &HashMap<String, String>) -> Option<Response> {
    let sent = form.get("csrf").map(String::as_str).unwrap_or("");
    (!accounts::same_token(sent, &staff.csrf)).then(|| {
        (
            StatusCode::FORBIDDEN,
            "The form has expired. Go back, reload the page and try again.
",
        )
            .into_response()
    })
}

/// The refusal to send for a state-changing form: a missing or wrong form
/// token, or a role without `permission` (worded as "may not {what}").
pub(crate) fn refuse_change(
    staff: &Staff,
    form: &HashMap<String, String>,
    permission: Permission,
    what: &str,
) -> Option<Response> {
    csrf_refusal(staff, form).or_else(|| (!staff.can(permission)).then(|| forbidden(what)))
}

/// Only addresses inside the staff workspace are followed after login.
fn safe_next(next: &str) -> &str {
    if next.starts_with("/staff") && !next.starts_with("//") && !next.contains('\\') {
        next
    } else {
        "/staff"
    }
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    c: Chrome,
    csrf: String,
    next: String,
    error: Option<String>,
}

fn login_page_response(
    c: Chrome,
    next: &str,
    error: Option<String>,
    status: StatusCode,
    secure: bool,
) -> Response {
    let csrf = random_token();
    let page = LoginPage {
        c,
        csrf: csrf.clone(),
        next: next.to_owned(),
        error,
    };
    match page.render() {
        Ok(html) => {
            let mut res =
                (status, [(header::CACHE_CONTROL, "no-store")], Html(html)).into_response();
            let secure = if secure { "; Secure" } else { "" };
            set_cookie(
                &mut res,
                format!("{LOGIN_COOKIE}={csrf}; Path=/login; HttpOnly; SameSite=Strict{secure}"),
            );
            res
        }
        Err(e) => WebError::from(e).into_response(),
    }
}

#[derive(serde::Deserialize)]
pub(crate) struct NextQuery {
    #[serde(default)]
    next: String,
}

pub(crate) async fn login_page(
    State(state): State<AppState>,
    c: Chrome,
    Query(q): Query<NextQuery>,
) -> Response {
    login_page_response(
        c,
        safe_next(&q.next),
        None,
        StatusCode::OK,
        state.config.secure_cookies,
    )
}

pub(crate) async fn login_submit(
    State(state): State<AppState>,
    c: Chrome,
    ClientAddr(client): ClientAddr,
    parts: axum::http::HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let get = |k: &str| form.get(k).map(String::as_str).unwrap_or("");
    let next = safe_next(get("next")).to_owned();
    let secure = state.config.secure_cookies;
    let cookie_csrf = crate::cookie_in(&parts, LOGIN_COOKIE)
        .unwrap_or_default()
        .to_owned();
    if cookie_csrf.is_empty() || !accounts::same_token(&cookie_csrf, get("csrf")) {
        return login_page_response(
            c.clone(),
            &next,
            Some(c.i18n.t("form-expired")),
            StatusCode::FORBIDDEN,
            secure,
        );
    }
    let totp = Some(get("totp")).filter(|s| !s.is_empty());
    match accounts::login(
        &state.store,
        state.config.login,
        get("username"),
        &Password::new(get("password")),
        totp,
        &client,
    )
    .await
    {
        Ok((_, token)) => {
            let mut res = Redirect::to(&next).into_response();
            let secure = if secure { "; Secure" } else { "" };
            set_cookie(
                &mut res,
                format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict{secure}"),
            );
            set_cookie(
                &mut res,
                format!(
                    "{LOGIN_COOKIE}=; Path=/login; Max-Age=0; HttpOnly; SameSite=Strict{secure}"
                ),
            );
            res
        }
        Err(LoginError::App(e)) => WebError::from(e).into_response(),
        Err(e) => {
            let status = match e {
                LoginError::Throttled => StatusCode::TOO_MANY_REQUESTS,
                _ => StatusCode::UNAUTHORIZED,
            };
            let message = match e {
                LoginError::Wrong => c.i18n.t("login-wrong"),
                LoginError::Throttled => c.i18n.t("login-throttled"),
                LoginError::TotpNeeded => c.i18n.t("login-totp-needed"),
                LoginError::TotpRequired => c.i18n.t("login-totp-required"),
                LoginError::Disabled => c.i18n.t("login-disabled"),
                LoginError::App(_) => unreachable!("handled above"),
            };
            login_page_response(c, &next, Some(message), status, secure)
        }
    }
}

fn clear_session(res: &mut Response, secure: bool) {
    let secure = if secure { "; Secure" } else { "" };
    set_cookie(
        res,
        format!("{SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict{secure}"),
    );
}

pub(crate) async fn logout(
    state: State<AppState>,
    staff: RequireStaff,
    form: Form<HashMap<String, String>>,
) -> Response {
    end_sessions(state, staff, form, false).await
}

pub(crate) async fn logout_everywhere(
    state: State<AppState>,
    staff: RequireStaff,
    form: Form<HashMap<String, String>>,
) -> Response {
    end_sessions(state, staff, form, true).await
}

/// Sign out of this session, or (`everywhere`) of every session of the user.
async fn end_sessions(
    State(state): State<AppState>,
    RequireStaff(s): RequireStaff,
    Form(form): Form<HashMap<String, String>>,
    everywhere: bool,
) -> Response {
    if let Some(r) = csrf_refusal(&s, &form) {
        return r;
    }
    let ended = if everywhere {
        accounts::logout_everywhere(&state.store, &s).await
    } else {
        accounts::logout(&state.store, &s).await
    };
    if let Err(e) = ended {
        return WebError::from(e).into_response();
    }
    let mut res = Redirect::to("/").into_response();
    clear_session(&mut res, state.config.secure_cookies);
    res
}

pub(crate) fn staff_page(html: String) -> Response {
    ([(header::CACHE_CONTROL, "no-store")], Html(html)).into_response()
}

fn typed<T: TryFrom<Record>>(records: Vec<Record>) -> Vec<T> {
    records
        .into_iter()
        .filter_map(|r| T::try_from(r).ok())
        .collect()
}

/// Every record of `kind` this staff member may see.
async fn visible(state: &AppState, s: &Staff, kind: RecordKind) -> Result<Vec<Record>, WebError> {
    Ok(state
        .store
        .list(kind)
        .await?
        .into_iter()
        .filter(|r| s.may_see(r.visibility()))
        .collect())
}

#[derive(Template)]
#[template(path = "staff_dashboard.html")]
struct Dashboard {
    c: Chrome,
    s: Staff,
    hearings: Vec<(AnyId, String, String, String, String)>,
    complaints: Vec<(AnyId, String, String, String)>,
    recent: Vec<Entry>,
}

/// Complaints with no proof of delivery after this many days are flagged.
const PROOF_DAYS: i64 = 14;

pub(crate) async fn dashboard(
    State(state): State<AppState>,
    c: Chrome,
    RequireStaff(s): RequireStaff,
) -> Result<Response, WebError> {
    let today = jiff::Zoned::now().date();
    let cases: HashMap<_, _> = typed::<Case>(visible(&state, &s, RecordKind::Case).await?)
        .into_iter()
        .map(|k| (k.id, k.title))
        .collect();
    let mut hearings: Vec<Hearing> = typed(visible(&state, &s, RecordKind::Hearing).await?);
    hearings.retain(|h| h.date >= today);
    hearings.sort_by_key(|h| (h.date, h.time));
    let hearings = hearings
        .iter()
        .take(50)
        .map(|h| {
            (
                h.id.erase(),
                format!(
                    "{}{}",
                    h.date,
                    h.time
                        .map(|t| format!(" {}", t.strftime("%H:%M")))
                        .unwrap_or_default()
                ),
                cases.get(&h.case).cloned().unwrap_or_default(),
                h.status.label().to_owned(),
                h.visibility.to_string(),
            )
        })
        .collect();
    let complaints = typed::<Complaint>(visible(&state, &s, RecordKind::Complaint).await?)
        .into_iter()
        .filter_map(|k| {
            let st = derived::complaint_state(&k, today, PROOF_DAYS);
            let mut flags = vec![];
            if st.no_proof_of_delivery {
                flags.push(c.i18n.t("flag-no-proof"));
            }
            if st.overdue {
                flags.push(c.i18n.t("flag-overdue"));
            }
            (!flags.is_empty()).then(|| {
                (
                    k.id.erase(),
                    k.subject,
                    k.submitted_on.map(|d| d.to_string()).unwrap_or_default(),
                    flags.join(", "),
                )
            })
        })
        .collect();
    let recent = audit::recent(&state.store, 25).await?;
    let page = Dashboard {
        c,
        s,
        hearings,
        complaints,
        recent,
    };
    Ok(staff_page(page.render()?))
}

#[derive(serde::Deserialize, Default)]
pub(crate) struct RecordsQuery {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    visibility: String,
    #[serde(default)]
    q: String,
    #[serde(default)]
    sort: String,
}

#[derive(Template)]
#[template(path = "staff_records.html")]
struct RecordsPage {
    c: Chrome,
    s: Staff,
    kind: String,
    kinds: Vec<(&'static str, bool)>,
    visibilities: Vec<(&'static str, bool)>,
    sorts: Vec<(&'static str, String, bool)>,
    q: String,
    can_edit: bool,
    /// The kind has a form (besides the JSON editor).
    has_form: bool,
    rows: Vec<(AnyId, String, String)>,
}

fn redacted_json(record: &Record, s: &Staff) -> serde_json::Value {
    let mut v = serde_json::to_value(record).unwrap_or_default();
    redact(&mut v, s.role().max_visibility());
    v
}

pub(crate) async fn records(
    State(state): State<AppState>,
    c: Chrome,
    RequireStaff(s): RequireStaff,
    Query(q): Query<RecordsQuery>,
) -> Result<Response, WebError> {
    let kind = RecordKind::parse(&q.kind).unwrap_or(RecordKind::Person);
    let needle = q.q.trim().to_lowercase();
    let mut rows: Vec<(AnyId, String, String)> = visible(&state, &s, kind)
        .await?
        .into_iter()
        .filter(|r| q.visibility.is_empty() || r.visibility().as_str() == q.visibility)
        .filter(|r| {
            needle.is_empty()
                || redacted_json(r, &s)
                    .to_string()
                    .to_lowercase()
                    .contains(&needle)
        })
        .map(|r| (r.id(), redacted_label(&r, &s), r.visibility().to_string()))
        .collect();
    match q.sort.as_str() {
        "newest" => rows.sort_by_key(|r| std::cmp::Reverse(r.0)),
        "oldest" => rows.sort_by_key(|r| r.0),
        _ => rows.sort_by_key(|r| r.1.to_lowercase()),
    }
    let page = RecordsPage {
        kinds: RecordKind::ALL
            .iter()
            .map(|k| (k.as_str(), *k == kind))
            .collect(),
        visibilities: Visibility::ALL
            .iter()
            .filter(|v| s.may_see(**v))
            .map(|v| (v.as_str(), v.as_str() == q.visibility))
            .collect(),
        sorts: vec![
            (
                "name",
                c.i18n.t("name"),
                q.sort.is_empty() || q.sort == "name",
            ),
            ("newest", c.i18n.t("sort-newest"), q.sort == "newest"),
            ("oldest", c.i18n.t("sort-oldest"), q.sort == "oldest"),
        ],
        kind: kind.as_str().to_owned(),
        q: q.q.chars().take(200).collect(),
        can_edit: s.can(Permission::Edit),
        has_form: crate::forms::has_form(kind),
        rows,
        c,
        s,
    };
    Ok(staff_page(page.render()?))
}

/// One row of the staff search: the record, its label, where the text was found, the text.
pub(crate) struct SearchRow {
    id: AnyId,
    kind: &'static str,
    label: String,
    field: String,
    form: String,
    score: String,
}

#[derive(Template)]
#[template(path = "staff_search.html")]
struct SearchPage {
    c: Chrome,
    s: Staff,
    q: String,
    rows: Vec<SearchRow>,
}

/// `/staff/search`: every record whose names or texts answer the query, as far
/// as the role may see them; the matched text comes from the index, which
/// holds nothing above the role's clearance for the rows it returns.
pub(crate) async fn search(
    State(state): State<AppState>,
    c: Chrome,
    RequireStaff(s): RequireStaff,
    Query(params): Query<crate::SearchParams>,
) -> Result<Response, WebError> {
    let q = params.query();
    let allowed = s.user.role.max_visibility();
    let mut rows = Vec::new();
    if !q.is_empty() {
        for h in state.store.search(&q, allowed, 50).await? {
            // The record as the role sees it (the index may lag a record
            // whose visibility has just been narrowed by another server).
            let Some(r) = state.store.get(h.id).await? else {
                continue;
            };
            if !s.may_see(r.visibility()) {
                continue;
            }
            rows.push(SearchRow {
                id: h.id,
                kind: h.kind.as_str(),
                label: redacted_label(&r, &s),
                field: h.field,
                form: h.form,
                score: format!("{:.2}", h.score),
            });
        }
    }
    Ok(staff_page(SearchPage { c, s, q, rows }.render()?))
}

/// A label that shows no name or title the role may not see.
pub(crate) fn redacted_label(r: &Record, s: &Staff) -> String {
    if let Ok(v) = serde_json::from_value::<Record>(redacted_json(r, s)) {
        let l = v.label();
        if !l.is_empty() {
            return l;
        }
    }
    format!("{} {}", r.kind(), r.id())
}

pub(crate) async fn find_visible(
    state: &AppState,
    s: &Staff,
    id: &str,
) -> Result<Option<Record>, WebError> {
    let Ok(id) = id.parse::<AnyId>() else {
        return Ok(None);
    };
    Ok(state
        .store
        .get(id)
        .await?
        .filter(|r| s.may_see(r.visibility())))
}

#[derive(Template)]
#[template(path = "staff_record.html")]
struct RecordPage {
    c: Chrome,
    s: Staff,
    id: AnyId,
    kind: String,
    label: String,
    visibility: String,
    can_edit: bool,
    json: String,
    /// The form that edits this record, where it has one.
    edit_link: Option<String>,
    /// Forms for records that point at this one: (href, kind).
    add_links: Vec<(String, String)>,
    timeline: Vec<(String, String, String, AnyId)>,
    referrers: Vec<(AnyId, String, String)>,
    history: Vec<Entry>,
    /// Visibilities this role may set, the record's own selected.
    visibilities: Vec<(&'static str, bool)>,
    /// Sources this role may cite.
    sources: Vec<(AnyId, String)>,
    error: Option<String>,
    status: StatusCode,
    /// For a list or a list version: the page of the list's versions and changes.
    changes_link: Option<String>,
    /// Whether this role may merge another person into this one.
    may_merge: bool,
    /// Merges into this person not undone: (merge, when, who, the person absorbed).
    merges: Vec<(String, String, String, AnyId)>,
}

fn event_date(r: &Record) -> Option<String> {
    match r {
        Record::Case(c) => c
            .opened
            .or(c.verdict.as_ref().and_then(|v| v.date))
            .map(|d| d.to_string()),
        Record::Hearing(h) => Some(h.date.to_string()),
        Record::DetentionEpisode(d) => d.start.map(|d| d.to_string()),
        Record::WelfareReport(w) => w.date.map(|d| d.to_string()),
        Record::Incident(i) => i.date.map(|d| d.to_string()),
        Record::Complaint(c) => c.submitted_on.map(|d| d.to_string()),
        Record::Recognition(r) => r.date.map(|d| d.to_string()),
        Record::ListVersion(v) => Some(v.date.to_string()),
        Record::Relationship(r) => r.start.map(|d| d.to_string()),
        Record::MediaItem(m) => m.date.map(|d| d.to_string()),
        _ => None,
    }
}

pub(crate) async fn record(
    State(state): State<AppState>,
    c: Chrome,
    RequireStaff(s): RequireStaff,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    render_record(&state, c, s, &id, None).await
}

async fn render_record(
    state: &AppState,
    c: Chrome,
    s: Staff,
    id: &str,
    error: Option<String>,
) -> Result<Response, WebError> {
    let state = state.clone();
    let id = id.to_owned();
    let Some(r) = find_visible(&state, &s, &id).await? else {
        return Ok(crate::not_found(c));
    };
    let mut referrers = vec![];
    let mut timeline = vec![];
    for (rid, field) in state.store.referrers(r.id()).await? {
        let Some(other) = state
            .store
            .get(rid)
            .await?
            .filter(|o| s.may_see(o.visibility()))
        else {
            continue;
        };
        if r.kind() == RecordKind::Person {
            if let Some(d) = event_date(&other) {
                timeline.push((
                    d,
                    other.kind().to_string(),
                    redacted_label(&other, &s),
                    other.id(),
                ));
            }
            // Hearings hang off the person's cases.
            if let Record::Case(case) = &other {
                for (hid, _) in state.store.referrers(case.id.erase()).await? {
                    if let Some(h @ Record::Hearing(_)) = state
                        .store
                        .get(hid)
                        .await?
                        .filter(|o| s.may_see(o.visibility()))
                    {
                        timeline.push((
                            event_date(&h).unwrap_or_default(),
                            h.kind().to_string(),
                            redacted_label(&h, &s),
                            h.id(),
                        ));
                    }
                }
            }
        }
        referrers.push((rid, field, redacted_label(&other, &s)));
    }
    timeline.sort();
    let history = audit::history(&state.store, &r.id().to_string()).await?;
    let may_merge = r.kind() == RecordKind::Person && s.can(Permission::Merge);
    let merges = if may_merge {
        state
            .store
            .merges_into(r.id())
            .await?
            .into_iter()
            .filter(|m| m.undone_at.is_none())
            .map(|m| (m.id, m.at, m.actor, m.absorbed))
            .collect()
    } else {
        Vec::new()
    };
    let changes_link = match &r {
        Record::PrisonerList(l) => Some(format!("/staff/lists/{}", l.id)),
        Record::ListVersion(v) => Some(format!("/staff/lists/{}", v.list)),
        _ => None,
    };
    let page = RecordPage {
        changes_link,
        may_merge,
        merges,
        id: r.id(),
        kind: r.kind().to_string(),
        label: redacted_label(&r, &s),
        visibility: r.visibility().to_string(),
        can_edit: s.can(Permission::Edit)
            && (r.visibility() != Visibility::Public || s.can(Permission::Publish)),
        json: serde_json::to_string_pretty(&redacted_json(&r, &s)).unwrap_or_default(),
        edit_link: crate::forms::edit_link(&r),
        add_links: if s.can(Permission::Edit) {
            crate::forms::add_links(&r, &c.i18n)
        } else {
            Vec::new()
        },
        timeline,
        referrers,
        history,
        visibilities: Visibility::ALL
            .iter()
            .filter(|v| s.may_see(**v) && (**v != Visibility::Public || s.can(Permission::Publish)))
            .map(|v| (v.as_str(), *v == r.visibility()))
            .collect(),
        sources: visible(&state, &s, RecordKind::Source)
            .await?
            .iter()
            .map(|x| (x.id(), redacted_label(x, &s)))
            .collect(),
        status: if error.is_some() {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::OK
        },
        error,
        c,
        s,
    };
    let status = page.status;
    Ok((status, staff_page(page.render()?)).into_response())
}

/// Change a record with `change` applied to its JSON, as this staff member; `Err` carries the message to show.
async fn change_json(
    state: &AppState,
    s: &Staff,
    id: &str,
    change: impl FnOnce(&mut serde_json::Value) -> Result<(), String>,
) -> Result<Result<(), String>, WebError> {
    let Some(old) = find_visible(state, s, id).await? else {
        return Ok(Err("not found".into()));
    };
    let mut v = serde_json::to_value(&old)?;
    if let Err(e) = change(&mut v) {
        return Ok(Err(e));
    }
    let new: Record = match serde_json::from_value(v) {
        Ok(r) => r,
        Err(e) => return Ok(Err(e.to_string())),
    };
    let public = old.visibility() == Visibility::Public || new.visibility() == Visibility::Public;
    if !s.can(Permission::Edit)
        || (public && !s.can(Permission::Publish))
        || !s.may_see(new.visibility())
    {
        return Ok(Err("forbidden".into()));
    }
    let mut tx = state.store.begin().await?;
    match tx.update(&s.actor(), &new).await {
        Ok(_) => {}
        Err(e @ vigil_storage::StorageError::Rule(_)) => return Ok(Err(e.to_string())),
        Err(e) => return Err(e.into()),
    }
    match tx.commit().await {
        Ok(()) => Ok(Ok(())),
        Err(e @ vigil_storage::StorageError::DanglingReference { .. }) => Ok(Err(e.to_string())),
        Err(e) => Err(e.into()),
    }
}

fn outcome(result: Result<(), String>, id: &str) -> Option<Response> {
    match result {
        Ok(()) => Some(Redirect::to(&format!("/staff/records/{id}")).into_response()),
        Err(e) if e == "forbidden" => Some(forbidden("make this change")),
        Err(e) if e == "not found" => Some((StatusCode::NOT_FOUND, "Not found\n").into_response()),
        Err(_) => None,
    }
}

/// Publish, withdraw, or change a record's visibility.
pub(crate) async fn set_visibility(
    State(state): State<AppState>,
    c: Chrome,
    RequireStaff(s): RequireStaff,
    Path(id): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    if let Some(r) = csrf_refusal(&s, &form) {
        return Ok(r);
    }
    let Some(v) = form.get("visibility").and_then(|v| Visibility::parse(v)) else {
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            "Choose public, internal or confidential.\n",
        )
            .into_response());
    };
    let result = change_json(&state, &s, &id, |json| {
        json["visibility"] = serde_json::Value::String(v.as_str().to_owned());
        Ok(())
    })
    .await?;
    match outcome(result.clone(), &id) {
        Some(r) => Ok(r),
        None => render_record(&state, c, s, &id, result.err()).await,
    }
}

/// Cite a source, with an excerpt, for a record or one of its fields.
pub(crate) async fn attach_source(
    State(state): State<AppState>,
    c: Chrome,
    RequireStaff(s): RequireStaff,
    Path(id): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    if let Some(r) = csrf_refusal(&s, &form) {
        return Ok(r);
    }
    let get = |k: &str| {
        form.get(k)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    let source_ok = match get("source") {
        Some(sid) => find_visible(&state, &s, &sid)
            .await?
            .is_some_and(|r| r.kind() == RecordKind::Source),
        None => false,
    };
    if !source_ok {
        return render_record(&state, c.clone(), s, &id, Some(c.i18n.t("source-missing"))).await;
    }
    let link = serde_json::json!({
        "source": get("source"),
        "excerpt": get("excerpt"),
        "field": get("field"),
        "visibility": get("visibility").unwrap_or_else(|| "internal".into()),
    });
    let result = change_json(&state, &s, &id, |json| {
        match json.get_mut("sources").and_then(|v| v.as_array_mut()) {
            Some(list) => list.push(link),
            None => json["sources"] = serde_json::Value::Array(vec![link]),
        }
        Ok(())
    })
    .await?;
    match outcome(result.clone(), &id) {
        Some(r) => Ok(r),
        None => render_record(&state, c, s, &id, result.err()).await,
    }
}

#[derive(Template)]
#[template(path = "staff_edit.html")]
struct EditPage {
    c: Chrome,
    s: Staff,
    title: String,
    action: String,
    body: String,
    error: Option<String>,
}

/// A starting point for a new record of `kind`.
fn skeleton(kind: RecordKind) -> String {
    let id = uuid::Uuid::now_v7();
    let extra = match kind {
        RecordKind::Person => {
            r#""names": [{"name": "", "script": "latin", "language": "az", "kind": "primary"}], "occupations": []"#
        }
        RecordKind::Organization => {
            r#""kind": "ngo", "names": [{"name": "", "script": "latin", "kind": "primary"}]"#
        }
        RecordKind::Case => {
            r#""title": "", "defendants": ["<person id>"], "status": "investigation", "charges": []"#
        }
        RecordKind::Hearing => {
            r#""case": "<case id>", "date": "2026-01-01", "time": "10:00:00", "time_zone": "Asia/Baku", "kind": "trial", "status": "scheduled""#
        }
        RecordKind::DetentionEpisode => {
            r#""person": "<person id>", "kind": "pre_trial", "start": "2026-01-01""#
        }
        RecordKind::Source => r#""kind": "article", "title": """#,
        RecordKind::WelfareReport => {
            r#""person": "<person id>", "kinds": ["health"], "description": {"value": "", "visibility": "confidential"}"#
        }
        RecordKind::Incident => {
            r#""title": "", "kinds": ["threat"], "victims": [{"person": "<person id>", "role": "target"}]"#
        }
        RecordKind::Complaint => r#""kind": "complaint", "subject": "", "status": "draft""#,
        _ => "",
    };
    let sep = if extra.is_empty() { "" } else { ",\n  " };
    format!(
        "{{\n  \"type\": \"{}\",\n  \"id\": \"{id}\",\n  \"visibility\": \"internal\",\n  \"sources\": []{sep}{extra}\n}}",
        kind.as_str()
    )
}

pub(crate) async fn new_form(
    c: Chrome,
    RequireStaff(s): RequireStaff,
    Path(kind): Path<String>,
) -> Result<Response, WebError> {
    if !s.can(Permission::Edit) {
        return Ok(forbidden("create records"));
    }
    let Some(kind) = RecordKind::parse(&kind).filter(|k| *k != RecordKind::User) else {
        return Ok(crate::not_found(c));
    };
    let page = EditPage {
        title: format!("{}: {}", c.i18n.t("new-record"), kind),
        action: format!("/staff/new/{}", kind.as_str()),
        body: skeleton(kind),
        error: None,
        c,
        s,
    };
    Ok(staff_page(page.render()?))
}

fn parse_record(body: &str, c: &Chrome) -> Result<Record, String> {
    if body.len() > vigil_storage::MAX_RECORD_BYTES {
        return Err(c.i18n.t("too-large"));
    }
    serde_json::from_str::<Record>(body).map_err(|e| format!("{}: {e}", c.i18n.t("json-invalid")))
}

/// A submitted record form: where it posts, its title, the text as sent, and the record it replaces.
struct Submitted {
    action: String,
    title: String,
    body: String,
    old: Option<Record>,
    expect: RecordKind,
}

async fn save(
    state: &AppState,
    s: &Staff,
    c: Chrome,
    form: Submitted,
) -> Result<Response, WebError> {
    let Submitted {
        action,
        title,
        body,
        old,
        expect,
    } = form;
    let fail =
        |c: Chrome, s: &Staff, e: String, status: StatusCode| -> Result<Response, WebError> {
            let page = EditPage {
                title: title.clone(),
                action: action.clone(),
                body: body.clone(),
                error: Some(e),
                c,
                s: s.clone(),
            };
            Ok((status, staff_page(page.render()?)).into_response())
        };
    let record = match parse_record(&body, &c) {
        Ok(r) => r,
        Err(e) => return fail(c, s, e, StatusCode::UNPROCESSABLE_ENTITY),
    };
    if record.kind() != expect
        || record.kind() == RecordKind::User
        || old.as_ref().is_some_and(|o| o.id() != record.id())
    {
        return fail(
            c.clone(),
            s,
            c.i18n.t("kind-or-id-changed"),
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    }
    match store_record(state, s, &record, old.as_ref()).await? {
        Stored::Saved => {
            Ok(Redirect::to(&format!("/staff/records/{}", record.id())).into_response())
        }
        Stored::Refused(r) => Ok(r),
        Stored::Invalid(e) => fail(c, s, e, StatusCode::UNPROCESSABLE_ENTITY),
    }
}

/// What became of a record a staff member tried to save.
pub(crate) enum Stored {
    Saved,
    /// The role may not do this.
    Refused(Response),
    /// The store refused it (a rule, a dangling reference, too large): the message says why.
    Invalid(String),
}

/// Create (`old` is `None`) or replace a record, as `s`, if the role allows it.
pub(crate) async fn store_record(
    state: &AppState,
    s: &Staff,
    record: &Record,
    old: Option<&Record>,
) -> Result<Stored, WebError> {
    let touches_public = record.visibility() == Visibility::Public
        || old.is_some_and(|o| o.visibility() == Visibility::Public);
    if !s.can(Permission::Edit) {
        return Ok(Stored::Refused(forbidden("edit records")));
    }
    if touches_public && !s.can(Permission::Publish) {
        return Ok(Stored::Refused(forbidden(
            "publish or change published records",
        )));
    }
    if !s.may_see(record.visibility()) {
        return Ok(Stored::Refused(forbidden("write records you may not see")));
    }
    let mut tx = state.store.begin().await?;
    let written = match old {
        None => tx.insert(&s.actor(), record).await.map(|_| ()),
        Some(_) => tx.update(&s.actor(), record).await.map(|_| ()),
    };
    let result = match written {
        Ok(()) => tx.commit().await,
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => Ok(Stored::Saved),
        Err(
            e @ (vigil_storage::StorageError::Rule(_)
            | vigil_storage::StorageError::DanglingReference { .. }
            | vigil_storage::StorageError::AlreadyExists(_)
            | vigil_storage::StorageError::TooLarge { .. }),
        ) => Ok(Stored::Invalid(e.to_string())),
        Err(e) => Err(e.into()),
    }
}

pub(crate) async fn new_submit(
    State(state): State<AppState>,
    c: Chrome,
    RequireStaff(s): RequireStaff,
    Path(kind): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    if let Some(r) = refuse_change(&s, &form, Permission::Edit, "create records") {
        return Ok(r);
    }
    let Some(kind) = RecordKind::parse(&kind).filter(|k| *k != RecordKind::User) else {
        return Ok(crate::not_found(c));
    };
    let body = form.get("body").cloned().unwrap_or_default();
    let title = format!("{}: {}", c.i18n.t("new-record"), kind);
    let action = format!("/staff/new/{}", kind.as_str());
    save(
        &state,
        &s,
        c,
        Submitted {
            action,
            title,
            body,
            old: None,
            expect: kind,
        },
    )
    .await
}

pub(crate) async fn edit_form(
    State(state): State<AppState>,
    c: Chrome,
    RequireStaff(s): RequireStaff,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    if !s.can(Permission::Edit) {
        return Ok(forbidden("edit records"));
    }
    let Some(r) = find_visible(&state, &s, &id).await? else {
        return Ok(crate::not_found(c));
    };
    if r.visibility() == Visibility::Public && !s.can(Permission::Publish) {
        return Ok(forbidden("change published records"));
    }
    let page = EditPage {
        title: format!("{}: {}", c.i18n.t("edit"), r.label()),
        action: format!("/staff/records/{}/edit", r.id()),
        body: serde_json::to_string_pretty(&r).unwrap_or_default(),
        error: None,
        c,
        s,
    };
    Ok(staff_page(page.render()?))
}

pub(crate) async fn edit_submit(
    State(state): State<AppState>,
    c: Chrome,
    RequireStaff(s): RequireStaff,
    Path(id): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    if let Some(r) = refuse_change(&s, &form, Permission::Edit, "edit records") {
        return Ok(r);
    }
    let Some(old) = find_visible(&state, &s, &id).await? else {
        return Ok(crate::not_found(c));
    };
    let body = form.get("body").cloned().unwrap_or_default();
    let title = format!("{}: {}", c.i18n.t("edit"), old.label());
    let kind = old.kind();
    let action = format!("/staff/records/{}/edit", old.id());
    save(
        &state,
        &s,
        c,
        Submitted {
            action,
            title,
            body,
            old: Some(old),
            expect: kind,
        },
    )
    .await
}
