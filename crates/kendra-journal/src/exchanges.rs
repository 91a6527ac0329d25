//! Every exchange with a peer, OTP attempts and signing requests. Bodies arrive already stripped
//! of secrets by the caller (the protocol layer knows which fields are secret) and are stored
//! sealed with the citizen key, since an answer may quote a citizen's details; a journal opened
//! without the key keeps no bodies at all. OTP values are never stored.

use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::citizen_cipher::CitizenCipher;
use crate::error::Result;
use crate::journal::{Journal, JournalTx};
use crate::peer::Peer;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Outgoing,
    Incoming,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Outgoing => "outgoing",
            Direction::Incoming => "incoming",
        }
    }
}

const REQUEST_BODY: &str = "exchange.request_body";
const RESPONSE_BODY: &str = "exchange.response_body";

fn seal(
    cipher: &CitizenCipher,
    field: &'static str,
    body: Option<&str>,
) -> Result<Option<Vec<u8>>> {
    body.map(|b| cipher.encrypt(field, b)).transpose()
}

/// A body column as stored: sealed bytes, or redacted text from before bodies were sealed.
enum StoredBody {
    Sealed(Vec<u8>),
    Plain(String),
}

fn body_column(value: rusqlite::types::ValueRef<'_>) -> Option<StoredBody> {
    use rusqlite::types::ValueRef;
    match value {
        ValueRef::Blob(b) => Some(StoredBody::Sealed(b.to_vec())),
        ValueRef::Text(t) => Some(StoredBody::Plain(String::from_utf8_lossy(t).into_owned())),
        _ => None,
    }
}

impl Journal {
    /// A body for reading: opened with the citizen key; without it, sealed bodies stay hidden.
    fn open_body(&self, field: &'static str, body: Option<StoredBody>) -> Result<Option<String>> {
        match body {
            None => Ok(None),
            Some(StoredBody::Plain(text)) => Ok(Some(text)),
            Some(StoredBody::Sealed(blob)) => match self.cipher() {
                Ok(cipher) => cipher.decrypt(field, &blob).map(Some),
                Err(_) => Ok(None),
            },
        }
    }
}

/// One request/response with a peer, as recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExchangeRecord {
    pub direction: Direction,
    pub peer: Peer,
    pub profile: Option<String>,
    /// The endpoint's name or path, e.g. `returnServiceStatus`.
    pub endpoint: String,
    pub started_ms: i64,
    pub finished_ms: Option<i64>,
    pub http_status: Option<u16>,
    /// A short outcome word: `SUCCESSFUL`, `FAILED`, `timeout`, `network`, …
    pub outcome: String,
    pub request_body: Option<String>,
    pub response_body: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredExchange {
    pub id: i64,
    pub duration_ms: Option<i64>,
    #[serde(flatten)]
    pub record: ExchangeRecord,
}

