//! `active_profiles`: which integration profiles the app is using. On first run that is the
//! built-in sandbox, one "Sandbox" profile per peer, always marked as not production. Only names
//! and URLs cross to the UI: never a key, password or secret.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{ErrorCode, Host, IpcError};

/// The five peers Kendra talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PeerId {
    Bsk,
    Isp,
    HeaderSecrets,
    Dci,
    Csp,
}

impl PeerId {
    pub const ALL: [PeerId; 5] = [
        PeerId::Bsk,
        PeerId::Isp,
        PeerId::HeaderSecrets,
        PeerId::Dci,
        PeerId::Csp,
    ];
}

/// The built-in sandbox, as the host sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "state", rename_all = "snake_case")]
#[ts(export)]
pub enum SandboxStatus {
    /// Still starting (it seeds data and keys on a thread of its own).
    Starting,
    Running {
        base_url: String,
        /// Whether the Sandbox profiles were saved (settings in the journal, keys in the OS
        /// keyring), or why not.
        saved: ProfilesSaved,
    },
    Failed {
        reason: String,
    },
    /// Stopped from Settings: no sandbox runs, but the desk (journal, profiles) keeps working and
    /// the Sandbox profiles stay (not production), pointing where it last ran until it starts
    /// again on a new port.
    Stopped {
        /// Where it last ran.
        base_url: String,
        saved: ProfilesSaved,
    },
}

/// Whether the app could keep its Sandbox profiles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "state", rename_all = "snake_case")]
#[ts(export)]
pub enum ProfilesSaved {
    Saved { journal: String },
    NotSaved { reason: String },
}

/// One integration profile, without its secrets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ProfileSummary {
    pub name: String,
    pub peer: PeerId,
    pub base_url: String,
    /// False for every sandbox profile; the UI shows a SANDBOX badge.
    pub production: bool,
}

/// Answer of the `active_profiles` command.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ActiveProfiles {
    pub sandbox: SandboxStatus,
    pub profiles: Vec<ProfileSummary>,
}

pub const SANDBOX_PROFILE_NAME: &str = "Sandbox";

/// Handler of the `active_profiles` command.
pub fn active_profiles(host: &impl Host) -> Result<ActiveProfiles, IpcError> {
    let sandbox = host.sandbox_status();
    let profiles =
        match &sandbox {
            SandboxStatus::Running { base_url, .. } | SandboxStatus::Stopped { base_url, .. } => {
                PeerId::ALL
                    .iter()
                    .map(|&peer| ProfileSummary {
                        name: SANDBOX_PROFILE_NAME.to_owned(),
                        peer,
                        base_url: base_url.clone(),
                        production: false,
                    })
                    .collect()
            }
            SandboxStatus::Starting => Vec::new(),
            SandboxStatus::Failed { reason } => return Err(IpcError::new(
                ErrorCode::PeerUnreachable,
                "The built-in sandbox could not start, so the Sandbox profiles are not available.",
            )
            .with_text(reason.clone())),
        };
    Ok(ActiveProfiles { sandbox, profiles })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_host::TestHost;

    #[test]
    fn running_sandbox_gives_one_non_production_profile_per_peer() {
        let host = TestHost::with_sandbox(SandboxStatus::Running {
            base_url: "http://127.0.0.1:9".into(),
            saved: ProfilesSaved::NotSaved {
                reason: "no keyring".into(),
            },
        });
        let active = active_profiles(&host).unwrap();
        assert_eq!(active.profiles.len(), 5);
        assert!(active
            .profiles
            .iter()
            .all(|p| !p.production && p.name == "Sandbox"));
        let json = serde_json::to_value(&active).unwrap();
        assert_eq!(json["sandbox"]["state"], "running");
        assert_eq!(json["profiles"][2]["peer"], "header_secrets");
        assert_eq!(json["sandbox"]["saved"]["state"], "not_saved");
    }

    #[test]
    fn starting_and_failed_sandbox() {
        let starting = active_profiles(&TestHost::with_sandbox(SandboxStatus::Starting)).unwrap();
        assert!(starting.profiles.is_empty());
        let err = active_profiles(&TestHost::with_sandbox(SandboxStatus::Failed {
            reason: "port in use".into(),
        }))
        .unwrap_err();
        assert_eq!(err.code, ErrorCode::PeerUnreachable);
        assert_eq!(err.detail.unwrap().text, "port in use");
    }
}
