//! Journal search over applications (every BSK ticket has one): by ticket number, application
//! number, request_id, mobile (blind index), status, peer and creation date range. Each filter has
//! its own index and results are the newest first with a limit, so a search touches a few rows
//! whatever the journal's size.

use rusqlite::types::Value;
use serde::Serialize;

use crate::error::Result;
use crate::journal::Journal;
use crate::peer::Peer;

#[derive(Debug, Clone, Default)]
pub struct SearchQuery {
    pub ticket_no: Option<String>,
    /// BSK `appNo` or ISP `application_id`.
    pub application_no: Option<String>,
    pub request_id: Option<String>,
    /// Any formatting; needs the citizen key.
    pub mobile: Option<String>,
    pub status: Option<String>,
    pub peer: Option<Peer>,
    /// Creation time range `[from_ms, to_ms)`, UTC unix ms.
    pub from_ms: Option<i64>,
    pub to_ms: Option<i64>,
    /// At most this many hits (0 means 100).
    pub limit: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchHit {
    pub application_ref: i64,
    pub peer: String,
    pub profile: Option<String>,
    pub user_id: Option<String>,
    pub ticket_no: Option<String>,
    pub app_no: Option<String>,
    pub request_id: Option<String>,
    pub application_id: Option<String>,
    pub service_code: Option<String>,
    pub current_status: Option<String>,
    pub created_ms: i64,
    pub updated_ms: i64,
}

impl Journal {
    pub fn search(&self, q: &SearchQuery) -> Result<Vec<SearchHit>> {
        let mut conditions: Vec<&str> = Vec::new();
        let mut params: Vec<Value> = Vec::new();
        if let Some(t) = &q.ticket_no {
            conditions.push("a.ticket_id IN (SELECT id FROM bsk_tickets WHERE ticket_no = ?)");
            params.push(Value::Text(t.clone()));
        }
        if let Some(n) = &q.application_no {
            conditions.push(
                "a.id IN (SELECT id FROM applications WHERE app_no = ?
                          UNION SELECT id FROM applications WHERE application_id = ?)",
            );
            params.push(Value::Text(n.clone()));
            params.push(Value::Text(n.clone()));
        }
        if let Some(r) = &q.request_id {
            conditions.push("a.request_id = ?");
            params.push(Value::Text(r.clone()));
        }
        if let Some(m) = &q.mobile {
            let index = self.cipher()?.mobile_index(m).unwrap_or_default();
            conditions
                .push("a.citizen_id IN (SELECT id FROM citizen_records WHERE mobile_index = ?)");
            params.push(Value::Blob(index));
        }
        if let Some(s) = &q.status {
            conditions.push("a.current_status = ?");
            params.push(Value::Text(s.clone()));
        }
        if let Some(p) = q.peer {
            conditions.push("a.peer = ?");
            params.push(Value::Text(p.as_str().to_owned()));
        }
        if let Some(f) = q.from_ms {
            conditions.push("a.created_ms >= ?");
            params.push(Value::Integer(f));
        }
        if let Some(t) = q.to_ms {
            conditions.push("a.created_ms < ?");
            params.push(Value::Integer(t));
        }
        let limit = if q.limit == 0 { 100 } else { q.limit };
        params.push(Value::Integer(i64::from(limit)));
        let filter = if conditions.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", conditions.join(" AND "))
        };
        let sql = format!(
            "SELECT a.id, a.peer, a.profile, t.user_id, t.ticket_no, a.app_no, a.request_id,
                    a.application_id, a.service_code, a.current_status, a.created_ms, a.updated_ms
             FROM applications a LEFT JOIN bsk_tickets t ON t.id = a.ticket_id
             {filter} ORDER BY a.created_ms DESC, a.id DESC LIMIT ?"
        );
        self.read(|c| {
            let mut st = c.prepare_cached(&sql)?;
            let rows = st.query_map(rusqlite::params_from_iter(params), |r| {
                Ok(SearchHit {
                    application_ref: r.get(0)?,
                    peer: r.get(1)?,
                    profile: r.get(2)?,
                    user_id: r.get(3)?,
                    ticket_no: r.get(4)?,
                    app_no: r.get(5)?,
                    request_id: r.get(6)?,
                    application_id: r.get(7)?,
                    service_code: r.get(8)?,
                    current_status: r.get(9)?,
                    created_ms: r.get(10)?,
                    updated_ms: r.get(11)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    /// Refreshes the query planner's statistics (after a large import).
    pub fn analyze(&self) -> Result<()> {
        self.read(|c| Ok(c.execute_batch("ANALYZE")?))
    }
}
