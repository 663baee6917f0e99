//! The `vigil` command as a user runs it.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use vigil_storage::Target;
use vigil_storage::testing::TestStore;

fn vigil(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vigil"))
        .args(args)
        .env_remove("VIGIL_DATA")
        .env_remove("VIGIL_DATABASE_URL")
        .env("VIGIL_LOG", "warn")
        .output()
        .expect("run vigil")
}

/// Run vigil with `input` on its standard input (no passphrase in the environment).
fn with_stdin(args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vigil"))
        .args(args)
        .env_remove("VIGIL_PASSPHRASE")
        .env("VIGIL_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run vigil");
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(input.as_bytes()).expect("write to vigil");
    }
    child.wait_with_output().expect("vigil ends")
}

fn ok(args: &[&str]) -> String {
    let out = vigil(args);
    assert!(
        out.status.success(),
        "vigil {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap() + &String::from_utf8(out.stderr).unwrap()
}

fn fails(args: &[&str]) -> String {
    let out = vigil(args);
    assert!(!out.status.success(), "vigil {args:?} should have failed");
    String::from_utf8(out.stderr).unwrap()
}

/// The exit code and the error output of a command that must fail.
fn fails_with(args: &[&str]) -> (i32, String) {
    let out = vigil(args);
    assert!(!out.status.success(), "vigil {args:?} should have failed");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn data_arg(dir: &Path) -> String {
    dir.to_str().unwrap().to_owned()
}

#[test]
fn init_demo_stats_verify_on_sqlite() {
    let tmp = tempfile::tempdir().unwrap();
    let data = data_arg(&tmp.path().join("data"));
    assert!(ok(&["--data", &data, "init"]).contains("store ready"));
    assert!(ok(&["--data", &data, "demo", "load"]).contains("demo loaded"));
    assert!(ok(&["--data", &data, "demo", "load"]).contains("already loaded"));
    let out = vigil(&["--data", &data, "stats", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["records"]["persons"].as_i64().unwrap() > 98);
    assert!(ok(&["--data", &data, "stats"]).contains("published count 392"));
    assert!(ok(&["--data", &data, "audit", "verify"]).contains("audit chain intact"));
    // The demo's key is named after its folder: another folder beside it is
    // never sealed with it.
    let other = tmp.path().join("production");
    ok(&["--data", &data_arg(&other), "init"]);
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let store = vigil_storage::Store::open(&Target::Folder(other))
            .await
            .unwrap();
        assert_eq!(store.key_id(), None);
        store.close().await;
    });
}

#[test]
fn export_import_through_files_and_refuse_bad_ones() {
    let tmp = tempfile::tempdir().unwrap();
    let a = data_arg(&tmp.path().join("a"));
    let b = data_arg(&tmp.path().join("b"));
    let file = tmp.path().join("bundle.jsonl");
    let file = file.to_str().unwrap();
    ok(&[
        "--data",
        &a,
        "dev",
        "generate",
        "--persons",
        "50",
        "--seed",
        "3",
    ]);
    ok(&["--data", &a, "export", "bundle", "--out", file]);
    assert!(!Path::new(&format!("{}.partial", file.trim_end_matches(".jsonl"))).exists());
    // The bundle holds confidential data: a store without a key refuses it
    // whole; with a key (here the demo's, as a second server of the same
    // organisation would have it) it takes it.
    let err = fails(&["--data", &b, "import", "bundle", file]);
    assert!(err.contains("stored only sealed"), "{err}");
    let key = tmp.path().join("a.demo.key");
    let key = key.to_str().unwrap();
    assert!(ok(&["--data", &b, "--key-file", key, "import", "bundle", file]).contains("imported"));
    assert!(ok(&["--data", &b, "--key-file", key, "audit", "verify"]).contains("intact"));

    // A second import into the same store is refused, and so are damaged files.
    assert!(
        fails(&["--data", &b, "--key-file", key, "import", "bundle", file]).contains("empty store")
    );
    let bad = tmp.path().join("bad.jsonl");
    std::fs::write(
        &bad,
        "{\"vigil_bundle\":1,\"exported_at\":\"x\",\"generator\":\"y\"}\n{\"record\": 5}\n",
    )
    .unwrap();
    let c = data_arg(&tmp.path().join("c"));
    let err = fails(&["--data", &c, "import", "bundle", bad.to_str().unwrap()]);
    assert!(err.contains("bundle line 2"), "{err}");
    assert!(ok(&["--data", &c, "stats"]).contains("persons                      0"));
    let err = fails(&[
        "--data",
        &c,
        "import",
        "bundle",
        "/nonexistent/bundle.jsonl",
    ]);
    assert!(err.contains("cannot open"), "{err}");
}

#[test]
fn keys_new_writes_a_private_key_file_once() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("vigil.key");
    let f = file.to_str().unwrap();
    let out = ok(&["keys", "new", "--out", f]);
    let ring = vigil_storage::Keyring::from_file(&file).expect("a key vigil can read");
    assert!(out.contains(ring.id()), "{out}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "only its owner may read it: {mode:o}");
    }
    let before = std::fs::read(&file).unwrap();
    let err = fails(&["keys", "new", "--out", f]);
    assert!(err.contains("never overwritten"), "{err}");
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

#[test]
fn keys_rotate_reseals_the_demo_and_only_the_new_key_opens_it() {
    let tmp = tempfile::tempdir().unwrap();
    let data = data_arg(&tmp.path().join("data"));
    ok(&["--data", &data, "demo", "load"]);
    let demo_key = tmp.path().join("data.demo.key");
    let old = vigil_storage::Keyring::from_file(&demo_key).unwrap();
    let new_file = tmp.path().join("new.key");
    let new_key = new_file.to_str().unwrap();
    ok(&["keys", "new", "--out", new_key]);
    let new = vigil_storage::Keyring::from_file(&new_file).unwrap();
    // A new key is needed, and it must not be the present one.
    assert!(fails(&["--data", &data, "keys", "rotate"]).contains("--new-key-file"));
    let demo_key_arg = demo_key.to_str().unwrap();
    let err = fails(&[
        "--data",
        &data,
        "keys",
        "rotate",
        "--new-key-file",
        demo_key_arg,
    ]);
    assert!(err.contains("present key"), "{err}");
    let out = ok(&["--data", &data, "keys", "rotate", "--new-key-file", new_key]);
    assert!(
        out.contains(new.id()) && out.contains(old.id()) && out.contains("1 records"),
        "{out}"
    );
    // The demo's own key no longer opens its folder; the new one does.
    let err = fails(&["--data", &data, "stats"]);
    assert!(err.contains("does not open this store"), "{err}");
    assert!(
        ok(&["--data", &data, "--key-file", new_key, "audit", "verify"])
            .contains("audit chain intact")
    );
    let log = ok(&[
        "--data",
        &data,
        "--key-file",
        new_key,
        "audit",
        "log",
        "--limit",
        "3",
    ]);
    assert!(log.contains("keys-rotate"), "{log}");
    // A new passphrase instead of a key file.
    let phrase = "a new passphrase for the demo";
    let with_env = |args: &[&str], var: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_vigil"))
            .args(args)
            .env(var, phrase)
            .env("VIGIL_LOG", "warn")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    with_env(
        &[
            "--data",
            &data,
            "--key-file",
            new_key,
            "keys",
            "rotate",
            "--new-passphrase-env",
            "NEW_PHRASE",
        ],
        "NEW_PHRASE",
    );
    with_env(&["--data", &data, "stats"], "VIGIL_PASSPHRASE");
}

#[test]
fn backup_and_restore_through_files() {
    let tmp = tempfile::tempdir().unwrap();
    let path = |n: &str| tmp.path().join(n).to_str().unwrap().to_owned();
    let data = path("data");
    ok(&["--data", &data, "demo", "load"]);
    let recipient = ok(&["keys", "backup-identity", "--out", &path("id.txt")]);
    let recipient = recipient.lines().next().unwrap().trim().to_owned();
    assert!(recipient.starts_with("age1"), "{recipient}");
    assert!(
        fails(&["keys", "backup-identity", "--out", &path("id.txt")]).contains("never overwritten")
    );
    let err = fails(&[
        "--data",
        &data,
        "backup",
        "--out",
        &path("b.age"),
        "--recipient",
        "age1nonsense",
    ]);
    assert!(err.contains("not an age recipient"), "{err}");
    assert!(
        fails(&["--data", &data, "backup", "--out", &path("b.age")])
            .contains("at least one recipient")
    );
    assert!(!tmp.path().join("b.age").exists() && !tmp.path().join("b.partial").exists());
    std::fs::write(
        path("recipients.txt"),
        format!("# the office\n{recipient}\n"),
    )
    .unwrap();
    let out = ok(&[
        "--data",
        &data,
        "backup",
        "--out",
        &path("b.age"),
        "--recipients-file",
        &path("recipients.txt"),
    ]);
    assert!(out.contains("1 recipient(s)"), "{out}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path("b.age"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "{mode:o}");
    }
    // Into a new folder: the confidential data needs a key there too.
    let err = fails(&[
        "--data",
        &path("restored"),
        "restore",
        &path("b.age"),
        "--identity",
        &path("id.txt"),
    ]);
    assert!(err.contains("stored only sealed"), "{err}");
    let demo_key = path("data.demo.key");
    let out = ok(&[
        "--data",
        &path("restored"),
        "--key-file",
        &demo_key,
        "restore",
        &path("b.age"),
        "--identity",
        &path("id.txt"),
    ]);
    assert!(out.contains("restored"), "{out}");
    assert!(
        ok(&[
            "--data",
            &path("restored"),
            "--key-file",
            &demo_key,
            "audit",
            "verify"
        ])
        .contains("intact")
    );
    // Into a store with a key of its own, given the backed-up store's key too.
    ok(&["keys", "new", "--out", &path("other.key")]);
    let err = fails(&[
        "--data",
        &path("other"),
        "--key-file",
        &path("other.key"),
        "restore",
        &path("b.age"),
        "--identity",
        &path("id.txt"),
    ]);
    assert!(err.contains("--from-key-file"), "{err}");
    ok(&[
        "--data",
        &path("other"),
        "--key-file",
        &path("other.key"),
        "restore",
        &path("b.age"),
        "--identity",
        &path("id.txt"),
        "--from-key-file",
        &demo_key,
    ]);
    assert!(
        ok(&[
            "--data",
            &path("other"),
            "--key-file",
            &path("other.key"),
            "audit",
            "log"
        ])
        .contains("reseal")
    );
}

#[test]
fn the_passphrase_can_be_asked_for_at_start() {
    let tmp = tempfile::tempdir().unwrap();
    let data = data_arg(&tmp.path().join("d"));
    let phrase = "typed at start, never stored\n";
    let out = with_stdin(&["--data", &data, "--ask-passphrase", "init"], phrase);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The store is now sealed with it: without it, or with another, it does not open.
    assert!(fails(&["--data", &data, "stats"]).contains("sealed with key"));
    let out = with_stdin(
        &["--data", &data, "--ask-passphrase", "stats"],
        "another passphrase\n",
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not open this store"));
    let out = with_stdin(&["--data", &data, "--ask-passphrase", "stats"], phrase);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The passphrase first, then the new account's password.
    let out = with_stdin(
        &[
            "--data",
            &data,
            "--ask-passphrase",
            "user",
            "add",
            "ed",
            "--role",
            "editor",
        ],
        &format!("{phrase}a long enough password\n"),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn bad_arguments_get_clear_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let data = data_arg(&tmp.path().join("d"));
    assert!(fails(&["--data", &data, "dev", "generate", "--persons", "0"]).contains("at least 1"));
    assert!(fails(&["--database", "mysql://x", "stats"]).contains("postgres://"));
    assert!(
        fails(&["--data", &data, "dev", "generate", "--persons", "ten"]).contains("invalid value")
    );
    let err = fails(&["--database", "postgres://nobody@127.0.0.1:1/none", "stats"]);
    assert!(
        err.contains("cannot open PostgreSQL at 127.0.0.1:1/none"),
        "{err}"
    );
}

#[test]
fn audit_verify_fails_on_a_tampered_store() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("d");
    let data = data_arg(&dir);
    ok(&["--data", &data, "demo", "load"]);
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let key = vigil_storage::Keyring::from_file(&tmp.path().join("d.demo.key"))
            .expect("the demo made its key beside the data folder");
        let store = vigil_storage::Store::open_with(
            &Target::Folder(dir.clone()),
            vigil_storage::KeySource::Key(key),
        )
        .await
        .unwrap();
        sqlx_execute(&store, "UPDATE records SET body = REPLACE(body, 'Leyla', 'Leila') WHERE body LIKE '%\"Leyla Yunus\"%'").await;
        store.close().await;
    });
    let err = fails(&["--data", &data, "audit", "verify"]);
    assert!(err.contains("fails verification"), "{err}");
}

