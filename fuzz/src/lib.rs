//! What each fuzz target checks. Every function takes the fuzzer's bytes,
//! feeds them to one of Vigil's readers of outside input, and panics (a
//! crash for libFuzzer) when a property that must hold for every input does
//! not: not only "no panic", but round trips, bounds and all-or-nothing.

use std::sync::{Mutex, OnceLock};

use sha2::{Digest, Sha256};
use vigil_app::bundle;
use vigil_app::import::Table;
use vigil_domain::PartialDate;
use vigil_names::{NameKey, forms, normalize, score};
use vigil_storage::testing::TestStore;
use vigil_storage::{Actor, Verdict, audit};

/// Partial dates ("2014", "2014-08", "2014-08-10", "2014/2015"), as typed
/// into a form or read from a file.
///
/// - a date that parses prints as text that parses back to the same date;
/// - its earliest day is not after its latest;
/// - a refusal carries a reason, and never echoes more than 64 characters.
pub fn partial_date(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    match text.parse::<PartialDate>() {
        Ok(date) => {
            let printed = date.to_string();
            let again: PartialDate = printed
                .parse()
                .unwrap_or_else(|e| panic!("{printed:?} was printed and then refused: {e}"));
            assert_eq!(again, date, "{printed:?} does not read back as itself");
            assert!(
                date.earliest() <= date.latest(),
                "{printed:?} ends before it starts"
            );
        }
        Err(e) => {
            let message = e.to_string();
            assert!(!message.is_empty());
            let echoed = message.chars().count();
            assert!(
                echoed < 64 + 200,
                "the refusal is {echoed} characters long: it echoes too much of the input"
            );
        }
    }
}

/// Names in any script, compared with each other. The bytes are two names
/// separated by a NUL byte (or one name compared with itself).
///
/// - normalising twice is normalising once;
/// - a name's key is the key of its normalised form;
/// - a score is a number from 0 to 1, and comparing is symmetric;
/// - the forms a list cell holds are trimmed, single-spaced, and not empty.
pub fn names(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (a, b) = text.split_once('\0').unwrap_or((&text, &text));
    for name in [a, b] {
        let once = normalize(name);
        assert_eq!(normalize(&once), once, "normalize is not idempotent");
        assert_eq!(
            NameKey::new(name),
            NameKey::new(&once),
            "a name and its normal form have different keys"
        );
        for form in forms(name) {
            assert_eq!(form.trim(), form);
            assert!(!form.contains("  "));
            assert!(form.chars().any(char::is_alphabetic));
        }
    }
    let (ka, kb) = (NameKey::new(a), NameKey::new(b));
    for word in ka.words.iter().chain(&kb.words) {
        assert!(!word.is_empty(), "a key holds an empty word");
    }
    let (ab, _) = score(&ka, &kb);
    let (ba, _) = score(&kb, &ka);
    assert!((0.0..=1.0).contains(&ab), "score {ab} is outside 0..1");
    assert!(
        (ab - ba).abs() < 1e-9,
        "score is not symmetric: {ab} one way, {ba} the other"
    );
}

/// A list file (CSV or XLSX, told apart by content) as uploaded for import.
///
/// - reading either gives a table or a clear refusal, never a panic;
/// - the rows taken from a table are numbered from 1 in order, with a name
///   that is not blank.
pub fn list_import(data: &[u8]) {
    allow_caught_panics();
    let Ok(table) = Table::read(data) else {
        return;
    };
    let Some(columns) = table.guess() else {
        return;
    };
    if let Ok(rows) = table.rows(&columns) {
        assert!(!rows.is_empty(), "rows were read from an empty table");
        for pair in rows.windows(2) {
            assert!(pair[0].row < pair[1].row, "rows out of order");
        }
        for row in &rows {
            assert!(row.row >= 1);
            assert!(
                !row.name.trim().is_empty(),
                "row {} has a blank name",
                row.row
            );
        }
    }
}

/// libFuzzer's panic hook aborts at once, before a reader can catch a
/// panic it expects (`Table::from_xlsx` catches the workbook parser's).
/// With the standard hook, a panic that reaches the target still fails it.
fn allow_caught_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| drop(std::panic::take_hook()));
}

fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a tokio runtime")
    })
}

/// A Vigil bundle imported into an empty SQLite store.
///
/// The first byte chooses the mode: odd, the bundle's trailer is rewritten
/// with the true SHA-256 of the lines before it, so that mutated bundles
/// reach the checks past the trailer (audit chain, record digests); even,
/// the bytes are imported as they are.
///
/// - a refused bundle leaves the store empty: nothing half-imported;
/// - an accepted bundle leaves an intact audit chain (its history and one
///   `import` entry) and no more records than its trailer counts.
pub fn bundle_import(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let input = if mode & 1 == 1 {
        with_true_trailer(rest)
    } else {
        rest.to_vec()
    };
    // One store, kept while bundles are refused (a refusal must leave it
    // empty); a new one after each accepted bundle.
    static STORE: Mutex<Option<TestStore>> = Mutex::new(None);
    let mut slot = STORE.lock().unwrap_or_else(|e| e.into_inner());
    runtime().block_on(async {
        if slot.is_none() {
            *slot = Some(TestStore::sqlite().await);
        }
        let store = &slot.as_ref().expect("a store").store;
        match bundle::import(store, &Actor::cli(), input.as_slice()).await {
            Err(e) => {
                assert!(!e.to_string().is_empty());
                assert!(
                    store.is_empty().await.expect("count records"),
                    "a refused bundle left records behind: {e}"
                );
                let verdict = audit::verify(store).await.expect("verify");
                assert!(
                    matches!(verdict, Verdict::Intact { entries: 0, .. }),
                    "a refused bundle left history: {e}; {verdict:?}"
                );
            }
            Ok(counts) => {
                let verdict = audit::verify(store).await.expect("verify");
                let Verdict::Intact {
                    entries, records, ..
                } = verdict
                else {
                    panic!("an accepted bundle does not verify: {verdict:?}");
                };
                // The bundle's history, then this store's `import` entry.
                assert_eq!(entries as u64, counts.audit + 1);
                assert!(records as u64 <= counts.records);
                if let Some(used) = slot.take() {
                    used.cleanup().await;
                }
            }
        }
    });
}

/// The bundle with its last line's `sha256` set to the hash of every byte
/// before that line.
fn with_true_trailer(bytes: &[u8]) -> Vec<u8> {
    let body = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    let start = body.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let (before, last) = bytes.split_at(start);
    let Ok(last) = std::str::from_utf8(last) else {
        return bytes.to_vec();
    };
    let Some(at) = last.find("\"sha256\":\"") else {
        return bytes.to_vec();
    };
    let value = at + "\"sha256\":\"".len();
    let Some(len) = last[value..].find('"') else {
        return bytes.to_vec();
    };
    let mut out = before.to_vec();
    out.extend_from_slice(last[..value].as_bytes());
    out.extend_from_slice(hex::encode(Sha256::digest(before)).as_bytes());
    out.extend_from_slice(last[value + len..].as_bytes());
    out
}
