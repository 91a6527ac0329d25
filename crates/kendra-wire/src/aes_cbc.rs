//! AES-256-CBC with PKCS#7 padding and base64 text: the cipher under both BSK and UP ISP.
//! The two differ only in where the key and IV come from ([`crate::bsk`], [`crate::isp`]).

use aes::cipher::{block_padding::Pkcs7, BlockDecryptMut, BlockEncryptMut, KeyIvInit};
use zeroize::Zeroizing;

use crate::{base64_text, Error, Result};

type Encryptor = cbc::Encryptor<aes::Aes256>;
type Decryptor = cbc::Decryptor<aes::Aes256>;

pub const KEY_LEN: usize = 32;
pub const IV_LEN: usize = 16;
const BLOCK: usize = 16;

/// A 32-byte AES key and 16-byte IV. Redacted in `Debug`; the key is zeroed on drop.
#[derive(Clone)]
pub struct AesCbcKey {
    key: Zeroizing<[u8; KEY_LEN]>,
    iv: [u8; IV_LEN],
}

impl std::fmt::Debug for AesCbcKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AesCbcKey(••••)")
    }
}

impl AesCbcKey {
    pub fn new(key: [u8; KEY_LEN], iv: [u8; IV_LEN]) -> Self {
        Self {
            key: Zeroizing::new(key),
            iv,
        }
    }

    /// The key and IV bytes, for a tester comparing a derivation with another implementation
    /// (the Explorer's workbench shows a key derived from a secret the tester typed).
    pub fn expose_key_and_iv(&self) -> (&[u8; KEY_LEN], &[u8; IV_LEN]) {
        (&self.key, &self.iv)
    }

    /// Checks lengths; `key_name`/`iv_name` say where the bytes came from for the error message.
    pub fn from_slices(key_name: &str, key: &[u8], iv_name: &str, iv: &[u8]) -> Result<Self> {
        let key: [u8; KEY_LEN] = key.try_into().map_err(|_| Error::WrongLength {
            input: key_name.to_owned(),
            expected: KEY_LEN,
            actual: key.len(),
        })?;
        let iv: [u8; IV_LEN] = iv.try_into().map_err(|_| Error::WrongLength {
            input: iv_name.to_owned(),
            expected: IV_LEN,
            actual: iv.len(),
        })?;
        Ok(Self::new(key, iv))
    }

    pub fn encrypt_bytes(&self, plaintext: &[u8]) -> Vec<u8> {
        Encryptor::new(self.key.as_ref().into(), &self.iv.into())
            .encrypt_padded_vec_mut::<Pkcs7>(plaintext)
    }

    pub fn decrypt_bytes(&self, input: &str, ciphertext: &[u8]) -> Result<Vec<u8>> {
        if ciphertext.is_empty() {
            return Err(Error::EmptyInput {
                input: input.to_owned(),
            });
        }
        if ciphertext.len() % BLOCK != 0 {
            return Err(Error::NotBlockAligned {
                input: input.to_owned(),
                len: ciphertext.len(),
            });
        }
        Decryptor::new(self.key.as_ref().into(), &self.iv.into())
            .decrypt_padded_vec_mut::<Pkcs7>(ciphertext)
            .map_err(|_| Error::BadPadding)
    }

    /// UTF-8 text in, standard base64 out.
    pub fn encrypt_text(&self, plaintext: &str) -> String {
        base64_text::encode(&self.encrypt_bytes(plaintext.as_bytes()))
    }

    /// Base64 in (named `input` in errors), UTF-8 text out.
    pub fn decrypt_text(&self, input: &str, ciphertext_b64: &str) -> Result<String> {
        let raw = base64_text::decode(input, ciphertext_b64)?;
        let plain = self.decrypt_bytes(input, &raw)?;
        String::from_utf8(plain).map_err(|err| Error::NotUtf8 {
            input: input.to_owned(),
            position: err.utf8_error().valid_up_to() + 1,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> AesCbcKey {
        AesCbcKey::new([7; 32], [9; 16])
    }

    #[test]
    fn round_trip() {
        let k = key();
        let ct = k.encrypt_text("নমস্কার नमस्ते");
        assert_eq!(k.decrypt_text("ciphertext", &ct).unwrap(), "নমস্কার नमस्ते");
    }

    #[test]
    fn lengths_are_checked() {
        let err =
            AesCbcKey::from_slices("KENDRA_KEY", &[0; 31], "KENDRA_IV", &[0; 16]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "KENDRA_KEY must be 32 bytes, but it is 31 bytes"
        );
        let err =
            AesCbcKey::from_slices("KENDRA_KEY", &[0; 32], "KENDRA_IV", &[0; 15]).unwrap_err();
        assert!(matches!(
            err,
            Error::WrongLength {
                expected: 16,
                actual: 15,
                ..
            }
        ));
    }

    #[test]
    fn truncated_and_wrong_key() {
        let k = key();
        let ct = k.encrypt_bytes(b"some status payload that spans blocks");
        assert!(matches!(
            k.decrypt_bytes("ciphertext", &ct[..ct.len() - 3]),
            Err(Error::NotBlockAligned { .. })
        ));
        let other = AesCbcKey::new([8; 32], [9; 16]);
        // A wrong key yields bad padding or, rarely, garbage that is not UTF-8; never the plaintext.
        match other.decrypt_text("ciphertext", &base64_text::encode(&ct)) {
            Err(Error::BadPadding) | Err(Error::NotUtf8 { .. }) => {}
            other => panic!("wrong key decrypted: {other:?}"),
        }
    }

    #[test]
    fn non_utf8_plaintext_is_reported() {
        let k = key();
        let ct = base64_text::encode(&k.encrypt_bytes(&[0x41, 0xff, 0x42]));
        assert!(matches!(
            k.decrypt_text("ciphertext", &ct),
            Err(Error::NotUtf8 { position: 2, .. })
        ));
    }
}
