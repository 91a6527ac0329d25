//! Simulated UP Integrated Service Portal (ISP), technical manual v2: `/ispws/authenticate`
//! (60-minute JWT), the five `/ispws/isp/v1/…` services with `{dept_id, e_data}` requests and
//! `{error, statusMessage, data, timestamp}` answers, Annexure A's ordering rules, and
//! `POST /_sandbox/isp/apply` standing in for a citizen clicking "apply" on the portal.

mod access_token;
mod endpoints;
pub mod field_rules;
pub mod ordering_rules;
pub mod seed_data;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use chrono::{DateTime, FixedOffset, Utc};
use rand::rngs::StdRng;
use rand::SeedableRng;
use serde_json::{json, Value};

use super::SeedContext;
use crate::shared::Shared;
use crate::stats::Outcome;

pub const AUTHENTICATE: &str = "/ispws/authenticate";
pub const REQUEST_VALIDATION: &str = "/ispws/isp/v1/getRequestValidatedAndRequestID";
pub const COMMON_DETAILS: &str = "/ispws/isp/v1/getApplicantCommonDetails";
pub const ACKNOWLEDGEMENT: &str = "/ispws/isp/v1/returnApplicationAcknowledgement";
pub const SERVICE_STATUS: &str = "/ispws/isp/v1/returnServiceStatus";
pub const DELIVERED_STATUS: &str = "/ispws/isp/v1/returnDeliveredServiceStatus";
/// Sandbox-only: a citizen clicks "apply" on the portal.
pub const APPLY: &str = "/_sandbox/isp/apply";

/// How long a session key from "apply" stays valid (the manual is silent; a portal login hop).
pub const SESSION_KEY_MINUTES: i64 = 15;

/// The manual's failure text for `/authenticate`, verbatim.
pub const AUTH_FAILED_TEXT: &str = "To generate token valid user Name and password is required";

/// A session key handed to the department's landing page.
struct Session {
    applicant: usize,
    service_code: &'static str,
    ocr_spelling: bool,
    expires_at: DateTime<Utc>,
    /// Set once validated: a session key validates only once.
    request_id: Option<String>,
}

/// One citizen request (request_id) and the statuses the portal accepted for it.
struct RequestRecord {
    applicant: usize,
    service_code: &'static str,
    ocr_spelling: bool,
    statuses: Vec<String>,
    /// Fixed by the S104 acknowledgement; later statuses must repeat it.
    application_id: Option<String>,
}

pub struct IspState {
    sessions: HashMap<String, Session>,
    requests: BTreeMap<String, RequestRecord>,
    /// Session keys come from a seeded generator: the same sequence after every reset.
    rng: StdRng,
    applies: usize,
    request_seq: u64,
}

impl IspState {
    pub fn seeded(_ctx: &SeedContext) -> crate::Result<Self> {
        Ok(Self {
            sessions: HashMap::new(),
            requests: BTreeMap::new(),
            rng: StdRng::seed_from_u64(0x0015_9109_2024),
            applies: 0,
            request_seq: 0,
        })
    }
}

pub fn router() -> Router<Arc<Shared>> {
    Router::new()
        .route(AUTHENTICATE, post(endpoints::authenticate))
        .route(REQUEST_VALIDATION, post(endpoints::request_validation))
        .route(COMMON_DETAILS, post(endpoints::common_details))
        .route(ACKNOWLEDGEMENT, post(endpoints::acknowledgement))
        .route(SERVICE_STATUS, post(endpoints::service_status))
        .route(DELIVERED_STATUS, post(endpoints::delivered_status))
        .route(APPLY, post(endpoints::apply))
}

