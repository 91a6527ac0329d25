//! The Outbox screen's commands: overview (counts + filtered table), an item with every attempt
//! and the peer's answer, resend, edit and resend, cancel, export, import, and the audit trail.
//! Every change goes through the journal's admin functions, so each is audited under the
//! operator's name in the same transaction.

use std::collections::BTreeMap;

use kendra_journal::exchanges::StoredExchange;
use kendra_journal::outbox::admin::OutboxFilter;
use kendra_journal::outbox::bulk_import::ImportFormat;
use kendra_journal::outbox::{FailureClass, OutboxItem, OutboxState};
use kendra_journal::Peer;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{count, given, parse_id, AdminAuditEntry, AdminExchange, ExportFile};
use crate::error::Error;
use crate::ist_time;
use crate::{Desk, IpcError};

/// The table's filters; every one optional (blank means any).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OutboxQuery {
    /// Any of these states (`queued`, `in_flight`, `delivered`, `retry_wait`, `held`,
    /// `cancelled`); empty: all.
    #[serde(default)]
    pub states: Vec<String>,
    /// The last failure's class (`network`, `timeout`, `http_4xx`, `http_5xx`, `peer_failed`,
    /// `token_expired`, `local_validation`).
    #[ts(optional)]
    pub failure_class: Option<String>,
    /// `isp` or `bsk`.
    #[ts(optional)]
    pub peer: Option<String>,
    #[ts(optional)]
    pub profile: Option<String>,
    /// Created on or after this IST day (`YYYY-MM-DD`).
    #[ts(optional)]
    pub from_date: Option<String>,
    /// Created on or before this IST day (`YYYY-MM-DD`).
    #[ts(optional)]
    pub to_date: Option<String>,
    /// ISP request_id or BSK ticket number.
    #[ts(optional)]
    pub request: Option<String>,
    /// At most this many rows (default 200).
    #[ts(optional)]
    pub limit: Option<u32>,
}

impl OutboxQuery {
    fn filter(&self, default_limit: u32) -> Result<OutboxFilter, Error> {
        let states = self
            .states
            .iter()
            .map(|s| s.parse::<OutboxState>())
            .collect::<Result<Vec<_>, _>>()?;
        Ok(OutboxFilter {
            states,
            failure_class: given(self.failure_class.clone())
                .map(|c| c.parse::<FailureClass>())
                .transpose()?,
            peer: given(self.peer.clone())
                .map(|p| p.parse::<Peer>())
                .transpose()?,
            profile: given(self.profile.clone()),
            from_ms: ist_time::optional_day("from date", self.from_date.as_deref(), 0)?,
            to_ms: ist_time::optional_day("to date", self.to_date.as_deref(), 1)?,
            ordering_key: given(self.request.clone()),
            limit: self.limit.unwrap_or(default_limit),
        })
    }
}

/// One outbox item as the table shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OutboxRow {
    pub id: String,
    pub peer: String,
    pub profile: String,
    /// e.g. `returnServiceStatus`, `api2-push`.
    pub endpoint_kind: String,
    /// ISP request_id or BSK ticket number.
    pub ordering_key: String,
    pub status_code: Option<String>,
    pub state: String,
    pub attempts: u32,
    /// When it is (or was) due.
    pub due_at: String,
    pub last_failure_class: Option<String>,
    pub last_failure_detail: Option<String>,
    /// Was in flight when an earlier run stopped: the peer may already have it.
    pub possibly_delivered: bool,
    pub cancel_reason: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub delivered_at: Option<String>,
}

