//! The portal's handlers. Malformed envelopes answer HTTP 400, token problems 401, and every
//! business refusal (bad field, unknown request, order violation) HTTP 200 with `FAILED` and an
//! `error` naming the field or rule.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, Duration, Utc};
use kendra_wire::aes_cbc::AesCbcKey;
use kendra_wire::field_names::{Field, TolerantObject};
use kendra_wire::isp::{identify_variant, IspKeyCache, IspRequest, IspVariant};
use rand::distributions::{Alphanumeric, DistString};
use serde_json::{json, Value};

use super::field_rules::{self, Fields};
use super::ordering_rules::{self, StatusEndpoint};
use super::seed_data::{self, APPLICANTS, DEPT_ID, JWT_SECRET, PASSWORD, SECRET_KEY};
use super::{access_token, auth_failed, isp_answer, RequestRecord, Session, SESSION_KEY_MINUTES};
use crate::inbox::lock;
use crate::shared::Shared;

pub async fn authenticate(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let now = shared.clock.now();
    let Ok(value) = serde_json::from_slice::<Value>(&body) else {
        return auth_failed(now);
    };
    let Ok(mut object) = TolerantObject::new("the authenticate body", &value) else {
        return auth_failed(now);
    };
    let username = object.require_text(Field::new("username", &["user_name", "dept_id"]));
    let password = object.require_text(Field::new("password", &["token_key"]));
    match (username, password) {
        (Ok(u), Ok(p)) if u == DEPT_ID && p == PASSWORD => {
            match access_token::issue(DEPT_ID, JWT_SECRET, now) {
                Ok(token) => {
                    let body = format!(
                        r#"{{"error":"","statusMessage":"SUCCESSFUL","timestamp":"{}","token":"{token}"}}"#,
                        super::portal_timestamp(now)
                    );
                    (
                        StatusCode::OK,
                        [(axum::http::header::CONTENT_TYPE, "application/json")],
                        body,
                    )
                        .into_response()
                }
                Err(e) => isp_answer(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    &format!("the portal could not sign a token: {e}"),
                    false,
                    None,
                    now,
                ),
            }
        }
        _ => auth_failed(now),
    }
}

pub async fn request_validation(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let now = shared.clock.now();
    let (key, fields) = match open(&headers, &body, field_rules::SESSION_KEY_INPUT, now) {
        Ok(opened) => opened,
        Err(refusal) => return *refusal,
    };
    let sessionkey = fields.get("sessionkey").cloned().unwrap_or_default();
    let validated = {
        let mut state = lock(&shared.isp);
        let state = &mut *state;
        match state.sessions.get_mut(sessionkey.trim()) {
            None => Err(format!(
                "sessionkey {sessionkey:?} is not valid: the portal issued no such session key"
            )),
            Some(Session {
                request_id: Some(request_id),
                ..
            }) => Err(format!(
                "sessionkey {sessionkey:?} has already been validated (request_id {request_id}); a session key validates only once"
            )),
            Some(session) if now >= session.expires_at => Err(format!(
                "sessionkey {sessionkey:?} expired at {} (session keys are valid {SESSION_KEY_MINUTES} minutes after the citizen clicks apply)",
                super::portal_timestamp(session.expires_at)
            )),
            Some(session) => {
                state.request_seq += 1;
                // yyyymmdd (IST) + a 6-digit sequence: 14 digits, as the manual says.
                let request_id = format!("{}{:06}", super::ist(now).format("%Y%m%d"), state.request_seq);
                session.request_id = Some(request_id.clone());
                state.requests.insert(
                    request_id.clone(),
                    RequestRecord {
                        applicant: session.applicant,
                        service_code: session.service_code,
                        ocr_spelling: session.ocr_spelling,
                        statuses: Vec::new(),
                        application_id: None,
                    },
                );
                Ok(json!({
                    "request_id": request_id,
                    "applicant_id": APPLICANTS.get(session.applicant).map_or("", |a| a.applicant_id),
                    "service_code": session.service_code,
                }))
            }
        }
    };
    match validated {
        Ok(data) => success(&key, Some(&data), now),
        Err(error) => failed(&error, now),
    }
}

pub async fn common_details(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let now = shared.clock.now();
    let (key, fields) = match open(&headers, &body, field_rules::REQUEST_ID_INPUT, now) {
        Ok(opened) => opened,
        Err(refusal) => return *refusal,
    };
    let request_id = fields.get("request_id").cloned().unwrap_or_default();
    let record = {
        let state = lock(&shared.isp);
        state
            .requests
            .get(&request_id)
            .map(|r| (r.applicant, r.service_code, r.ocr_spelling))
    };
    let details = record.and_then(|(applicant, code, ocr)| {
        Some(seed_data::common_details(
            APPLICANTS.get(applicant)?,
            seed_data::service(code)?,
            ocr,
        ))
    });
    match details {
        Some(data) => success(&key, Some(&data), now),
        None => failed(&unknown_request(&request_id), now),
    }
}

