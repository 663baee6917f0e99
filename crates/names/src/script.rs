//! Unicode normalization, script detection and Azerbaijani casing.

use unicode_normalization::UnicodeNormalization;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    Latin,
    Cyrillic,
    /// Letters of both scripts.
    Mixed,
    /// No Latin or Cyrillic letters.
    Other,
}

pub fn detect_script(s: &str) -> Script {
    let latin = s.chars().any(|c| c.is_alphabetic() && is_latin(c));
    let cyrillic = s.chars().any(is_cyrillic);
    match (latin, cyrillic) {
        (true, false) => Script::Latin,
        (false, true) => Script::Cyrillic,
        (true, true) => Script::Mixed,
        (false, false) => Script::Other,
    }
}

pub(crate) fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{04FF}' | '\u{0500}'..='\u{052F}')
}

fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic() || matches!(c, '\u{00C0}'..='\u{024F}' | '\u{0259}')
}

/// Letters only Azerbaijani Latin uses among the scripts handled here.
pub(crate) fn is_azerbaijani_letter(c: char) -> bool {
    matches!(
        c,
        'ə' | 'Ə' | 'ğ' | 'Ğ' | 'ı' | 'İ' | 'ş' | 'Ş' | 'ç' | 'Ç' | 'ö' | 'Ö' | 'ü' | 'Ü'
    )
}

/// Whether a case-folded name is written in Latin letters other than
/// Azerbaijani ones (an English, German or French spelling), where a digraph
/// such as "sh" stands for one Azerbaijani letter.
pub(crate) fn foreign_latin(folded: &str) -> bool {
    folded.chars().any(|c| c.is_alphabetic() && is_latin(c))
        && !folded
            .chars()
            .any(|c| is_azerbaijani_letter(c) || is_cyrillic(c))
}

/// NFC, with look-alike letters made one: the Latin schwa in its several
/// encodings, typographic apostrophes and dashes, and no zero-width marks.
pub fn normalize(s: &str) -> String {
    s.nfc()
        .filter(|c| !matches!(c, '\u{200B}'..='\u{200D}' | '\u{FEFF}' | '\u{00AD}'))
        .map(|c| match c {
            // The turned e sometimes typed for the schwa.
            '\u{01DD}' => 'ə',
            '\u{2018}' | '\u{2019}' | '\u{02BC}' | '`' | '´' => '\'',
            '\u{2010}'..='\u{2015}' => '-',
            _ => c,
        })
        .collect()
}

/// Lower case, the Azerbaijani way where the text is Azerbaijani: "İ" is
/// "i" and "I" is "ı". In text without Azerbaijani letters (an English or
/// passport spelling such as "ISMAYILOVA"), "I" is "i".
pub fn fold_case(s: &str) -> String {
    let s = normalize(s);
    let azerbaijani = s.chars().any(is_azerbaijani_letter);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            'İ' => out.push('i'),
            'I' if azerbaijani => out.push('ı'),
            _ => out.extend(c.to_lowercase()),
        }
    }
    // "İ".to_lowercase() in other paths gives "i̇"; drop a stray combining dot.
    out.replace('\u{0307}', "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn azerbaijani_casing() {
        assert_eq!(fold_case("İSMAYILOVA"), "ismayılova");
        assert_eq!(fold_case("ISMAYILOVA KHADIJA"), "ismayilova khadija");
        assert_eq!(fold_case("QASIMOV İLQAR"), "qasımov ilqar");
        assert_eq!(fold_case("Xədicə İsmayılova"), "xədicə ismayılova");
    }

    #[test]
    fn scripts() {
        assert_eq!(detect_script("Xədicə İsmayılova"), Script::Latin);
        assert_eq!(detect_script("Хадиджа Исмаилова"), Script::Cyrillic);
        assert_eq!(detect_script("Хадиджа Ismayilova"), Script::Mixed);
        assert_eq!(detect_script("123"), Script::Other);
    }
}
