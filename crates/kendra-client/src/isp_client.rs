//! The UP ISP client: `/ispws/authenticate` with the token cached and renewed, and the five
//! `/ispws/isp/v1/…` calls. Success is HTTP 200 with `SUCCESSFUL`, nothing else.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use kendra_wire::aes_cbc::AesCbcKey;
use kendra_wire::isp::{IspAnswer, IspKeyCache, IspOutcome, IspRequest, IspVariant};
use kendra_wire::jwt_hs256;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use zeroize::Zeroizing;

use crate::clock::{Clock, SystemClock};
use crate::error::{Error, Result};
use crate::exchange::{Attempt, Exchange};
use crate::http_core::{HttpCore, HttpReply, HttpSettings, OutgoingCall};
use crate::isp_requests::{
    ActionTimeFormat, ApplicantCommonDetails, CommonDetailsRequest, IspStatusDelivery,
    SessionKeyValidation, ValidatedRequest,
};
use crate::peer::Peer;
use crate::secret_redaction::{Redactor, MASK};
use crate::session_token::{before, CachedToken, TokenSlot};

pub const AUTHENTICATE_PATH: &str = "/ispws/authenticate";
pub const SERVICES_PATH: &str = "/ispws/isp/v1/";
pub const AUTHENTICATE: &str = "authenticate";
pub const REQUEST_VALIDATION: &str = "getRequestValidatedAndRequestID";
pub const COMMON_DETAILS: &str = "getApplicantCommonDetails";
pub const ACKNOWLEDGEMENT: &str = "returnApplicationAcknowledgement";
pub const SERVICE_STATUS: &str = "returnServiceStatus";
pub const DELIVERED_STATUS: &str = "returnDeliveredServiceStatus";

/// The manual's token lifetime, used when a token carries no `exp`.
const DEFAULT_TOKEN_LIFETIME_SECS: i64 = 60 * 60;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IspSettings {
    /// Scheme, host and port (`http://164.100.181.20:8080`); the manual's paths are appended.
    pub base_url: String,
    pub dept_id: String,
    pub http: HttpSettings,
    pub action_time_format: ActionTimeFormat,
    /// Canonical unless a tester diagnoses a department's variant.
    pub cipher_variant: IspVariant,
    /// Renew the token this long before it expires.
    pub token_renew_margin: Duration,
}

impl IspSettings {
    pub fn new(base_url: impl Into<String>, dept_id: impl Into<String>) -> Self {
        Self {
            base_url: base_url.into(),
            dept_id: dept_id.into(),
            http: HttpSettings::default(),
            action_time_format: ActionTimeFormat::default(),
            cipher_variant: IspVariant::Canonical,
            token_renew_margin: Duration::from_secs(5 * 60),
        }
    }
}

/// The department's secrets, from the keyring: never stored with the settings.
#[derive(Debug, Clone)]
pub struct IspSecrets {
    /// `/authenticate`'s password.
    pub password: SecretString,
    /// The shared secret the AES key is derived from.
    pub secret_key: SecretString,
}

/// A successful status call: the portal's timestamp.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IspReceipt {
    pub endpoint: String,
    pub timestamp: Option<String>,
}

#[derive(Debug)]
pub struct IspClient {
    settings: IspSettings,
    password: SecretString,
    key: Arc<AesCbcKey>,
    http: HttpCore,
    redactor: Redactor,
    clock: Arc<dyn Clock>,
    token: TokenSlot<CachedToken>,
}

impl IspClient {
    pub fn new(settings: IspSettings, secrets: IspSecrets) -> Result<Self> {
        let http = HttpCore::new(settings.http.clone())?;
        http.check_url("ISP base URL", &settings.base_url)?;
        if settings.dept_id.trim().is_empty() {
            return Err(Error::InvalidSetting {
                setting: "ISP dept_id",
                problem: "it is empty".into(),
            });
        }
        if secrets.password.expose_secret().is_empty() {
            return Err(Error::InvalidSetting {
                setting: "ISP password",
                problem: "it is empty".into(),
            });
        }
        // Derived once per secret and kept in memory (1000 PBKDF2 rounds per derivation).
        let key = IspKeyCache::global()
            .get(
                secrets.secret_key.expose_secret().as_bytes(),
                settings.cipher_variant,
            )
            .map_err(|source| Error::UnusableSecret {
                secret: "ISP secret key",
                source,
            })?;
        let redactor = Redactor::new();
        redactor.add(&secrets.password);
        redactor.add(&secrets.secret_key);
        Ok(Self {
            settings,
            password: secrets.password,
            key,
            http,
            redactor,
            clock: Arc::new(SystemClock),
            token: TokenSlot::default(),
        })
    }

    /// Reads the time for token renewal from `clock` (tests move it).
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    pub fn settings(&self) -> &IspSettings {
        &self.settings
    }

    /// False: the manual's portal is plain HTTP, and the UI says so.
    pub fn link_is_encrypted(&self) -> bool {
        false
    }

