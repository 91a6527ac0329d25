//! The ISP cipher. Canonical (the manual's Java sample): key = PBKDF2-HMAC-SHA512(secret,
//! salt = ASCII "0000000011111111", 1000 iterations, 32 bytes); IV = eight 0x00 then eight 0x01;
//! AES-256-CBC/PKCS#7; base64.
//!
//! Deriving costs 1000 HMAC-SHA512 rounds, so keys are derived once per secret and cached
//! ([`IspKeyCache`]). The other [`IspVariant`]s reproduce mistakes found in the wild; they exist
//! only so a tester can tell which one a department used, and are never the default.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha512};

use crate::aes_cbc::{AesCbcKey, KEY_LEN};
use crate::{Error, Result};

pub const PBKDF2_ITERATIONS: u32 = 1000;
const SALT_16: &[u8] = b"0000000011111111";
const SALT_17: &[u8] = b"00000000011111111";
const IV_BINARY: [u8; 16] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1];
const IV_ASCII: [u8; 16] = *b"0000000011111111";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum IspVariant {
    /// The Java sample, 16-byte salt, binary IV: what the portal speaks.
    #[default]
    Canonical,
    /// The .NET decrypt sample's typo: 17-byte salt (nine '0's), binary IV.
    Salt17,
    /// Public department code: 16-byte salt, IV the ASCII text "0000000011111111".
    AsciiIv,
    /// The PHP sample as printed: 17-byte salt and ASCII IV.
    PhpSample,
}

impl IspVariant {
    pub const ALL: [IspVariant; 4] = [
        IspVariant::Canonical,
        IspVariant::Salt17,
        IspVariant::AsciiIv,
        IspVariant::PhpSample,
    ];

    pub fn salt(self) -> &'static [u8] {
        match self {
            IspVariant::Canonical | IspVariant::AsciiIv => SALT_16,
            IspVariant::Salt17 | IspVariant::PhpSample => SALT_17,
        }
    }

    pub fn iv(self) -> [u8; 16] {
        match self {
            IspVariant::Canonical | IspVariant::Salt17 => IV_BINARY,
            IspVariant::AsciiIv | IspVariant::PhpSample => IV_ASCII,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            IspVariant::Canonical => "canonical",
            IspVariant::Salt17 => "salt17",
            IspVariant::AsciiIv => "ascii-iv",
            IspVariant::PhpSample => "php-sample",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            IspVariant::Canonical => "canonical (manual's Java sample): 16-byte salt, IV 00×8 01×8",
            IspVariant::Salt17 => "17-byte salt typo of the .NET/PHP samples, IV 00×8 01×8",
            IspVariant::AsciiIv => "16-byte salt, IV as ASCII text \"0000000011111111\"",
            IspVariant::PhpSample => "PHP sample as printed: 17-byte salt and ASCII IV",
        }
    }

    pub fn parse(text: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|v| v.name().eq_ignore_ascii_case(text.trim()))
            .ok_or_else(|| Error::InvalidField {
                input: "ISP variant".into(),
                field: "variant".into(),
                problem: format!(
                    "{text:?} is not known; use one of {}",
                    Self::ALL.map(IspVariant::name).join(", ")
                ),
            })
    }
}

/// Derives the AES key and IV for `secret` (slow: 1000 PBKDF2 rounds).
pub fn derive_key(secret: &[u8], variant: IspVariant) -> Result<AesCbcKey> {
    if secret.is_empty() {
        return Err(Error::EmptyInput {
            input: "the ISP shared secret".into(),
        });
    }
    let mut key = [0u8; KEY_LEN];
    pbkdf2::pbkdf2_hmac::<Sha512>(secret, variant.salt(), PBKDF2_ITERATIONS, &mut key);
    let derived = AesCbcKey::new(key, variant.iv());
    zeroize::Zeroize::zeroize(&mut key);
    Ok(derived)
}

/// Derived keys by (secret, variant). Entries are looked up by a SHA-512 digest, so the cache
/// never holds the secret itself.
#[derive(Default)]
pub struct IspKeyCache {
    keys: Mutex<HashMap<[u8; 64], Arc<AesCbcKey>>>,
}

/// More distinct secrets than any desk has profiles: past it the cache starts over.
const CACHE_LIMIT: usize = 256;

impl IspKeyCache {
    pub fn new() -> Self {
        Self::default()
    }