async fn sqlx_execute(store: &vigil_storage::Store, sql: &'static str) {
    use sqlx::Executor;
    store.pool().execute(sql).await.unwrap();
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

struct Server(Child);
impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn get(port: u16, path: &str) -> Option<(u16, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut buf = String::new();
    s.read_to_string(&mut buf).ok()?;
    let status = buf.split_whitespace().nth(1)?.parse().ok()?;
    Some((status, buf))
}

/// `vigil ARGS serve FLAGS --addr …` on a free port, once it answers
/// `/health`; killed (SIGKILL) when dropped.
fn serve(args: &[&str], flags: &[&str]) -> (Server, u16) {
    let port = free_port();
    let addr = format!("127.0.0.1:{port}");
    let mut all: Vec<&str> = args.to_vec();
    all.push("serve");
    all.extend(flags);
    all.extend(["--addr", &addr]);
    let server = Server(
        Command::new(env!("CARGO_BIN_EXE_vigil"))
            .args(&all)
            .env("VIGIL_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let started = Instant::now();
    while get(port, "/health").is_none() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the server did not answer"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    (server, port)
}

fn serve_demo(args: &[&str]) {
    let (_server, port) = serve(args, &["--demo"]);
    let health = get(port, "/health").unwrap();
    assert_eq!(health.0, 200);
    let (status, page) = get(port, "/").unwrap();
    assert_eq!(status, 200);
    assert!(page.contains("392 political prisoners"), "{page}");
    assert!(page.contains("content-security-policy"));
}

#[test]
fn serve_demo_answers_health_on_sqlite() {
    let tmp = tempfile::tempdir().unwrap();
    serve_demo(&["--data", &data_arg(&tmp.path().join("d"))]);
}

#[test]
fn serve_demo_answers_health_on_postgres() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let Some(Target::Postgres(url)) = rt.block_on(TestStore::new_pg_database()) else {
        return;
    };
    // On PostgreSQL the demo needs a key given to it; it never writes one.
    let err = fails(&["--database", &url, "demo", "load"]);
    assert!(err.contains("vigil keys new"), "{err}");
    let tmp = tempfile::tempdir().unwrap();
    let key = tmp.path().join("vigil.key");
    let key = key.to_str().unwrap();
    ok(&["keys", "new", "--out", key]);
    serve_demo(&["--database", &url, "--key-file", key]);
    assert!(ok(&["--database", &url, "--key-file", key, "audit", "verify"]).contains("intact"));
    // Without its key the store does not open.
    let err = fails(&["--database", &url, "audit", "verify"]);
    assert!(err.contains("sealed with key"), "{err}");
    rt.block_on(vigil_storage::testing::drop_pg_database(
        url.rsplit('/').next().unwrap(),
    ));
}

#[test]
fn user_add_reads_the_password_from_standard_input() {
    let tmp = tempfile::tempdir().unwrap();
    let data = data_arg(&tmp.path().join("d"));
    let add = |pw: &str, name: &str| {
        with_stdin(
            &["--data", &data, "user", "add", name, "--role", "editor"],
            pw,
        )
    };
    let out = add("a long enough passphrase\n", "editor1");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("added editor1 (editor)"));
    let short = add("short\n", "editor2");
    assert!(!short.status.success());
    assert!(String::from_utf8_lossy(&short.stderr).contains("at least 12 characters"));
    assert!(
        fails(&["--data", &data, "user", "add", "x", "--role", "king"])
            .contains("admin, editor, researcher, viewer")
    );
    assert!(
        ok(&["--data", &data, "user", "role", "editor1", "viewer"])
            .contains("editor1 is now viewer")
    );
    let url = ok(&["--data", &data, "user", "totp", "editor1"]);
    assert!(url.contains("otpauth://totp/Vigil:editor1"));
}

#[test]
fn names_quality_prints_the_figures_and_needs_no_store() {
    let out = ok(&["names", "quality", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["matched_wrong"], 0);
    assert!(v["matched_right_share"].as_f64().unwrap() >= 0.95);
    assert!(v["top_right_share"].as_f64().unwrap() >= 0.99);
    let kinds = v["kinds"].as_array().unwrap();
    let slips = kinds.iter().find(|k| k["kind"] == "slips").unwrap();
    assert_eq!(slips["matched_wrong"], 0);
    assert!(slips["matched_right_share"].as_f64().unwrap() >= 0.90);
    assert!(slips["queries"].as_u64().unwrap() > 400);
    let text = ok(&["names", "quality"]);
    assert!(
        text.contains("goal ≥ 95%") && text.contains("slips: "),
        "{text}"
    );
    let key = ok(&["names", "key", "Mehman Hüseynov"]);
    assert!(key.contains("Russian: Мехман Гусейнов"), "{key}");
    assert!(key.contains("German:  Mechman Gusseinow"), "{key}");
    assert!(key.contains("French:  Mekhman Gousseïnov"), "{key}");
    assert!(
        !key.contains("Turkish"),
        "the same in Turkish letters: {key}"
    );
    let turkish = ok(&["names", "key", "Xədicə Qasımova"]);
    assert!(turkish.contains("Turkish: Hedice Kasımova"), "{turkish}");
    let press = ok(&["names", "key", "Chadidscha Ismailowa"]);
    assert!(
        press.contains("keys, read as that press writes: xadica"),
        "{press}"
    );
    let bench = ok(&["names", "bench", "--persons", "2000", "--rows", "100"]);
    assert!(
        bench.contains("100 rows matched in") && bench.contains("p95"),
        "{bench}"
    );
    let missing = fails(&["names", "quality", "--dev", "/nonexistent/names.tsv"]);
    assert!(
        missing.contains("cannot read /nonexistent/names.tsv"),
        "{missing}"
    );
}

#[test]
fn import_persons_dry_run_prints_one_json_object_per_row_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let data = data_arg(&tmp.path().join("data"));
    ok(&["--data", &data, "demo", "load"]);
    let file = tmp.path().join("list.csv");
    std::fs::write(
        &file,
        "name,ref\nЛейла Юнус,L-1\nSomeone Entirely-New,\nRasul Jafarov,L-3\nNijat Aliyev,\n",
    )
    .unwrap();
    let file = file.to_str().unwrap();
    let stats = |data: &str| {
        let out = vigil(&["--data", data, "stats", "--format", "json"]);
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()["records"].clone()
    };
    let before = stats(&data);
    let out = vigil(&[
        "--data",
        &data,
        "import",
        "persons",
        file,
        "--dry-run",
        "--format",
        "json",
    ]);
    assert!(out.status.success());
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["row"], 1);
    assert_eq!(lines[0]["input"], "Лейла Юнус");
    assert_eq!(lines[0]["ref"], "L-1");
    assert_eq!(lines[0]["decision"], "match");
    assert_eq!(lines[0]["person"]["name"], "Leyla Yunus");
    assert!(lines[0]["score"].as_f64().unwrap() > 0.85);
    assert_eq!(lines[1]["decision"], "new");
    assert!(lines[1]["ref"].is_null());
    assert_eq!(lines[2]["decision"], "match");
    assert_eq!(
        lines[1]["candidates"],
        serde_json::json!([]),
        "nobody plausible"
    );
    // The demo holds two people named Nijat Aliyev: the row waits, offering both.
    let namesakes = &lines[3];
    assert_eq!(namesakes["decision"], "review", "{namesakes}");
    let offered = namesakes["candidates"].as_array().unwrap();
    assert_eq!(offered.len(), 2, "{namesakes}");
    assert_ne!(offered[0]["id"], offered[1]["id"]);
    assert!(
        offered
            .iter()
            .all(|c| c["name"] == "Nijat Aliyev" && c["score"] == 1.0)
    );
    assert_eq!(
        namesakes["person"]["id"], offered[0]["id"],
        "person is the best"
    );
    assert_eq!(stats(&data), before, "a dry run writes nothing");

    let written = ok(&[
        "--data",
        &data,
        "import",
        "persons",
        file,
        "--list",
        "Test list",
        "--published",
        "2026-11",
    ]);
    assert!(written.contains("linked 2, created 1"), "{written}");
    assert!(written.contains("list version"));
    assert!(ok(&["--data", &data, "audit", "verify"]).contains("audit chain intact"));
    let err = fails(&[
        "--data",
        &data,
        "import",
        "persons",
        file,
        "--published",
        "2026-13",
    ]);
    assert!(err.contains("--list") || err.contains("month"), "{err}");
    let missing = fails(&["--data", &data, "import", "persons", "/nonexistent.csv"]);
    assert!(
        missing.contains("cannot open /nonexistent.csv"),
        "{missing}"
    );
    // A workbook that expands far beyond its size, written by `dev xlsx-bomb`:
    // refused with the limit, nothing written; a lower limit from the
    // environment's setting is obeyed too.
    let kept = stats(&data);
    let bomb = tmp.path().join("bomb.xlsx");
    let bomb = bomb.to_str().unwrap();
    ok(&["dev", "xlsx-bomb", "--rows", "1100000", "--out", bomb]);
    let err = fails(&["--data", &data, "import", "persons", bomb]);
    assert!(err.contains("expands to more than 32 MB"), "{err}");
    let err = fails(&[
        "--data",
        &data,
        "--import-max-file-mb",
        "0",
        "import",
        "persons",
        file,
    ]);
    assert!(err.contains("the limit is 0 MB"), "{err}");
    assert_eq!(stats(&data), kept, "a refused file writes nothing");
    assert!(ok(&["--data", &data, "audit", "verify"]).contains("audit chain intact"));
}

