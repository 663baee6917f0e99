//! Phonetic keys for the words of a name, and how alike two keys are.

use crate::press::{Press, presses, read as read_press};
use crate::script::{is_azerbaijani_letter, is_cyrillic};
use crate::translit::{from_cyrillic, from_english};

/// A name made comparable: its words as phonetic keys, with the patronymic
/// (the father's name before oğlu, qızı, оглы, кызы) set apart.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NameKey {
    pub words: Vec<String>,
    /// "Nazim" in "Nijat Nazim oglu Aliyev".
    pub patronymic: Option<String>,
}

impl NameKey {
    /// The key of a name, reading Latin letters that are not Azerbaijani
    /// the English way.
    pub fn new(name: &str) -> NameKey {
        Self::read(name, None)
    }

    /// Every key a name may have: the English reading, and the German or
    /// French one where its spelling shows that press's rules
    /// ("Chadidscha Ismailowa", "Khadidja Ismaïlova").
    pub fn readings(name: &str) -> Vec<NameKey> {
        let folded = crate::fold_case(name);
        let mut out = vec![Self::read(name, None)];
        if crate::script::foreign_latin(&folded) {
            for press in presses(&folded) {
                let k = Self::read(name, Some(press));
                if !out.contains(&k) {
                    out.push(k);
                }
            }
        }
        out
    }

