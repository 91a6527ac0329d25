//! A client for a gateway speaking the header-secrets layer: every call carries a `pass_key`
//! header and a fresh `header_secrets` header (the encrypted `{client_id, client_secret, epoch}`),
//! the body is `{"RequestData": "<AES>"}`, and success is HTTP 200 `{"ResponseData": "<AES>"}`.
//! Failures come back unencrypted as `{status: FAILED, error_code, message}` and are classified
//! by their HTTP status: a 401 here is a refused credential or a stale epoch, never a token to
//! renew, so it is an ordinary HTTP 4xx.

use std::sync::Arc;

use kendra_wire::aes_cbc::AesCbcKey;
use kendra_wire::header_secrets::{
    EpochUnit, HeaderSecretsAnswer, HeaderSecretsClient as HeaderSecretsLayer,
    HEADER_SECRETS_HEADER, PASS_KEY_HEADER,
};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use zeroize::Zeroizing;

use crate::clock::{Clock, SystemClock};
use crate::error::{Error, Result};
use crate::exchange::{Attempt, Exchange};
use crate::http_core::{HttpCore, HttpReply, HttpSettings, OutgoingCall};
use crate::isp_client::peer_error_text;
use crate::peer::Peer;
use crate::secret_redaction::Redactor;

/// The sandbox gateway's status look-up (the spec names no endpoints).
pub const APPLICATION_STATUS_PATH: &str = "/hs/v1/application/status";
/// The sandbox gateway's echo: proves a client's layer works.
pub const ECHO_PATH: &str = "/hs/v1/echo";
/// Longest path accepted; anything longer is a paste gone wrong.
const MAX_PATH_LEN: usize = 512;
/// Longest application number accepted.
const MAX_APPLICATION_NO_LEN: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeaderSecretsSettings {
    /// Scheme, host and port; call paths are appended.
    pub base_url: String,
    pub client_id: String,
    /// Seconds (the text's default) or milliseconds (the sample's 13 digits).
    pub epoch_unit: EpochUnit,
    pub http: HttpSettings,
}

impl HeaderSecretsSettings {
    pub fn new(base_url: impl Into<String>, client_id: impl Into<String>) -> Self {
        Self {
            base_url: base_url.into(),
            client_id: client_id.into(),
            epoch_unit: EpochUnit::default(),
            http: HttpSettings::default(),
        }
    }
}

/// The client's secrets, from the keyring: never stored with the settings.
#[derive(Debug, Clone)]
pub struct HeaderSecretsSecrets {
    pub pass_key: SecretString,
    pub client_secret: SecretString,
    /// The AES key for both the headers and the payload (the spec: "same key").
    pub key: Arc<AesCbcKey>,
    /// The texts the key was made from (raw key and IV, or the shared secret): never recorded,
    /// swept out of every exchange and error should a peer echo them.
    pub key_material: Vec<SecretString>,
}

/// The gateway's own failure body, `{status: FAILED, error_code, message}`, read back from a
/// recorded exchange so callers can show the gateway's words and code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GatewayRefusal {
    pub http_status: u16,
    pub error_code: Option<String>,
    pub message: String,
}

impl GatewayRefusal {
    /// The refusal in an exchange's answer, when the answer is the gateway's failure body.
    pub fn from_exchange(exchange: &Exchange) -> Option<Self> {
        let status = exchange.response_status?;
        let body = exchange.response_body.as_deref()?;
        Self::from_body(status, body.as_bytes())
    }

    fn from_body(http_status: u16, body: &[u8]) -> Option<Self> {
        let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(body) else {
            return None;
        };
        let failed = map
            .get("status")
            .and_then(Value::as_str)
            .is_some_and(|s| s.eq_ignore_ascii_case("FAILED"));
        let error_code = text_field(&map, &["error_code", "errorCode", "code"]);
        let message = text_field(&map, &["message", "error", "error_description"]);
        if !failed && error_code.is_none() {
            return None;
        }
        Some(Self {
            http_status,
            message: message.unwrap_or_else(|| "FAILED, without a message".to_owned()),
            error_code,
        })
    }

