//! The interface in English, Azerbaijani and Russian (Fluent files in `locales/`).

use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{Loader, static_loader};
use unic_langid::{LanguageIdentifier, langid};

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en-US",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    Az,
    Ru,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Az, Lang::Ru];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Az => "az",
            Lang::Ru => "ru",
        }
    }

    /// The script pages in this language are written in: a person's name
    /// heads them in it when a form in it is recorded.
    pub fn script(self) -> vigil_domain::Script {
        match self {
            Lang::Ru => vigil_domain::Script::Cyrillic,
            Lang::En | Lang::Az => vigil_domain::Script::Latin,
        }
    }

    /// The language's name in itself, for the switch.
    pub fn native(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Az => "Azərbaycanca",
            Lang::Ru => "Русский",
        }
    }

    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        Lang::ALL
            .into_iter()
            .find(|l| s == l.code() || s.starts_with(&format!("{}-", l.code())))
    }

    /// The first supported language of an Accept-Language header.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        header
            .split(',')
            .filter_map(|part| Lang::parse(part.split(';').next().unwrap_or("")))
            .next()
    }

    fn id(self) -> LanguageIdentifier {
        match self {
            Lang::En => langid!("en-US"),
            Lang::Az => langid!("az"),
            Lang::Ru => langid!("ru"),
        }
    }
}

/// Translations for one request.
#[derive(Debug, Clone, Copy)]
pub struct I18n {
    pub lang: Lang,
}

impl I18n {
    /// The name of a kind of record in this language (`kind-detention-episode`).
    pub fn kind(&self, kind: vigil_domain::RecordKind) -> String {
        self.t(&format!("kind-{}", kind.as_str().replace('_', "-")))
    }

    pub fn t(&self, key: &str) -> String {
        LOCALES.lookup(&self.lang.id(), key)
    }

    /// A message with a number, e.g. "392 political prisoners" with the right plural form.
    pub fn n(&self, key: &str, count: impl std::borrow::Borrow<usize>) -> String {
        let mut args = HashMap::new();
        args.insert("count".into(), FluentValue::from(*count.borrow()));
        LOCALES.lookup_with_args(&self.lang.id(), key, &args)
    }

    /// The name of an enum value (a status, an occupation, a hearing's kind) in this language:
    /// the message `{group}-{value}` (`status-detained`), else the English label given.
    pub fn label<T: serde::Serialize>(&self, group: &str, value: T, english: &str) -> String {
        let key = serde_json::to_value(value)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        let id = format!("{group}-{}", key.replace('_', "-"));
        if self.lang == Lang::En {
            return english.to_owned();
        }
        LOCALES
            .try_lookup(&self.lang.id(), &id)
            .unwrap_or_else(|| english.to_owned())
    }

    /// Whether this language has the message `key` itself (not by falling back).
    pub fn has(&self, key: &str) -> bool {
        LOCALES.try_lookup(&self.lang.id(), key).is_some()
    }

    /// A message with named string arguments.
    pub fn with(&self, key: &str, pairs: &[(&str, String)]) -> String {
        let args: HashMap<std::borrow::Cow<'static, str>, FluentValue> = pairs
            .iter()
            .map(|(k, v)| {
                (
                    std::borrow::Cow::Owned((*k).to_owned()),
                    FluentValue::from(v.clone()),
                )
            })
            .collect();
        LOCALES.lookup_with_args(&self.lang.id(), key, &args)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_message_of_english() {
        let read = |dir: &str| {
            std::fs::read_to_string(format!(
                "{}/locales/{dir}/main.ftl",
                env!("CARGO_MANIFEST_DIR")
            ))
            .unwrap()
        };
        let keys = |s: &str| -> Vec<String> {
            s.lines()
                .filter(|l| !l.starts_with(' ') && !l.starts_with('#') && l.contains(" ="))
                .map(|l| l.split(" =").next().unwrap().trim().to_owned())
                .collect()
        };
        let en = keys(&read("en-US"));
        for dir in ["az", "ru"] {
            let other = keys(&read(dir));
            for k in &en {
                assert!(other.contains(k), "{dir} lacks {k}");
            }
        }
    }

    #[test]
    fn russian_plurals_are_right() {
        let ru = I18n { lang: Lang::Ru };
        assert!(
            ru.n("prisoners-count", 1)
                .contains("политический заключённый")
        );
        assert!(
            ru.n("prisoners-count", 3)
                .contains("политических заключённых")
        );
        assert!(
            ru.n("prisoners-count", 392)
                .contains("политических заключённых")
        );
        assert!(
            ru.n("prisoners-count", 21)
                .contains("политический заключённый")
        );
        let en = I18n { lang: Lang::En };
        assert_eq!(en.n("prisoners-count", 1), "1 political prisoner");
        assert_eq!(
            Lang::from_accept_language("ru-RU,ru;q=0.9,en;q=0.8"),
            Some(Lang::Ru)
        );
    }
}
