//! Reading the audit log (rows are written by [`crate::JournalTx::audit`] inside each change).

use serde::Serialize;

use crate::error::Result;
use crate::journal::Journal;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at_ms: i64,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub detail: Option<serde_json::Value>,
}

impl Journal {
    /// The newest `limit` audit rows, optionally only those about `subject`, newest first.
    pub fn audit_log(&self, subject: Option<&str>, limit: u32) -> Result<Vec<AuditEntry>> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT id, at_ms, actor, action, subject, detail_json FROM audit_log
                 WHERE (?1 IS NULL OR subject = ?1) ORDER BY id DESC LIMIT ?2",
            )?;
            let rows = st.query_map(rusqlite::params![subject, limit], |r| {
                let detail: Option<String> = r.get(5)?;
                Ok(AuditEntry {
                    id: r.get(0)?,
                    at_ms: r.get(1)?,
                    actor: r.get(2)?,
                    action: r.get(3)?,
                    subject: r.get(4)?,
                    detail: detail.and_then(|d| serde_json::from_str(&d).ok()),
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }
}
