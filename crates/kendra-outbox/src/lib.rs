//! Delivers Kendra's outbox to the peers, over kendra-client.
//!
//! - [`queueing`]: the only way callers add deliveries. An ISP status is checked locally (the
//!   manual's field rules) and against Annexure A, recorded in the request's status history and
//!   queued, all in one journal transaction; a BSK API-2 push likewise.
//! - [`peer_deliverer::PeerDeliverer`]: the journal worker's [`Deliverer`] for ISP statuses and
//!   BSK API-2 pushes, picking the client by the item's peer and profile from [`PeerClients`];
//!   every exchange is journaled with its attempt.
//! - [`drain()`]: delivers everything due with N at once and reports progress.
//!
//! Clients arrive ready-made (profiles and the keyring are the caller's business), so this crate
//! never sees where a secret is kept.
//!
//! [`Deliverer`]: kendra_journal::outbox::worker::Deliverer

pub mod drain;
pub mod error;
pub mod exchange_record;
pub mod failure_mapping;
pub mod isp_payload;
pub mod peer_clients;
pub mod peer_deliverer;
pub mod queueing;

pub use drain::{drain, DrainTick};
pub use error::{Error, Result};
pub use kendra_journal::outbox::worker::DrainSummary;
pub use peer_clients::PeerClients;
pub use peer_deliverer::PeerDeliverer;
pub use queueing::{queue_bsk_push, queue_isp_status, BSK_API2_PUSH};
