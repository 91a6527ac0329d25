//! DCI Social Registry: the signed `signature`/`header`/`message` envelope, its bearer token, and
//! the message types of `specs/dci/social_api_v1.0.0.yaml`.
//!
//! # Signing content
//!
//! The spec gives the signature string but not what is signed. Kendra signs, with ed25519 (RFC 8032,
//! verified strictly), these exact UTF-8 bytes, lines joined by `\n`, no trailing newline:
//!
//! ```text
//! (created): <created>
//! (expires): <expires>
//! digest: SHA-256=<base64(SHA-256(canonical JSON of {"header": <header>, "message": <message>}))>
//! ```
//!
//! - `<created>`, `<expires>`: the signature string's values, Unix seconds in plain decimal.
//! - The JSON object has exactly the members `header` and `message` as received (`message` left out
//!   when the body has none; `signature` and any other top-level member are not covered).
//! - Canonical JSON is RFC 8785 (JCS): members sorted by UTF-16 code units, no whitespace, UTF-8,
//!   minimal string escapes, numbers as ECMAScript prints them, except that integers within 64 bits
//!   are written exactly ([`canonical_json`]).
//! - base64 is standard with padding.
//!
//! The signature string is the spec's:
//! `Signature: namespace="g2p", kidId="{sender_id}|{unique_key_id}|ed25519", algorithm="ed25519",
//! created="…", expires="…", headers="(created) (expires) digest", signature="<base64 of 64 bytes>"`.
//! A verifier rejects it unless the key is registered, the key's `sender_id` equals the header's
//! `sender_id` (when present), `created` is at most [`CLOCK_SKEW_SECS`] ahead of its clock and
//! `expires` at most that far behind. `docs/dci-signing.md` is the same definition with a worked
//! example for implementers in other languages.
//!
//! # Lossless types
//!
//! The official examples stray from the yaml (`"total_count": "1"`, `"meta": ""`, `null`
//! timestamps, a repeated member). Every scalar is a [`Loose`] and every object keeps unknown members
//! in `extra`, so parsing and writing back yields the same JSON; signatures are still best checked on
//! the received body with [`verify_envelope_json`].

pub mod any_message;
pub mod bearer_token;
pub mod canonical_json;
pub mod envelope;
pub mod error_codes;
pub mod example_catalog;
pub mod loose_value;
pub mod messages;
pub mod signature;
pub mod signing_keys;

pub use any_message::{classify, parse_envelope, DciEnvelope, MessageKind};
pub use bearer_token::{authorization_header, parse_authorization_header, BearerToken};
pub use canonical_json::{parse_strict, to_canonical_json};
pub use envelope::{
    AnyHeader, EncryptedMessage, EncryptionHeader, Envelope, MsgCallbackHeader, MsgHeader, Payload,
};
pub use error_codes::{dci_error_code, DciErrorCode, HttpErrorItem, HttpErrorResponse};
pub use example_catalog::{parse_example_catalog, ExampleFlow};
pub use loose_value::{Loose, LooseField};
pub use signature::{
    body_digest, signing_content, verify, verify_envelope, verify_envelope_json, DciSigner, KeyId,
    SenderKeys, SignatureParams, VerifiedSignature, ALGORITHM, CLOCK_SKEW_SECS, DEFAULT_NAMESPACE,
    SIGNED_HEADERS,
};
pub use signing_keys::{DciPublicKey, DciSigningKey};
