//! The DCI Social Registry client: an OAuth2 client-credentials bearer token (cached, renewed
//! before it expires and once on a 401), every request envelope signed with the sender's ed25519
//! key (`docs/dci-signing.md`), and every signed answer verified against the registry's public
//! key BEFORE anything in it is read. An answer that fails verification is an error
//! ([`FailureClass::BadResponse`]) and its content is never returned.
//!
//! Synchronous calls answer a signed envelope ([`SignedAnswer`]); asynchronous ones an unsigned
//! acknowledgement ([`AckAnswer`]) and later a signed callback, which the receiver checks with
//! [`DciClient::verify_callback`].
//!
//! [`FailureClass::BadResponse`]: crate::FailureClass::BadResponse

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use kendra_wire::dci::{
    verify_envelope_json, DciPublicKey, DciSigner, DciSigningKey, KeyId, VerifiedSignature,
};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use zeroize::Zeroizing;

use crate::clock::{Clock, SystemClock};
use crate::error::{Error, Result};
use crate::exchange::{Attempt, Exchange};
use crate::http_core::{HttpCore, HttpReply, HttpSettings, OutgoingCall};
use crate::peer::Peer;
use crate::secret_redaction::{Redactor, MASK};
use crate::session_token::{before, CachedToken, TokenSlot};

/// The token endpoint (the yaml says only "all systems must implement token api"; this is the
/// sandbox's, and the one most registries built on the reference implementation use).
pub const TOKEN_PATH: &str = "/registry/oauth2/client/token";
pub const TOKEN: &str = "oauth2/client/token";

/// The token's lifetime when the answer gives no `expires_in`.
const DEFAULT_TOKEN_LIFETIME_SECS: i64 = 60 * 60;
/// Peer texts kept in errors.
const PEER_TEXT_LIMIT: usize = 500;

/// The registry calls Kendra makes, with the yaml's paths and header actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DciCall {
    SyncSearch,
    Search,
    Subscribe,
    Unsubscribe,
    SyncTxnStatus,
    TxnStatus,
    /// A subscriber's receipt for a notification.
    OnNotify,
}

impl DciCall {
    pub fn path(self) -> &'static str {
        match self {
            DciCall::SyncSearch => "/registry/sync/search",
            DciCall::Search => "/registry/search",
            DciCall::Subscribe => "/registry/subscribe",
            DciCall::Unsubscribe => "/registry/unsubscribe",
            DciCall::SyncTxnStatus => "/registry/sync/txn/status",
            DciCall::TxnStatus => "/registry/txn/status",
            DciCall::OnNotify => "/registry/on-notify",
        }
    }

    /// The endpoint's name in exchanges and errors: the path after `/registry/`.
    pub fn endpoint(self) -> &'static str {
        self.path().trim_start_matches("/registry/")
    }

    /// `header.action` of the request.
    pub fn action(self) -> &'static str {
        match self {
            DciCall::SyncSearch | DciCall::Search => "search",
            DciCall::Subscribe => "subscribe",
            DciCall::Unsubscribe => "unsubscribe",
            DciCall::SyncTxnStatus | DciCall::TxnStatus => "txn-status",
            DciCall::OnNotify => "on-notify",
        }
    }

    /// Answered with a signed envelope in the HTTP response (else with an acknowledgement).
    pub fn is_sync(self) -> bool {
        matches!(self, DciCall::SyncSearch | DciCall::SyncTxnStatus)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DciSettings {
    /// Scheme, host and port; the yaml's `/registry/…` paths are appended.
    pub base_url: String,
    /// The OAuth client id.
    pub client_id: String,
    /// Our signing key: `sender_id|unique_key_id|ed25519`; its sender is the header's sender_id.
    pub key_id: String,
    /// The registry's signing key id, `registry_id|key|ed25519`; its sender is the receiver_id.
    pub registry_key_id: String,
    /// The registry's ed25519 public key (base64): what every answer is verified with.
    pub registry_public_key: String,
    pub http: HttpSettings,
    /// How long our signatures are valid.
    pub signature_lifetime: Duration,
    /// Renew the token this long before it expires (at most half its lifetime).
    pub token_renew_margin: Duration,
}

impl DciSettings {
    pub fn new(
        base_url: impl Into<String>,
        client_id: impl Into<String>,
        key_id: impl Into<String>,
        registry_key_id: impl Into<String>,
        registry_public_key: impl Into<String>,
    ) -> Self {
        Self {
            base_url: base_url.into(),
            client_id: client_id.into(),
            key_id: key_id.into(),
            registry_key_id: registry_key_id.into(),
            registry_public_key: registry_public_key.into(),
            http: HttpSettings::default(),
            signature_lifetime: Duration::from_secs(300),
            token_renew_margin: Duration::from_secs(60),
        }
    }
}

/// The sender's secrets, from the keyring.
#[derive(Debug, Clone)]
pub struct DciSecrets {
    pub client_secret: SecretString,
    /// The ed25519 private key, base64 (32-byte seed or 64-byte seed + public key).
    pub private_key: SecretString,
}

/// A signed answer whose signature verified: only these are ever handed on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SignedAnswer {
    pub header: Value,
    pub message: Option<Value>,
    /// The key that signed it (`social|registry-key-1|ed25519`).
    pub signed_by: String,
    pub signed_at: i64,
}

