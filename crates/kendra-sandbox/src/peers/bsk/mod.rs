//! Simulated Bangla Sahayata Kendra integration (API document v5.0 with the errata in
//! specs/README.md). Both sides live here: the department endpoints the BSK portal calls
//! (API-1, 3, 4, 5A, 5B, 7, under `/bsk/department/…`) and the portal endpoints a department
//! calls (API-2 push receiver, API-6 DEO look-up, under `/bsk/portal/…`). Every endpoint takes
//! both transports (v4 passcode + JWT, v5 agId + encData); see [`transport`].

mod department_api;
pub mod document_files;
pub mod otp_gate;
pub mod paid_amount;
mod portal_api;
pub mod request_fields;
pub mod seed_data;
pub mod transport;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use chrono::{DateTime, Utc};
use rand::rngs::StdRng;
use rand::SeedableRng;
use serde_json::{json, Value};

use super::SeedContext;
use crate::shared::Shared;
use otp_gate::OtpRecord;
use seed_data::{DocumentForm, APPLICATIONS, DEOS, OPEN_TICKETS};
use transport::{refuse, JsonFields};

pub const API1_INITIATE: &str = "/bsk/department/api-1/initiate";
pub const API3_STATUS: &str = "/bsk/department/api-3/status";
pub const API4_DOCUMENT: &str = "/bsk/department/api-4/document";
pub const API5A_OTP_REQUEST: &str = "/bsk/department/api-5a/otp";
pub const API5B_OTP_VERIFY: &str = "/bsk/department/api-5b/verify";
pub const API7_PULL: &str = "/bsk/department/api-7/pull";
pub const DOCUMENTS: &str = "/bsk/department/documents";
pub const API2_SUBMISSION: &str = "/bsk/portal/api-2/submission";
pub const API6_USER: &str = "/bsk/portal/api-6/user";

/// The text of an injected `failed` answer.
pub const FAILED_TEXT: &str = "Unable to process the request at this time, please try again later";

/// A service log at a kendra: jointly unique by (userId, ticketNo).
#[derive(Debug, Clone)]
pub struct Ticket {
    pub service_code: String,
    pub citizen_name: String,
    pub citizen_mobile: String,
    /// API-1's `appSubTime`, `YYYYMMDDHHmmSS` IST.
    pub initiated_at: String,
    /// 1 initiated, 2 draft submitted, 3 final submitted.
    pub application_status: u8,
    /// Fixed by the first API-2 push.
    pub app_no: Option<String>,
}

pub struct BskState {
    /// (userId, ticketNo) → ticket; shared by the department side (API-1) and the portal (API-2).
    tickets: BTreeMap<(String, String), Ticket>,
    /// otpId → its current code.
    otps: HashMap<String, OtpRecord>,
    /// OTP codes from a seeded generator: the same sequence after every reset.
    rng: StdRng,
}

impl BskState {
    pub fn seeded(_ctx: &SeedContext) -> crate::Result<Self> {
        let mut tickets = BTreeMap::new();
        for app in APPLICATIONS {
            tickets.insert(
                (app.user_id.to_owned(), app.ticket_no.to_owned()),
                Ticket {
                    service_code: app.service_code.to_owned(),
                    citizen_name: app.citizen_name.to_owned(),
                    citizen_mobile: app.citizen_mobile.to_owned(),
                    initiated_at: app.ticket_no[..14].to_owned(),
                    application_status: app
                        .submissions
                        .iter()
                        .map(|s| s.application_status)
                        .max()
                        .unwrap_or(1),
                    app_no: Some(app.app_no.to_owned()),
                },
            );
        }
        for (user_id, ticket_no, service_code, name, _, mobile) in OPEN_TICKETS {
            tickets.insert(
                (user_id.to_owned(), ticket_no.to_owned()),
                Ticket {
                    service_code: service_code.to_owned(),
                    citizen_name: name.to_owned(),
                    citizen_mobile: mobile.to_owned(),
                    initiated_at: ticket_no[..14].to_owned(),
                    application_status: 1,
                    app_no: None,
                },
            );
        }
        Ok(Self {
            tickets,
            otps: HashMap::new(),
            rng: StdRng::seed_from_u64(0x0B5C_2022_1202),
        })
    }
}

pub fn router() -> Router<Arc<Shared>> {
    Router::new()
        .route(API1_INITIATE, post(department_api::api1_initiate))
        .route(API3_STATUS, post(department_api::api3_status))
        .route(API4_DOCUMENT, post(department_api::api4_document))
        .route(API5A_OTP_REQUEST, post(department_api::api5a_otp_request))
        .route(API5B_OTP_VERIFY, post(department_api::api5b_otp_verify))
        .route(API7_PULL, post(department_api::api7_pull))
        .route(&format!("{DOCUMENTS}/{{file}}"), get(document_files::serve))
        .route(API2_SUBMISSION, post(portal_api::api2_submission))
        .route(API6_USER, post(portal_api::api6_user))
}

/// Section 11's timestamps: `YYYYMMDDHHmmSS` in Indian Standard Time.
pub fn bsk_timestamp(now: DateTime<Utc>) -> String {
    now.with_timezone(&kendra_wire::ist_time::ist())
        .format("%Y%m%d%H%M%S")
        .to_string()
}

