//! The outbox: everything that must reach a peer, written in the same transaction as the journal
//! change that caused it ([`crate::JournalTx::enqueue`] is the only way in), then delivered by
//! [`worker`] strictly in order per ordering key (ISP request_id, BSK ticket).

pub mod admin;
pub mod bulk_import;
pub mod queue;
pub mod retry_policy;
pub mod worker;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::peer::Peer;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutboxState {
    Queued,
    InFlight,
    Delivered,
    /// Failed; due again at the item's `due_ms`.
    RetryWait,
    /// Failed in a way that needs a human (fix and resend, or cancel).
    Held,
    Cancelled,
}

impl OutboxState {
    pub fn as_str(self) -> &'static str {
        match self {
            OutboxState::Queued => "queued",
            OutboxState::InFlight => "in_flight",
            OutboxState::Delivered => "delivered",
            OutboxState::RetryWait => "retry_wait",
            OutboxState::Held => "held",
            OutboxState::Cancelled => "cancelled",
        }
    }
}

impl fmt::Display for OutboxState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for OutboxState {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        Ok(match s {
            "queued" => OutboxState::Queued,
            "in_flight" => OutboxState::InFlight,
            "delivered" => OutboxState::Delivered,
            "retry_wait" => OutboxState::RetryWait,
            "held" => OutboxState::Held,
            "cancelled" => OutboxState::Cancelled,
            other => {
                return Err(Error::InvalidField {
                    field: "outbox state".into(),
                    problem: format!("{other:?} is not a known state"),
                })
            }
        })
    }
}

/// Why a delivery attempt failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FailureClass {
    Network,
    Timeout,
    Http4xx,
    Http5xx,
    /// The peer answered `FAILED` (ISP) or a non-200 `statusCode` (BSK), with its text.
    PeerFailed,
    TokenExpired,
    LocalValidation,
}

impl FailureClass {
    pub const ALL: [FailureClass; 7] = [
        FailureClass::Network,
        FailureClass::Timeout,
        FailureClass::Http4xx,
        FailureClass::Http5xx,
        FailureClass::PeerFailed,
        FailureClass::TokenExpired,
        FailureClass::LocalValidation,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FailureClass::Network => "network",
            FailureClass::Timeout => "timeout",
            FailureClass::Http4xx => "http_4xx",
            FailureClass::Http5xx => "http_5xx",
            FailureClass::PeerFailed => "peer_failed",
            FailureClass::TokenExpired => "token_expired",
            FailureClass::LocalValidation => "local_validation",
        }
    }
}

impl fmt::Display for FailureClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for FailureClass {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        FailureClass::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| Error::InvalidField {
                field: "failure class".into(),
                problem: format!("{s:?} is not a known failure class"),
            })
    }
}

/// What to queue.
#[derive(Debug, Clone, PartialEq)]
pub struct NewOutboxItem {
    pub peer: Peer,
    pub profile: String,
    /// e.g. `returnServiceStatus`, `api2-push`.
    pub endpoint_kind: String,
    /// ISP request_id or BSK ticket number.
    pub ordering_key: String,
    /// ISP status code: checked against Annexure A's order rules before queueing.
    pub status_code: Option<String>,
    pub payload: serde_json::Value,
}

/// An outbox item as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutboxItem {
    pub id: i64,
    pub peer: Peer,
    pub profile: String,
    pub endpoint_kind: String,
    pub ordering_key: String,
    pub status_code: Option<String>,
    pub payload: serde_json::Value,
    pub state: OutboxState,
    pub due_ms: i64,
    pub attempts: u32,
    pub last_failure_class: Option<FailureClass>,
    pub last_failure_detail: Option<String>,
    /// Was in flight when a previous run stopped: the peer may already have it.
    pub possibly_delivered: bool,
    pub cancel_reason: Option<String>,
    pub created_ms: i64,
    pub updated_ms: i64,
    pub delivered_ms: Option<i64>,
}

pub(crate) const ITEM_COLUMNS: &str = "id, peer, profile, endpoint_kind, ordering_key, status_code,
    payload_json, state, due_ms, attempts, last_failure_class, last_failure_detail,
    possibly_delivered, cancel_reason, created_ms, updated_ms, delivered_ms";

pub(crate) fn item_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<OutboxItem> {
    let conv = |i: usize, e: Error| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    };
    let peer: String = r.get(1)?;
    let payload: String = r.get(6)?;
    let state: String = r.get(7)?;
    let class: Option<String> = r.get(10)?;
    Ok(OutboxItem {
        id: r.get(0)?,
        peer: peer.parse().map_err(|e| conv(1, e))?,
        profile: r.get(2)?,
        endpoint_kind: r.get(3)?,
        ordering_key: r.get(4)?,
        status_code: r.get(5)?,
        payload: serde_json::from_str(&payload).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(6, rusqlite::types::Type::Text, Box::new(e))
        })?,
        state: state.parse().map_err(|e| conv(7, e))?,
        due_ms: r.get(8)?,
        attempts: r.get(9)?,
        last_failure_class: class
            .map(|c| c.parse())
            .transpose()
            .map_err(|e| conv(10, e))?,
        last_failure_detail: r.get(11)?,
        possibly_delivered: r.get(12)?,
        cancel_reason: r.get(13)?,
        created_ms: r.get(14)?,
        updated_ms: r.get(15)?,
        delivered_ms: r.get(16)?,
    })
}