impl SignedAnswer {
    pub fn header_text(&self, name: &str) -> Option<&str> {
        self.header.get(name).and_then(Value::as_str)
    }
}

/// The acknowledgement of an asynchronous call (the yaml's `Response`; it has no header, so it
/// is not signed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AckAnswer {
    /// `ACK` or `NACK` (`ERR` is an error).
    pub ack_status: String,
    pub correlation_id: Option<String>,
    pub timestamp: Option<String>,
}

/// What was sent: the header's ids, for matching the callback.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SentRequest {
    pub message_id: String,
    pub message_ts: String,
}

#[derive(Debug)]
pub struct DciClient {
    settings: DciSettings,
    signer: DciSigner,
    registry_key_id: KeyId,
    registry_key: DciPublicKey,
    client_secret: SecretString,
    http: HttpCore,
    redactor: Redactor,
    clock: Arc<dyn Clock>,
    token: TokenSlot<CachedToken>,
}

impl DciClient {
    pub fn new(settings: DciSettings, secrets: DciSecrets) -> Result<Self> {
        let http = HttpCore::new(settings.http.clone())?;
        http.check_url("DCI base URL", &settings.base_url)?;
        if settings.client_id.trim().is_empty() {
            return Err(Error::InvalidSetting {
                setting: "DCI client_id",
                problem: "it is empty".into(),
            });
        }
        if secrets.client_secret.expose_secret().is_empty() {
            return Err(Error::InvalidSetting {
                setting: "DCI client_secret",
                problem: "it is empty".into(),
            });
        }
        let key_id = parse_key_id("DCI key_id", &settings.key_id)?;
        let registry_key_id = parse_key_id("DCI registry_key_id", &settings.registry_key_id)?;
        let registry_key =
            DciPublicKey::from_base64(&settings.registry_public_key).map_err(|source| {
                Error::InvalidSetting {
                    setting: "DCI registry_public_key",
                    problem: format!("it is not an ed25519 public key in base64: {source}"),
                }
            })?;
        let key =
            DciSigningKey::from_base64(secrets.private_key.expose_secret()).map_err(|source| {
                Error::UnusableSecret {
                    secret: "DCI private_key",
                    source,
                }
            })?;
        let redactor = Redactor::new();
        redactor.add(&secrets.client_secret);
        redactor.add(&secrets.private_key);
        Ok(Self {
            signer: DciSigner::new(key, key_id),
            registry_key_id,
            registry_key,
            client_secret: secrets.client_secret,
            settings,
            http,
            redactor,
            clock: Arc::new(SystemClock),
            token: TokenSlot::default(),
        })
    }

    /// Reads the time for signatures, their verification and token renewal from `clock`.
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    pub fn settings(&self) -> &DciSettings {
        &self.settings
    }

    /// Our `header.sender_id`.
    pub fn sender_id(&self) -> &str {
        &self.signer.key_id().sender_id
    }

    /// The registry's id, our `header.receiver_id`.
    pub fn registry_id(&self) -> &str {
        &self.registry_key_id.sender_id
    }

