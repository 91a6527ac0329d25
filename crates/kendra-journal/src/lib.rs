//! Kendra Desk's journal: one SQLite file per data directory holding integration profiles (no
//! secrets), BSK tickets, ISP/BSK applications and their status history, every exchange with a
//! peer, OTP attempts, signing requests, the audit log and the outbox.
//!
//! - Times are stored as UTC unix milliseconds (`*_ms` columns); callers show them in IST.
//! - Citizen data is encrypted per field ([`citizen_cipher`]) and purged after the retention
//!   ([`Journal::purge_citizen_data`]); ids, statuses and times stay.
//! - Every change goes through [`Journal::write`], one transaction that also writes the audit
//!   row and, for anything that must reach a peer, the outbox item ([`JournalTx::enqueue`]).
//! - [`outbox::worker`] delivers the outbox through a [`outbox::worker::Deliverer`].

pub mod actor;
pub mod app_settings;
pub mod applications;
pub mod audit;
pub mod bsk_counter_records;
pub mod citizen_cipher;
pub mod clock;
pub mod error;
pub mod exchanges;
pub mod isp_order_rules;
pub mod journal;
mod migrator;
pub mod outbox;
pub mod peer;
pub mod profiles;
pub mod retention;
pub mod search;
pub mod signing_records;

pub use actor::Actor;
pub use citizen_cipher::{CitizenDetails, CitizenKey};
pub use clock::Clock;
pub use error::{Error, Result};
pub use journal::{Journal, JournalTx};
pub use peer::Peer;
