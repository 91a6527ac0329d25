//! What an admin does with the outbox: list and filter, resend now, edit the payload and resend,
//! cancel with a reason, export as CSV or JSON. Every change is audited.

use rusqlite::types::Value;
use serde_json::json;

use super::{item_from_row, FailureClass, OutboxItem, OutboxState, ITEM_COLUMNS};
use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::journal::{Journal, JournalTx};
use crate::peer::Peer;

#[derive(Debug, Clone, Default)]
pub struct OutboxFilter {
    /// Any of these states (empty: all).
    pub states: Vec<OutboxState>,
    pub failure_class: Option<FailureClass>,
    pub peer: Option<Peer>,
    pub profile: Option<String>,
    /// Creation time range `[from_ms, to_ms)`.
    pub from_ms: Option<i64>,
    pub to_ms: Option<i64>,
    /// ISP request_id or BSK ticket.
    pub ordering_key: Option<String>,
    /// 0 means no limit.
    pub limit: u32,
}

impl Journal {
    /// Items matching `filter`, oldest first.
    pub fn list_outbox(&self, filter: &OutboxFilter) -> Result<Vec<OutboxItem>> {
        let mut conditions: Vec<String> = Vec::new();
        let mut params: Vec<Value> = Vec::new();
        if !filter.states.is_empty() {
            let marks = vec!["?"; filter.states.len()].join(", ");
            conditions.push(format!("state IN ({marks})"));
            params.extend(filter.states.iter().map(|s| Value::Text(s.as_str().into())));
        }
        let mut text = |cond: &str, v: Option<&str>| {
            if let Some(v) = v {
                conditions.push(cond.to_owned());
                params.push(Value::Text(v.to_owned()));
            }
        };
        text(
            "last_failure_class = ?",
            filter.failure_class.map(FailureClass::as_str),
        );
        text("peer = ?", filter.peer.map(Peer::as_str));
        text("profile = ?", filter.profile.as_deref());
        text("ordering_key = ?", filter.ordering_key.as_deref());
        if let Some(f) = filter.from_ms {
            conditions.push("created_ms >= ?".into());
            params.push(Value::Integer(f));
        }
        if let Some(t) = filter.to_ms {
            conditions.push("created_ms < ?".into());
            params.push(Value::Integer(t));
        }
        let filter_sql = if conditions.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", conditions.join(" AND "))
        };
        let limit = if filter.limit == 0 {
            -1
        } else {
            i64::from(filter.limit)
        };
        params.push(Value::Integer(limit));
        let sql =
            format!("SELECT {ITEM_COLUMNS} FROM outbox_items {filter_sql} ORDER BY id LIMIT ?");
        self.read(|c| {
            let mut st = c.prepare(&sql)?;
            let rows = st.query_map(rusqlite::params_from_iter(params), item_from_row)?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    /// Makes the selected items due now. Refuses the whole selection if any item is delivered,
    /// cancelled or in flight (a delivered item is never sent again).
    pub fn resend_now(&self, actor: &Actor, ids: &[i64]) -> Result<usize> {
        self.write(actor, |tx| {
            for &id in ids {
                let state = tx.item_state(id)?;
                if matches!(
                    state,
                    OutboxState::Delivered | OutboxState::Cancelled | OutboxState::InFlight
                ) {
                    return Err(Error::OutboxState {
                        id,
                        state: state.to_string(),
                        action: "resent",
                    });
                }
                tx.make_due(id)?;
            }
            tx.audit("outbox.resend", "outbox", Some(&json!({ "items": ids })))?;
            Ok(ids.len())
        })
    }

    /// Makes every held item and every item waiting for a retry due now.
    pub fn resend_all_failed(&self, actor: &Actor) -> Result<usize> {
        self.write(actor, |tx| {
            let n = tx.tx.execute(
                "UPDATE outbox_items SET state = 'queued', due_ms = ?1, updated_ms = ?1
                 WHERE state IN ('held', 'retry_wait')",
                [tx.now_ms],
            )?;
            tx.audit(
                "outbox.resend_all_failed",
                "outbox",
                Some(&json!({ "count": n })),
            )?;
            Ok(n)
        })
    }

    /// Replaces an undelivered item's payload and makes it due now. The previous payload is kept
    /// in `outbox_payload_edits` and the audit log; an ISP item keeps its request_id and code.
    pub fn edit_payload(
        &self,
        actor: &Actor,
        id: i64,
        new_payload: &serde_json::Value,
    ) -> Result<()> {
        self.write(actor, |tx| {
            let item = tx.item(id)?;
            if matches!(
                item.state,
                OutboxState::Delivered | OutboxState::Cancelled | OutboxState::InFlight
            ) {
                return Err(Error::OutboxState {
                    id,
                    state: item.state.to_string(),
                    action: "edited",
                });
            }
            if !new_payload.is_object() {
                return Err(Error::InvalidField {
                    field: "payload".into(),
                    problem: "it must be a JSON object".into(),
                });
            }
            if item.peer == Peer::Isp {
                let keep = [
                    ("request_id", Some(item.ordering_key.clone())),
                    ("status_code", item.status_code.clone()),
                ];
                for (field, expected) in keep {
                    if let Some(expected) = expected {
                        if new_payload.get(field).and_then(|v| v.as_str()) != Some(expected.as_str()) {
                            return Err(Error::PayloadKeyChanged { field, expected });
                        }
                    }
                }
            }
            tx.tx.execute(
                "INSERT INTO outbox_payload_edits (item_id, edited_ms, actor, previous_payload, new_payload)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                rusqlite::params![id, tx.now_ms, tx.actor.as_str(), item.payload.to_string(), new_payload.to_string()],
            )?;
            tx.tx.execute(
                "UPDATE outbox_items SET payload_json = ?1 WHERE id = ?2",
                rusqlite::params![new_payload.to_string(), id],
            )?;
            tx.make_due(id)?;
            tx.audit(
                "outbox.edit_payload",
                &format!("outbox:{id}"),
                Some(&json!({ "previous": item.payload, "new": new_payload })),
            )
        })
    }

    /// The payloads an item had before each edit, oldest first.
    pub fn payload_history(&self, id: i64) -> Result<Vec<serde_json::Value>> {
        self.read(|c| {
            let mut st = c.prepare(
                "SELECT previous_payload FROM outbox_payload_edits WHERE item_id = ?1 ORDER BY id",
            )?;
            let rows = st.query_map([id], |r| r.get::<_, String>(0))?;
            let mut out = Vec::new();
            for r in rows {
                out.push(serde_json::from_str(&r?).map_err(|e| Error::InvalidField {
                    field: "stored payload".into(),
                    problem: e.to_string(),
                })?);
            }
            Ok(out)
        })
    }

    /// Cancels an undelivered item; the next item of its ordering key becomes deliverable.
    pub fn cancel(&self, actor: &Actor, id: i64, reason: &str) -> Result<()> {
        if reason.trim().is_empty() {
            return Err(Error::MissingField {
                field: "cancel reason",
            });
        }
        self.write(actor, |tx| {
            let state = tx.item_state(id)?;
            if matches!(
                state,
                OutboxState::Delivered | OutboxState::Cancelled | OutboxState::InFlight
            ) {
                return Err(Error::OutboxState {
                    id,
                    state: state.to_string(),
                    action: "cancelled",
                });
            }
            tx.tx.execute(
                "UPDATE outbox_items SET state = 'cancelled', cancel_reason = ?1, updated_ms = ?2
                 WHERE id = ?3",
                rusqlite::params![reason, tx.now_ms, id],
            )?;
            tx.audit(
                "outbox.cancel",
                &format!("outbox:{id}"),
                Some(&json!({ "reason": reason })),
            )
        })
    }

    /// The matching items as a JSON array.
    pub fn export_outbox_json(&self, filter: &OutboxFilter) -> Result<String> {
        let items = self.list_outbox(filter)?;
        serde_json::to_string_pretty(&items).map_err(|e| Error::Export {
            detail: e.to_string(),
        })
    }

    /// The matching items as CSV (payload as a JSON text column).
    pub fn export_outbox_csv(&self, filter: &OutboxFilter, out: impl std::io::Write) -> Result<()> {
        let items = self.list_outbox(filter)?;
        let err = |e: csv::Error| Error::Export {
            detail: e.to_string(),
        };
        let mut w = csv::Writer::from_writer(out);
        w.write_record([
            "id",
            "peer",
            "profile",
            "endpoint_kind",
            "ordering_key",
            "status_code",
            "state",
            "attempts",
            "due_ms",
            "last_failure_class",
            "last_failure_detail",
            "possibly_delivered",
            "cancel_reason",
            "created_ms",
            "updated_ms",
            "delivered_ms",
            "payload",
        ])
        .map_err(err)?;
        let opt = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
        for i in items {
            w.write_record([
                i.id.to_string(),
                i.peer.to_string(),
                i.profile,
                i.endpoint_kind,
                i.ordering_key,
                i.status_code.unwrap_or_default(),
                i.state.to_string(),
                i.attempts.to_string(),
                i.due_ms.to_string(),
                i.last_failure_class
                    .map(|c| c.to_string())
                    .unwrap_or_default(),
                i.last_failure_detail.unwrap_or_default(),
                i.possibly_delivered.to_string(),
                i.cancel_reason.unwrap_or_default(),
                i.created_ms.to_string(),
                i.updated_ms.to_string(),
                opt(i.delivered_ms),
                i.payload.to_string(),
            ])
            .map_err(err)?;
        }
        w.flush().map_err(|e| Error::Export {
            detail: e.to_string(),
        })
    }
}

/// How many items are in each state, and how many undelivered items last failed with each
/// class (for the admin's overview; two grouped counts, whatever the outbox's size).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutboxCounts {
    pub by_state: Vec<(OutboxState, u64)>,
    pub by_failure_class: Vec<(FailureClass, u64)>,
}

impl Journal {
    pub fn outbox_counts(&self) -> Result<OutboxCounts> {
        self.read(|c| {
            let mut counts = OutboxCounts::default();
            let mut st =
                c.prepare_cached("SELECT state, COUNT(*) FROM outbox_items GROUP BY state")?;
            let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
            for row in rows {
                let (state, n) = row?;
                counts
                    .by_state
                    .push((state.parse()?, u64::try_from(n).unwrap_or(0)));
            }
            let mut st = c.prepare_cached(
                "SELECT last_failure_class, COUNT(*) FROM outbox_items
                 WHERE last_failure_class IS NOT NULL AND state NOT IN ('delivered', 'cancelled')
                 GROUP BY last_failure_class",
            )?;
            let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
            for row in rows {
                let (class, n) = row?;
                counts
                    .by_failure_class
                    .push((class.parse()?, u64::try_from(n).unwrap_or(0)));
            }
            Ok(counts)
        })
    }
}

impl JournalTx<'_> {
    fn item(&mut self, id: i64) -> Result<OutboxItem> {
        use rusqlite::OptionalExtension;
        self.tx
            .prepare_cached(&format!(
                "SELECT {ITEM_COLUMNS} FROM outbox_items WHERE id = ?1"
            ))?
            .query_row([id], item_from_row)
            .optional()?
            .ok_or_else(|| Error::NotFound {
                what: "outbox item",
                key: id.to_string(),
            })
    }

    fn item_state(&mut self, id: i64) -> Result<OutboxState> {
        Ok(self.item(id)?.state)
    }

    fn make_due(&mut self, id: i64) -> Result<()> {
        self.tx.execute(
            "UPDATE outbox_items SET state = 'queued', due_ms = ?1, updated_ms = ?1 WHERE id = ?2",
            rusqlite::params![self.now_ms, id],
        )?;
        Ok(())
    }
}
