//! The one error type of the secrets layer.
//!
//! `Display` is the sentence a DEO reads; [`Error::detail`] carries the platform's own words for
//! the technical view. Neither ever contains a secret value: keyring errors that carry secret
//! bytes (`BadEncoding`) are reduced to their kind before they get here.

use std::fmt;

use crate::secret_name::SecretName;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What the store was doing when the keyring failed, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreAction {
    Read,
    Save,
    Delete,
}

impl fmt::Display for StoreAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            StoreAction::Read => "read",
            StoreAction::Save => "save",
            StoreAction::Delete => "delete",
        })
    }
}

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("the keyring is locked: unlock it (log in to the desktop session or open your keyring app), then try again")]
    KeyringLocked { detail: String },

    #[error("no Secret Service is running: start your desktop's keyring, or run under scripts/with-secret-service.sh")]
    NoSecretService { detail: String },

    #[error("profile \"{profile}\" has no {secret} in the keyring: set it with `kendra profile set {profile}`")]
    SecretMissing { profile: String, secret: SecretName },

    #[error("the {secret} for profile \"{profile}\" is empty: enter the value the peer gave you")]
    EmptySecret { profile: String, secret: SecretName },

    #[error("the {secret} for profile \"{profile}\" is too long for this system's keyring (limit {limit})")]
    SecretTooLong {
        profile: String,
        secret: SecretName,
        limit: String,
    },

    #[error(
        "the keyring entry for the {secret} of profile \"{profile}\" is not text: set it again"
    )]
    NotText { profile: String, secret: SecretName },

    #[error("the keyring holds {count} entries for the {secret} of profile \"{profile}\": delete the extra ones in your keyring app")]
    Ambiguous {
        profile: String,
        secret: SecretName,
        count: usize,
    },

    #[error("{what} \"{value}\" cannot be used: {problem}")]
    InvalidName {
        what: &'static str,
        value: String,
        problem: &'static str,
    },

    #[error("the keyring could not {action} the {secret} of profile \"{profile}\"; see the technical detail")]
    KeyringFailure {
        action: StoreAction,
        profile: String,
        secret: SecretName,
        detail: String,
    },
}

impl Error {
    /// The platform's own words, for the expandable technical view and logs (never a secret).
    pub fn detail(&self) -> Option<&str> {
        match self {
            Error::KeyringLocked { detail }
            | Error::NoSecretService { detail }
            | Error::KeyringFailure { detail, .. } => Some(detail),
            _ => None,
        }
    }
}
