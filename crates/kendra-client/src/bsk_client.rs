//! The BSK API-2 push: a department reports a submission (draft or final) of a BSK ticket to the
//! portal, in the profile's transport (v5 `agId/encData` form or v4 passcode + JWT). Success is
//! `statusCode` 200 in the answer, decrypted first when it comes as `{"encData"}`.

use chrono::NaiveDateTime;
use kendra_wire::aes_cbc::AesCbcKey;
use kendra_wire::bsk::{bsk_cipher, BskTransport, V4Jwt, V5Form};
use kendra_wire::jwt_hs256::{Claims, Hs256Secret};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::exchange::Attempt;
use crate::http_core::{HttpCore, HttpReply, HttpSettings, OutgoingCall};
use crate::isp_client::peer_error_text;
use crate::isp_requests::is_rupees;
use crate::peer::Peer;
use crate::secret_redaction::{unsigned_jwt, Redactor, MASK};

pub const API2: &str = "API-2";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BskSettings {
    /// The full API-2 URL: the spec leaves URLs to the department.
    pub api2_url: String,
    pub transport: BskTransport,
    pub http: HttpSettings,
    /// Send `userid` and `ticketNo` as JSON strings instead of numbers (errata).
    pub ids_as_text: bool,
}

impl BskSettings {
    pub fn new(api2_url: impl Into<String>, transport: BskTransport) -> Self {
        Self {
            api2_url: api2_url.into(),
            transport,
            http: HttpSettings::default(),
            ids_as_text: false,
        }
    }
}

/// The profile's secrets, from the keyring; each transport needs its own pair.
#[derive(Debug, Clone, Default)]
pub struct BskSecrets {
    /// v5: AES key, 32 characters used as raw bytes.
    pub key: Option<SecretString>,
    /// v5: IV, 16 characters used as raw bytes.
    pub iv: Option<SecretString>,
    /// v4: the passcode sent next to the token.
    pub passcode: Option<SecretString>,
    /// v4: the HS256 secret.
    pub jwt_secret: Option<SecretString>,
}

/// One API-2 push, with the table's field names; ids are digit strings so no digit is lost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Api2Submission {
    #[serde(rename = "userid")]
    pub userid: String,
    pub ticket_no: String,
    pub service_code: String,
    pub app_no: String,
    /// Written `YYYYMMDDHHmmSS` (IST) on the wire.
    pub app_sub_time: NaiveDateTime,
    /// 2 draft submitted, 3 final submitted.
    pub application_status: u8,
    /// Rupees as text (`200.00`): money never passes through a float.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paid_amt: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dept_pay_ref_no: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trans_no: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bank_ref_no: Option<String>,
}