pub async fn acknowledgement(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    push_status(&shared, &headers, &body, StatusEndpoint::Acknowledgement)
}

pub async fn service_status(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    push_status(&shared, &headers, &body, StatusEndpoint::ServiceStatus)
}

pub async fn delivered_status(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    push_status(&shared, &headers, &body, StatusEndpoint::Delivered)
}

/// The three status services: fields, the request's identity, then Annexure A's order.
fn push_status(
    shared: &Shared,
    headers: &HeaderMap,
    body: &[u8],
    endpoint: StatusEndpoint,
) -> Response {
    let now = shared.clock.now();
    let table = match endpoint {
        StatusEndpoint::Acknowledgement => field_rules::ACKNOWLEDGEMENT,
        StatusEndpoint::ServiceStatus => field_rules::SERVICE_STATUS,
        StatusEndpoint::Delivered => field_rules::DELIVERED,
    };
    let (key, fields) = match open(headers, body, table, now) {
        Ok(opened) => opened,
        Err(refusal) => return *refusal,
    };
    let request_id = text(&fields, "request_id").to_owned();
    let code = text(&fields, "status_code").to_owned();
    let accepted = {
        let mut state = lock(&shared.isp);
        match state.requests.get_mut(&request_id) {
            None => Err(unknown_request(&request_id)),
            Some(record) => accept(record, endpoint, &fields, &code),
        }
    };
    match accepted {
        Ok(()) => {
            shared.stats.isp_status_accepted(&request_id, &code);
            success(&key, None, now)
        }
        Err(error) => failed(&error, now),
    }
}

fn accept(
    record: &mut RequestRecord,
    endpoint: StatusEndpoint,
    fields: &Fields,
    code: &str,
) -> Result<(), String> {
    let field = |name: &str| text(fields, name);
    let applicant = APPLICANTS
        .get(record.applicant)
        .map_or("", |a| a.applicant_id);
    if field("applicant_id") != applicant {
        return Err(format!(
            "applicant_id {:?} does not belong to request_id {} (its applicant is {applicant})",
            field("applicant_id"),
            field("request_id")
        ));
    }
    if field("service_code") != record.service_code {
        return Err(format!(
            "service_code {:?} does not match request_id {} (it was made for service {})",
            field("service_code"),
            field("request_id"),
            record.service_code
        ));
    }
    let application_id = field("application_id");
    if let Some(known) = &record.application_id {
        if known != application_id {
            return Err(format!(
                "application_id {application_id:?} differs from {known:?}, the one acknowledged with S104 for this request_id"
            ));
        }
    }
    let dbt = seed_data::service(record.service_code).is_some_and(|s| s.dbt);
    if endpoint == StatusEndpoint::Delivered && dbt && field("dbt_amount").is_empty() {
        return Err(format!(
            "dbt_amount is required: service {} is a DBT service",
            record.service_code
        ));
    }
    ordering_rules::check(endpoint, &record.statuses, code)?;
    if code == "S104" {
        record.application_id = Some(application_id.to_owned());
    }
    record.statuses.push(code.to_owned());
    Ok(())
}

/// A validated field ("" when an optional one was absent).
fn text<'a>(fields: &'a Fields, name: &str) -> &'a str {
    fields.get(name).map(String::as_str).unwrap_or_default()
}

