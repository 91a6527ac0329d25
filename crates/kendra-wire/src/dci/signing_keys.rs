//! ed25519 keys for DCI message signatures, as base64 text.
//!
//! A private key is the 32-byte seed (RFC 8032). The 64-byte form that libsodium and Beckn-style
//! tools print (seed followed by public key) is accepted too, after checking its two halves agree.
//! Public keys are the 32-byte compressed point. Both are standard base64.

use std::fmt;

use ed25519_dalek::{SigningKey, VerifyingKey, PUBLIC_KEY_LENGTH, SECRET_KEY_LENGTH};
use secrecy::SecretString;
use zeroize::Zeroizing;

use crate::{base64_text, Error, Result};

/// A sender's private signing key. `Debug` never shows the key; it is zeroed on drop.
#[derive(Clone)]
pub struct DciSigningKey(SigningKey);

/// A sender's public key, as a receiver registers it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct DciPublicKey(VerifyingKey);

impl DciSigningKey {
    /// A fresh key from the operating system's random source.
    pub fn generate() -> Self {
        DciSigningKey(SigningKey::generate(&mut rand_core::OsRng))
    }

    pub fn from_seed(seed: [u8; SECRET_KEY_LENGTH]) -> Self {
        DciSigningKey(SigningKey::from_bytes(&seed))
    }

    /// Reads a base64 private key: the 32-byte seed, or 64 bytes of seed then public key.
    pub fn from_base64(text: &str) -> Result<Self> {
        const INPUT: &str = "the ed25519 private key";
        let bytes = Zeroizing::new(base64_text::decode(INPUT, text)?);
        if bytes.len() != SECRET_KEY_LENGTH && bytes.len() != 2 * SECRET_KEY_LENGTH {
            return Err(Error::WrongLength {
                input: INPUT.to_owned(),
                expected: SECRET_KEY_LENGTH,
                actual: bytes.len(),
            });
        }
        let mut seed = Zeroizing::new([0u8; SECRET_KEY_LENGTH]);
        seed.copy_from_slice(&bytes[..SECRET_KEY_LENGTH]);
        let key = DciSigningKey(SigningKey::from_bytes(&seed));
        if bytes.len() > SECRET_KEY_LENGTH
            && key.public_key().as_bytes()[..] != bytes[SECRET_KEY_LENGTH..]
        {
            return Err(Error::InvalidField {
                input: INPUT.to_owned(),
                field: "public half".to_owned(),
                problem: "does not belong to the private half: these 64 bytes are not one key pair"
                    .to_owned(),
            });
        }
        Ok(key)
    }

    /// The 32-byte seed as standard base64, for storing in the keyring.
    pub fn to_base64(&self) -> SecretString {
        SecretString::from(base64_text::encode(self.0.as_bytes()))
    }

    pub fn public_key(&self) -> DciPublicKey {
        DciPublicKey(self.0.verifying_key())
    }

    pub(crate) fn sign(&self, content: &[u8]) -> [u8; 64] {
        use ed25519_dalek::Signer;
        self.0.sign(content).to_bytes()
    }
}

impl fmt::Debug for DciSigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("DciSigningKey").field(&"[REDACTED]").finish()
    }
}

impl DciPublicKey {
    /// Reads a base64 public key (32 bytes).
    pub fn from_base64(text: &str) -> Result<Self> {
        const INPUT: &str = "the ed25519 public key";
        let bytes = base64_text::decode(INPUT, text)?;
        let array: [u8; PUBLIC_KEY_LENGTH] =
            bytes
                .as_slice()
                .try_into()
                .map_err(|_| Error::WrongLength {
                    input: INPUT.to_owned(),
                    expected: PUBLIC_KEY_LENGTH,
                    actual: bytes.len(),
                })?;
        Self::from_bytes(&array)
    }

    pub fn from_bytes(bytes: &[u8; PUBLIC_KEY_LENGTH]) -> Result<Self> {
        let key = VerifyingKey::from_bytes(bytes).map_err(|_| Error::InvalidField {
            input: "the ed25519 public key".to_owned(),
            field: "point".to_owned(),
            problem:
                "is not a point on the ed25519 curve: the key is damaged or not an ed25519 key"
                    .to_owned(),
        })?;
        // Small-order keys verify forged signatures; no honest sender has one.
        if key.is_weak() {
            return Err(Error::InvalidField {
                input: "the ed25519 public key".to_owned(),
                field: "point".to_owned(),
                problem: "is a weak (small-order) key that anyone could sign for".to_owned(),
            });
        }
        Ok(DciPublicKey(key))
    }

    pub fn to_base64(&self) -> String {
        base64_text::encode(self.0.as_bytes())
    }

    pub fn as_bytes(&self) -> &[u8; PUBLIC_KEY_LENGTH] {
        self.0.as_bytes()
    }

    pub(crate) fn verify_strict(&self, content: &[u8], signature: &[u8; 64]) -> bool {
        let signature = ed25519_dalek::Signature::from_bytes(signature);
        self.0.verify_strict(content, &signature).is_ok()
    }
}

impl fmt::Debug for DciPublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DciPublicKey({})", self.to_base64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    #[test]
    fn private_and_public_keys_round_trip_through_base64() {
        let key = DciSigningKey::generate();
        let again = DciSigningKey::from_base64(key.to_base64().expose_secret()).unwrap();
        assert_eq!(key.public_key(), again.public_key());
        let public = DciPublicKey::from_base64(&key.public_key().to_base64()).unwrap();
        assert_eq!(public, key.public_key());
    }

    #[test]
    fn sixty_four_byte_private_key_form_is_accepted_when_halves_agree() {
        let key = DciSigningKey::from_seed([7; 32]);
        let mut pair = [7u8; 32].to_vec();
        pair.extend_from_slice(key.public_key().as_bytes());
        let parsed = DciSigningKey::from_base64(&base64_text::encode(&pair)).unwrap();
        assert_eq!(parsed.public_key(), key.public_key());
        pair[40] ^= 1;
        let err = DciSigningKey::from_base64(&base64_text::encode(&pair)).unwrap_err();
        assert!(matches!(err, Error::InvalidField { .. }), "{err:?}");
    }

    #[test]
    fn bad_lengths_and_base64_are_named() {
        let err = DciSigningKey::from_base64(&base64_text::encode(&[1; 20])).unwrap_err();
        assert!(matches!(
            err,
            Error::WrongLength {
                expected: 32,
                actual: 20,
                ..
            }
        ));
        assert_eq!(
            err.to_string(),
            "the ed25519 private key must be 32 bytes, but it is 20 bytes"
        );
        let err = DciPublicKey::from_base64(&base64_text::encode(&[1; 31])).unwrap_err();
        assert!(matches!(
            err,
            Error::WrongLength {
                expected: 32,
                actual: 31,
                ..
            }
        ));
        let err = DciPublicKey::from_base64("AAAA*AAA").unwrap_err();
        assert!(matches!(err, Error::InvalidBase64 { position: 5, .. }));
        // The identity point is a valid encoding but a weak key.
        let mut identity = [0u8; 32];
        identity[0] = 1;
        assert!(DciPublicKey::from_bytes(&identity).is_err());
    }

    #[test]
    fn debug_never_shows_the_private_key() {
        let key = DciSigningKey::from_seed([0xAB; 32]);
        let shown = format!("{key:?}");
        assert_eq!(shown, "DciSigningKey(\"[REDACTED]\")");
        assert!(!shown.contains(key.to_base64().expose_secret()));
    }
}