    fn read(name: &str, press: Option<Press>) -> NameKey {
        let folded = crate::fold_case(name);
        // One Azerbaijani letter anywhere makes the whole name Azerbaijani
        // Latin ("Mirzə Fətəli Axundov": the x of Axundov is not English).
        let azerbaijani = folded.chars().any(is_azerbaijani_letter);
        let mut words: Vec<String> = Vec::new();
        let mut patronymic = None;
        // Words, each with whether a hyphen joined it to the one before.
        let mut pieces: Vec<(bool, &str)> = Vec::new();
        let mut hyphen = false;
        for raw in folded.split_inclusive(|c: char| !(c.is_alphabetic() || c == '\'')) {
            let word = raw.trim_end_matches(|c: char| !(c.is_alphabetic() || c == '\''));
            let word = word.trim_matches('\'');
            if !word.is_empty() {
                pieces.push((hyphen, word));
                hyphen = false;
            }
            if raw.ends_with('-') {
                hyphen = true;
            }
        }
        for (joined, raw) in pieces {
            let key = match press {
                Some(p) if !azerbaijani && !raw.chars().any(is_cyrillic) => {
                    phonetic(&read_press(raw, p))
                }
                _ => word_key(raw, azerbaijani),
            };
            if is_patronymic_marker(&key) {
                // "Бюльбюль-оглы" is a surname, as "Bülbüloğlu" is; "Nazim oglu"
                // after a given name is a patronymic.
                if !joined && words.len() >= 2 {
                    patronymic = words.pop();
                }
                continue;
            }
            // "Bülbüloğlu" and "Бюльбюль-оглы" are the same surname.
            let key = strip_marker_suffix(&key);
            if !key.is_empty() {
                words.push(key);
            }
        }
        NameKey { words, patronymic }
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

/// The phonetic key of one case-folded word: from Cyrillic, from English, or
/// (`azerbaijani`: the text it comes from is Azerbaijani Latin) as it is.
pub(crate) fn word_key(folded: &str, azerbaijani: bool) -> String {
    let latin = if folded.chars().any(is_cyrillic) {
        from_cyrillic(folded)
    } else if azerbaijani {
        folded.to_owned()
    } else {
        from_english(folded)
    };
    phonetic(&latin)
}

pub(crate) fn is_marker(key: &str) -> bool {
    is_patronymic_marker(key)
}

/// The key of one word: Azerbaijani Latin folded so that the alternations
/// transliteration makes disappear. `g` stands for g, q, ğ, k and h (Russian
/// г and к cover all five); `a` for a, ə and e; `i` for i, ı and a y between
/// consonants; `u` for u and ü; `o` for o and ö; `c` for c (дж, English j);
/// `C` for ç; `S` for ş; `j` for j (ж, zh); `x` for x (х, kh). Doubled
/// letters are written once and a y between vowels is dropped.
fn phonetic(latin: &str) -> String {
    let chars: Vec<char> = latin.chars().collect();
    let vowel = |c: char| matches!(c, 'a' | 'e' | 'ə' | 'i' | 'ı' | 'o' | 'ö' | 'u' | 'ü');
    let mut folded: Vec<char> = Vec::with_capacity(chars.len());
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        let k = match c {
            'a' | 'e' | 'ə' => 'a',
            'i' | 'ı' => 'i',
            'o' | 'ö' => 'o',
            'u' | 'ü' => 'u',
            'g' | 'q' | 'ğ' | 'k' | 'h' => 'g',
            'ç' => 'C',
            'ş' => 'S',
            'y' => {
                let pv = prev.is_some_and(vowel);
                let nv = next.is_some_and(vowel);
                match (pv, nv) {
                    // Babayeva, Бабаева: a y between vowels comes and goes.
                    (true, true) => continue,
                    // Sadygov: a y between consonants (or after one, at the end) is ı.
                    (false, false) if prev.is_some() => 'i',
                    // Хойский: -iy is -i.
                    (true, false) if prev == Some('i') && next.is_none() => continue,
                    _ => 'y',
                }
            }
            c if c.is_alphabetic() => c,
            _ => continue,
        };
        if folded.last() == Some(&k) {
            continue;
        }
        folded.push(k);
    }
    folded.into_iter().collect()
}

const MARKERS: [&str; 4] = ["oglu", "ogli", "gizi", "gisi"];

fn is_patronymic_marker(key: &str) -> bool {
    // oğlu, oglu, оглы, ogly; qızı, gizi, кызы, kyzy (g stands for q, ğ, k).
    MARKERS.contains(&key)
}

fn strip_marker_suffix(key: &str) -> String {
    for m in MARKERS {
        if let Some(stem) = key.strip_suffix(m)
            && stem.chars().count() >= 3
        {
            return stem.to_owned();
        }
    }
    key.to_owned()
}

/// What a substitution of `a` for `b` costs: little for the alternations
/// spellings of one name show, the whole letter otherwise.
fn substitution(a: char, b: char) -> f64 {
    if a == b {
        return 0.0;
    }
    let pair = |x: char, y: char| (a == x && b == y) || (a == y && b == x);
    if pair('g', 'x') || pair('d', 't') || pair('b', 'p') || pair('c', 'j') || pair('i', 'y') {
        0.5
    } else if pair('s', 'S') || pair('c', 'C') || pair('v', 'f') {
        0.7
    } else {
        1.0
    }
}

/// What adding or dropping `c` costs: a vowel, a y or a g/h less than a letter that carries the name.
fn indel(c: char) -> f64 {
    match c {
        'g' | 'y' => 0.6,
        'a' | 'i' | 'o' | 'u' => 0.7,
        _ => 1.0,
    }
}

/// How alike two word keys are, from 0 to 1: one less the weighted edit
/// distance over the longer key's length.
pub fn token_similarity(a: &str, b: &str) -> f64 {
    compare_words(a, b).0
}

/// Whole-letter edits between two words: `hard` ones no transliteration
/// explains ("Eldar" and "Elmar" are one letter, and two names, apart), and
/// `vowel` ones, one vowel for another in a word of six letters or more,
/// which unstressed vowels in Russian spellings produce (Müslüm, Муслим;
/// Məmmədquluzadə, Мамедкулизаде).
///
/// `slip` counts the edits a typist makes in a long word: two neighbouring
/// letters swapped, or one letter dropped or doubled ("Ismaiylova",
/// "Ismayiova"). They tell a slip in a known name from a different name
/// only when no other person is within the same reach, which the matcher
/// decides.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Edits {
    pub hard: u32,
    pub vowel: u32,
    pub slip: u32,
}

impl std::ops::Add for Edits {
    type Output = Edits;
    fn add(self, o: Edits) -> Edits {
        Edits {
            hard: self.hard + o.hard,
            vowel: self.vowel + o.vowel,
            slip: self.slip + o.slip,
        }
    }
}

/// Keys at least this long may carry a typing slip.
const SLIP_LENGTH: usize = 6;
/// What two swapped neighbours cost: less than the two letters they change.
const SWAP: f64 = 0.9;

fn key_vowel(c: char) -> bool {
    matches!(c, 'a' | 'i' | 'o' | 'u')
}

