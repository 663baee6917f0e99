//! Matching quality on the development set of names across scripts, with
//! 3,000 generated Azerbaijani names added to the registry as distractors.
//! `vigil names quality` prints the same figures.

use vigil_names::{Decision, Matcher, quality};

const DEV: &str = include_str!("../../../../data/names/names-dev.tsv");
const DISTRACTORS: &str = include_str!("../../../../data/names/names-distractors.tsv");

/// Beyond the development set: every distractor written the Russian, the
/// English, the German and the French way, looked up among all 3,041
/// registered forms. Nobody may be linked to someone else.
#[test]
fn russian_and_english_spellings_of_the_distractors() {
    let mut m = Matcher::new();
    let rows: Vec<(String, String)> = DEV
        .lines()
        .chain(DISTRACTORS.lines())
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f.len() == 4 && f[2] == "az").then(|| (f[0].to_owned(), f[3].to_owned()))
        })
        .collect();
    for (pid, name) in &rows {
        m.add(pid.clone(), name);
    }
    let (mut right, mut wrong, mut total) = (0, 0, 0);
    for (pid, name) in rows.iter().filter(|(p, _)| p.starts_with('g')) {
        for query in [
            vigil_names::to_russian(name),
            vigil_names::to_english(name),
            vigil_names::to_german(name),
            vigil_names::to_french(name),
        ] {
            total += 1;
            match m.decide(&query) {
                (Decision::Match, Some(c)) if &c.id == pid => right += 1,
                (Decision::Match, Some(c)) => {
                    wrong += 1;
                    eprintln!("wrong: {query} → {} ({name})", c.form);
                }
                _ => {}
            }
        }
    }
    eprintln!("distractor spellings: {total} queries, {right} matched right, {wrong} wrong");
    assert_eq!(wrong, 0);
    assert!(
        right * 10 >= total * 8,
        "most are found: {right} of {total}"
    );
}

/// Every kind of query on the development set, against its goals: typing
/// slips and careless writing of every form (`quality::slips`).
#[test]
fn every_kind_of_query_reaches_its_goals() {
    use quality::QueryKind;
    let sets = [DEV, DISTRACTORS];
    let m = quality::registry(&sets, Matcher::new());
    for kind in QueryKind::ALL {
        let r = quality::report(&m, &quality::queries(&sets, kind));
        assert!(
            r.registry > 3000 && r.registered_queries > 30,
            "{}",
            kind.as_str()
        );
        let goal = kind.goals();
        eprintln!(
            "{}: {} queries; matched right {} ({:.1}%), wrong {}, top right {:.1}%, review {}",
            kind.as_str(),
            r.queries,
            r.matched_right,
            100.0 * r.match_share(),
            r.matched_wrong,
            100.0 * r.top_share(),
            r.review
        );
        for o in &r.outcomes {
            if !(o.decision == Decision::Match && o.right()) {
                eprintln!("  {:?} {} → {:?}", o.decision, o.query, o.best);
            }
        }
        assert_eq!(r.matched_wrong, 0, "{}: nobody linked wrong", kind.as_str());
        assert!(r.match_share() >= goal.matched_right, "{}", kind.as_str());
        assert!(r.top_share() >= goal.top_right, "{}", kind.as_str());
    }
}
