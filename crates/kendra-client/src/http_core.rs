//! The HTTP core every peer client sends through: connect and total timeouts, a response size
//! limit enforced while the body streams in, and an [`Exchange`] record of every call.

use std::cell::RefCell;
use std::future::Future;
use std::time::{Duration, Instant};

use chrono::Utc;
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::exchange::{Exchange, ExchangeOutcome};
use crate::peer::Peer;
use crate::secret_redaction::Redactor;

/// How the link to the peer is made. Only plain HTTP for now (the UP ISP portal is plain HTTP
/// at an IP address); TLS settings (custom CA, BSK's legacy renegotiation) will be a variant
/// here, built in [`HttpCore::new`], when profiles carry them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Transport {
    #[default]
    PlainHttp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HttpSettings {
    /// Making the TCP connection.
    pub connect_timeout: Duration,
    /// The whole call, from sending to the last byte of the answer.
    pub total_timeout: Duration,
    /// Answers larger than this are refused while they stream in.
    pub max_response_bytes: usize,
    /// How much of an answer's body an [`Exchange`] keeps.
    pub recorded_body_bytes: usize,
    pub transport: Transport,
}

impl Default for HttpSettings {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(10),
            total_timeout: Duration::from_secs(30),
            max_response_bytes: 4 * 1024 * 1024,
            recorded_body_bytes: 64 * 1024,
            transport: Transport::PlainHttp,
        }
    }
}

/// One request, ready to go. `body` and header values may hold secrets (passwords, tokens):
/// they are zeroed on drop and never recorded; `recorded_body` is the body with secrets masked.
pub struct OutgoingCall {
    pub peer: Peer,
    pub endpoint: String,
    pub method: reqwest::Method,
    pub url: String,
    pub headers: Vec<(&'static str, Zeroizing<String>)>,
    pub body: Zeroizing<Vec<u8>>,
    pub recorded_body: String,
    pub plaintext: Option<String>,
}

/// A complete answer (any HTTP status) within the limits.
#[derive(Debug, Clone)]
pub struct HttpReply {
    pub status: u16,
    pub body: Vec<u8>,
}

/// An un-redacted copy of one call exactly as it went, and its answer's bytes: what the
/// Explorer's "copy as curl" and its view of large answers need. Made only inside
/// [`capture_raw_calls`]; the caller keeps it in memory and never records it.
pub struct RawCall {
    pub method: String,
    pub url: String,
    /// Every header as sent, secrets (tokens, pass_key) included.
    pub headers: Vec<(String, SecretString)>,
    /// The body as sent, byte for byte.
    pub body: Zeroizing<Vec<u8>>,
    /// The answer's body as received (within the size limit), before any decryption.
    pub response_body: Zeroizing<Vec<u8>>,
}

impl std::fmt::Debug for RawCall {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "RawCall({} {}, ••••)", self.method, self.url)
    }
}

struct RawCapture {
    calls: Vec<RawCall>,
    max_response_bytes: Option<usize>,
}

tokio::task_local! {
    static RAW_CAPTURE: RefCell<RawCapture>;
}

/// Runs `work` (any client calls) and answers, besides its output, an un-redacted copy of every
/// HTTP call it made, in order. `max_response_bytes`, when given, replaces the clients' answer
/// size limit for these calls (the Explorer reads answers of tens of megabytes).
pub async fn capture_raw_calls<F: Future>(
    max_response_bytes: Option<usize>,
    work: F,
) -> (F::Output, Vec<RawCall>) {
    let capture = RefCell::new(RawCapture {
        calls: Vec::new(),
        max_response_bytes,
    });
    RAW_CAPTURE
        .scope(capture, async move {
            let output = work.await;
            let calls = RAW_CAPTURE.with(|c| std::mem::take(&mut c.borrow_mut().calls));
            (output, calls)
        })
        .await
}

/// The answer size limit of the enclosing [`capture_raw_calls`], if any. (Plain functions, so no
/// closure becomes part of `execute`'s future.)
fn capture_limit() -> Option<usize> {
    RAW_CAPTURE
        .try_with(|c| c.borrow().max_response_bytes)
        .ok()
        .flatten()
}

