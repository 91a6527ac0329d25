//! The delivery worker: claims what is due, hands each item to a [`Deliverer`], records every
//! attempt and exchange, and schedules retries. Items of different ordering keys go out
//! concurrently; items of one key never do (only a key's oldest pending item is ever claimable).
//!
//! SQLite calls run on `spawn_blocking`; the journal serialises them on its one connection.

use std::future::Future;
use std::sync::Arc;

use serde::Serialize;
use tokio::task::JoinSet;

pub use super::queue::{AttemptResult, DeliveryOutcome, DeliveryReport};
use super::retry_policy::RetryPolicy;
use super::OutboxItem;
use crate::error::{Error, Result};
use crate::journal::Journal;

/// Sends one outbox item to its peer (HTTP implementations live with the protocol clients).
pub trait Deliverer: Send + Sync + 'static {
    fn deliver(&self, item: &OutboxItem) -> impl Future<Output = DeliveryReport> + Send;
}

/// Reported after each recorded attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DrainProgress {
    pub attempts: usize,
    pub delivered: usize,
    pub in_flight: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DrainSummary {
    /// Items that were in flight when a previous run stopped, made due again.
    pub recovered: Vec<i64>,
    pub attempts: usize,
    pub delivered: usize,
    pub retry_scheduled: usize,
    pub held: usize,
    /// When the next waiting item falls due, if any.
    pub next_due_ms: Option<i64>,
}

pub struct OutboxWorker<D> {
    journal: Arc<Journal>,
    deliverer: Arc<D>,
    policy: Arc<RetryPolicy>,
}

impl<D: Deliverer> OutboxWorker<D> {
    pub fn new(journal: Arc<Journal>, deliverer: Arc<D>, policy: RetryPolicy) -> Self {
        OutboxWorker {
            journal,
            deliverer,
            policy: Arc::new(policy),
        }
    }

    /// Recovers what a previous run left in flight, then delivers everything due with up to
    /// `concurrency` deliveries at once, and returns when nothing is due and nothing in flight.
    pub async fn drain(
        &self,
        concurrency: usize,
        mut progress: impl FnMut(DrainProgress) + Send,
    ) -> Result<DrainSummary> {
        let concurrency = concurrency.max(1);
        let mut summary = DrainSummary {
            recovered: self.blocking(|j| j.recover_in_flight()).await?,
            ..DrainSummary::default()
        };
        let mut running: JoinSet<(OutboxItem, DeliveryReport)> = JoinSet::new();
        loop {
            let free = concurrency.saturating_sub(running.len());
            if free > 0 {
                let claimed = self
                    .blocking(move |j| j.claim_due(u32::try_from(free).unwrap_or(u32::MAX)))
                    .await?;
                for item in claimed {
                    let deliverer = Arc::clone(&self.deliverer);
                    running.spawn(async move {
                        let report = deliverer.deliver(&item).await;
                        (item, report)
                    });
                }
            }
            let Some(joined) = running.join_next().await else {
                break;
            };
            let (item, report) = joined.map_err(|e| Error::Worker {
                detail: e.to_string(),
            })?;
            let policy = Arc::clone(&self.policy);
            let result = self
                .blocking(move |j| j.record_attempt(&item, &report, &policy))
                .await?;
            summary.attempts += 1;
            match result {
                AttemptResult::Delivered => summary.delivered += 1,
                AttemptResult::RetryAt { .. } => summary.retry_scheduled += 1,
                AttemptResult::Held => summary.held += 1,
            }
            progress(DrainProgress {
                attempts: summary.attempts,
                delivered: summary.delivered,
                in_flight: running.len(),
            });
        }
        summary.next_due_ms = self.blocking(|j| j.next_due_ms()).await?;
        Ok(summary)
    }

    async fn blocking<T: Send + 'static>(
        &self,
        call: impl FnOnce(&Journal) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let journal = Arc::clone(&self.journal);
        tokio::task::spawn_blocking(move || call(&journal))
            .await
            .map_err(|e| Error::Worker {
                detail: e.to_string(),
            })?
    }
}
