//! Signing services (guide §7): a sign request carries SHA-256 hashes; the answer is `PENDING`
//! until the configured outcome (approve after N seconds, decline, time out) or `SUCCESS` at
//! once in `auto` mode. Signatures are PKCS#1 v1.5 (DigestInfo + hash) with the user's key.
//! `/_sandbox/csp/signing-mode` sets the outcome for everyone or one user.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use kendra_wire::base64_text;
use kendra_wire::csp::signing_messages::{SignResponse, SignStatus, Signature, SHA256_OID};
use serde_json::{json, Map, Value};

use super::access_token::authorize_user;
use super::error_answer::{CspError, CspResult};
use super::request_body::{fields, json_object, respond, Fields};
use super::seed_data::PROFILE_ID;
use super::signing_keys;
use super::CertSource;
use crate::inbox::lock;
use crate::shared::Shared;

/// The first request ID (the guide's example `1613630666`); later ones count up.
const FIRST_REQUEST_ID: u64 = 1_613_630_666;
/// A timed-out request stays `PENDING` this long unless the mode says otherwise.
const DEFAULT_TIMEOUT_SECS: u64 = 120;

/// How a sign request ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SigningMode {
    /// `SUCCESS` in the sign request's own answer.
    Auto,
    /// `PENDING`, then `SUCCESS` once this many seconds have passed on the sandbox clock.
    ApproveAfter(u64),
    /// `PENDING`, then `DECLINED` after this many seconds (0: at the first status poll).
    Decline(u64),
    /// `PENDING`, then `TIMEOUT` after this many seconds.
    Timeout(u64),
}

impl SigningMode {
    /// An officer approving on a phone a few seconds later.
    pub const DEFAULT: SigningMode = SigningMode::ApproveAfter(3);

    pub fn to_json(self) -> Value {
        match self {
            SigningMode::Auto => json!({ "mode": "auto" }),
            SigningMode::ApproveAfter(secs) => {
                json!({ "mode": "approve_after_secs", "approve_after_secs": secs })
            }
            SigningMode::Decline(secs) => json!({ "mode": "decline", "after_secs": secs }),
            SigningMode::Timeout(secs) => json!({ "mode": "timeout", "after_secs": secs }),
        }
    }

    /// Reads `{"mode": "auto"}`, `{"approve_after_secs": N}`, `{"mode": "decline"}`,
    /// `{"mode": "timeout", "after_secs": N}`; `None` for `{"mode": "default"}`.
    pub fn from_json(body: &Map<String, Value>) -> Result<Option<Self>, String> {
        let secs = |name: &str| -> Result<Option<u64>, String> {
            match body.get(name) {
                None | Some(Value::Null) => Ok(None),
                Some(value) => value.as_u64().map(Some).ok_or_else(|| {
                    format!("{name} must be a whole number of seconds, not {value}")
                }),
            }
        };
        let approve = secs("approve_after_secs")?;
        let after = secs("after_secs")?;
        let mode = match body.get("mode") {
            None | Some(Value::Null) => None,
            Some(Value::String(mode)) => Some(mode.trim().to_ascii_lowercase()),
            Some(other) => return Err(format!("mode must be text, not {other}")),
        };
        match (mode.as_deref(), approve) {
            (None, Some(n)) | (Some("approve_after_secs" | "approve"), Some(n)) => {
                Ok(Some(SigningMode::ApproveAfter(n)))
            }
            (Some("approve_after_secs" | "approve"), None) => {
                Ok(Some(SigningMode::ApproveAfter(after.unwrap_or(0))))
            }
            (Some("auto"), _) => Ok(Some(SigningMode::Auto)),
            (Some("decline"), _) => Ok(Some(SigningMode::Decline(after.unwrap_or(0)))),
            (Some("timeout"), _) => Ok(Some(SigningMode::Timeout(
                after.unwrap_or(DEFAULT_TIMEOUT_SECS),
            ))),
            (Some("default"), _) => Ok(None),
            (None, None) => Err(
                "give mode (auto, decline, timeout, default) or approve_after_secs".to_owned(),
            ),
            (Some(other), _) => Err(format!(
                "mode \"{other}\" is unknown: use auto, approve_after_secs, decline, timeout or default"
            )),
        }
    }