impl From<&OutboxItem> for OutboxRow {
    fn from(i: &OutboxItem) -> Self {
        OutboxRow {
            id: i.id.to_string(),
            peer: i.peer.as_str().to_owned(),
            profile: i.profile.clone(),
            endpoint_kind: i.endpoint_kind.clone(),
            ordering_key: i.ordering_key.clone(),
            status_code: i.status_code.clone(),
            state: i.state.as_str().to_owned(),
            attempts: i.attempts,
            due_at: ist_time::iso(i.due_ms),
            last_failure_class: i.last_failure_class.map(|c| c.as_str().to_owned()),
            last_failure_detail: i.last_failure_detail.clone(),
            possibly_delivered: i.possibly_delivered,
            cancel_reason: i.cancel_reason.clone(),
            created_at: ist_time::iso(i.created_ms),
            updated_at: ist_time::iso(i.updated_ms),
            delivered_at: i.delivered_ms.map(ist_time::iso),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OutboxCount {
    /// A state or a failure class.
    pub key: String,
    pub count: u32,
}

/// Counts over the whole outbox (not just the filtered rows).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OutboxCounts {
    /// Every state, in life-cycle order, zero included.
    pub by_state: Vec<OutboxCount>,
    /// Undelivered items by the class of their last failure (only classes that occur).
    pub by_failure_class: Vec<OutboxCount>,
    pub total: u32,
}

/// Answer of `outbox_overview`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OutboxOverview {
    pub counts: OutboxCounts,
    /// Matching items, oldest first.
    pub rows: Vec<OutboxRow>,
    /// True when more items match than the limit let through.
    pub more: bool,
    /// Profiles that can deliver outbox items (ISP and BSK), for the filter and the import.
    pub profiles: Vec<String>,
    /// Profiles that can take ISP statuses (the import's choice).
    pub isp_profiles: Vec<String>,
}

const STATES: [OutboxState; 6] = [
    OutboxState::Queued,
    OutboxState::InFlight,
    OutboxState::RetryWait,
    OutboxState::Held,
    OutboxState::Delivered,
    OutboxState::Cancelled,
];

fn counts(desk: &Desk) -> Result<OutboxCounts, Error> {
    let raw = desk.journal().outbox_counts()?;
    let by_state: BTreeMap<&str, u64> =
        raw.by_state.iter().map(|(s, n)| (s.as_str(), *n)).collect();
    let n = |v: u64| u32::try_from(v).unwrap_or(u32::MAX);
    Ok(OutboxCounts {
        by_state: STATES
            .iter()
            .map(|s| OutboxCount {
                key: s.as_str().to_owned(),
                count: n(by_state.get(s.as_str()).copied().unwrap_or(0)),
            })
            .collect(),
        by_failure_class: raw
            .by_failure_class
            .iter()
            .map(|(c, v)| OutboxCount {
                key: c.as_str().to_owned(),
                count: n(*v),
            })
            .collect(),
        total: n(raw.by_state.iter().map(|(_, v)| v).sum()),
    })
}

/// ISP and BSK profiles (the peers the outbox delivers to), and the ISP ones alone.
pub(crate) fn delivery_profiles(desk: &Desk) -> Result<(Vec<String>, Vec<String>), Error> {
    let views = desk.profiles().list()?;
    let all = views
        .iter()
        .filter(|v| v.peer == "isp" || v.peer == "bsk")
        .map(|v| v.name.clone())
        .collect();
    let isp = views
        .iter()
        .filter(|v| v.peer == "isp")
        .map(|v| v.name.clone())
        .collect();
    Ok((all, isp))
}

pub fn outbox_overview(desk: &Desk, query: OutboxQuery) -> Result<OutboxOverview, IpcError> {
    let mut filter = query.filter(200)?;
    let limit = filter.limit;
    if limit > 0 {
        filter.limit = limit.saturating_add(1);
    }
    let items = desk.journal().list_outbox(&filter).map_err(Error::from)?;
    let more = limit > 0 && items.len() > limit as usize;
    let (profiles, isp_profiles) = delivery_profiles(desk)?;
    Ok(OutboxOverview {
        counts: counts(desk)?,
        rows: items
            .iter()
            .take(if limit == 0 {
                usize::MAX
            } else {
                limit as usize
            })
            .map(OutboxRow::from)
            .collect(),
        more,
        profiles,
        isp_profiles,
    })
}

/// One delivery attempt and the exchange it had with the peer (what was sent, what came back).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OutboxAttempt {
    pub attempt_no: u32,
    pub started_at: String,
    pub duration_ms: u32,
    /// `delivered` or `failed`.
    pub outcome: String,
    pub failure_class: Option<String>,
    /// The peer's error text, the HTTP status line or the network error.
    pub detail: Option<String>,
    pub exchange: Option<AdminExchange>,
}

/// Answer of `outbox_item` (and of edit and cancel): everything about one item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OutboxItemDetail {
    pub row: OutboxRow,
    /// The payload as it will be sent, pretty-printed JSON (ids are JSON strings).
    pub payload: String,
    /// Earlier payloads, oldest first, one per edit (the original is the first).
    pub earlier_payloads: Vec<String>,
    pub attempts: Vec<OutboxAttempt>,
    /// This item's audit rows, newest first.
    pub audit: Vec<AdminAuditEntry>,
}