impl Api2Submission {
    /// The `message` the portal expects for the status.
    pub fn message(&self) -> &'static str {
        if self.application_status == 3 {
            "Final Submitted"
        } else {
            "Draft Submitted"
        }
    }

    pub fn validate(&self) -> Result<()> {
        let mut problems = Vec::new();
        let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
        if !(digits(&self.userid)
            && self.userid.len() == 10
            && matches!(self.userid.as_bytes()[0], b'6'..=b'9'))
        {
            problems.push(format!(
                "userid {:?} must be the DEO's 10-digit mobile number starting with 6-9",
                self.userid
            ));
        }
        if !(digits(&self.ticket_no) && matches!(self.ticket_no.len(), 14 | 17)) {
            problems.push(format!(
                "ticketNo {:?} must be 14 digits (YYYYMMDDHHmmSS) or 17 with milliseconds",
                self.ticket_no
            ));
        }
        if self.service_code.trim().is_empty() {
            problems.push("serviceCode is required".into());
        }
        let app_no_len = self.app_no.chars().count();
        if self.app_no.trim().is_empty() || app_no_len > 50 {
            problems.push(format!(
                "appNo must be 1 to 50 characters, not {app_no_len}"
            ));
        }
        if !matches!(self.application_status, 2 | 3) {
            problems.push(format!(
                "applicationStatus {} must be 2 (draft submitted) or 3 (final submitted)",
                self.application_status
            ));
        }
        if let Some(amount) = &self.paid_amt {
            if !is_rupees(amount) {
                problems.push(format!(
                    "paidAmt {amount:?} must be rupees in digits with at most two decimals"
                ));
            } else if amount.chars().any(|c| c.is_ascii_digit() && c != '0') {
                for (name, value) in [
                    ("deptPayRefNo", &self.dept_pay_ref_no),
                    ("transNo", &self.trans_no),
                    ("bankRefNo", &self.bank_ref_no),
                ] {
                    if value.as_deref().is_none_or(|v| v.trim().is_empty()) {
                        problems.push(format!("{name} is required when paidAmt is more than 0"));
                    }
                }
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::LocalValidation {
                what: format!("the API-2 push for ticket {}", self.ticket_no),
                problem: problems.join("; "),
            })
        }
    }

    /// The JSON text in the table's order. Ids and the amount are written from their digits,
    /// never through a float; `amount_as_text` writes `paidAmt` as a JSON string.
    pub fn wire_json(&self, ids_as_text: bool, amount_as_text: bool) -> String {
        let text = |s: &str| Value::String(s.to_owned()).to_string();
        let id = |s: &str| if ids_as_text { text(s) } else { s.to_owned() };
        let mut fields: Vec<(&str, String)> = vec![
            ("userid", id(&self.userid)),
            ("ticketNo", id(&self.ticket_no)),
            ("serviceCode", text(&self.service_code)),
            ("appNo", text(&self.app_no)),
            (
                "appSubTime",
                self.app_sub_time.format("%Y%m%d%H%M%S").to_string(),
            ),
        ];
        for (name, value) in [
            ("deptPayRefNo", &self.dept_pay_ref_no),
            ("transNo", &self.trans_no),
            ("bankRefNo", &self.bank_ref_no),
        ] {
            if let Some(v) = value {
                fields.push((name, text(v)));
            }
        }
        if let Some(amount) = &self.paid_amt {
            let amount = if amount_as_text {
                text(amount)
            } else {
                amount.clone()
            };
            fields.push(("paidAmt", amount));
        }
        fields.push(("message", text(self.message())));
        fields.push(("applicationStatus", self.application_status.to_string()));
        fields.push(("statusCode", "200".to_owned()));
        let body: Vec<String> = fields
            .into_iter()
            .map(|(name, value)| format!("{}:{value}", text(name)))
            .collect();
        format!("{{{}}}", body.join(","))
    }
}

/// The portal's acceptance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Api2Receipt {
    pub app_no: Option<String>,
    pub response_status: Option<String>,
}

pub(crate) enum Sealer {
    V4(V4Jwt),
    V5(V5Form),
}

impl std::fmt::Debug for Sealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Sealer::V4(_) => "V4Jwt(••••)",
            Sealer::V5(_) => "V5Form(••••)",
        })
    }
}

/// A request sealed in the profile's transport, and what the exchange may record of it.
pub(crate) struct SealedRequest {
    pub body: String,
    pub recorded: String,
    pub content_type: &'static str,
    pub plaintext: String,
}

/// Both BSK transports as one envelope: seals requests, opens answers. Shared by the API-2 push
/// and the counter calls ([`crate::bsk_counter_client`]).
#[derive(Debug)]
pub(crate) struct BskEnvelope {
    sealer: Sealer,
    /// Decrypts `{"encData"}` answers (v5; v4 too when the profile has a key).
    answer_cipher: Option<AesCbcKey>,
    pub redactor: Redactor,
}

