//! [`SecretStore`] over the operating system's keyring through the `keyring` crate: Secret
//! Service (gnome-keyring, KWallet) on Linux, Keychain on macOS, Credential Manager on Windows.
//!
//! Each secret is one entry: service `"<app id>/<profile>"`, user [`SecretName::as_str`].

use keyring::Entry;
use secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroize;

use crate::error::{Error, Result, StoreAction};
use crate::secret_name::SecretName;
use crate::secret_namespace::AppId;
use crate::secret_store::{check_value, SecretStore};

#[derive(Debug, Clone)]
pub struct KeyringStore {
    app: AppId,
}

impl KeyringStore {
    pub fn new(app: AppId) -> Self {
        KeyringStore { app }
    }

    pub fn app_id(&self) -> &AppId {
        &self.app
    }

    fn entry(&self, action: StoreAction, profile: &str, name: SecretName) -> Result<Entry> {
        let service = self.app.service_for(profile)?;
        Entry::new(&service, name.as_str()).map_err(|e| classify(e, action, profile, name))
    }
}

impl SecretStore for KeyringStore {
    fn get(&self, profile: &str, name: SecretName) -> Result<SecretString> {
        let entry = self.entry(StoreAction::Read, profile, name)?;
        let value = entry
            .get_password()
            .map_err(|e| classify(e, StoreAction::Read, profile, name))?;
        if value.is_empty() {
            // Kendra never saves an empty value; one made elsewhere counts as not set.
            return Err(missing(profile, name));
        }
        Ok(SecretString::from(value))
    }

    fn set(&self, profile: &str, name: SecretName, value: &SecretString) -> Result<()> {
        check_value(profile, name, value)?;
        let entry = self.entry(StoreAction::Save, profile, name)?;
        entry
            .set_password(value.expose_secret())
            .map_err(|e| classify(e, StoreAction::Save, profile, name))
    }

    fn delete(&self, profile: &str, name: SecretName) -> Result<bool> {
        let entry = self.entry(StoreAction::Delete, profile, name)?;
        match entry.delete_credential() {
            Ok(()) => Ok(true),
            Err(keyring::Error::NoEntry) => Ok(false),
            Err(e) => Err(classify(e, StoreAction::Delete, profile, name)),
        }
    }

    fn exists(&self, profile: &str, name: SecretName) -> Result<bool> {
        match self.get(profile, name) {
            Ok(_) => Ok(true),
            Err(Error::SecretMissing { .. }) => Ok(false),
            Err(e) => Err(e),
        }
    }
}

fn missing(profile: &str, name: SecretName) -> Error {
    Error::SecretMissing {
        profile: profile.to_owned(),
        secret: name,
    }
}

/// Turns the keyring's error into one a DEO can act on. Secret bytes some variants carry are
/// wiped here and never reach a message.
fn classify(err: keyring::Error, action: StoreAction, profile: &str, name: SecretName) -> Error {
    let failure = |detail: String| Error::KeyringFailure {
        action,
        profile: profile.to_owned(),
        secret: name,
        detail,
    };
    match err {
        keyring::Error::NoEntry => missing(profile, name),
        keyring::Error::NoStorageAccess(platform) => {
            if means_no_secret_service(platform.as_ref()) {
                Error::NoSecretService {
                    detail: platform.to_string(),
                }
            } else {
                Error::KeyringLocked {
                    detail: platform.to_string(),
                }
            }
        }
        keyring::Error::PlatformFailure(platform) => {
            if means_no_secret_service(platform.as_ref()) {
                Error::NoSecretService {
                    detail: platform.to_string(),
                }
            } else if means_locked(platform.as_ref()) {
                Error::KeyringLocked {
                    detail: platform.to_string(),
                }
            } else {
                failure(platform.to_string())
            }
        }
        keyring::Error::BadEncoding(mut bytes) => {
            bytes.zeroize();
            Error::NotText {
                profile: profile.to_owned(),
                secret: name,
            }
        }
        keyring::Error::TooLong(attribute, limit) if attribute.contains("password") => {
            Error::SecretTooLong {
                profile: profile.to_owned(),
                secret: name,
                limit: format!("{limit} characters"),
            }
        }
        keyring::Error::Ambiguous(entries) => Error::Ambiguous {
            profile: profile.to_owned(),
            secret: name,
            count: entries.len(),
        },
        // TooLong (other attributes), Invalid and future variants carry names, not values.
        other => failure(other.to_string()),
    }
}