#[test]
fn search_reindex_and_the_search_benchmark() {
    let tmp = tempfile::tempdir().unwrap();
    let data = data_arg(&tmp.path().join("data"));
    ok(&["--data", &data, "demo", "load"]);
    let out = ok(&[
        "--data",
        &data,
        "search",
        "Исмаилова Хадиджа",
        "--format",
        "json",
    ]);
    let first: serde_json::Value =
        serde_json::from_str(out.lines().next().expect("a hit")).unwrap();
    assert_eq!(first["kind"], "person");
    assert!(
        first["form"].as_str().unwrap().contains("Ismayilova"),
        "{first}"
    );
    let id = first["id"].as_str().unwrap().to_owned();
    // Rebuilding the index finds the same.
    let rebuilt = ok(&["--data", &data, "reindex"]);
    assert!(rebuilt.contains("search index rebuilt"), "{rebuilt}");
    let again = ok(&["--data", &data, "search", "Ismailova Khadija", "--public"]);
    assert!(again.contains(&id), "{again}");
    // As the public site searches: in its projection, each hit a person's
    // page; the demo's anonymous source (confidential) is never shown.
    let json = ok(&[
        "--data",
        &data,
        "search",
        "Ismailova Khadija",
        "--public",
        "--format",
        "json",
    ]);
    let hit: serde_json::Value = serde_json::from_str(json.lines().next().unwrap()).unwrap();
    assert_eq!(hit["person"], id.as_str(), "{hit}");
    let closed = ok(&["--data", &data, "search", "identity withheld", "--public"]);
    assert!(!closed.to_lowercase().contains("withheld"), "{closed}");
    assert!(ok(&["--data", &data, "search", "Zzyzx Qwv"]).contains("nothing found"));

    // The benchmark refuses a store with records, and on an empty one prints its figures.
    assert!(
        fails(&["--data", &data, "dev", "search-bench", "--persons", "10"])
            .contains("empty data folder")
    );
    let bench = data_arg(&tmp.path().join("bench"));
    let out = ok(&[
        "--data",
        &bench,
        "dev",
        "search-bench",
        "--persons",
        "2000",
        "--queries",
        "200",
    ]);
    assert!(out.contains("indexed 5041 names"), "{out}");
    let line = out
        .lines()
        .find(|l| l.starts_with("vigil search (sqlite)"))
        .expect("a figures line");
    assert!(line.contains("p95"), "{line}");
    // The development set's people are found first, every one (the quality goal).
    assert!(line.contains("right person first  85/85"), "{line}");
}

