//! BSK's cipher: the key (32 ASCII characters) and IV (16) are used as raw bytes, not derived.

use crate::aes_cbc::AesCbcKey;
use crate::Result;

/// Section 15's published test key, IV and plaintext (the printed ciphertext is OCR-damaged:
/// check against an independent AES, never against the printed text).
pub const SAMPLE_KEY: &str = "IP16TDW0L5AQB41V6S6J8QLTPLRXBV2W";
pub const SAMPLE_IV: &str = "V0ZMZO6WZ45KY2PL";
pub const SAMPLE_PLAINTEXT: &str = r#"{"userid":"8527419636","ticketno":"20221202153322882","citizenmobile":"9963258963","citizenname":"Anupam Ghosh"}"#;

/// `key_name`/`iv_name` say where the bytes came from ("KENDRA_KEY", "profile bsk-prod key").
pub fn bsk_cipher(key_name: &str, key: &[u8], iv_name: &str, iv: &[u8]) -> Result<AesCbcKey> {
    AesCbcKey::from_slices(key_name, key, iv_name, iv)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn sample_round_trips() {
        let c = bsk_cipher("key", SAMPLE_KEY.as_bytes(), "iv", SAMPLE_IV.as_bytes()).unwrap();
        let ct = c.encrypt_text(SAMPLE_PLAINTEXT);
        // 112 bytes of JSON pad to 112+16.
        assert_eq!(ct.len(), 172);
        assert_eq!(c.decrypt_text("ciphertext", &ct).unwrap(), SAMPLE_PLAINTEXT);
    }

    proptest! {
        #[test]
        fn any_text_any_key_round_trips(text in "\\PC*", key in any::<[u8; 32]>(), iv in any::<[u8; 16]>()) {
            let c = bsk_cipher("key", &key, "iv", &iv).unwrap();
            prop_assert_eq!(c.decrypt_text("ct", &c.encrypt_text(&text)).unwrap(), text);
        }

        #[test]
        fn bengali_and_devanagari_round_trip(text in "[\\u{0980}-\\u{09FF}\\u{0900}-\\u{097F} a-z0-9{}:\",]{0,300}") {
            let c = bsk_cipher("key", SAMPLE_KEY.as_bytes(), "iv", SAMPLE_IV.as_bytes()).unwrap();
            prop_assert_eq!(c.decrypt_text("ct", &c.encrypt_text(&text)).unwrap(), text);
        }

        #[test]
        fn wrong_lengths_are_refused(klen in 0usize..64, ivlen in 0usize..32) {
            prop_assume!(klen != 32 || ivlen != 16);
            prop_assert!(bsk_cipher("key", &vec![1; klen], "iv", &vec![1; ivlen]).is_err());
        }
    }
}
