//! Staff accounts: adding users, logging in (Argon2id, optional TOTP,
//! throttling), sessions kept in the database, logging out.
//!
//! Session tokens and CSRF tokens are 256-bit random values; the database
//! keeps only the SHA-256 of a session token, so a copy of it cannot be used
//! to log in.

use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier};
use base64::Engine as _;
use rand::RngCore;
use vigil_domain::records::{Role, User};
use vigil_domain::{AnyId, Id, Permission, Record, RecordKind, Visibility};
use vigil_storage::accounts::timestamp_text;
use vigil_storage::{Actor, Store};

use crate::error::{AppError, Result};

/// A session lasts at most this long.
pub const SESSION_HOURS: i64 = 12;
/// A session unused for this long ends.
pub const IDLE_MINUTES: i64 = 120;
/// Failed logins allowed for one username from one client within
/// [`THROTTLE_MINUTES`]; after them that client waits for that username only.
pub const MAX_FAILURES: i64 = 5;
/// Failed logins allowed for one username from all clients together within
/// [`THROTTLE_MINUTES`] (guessing from many addresses); other usernames are
/// never held back by them.
pub const MAX_USER_FAILURES: i64 = 50;
pub const THROTTLE_MINUTES: i64 = 15;
pub const MIN_PASSWORD_CHARS: usize = 12;

/// A password held only as long as needed; its `Debug` never shows it.
pub struct Password(String);

impl Password {
    pub fn new(s: impl Into<String>) -> Self {
        Password(s.into())
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(…)")
    }
}

/// A logged-in member of staff. Only [`login`] and [`session`] make one.
#[derive(Debug, Clone)]
pub struct Staff {
    pub user: User,
    /// The token forms must carry back (CSRF).
    pub csrf: String,
    token_hash: String,
}

impl Staff {
    pub fn role(&self) -> Role {
        self.user.role
    }
    pub fn can(&self, p: Permission) -> bool {
        self.user.role.can(p)
    }
    pub fn may_see(&self, v: Visibility) -> bool {
        self.user.role.may_see(v)
    }
    pub fn actor(&self) -> Actor {
        Actor::user(&self.user.username)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    /// Wrong username or password: one message for both, so usernames cannot be probed.
    #[error("wrong username or password")]
    Wrong,
    #[error("too many failed attempts; try again in {THROTTLE_MINUTES} minutes")]
    Throttled,
    #[error("enter the code from your authenticator app")]
    TotpNeeded,
    #[error(
        "two-factor authentication is required for administrators; ask another admin to enrol you"
    )]
    TotpRequired,
    #[error("this account is disabled")]
    Disabled,
    #[error(transparent)]
    App(#[from] AppError),
}

impl From<vigil_storage::StorageError> for LoginError {
    fn from(e: vigil_storage::StorageError) -> Self {
        LoginError::App(e.into())
    }
}

fn random_token() -> String {
    let mut b = [0u8; 32];
    rand::rng().fill_bytes(&mut b);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b)
}

fn hash_token(token: &str) -> String {
    vigil_storage::sha256_hex(token.as_bytes())
}

fn hash_password(p: &Password) -> Result<String> {
    Argon2::default()
        .hash_password(p.0.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| AppError::internal("cannot hash the password", e.to_string()))
}

fn check_password_rules(p: &Password) -> Result<()> {
    if p.0.chars().count() < MIN_PASSWORD_CHARS {
        return Err(AppError::invalid(format!(
            "a password needs at least {MIN_PASSWORD_CHARS} characters"
        )));
    }
    if p.0.len() > 1024 {
        return Err(AppError::invalid("a password may have at most 1024 bytes"));
    }
    Ok(())
}

async fn user_by_id(store: &Store, id: &str) -> Result<Option<User>> {
    let Ok(id) = id.parse::<AnyId>() else {
        return Ok(None);
    };
    Ok(store.get(id).await?.and_then(|r| User::try_from(r).ok()))
}

pub async fn find_user(store: &Store, username: &str) -> Result<Option<User>> {
    match store.credentials(username).await? {
        Some(c) => user_by_id(store, &c.user_id).await,
        None => Ok(None),
    }
}

