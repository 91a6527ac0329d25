//! One delivery run: everything due goes out, `concurrency` at a time (one per request_id or
//! ticket at most), and the run returns when nothing is due. Items waiting for a retry stay for
//! the next run ([`DrainSummary::next_due_ms`] says when).

use std::sync::Arc;

use kendra_journal::outbox::retry_policy::RetryPolicy;
use kendra_journal::outbox::worker::{DrainProgress, DrainSummary, OutboxWorker};
use kendra_journal::outbox::{admin::OutboxFilter, OutboxState};
use kendra_journal::Journal;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::peer_clients::PeerClients;
use crate::peer_deliverer::PeerDeliverer;

/// Reported after every recorded attempt: enough for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DrainTick {
    /// Items not yet delivered or cancelled when the run started (some may not be due).
    pub pending_at_start: usize,
    pub attempts: usize,
    pub delivered: usize,
    pub in_flight: usize,
}

/// Recovers what a stopped run left in flight, then delivers everything due.
pub async fn drain(
    journal: Arc<Journal>,
    clients: Arc<PeerClients>,
    policy: RetryPolicy,
    concurrency: usize,
    mut progress: impl FnMut(DrainTick) + Send,
) -> Result<DrainSummary> {
    let pending_at_start = {
        let journal = Arc::clone(&journal);
        tokio::task::spawn_blocking(move || pending_count(&journal))
            .await
            .map_err(|e| Error::Worker {
                detail: e.to_string(),
            })??
    };
    let deliverer = Arc::new(PeerDeliverer::new(Arc::clone(&journal), clients));
    let worker = OutboxWorker::new(journal, deliverer, policy);
    let summary = worker
        .drain(concurrency, |p: DrainProgress| {
            progress(DrainTick {
                pending_at_start,
                attempts: p.attempts,
                delivered: p.delivered,
                in_flight: p.in_flight,
            })
        })
        .await?;
    Ok(summary)
}

fn pending_count(journal: &Journal) -> Result<usize> {
    let filter = OutboxFilter {
        states: vec![
            OutboxState::Queued,
            OutboxState::RetryWait,
            OutboxState::InFlight,
        ],
        ..OutboxFilter::default()
    };
    Ok(journal.list_outbox(&filter)?.len())
}
