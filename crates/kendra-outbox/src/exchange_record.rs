//! A kendra-client [`Exchange`] as the journal records it. Bodies arrive already redacted by the
//! client; the readable form (the payload before encryption, the decrypted answer) is kept when
//! there is one, else the body as it went over the wire.

use kendra_client::{Exchange, ExchangeOutcome, FailureClass};
use kendra_journal::exchanges::{Direction, ExchangeRecord};
use kendra_journal::Peer;

/// Outcome word of a portal refusal recognised as "I already have this status".
pub const ALREADY_RECEIVED: &str = "already_received";

pub fn exchange_record(exchange: &Exchange, peer: Peer, profile: &str) -> ExchangeRecord {
    let outcome = match &exchange.outcome {
        ExchangeOutcome::Succeeded => "SUCCESSFUL".to_owned(),
        ExchangeOutcome::Failed {
            class: FailureClass::PeerFailed,
            ..
        } => "FAILED".to_owned(),
        ExchangeOutcome::Failed { class, .. } => class.as_str().to_owned(),
    };
    ExchangeRecord {
        direction: Direction::Outgoing,
        peer,
        profile: Some(profile.to_owned()),
        endpoint: exchange.endpoint.clone(),
        started_ms: exchange.started_at.timestamp_millis(),
        finished_ms: Some(exchange.finished_at.timestamp_millis()),
        http_status: exchange.response_status,
        outcome,
        request_body: Some(
            exchange
                .request_plaintext
                .clone()
                .unwrap_or_else(|| exchange.request_body.clone()),
        ),
        response_body: exchange
            .answer_plaintext
            .clone()
            .or_else(|| exchange.response_body.clone()),
    }
}