/// Add a staff account with a password.
pub async fn add_user(
    store: &Store,
    actor: &Actor,
    username: &str,
    role: Role,
    password: &Password,
) -> Result<User> {
    check_password_rules(password)?;
    if store.credentials(username).await?.is_some() {
        return Err(AppError::invalid(format!(
            "a user named {username:?} already exists"
        )));
    }
    let user = User {
        id: Id::new(),
        visibility: Visibility::Internal,
        sources: vec![],
        username: username.to_owned(),
        display_name: None,
        role,
        disabled: false,
        time_zone: None,
    };
    let hash = hash_password(password)?;
    let mut tx = store.begin().await?;
    tx.insert(actor, &Record::User(user.clone())).await?;
    tx.set_credentials(&user.id.to_string(), username, &hash)
        .await?;
    tx.audit_record_event(
        actor,
        "set-password",
        RecordKind::User,
        user.id.erase(),
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(user)
}

/// Change a user's role; their sessions end, so the new role applies at once.
pub async fn set_role(store: &Store, actor: &Actor, username: &str, role: Role) -> Result<User> {
    let mut user = find_user(store, username)
        .await?
        .ok_or_else(|| AppError::not_found(format!("user {username:?}")))?;
    let before = user.role;
    user.role = role;
    let mut tx = store.begin().await?;
    tx.update(actor, &Record::User(user.clone())).await?;
    tx.delete_sessions_of(&user.id.to_string()).await?;
    tx.audit_record_event(
        actor,
        "permission-change",
        RecordKind::User,
        user.id.erase(),
        Some(&format!("{} -> {}", before.label(), role.label())),
    )
    .await?;
    tx.commit().await?;
    Ok(user)
}

/// Give a user a new password (an administrator's reset); their sessions end.
pub async fn reset_password(
    store: &Store,
    actor: &Actor,
    username: &str,
    password: &Password,
) -> Result<User> {
    check_password_rules(password)?;
    let user = find_user(store, username)
        .await?
        .ok_or_else(|| AppError::not_found(format!("user {username:?}")))?;
    let hash = hash_password(password)?;
    let id = user.id.to_string();
    let mut tx = store.begin().await?;
    tx.set_credentials(&id, username, &hash).await?;
    tx.delete_sessions_of(&id).await?;
    tx.audit_record_event(
        actor,
        "set-password",
        RecordKind::User,
        user.id.erase(),
        Some("reset by an administrator"),
    )
    .await?;
    tx.commit().await?;
    Ok(user)
}

/// End every session of `username` (an administrator signing them out on every device).
pub async fn sign_out_user(store: &Store, actor: &Actor, username: &str) -> Result<u64> {
    let user = find_user(store, username)
        .await?
        .ok_or_else(|| AppError::not_found(format!("user {username:?}")))?;
    let mut tx = store.begin().await?;
    let ended = tx.delete_sessions_of(&user.id.to_string()).await?;
    tx.audit_record_event(
        actor,
        "logout-everywhere",
        RecordKind::User,
        user.id.erase(),
        Some(&format!("{ended} sessions ended by an administrator")),
    )
    .await?;
    tx.commit().await?;
    Ok(ended)
}

/// Give a user a new TOTP secret; returns the `otpauth://` address to enrol an authenticator app.
pub async fn enrol_totp(store: &Store, actor: &Actor, username: &str) -> Result<String> {
    let creds = store
        .credentials(username)
        .await?
        .ok_or_else(|| AppError::not_found(format!("user {username:?}")))?;
    let mut secret = vec![0u8; 20];
    rand::rng().fill_bytes(&mut secret);
    let totp = totp(&secret, username)?;
    let url = totp
        .to_url()
        .map_err(|e| AppError::invalid(format!("cannot make the enrolment address: {e}")))?;
    let mut tx = store.begin().await?;
    tx.set_totp_secret(&creds.user_id, Some(&hex::encode(&secret)))
        .await?;
    tx.delete_sessions_of(&creds.user_id).await?;
    let id: AnyId = creds
        .user_id
        .parse()
        .map_err(|e| AppError::internal("damaged user id", e))?;
    tx.audit_record_event(actor, "totp-enrol", RecordKind::User, id, None)
        .await?;
    tx.commit().await?;
    Ok(url)
}

fn totp(secret: &[u8], username: &str) -> Result<totp_rs::Totp> {
    totp_rs::Builder::new()
        .with_secret(secret.to_vec())
        .with_issuer(Some("Vigil"))
        .with_account_name(username.replace(':', "_"))
        .build()
        .map_err(|e| AppError::invalid(format!("bad two-factor secret: {e}")))
}

/// The current code for a stored secret (for tests and for enrolment checks).
pub fn totp_code(secret_hex: &str, username: &str) -> Result<String> {
    let secret =
        hex::decode(secret_hex).map_err(|e| AppError::internal("damaged two-factor secret", e))?;
    Ok(totp(&secret, username)?.generate_current().to_string())
}

/// Options of the login policy.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoginPolicy {
    /// Administrators must have two-factor authentication.
    pub require_admin_totp: bool,
}

