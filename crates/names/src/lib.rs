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

/// The words that mark an Azerbaijani patronymic: "Nazim oğlu", "Назим
/// оглы", "İslam qızı", "Ислам кызы", as lists spell them.
const PATRONYMIC_MARKERS: [&str; 12] = [
    "oğlu", "oglu", "ogly", "ogli", "оглы", "оглу", "qızı", "qizi", "gizi", "kyzy", "kizi", "кызы",
];

/// The patronymic a written name gives, as written: "Nazim oglu" in "Nijat
/// Nazim oglu Aliyev", "Назимович" in "Алиев Ниджат Назимович". A marker
/// joined by a hyphen ("Бюльбюль-оглы") is part of a surname, not a
/// patronymic. `None` when the name gives none.
pub fn patronymic(name: &str) -> Option<String> {
    let words: Vec<&str> = name.split_whitespace().collect();
    let bare = |w: &str| fold_case(w.trim_matches(|c: char| !c.is_alphabetic()));
    if let Some(i) =
        (2..words.len()).find(|&i| PATRONYMIC_MARKERS.contains(&bare(words[i]).as_str()))
    {
        return Some(format!("{} {}", words[i - 1], words[i]));
    }
    // Russian: the father's name with -ович/-евич/-овна/-евна, after two words.
    let russian = [
        "ович", "евич", "овна", "евна", "ична", "ovich", "evich", "ovna", "evna",
    ];
    (words.len() >= 3)
        .then(|| {
            words
                .iter()
                .skip(1)
                .find(|w| russian.iter().any(|s| bare(w).ends_with(s)))
        })
        .flatten()
        .map(|w| (*w).to_owned())
}

#[cfg(test)]
mod patronymic_tests {
    use super::patronymic;

    #[test]
    fn the_patronymic_is_read_in_every_script() {
        assert_eq!(
            patronymic("Nijat Nazim oglu Aliyev").as_deref(),
            Some("Nazim oglu")
        );
        assert_eq!(
            patronymic("Nicat Nazim oğlu Əliyev").as_deref(),
            Some("Nazim oğlu")
        );
        assert_eq!(
            patronymic("Алиев Ниджат Назим оглы").as_deref(),
            Some("Назим оглы")
        );
        assert_eq!(
            patronymic("Leyla İslam qızı Yunusova").as_deref(),
            Some("İslam qızı")
        );
        assert_eq!(
            patronymic("Алиев Ниджат Назимович").as_deref(),
            Some("Назимович")
        );
    }

    #[test]
    fn a_name_without_one_gives_none() {
        assert_eq!(patronymic("Nijat Aliyev"), None);
        // A surname that ends in a marker is no patronymic.
        assert_eq!(patronymic("Rauf Bülbül-oğlu"), None);
        assert_eq!(patronymic("Oglu Aliyev"), None);
        // A given name that happens to end like a Russian patronymic, alone.
        assert_eq!(patronymic("Ivanovna"), None);
    }
}
