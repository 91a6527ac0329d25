pub mod crypto;
pub mod dates;
pub mod dci;
pub mod journal;
pub mod jwt;
pub mod outbox;
pub mod profile;
pub mod sandbox;
