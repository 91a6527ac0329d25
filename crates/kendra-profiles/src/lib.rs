//! Kendra Desk's integration profiles: one named profile per peer connection.
//!
//! - [`PeerSettings`]: the typed, non-secret settings of each peer (BSK, ISP, header-secrets,
//!   DCI, CSP), stored as the journal profile's settings JSON, plus [`ProfileSettings::sandbox`].
//! - [`Profiles`]: set / show / list / delete over a [`kendra_journal::Journal`] and a
//!   [`kendra_secrets::SecretStore`]; secrets go to the store only, shown as masks.
//! - [`Profiles::import_sandbox`]: one `sandbox-<peer>` profile per peer from `/_sandbox/info`.
//! - [`Profiles::isp_client`], [`Profiles::bsk_client`], [`Profiles::cipher_key`]: ready clients
//!   and keys, secrets read from the store just in time.

mod citizen_key;
mod client_builders;
mod csp_builder;
mod dci_builder;
mod error;
mod header_secrets_builder;
mod peer_settings;
mod profile_service;
mod profile_view;
mod sandbox_import;
#[cfg(test)]
mod test_fixture;

pub use citizen_key::{citizen_key, CITIZEN_KEY_HOLDER};
pub use error::{Error, Result};
pub use peer_settings::{
    BskProfileSettings, CspGrant, CspProfileSettings, DciProfileSettings,
    HeaderSecretsProfileSettings, IspProfileSettings, PeerSettings, ProfileSettings,
};
pub use profile_service::{Profiles, SecretInput};
pub use profile_view::{ProfileView, SecretState, SecretView};
pub use sandbox_import::SANDBOX_PROFILE_PREFIX;

pub use kendra_secrets::{Peer, SecretName};
// The setting types of the peers, for callers that build settings (the CLI) without naming the
// crates they come from.
pub use kendra_client::{ActionTimeFormat, BskTransport, IspVariant};
pub use kendra_wire::cipher_profile::CipherScheme;
pub use kendra_wire::header_secrets::EpochUnit;
