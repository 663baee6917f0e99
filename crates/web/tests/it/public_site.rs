//! The public site on the demo, on both engines: pages, filters, calendars,
//! languages, and the privacy canary.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;
use vigil_domain::records::*;
use vigil_domain::{Guarded, Id, LocalizedText, Name, NameKind, Record, Visibility};
use vigil_storage::testing::TestStore;
use vigil_storage::{Actor, on_both_engines};

use crate::common::links;

async fn get(t: &TestStore, path: &str) -> (StatusCode, String) {
    get_from(vigil_web::router(t.store.clone()), path).await
}

/// A page from one server, which keeps what it renders between requests.
async fn get_from(app: axum::Router, path: &str) -> (StatusCode, String) {
    let res = app
        .oneshot(Request::get(path).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let body = res.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8(body.to_vec()).unwrap())
}

async fn demo(t: &TestStore) {
    vigil_app::demo::load(&t.store).await.unwrap();
}

/// A public trial of `case` on `date`, scheduled, with nothing else known.
fn scheduled(case: Id<Case>, date: jiff::civil::Date) -> Hearing {
    Hearing {
        id: Id::new(),
        visibility: Visibility::Public,
        sources: vec![],
        case,
        court: None,
        date,
        time: None,
        time_zone: "Asia/Baku".into(),
        judge: None,
        kind: HearingKind::Trial,
        status: HearingStatus::Scheduled,
        outcome: None,
        observers_admitted: None,
    }
}

/// The address of a person's page, from the list of everyone.
async fn page_of(t: &TestStore, name: &str) -> String {
    let (_, list) = get(t, "/prisoners?status=all").await;
    links(&list)
        .into_iter()
        .find(|h| list.contains(&format!("href=\"{h}\">{name}<")))
        .unwrap_or_else(|| panic!("{name} is not on the list"))
}

async fn person_page_shows_public_facts_and_sources(t: &TestStore) {
    demo(t).await;
    let href = page_of(t, "Leyla Yunus").await;
    let (status, page) = get(t, &href).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("<h1>Leyla Yunus</h1>"));
    assert!(page.contains("Leyla Islam qızı Yunusova"));
    assert!(
        page.contains("Days in detention"),
        "counted live from the open episode"
    );
    assert!(page.contains("Kurdakhani"), "current place of detention");
    assert!(page.contains("#FreeThe20") || page.contains("Senate Resolution 262"));
    assert!(
        page.contains("THE LIST – Political prisoners in Azerbaijan, August 2014"),
        "the list is cited"
    );
    assert!(page.contains("<blockquote>"), "sources carry their excerpt");
    assert!(page.contains("spouse of"), "relations");
    assert!(page.len() < 100_000, "page weight {}", page.len());
    // The timeline and the case are worded in the reader's language.
    let (_, ru) = get(t, &format!("{href}?lang=ru")).await;
    assert!(ru.contains("супруг"), "relations in Russian");
    assert!(
        ru.contains("лишение свободы") && ru.contains("В списке «"),
        "timeline in Russian"
    );
    // (Facility names and case summaries are recorded text and stay as written.)
    for english in [
        "spouse of",
        "Hearing:",
        "pre-trial detention —",
        "On the list",
    ] {
        assert!(!ru.contains(english), "{english:?} on the Russian page");
    }
    let (_, az) = get(t, &format!("{href}?lang=az")).await;
    assert!(az.contains("həyat yoldaşıdır"));
}

async fn list_filters_narrow_the_list(t: &TestStore) {
    demo(t).await;
    let (_, all) = get(t, "/prisoners").await;
    assert!(all.contains("392 political prisoners"), "the headline");
    assert!(all.contains("Arif Yunus") && all.contains("Leyla Yunus"));
    let (_, women) = get(t, "/prisoners?gender=female").await;
    assert!(women.contains("Leyla Yunus") && !women.contains("Arif Yunus"));
    let (_, treason) = get(t, "/prisoners?charge=274").await;
    assert!(treason.contains("Leyla Yunus") && !treason.contains("Rasul Jafarov"));
    let (_, y2007) = get(t, "/prisoners?year=2007").await;
    assert!(!y2007.contains("Leyla Yunus"));
    let (_, released) = get(t, "/prisoners?status=released").await;
    assert!(
        released.contains("Khadija Ismayilova"),
        "2014-2015 in prison, then released"
    );
    let (_, colony) = get(t, "/prisoners?facility=Correctional+Facility+No.+2").await;
    assert!(colony.contains("Hafiz Babali") && !colony.contains("Leyla Yunus"));
    let (status, nobody) = get(t, "/prisoners?gender=nonsense&year=%3Cscript%3E").await;
    assert_eq!(status, StatusCode::OK);
    assert!(nobody.contains("No one matches") && !nobody.contains("<script>"));
}

async fn hearings_feed_parses_as_icalendar(t: &TestStore) {
    demo(t).await;
    let (status, ics) = get(t, "/hearings.ics").await;
    assert_eq!(status, StatusCode::OK);
    let site_wide = ical::IcalParser::new(ics.as_bytes())
        .next()
        .unwrap()
        .unwrap();
    assert!(
        site_wide.events.is_empty(),
        "the verdicts of 2014 are older than the site-wide calendar's window"
    );
    // A person's own calendar holds all of their hearings, however old.
    let (_, found) = get(t, "/search?q=Tofig+Yagublu").await;
    let person = links(&found)
        .into_iter()
        .find(|l| l.starts_with("/people/"))
        .expect("Tofig Yagublu is found");
    let (status, ics) = get(t, &format!("{person}/hearings.ics")).await;
    assert_eq!(status, StatusCode::OK);
    let mut reader = ical::IcalParser::new(ics.as_bytes());
    let cal = reader.next().unwrap().unwrap();
    assert!(!cal.events.is_empty(), "the verdict the 2014 list dates");
    let summaries: Vec<String> = cal
        .events
        .iter()
        .flat_map(|e| {
            e.properties
                .iter()
                .filter(|p| p.name == "SUMMARY")
                .filter_map(|p| p.value.clone())
        })
        .collect();
    assert!(summaries.iter().any(|s| s.contains("Tofig Yagublu")));
    // A hearing with no time is a whole day: it ends the next day, not when it begins.
    for e in &cal.events {
        let prop = |name: &str| {
            e.properties
                .iter()
                .find(|p| p.name == name)
                .and_then(|p| p.value.clone())
                .unwrap_or_default()
        };
        let (start, end) = (prop("DTSTART"), prop("DTEND"));
        if start.len() == 8 {
            let next = jiff::civil::Date::strptime("%Y%m%d", &start)
                .unwrap()
                .tomorrow()
                .unwrap();
            assert_eq!(end, next.strftime("%Y%m%d").to_string(), "{start}");
        }
    }
    let (_, page) = get(t, "/hearings").await;
    assert!(page.contains("Past hearings") && page.contains("2013-12-09"));
}