    /// The current time on the client's clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Removes every secret the client knows from `text` (for callers recording peer texts).
    pub fn redact(&self, text: &str) -> String {
        self.redactor.json_text(text)
    }

    /// Asks for a token now, replacing any cached one.
    pub async fn authenticate(&self) -> Attempt<()> {
        let mut exchanges = Vec::new();
        let mut cached = self.token.lock().await;
        let result = self.sign_in(&mut cached, &mut exchanges).await.map(|_| ());
        Attempt { result, exchanges }
    }

    /// A synchronous call: the signed answer, verified, or an error.
    pub async fn sync(
        &self,
        call: DciCall,
        message: &Value,
        total_count: usize,
    ) -> Attempt<(SentRequest, SignedAnswer)> {
        self.call(call, message, total_count, None).await.map_reply(
            |reply| match reply {
                Reply::Signed(answer) => Ok(answer),
                Reply::Ack(_) => Err("an acknowledgement instead of a signed answer".to_owned()),
            },
            call,
        )
    }

    /// An asynchronous call: the acknowledgement; the answer comes later to `sender_uri`
    /// (empty: the callback address registered for us at onboarding).
    pub async fn send_async(
        &self,
        call: DciCall,
        message: &Value,
        total_count: usize,
        sender_uri: &str,
    ) -> Attempt<(SentRequest, AckAnswer)> {
        self.call(call, message, total_count, Some(sender_uri))
            .await
            .map_reply(
                |reply| match reply {
                    Reply::Ack(ack) => Ok(ack),
                    Reply::Signed(_) => {
                        Err("a signed envelope instead of an acknowledgement".to_owned())
                    }
                },
                call,
            )
    }

    /// Verifies a callback's body text (on-search, notify, …) as received; `endpoint` names it in
    /// errors. Nothing of an envelope that fails is returned.
    pub fn verify_callback(&self, endpoint: &str, text: &str) -> Result<SignedAnswer> {
        self.verify_text(endpoint, text)
    }

    async fn call(
        &self,
        call: DciCall,
        message: &Value,
        total_count: usize,
        sender_uri: Option<&str>,
    ) -> Attempt<(SentRequest, Reply)> {
        let now = self.clock.now();
        self.token
            .send(
                |token| before(token.renew_at, now),
                |mut slot| {
                    Box::pin(async move {
                        let mut made = Vec::new();
                        let token = self.sign_in(&mut slot, &mut made).await;
                        (slot, made, token)
                    })
                },
                |token| {
                    Box::pin(async move {
                        self.send(call, message, total_count, sender_uri, &token)
                            .await
                    })
                },
            )
            .await
    }

    async fn send(
        &self,
        call: DciCall,
        message: &Value,
        total_count: usize,
        sender_uri: Option<&str>,
        token: &SecretString,
    ) -> (Exchange, Result<(SentRequest, Reply)>) {
        let now = self.clock.now();
        let sent = SentRequest {
            message_id: message_id(),
            message_ts: now.to_rfc3339_opts(SecondsFormat::Millis, true),
        };
        let mut header = json!({
            "version": "1.0.0",
            "message_id": sent.message_id,
            "message_ts": sent.message_ts,
            "action": call.action(),
            "sender_id": self.sender_id(),
            "receiver_id": self.registry_id(),
            "total_count": total_count,
            "is_msg_encrypted": false,
        });
        if let Some(uri) = sender_uri {
            header["sender_uri"] = json!(uri);
        }
        let created = now.timestamp();
        let lifetime = i64::try_from(self.settings.signature_lifetime.as_secs())
            .unwrap_or(300)
            .max(1);
        let mut envelope = json!({ "header": header, "message": message });
        if let Err(source) = self
            .signer
            .sign_envelope(&mut envelope, created, created + lifetime)
        {
            let result = Err(Error::LocalValidation {
                what: format!("the {} request", call.endpoint()),
                problem: format!("it could not be signed: {source}"),
            });
            let mut exchange = self.unsent_exchange(call, &envelope);
            exchange.conclude(&result);
            return (exchange, result);
        }
        let body = signature_first(envelope).to_string();
        let outgoing = OutgoingCall {
            peer: Peer::Dci,
            endpoint: call.endpoint().to_owned(),
            method: reqwest::Method::POST,
            url: self.url(call.path()),
            headers: vec![
                (
                    "content-type",
                    Zeroizing::new("application/json".to_owned()),
                ),
                (
                    "authorization",
                    Zeroizing::new(format!("Bearer {}", token.expose_secret())),
                ),
            ],
            body: Zeroizing::new(body.as_bytes().to_vec()),
            // The envelope holds no secret: the signature is public by design.
            recorded_body: body,
            plaintext: None,
        };
        let (mut exchange, reply) = self.http.execute(outgoing, &self.redactor).await;
        let result = reply
            .and_then(|reply| self.interpret(call, &reply))
            .map(|reply| (sent, reply))
            .map_err(|e| e.scrubbed(|t| self.redactor.sweep(t)));
        exchange.conclude(&result);
        (exchange, result)
    }

