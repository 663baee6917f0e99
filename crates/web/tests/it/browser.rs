//! End to end in a real browser (Debian's Chromium through chromedriver):
//! a documenter logs in, records a person with an Azerbaijani Latin and a
//! Russian Cyrillic name, a case, a detention and a hearing, publishes the
//! person, finds them on the public list and the hearing in the calendar
//! feed, and logs out — once with JavaScript on and once with it off.
//! Screenshots of the main pages go to `test-artifacts/screenshots/`.
//!
//! `scripts/test` installs chromium and chromium-driver. Without them this
//! test is skipped with a message, unless `CI` is set: then it fails.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;
use vigil_app::accounts::{self, Password};
use vigil_domain::records::Role;
use vigil_storage::testing::TestStore;
use vigil_storage::{Actor, on_both_engines};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const PASSWORD: &str = "a long enough passphrase";

struct Driver(Child);
impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn tools_present() -> bool {
    let present =
        std::path::Path::new(CHROMIUM).exists() && std::path::Path::new(CHROMEDRIVER).exists();
    if !present {
        if std::env::var_os("CI").is_some() {
            panic!(
                "CI is set and {CHROMIUM} or {CHROMEDRIVER} is missing; scripts/test installs them"
            );
        }
        eprintln!("skipped: {CHROMIUM} or {CHROMEDRIVER} is missing (scripts/test installs them)");
    }
    present
}

fn artifacts() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../test-artifacts/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn start_driver() -> (Driver, u16) {
    let port = free_port();
    let child = Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "chromedriver did not start"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    (Driver(child), port)
}

async fn browser(driver_port: u16, javascript: bool, profile: &std::path::Path) -> Client {
    let mut prefs = json!({});
    if !javascript {
        prefs = json!({"profile.managed_default_content_settings.javascript": 2});
    }
    let caps = json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": CHROMIUM,
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,1000",
                     format!("--user-data-dir={}", profile.display())],
            "prefs": prefs,
        }
    });
    let serde_json::Value::Object(caps) = caps else {
        unreachable!()
    };
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{driver_port}"))
        .await
        .expect("a browser session")
}

