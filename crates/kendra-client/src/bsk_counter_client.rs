//! The calls a BSK counter makes (the portal side of API document v5.0): API-1 initiate,
//! API-3 status, API-4 document, API-5A/5B OTP gate towards the department, API-6 DEO lookup
//! towards the BSK portal; and the GET of a document given as a link. Both transports, like
//! [`crate::BskClient::push_submission`]: every call answers an [`Attempt`] with its exchanges,
//! secrets (and OTPs, access codes) never recorded.
//!
//! Requests carry the names the spec's tables document; answers are read with every spelling
//! the errata list (`userid`/`userId`, `ticketNo`/`tokenNo`, `otpld`, …) and the spellings the
//! peer used are reported in each answer's `field_variants`. Ids are [`DigitId`]s: a 17-digit
//! ticket number keeps every digit both ways.

use kendra_wire::big_id::{DigitId, IdStyle};
use kendra_wire::field_names::{known, Field, FieldVariant, TolerantObject};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use zeroize::Zeroizing;

use crate::bsk_client::{BskEnvelope, BskSecrets};
use crate::error::{Error, Result};
use crate::exchange::{Attempt, Exchange, ExchangeOutcome};
use crate::http_core::{HttpCore, HttpSettings, OutgoingCall};
use crate::peer::Peer;
use kendra_wire::bsk::BskTransport;

pub const API1: &str = "API-1";
pub const API3: &str = "API-3";
pub const API4: &str = "API-4";
pub const API5A: &str = "API-5A";
pub const API5B: &str = "API-5B";
pub const API6: &str = "API-6";
/// The GET of a document the department gave as a link (documentType 1).
pub const DOCUMENT_LINK: &str = "document link";

/// Where each API lives. The spec leaves URLs to the department ("URL will be provided by the
/// department"); the defaults are the sandbox's paths. A path is appended to the profile's base
/// URL; a full `http(s)://` URL is used as it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BskApiPaths {
    pub api1: String,
    pub api3: String,
    pub api4: String,
    pub api5a: String,
    pub api5b: String,
    pub api6: String,
}

impl Default for BskApiPaths {
    fn default() -> Self {
        Self {
            api1: "/bsk/department/api-1/initiate".into(),
            api3: "/bsk/department/api-3/status".into(),
            api4: "/bsk/department/api-4/document".into(),
            api5a: "/bsk/department/api-5a/otp".into(),
            api5b: "/bsk/department/api-5b/verify".into(),
            api6: "/bsk/portal/api-6/user".into(),
        }
    }
}

impl BskApiPaths {
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }

    fn url(base: &str, path: &str) -> String {
        if path.starts_with("http://") || path.starts_with("https://") {
            path.to_owned()
        } else {
            format!(
                "{}/{}",
                base.trim_end_matches('/'),
                path.trim_start_matches('/')
            )
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BskCounterSettings {
    /// Scheme, host and port the API paths are appended to.
    pub base_url: String,
    pub transport: BskTransport,
    pub http: HttpSettings,
    /// Send ids (`userid`, `ticketNo`, `otpId`, `userTypedOtp`) as JSON strings, not numbers.
    pub ids_as_text: bool,
    pub paths: BskApiPaths,
}

impl BskCounterSettings {
    pub fn new(base_url: impl Into<String>, transport: BskTransport) -> Self {
        Self {
            base_url: base_url.into(),
            transport,
            http: HttpSettings::default(),
            ids_as_text: false,
            paths: BskApiPaths::default(),
        }
    }
}

// ---- requests ----------------------------------------------------------------------------------

/// API-1: a new service log handed to the department. Fields are checked by the caller (the
/// counter workflow); the client only writes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Api1Request {
    pub user_id: DigitId,
    pub ticket_no: DigitId,
    pub service_code: String,
    pub name: String,
    pub mobile: String,
    pub email: Option<String>,
    pub gender: Option<String>,
    pub age: Option<u8>,
}

/// What identifies a counter call about an application (API-3, API-4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketContext {
    pub user_id: DigitId,
    pub ticket_no: DigitId,
    pub service_code: String,
}

// ---- answers -----------------------------------------------------------------------------------

/// API-1's answer: the department took the ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Initiated {
    pub user_id: Option<DigitId>,
    pub ticket_no: Option<DigitId>,
    /// `YYYYMMDDHHmmSS` (IST) as the department wrote it.
    pub app_sub_time: Option<String>,
    pub message: Option<String>,
    pub application_status: Option<i64>,
    pub field_variants: Vec<FieldVariant>,
}

