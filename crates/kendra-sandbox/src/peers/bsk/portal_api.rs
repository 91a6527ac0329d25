//! The BSK portal's side, called by departments: API-2 receives draft/final submission pushes,
//! API-6 answers who a DEO is.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use kendra_wire::bsk::BskTransport;
use serde_json::json;

use super::department_api::open_request;
use super::paid_amount::{raw_member, Rupees};
use super::request_fields::{check_timestamp, fields, RequestFields};
use super::seed_data;
use super::transport::{self, answer, refuse, JsonFields, Opened};
use crate::inbox::lock;
use crate::shared::Shared;

/// One API-2 push, checked.
struct Push {
    user_id: String,
    ticket_no: String,
    service_code: String,
    app_no: String,
    app_sub_time: String,
    dept_pay_ref_no: String,
    trans_no: String,
    bank_ref_no: String,
    paid_amt: Rupees,
    message: String,
    application_status: u8,
}

fn parse_push(f: &mut RequestFields, raw_json: &str) -> Result<Push, String> {
    let user_id = f.mobile(fields::USER_ID, "the DEO's userId")?;
    let ticket_no = f.timestamp(fields::TICKET_NO)?;
    let service = f.service(fields::SERVICE_CODE)?;
    let app_no = f.text(fields::APP_NO)?;
    if app_no.chars().count() > 50 {
        return Err(format!(
            "API-2 request: field \"appNo\" is {} characters long; at most 50 are accepted",
            app_no.chars().count()
        ));
    }
    let app_sub_time = f.timestamp(fields::APP_SUB_TIME)?;
    let dept_pay_ref_no = f.optional_text(fields::DEPT_PAY_REF_NO)?;
    let trans_no = f.optional_text(fields::TRANS_NO)?;
    let bank_ref_no = f.optional_text(fields::BANK_REF_NO)?;
    // Read from the JSON text: `200.00` must not pass through a float.
    let paid_amt = match raw_member(raw_json, fields::PAID_AMT_NAMES) {
        None | Some((_, "null")) => Rupees::default_zero(),
        Some((name, text)) => {
            Rupees::parse(text).map_err(|p| format!("API-2 request: field \"{name}\" {p}"))?
        }
    };
    let application_status = f.small_number(fields::APPLICATION_STATUS)?;
    let expected = match application_status {
        2 => "Draft Submitted",
        3 => "Final Submitted",
        other => {
            return Err(format!(
                "API-2 request: field \"applicationStatus\" is {other}: a push is 2 (draft submitted) or 3 (final submitted)"
            ))
        }
    };
    let message = f.text(fields::MESSAGE)?;
    if !message.eq_ignore_ascii_case(expected) {
        return Err(format!(
            "API-2 request: field \"message\" is {message:?}, but applicationStatus {application_status} means {expected:?}"
        ));
    }
    if f.has(fields::STATUS_CODE) {
        let status = f.small_number(fields::STATUS_CODE)?;
        if status != 200 {
            return Err(format!(
                "API-2 request: field \"statusCode\" is {status}: a submission push reports 200"
            ));
        }
    }
    if !paid_amt.is_zero() {
        for (name, value) in [
            ("deptPayRefNo", &dept_pay_ref_no),
            ("transNo", &trans_no),
            ("bankRefNo", &bank_ref_no),
        ] {
            if value.is_empty() {
                return Err(format!(
                    "API-2 request: field \"{name}\" is missing or blank, but paidAmt is {paid_amt}: a payment needs its references"
                ));
            }
        }
    }
    Ok(Push {
        user_id,
        ticket_no,
        service_code: service.code,
        app_no,
        app_sub_time,
        dept_pay_ref_no,
        trans_no,
        bank_ref_no,
        paid_amt,
        message: expected.to_owned(),
        application_status: application_status as u8,
    })
}