    /// An exchange for a request that never left (it could not be signed).
    fn unsent_exchange(&self, call: DciCall, envelope: &Value) -> Exchange {
        let now = Utc::now();
        Exchange {
            peer: Peer::Dci,
            endpoint: call.endpoint().to_owned(),
            method: "POST".to_owned(),
            url: self.url(call.path()),
            link_encrypted: false,
            request_headers: Vec::new(),
            request_body: self.redactor.json_text(&envelope.to_string()),
            request_plaintext: None,
            response_status: None,
            response_headers: Vec::new(),
            response_body: None,
            response_body_truncated: false,
            response_bytes: 0,
            answer_plaintext: None,
            started_at: now,
            finished_at: now,
            duration_ms: 0,
            outcome: crate::exchange::ExchangeOutcome::Succeeded,
        }
    }

    /// HTTP status first; a 200 sync answer is verified before it is read, an async one must be
    /// an ACK/NACK acknowledgement.
    fn interpret(&self, call: DciCall, reply: &HttpReply) -> Result<Reply> {
        let endpoint = call.endpoint().to_owned();
        let text = String::from_utf8_lossy(&reply.body);
        match reply.status {
            200..=299 => {}
            401 if peer_code(&text).as_deref() == Some("err.request.unauthorized") => {
                return Err(Error::TokenExpired {
                    peer: Peer::Dci,
                    endpoint,
                    peer_text: peer_error_text(&text),
                })
            }
            400..=499 => {
                return Err(Error::HttpClient {
                    peer: Peer::Dci,
                    endpoint,
                    status: reply.status,
                    peer_text: peer_error_text(&text),
                })
            }
            500..=599 => {
                return Err(Error::HttpServer {
                    peer: Peer::Dci,
                    endpoint,
                    status: reply.status,
                    peer_text: peer_error_text(&text),
                })
            }
            other => {
                return Err(Error::BadResponse {
                    peer: Peer::Dci,
                    endpoint,
                    problem: format!("it answered HTTP {other}, which the DCI API does not use"),
                    detail: peer_error_text(&text),
                })
            }
        }
        if call.is_sync() {
            return self.verify_text(&endpoint, &text).map(Reply::Signed);
        }
        let value: Value = serde_json::from_str(&text).map_err(|e| Error::BadResponse {
            peer: Peer::Dci,
            endpoint: endpoint.clone(),
            problem: "the acknowledgement is not JSON".into(),
            detail: e.to_string(),
        })?;
        let ack = value.get("message").unwrap_or(&Value::Null);
        let field = |name: &str| ack.get(name).and_then(Value::as_str).map(str::to_owned);
        match field("ack_status").as_deref() {
            Some(status @ ("ACK" | "NACK")) => Ok(Reply::Ack(AckAnswer {
                ack_status: status.to_owned(),
                correlation_id: field("correlation_id"),
                timestamp: field("timestamp"),
            })),
            Some("ERR") => Err(Error::PeerFailed {
                peer: Peer::Dci,
                endpoint,
                error: peer_error_text(&text),
            }),
            _ => Err(Error::BadResponse {
                peer: Peer::Dci,
                endpoint,
                problem: "the acknowledgement has no ack_status ACK, NACK or ERR".into(),
                detail: clip(&text),
            }),
        }
    }