/// The similarity of two word keys, and the whole-letter edits between them.
pub(crate) fn compare_words(a: &str, b: &str) -> (f64, Edits) {
    if a == b {
        return (1.0, Edits::default());
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let long = a.len().max(b.len());
    if a.is_empty() || b.is_empty() {
        let hard = u32::try_from(long).unwrap_or(u32::MAX);
        return (
            0.0,
            Edits {
                hard,
                ..Edits::default()
            },
        );
    }
    type Cell = (f64, Edits);
    let slips = long >= SLIP_LENGTH;
    // A whole letter: forgiven as a vowel, as a typing slip (an indel, in a
    // long word), or hard.
    let step = |(c, e): Cell, cost: f64, vowels: bool, indel: bool| -> Cell {
        let add = if cost < 1.0 {
            Edits::default()
        } else if vowels && long >= 6 {
            Edits {
                vowel: 1,
                ..Edits::default()
            }
        } else if indel && slips {
            Edits {
                slip: 1,
                ..Edits::default()
            }
        } else {
            Edits {
                hard: 1,
                ..Edits::default()
            }
        };
        (c + cost, e + add)
    };
    let weight = |e: Edits| e.hard * 4 + e.slip * 2 + e.vowel;
    let better = |x: Cell, y: Cell| {
        if x.0 < y.0 - 1e-9 || ((x.0 - y.0).abs() <= 1e-9 && weight(x.1) < weight(y.1)) {
            x
        } else {
            y
        }
    };
    // Three rows: the one before the previous, for swapped neighbours.
    let mut before: Vec<Cell> = vec![(0.0, Edits::default()); b.len() + 1];
    let mut prev: Vec<Cell> = Vec::with_capacity(b.len() + 1);
    prev.push((0.0, Edits::default()));
    for &cb in &b {
        let last = *prev.last().expect("starts with one");
        prev.push(step(last, indel(cb), false, true));
    }
    let mut cur = vec![(0.0, Edits::default()); b.len() + 1];
    for (i, &ca) in a.iter().enumerate() {
        cur[0] = step(prev[0], indel(ca), false, true);
        for (j, &cb) in b.iter().enumerate() {
            let both_vowels = key_vowel(ca) && key_vowel(cb);
            let sub = step(prev[j], substitution(ca, cb), both_vowels, false);
            let del = step(prev[j + 1], indel(ca), false, true);
            let ins = step(cur[j], indel(cb), false, true);
            let mut best = better(better(sub, del), ins);
            if slips && i > 0 && j > 0 && ca == b[j - 1] && a[i - 1] == cb && ca != cb {
                let (c, e) = before[j - 1];
                let swap = (
                    c + SWAP,
                    e + Edits {
                        slip: 1,
                        ..Edits::default()
                    },
                );
                best = better(swap, best);
            }
            cur[j + 1] = best;
        }
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    let (distance, edits) = prev[b.len()];
    let sim = (1.0 - distance / long as f64).max(0.0);
    (sim, edits)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> Vec<String> {
        NameKey::new(s).words
    }

    #[test]
    fn spellings_of_one_name_share_a_key() {
        for group in [
            &["Vüqar Həşimov", "Вугар Гашимов", "Vugar Gashimov"][..],
            &[
                "Teymur Rəcəbov",
                "Теймур Раджабов",
                "Teymur Radjabov",
                "Teymur Rajabov",
            ],
            &[
                "Hüseyn Cavid",
                "Гусейн Джавид",
                "Huseyn Javid",
                "Hussein Javid",
            ],
            &["Sabina Babayeva", "Сабина Бабаева"],
            &["Aygün Kazımova", "Айгюн Кязимова", "Aygun Kazimova"],
            &[
                "Rəşad Sadıqov",
                "Рашад Садыгов",
                "Rashad Sadygov",
                "Rashad Sadiqov",
            ],
            &["Bəxtiyar Vahabzadə", "Bakhtiyar Vahabzadeh"],
        ] {
            let first = key(group[0]);
            for other in &group[1..] {
                assert_eq!(key(other), first, "{other} and {}", group[0]);
            }
        }
    }

    #[test]
    fn patronymics_are_set_aside() {
        assert_eq!(key("Polad Bülbüloğlu"), key("Полад Бюльбюль-оглы"));
        assert_eq!(key("Leyla Islam qızı Yunusova"), key("Leyla Yunusova"));
        let k = NameKey::new("Faraj Karimov, Raqif oğlu");
        assert_eq!(k.words, ["faraj", "garimov"]);
        assert_eq!(k.patronymic.as_deref(), Some("ragif"));
        assert_eq!(
            key("Leyla İslam qızı Yunusova"),
            key("LEYLA ISLAM KYZY YUNUSOVA")
        );
    }

    #[test]
    fn different_names_stay_apart() {
        assert!(token_similarity(&key("Eldar")[0], &key("Elmar")[0]) <= 0.8);
        assert!(token_similarity(&key("Qasımlı")[0], &key("Qasımov")[0]) < 0.75);
        assert_eq!(token_similarity("abc", "abc"), 1.0);
    }
}
