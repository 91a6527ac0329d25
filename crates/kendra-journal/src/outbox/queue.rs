//! The outbox's life cycle: enqueue (inside a journal change only), claim the head of each
//! ordering key, record each attempt, and recover what was in flight when a run stopped.

use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::retry_policy::{RetryDecision, RetryPolicy};
use super::{item_from_row, FailureClass, NewOutboxItem, OutboxItem, OutboxState, ITEM_COLUMNS};
use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::exchanges::ExchangeRecord;
use crate::isp_order_rules;
use crate::journal::{Journal, JournalTx};
use crate::peer::Peer;

/// How one delivery attempt ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum DeliveryOutcome {
    /// HTTP 200 with `SUCCESSFUL` (ISP) or `statusCode` 200 (BSK).
    Delivered,
    Failed {
        class: FailureClass,
        /// Plain text: the peer's error text, the HTTP status line, the network error.
        detail: String,
    },
}

/// What a deliverer hands back: the outcome and the exchange it had with the peer (bodies
/// already stripped of secrets), if it got as far as sending.
#[derive(Debug, Clone, PartialEq)]
pub struct DeliveryReport {
    pub outcome: DeliveryOutcome,
    pub exchange: Option<ExchangeRecord>,
    pub started_ms: i64,
    pub finished_ms: i64,
}

/// Where an item went after an attempt was recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttemptResult {
    Delivered,
    RetryAt { due_ms: i64 },
    Held,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AttemptRecord {
    pub attempt_no: u32,
    pub started_ms: i64,
    pub finished_ms: i64,
    pub outcome: String,
    pub failure_class: Option<String>,
    pub detail: Option<String>,
    pub exchange_id: Option<i64>,
}

impl JournalTx<'_> {
    /// Queues `item` in this transaction, next to the change that caused it. ISP status codes are
    /// checked against Annexure A's order rules and the request's queued and delivered statuses.
    pub fn enqueue(&mut self, item: &NewOutboxItem) -> Result<i64> {
        if item.ordering_key.trim().is_empty() {
            return Err(Error::MissingField {
                field: "ordering key (request_id or ticket)",
            });
        }
        if item.peer == Peer::Isp {
            if let Some(code) = &item.status_code {
                self.check_isp_item(item, code)?;
            }
        }
        self.tx
            .prepare_cached(
                "INSERT INTO outbox_items (peer, profile, endpoint_kind, ordering_key, status_code,
                     payload_json, state, due_ms, created_ms, updated_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'queued', ?7, ?7, ?7)",
            )?
            .execute(rusqlite::params![
                item.peer.as_str(),
                item.profile,
                item.endpoint_kind,
                item.ordering_key,
                item.status_code,
                item.payload.to_string(),
                self.now_ms
            ])?;
        let id = self.tx.last_insert_rowid();
        self.audit(
            "outbox.enqueue",
            &format!("outbox:{id}"),
            Some(&json!({
                "peer": item.peer.as_str(),
                "profile": item.profile,
                "endpoint_kind": item.endpoint_kind,
                "ordering_key": item.ordering_key,
                "status_code": item.status_code,
            })),
        )?;
        Ok(id)
    }

    fn check_isp_item(&mut self, item: &NewOutboxItem, code: &str) -> Result<()> {
        let history: Vec<String> = self
            .tx
            .prepare_cached(
                "SELECT status_code FROM outbox_items
                 WHERE ordering_key = ?1 AND peer = 'isp' AND state <> 'cancelled'
                   AND status_code IS NOT NULL ORDER BY id",
            )?
            .query_map([&item.ordering_key], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        isp_order_rules::check(&item.ordering_key, &history, code)?;
        let endpoint = isp_order_rules::endpoint_for(code);
        if item.endpoint_kind != endpoint {
            return Err(Error::InvalidField {
                field: "endpoint kind".into(),
                problem: format!(
                    "status {code} goes to {endpoint}, not {}",
                    item.endpoint_kind
                ),
            });
        }
        for (field, expected) in [
            ("request_id", &item.ordering_key),
            ("status_code", &code.to_owned()),
        ] {
            if let Some(v) = item.payload.get(field) {
                if v.as_str() != Some(expected.as_str()) {
                    return Err(Error::InvalidField {
                        field: field.into(),
                        problem: format!("the payload says {v}, the item says {expected:?}"),
                    });
                }
            }
        }
        Ok(())
    }
}

