//! docs/GUIDE.md shows screenshots the browser tests take: every image it
//! names is in docs/guide/ as a PNG, and a browser test writes one of that
//! name (`scripts/guide-screenshots` copies them over after a run).

use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn the_guide_shows_screenshots_the_browser_tests_take() {
    let guide = std::fs::read_to_string(root().join("docs/GUIDE.md")).unwrap();
    let browser = std::fs::read_to_string(root().join("crates/web/tests/it/browser.rs")).unwrap();
    let names: Vec<&str> = guide
        .split("](guide/")
        .skip(1)
        .filter_map(|s| s.split(".png)").next())
        .collect();
    assert!(names.len() >= 10, "the guide shows its steps: {names:?}");
    for name in names {
        let png = std::fs::read(root().join(format!("docs/guide/{name}.png")))
            .unwrap_or_else(|_| panic!("docs/guide/{name}.png: run scripts/guide-screenshots"));
        assert!(png.starts_with(b"\x89PNG"), "{name} is a PNG");
        assert!(
            browser.contains(&format!("\"{name}\"")),
            "no browser test takes the screenshot {name}"
        );
    }
}
