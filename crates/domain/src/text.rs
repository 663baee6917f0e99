//! Names and texts in several scripts and languages.

use serde::{Deserialize, Serialize};

use crate::visibility::Visibility;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Script {
    Latin,
    Cyrillic,
    Arabic,
    Other,
}

impl Script {
    /// The script most letters of `s` are written in.
    pub fn detect(s: &str) -> Script {
        let (mut latin, mut cyr, mut arab) = (0, 0, 0);
        for c in s.chars().filter(|c| c.is_alphabetic()) {
            match c as u32 {
                0x0041..=0x024F | 0x1E00..=0x1EFF => latin += 1,
                0x0400..=0x052F => cyr += 1,
                0x0600..=0x06FF => arab += 1,
                _ => {}
            }
        }
        if latin == 0 && cyr == 0 && arab == 0 {
            Script::Other
        } else if latin >= cyr && latin >= arab {
            Script::Latin
        } else if cyr >= arab {
            Script::Cyrillic
        } else {
            Script::Arabic
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NameKind {
    /// The form the record is known by.
    Primary,
    /// The same name in another script or spelling.
    Transliteration,
    /// Another name: a pen name, a name in a list heading, a full form with patronymic.
    Alias,
    /// A name no longer used (before marriage, before a change).
    Former,
}

/// How the parts of a personal name are ordered in this form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum NameOrder {
    #[default]
    GivenFirst,
    SurnameFirst,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Name {
    pub name: String,
    pub script: Script,
    /// BCP 47 language tag, e.g. `az`, `ru`, `en`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    pub kind: NameKind,
    #[serde(default)]
    pub order: NameOrder,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patronymic: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub surname: Option<String>,
    /// An alias may be known only to staff.
    #[serde(default = "public")]
    pub visibility: Visibility,
}

fn public() -> Visibility {
    Visibility::Public
}

impl Name {
    pub fn new(name: impl Into<String>, kind: NameKind, language: Option<&str>) -> Self {
        let name = name.into();
        Self {
            script: Script::detect(&name),
            name,
            language: language.map(str::to_owned),
            kind,
            order: NameOrder::GivenFirst,
            given: None,
            patronymic: None,
            surname: None,
            visibility: Visibility::Public,
        }
    }

    pub fn primary(name: impl Into<String>, language: Option<&str>) -> Self {
        Self::new(name, NameKind::Primary, language)
    }
}

/// A text in one language, e.g. a biography.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalizedText {
    pub language: String,
    pub text: String,
    #[serde(default)]
    pub machine_translated: bool,
    #[serde(default = "public")]
    pub visibility: Visibility,
}

impl LocalizedText {
    pub fn en(text: impl Into<String>) -> Self {
        Self {
            language: "en".into(),
            text: text.into(),
            machine_translated: false,
            visibility: Visibility::Public,
        }
    }
}

/// Pick the text in `language`, else English, else the first one.
pub fn pick_language<'a>(texts: &'a [LocalizedText], language: &str) -> Option<&'a LocalizedText> {
    texts
        .iter()
        .find(|t| t.language == language)
        .or_else(|| texts.iter().find(|t| t.language == "en"))
        .or_else(|| texts.first())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_scripts() {
        assert_eq!(Script::detect("Xədicə İsmayılova"), Script::Latin);
        assert_eq!(Script::detect("Хадиджа Исмаилова"), Script::Cyrillic);
        assert_eq!(Script::detect("123"), Script::Other);
    }
}
