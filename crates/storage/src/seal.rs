//! Sealing confidential data at rest (docs/THREAT-MODEL.md, adversary 1).
//!
//! A [`Keyring`] holds sub-keys derived (HKDF-SHA256) from one 32-byte
//! master key, which comes from a key file, the environment or a passphrase
//! (Argon2id) — never from the store itself. [`Keyring::seal_json`] replaces
//! every part of a record's JSON marked `"visibility": "confidential"` (the
//! record itself, a guarded field, a name, a text) by
//! `{"visibility": "confidential", "sealed": "v1.<key id>.<base64>"}`;
//! [`Keyring::open_json`] puts it back.
//!
//! The cipher is XChaCha20-Poly1305 with the record's id as associated data,
//! so a sealed value cannot be moved to another record. The nonce is derived
//! from the content and the associated data (the SIV construction): the same
//! content seals to the same bytes, so "nothing changed" is seen without the
//! key and a record's stored digest stays put. It tells an observer only that
//! one part of one record is the same as it was, which the audit log says anyway.

use std::fmt;
use std::path::Path;

use base64::Engine as _;
use chacha20poly1305::aead::{Aead, KeyInit as _, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use serde_json::{Map, Value};
use sha2::Sha256;

/// What a sealed string starts with: the format's version.
const VERSION: &str = "v1";
/// The associated data of the check value that tells a wrong key from a right one.
const CHECK_AAD: &str = "vigil key check";
const CHECK_TEXT: &[u8] = b"this store is sealed with this key";
/// Argon2id cost for passphrases: 64 MiB, 3 passes, one lane.
const ARGON2_MEMORY_KIB: u32 = 64 * 1024;
const ARGON2_PASSES: u32 = 3;

/// Why a key or a sealed value could not be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SealError {
    #[error("a key is 32 bytes written as 64 hexadecimal digits or in base64")]
    BadKeyText,
    #[error("cannot read the key file {0}: {1}")]
    KeyFile(String, String),
    #[error("a passphrase must have at least 12 characters")]
    ShortPassphrase,
    #[error("a sealed value is damaged or was sealed for another record")]
    Damaged,
    #[error("a value too large to seal")]
    TooLarge,
    #[error("a sealed value was sealed with key {found}, not with the key given ({given})")]
    OtherKey { found: String, given: String },
}

/// The keys that seal and open confidential data. `Debug` shows only the key id.
#[derive(Clone)]
pub struct Keyring {
    id: String,
    seal: [u8; 32],
    nonce: [u8; 32],
    search: [u8; 32],
}

impl fmt::Debug for Keyring {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Keyring({})", self.id)
    }
}

fn derive(master: &[u8; 32], label: &str) -> [u8; 32] {
    let hk = hkdf::Hkdf::<Sha256>::new(Some(b"vigil"), master);
    let mut out = [0u8; 32];
    hk.expand(label.as_bytes(), &mut out)
        .expect("32 bytes is a valid HKDF-SHA256 length");
    out
}

fn hmac(key: &[u8; 32], parts: &[&[u8]]) -> [u8; 32] {
    let mut mac = <Hmac<Sha256>>::new_from_slice(key).expect("HMAC takes any key length");
    for p in parts {
        // Length-prefixed, so ("ab","c") and ("a","bc") differ.
        mac.update(&(p.len() as u64).to_be_bytes());
        mac.update(p);
    }
    mac.finalize().into_bytes().into()
}

fn b64() -> base64::engine::GeneralPurpose {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
}

impl Keyring {
    /// The keyring of a 32-byte master key.
    pub fn from_master(master: &[u8; 32]) -> Keyring {
        let id_bytes = derive(master, "key id");
        Keyring {
            id: hex::encode(&id_bytes[..4]),
            seal: derive(master, "seal"),
            nonce: derive(master, "nonce"),
            search: derive(master, "search terms"),
        }
    }

    /// A new random master key, and its text for a key file.
    pub fn generate() -> (Keyring, String) {
        let mut master = [0u8; 32];
        rand::RngCore::fill_bytes(&mut rand::rng(), &mut master);
        (Keyring::from_master(&master), hex::encode(master))
    }

