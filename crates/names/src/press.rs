//! German and French press spellings of names that reached those languages
//! through Russian ("Chadidscha Ismailowa", "Khadidja Ismaïlova"), and the
//! Turkish spelling of Azerbaijani names: writing them, to show a reader the
//! likely forms and to measure matching, and reading them back into
//! Azerbaijani Latin for keys.

fn is_cyrillic_vowel(c: char) -> bool {
    "аеёиоуыэюя".contains(c)
}

/// The rules of one language for writing a Russian letter.
struct Rules {
    /// х, дж, ж, ш, ч, щ, в, у, ц, ы, э.
    kh: &'static str,
    dzh: &'static str,
    zh: &'static str,
    sh: &'static str,
    ch: &'static str,
    shch: &'static str,
    v: &'static str,
    u: &'static str,
    ts: &'static str,
    y: &'static str,
    /// й, and и after a vowel.
    short_i: &'static str,
    i_after_vowel: &'static str,
    /// The iotated vowels е, ё, ю, я at a word's start or after a vowel or sign.
    ye: &'static str,
    yo: &'static str,
    yu: &'static str,
    ya: &'static str,
    /// ю and я after a consonant.
    soft_u: &'static str,
    soft_a: &'static str,
    /// -ов, -ев at a word's end (German writes -ow).
    ov_end: &'static str,
}

const GERMAN: Rules = Rules {
    kh: "ch",
    dzh: "dsch",
    zh: "sch",
    sh: "sch",
    ch: "tsch",
    shch: "schtsch",
    v: "w",
    u: "u",
    ts: "z",
    y: "y",
    short_i: "i",
    i_after_vowel: "i",
    ye: "je",
    yo: "jo",
    yu: "ju",
    ya: "ja",
    soft_u: "ju",
    soft_a: "ja",
    ov_end: "ow",
};

const FRENCH: Rules = Rules {
    kh: "kh",
    dzh: "dj",
    zh: "j",
    sh: "ch",
    ch: "tch",
    shch: "chtch",
    v: "v",
    u: "ou",
    ts: "ts",
    y: "y",
    short_i: "ï",
    i_after_vowel: "ï",
    ye: "ie",
    yo: "io",
    yu: "iou",
    ya: "ia",
    soft_u: "iou",
    soft_a: "ia",
    ov_end: "ov",
};

/// A Russian Cyrillic name written by `r`'s rules; с between vowels is ss.
fn from_russian(ru: &str, r: &Rules) -> String {
    let s = crate::fold_case(ru);
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        let word_start = prev.is_none_or(|p| !p.is_alphabetic());
        let iotated =
            word_start || prev.is_some_and(|p| is_cyrillic_vowel(p) || p == 'ь' || p == 'ъ');
        let after_vowel = prev.is_some_and(is_cyrillic_vowel);
        let word_end = |at: usize| chars.get(at).is_none_or(|n| !n.is_alphabetic());
        let piece: &str = match c {
            'д' if next == Some('ж') => {
                i += 1;
                r.dzh
            }
            'о' | 'е' if next == Some('в') && word_end(i + 2) && r.ov_end == "ow" => {
                out.push(if c == 'о' { 'o' } else { 'e' });
                i += 1;
                "w"
            }
            'а' => "a",
            'б' => "b",
            'в' => r.v,
            'г' => "g",
            'д' => "d",
            'е' if iotated && !word_start => r.ye,
            'е' | 'э' => "e",
            'ё' if iotated => r.yo,
            'ё' => "o",
            'ж' => r.zh,
            'з' => "z",
            'и' if after_vowel => r.i_after_vowel,
            'и' => "i",
            'й' => r.short_i,
            'к' => "k",
            'л' => "l",
            'м' => "m",
            'н' => "n",
            'о' => "o",
            'п' => "p",
            'р' => "r",
            'с' if after_vowel && next.is_some_and(is_cyrillic_vowel) => "ss",
            'с' => "s",
            'т' => "t",
            'у' => r.u,
            'ф' => "f",
            'х' => r.kh,
            'ц' => r.ts,
            'ч' => r.ch,
            'ш' => r.sh,
            'щ' => r.shch,
            'ъ' | 'ь' => "",
            'ы' => r.y,
            'ю' if iotated => r.yu,
            'ю' => r.soft_u,
            'я' if iotated => r.ya,
            'я' => r.soft_a,
            other => {
                out.push(other);
                i += 1;
                continue;
            }
        };
        out.push_str(piece);
        i += 1;
    }
    crate::translit::capitalize_words(&out)
}

/// A Russian Cyrillic name as the German press writes it: Хадиджа
/// Исмаилова is Chadidscha Ismailowa, Расул Джафаров is Rassul Dschafarow.
pub fn german_from_russian(ru: &str) -> String {
    from_russian(ru, &GERMAN)
}

/// A Russian Cyrillic name as the French press writes it: Хадиджа Исмаилова
/// is Khadidja Ismaïlova, Мехман Гусейнов is Mekhman Gousseïnov.
pub fn french_from_russian(ru: &str) -> String {
    from_russian(ru, &FRENCH)
}

/// An Azerbaijani Latin name as the German press writes it (by way of its
/// Russian form).
pub fn to_german(az: &str) -> String {
    german_from_russian(&crate::to_russian(az))
}

/// An Azerbaijani Latin name as the French press writes it (by way of its
/// Russian form).
pub fn to_french(az: &str) -> String {
    french_from_russian(&crate::to_russian(az))
}

/// An Azerbaijani Latin name in Turkish letters: ə is e, x is h, q is k
/// (Xədicə, Hedice; Qasımov, Kasımov).
pub fn to_turkish(az: &str) -> String {
    az.chars()
        .map(|c| match c {
            'ə' => 'e',
            'Ə' => 'E',
            'x' => 'h',
            'X' => 'H',
            'q' => 'k',
            'Q' => 'K',
            c => c,
        })
        .collect()
}