    /// `message (error_code)`: the gateway's words and code in one line.
    fn text(&self) -> String {
        match &self.error_code {
            Some(code) => format!("{} ({code})", self.message),
            None => self.message.clone(),
        }
    }
}

/// `POST /hs/v1/application/status`'s answer. Identifiers are strings, whatever the gateway sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GatewayApplicationStatus {
    pub application_no: String,
    pub applicant_name: Option<String>,
    pub applicant_name_hindi: Option<String>,
    pub service_name: Option<String>,
    pub district: Option<String>,
    pub status_code: String,
    pub status: Option<String>,
    pub status_date: Option<String>,
    pub remarks: Option<String>,
}

impl GatewayApplicationStatus {
    fn from_answer(answer: &Value) -> std::result::Result<Self, String> {
        let Value::Object(map) = answer else {
            return Err("it is not a JSON object".to_owned());
        };
        let required = |names: &[&str]| {
            text_field(map, names).ok_or_else(|| format!("it has no {}", names[0]))
        };
        Ok(Self {
            application_no: required(&["application_no", "applicationNo", "application_id"])?,
            applicant_name: text_field(map, &["applicant_name", "applicantName"]),
            applicant_name_hindi: text_field(map, &["applicant_name_hindi", "applicantNameHindi"]),
            service_name: text_field(map, &["service_name", "serviceName"]),
            district: text_field(map, &["district"]),
            status_code: required(&["status_code", "statusCode"])?,
            status: text_field(map, &["status"]),
            status_date: text_field(map, &["status_date", "statusDate"]),
            remarks: text_field(map, &["remarks"]),
        })
    }
}

/// A field as text: strings as they are, numbers written as their digits (no float round trip).
fn text_field(map: &Map<String, Value>, names: &[&str]) -> Option<String> {
    names.iter().find_map(|name| {
        let value = map
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)?;
        match value {
            Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    })
}

#[derive(Debug)]
pub struct HeaderSecretsClient {
    settings: HeaderSecretsSettings,
    layer: HeaderSecretsLayer,
    http: HttpCore,
    redactor: Redactor,
    clock: Arc<dyn Clock>,
}

impl HeaderSecretsClient {
    pub fn new(settings: HeaderSecretsSettings, secrets: HeaderSecretsSecrets) -> Result<Self> {
        let http = HttpCore::new(settings.http.clone())?;
        http.check_url("header-secrets base URL", &settings.base_url)?;
        let layer = HeaderSecretsLayer::new(
            &settings.client_id,
            secrets.client_secret.expose_secret(),
            secrets.pass_key.expose_secret(),
            secrets.key,
            settings.epoch_unit,
        )
        .map_err(|source| Error::UnusableSecret {
            secret: "header-secrets credentials",
            source,
        })?;
        let redactor = Redactor::new();
        redactor.add(&secrets.pass_key);
        redactor.add(&secrets.client_secret);
        for material in &secrets.key_material {
            redactor.add(material);
        }
        Ok(Self {
            settings,
            layer,
            http,
            redactor,
            clock: Arc::new(SystemClock),
        })
    }

    /// Reads the time for the epoch from `clock` (tests move it).
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    pub fn settings(&self) -> &HeaderSecretsSettings {
        &self.settings
    }