/// Keeps an un-redacted copy of `call` and its answer when inside [`capture_raw_calls`].
fn capture_call(call: &OutgoingCall, received: &[u8]) {
    let _ = RAW_CAPTURE.try_with(|c| {
        let headers = call
            .headers
            .iter()
            .map(|(name, value)| ((*name).to_owned(), SecretString::from(value.as_str())))
            .collect();
        c.borrow_mut().calls.push(RawCall {
            method: call.method.as_str().to_owned(),
            url: call.url.clone(),
            headers,
            body: call.body.clone(),
            response_body: Zeroizing::new(received.to_vec()),
        });
    });
}

#[derive(Debug, Clone)]
pub struct HttpCore {
    client: reqwest::Client,
    settings: HttpSettings,
}

impl HttpCore {
    pub fn new(settings: HttpSettings) -> Result<Self> {
        if settings.total_timeout.is_zero() {
            return Err(Error::InvalidSetting {
                setting: "total timeout",
                problem: "it must be more than zero".into(),
            });
        }
        if settings.max_response_bytes == 0 {
            return Err(Error::InvalidSetting {
                setting: "response size limit",
                problem: "it must be more than zero".into(),
            });
        }
        let builder = reqwest::Client::builder()
            .connect_timeout(settings.connect_timeout)
            // A redirected POST would silently change what is delivered where: report it instead.
            .redirect(reqwest::redirect::Policy::none())
            // Proxies come with the profile work; environment proxies must not capture loopback.
            .no_proxy();
        let builder = match settings.transport {
            Transport::PlainHttp => builder,
        };
        let client = builder.build().map_err(|e| Error::InvalidSetting {
            setting: "HTTP client",
            problem: e.to_string(),
        })?;
        Ok(Self { client, settings })
    }

    pub fn settings(&self) -> &HttpSettings {
        &self.settings
    }

    /// Checks that `url` is one this transport can reach.
    pub fn check_url(&self, setting: &'static str, url: &str) -> Result<reqwest::Url> {
        let parsed = reqwest::Url::parse(url).map_err(|e| Error::InvalidSetting {
            setting,
            problem: format!("{url:?} is not a URL ({e})"),
        })?;
        match (self.settings.transport, parsed.scheme()) {
            (Transport::PlainHttp, "http") => Ok(parsed),
            (Transport::PlainHttp, other) => Err(Error::InvalidSetting {
                setting,
                problem: format!(
                    "{url:?} uses {other}, but this profile's transport is plain HTTP (TLS settings are not available yet)"
                ),
            }),
        }
    }

    /// Sends the call and reads the whole answer within the limits. The exchange's outcome is
    /// provisional on `Ok`: the peer client concludes it once it has read the answer.
    pub async fn execute(
        &self,
        call: OutgoingCall,
        redactor: &Redactor,
    ) -> (Exchange, Result<HttpReply>) {
        let started_at = Utc::now();
        let clock = Instant::now();
        let mut exchange = Exchange {
            peer: call.peer,
            endpoint: call.endpoint.clone(),
            method: call.method.as_str().to_owned(),
            url: redactor.sweep(&call.url),
            link_encrypted: false,
            request_headers: call
                .headers
                .iter()
                .map(|(name, value)| ((*name).to_owned(), redactor.header_value(name, value)))
                .collect(),
            request_body: redactor.sweep(&call.recorded_body),
            request_plaintext: call.plaintext.as_deref().map(|p| redactor.json_text(p)),
            response_status: None,
            response_headers: Vec::new(),
            response_body: None,
            response_body_truncated: false,
            response_bytes: 0,
            answer_plaintext: None,
            started_at,
            finished_at: started_at,
            duration_ms: 0,
            outcome: ExchangeOutcome::Succeeded,
        };
        let mut received = Vec::new();
        let max_bytes = capture_limit().unwrap_or(self.settings.max_response_bytes);
        let result = self
            .transfer(&call, &mut exchange, &mut received, max_bytes)
            .await;
        capture_call(&call, &received);
        exchange.response_bytes = received.len();
        if exchange.response_status.is_some() {
            let keep = received.len().min(self.settings.recorded_body_bytes);
            exchange.response_body_truncated = keep < received.len();
            let text = String::from_utf8_lossy(&received[..keep]);
            exchange.response_body = Some(redactor.json_text(&text));
        }
        exchange.finished_at = Utc::now();
        exchange.duration_ms = u64::try_from(clock.elapsed().as_millis()).unwrap_or(u64::MAX);
        let result = result.map_err(|e| e.scrubbed(|t| redactor.sweep(t)));
        exchange.conclude(&result);
        let result = result.map(|status| HttpReply {
            status,
            body: received,
        });
        (exchange, result)
    }