async fn serve(t: &TestStore) -> (SocketAddr, tokio::sync::oneshot::Sender<()>) {
    let port = free_port();
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let store = t.store.clone();
    tokio::spawn(async move {
        vigil_web::serve(store, vigil_web::WebConfig::default(), addr, async {
            let _ = rx.await;
        })
        .await
        .unwrap();
    });
    while std::net::TcpStream::connect(addr).is_err() {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    (addr, tx)
}

/// A browser on a server with the demo and a member of staff, `editor1`, of `role`.
struct Session {
    addr: SocketAddr,
    base: String,
    c: Client,
    stop: tokio::sync::oneshot::Sender<()>,
    /// Kept until the session ends: the driver stops when dropped, the profile goes.
    driver: Driver,
    profile: tempfile::TempDir,
}

async fn session(t: &TestStore, role: Role, javascript: bool) -> Session {
    vigil_app::demo::load(&t.store).await.unwrap();
    accounts::add_user(
        &t.store,
        &Actor::cli(),
        "editor1",
        role,
        &Password::new(PASSWORD),
    )
    .await
    .unwrap();
    let (addr, stop) = serve(t).await;
    let (driver, port) = start_driver().await;
    let profile = tempfile::tempdir().unwrap();
    let c = browser(port, javascript, profile.path()).await;
    Session {
        addr,
        base: format!("http://{addr}"),
        c,
        stop,
        driver,
        profile,
    }
}

async fn shot(c: &Client, name: &str) {
    let png = c.screenshot().await.unwrap();
    std::fs::write(artifacts().join(format!("{name}.png")), png).unwrap();
}

/// Click `button` and wait until the browser has left `from`; returns the new address.
async fn click_and_wait(c: &Client, button: Locator<'_>, from: &str) -> String {
    c.find(button).await.unwrap().click().await.unwrap();
    let started = Instant::now();
    loop {
        let url = c.current_url().await.unwrap().to_string();
        let ready = c
            .execute("return document.readyState", vec![])
            .await
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned));
        if url != from && ready.as_deref().is_none_or(|r| r == "complete") {
            return url;
        }
        if started.elapsed() > Duration::from_secs(15) {
            return url;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Press the form's Save button; returns the saved record's address.
async fn save(c: &Client, form: &str) -> String {
    let url = click_and_wait(c, Locator::Css("main form button[value=save]"), form).await;
    if !url.contains("/staff/records/") || url.ends_with("/form") {
        let page = c.source().await.unwrap_or_default();
        let error = page
            .split("class=\"error\"")
            .skip(1)
            .map(|e| e.chars().take(200).collect::<String>())
            .collect::<Vec<_>>()
            .join(" … ");
        panic!("saved, not refused: {url}: {error}");
    }
    url
}

/// Follow the link to `href` on the current page (it must be there).
async fn follow(c: &Client, href: &str) {
    let from = c.current_url().await.unwrap().to_string();
    let css = format!("a[href='{href}']");
    c.find(Locator::Css(&css))
        .await
        .unwrap_or_else(|_| panic!("a link to {href} on {from}"));
    click_and_wait(c, Locator::Css(&css), &from).await;
}

/// In the picker `fieldset` with id `picker`, search for `query` and choose
/// the record whose label starts with `label`. With `find`, by pressing
/// "Find" (a round trip that keeps what was typed, as without JavaScript);
/// without, as the script offers records while one types.
async fn pick(c: &Client, picker: &str, query: &str, label: &str, find: bool) {
    type_into(c, &format!("{picker}-q"), query).await;
    if find {
        click(c, &format!("#{picker} button[value=find]")).await;
    }
    let xpath = format!(
        "//fieldset[@id='{picker}']//label[starts-with(normalize-space(.), \"{label}\")]/input"
    );
    let started = Instant::now();
    let input = loop {
        if let Ok(input) = c.find(Locator::XPath(&xpath)).await {
            break input;
        }
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "{label} is offered in {picker}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    if input.prop("checked").await.unwrap().as_deref() != Some("true") {
        input.click().await.unwrap();
    }
}

/// Sign in on the login page the browser is at; returns where it lands.
async fn sign_in(c: &Client, username: &str) -> String {
    type_into(c, "username", username).await;
    type_into(c, "password", PASSWORD).await;
    let login = c.current_url().await.unwrap().to_string();
    click_and_wait(c, Locator::Css("main form button[type=submit]"), &login).await
}

async fn type_into(c: &Client, id: &str, text: &str) {
    c.find(Locator::Id(id))
        .await
        .unwrap()
        .send_keys(text)
        .await
        .unwrap();
}

async fn click(c: &Client, css: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

fn id_in(url: &str) -> String {
    url.rsplit('/').next().unwrap().to_owned()
}

fn http_get(addr: SocketAddr, path: &str) -> String {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut buf = String::new();
    s.read_to_string(&mut buf).unwrap();
    buf.split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default()
}

async fn documenter_journey(t: &TestStore, javascript: bool) {
    let Session {
        addr,
        base,
        c,
        stop,
        driver: _driver,
        profile: _profile,
    } = session(t, Role::Editor, javascript).await;
    let tag = if javascript { "js" } else { "nojs" };
    let engine = t.engine_name();

    c.goto(&format!("{base}/")).await.unwrap();
    if javascript && engine == "sqlite" {
        shot(&c, "public-home").await;
    }
    // Staff pages send the anonymous to the login page.
    c.goto(&format!("{base}/staff")).await.unwrap();
    assert!(c.current_url().await.unwrap().path().starts_with("/login"));
    let after = sign_in(&c, "editor1").await;
    assert!(after.ends_with("/staff"), "logged in: {after}");
    if javascript && engine == "sqlite" {
        shot(&c, "staff-dashboard").await;
    }

    // A person with an Azerbaijani Latin and a Russian Cyrillic name, through the person form; kept internal.
    let form = format!("{base}/staff/people/new");
    c.goto(&form).await.unwrap();
    type_into(&c, "name0", "Mehman Hüseynov").await;
    type_into(&c, "name1", "Мехман Гусейнов").await;
    click(&c, "#gender option[value=male]").await;
    click(&c, "input[name=occupation][value=blogger]").await;
    // A wrong date first: the error appears beside the field, and nothing is saved.
    type_into(&c, "birth_date", "1990-13").await;
    click(&c, "main form button[type=submit]").await;
    let started = Instant::now();
    while c.find(Locator::Id("err-birth_date")).await.is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "the form comes back with the error"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let error = c
        .find(Locator::Id("err-birth_date"))
        .await
        .expect("an error beside the date")
        .text()
        .await
        .unwrap();
    assert!(error.contains("month 13"), "{error}");
    if javascript && engine == "sqlite" {
        shot(&c, "staff-person-form-error").await;
    }
    let date = c.find(Locator::Id("birth_date")).await.unwrap();
    date.clear().await.unwrap();
    date.send_keys("1992").await.unwrap();
    let current = c.current_url().await.unwrap().to_string();
    let url = click_and_wait(&c, Locator::Css("main form button[type=submit]"), &current).await;
    assert!(url.contains("/staff/records/"), "saved: {url}");
    let person_id: uuid::Uuid = id_in(&url).parse().unwrap();
    // Everything else is entered from the record pages' links and with
    // pickers: no id is typed or pasted.
    c.goto(&url).await.unwrap();
    let case_form = format!("/staff/form/case?defendants={person_id}");
    follow(&c, &case_form).await;
    type_into(&c, "f-title", &format!("Defamation case ({tag})")).await;
    click(&c, "#f-status option[value=trial]").await;
    type_into(&c, "f-charges-0-article", "147.2").await;
    type_into(&c, "f-charges-0-label", "defamation").await;
    pick(
        &c,
        "f-courts",
        "Grave Crimes",
        "Baku Court of Grave Crimes",
        true,
    )
    .await;
    let case = save(&c, c.current_url().await.unwrap().as_ref()).await;
    let case_id = id_in(&case);
    if javascript && engine == "sqlite" {
        shot(&c, "staff-case").await;
    }

    // From the case's page: its detention, with the prison found by name.
    follow(
        &c,
        &format!("/staff/form/detention_episode?person={person_id}&case={case_id}"),
    )
    .await;
    type_into(&c, "f-start", "2026-10-01").await;
    click(&c, "#f-kind option[value=pre_trial]").await;
    pick(
        &c,
        "f-facility",
        "Kurdakhani",
        "Baku Investigative Prison No. 1",
        true,
    )
    .await;
    if javascript && engine == "sqlite" {
        shot(&c, "staff-picker").await;
    }
    save(&c, c.current_url().await.unwrap().as_ref()).await;

    // A hearing in the case, at its court (filled in from the case).
    c.goto(&case).await.unwrap();
    let hearing_form = format!("/staff/form/hearing?case={case_id}&court=");
    let link = c
        .find(Locator::Css(&format!("a[href^='{hearing_form}']")))
        .await
        .expect("a link to a new hearing in this case, at its court");
    let href = link.attr("href").await.unwrap().unwrap();
    follow(&c, &href).await;
    // Two months ahead: inside the site-wide calendar's window whenever the test runs.
    let hearing_day = jiff::Zoned::now()
        .date()
        .checked_add(jiff::Span::new().days(60))
        .unwrap();
    type_into(&c, "f-date", &hearing_day.to_string()).await;
    type_into(&c, "f-time", "11:00").await;
    click(&c, "#f-kind option[value=trial]").await;
    let hearing = save(&c, c.current_url().await.unwrap().as_ref()).await;

    // A complaint on the defendant's behalf, addressed to the Ombudsman found by name.
    c.goto(&case).await.unwrap();
    follow(
        &c,
        &format!("/staff/form/complaint?on_behalf_of={person_id}"),
    )
    .await;
    type_into(&c, "f-subject", "Letters not sent on from the prison").await;
    // With the script, the Ombudsman is offered while "Ombud" is typed.
    let office = "Ombudsman's Office of Azerbaijan";
    pick(&c, "f-addressees", "Ombud", office, !javascript).await;
    let complaint = save(&c, c.current_url().await.unwrap().as_ref()).await;
    let complaint: vigil_domain::AnyId = id_in(&complaint).parse().unwrap();
    let Some(vigil_domain::Record::Complaint(complaint)) = t.store.get(complaint).await.unwrap()
    else {
        panic!("a complaint is stored")
    };
    assert_eq!(complaint.addressees.len(), 1, "the Ombudsman was picked");
    assert_eq!(complaint.on_behalf_of.len(), 1, "for the defendant");
    let hearing_id = id_in(&hearing);

    // Not public yet: the public list does not show the person.
    c.goto(&format!("{base}/prisoners")).await.unwrap();
    assert!(!c.source().await.unwrap().contains("Mehman Hüseynov"));
    // Publish in one step: the person with the case, the detention and the
    // hearing their page shows (all entered internal); the complaint stays.
    let record = format!("{base}/staff/records/{person_id}");
    c.goto(&record).await.unwrap();
    follow(&c, &format!("/staff/records/{person_id}/publish")).await;
    let offered = c
        .find(Locator::Id("publish-offered"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for what in [
        format!("Defamation case ({tag})"),
        "Detention".to_owned(),
        "Hearing".to_owned(),
    ] {
        assert!(offered.contains(&what), "{what} is offered: {offered}");
    }
    assert!(
        !offered.contains("Letters not sent"),
        "the complaint is not"
    );
    if javascript && engine == "sqlite" {
        shot(&c, "staff-publish").await;
    }
    let here = c.current_url().await.unwrap().to_string();
    click_and_wait(&c, Locator::Css("main form button[type=submit]"), &here).await;
    let started = Instant::now();
    while !c
        .source()
        .await
        .unwrap()
        .contains("<strong>public</strong>")
    {
        assert!(started.elapsed() < Duration::from_secs(15), "published");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    if javascript && engine == "sqlite" {
        shot(&c, "staff-record").await;
    }

    // The public list, the person's page, the calendar.
    c.goto(&format!("{base}/prisoners")).await.unwrap();
    let link = c
        .find(Locator::LinkText("Mehman Hüseynov"))
        .await
        .expect("on the public list");
    if javascript && engine == "sqlite" {
        shot(&c, "public-prisoners").await;
    }
    drop(link);
    let list = c.current_url().await.unwrap().to_string();
    click_and_wait(&c, Locator::LinkText("Mehman Hüseynov"), &list).await;
    let page = c.source().await.unwrap();
    assert!(page.contains("Мехман Гусейнов") && page.contains("147.2"));
    if javascript && engine == "sqlite" {
        shot(&c, "public-person").await;
    }
    let ics = http_get(addr, "/hearings.ics");
    let cal = ical::IcalParser::new(ics.as_bytes())
        .next()
        .unwrap()
        .unwrap();
    let ours = cal
        .events
        .iter()
        .find(|e| {
            e.properties.iter().any(|p| {
                p.name == "UID"
                    && p.value.as_deref() == Some(&format!("hearing-{hearing_id}@vigil"))
            })
        })
        .expect("the new hearing is in the feed");
    let start = ours
        .properties
        .iter()
        .find(|p| p.name == "DTSTART")
        .and_then(|p| p.value.clone())
        .unwrap();
    assert_eq!(
        start,
        format!("{}T070000Z", hearing_day.strftime("%Y%m%d")),
        "11:00 in Baku is 07:00 UTC"
    );
    c.goto(&format!("{base}/hearings")).await.unwrap();
    if javascript && engine == "sqlite" {
        shot(&c, "public-hearings").await;
    }

    // Log out: the staff pages are closed again.
    let staff = format!("{base}/staff");
    c.goto(&staff).await.unwrap();
    click_and_wait(&c, Locator::Css("form[action='/logout'] button"), &staff).await;
    c.goto(&staff).await.unwrap();
    assert!(c.current_url().await.unwrap().path().starts_with("/login"));
    c.close().await.unwrap();
    let _ = stop.send(());
}

fn axe_script() -> Option<String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../target/axe/node_modules/axe-core/axe.min.js");
    match std::fs::read_to_string(&path) {
        Ok(s) => Some(s),
        Err(_) if std::env::var_os("CI").is_some() => panic!(
            "CI is set and axe-core is missing at {}; scripts/test installs it",
            path.display()
        ),
        Err(_) => {
            eprintln!(
                "skipped: axe-core is missing at {} (scripts/test installs it)",
                path.display()
            );
            None
        }
    }
}

/// WCAG 2.1 A and AA violations axe-core finds on the current page, as readable lines.
async fn axe_violations(c: &Client, axe: &str) -> Vec<String> {
    c.execute(axe, vec![]).await.expect("load axe-core");
    let result = c
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})\
                .then(r => done(r.violations.map(v => v.id + ': ' + v.help + ' — ' + v.nodes.map(n => n.target.join(' ')).slice(0, 5).join(' | '))))\
                .catch(e => done(['axe failed: ' + e]));",
            vec![],
        )
        .await
        .expect("run axe-core");
    serde_json::from_value(result.clone()).unwrap_or_else(|_| panic!("axe-core answered {result}"))
}

/// axe-core finds no WCAG 2.1 AA violation on the main public and staff
/// pages, and none of them is wider than a 390 px phone's window.
async fn accessibility(t: &TestStore) {
    if !tools_present() {
        return;
    }
    let Some(axe) = axe_script() else { return };
    // An administrator, so that the account pages are checked too.
    let Session {
        addr: _,
        base,
        c,
        stop,
        driver: _driver,
        profile: _profile,
    } = session(t, Role::Admin, true).await;
    c.goto(&format!("{base}/prisoners?status=all"))
        .await
        .unwrap();
    let person = c
        .find(Locator::LinkText("Leyla Yunus"))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    c.goto(&format!("{base}/lists")).await.unwrap();
    let list = c
        .find(Locator::LinkText("Political prisoners in Azerbaijan"))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    let mut pages: Vec<String> = [
        "/",
        "/prisoners",
        "/hearings",
        "/lists",
        "/about",
        "/methodology",
        "/?lang=az",
        "/prisoners?lang=ru",
        "/login",
        "/search?q=Yunus",
        "/search?q=Zzyzx&lang=ru",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    pages.push(person.clone());
    let staff_list = format!("/staff{list}");
    pages.push(list);
    // The checker itself: an image without a text alternative must be caught.
    c.goto(&format!("{base}/about")).await.unwrap();
    c.execute("document.querySelector('main').appendChild(document.createElement('img')).src = '/static/none.png';", vec![]).await.unwrap();
    let caught = axe_violations(&c, &axe).await;
    assert!(
        caught.iter().any(|v| v.starts_with("image-alt")),
        "axe-core runs and reports: {caught:?}"
    );
    let mut failures = vec![];
    for p in &pages {
        c.goto(&format!("{base}{p}")).await.unwrap();
        for v in axe_violations(&c, &axe).await {
            failures.push(format!("{p}: {v}"));
        }
    }
    // Staff pages, signed in.
    c.goto(&format!("{base}/login")).await.unwrap();
    sign_in(&c, "editor1").await;
    let leyla = person.rsplit('/').next().unwrap().to_owned();
    let staff_pages = [
        "/staff".to_string(),
        "/staff/records?kind=person".into(),
        "/staff/search?q=Yunus".into(),
        "/staff/import".into(),
        "/staff/review".into(),
        staff_list,
        format!("/staff/records/{leyla}"),
        format!("/staff/records/{leyla}/publish"),
        "/staff/new/person".into(),
        format!("/staff/records/{leyla}/edit"),
        "/staff/people/new".into(),
        format!("/staff/people/{leyla}/edit"),
        format!("/staff/form/case?defendants={leyla}"),
        "/staff/form/hearing".into(),
        "/staff/form/incident".into(),
        "/staff/form/welfare_report".into(),
        "/staff/form/source".into(),
        "/staff/form/detention_episode?_find.person=Yunus&_find.facility=Kurdakhani".into(),
        "/staff/form/complaint?_find.addressees=Ombud".into(),
        "/staff/files".into(),
        "/staff/users".into(),
        "/staff/users/editor1".into(),
        "/staff/about".into(),
    ];
    for p in &staff_pages {
        c.goto(&format!("{base}{p}")).await.unwrap();
        for v in axe_violations(&c, &axe).await {
            failures.push(format!("{p}: {v}"));
        }
    }
    // Every page, public and staff, fits a phone: nothing wider than the window.
    c.set_window_size(390, 844).await.unwrap();
    if t.engine_name() == "sqlite" {
        // The last run's, so that none is left over under an old number.
        for old in std::fs::read_dir(artifacts()).unwrap().flatten() {
            if old.file_name().to_string_lossy().starts_with("phone-") {
                let _ = std::fs::remove_file(old.path());
            }
        }
    }
    for (i, p) in pages.iter().chain(&staff_pages).enumerate() {
        c.goto(&format!("{base}{p}")).await.unwrap();
        let wide = c
            .execute(
                "return document.documentElement.scrollWidth - window.innerWidth;",
                vec![],
            )
            .await
            .unwrap()
            .as_i64()
            .unwrap();
        if wide > 0 {
            failures.push(format!("{p}: {wide} px wider than a 390 px phone"));
        }
        if t.engine_name() == "sqlite" {
            // Ids read as "id", so each page keeps its name from run to run.
            let path: Vec<&str> = p
                .trim_start_matches('/')
                .split('/')
                .map(|seg| {
                    if uuid::Uuid::parse_str(seg).is_ok() {
                        "id"
                    } else {
                        seg
                    }
                })
                .collect();
            let name: String = path
                .join("-")
                .chars()
                .take(48)
                .map(|ch| if ch.is_ascii_alphanumeric() { ch } else { '-' })
                .collect();
            shot(&c, &format!("phone-{i:02}-{name}")).await;
        }
    }
    c.close().await.unwrap();
    let _ = stop.send(());
    assert!(
        failures.is_empty(),
        "accessibility and phone-width violations:\n{}",
        failures.join("\n")
    );
}

async fn journey_with_javascript(t: &TestStore) {
    if tools_present() {
        documenter_journey(t, true).await;
    }
}

async fn journey_without_javascript(t: &TestStore) {
    if tools_present() {
        documenter_journey(t, false).await;
    }
}

/// The home page a reader opens first, at desktop and phone width, in
/// English and Russian, with and without JavaScript: the featured list's
/// headline and the four sections, each linking on, and nothing wider than
/// the screen.
async fn home_page_for_readers(t: &TestStore) {
    if !tools_present() {
        return;
    }
    vigil_app::demo::load(&t.store).await.unwrap();
    let (addr, stop) = serve(t).await;
    let base = format!("http://{addr}");
    let (_driver, port) = start_driver().await;
    for javascript in [true, false] {
        let profile = tempfile::tempdir().unwrap();
        let c = browser(port, javascript, profile.path()).await;
        for (width, height) in [(1280, 1000), (390, 1600)] {
            c.set_window_size(width, height).await.unwrap();
            for lang in ["en", "ru"] {
                c.goto(&format!("{base}/?lang={lang}")).await.unwrap();
                let headline = c.find(Locator::Css("p.headline")).await.unwrap();
                let text = headline.text().await.unwrap();
                let count = if lang == "en" {
                    "392 political prisoners"
                } else {
                    "392 политических заключённых"
                };
                assert!(text.contains(count), "{lang} {width}: {text}");
                let sections = c.find_all(Locator::Css("main section h2")).await.unwrap();
                assert!(
                    sections.len() >= 4,
                    "{lang} {width}: {} sections",
                    sections.len()
                );
                let links = c.find_all(Locator::Css("main section a")).await.unwrap();
                assert!(links.len() >= 8, "each section links on");
                if javascript {
                    let wide = c
                        .execute(
                            "return document.documentElement.scrollWidth - window.innerWidth;",
                            vec![],
                        )
                        .await
                        .unwrap();
                    assert!(
                        wide.as_i64().unwrap() <= 0,
                        "{lang} {width}: {wide} px too wide"
                    );
                    if t.engine_name() == "sqlite" {
                        shot(&c, &format!("home-{lang}-{width}")).await;
                    }
                }
            }
        }
        c.close().await.unwrap();
    }
    let _ = stop.send(());
}

/// Wait until the current address is no longer `from`.
async fn left(c: &Client, from: &str) -> String {
    let started = Instant::now();
    loop {
        let url = c.current_url().await.unwrap().to_string();
        if url != from {
            return url;
        }
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "still on {from}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The rest of the documenter's guide in a browser, without typing an id:
/// import a list (one row held for review), decide the held row in the
/// review queue, and merge two records of one person found by name. Its
/// screenshots (`guide-*`) illustrate docs/GUIDE.md.
async fn import_review_and_merge(t: &TestStore) {
    if !tools_present() {
        return;
    }
    let Session {
        addr: _,
        base,
        c,
        stop,
        driver: _driver,
        profile,
    } = session(t, Role::Editor, true).await;
    let shots = t.engine_name() == "sqlite";
    c.goto(&format!("{base}/login")).await.unwrap();
    sign_in(&c, "editor1").await;

    // Import: a list of three names, read and previewed before anything is written.
    let list = profile.path().join("list.csv");
    std::fs::write(&list, "name\nLeyla Yunus\nRamil Testov\nRamil Testov\n").unwrap();
    let upload = format!("{base}/staff/import");
    c.goto(&upload).await.unwrap();
    c.find(Locator::Id("file"))
        .await
        .unwrap()
        .send_keys(&list.display().to_string())
        .await
        .unwrap();
    c.find(Locator::Css("main form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let preview = left(&c, &upload).await;
    assert!(preview.contains("/staff/import/"), "{preview}");
    // Hold Leyla Yunus's row for review rather than matching it at once.
    let hold = "//tr[td[2][normalize-space(.)='Leyla Yunus']]//input[@value='review']";
    c.find(Locator::XPath(hold))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    if shots {
        shot(&c, "guide-import-preview").await;
    }
    c.find(Locator::Css("form[action$='/apply'] button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    left(&c, &preview).await;
    if shots {
        shot(&c, "guide-import-done").await;
    }

    // The review queue: the held row, with the person it may be; confirm it.
    c.goto(&format!("{base}/staff/review")).await.unwrap();
    let confirm = c
        .find(Locator::Css("button[name=decision][value^='match:']"))
        .await
        .expect("the held row waits with its candidate");
    if shots {
        shot(&c, "guide-review").await;
    }
    confirm.click().await.unwrap();
    let started = Instant::now();
    while c.find(Locator::Css("button[name=decision]")).await.is_ok() {
        assert!(started.elapsed() < Duration::from_secs(15), "decided");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // Merge: the list named Ramil Testov twice; find one record by name,
    // then the other from its page, and merge them.
    c.goto(&format!("{base}/staff/search?q=Ramil+Testov"))
        .await
        .unwrap();
    let search = c.current_url().await.unwrap().to_string();
    click_and_wait(&c, Locator::LinkText("Ramil Testov"), &search).await;
    let page = c.current_url().await.unwrap().to_string();
    type_into(&c, "merge-q", "Ramil Testov").await;
    click(&c, "form.inline-search button").await;
    let found = left(&c, &page).await;
    click(&c, "input[name=other]").await;
    click(&c, "input[name=confirm]").await;
    if shots {
        shot(&c, "guide-merge").await;
    }
    click(&c, "form[action$='/merge'] button[type=submit]").await;
    left(&c, &found).await;
    let persons: Vec<vigil_domain::records::Person> = t
        .store
        .list(vigil_domain::RecordKind::Person)
        .await
        .unwrap()
        .into_iter()
        .filter_map(|r| r.try_into().ok())
        .filter(|p: &vigil_domain::records::Person| {
            p.names.iter().any(|n| n.name == "Ramil Testov")
        })
        .collect();
    assert_eq!(persons.len(), 1, "merged into one record");
    c.close().await.unwrap();
    let _ = stop.send(());
}

on_both_engines!(
    home_page_for_readers,
    journey_with_javascript,
    journey_without_javascript,
    accessibility,
    import_review_and_merge
);