    /// A key written as 64 hexadecimal digits or as base64 (surrounding space ignored).
    pub fn from_text(text: &str) -> Result<Keyring, SealError> {
        let t = text.trim();
        let bytes = if t.len() == 64 {
            hex::decode(t).ok()
        } else {
            base64::engine::general_purpose::STANDARD
                .decode(t)
                .ok()
                .or_else(|| b64().decode(t).ok())
        };
        let master: [u8; 32] = bytes
            .and_then(|b| b.try_into().ok())
            .ok_or(SealError::BadKeyText)?;
        Ok(Keyring::from_master(&master))
    }

    /// The key in a key file.
    pub fn from_file(path: &Path) -> Result<Keyring, SealError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| SealError::KeyFile(path.display().to_string(), e.to_string()))?;
        Keyring::from_text(&text)
    }

    /// The key a passphrase gives with this store's salt (Argon2id).
    pub fn from_passphrase(passphrase: &str, salt: &[u8]) -> Result<Keyring, SealError> {
        if passphrase.chars().count() < 12 {
            return Err(SealError::ShortPassphrase);
        }
        let params = argon2::Params::new(ARGON2_MEMORY_KIB, ARGON2_PASSES, 1, Some(32))
            .map_err(|_| SealError::ShortPassphrase)?;
        let argon =
            argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
        let mut master = [0u8; 32];
        argon
            .hash_password_into(passphrase.as_bytes(), salt, &mut master)
            .map_err(|_| SealError::ShortPassphrase)?;
        Ok(Keyring::from_master(&master))
    }

    /// A short public name of the key (not secret: derived one way from it).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Seal `plaintext` for the record (or other owner) named by `aad`.
    pub fn seal(&self, aad: &str, plaintext: &[u8]) -> Result<String, SealError> {
        let synthetic = hmac(&self.nonce, &[aad.as_bytes(), plaintext]);
        let mut nonce_bytes = [0u8; 24];
        nonce_bytes.copy_from_slice(&synthetic[..24]);
        let nonce = XNonce::from(nonce_bytes);
        let cipher = XChaCha20Poly1305::new(&self.seal.into());
        let ct = cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: plaintext,
                    aad: aad.as_bytes(),
                },
            )
            .map_err(|_| SealError::TooLarge)?;
        let mut out = nonce_bytes.to_vec();
        out.extend_from_slice(&ct);
        Ok(format!("{VERSION}.{}.{}", self.id, b64().encode(out)))
    }

    /// Open what [`Keyring::seal`] sealed for `aad`.
    pub fn open(&self, aad: &str, sealed: &str) -> Result<Vec<u8>, SealError> {
        let mut parts = sealed.splitn(3, '.');
        let (Some(VERSION), Some(id), Some(body)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(SealError::Damaged);
        };
        if id != self.id {
            return Err(SealError::OtherKey {
                found: id.to_owned(),
                given: self.id.clone(),
            });
        }
        let bytes = b64().decode(body).map_err(|_| SealError::Damaged)?;
        if bytes.len() < 24 {
            return Err(SealError::Damaged);
        }
        let (nonce, ct) = bytes.split_at(24);
        let nonce: [u8; 24] = nonce.try_into().map_err(|_| SealError::Damaged)?;
        let cipher = XChaCha20Poly1305::new(&self.seal.into());
        cipher
            .decrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: ct,
                    aad: aad.as_bytes(),
                },
            )
            .map_err(|_| SealError::Damaged)
    }

    /// A sealed constant, kept with the store, that tells a wrong key at once.
    pub fn check_value(&self) -> Result<String, SealError> {
        self.seal(CHECK_AAD, CHECK_TEXT)
    }

    /// Whether this key opens `check` (made by [`Keyring::check_value`]).
    pub fn opens(&self, check: &str) -> bool {
        self.open(CHECK_AAD, check).is_ok_and(|t| t == CHECK_TEXT)
    }

    /// A search term of confidential text as the index may keep it: keyed,
    /// so the index tells nothing without the key.
    pub fn search_term(&self, term: &str) -> String {
        format!(
            "k:{}",
            hex::encode(&hmac(&self.search, &[term.as_bytes()])[..16])
        )
    }

    /// Where the sealed bytes of the file with SHA-256 `sha256` are kept:
    /// keyed, so a copy of the store does not tell whether it holds a file
    /// someone already has.
    pub fn blob_address(&self, sha256: &str) -> String {
        format!(
            "s:{}",
            hex::encode(hmac(&self.search, &[b"file", sha256.as_bytes()]))
        )
    }

    /// Seal every confidential part of a record's JSON, `aad` naming the record.
    pub fn seal_json(&self, value: &mut Value, aad: &str) -> Result<(), SealError> {
        if is_confidential(value) {
            let text = value.to_string();
            *value = sealed_part(self.seal(aad, text.as_bytes())?);
            return Ok(());
        }
        match value {
            Value::Object(map) => map.values_mut().try_for_each(|v| self.seal_json(v, aad)),
            Value::Array(items) => items.iter_mut().try_for_each(|v| self.seal_json(v, aad)),
            _ => Ok(()),
        }
    }

    /// Open every sealed part of a record's JSON.
    pub fn open_json(&self, value: &mut Value, aad: &str) -> Result<(), SealError> {
        if let Some(sealed) = sealed_text(value) {
            let bytes = self.open(aad, sealed)?;
            *value = serde_json::from_slice(&bytes).map_err(|_| SealError::Damaged)?;
            return Ok(());
        }
        match value {
            Value::Object(map) => map.values_mut().try_for_each(|v| self.open_json(v, aad)),
            Value::Array(items) => items.iter_mut().try_for_each(|v| self.open_json(v, aad)),
            _ => Ok(()),
        }
    }
}