fn pretty(value: &serde_json::Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
}

/// The exchanges the attempts name, looked up around the attempts' times (each attempt's
/// exchange is written with it, so it lies within its attempt, give or take the clocks).
fn attempt_exchanges(
    desk: &Desk,
    peer: Peer,
    ids: &[i64],
    from_ms: i64,
    to_ms: i64,
) -> Result<BTreeMap<i64, StoredExchange>, Error> {
    if ids.is_empty() {
        return Ok(BTreeMap::new());
    }
    const MARGIN_MS: i64 = 5 * 60_000;
    let rows = desk.journal().exchanges(
        Some(peer),
        from_ms.saturating_sub(MARGIN_MS),
        to_ms.saturating_add(MARGIN_MS),
        100_000,
    )?;
    Ok(rows
        .into_iter()
        .filter(|e| ids.contains(&e.id))
        .map(|e| (e.id, e))
        .collect())
}

pub fn outbox_item(desk: &Desk, id: String) -> Result<OutboxItemDetail, IpcError> {
    let id = parse_id("outbox item", &id)?;
    let journal = desk.journal();
    let item = journal.outbox_item(id).map_err(Error::from)?;
    let attempts = journal.outbox_attempts(id).map_err(Error::from)?;
    let exchange_ids: Vec<i64> = attempts.iter().filter_map(|a| a.exchange_id).collect();
    let from = attempts.iter().map(|a| a.started_ms).min().unwrap_or(0);
    let to = attempts.iter().map(|a| a.finished_ms).max().unwrap_or(0);
    let mut exchanges = attempt_exchanges(desk, item.peer, &exchange_ids, from, to)?;
    let earlier = journal.payload_history(id).map_err(Error::from)?;
    let audit = journal
        .audit_log(Some(&format!("outbox:{id}")), 200)
        .map_err(Error::from)?;
    Ok(OutboxItemDetail {
        row: OutboxRow::from(&item),
        payload: pretty(&item.payload),
        earlier_payloads: earlier.iter().map(pretty).collect(),
        attempts: attempts
            .into_iter()
            .map(|a| OutboxAttempt {
                attempt_no: a.attempt_no,
                started_at: ist_time::iso(a.started_ms),
                duration_ms: u32::try_from(a.finished_ms.saturating_sub(a.started_ms)).unwrap_or(0),
                outcome: a.outcome,
                failure_class: a.failure_class,
                detail: a.detail,
                exchange: a
                    .exchange_id
                    .and_then(|e| exchanges.remove(&e))
                    .map(AdminExchange::from),
            })
            .collect(),
        audit: audit.into_iter().map(AdminAuditEntry::from).collect(),
    })
}

/// Makes the given items due now (refused as a whole if any is delivered, cancelled or in
/// flight); returns how many. `outbox_drain` then sends them.
pub fn outbox_resend(desk: &Desk, ids: Vec<String>) -> Result<u32, IpcError> {
    if ids.is_empty() {
        return Err(Error::InvalidInput {
            field: "selection",
            reason: "no outbox item is selected".into(),
        }
        .into());
    }
    let ids = ids
        .iter()
        .map(|id| parse_id("outbox item", id))
        .collect::<Result<Vec<_>, _>>()?;
    let n = desk
        .journal()
        .resend_now(&desk.actor(), &ids)
        .map_err(Error::from)?;
    Ok(count(n))
}

/// Makes every held item and every item waiting for a retry due now; returns how many.
pub fn outbox_resend_all_failed(desk: &Desk) -> Result<u32, IpcError> {
    let n = desk
        .journal()
        .resend_all_failed(&desk.actor())
        .map_err(Error::from)?;
    Ok(count(n))
}

/// Replaces an undelivered item's payload (the original is kept and audited) and makes it due.
pub fn outbox_edit(desk: &Desk, id: String, payload: String) -> Result<OutboxItemDetail, IpcError> {
    let num = parse_id("outbox item", &id)?;
    let value: serde_json::Value =
        serde_json::from_str(&payload).map_err(|e| Error::InvalidInput {
            field: "payload",
            reason: format!("it is not JSON: {e}"),
        })?;
    desk.journal()
        .edit_payload(&desk.actor(), num, &value)
        .map_err(Error::from)?;
    outbox_item(desk, id)
}

