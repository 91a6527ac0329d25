//! Citizen data at rest: each field encrypted on its own with AES-256-GCM under the caller's
//! [`CitizenKey`] (kept in the OS keyring), plus a blind index for searching by mobile number.
//!
//! Blob format, version 1: `0x01 ‖ nonce (12 random bytes) ‖ ciphertext ‖ tag (16)`, with the
//! associated data `kendra-journal/citizen/v1/<field>` so a blob cannot be moved to another field.

use std::fmt;

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::error::{Error, Result};

const BLOB_V1: u8 = 1;
const NONCE_LEN: usize = 12;
const BLIND_INDEX_LABEL: &[u8] = b"kendra-journal/blind-index/v1";

/// The 32-byte key for citizen data. Zeroed on drop; `Debug` never shows it.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct CitizenKey([u8; 32]);

impl CitizenKey {
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        CitizenKey(bytes)
    }

    /// A fresh random key, for first run (the caller stores it in the keyring).
    pub fn generate() -> Self {
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        CitizenKey(bytes)
    }

    pub fn expose_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl fmt::Debug for CitizenKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CitizenKey(••••)")
    }
}

/// A citizen's personal data as the journal keeps it (every field optional).
#[derive(Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CitizenDetails {
    pub name: Option<String>,
    pub mobile: Option<String>,
    pub email: Option<String>,
    pub aadhaar_ref: Option<String>,
    pub address: Option<String>,
    pub date_of_birth: Option<String>,
}

impl fmt::Debug for CitizenDetails {
    // Citizen data stays out of logs too.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mask = |v: &Option<String>| if v.is_some() { "••••" } else { "-" };
        f.debug_struct("CitizenDetails")
            .field("name", &mask(&self.name))
            .field("mobile", &mask(&self.mobile))
            .field("email", &mask(&self.email))
            .field("aadhaar_ref", &mask(&self.aadhaar_ref))
            .field("address", &mask(&self.address))
            .field("date_of_birth", &mask(&self.date_of_birth))
            .finish()
    }
}

/// Encrypts and decrypts citizen fields; computes blind indexes.
pub struct CitizenCipher {
    aead: Aes256Gcm,
    blind_index_key: Zeroizing<[u8; 32]>,
}

impl fmt::Debug for CitizenCipher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CitizenCipher(••••)")
    }
}

impl CitizenCipher {
    pub fn new(key: &CitizenKey) -> Self {
        let aead = Aes256Gcm::new(key.0.as_slice().into());
        let mut derived = Zeroizing::new([0u8; 32]);
        derived.copy_from_slice(&hmac_sha256(&key.0, BLIND_INDEX_LABEL));
        CitizenCipher {
            aead,
            blind_index_key: derived,
        }
    }

    pub fn encrypt(&self, field: &'static str, plaintext: &str) -> Result<Vec<u8>> {
        let mut nonce = [0u8; NONCE_LEN];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let aad = associated_data(field);
        let sealed = self
            .aead
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: plaintext.as_bytes(),
                    aad: &aad,
                },
            )
            .map_err(|_| Error::CitizenEncrypt { field })?;
        let mut blob = Vec::with_capacity(1 + NONCE_LEN + sealed.len());
        blob.push(BLOB_V1);
        blob.extend_from_slice(&nonce);
        blob.extend_from_slice(&sealed);
        Ok(blob)
    }

    pub fn decrypt(&self, field: &'static str, blob: &[u8]) -> Result<String> {
        let Some((&version, rest)) = blob.split_first() else {
            return Err(Error::CitizenDecrypt { field });
        };
        if version != BLOB_V1 {
            return Err(Error::CitizenBlobVersion { field, version });
        }
        if rest.len() < NONCE_LEN + 16 {
            return Err(Error::CitizenDecrypt { field });
        }
        let (nonce, sealed) = rest.split_at(NONCE_LEN);
        let aad = associated_data(field);
        let plain = self
            .aead
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: sealed,
                    aad: &aad,
                },
            )
            .map_err(|_| Error::CitizenDecrypt { field })?;
        String::from_utf8(plain).map_err(|_| Error::CitizenDecrypt { field })
    }

    /// The blind index of a mobile number (normalised first), or `None` if it has no digits.
    pub fn mobile_index(&self, mobile: &str) -> Option<Vec<u8>> {
        let normalised = normalise_mobile(mobile)?;
        Some(hmac_sha256(self.blind_index_key.as_slice(), normalised.as_bytes()).to_vec())
    }
}

fn associated_data(field: &str) -> Vec<u8> {
    format!("kendra-journal/citizen/v1/{field}").into_bytes()
}

fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = match <Hmac<Sha256> as Mac>::new_from_slice(key) {
        Ok(mac) => mac,
        Err(_) => return [0u8; 32],
    };
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// Indian mobile numbers: digits only, without a `+91`/`91`/`0` prefix on a 10-digit number.
pub fn normalise_mobile(mobile: &str) -> Option<String> {
    let digits: String = mobile.chars().filter(char::is_ascii_digit).collect();
    let trimmed = match digits.len() {
        12 if digits.starts_with("91") => &digits[2..],
        11 if digits.starts_with('0') => &digits[1..],
        _ => &digits[..],
    };
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_with_a_fresh_nonce_each_time() {
        let c = CitizenCipher::new(&CitizenKey::from_bytes([7; 32]));
        let a = c.encrypt("name", "অমিত দাস").unwrap();
        let b = c.encrypt("name", "অমিত দাস").unwrap();
        assert_ne!(a, b);
        assert_eq!(a[0], 1);
        assert_eq!(c.decrypt("name", &a).unwrap(), "অমিত দাস");
    }

    #[test]
    fn wrong_key_field_or_version_is_refused() {
        let c = CitizenCipher::new(&CitizenKey::from_bytes([7; 32]));
        let other = CitizenCipher::new(&CitizenKey::from_bytes([8; 32]));
        let blob = c.encrypt("mobile", "9876543210").unwrap();
        assert!(matches!(
            other.decrypt("mobile", &blob),
            Err(Error::CitizenDecrypt { field: "mobile" })
        ));
        assert!(matches!(
            c.decrypt("email", &blob),
            Err(Error::CitizenDecrypt { .. })
        ));
        let mut v2 = blob.clone();
        v2[0] = 2;
        assert!(matches!(
            c.decrypt("mobile", &v2),
            Err(Error::CitizenBlobVersion { version: 2, .. })
        ));
    }

    #[test]
    fn mobile_index_ignores_formatting_and_depends_on_the_key() {
        let c = CitizenCipher::new(&CitizenKey::from_bytes([7; 32]));
        let other = CitizenCipher::new(&CitizenKey::from_bytes([8; 32]));
        let a = c.mobile_index("+91 98765 43210").unwrap();
        assert_eq!(Some(a.clone()), c.mobile_index("09876543210"));
        assert_eq!(Some(a.clone()), c.mobile_index("9876543210"));
        assert_ne!(Some(a), other.mobile_index("9876543210"));
        assert_eq!(c.mobile_index("n/a"), None);
    }

    #[test]
    fn debug_never_shows_key_or_data() {
        let k = CitizenKey::from_bytes([0xab; 32]);
        assert_eq!(format!("{k:?}"), "CitizenKey(••••)");
        let d = CitizenDetails {
            name: Some("Rina".into()),
            ..Default::default()
        };
        assert!(!format!("{d:?}").contains("Rina"));
    }
}