/// A bare CR, a bare LF and a tab in every text that reaches a calendar (the
/// rules let records hold them; a NUL they refuse, and `ics.rs`'s own test
/// gives it to the writer): the feeds stay one event per hearing for every
/// kind of reader, and hold no control character but the CRLF that ends
/// each line.
async fn calendars_carry_no_control_characters(t: &TestStore) {
    let dirty = |what: &str| format!("{what}\rSUMMARY:forged-{what}\nX-{what}:1\tend");
    let person = Person::new(Visibility::Public, Name::primary(dirty("name"), Some("en")));
    let case = Case::new(Visibility::Public, dirty("case"), vec![person.id]);
    let court = Organization::new(
        Visibility::Public,
        OrganizationKind::Court,
        Name::primary(dirty("court"), None),
    );
    let hearing = Hearing {
        id: Id::new(),
        visibility: Visibility::Public,
        sources: vec![],
        case: case.id,
        court: Some(court.id),
        date: jiff::Zoned::now()
            .date()
            .checked_add(jiff::Span::new().days(30))
            .unwrap(),
        time: Some(jiff::civil::time(10, 0, 0, 0)),
        time_zone: "Asia/Baku".into(),
        judge: Some(dirty("judge")),
        kind: HearingKind::Appeal,
        status: HearingStatus::Held,
        outcome: Some(format!("first\r\nsecond\rthird\n{}", dirty("outcome"))),
        observers_admitted: None,
    };
    let mut tx = t.store.begin().await.unwrap();
    for r in [
        Record::Person(person.clone()),
        Record::Organization(court),
        Record::Case(case),
        Record::Hearing(hearing),
    ] {
        tx.insert(&Actor::cli(), &r).await.unwrap();
    }
    tx.commit().await.unwrap();

    for path in [
        "/hearings.ics".to_owned(),
        format!("/people/{}/hearings.ics", person.id),
    ] {
        let (status, ics) = get(t, &path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        let bare = ics.replace("\r\n", "");
        assert!(
            !bare.chars().any(char::is_control),
            "{path}: a control character besides CRLF\n{ics:?}"
        );
        // A reader that ends a line at any CR or LF sees one event, one summary.
        let any_break: Vec<&str> = ics.split(['\r', '\n']).collect();
        let count = |prefix: &str| any_break.iter().filter(|l| l.starts_with(prefix)).count();
        assert_eq!(
            (
                count("BEGIN:VEVENT"),
                count("END:VEVENT"),
                count("SUMMARY"),
                count("X-") - count("X-WR-CALNAME")
            ),
            (1, 1, 1, 0),
            "{path}\n{ics}"
        );
        // An independent reader finds the texts whole, in their own properties.
        let cal = ical::IcalParser::new(ics.as_bytes())
            .next()
            .unwrap()
            .unwrap();
        assert_eq!(cal.events.len(), 1, "{path}");
        let value = |name: &str| {
            cal.events[0]
                .properties
                .iter()
                .filter(|p| p.name == name)
                .filter_map(|p| p.value.clone())
                .collect::<Vec<_>>()
        };
        let summary = value("SUMMARY");
        assert!(
            summary.len() == 1 && summary[0].contains("name SUMMARY:forged-name X-name:1 end"),
            "{summary:?}"
        );
        let location = value("LOCATION");
        assert!(
            location.len() == 1 && location[0].contains("forged-court"),
            "{location:?}"
        );
        let description = value("DESCRIPTION");
        assert!(
            description.len() == 1 && description[0].contains("first\\nsecond\\nthird\\noutcome"),
            "{description:?}"
        );
        let names: BTreeSet<String> = cal.events[0]
            .properties
            .iter()
            .map(|p| p.name.clone())
            .collect();
        assert!(
            names.iter().all(|n| [
                "UID",
                "SUMMARY",
                "DESCRIPTION",
                "LOCATION",
                "DTSTART",
                "DTEND",
                "DTSTAMP"
            ]
            .contains(&n.as_str())),
            "{names:?}"
        );
    }
}

/// The staff dashboard counts what the public pages and feeds list: a public
/// hearing of a closed case is neither listed nor counted.
async fn counts_agree_across_pages_and_feeds(t: &TestStore) {
    demo(t).await;
    let hidden = Person::new(Visibility::Internal, Name::primary("Closed Person", None));
    let case = Case::new(Visibility::Internal, "Closed case", vec![hidden.id]);
    let hearing = scheduled(case.id, jiff::civil::date(2030, 5, 6));
    let mut tx = t.store.begin().await.unwrap();
    for r in [
        Record::Person(hidden),
        Record::Case(case),
        Record::Hearing(hearing),
    ] {
        tx.insert(&Actor::cli(), &r).await.unwrap();
    }
    tx.commit().await.unwrap();

    // The staff dashboard shows what the public site shows, counted from the projection.
    crate::common::user(t, "viewer1", Role::Viewer).await;
    let mut staff = crate::common::logged_in(t, "viewer1").await;
    let home = staff.get("/staff").await.body;
    let count = |label: &str| -> usize {
        let cell = format!("<td>{label}</td><td>");
        let at = home
            .find(&cell)
            .unwrap_or_else(|| panic!("no {label} on {home}"));
        let rest = &home[at + cell.len()..];
        rest[..rest.find('<').unwrap()].parse().unwrap()
    };
    let (_, list) = get(t, "/prisoners?status=all").await;
    let people = count("People documented");
    assert!(list.contains(&format!("{people} people")), "{people}");
    let (_, ics) = get(t, "/hearings.ics").await;
    let hearings = count("Hearings");
    let today = jiff::Zoned::now().date();
    let site =
        vigil_publish::PublicSite::load(&t.store, vigil_domain::derived::Reckoning::on(today))
            .await
            .unwrap();
    assert_eq!(site.hearings.len(), hearings);
    assert_eq!(
        ics.matches("BEGIN:VEVENT").count(),
        site.calendar_hearings(today).count(),
        "the feed holds the hearings of its window"
    );
    assert!(hearings <= 100, "the hearings fit one page");
    let (_, page) = get(t, "/hearings").await;
    assert_eq!(page.matches("<tr><td>").count(), hearings);
    assert!(!page.contains("2030-05-06") && !ics.contains("20300506"));
    let (_, lists) = get(t, "/lists").await;
    assert_eq!(lists.matches("<section>").count(), count("Lists"));
    assert_eq!(lists.matches("</td></tr>").count(), count("List versions"));
    // The reader's home page lists no record kinds.
    let (_, reader) = get(t, "/").await;
    assert!(!reader.contains("<td>People documented</td>"));
}

/// A nomination never reads as a prize: each recognition is worded by its
/// kind, with its date as the source gives it, in every language.
async fn recognitions_say_what_they_are(t: &TestStore) {
    demo(t).await;
    let href = page_of(t, "Leyla Yunus").await;
    let (_, en) = get(t, &href).await;
    let recognitions = en
        .split("<h2>Recognition</h2>")
        .nth(1)
        .and_then(|s| s.split("</ul>").next())
        .unwrap_or_else(|| panic!("no recognitions on {en}"));
    for phrase in [
        "<li>nominated for Nobel Peace Prize</li>",
        "<li>nominated for Sakharov Prize for Freedom of Thought (European Parliament), 2014</li>",
        "<li>awarded Sérgio Vieira de Mello Prize (Poland), 2014</li>",
    ] {
        assert!(
            recognitions.contains(phrase),
            "{phrase} not in {recognitions}"
        );
    }
    assert!(
        !recognitions.contains("<li>Nobel Peace Prize"),
        "{recognitions}"
    );
    assert!(
        en.contains("nominated for Nobel Peace Prize"),
        "the timeline words it too"
    );
    let (_, ru) = get(t, &format!("{href}?lang=ru")).await;
    assert!(ru.contains("номинирован(а) на Nobel Peace Prize"), "ru");
    let (_, az) = get(t, &format!("{href}?lang=az")).await;
    assert!(
        az.contains("Nobel Peace Prize üçün namizəd göstərilib"),
        "az"
    );
}

/// Hundreds of hearings come a hundred to a page: the coming ones first,
/// soonest first, then the past ones, latest first.
async fn hearings_come_in_pages(t: &TestStore) {
    let person = Person::new(
        Visibility::Public,
        Name::primary("Paged Person", Some("en")),
    );
    let case = Case::new(Visibility::Public, "Paged case", vec![person.id]);
    let person_id = person.id;
    let today = jiff::Zoned::now().date();
    let mut records = vec![Record::Person(person), Record::Case(case.clone())];
    for offset in -130i64..120 {
        let date = today.checked_add(jiff::Span::new().days(offset)).unwrap();
        records.push(Record::Hearing(scheduled(case.id, date)));
    }
    let mut tx = t.store.begin().await.unwrap();
    for r in &records {
        tx.insert(&Actor::cli(), r).await.unwrap();
    }
    tx.commit().await.unwrap();
    let rows = |page: &str| page.matches("<tr><td>").count();
    let (_, first) = get(t, "/hearings").await;
    assert_eq!(rows(&first), 100);
    assert!(first.contains("Upcoming hearings") && !first.contains("Past hearings"));
    assert!(first.contains(&today.to_string()), "soonest first");
    assert!(first.contains("href=\"/hearings?page=2\""));
    assert!(first.len() < 100_000, "page weight {}", first.len());
    let (_, second) = get(t, "/hearings?page=2").await;
    assert_eq!(rows(&second), 100);
    assert!(second.contains("Upcoming hearings") && second.contains("Past hearings"));
    let yesterday = today.yesterday().unwrap().to_string();
    assert!(
        second.contains(&yesterday),
        "the latest past hearing follows the coming ones"
    );
    let (_, last) = get(t, "/hearings?page=99").await;
    assert_eq!(rows(&last), 50, "a page past the end shows the last");
    assert!(!last.contains("Upcoming hearings") && last.contains("Past hearings"));
    // The site-wide calendar: the last 31 days and the coming 366; a person's: all.
    assert!(
        first.contains("the hearings of the past month and the coming year"),
        "the link says what the feed holds"
    );
    let (_, ics) = get(t, "/hearings.ics").await;
    assert_eq!(
        ics.matches("BEGIN:VEVENT").count(),
        151,
        "from 31 days ago to the last one, 119 days ahead"
    );
    let starts = |ics: &str, offset: i64| {
        let day = today.checked_add(jiff::Span::new().days(offset)).unwrap();
        ics.contains(&format!("DTSTART;VALUE=DATE:{}", day.strftime("%Y%m%d")))
    };
    assert!(starts(&ics, -31) && !starts(&ics, -32) && starts(&ics, 119));
    let (_, theirs) = get(t, &format!("/people/{}/hearings.ics", person_id)).await;
    assert_eq!(theirs.matches("BEGIN:VEVENT").count(), 250, "all of theirs");
    assert!(starts(&theirs, -130));
}

on_both_engines!(hearings_come_in_pages);

async fn search_finds_people_in_any_script(t: &TestStore) {
    demo(t).await;
    let (_, found) = get(
        t,
        "/search?q=%D0%98%D1%81%D0%BC%D0%B0%D0%B8%D0%BB%D0%BE%D0%B2%D0%B0",
    )
    .await;
    assert!(
        found.contains("Khadija Ismayilova"),
        "Исмаилова finds Ismayilova"
    );
    let khadija = links(&found)
        .into_iter()
        .find(|l| l.starts_with("/people/"))
        .expect("a link to her page");
    let (status, page) = get(t, &khadija).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Khadija Ismayilova"));
    // A list's surname-first Russian spelling, and a text on the page.
    let (_, found) = get(
        t,
        "/search?q=%D0%93%D0%B0%D1%88%D0%B8%D0%BC%D0%BB%D0%B8+%D0%9F%D0%B0%D1%80%D0%B2%D0%B8%D0%B7",
    )
    .await;
    assert!(
        found.contains("Parviz"),
        "Гашимли Парвиз finds Parviz Hashimli"
    );
    let (_, found) = get(t, "/search?q=Kurdakhani").await;
    assert!(
        found.contains("/people/"),
        "a place of detention finds those held there"
    );
    // Nothing for a name no one has; the query is shown back escaped.
    let (status, none) = get(t, "/search?q=%3Cscript%3EZzyzx").await;
    assert_eq!(status, StatusCode::OK);
    assert!(none.contains("Nothing found") && none.contains("script&#62;Zzyzx"));
    assert!(!none.contains("<script>"));
    // Every page has the search box; the page speaks the reader's language.
    let (_, front) = get(t, "/").await;
    assert!(front.contains("action=\"/search\""));
    let (_, az) = get(t, "/search?q=Yunus&lang=az").await;
    assert!(az.contains("Axtarış") && az.contains("Leyla Yunus"));
}

on_both_engines!(search_finds_people_in_any_script);

async fn lists_show_counts_over_time_and_changes(t: &TestStore) {
    demo(t).await;
    // The versions since 2021, each as dated as its report: "by December" 2024 stays a month.
    let (_, lists) = get(t, "/lists").await;
    assert!(lists.contains("<td>2024-12</td>") && !lists.contains("2024-12-01"));
    assert!(lists.contains("<td>2025-10-07</td>") && !lists.contains("2024-10-07"));
    assert!(
        lists.contains("287 (inferred)"),
        "the inferred count says so"
    );
    let (_, lists) = get(t, "/lists").await;
    assert!(lists.contains("392") && lists.contains("98"));
    let href = links(&lists)
        .into_iter()
        .find(|h| {
            h.starts_with("/lists/")
                && lists.contains(&format!("href=\"{h}\">Political prisoners in Azerbaijan<"))
        })
        .unwrap();
    let (status, page) = get(t, &href).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("<meter"), "counts over time");
    assert!(
        page.contains("only the counts can be compared"),
        "2024 has a count, not entries"
    );
    assert!(page.contains("Abdul Abilov"), "the 2014 entries");
}

