//! Encrypted backups: the whole store as a bundle (`bundle`), encrypted
//! with [age](https://age-encryption.org) to one or more recipients' public
//! keys. The server needs only the public keys to write a backup; reading
//! one needs a recipient's identity (secret key), kept away from the server,
//! so whoever takes the server cannot read the backups it wrote.
//!
//! age authenticates every 64 KiB chunk and the end of the stream, so a
//! damaged, cut or altered backup is refused; the bundle inside is checked
//! again line by line (its history, digests and trailer) as it is restored.

use std::io::{BufReader, Read, Write};
use std::str::FromStr;

use age::secrecy::ExposeSecret as _;
use vigil_storage::{Actor, Keyring, Store};

use crate::bundle::{self, Counts};
use crate::error::{AppError, Result};

/// A backup's reader: someone who holds the matching identity can restore it.
#[derive(Debug, Clone)]
pub struct Recipient(age::x25519::Recipient);

impl Recipient {
    /// A recipient as age writes it (`age1…`).
    pub fn parse(text: &str) -> Result<Recipient> {
        age::x25519::Recipient::from_str(text.trim())
            .map(Recipient)
            .map_err(|_| {
                AppError::invalid(format!(
                    "“{}” is not an age recipient (a public key starting with age1)",
                    text.trim().chars().take(80).collect::<String>()
                ))
            })
    }

    /// Every recipient in a recipients file: one per line, `#` comments and blank lines skipped.
    pub fn parse_file(text: &str) -> Result<Vec<Recipient>> {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(Recipient::parse)
            .collect()
    }
}

impl std::fmt::Display for Recipient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// A new identity: the text of its file (secret) and its recipient (public).
pub fn new_identity() -> (String, Recipient) {
    let identity = age::x25519::Identity::generate();
    let public = identity.to_public();
    let text = format!(
        "# a Vigil backup identity: whoever holds this file can read the backups made for\n\
         # public key: {public}\n{}\n",
        identity.to_string().expose_secret()
    );
    (text, Recipient(public))
}

/// The identities in an identity file (age's format; comments allowed).
pub fn read_identities(text: &str) -> Result<Vec<Box<dyn age::Identity + Send + Sync>>> {
    let bad = || {
        AppError::invalid(
            "the identity file holds no age identity (a line starting AGE-SECRET-KEY-1)",
        )
    };
    let file = age::IdentityFile::from_buffer(text.as_bytes()).map_err(|_| bad())?;
    let ids = file.into_identities().map_err(|_| bad())?;
    if ids.is_empty() {
        return Err(bad());
    }
    Ok(ids)
}

/// Write an encrypted backup of the whole store to `out`, readable by each
/// of `recipients`. Recorded in the audit log as `backup`.
pub async fn backup<W: Write>(
    store: &Store,
    actor: &Actor,
    recipients: &[Recipient],
    out: W,
) -> Result<Counts> {
    if recipients.is_empty() {
        return Err(AppError::invalid("a backup needs at least one recipient"));
    }
    let encryptor =
        age::Encryptor::with_recipients(recipients.iter().map(|r| &r.0 as &dyn age::Recipient))
            .map_err(|e| AppError::invalid(format!("cannot encrypt to these recipients: {e}")))?;
    let mut writer = encryptor.wrap_output(out)?;
    let detail = format!("encrypted to {} recipient(s)", recipients.len());
    let (counts, _) =
        bundle::export_logged(store, actor, &mut writer, "backup", &detail, false).await?;
    writer.finish()?.flush()?;
    Ok(counts)
}

/// Restore an encrypted backup into an empty store, all or nothing (as
/// [`bundle::import_from`]; `origin` is the key the backed-up store sealed
/// with, needed when this store has another).
pub async fn restore<R: Read>(
    store: &Store,
    actor: &Actor,
    identities: &[Box<dyn age::Identity + Send + Sync>],
    input: R,
    origin: Option<&Keyring>,
) -> Result<Counts> {
    let decryptor = age::Decryptor::new(input).map_err(|e| {
        AppError::invalid(format!(
            "not a Vigil backup: not an age-encrypted file ({e})"
        ))
    })?;
    let reader = decryptor
        .decrypt(identities.iter().map(|i| i.as_ref() as &dyn age::Identity))
        .map_err(|e| match e {
            age::DecryptError::NoMatchingKeys => AppError::invalid(
                "none of the identities given can read this backup (it was made for other recipients)"
                    ,
            ),
            other => AppError::invalid(format!("the backup cannot be decrypted: {other}")),
        })?;
    bundle::import_from(store, actor, BufReader::new(reader), origin).await
}
