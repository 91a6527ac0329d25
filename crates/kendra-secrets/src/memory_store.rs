//! [`SecretStore`] in memory, for tests of crates that use secrets. Same contract as the keyring
//! (namespacing, empty values refused, missing-entry errors), and it can play a locked keyring.

use std::collections::HashMap;
use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

use secrecy::{ExposeSecret, SecretString};

use crate::error::{Error, Result};
use crate::secret_name::SecretName;
use crate::secret_namespace::check_profile_name;
use crate::secret_store::{check_value, SecretStore};

#[derive(Default)]
pub struct MemoryStore {
    entries: Mutex<HashMap<(String, SecretName), SecretString>>,
    locked: AtomicBool,
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// While locked, every call fails with [`Error::KeyringLocked`], as a locked keyring does.
    pub fn set_locked(&self, locked: bool) {
        self.locked.store(locked, Ordering::SeqCst);
    }

    /// How many secrets are stored, over all profiles.
    pub fn len(&self) -> usize {
        self.entries().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn entries(&self) -> MutexGuard<'_, HashMap<(String, SecretName), SecretString>> {
        // A panic in another test thread leaves the map consistent: keep using it.
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn check(&self, profile: &str) -> Result<()> {
        if self.locked.load(Ordering::SeqCst) {
            return Err(Error::KeyringLocked {
                detail: "MemoryStore is locked".to_owned(),
            });
        }
        check_profile_name(profile)
    }
}

impl fmt::Debug for MemoryStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MemoryStore")
            .field("secrets", &self.len())
            .field("locked", &self.locked.load(Ordering::SeqCst))
            .finish()
    }
}

impl SecretStore for MemoryStore {
    fn get(&self, profile: &str, name: SecretName) -> Result<SecretString> {
        self.check(profile)?;
        self.entries()
            .get(&(profile.to_owned(), name))
            .map(|v| SecretString::from(v.expose_secret().to_owned()))
            .ok_or_else(|| Error::SecretMissing {
                profile: profile.to_owned(),
                secret: name,
            })
    }

    fn set(&self, profile: &str, name: SecretName, value: &SecretString) -> Result<()> {
        self.check(profile)?;
        check_value(profile, name, value)?;
        self.entries().insert(
            (profile.to_owned(), name),
            SecretString::from(value.expose_secret().to_owned()),
        );
        Ok(())
    }

    fn delete(&self, profile: &str, name: SecretName) -> Result<bool> {
        self.check(profile)?;
        Ok(self.entries().remove(&(profile.to_owned(), name)).is_some())
    }

    fn exists(&self, profile: &str, name: SecretName) -> Result<bool> {
        self.check(profile)?;
        Ok(self.entries().contains_key(&(profile.to_owned(), name)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret_mask::MASK_PREFIX;

    fn secret(s: &str) -> SecretString {
        SecretString::from(s.to_owned())
    }

    #[test]
    fn set_get_overwrite_delete() {
        let store = MemoryStore::new();
        let name = SecretName::BskKey;
        assert!(!store.exists("p", name).unwrap());
        store.set("p", name, &secret("first")).unwrap();
        assert_eq!(store.get("p", name).unwrap().expose_secret(), "first");
        store.set("p", name, &secret("দ্বিতীয়")).unwrap();
        assert_eq!(store.get("p", name).unwrap().expose_secret(), "দ্বিতীয়");
        assert!(store.exists("p", name).unwrap());
        assert!(store.delete("p", name).unwrap());
        assert!(!store.delete("p", name).unwrap());
        assert!(store.is_empty());
    }

    #[test]
    fn profiles_and_names_are_separate_entries() {
        let store = MemoryStore::new();
        store
            .set("a", SecretName::IspPassword, &secret("1"))
            .unwrap();
        store
            .set("b", SecretName::IspPassword, &secret("2"))
            .unwrap();
        store
            .set("a", SecretName::IspSecretKey, &secret("3"))
            .unwrap();
        assert_eq!(
            store
                .get("b", SecretName::IspPassword)
                .unwrap()
                .expose_secret(),
            "2"
        );
        assert_eq!(store.delete_profile("a").unwrap(), 2);
        assert_eq!(store.len(), 1);
    }

    #[test]
    fn a_missing_secret_names_profile_and_secret_but_nothing_else() {
        let store = MemoryStore::new();
        let err = store.get("bsk-live", SecretName::BskIv).unwrap_err();
        assert!(matches!(
            &err,
            Error::SecretMissing { profile, secret: SecretName::BskIv } if profile == "bsk-live"
        ));
        let text = err.to_string();
        assert!(
            text.contains("bsk-live") && text.contains("BSK AES IV"),
            "{text}"
        );
    }

    #[test]
    fn empty_values_are_refused() {
        let store = MemoryStore::new();
        let err = store
            .set("p", SecretName::CspPassword, &secret(""))
            .unwrap_err();
        assert!(matches!(err, Error::EmptySecret { .. }));
        assert!(!store.exists("p", SecretName::CspPassword).unwrap());
    }

    #[test]
    fn masked_and_missing_for_profile_show() {
        let store = MemoryStore::new();
        store
            .set("p", SecretName::DciPrivateKey, &secret("pk"))
            .unwrap();
        let masked = store
            .masked("p", SecretName::DciPrivateKey)
            .unwrap()
            .unwrap();
        assert!(masked.starts_with(MASK_PREFIX) && !masked.contains("pk"));
        assert_eq!(
            store.masked("p", SecretName::DciClientSecret).unwrap(),
            None
        );
        let needs = crate::ProfileSecrets::Dci.required();
        assert_eq!(
            store.missing("p", needs).unwrap(),
            vec![SecretName::DciClientSecret]
        );
    }

    #[test]
    fn a_locked_store_fails_like_a_locked_keyring() {
        let store = MemoryStore::new();
        store.set("p", SecretName::BskKey, &secret("k")).unwrap();
        store.set_locked(true);
        assert!(matches!(
            store.get("p", SecretName::BskKey),
            Err(Error::KeyringLocked { .. })
        ));
        store.set_locked(false);
        assert!(store.get("p", SecretName::BskKey).is_ok());
    }

    #[test]
    fn debug_output_never_shows_values() {
        let store = MemoryStore::new();
        store
            .set("p", SecretName::BskKey, &secret("TOPSECRET"))
            .unwrap();
        let shown = format!(
            "{store:?} {:?}",
            store.get("p", SecretName::BskKey).unwrap()
        );
        assert!(!shown.contains("TOPSECRET"), "{shown}");
    }
}
