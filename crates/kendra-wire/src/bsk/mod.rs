//! Bangla Sahayata Kendra: AES-256-CBC with raw key and IV (spec section 15), HS256 JWTs, and
//! the two transports a profile chooses between.

pub mod bsk_cipher;
pub mod bsk_transport;
pub mod service_codes;

pub use bsk_cipher::{bsk_cipher, SAMPLE_IV, SAMPLE_KEY, SAMPLE_PLAINTEXT};
pub use bsk_transport::{BskTransport, SecuredBody, V4Jwt, V5Form};