    fn status_after(&self, elapsed_secs: i64) -> SignStatus {
        let reached = |n: &u64| elapsed_secs >= i64::try_from(*n).unwrap_or(i64::MAX);
        match self {
            SigningMode::Auto => SignStatus::Success,
            SigningMode::ApproveAfter(n) if reached(n) => SignStatus::Success,
            SigningMode::Decline(n) if reached(n) => SignStatus::Declined,
            SigningMode::Timeout(n) if reached(n) => SignStatus::Timeout,
            _ => SignStatus::Pending,
        }
    }
}

/// A sign request: its signatures are made at once and shown when the status is `SUCCESS`.
#[derive(Debug, Clone)]
pub struct SignRecord {
    pub user_id: String,
    pub created_at: DateTime<Utc>,
    pub mode: SigningMode,
    pub signatures: Vec<String>,
}

impl SignRecord {
    fn answer(&self, request_id: Option<String>, now: DateTime<Utc>) -> SignResponse {
        let status = self
            .mode
            .status_after((now - self.created_at).num_seconds());
        let signatures = if status == SignStatus::Success {
            self.signatures
                .iter()
                .map(|s| Signature {
                    signature_base64: s.clone(),
                })
                .collect()
        } else {
            Vec::new()
        };
        SignResponse {
            request_id,
            status,
            signatures,
        }
    }
}

fn check_profile(request: &mut Fields<'_>) -> CspResult<()> {
    if let Some(profile) = request.text(fields::PROFILE_ID)? {
        if profile != PROFILE_ID {
            return Err(CspError::not_found(
                60019,
                format!(
                    "CSP profile \"{profile}\" does not exist (the sandbox's is \"{PROFILE_ID}\")"
                ),
            ));
        }
    }
    Ok(())
}

/// The SHA-256 digests to sign, checked one by one.
fn digests(docs: Option<&Value>) -> CspResult<Vec<Vec<u8>>> {
    let docs = match docs {
        Some(Value::Array(docs)) if !docs.is_empty() => docs,
        Some(Value::Array(_)) | None => {
            return Err(CspError::bad_request(
                60049,
                "docs_to_sign_info is missing or empty: send at least one hash",
            ))
        }
        Some(_) => return Err(CspError::malformed("docs_to_sign_info must be an array")),
    };
    let mut digests = Vec::with_capacity(docs.len());
    for (index, doc) in docs.iter().enumerate() {
        let mut doc = Fields::new(&format!("document {}", index + 1), doc)?;
        let name = match doc.text(fields::DOC_ALIAS)? {
            Some(alias) => format!("document {} ({alias})", index + 1),
            None => format!("document {}", index + 1),
        };
        let algo = doc.required(fields::HASH_ALGO, 60048)?;
        let hash = doc.required(fields::HASH_TO_SIGN, 60049)?;
        if algo != SHA256_OID {
            return Err(CspError::bad_request(
                60055,
                format!("{name}: hash_algo \"{algo}\" is not supported; send SHA-256 hashes ({SHA256_OID})"),
            ));
        }
        let digest = base64_text::decode(&format!("{name} hash_to_sign_base64"), &hash)
            .map_err(|e| CspError::bad_request(60055, e.to_string()))?;
        if digest.len() != 32 {
            return Err(CspError::bad_request(
                60055,
                format!(
                    "{name}: a SHA-256 hash is 32 bytes, this one is {}",
                    digest.len()
                ),
            ));
        }
        digests.push(digest);
    }
    Ok(digests)
}

