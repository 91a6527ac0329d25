pub mod crypto;
pub mod jwt;