pub fn info(shared: &Shared) -> Value {
    let base = &shared.base_url;
    let endpoint = |api: &str, side: &str, path: &str, what: &str| json!({ "api": api, "side": side, "method": "POST", "path": path, "url": format!("{base}{path}"), "what": what });
    let deos: Vec<Value> = DEOS
        .iter()
        .map(|d| {
            json!({
                "userId": d.user_id, "userName": d.name, "userNameBn": d.name_bn,
                "userEmail": d.email, "bskCode": d.bsk_code, "bskName": d.bsk_name,
                "gp": d.gp, "block": d.block, "subDivision": d.sub_division,
                "district": d.district, "userStatus": d.status,
            })
        })
        .collect();
    let applications: Vec<Value> = APPLICATIONS
        .iter()
        .map(|a| {
            json!({
                "applicationNo": a.app_no, "userId": a.user_id, "ticketNo": a.ticket_no,
                "serviceCode": a.service_code,
                "citizenName": a.citizen_name, "citizenNameBn": a.citizen_name_bn,
                "citizenMobile": a.citizen_mobile,
                "latestStage": a.stages.last().map(|(_, m)| *m),
                "documentNo": a.document.map(|d| d.document_no),
                "documentType": a.document.map(|d| d.form.document_type()),
                "documentUrl": a.document.filter(|d| d.form == DocumentForm::Url)
                    .map(|d| format!("{base}{DOCUMENTS}/{}", d.file)),
                "otpRequired": a.document.map(|d| d.otp_required),
            })
        })
        .collect();
    let open_tickets: Vec<Value> = OPEN_TICKETS
        .iter()
        .map(|(u, t, s, n, nb, m)| {
            json!({ "userId": u, "ticketNo": t, "serviceCode": s, "citizenName": n, "citizenNameBn": nb, "citizenMobile": m })
        })
        .collect();
    let departments: Vec<Value> = seed_data::DEPARTMENTS
        .iter()
        .map(|(code, name)| {
            json!({ "deptCode": code, "name": name, "accessCode": seed_data::access_code(code) })
        })
        .collect();
    let services: Vec<Value> = seed_data::services()
        .iter()
        .map(|s| json!({ "serviceCode": s.code, "serviceName": s.name, "deptCode": s.dept_code }))
        .collect();
    json!({
        "base_url": base,
        "key": seed_data::AES_KEY,
        "iv": seed_data::AES_IV,
        "passcode": seed_data::PASSCODE,
        "jwt_secret": seed_data::JWT_SECRET,
        "cipher": "AES-256-CBC, key (32 ASCII bytes) and IV (16 ASCII bytes) used as raw bytes, PKCS#7, standard base64 (section 15)",
        "transports": {
            "v4_jwt": {
                "content_type": "application/json",
                "body": "{\"passcode\": passcode, \"token\": HS256 JWT (jwt_secret) whose claims are the request}",
                "answer": "plain JSON as the spec's examples",
            },
            "v5_form": {
                "content_type": "application/x-www-form-urlencoded",
                "body": "agId=BSK&encData=<base64 AES-256-CBC of the request JSON>",
                "answer": "{\"encData\": <base64 AES-256-CBC of the answer JSON>}",
            },
            "refusals": "always plain JSON {…, \"statusCode\": 400, \"message\"}: HTTP 400 for a bad envelope, HTTP 200 for a refused request",
        },
        "paths": {
            "api_1": endpoint("API-1", "department", API1_INITIATE, "application initiation"),
            "api_2": endpoint("API-2", "portal", API2_SUBMISSION, "draft/final submission push receiver"),
            "api_3": endpoint("API-3", "department", API3_STATUS, "status search (stage timeline)"),
            "api_4": endpoint("API-4", "department", API4_DOCUMENT, "document download"),
            "api_5a": endpoint("API-5A", "department", API5A_OTP_REQUEST, "OTP request (SMS to the citizen, see /_sandbox/inbox)"),
            "api_5b": endpoint("API-5B", "department", API5B_OTP_VERIFY, "OTP verification, releases the document"),
            "api_6": endpoint("API-6", "portal", API6_USER, "DEO look-up / user authentication"),
            "api_7": endpoint("API-7", "department", API7_PULL, "pull submissions for a date range"),
            "documents": { "method": "GET", "path": format!("{DOCUMENTS}/{{file}}"), "what": "documents given as a link (documentType 1)" },
        },
        "timestamp_format": "YYYYMMDDHHmmSS (IST) as a JSON number; ticketNo may carry 3 more digits of milliseconds",
        "otp": {
            "digits": otp_gate::OTP_DIGITS,
            "validity_minutes": otp_gate::VALIDITY_MINUTES,
            "max_attempts": otp_gate::MAX_ATTEMPTS,
            "resend_after_secs": otp_gate::RESEND_AFTER_SECS,
            "delivered_to": "GET /_sandbox/inbox?peer=bsk (SMS to the citizen's mobile, with otp set)",
        },
        "deos": deos,
        "applications": applications,
        "open_tickets": open_tickets,
        "departments": departments,
        "services": services,
    })
}

/// The `failed` fault: BSK's failure shape, HTTP 200 with `statusCode: 400` (API-2 adds its
/// `responseStatus: "Failure"`).
pub fn failed_answer(path: &str, _now: DateTime<Utc>) -> Response {
    let context = if path == API2_SUBMISSION {
        JsonFields::new()
            .text("appNo", "")
            .text("responseStatus", "Failure")
    } else {
        JsonFields::new()
    };
    refuse(StatusCode::OK, context, FAILED_TEXT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_ist_digits() {
        let t = DateTime::parse_from_rfc3339("2022-12-02T10:03:22Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(bsk_timestamp(t), "20221202153322");
    }
}
