pub mod crypto;
pub mod dci;
pub mod jwt;
pub mod profile;
pub mod sandbox;
