//! Transliteration among Azerbaijani Latin, Azerbaijani and Russian
//! Cyrillic, and English press spellings.
//!
//! `from_cyrillic` reads Russian (and Azerbaijani Cyrillic) into
//! Azerbaijani Latin the way Russian practice wrote Azerbaijani names:
//! я after a consonant is ə (Кязимова, Kazımova), дж is c (Джавид, Cavid).
//! `from_english` reads an ASCII press spelling into Azerbaijani Latin: sh
//! is ş, kh is x, j is c. `to_russian` and `to_english` go the other way and
//! are used by the tests and to show a reader the likely spellings.

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'ə' | 'i' | 'ı' | 'o' | 'ö' | 'u' | 'ü' | 'y')
}

fn is_cyrillic_vowel(c: char) -> bool {
    "аеёиоуыэюяәөүі".contains(c)
}

/// Lower-case Cyrillic into Azerbaijani Latin.
pub(crate) fn from_cyrillic(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() + 4);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let prev = if i == 0 { None } else { Some(chars[i - 1]) };
        // A soft vowel at the start, after a vowel or after a hard or soft sign is y + vowel.
        let iotated = prev.is_none_or(|p| is_cyrillic_vowel(p) || p == 'ъ' || p == 'ь');
        match c {
            'д' if chars.get(i + 1) == Some(&'ж') => {
                out.push('c');
                i += 1;
            }
            'а' => out.push('a'),
            'б' => out.push('b'),
            'в' => out.push('v'),
            'г' | 'ҝ' => out.push('g'),
            'ғ' => out.push('ğ'),
            'д' => out.push('d'),
            'е' if iotated && prev.is_none() => out.push('e'),
            'е' if iotated => out.push_str("ye"),
            'е' | 'э' => out.push('e'),
            'ё' if iotated => out.push_str("yo"),
            'ё' => out.push('ö'),
            'ж' => out.push('j'),
            'з' => out.push('z'),
            'и' | 'і' => out.push('i'),
            'й' | 'ј' => out.push('y'),
            'к' => out.push('k'),
            'л' => out.push('l'),
            'м' => out.push('m'),
            'н' => out.push('n'),
            'о' => out.push('o'),
            'ө' => out.push('ö'),
            'п' => out.push('p'),
            'р' => out.push('r'),
            'с' => out.push('s'),
            'т' => out.push('t'),
            'у' => out.push('u'),
            'ү' => out.push('ü'),
            'ф' => out.push('f'),
            'х' => out.push('x'),
            'һ' => out.push('h'),
            'ц' => out.push_str("ts"),
            'ч' => out.push('ç'),
            'ҹ' => out.push('c'),
            'ш' => out.push('ş'),
            'щ' => out.push_str("şç"),
            'ъ' | 'ь' => {}
            'ы' => out.push('ı'),
            'ю' if iotated => out.push_str("yu"),
            'ю' => out.push('ü'),
            'я' if iotated => out.push_str("ya"),
            'я' | 'ә' => out.push('ə'),
            other => out.push(other),
        }
        i += 1;
    }
    out
}

