//! The department admin's screens: **Outbox** (counts, filtered table, resend one / a selection /
//! all failed with a progress bar, every attempt with the peer's answer, edit and resend, cancel
//! with a reason, import statuses, the audit trail) and **Journal** (search, an application's
//! status history and exchanges, export as JSON, CSV or BSK API-7).
//!
//! | what | where |
//! |---|---|
//! | the outbox table, an item's attempts, resend, edit, cancel, export, import, audit | [`outbox`] |
//! | one delivery run with progress and a stop; taking in an ISP application | [`outbox_drain`] |
//! | journal search, an application's history and exchanges, exports | [`journal_search`] |
//! | IST times and day filters | [`crate::ist_time`] |
//!
//! Ids cross as strings, times as ISO 8601 IST strings; exchange bodies arrive already stripped
//! of secrets by the protocol layer (the journal never stores one).

pub mod journal_search;
pub mod outbox;
pub mod outbox_drain;

#[cfg(test)]
mod tests;

use kendra_journal::audit::AuditEntry;
use kendra_journal::exchanges::StoredExchange;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Error;
use crate::ist_time;

pub use journal_search::{
    journal_application, journal_export, journal_search, JournalApplication, JournalExportFormat,
    JournalExportRequest, JournalHit, JournalQuery, JournalStatusEntry,
};
pub use outbox::{
    outbox_audit, outbox_cancel, outbox_edit, outbox_export, outbox_import, outbox_item,
    outbox_overview, outbox_resend, outbox_resend_all_failed, OutboxAttempt, OutboxCount,
    OutboxCounts, OutboxExportFormat, OutboxImportFormat, OutboxImportProblem, OutboxImportRequest,
    OutboxImportResult, OutboxItemDetail, OutboxOverview, OutboxQuery, OutboxRow,
};
pub use outbox_drain::{
    outbox_drain, outbox_drain_stop, outbox_isp_validate, OutboxDrainSummary, OutboxDrainTick,
    OutboxIspIntake,
};

/// One exchange with a peer as recorded: what was sent (before it was secured) and what came
/// back (decrypted), with timing. Secrets were removed before it was journaled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AdminExchange {
    pub id: String,
    /// `outgoing` or `incoming`.
    pub direction: String,
    pub peer: String,
    pub profile: Option<String>,
    pub endpoint: String,
    pub started_at: String,
    pub duration_ms: Option<u32>,
    pub http_status: Option<u16>,
    /// `SUCCESSFUL`, `FAILED`, a failure class, `already_received`, …
    pub outcome: String,
    /// `null` once purged with the citizen data (retention), or for a journal without the key.
    pub request_body: Option<String>,
    pub response_body: Option<String>,
}

impl From<StoredExchange> for AdminExchange {
    fn from(e: StoredExchange) -> Self {
        let r = e.record;
        AdminExchange {
            id: e.id.to_string(),
            direction: r.direction.as_str().to_owned(),
            peer: r.peer.as_str().to_owned(),
            profile: r.profile,
            endpoint: r.endpoint,
            started_at: ist_time::iso(r.started_ms),
            duration_ms: e.duration_ms.and_then(|d| u32::try_from(d).ok()),
            http_status: r.http_status,
            outcome: r.outcome,
            request_body: r.request_body,
            response_body: r.response_body,
        }
    }
}

/// One row of the audit log: who did what, to what, when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AdminAuditEntry {
    pub id: String,
    pub at: String,
    pub actor: String,
    /// e.g. `outbox.cancel`, `outbox.edit_payload`, `outbox.resend_all_failed`.
    pub action: String,
    /// e.g. `outbox:12`, `outbox`.
    pub subject: String,
    /// The change's facts as JSON text (previous and new payload, reason, count…).
    pub detail: Option<String>,
}

impl From<AuditEntry> for AdminAuditEntry {
    fn from(a: AuditEntry) -> Self {
        AdminAuditEntry {
            id: a.id.to_string(),
            at: ist_time::iso(a.at_ms),
            actor: a.actor,
            action: a.action,
            subject: a.subject,
            detail: a.detail.map(|d| d.to_string()),
        }
    }
}

/// A file the UI offers as a download: its suggested name, type and whole text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ExportFile {
    pub file_name: String,
    pub mime_type: String,
    pub text: String,
    /// How many records it holds.
    pub records: u32,
}

/// An id the UI sent back (always a string there) as the journal's integer.
pub(crate) fn parse_id(field: &'static str, id: &str) -> Result<i64, Error> {
    id.trim().parse::<i64>().map_err(|_| Error::InvalidInput {
        field,
        reason: format!("{id:?} is not a record number"),
    })
}

/// Blank text from a form field means "not given".
pub(crate) fn given(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty())
}

pub(crate) fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
