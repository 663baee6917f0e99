//! Staff accounts, managed from the workspace by an administrator: who
//! has an account and with what role, whether they use two-factor
//! authentication, their open sessions; adding one, changing a role,
//! resetting a password, enrolling two-factor, signing someone out
//! everywhere. Each change is audited as the administrator.

use vigil_domain::records::{Role, User};
use vigil_domain::{Permission, RecordKind};

use super::Workspace;
use crate::accounts::{self, Password};
use crate::error::{AppError, Result};

/// The longest text of the public site an administrator writes, in characters.
pub const MAX_SITE_TEXT: usize = 20_000;

/// A handle that exists only for a role that may manage users (see [`Workspace::admin`]).
pub struct Admin<'a> {
    ws: &'a Workspace,
}

/// A staff account as an administrator sees it.
#[derive(Debug, Clone)]
pub struct Account {
    pub user: User,
    pub two_factor: bool,
    /// Sessions open now.
    pub sessions: i64,
    /// When the latest of them was last used (UTC, RFC 3339).
    pub last_seen: Option<String>,
}

impl Workspace {
    pub fn admin(&self) -> Result<Admin<'_>> {
        if self.staff().can(Permission::ManageUsers) {
            Ok(Admin { ws: self })
        } else {
            Err(AppError::forbidden("manage staff accounts"))
        }
    }
}

impl Admin<'_> {
    async fn account_of(&self, user: User) -> Result<Account> {
        let store = self.ws.store();
        let creds = store.credentials(&user.username).await?;
        let now = vigil_storage::accounts::timestamp_text(jiff::Timestamp::now());
        let (sessions, last_seen) = store.sessions_of(&user.id.to_string(), &now).await?;
        Ok(Account {
            two_factor: creds.and_then(|c| c.totp_secret).is_some(),
            sessions,
            last_seen,
            user,
        })
    }

    /// Every account, by username.
    pub async fn accounts(&self) -> Result<Vec<Account>> {
        let mut users: Vec<User> = self
            .ws
            .store()
            .list(RecordKind::User)
            .await?
            .into_iter()
            .filter_map(|r| User::try_from(r).ok())
            .collect();
        users.sort_by(|a, b| a.username.cmp(&b.username));
        let mut out = Vec::with_capacity(users.len());
        for u in users {
            out.push(self.account_of(u).await?);
        }
        Ok(out)
    }

    pub async fn account(&self, username: &str) -> Result<Account> {
        let user = accounts::find_user(self.ws.store(), username)
            .await?
            .ok_or_else(|| AppError::not_found("user"))?;
        self.account_of(user).await
    }

    pub async fn add(&self, username: &str, role: Role, password: &Password) -> Result<User> {
        let username = username.trim();
        accounts::add_user(self.ws.store(), &self.ws.actor(), username, role, password).await
    }

    /// Change a role. The last administrator keeps theirs, so that someone
    /// can always manage accounts.
    pub async fn set_role(&self, username: &str, role: Role) -> Result<User> {
        let account = self.account(username).await?;
        if account.user.role == Role::Admin && role != Role::Admin {
            let admins = self
                .accounts()
                .await?
                .iter()
                .filter(|a| a.user.role == Role::Admin && !a.user.disabled)
                .count();
            if admins <= 1 {
                return Err(AppError::Conflict(
                    "this is the last administrator; make someone else an administrator first"
                        .into(),
                ));
            }
        }
        accounts::set_role(self.ws.store(), &self.ws.actor(), username, role).await
    }

    pub async fn reset_password(&self, username: &str, password: &Password) -> Result<User> {
        accounts::reset_password(self.ws.store(), &self.ws.actor(), username, password).await
    }

    /// A new two-factor secret; gives the `otpauth://` address to show once.
    pub async fn enrol_two_factor(&self, username: &str) -> Result<String> {
        accounts::enrol_totp(self.ws.store(), &self.ws.actor(), username).await
    }

    /// The time zone `username` reads times in (`None`: UTC).
    pub async fn set_time_zone(&self, username: &str, zone: Option<&str>) -> Result<User> {
        let mut user = self.account(username).await?.user;
        user.time_zone = zone
            .map(str::trim)
            .filter(|z| !z.is_empty())
            .map(str::to_owned);
        let record = vigil_domain::Record::User(user.clone());
        let mut tx = self.ws.store().begin().await?;
        tx.update(&self.ws.actor(), &record).await?;
        tx.commit().await?;
        Ok(user)
    }

    /// A part of the public site as written, by language.
    pub async fn site_texts(&self, name: &str) -> Result<Vec<(String, String)>> {
        Ok(self.ws.store().site_texts(name).await?)
    }

    /// Write a part of the public site (`vigil_publish::texts::ABOUT_PARTS`)
    /// in each language given (an empty text removes that language), in one
    /// audited change.
    pub async fn set_site_text(&self, name: &str, texts: &[(&str, &str)]) -> Result<()> {
        use vigil_storage::site_texts::{ABOUT_PARTS, LANGUAGES};
        if !ABOUT_PARTS.contains(&name) {
            return Err(AppError::not_found("site text"));
        }
        for (lang, text) in texts {
            if !LANGUAGES.contains(lang) {
                return Err(AppError::invalid_field("language", "en, az or ru"));
            }
            if text.chars().count() > MAX_SITE_TEXT {
                return Err(AppError::invalid_field(
                    *lang,
                    format!("at most {MAX_SITE_TEXT} characters"),
                ));
            }
            if text
                .chars()
                .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
            {
                return Err(AppError::invalid_field(
                    *lang,
                    "control characters are not text",
                ));
            }
        }
        let mut tx = self.ws.store().begin().await?;
        for (lang, text) in texts {
            tx.set_site_text(name, lang, text.trim()).await?;
        }
        let langs: Vec<&str> = texts.iter().map(|(l, _)| *l).collect();
        let detail = format!("{name}: {}", langs.join(", "));
        tx.audit_event(&self.ws.actor(), "site-text", Some(&detail))
            .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn sign_out_everywhere(&self, username: &str) -> Result<u64> {
        accounts::sign_out_user(self.ws.store(), &self.ws.actor(), username).await
    }
}
