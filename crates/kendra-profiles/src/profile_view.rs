//! What `show` and `list` give out: settings, and each secret as its mask or "missing". Built
//! only from masks, so it can be printed, serialized and sent to the UI as it is.

use serde::Serialize;
use serde_json::Value;

use kendra_secrets::{Peer, SecretName};

use crate::peer_settings::ProfileSettings;

/// Whether a secret is in the store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum SecretState {
    /// Stored; `mask` is its fingerprint (`••••3f9a`), never a character of the secret.
    Set { mask: String },
    /// Required by the settings and not stored.
    Missing,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SecretView {
    /// The keyring entry's name (`isp.secret_key`).
    pub name: &'static str,
    /// The field name the peer's documents use (`secret_key`), as `profile set` reads it.
    pub field: &'static str,
    pub required: bool,
    #[serde(flatten)]
    pub state: SecretState,
}

impl SecretView {
    pub(crate) fn new(name: SecretName, required: bool, mask: Option<String>) -> Self {
        Self {
            name: name.as_str(),
            field: name.field(),
            required,
            state: mask.map_or(SecretState::Missing, |mask| SecretState::Set { mask }),
        }
    }

    /// The mask, or `missing`.
    pub fn shown(&self) -> &str {
        match &self.state {
            SecretState::Set { mask } => mask,
            SecretState::Missing => "missing",
        }
    }
}

/// One profile as shown to a person.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProfileView {
    pub name: String,
    pub peer: &'static str,
    /// Points at the built-in sandbox: never production.
    pub sandbox: bool,
    /// The non-secret settings exactly as stored.
    pub settings: Value,
    /// Every required secret, and any optional one that is set.
    pub secrets: Vec<SecretView>,
    pub updated_ms: i64,
}

impl ProfileView {
    pub(crate) fn new(
        name: String,
        settings: &ProfileSettings,
        settings_json: Value,
        secrets: Vec<SecretView>,
        updated_ms: i64,
    ) -> Self {
        Self {
            name,
            peer: settings.peer.peer().as_str(),
            sandbox: settings.sandbox,
            settings: settings_json,
            secrets,
            updated_ms,
        }
    }

    pub fn peer(&self) -> Option<Peer> {
        self.peer.parse().ok()
    }

    /// The required secrets that are not stored.
    pub fn missing(&self) -> Vec<&'static str> {
        self.secrets
            .iter()
            .filter(|s| s.state == SecretState::Missing)
            .map(|s| s.name)
            .collect()
    }

    pub fn is_complete(&self) -> bool {
        self.missing().is_empty()
    }
}