pub fn info(shared: &Shared) -> Value {
    use seed_data::*;
    let services: Vec<Value> = SERVICES
        .iter()
        .map(|s| {
            json!({
                "service_code": s.code,
                "service_name_eng": s.name_eng,
                "service_name_hindi": s.name_hindi,
                "dbt": s.dbt,
            })
        })
        .collect();
    let applicants: Vec<Value> = APPLICANTS
        .iter()
        .map(|a| {
            json!({
                "applicant_id": a.applicant_id,
                "name_eng": a.name_eng.iter().filter(|p| !p.is_empty()).copied().collect::<Vec<_>>().join(" "),
                "name_hindi": a.name_hindi.iter().filter(|p| !p.is_empty()).copied().collect::<Vec<_>>().join(" "),
                "district": a.residential.district,
            })
        })
        .collect();
    let status_codes: serde_json::Map<String, Value> = ordering_rules::STATUS_CODES
        .iter()
        .map(|(c, d)| ((*c).to_owned(), json!(d)))
        .collect();
    json!({
        "base_url": shared.base_url,
        "dept_id": DEPT_ID,
        "password": PASSWORD,
        "secret_key": SECRET_KEY,
        "cipher": {
            "scheme": "isp",
            "variant": "canonical",
            "kdf": "PBKDF2-HMAC-SHA512, salt \"0000000011111111\", 1000 iterations, 32-byte key",
            "iv": "00 00 00 00 00 00 00 00 01 01 01 01 01 01 01 01",
        },
        "jwt_secret": JWT_SECRET,
        "token_lifetime_minutes": access_token::LIFETIME_MINUTES,
        "session_key_lifetime_minutes": SESSION_KEY_MINUTES,
        "action_taken_time_formats": ["yyyy-mm-ddhh:mm:ss", "yyyy-mm-dd hh:mm:ss"],
        "timestamp_format": "dd-mm-yyyy hh:mm:ss (IST)",
        "paths": {
            "authenticate": AUTHENTICATE,
            "get_request_validated_and_request_id": REQUEST_VALIDATION,
            "get_applicant_common_details": COMMON_DETAILS,
            "return_application_acknowledgement": ACKNOWLEDGEMENT,
            "return_service_status": SERVICE_STATUS,
            "return_delivered_service_status": DELIVERED_STATUS,
            "apply": APPLY,
        },
        "services": services,
        "default_service_code": DEFAULT_SERVICE_CODE,
        "applicants": applicants,
        "status_codes": status_codes,
        "code_tables": code_tables(),
    })
}

/// The `failed` fault: `/authenticate`'s HTTP 400 body, or a `FAILED` answer elsewhere.
pub fn failed_answer(path: &str, now: DateTime<Utc>) -> Response {
    if path == AUTHENTICATE {
        return auth_failed(now);
    }
    isp_answer(
        StatusCode::OK,
        "Unable to process the request at this time, please try again later",
        false,
        None,
        now,
    )
}

/// The portal's timestamp: `dd-mm-yyyy hh:mm:ss` in IST, as in the manual's samples.
pub fn portal_timestamp(now: DateTime<Utc>) -> String {
    ist(now).format("%d-%m-%Y %H:%M:%S").to_string()
}

/// The portal runs on Indian Standard Time.
pub fn ist(now: DateTime<Utc>) -> DateTime<FixedOffset> {
    now.with_timezone(&kendra_wire::ist_time::ist())
}

/// `{error, statusMessage, data, timestamp}` in the manual's order; `data` already encrypted.
fn isp_answer(
    status: StatusCode,
    error: &str,
    successful: bool,
    data: Option<String>,
    now: DateTime<Utc>,
) -> Response {
    let body = format!(
        r#"{{"error":{},"statusMessage":"{}","data":{},"timestamp":"{}"}}"#,
        json!(error),
        if successful { "SUCCESSFUL" } else { "FAILED" },
        data.map_or_else(|| "null".to_owned(), |d| json!(d).to_string()),
        portal_timestamp(now),
    );
    let mut response = (
        status,
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response();
    if status == StatusCode::OK && !successful {
        response.extensions_mut().insert(Outcome("failed"));
    }
    response
}

/// The manual's HTTP 400 answer to bad credentials, verbatim.
fn auth_failed(now: DateTime<Utc>) -> Response {
    let body = format!(
        r#"{{"error":"{AUTH_FAILED_TEXT}","statusMessage":"FAILED","timestamp":"{}","data":null}}"#,
        portal_timestamp(now)
    );
    (
        StatusCode::BAD_REQUEST,
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_ist_in_the_manuals_format() {
        let t = DateTime::parse_from_rfc3339("2022-10-09T07:06:02Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(portal_timestamp(t), "09-10-2022 12:36:02");
    }
}