/// One stage of API-3's `applicationStage`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stage {
    /// `YYYYMMDDHHmmSS` (IST) as the department wrote it.
    pub response_time: String,
    pub message: String,
}

/// API-3's answer, stages in the order the department sent them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusTimeline {
    pub user_id: Option<DigitId>,
    pub ticket_no: Option<DigitId>,
    pub application_no: Option<String>,
    pub service_code: Option<String>,
    pub service_name: Option<String>,
    pub stages: Vec<Stage>,
    pub application_status: Option<i64>,
    pub field_variants: Vec<FieldVariant>,
}

/// A document as API-4 or API-5B gives it.
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct DocumentAnswer {
    pub service_code: Option<String>,
    pub service_name: Option<String>,
    /// 1 link (URL), 2 base64, 3 image, 4–6 other formats.
    pub document_type: i64,
    /// The link or the base64 text.
    pub document_value: String,
    pub field_variants: Vec<FieldVariant>,
}

impl std::fmt::Debug for DocumentAnswer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // A base64 document is megabytes of noise in a log.
        f.debug_struct("DocumentAnswer")
            .field("service_code", &self.service_code)
            .field("document_type", &self.document_type)
            .field("document_value_len", &self.document_value.len())
            .finish()
    }
}

/// API-5A's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OtpRequested {
    pub otp_id: Option<DigitId>,
    /// 1 sent, 2 not sent.
    pub otp_gen_status: i64,
    pub message: Option<String>,
    pub field_variants: Vec<FieldVariant>,
}

/// Why API-5B refused an OTP, as the department said it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OtpRefused {
    /// The sandbox's `otpStatus` (`wrong`, `expired`, `attempts_exhausted`, `used`, `unknown`)
    /// when the department gives one.
    pub otp_status: Option<String>,
    pub attempts_left: Option<i64>,
    pub message: String,
}

/// API-5B's answer: the document released, or the OTP refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum OtpVerification {
    Released(DocumentAnswer),
    Refused(OtpRefused),
}

/// API-6's answer: who a DEO is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeoDetails {
    pub user_id: Option<DigitId>,
    pub user_name: Option<String>,
    pub user_email: Option<String>,
    pub bsk_code: Option<String>,
    pub bsk_name: Option<String>,
    pub gp: Option<String>,
    pub block: Option<String>,
    pub sub_division: Option<String>,
    pub district: Option<String>,
    /// 1 active, 2 inactive.
    pub user_status: Option<i64>,
    pub user_type: Option<String>,
    pub field_variants: Vec<FieldVariant>,
}

// ---- the client --------------------------------------------------------------------------------

const F_USER_ID: Field = Field::new("userid", &["userId", "user_id"]);
const F_APPLICATION_NO: Field = Field::new("applicationNo", &["appNo", "application_no"]);
const F_SERVICE_NAME: Field = Field::new("serviceName", &["service_name"]);
const F_STAGES: Field = Field::new("applicationStage", &["applicationStages", "stages"]);
/// API-3 and API-5B answers' tables write `ServiceCode`.
const F_SERVICE_CODE_CAPITAL: Field = Field::new("ServiceCode", &["serviceCode", "service_code"]);
const F_STATUS: Field = Field::new("applicationStatus", &["application_status"]);
const F_MESSAGE: Field = Field::new("message", &["msg"]);
const F_STATUS_CODE: Field = Field::new("statusCode", &["status_code"]);
const F_DOC_TYPE: Field = Field::new("documentType", &["document_type"]);
const F_DOC_VALUE: Field = Field::new("documentValue", &["document_value"]);
const F_APP_SUB_TIME: Field = Field::new("appSubTime", &["app_sub_time"]);
const F_RESPONSE_TIME: Field = Field::new("responseTime", &["response_time"]);
const F_OTP_GEN: Field = Field::new("otpGenStatus", &["otp_gen_status"]);
const F_OTP_STATUS: Field = Field::new("otpStatus", &["otp_status"]);
const F_ATTEMPTS_LEFT: Field = Field::new("attemptsLeft", &["attempts_left"]);

/// An answer whose `statusCode` said yes, or the department's refusal (`statusCode` ≠ 200).
enum Answer {
    Accepted(Value),
    Refused { message: String, body: Value },
}