async fn interface_speaks_three_languages(t: &TestStore) {
    demo(t).await;
    let (_, ru) = get(t, "/?lang=ru").await;
    assert!(ru.contains("392 политических заключённых") && ru.contains("lang=\"ru\""));
    let (_, az) = get(t, "/prisoners?lang=az").await;
    assert!(az.contains("Siyasi məhbuslar") && az.contains("Filtrlər"));
    assert!(
        az.contains("<td>həbsdə (sonuncu dəfə 2014-08-10 tarixində təsdiqlənib)</td>")
            && az.contains(">jurnalist</option>"),
        "statuses and occupations too"
    );
    let (_, ru_list) = get(t, "/prisoners?lang=ru").await;
    assert!(
        ru_list.contains("<td>под стражей (последнее подтверждение: 2014-08-10)</td>")
            && ru_list.contains(">женский</option>")
    );
    let (_, ru_hearings) = get(t, "/hearings?lang=ru").await;
    assert!(ru_hearings.contains("оглашение приговора") && ru_hearings.contains("состоялось"));
    let res = vigil_web::router(t.store.clone())
        .oneshot(
            Request::get("/about")
                .header("accept-language", "az-AZ,az;q=0.9")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    let body =
        String::from_utf8(res.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap();
    assert!(body.contains("Vigil haqqında"));
    let res = vigil_web::router(t.store.clone())
        .oneshot(Request::get("/?lang=ru").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert!(
        res.headers()
            .get_all("set-cookie")
            .iter()
            .any(|v| v.to_str().unwrap().starts_with("lang=ru"))
    );
}

/// A canary in every internal or confidential record and field; none may reach any public
/// page, feed, or log line.
async fn privacy_canary(t: &TestStore) {
    demo(t).await;
    let log = Arc::new(Mutex::new(Vec::<u8>::new()));
    let writer = {
        let log = log.clone();
        move || LogWriter(log.clone())
    };
    let subscriber = tracing_subscriber::fmt()
        .with_writer(writer)
        .with_max_level(tracing::Level::TRACE)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let canary = |n: u32| format!("CANARY{n:03}xq");
    let mut tx = t.store.begin().await.unwrap();
    let a = Actor::cli();
    // An internal person, and a public one with closed fields.
    let mut hidden = Person::new(Visibility::Internal, Name::primary(canary(1), Some("en")));
    hidden.notes = Some(Guarded::confidential(canary(2)));
    let mut public = Person::new(
        Visibility::Public,
        Name::primary("Public Person", Some("en")),
    );
    let mut alias = Name::new(canary(3), NameKind::Alias, Some("en"));
    alias.visibility = Visibility::Confidential;
    public.names.push(alias);
    public.birth_date = Some(Guarded::confidential("1911-11-11".parse().unwrap()));
    public.notes = Some(Guarded::confidential(canary(4)));
    let mut bio = LocalizedText::en(canary(5));
    bio.visibility = Visibility::Internal;
    public.biography.push(bio);
    // A confidential source cited by the public person, and a public source with a confidential author.
    let secret_source = Source {
        id: Id::new(),
        visibility: Visibility::Confidential,
        sources: vec![],
        kind: SourceKind::Testimony,
        title: canary(6),
        author: Some(Guarded::confidential(canary(7))),
        publisher: None,
        date: None,
        url: Some(format!("https://example.org/{}", canary(8))),
        language: None,
        machine_translated: false,
        reliability: None,
        file: None,
    };
    let open_source = Source {
        id: Id::new(),
        visibility: Visibility::Public,
        title: "Open source".into(),
        author: Some(Guarded::confidential(canary(9))),
        url: Some("https://example.org/open".into()),
        ..secret_source.clone()
    };
    public
        .sources
        .push(SourceLink::new(secret_source.id, canary(10)));
    public
        .sources
        .push(SourceLink::new(open_source.id, "public excerpt"));
    let mut closed_link = SourceLink::new(open_source.id, canary(11));
    closed_link.visibility = Visibility::Internal;
    public.sources.push(closed_link);
    // An internal facility holding the public person; an internal case and hearing; a public case with an internal hearing.
    let mut facility = Organization::new(
        Visibility::Internal,
        OrganizationKind::Facility,
        Name::primary(canary(12), None),
    );
    facility
        .names
        .push(Name::new(canary(13), NameKind::Alias, None));
    let mut episode = DetentionEpisode::new(
        Visibility::Public,
        public.id,
        DetentionKind::PreTrial,
        Some("2024-01-01".parse().unwrap()),
    );
    episode.facility = Some(facility.id);
    // A confidential episode's other start date must not reach any output.
    let hidden_episode = DetentionEpisode {
        id: Id::new(),
        visibility: Visibility::Confidential,
        facility: None,
        disputed_starts: vec!["1911-11-11".parse().unwrap()],
        ..episode.clone()
    };
    let mut case = Case::new(
        Visibility::Public,
        "Public case",
        vec![public.id, hidden.id],
    );
    case.summary.push(LocalizedText {
        visibility: Visibility::Confidential,
        ..LocalizedText::en(canary(14))
    });
    let secret_case = Case::new(Visibility::Internal, canary(15), vec![public.id]);
    let hearing = |case: Id<Case>, vis: Visibility, judge: String| Hearing {
        id: Id::new(),
        visibility: vis,
        sources: vec![],
        case,
        court: Some(facility.id),
        date: jiff::civil::date(2030, 1, 2),
        time: Some(jiff::civil::time(10, 0, 0, 0)),
        time_zone: "Asia/Baku".into(),
        judge: Some(judge),
        kind: HearingKind::Trial,
        status: HearingStatus::Scheduled,
        outcome: None,
        observers_admitted: None,
    };
    let h1 = hearing(case.id, Visibility::Internal, canary(16));
    let h2 = hearing(secret_case.id, Visibility::Public, canary(17));
    let h3 = hearing(case.id, Visibility::Public, "Judge Public".into());
    let welfare = WelfareReport {
        id: Id::new(),
        visibility: Visibility::Public,
        sources: vec![],
        person: public.id,
        kinds: vec![WelfareKind::Health],
        date: None,
        reported_on: None,
        reported_by: Some(Guarded::confidential(Reporter {
            kind: ReporterKind::Relative,
            person: None,
            description: Some(canary(18)),
        })),
        facility: None,
        description: Guarded::confidential(canary(19)),
    };
    let incident = Incident {
        id: Id::new(),
        visibility: Visibility::Internal,
        sources: vec![],
        title: canary(20),
        date: None,
        place: None,
        kinds: vec![IncidentKind::Threat],
        victims: vec![Victim {
            person: Some(public.id),
            description: None,
            role: VictimRole::Target,
            because_of: None,
        }],
        perpetrators: vec![],
        platforms: vec![],
        gender_based: false,
        consequences: vec![],
        description: vec![],
    };
    let relation = Relationship {
        id: Id::new(),
        visibility: Visibility::Confidential,
        sources: vec![],
        subject: hidden.id,
        kind: RelationKind::SiblingOf,
        object: Party::Person(public.id),
        role: Some(canary(21)),
        start: None,
        end: None,
    };
    let list = PrisonerList {
        id: Id::new(),
        visibility: Visibility::Internal,
        sources: vec![],
        title: canary(22),
        publisher: None,
        criteria: vec![],
        // Featured, but internal: it must not head the public site.
        titles: vec![],
        featured: true,
    };
    let version = ListVersion {
        id: Id::new(),
        visibility: Visibility::Internal,
        sources: vec![],
        list: list.id,
        date: "2030".parse().unwrap(),
        publisher: None,
        document: None,
        published_count: Some(777_123),
        count_qualifier: None,
        entries: vec![ListEntry {
            person: hidden.id,
            number: None,
            category: Some(canary(23)),
            subcategory: None,
        }],
    };
    let recognition = Recognition {
        id: Id::new(),
        visibility: Visibility::Internal,
        sources: vec![],
        kind: RecognitionKind::Award,
        persons: vec![public.id],
        group: None,
        by: None,
        title: Some(canary(24)),
        date: None,
        criteria: vec![],
        excluded: false,
    };
    let complaint = Complaint {
        id: Id::new(),
        visibility: Visibility::Confidential,
        sources: vec![],
        kind: ComplaintKind::Complaint,
        subject: canary(25),
        filer: Some(public.id),
        on_behalf_of: vec![],
        addressees: vec![],
        respondent: None,
        submitted_on: None,
        channel: None,
        proof_of_delivery: None,
        response_days: None,
        response: None,
        status: ComplaintStatus::Draft,
        follow_ups: vec![],
        concerning_media: vec![],
    };
    for r in [
        hidden.into(),
        secret_source.into(),
        open_source.into(),
        public.clone().into(),
        facility.into(),
        episode.into(),
        hidden_episode.into(),
        case.into(),
        secret_case.into(),
        h1.into(),
        h2.into(),
        h3.into(),
        welfare.into(),
        incident.into(),
        relation.into(),
        list.into(),
        version.into(),
        recognition.into(),
        complaint.into(),
    ] {
        let r: vigil_domain::Record = r;
        tx.insert(&a, &r).await.unwrap();
    }
    tx.commit().await.unwrap();

    // Crawl everything reachable from the public pages, in every language, plus the feeds,
    // from one server, which keeps the pages it renders.
    let app = vigil_web::router(t.store.clone());
    let get = |_: &TestStore, path: &str| {
        let (app, path) = (app.clone(), path.to_owned());
        async move { get_from(app, &path).await }
    };
    let mut seen = BTreeSet::new();
    let mut queue: Vec<String> = [
        "/",
        "/prisoners?status=all",
        "/hearings",
        "/hearings.ics",
        "/lists",
        "/about",
        "/methodology",
        "/static/picker.js",
        "/no-such-page",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    queue.push(format!("/people/{}", public.id));
    queue.push(format!("/people/{}/hearings.ics", public.id));
    while let Some(path) = queue.pop() {
        if !seen.insert(path.clone()) || seen.len() > 400 {
            continue;
        }
        let (_, body) = get(t, &path).await;
        if let Some(at) = body.find("CANARY") {
            panic!(
                "a canary reached {path}: {}",
                &body[at.saturating_sub(120)..(at + 200).min(body.len())]
            );
        }
        assert!(
            !body.contains("777123") && !body.contains("1911-11-11"),
            "a closed value reached {path}"
        );
        for l in links(&body) {
            if !l.starts_with("/static") && !l.starts_with("/login") {
                queue.push(l);
            }
        }
    }
    assert!(seen.len() > 150, "the crawl reached {} pages", seen.len());
    // The home page's sections were crawled with the canaries' person in them.
    let (_, home) = get(t, "/").await;
    let coming = &home[home.find("id=\"home-hearings\"").unwrap()..];
    assert!(
        coming.contains("Public Person"),
        "the public hearing of 2030"
    );
    for n in ["777123", "777,123", "777 123"] {
        assert!(
            !home.contains(n),
            "the internal featured list is no headline"
        );
    }
    // The open-data downloads the list page links to.
    let (_, list) = get(t, "/prisoners?status=all").await;
    for download in ["/prisoners.csv?status=all", "/prisoners.json?status=all"] {
        assert!(links(&list).contains(&download.to_owned()), "{download}");
        let (status, body) = get(t, download).await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("Public Person"), "{download}");
        assert!(
            !body.contains("CANARY") && !body.contains("1911-11-11"),
            "{download}"
        );
    }
    // Public search finds nothing by a closed text, and shows none with what it finds.
    for n in 0..=30 {
        let q = canary(n);
        let (status, body) = get(t, &format!("/search?q={q}")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            body.contains("Nothing found"),
            "search for {q} found something"
        );
        let rest = body.replace(&q, "");
        assert!(
            !rest.contains("CANARY"),
            "a canary reached the search for {q}"
        );
    }
    for q in ["CANARY", "xq", "Public", "Person"] {
        let (_, body) = get(t, &format!("/search?q={q}")).await;
        let rest = body.replace(q, "");
        assert!(
            !rest.contains("CANARY"),
            "a canary reached the search for {q}"
        );
    }
    // The same search `vigil search --public` makes, on the projection.
    let site = vigil_publish::PublicSite::load(
        &t.store,
        vigil_domain::derived::Reckoning::on(jiff::Zoned::now().date()),
    )
    .await
    .unwrap();
    for n in 0..=30 {
        let hits = site.search(&canary(n), 50);
        assert!(
            hits.is_empty(),
            "the public search found {}: {hits:?}",
            canary(n)
        );
    }
    for q in ["CANARY", "Public Person", "Judge", "case"] {
        let hits = format!("{:?}", site.search(q, 50));
        assert!(!hits.contains("CANARY"), "{q}: {hits}");
    }
    let (_, found) = get(t, "/search?q=Public+Person").await;
    assert!(
        found.contains(&format!("/people/{}", public.id)),
        "the public person is found"
    );
    assert!(!found.contains("CANARY"));
    let (_, page) = get(t, &format!("/people/{}", public.id)).await;
    assert!(
        page.contains("Public Person")
            && page.contains("public excerpt")
            && page.contains("Open source")
    );
    let (_, ics) = get(t, &format!("/people/{}/hearings.ics", public.id)).await;
    assert_eq!(
        ics.matches("BEGIN:VEVENT").count(),
        1,
        "only the public hearing of the public case"
    );
    // Closed after the crawl: the person leaves every page the server kept.
    let mut closed = public.clone();
    closed.visibility = Visibility::Internal;
    let mut tx = t.store.begin().await.unwrap();
    tx.update(&a, &closed.into()).await.unwrap();
    tx.commit().await.unwrap();
    for path in &seen {
        let (_, body) = get(t, path).await;
        assert!(
            !body.contains("Public Person"),
            "{path} still shows the person closed after it was kept"
        );
    }
    let logged = String::from_utf8(log.lock().unwrap().clone()).unwrap();
    assert!(!logged.contains("CANARY"), "a canary reached the log");
}

struct LogWriter(Arc<Mutex<Vec<u8>>>);
impl std::io::Write for LogWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A list longer than one part of a download (500 people) comes whole, in order, as
/// CSV and as JSON, sent a part at a time: no length up front, and no tag (which would
/// need the whole body in memory first).
async fn long_lists_download_whole(t: &TestStore) {
    let mut tx = t.store.begin().await.unwrap();
    for n in 0..1001 {
        let p = Person::new(
            Visibility::Public,
            Name::primary(format!("Listed Person {n:04}"), Some("en")),
        );
        tx.insert(&Actor::cli(), &p.into()).await.unwrap();
    }
    tx.commit().await.unwrap();
    let app = vigil_web::router(t.store.clone());
    let fetch = |path: &'static str| {
        let app = app.clone();
        async move {
            let res = app
                .oneshot(Request::get(path).body(Body::empty()).unwrap())
                .await
                .unwrap();
            assert_eq!(res.status(), StatusCode::OK, "{path}");
            assert!(res.headers().get("content-length").is_none(), "{path}");
            assert!(res.headers().get("etag").is_none(), "{path}");
            let bytes = res.into_body().collect().await.unwrap().to_bytes();
            String::from_utf8(bytes.to_vec()).unwrap()
        }
    };
    let csv = fetch("/prisoners.csv?status=all").await;
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let names: Vec<String> = reader
        .records()
        .map(|r| r.unwrap().get(1).unwrap().to_owned())
        .collect();
    assert_eq!(names.len(), 1001);
    assert_eq!(reader.headers().unwrap().get(0), Some("id"));
    let json: serde_json::Value = serde_json::from_str(&fetch("/prisoners.json?status=all").await)
        .expect("the parts make one JSON document");
    assert_eq!(json["count"], 1001);
    let listed: Vec<&str> = json["persons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(listed, names, "the same people in the same order");
    let mut sorted = names.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), 1001, "each once");
    // An empty list is a header row, and an empty JSON list.
    let none = fetch("/prisoners.csv?status=all&year=1700").await;
    assert_eq!(none.lines().count(), 1);
    let none: serde_json::Value =
        serde_json::from_str(&fetch("/prisoners.json?status=all&year=1700").await).unwrap();
    assert_eq!(none["count"], 0);
    assert_eq!(none["persons"].as_array().unwrap().len(), 0);
}

on_both_engines!(
    long_lists_download_whole,
    person_page_shows_public_facts_and_sources,
    list_filters_narrow_the_list,
    hearings_feed_parses_as_icalendar,
    calendars_carry_no_control_characters,
    counts_agree_across_pages_and_feeds,
    recognitions_say_what_they_are,
    lists_show_counts_over_time_and_changes,
    interface_speaks_three_languages,
    privacy_canary,
);

async fn the_list_comes_in_pages(t: &TestStore) {
    demo(t).await;
    vigil_app::generate::generate(&t.store, 300, 5, |_| {})
        .await
        .unwrap();
    let (_, first) = get(t, "/prisoners?status=all").await;
    assert_eq!(
        first.matches("href=\"/people/").count(),
        100,
        "a page holds 100 people"
    );
    assert!(first.contains("page 1 of"));
    let next = links(&first)
        .into_iter()
        .find(|l| l.contains("page=2"))
        .expect("a link to the next page");
    assert!(next.contains("status=all"), "the filters are kept: {next}");
    let (status, second) = get(t, &next).await;
    assert_eq!(status, StatusCode::OK);
    assert!(second.contains("page 2 of") && second.contains("rel=\"prev\""));
    let (status, beyond) = get(t, "/prisoners?page=99999").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        beyond.contains("rel=\"prev\"") && !beyond.contains("rel=\"next\""),
        "clamped to the last page"
    );
    let (status, _) = get(t, "/prisoners?page=-1").await;
    assert_eq!(status, StatusCode::OK);
}

