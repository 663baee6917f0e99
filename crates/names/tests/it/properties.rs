//! Properties of keys and scores over generated Azerbaijani names.

use proptest::prelude::*;
use vigil_names::{Decision, Matcher, NameKey, decide, score, similarity, to_english, to_russian};

/// A word built of Azerbaijani syllables, capitalised.
fn word() -> impl Strategy<Value = String> {
    let onset = prop::sample::select(vec![
        "b", "c", "ç", "d", "f", "g", "ğ", "h", "x", "k", "q", "l", "m", "n", "p", "r", "s", "ş",
        "t", "v", "z", "",
    ]);
    let vowel = prop::sample::select(vec!["a", "ə", "e", "i", "ı", "o", "ö", "u", "ü"]);
    let coda = prop::sample::select(vec!["", "", "n", "r", "l", "m", "d", "z"]);
    prop::collection::vec((onset, vowel, coda), 2..4).prop_map(|syllables| {
        let w: String = syllables
            .into_iter()
            .map(|(o, v, c)| format!("{o}{v}{c}"))
            .collect();
        let mut chars = w.chars();
        let first = chars.next().unwrap();
        let upper: String = if first == 'i' {
            "İ".into()
        } else {
            first.to_uppercase().collect()
        };
        upper + chars.as_str()
    })
}

fn name() -> impl Strategy<Value = String> {
    (
        word(),
        word(),
        prop::sample::select(vec!["ov", "ova", "li", "zadə", ""]),
    )
        .prop_map(|(given, surname, ending)| format!("{given} {surname}{ending}"))
        // A generated word that is itself a patronymic marker (qızı) is not a name.
        .prop_filter("two words", |n| NameKey::new(n).words.len() == 2)
}

/// Whether English spelling would read two of the name's letters as one
/// (d + c as "dj", s + h as "sh"): a written form cannot say which was meant.
fn has_digraph_pair(name: &str) -> bool {
    let lower = vigil_names::fold_case(name);
    ["dc", "sh", "kh", "zh", "gh", "ch", "dj"]
        .iter()
        .any(|pair| lower.contains(pair))
}

/// Whether the name keeps an Azerbaijani letter when upper-cased (İ and I
/// do not: "HIBEOV" may be English).
fn keeps_azerbaijani_letter(name: &str) -> bool {
    name.chars().any(|c| "əşçğöüƏŞÇĞÖÜ".contains(c))
}

proptest! {
    #[test]
    fn scores_are_symmetric_bounded_and_one_for_the_same_name(a in name(), b in name()) {
        let (ka, kb) = (NameKey::new(&a), NameKey::new(&b));
        let s = similarity(&ka, &kb);
        prop_assert!((0.0..=1.0).contains(&s));
        prop_assert!((s - similarity(&kb, &ka)).abs() < 1e-9);
        prop_assert_eq!(similarity(&ka, &ka), 1.0);
    }

    #[test]
    fn word_order_and_case_do_not_matter(a in name()) {
        let words: Vec<&str> = a.split(' ').collect();
        let reversed = format!("{} {}", words[1], words[0]);
        prop_assert_eq!(similarity(&NameKey::new(&a), &NameKey::new(&reversed)), 1.0);
        if keeps_azerbaijani_letter(&a) {
            let upper = vigil_names::fold_case(&a).to_uppercase();
            prop_assert_eq!(NameKey::new(&upper), NameKey::new(&a));
        }
    }

    /// The Russian and the English spellings of a name are decided the same
    /// person, with no letter left unexplained. (English spelling is
    /// ambiguous where two letters meet that also spell one: d + c reads as
    /// "dj", s + h as "sh"; such names are left out of the English half.)
    #[test]
    fn russian_and_english_spellings_are_the_same_person(a in name()) {
        // Without an Azerbaijani letter, a name with such a pair reads as English.
        prop_assume!(!has_digraph_pair(&a) || keeps_azerbaijani_letter(&a));
        let mut spellings = vec![to_russian(&a)];
        if !has_digraph_pair(&a) {
            spellings.push(to_english(&a));
        }
        for other in spellings {
            let (s, hard) = score(&NameKey::new(&a), &NameKey::new(&other));
            prop_assert_eq!(
                decide(s, hard, None, Default::default()),
                Decision::Match,
                "{} and {}: {} {}", a, other, s, hard
            );
        }
    }

    /// A slip never turns a row into a match with the wrong person (whether
    /// it was `match`, `review` or `new`): whoever a slipped form is linked
    /// to, it is the person whose name was slipped.
    #[test]
    fn a_slip_never_makes_a_wrong_match(
        registry in prop::collection::vec(name(), 2..8),
        absent in name(),
        pick in 0usize..8,
        english in any::<bool>(),
    ) {
        let mut m = Matcher::new();
        for (id, n) in registry.iter().enumerate() {
            m.add(id, n);
        }
        // One registered person's name in another script, or an absent name.
        let (owner, query) = match registry.get(pick) {
            Some(n) if english => (Some(pick), to_english(n)),
            Some(n) => (Some(pick), to_russian(n)),
            None => (None, absent),
        };
        // Whatever the row was decided (match, review or new), a slip of it
        // is matched to nobody else.
        for slipped in vigil_names::quality::slips(&query) {
            if let (Decision::Match, Some(c)) = m.decide(&slipped) {
                // A namesake of the owner is the same name: not a slip's doing.
                let same_name = owner.is_some_and(|o| registry[c.id] == registry[o]);
                prop_assert!(
                    Some(c.id) == owner || same_name,
                    "{} (slip of {}) matched {}", slipped, query, c.form
                );
            }
        }
    }

    /// Adding a namesake never moves an earlier match to someone else: the
    /// row is matched to the same person, or goes to review.
    #[test]
    fn a_namesake_never_moves_a_match(
        registry in prop::collection::vec(name(), 2..8),
        pick in 0usize..8,
        namesake_of in 0usize..8,
    ) {
        let pick = pick % registry.len();
        let mut m = Matcher::new();
        for (id, n) in registry.iter().enumerate() {
            m.add(id, n);
        }
        let query = to_russian(&registry[pick]);
        let before = m.decide(&query);
        prop_assume!(before.0 == Decision::Match);
        let matched = before.1.map(|c| c.id);
        let newcomer = registry.len();
        m.add(newcomer, &registry[namesake_of % registry.len()]);
        let (d, c) = m.decide(&query);
        if d == Decision::Match {
            prop_assert_eq!(c.map(|c| c.id), matched);
        }
    }
}