#[test]
fn merge_persons_and_undo() {
    let tmp = tempfile::tempdir().unwrap();
    let data = data_arg(&tmp.path().join("data"));
    let csv = tmp.path().join("two.csv");
    std::fs::write(&csv, "name,ref\nTofiq Yaqublu,T-1\nТофиг Ягублу,T-2\n").unwrap();
    ok(&[
        "--data",
        &data,
        "import",
        "persons",
        csv.to_str().unwrap(),
        "--match",
        "off",
    ]);
    let ids: Vec<String> = ok(&[
        "--data",
        &data,
        "search",
        "Tofig Yagublu",
        "--format",
        "json",
    ])
    .lines()
    .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
    .map(|v| v["id"].as_str().unwrap().to_owned())
    .collect();
    assert_eq!(ids.len(), 2, "{ids:?}");
    let out = ok(&["--data", &data, "merge", "persons", &ids[0], &ids[1]]);
    let merge = out.lines().next().unwrap().trim().to_owned();
    assert!(out.contains("undo with: vigil merge undo"), "{out}");
    let after = ok(&[
        "--data",
        &data,
        "search",
        "Tofig Yagublu",
        "--format",
        "json",
    ]);
    assert_eq!(
        after.lines().filter(|l| l.starts_with('{')).count(),
        1,
        "{after}"
    );
    assert!(
        fails(&["--data", &data, "merge", "persons", &ids[0], "nonsense"])
            .contains("not a record id")
    );
    assert!(ok(&["--data", &data, "merge", "undo", &merge]).contains("undone"));
    let back = ok(&[
        "--data",
        &data,
        "search",
        "Tofig Yagublu",
        "--format",
        "json",
    ]);
    assert_eq!(
        back.lines().filter(|l| l.starts_with('{')).count(),
        2,
        "{back}"
    );
    assert!(fails(&["--data", &data, "merge", "undo", &merge]).contains("undone already"));
    assert!(ok(&["--data", &data, "audit", "verify"]).contains("audit chain intact"));
}