pub async fn sign_request(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let now = shared.clock.now();
    let prepared = (|| {
        let state = lock(&shared.csp);
        let user_id = authorize_user(&state, &headers, now)?;
        let what = "the sign request";
        let value = json_object(&headers, &body, what)?;
        let mut request = Fields::new(what, &value)?;
        check_profile(&mut request)?;
        let cert_alias = request.required(fields::CERT_ALIAS, 60022)?;
        let sam_user_id = request.text(fields::SAM_USER_ID)?;
        let cert_password = request.text(fields::CERT_PASSWORD)?;
        // Shown on the officer's phone by a real server; here only checked to be text.
        request.text(fields::REQUEST_DESCRIPTION)?;
        let digests = digests(request.raw(fields::DOCS_TO_SIGN_INFO))?;
        let user = state.user(&user_id).ok_or_else(|| {
            CspError::unauthorized(60006, format!("user \"{user_id}\" no longer exists"))
        })?;
        let cert = user
            .certificates
            .iter()
            .find(|c| c.cert_alias == cert_alias)
            .ok_or_else(|| {
                CspError::not_found(
                    60030,
                    format!("user \"{user_id}\" has no certificate \"{cert_alias}\""),
                )
            })?;
        if let (Some(sent), Some(known)) = (&sam_user_id, &cert.sam_user_id) {
            if sent != known {
                return Err(CspError::malformed(format!(
                    "sam_user_id \"{sent}\" does not match certificate \"{cert_alias}\" (its SAM user is \"{known}\")"
                )));
            }
        }
        if let CertSource::Uploaded {
            sandbox_key: false, ..
        } = cert.source
        {
            return Err(CspError::precondition(
                60021,
                format!("certificate \"{cert_alias}\" was added by a client and the sandbox holds no private key for it"),
            ));
        }
        if cert.auth_pass {
            match cert_password {
                None => {
                    return Err(CspError::bad_request(
                        60012,
                        format!("certificate \"{cert_alias}\" has auth_pass TRUE: send cert_password (the user's CSP password)"),
                    ))
                }
                Some(given) if user.password.as_deref() != Some(given.as_str()) => {
                    return Err(CspError::unauthorized(
                        60008,
                        format!("cert_password for certificate \"{cert_alias}\" is wrong"),
                    ))
                }
                Some(_) => {}
            }
        }
        let mode = user.signing_mode.unwrap_or(state.default_mode);
        Ok((state.data_dir.clone(), user_id, mode, digests))
    })();
    let (data_dir, user_id, mode, digests) = match prepared {
        Ok(prepared) => prepared,
        Err(e) => return e.into_response(),
    };
    let key_owner = user_id.clone();
    let signed = tokio::task::spawn_blocking(move || {
        let key = signing_keys::user_key(data_dir.as_deref(), &key_owner)?;
        digests
            .iter()
            .map(|d| signing_keys::sign_sha256_digest(&key, d).map(|s| base64_text::encode(&s)))
            .collect::<crate::Result<Vec<String>>>()
    })
    .await;
    let signatures = match signed {
        Ok(Ok(signatures)) => signatures,
        Ok(Err(e)) => return CspError::internal(e.to_string()).into_response(),
        Err(e) => return CspError::internal(format!("signing task failed: {e}")).into_response(),
    };
    let record = SignRecord {
        user_id,
        created_at: now,
        mode,
        signatures,
    };
    let mut state = lock(&shared.csp);
    let request_id = (FIRST_REQUEST_ID + state.sign_seq).to_string();
    state.sign_seq += 1;
    // Only `auto` finishes in the request's own answer; every other mode starts PENDING.
    let mut answer = record.answer(Some(request_id.clone()), now);
    if mode != SigningMode::Auto {
        answer.status = SignStatus::Pending;
        answer.signatures.clear();
    }
    state.sign_requests.insert(request_id, record);
    axum::Json(answer).into_response()
}

pub async fn sign_status(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    respond((|| {
        let now = shared.clock.now();
        let state = lock(&shared.csp);
        let user_id = authorize_user(&state, &headers, now)?;
        let what = "the sign-status request";
        let value = json_object(&headers, &body, what)?;
        let mut request = Fields::new(what, &value)?;
        check_profile(&mut request)?;
        let request_id = request.required(fields::REQUEST_ID, 60015)?;
        let record = state
            .sign_requests
            .get(&request_id)
            .filter(|r| r.user_id == user_id)
            .ok_or_else(|| {
                CspError::not_found(
                    60043,
                    format!("there is no sign request \"{request_id}\" for user \"{user_id}\""),
                )
            })?;
        Ok(axum::Json(record.answer(None, now)).into_response())
    })())
}

