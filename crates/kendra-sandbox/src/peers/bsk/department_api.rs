//! The department's side, called by the BSK portal: API-1 initiation, API-3 status, API-4
//! download, API-5A/5B OTP gate, API-7 pull. Answers use the names the spec's tables document.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use kendra_wire::base64_text;
use rand::Rng;

use super::document_files::document_bytes;
use super::otp_gate::{self, OtpRecord, OtpRefusal};
use super::request_fields::{fields, RequestFields};
use super::seed_data::{self, Application, DocumentForm, APPLICATIONS};
use super::transport::{self, answer, json_array, refuse, JsonFields, Opened};
use super::{bsk_timestamp, Ticket, DOCUMENTS};
use crate::inbox::{lock, Channel, NewMessage};
use crate::shared::Shared;
use crate::stats::Outcome;

/// Opens the envelope and the payload's fields, or the refusal to send.
macro_rules! open_request {
    ($headers:expr, $body:expr, $api:literal, $opened:ident, $fields:ident) => {
        let $opened: Opened = match transport::open(&$headers, &$body, $api) {
            Ok(opened) => opened,
            Err(refusal) => return *refusal,
        };
        #[allow(unused_mut)]
        let mut $fields = match RequestFields::new(concat!($api, " request"), &$opened.payload) {
            Ok(f) => f,
            Err(problem) => return refuse(StatusCode::OK, JsonFields::new(), &problem),
        };
    };
}
pub(super) use open_request;

fn refused(context: JsonFields, problem: &str) -> Response {
    refuse(StatusCode::OK, context, problem)
}

/// API-1: the portal hands over a new service log; the department answers "Initiated".
pub async fn api1_initiate(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    open_request!(headers, body, "API-1", opened, f);
    let parsed = (|| {
        let user_id = f.mobile(fields::USER_ID, "the DEO's userId")?;
        let ticket_no = f.timestamp(fields::TICKET_NO)?;
        let service = f.service(fields::SERVICE_CODE)?;
        let name = f.text(fields::NAME)?;
        let mobile = f.mobile(fields::MOBILE, "the citizen's mobile")?;
        let email = f.optional_text(fields::EMAIL)?;
        let looks_like_email = email.contains('@') && email.contains('.');
        if !email.is_empty() && !looks_like_email {
            return Err(format!(
                "API-1 request: field \"email\" is {email:?}, not an e-mail address"
            ));
        }
        let gender = f.optional_text(fields::GENDER)?;
        if !gender.is_empty()
            && !["male", "female", "transgender", "other", "m", "f", "t", "o"]
                .contains(&gender.to_ascii_lowercase().as_str())
        {
            return Err(format!(
                "API-1 request: field \"gender\" is {gender:?}: expected male, female, transgender or other"
            ));
        }
        if f.has(fields::AGE) {
            let age = f.small_number(fields::AGE)?;
            if !(1..=120).contains(&age) {
                return Err(format!(
                    "API-1 request: field \"age\" is {age}: expected 1 to 120 years"
                ));
            }
        }
        Ok((user_id, ticket_no, service, name, mobile))
    })();
    let (user_id, ticket_no, service, name, mobile) = match parsed {
        Ok(p) => p,
        Err(problem) => return refused(JsonFields::new(), &problem),
    };
    let context = || {
        JsonFields::new()
            .id("userId", &user_id)
            .id("ticketNo", &ticket_no)
    };
    let now = bsk_timestamp(shared.clock.now());
    let app_sub_time = {
        let mut state = lock(&shared.bsk);
        let key = (user_id.clone(), ticket_no.clone());
        match state.tickets.get(&key) {
            // The portal may retry after a timeout: the same initiation is answered again.
            Some(t) if t.service_code == service.code => Ok(t.initiated_at.clone()),
            Some(t) => Err(format!(
                "userId {user_id} with ticketNo {ticket_no} was already initiated for service {} at {}; a ticket serves one service",
                t.service_code, t.initiated_at
            )),
            None => {
                state.tickets.insert(
                    key,
                    Ticket {
                        service_code: service.code.clone(),
                        citizen_name: name,
                        citizen_mobile: mobile,
                        initiated_at: now.clone(),
                        application_status: 1,
                        app_no: None,
                    },
                );
                Ok(now)
            }
        }
    };
    match app_sub_time {
        Ok(app_sub_time) => answer(
            opened.transport,
            context()
                .id("appSubTime", &app_sub_time)
                .text("message", "Initiated")
                .int("applicationStatus", 1)
                .int("statusCode", 200)
                .render(),
            f.variants(),
        ),
        Err(problem) => refused(context(), &problem),
    }
}