/// Token, envelope, department, decryption and field rules: the steps every service shares.
fn open(
    headers: &HeaderMap,
    body: &[u8],
    table: &[field_rules::FieldRule],
    now: DateTime<Utc>,
) -> Result<(Arc<AesCbcKey>, Fields), Box<Response>> {
    let token_dept = access_token::check(headers, JWT_SECRET, now)
        .map_err(|e| Box::new(isp_answer(StatusCode::UNAUTHORIZED, &e, false, None, now)))?;
    let request = IspRequest::parse(body).map_err(|e| {
        Box::new(isp_answer(
            StatusCode::BAD_REQUEST,
            &e.to_string(),
            false,
            None,
            now,
        ))
    })?;
    if request.dept_id != DEPT_ID {
        return Err(boxed_failed(
            &format!(
                "dept_id {:?} is not registered with the portal",
                request.dept_id
            ),
            now,
        ));
    }
    if token_dept != request.dept_id {
        return Err(boxed_failed(
            &format!(
                "dept_id {:?} is not the department the token was issued to",
                request.dept_id
            ),
            now,
        ));
    }
    let key = IspKeyCache::global()
        .get(SECRET_KEY.as_bytes(), IspVariant::Canonical)
        .map_err(|e| {
            Box::new(isp_answer(
                StatusCode::INTERNAL_SERVER_ERROR,
                &e.to_string(),
                false,
                None,
                now,
            ))
        })?;
    let plaintext = request
        .open(&key)
        .map_err(|e| boxed_failed(&undecryptable(&request.e_data, &e), now))?;
    let payload: Value = serde_json::from_str(&plaintext).map_err(|e| {
        boxed_failed(
            &format!("e_data decrypted, but it is not a JSON object: {e}"),
            now,
        )
    })?;
    let fields = field_rules::validate(&payload, table).map_err(|e| boxed_failed(&e, now))?;
    Ok((key, fields))
}

/// Says which known mistake a department made when its ciphertext does not open.
fn undecryptable(e_data: &str, error: &kendra_wire::Error) -> String {
    let base = format!("e_data could not be decrypted with the department's secret key: {error}");
    let variant = identify_variant(SECRET_KEY.as_bytes(), e_data)
        .ok()
        .and_then(|found| found.into_iter().find(|m| m.is_json))
        .map(|m| m.variant);
    match variant {
        Some(v) if v != IspVariant::Canonical => format!(
            "{base}. It decrypts with the {} variant ({}): use the manual's Java sample instead (16-byte salt \"0000000011111111\", IV eight 0x00 then eight 0x01 bytes)",
            v.name(),
            v.description()
        ),
        _ => base,
    }
}

fn unknown_request(request_id: &str) -> String {
    format!(
        "request_id {request_id:?} is not known to the portal: use the request_id returned by getRequestValidatedAndRequestID"
    )
}

fn success(key: &AesCbcKey, data: Option<&Value>, now: DateTime<Utc>) -> Response {
    let data = data.map(|d| key.encrypt_text(&d.to_string()));
    isp_answer(StatusCode::OK, "", true, data, now)
}

fn failed(error: &str, now: DateTime<Utc>) -> Response {
    isp_answer(StatusCode::OK, error, false, None, now)
}

fn boxed_failed(error: &str, now: DateTime<Utc>) -> Box<Response> {
    Box::new(failed(error, now))
}

/// `POST /_sandbox/isp/apply {"service_code"?, "ocr_spelling"?}`: the next seeded citizen applies.
pub async fn apply(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let now = shared.clock.now();
    let value: Value = if body.iter().all(u8::is_ascii_whitespace) {
        json!({})
    } else {
        match serde_json::from_slice(&body) {
            Ok(v @ Value::Object(_)) => v,
            Ok(_) => {
                return apply_refused(
                    "the body must be a JSON object such as {\"service_code\": \"10101\"}",
                )
            }
            Err(e) => return apply_refused(&format!("the body is not JSON: {e}")),
        }
    };
    let code = match value.get("service_code") {
        None | Some(Value::Null) => seed_data::DEFAULT_SERVICE_CODE.to_owned(),
        Some(Value::String(s)) => s.trim().to_owned(),
        Some(Value::Number(n)) => n.to_string(),
        Some(_) => return apply_refused("service_code must be text, e.g. \"10101\""),
    };
    let Some(service) = seed_data::service(&code) else {
        let known: Vec<&str> = seed_data::SERVICES.iter().map(|s| s.code).collect();
        return apply_refused(&format!(
            "service_code {code:?} is not registered on the portal; registered services: {}",
            known.join(", ")
        ));
    };
    let ocr_spelling = value
        .get("ocr_spelling")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let expires_at = now + Duration::minutes(SESSION_KEY_MINUTES);
    let sessionkey = {
        let mut state = lock(&shared.isp);
        let sessionkey = Alphanumeric.sample_string(&mut state.rng, 32);
        let applicant = state.applies % APPLICANTS.len();
        state.applies += 1;
        state.sessions.insert(
            sessionkey.clone(),
            Session {
                applicant,
                service_code: service.code,
                ocr_spelling,
                expires_at,
                request_id: None,
            },
        );
        sessionkey
    };
    Json(json!({
        "sessionkey": sessionkey,
        "service_code": service.code,
        "expires_at": expires_at.to_rfc3339(),
    }))
    .into_response()
}

fn apply_refused(problem: &str) -> Response {
    (StatusCode::BAD_REQUEST, Json(json!({ "error": problem }))).into_response()
}
