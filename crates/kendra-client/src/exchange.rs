//! The record of one HTTP exchange with a peer, as callers journal it. Everything in it has been
//! through the redactor: no secret appears in any field, in `Debug` or in its JSON.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::failure_class::FailureClass;
use crate::peer::Peer;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exchange {
    pub peer: Peer,
    /// The peer's name for the call (`returnServiceStatus`, `API-2`, `authenticate`).
    pub endpoint: String,
    pub method: String,
    pub url: String,
    /// False for plain HTTP: the UI shows that the link is unencrypted.
    pub link_encrypted: bool,
    /// Headers as sent, secrets masked (`Authorization: Bearer ••••`).
    pub request_headers: Vec<(String, String)>,
    /// The body as sent, secrets masked; ciphertext (`e_data`, `encData`) is kept as it went.
    pub request_body: String,
    /// The payload before it was encrypted or signed, when there is one.
    pub request_plaintext: Option<String>,
    /// None when no answer arrived (connection refused, timeout before the headers).
    pub response_status: Option<u16>,
    pub response_headers: Vec<(String, String)>,
    /// The answer's body as received (lossy UTF-8), cut at the recording limit.
    pub response_body: Option<String>,
    pub response_body_truncated: bool,
    /// Bytes of answer body received.
    pub response_bytes: usize,
    /// The answer decrypted (`data`, `encData`), when there was one to decrypt.
    pub answer_plaintext: Option<String>,
    pub started_at: DateTime<Utc>,
    pub finished_at: DateTime<Utc>,
    pub duration_ms: u64,
    pub outcome: ExchangeOutcome,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum ExchangeOutcome {
    Succeeded,
    Failed {
        class: FailureClass,
        code: String,
        message: String,
        detail: Option<String>,
    },
}

impl ExchangeOutcome {
    pub fn from_error(error: &Error) -> Self {
        ExchangeOutcome::Failed {
            class: error.class(),
            code: error.code().to_owned(),
            message: error.to_string(),
            detail: error.detail(),
        }
    }

    pub fn failure_class(&self) -> Option<FailureClass> {
        match self {
            ExchangeOutcome::Succeeded => None,
            ExchangeOutcome::Failed { class, .. } => Some(*class),
        }
    }
}

impl Exchange {
    pub fn succeeded(&self) -> bool {
        self.outcome == ExchangeOutcome::Succeeded
    }

    /// Records how the peer client interpreted the answer.
    pub(crate) fn conclude<T>(&mut self, result: &Result<T, Error>) {
        self.outcome = match result {
            Ok(_) => ExchangeOutcome::Succeeded,
            Err(error) => ExchangeOutcome::from_error(error),
        };
    }
}

/// The result of one call and every exchange it took (a sign-in, a retry after a 401, …), in
/// order. Callers journal the exchanges whatever the result.
#[derive(Debug)]
pub struct Attempt<T> {
    pub result: Result<T, Error>,
    pub exchanges: Vec<Exchange>,
}

impl<T> Attempt<T> {
    pub fn failed(error: Error, exchanges: Vec<Exchange>) -> Self {
        Self {
            result: Err(error),
            exchanges,
        }
    }

    pub fn failure_class(&self) -> Option<FailureClass> {
        self.result.as_ref().err().map(Error::class)
    }

    pub fn into_result(self) -> Result<T, Error> {
        self.result
    }
}