fn is_confidential(v: &Value) -> bool {
    v.get("visibility").and_then(Value::as_str) == Some("confidential") && v.get("sealed").is_none()
}

fn sealed_part(sealed: String) -> Value {
    let mut m = Map::new();
    m.insert("visibility".into(), Value::String("confidential".into()));
    m.insert("sealed".into(), Value::String(sealed));
    Value::Object(m)
}

fn sealed_text(v: &Value) -> Option<&str> {
    let m = v.as_object()?;
    if m.len() == 2 && m.get("visibility")?.as_str()? == "confidential" {
        m.get("sealed")?.as_str()
    } else {
        None
    }
}

/// Whether a JSON value holds a sealed part.
pub fn holds_sealed(value: &Value) -> bool {
    sealed_text(value).is_some()
        || match value {
            Value::Object(map) => map.values().any(holds_sealed),
            Value::Array(items) => items.iter().any(holds_sealed),
            _ => false,
        }
}

/// Whether a JSON value holds anything confidential, sealed or not.
pub fn holds_confidential(value: &Value) -> bool {
    value.get("visibility").and_then(Value::as_str) == Some("confidential")
        || match value {
            Value::Object(map) => map.values().any(holds_confidential),
            Value::Array(items) => items.iter().any(holds_confidential),
            _ => false,
        }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ring() -> Keyring {
        Keyring::from_master(&[7u8; 32])
    }

    #[test]
    fn confidential_parts_are_sealed_and_come_back() {
        let original = json!({
            "id": "0192",
            "visibility": "public",
            "title": "Comment on the first association of prisoners",
            "author": {"value": "CANARY-author-identity", "visibility": "confidential"},
            "names": [
                {"name": "Open Name", "visibility": "public"},
                {"name": "CANARY-alias", "visibility": "confidential"}
            ]
        });
        let mut v = original.clone();
        ring().seal_json(&mut v, "0192").unwrap();
        let stored = v.to_string();
        assert!(!stored.contains("CANARY"), "{stored}");
        assert!(stored.contains("Open Name") && stored.contains("first association"));
        assert!(holds_confidential(&v));
        // Sealing again what is sealed changes nothing; the same content seals the same.
        let mut again = original.clone();
        ring().seal_json(&mut again, "0192").unwrap();
        assert_eq!(again, v);
        let mut twice = v.clone();
        ring().seal_json(&mut twice, "0192").unwrap();
        assert_eq!(twice, v);
        ring().open_json(&mut v, "0192").unwrap();
        assert_eq!(v, original);
    }

    #[test]
    fn a_confidential_record_is_sealed_whole() {
        let original = json!({"id": "0193", "visibility": "confidential", "name": "CANARY"});
        let mut v = original.clone();
        ring().seal_json(&mut v, "0193").unwrap();
        assert_eq!(v.as_object().unwrap().len(), 2);
        assert!(!v.to_string().contains("CANARY"));
        ring().open_json(&mut v, "0193").unwrap();
        assert_eq!(v, original);
    }

    #[test]
    fn wrong_keys_moved_values_and_damage_are_refused() {
        let mut v = json!({"visibility": "confidential", "x": "secret"});
        ring().seal_json(&mut v, "a").unwrap();
        let other = Keyring::from_master(&[8u8; 32]);
        assert!(matches!(
            other.open_json(&mut v.clone(), "a"),
            Err(SealError::OtherKey { .. })
        ));
        // Sealed for record a, moved into record b.
        assert_eq!(
            ring().open_json(&mut v.clone(), "b"),
            Err(SealError::Damaged)
        );
        let s = v["sealed"].as_str().unwrap().to_owned();
        let mut flipped = s.clone().into_bytes();
        let last = flipped.len() - 3;
        flipped[last] = if flipped[last] == b'A' { b'B' } else { b'A' };
        let flipped = String::from_utf8(flipped).unwrap();
        assert_eq!(ring().open("a", &flipped), Err(SealError::Damaged));
        assert_eq!(ring().open("a", "v1.zz"), Err(SealError::Damaged));
        assert!(ring().opens(&ring().check_value().unwrap()));
        assert!(!other.opens(&ring().check_value().unwrap()));
    }

    #[test]
    fn keys_are_read_from_text_and_passphrases() {
        let (k, text) = Keyring::generate();
        assert_eq!(
            Keyring::from_text(&format!("  {text}\n")).unwrap().id(),
            k.id()
        );
        let b = base64::engine::general_purpose::STANDARD.encode(hex::decode(&text).unwrap());
        assert_eq!(Keyring::from_text(&b).unwrap().id(), k.id());
        assert_eq!(
            Keyring::from_text("not a key").unwrap_err(),
            SealError::BadKeyText
        );
        assert_eq!(
            Keyring::from_text(&"ab".repeat(31)).unwrap_err(),
            SealError::BadKeyText
        );
        assert_eq!(
            Keyring::from_passphrase("short", b"saltsaltsalt").unwrap_err(),
            SealError::ShortPassphrase
        );
        let p1 = Keyring::from_passphrase("correct horse battery", b"salt-of-store-1").unwrap();
        let p2 = Keyring::from_passphrase("correct horse battery", b"salt-of-store-1").unwrap();
        let p3 = Keyring::from_passphrase("correct horse battery", b"salt-of-store-2").unwrap();
        assert_eq!(p1.id(), p2.id());
        assert_ne!(p1.id(), p3.id());
        // Debug never shows key material.
        assert_eq!(format!("{p1:?}"), format!("Keyring({})", p1.id()));
        // Keyed search terms: stable for a key, different across keys.
        assert_eq!(
            ring().search_term("w:xadica"),
            ring().search_term("w:xadica")
        );
        assert_ne!(ring().search_term("w:xadica"), p1.search_term("w:xadica"));
        assert!(!ring().search_term("w:xadica").contains("xadica"));
    }

    proptest::proptest! {
        #[test]
        fn any_text_round_trips(text in "\\PC{0,200}", aad in "[a-z0-9-]{1,40}") {
            let sealed = ring().seal(&aad, text.as_bytes()).unwrap();
            proptest::prop_assert_eq!(ring().open(&aad, &sealed).unwrap(), text.as_bytes());
        }
    }
}