on_both_engines!(the_list_comes_in_pages);

/// Days between two ISO dates, both counted.
/// The `/prisoners.csv` row of the person named `name`, by column.
async fn csv_row(t: &TestStore, name: &str) -> std::collections::HashMap<String, String> {
    let (_, csv) = get(t, "/prisoners.csv?status=all").await;
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    let head = rows.headers().unwrap().clone();
    let row = rows
        .records()
        .map(Result::unwrap)
        .find(|r| r.iter().nth(1) == Some(name))
        .unwrap_or_else(|| panic!("{name} is in the CSV"));
    head.iter()
        .map(str::to_owned)
        .zip(row.iter().map(str::to_owned))
        .collect()
}

fn days_from_to(from: &str, to: &str) -> i64 {
    let (a, b): (jiff::civil::Date, jiff::civil::Date) =
        (from.parse().unwrap(), to.parse().unwrap());
    i64::from(a.until((jiff::Unit::Day, b)).unwrap().get_days()) + 1
}

/// Leyla Yunus was last confirmed held by the August 2014 list: every output
/// counts her days only to that confirmation and says it is a minimum, and
/// nothing says she is held today. Nothing recorded reads "unknown".
async fn days_are_never_overstated(t: &TestStore) {
    demo(t).await;
    let (_, json) = get(t, "/prisoners.json?status=all").await;
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let persons = json["persons"].as_array().unwrap();
    let leyla = persons.iter().find(|p| p["name"] == "Leyla Yunus").unwrap();
    let confirmed = leyla["status_as_of"].as_str().unwrap();
    assert_eq!(confirmed, "2014-08-10", "the list's date");
    assert_eq!(leyla["status_stale"], true);
    let days = &leyla["days_in_detention"];
    assert_eq!(days["counted_to"], confirmed);
    assert_eq!(days["at_least"], true);
    let arrested = leyla["arrest_date"].as_str().unwrap();
    let most = days_from_to(arrested, confirmed);
    let n = days["days"].as_i64().unwrap();
    assert!(n > 0 && n <= most, "{n} days, at most {most}");
    // No one's days run past their own confirmation or today.
    let today = jiff::Zoned::now().date().to_string();
    for p in persons {
        if let Some(d) = p["days_in_detention"].as_object() {
            assert!(d["counted_to"].as_str().unwrap() <= today.as_str());
            if p["status_stale"] == true {
                assert!(
                    d["counted_to"].as_str() <= p["status_as_of"].as_str(),
                    "{p}"
                );
            }
        }
    }

    let row = csv_row(t, "Leyla Yunus").await;
    assert_eq!(row["days_in_detention"], n.to_string());
    assert_eq!(row["days_counted_to"], confirmed);
    assert_eq!(row["days_at_least"], "yes");
    assert_eq!(row["status_stale"], "yes");

    let href = page_of(t, "Leyla Yunus").await;
    let (_, page) = get(t, &href).await;
    assert!(
        page.contains(&format!("last confirmed on {confirmed}")),
        "status"
    );
    assert!(page.contains(&format!("at least {n} days (counted to {confirmed})")));
    let (_, ru) = get(t, &format!("{href}?lang=ru")).await;
    assert!(ru.contains(&format!("последнее подтверждение: {confirmed}")));
    let (_, list) = get(t, "/prisoners?status=all").await;
    assert!(list.contains(&format!("<td>at least {n}</td>")));
    // The home page counts as held now only those confirmed within the period.
    let (_, home) = get(t, "/").await;
    assert!(
        home.contains("confirmed within the last 365 days: 0."),
        "{home}"
    );
    assert!(home.contains("more were held when a source last confirmed it"));

    // Dinara (the seeds' letter names her) has no detention recorded.
    let (_, unknown) = get(t, "/prisoners?status=unknown").await;
    assert!(
        unknown.contains(">Dinara</a></td><td>unknown</td>"),
        "{unknown}"
    );
    let (_, methodology) = get(t, "/methodology?lang=az").await;
    assert!(methodology.contains("365 gün"));

    // A site that trusts confirmations for a century counts Leyla's days to today.
    let config = vigil_web::WebConfig {
        confirmation_days: Some(36_500),
        ..Default::default()
    };
    let res = vigil_web::router_with(t.store.clone(), config)
        .oneshot(Request::get(href.as_str()).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let body = res.into_body().collect().await.unwrap().to_bytes();
    let page = String::from_utf8(body.to_vec()).unwrap();
    assert!(page.contains("(as of 2014-08-10)") && !page.contains("at least"));
}

on_both_engines!(days_are_never_overstated);

/// A reader's page speaks their language down to the records: a person's name
/// in the page's script (the other forms under "also written"), facilities,
/// charge labels and list titles in the language where the record has them,
/// and each source listed once.
async fn content_in_the_readers_language(t: &TestStore) {
    demo(t).await;
    let href = page_of(t, "Leyla Yunus").await;
    let (_, ru) = get(t, &format!("{href}?lang=ru")).await;
    assert!(
        ru.contains("<h1>Лейла Юнус</h1>"),
        "the Cyrillic form heads"
    );
    assert!(ru.contains("Leyla Yunus"), "the Latin form is also written");
    assert!(
        ru.contains("\">Ариф Юнус</a>"),
        "a relative in the page's script"
    );
    let (_, home) = get(t, "/?lang=ru").await;
    assert!(
        home.contains("\">Хадиджа Исмайлова</a>"),
        "names on the home page too"
    );
    let (_, en) = get(t, &href).await;
    assert!(en.contains("<h1>Leyla Yunus</h1>") && en.contains("Лейла Юнус"));
    // The 2014 list is cited for her and for her case: one entry, both excerpts.
    let sources = &en[en.find("class=\"sources\"").unwrap()..];
    assert_eq!(
        sources
            .matches(">THE LIST – Political prisoners in Azerbaijan, August 2014</a>")
            .count(),
        1,
        "{sources}"
    );
    assert_eq!(
        sources
            .matches("Working Group led by Leyla Yunus and Rasul Jafarov")
            .count(),
        1,
        "the author is not repeated as publisher"
    );

    let mut sabina = Person::new(
        Visibility::Public,
        Name::primary("Səbinə Qurbanova", Some("az")),
    );
    sabina.names.push(Name::new(
        "Сабина Гурбанова",
        NameKind::Transliteration,
        Some("ru"),
    ));
    let mut facility = Organization::new(
        Visibility::Public,
        OrganizationKind::Facility,
        Name::primary("Baku Pre-trial Detention Facility No. 1", Some("en")),
    );
    facility.names.push(Name::new(
        "Бакинский следственный изолятор № 1",
        NameKind::Transliteration,
        Some("ru"),
    ));
    let mut case = Case::new(
        Visibility::Public,
        "The case of Səbinə Qurbanova",
        vec![sabina.id],
    );
    case.charges.push(Charge {
        code: "Criminal Code".into(),
        article: "221.3".into(),
        label: Some("hooliganism".into()),
        labels: [("ru".to_owned(), "хулиганство".to_owned())].into(),
    });
    let mut episode = DetentionEpisode::new(
        Visibility::Public,
        sabina.id,
        DetentionKind::PreTrial,
        Some("2026-11-01".parse().unwrap()),
    );
    episode.facility = Some(facility.id);
    let mut list = PrisonerList::new(Visibility::Public, "Women political prisoners");
    let mut russian = LocalizedText::en("Женщины — политические заключённые");
    russian.language = "ru".into();
    list.titles.push(russian);
    let version = ListVersion::new(
        Visibility::Public,
        list.id,
        "2026-11".parse().unwrap(),
        vec![ListEntry::new(sabina.id, None)],
    );
    let mut tx = t.store.begin().await.unwrap();
    let records: [Record; 6] = [
        sabina.clone().into(),
        facility.into(),
        case.into(),
        episode.into(),
        list.into(),
        version.into(),
    ];
    for r in &records {
        tx.insert(&Actor::cli(), r).await.unwrap();
    }
    tx.commit().await.unwrap();
    let page = format!("/people/{}", sabina.id);
    let (_, ru) = get(t, &format!("{page}?lang=ru")).await;
    assert!(ru.contains("<h1>Сабина Гурбанова</h1>"), "{ru}");
    for russian in [
        "Бакинский следственный изолятор № 1",
        "221.3 — хулиганство",
        "Женщины — политические заключённые",
    ] {
        assert!(ru.contains(russian), "{russian} on the Russian page");
    }
    for english in ["Baku Pre-trial", "hooliganism", "Women political prisoners"] {
        assert!(!ru.contains(english), "{english:?} on the Russian page");
    }
    let (_, az) = get(t, &format!("{page}?lang=az")).await;
    assert!(az.contains("<h1>Səbinə Qurbanova</h1>") && az.contains("Сабина Гурбанова"));
    assert!(
        az.contains("221.3 — hooliganism"),
        "no Azerbaijani label: as recorded"
    );
    let (_, lists) = get(t, "/lists?lang=ru").await;
    assert!(lists.contains("Женщины — политические заключённые"));
}

on_both_engines!(content_in_the_readers_language);

/// A term changed on appeal: the case shows the term that stands, and the
/// timeline both the verdict's and the change, in each language.
async fn a_term_changed_on_appeal_shows_the_latest(t: &TestStore) {
    let person = Person::new(
        Visibility::Public,
        Name::primary("Appealed Person", Some("en")),
    );
    let mut case = Case::new(Visibility::Public, "The appealed case", vec![person.id]);
    case.sentence = Some(Sentence::term(5, 6));
    case.verdict = Some(Verdict {
        date: Some("2014-05-27".parse().unwrap()),
        court: None,
        text: None,
    });
    case.appeals.push(Appeal {
        court: None,
        date: Some("2014-11".parse().unwrap()),
        outcome: Some("reduced".into()),
        sentence: Some(Sentence::term(4, 0)),
    });
    let mut tx = t.store.begin().await.unwrap();
    for r in [Record::from(person.clone()), case.into()] {
        tx.insert(&Actor::cli(), &r).await.unwrap();
    }
    tx.commit().await.unwrap();
    let page = format!("/people/{}", person.id);
    let (_, en) = get(t, &page).await;
    let cases = &en[en.find("</ol>").unwrap()..];
    assert!(
        cases.contains("4 years") && !cases.contains("5 years 6 months"),
        "{cases}"
    );
    assert!(
        en.contains("Sentenced to 5 years 6 months"),
        "the verdict in the timeline"
    );
    assert!(en.contains("Sentence changed on appeal to 4 years"));
    let (_, ru) = get(t, &format!("{page}?lang=ru")).await;
    assert!(ru.contains("Срок изменён в апелляции: 4 года"), "{ru}");
}

on_both_engines!(a_term_changed_on_appeal_shows_the_latest);

/// The 2014 list states the N!DA and Islamic Party verdicts once, in each
/// subsection's introduction: every member the passage names shows the term
/// it names, dated and cited; a member it leaves out shows none.
async fn a_group_verdict_reaches_each_member_it_names(t: &TestStore) {
    demo(t).await;
    let (_, json) = get(t, "/prisoners.json?status=all").await;
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let page_of = |name: &str| {
        let p = json["persons"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name);
        format!(
            "/people/{}",
            p.unwrap_or_else(|| panic!("{name}"))["id"]
                .as_str()
                .unwrap()
        )
    };
    for (name, term, day) in [
        ("Rashadat Akhundov", "8 years", "2014-05-06"),
        ("Mammad Azizov", "7 years 6 months", "2014-05-06"),
        ("Shahin Novruzlu", "6 years", "2014-05-06"),
        ("Movsum Samadov", "12 years", "2011-10-07"),
        ("Rufulla Akhundzada", "11 years 6 months", "2011-10-07"),
    ] {
        let (_, page) = get(t, &page_of(name)).await;
        assert!(
            page.contains(&format!("Sentenced to {term}")),
            "{name}: {page}"
        );
        assert!(page.contains(day), "{name}: the verdict's day");
    }
    // The N!DA passage says only "On May 6"; the list dates it elsewhere.
    let (_, page) = get(t, &page_of("Zaur Gurbanli")).await;
    assert!(
        page.contains("have been given eight year sentences"),
        "{page}"
    );
    assert!(
        page.contains("was detained on 6 May 2014"),
        "the year's source"
    );
    // The Islamic Party's verdict was upheld twice; the passage is cited.
    let (_, samadov) = get(t, &page_of("Dayanat Samadov")).await;
    assert!(samadov.contains("the Supreme Court upheld the decision on 21 February 2013"));
    let (_, hasanov) = get(t, &page_of("Rashad Hasanov")).await;
    assert!(!hasanov.contains("Sentenced to"), "{hasanov}");
}

on_both_engines!(a_group_verdict_reaches_each_member_it_names);

/// Entry #27 of the 2014 list prints "March 07, 2014" as the arrest date and
/// "arrested on March 07, 2013" in its own background: both readings are
/// shown, and days count from the later one.
async fn a_list_entry_that_contradicts_itself_keeps_both_readings(t: &TestStore) {
    demo(t).await;
    let href = page_of(t, "Bakhtiyar Guliyev").await;
    let (_, page) = get(t, &href).await;
    assert!(
        page.contains("2014-03-07 <span class=\"disputed\">(sources disagree; also given as 2013-03-07)</span>"),
        "{page}"
    );
    let (_, ru) = get(t, &format!("{href}?lang=ru")).await;
    assert!(ru.contains("источники расходятся; указывается также 2013-03-07"));
    let (_, az) = get(t, &format!("{href}?lang=az")).await;
    assert!(az.contains("mənbələr razılaşmır"));

    let (_, json) = get(t, "/prisoners.json?status=all").await;
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let person = json["persons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "Bakhtiyar Guliyev")
        .unwrap()
        .clone();
    assert_eq!(person["arrest_date"], "2014-03-07");
    assert_eq!(person["arrest_date_disputed"][0], "2013-03-07");
    let days = person["days_in_detention"]["days"].as_i64().unwrap();
    assert_eq!(
        days,
        days_from_to("2014-03-07", "2014-08-10"),
        "from the later reading"
    );

    let row = csv_row(t, "Bakhtiyar Guliyev").await;
    assert_eq!(row["arrest_date_also_given"], "2013-03-07");
    assert_eq!(row["days_in_detention"], days.to_string());
}

on_both_engines!(a_list_entry_that_contradicts_itself_keeps_both_readings);