/// Check a login and start a session. Returns the staff member and the session token for the cookie.
pub async fn login(
    store: &Store,
    policy: LoginPolicy,
    username: &str,
    password: &Password,
    totp_code: Option<&str>,
    client: &str,
) -> Result<(Staff, String), LoginError> {
    let username = username.trim();
    // Failures are counted per username: from this client, and from all.
    // No count spans usernames, so one username's failures never hold back
    // another's (behind a proxy every client may share one address).
    let user = format!("user:{}", username.to_lowercase());
    let keys = [format!("{user}|client:{client}"), user];
    let since =
        timestamp_text(jiff::Timestamp::now() - jiff::SignedDuration::from_mins(THROTTLE_MINUTES));
    for (k, max) in keys.iter().zip([MAX_FAILURES, MAX_USER_FAILURES]) {
        if store.login_failures_since(k, &since).await? >= max {
            audit(store, &Actor::named("anonymous"), "login-throttled", None).await?;
            return Err(LoginError::Throttled);
        }
    }
    let keys = &keys;
    let fail = |reason: &'static str| async move {
        for k in keys {
            store.record_login_failure(k).await?;
        }
        audit(
            store,
            &Actor::named("anonymous"),
            "login-failed",
            Some(reason),
        )
        .await?;
        Ok::<_, LoginError>(())
    };
    let creds = store.credentials(username).await?;
    // Verify against a fixed hash when the user does not exist, so timing does not tell.
    let stored = creds
        .as_ref()
        .map(|c| c.password_hash.clone())
        .unwrap_or_else(|| DUMMY_HASH.to_owned());
    let ok = PasswordHash::new(&stored).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.0.as_bytes(), &h)
            .is_ok()
    });
    let (Some(creds), true) = (creds, ok) else {
        fail("wrong username or password").await?;
        return Err(LoginError::Wrong);
    };
    let Some(user) = user_by_id(store, &creds.user_id).await? else {
        fail("credentials without a user").await?;
        return Err(LoginError::Wrong);
    };
    if user.disabled {
        fail("disabled account").await?;
        return Err(LoginError::Disabled);
    }
    match (
        &creds.totp_secret,
        totp_code.map(str::trim).filter(|c| !c.is_empty()),
    ) {
        (Some(secret), Some(code)) => {
            let secret = hex::decode(secret)
                .map_err(|e| AppError::internal("damaged two-factor secret", e))?;
            if totp(&secret, &creds.username)?
                .check_current(code)
                .is_none()
            {
                fail("wrong two-factor code").await?;
                return Err(LoginError::Wrong);
            }
        }
        (Some(_), None) => return Err(LoginError::TotpNeeded),
        (None, _) if policy.require_admin_totp && user.role == Role::Admin => {
            fail("admin without two-factor").await?;
            return Err(LoginError::TotpRequired);
        }
        (None, _) => {}
    }
    // The right password from this client clears its own count only.
    store.clear_login_failures(&keys[0]).await?;
    let token = random_token();
    let csrf = random_token();
    let expires =
        timestamp_text(jiff::Timestamp::now() + jiff::SignedDuration::from_hours(SESSION_HOURS));
    store
        .create_session(&hash_token(&token), &user.id.to_string(), &csrf, &expires)
        .await?;
    audit(store, &Actor::user(&user.username), "login", None).await?;
    Ok((
        Staff {
            user,
            csrf,
            token_hash: hash_token(&token),
        },
        token,
    ))
}

/// A hash of a random password, verified when the username is unknown.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$8p3EvUWWZvBaUkrKvwvtyjsj3sG5j0f9PpbfQq1+fTI";

async fn audit(store: &Store, actor: &Actor, action: &str, detail: Option<&str>) -> Result<()> {
    let mut tx = store.begin().await?;
    tx.audit_event(actor, action, detail).await?;
    tx.commit().await?;
    Ok(())
}

/// The staff member a session token belongs to, if the session is still valid.
pub async fn session(store: &Store, token: &str) -> Result<Option<Staff>> {
    if token.is_empty() || token.len() > 100 {
        return Ok(None);
    }
    let hash = hash_token(token);
    let Some(row) = store.session(&hash).await? else {
        return Ok(None);
    };
    let now = jiff::Timestamp::now();
    let idle_limit = timestamp_text(now - jiff::SignedDuration::from_mins(IDLE_MINUTES));
    if row.expires_at < timestamp_text(now) || row.last_seen < idle_limit {
        store.delete_session(&hash).await?;
        return Ok(None);
    }
    let Some(user) = user_by_id(store, &row.user_id).await? else {
        return Ok(None);
    };
    if user.disabled {
        return Ok(None);
    }
    // Refresh the idle clock at most once a minute.
    if row.last_seen < timestamp_text(now - jiff::SignedDuration::from_mins(1)) {
        store.touch_session(&hash).await?;
    }
    Ok(Some(Staff {
        user,
        csrf: row.csrf,
        token_hash: hash,
    }))
}

pub async fn logout(store: &Store, staff: &Staff) -> Result<()> {
    store.delete_session(&staff.token_hash).await?;
    audit(store, &staff.actor(), "logout", None).await
}

/// End every session of this user, on every device.
pub async fn logout_everywhere(store: &Store, staff: &Staff) -> Result<()> {
    let mut tx = store.begin().await?;
    tx.delete_sessions_of(&staff.user.id.to_string()).await?;
    tx.audit_event(&staff.actor(), "logout-everywhere", None)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Constant-time comparison for CSRF tokens.
pub fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}