/// D-Bus error names and socket failures that mean nobody answers for org.freedesktop.secrets.
#[cfg(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd"))]
const NO_SERVICE_SIGNS: [&str; 6] = [
    "ServiceUnknown",
    "NameHasNoOwner",
    "Spawn.",
    "Connection refused",
    "No such file or directory",
    "no secret service provider",
];

#[cfg(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd"))]
fn means_no_secret_service(platform: &(dyn std::error::Error + Send + Sync + 'static)) -> bool {
    match platform.downcast_ref::<secret_service::Error>() {
        Some(secret_service::Error::Unavailable) => true,
        Some(e @ (secret_service::Error::Zbus(_) | secret_service::Error::ZbusFdo(_))) => {
            let text = e.to_string();
            NO_SERVICE_SIGNS.iter().any(|sign| text.contains(sign))
        }
        _ => false,
    }
}

#[cfg(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd"))]
fn means_locked(platform: &(dyn std::error::Error + Send + Sync + 'static)) -> bool {
    matches!(
        platform.downcast_ref::<secret_service::Error>(),
        Some(secret_service::Error::Locked | secret_service::Error::Prompt)
    )
}

// Keychain and Credential Manager are always there; their "no access" means locked or denied.
#[cfg(not(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd")))]
fn means_no_secret_service(_: &(dyn std::error::Error + Send + Sync + 'static)) -> bool {
    false
}

#[cfg(not(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd")))]
fn means_locked(_: &(dyn std::error::Error + Send + Sync + 'static)) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classify_read(err: keyring::Error) -> Error {
        classify(err, StoreAction::Read, "bsk-live", SecretName::BskKey)
    }

    #[test]
    fn no_entry_names_profile_and_secret() {
        let err = classify_read(keyring::Error::NoEntry);
        assert!(matches!(err, Error::SecretMissing { .. }));
        assert_eq!(
            err.to_string(),
            "profile \"bsk-live\" has no BSK AES key (key) in the keyring: set it with `kendra profile set bsk-live`"
        );
    }

    #[test]
    fn undecodable_values_never_reach_the_message() {
        let err = classify_read(keyring::Error::BadEncoding(b"SECRET\xff".to_vec()));
        assert!(matches!(err, Error::NotText { .. }));
        let shown = format!("{err} {err:?}");
        assert!(
            !shown.contains("SECRET") && !shown.contains("83, 69"),
            "{shown}"
        );
    }

    #[test]
    fn ambiguous_entries_are_counted() {
        let err = classify_read(keyring::Error::Ambiguous(Vec::new()));
        assert!(matches!(err, Error::Ambiguous { count: 0, .. }));
    }

    #[cfg(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd"))]
    #[test]
    fn secret_service_failures_become_actionable_errors() {
        let locked = classify_read(keyring::Error::NoStorageAccess(Box::new(
            secret_service::Error::Locked,
        )));
        assert!(matches!(locked, Error::KeyringLocked { .. }));
        assert!(locked.detail().is_some());

        let dismissed = classify_read(keyring::Error::NoStorageAccess(Box::new(
            secret_service::Error::Prompt,
        )));
        assert!(matches!(dismissed, Error::KeyringLocked { .. }));

        let absent = classify_read(keyring::Error::PlatformFailure(Box::new(
            secret_service::Error::Unavailable,
        )));
        assert!(matches!(absent, Error::NoSecretService { .. }));
        assert!(absent
            .to_string()
            .contains("scripts/with-secret-service.sh"));

        let other = classify_read(keyring::Error::PlatformFailure(Box::new(
            secret_service::Error::Crypto("bad session key"),
        )));
        assert!(matches!(other, Error::KeyringFailure { .. }));
        assert_eq!(other.detail(), Some("Crypto error: bad session key"));
    }
}