/// Cancels an undelivered item with a reason (kept in the audit trail).
pub fn outbox_cancel(
    desk: &Desk,
    id: String,
    reason: String,
) -> Result<OutboxItemDetail, IpcError> {
    let num = parse_id("outbox item", &id)?;
    desk.journal()
        .cancel(&desk.actor(), num, reason.trim())
        .map_err(Error::from)?;
    outbox_item(desk, id)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum OutboxExportFormat {
    Csv,
    Json,
}

/// Every item matching the filters (no limit), as CSV or JSON.
pub fn outbox_export(
    desk: &Desk,
    query: OutboxQuery,
    format: OutboxExportFormat,
) -> Result<ExportFile, IpcError> {
    let mut filter = query.filter(0)?;
    filter.limit = 0;
    let journal = desk.journal();
    let records = count(journal.list_outbox(&filter).map_err(Error::from)?.len());
    let stamp = ist_time::iso(journal.now_ms());
    let day = stamp.get(..10).unwrap_or("today");
    Ok(match format {
        OutboxExportFormat::Json => ExportFile {
            file_name: format!("kendra-outbox-{day}.json"),
            mime_type: "application/json".into(),
            text: journal.export_outbox_json(&filter).map_err(Error::from)?,
            records,
        },
        OutboxExportFormat::Csv => {
            let mut out = Vec::new();
            journal
                .export_outbox_csv(&filter, &mut out)
                .map_err(Error::from)?;
            ExportFile {
                file_name: format!("kendra-outbox-{day}.csv"),
                mime_type: "text/csv".into(),
                text: String::from_utf8_lossy(&out).into_owned(),
                records,
            }
        }
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum OutboxImportFormat {
    Csv,
    Json,
}

/// Request of `outbox_import`: the text of the file the user picked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OutboxImportRequest {
    /// The ISP profile that delivers them.
    pub profile: String,
    pub format: OutboxImportFormat,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OutboxImportProblem {
    /// Data rows count from 1 (a CSV's header is not a row).
    pub row: u32,
    pub message: String,
}

/// Answer of `outbox_import`: either every row queued, or nothing and every bad row named.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OutboxImportResult {
    /// The new outbox items (empty when anything was wrong).
    pub queued: Vec<String>,
    pub problems: Vec<OutboxImportProblem>,
}

pub fn outbox_import(
    desk: &Desk,
    request: OutboxImportRequest,
) -> Result<OutboxImportResult, IpcError> {
    let profile = request.profile.trim();
    if profile.is_empty() {
        return Err(Error::InvalidInput {
            field: "profile",
            reason: "choose the ISP profile that sends these statuses".into(),
        }
        .into());
    }
    let format = match request.format {
        OutboxImportFormat::Csv => ImportFormat::Csv,
        OutboxImportFormat::Json => ImportFormat::Json,
    };
    match desk
        .journal()
        .import_isp_statuses(&desk.actor(), profile, format, &request.text)
    {
        Ok(report) => Ok(OutboxImportResult {
            queued: report.item_ids.iter().map(i64::to_string).collect(),
            problems: Vec::new(),
        }),
        Err(kendra_journal::Error::ImportRejected { errors }) => Ok(OutboxImportResult {
            queued: Vec::new(),
            problems: errors
                .into_iter()
                .map(|e| OutboxImportProblem {
                    row: count(e.row),
                    message: e.message,
                })
                .collect(),
        }),
        Err(e) => Err(Error::from(e).into()),
    }
}

/// The outbox's audit trail, newest first: every resend, edit, cancel, import, hold and recovery.
pub fn outbox_audit(desk: &Desk, limit: Option<u32>) -> Result<Vec<AdminAuditEntry>, IpcError> {
    let limit = limit.unwrap_or(100).clamp(1, 1000);
    // The audit log is read newest first and filtered to the outbox's actions; reading a few
    // times the limit keeps other areas' rows from crowding the outbox's out.
    let rows = desk
        .journal()
        .audit_log(None, limit.saturating_mul(10))
        .map_err(Error::from)?;
    Ok(rows
        .into_iter()
        .filter(|a| a.action.starts_with("outbox.") || a.subject.starts_with("outbox"))
        .take(limit as usize)
        .map(AdminAuditEntry::from)
        .collect())
}