#[derive(Debug)]
pub struct BskCounterClient {
    settings: BskCounterSettings,
    envelope: BskEnvelope,
    http: HttpCore,
}

impl BskCounterClient {
    pub fn new(settings: BskCounterSettings, secrets: BskSecrets) -> Result<Self> {
        let http = HttpCore::new(settings.http.clone())?;
        http.check_url("BSK base URL", &settings.base_url)?;
        let envelope = BskEnvelope::new(settings.transport, &secrets)?;
        Ok(Self {
            settings,
            envelope,
            http,
        })
    }

    pub fn settings(&self) -> &BskCounterSettings {
        &self.settings
    }

    pub fn link_is_encrypted(&self) -> bool {
        false
    }

    fn id(&self, id: &DigitId) -> Value {
        id.to_json(if self.settings.ids_as_text {
            IdStyle::String
        } else {
            IdStyle::Number
        })
    }

    fn url(&self, path: &str) -> String {
        BskApiPaths::url(&self.settings.base_url, path)
    }

    /// API-1: hands the new ticket and the citizen's basic data to the department.
    pub async fn initiate(&self, request: &Api1Request) -> Attempt<Initiated> {
        let mut body = serde_json::Map::new();
        body.insert("userid".into(), self.id(&request.user_id));
        body.insert("ticketNo".into(), self.id(&request.ticket_no));
        body.insert("serviceCode".into(), request.service_code.clone().into());
        body.insert("name".into(), request.name.clone().into());
        body.insert("mobile".into(), request.mobile.clone().into());
        if let Some(email) = &request.email {
            body.insert("email".into(), email.clone().into());
        }
        if let Some(gender) = &request.gender {
            body.insert("gender".into(), gender.clone().into());
        }
        if let Some(age) = request.age {
            body.insert("age".into(), age.into());
        }
        let url = self.url(&self.settings.paths.api1);
        let (exchanges, answer) = self.call(API1, url, Value::Object(body), &[]).await;
        self.finish(API1, exchanges, answer, |value| {
            let mut o = TolerantObject::new("API-1 answer", value)?;
            let user_id = optional_id(&mut o, known::BSK_USER_ID)?;
            let ticket_no = optional_id(&mut o, known::BSK_TICKET_NO)?;
            let app_sub_time = optional_text(&mut o, F_APP_SUB_TIME);
            let message = optional_text(&mut o, F_MESSAGE);
            let application_status = optional_int(&mut o, F_STATUS);
            Ok(Initiated {
                user_id,
                ticket_no,
                app_sub_time,
                message,
                application_status,
                field_variants: o.variants().to_vec(),
            })
        })
    }

