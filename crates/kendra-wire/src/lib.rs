//! Kendra's message-security layer: everything needed to secure a message for one of the five
//! peers and to read its answer. No I/O, no GUI: callers hand in bytes and get bytes back.
//!
//! | peer | module |
//! |---|---|
//! | Bangla Sahayata Kendra (AES-256-CBC, HS256 JWT, v4/v5 transports) | [`bsk`] |
//! | UP Integrated Service Portal (PBKDF2-derived AES key, `{dept_id, e_data}`) | [`isp`] |
//! | header-secrets layer (`pass_key`, `header_secrets`, `RequestData`/`ResponseData`) | [`header_secrets`] |
//! | DCI Social Registry (signed `signature`/`header`/`message` envelope) | [`dci`] |
//! | ADSS CSP remote signing (OAuth2 tokens, error model) | [`csp`] |

pub mod aes_cbc;
pub mod base64_text;
pub mod big_id;
pub mod bsk;
pub mod cipher_profile;
pub mod csp;
pub mod dci;
pub mod error;
pub mod field_names;
pub mod header_secrets;
pub mod isp;
pub mod ist_time;
pub mod jwt_hs256;

pub use error::{Error, Result};

/// Compares secrets (passcodes, pass_keys, client secrets) in time independent of where they differ.
pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    subtle::ConstantTimeEq::ct_eq(a, b).into()
}