/// Which press a Latin name's letters give away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Press {
    German,
    French,
}

/// The presses whose spelling rules a lower-case Latin name may follow:
/// German by sch, w or -ow; French by ou, ï or tch; both wherever ch stands
/// for something else than English ç (Chan, Chahin).
pub(crate) fn presses(folded: &str) -> Vec<Press> {
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .collect();
    let mut out = Vec::new();
    let ch = words.iter().any(|w| w.contains("ch"));
    let german = ch
        || words
            .iter()
            .any(|w| w.contains('w') || w.ends_with("ow") || w.ends_with("owa"));
    if german {
        out.push(Press::German);
    }
    let french = ch || words.iter().any(|w| w.contains("ou") || w.contains('ï'));
    if french {
        out.push(Press::French);
    }
    out
}

/// A lower-case German or French press spelling read into Azerbaijani Latin.
pub(crate) fn read(folded: &str, press: Press) -> String {
    let b: Vec<char> = folded.chars().collect();
    let at = |i: usize| b.get(i).copied();
    let starts = |i: usize, s: &str| s.chars().enumerate().all(|(k, c)| at(i + k) == Some(c));
    let vowel = |c: Option<char>| c.is_some_and(|c| "aeiouyï".contains(c));
    let mut out = String::with_capacity(folded.len());
    let mut i = 0;
    while i < b.len() {
        // After a consonant, ja / ia and ju / iou soften it, as я and ю do
        // (Kjasimowa, Kiazimova: Kazımova; Bjulbjul: Bülbül).
        let after_consonant = i > 0 && b[i - 1].is_alphabetic() && !vowel(Some(b[i - 1]));
        let glide = match press {
            Press::German => 'j',
            Press::French => 'i',
        };
        if after_consonant && b[i] == glide {
            let soft = match (at(i + 1), at(i + 2)) {
                (Some('a'), _) => Some(("ə", 2)),
                (Some('o'), Some('u')) if press == Press::French => Some(("ü", 3)),
                (Some('u'), _) if press == Press::German => Some(("ü", 2)),
                (Some('o'), _) => Some(("ö", 2)),
                _ => None,
            };
            if let Some((piece, len)) = soft {
                out.push_str(piece);
                i += len;
                continue;
            }
        }
        let (piece, len): (&str, usize) = match press {
            Press::German if starts(i, "schtsch") => ("şç", 7),
            Press::German if starts(i, "dsch") => ("c", 4),
            Press::German if starts(i, "tsch") => ("ç", 4),
            Press::German if starts(i, "sch") => ("ş", 3),
            Press::German if starts(i, "ch") => ("x", 2),
            Press::German if b[i] == 'w' => ("v", 1),
            Press::German if b[i] == 'j' => ("y", 1),
            // "Guseinow": ei before a consonant or the end is ey.
            Press::German if b[i] == 'i' && i > 0 && b[i - 1] == 'e' && !vowel(at(i + 1)) => {
                ("y", 1)
            }
            Press::French if starts(i, "chtch") => ("şç", 5),
            Press::French if starts(i, "tch") => ("ç", 3),
            Press::French if starts(i, "dj") => ("c", 2),
            Press::French if starts(i, "ch") => ("ş", 2),
            Press::French if starts(i, "kh") => ("x", 2),
            Press::French if starts(i, "iou") => ("yu", 3),
            Press::French if starts(i, "ou") => ("u", 2),
            Press::French if b[i] == 'ï' => ("y", 1),
            Press::French if b[i] == 'i' && vowel(at(i + 1)) && i > 0 => ("y", 1),
            _ if starts(i, "ss") && vowel(i.checked_sub(1).and_then(at)) => ("s", 2),
            _ => {
                out.push(b[i]);
                i += 1;
                continue;
            }
        };
        out.push_str(piece);
        i += len;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_and_french_from_russian() {
        assert_eq!(
            german_from_russian("Хадиджа Исмаилова"),
            "Chadidscha Ismailowa"
        );
        assert_eq!(german_from_russian("Расул Джафаров"), "Rassul Dschafarow");
        assert_eq!(
            french_from_russian("Хадиджа Исмаилова"),
            "Khadidja Ismaïlova"
        );
        assert_eq!(french_from_russian("Мехман Гусейнов"), "Mekhman Gousseïnov");
        assert_eq!(to_german("Leyla Yunus"), "Leila Junus");
        assert_eq!(to_turkish("Xədicə Qasımova"), "Hedice Kasımova");
    }

    #[test]
    fn reading_them_back() {
        assert_eq!(
            read("chadidscha ismailowa", Press::German),
            "xadica ismailova"
        );
        assert_eq!(read("rassul dschafarow", Press::German), "rasul cafarov");
        assert_eq!(
            read("khadidja ismaïlova", Press::French),
            "xadica ismaylova"
        );
        assert_eq!(read("mekhman gousseïnov", Press::French), "mexman guseynov");
        assert_eq!(read("aigjun kjazimowa", Press::German), "aigün kəzimova");
        assert_eq!(read("mourad kiazimov", Press::French), "murad kəzimov");
        assert_eq!(
            presses("chadidscha ismailowa"),
            [Press::German, Press::French]
        );
        assert_eq!(presses("rassul dschafarow"), [Press::German, Press::French]);
        assert_eq!(presses("rasul jafarow"), [Press::German]);
        assert_eq!(presses("mekhman gousseïnov"), [Press::French]);
        assert!(presses("khadija ismayilova").is_empty());
    }
}