#[test]
fn rows_under_review_are_decided_from_the_command_line() {
    let tmp = tempfile::tempdir().unwrap();
    let data = data_arg(&tmp.path().join("data"));
    let csv = tmp.path().join("l.csv");
    std::fs::write(&csv, "name\nElmar Qasımov\n").unwrap();
    ok(&["--data", &data, "import", "persons", csv.to_str().unwrap()]);
    std::fs::write(&csv, "name\nEldar Gasimov\nEldar Qasimov\n").unwrap();
    let out = ok(&["--data", &data, "import", "persons", csv.to_str().unwrap()]);
    assert!(out.contains("held for review 2"), "{out}");
    let ids: Vec<String> = ok(&["--data", &data, "review", "list", "--format", "json"])
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|v| v["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids.len(), 2);
    assert!(ok(&["--data", &data, "review", "confirm", &ids[0]]).contains("confirmed"));
    assert!(ok(&["--data", &data, "review", "reject", &ids[1]]).contains("created person"));
    assert!(fails(&["--data", &data, "review", "reject", &ids[1]]).contains("decided already"));
    assert!(ok(&["--data", &data, "review", "list"]).trim().is_empty());
}

#[test]
fn evidence_files_from_the_command_line() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let d = data_arg(&data);
    let key = tmp.path().join("vigil.key");
    ok(&["keys", "new", "--out", key.to_str().unwrap()]);
    let k = key.to_str().unwrap();
    // The arguments after the store and its key.
    let on_store = |rest: &[&str]| -> Vec<String> {
        ["--data", &d, "--key-file", k]
            .iter()
            .chain(rest)
            .map(|a| a.to_string())
            .collect()
    };
    let ok_on = |rest: &[&str]| {
        ok(&on_store(rest)
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>())
    };
    let fails_on = |rest: &[&str]| {
        fails(
            &on_store(rest)
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>(),
        )
    };
    let photo =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../app/tests/fixtures/photo-with-gps.jpg");
    let p = photo.to_str().unwrap();
    let out = ok_on(&["files", "add", p, "--visibility", "confidential"]);
    assert!(
        out.contains("(image/jpeg, 1166 bytes, confidential)"),
        "{out}"
    );
    assert!(out.contains("copy without metadata "), "{out}");
    let id = out.split_whitespace().nth(1).unwrap().to_owned();

    let back = tmp.path().join("back.jpg");
    let b = back.to_str().unwrap();
    let out = ok_on(&["files", "get", &id, "--out", b]);
    assert!(out.contains("(checked)"), "{out}");
    assert_eq!(
        std::fs::read(&back).unwrap(),
        std::fs::read(&photo).unwrap()
    );
    let log = ok_on(&["audit", "log", "--limit", "1"]);
    assert!(log.contains("download"), "{log}");

    // A page named like a photo, a missing id, a wrong visibility: clear refusals.
    let fake = tmp.path().join("photo.jpg");
    std::fs::write(&fake, "<!doctype html><script>alert(1)</script>").unwrap();
    let err = fails_on(&["files", "add", fake.to_str().unwrap()]);
    assert!(err.contains("the file is text/html"), "{err}");
    let err = fails_on(&["files", "get", "nope", "--out", b]);
    assert!(err.contains("no file with id nope"), "{err}");
    let err = fails_on(&["files", "add", p, "--visibility", "secret"]);
    assert!(err.contains("is not a visibility"), "{err}");
}

