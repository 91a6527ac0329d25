pub mod crypto;
pub mod dci;
pub mod jwt;
pub mod sandbox;
