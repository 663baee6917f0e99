//! Measuring the matcher on a labelled set of names (the TSV format of
//! `data/names/`: `pid  role  kind  name`, roles `reg`, `decoy`, `absent`,
//! `distractor`; the `az` form of each registered person, every decoy and
//! every distractor go into the registry, every other form is a query).

use crate::{Decision, Matcher};

/// One query's outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub pid: String,
    pub query: String,
    /// Whether the query's person is in the registry.
    pub registered: bool,
    pub decision: Decision,
    /// The best candidate's pid and form, and its score.
    pub best: Option<(String, String, f64)>,
}

impl Outcome {
    pub fn right(&self) -> bool {
        self.registered && self.best.as_ref().is_some_and(|b| b.0 == self.pid)
    }
}

/// The figures the quality goals are stated in.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub registry: usize,
    pub queries: usize,
    pub registered_queries: usize,
    /// Registered queries decided `match` to the right person.
    pub matched_right: usize,
    /// Queries decided `match` to a wrong person, or to anyone when absent.
    pub matched_wrong: usize,
    /// Registered queries whose best candidate is the right person.
    pub top_right: usize,
    pub review: usize,
    pub outcomes: Vec<Outcome>,
}

impl Report {
    pub fn match_share(&self) -> f64 {
        self.matched_right as f64 / self.registered_queries.max(1) as f64
    }
    pub fn top_share(&self) -> f64 {
        self.top_right as f64 / self.registered_queries.max(1) as f64
    }
}

/// The rows of a labelled set: (pid, role, kind, name).
pub fn labelled(tsv: &str) -> impl Iterator<Item = (&str, &str, &str, &str)> {
    tsv.lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("pid\t") && !l.trim().is_empty())
        .filter_map(|l| {
            let mut f = l.split('\t');
            Some((f.next()?, f.next()?, f.next()?, f.next()?.trim()))
        })
}

/// Build the registry from `sets` (TSV texts) and decide every query.
pub fn measure(sets: &[&str], matcher: Matcher<String>) -> Report {
    let mut m = matcher;
    let all: Vec<(&str, &str, &str, &str)> = sets.iter().flat_map(|s| labelled(s)).collect();
    for &(pid, role, kind, name) in &all {
        if kind == "az" && matches!(role, "reg" | "decoy" | "distractor") {
            m.add(pid.to_owned(), name);
        }
    }
    let mut outcomes = Vec::new();
    for &(pid, role, kind, name) in &all {
        let query = match role {
            "reg" => kind != "az",
            "absent" => true,
            _ => false,
        };
        if !query {
            continue;
        }
        let (decision, best) = m.decide(name);
        outcomes.push(Outcome {
            pid: pid.to_owned(),
            query: name.to_owned(),
            registered: role == "reg",
            decision,
            best: best.map(|c| (c.id, c.form, c.score)),
        });
    }
    let registered: Vec<&Outcome> = outcomes.iter().filter(|o| o.registered).collect();
    Report {
        registry: m.len(),
        queries: outcomes.len(),
        registered_queries: registered.len(),
        matched_right: registered
            .iter()
            .filter(|o| o.decision == Decision::Match && o.right())
            .count(),
        matched_wrong: outcomes
            .iter()
            .filter(|o| o.decision == Decision::Match && !o.right())
            .count(),
        top_right: registered.iter().filter(|o| o.right()).count(),
        review: outcomes
            .iter()
            .filter(|o| o.decision == Decision::Review)
            .count(),
        outcomes,
    }
}
