pub mod crypto;
pub mod jwt;
pub mod sandbox;