fn control_error(status: StatusCode, message: String) -> Response {
    (status, axum::Json(json!({ "error": message }))).into_response()
}

pub async fn get_signing_mode(State(shared): State<Arc<Shared>>) -> Response {
    let state = lock(&shared.csp);
    let users: Map<String, Value> = state
        .users
        .iter()
        .filter_map(|u| u.signing_mode.map(|m| (u.user_id.clone(), m.to_json())))
        .collect();
    axum::Json(json!({ "default": state.default_mode.to_json(), "users": users })).into_response()
}

/// `POST /_sandbox/csp/signing-mode {"mode": …, "user_id"?: …}`.
pub async fn set_signing_mode(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let body: Value = match serde_json::from_slice(&body) {
        Ok(Value::Object(map)) => Value::Object(map),
        Ok(_) => {
            return control_error(
                StatusCode::BAD_REQUEST,
                "the body must be a JSON object".into(),
            )
        }
        Err(e) => {
            return control_error(
                StatusCode::BAD_REQUEST,
                format!("the body is not JSON: {e}"),
            )
        }
    };
    let Some(map) = body.as_object() else {
        return control_error(
            StatusCode::BAD_REQUEST,
            "the body must be a JSON object".into(),
        );
    };
    let mode = match SigningMode::from_json(map) {
        Ok(mode) => mode,
        Err(message) => return control_error(StatusCode::BAD_REQUEST, message),
    };
    let user_id = match map.get("user_id") {
        None | Some(Value::Null) => None,
        Some(Value::String(id)) => Some(id.trim().to_owned()),
        Some(other) => {
            return control_error(
                StatusCode::BAD_REQUEST,
                format!("user_id must be text, not {other}"),
            )
        }
    };
    {
        let mut state = lock(&shared.csp);
        match &user_id {
            Some(id) => match state.user_mut(id) {
                Some(user) => user.signing_mode = mode,
                None => {
                    return control_error(
                        StatusCode::NOT_FOUND,
                        format!("there is no user \"{id}\" (GET /_sandbox/info lists them)"),
                    )
                }
            },
            None => state.default_mode = mode.unwrap_or(SigningMode::DEFAULT),
        }
    }
    get_signing_mode(State(shared)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Option<SigningMode>, String> {
        let value: Value = serde_json::from_str(text).unwrap_or(Value::Null);
        SigningMode::from_json(value.as_object().unwrap_or(&Map::new()))
    }

    #[test]
    fn modes_parse() {
        assert_eq!(parse(r#"{"mode":"auto"}"#), Ok(Some(SigningMode::Auto)));
        assert_eq!(
            parse(r#"{"approve_after_secs":7}"#),
            Ok(Some(SigningMode::ApproveAfter(7)))
        );
        assert_eq!(
            parse(r#"{"mode":"decline"}"#),
            Ok(Some(SigningMode::Decline(0)))
        );
        assert_eq!(
            parse(r#"{"mode":"timeout","after_secs":30}"#),
            Ok(Some(SigningMode::Timeout(30)))
        );
        assert_eq!(parse(r#"{"mode":"default"}"#), Ok(None));
        assert!(parse(r#"{"mode":"maybe"}"#).is_err());
        assert!(parse(r#"{"approve_after_secs":-1}"#).is_err());
        assert!(parse("{}").is_err());
    }

    #[test]
    fn outcomes_follow_the_clock() {
        assert_eq!(
            SigningMode::ApproveAfter(3).status_after(2),
            SignStatus::Pending
        );
        assert_eq!(
            SigningMode::ApproveAfter(3).status_after(3),
            SignStatus::Success
        );
        assert_eq!(
            SigningMode::Decline(0).status_after(0),
            SignStatus::Declined
        );
        assert_eq!(
            SigningMode::Timeout(120).status_after(119),
            SignStatus::Pending
        );
        assert_eq!(
            SigningMode::Timeout(120).status_after(120),
            SignStatus::Timeout
        );
    }
}