    fn verify_text(&self, endpoint: &str, text: &str) -> Result<SignedAnswer> {
        let keys = |kid: &KeyId| (kid == &self.registry_key_id).then_some(self.registry_key);
        let now = self.clock.now().timestamp();
        let not_signed = |reason: String, detail: String| {
            Error::BadResponse {
            peer: Peer::Dci,
            endpoint: endpoint.to_owned(),
            problem: format!(
                "the registry's answer is not signed by it ({reason}), so it was rejected and is not shown"
            ),
            detail,
        }
        };
        let (envelope, verified): (Value, VerifiedSignature) =
            verify_envelope_json(text, &keys, now).map_err(|e| {
                let reason = match &e {
                    kendra_wire::Error::SignatureMissing => "it carries no signature".to_owned(),
                    kendra_wire::Error::UnknownSigningKey { key_id } => format!(
                        "it was signed with key \"{key_id}\", not the registry's key \"{}\"",
                        self.registry_key_id
                    ),
                    kendra_wire::Error::SignatureInvalid { reason } => {
                        format!("its signature is not valid: {reason}")
                    }
                    _ => "it is not a signed DCI message".to_owned(),
                };
                not_signed(reason, e.to_string())
            })?;
        let header = envelope.get("header").cloned().unwrap_or(Value::Null);
        if let Some(receiver) = header.get("receiver_id").and_then(Value::as_str) {
            if !receiver.is_empty() && receiver != self.sender_id() {
                return Err(Error::BadResponse {
                    peer: Peer::Dci,
                    endpoint: endpoint.to_owned(),
                    problem: format!(
                        "the answer is addressed to \"{receiver}\", not to this sender \"{}\"",
                        self.sender_id()
                    ),
                    detail: String::new(),
                });
            }
        }
        Ok(SignedAnswer {
            header,
            message: envelope.get("message").cloned(),
            signed_by: verified.key_id.to_string(),
            signed_at: verified.created,
        })
    }

    async fn sign_in(
        &self,
        cached: &mut Option<CachedToken>,
        exchanges: &mut Vec<Exchange>,
    ) -> Result<SecretString> {
        *cached = None;
        let form = |secret: &str| {
            form_body(&[
                ("grant_type", "client_credentials"),
                ("client_id", &self.settings.client_id),
                ("client_secret", secret),
            ])
        };
        let body = Zeroizing::new(form(self.client_secret.expose_secret()));
        let call = OutgoingCall {
            peer: Peer::Dci,
            endpoint: TOKEN.to_owned(),
            method: reqwest::Method::POST,
            url: self.url(TOKEN_PATH),
            headers: vec![(
                "content-type",
                Zeroizing::new("application/x-www-form-urlencoded".to_owned()),
            )],
            body: Zeroizing::new(body.as_bytes().to_vec()),
            recorded_body: form(MASK),
            plaintext: None,
        };
        let (mut exchange, reply) = self.http.execute(call, &self.redactor).await;
        let result = reply.and_then(|reply| self.read_token(&reply));
        let result = match result {
            Ok((token, lifetime)) => {
                self.redactor.add(&token);
                // The answer was recorded before the token was known: sweep it again.
                exchange.response_body = exchange.response_body.map(|b| self.redactor.sweep(&b));
                let margin = i64::try_from(self.settings.token_renew_margin.as_secs())
                    .unwrap_or(i64::MAX)
                    .min(lifetime / 2);
                *cached = Some(CachedToken {
                    token: token.clone(),
                    renew_at: self.clock.now() + chrono::Duration::seconds(lifetime - margin),
                });
                Ok(token)
            }
            Err(e) => Err(e.scrubbed(|t| self.redactor.sweep(t))),
        };
        exchange.conclude(&result);
        exchanges.push(exchange);
        result
    }

