//! Reading back the CSP signing requests ([`crate::JournalTx::record_signing_request`] writes
//! them): the signing officer's history and the tests' evidence of what was asked and how it
//! ended. Only hashes, states and the peer's request ID are kept, never a signature or a secret.

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::journal::Journal;

/// One hash sent for signing, as the journal holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SigningRequestRow {
    pub id: i64,
    pub profile: Option<String>,
    /// The document's name (file name, or the name given to a bare hash).
    pub document: String,
    /// The hash algorithm's OID.
    pub hash_algo: String,
    pub hash_hex: String,
    /// `requested`, `pending`, `signed`, `declined`, `timeout`, `failed`, `refused`,
    /// `unverified`, `abandoned`.
    pub state: String,
    /// The CSP's request ID.
    pub peer_ref: Option<String>,
    pub detail: Option<String>,
    pub created_ms: i64,
    pub updated_ms: i64,
    /// The sign-request exchange.
    pub exchange_id: Option<i64>,
}

const COLUMNS: &str = "id, profile, document, hash_algo, hash_hex, state, peer_ref, detail, \
                       created_ms, updated_ms, exchange_id";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<SigningRequestRow> {
    Ok(SigningRequestRow {
        id: r.get(0)?,
        profile: r.get(1)?,
        document: r.get(2)?,
        hash_algo: r.get(3)?,
        hash_hex: r.get(4)?,
        state: r.get(5)?,
        peer_ref: r.get(6)?,
        detail: r.get(7)?,
        created_ms: r.get(8)?,
        updated_ms: r.get(9)?,
        exchange_id: r.get(10)?,
    })
}

impl Journal {
    /// Signing requests, newest first, optionally of one profile; `limit` 0 means all.
    pub fn signing_requests(
        &self,
        profile: Option<&str>,
        limit: u32,
    ) -> Result<Vec<SigningRequestRow>> {
        let limit = if limit == 0 {
            i64::MAX
        } else {
            i64::from(limit)
        };
        self.read(|c| {
            let mut st = c.prepare_cached(&format!(
                "SELECT {COLUMNS} FROM signing_requests WHERE (?1 IS NULL OR profile = ?1)
                 ORDER BY id DESC LIMIT ?2"
            ))?;
            let rows = st.query_map(rusqlite::params![profile, limit], row)?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    /// The rows of one CSP sign request (one per hash), in the order they were sent.
    pub fn signing_requests_for(&self, peer_ref: &str) -> Result<Vec<SigningRequestRow>> {
        self.read(|c| {
            let mut st = c.prepare_cached(&format!(
                "SELECT {COLUMNS} FROM signing_requests WHERE peer_ref = ?1 ORDER BY id"
            ))?;
            let rows = st.query_map([peer_ref], row)?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Actor;

    #[test]
    fn rows_read_back_newest_first() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::open(dir.path()).unwrap();
        let ids = journal
            .write(&Actor::Cli, |tx| {
                let a = tx.record_signing_request(Some("p"), "a.pdf", "2.16", "aa", None)?;
                let b = tx.record_signing_request(Some("q"), "b.pdf", "2.16", "bb", None)?;
                tx.update_signing_request(a, "signed", Some("1613630666"), None)?;
                tx.update_signing_request(b, "declined", Some("1613630667"), Some("no"))?;
                Ok([a, b])
            })
            .unwrap();
        let all = journal.signing_requests(None, 0).unwrap();
        assert_eq!(
            all.iter().map(|r| r.id).collect::<Vec<_>>(),
            [ids[1], ids[0]]
        );
        let p = journal.signing_requests(Some("p"), 10).unwrap();
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].state, "signed");
        let by_ref = journal.signing_requests_for("1613630667").unwrap();
        assert_eq!(by_ref[0].detail.as_deref(), Some("no"));
    }
}
