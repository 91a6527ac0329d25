//! The journal's citizen-data key: made once per data folder, kept only in the OS keyring.

use base64::Engine;
use kendra_journal::CitizenKey;
use kendra_secrets::{SecretName, SecretStore};
use secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroizing;

use crate::{Error, Result};

/// The keyring "profile" the key lives under (no integration profile can be called this).
pub const CITIZEN_KEY_HOLDER: &str = "_journal";

/// The data folder's citizen-data key from the keyring; the first call makes and stores one.
pub fn citizen_key(store: &dyn SecretStore) -> Result<CitizenKey> {
    let engine = base64::engine::general_purpose::STANDARD;
    match store.get(CITIZEN_KEY_HOLDER, SecretName::JournalCitizenDataKey) {
        Ok(text) => {
            let bytes = Zeroizing::new(
                engine
                    .decode(text.expose_secret().trim())
                    .unwrap_or_default(),
            );
            let key: [u8; 32] = bytes
                .as_slice()
                .try_into()
                .map_err(|_| Error::CitizenKeyDamaged)?;
            Ok(CitizenKey::from_bytes(key))
        }
        Err(kendra_secrets::Error::SecretMissing { .. }) => {
            let key = CitizenKey::generate();
            let text = SecretString::from(engine.encode(key.expose_bytes()));
            store.set(CITIZEN_KEY_HOLDER, SecretName::JournalCitizenDataKey, &text)?;
            Ok(key)
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kendra_secrets::MemoryStore;

    #[test]
    fn made_once_then_reused_and_damage_is_reported() {
        let store = MemoryStore::new();
        let first = citizen_key(&store).unwrap();
        let again = citizen_key(&store).unwrap();
        let probe = kendra_journal::citizen_cipher::CitizenCipher::new(&first);
        let probe_again = kendra_journal::citizen_cipher::CitizenCipher::new(&again);
        assert_eq!(
            probe.mobile_index("9876543210"),
            probe_again.mobile_index("9876543210")
        );
        store
            .set(
                CITIZEN_KEY_HOLDER,
                SecretName::JournalCitizenDataKey,
                &SecretString::from("c2hvcnQ="),
            )
            .unwrap();
        assert!(matches!(citizen_key(&store), Err(Error::CitizenKeyDamaged)));
    }
}
