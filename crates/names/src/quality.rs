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

/// One query of a measurement: whose name it is, whether that person is in
/// the registry, and the text looked up.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    pub pid: String,
    pub registered: bool,
    pub text: String,
}

/// The kinds of query the goals are stated for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryKind {
    /// The forms as the set writes them.
    Clean,
    /// Typing slips and careless writing of those forms: one letter dropped
    /// or two neighbours swapped in the longest word, "SURNAME, Given", and
    /// lower case with stray spaces.
    Slips,
    /// The Russian forms as the German press writes them.
    German,
    /// The Russian forms as the French press writes them.
    French,
}

/// What a kind of query must reach: shares of registered people's queries
/// matched right and with the right person on top. No kind may match anyone wrong.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Goals {
    pub matched_right: f64,
    pub top_right: f64,
}

impl QueryKind {
    pub const ALL: [QueryKind; 4] = [
        QueryKind::Clean,
        QueryKind::Slips,
        QueryKind::German,
        QueryKind::French,
    ];

    pub fn goals(self) -> Goals {
        match self {
            QueryKind::Clean => Goals {
                matched_right: 0.95,
                top_right: 0.99,
            },
            QueryKind::Slips | QueryKind::German | QueryKind::French => Goals {
                matched_right: 0.90,
                top_right: 0.98,
            },
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            QueryKind::Clean => "clean",
            QueryKind::Slips => "slips",
            QueryKind::German => "german",
            QueryKind::French => "french",
        }
    }
}

/// The registry: the `az` form of each registered person, every decoy and
/// every distractor.
pub fn registry(sets: &[&str], matcher: Matcher<String>) -> Matcher<String> {
    let mut m = matcher;
    for s in sets {
        for (pid, role, kind, name) in labelled(s) {
            if kind == "az" && matches!(role, "reg" | "decoy" | "distractor") {
                m.add(pid.to_owned(), name);
            }
        }
    }
    m
}

/// The clean queries: every form of a registered person but the registry's,
/// and every form of an absent one.
pub fn clean_queries(sets: &[&str]) -> Vec<Query> {
    let mut out = Vec::new();
    for s in sets {
        for (pid, role, kind, name) in labelled(s) {
            let query = match role {
                "reg" => kind != "az",
                "absent" => true,
                _ => false,
            };
            if query {
                out.push(Query {
                    pid: pid.to_owned(),
                    registered: role == "reg",
                    text: name.to_owned(),
                });
            }
        }
    }
    out
}

/// The slipped queries: from every form of every registered or absent
/// person (the registry's own included), a dropped letter and a swap of two
/// neighbours in the longest word, the surname first in capitals after a
/// comma, and lower case with stray spaces. Which letter is dropped or
/// swapped follows from the form alone, so the set is the same on every run.
pub fn slip_queries(sets: &[&str]) -> Vec<Query> {
    let mut out = Vec::new();
    for s in sets {
        for (pid, role, _, name) in labelled(s) {
            if !matches!(role, "reg" | "absent") {
                continue;
            }
            for text in slips(name) {
                out.push(Query {
                    pid: pid.to_owned(),
                    registered: role == "reg",
                    text,
                });
            }
        }
    }
    out
}

/// The Russian forms of registered and absent people, written by another
/// press's rules.
pub fn press_queries(sets: &[&str], write: fn(&str) -> String) -> Vec<Query> {
    let mut out = Vec::new();
    for s in sets {
        for (pid, role, kind, name) in labelled(s) {
            if matches!(role, "reg" | "absent") && kind.starts_with("ru") {
                out.push(Query {
                    pid: pid.to_owned(),
                    registered: role == "reg",
                    text: write(name),
                });
            }
        }
    }
    out
}

/// A number from a text, the same on every run and platform (FNV-1a).
fn seed(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A word in capitals, "İSMAYILOVA" in Azerbaijani Latin.
fn upper(word: &str) -> String {
    let azerbaijani = word.chars().any(crate::script::is_azerbaijani_letter);
    word.chars()
        .map(|c| match c {
            'i' if azerbaijani => "İ".to_owned(),
            c => c.to_uppercase().collect(),
        })
        .collect()
}

/// The four slipped forms of `name` (fewer when its words are too short to slip).
pub fn slips(name: &str) -> Vec<String> {
    let words: Vec<&str> = name.split_whitespace().collect();
    let mut out = Vec::new();
    let Some((at, longest)) = words
        .iter()
        .enumerate()
        .max_by_key(|(i, w)| (w.chars().count(), std::cmp::Reverse(*i)))
    else {
        return out;
    };
    let letters: Vec<char> = longest.chars().collect();
    let with = |word: String| {
        let mut w: Vec<String> = words.iter().map(|s| (*s).to_owned()).collect();
        w[at] = word;
        w.join(" ")
    };
    let n = letters.len();
    if n >= 4 {
        // Not the first letter: a reader keeps the initial in view.
        let drop = 1 + (seed(name) % (n as u64 - 1)) as usize;
        out.push(with(
            letters
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != drop)
                .map(|(_, c)| *c)
                .collect(),
        ));
        let swaps: Vec<usize> = (1..n - 1)
            .filter(|&i| letters[i] != letters[i + 1])
            .collect();
        if !swaps.is_empty() {
            let i = swaps[(seed(&format!("swap {name}")) % swaps.len() as u64) as usize];
            let mut w = letters.clone();
            w.swap(i, i + 1);
            out.push(with(w.into_iter().collect()));
        }
    }
    if words.len() >= 2 {
        let last = words.len() - 1;
        out.push(format!(
            "{}, {}",
            upper(words[last]),
            words[..last].join(" ")
        ));
    }
    out.push(format!("  {}  ", crate::fold_case(&words.join("   "))));
    out
}

/// Decide every query against the registry.
pub fn report(m: &Matcher<String>, queries: &[Query]) -> Report {
    let outcomes: Vec<Outcome> = queries
        .iter()
        .map(|q| {
            let (decision, best) = m.decide(&q.text);
            Outcome {
                pid: q.pid.clone(),
                query: q.text.clone(),
                registered: q.registered,
                decision,
                best: best.map(|c| (c.id, c.form, c.score)),
            }
        })
        .collect();
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

/// The queries of one kind.
pub fn queries(sets: &[&str], kind: QueryKind) -> Vec<Query> {
    match kind {
        QueryKind::Clean => clean_queries(sets),
        QueryKind::Slips => slip_queries(sets),
        QueryKind::German => press_queries(sets, crate::german_from_russian),
        QueryKind::French => press_queries(sets, crate::french_from_russian),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slips_are_the_same_on_every_run_and_slip_once() {
        let a = slips("Xədicə İsmayılova");
        assert_eq!(a, slips("Xədicə İsmayılova"));
        assert_eq!(a.len(), 4);
        let dropped = &a[0];
        assert_eq!(
            dropped.chars().count(),
            "Xədicə İsmayılova".chars().count() - 1
        );
        assert!(dropped.starts_with("Xədicə İ"), "{dropped}");
        let swapped = &a[1];
        assert_ne!(swapped, "Xədicə İsmayılova");
        let mut x: Vec<char> = swapped.chars().collect();
        let mut y: Vec<char> = "Xədicə İsmayılova".chars().collect();
        x.sort_unstable();
        y.sort_unstable();
        assert_eq!(x, y, "the same letters");
        assert_eq!(a[2], "İSMAYILOVA, Xədicə");
        assert_eq!(a[3], "  xədicə   ismayılova  ");
        assert_eq!(slips("Ali").len(), 1, "too short to slip: only the spacing");
    }
}
