//! Journals the exchanges a workflow made, whatever their outcome, in one transaction.

use kendra_client::Exchange;
use kendra_journal::{Actor, Journal, Peer};
use kendra_outbox::exchange_record::exchange_record;

use crate::error::Result;

/// Records every exchange of one workflow step (the bodies are already redacted by the client;
/// the journal encrypts them at rest). Returns the journal ids, in order.
pub fn journal_exchanges(
    journal: &Journal,
    actor: &Actor,
    peer: Peer,
    profile: &str,
    exchanges: &[Exchange],
) -> Result<Vec<i64>> {
    if exchanges.is_empty() {
        return Ok(Vec::new());
    }
    Ok(journal.write(actor, |tx| {
        exchanges
            .iter()
            .map(|exchange| tx.record_exchange(&exchange_record(exchange, peer, profile)))
            .collect()
    })?)
}
