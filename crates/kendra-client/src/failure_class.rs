//! The failure classes the outbox keeps, retries and filters by: one per way a delivery can fail.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FailureClass {
    /// The connection could not be made or broke (refused, reset, DNS).
    Network,
    /// No complete answer before the deadline (slow connect, slow answer, slow drip).
    Timeout,
    /// HTTP 4xx other than 401: the same request will fail the same way again.
    #[serde(rename = "http_4xx")]
    Http4xx,
    /// HTTP 5xx: the peer's own trouble, worth retrying.
    #[serde(rename = "http_5xx")]
    Http5xx,
    /// HTTP 200 with the peer's own failure answer (`statusMessage: FAILED`, `statusCode` ≠ 200).
    PeerFailed,
    /// HTTP 401 even after signing in again.
    TokenExpired,
    /// Refused before anything was sent: a field, a setting or a secret is wrong.
    LocalValidation,
    /// The answer is not JSON, has the wrong shape, cannot be decrypted or is too large.
    BadResponse,
}

impl FailureClass {
    pub const ALL: [FailureClass; 8] = [
        FailureClass::Network,
        FailureClass::Timeout,
        FailureClass::Http4xx,
        FailureClass::Http5xx,
        FailureClass::PeerFailed,
        FailureClass::TokenExpired,
        FailureClass::LocalValidation,
        FailureClass::BadResponse,
    ];

    /// The stable name stored in the journal and shown in filters.
    pub fn as_str(self) -> &'static str {
        match self {
            FailureClass::Network => "network",
            FailureClass::Timeout => "timeout",
            FailureClass::Http4xx => "http_4xx",
            FailureClass::Http5xx => "http_5xx",
            FailureClass::PeerFailed => "peer_failed",
            FailureClass::TokenExpired => "token_expired",
            FailureClass::LocalValidation => "local_validation",
            FailureClass::BadResponse => "bad_response",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == text)
    }
}

impl std::fmt::Display for FailureClass {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_match_serde() {
        for class in FailureClass::ALL {
            assert_eq!(FailureClass::parse(class.as_str()), Some(class));
            assert_eq!(
                serde_json::to_value(class).unwrap(),
                serde_json::json!(class.as_str())
            );
        }
        assert_eq!(FailureClass::parse("other"), None);
    }
}