    /// API-3: the stage timeline of an application.
    pub async fn status(
        &self,
        ticket: &TicketContext,
        application_no: &str,
    ) -> Attempt<StatusTimeline> {
        let body = serde_json::json!({
            "userid": self.id(&ticket.user_id),
            "ticketNo": self.id(&ticket.ticket_no),
            "serviceCode": ticket.service_code,
            "applicationNo": application_no,
        });
        let url = self.url(&self.settings.paths.api3);
        let (exchanges, answer) = self.call(API3, url, body, &[]).await;
        self.finish(API3, exchanges, answer, |value| {
            let mut o = TolerantObject::new("API-3 answer", value)?;
            let user_id = optional_id(&mut o, F_USER_ID)?;
            let ticket_no = optional_id(&mut o, known::BSK_TICKET_NO)?;
            let application_no = optional_text(&mut o, F_APPLICATION_NO);
            let service_code = optional_text(&mut o, F_SERVICE_CODE_CAPITAL);
            let service_name = optional_text(&mut o, F_SERVICE_NAME);
            let application_status = optional_int(&mut o, F_STATUS);
            let stages = match o.get(F_STAGES) {
                Some(Value::Array(items)) => items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| stage(i, item))
                    .collect::<std::result::Result<Vec<_>, _>>()?,
                Some(_) => {
                    return Err(kendra_wire::Error::InvalidField {
                        input: "API-3 answer".into(),
                        field: "applicationStage".into(),
                        problem: "must be a list of stages".into(),
                    })
                }
                None => Vec::new(),
            };
            let mut variants = o.variants().to_vec();
            for item in stages.iter().flat_map(|(_, v)| v) {
                if !variants.contains(item) {
                    variants.push(item.clone());
                }
            }
            Ok(StatusTimeline {
                user_id,
                ticket_no,
                application_no,
                service_code,
                service_name,
                stages: stages.into_iter().map(|(s, _)| s).collect(),
                application_status,
                field_variants: variants,
            })
        })
    }

    /// API-4: the document of an application (refused when it waits for the citizen's OTP).
    pub async fn document(
        &self,
        ticket: &TicketContext,
        document_no: &str,
    ) -> Attempt<DocumentAnswer> {
        let body = serde_json::json!({
            "userid": self.id(&ticket.user_id),
            "ticketNo": self.id(&ticket.ticket_no),
            "serviceCode": ticket.service_code,
            "documentNo": document_no,
        });
        let url = self.url(&self.settings.paths.api4);
        let (exchanges, answer) = self.call(API4, url, body, &[]).await;
        self.finish(API4, exchanges, answer, |value| {
            document_answer("API-4 answer", value)
        })
    }

    /// API-5A: asks the department to send the citizen an OTP for `document_no`.
    pub async fn request_otp(&self, otp_id: &DigitId, document_no: &str) -> Attempt<OtpRequested> {
        let body = serde_json::json!({
            "otpId": self.id(otp_id),
            "documentNo": document_no,
        });
        let url = self.url(&self.settings.paths.api5a);
        let (exchanges, answer) = self.call(API5A, url, body, &[]).await;
        self.finish(API5A, exchanges, answer, |value| {
            let mut o = TolerantObject::new("API-5A answer", value)?;
            let otp_id = optional_id(&mut o, known::BSK_OTP_ID)?;
            let otp_gen_status = optional_int(&mut o, F_OTP_GEN).ok_or_else(|| {
                kendra_wire::Error::MissingField {
                    input: "API-5A answer".into(),
                    field: "otpGenStatus".into(),
                }
            })?;
            Ok(OtpRequested {
                otp_id,
                otp_gen_status,
                message: optional_text(&mut o, F_MESSAGE),
                field_variants: o.variants().to_vec(),
            })
        })
    }

    /// API-5B: checks the OTP the citizen read out; a right one releases the document. A refusal
    /// (wrong, expired, blocked) is an answer, not an error; its exchange is recorded as failed.
    /// The OTP is never recorded.
    pub async fn verify_otp(
        &self,
        otp_id: &DigitId,
        otp: &SecretString,
    ) -> Attempt<OtpVerification> {
        let typed = otp.expose_secret().trim();
        if typed.is_empty() || !typed.bytes().all(|b| b.is_ascii_digit()) {
            return Attempt::failed(
                Error::LocalValidation {
                    what: "the OTP".into(),
                    problem: "it must be the digits the citizen received".into(),
                },
                Vec::new(),
            );
        }
        let typed_value = if self.settings.ids_as_text {
            Value::String(typed.to_owned())
        } else {
            // A JSON number cannot start with 0; the department pads it back (its digit count).
            let digits = typed.trim_start_matches('0');
            serde_json::from_str::<Value>(if digits.is_empty() { "0" } else { digits })
                .unwrap_or_else(|_| Value::String(typed.to_owned()))
        };
        let body = serde_json::json!({
            "otpId": self.id(otp_id),
            "userTypedOtp": typed_value,
        });
        let url = self.url(&self.settings.paths.api5b);
        let (mut exchanges, answer) = self.call(API5B, url, body, &["userTypedOtp"]).await;
        let result = match answer {
            Err(e) => Err(e),
            Ok(Answer::Accepted(value)) => document_answer("API-5B answer", &value)
                .map(OtpVerification::Released)
                .map_err(|e| bad_shape(API5B, &e)),
            Ok(Answer::Refused { message, body }) => {
                let mut o = TolerantObject::new("API-5B answer", &body).ok();
                let otp_status = o.as_mut().and_then(|o| optional_text(o, F_OTP_STATUS));
                let attempts_left = o.as_mut().and_then(|o| optional_int(o, F_ATTEMPTS_LEFT));
                if let Some(last) = exchanges.last_mut() {
                    last.outcome = ExchangeOutcome::from_error(&Error::PeerFailed {
                        peer: Peer::Bsk,
                        endpoint: API5B.into(),
                        error: message.clone(),
                    });
                }
                Ok(OtpVerification::Refused(OtpRefused {
                    otp_status,
                    attempts_left,
                    message,
                }))
            }
        };
        conclude_last(&mut exchanges, &result, true);
        Attempt { result, exchanges }
    }

    /// API-6: who a DEO is (asked of the BSK portal with the department's access code, which is
    /// never recorded).
    pub async fn deo(
        &self,
        user_id: &DigitId,
        dept_code: &str,
        access_code: &SecretString,
    ) -> Attempt<DeoDetails> {
        let code = access_code.expose_secret().trim();
        let code_value = if !self.settings.ids_as_text
            && !code.is_empty()
            && !code.starts_with('0')
            && code.bytes().all(|b| b.is_ascii_digit())
        {
            serde_json::from_str::<Value>(code).unwrap_or_else(|_| Value::String(code.to_owned()))
        } else {
            Value::String(code.to_owned())
        };
        let body = serde_json::json!({
            "userId": self.id(user_id),
            "deptCode": dept_code,
            "accessCode": code_value,
        });
        let url = self.url(&self.settings.paths.api6);
        let (exchanges, answer) = self.call(API6, url, body, &["accessCode"]).await;
        self.finish(API6, exchanges, answer, |value| {
            let mut o = TolerantObject::new("API-6 answer", value)?;
            Ok(DeoDetails {
                user_id: optional_id(&mut o, F_USER_ID)?,
                user_name: optional_text(&mut o, Field::new("userName", &["user_name"])),
                user_email: optional_text(&mut o, Field::new("userEmail", &["user_email"])),
                bsk_code: optional_text(&mut o, Field::new("bskCode", &["bsk_code"])),
                bsk_name: optional_text(&mut o, Field::new("bskName", &["bsk_name"])),
                gp: optional_text(&mut o, Field::new("Gp", &["gramPanchayat"])),
                block: optional_text(&mut o, Field::new("block", &[])),
                sub_division: optional_text(&mut o, Field::new("subDivision", &["sub_division"])),
                district: optional_text(&mut o, Field::new("District", &[])),
                user_status: optional_int(&mut o, Field::new("userStatus", &["user_status"])),
                user_type: optional_text(&mut o, Field::new("userType", &["user_type"])),
                field_variants: o.variants().to_vec(),
            })
        })
    }

    /// Any BSK call as JSON (the Explorer's "send this JSON to that API"): seals `body` in the
    /// profile's transport, posts it to `path` (appended to the base URL, or a full URL) and
    /// answers the answer's JSON, decrypted; a refusal is [`Error::PeerFailed`]. Fields named in
    /// `hidden` (an OTP, an access code) are masked in the exchange, as the typed calls do.
    pub async fn call_json(
        &self,
        endpoint: &'static str,
        path: &str,
        body: Value,
        hidden: &[&str],
    ) -> Attempt<Value> {
        let url = self.url(path);
        let (exchanges, answer) = self.call(endpoint, url, body, hidden).await;
        self.finish(endpoint, exchanges, answer, |value| Ok(value.clone()))
    }

    /// GETs a document the department gave as a link, within the size limit and timeouts.
    pub async fn fetch_document(&self, url: &str) -> Attempt<Vec<u8>> {
        let call = OutgoingCall {
            peer: Peer::Bsk,
            endpoint: DOCUMENT_LINK.to_owned(),
            method: reqwest::Method::GET,
            url: url.to_owned(),
            headers: Vec::new(),
            body: Zeroizing::new(Vec::new()),
            recorded_body: String::new(),
            plaintext: None,
        };
        let redactor = &self.envelope.redactor;
        let (mut exchange, reply) = self.http.execute(call, redactor).await;
        // The exchange keeps the size, not the document's bytes.
        exchange.response_body = exchange
            .response_body
            .as_ref()
            .map(|_| format!("({} bytes of document)", exchange.response_bytes));
        let result = reply.and_then(|reply| match reply.status {
            200 if reply.body.is_empty() => Err(Error::BadResponse {
                peer: Peer::Bsk,
                endpoint: DOCUMENT_LINK.into(),
                problem: "the document link answered an empty file".into(),
                detail: url.to_owned(),
            }),
            200 => Ok(reply.body),
            status @ 400..=499 => Err(Error::HttpClient {
                peer: Peer::Bsk,
                endpoint: DOCUMENT_LINK.into(),
                status,
                peer_text: crate::isp_client::peer_error_text(&reply.body),
            }),
            status @ 500..=599 => Err(Error::HttpServer {
                peer: Peer::Bsk,
                endpoint: DOCUMENT_LINK.into(),
                status,
                peer_text: crate::isp_client::peer_error_text(&reply.body),
            }),
            status => Err(Error::BadResponse {
                peer: Peer::Bsk,
                endpoint: DOCUMENT_LINK.into(),
                problem: format!("HTTP {status} where 200 was expected"),
                detail: url.to_owned(),
            }),
        });
        exchange.conclude(&result);
        Attempt {
            result,
            exchanges: vec![exchange],
        }
    }

    /// Seals, sends and opens one call; the statusCode decides accepted or refused.
    async fn call(
        &self,
        endpoint: &'static str,
        url: String,
        body: Value,
        hidden: &[&str],
    ) -> (Vec<Exchange>, Result<Answer>) {
        let json = body.to_string();
        let sealed = match self
            .envelope
            .seal(&format!("the {endpoint} request"), &json, hidden)
        {
            Ok(s) => s,
            Err(e) => return (Vec::new(), Err(e)),
        };
        let call = OutgoingCall {
            peer: Peer::Bsk,
            endpoint: endpoint.to_owned(),
            method: reqwest::Method::POST,
            url,
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
        let answer = reply
            .and_then(|reply| {
                let value = self
                    .envelope
                    .open_answer(endpoint, &reply, &mut answer_plaintext)?;
                judge(endpoint, value)
            })
            .map_err(|e| e.scrubbed(|t| redactor.sweep(t)));
        exchange.answer_plaintext = answer_plaintext.map(|a| redactor.json_text(&a));
        if let Err(e) = &answer {
            exchange.outcome = ExchangeOutcome::from_error(e);
        }
        (vec![exchange], answer)
    }

    /// Reads an accepted answer with `read`; a refusal becomes [`Error::PeerFailed`] with the
    /// department's own words.
    fn finish<T>(
        &self,
        endpoint: &'static str,
        mut exchanges: Vec<Exchange>,
        answer: Result<Answer>,
        read: impl FnOnce(&Value) -> kendra_wire::Result<T>,
    ) -> Attempt<T> {
        let result = answer.and_then(|answer| match answer {
            Answer::Accepted(value) => read(&value).map_err(|e| bad_shape(endpoint, &e)),
            Answer::Refused { message, .. } => Err(Error::PeerFailed {
                peer: Peer::Bsk,
                endpoint: endpoint.into(),
                error: self.envelope.redactor.sweep(&message),
            }),
        });
        conclude_last(&mut exchanges, &result, false);
        Attempt { result, exchanges }
    }
}