impl BskEnvelope {
    pub fn new(transport: BskTransport, secrets: &BskSecrets) -> Result<Self> {
        let cipher = match (&secrets.key, &secrets.iv) {
            (Some(key), Some(iv)) => Some(
                bsk_cipher(
                    "the BSK AES key",
                    key.expose_secret().as_bytes(),
                    "the BSK IV",
                    iv.expose_secret().as_bytes(),
                )
                .map_err(|source| Error::UnusableSecret {
                    secret: "BSK AES key or IV",
                    source,
                })?,
            ),
            _ => None,
        };
        let missing = |what: &'static str| Error::InvalidSetting {
            setting: "BSK transport",
            problem: format!("it needs {what}, and the profile has none"),
        };
        let sealer = match transport {
            BskTransport::V5Form => Sealer::V5(V5Form::new(
                cipher
                    .clone()
                    .ok_or_else(|| missing("the AES key and IV"))?,
            )),
            BskTransport::V4Jwt => {
                let passcode = secrets
                    .passcode
                    .as_ref()
                    .ok_or_else(|| missing("the passcode"))?;
                let jwt = secrets
                    .jwt_secret
                    .as_ref()
                    .ok_or_else(|| missing("the JWT secret"))?;
                let jwt = Hs256Secret::new("the BSK JWT secret", jwt.expose_secret().as_bytes())
                    .map_err(|source| Error::UnusableSecret {
                        secret: "BSK JWT secret",
                        source,
                    })?;
                Sealer::V4(V4Jwt::new(passcode.expose_secret(), jwt))
            }
        };
        let redactor = Redactor::new();
        for secret in [
            &secrets.key,
            &secrets.iv,
            &secrets.passcode,
            &secrets.jwt_secret,
        ]
        .into_iter()
        .flatten()
        {
            redactor.add(secret);
        }
        Ok(Self {
            sealer,
            answer_cipher: cipher,
            redactor,
        })
    }

    pub fn transport(&self) -> BskTransport {
        match self.sealer {
            Sealer::V4(_) => BskTransport::V4Jwt,
            Sealer::V5(_) => BskTransport::V5Form,
        }
    }

    /// Seals `json` (the request's JSON text). `hidden` names fields that must not be recorded
    /// (an OTP, an access code): they are masked in the recorded plaintext, and the recorded
    /// body keeps neither the ciphertext nor the token that carries them.
    pub fn seal(&self, what: &str, json: &str, hidden: &[&str]) -> Result<SealedRequest> {
        let (body, mut recorded, content_type) = match &self.sealer {
            Sealer::V5(v5) => {
                let sealed = v5.seal(json);
                (sealed.body.clone(), sealed.body, sealed.content_type)
            }
            Sealer::V4(v4) => {
                let claims =
                    serde_json::from_str::<Claims>(json).map_err(|e| Error::LocalValidation {
                        what: what.to_owned(),
                        problem: e.to_string(),
                    })?;
                let sealed = v4.seal(&claims).map_err(|source| Error::UnusableSecret {
                    secret: "BSK JWT secret",
                    source,
                })?;
                let recorded = recorded_v4_body(&sealed.body);
                (sealed.body, recorded, sealed.content_type)
            }
        };
        let mut plaintext = json.to_owned();
        if !hidden.is_empty() {
            recorded = match self.sealer {
                Sealer::V5(_) => format!("agId=BSK&encData={MASK}"),
                Sealer::V4(_) => serde_json::json!({ "passcode": MASK, "token": MASK }).to_string(),
            };
            if let Ok(Value::Object(mut map)) = serde_json::from_str::<Value>(json) {
                for (name, value) in map.iter_mut() {
                    if hidden.iter().any(|h| h.eq_ignore_ascii_case(name)) {
                        *value = Value::String(MASK.to_owned());
                    }
                }
                plaintext = Value::Object(map).to_string();
            } else {
                plaintext = MASK.to_owned();
            }
        }
        Ok(SealedRequest {
            body,
            recorded,
            content_type,
            plaintext,
        })
    }

    /// The answer as JSON: HTTP statuses mapped to errors, `{"encData"}` decrypted (its plain
    /// text put in `plaintext` for the exchange).
    pub fn open_answer(
        &self,
        endpoint: &str,
        reply: &HttpReply,
        plaintext: &mut Option<String>,
    ) -> Result<Value> {
        let bad = |problem: String, detail: String| Error::BadResponse {
            peer: Peer::Bsk,
            endpoint: endpoint.to_owned(),
            problem,
            detail,
        };
        let peer_text = || peer_error_text(&reply.body);
        match reply.status {
            200 => {}
            401 => {
                return Err(Error::TokenExpired {
                    peer: Peer::Bsk,
                    endpoint: endpoint.into(),
                    peer_text: peer_text(),
                })
            }
            400..=499 => {
                return Err(Error::HttpClient {
                    peer: Peer::Bsk,
                    endpoint: endpoint.into(),
                    status: reply.status,
                    peer_text: peer_text(),
                })
            }
            500..=599 => {
                return Err(Error::HttpServer {
                    peer: Peer::Bsk,
                    endpoint: endpoint.into(),
                    status: reply.status,
                    peer_text: peer_text(),
                })
            }
            other => {
                return Err(bad(
                    format!("HTTP {other} where 200 was expected"),
                    peer_text(),
                ))
            }
        }
        let outer: Value = serde_json::from_slice(&reply.body)
            .map_err(|e| bad("the answer is not JSON".into(), e.to_string()))?;
        let enc_data = outer
            .as_object()
            .and_then(|o| o.iter().find(|(k, _)| k.eq_ignore_ascii_case("encData")))
            .map(|(_, v)| v.clone());
        match enc_data {
            Some(Value::String(enc)) => {
                let cipher = self.answer_cipher.as_ref().ok_or_else(|| {
                    bad(
                        "the answer is encrypted, and the profile has no AES key to read it".into(),
                        String::new(),
                    )
                })?;
                let text = cipher.decrypt_text("encData", &enc).map_err(|e| {
                    bad(
                        format!("its encData cannot be decrypted: {e}"),
                        e.detail().unwrap_or_default(),
                    )
                })?;
                let value = serde_json::from_str::<Value>(&text)
                    .map_err(|e| bad("the decrypted encData is not JSON".into(), e.to_string()));
                *plaintext = Some(text);
                value
            }
            Some(_) => Err(bad("encData is not text".into(), String::new())),
            None => Ok(outer),
        }
    }
}

