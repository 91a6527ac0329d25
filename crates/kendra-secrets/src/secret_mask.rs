//! What the UI and `kendra profile show` print instead of a secret.
//!
//! The four characters after the dots are the last four hex digits of a domain-separated SHA-256
//! of the secret: enough to notice "this is not the key I entered", never a character of the
//! secret itself (a tail like `…3f9a` of the real value would leak part of it).

use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};

/// The dots every mask starts with.
pub const MASK_PREFIX: &str = "••••";

const DOMAIN: &[u8] = b"kendra-secrets mask v1\0";

/// `••••3f9a`: a 16-bit fingerprint of the secret; `(empty)` for an empty value.
pub fn mask(secret: &SecretString) -> String {
    let value = secret.expose_secret();
    if value.is_empty() {
        return "(empty)".to_owned();
    }
    let digest = Sha256::new()
        .chain_update(DOMAIN)
        .chain_update(value.as_bytes())
        .finalize();
    let tail = &digest[digest.len() - 2..];
    format!("{MASK_PREFIX}{:02x}{:02x}", tail[0], tail[1])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret(s: &str) -> SecretString {
        SecretString::from(s.to_owned())
    }

    #[test]
    fn mask_is_the_fingerprint_not_the_secret() {
        let value = "12345678901234567890123456789012";
        let masked = mask(&secret(value));
        let mut expected = Sha256::new();
        expected.update(DOMAIN);
        expected.update(value.as_bytes());
        let hex: String = expected
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(masked, format!("••••{}", &hex[60..]));
        assert_eq!(masked.chars().count(), 8);
        assert!(!masked.contains("9012"));
    }

    #[test]
    fn mask_is_stable_and_tells_values_apart() {
        assert_eq!(mask(&secret("abc")), mask(&secret("abc")));
        assert_ne!(mask(&secret("abc")), mask(&secret("abd")));
        assert_eq!(mask(&secret("")), "(empty)");
    }

    #[test]
    fn no_mask_repeats_the_secrets_own_tail() {
        // Hex secrets are where a naive "last four characters" mask would look most like ours.
        let mut matches = 0;
        for i in 0u32..2000 {
            let value = format!("{:08x}{:08x}", i.wrapping_mul(2_654_435_761), i);
            let masked = mask(&secret(&value));
            let fingerprint = masked.trim_start_matches(MASK_PREFIX);
            assert_eq!(fingerprint.len(), 4);
            assert!(fingerprint.chars().all(|c| c.is_ascii_hexdigit()));
            if value.ends_with(fingerprint) {
                matches += 1;
            }
        }
        // By chance a 16-bit fingerprint equals the tail once in 65 536 values.
        assert!(matches <= 1, "{matches} masks equal the secret's tail");
    }

    #[test]
    fn non_latin_secrets_mask_like_any_other() {
        let masked = mask(&secret("গোপন-पासवर्ड"));
        assert!(masked.starts_with(MASK_PREFIX));
        assert!(!masked.contains('গ') && !masked.contains('ड'));
    }
}