/// Sets the last exchange's outcome from the call's result (unless a refusal already set it).
fn conclude_last<T>(exchanges: &mut [Exchange], result: &Result<T>, keep_failed: bool) {
    if let Some(last) = exchanges.last_mut() {
        if keep_failed && last.outcome != ExchangeOutcome::Succeeded {
            return;
        }
        last.conclude(result);
    }
}

fn bad_shape(endpoint: &str, e: &kendra_wire::Error) -> Error {
    Error::BadResponse {
        peer: Peer::Bsk,
        endpoint: endpoint.into(),
        problem: e.to_string(),
        detail: e.detail().unwrap_or_default(),
    }
}

/// `statusCode` 200 is accepted; anything else is the department's refusal with its message.
fn judge(endpoint: &str, value: Value) -> Result<Answer> {
    if let Value::Array(_) = value {
        return Ok(Answer::Accepted(value));
    }
    let mut o = TolerantObject::new("answer", &value).map_err(|e| bad_shape(endpoint, &e))?;
    let status = match o.get(F_STATUS_CODE) {
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    };
    let message = optional_text(&mut o, F_MESSAGE);
    match status {
        Some(200) => Ok(Answer::Accepted(value)),
        Some(code) => Ok(Answer::Refused {
            message: message.unwrap_or_else(|| format!("statusCode {code}, without a message")),
            body: value,
        }),
        None => Err(Error::BadResponse {
            peer: Peer::Bsk,
            endpoint: endpoint.into(),
            problem: "the answer has no statusCode".into(),
            detail: value.to_string().chars().take(300).collect(),
        }),
    }
}

