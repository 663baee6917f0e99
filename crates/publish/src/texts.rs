//! Texts of the public site that administrators write (the About page: who
//! keeps the list, how to contact them safely). Public by nature: written
//! only through the administrators' use case, read here for the pages.

use vigil_storage::Store;
use vigil_storage::site_texts::ABOUT_PARTS;

/// One part of the About page in the reader's language, or in English
/// (said so by `language`) when it is not written in theirs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteText {
    pub name: &'static str,
    pub language: String,
    pub text: String,
}

/// The About page's written parts for a reader of `language`, in order;
/// a part written in no language the reader can be given is left out.
pub async fn about(store: &Store, language: &str) -> vigil_storage::Result<Vec<SiteText>> {
    let mut out = Vec::new();
    for name in ABOUT_PARTS {
        let texts = store.site_texts(name).await?;
        let pick = texts
            .iter()
            .find(|(l, _)| l == language)
            .or_else(|| texts.iter().find(|(l, _)| l == "en"))
            .or_else(|| texts.first());
        if let Some((l, t)) = pick {
            out.push(SiteText {
                name,
                language: l.clone(),
                text: t.clone(),
            });
        }
    }
    Ok(out)
}
