//! `vigil review`: the rows of imported lists waiting for a decision, each
//! with every plausible person and what tells them apart, and the decisions
//! (the best candidate, another candidate, or someone new).

use anyhow::Result;
use vigil_app::import::{self, Apart, Verdict};
use vigil_domain::Visibility;
use vigil_storage::review::ReviewItem;
use vigil_storage::{Actor, Store};

use crate::Format;

/// Every open row, oldest first, with its candidates' facts.
pub(crate) async fn list(store: &Store, format: Format) -> Result<()> {
    // The command line runs as the operator: it sees every level.
    for w in import::waiting(store, Visibility::Confidential).await? {
        match format {
            Format::Json => out!("{}", json(&w.item, &w.candidates)),
            Format::Text => text(&w.item, &w.candidates),
        }
    }
    Ok(())
}

fn json(item: &ReviewItem, candidates: &[(Apart, f64)]) -> serde_json::Value {
    serde_json::json!({
        "id": item.id,
        "row": item.row,
        "input": item.input,
        "ref": item.reference,
        "candidate": item.candidate.map(|c| c.to_string()),
        "score": item.score,
        "candidates": candidates.iter().map(|(a, score)| {
            let mut v = serde_json::to_value(a).unwrap_or_default();
            v["score"] = serde_json::json!(score);
            v
        }).collect::<Vec<_>>(),
        "version": item.version.map(|v| v.to_string()),
    })
}

fn text(item: &ReviewItem, candidates: &[(Apart, f64)]) {
    out!("{}  row {:>5}  {}", item.id, item.row, item.input);
    if candidates.is_empty() {
        out!("    no candidate: reject it to create a person");
    }
    for (a, score) in candidates {
        out!("    {} {} ({score:.3})", a.id, a.name);
        for (fact, value) in a.facts() {
            let value = value.unwrap_or_else(|| "not recorded".into());
            out!("        {}: {value}", fact.label());
        }
    }
}

/// Decide a row; says what became of it on stderr.
pub(crate) async fn decide(store: &Store, id: &str, verdict: Verdict) -> Result<()> {
    let p = import::decide_review(store, &Actor::cli(), id, verdict).await?;
    match verdict {
        Verdict::Reject => eprintln!("rejected: created person {p}"),
        _ => eprintln!("confirmed: the row is person {p}"),
    }
    Ok(())
}