    /// `{access_token, token_type, expires_in}` or an RFC 6749 error.
    fn read_token(&self, reply: &HttpReply) -> Result<(SecretString, i64)> {
        let text = String::from_utf8_lossy(&reply.body);
        let endpoint = TOKEN.to_owned();
        match reply.status {
            200..=299 => {}
            400..=499 => {
                return Err(Error::HttpClient {
                    peer: Peer::Dci,
                    endpoint,
                    status: reply.status,
                    peer_text: peer_error_text(&text),
                })
            }
            status => {
                return Err(Error::HttpServer {
                    peer: Peer::Dci,
                    endpoint,
                    status,
                    peer_text: peer_error_text(&text),
                })
            }
        }
        let value: Value = serde_json::from_str(&text).map_err(|e| Error::BadResponse {
            peer: Peer::Dci,
            endpoint: endpoint.clone(),
            problem: "the token answer is not JSON".into(),
            detail: e.to_string(),
        })?;
        let token = value
            .get("access_token")
            .and_then(Value::as_str)
            .filter(|t| !t.trim().is_empty())
            .ok_or_else(|| Error::BadResponse {
                peer: Peer::Dci,
                endpoint: endpoint.clone(),
                problem: "the token answer has no access_token".into(),
                detail: String::new(),
            })?;
        let lifetime = value
            .get("expires_in")
            .and_then(|v| {
                v.as_i64()
                    .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
            })
            .filter(|secs| *secs > 0)
            .unwrap_or(DEFAULT_TOKEN_LIFETIME_SECS);
        Ok((SecretString::from(token.to_owned()), lifetime))
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.settings.base_url.trim_end_matches('/'))
    }
}

/// What a registry call answered, before the caller picks the kind it expects.
#[derive(Debug)]
enum Reply {
    Signed(SignedAnswer),
    Ack(AckAnswer),
}

impl Attempt<(SentRequest, Reply)> {
    fn map_reply<T>(
        mut self,
        pick: impl FnOnce(Reply) -> std::result::Result<T, String>,
        call: DciCall,
    ) -> Attempt<(SentRequest, T)> {
        let result = self.result.and_then(|(sent, reply)| {
            pick(reply)
                .map(|value| (sent, value))
                .map_err(|problem| Error::BadResponse {
                    peer: Peer::Dci,
                    endpoint: call.endpoint().to_owned(),
                    problem: format!("it answered with {problem}"),
                    detail: String::new(),
                })
        });
        if let (Err(error), Some(last)) = (&result, self.exchanges.last_mut()) {
            if last.succeeded() {
                last.conclude::<()>(&Err(clone_bad_response(error)));
            }
        }
        Attempt {
            result,
            exchanges: self.exchanges,
        }
    }
}

fn clone_bad_response(error: &Error) -> Error {
    Error::BadResponse {
        peer: Peer::Dci,
        endpoint: String::new(),
        problem: error.to_string(),
        detail: error.detail().unwrap_or_default(),
    }
}

fn parse_key_id(setting: &'static str, text: &str) -> Result<KeyId> {
    let parts: Vec<&str> = text.split('|').collect();
    let invalid = |problem: String| Error::InvalidSetting { setting, problem };
    match parts.as_slice() {
        [sender, key, algorithm] if *algorithm == kendra_wire::dci::ALGORITHM => {
            KeyId::new(*sender, *key).map_err(|e| invalid(e.to_string()))
        }
        [_, _, algorithm] => Err(invalid(format!(
            "\"{text}\" names algorithm \"{algorithm}\"; DCI signs with ed25519"
        ))),
        _ => Err(invalid(format!(
            "\"{text}\" is not of the form sender_id|unique_key_id|ed25519"
        ))),
    }
}

/// `signature` first, as the yaml prints it (the signature does not cover member order).
fn signature_first(envelope: Value) -> Value {
    let Value::Object(members) = envelope else {
        return envelope;
    };
    let mut ordered = serde_json::Map::new();
    for name in ["signature", "header", "message"] {
        if let Some(v) = members.get(name) {
            ordered.insert(name.to_owned(), v.clone());
        }
    }
    Value::Object(ordered)
}

fn form_body(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", url_encode(k), url_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn url_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(byte));
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// A random id in UUID v4 form. `RandomState` is seeded from the OS's randomness; ids only need
/// to be unique, not secret.
pub fn message_id() -> String {
    let word = || {
        let mut hasher = RandomState::new().build_hasher();
        hasher.write_u128(
            Utc::now()
                .timestamp_nanos_opt()
                .map_or(0, |n| n.unsigned_abs().into()),
        );
        hasher.finish()
    };
    let (a, b) = (word(), word());
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0x0fff,
        ((b >> 48) & 0x3fff) | 0x8000,
        b & 0xffff_ffff_ffff
    )
}

