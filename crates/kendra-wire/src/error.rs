//! The one error type of the message-security layer.
//!
//! `Display` is the sentence a DEO or tester reads; [`Error::detail`] carries the technical part
//! (library message, offsets, peer codes) for the expandable view and logs. Neither ever contains
//! key material.

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    // --- input shape -------------------------------------------------------------------------
    #[error("{input} is empty")]
    EmptyInput { input: String },

    #[error("{input} is not valid base64 (character {position})")]
    InvalidBase64 {
        input: String,
        /// 1-based position of the offending character in the text as given.
        position: usize,
        detail: String,
    },

    #[error("{input} must be {expected} bytes, but it is {actual} bytes")]
    WrongLength {
        input: String,
        expected: usize,
        actual: usize,
    },

    #[error("{input} is {len} bytes, not a whole number of 16-byte AES blocks: it was truncated or is not AES-CBC data")]
    NotBlockAligned { input: String, len: usize },

    #[error("decryption failed: wrong key or corrupted data (bad padding)")]
    BadPadding,

    #[error("{input} decrypted, but the result is not UTF-8 text (byte {position}): wrong key, IV or variant")]
    NotUtf8 { input: String, position: usize },

    #[error("{input} is not valid JSON: {detail}")]
    InvalidJson { input: String, detail: String },

    #[error("{input} is missing the field \"{field}\"")]
    MissingField { input: String, field: String },

    #[error("{input}: field \"{field}\" {problem}")]
    InvalidField {
        input: String,
        field: String,
        problem: String,
    },

    // --- tokens ------------------------------------------------------------------------------
    #[error("the token is not a well-formed JWT: {detail}")]
    JwtMalformed { detail: String },

    #[error("the token's signature does not match the secret: it was signed with another secret or altered")]
    JwtBadSignature,

    #[error("the token expired at {expired_at}")]
    JwtExpired { expired_at: String },

    #[error("the token is not valid yet (valid from {not_before})")]
    JwtNotYetValid { not_before: String },

    #[error("the token uses algorithm {found}, but only {expected} is accepted")]
    JwtAlgorithm { expected: String, found: String },

    // --- BSK transports ----------------------------------------------------------------------
    #[error("the passcode sent by the peer does not match this profile's passcode")]
    PasscodeMismatch,

    #[error("the request is not a BSK {transport} message: {problem}")]
    TransportShape {
        transport: &'static str,
        problem: String,
    },

    // --- header-secrets layer ----------------------------------------------------------------
    #[error("the pass_key header is missing or does not match this client's pass_key")]
    PassKeyMismatch,

    #[error("the header_secrets epoch is {age_secs} seconds old; at most {max_age_secs} seconds are accepted (is the sender's clock right?)")]
    EpochStale { age_secs: i64, max_age_secs: i64 },

    #[error("the header_secrets epoch is {ahead_secs} seconds in the future (is the sender's clock right?)")]
    EpochInFuture { ahead_secs: i64 },

    #[error("the client_id or client_secret in header_secrets does not match this client")]
    ClientCredentialsMismatch,

    // --- DCI ---------------------------------------------------------------------------------
    #[error("the DCI message carries no signature (err.signature.missing)")]
    SignatureMissing,

    #[error("the DCI message signature is not valid (err.signature.invalid): {reason}")]
    SignatureInvalid { reason: String },

    #[error("the key \"{key_id}\" is not a registered sender key")]
    UnknownSigningKey { key_id: String },

    #[error("the Authorization header is not a usable bearer token (err.request.unauthorized): {problem}")]
    BearerTokenInvalid { problem: String },

    // --- peers' own error answers --------------------------------------------------------------
    #[error("{peer} refused the request: {message}")]
    PeerRefused {
        peer: &'static str,
        /// Plain-language explanation (mapped from the peer's code where we know it).
        message: String,
        /// The peer's own code and text, verbatim.
        detail: String,
    },
}

impl Error {
    /// Technical detail for logs and the expandable error view (never key material).
    pub fn detail(&self) -> Option<String> {
        match self {
            Error::InvalidBase64 { detail, .. }
            | Error::InvalidJson { detail, .. }
            | Error::JwtMalformed { detail }
            | Error::PeerRefused { detail, .. } => Some(detail.clone()),
            Error::SignatureInvalid { reason } => Some(reason.clone()),
            _ => None,
        }
    }

    /// A stable machine-readable code for UIs and scripts.
    pub fn code(&self) -> &'static str {
        match self {
            Error::EmptyInput { .. } => "empty_input",
            Error::InvalidBase64 { .. } => "invalid_base64",
            Error::WrongLength { .. } => "wrong_length",
            Error::NotBlockAligned { .. } => "not_block_aligned",
            Error::BadPadding => "bad_padding",
            Error::NotUtf8 { .. } => "not_utf8",
            Error::InvalidJson { .. } => "invalid_json",
            Error::MissingField { .. } => "missing_field",
            Error::InvalidField { .. } => "invalid_field",
            Error::JwtMalformed { .. } => "jwt_malformed",
            Error::JwtBadSignature => "jwt_bad_signature",
            Error::JwtExpired { .. } => "jwt_expired",
            Error::JwtNotYetValid { .. } => "jwt_not_yet_valid",
            Error::JwtAlgorithm { .. } => "jwt_algorithm",
            Error::PasscodeMismatch => "passcode_mismatch",
            Error::TransportShape { .. } => "transport_shape",
            Error::PassKeyMismatch => "pass_key_mismatch",
            Error::EpochStale { .. } => "epoch_stale",
            Error::EpochInFuture { .. } => "epoch_in_future",
            Error::ClientCredentialsMismatch => "client_credentials_mismatch",
            Error::SignatureMissing => "signature_missing",
            Error::SignatureInvalid { .. } => "signature_invalid",
            Error::UnknownSigningKey { .. } => "unknown_signing_key",
            Error::BearerTokenInvalid { .. } => "bearer_token_invalid",
            Error::PeerRefused { .. } => "peer_refused",
        }
    }

    pub(crate) fn json(input: impl Into<String>, err: &serde_json::Error) -> Self {
        Error::InvalidJson {
            input: input.into(),
            detail: err.to_string(),
        }
    }
}
