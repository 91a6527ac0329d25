//! The journal worker's [`Deliverer`] for ISP statuses and BSK API-2 pushes: picks the client by
//! the item's peer and profile, sends, classifies, and journals every exchange of the attempt
//! (the last one with the attempt itself, in the same transaction; the ones before it — a
//! sign-in, a call refused with 401 — just before).
//!
//! A repeat after a crash: an item that was in flight when a run stopped (or whose earlier attempt
//! ended without knowing whether the peer got it) may already be at the portal. A repeated
//! non-closing status is simply accepted again; a repeated S104, S110 or S112 is refused by the
//! portal (Annexure A rules 1 and 2). That refusal, for such an item only, is recorded as
//! delivered: the exchange keeps the portal's text with the outcome `already_received`, and an
//! `outbox.duplicate_recognised` audit row explains it.

use std::future::Future;
use std::sync::Arc;

use kendra_client::{Api2Submission, Attempt, Exchange};
use kendra_journal::exchanges::ExchangeRecord;
use kendra_journal::outbox::worker::{Deliverer, DeliveryOutcome, DeliveryReport};
use kendra_journal::outbox::{FailureClass, OutboxItem};
use kendra_journal::{Actor, Journal, Peer};
use serde_json::{json, Value};

use crate::exchange_record::{exchange_record, ALREADY_RECEIVED};
use crate::failure_mapping::{failure_detail, journal_class, outcome_was_unknown};
use crate::isp_payload;
use crate::peer_clients::PeerClients;

pub struct PeerDeliverer {
    journal: Arc<Journal>,
    clients: Arc<PeerClients>,
}

/// What one send produced before it is journaled.
struct Sent {
    outcome: DeliveryOutcome,
    exchanges: Vec<Exchange>,
    /// Set when a refusal was recognised as the peer already having the status.
    duplicate_note: Option<Value>,
}

impl Sent {
    fn local(detail: String) -> Self {
        Sent {
            outcome: DeliveryOutcome::Failed {
                class: FailureClass::LocalValidation,
                detail,
            },
            exchanges: Vec::new(),
            duplicate_note: None,
        }
    }

    fn from_attempt<T>(attempt: Attempt<T>) -> Self {
        let outcome = match &attempt.result {
            Ok(_) => DeliveryOutcome::Delivered,
            Err(e) => DeliveryOutcome::Failed {
                class: journal_class(e.class()),
                detail: failure_detail(e),
            },
        };
        Sent {
            outcome,
            exchanges: attempt.exchanges,
            duplicate_note: None,
        }
    }
}

impl PeerDeliverer {
    pub fn new(journal: Arc<Journal>, clients: Arc<PeerClients>) -> Self {
        Self { journal, clients }
    }

    async fn deliver_item(&self, item: &OutboxItem) -> DeliveryReport {
        let started_ms = self.journal.now_ms();
        let sent = match item.peer {
            Peer::Isp => self.deliver_isp(item).await,
            Peer::Bsk => self.deliver_bsk(item).await,
            other => Sent::local(format!(
                "Kendra does not deliver outbox items to {other}; cancel the item"
            )),
        };
        let mut records: Vec<ExchangeRecord> = sent
            .exchanges
            .iter()
            .map(|e| exchange_record(e, item.peer, &item.profile))
            .collect();
        let mut last = records.pop();
        if let (Some(last), Some(_)) = (last.as_mut(), &sent.duplicate_note) {
            last.outcome = ALREADY_RECEIVED.to_owned();
        }
        if !records.is_empty() || sent.duplicate_note.is_some() {
            self.journal_before_attempt(item.id, records, sent.duplicate_note)
                .await;
        }
        DeliveryReport {
            outcome: sent.outcome,
            exchange: last,
            started_ms,
            finished_ms: self.journal.now_ms(),
        }
    }

