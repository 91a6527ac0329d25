//! Kendra Desk's secrets (keys, IVs, passwords, client secrets, JWT secrets, pass_keys, private
//! keys, the journal's citizen-data key) live in the operating system's keyring and nowhere else.
//!
//! - [`SecretStore`]: get / set / delete / exists, values always as [`SecretString`].
//! - [`KeyringStore`]: the real store (Secret Service on Linux, Keychain on macOS, Credential
//!   Manager on Windows), namespaced by [`AppId`] and profile.
//! - [`MemoryStore`]: the same contract in memory, for other crates' tests.
//! - [`SecretName`], [`Peer`], [`ProfileSecrets`]: the closed set of secret names and which ones a
//!   peer's profile needs.
//! - [`mask`]: what the UI shows instead of a secret (`••••3f9a`, a fingerprint, never the secret).

mod error;
mod keyring_store;
mod memory_store;
mod secret_mask;
mod secret_name;
mod secret_namespace;
mod secret_store;

pub use error::{Error, Result, StoreAction};
pub use keyring_store::KeyringStore;
pub use memory_store::MemoryStore;
pub use secret_mask::{mask, MASK_PREFIX};
pub use secret_name::{
    BskTransportKind, CspGrantKind, HeaderSecretsKeying, Peer, ProfileSecrets, SecretName,
};
pub use secret_namespace::{check_profile_name, AppId};
pub use secret_store::SecretStore;

pub use secrecy::{ExposeSecret, SecretString};