#[test]
fn a_trusted_proxy_must_be_an_address() {
    let tmp = tempfile::tempdir().unwrap();
    let data = data_arg(&tmp.path().join("data"));
    let err = fails(&["--data", &data, "serve", "--trusted-proxy", "proxy.example"]);
    assert!(err.contains("--trusted-proxy"), "{err}");
    assert!(err.contains("invalid"), "{err}");
}

/// An evidence file whose bytes change behind Vigil's back: `audit verify`
/// names it and fails; a bundle is refused unless the damage is allowed.
#[test]
fn damaged_evidence_fails_verification_and_export() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let data = data_arg(&dir);
    ok(&["--data", &data, "demo", "load"]);
    let verified = ok(&["--data", &data, "audit", "verify"]);
    assert!(
        verified.contains("evidence files match their SHA-256"),
        "{verified}"
    );
    let rt = tokio::runtime::Runtime::new().unwrap();
    let changed: String = rt.block_on(async {
        use sqlx::Connection;
        let url = format!("sqlite://{}", dir.join("vigil.db").display());
        let mut db = sqlx::SqliteConnection::connect(&url).await.unwrap();
        let sha: String = sqlx::query_scalar(
            "SELECT sha256 FROM blobs WHERE EXISTS (SELECT 1 FROM records \
                 WHERE kind = 'file' AND body LIKE '%' || blobs.sha256 || '%') LIMIT 1",
        )
        .fetch_one(&mut db)
        .await
        .unwrap();
        sqlx::query("UPDATE blobs SET content = x'00' WHERE sha256 = $1")
            .bind(&sha)
            .execute(&mut db)
            .await
            .unwrap();
        db.close().await.unwrap();
        sha
    });
    let err = fails(&["--data", &data, "audit", "verify"]);
    assert!(err.contains("evidence file(s) damaged"), "{err}");
    assert!(err.contains(&format!("{changed}): changed")), "{err}");
    let out = tmp.path().join("out.bundle");
    let out = out.to_str().unwrap();
    let (code, err) = fails_with(&["--data", &data, "export", "bundle", "--out", out]);
    assert!(err.contains("--allow-damaged"), "{err}");
    assert_eq!(code, 8, "damaged stored data: {err}");
    assert!(!Path::new(out).exists() && !Path::new(out).with_extension("partial").exists());
    let listed = ok(&[
        "--data",
        &data,
        "export",
        "bundle",
        "--out",
        out,
        "--allow-damaged",
    ]);
    assert!(
        listed.contains("exported without their content"),
        "{listed}"
    );
    assert!(listed.contains(&changed), "{listed}");
}