    async fn transfer(
        &self,
        call: &OutgoingCall,
        exchange: &mut Exchange,
        received: &mut Vec<u8>,
        max_bytes: usize,
    ) -> Result<u16> {
        let url = self.check_url("peer URL", &call.url)?;
        let limit_ms = u64::try_from(self.settings.total_timeout.as_millis()).unwrap_or(u64::MAX);
        let deadline = tokio::time::Instant::now() + self.settings.total_timeout;
        let timeout = |phase| Error::Timeout {
            peer: call.peer,
            endpoint: call.endpoint.clone(),
            limit_ms,
            phase,
        };
        let mut request = self
            .client
            .request(call.method.clone(), url)
            .timeout(self.settings.total_timeout)
            .body(call.body.to_vec());
        for (name, value) in &call.headers {
            request = request.header(*name, value.as_str());
        }
        let mut response = match tokio::time::timeout_at(deadline, request.send()).await {
            Err(_) => return Err(timeout("waiting for the answer")),
            Ok(Err(e)) => return Err(self.transport_error(call, &e, "waiting for the answer")),
            Ok(Ok(response)) => response,
        };
        let status = response.status().as_u16();
        exchange.response_status = Some(status);
        exchange.response_headers = response
            .headers()
            .iter()
            .map(|(name, value)| {
                let value = String::from_utf8_lossy(value.as_bytes());
                let value = if name.as_str().eq_ignore_ascii_case("set-cookie") {
                    crate::secret_redaction::MASK.to_owned()
                } else {
                    value.into_owned()
                };
                (name.as_str().to_owned(), value)
            })
            .collect();
        let too_large = || Error::ResponseTooLarge {
            peer: call.peer,
            endpoint: call.endpoint.clone(),
            limit_bytes: max_bytes,
        };
        if response
            .content_length()
            .is_some_and(|len| len > max_bytes as u64)
        {
            return Err(too_large());
        }
        loop {
            match tokio::time::timeout_at(deadline, response.chunk()).await {
                Err(_) => return Err(timeout("reading the answer")),
                Ok(Err(e)) => return Err(self.transport_error(call, &e, "reading the answer")),
                Ok(Ok(None)) => return Ok(status),
                Ok(Ok(Some(chunk))) => {
                    if received.len() + chunk.len() > max_bytes {
                        let room = max_bytes - received.len();
                        received.extend_from_slice(&chunk[..room]);
                        return Err(too_large());
                    }
                    received.extend_from_slice(&chunk);
                }
            }
        }
    }

    fn transport_error(
        &self,
        call: &OutgoingCall,
        e: &reqwest::Error,
        phase: &'static str,
    ) -> Error {
        if e.is_timeout() {
            let connecting = e.is_connect();
            let limit = if connecting {
                self.settings.connect_timeout
            } else {
                self.settings.total_timeout
            };
            return Error::Timeout {
                peer: call.peer,
                endpoint: call.endpoint.clone(),
                limit_ms: u64::try_from(limit.as_millis()).unwrap_or(u64::MAX),
                phase: if connecting { "connecting" } else { phase },
            };
        }
        let reason = if e.is_connect() {
            "the connection was refused or could not be made"
        } else if e.is_body() || phase == "reading the answer" {
            "the connection broke while the answer was arriving"
        } else {
            "the connection broke while the request was being sent"
        };
        Error::Network {
            peer: call.peer,
            endpoint: call.endpoint.clone(),
            reason: reason.to_owned(),
            detail: error_chain(e),
        }
    }
}

/// The error and its sources, one after another: reqwest's own message is rarely enough.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_refuses_https_urls_and_bad_settings() {
        let core = HttpCore::new(HttpSettings::default()).unwrap();
        assert!(core.check_url("base URL", "http://10.0.0.1/ispws").is_ok());
        let err = core
            .check_url("base URL", "https://portal.example")
            .unwrap_err();
        assert_eq!(err.class(), crate::FailureClass::LocalValidation);
        assert!(err.to_string().contains("plain HTTP"));
        assert!(core.check_url("base URL", "not a url").is_err());
        let zero = HttpSettings {
            total_timeout: Duration::ZERO,
            ..HttpSettings::default()
        };
        assert!(matches!(
            HttpCore::new(zero),
            Err(Error::InvalidSetting { .. })
        ));
    }
}
