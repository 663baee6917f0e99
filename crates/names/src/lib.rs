//! Names across scripts.
//!
//! The same person is written "Xədicə İsmayılova", "Хадиджа Исмаилова",
//! "Khadija Ismayilova", "ISMAYILOVA KHADIJA". This crate turns each written
//! form into a [`NameKey`]: its words, each transliterated into Azerbaijani
//! Latin and folded into a phonetic key that erases the differences the
//! usual spellings make (Russian г for h, q and ğ; English j for c; ə as a,
//! e or я; doubled letters; -ий and -i; patronymics). Two keys are compared
//! word by word, in any order, with an edit distance that charges little for
//! the alternations transliteration produces and fully for anything else,
//! and the score is turned into one of three [`Decision`]s.
//!
//! Everything here is pure computation: no I/O, no globals.

mod key;
mod matcher;
mod press;
mod script;
pub mod search;
mod translit;

pub use key::{Edits, NameKey, token_similarity};
pub use matcher::{
    Candidate, Decision, Matcher, Thresholds, decide, patronymics_differ, score, similarity,
};
pub use press::{french_from_russian, german_from_russian, to_french, to_german, to_turkish};
pub use script::{Script, detect_script, fold_case, normalize};
pub use translit::{to_english, to_russian};

/// The written forms a cell of a list may hold: "Leyla Yunus (Leyla Islam
/// qızı Yunusova)" is two forms of one name.
pub fn forms(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut outside = String::new();
    let mut inside = String::new();
    let mut depth = 0usize;
    for ch in s.chars() {
        match ch {
            '(' | '[' => {
                depth += 1;
                if depth > 1 {
                    inside.push(' ');
                }
            }
            ')' | ']' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    out.push(std::mem::take(&mut inside));
                }
            }
            _ if depth > 0 => inside.push(ch),
            _ => outside.push(ch),
        }
    }
    if depth > 0 {
        out.push(inside);
    }
    out.insert(0, outside);
    out.into_iter()
        .map(|f| f.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|f| f.chars().any(char::is_alphabetic))
        .collect()
}

pub mod quality;

#[cfg(test)]
mod tests {
    #[test]
    fn a_cell_may_hold_several_forms() {
        assert_eq!(
            super::forms("Leyla Yunus (Leyla Islam qızı Yunusova)"),
            ["Leyla Yunus", "Leyla Islam qızı Yunusova"]
        );
        assert_eq!(super::forms("  Tofig   Yagublu "), ["Tofig Yagublu"]);
        assert_eq!(
            super::forms("Ilgar Mammadov (unclosed"),
            ["Ilgar Mammadov", "unclosed"]
        );
        assert!(super::forms("()").is_empty());
    }
}