/// An HTTP answer: the status, the headers (names in lower case), the body.
type Answer = (u16, Vec<(String, String)>, String);

/// One HTTP request on a new connection.
fn http(port: u16, request: &str) -> Option<Answer> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(20))).ok()?;
    s.write_all(request.as_bytes()).ok()?;
    let mut buf = String::new();
    s.read_to_string(&mut buf).ok()?;
    let (head, body) = buf.split_once("\r\n\r\n")?;
    let mut lines = head.lines();
    let status = lines.next()?.split_whitespace().nth(1)?.parse().ok()?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_lowercase(), v.trim().to_owned()))
        .collect();
    Some((status, headers, body.to_owned()))
}

fn form_encode(fields: &[(&str, &str)]) -> String {
    let enc = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn post(port: u16, path: &str, cookie: &str, fields: &[(&str, &str)]) -> Option<Answer> {
    let body = form_encode(fields);
    http(
        port,
        &format!(
            "POST {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nCookie: {cookie}\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        ),
    )
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Vec<&'a str> {
    headers
        .iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .collect()
}

/// The value of the first `name="csrf"` field of a page.
fn csrf_of(page: &str) -> String {
    page.split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap_or_default()
        .to_owned()
}

/// A cookie's `name=value` from a response's Set-Cookie headers.
fn cookie_of(headers: &[(String, String)], name: &str) -> String {
    header(headers, "set-cookie")
        .into_iter()
        .filter_map(|c| c.split(';').next())
        .find(|kv| kv.starts_with(&format!("{name}=")))
        .unwrap_or_default()
        .to_owned()
}

/// `vigil serve` killed with SIGKILL while records are being written through
/// the web: every write it acknowledged (303 to the new record) is in the
/// store afterwards, and the audit chain is intact.
fn every_acknowledged_write_survives_a_killed_server(store: &[&str], target: Target) {
    let with_store = |args: &[&str]| -> Vec<String> {
        store.iter().chain(args).map(|s| s.to_string()).collect()
    };
    let add = with_store(&["user", "add", "editor1", "--role", "editor"]);
    let add: Vec<&str> = add.iter().map(String::as_str).collect();
    let added = with_stdin(&add, "a long enough passphrase\n");
    assert!(added.status.success());
    let args = with_store(&[]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (mut server, port) = serve(&args, &[]);
    let started = Instant::now();
    let login = "GET /login HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
    let (_, headers, page) = http(port, login).unwrap();
    let login_cookie = cookie_of(&headers, "vigil_login");
    let (status, headers, _) = post(
        port,
        "/login",
        &login_cookie,
        &[
            ("csrf", &csrf_of(&page)),
            ("username", "editor1"),
            ("password", "a long enough passphrase"),
            ("next", "/staff"),
        ],
    )
    .unwrap();
    assert_eq!(status, 303);
    let session = cookie_of(&headers, "vigil_session");
    let form = format!(
        "GET /staff/new/person HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nCookie: {session}\r\n\r\n"
    );
    let csrf = csrf_of(&http(port, &form).unwrap().2);
    assert!(!csrf.is_empty());

    let acked = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let writer = {
        let acked = acked.clone();
        std::thread::spawn(move || {
            for i in 0.. {
                let person = vigil_domain::Record::Person(vigil_domain::records::Person::new(
                    vigil_domain::Visibility::Internal,
                    vigil_domain::Name::primary(format!("Written before the crash {i}"), None),
                ));
                let body = serde_json::to_string(&person).unwrap();
                let Some((status, headers, _)) = post(
                    port,
                    "/staff/new/person",
                    &session,
                    &[("csrf", &csrf), ("body", &body)],
                ) else {
                    break;
                };
                assert_eq!(status, 303, "write {i}");
                let location = header(&headers, "location")[0].to_owned();
                acked
                    .lock()
                    .unwrap()
                    .push(location.rsplit('/').next().unwrap().to_owned());
            }
        })
    };
    while acked.lock().unwrap().len() < 25 {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "writes too slow"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    server.0.kill().unwrap(); // SIGKILL
    server.0.wait().unwrap();
    writer.join().unwrap();
    let acked = acked.lock().unwrap().clone();

    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let store = vigil_storage::Store::open(&target).await.unwrap();
        for id in &acked {
            let id: vigil_domain::AnyId = id.parse().unwrap();
            assert!(
                store.get(id).await.unwrap().is_some(),
                "acknowledged write {id} is lost"
            );
        }
        store.close().await;
    });
    let verify = with_store(&["audit", "verify"]);
    let verify: Vec<&str> = verify.iter().map(String::as_str).collect();
    assert!(ok(&verify).contains("audit chain intact"));
}

#[test]
fn every_acknowledged_write_survives_a_killed_server_on_sqlite() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    every_acknowledged_write_survives_a_killed_server(
        &["--data", &data_arg(&dir)],
        Target::Folder(dir.clone()),
    );
}

#[test]
fn every_acknowledged_write_survives_a_killed_server_on_postgres() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let Some(Target::Postgres(url)) = rt.block_on(TestStore::new_pg_database()) else {
        return;
    };
    every_acknowledged_write_survives_a_killed_server(
        &["--database", &url],
        Target::Postgres(url.clone()),
    );
    rt.block_on(vigil_storage::testing::drop_pg_database(
        url.rsplit('/').next().unwrap(),
    ));
}

