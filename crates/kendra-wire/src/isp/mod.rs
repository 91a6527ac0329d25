//! UP Integrated Service Portal: PBKDF2-derived AES key (Annexure B's Java sample), the
//! `{dept_id, e_data}` request envelope and the `{error, statusMessage, data, timestamp}` answer.

pub mod annexure_a;
pub mod isp_cipher;
pub mod isp_envelope;

pub use isp_cipher::{derive_key, identify_variant, IspKeyCache, IspVariant, VariantMatch};
pub use isp_envelope::{IspAnswer, IspOutcome, IspRequest};
