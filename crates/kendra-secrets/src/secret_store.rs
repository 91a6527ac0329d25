//! The contract every secret store keeps: values in and out as [`SecretString`], entries per
//! profile and [`SecretName`], empty values refused, nothing about a value in any error.

use secrecy::{ExposeSecret, SecretString};

use crate::error::{Error, Result};
use crate::secret_mask::mask;
use crate::secret_name::SecretName;

/// Where a profile's secrets are kept. Implementations block (the keyring is a D-Bus or system
/// call away): async code calls them from `spawn_blocking`.
pub trait SecretStore: Send + Sync {
    /// The secret, or [`Error::SecretMissing`] when the profile has none.
    fn get(&self, profile: &str, name: SecretName) -> Result<SecretString>;

    /// Creates or overwrites the secret; [`Error::EmptySecret`] for an empty value.
    fn set(&self, profile: &str, name: SecretName, value: &SecretString) -> Result<()>;

    /// Removes the secret; `false` when there was none.
    fn delete(&self, profile: &str, name: SecretName) -> Result<bool>;

    /// Whether the profile has this secret.
    fn exists(&self, profile: &str, name: SecretName) -> Result<bool>;

    /// The secret's mask (`••••3f9a`) for display, `None` when it is not set.
    fn masked(&self, profile: &str, name: SecretName) -> Result<Option<String>> {
        match self.get(profile, name) {
            Ok(value) => Ok(Some(mask(&value))),
            Err(Error::SecretMissing { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Which of `names` the profile lacks, in the order given.
    fn missing(&self, profile: &str, names: &[SecretName]) -> Result<Vec<SecretName>> {
        let mut missing = Vec::new();
        for &name in names {
            if !self.exists(profile, name)? {
                missing.push(name);
            }
        }
        Ok(missing)
    }

    /// Removes every secret the profile may hold (when the profile itself is deleted); returns
    /// how many there were.
    fn delete_profile(&self, profile: &str) -> Result<usize> {
        let mut deleted = 0;
        for name in SecretName::ALL {
            if self.delete(profile, name)? {
                deleted += 1;
            }
        }
        Ok(deleted)
    }
}

/// The checks every store makes before saving.
pub(crate) fn check_value(profile: &str, name: SecretName, value: &SecretString) -> Result<()> {
    if value.expose_secret().is_empty() {
        return Err(Error::EmptySecret {
            profile: profile.to_owned(),
            secret: name,
        });
    }
    Ok(())
}