/// A lower-case ASCII press spelling into Azerbaijani Latin.
pub(crate) fn from_english(s: &str) -> String {
    let b: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    let at = |i: usize| b.get(i).copied();
    while i < b.len() {
        let c = b[i];
        let next = at(i + 1);
        let two = |x: char| next == Some(x);
        match c {
            's' if two('h') && at(i + 2) == Some('c') && at(i + 3) == Some('h') => {
                out.push_str("şç");
                i += 3;
            }
            's' if two('h') => {
                out.push('ş');
                i += 1;
            }
            'c' if two('h') => {
                out.push('ç');
                i += 1;
            }
            'z' if two('h') => {
                out.push('j');
                i += 1;
            }
            'k' if two('h') => {
                out.push('x');
                i += 1;
            }
            'g' if two('h') => {
                out.push('ğ');
                i += 1;
            }
            'd' if two('z') && at(i + 2) == Some('h') => {
                out.push('c');
                i += 2;
            }
            'd' if two('j') => {
                out.push('c');
                i += 1;
            }
            'j' => out.push('c'),
            'w' => out.push('v'),
            // "Beibutov", "Hussein": ei before a consonant or the end is ey.
            'i' if i > 0 && b[i - 1] == 'e' && next.is_none_or(|n| !is_vowel(n)) => out.push('y'),
            // A final h after a vowel is silent ("Mustafazadeh").
            'h' if next.is_none() && i > 0 && is_vowel(b[i - 1]) => {}
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

/// An Azerbaijani Latin name as Russian practice mostly writes it: Hüseynov
/// is Гусейнов, Cəlil is Джалил, Həsənli is Гасанлы. (Practice varies where
/// ə falls, а or е; matching treats them alike.)
pub fn to_russian(az: &str) -> String {
    let s = crate::fold_case(az);
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let prev = if i == 0 { None } else { Some(chars[i - 1]) };
        let word_start = prev.is_none_or(|p| !p.is_alphabetic());
        let next = chars.get(i + 1).copied();
        // Doubled consonants are written once (Məmmədov, Мамедов).
        if prev == Some(c) && !is_vowel(c) {
            continue;
        }
        let after_gk = matches!(prev, Some('g' | 'k'));
        let last = next.is_none_or(|n| !n.is_alphabetic());
        let piece: &str = match c {
            'a' => "а",
            'b' => "б",
            'c' => "дж",
            'ç' => "ч",
            'd' => "д",
            'e' if word_start => "э",
            'e' => "е",
            'ə' if after_gk => "я",
            'ə' if word_start => "а",
            'ə' if last => "е",
            'ə' => "а",
            'f' => "ф",
            // Mehman, Мехман: h before a consonant or at the end is х.
            'h' if next.is_none_or(|n| !is_vowel(n)) => "х",
            'g' | 'ğ' | 'h' => "г",
            'q' if word_start => "г",
            'q' => "к",
            'x' => "х",
            'ı' => "ы",
            // The surname ending -li is -лы (Həsənli, Гасанлы).
            'i' if last && prev == Some('l') => "ы",
            'i' => "и",
            'j' => "ж",
            'k' => "к",
            'l' => "л",
            'm' => "м",
            'n' => "н",
            'o' => "о",
            'ö' if word_start => "ё",
            'ö' => "ё",
            'p' => "п",
            'r' => "р",
            's' => "с",
            'ş' => "ш",
            't' => "т",
            'u' => "у",
            'ü' if word_start => "ю",
            // Hüseynov, Гусейнов: after г, к and х, ü is у.
            'ü' if matches!(prev, Some('h' | 'g' | 'ğ' | 'q' | 'k' | 'x')) => "у",
            'ü' => "ю",
            'v' => "в",
            // y with a following vowel is one iotated letter: Yunus, Юнус.
            'y' if next == Some('a') => "я",
            'y' if next == Some('u') => "ю",
            'y' if next == Some('o') => "ё",
            'y' if next == Some('e') => "е",
            'y' => "й",
            'z' => "з",
            other => {
                out.push(other);
                continue;
            }
        };
        if prev == Some('y') && matches!(c, 'a' | 'u' | 'o' | 'e') {
            // Already written with the y (я, ю, ё, е).
            continue;
        }
        out.push_str(piece);
    }
    capitalize_words(&out)
}

/// An Azerbaijani Latin name as the English-language press writes it:
/// Şəhriyar is Shahriyar, Cavid is Javid, Xədicə is Khadija.
pub fn to_english(az: &str) -> String {
    let s = crate::fold_case(az);
    let mut out = String::new();
    for c in s.chars() {
        match c {
            'ə' => out.push('a'),
            'ı' => out.push('i'),
            'ş' => out.push_str("sh"),
            'ç' => out.push_str("ch"),
            'c' => out.push('j'),
            'x' => out.push_str("kh"),
            'ğ' => out.push_str("gh"),
            'q' => out.push('g'),
            'ö' => out.push('o'),
            'ü' => out.push('u'),
            'j' => out.push_str("zh"),
            other => out.push(other),
        }
    }
    capitalize_words(&out)
}

pub(crate) fn capitalize_words(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    for c in s.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        start = !c.is_alphabetic();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_practice() {
        assert_eq!(to_russian("Mehman Hüseynov"), "Мехман Гусейнов");
        assert_eq!(to_russian("Cəmil Həsənli"), "Джамил Гасанлы");
        assert_eq!(to_russian("Məmmədov"), "Мамадов");
        assert_eq!(to_russian("Leyla Yunusova"), "Лейла Юнусова");
        assert_eq!(to_russian("Babayeva"), "Бабаева");
        assert_eq!(from_cyrillic("кязимова"), "kəzimova");
        assert_eq!(from_cyrillic("мамедъяров"), "mamedyarov");
        assert_eq!(from_cyrillic("джавид"), "cavid");
        assert_eq!(from_cyrillic("бабаева"), "babayeva");
    }

    #[test]
    fn english_press_spellings() {
        assert_eq!(to_english("Şəhriyar Məmmədyarov"), "Shahriyar Mammadyarov");
        assert_eq!(to_english("Xədicə İsmayılova"), "Khadija Ismayilova");
        assert_eq!(from_english("shakhriyar"), "şaxriyar");
        assert_eq!(from_english("radjabov"), "racabov");
        assert_eq!(from_english("beibutov"), "beybutov");
        assert_eq!(from_english("mustafazadeh"), "mustafazade");
    }
}