    /// Signs in now, replacing any cached token.
    pub async fn authenticate(&self) -> Attempt<()> {
        let mut exchanges = Vec::new();
        let mut cached = self.token.lock().await;
        let result = self.sign_in(&mut cached, &mut exchanges).await.map(|_| ());
        Attempt { result, exchanges }
    }

    /// 7-A: validates the session key; answers the request's ids.
    pub async fn validate_session_key(
        &self,
        request: &SessionKeyValidation,
    ) -> Attempt<ValidatedRequest> {
        self.typed_call(REQUEST_VALIDATION, request, |data| {
            serde_json::from_str::<ValidatedRequest>(data).map_err(|e| e.to_string())
        })
        .await
    }

    /// 7-B: the applicant's common details.
    pub async fn applicant_common_details(
        &self,
        request: &CommonDetailsRequest,
    ) -> Attempt<ApplicantCommonDetails> {
        self.typed_call(COMMON_DETAILS, request, ApplicantCommonDetails::from_json)
            .await
    }

    /// 7-C, 7-D or 7-E by the delivery's kind, after the manual's field checks.
    pub async fn deliver_status(&self, delivery: &IspStatusDelivery) -> Attempt<IspReceipt> {
        let endpoint = delivery.endpoint();
        let payload = match delivery
            .validate()
            .and_then(|()| delivery.wire_payload(self.settings.action_time_format))
        {
            Ok(payload) => payload,
            Err(e) => return Attempt::failed(e, Vec::new()),
        };
        let attempt = self.call(endpoint, payload).await;
        Attempt {
            result: attempt.result.map(|answer| IspReceipt {
                endpoint: endpoint.to_owned(),
                timestamp: answer.timestamp,
            }),
            exchanges: attempt.exchanges,
        }
    }

    async fn typed_call<Req: Serialize, T>(
        &self,
        endpoint: &'static str,
        request: &Req,
        parse: impl Fn(&str) -> std::result::Result<T, String>,
    ) -> Attempt<T> {
        let payload = match serde_json::to_string(request) {
            Ok(p) => p,
            Err(e) => {
                let error = Error::LocalValidation {
                    what: format!("the {endpoint} request"),
                    problem: e.to_string(),
                };
                return Attempt::failed(error, Vec::new());
            }
        };
        let mut attempt = self.call(endpoint, payload).await;
        let result = attempt.result.and_then(|answer| {
            let data = answer
                .data
                .ok_or_else(|| "the answer carries no data".to_owned());
            data.and_then(|d| parse(&d))
                .map_err(|problem| Error::BadResponse {
                    peer: Peer::Isp,
                    endpoint: endpoint.to_owned(),
                    problem: format!("its data is not the expected record: {problem}"),
                    detail: String::new(),
                })
        });
        let result = result.map_err(|e| e.scrubbed(|t| self.redactor.sweep(t)));
        if let Some(last) = attempt.exchanges.last_mut() {
            last.conclude(&result);
        }
        Attempt {
            result,
            exchanges: attempt.exchanges,
        }
    }

