//! The spec's error codes (`Error.code` in the yaml) and HTTP statuses for DCI failures, so the
//! sandbox answers a bad request the way a DCI registry would.
//!
//! The yaml lists 401, 403 and 500 answers with an `HttpErrorResponse` body
//! (`{"errors": [{"code", "message"}]}`) but does not say which failure gets which status. Ours:
//!
//! | failure | code | HTTP |
//! |---|---|---|
//! | bearer token missing or malformed | `err.request.unauthorized` | 401 |
//! | no signature | `err.signature.missing` | 401 |
//! | signature malformed, expired, not matching | `err.signature.invalid` | 401 |
//! | signing key not registered | `err.sender_id.invalid` | 403 |
//! | body not JSON / wrong shape | `err.request.bad` | 400 |
//! | anything else | `err.service.unavailable` | 500 |
//!
//! 401 means "we could not establish who sent this"; 403 means "a well-formed, signed request from
//! a sender we do not accept".

use serde::{Deserialize, Serialize};

use crate::Error;

/// The yaml's `Error.code` enum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DciErrorCode {
    #[serde(rename = "err.request.bad")]
    RequestBad,
    #[serde(rename = "err.request.unauthorized")]
    RequestUnauthorized,
    #[serde(rename = "err.request.forbidden")]
    RequestForbidden,
    #[serde(rename = "err.request.not_found")]
    RequestNotFound,
    #[serde(rename = "err.request.timeout")]
    RequestTimeout,
    #[serde(rename = "err.version.not_supported")]
    VersionNotSupported,
    #[serde(rename = "err.request.too_many_requests")]
    RequestTooManyRequests,
    #[serde(rename = "err.sender_id.invalid")]
    SenderIdInvalid,
    #[serde(rename = "err.sender_uri.invalid")]
    SenderUriInvalid,
    #[serde(rename = "err.receiver_id.invalid")]
    ReceiverIdInvalid,
    #[serde(rename = "err.signature.missing")]
    SignatureMissing,
    #[serde(rename = "err.signature.invalid")]
    SignatureInvalid,
    #[serde(rename = "err.encryption.invalid")]
    EncryptionInvalid,
    #[serde(rename = "err.service.unavailable")]
    ServiceUnavailable,
}

impl DciErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            DciErrorCode::RequestBad => "err.request.bad",
            DciErrorCode::RequestUnauthorized => "err.request.unauthorized",
            DciErrorCode::RequestForbidden => "err.request.forbidden",
            DciErrorCode::RequestNotFound => "err.request.not_found",
            DciErrorCode::RequestTimeout => "err.request.timeout",
            DciErrorCode::VersionNotSupported => "err.version.not_supported",
            DciErrorCode::RequestTooManyRequests => "err.request.too_many_requests",
            DciErrorCode::SenderIdInvalid => "err.sender_id.invalid",
            DciErrorCode::SenderUriInvalid => "err.sender_uri.invalid",
            DciErrorCode::ReceiverIdInvalid => "err.receiver_id.invalid",
            DciErrorCode::SignatureMissing => "err.signature.missing",
            DciErrorCode::SignatureInvalid => "err.signature.invalid",
            DciErrorCode::EncryptionInvalid => "err.encryption.invalid",
            DciErrorCode::ServiceUnavailable => "err.service.unavailable",
        }
    }

    /// The HTTP status a receiver answers with for this code.
    pub fn http_status(self) -> u16 {
        match self {
            DciErrorCode::RequestBad
            | DciErrorCode::VersionNotSupported
            | DciErrorCode::SenderUriInvalid
            | DciErrorCode::ReceiverIdInvalid
            | DciErrorCode::EncryptionInvalid => 400,
            DciErrorCode::RequestUnauthorized
            | DciErrorCode::SignatureMissing
            | DciErrorCode::SignatureInvalid => 401,
            DciErrorCode::RequestForbidden | DciErrorCode::SenderIdInvalid => 403,
            DciErrorCode::RequestNotFound => 404,
            DciErrorCode::RequestTimeout => 408,
            DciErrorCode::RequestTooManyRequests => 429,
            DciErrorCode::ServiceUnavailable => 503,
        }
    }
}

/// The DCI code for a failure of this crate while checking an incoming DCI request.
pub fn dci_error_code(error: &Error) -> DciErrorCode {
    match error {
        Error::BearerTokenInvalid { .. } => DciErrorCode::RequestUnauthorized,
        Error::SignatureMissing => DciErrorCode::SignatureMissing,
        Error::SignatureInvalid { .. } => DciErrorCode::SignatureInvalid,
        Error::UnknownSigningKey { .. } => DciErrorCode::SenderIdInvalid,
        Error::EmptyInput { .. }
        | Error::InvalidJson { .. }
        | Error::MissingField { .. }
        | Error::InvalidField { .. }
        | Error::InvalidBase64 { .. }
        | Error::WrongLength { .. }
        | Error::NotUtf8 { .. } => DciErrorCode::RequestBad,
        _ => DciErrorCode::ServiceUnavailable,
    }
}

/// The yaml's `HttpErrorResponse` body: `{"errors": [{"code": …, "message": …}]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HttpErrorResponse {
    pub errors: Vec<HttpErrorItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HttpErrorItem {
    pub code: String,
    pub message: String,
}

impl HttpErrorResponse {
    /// The HTTP status and body a DCI receiver answers `error` with.
    pub fn from_error(error: &Error) -> (u16, HttpErrorResponse) {
        let code = dci_error_code(error);
        let body = HttpErrorResponse {
            errors: vec![HttpErrorItem {
                code: code.as_str().to_owned(),
                message: error.to_string(),
            }],
        };
        (code.http_status(), body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn security_failures_map_to_spec_codes_and_statuses() {
        let cases = [
            (Error::SignatureMissing, "err.signature.missing", 401),
            (
                Error::SignatureInvalid { reason: "x".into() },
                "err.signature.invalid",
                401,
            ),
            (
                Error::BearerTokenInvalid {
                    problem: "x".into(),
                },
                "err.request.unauthorized",
                401,
            ),
            (
                Error::UnknownSigningKey {
                    key_id: "a|b|ed25519".into(),
                },
                "err.sender_id.invalid",
                403,
            ),
            (
                Error::MissingField {
                    input: "m".into(),
                    field: "header".into(),
                },
                "err.request.bad",
                400,
            ),
        ];
        for (error, code, status) in cases {
            let mapped = dci_error_code(&error);
            assert_eq!(mapped.as_str(), code);
            assert_eq!(mapped.http_status(), status);
            assert_eq!(serde_json::to_value(mapped).unwrap(), json!(code));
        }
    }

    #[test]
    fn http_error_body_has_the_yaml_shape() {
        let (status, body) = HttpErrorResponse::from_error(&Error::SignatureMissing);
        assert_eq!(status, 401);
        assert_eq!(
            serde_json::to_value(body).unwrap(),
            json!({"errors": [{
                "code": "err.signature.missing",
                "message": "the DCI message carries no signature (err.signature.missing)"
            }]})
        );
    }
}