/// The DCI error code of an answer body: `errors[0].code`, an ack's `message.error.code`, or an
/// OAuth `error`.
fn peer_code(text: &str) -> Option<String> {
    let value: Value = serde_json::from_str(text).ok()?;
    value
        .pointer("/errors/0/code")
        .or_else(|| value.pointer("/message/error/code"))
        .or_else(|| value.get("error").filter(|e| e.is_string()))
        .and_then(Value::as_str)
        .map(str::to_owned)
}

/// `code: message` from any of the registry's error shapes, else the body clipped.
fn peer_error_text(text: &str) -> String {
    let Ok(value) = serde_json::from_str::<Value>(text) else {
        return clip(text);
    };
    let pair = |code: Option<&Value>, message: Option<&Value>| {
        let code = code.and_then(Value::as_str).unwrap_or("");
        let message = message.and_then(Value::as_str).unwrap_or("");
        match (code.is_empty(), message.is_empty()) {
            (true, true) => None,
            (false, true) => Some(code.to_owned()),
            (true, false) => Some(message.to_owned()),
            (false, false) => Some(format!("{code}: {message}")),
        }
    };
    pair(
        value.pointer("/errors/0/code"),
        value.pointer("/errors/0/message"),
    )
    .or_else(|| {
        pair(
            value.pointer("/message/error/code"),
            value.pointer("/message/error/message"),
        )
    })
    .or_else(|| pair(value.get("error"), value.get("error_description")))
    .map(|t| clip(&t))
    .unwrap_or_else(|| clip(text))
}

fn clip(text: &str) -> String {
    let mut out: String = text.chars().take(PEER_TEXT_LIMIT).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_ids_are_uuid_shaped_and_differ() {
        let a = message_id();
        let b = message_id();
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "4");
    }

    #[test]
    fn peer_error_texts_from_every_shape() {
        assert_eq!(
            peer_error_text(r#"{"errors":[{"code":"err.signature.invalid","message":"no"}]}"#),
            "err.signature.invalid: no"
        );
        assert_eq!(
            peer_code(r#"{"errors":[{"code":"err.request.unauthorized","message":"x"}]}"#)
                .as_deref(),
            Some("err.request.unauthorized")
        );
        assert_eq!(
            peer_error_text(
                r#"{"message":{"ack_status":"ERR","error":{"code":"err.sender_uri.invalid","message":"m"}}}"#
            ),
            "err.sender_uri.invalid: m"
        );
        assert_eq!(
            peer_error_text(r#"{"error":"invalid_client","error_description":"wrong"}"#),
            "invalid_client: wrong"
        );
        assert_eq!(peer_error_text("plain"), "plain");
    }

    #[test]
    fn settings_are_checked_before_anything_is_sent() {
        let key = DciSigningKey::from_seed([7; 32]);
        let secrets = || DciSecrets {
            client_secret: SecretString::from("client-secret-1".to_owned()),
            private_key: key.to_base64(),
        };
        let public = key.public_key().to_base64();
        let good = DciSettings::new(
            "http://127.0.0.1:9",
            "sp",
            "sp|k1|ed25519",
            "social|r1|ed25519",
            public.clone(),
        );
        assert!(DciClient::new(good.clone(), secrets()).is_ok());
        let bad_kid = DciSettings {
            key_id: "sp-k1".into(),
            ..good.clone()
        };
        assert!(matches!(
            DciClient::new(bad_kid, secrets()),
            Err(Error::InvalidSetting {
                setting: "DCI key_id",
                ..
            })
        ));
        let bad_public = DciSettings {
            registry_public_key: "not base64".into(),
            ..good.clone()
        };
        assert!(matches!(
            DciClient::new(bad_public, secrets()),
            Err(Error::InvalidSetting {
                setting: "DCI registry_public_key",
                ..
            })
        ));
        let bad_key = DciSecrets {
            private_key: SecretString::from("short".to_owned()),
            ..secrets()
        };
        assert!(matches!(
            DciClient::new(good, bad_key),
            Err(Error::UnusableSecret { .. })
        ));
    }

    #[test]
    fn forms_are_url_encoded() {
        assert_eq!(
            form_body(&[("a", "x y&z"), ("b", "é")]),
            "a=x%20y%26z&b=%C3%A9"
        );
    }
}