    /// Records the attempt's earlier exchanges and the duplicate note. Best effort: the outcome
    /// and the final exchange are recorded with the attempt whatever happens here.
    async fn journal_before_attempt(
        &self,
        item_id: i64,
        records: Vec<ExchangeRecord>,
        note: Option<Value>,
    ) {
        let journal = Arc::clone(&self.journal);
        let _ = tokio::task::spawn_blocking(move || {
            journal.write(&Actor::Worker, |tx| {
                for record in &records {
                    tx.record_exchange(record)?;
                }
                if let Some(note) = &note {
                    tx.audit(
                        "outbox.duplicate_recognised",
                        &format!("outbox:{item_id}"),
                        Some(note),
                    )?;
                }
                Ok(())
            })
        })
        .await;
    }

    async fn deliver_isp(&self, item: &OutboxItem) -> Sent {
        let delivery = match isp_payload::from_item(&item.endpoint_kind, &item.payload) {
            Ok(d) => d,
            Err(problem) => {
                return Sent::local(format!(
                    "the stored {} payload is not valid: {problem}; edit the payload and resend",
                    item.endpoint_kind
                ))
            }
        };
        if delivery.request_id() != item.ordering_key
            || item.status_code.as_deref() != Some(delivery.status_code())
        {
            return Sent::local(format!(
                "the payload is for request_id {} status {}, the item for request_id {} status {}",
                delivery.request_id(),
                delivery.status_code(),
                item.ordering_key,
                item.status_code.as_deref().unwrap_or("-")
            ));
        }
        let Some(client) = self.clients.isp(&item.profile) else {
            return Sent::local(no_client("ISP", &item.profile));
        };
        let attempt = client.deliver_status(&delivery).await;
        let refusal = match &attempt.result {
            Err(kendra_client::Error::PeerFailed { error, .. })
                if isp_payload::refusal_says_already_received(delivery.status_code(), error) =>
            {
                Some(error.clone())
            }
            _ => None,
        };
        let mut sent = Sent::from_attempt(attempt);
        if let Some(peer_text) = refusal {
            if let Some(reason) = self.may_already_be_at_peer(item).await {
                sent.outcome = DeliveryOutcome::Delivered;
                sent.duplicate_note = Some(json!({
                    "status_code": delivery.status_code(),
                    "request_id": delivery.request_id(),
                    "why_it_may_be_there": reason,
                    "peer_text": peer_text,
                }));
            }
        }
        sent
    }

    async fn deliver_bsk(&self, item: &OutboxItem) -> Sent {
        let push: Api2Submission = match serde_json::from_value(item.payload.clone()) {
            Ok(p) => p,
            Err(e) => {
                return Sent::local(format!(
                    "the stored API-2 payload is not valid: {e}; edit the payload and resend"
                ))
            }
        };
        let Some(client) = self.clients.bsk(&item.profile) else {
            return Sent::local(no_client("BSK", &item.profile));
        };
        Sent::from_attempt(client.push_submission(&push).await)
    }

    /// Why the item may already be at the peer, if it may: it was in flight when a run stopped,
    /// or an earlier attempt ended without an answer to go by.
    async fn may_already_be_at_peer(&self, item: &OutboxItem) -> Option<&'static str> {
        if item.possibly_delivered {
            return Some("it was in flight when an earlier run stopped");
        }
        let journal = Arc::clone(&self.journal);
        let id = item.id;
        let attempts = tokio::task::spawn_blocking(move || journal.outbox_attempts(id))
            .await
            .ok()?
            .ok()?;
        attempts
            .iter()
            .any(|a| outcome_was_unknown(a.failure_class.as_deref(), a.detail.as_deref()))
            .then_some("an earlier attempt ended without a readable answer")
    }
}

fn no_client(peer: &str, profile: &str) -> String {
    format!(
        "no {peer} connection is set up for profile {profile:?}; set the profile up (or edit the item's profile) and resend"
    )
}

impl Deliverer for PeerDeliverer {
    fn deliver(&self, item: &OutboxItem) -> impl Future<Output = DeliveryReport> + Send {
        self.deliver_item(item)
    }
}