#[derive(Debug)]
pub struct BskClient {
    settings: BskSettings,
    envelope: BskEnvelope,
    http: HttpCore,
}

impl BskClient {
    pub fn new(settings: BskSettings, secrets: BskSecrets) -> Result<Self> {
        let http = HttpCore::new(settings.http.clone())?;
        http.check_url("BSK API-2 URL", &settings.api2_url)?;
        let envelope = BskEnvelope::new(settings.transport, &secrets)?;
        Ok(Self {
            settings,
            envelope,
            http,
        })
    }

    pub fn settings(&self) -> &BskSettings {
        &self.settings
    }

    pub fn link_is_encrypted(&self) -> bool {
        false
    }

    /// Pushes one API-2 submission.
    pub async fn push_submission(&self, submission: &Api2Submission) -> Attempt<Api2Receipt> {
        if let Err(e) = submission.validate() {
            return Attempt::failed(e, Vec::new());
        }
        // JWT claims are a JSON map: in v4 the amount travels as text to stay exact.
        let amount_as_text = self.envelope.transport() == BskTransport::V4Jwt;
        let json = submission.wire_json(self.settings.ids_as_text, amount_as_text);
        let sealed = match self.envelope.seal("the API-2 payload", &json, &[]) {
            Ok(s) => s,
            Err(e) => return Attempt::failed(e, Vec::new()),
        };
        let call = OutgoingCall {
            peer: Peer::Bsk,
            endpoint: API2.to_owned(),
            method: reqwest::Method::POST,
            url: self.settings.api2_url.clone(),
            headers: vec![(
                "content-type",
                Zeroizing::new(sealed.content_type.to_owned()),
            )],
            body: Zeroizing::new(sealed.body.into_bytes()),
            recorded_body: sealed.recorded,
            plaintext: Some(sealed.plaintext),
        };
        let redactor = &self.envelope.redactor;
        let (mut exchange, reply) = self.http.execute(call, redactor).await;
        let mut answer_plaintext = None;
        let result = reply
            .and_then(|reply| self.interpret(&reply, &mut answer_plaintext))
            .map_err(|e| e.scrubbed(|t| redactor.sweep(t)));
        exchange.answer_plaintext = answer_plaintext.map(|a| redactor.sweep(&a));
        exchange.conclude(&result);
        Attempt {
            result,
            exchanges: vec![exchange],
        }
    }

