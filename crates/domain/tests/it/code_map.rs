//! `docs/ARCHITECTURE.md` stays true: every source file is in its code map,
//! and its list of each crate's dependencies is the Cargo files' own.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn architecture() -> String {
    fs::read_to_string(root().join("docs/ARCHITECTURE.md")).unwrap()
}

fn crates() -> Vec<String> {
    let mut out: Vec<String> = fs::read_dir(root().join("crates"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("Cargo.toml").exists())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    out.sort();
    out
}

/// Every `.rs` file under `dir`, relative to it.
fn sources(dir: &Path, under: &str, out: &mut Vec<String>) {
    for entry in fs::read_dir(dir).unwrap().filter_map(|e| e.ok()) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel = if under.is_empty() {
            name.clone()
        } else {
            format!("{under}/{name}")
        };
        if entry.path().is_dir() {
            sources(&entry.path(), &rel, out);
        } else if name.ends_with(".rs") {
            out.push(rel);
        }
    }
}

/// The code map's bullets about one crate (`- \`crates/NAME…`), joined.
fn section(doc: &str, krate: &str) -> String {
    let map = doc
        .split("## Code map")
        .nth(1)
        .and_then(|m| m.split("\n## ").next())
        .expect("a code map");
    map.split("\n- ")
        .filter(|b| b.starts_with(&format!("`crates/{krate}")))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whether the code map names a file: by its path in `src/`, its file name,
/// or its module (`bundle`); a `mod.rs` by its folder (`forms/`).
fn named(section: &str, rel: &str) -> bool {
    let file = rel.rsplit('/').next().unwrap_or(rel);
    if file == "mod.rs" {
        let dir = rel.trim_end_matches("/mod.rs");
        return section.contains(&format!("{dir}/")) || section.contains(&format!("`{dir}`"));
    }
    let module = file.trim_end_matches(".rs");
    section.contains(rel) || section.contains(file) || section.contains(&format!("`{module}`"))
}

#[test]
fn every_source_file_is_in_the_code_map() {
    let doc = architecture();
    let mut missing = Vec::new();
    for krate in crates() {
        let section = section(&doc, &krate);
        assert!(
            !section.is_empty(),
            "the code map has no entry for crates/{krate}"
        );
        let mut files = Vec::new();
        sources(
            &root().join("crates").join(&krate).join("src"),
            "",
            &mut files,
        );
        for rel in files {
            if rel != "lib.rs" && rel != "main.rs" && !named(&section, &rel) {
                missing.push(format!("crates/{krate}/src/{rel}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "docs/ARCHITECTURE.md's code map does not name: {missing:#?}"
    );
}

/// The `vigil-*` crates in the `[dependencies]` of a Cargo file.
fn dependencies(krate: &str) -> BTreeSet<String> {
    let toml = fs::read_to_string(root().join("crates").join(krate).join("Cargo.toml")).unwrap();
    let mut section = "";
    let mut out = BTreeSet::new();
    for line in toml.lines().map(str::trim) {
        if line.starts_with('[') {
            section = line;
        } else if section == "[dependencies]"
            && let Some(rest) = line.strip_prefix("vigil-")
        {
            let name: String = rest.chars().take_while(|c| c.is_alphanumeric()).collect();
            out.insert(name);
        }
    }
    out
}

/// The diagram's list: `web → app, publish, …` per crate.
fn drawn(doc: &str) -> BTreeMap<String, BTreeSet<String>> {
    doc.lines()
        .filter_map(|l| l.split_once('→'))
        .map(|(from, to)| {
            let to = to
                .split(',')
                .map(|d| d.trim().to_owned())
                .filter(|d| !d.is_empty() && d != "(none)")
                .collect();
            (from.trim().to_owned(), to)
        })
        .collect()
}

#[test]
fn the_diagram_lists_every_crate_dependency() {
    let doc = architecture();
    let drawn = drawn(&doc);
    for krate in crates() {
        assert_eq!(
            drawn.get(&krate),
            Some(&dependencies(&krate)),
            "docs/ARCHITECTURE.md's list of dependencies for {krate} differs from crates/{krate}/Cargo.toml"
        );
    }
    assert_eq!(
        drawn.keys().cloned().collect::<Vec<_>>(),
        crates(),
        "the list names a crate that does not exist"
    );
}

#[test]
fn the_checks_notice_what_is_missing() {
    let doc = "## Code map\n\n- `crates/x` — `store.rs`, `bundle` (…), `forms/` (…)\n\n## Next";
    let s = section(doc, "x");
    assert!(named(&s, "store.rs") && named(&s, "bundle.rs") && named(&s, "forms/mod.rs"));
    assert!(!named(&s, "tx.rs") && !named(&s, "staff/mod.rs"));
    let drawn = drawn(" web → app, domain\n names → (none)\n");
    assert_eq!(drawn["web"].len(), 2);
    assert!(drawn["names"].is_empty());
}
