//! The one error type of the client. `Display` is a sentence a DEO or admin can act on;
//! [`Error::detail`] keeps the technical part (HTTP status, peer text, library message).
//! Neither ever holds a secret: peer texts pass through the client's redactor first.

use crate::failure_class::FailureClass;
use crate::peer::Peer;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("could not reach {peer} for {endpoint}: {reason}; check the portal address and the network, it is retried later")]
    Network {
        peer: Peer,
        endpoint: String,
        reason: String,
        detail: String,
    },

    #[error(
        "{peer} did not answer {endpoint} within {limit_ms} ms ({phase}); it is retried later"
    )]
    Timeout {
        peer: Peer,
        endpoint: String,
        limit_ms: u64,
        phase: &'static str,
    },

    #[error("{peer} rejected {endpoint} with HTTP {status}: {peer_text}")]
    HttpClient {
        peer: Peer,
        endpoint: String,
        status: u16,
        peer_text: String,
    },

    #[error("{peer} had an internal error (HTTP {status}) on {endpoint}; it is retried later")]
    HttpServer {
        peer: Peer,
        endpoint: String,
        status: u16,
        peer_text: String,
    },

    #[error("{peer} refused {endpoint}: {error}")]
    PeerFailed {
        peer: Peer,
        endpoint: String,
        /// The peer's own error text, verbatim (secrets removed).
        error: String,
    },

    #[error("{peer} refused the sign-in token on {endpoint} (HTTP 401) even after signing in again; check the profile's credentials")]
    TokenExpired {
        peer: Peer,
        endpoint: String,
        peer_text: String,
    },

    #[error("{what} is not valid: {problem}")]
    LocalValidation { what: String, problem: String },

    #[error("the {setting} setting is not valid: {problem}")]
    InvalidSetting {
        setting: &'static str,
        problem: String,
    },

    #[error("the profile's {secret} cannot be used: {source}")]
    UnusableSecret {
        secret: &'static str,
        #[source]
        source: kendra_wire::Error,
    },

    #[error("{peer} answered {endpoint} with something Kendra cannot read: {problem}")]
    BadResponse {
        peer: Peer,
        endpoint: String,
        problem: String,
        detail: String,
    },

    #[error("{peer}'s answer to {endpoint} is larger than the {limit_bytes}-byte limit")]
    ResponseTooLarge {
        peer: Peer,
        endpoint: String,
        limit_bytes: usize,
    },
}

impl Error {
    pub fn class(&self) -> FailureClass {
        match self {
            Error::Network { .. } => FailureClass::Network,
            Error::Timeout { .. } => FailureClass::Timeout,
            Error::HttpClient { .. } => FailureClass::Http4xx,
            Error::HttpServer { .. } => FailureClass::Http5xx,
            Error::PeerFailed { .. } => FailureClass::PeerFailed,
            Error::TokenExpired { .. } => FailureClass::TokenExpired,
            Error::LocalValidation { .. }
            | Error::InvalidSetting { .. }
            | Error::UnusableSecret { .. } => FailureClass::LocalValidation,
            Error::BadResponse { .. } | Error::ResponseTooLarge { .. } => FailureClass::BadResponse,
        }
    }

    /// A stable machine-readable code for UIs and scripts (finer than [`Self::class`]).
    pub fn code(&self) -> &'static str {
        match self {
            Error::Network { .. } => "network",
            Error::Timeout { .. } => "timeout",
            Error::HttpClient { .. } => "http_4xx",
            Error::HttpServer { .. } => "http_5xx",
            Error::PeerFailed { .. } => "peer_failed",
            Error::TokenExpired { .. } => "token_expired",
            Error::LocalValidation { .. } => "local_validation",
            Error::InvalidSetting { .. } => "invalid_setting",
            Error::UnusableSecret { .. } => "unusable_secret",
            Error::BadResponse { .. } => "bad_response",
            Error::ResponseTooLarge { .. } => "response_too_large",
        }
    }

    /// Technical detail for the expandable error view and the journal.
    pub fn detail(&self) -> Option<String> {
        match self {
            Error::Network { detail, .. } | Error::BadResponse { detail, .. } => {
                Some(detail.clone())
            }
            Error::HttpClient {
                status, peer_text, ..
            }
            | Error::HttpServer {
                status, peer_text, ..
            } => Some(format!("HTTP {status}: {peer_text}")),
            Error::TokenExpired { peer_text, .. } => Some(format!("HTTP 401: {peer_text}")),
            Error::PeerFailed { error, .. } => Some(error.clone()),
            Error::UnusableSecret { source, .. } => Some(source.to_string()),
            Error::Timeout { phase, .. } => Some((*phase).to_owned()),
            _ => None,
        }
    }

    /// Applies `scrub` to every free text the error carries (peer texts, library messages).
    pub(crate) fn scrubbed(self, scrub: impl Fn(&str) -> String) -> Self {
        match self {
            Error::Network {
                peer,
                endpoint,
                reason,
                detail,
            } => Error::Network {
                peer,
                endpoint,
                reason: scrub(&reason),
                detail: scrub(&detail),
            },
            Error::HttpClient {
                peer,
                endpoint,
                status,
                peer_text,
            } => Error::HttpClient {
                peer,
                endpoint,
                status,
                peer_text: scrub(&peer_text),
            },
            Error::HttpServer {
                peer,
                endpoint,
                status,
                peer_text,
            } => Error::HttpServer {
                peer,
                endpoint,
                status,
                peer_text: scrub(&peer_text),
            },
            Error::PeerFailed {
                peer,
                endpoint,
                error,
            } => Error::PeerFailed {
                peer,
                endpoint,
                error: scrub(&error),
            },
            Error::TokenExpired {
                peer,
                endpoint,
                peer_text,
            } => Error::TokenExpired {
                peer,
                endpoint,
                peer_text: scrub(&peer_text),
            },
            Error::BadResponse {
                peer,
                endpoint,
                problem,
                detail,
            } => Error::BadResponse {
                peer,
                endpoint,
                problem: scrub(&problem),
                detail: scrub(&detail),
            },
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_codes_and_details() {
        let e = Error::PeerFailed {
            peer: Peer::Isp,
            endpoint: "returnServiceStatus".into(),
            error: "Annexure A rule 4".into(),
        };
        assert_eq!(e.class(), FailureClass::PeerFailed);
        assert_eq!(e.code(), "peer_failed");
        assert_eq!(
            e.to_string(),
            "UP ISP refused returnServiceStatus: Annexure A rule 4"
        );
        let e = Error::HttpServer {
            peer: Peer::Bsk,
            endpoint: "API-2".into(),
            status: 502,
            peer_text: "bad gateway".into(),
        };
        assert_eq!(e.class(), FailureClass::Http5xx);
        assert_eq!(e.detail().as_deref(), Some("HTTP 502: bad gateway"));
        let e = Error::ResponseTooLarge {
            peer: Peer::Bsk,
            endpoint: "API-2".into(),
            limit_bytes: 10,
        };
        assert_eq!(e.class(), FailureClass::BadResponse);
    }
}