/// `vigil … | head`: a reader that stops reading ends the program quietly,
/// never with a panic; and the demo makes the folders its data folder needs.
#[test]
fn a_closed_pipe_ends_quietly_and_the_demo_makes_its_folders() {
    let tmp = tempfile::tempdir().unwrap();
    let data = data_arg(&tmp.path().join("not").join("yet").join("there"));
    assert!(ok(&["--data", &data, "demo", "load"]).contains("demo loaded"));
    // Enough lines to fill the pipe's buffer many times over.
    let many = data_arg(&tmp.path().join("generated"));
    ok(&["--data", &many, "dev", "generate", "--persons", "300"]);
    for args in [
        vec!["--data", many.as_str(), "audit", "log", "--limit", "100000"],
        vec!["--data", data.as_str(), "export", "bundle"],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_vigil"))
            .args(&args)
            .env("VIGIL_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Read one line, then stop reading, as `head -1` does.
        let mut stdout = child.stdout.take().unwrap();
        let mut first = [0u8; 64];
        stdout.read_exact(&mut first).unwrap();
        drop(stdout);
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(out.status.success(), "{args:?}: {:?} {stderr}", out.status);
    }
}

/// Two people of one name: a row naming them waits with both and what tells
/// them apart; `--set` overrides a decision before applying; `review link`
/// picks the namesake the row is.
#[test]
fn namesakes_are_listed_and_chosen_from_the_command_line() {
    let tmp = tempfile::tempdir().unwrap();
    let data = data_arg(&tmp.path().join("data"));
    let csv = tmp.path().join("l.csv");
    let path = csv.to_str().unwrap();
    std::fs::write(
        &csv,
        "name,number\nNijat Nazim oglu Aliyev,3\nNijat Yaser oglu Aliyev,61\n",
    )
    .unwrap();
    ok(&[
        "--data", &data, "import", "persons", path, "--match", "off", "--list", "L",
    ]);
    std::fs::write(&csv, "name\nNijat Aliyev\nZzyzx Qwvbn\n").unwrap();
    // Any decision can be overridden: the new row held for review too.
    let bad = fails(&[
        "--data", &data, "import", "persons", path, "--set", "2=maybe",
    ]);
    assert!(bad.contains("review or new"), "{bad}");
    let out = ok(&[
        "--data", &data, "import", "persons", path, "--set", "2=review",
    ]);
    assert!(out.contains("held for review 2"), "{out}");
    let listed = ok(&["--data", &data, "review", "list"]);
    for fact in [
        "patronymic: Nazim oglu",
        "patronymic: Yaser oglu",
        "L (",
        "#61",
        "born: not recorded",
    ] {
        assert!(listed.contains(fact), "{fact}: {listed}");
    }
    let first: serde_json::Value = serde_json::from_str(
        ok(&["--data", &data, "review", "list", "--format", "json"])
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    let candidates = first["candidates"].as_array().unwrap();
    assert_eq!(candidates.len(), 2, "{first}");
    let yaser = candidates
        .iter()
        .find(|c| c["patronymic"] == "Yaser oglu")
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .unwrap();
    let id = first["id"].as_str().unwrap();
    assert!(fails(&["--data", &data, "review", "link", id, "nope"]).contains("not a person id"));
    let linked = ok(&["--data", &data, "review", "link", id, &yaser]);
    assert!(
        linked.contains(&format!("the row is person {yaser}")),
        "{linked}"
    );
}

/// Each kind of failure exits with its documented code (README, "Exit codes").
#[test]
fn exit_codes_say_what_went_wrong() {
    let tmp = tempfile::tempdir().unwrap();
    let data = data_arg(&tmp.path().join("data"));
    let csv = tmp.path().join("l.csv");
    let path = csv.to_str().unwrap();
    std::fs::write(&csv, "name\nElmar Qasımov\n").unwrap();
    ok(&["--data", &data, "import", "persons", path]);
    let (code, err) = fails_with(&[
        "--data",
        &data,
        "review",
        "reject",
        "0190f0f0-0000-7000-8000-000000000001",
    ]);
    assert_eq!(code, 3, "not found: {err}");
    std::fs::write(&csv, "name,born\nEldar Gasimov,1975-13-45\n").unwrap();
    let (code, err) = fails_with(&["--data", &data, "import", "persons", path]);
    assert_eq!(code, 5, "invalid input: {err}");
    let (code, err) = fails_with(&["--data", &data, "--database", "mysql://x", "stats"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("--database takes a postgres://"),
        "the flag is named here: {err}"
    );
    let (code, err) = fails_with(&["--data", &data, "import", "persons", "/nonexistent.csv"]);
    assert_eq!(code, 1, "{err}");
    let (code, _) = fails_with(&["--data", &data, "no-such-command"]);
    assert_eq!(code, 2, "usage");
}
