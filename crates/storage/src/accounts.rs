//! Credentials, sessions and login throttling, kept in the database.

use sqlx::Row;

use crate::error::Result;
use crate::store::Store;
use crate::tx::{Tx, now_text};

#[derive(Debug, Clone)]
pub struct Credentials {
    pub user_id: String,
    pub username: String,
    pub password_hash: String,
    pub totp_secret: Option<String>,
}

#[derive(Debug, Clone)]
pub struct SessionRow {
    pub user_id: String,
    pub csrf: String,
    pub created_at: String,
    pub last_seen: String,
    pub expires_at: String,
}

impl Tx {
    pub async fn set_credentials(
        &mut self,
        user_id: &str,
        username: &str,
        password_hash: &str,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO credentials (user_id, username, password_hash, totp_secret, updated_at) VALUES ($1, $2, $3, NULL, $4) \
             ON CONFLICT (user_id) DO UPDATE SET username = $2, password_hash = $3, updated_at = $4",
        )
        .bind(user_id.to_owned())
        .bind(username.to_owned())
        .bind(password_hash.to_owned())
        .bind(now_text())
        .execute(self.conn())
        .await?;
        Ok(())
    }

    pub async fn set_totp_secret(&mut self, user_id: &str, secret: Option<&str>) -> Result<u64> {
        let done = sqlx::query(
            "UPDATE credentials SET totp_secret = $2, updated_at = $3 WHERE user_id = $1",
        )
        .bind(user_id.to_owned())
        .bind(secret.map(str::to_owned))
        .bind(now_text())
        .execute(self.conn())
        .await?;
        Ok(done.rows_affected())
    }

    /// End every session of a user (logout everywhere, a role change, a password reset).
    pub async fn delete_sessions_of(&mut self, user_id: &str) -> Result<u64> {
        let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user_id.to_owned())
            .execute(self.conn())
            .await?;
        Ok(done.rows_affected())
    }
}

impl Store {
    pub async fn credentials(&self, username: &str) -> Result<Option<Credentials>> {
        let row = sqlx::query("SELECT user_id, username, password_hash, totp_secret FROM credentials WHERE username = $1")
            .bind(username.to_owned())
            .fetch_optional(self.pool())
            .await?;
        row.map(|r| {
            Ok(Credentials {
                user_id: r.try_get(0)?,
                username: r.try_get(1)?,
                password_hash: r.try_get(2)?,
                totp_secret: r.try_get(3)?,
            })
        })
        .transpose()
    }

    pub async fn create_session(
        &self,
        token_hash: &str,
        user_id: &str,
        csrf: &str,
        expires_at: &str,
    ) -> Result<()> {
        let now = now_text();
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, csrf, created_at, last_seen, expires_at) VALUES ($1, $2, $3, $4, $4, $5)",
        )
        .bind(token_hash.to_owned())
        .bind(user_id.to_owned())
        .bind(csrf.to_owned())
        .bind(now)
        .bind(expires_at.to_owned())
        .execute(self.pool())
        .await?;
        Ok(())
    }

    pub async fn session(&self, token_hash: &str) -> Result<Option<SessionRow>> {
        let row = sqlx::query("SELECT user_id, csrf, created_at, last_seen, expires_at FROM sessions WHERE token_hash = $1")
            .bind(token_hash.to_owned())
            .fetch_optional(self.pool())
            .await?;
        row.map(|r| {
            Ok(SessionRow {
                user_id: r.try_get(0)?,
                csrf: r.try_get(1)?,
                created_at: r.try_get(2)?,
                last_seen: r.try_get(3)?,
                expires_at: r.try_get(4)?,
            })
        })
        .transpose()
    }

    /// How many sessions a user has open (not yet expired at `now`), and
    /// when the latest was last used.
    pub async fn sessions_of(&self, user_id: &str, now: &str) -> Result<(i64, Option<String>)> {
        let row = sqlx::query(
            "SELECT COUNT(*), MAX(last_seen) FROM sessions WHERE user_id = $1 AND expires_at > $2",
        )
        .bind(user_id.to_owned())
        .bind(now.to_owned())
        .fetch_one(self.pool())
        .await?;
        Ok((row.try_get(0)?, row.try_get(1)?))
    }

    pub async fn touch_session(&self, token_hash: &str) -> Result<()> {
        sqlx::query("UPDATE sessions SET last_seen = $2 WHERE token_hash = $1")
            .bind(token_hash.to_owned())
            .bind(now_text())
            .execute(self.pool())
            .await?;
        Ok(())
    }

    pub async fn delete_session(&self, token_hash: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash.to_owned())
            .execute(self.pool())
            .await?;
        Ok(())
    }

    pub async fn record_login_failure(&self, key: &str) -> Result<()> {
        sqlx::query("INSERT INTO login_failures (throttle_key, at) VALUES ($1, $2)")
            .bind(key.to_owned())
            .bind(now_text())
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Failures for `key` at or after `since` (a timestamp in the store's text form).
    pub async fn login_failures_since(&self, key: &str, since: &str) -> Result<i64> {
        Ok(
            sqlx::query("SELECT COUNT(*) FROM login_failures WHERE throttle_key = $1 AND at >= $2")
                .bind(key.to_owned())
                .bind(since.to_owned())
                .fetch_one(self.pool())
                .await?
                .try_get(0)?,
        )
    }

    pub async fn clear_login_failures(&self, key: &str) -> Result<()> {
        sqlx::query("DELETE FROM login_failures WHERE throttle_key = $1")
            .bind(key.to_owned())
            .execute(self.pool())
            .await?;
        Ok(())
    }
}

/// A timestamp in the store's text form (sortable as text).
pub fn timestamp_text(t: jiff::Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}