    fn interpret(&self, reply: &HttpReply, plaintext: &mut Option<String>) -> Result<Api2Receipt> {
        let answer = self.envelope.open_answer(API2, reply, plaintext)?;
        let Value::Object(map) = &answer else {
            return Err(bad("the answer is not a JSON object".into(), String::new()));
        };
        let field = |name: &str| {
            map.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v)
        };
        let status_code = match field("statusCode") {
            Some(Value::Number(n)) => n.as_i64(),
            Some(Value::String(s)) => s.trim().parse().ok(),
            _ => None,
        }
        .ok_or_else(|| bad("the answer has no statusCode".into(), answer.to_string()))?;
        let text_of = |name| match field(name) {
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Null) | None => None,
            Some(other) => Some(other.to_string()),
        };
        if status_code == 200 {
            Ok(Api2Receipt {
                app_no: text_of("appNo"),
                response_status: text_of("responseStatus"),
            })
        } else {
            Err(Error::PeerFailed {
                peer: Peer::Bsk,
                endpoint: API2.into(),
                error: text_of("message")
                    .unwrap_or_else(|| format!("statusCode {status_code}, without a message")),
            })
        }
    }
}

fn bad(problem: String, detail: String) -> Error {
    Error::BadResponse {
        peer: Peer::Bsk,
        endpoint: API2.into(),
        problem,
        detail,
    }
}

/// v4's body for the record: passcode masked, token without its signature.
fn recorded_v4_body(body: &str) -> String {
    match serde_json::from_str::<Value>(body) {
        Ok(Value::Object(map)) => {
            let token = map.get("token").and_then(Value::as_str).unwrap_or_default();
            serde_json::json!({ "passcode": MASK, "token": unsigned_jwt(token) }).to_string()
        }
        _ => MASK.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn submission() -> Api2Submission {
        Api2Submission {
            userid: "9054233544".into(),
            ticket_no: "20241210113005128".into(),
            service_code: "AMD/001".into(),
            app_no: "AMD/TL/2024/5521".into(),
            app_sub_time: NaiveDateTime::parse_from_str("20241210120512", "%Y%m%d%H%M%S").unwrap(),
            application_status: 3,
            paid_amt: Some("200.00".into()),
            dept_pay_ref_no: Some("23424423424".into()),
            trans_no: Some("1234353435".into()),
            bank_ref_no: Some("4653443656".into()),
        }
    }

    #[test]
    fn wire_json_keeps_every_digit_and_the_amount_exact() {
        let json = submission().wire_json(false, false);
        assert!(json.starts_with(r#"{"userid":9054233544,"ticketNo":20241210113005128,"#));
        assert!(json.contains(r#""paidAmt":200.00,"#));
        assert!(json.contains(r#""appSubTime":20241210120512,"#));
        assert!(json
            .ends_with(r#""message":"Final Submitted","applicationStatus":3,"statusCode":200}"#));
        let text = submission().wire_json(true, true);
        assert!(text.contains(r#""ticketNo":"20241210113005128""#));
        assert!(text.contains(r#""paidAmt":"200.00""#));
        let v4: Claims = serde_json::from_str(&json.replace("200.00", "\"200.00\"")).unwrap();
        assert_eq!(v4["ticketNo"].as_u64(), Some(20241210113005128));
    }

    #[test]
    fn validation_names_each_problem() {
        assert!(submission().validate().is_ok());
        let mut s = submission();
        s.userid = "1234".into();
        s.ticket_no = "2024".into();
        s.application_status = 4;
        s.paid_amt = Some("12.345".into());
        let text = s.validate().unwrap_err().to_string();
        for part in ["userid", "ticketNo", "applicationStatus 4", "paidAmt"] {
            assert!(text.contains(part), "{text}");
        }
        let mut s = submission();
        s.bank_ref_no = None;
        assert!(s
            .validate()
            .unwrap_err()
            .to_string()
            .contains("bankRefNo is required"));
        s.paid_amt = Some("0.00".into());
        assert!(s.validate().is_ok());
    }

    #[test]
    fn v4_record_masks_passcode_and_signature() {
        let recorded = recorded_v4_body(r#"{"passcode":"376423","token":"aaa.bbb.ccc"}"#);
        assert_eq!(recorded, r#"{"passcode":"••••","token":"aaa.bbb.••••"}"#);
    }
}