/// The application named by `number`, checked against the service the portal asked about.
fn application_for(
    number: &str,
    service: &seed_data::Service,
    field: &str,
) -> Result<&'static Application, String> {
    let app = seed_data::find_application(number).ok_or_else(|| {
        format!("{field} {number:?} is not known to the department: no application or document has that number")
    })?;
    if app.service_code != service.code {
        return Err(format!(
            "{field} {number:?} belongs to service {}, not {}",
            app.service_code, service.code
        ));
    }
    Ok(app)
}

/// API-3: the stage timeline of an application.
pub async fn api3_status(
    State(_shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    open_request!(headers, body, "API-3", opened, f);
    let parsed = (|| {
        let user_id = f.mobile(fields::USER_ID, "the DEO's userId")?;
        let ticket_no = f.timestamp(fields::TICKET_NO)?;
        let service = f.service(fields::SERVICE_CODE)?;
        let application_no = f.text(fields::APPLICATION_NO)?;
        Ok::<_, String>((user_id, ticket_no, service, application_no))
    })();
    let (user_id, ticket_no, service, application_no) = match parsed {
        Ok(p) => p,
        Err(problem) => return refused(JsonFields::new(), &problem),
    };
    let context = JsonFields::new()
        .id("userid", &user_id)
        .id("ticketNo", &ticket_no)
        .text("applicationNo", &application_no);
    let app = match application_for(&application_no, &service, "applicationNo") {
        Ok(app) => app,
        Err(problem) => return refused(context, &problem),
    };
    let stages: Vec<String> = app
        .stages
        .iter()
        .map(|(time, message)| {
            JsonFields::new()
                .id("responseTime", time)
                .text("message", message)
                .render()
        })
        .collect();
    answer(
        opened.transport,
        context
            .text("ServiceCode", &service.code)
            .text("serviceName", service.name)
            .raw("applicationStage", json_array(&stages))
            .int("applicationStatus", 4)
            .int("statusCode", 200)
            .render(),
        f.variants(),
    )
}

/// `(documentType, documentValue)` of an issued document.
fn document_value(shared: &Shared, app: &Application) -> Option<(u8, String)> {
    let doc = app.document?;
    let value = match doc.form {
        DocumentForm::Url => format!("{}{DOCUMENTS}/{}", shared.base_url, doc.file),
        DocumentForm::Base64Pdf | DocumentForm::Image => {
            base64_text::encode(&document_bytes(app).0)
        }
    };
    Some((doc.form.document_type(), value))
}

fn not_issued(app: &Application) -> String {
    format!(
        "the document of application {} is not available yet: its latest stage is {:?}",
        app.app_no,
        app.stages.last().map_or("", |(_, m)| *m)
    )
}

/// API-4: the document, unless it waits for the citizen's OTP (API-5A/5B).
pub async fn api4_document(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    open_request!(headers, body, "API-4", opened, f);
    let parsed = (|| {
        let user_id = f.mobile(fields::USER_ID, "the DEO's userId")?;
        let ticket_no = f.timestamp(fields::TICKET_NO)?;
        let service = f.service(fields::SERVICE_CODE)?;
        let document_no = f.text(fields::DOCUMENT_NO)?;
        Ok::<_, String>((user_id, ticket_no, service, document_no))
    })();
    let (user_id, ticket_no, service, document_no) = match parsed {
        Ok(p) => p,
        Err(problem) => return refused(JsonFields::new(), &problem),
    };
    let context = JsonFields::new()
        .id("userid", &user_id)
        .id("ticketNo", &ticket_no)
        .text("serviceCode", &service.code);
    let app = match application_for(&document_no, &service, "documentNo") {
        Ok(app) => app,
        Err(problem) => return refused(context, &problem),
    };
    let Some(doc) = app.document else {
        return refused(context, &not_issued(app));
    };
    if doc.otp_required {
        return refused(
            context,
            &format!(
                "document {} is released only after the citizen confirms an OTP: call API-5A with an otpId and documentNo {:?}, then API-5B",
                doc.document_no, doc.document_no
            ),
        );
    }
    let Some((document_type, value)) = document_value(&shared, app) else {
        return refused(context, &not_issued(app));
    };
    answer(
        opened.transport,
        context
            .text("serviceName", service.name)
            .int("documentType", i64::from(document_type))
            .text("documentValue", &value)
            .int("applicationStatus", 5)
            .int("statusCode", 200)
            .render(),
        f.variants(),
    )
}

/// `******8824`
fn masked(mobile: &str) -> String {
    let tail: String = mobile
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    format!("{}{tail}", "*".repeat(mobile.len().saturating_sub(4)))
}

/// API-5A: a new 6-digit OTP for otpId, sent by SMS to the citizen.
pub async fn api5a_otp_request(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    open_request!(headers, body, "API-5A", opened, f);
    let parsed = (|| {
        let otp_id = f.digits(fields::OTP_ID)?;
        let document_no = f.text(fields::OTP_DOCUMENT_NO)?;
        Ok::<_, String>((otp_id, document_no))
    })();
    let (otp_id, document_no) = match parsed {
        Ok(p) => p,
        Err(problem) => return refused(JsonFields::new(), &problem),
    };
    let context = || JsonFields::new().id("otpId", &otp_id);
    let Some(app) = seed_data::find_application(&document_no) else {
        return refused(
            context(),
            &format!("documentNo {document_no:?} is not known to the department"),
        );
    };
    let Some(doc) = app.document else {
        return refused(context(), &not_issued(app));
    };
    let now = shared.clock.now();
    let issued = {
        let mut state = lock(&shared.bsk);
        let allowed = match state.otps.get(&otp_id) {
            Some(r) if r.app_no != app.app_no => Err(Err(format!(
                "otpId {otp_id} was already used for another document; BSK generates a new otpId for each OTP request"
            ))),
            Some(r) if r.verified => Err(Err(format!(
                "otpId {otp_id} was already verified and the document released; use a new otpId"
            ))),
            Some(r) => match r.resend_wait(now) {
                Some(wait) => Err(Ok(wait)),
                None => Ok(()),
            },
            None => Ok(()),
        };
        allowed.map(|()| {
            let code = format!("{:06}", state.rng.gen_range(0..1_000_000u32));
            state.otps.insert(
                otp_id.clone(),
                OtpRecord::new(app.app_no, app.citizen_mobile, code.clone(), now),
            );
            code
        })
    };
    let code = match issued {
        Ok(code) => code,
        Err(Err(problem)) => return refused(context(), &problem),
        Err(Ok(wait)) => {
            // In-band "not sent" (otpGenStatus 2): the spec's own way of saying it.
            let mut response = answer(
                opened.transport,
                context()
                    .int("otpGenStatus", 2)
                    .int("statusCode", 200)
                    .text(
                        "message",
                        &format!("an OTP was sent to {} less than {} seconds ago: try again in {wait} seconds", masked(app.citizen_mobile), otp_gate::RESEND_AFTER_SECS),
                    )
                    .render(),
                f.variants(),
            );
            response.extensions_mut().insert(Outcome("failed"));
            return response;
        }
    };
    let service_name = seed_data::find_service(app.service_code).map_or("", |s| s.name);
    let department = seed_data::find_service(app.service_code)
        .and_then(|s| seed_data::department_name(s.dept_code))
        .unwrap_or("Government of West Bengal");
    shared.inbox.deliver(
        NewMessage {
            peer: "bsk",
            channel: Channel::Sms,
            to: app.citizen_mobile.to_owned(),
            subject: format!("OTP for {service_name}"),
            body: format!(
                "{code} is the OTP to receive your {service_name} ({}) at Bangla Sahayata Kendra. Valid for {} minutes. Do not share it with anyone. - {department}, Govt. of West Bengal",
                doc.document_no,
                otp_gate::VALIDITY_MINUTES
            ),
            otp: Some(code),
        },
        now,
    );
    answer(
        opened.transport,
        context()
            .int("otpGenStatus", 1)
            .int("statusCode", 200)
            .text(
                "message",
                &format!(
                    "OTP sent to the citizen's mobile {}",
                    masked(app.citizen_mobile)
                ),
            )
            .render(),
        f.variants(),
    )
}

/// API-5B: checks the OTP the citizen typed; a right one releases the document.
pub async fn api5b_otp_verify(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    open_request!(headers, body, "API-5B", opened, f);
    let parsed = (|| {
        let otp_id = f.digits(fields::OTP_ID)?;
        let was_number = f.raw(fields::USER_TYPED_OTP).is_some_and(|v| v.is_number());
        let typed = f.text(fields::USER_TYPED_OTP)?;
        let typed = otp_gate::typed_code(&typed, was_number)
            .map_err(|p| format!("API-5B request: field \"userTypedOtp\" {p}"))?;
        Ok::<_, String>((otp_id, typed))
    })();
    let (otp_id, typed) = match parsed {
        Ok(p) => p,
        Err(problem) => return refused(JsonFields::new(), &problem),
    };
    let now = shared.clock.now();
    let checked = {
        let mut state = lock(&shared.bsk);
        state
            .otps
            .get_mut(&otp_id)
            .map(|r| (r.check(&typed, now).map(|()| r.app_no), r.attempts_left()))
    };
    let context = |status: &str, attempts_left: u8| {
        JsonFields::new()
            .id("otpId", &otp_id)
            .text("otpStatus", status)
            .int("attemptsLeft", i64::from(attempts_left))
    };
    let app_no = match checked {
        None => {
            return refused(
                context("unknown", 0),
                &format!("no OTP was requested for otpId {otp_id}: call API-5A first"),
            )
        }
        Some((Ok(app_no), _)) => app_no,
        Some((Err(refusal), left)) => {
            let (status, problem) = match refusal {
                OtpRefusal::Wrong { attempts_left: 0 } => ("attempts_exhausted", "the OTP is wrong and no attempts are left: request a new OTP with API-5A".to_owned()),
                OtpRefusal::Wrong { attempts_left } => ("wrong", format!("the OTP is wrong: {attempts_left} attempt(s) left")),
                OtpRefusal::Expired { expired_at } => ("expired", format!(
                    "the OTP expired at {} (an OTP is valid {} minutes): request a new one with API-5A",
                    bsk_timestamp(expired_at), otp_gate::VALIDITY_MINUTES
                )),
                OtpRefusal::AttemptsExhausted => ("attempts_exhausted", format!(
                    "the OTP was entered wrongly {} times and is blocked: request a new one with API-5A",
                    otp_gate::MAX_ATTEMPTS
                )),
                OtpRefusal::AlreadyUsed => ("used", "this OTP was already used to release the document: request a new one with API-5A".to_owned()),
            };
            return refused(context(status, left), &problem);
        }
    };
    let Some(app) = APPLICATIONS.iter().find(|a| a.app_no == app_no) else {
        return refused(
            context("unknown", 0),
            "the OTP's document is no longer known",
        );
    };
    let Some((document_type, value)) = document_value(&shared, app) else {
        return refused(context("verified", 0), &not_issued(app));
    };
    let service = seed_data::find_service(app.service_code);
    answer(
        opened.transport,
        JsonFields::new()
            .id("otpId", &otp_id)
            .text("ServiceCode", app.service_code)
            .text("serviceName", service.as_ref().map_or("", |s| s.name))
            .int("documentType", i64::from(document_type))
            .text("documentValue", &value)
            .int("statusCode", 200)
            .render(),
        f.variants(),
    )
}

/// API-7: every submission the department recorded between two dates (inclusive, IST).
pub async fn api7_pull(
    State(_shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    open_request!(headers, body, "API-7", opened, f);
    let parsed = (|| {
        let from = if f.has(fields::FROM_DATE_SPELLED) && !f.has(fields::FROM_DATE) {
            f.date(fields::FROM_DATE_SPELLED)?
        } else {
            f.date(fields::FROM_DATE)?
        };
        let to = f.date(fields::TO_DATE)?;
        if from > to {
            return Err(format!(
                "API-7 request: fromDate {from} is after toDate {to}"
            ));
        }
        Ok((from, to))
    })();
    let (from, to) = match parsed {
        Ok(p) => p,
        Err(problem) => return refused(JsonFields::new(), &problem),
    };
    let (from, to) = (
        from.format("%Y%m%d").to_string(),
        to.format("%Y%m%d").to_string(),
    );
    let mut rows: Vec<(&str, String)> = APPLICATIONS
        .iter()
        .flat_map(|app| app.submissions.iter().map(move |s| (app, s)))
        .filter(|(_, s)| (from.as_str()..=to.as_str()).contains(&&s.app_sub_time[..8]))
        .map(|(app, s)| {
            let row = JsonFields::new()
                .id("userid", app.user_id)
                .id("ticketNo", app.ticket_no)
                .text("serviceCode", app.service_code)
                .text("appNo", app.app_no)
                .id("appSubTime", s.app_sub_time)
                .text("deptPayRefNo", s.dept_pay_ref_no)
                .text("transNo", s.trans_no)
                .text("bankRefNo", s.bank_ref_no)
                .raw("paidAmt", s.paid_amt.to_owned())
                .text(
                    "message",
                    if s.application_status == 3 {
                        "Final Submitted"
                    } else {
                        "Draft Submitted"
                    },
                )
                .int("applicationStatus", i64::from(s.application_status))
                .int("statusCode", 200)
                .render();
            (s.app_sub_time, row)
        })
        .collect();
    rows.sort_by(|a, b| a.0.cmp(b.0));
    let rows: Vec<String> = rows.into_iter().map(|(_, r)| r).collect();
    answer(opened.transport, json_array(&rows), f.variants())
}
