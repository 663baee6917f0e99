//! Texts of the public site written by administrators (`site_texts`): one
//! per part and language. Written in a transaction with its audit entry.

use sqlx::Row;

/// The parts of the About page administrators write, by name.
pub const ABOUT_PARTS: [&str; 2] = ["about-keepers", "about-contact"];

/// The languages a site text is written in.
pub const LANGUAGES: [&str; 3] = ["en", "az", "ru"];

use crate::error::Result;
use crate::store::Store;
use crate::tx::{Tx, now_text};

impl Store {
    /// Every language's text of the part `name`, by language.
    pub async fn site_texts(&self, name: &str) -> Result<Vec<(String, String)>> {
        let rows =
            sqlx::query("SELECT language, text FROM site_texts WHERE name = $1 ORDER BY language")
                .bind(name.to_owned())
                .fetch_all(self.pool())
                .await?;
        rows.iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
            .collect()
    }
}

impl Tx {
    /// Set (or, with an empty text, remove) the part `name` in `language`.
    pub async fn set_site_text(&mut self, name: &str, language: &str, text: &str) -> Result<()> {
        self.touch_site_text();
        if text.is_empty() {
            sqlx::query("DELETE FROM site_texts WHERE name = $1 AND language = $2")
                .bind(name.to_owned())
                .bind(language.to_owned())
                .execute(self.conn())
                .await?;
            return Ok(());
        }
        sqlx::query(
            "INSERT INTO site_texts (name, language, text, updated_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (name, language) DO UPDATE SET text = $3, updated_at = $4",
        )
        .bind(name.to_owned())
        .bind(language.to_owned())
        .bind(text.to_owned())
        .bind(now_text())
        .execute(self.conn())
        .await?;
        Ok(())
    }
}