    /// The process-wide cache.
    pub fn global() -> &'static IspKeyCache {
        static CACHE: OnceLock<IspKeyCache> = OnceLock::new();
        CACHE.get_or_init(IspKeyCache::new)
    }

    pub fn get(&self, secret: &[u8], variant: IspVariant) -> Result<Arc<AesCbcKey>> {
        let mut hasher = Sha512::new();
        hasher.update([variant as u8]);
        hasher.update(secret);
        let id: [u8; 64] = hasher.finalize().into();
        if let Some(key) = self.lock().get(&id) {
            return Ok(Arc::clone(key));
        }
        // Derive outside the lock so a slow derivation never blocks other secrets.
        let key = Arc::new(derive_key(secret, variant)?);
        let mut keys = self.lock();
        if keys.len() >= CACHE_LIMIT {
            keys.clear();
        }
        keys.insert(id, Arc::clone(&key));
        Ok(key)
    }

    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<[u8; 64], Arc<AesCbcKey>>> {
        // The map stays consistent even if a holder panicked: keep using it.
        self.keys
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// One variant that turned a ciphertext into text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VariantMatch {
    pub variant: IspVariant,
    pub plaintext: String,
    /// Whether the text parses as JSON: a decryption that merely has valid padding by chance
    /// will almost never also be JSON.
    pub is_json: bool,
}

/// Tries `ciphertext` against every known variant with `secret`: "which variant is this?".
pub fn identify_variant(secret: &[u8], ciphertext_b64: &str) -> Result<Vec<VariantMatch>> {
    let raw = crate::base64_text::decode("ciphertext", ciphertext_b64)?;
    let mut found = Vec::new();
    for variant in IspVariant::ALL {
        let key = IspKeyCache::global().get(secret, variant)?;
        if let Ok(bytes) = key.decrypt_bytes("ciphertext", &raw) {
            if let Ok(plaintext) = String::from_utf8(bytes) {
                let is_json = serde_json::from_str::<serde_json::Value>(&plaintext).is_ok();
                found.push(VariantMatch {
                    variant,
                    plaintext,
                    is_json,
                });
            }
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn pbkdf2_sha512_matches_rfc_style_vector() {
        // Independent check of the primitive: PBKDF2-HMAC-SHA512("password", "salt", 1) from
        // RFC 6070-style published vectors (first 32 bytes).
        let mut out = [0u8; 32];
        pbkdf2::pbkdf2_hmac::<Sha512>(b"password", b"salt", 1, &mut out);
        assert_eq!(out[..8], [0x86, 0x7f, 0x70, 0xcf, 0x1a, 0xde, 0x02, 0xcf]);
    }

    #[test]
    fn variants_differ_and_parse() {
        let c = derive_key(b"secret", IspVariant::Canonical).unwrap();
        let ct = c.encrypt_text("{\"a\":1}");
        for v in IspVariant::ALL {
            assert_eq!(IspVariant::parse(v.name()).unwrap(), v);
            let other = derive_key(b"secret", v).unwrap();
            assert_eq!(
                other.encrypt_text("{\"a\":1}") == ct,
                v == IspVariant::Canonical
            );
        }
        assert!(IspVariant::parse("nope")
            .unwrap_err()
            .to_string()
            .contains("canonical, salt17"));
        assert!(derive_key(b"", IspVariant::Canonical).is_err());
    }

    #[test]
    fn cache_returns_same_key_and_separates_secrets() {
        let cache = IspKeyCache::new();
        let a = cache.get(b"one", IspVariant::Canonical).unwrap();
        let b = cache.get(b"one", IspVariant::Canonical).unwrap();
        assert!(Arc::ptr_eq(&a, &b));
        let c = cache.get(b"two", IspVariant::Canonical).unwrap();
        assert!(!Arc::ptr_eq(&a, &c));
        let d = cache.get(b"one", IspVariant::AsciiIv).unwrap();
        assert!(!Arc::ptr_eq(&a, &d));
        assert_eq!(cache.len(), 3);
    }

    #[test]
    fn identify_finds_the_variant_used() {
        for v in IspVariant::ALL {
            let ct = derive_key(b"dept-secret", v)
                .unwrap()
                .encrypt_text(r#"{"request_id":"R1"}"#);
            let found = identify_variant(b"dept-secret", &ct).unwrap();
            let json: Vec<_> = found
                .iter()
                .filter(|m| m.is_json)
                .map(|m| m.variant)
                .collect();
            assert_eq!(json, [v]);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn round_trips_any_text_and_secret(text in "\\PC*", secret in "\\PC{1,40}") {
            let key = IspKeyCache::global().get(secret.as_bytes(), IspVariant::Canonical).unwrap();
            prop_assert_eq!(key.decrypt_text("e_data", &key.encrypt_text(&text)).unwrap(), text);
        }
    }
}
