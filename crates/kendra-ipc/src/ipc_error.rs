//! [`IpcError`]: the one error shape the UI receives from every command.
//!
//! The UI switches on the closed [`ErrorCode`] set (GitButler's approach) and never parses text.
//! `message` is a plain sentence an operator can act on; `detail` carries the technical facts
//! (HTTP status, peer code, peer text) for the expandable "technical details" view.

use std::fmt;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What kind of failure happened — the UI picks its wording and recovery action from this.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorCode {
    /// Something the operator entered is wrong; `detail.text` names the field.
    InvalidInput,
    /// The ticket, application, profile or record asked for does not exist.
    NotFound,
    /// The peer could not be reached (network down, DNS, connection reset, timeout).
    PeerUnreachable,
    /// The peer answered and refused the request (`detail` has its status and code).
    PeerRejected,
    /// The peer's answer could not be read (not JSON, missing fields, wrong shape).
    BadResponse,
    /// Encryption, decryption, signing or verification failed (wrong key, bad padding, bad MAC).
    SecurityFailure,
    /// A key or password needed for this profile is not in the OS keyring, or the keyring is locked.
    SecretUnavailable,
    /// The feature behind this command has not been built yet.
    NotImplemented,
    /// A bug in Kendra Desk; `detail` has what is known.
    Internal,
}

impl ErrorCode {
    /// Every code, in declaration order (the UI's dictionary must have a message for each).
    pub const ALL: [ErrorCode; 9] = [
        ErrorCode::InvalidInput,
        ErrorCode::NotFound,
        ErrorCode::PeerUnreachable,
        ErrorCode::PeerRejected,
        ErrorCode::BadResponse,
        ErrorCode::SecurityFailure,
        ErrorCode::SecretUnavailable,
        ErrorCode::NotImplemented,
        ErrorCode::Internal,
    ];
}

/// Technical facts behind an error, for the expandable details view and for bug reports.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ErrorDetail {
    /// HTTP status of the peer's answer, when there was one.
    pub http_status: Option<u16>,
    /// The peer's own error code (e.g. an ADSS CSP error code), as text.
    pub peer_code: Option<String>,
    /// Free technical text: the peer's message, the failing field, the underlying error.
    pub text: String,
}

/// The error every Kendra Desk command returns to the UI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct IpcError {
    pub code: ErrorCode,
    /// A plain sentence the operator can act on.
    pub message: String,
    pub detail: Option<ErrorDetail>,
}

impl IpcError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            detail: None,
        }
    }

    /// Attaches technical text (kept out of `message`, shown on request).
    #[must_use]
    pub fn with_text(mut self, text: impl Into<String>) -> Self {
        self.detail.get_or_insert_with(ErrorDetail::default).text = text.into();
        self
    }

    /// Attaches the peer's HTTP status and its own error code.
    #[must_use]
    pub fn with_peer(mut self, http_status: Option<u16>, peer_code: Option<String>) -> Self {
        let detail = self.detail.get_or_insert_with(ErrorDetail::default);
        detail.http_status = http_status;
        detail.peer_code = peer_code;
        self
    }
}

impl fmt::Display for IpcError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message)?;
        if let Some(detail) = &self.detail {
            if !detail.text.is_empty() {
                write!(f, " ({})", detail.text)?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for IpcError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_serializes_as_code_message_detail() {
        let err = IpcError::new(ErrorCode::PeerRejected, "The portal refused the request.")
            .with_peer(Some(400), Some("E102".to_owned()))
            .with_text("ApplicationNo missing");
        let json = serde_json::to_value(&err).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "code": "peer_rejected",
                "message": "The portal refused the request.",
                "detail": { "http_status": 400, "peer_code": "E102", "text": "ApplicationNo missing" }
            })
        );
        let back: IpcError = serde_json::from_value(json).unwrap();
        assert_eq!(back, err);
    }

    #[test]
    fn error_without_detail_serializes_null_detail() {
        let json = serde_json::to_value(IpcError::new(ErrorCode::Internal, "x")).unwrap();
        assert_eq!(json["detail"], serde_json::Value::Null);
    }

    #[test]
    fn every_code_has_a_distinct_snake_case_wire_name() {
        let names: Vec<String> = ErrorCode::ALL
            .iter()
            .map(|c| {
                serde_json::to_value(c)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect();
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), names.len());
        assert!(names
            .iter()
            .all(|n| n.chars().all(|c| c.is_ascii_lowercase() || c == '_')));
    }

    #[test]
    fn unknown_code_is_rejected() {
        let r: Result<ErrorCode, _> = serde_json::from_str(r#""teapot""#);
        assert!(r.is_err());
    }

    #[test]
    fn typescript_code_is_a_closed_union() {
        let decl = ErrorCode::decl(&ts_rs::Config::default());
        for code in ErrorCode::ALL {
            let name = serde_json::to_value(code).unwrap();
            assert!(decl.contains(&name.to_string()), "{name} not in {decl}");
        }
    }

    #[test]
    fn display_shows_message_then_text() {
        let err = IpcError::new(ErrorCode::InvalidInput, "Check the mobile number.")
            .with_text("mobile: 9 digits");
        assert_eq!(
            err.to_string(),
            "Check the mobile number. (mobile: 9 digits)"
        );
    }
}