    /// The application's status at the gateway (`/hs/v1/application/status`).
    pub async fn application_status(
        &self,
        application_no: &str,
    ) -> Attempt<GatewayApplicationStatus> {
        let wanted = application_no.trim();
        if let Err(problem) = check_application_no(wanted) {
            let error = Error::LocalValidation {
                what: format!("the application number {application_no:?}"),
                problem,
            };
            return Attempt::failed(error, Vec::new());
        }
        let request = serde_json::json!({ "application_no": wanted });
        let mut attempt = self.call(APPLICATION_STATUS_PATH, &request).await;
        let result = attempt.result.and_then(|answer| {
            let bad = |problem: String| Error::BadResponse {
                peer: Peer::HeaderSecrets,
                endpoint: APPLICATION_STATUS_PATH.to_owned(),
                problem,
                detail: String::new(),
            };
            let status = GatewayApplicationStatus::from_answer(&answer)
                .map_err(|p| bad(format!("its answer is not a status record: {p}")))?;
            if status.application_no != wanted {
                return Err(bad(format!(
                    "it answered for application {:?} where {wanted:?} was asked",
                    status.application_no
                )));
            }
            Ok(status)
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

    /// Sends `request` (any JSON) to `path` under the layer and answers the decrypted JSON.
    pub async fn call(&self, path: &str, request: &Value) -> Attempt<Value> {
        if let Err(problem) = check_path(path) {
            let error = Error::LocalValidation {
                what: format!("the path {:?}", path.chars().take(80).collect::<String>()),
                problem,
            };
            return Attempt::failed(error, Vec::new());
        }
        let payload = request.to_string();
        let (exchange, result) = self.send(path, &payload).await;
        Attempt {
            result,
            exchanges: vec![exchange],
        }
    }

    async fn send(&self, path: &str, payload_json: &str) -> (Exchange, Result<Value>) {
        // A fresh header_secrets every call: the gateway refuses an epoch older than 5 minutes.
        let [(_, pass_key), (_, header_secrets)] = self.layer.headers(self.clock.now());
        let body = self.layer.seal_body(payload_json);
        let call = OutgoingCall {
            peer: Peer::HeaderSecrets,
            endpoint: path.to_owned(),
            method: reqwest::Method::POST,
            url: self.url(path),
            headers: vec![
                (
                    "content-type",
                    Zeroizing::new("application/json".to_owned()),
                ),
                (PASS_KEY_HEADER, Zeroizing::new(pass_key)),
                (HEADER_SECRETS_HEADER, Zeroizing::new(header_secrets)),
            ],
            body: Zeroizing::new(body.as_bytes().to_vec()),
            // {"RequestData": ciphertext}: no secret, kept as it went.
            recorded_body: body,
            plaintext: Some(payload_json.to_owned()),
        };
        let (mut exchange, reply) = self.http.execute(call, &self.redactor).await;
        let result = reply
            .and_then(|reply| self.interpret(path, &reply))
            .map_err(|e| e.scrubbed(|t| self.redactor.sweep(t)));
        let result = match result {
            Ok((plaintext, value)) => {
                exchange.answer_plaintext = Some(self.redactor.json_text(&plaintext));
                Ok(value)
            }
            Err(e) => Err(e),
        };
        exchange.conclude(&result);
        (exchange, result)
    }

    /// HTTP status first, then the body: 200 with `ResponseData` that decrypts to JSON is the
    /// only success; the gateway's unencrypted FAILED body gives the failure its words and code.
    fn interpret(&self, path: &str, reply: &HttpReply) -> Result<(String, Value)> {
        let refusal = GatewayRefusal::from_body(reply.status, &reply.body);
        let peer_text = || {
            refusal
                .as_ref()
                .map(GatewayRefusal::text)
                .unwrap_or_else(|| peer_error_text(&reply.body))
        };
        let endpoint = path.to_owned();
        let peer = Peer::HeaderSecrets;
        match reply.status {
            200 => {}
            400..=499 => {
                return Err(Error::HttpClient {
                    peer,
                    endpoint,
                    status: reply.status,
                    peer_text: peer_text(),
                })
            }
            500..=599 => {
                return Err(Error::HttpServer {
                    peer,
                    endpoint,
                    status: reply.status,
                    peer_text: peer_text(),
                })
            }
            other => {
                return Err(Error::BadResponse {
                    peer,
                    endpoint,
                    problem: format!("HTTP {other} where 200 was expected"),
                    detail: peer_text(),
                })
            }
        }
        let bad = |problem: String, detail: String| Error::BadResponse {
            peer,
            endpoint: path.to_owned(),
            problem,
            detail,
        };
        match self.layer.open_answer(&reply.body) {
            Ok(HeaderSecretsAnswer::Decrypted(plaintext)) => {
                match serde_json::from_str::<Value>(&plaintext) {
                    Ok(value) => Ok((plaintext, value)),
                    Err(e) => Err(bad(
                        "its ResponseData decrypted, but it is not JSON".to_owned(),
                        e.to_string(),
                    )),
                }
            }
            Ok(HeaderSecretsAnswer::Unencrypted(_)) => match refusal {
                Some(refusal) => Err(Error::PeerFailed {
                    peer,
                    endpoint,
                    error: refusal.text(),
                }),
                None => Err(bad(
                    "it has neither ResponseData nor a FAILED status".to_owned(),
                    peer_error_text(&reply.body),
                )),
            },
            Err(e) => Err(bad(
                format!("{e} (is the profile's key or cipher the gateway's?)"),
                e.detail().unwrap_or_default(),
            )),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.settings.base_url.trim_end_matches('/'))
    }
}

fn check_path(path: &str) -> std::result::Result<(), String> {
    if !path.starts_with('/') || path.starts_with("//") {
        return Err("it must start with one / (like /hs/v1/echo)".to_owned());
    }
    if path.len() > MAX_PATH_LEN {
        return Err(format!("it is longer than {MAX_PATH_LEN} characters"));
    }
    if path.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("it contains spaces or control characters".to_owned());
    }
    Ok(())
}

fn check_application_no(no: &str) -> std::result::Result<(), String> {
    if no.is_empty() {
        return Err("it is empty".to_owned());
    }
    if no.chars().count() > MAX_APPLICATION_NO_LEN {
        return Err(format!(
            "it is longer than {MAX_APPLICATION_NO_LEN} characters"
        ));
    }
    if no.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("it contains spaces or control characters".to_owned());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::OffsetClock;
    use crate::failure_class::FailureClass;
    use kendra_sandbox::{RunningSandbox, SandboxConfig};
    use kendra_wire::cipher_profile::KeyMaterial;
    use kendra_wire::isp::IspVariant;

    fn text(info: &Value, pointer: &str) -> String {
        info.pointer(pointer)
            .and_then(Value::as_str)
            .unwrap()
            .to_owned()
    }

    async fn sandbox() -> (RunningSandbox, Value) {
        let sandbox = RunningSandbox::start(SandboxConfig::default())
            .await
            .unwrap();
        let info = kendra_sandbox::control::info_document(sandbox.shared());
        (sandbox, info)
    }

    /// A client for the seeded `label` (`bsk_style` or `isp_style`) from the sandbox's info.
    fn client(info: &Value, label: &str) -> HeaderSecretsClient {
        let c = format!("/header_secrets/clients/{label}");
        let (key, material) = if label == "bsk_style" {
            let (k, iv) = (
                text(info, &format!("{c}/key")),
                text(info, &format!("{c}/iv")),
            );
            let key = KeyMaterial::BskRaw {
                key_name: "key",
                key: k.as_bytes(),
                iv_name: "iv",
                iv: iv.as_bytes(),
            }
            .key()
            .unwrap();
            (key, vec![SecretString::from(k), SecretString::from(iv)])
        } else {
            let secret = text(info, &format!("{c}/secret"));
            let key = KeyMaterial::IspSecret {
                secret: secret.as_bytes(),
                variant: IspVariant::Canonical,
            }
            .key()
            .unwrap();
            (key, vec![SecretString::from(secret)])
        };
        let mut settings = HeaderSecretsSettings::new(
            text(info, "/header_secrets/base_url"),
            text(info, &format!("{c}/client_id")),
        );
        settings.epoch_unit =
            serde_json::from_value(info[&"header_secrets"]["clients"][label]["epoch_unit"].clone())
                .unwrap();
        HeaderSecretsClient::new(
            settings,
            HeaderSecretsSecrets {
                pass_key: SecretString::from(text(info, &format!("{c}/pass_key"))),
                client_secret: SecretString::from(text(info, &format!("{c}/client_secret"))),
                key,
                key_material: material,
            },
        )
        .unwrap()
    }

    #[tokio::test]
    async fn both_seeded_clients_read_a_status_and_nothing_secret_is_recorded() {
        let (_sandbox, info) = sandbox().await;
        for label in ["bsk_style", "isp_style"] {
            let client = client(&info, label);
            let attempt = client.application_status(" HS2024UP000103 ").await;
            let status = attempt.result.as_ref().unwrap();
            assert_eq!(status.application_no, "HS2024UP000103");
            assert_eq!(status.status_code, "S109");
            assert!(status
                .applicant_name_hindi
                .as_deref()
                .unwrap()
                .contains("इरफ़ान"));
            let [exchange] = attempt.exchanges.as_slice() else {
                panic!("one exchange expected")
            };
            assert!(exchange.succeeded());
            assert!(exchange.request_body.starts_with(r#"{"RequestData":""#));
            assert_eq!(
                exchange.request_plaintext.as_deref(),
                Some(r#"{"application_no":"HS2024UP000103"}"#)
            );
            assert!(exchange
                .answer_plaintext
                .as_deref()
                .unwrap()
                .contains("S109"));
            let recorded = serde_json::to_string(exchange).unwrap();
            let c = format!("/header_secrets/clients/{label}");
            for secret in ["pass_key", "client_secret", "key", "iv", "secret"] {
                if let Some(value) = info
                    .pointer(&format!("{c}/{secret}"))
                    .and_then(Value::as_str)
                {
                    assert!(!recorded.contains(value), "{label} {secret} in {recorded}");
                }
            }
            assert!(recorded.contains(r#"["pass_key","••••"]"#), "{recorded}");
            assert!(
                recorded.contains(r#"["header_secrets","••••"]"#),
                "{recorded}"
            );

            let echo = client
                .call(ECHO_PATH, &serde_json::json!({"ping": "नमस्ते"}))
                .await;
            assert_eq!(
                echo.result.unwrap()["echo"],
                serde_json::json!({"ping": "नमस्ते"})
            );
        }
    }

    #[tokio::test]
    async fn refusals_keep_the_gateways_words_and_code_and_are_not_token_expiry() {
        let (_sandbox, info) = sandbox().await;
        let client = client(&info, "bsk_style");
        let attempt = client.application_status("HS2024UP999999").await;
        let err = attempt.result.unwrap_err();
        assert_eq!(err.class(), FailureClass::Http4xx);
        assert!(err.to_string().contains("application_not_found"), "{err}");
        let refusal = GatewayRefusal::from_exchange(&attempt.exchanges[0]).unwrap();
        assert_eq!(refusal.http_status, 404);
        assert_eq!(refusal.error_code.as_deref(), Some("application_not_found"));

        // A clock ten minutes behind the gateway's: the epoch is stale, a 401 that is no token.
        let clock = Arc::new(OffsetClock::new());
        clock.advance(-600);
        let client = self::client(&info, "isp_style").with_clock(clock);
        let attempt = client.call(ECHO_PATH, &serde_json::json!({})).await;
        let err = attempt.result.unwrap_err();
        assert_eq!(err.class(), FailureClass::Http4xx, "{err}");
        assert_ne!(err.code(), "token_expired");
        let refusal = GatewayRefusal::from_exchange(&attempt.exchanges[0]).unwrap();
        assert_eq!(
            (refusal.http_status, refusal.error_code.as_deref()),
            (401, Some("epoch_stale"))
        );
    }

    #[tokio::test]
    async fn bad_input_is_refused_before_sending() {
        let (_sandbox, info) = sandbox().await;
        let client = client(&info, "bsk_style");
        for no in ["", "HS 2024", &"9".repeat(65)] {
            let attempt = client.application_status(no).await;
            assert!(attempt.exchanges.is_empty());
            assert_eq!(
                attempt.result.unwrap_err().class(),
                FailureClass::LocalValidation
            );
        }
        for path in ["hs/v1/echo", "//evil.example/x", "/a b"] {
            let attempt = client.call(path, &Value::Null).await;
            assert!(attempt.exchanges.is_empty(), "{path}");
        }
    }

    #[test]
    fn failure_bodies_are_read() {
        let body = br#"{"status":"FAILED","error_code":"epoch_stale","message":"too old"}"#;
        let r = GatewayRefusal::from_body(401, body).unwrap();
        assert_eq!(r.text(), "too old (epoch_stale)");
        assert!(GatewayRefusal::from_body(200, br#"{"ResponseData":"x"}"#).is_none());
        assert!(GatewayRefusal::from_body(404, b"Not Found").is_none());
        let map = serde_json::json!({"application_no": 12345678901234567_u64, "x": ""});
        let Value::Object(map) = map else { panic!() };
        assert_eq!(
            text_field(&map, &["application_no"]).as_deref(),
            Some("12345678901234567")
        );
        assert_eq!(text_field(&map, &["x"]), None);
    }
}