fn optional_text(o: &mut TolerantObject<'_>, field: Field) -> Option<String> {
    match o.get(field)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn optional_int(o: &mut TolerantObject<'_>, field: Field) -> Option<i64> {
    match o.get(field)? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn optional_id(o: &mut TolerantObject<'_>, field: Field) -> kendra_wire::Result<Option<DigitId>> {
    o.get(field)
        .map(|v| DigitId::from_json(field.canonical, v))
        .transpose()
}

/// One `applicationStage` entry, with the spellings it used.
fn stage(
    index: usize,
    item: &Value,
) -> std::result::Result<(Stage, Vec<FieldVariant>), kendra_wire::Error> {
    let input = format!("API-3 answer, stage {}", index + 1);
    let mut o = TolerantObject::new(&input, item)?;
    let response_time = match o.require(F_RESPONSE_TIME)? {
        Value::Number(n) if n.is_u64() => n.to_string(),
        Value::String(s) => s.trim().to_owned(),
        _ => {
            return Err(kendra_wire::Error::InvalidField {
                input: input.clone(),
                field: "responseTime".into(),
                problem: "must be the digits YYYYMMDDHHmmSS".into(),
            })
        }
    };
    let message = o.require_text(F_MESSAGE)?;
    let variants = o.variants().to_vec();
    Ok((
        Stage {
            response_time,
            message,
        },
        variants,
    ))
}

fn document_answer(input: &str, value: &Value) -> kendra_wire::Result<DocumentAnswer> {
    let mut o = TolerantObject::new(input, value)?;
    let document_type =
        optional_int(&mut o, F_DOC_TYPE).ok_or_else(|| kendra_wire::Error::MissingField {
            input: input.to_owned(),
            field: "documentType".into(),
        })?;
    let document_value = o.require_text(F_DOC_VALUE)?;
    Ok(DocumentAnswer {
        service_code: optional_text(
            &mut o,
            if input.starts_with("API-5B") {
                F_SERVICE_CODE_CAPITAL
            } else {
                known::BSK_SERVICE_CODE
            },
        ),
        service_name: optional_text(&mut o, F_SERVICE_NAME),
        document_type,
        document_value,
        field_variants: o.variants().to_vec(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_join_or_stand_alone() {
        assert_eq!(
            BskApiPaths::url("http://h:1/", "/bsk/x"),
            "http://h:1/bsk/x"
        );
        assert_eq!(
            BskApiPaths::url("http://h:1", "https://dept.example/api1"),
            "https://dept.example/api1"
        );
        assert!(BskApiPaths::default().is_default());
    }

    #[test]
    fn stages_keep_digits_and_report_variants() {
        let v: Value = serde_json::from_str(
            r#"{"responsetime":20241104110220,"Message":"Successfully Submitted"}"#,
        )
        .unwrap();
        let (s, variants) = stage(0, &v).unwrap();
        assert_eq!(s.response_time, "20241104110220");
        assert_eq!(variants.len(), 2);
        let bad: Value = serde_json::from_str(r#"{"responseTime":2.5,"message":"x"}"#).unwrap();
        assert!(stage(1, &bad).unwrap_err().to_string().contains("stage 2"));
    }

    #[test]
    fn refusals_and_missing_status_codes() {
        let v = serde_json::json!({"statusCode": 400, "message": "no"});
        assert!(
            matches!(judge("API-3", v), Ok(Answer::Refused { message, .. }) if message == "no")
        );
        let v = serde_json::json!({"statusCode": "200"});
        assert!(matches!(judge("API-3", v), Ok(Answer::Accepted(_))));
        assert!(matches!(
            judge("API-3", serde_json::json!({"x": 1})),
            Err(Error::BadResponse { .. })
        ));
    }

    #[test]
    fn document_answers_hide_their_bytes_in_debug() {
        let v = serde_json::json!({"ServiceCode": "BCW/001", "documentType": 2, "documentValue": "JVBERi0x"});
        let d = document_answer("API-5B answer", &v).unwrap();
        assert_eq!(d.service_code.as_deref(), Some("BCW/001"));
        assert!(d.field_variants.is_empty());
        let v = serde_json::json!({"serviceCode": "BCW/001", "documentType": 2, "documentValue": "JVBERi0x"});
        let d = document_answer("API-5B answer", &v).unwrap();
        assert_eq!(d.field_variants[0].received, "serviceCode");
        assert!(!format!("{d:?}").contains("JVBER"));
    }
}