impl Journal {
    /// Claims up to `limit` due items, at most one per ordering key: the oldest item of the key
    /// not yet delivered or cancelled, and only if it is queued or waiting for a retry that is
    /// due. Claimed items are marked in flight (durably) before anyone sends them.
    pub fn claim_due(&self, limit: u32) -> Result<Vec<OutboxItem>> {
        self.write(&Actor::Worker, |tx| {
            let now = tx.now_ms;
            let ids: Vec<i64> = tx
                .tx
                .prepare_cached(
                    // Without ANALYZE statistics SQLite prefers the state index and sorts every
                    // pending row per claim (2.5 ms at 5,000 pending); the due index walks in order.
                    "SELECT o.id FROM outbox_items o INDEXED BY outbox_items_due
                     WHERE o.state IN ('queued', 'retry_wait') AND o.due_ms <= ?1
                       AND o.id = (SELECT MIN(p.id) FROM outbox_items p
                                   WHERE p.peer = o.peer AND p.ordering_key = o.ordering_key
                                     AND p.state NOT IN ('delivered', 'cancelled'))
                     ORDER BY o.due_ms, o.id LIMIT ?2",
                )?
                .query_map(rusqlite::params![now, limit], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let mut claimed = Vec::with_capacity(ids.len());
            for id in ids {
                let sql = format!(
                    "UPDATE outbox_items SET state = 'in_flight', attempts = attempts + 1,
                         updated_ms = ?1 WHERE id = ?2 RETURNING {ITEM_COLUMNS}"
                );
                let item = tx
                    .tx
                    .prepare_cached(&sql)?
                    .query_row(rusqlite::params![now, id], item_from_row)?;
                claimed.push(item);
            }
            Ok(claimed)
        })
    }

    /// Records the attempt made on a claimed item and moves it on: delivered, retry later (per
    /// `policy`), or held. An attempt on an item that is no longer in flight with that attempt
    /// number (recovered meanwhile) is refused.
    pub fn record_attempt(
        &self,
        claimed: &OutboxItem,
        report: &DeliveryReport,
        policy: &RetryPolicy,
    ) -> Result<AttemptResult> {
        self.write(&Actor::Worker, |tx| {
            let current: Option<(String, u32)> = tx
                .tx
                .prepare_cached("SELECT state, attempts FROM outbox_items WHERE id = ?1")?
                .query_row([claimed.id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            match current {
                Some((state, attempts))
                    if state == "in_flight" && attempts == claimed.attempts => {}
                Some((state, _)) => {
                    return Err(Error::OutboxState {
                        id: claimed.id,
                        state,
                        action: "given a delivery result (its claim is stale)",
                    })
                }
                None => {
                    return Err(Error::NotFound {
                        what: "outbox item",
                        key: claimed.id.to_string(),
                    })
                }
            }
            let exchange_id = report
                .exchange
                .as_ref()
                .map(|e| tx.record_exchange(e))
                .transpose()?;
            let (outcome, class, detail) = match &report.outcome {
                DeliveryOutcome::Delivered => ("delivered", None, None),
                DeliveryOutcome::Failed { class, detail } => {
                    ("failed", Some(*class), Some(detail.as_str()))
                }
            };
            tx.tx
                .prepare_cached(
                    "INSERT INTO outbox_attempts (item_id, attempt_no, started_ms, finished_ms,
                         outcome, failure_class, detail, exchange_id)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                )?
                .execute(rusqlite::params![
                    claimed.id,
                    claimed.attempts,
                    report.started_ms,
                    report.finished_ms,
                    outcome,
                    class.map(FailureClass::as_str),
                    detail,
                    exchange_id
                ])?;
            let now = tx.now_ms;
            let result = match class {
                None => {
                    tx.tx
                        .prepare_cached(
                            "UPDATE outbox_items SET state = 'delivered', delivered_ms = ?1,
                                 updated_ms = ?1 WHERE id = ?2",
                        )?
                        .execute(rusqlite::params![now, claimed.id])?;
                    AttemptResult::Delivered
                }
                Some(class) => {
                    let decision = policy.decide(class, claimed.attempts, now);
                    let (state, due, result) = match decision {
                        RetryDecision::RetryAt { due_ms } => (
                            OutboxState::RetryWait,
                            due_ms,
                            AttemptResult::RetryAt { due_ms },
                        ),
                        RetryDecision::Hold => (OutboxState::Held, now, AttemptResult::Held),
                    };
                    tx.tx
                        .prepare_cached(
                            "UPDATE outbox_items SET state = ?1, due_ms = ?2, last_failure_class = ?3,
                                 last_failure_detail = ?4, updated_ms = ?5 WHERE id = ?6",
                        )?
                        .execute(rusqlite::params![
                            state.as_str(),
                            due,
                            class.as_str(),
                            detail,
                            now,
                            claimed.id
                        ])?;
                    if result == AttemptResult::Held {
                        tx.audit(
                            "outbox.held",
                            &format!("outbox:{}", claimed.id),
                            Some(&json!({ "class": class.as_str(), "detail": detail })),
                        )?;
                    }
                    result
                }
            };
            Ok(result)
        })
    }

    /// After a run stopped (crash, kill), makes the items it had in flight due again, flagged
    /// "possibly delivered". Call it only when no other process is draining this journal.
    pub fn recover_in_flight(&self) -> Result<Vec<i64>> {
        self.write(&Actor::Worker, |tx| {
            let ids: Vec<i64> = tx
                .tx
                .prepare_cached(
                    "UPDATE outbox_items SET state = 'queued', due_ms = ?1, possibly_delivered = 1,
                         updated_ms = ?1 WHERE state = 'in_flight' RETURNING id",
                )?
                .query_map([tx.now_ms], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            if !ids.is_empty() {
                tx.audit(
                    "outbox.recover_in_flight",
                    "outbox",
                    Some(&json!({ "items": ids })),
                )?;
            }
            Ok(ids)
        })
    }

    pub fn outbox_item(&self, id: i64) -> Result<OutboxItem> {
        self.read(|c| {
            c.prepare_cached(&format!(
                "SELECT {ITEM_COLUMNS} FROM outbox_items WHERE id = ?1"
            ))?
            .query_row([id], item_from_row)
            .optional()?
            .ok_or_else(|| Error::NotFound {
                what: "outbox item",
                key: id.to_string(),
            })
        })
    }

    /// Every attempt made on an item, oldest first.
    pub fn outbox_attempts(&self, id: i64) -> Result<Vec<AttemptRecord>> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT attempt_no, started_ms, finished_ms, outcome, failure_class, detail, exchange_id
                 FROM outbox_attempts WHERE item_id = ?1 ORDER BY id",
            )?;
            let rows = st.query_map([id], |r| {
                Ok(AttemptRecord {
                    attempt_no: r.get(0)?,
                    started_ms: r.get(1)?,
                    finished_ms: r.get(2)?,
                    outcome: r.get(3)?,
                    failure_class: r.get(4)?,
                    detail: r.get(5)?,
                    exchange_id: r.get(6)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    /// When the next waiting item falls due (for a caller deciding whether to drain again).
    pub fn next_due_ms(&self) -> Result<Option<i64>> {
        self.read(|c| {
            Ok(c.query_row(
                // Only the head of each ordering key can be sent: an item waiting behind a held one
                // is not due, or a drain-until-empty loop would spin until a human acts.
                "SELECT MIN(o.due_ms) FROM outbox_items o INDEXED BY outbox_items_due
                 WHERE o.state IN ('queued', 'retry_wait')
                   AND o.id = (SELECT MIN(p.id) FROM outbox_items p
                               WHERE p.peer = o.peer AND p.ordering_key = o.ordering_key
                                 AND p.state NOT IN ('delivered', 'cancelled'))",
                [],
                |r| r.get(0),
            )?)
        })
    }
}