/// API-2: a department reports a draft or final submission for a BSK ticket.
pub async fn api2_submission(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let failure = |app_no: &str, problem: &str| {
        refuse(
            StatusCode::OK,
            JsonFields::new()
                .text("appNo", app_no)
                .text("responseStatus", "Failure"),
            problem,
        )
    };
    let opened: Opened = match transport::open(&headers, &body, "API-2") {
        Ok(opened) => opened,
        Err(refusal) => return *refusal,
    };
    let mut f = match RequestFields::new("API-2 request", &opened.payload) {
        Ok(f) => f,
        Err(problem) => return failure("", &problem),
    };
    let push = match parse_push(&mut f, &opened.raw_json) {
        Ok(push) => push,
        Err(problem) => {
            let app_no = f.optional_text(fields::APP_NO).unwrap_or_default();
            return failure(&app_no, &problem);
        }
    };
    let now = shared.clock.now();
    let verdict = {
        let mut state = lock(&shared.bsk);
        let key = (push.user_id.clone(), push.ticket_no.clone());
        match state.tickets.get_mut(&key) {
            None => Err(format!(
                "BSK has no ticket {} for userId {}: the ticket comes from API-1 (or see open_tickets in /_sandbox/info)",
                push.ticket_no, push.user_id
            )),
            Some(t) if t.service_code != push.service_code => Err(format!(
                "ticket {} was opened for service {}, not {}",
                push.ticket_no, t.service_code, push.service_code
            )),
            Some(t) if t.application_status == 3 => Err(format!(
                "ticket {} was already final submitted as appNo {}; no further pushes are accepted",
                push.ticket_no,
                t.app_no.as_deref().unwrap_or("")
            )),
            Some(t) if t.app_no.as_ref().is_some_and(|a| *a != push.app_no) => Err(format!(
                "ticket {} already carries appNo {}; a ticket has one application number",
                push.ticket_no,
                t.app_no.as_deref().unwrap_or("")
            )),
            Some(t) => {
                t.application_status = push.application_status;
                t.app_no = Some(push.app_no.clone());
                Ok(())
            }
        }
    };
    if let Err(problem) = verdict {
        return failure(&push.app_no, &problem);
    }
    let variants: Vec<_> = f
        .variants()
        .iter()
        .map(|v| json!({ "received": v.received, "canonical": v.canonical }))
        .collect();
    shared.stats.bsk_push_accepted(
        &format!("{}/{}", push.user_id, push.ticket_no),
        json!({
            "received_at": now.to_rfc3339(),
            "transport": match opened.transport { BskTransport::V4Jwt => "v4_jwt", BskTransport::V5Form => "v5_form" },
            "userid": push.user_id,
            "ticketNo": push.ticket_no,
            "serviceCode": push.service_code,
            "appNo": push.app_no,
            "appSubTime": push.app_sub_time,
            "deptPayRefNo": push.dept_pay_ref_no,
            "transNo": push.trans_no,
            "bankRefNo": push.bank_ref_no,
            "paidAmt": push.paid_amt.to_string(),
            "message": push.message,
            "applicationStatus": push.application_status,
            "field_variants": variants,
        }),
    );
    debug_assert!(check_timestamp(&push.app_sub_time).is_ok());
    answer(
        opened.transport,
        JsonFields::new()
            .text("appNo", &push.app_no)
            .text("responseStatus", "Success")
            .int("statusCode", 200)
            .render(),
        f.variants(),
    )
}

/// API-6: a department verifies a DEO with its department code and BSK-issued access code.
pub async fn api6_user(
    State(_shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    open_request!(headers, body, "API-6", opened, f);
    let parsed = (|| {
        let user_id = f.digits(fields::USER_ID)?;
        let dept_code = f.text(fields::DEPT_CODE)?.to_ascii_uppercase();
        let access_code = f.small_number(fields::ACCESS_CODE)?;
        Ok::<_, String>((user_id, dept_code, access_code))
    })();
    let (user_id, dept_code, access_code) = match parsed {
        Ok(p) => p,
        Err(problem) => return refuse(StatusCode::OK, JsonFields::new(), &problem),
    };
    let context = || JsonFields::new().id("userid", &user_id);
    let Some(expected) = seed_data::access_code(&dept_code) else {
        return refuse(
            StatusCode::OK,
            context(),
            &format!(
                "deptCode {dept_code:?} is not one of the 57 department codes of section 14.4"
            ),
        );
    };
    if access_code != expected {
        return refuse(
            StatusCode::OK,
            context(),
            &format!("accessCode {access_code} is not the access code BSK issued to department {dept_code}"),
        );
    }
    let Some(deo) = seed_data::find_deo(&user_id) else {
        return refuse(
            StatusCode::OK,
            context(),
            &format!("there is no BSK user with userId {user_id}"),
        );
    };
    answer(
        opened.transport,
        context()
            .text("userName", deo.name)
            .text("userEmail", deo.email)
            .text("bskCode", deo.bsk_code)
            .text("bskName", deo.bsk_name)
            .text("Gp", deo.gp)
            .text("block", deo.block)
            .text("subDivision", deo.sub_division)
            .text("District", deo.district)
            .int("userStatus", i64::from(deo.status))
            .text("userType", "DEO")
            .int("statusCode", 200)
            .render(),
        f.variants(),
    )
}