impl JournalTx<'_> {
    pub fn record_exchange(&mut self, ex: &ExchangeRecord) -> Result<i64> {
        let duration = ex.finished_ms.map(|f| f - ex.started_ms);
        let (request_sealed, response_sealed, bodies_dropped_ms) = match self.cipher {
            Some(cipher) => (
                seal(cipher, REQUEST_BODY, ex.request_body.as_deref())?,
                seal(cipher, RESPONSE_BODY, ex.response_body.as_deref())?,
                None,
            ),
            None => (None, None, Some(self.now_ms)),
        };
        self.tx
            .prepare_cached(
                "INSERT INTO exchanges (direction, peer, profile, endpoint, started_ms, finished_ms,
                     duration_ms, http_status, outcome, request_body_enc, response_body_enc,
                     bodies_purged_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?
            .execute(rusqlite::params![
                ex.direction.as_str(),
                ex.peer.as_str(),
                ex.profile,
                ex.endpoint,
                ex.started_ms,
                ex.finished_ms,
                duration,
                ex.http_status,
                ex.outcome,
                request_sealed,
                response_sealed,
                bodies_dropped_ms
            ])?;
        Ok(self.tx.last_insert_rowid())
    }

    /// An API-5A/5B OTP attempt (never the OTP itself).
    pub fn record_otp_attempt(
        &mut self,
        ticket_id: Option<i64>,
        otp_id: Option<&str>,
        purpose: &str,
        outcome: &str,
        exchange_id: Option<i64>,
    ) -> Result<i64> {
        self.tx.execute(
            "INSERT INTO otp_attempts (ticket_ref, otp_id, purpose, outcome, attempted_ms, exchange_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            rusqlite::params![ticket_id, otp_id, purpose, outcome, self.now_ms, exchange_id],
        )?;
        let id = self.tx.last_insert_rowid();
        self.audit(
            "otp.attempt",
            &format!("otp_attempt:{id}"),
            Some(&json!({ "purpose": purpose, "outcome": outcome, "otpId": otp_id })),
        )?;
        Ok(id)
    }

    /// A hash sent to the CSP for signing; returns its id for [`Self::update_signing_request`].
    pub fn record_signing_request(
        &mut self,
        profile: Option<&str>,
        document: &str,
        hash_algo: &str,
        hash_hex: &str,
        exchange_id: Option<i64>,
    ) -> Result<i64> {
        self.tx.execute(
            "INSERT INTO signing_requests (profile, document, hash_algo, hash_hex, state, created_ms,
                 updated_ms, exchange_id)
             VALUES (?1, ?2, ?3, ?4, 'requested', ?5, ?5, ?6)",
            rusqlite::params![profile, document, hash_algo, hash_hex, self.now_ms, exchange_id],
        )?;
        let id = self.tx.last_insert_rowid();
        self.audit(
            "signing.requested",
            &format!("signing:{id}"),
            Some(&json!({ "document": document, "hash_algo": hash_algo })),
        )?;
        Ok(id)
    }

    pub fn update_signing_request(
        &mut self,
        id: i64,
        state: &str,
        peer_ref: Option<&str>,
        detail: Option<&str>,
    ) -> Result<()> {
        self.tx.execute(
            "UPDATE signing_requests SET state = ?1, peer_ref = COALESCE(?2, peer_ref), detail = ?3,
                 updated_ms = ?4 WHERE id = ?5",
            rusqlite::params![state, peer_ref, detail, self.now_ms, id],
        )?;
        self.audit(
            "signing.updated",
            &format!("signing:{id}"),
            Some(&json!({ "state": state, "peer_ref": peer_ref })),
        )
    }
}

impl Journal {
    /// Exchanges started in `[from_ms, to_ms)`, optionally for one peer, oldest first.
    pub fn exchanges(
        &self,
        peer: Option<Peer>,
        from_ms: i64,
        to_ms: i64,
        limit: u32,
    ) -> Result<Vec<StoredExchange>> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT id, direction, peer, profile, endpoint, started_ms, finished_ms, duration_ms,
                        http_status, outcome, COALESCE(request_body_enc, request_body),
                        COALESCE(response_body_enc, response_body)
                 FROM exchanges WHERE (?1 IS NULL OR peer = ?1) AND started_ms >= ?2 AND started_ms < ?3
                 ORDER BY started_ms, id LIMIT ?4",
            )?;
            let rows = st.query_map(
                rusqlite::params![peer.map(Peer::as_str), from_ms, to_ms, limit],
                |r| {
                    let direction: String = r.get(1)?;
                    let peer: String = r.get(2)?;
                    Ok((
                        r.get::<_, i64>(0)?,
                        direction,
                        peer,
                        r.get::<_, Option<String>>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, i64>(5)?,
                        r.get::<_, Option<i64>>(6)?,
                        r.get::<_, Option<i64>>(7)?,
                        r.get::<_, Option<u16>>(8)?,
                        r.get::<_, String>(9)?,
                        body_column(r.get_ref(10)?),
                        body_column(r.get_ref(11)?),
                    ))
                },
            )?;
            let mut out = Vec::new();
            for row in rows {
                let row = row?;
                out.push(StoredExchange {
                    id: row.0,
                    duration_ms: row.7,
                    record: ExchangeRecord {
                        direction: if row.1 == "incoming" {
                            Direction::Incoming
                        } else {
                            Direction::Outgoing
                        },
                        peer: row.2.parse()?,
                        profile: row.3,
                        endpoint: row.4,
                        started_ms: row.5,
                        finished_ms: row.6,
                        http_status: row.8,
                        outcome: row.9,
                        request_body: self.open_body(REQUEST_BODY, row.10)?,
                        response_body: self.open_body(RESPONSE_BODY, row.11)?,
                    },
                });
            }
            Ok(out)
        })
    }
}