    /// Sends `payload_json` to a service endpoint with a valid token; on a 401, signs in again
    /// and sends once more.
    pub async fn call(&self, endpoint: &str, payload_json: String) -> Attempt<IspAnswer> {
        let now = self.clock.now();
        let payload_json = payload_json.as_str();
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
                    Box::pin(async move { self.send_service(endpoint, payload_json, &token).await })
                },
            )
            .await
    }

    async fn sign_in(
        &self,
        cached: &mut Option<CachedToken>,
        exchanges: &mut Vec<Exchange>,
    ) -> Result<SecretString> {
        *cached = None;
        let body = Zeroizing::new(
            serde_json::json!({
                "username": self.settings.dept_id,
                "password": self.password.expose_secret(),
            })
            .to_string(),
        );
        let recorded =
            serde_json::json!({ "username": self.settings.dept_id, "password": MASK }).to_string();
        let call = OutgoingCall {
            peer: Peer::Isp,
            endpoint: AUTHENTICATE.to_owned(),
            method: reqwest::Method::POST,
            url: self.url(AUTHENTICATE_PATH),
            headers: vec![(
                "content-type",
                Zeroizing::new("application/json".to_owned()),
            )],
            body: Zeroizing::new(body.as_bytes().to_vec()),
            recorded_body: recorded,
            plaintext: None,
        };
        let (mut exchange, reply) = self.http.execute(call, &self.redactor).await;
        let result = reply
            .and_then(|reply| self.interpret(AUTHENTICATE, &reply))
            .and_then(|answer| {
                answer
                    .token
                    .filter(|t| !t.trim().is_empty())
                    .ok_or_else(|| Error::BadResponse {
                        peer: Peer::Isp,
                        endpoint: AUTHENTICATE.to_owned(),
                        problem: "the SUCCESSFUL answer carries no token".into(),
                        detail: String::new(),
                    })
            });
        let result = match result {
            Ok(token) => {
                let token = SecretString::from(token);
                self.redactor.add(&token);
                // The answer was recorded before the token was known: sweep it again.
                exchange.response_body = exchange.response_body.map(|b| self.redactor.sweep(&b));
                let renew_at = self.renew_at(token.expose_secret());
                *cached = Some(CachedToken {
                    token: token.clone(),
                    renew_at,
                });
                Ok(token)
            }
            Err(e) => Err(e.scrubbed(|t| self.redactor.sweep(t))),
        };
        exchange.conclude(&result);
        exchanges.push(exchange);
        result
    }

    /// When to renew: the token's lifetime (`exp` − `iat`) counted from now on our clock, so a
    /// portal clock that is off does not matter; less the margin (at most half the lifetime).
    fn renew_at(&self, token: &str) -> DateTime<Utc> {
        let now = self.clock.now();
        let claims = jwt_hs256::decode_unverified(token).ok().map(|d| d.claims);
        let exp = jwt_hs256::expiry_unverified(token).ok().flatten();
        let iat = claims.and_then(|c| c.get("iat").and_then(Value::as_i64));
        let lifetime = match (exp, iat) {
            (Some(exp), Some(iat)) if exp > iat => exp - iat,
            (Some(exp), _) => (exp - now.timestamp()).max(0),
            (None, _) => DEFAULT_TOKEN_LIFETIME_SECS,
        };
        let margin = i64::try_from(self.settings.token_renew_margin.as_secs())
            .unwrap_or(i64::MAX)
            .min(lifetime / 2);
        now + chrono::Duration::seconds(lifetime - margin)
    }

    async fn send_service(
        &self,
        endpoint: &str,
        payload_json: &str,
        token: &SecretString,
    ) -> (Exchange, Result<IspAnswer>) {
        let request = IspRequest::seal(&self.settings.dept_id, payload_json, &self.key);
        let body = request.to_json();
        let call = OutgoingCall {
            peer: Peer::Isp,
            endpoint: endpoint.to_owned(),
            method: reqwest::Method::POST,
            url: self.url(&format!("{SERVICES_PATH}{endpoint}")),
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
            // {dept_id, e_data}: no secret, ciphertext kept as it went.
            recorded_body: body,
            plaintext: Some(payload_json.to_owned()),
        };
        let (mut exchange, reply) = self.http.execute(call, &self.redactor).await;
        let result = reply
            .and_then(|reply| self.interpret(endpoint, &reply))
            .map_err(|e| e.scrubbed(|t| self.redactor.sweep(t)));
        if let Ok(answer) = &result {
            exchange.answer_plaintext = answer.data.as_deref().map(|d| self.redactor.sweep(d));
        }
        exchange.conclude(&result);
        (exchange, result)
    }

    /// HTTP status first, then the envelope: 200 + SUCCESSFUL is the only success.
    fn interpret(&self, endpoint: &str, reply: &HttpReply) -> Result<IspAnswer> {
        let peer_text = || peer_error_text(&reply.body);
        match reply.status {
            200 => {}
            401 => {
                return Err(Error::TokenExpired {
                    peer: Peer::Isp,
                    endpoint: endpoint.to_owned(),
                    peer_text: peer_text(),
                })
            }
            400..=499 => {
                return Err(Error::HttpClient {
                    peer: Peer::Isp,
                    endpoint: endpoint.to_owned(),
                    status: reply.status,
                    peer_text: peer_text(),
                })
            }
            500..=599 => {
                return Err(Error::HttpServer {
                    peer: Peer::Isp,
                    endpoint: endpoint.to_owned(),
                    status: reply.status,
                    peer_text: peer_text(),
                })
            }
            other => {
                return Err(Error::BadResponse {
                    peer: Peer::Isp,
                    endpoint: endpoint.to_owned(),
                    problem: format!("HTTP {other} where 200 was expected"),
                    detail: peer_text(),
                })
            }
        }
        let answer =
            IspAnswer::open(&reply.body, Some(&self.key)).map_err(|e| Error::BadResponse {
                peer: Peer::Isp,
                endpoint: endpoint.to_owned(),
                problem: e.to_string(),
                detail: e.detail().unwrap_or_default(),
            })?;
        match answer.outcome {
            IspOutcome::Successful => Ok(answer),
            IspOutcome::Failed => Err(Error::PeerFailed {
                peer: Peer::Isp,
                endpoint: endpoint.to_owned(),
                error: if answer.error.is_empty() {
                    "FAILED, without an error text".to_owned()
                } else {
                    answer.error
                },
            }),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.settings.base_url.trim_end_matches('/'))
    }
}

/// The `error` (or `message`) of a JSON error body, else the start of the body.
pub(crate) fn peer_error_text(body: &[u8]) -> String {
    if let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(body) {
        for field in ["error", "message", "error_description"] {
            if let Some(Value::String(text)) = map.get(field) {
                if !text.is_empty() {
                    return text.clone();
                }
            }
        }
    }
    let text = String::from_utf8_lossy(body);
    let excerpt: String = text.chars().take(300).collect();
    if excerpt.trim().is_empty() {
        "(empty body)".to_owned()
    } else {
        excerpt
    }
}
