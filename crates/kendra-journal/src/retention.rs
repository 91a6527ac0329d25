//! The retention purge: citizen fields, their blind indexes and exchange bodies older than the
//! retention are cleared; ids, statuses and times stay (the BSK mandate: kendras keep no citizen
//! data).

use serde::Serialize;
use serde_json::json;

use crate::actor::Actor;
use crate::error::Result;
use crate::journal::Journal;

pub const DEFAULT_RETENTION_DAYS: u32 = 30;
const DAY_MS: i64 = 24 * 60 * 60 * 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PurgeReport {
    pub cutoff_ms: i64,
    pub citizen_records: usize,
    pub exchange_bodies: usize,
}

impl Journal {
    /// Purges citizen data created more than `retention_days` ago, in one audited transaction.
    pub fn purge_citizen_data(&self, actor: &Actor, retention_days: u32) -> Result<PurgeReport> {
        self.write(actor, |tx| {
            let cutoff_ms = tx.now_ms - i64::from(retention_days) * DAY_MS;
            let citizen_records = tx.tx.execute(
                "UPDATE citizen_records SET name_enc = NULL, mobile_enc = NULL, email_enc = NULL,
                     aadhaar_ref_enc = NULL, address_enc = NULL, date_of_birth_enc = NULL,
                     mobile_index = NULL, purged_ms = ?1
                 WHERE purged_ms IS NULL AND created_ms < ?2",
                rusqlite::params![tx.now_ms, cutoff_ms],
            )?;
            // Request/response bodies of old exchanges may quote a citizen's details too.
            let exchange_bodies = tx.tx.execute(
                "UPDATE exchanges SET request_body = NULL, response_body = NULL,
                     request_body_enc = NULL, response_body_enc = NULL, bodies_purged_ms = ?1
                 WHERE bodies_purged_ms IS NULL AND started_ms < ?2",
                rusqlite::params![tx.now_ms, cutoff_ms],
            )?;
            let report = PurgeReport {
                cutoff_ms,
                citizen_records,
                exchange_bodies,
            };
            tx.audit(
                "retention.purge",
                "citizen_data",
                Some(&json!({
                    "retention_days": retention_days,
                    "cutoff_ms": cutoff_ms,
                    "citizen_records": citizen_records,
                    "exchange_bodies": exchange_bodies,
                })),
            )?;
            Ok(report)
        })
    }
}
