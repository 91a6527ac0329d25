//! Which peer an exchange was with.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Peer {
    /// UP Integrated Service Portal.
    Isp,
    /// Bangla Sahayata Kendra portal.
    Bsk,
    /// DCI Social Registry.
    Dci,
    /// Ascertia ADSS CSP remote signing.
    Csp,
    /// A gateway speaking the header-secrets layer.
    HeaderSecrets,
}

impl Peer {
    pub fn as_str(self) -> &'static str {
        match self {
            Peer::Isp => "isp",
            Peer::Bsk => "bsk",
            Peer::Dci => "dci",
            Peer::Csp => "csp",
            Peer::HeaderSecrets => "header_secrets",
        }
    }
}

impl std::fmt::Display for Peer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Peer::Isp => "UP ISP",
            Peer::Bsk => "the BSK portal",
            Peer::Dci => "the social registry",
            Peer::Csp => "the signing service",
            Peer::HeaderSecrets => "the header-secrets gateway",
        })
    }
}
