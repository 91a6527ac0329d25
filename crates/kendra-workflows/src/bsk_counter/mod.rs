//! The DEO at a BSK counter: start a citizen's service (API-1), tell them where it stands
//! (API-3), hand over the certificate (API-4, or API-5A → OTP → API-5B), look up a DEO (API-6).
//!
//! Each step checks the input first (errors name the field), journals what it creates (ticket,
//! encrypted citizen record, application, status history, OTP attempts without the OTP) and
//! every exchange, and turns the department's refusals into one plain sentence with the
//! department's own words in the detail. Ids are strings throughout; times are IST.

pub mod citizen_fields;
pub mod saved_document;
pub mod service_catalogue;

use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone, Utc};
use kendra_client::{
    Api1Request, Attempt, BskCounterClient, DocumentAnswer, ExposeSecret, OtpRefused,
    OtpVerification, SecretString, TicketContext,
};
use kendra_journal::applications::NewBskTicket;
use kendra_journal::{Actor, CitizenDetails, Journal, Peer};
use kendra_wire::big_id::DigitId;
use kendra_wire::field_names::FieldVariant;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::error::{Error, Result};
use crate::exchange_log::journal_exchanges;
pub use saved_document::{FileKind, SaveTarget, SavedFile};
pub use service_catalogue::Service;

/// Who answers the counter's calls, as the DEO should read it.
const DEPARTMENT: &str = "the department";
const PORTAL: &str = "the BSK portal";

// ---- inputs ------------------------------------------------------------------------------------

/// API-1: what the DEO typed to start a service. Text fields as typed; they are checked here.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct InitiateInput {
    /// The DEO's 10-digit mobile number (BSK `userId`).
    pub user_id: String,
    /// 14 or 17 digits; a new one (now, IST, with milliseconds) when absent.
    pub ticket_no: Option<String>,
    /// `AMD/003` (or `AMD003`): one of [`service_catalogue::services`].
    pub service_code: String,
    pub name: String,
    pub mobile: String,
    pub email: Option<String>,
    pub gender: Option<String>,
    pub age: Option<String>,
}

/// API-3: an application's status.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct StatusInput {
    pub user_id: String,
    /// The ticket of this search; the application's own ticket when the journal knows it, else
    /// a new one.
    pub ticket_no: Option<String>,
    /// Taken from the journal when it knows the application.
    pub service_code: Option<String>,
    pub application_no: String,
}

/// API-4: an application's document, for documents that need no OTP.
#[derive(Debug, Clone)]
pub struct DownloadInput {
    pub user_id: String,
    pub ticket_no: Option<String>,
    pub service_code: Option<String>,
    /// The certificate number, or the application number.
    pub document_no: String,
    pub save: SaveTarget,
}

/// API-5A: an OTP to the citizen for a document.
#[derive(Debug, Clone, Default)]
pub struct OtpRequestInput {
    pub document_no: String,
    /// Links the attempt to a journaled ticket when given.
    pub user_id: Option<String>,
    pub ticket_no: Option<String>,
    /// A new one (from the clock) when absent.
    pub otp_id: Option<String>,
}

/// API-5B: the OTP the citizen read out.
#[derive(Debug, Clone)]
pub struct OtpVerifyInput {
    pub otp_id: String,
    pub otp: SecretString,
    /// Names the saved file (`WB-SC-…pdf`); the answer's service code is used when absent.
    pub document_no: Option<String>,
    pub save: SaveTarget,
}

// ---- outcomes (the `--json` documents) ---------------------------------------------------------

/// A spelling the peer used that differs from the documented one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Variant {
    pub field: String,
    pub received: String,
}

fn variants(list: &[FieldVariant]) -> Vec<Variant> {
    list.iter()
        .map(|v| Variant {
            field: v.canonical.to_owned(),
            received: v.received.clone(),
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InitiateOutcome {
    pub profile: String,
    pub user_id: String,
    pub ticket_no: String,
    pub service_code: String,
    pub service_name: String,
    pub department: String,
    /// 1: initiated.
    pub application_status: i64,
    pub message: String,
    /// ISO 8601, IST.
    pub app_sub_time: Option<String>,
    /// The journal's application row.
    pub journal_ref: String,
    pub field_variants: Vec<Variant>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StageOutcome {
    /// ISO 8601, IST (`null` when the department's time is not a date).
    pub at: Option<String>,
    /// The department's `responseTime` digits.
    pub response_time: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusOutcome {
    pub profile: String,
    pub user_id: String,
    pub ticket_no: String,
    pub application_no: String,
    pub service_code: String,
    pub service_name: Option<String>,
    pub application_status: Option<i64>,
    /// Oldest first, newest last.
    pub stages: Vec<StageOutcome>,
    pub latest: Option<String>,
    /// Stages the journal did not have before this search.
    pub new_stages: usize,
    pub journal_ref: String,
    pub field_variants: Vec<Variant>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OtpRequestOutcome {
    pub profile: String,
    pub otp_id: String,
    pub document_no: String,
    pub sent: bool,
    /// The department's words (`OTP sent to the citizen's mobile ******0385`).
    pub message: Option<String>,
    /// ISO 8601, IST.
    pub requested_at: String,
    pub field_variants: Vec<Variant>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentOutcome {
    pub profile: String,
    /// `API-4`, or `API-5B` when the OTP released it.
    pub released_by: &'static str,
    pub otp_id: Option<String>,
    pub document_no: Option<String>,
    pub service_code: Option<String>,
    pub service_name: Option<String>,
    /// As the department gave it: 1 link, 2 base64, 3 image, 4–6 other.
    pub document_type: i64,
    /// `link`, `base64` or `image`.
    pub delivered_as: &'static str,
    #[serde(flatten)]
    pub file: SavedFile,
    pub field_variants: Vec<Variant>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeoOutcome {
    pub profile: String,
    pub user_id: String,
    pub user_name: Option<String>,
    pub user_email: Option<String>,
    pub bsk_code: Option<String>,
    pub bsk_name: Option<String>,
    pub gp: Option<String>,
    pub block: Option<String>,
    pub sub_division: Option<String>,
    pub district: Option<String>,
    pub user_status: Option<i64>,
    /// `active`, `inactive`, or `unknown`.
    pub status: &'static str,
    pub user_type: Option<String>,
    pub field_variants: Vec<Variant>,
}

// ---- the workflow ------------------------------------------------------------------------------

/// The counter's workflow over one BSK profile.
#[derive(Debug)]
pub struct BskCounter<'a> {
    journal: &'a Journal,
    actor: Actor,
    profile: String,
    client: BskCounterClient,
}

impl<'a> BskCounter<'a> {
    pub fn new(
        journal: &'a Journal,
        actor: Actor,
        profile: impl Into<String>,
        client: BskCounterClient,
    ) -> Self {
        Self {
            journal,
            actor,
            profile: profile.into(),
            client,
        }
    }

    /// Journals the attempt's exchanges and hands back its result and the exchanges' ids.
    fn journaled<T>(&self, attempt: Attempt<T>) -> Result<(kendra_client::Result<T>, Vec<i64>)> {
        let ids = journal_exchanges(
            self.journal,
            &self.actor,
            Peer::Bsk,
            &self.profile,
            &attempt.exchanges,
        )?;
        Ok((attempt.result, ids))
    }

    fn audit(&self, action: &str, subject: &str, detail: serde_json::Value) -> Result<()> {
        Ok(self
            .journal
            .write(&self.actor, |tx| tx.audit(action, subject, Some(&detail)))?)
    }

    /// API-1: validates, journals the ticket (citizen encrypted), initiates, records the answer.
    pub async fn initiate(&self, input: &InitiateInput) -> Result<InitiateOutcome> {
        let user_id = citizen_fields::user_id(&input.user_id)?;
        let service = service_catalogue::find_service(&input.service_code).ok_or_else(|| {
            Error::input(
                "service_code",
                format!(
                    "{:?} is not a service Kendra knows: pick one from the service list (kendra bsk services)",
                    input.service_code.trim()
                ),
            )
        })?;
        let name = citizen_fields::name(&input.name)?;
        let mobile = citizen_fields::mobile("mobile", &input.mobile)?;
        let email = non_empty(&input.email)
            .map(citizen_fields::email)
            .transpose()?;
        let gender = non_empty(&input.gender)
            .map(citizen_fields::gender)
            .transpose()?;
        let age = non_empty(&input.age).map(citizen_fields::age).transpose()?;
        let given_ticket = non_empty(&input.ticket_no)
            .map(citizen_fields::ticket_no)
            .transpose()?;

        let citizen = CitizenDetails {
            name: Some(name.clone()),
            mobile: Some(mobile.clone()),
            email: email.clone(),
            ..CitizenDetails::default()
        };
        let (ticket_no, ticket) = self.journal.write(&self.actor, |tx| {
            let mut ticket_no = given_ticket.clone().unwrap_or_else(new_ticket_no);
            loop {
                if let Some(existing) = tx.find_bsk_ticket(&user_id, &ticket_no)? {
                    if given_ticket.is_some() {
                        // A retry of the same ticket (the department answers it again).
                        return Ok((ticket_no, existing));
                    }
                    ticket_no = next_ticket_no(&ticket_no);
                    continue;
                }
                let created = tx.record_bsk_ticket(&NewBskTicket {
                    user_id: &user_id,
                    ticket_no: &ticket_no,
                    service_code: Some(&service.service_code),
                    profile: Some(&self.profile),
                    citizen: Some(&citizen),
                })?;
                return Ok((ticket_no, created));
            }
        })?;
        if let Some(row) = self.journal.bsk_ticket(&user_id, &ticket_no)? {
            if row
                .service_code
                .as_deref()
                .is_some_and(|s| s != service.service_code)
            {
                return Err(Error::input(
                    "ticket_no",
                    format!(
                        "ticket {ticket_no} of user {user_id} was already used for service {}; a ticket serves one service",
                        row.service_code.unwrap_or_default()
                    ),
                ));
            }
        }

        let request = Api1Request {
            user_id: DigitId::parse("userid", &user_id)?,
            ticket_no: DigitId::parse("ticketNo", &ticket_no)?,
            service_code: service.service_code.clone(),
            name,
            mobile,
            email,
            gender,
            age,
        };
        let (result, _) = self.journaled(self.client.initiate(&request).await)?;
        let answer = match result {
            Ok(answer) => answer,
            Err(e) => {
                self.audit(
                    "bsk.initiate.failed",
                    &format!("ticket:{ticket_no}"),
                    json!({ "code": e.code(), "message": e.to_string() }),
                )?;
                return Err(refusal(DEPARTMENT, e, "did not take the application"));
            }
        };
        // The answer must be about the ticket we sent: a mismatch means digits were lost.
        for (field, sent, got) in [
            ("userId", &user_id, answer.user_id.as_ref()),
            ("ticketNo", &ticket_no, answer.ticket_no.as_ref()),
        ] {
            if let Some(got) = got {
                if got.as_str() != sent {
                    return Err(Error::Refused {
                        peer: DEPARTMENT,
                        message: format!(
                            "its answer is about {field} {got}, not {sent}: the application may not be initiated; check with the department"
                        ),
                        code: Some("bad_response".into()),
                        detail: Some(format!("sent {field} {sent}, answered {got}")),
                    });
                }
            }
        }
        let message = answer.message.clone().unwrap_or_else(|| "Initiated".into());
        let app_sub_time = answer.app_sub_time.as_deref().and_then(ist_iso);
        let at_ms = answer.app_sub_time.as_deref().and_then(ist_ms);
        self.journal.write(&self.actor, |tx| {
            tx.record_bsk_stage(ticket.application_ref, &message, at_ms, Some("API-1"))?;
            tx.audit(
                "bsk.initiated",
                &format!("ticket:{ticket_no}"),
                Some(&json!({
                    "userId": user_id,
                    "serviceCode": service.service_code,
                    "appSubTime": answer.app_sub_time,
                    "fieldVariants": answer.field_variants,
                })),
            )
        })?;
        Ok(InitiateOutcome {
            profile: self.profile.clone(),
            user_id,
            ticket_no,
            service_code: service.service_code,
            service_name: service.service_name.to_owned(),
            department: service.department.to_owned(),
            application_status: answer.application_status.unwrap_or(1),
            message,
            app_sub_time,
            journal_ref: ticket.application_ref.to_string(),
            field_variants: variants(&answer.field_variants),
        })
    }

    /// API-3: the stage timeline, newest last; new stages go into the journal's history.
    pub async fn status(&self, input: &StatusInput) -> Result<StatusOutcome> {
        let user_id = citizen_fields::user_id(&input.user_id)?;
        let application_no = citizen_fields::reference("application_no", &input.application_no)?;
        let given_ticket = non_empty(&input.ticket_no)
            .map(citizen_fields::ticket_no)
            .transpose()?;
        let known = match &given_ticket {
            Some(t) => self.journal.bsk_ticket(&user_id, t)?,
            None => None,
        };
        let known = match known {
            Some(row) => Some(row),
            None => self.journal.bsk_application(&application_no)?,
        };
        let service_code = match non_empty(&input.service_code) {
            Some(code) => service_code(code)?,
            None => known
                .as_ref()
                .and_then(|k| k.service_code.clone())
                .ok_or_else(|| {
                    Error::input(
                        "service_code",
                        format!(
                            "is needed: the journal does not know application {application_no}, so give its service code"
                        ),
                    )
                })?,
        };
        let ticket_no = given_ticket.unwrap_or_else(new_ticket_no);
        let context = TicketContext {
            user_id: DigitId::parse("userid", &user_id)?,
            ticket_no: DigitId::parse("ticketNo", &ticket_no)?,
            service_code: service_code.clone(),
        };
        let (result, _) = self.journaled(self.client.status(&context, &application_no).await)?;
        let timeline = result.map_err(|e| refusal(DEPARTMENT, e, "could not give the status"))?;

        let mut stages: Vec<StageOutcome> = timeline
            .stages
            .iter()
            .map(|s| StageOutcome {
                at: ist_iso(&s.response_time),
                response_time: s.response_time.clone(),
                message: s.message.clone(),
            })
            .collect();
        // Newest last, whatever order the department sent; equal times keep its order.
        stages.sort_by(|a, b| a.response_time.cmp(&b.response_time));

        let (journal_ref, new_stages) = self.journal.write(&self.actor, |tx| {
            let app = match tx.find_bsk_ticket(&user_id, &ticket_no)? {
                Some(t) => t,
                None => match tx.find_bsk_application(&application_no)? {
                    Some(t) => t,
                    None => tx.record_bsk_ticket(&NewBskTicket {
                        user_id: &user_id,
                        ticket_no: &ticket_no,
                        service_code: Some(&service_code),
                        profile: Some(&self.profile),
                        citizen: None,
                    })?,
                },
            };
            tx.attach_bsk_app_no(app.application_ref, &application_no)?;
            let mut new = 0;
            for stage in &stages {
                if tx.record_bsk_stage(
                    app.application_ref,
                    &stage.message,
                    ist_ms(&stage.response_time),
                    Some("API-3"),
                )? {
                    new += 1;
                }
            }
            Ok((app.application_ref, new))
        })?;
        Ok(StatusOutcome {
            profile: self.profile.clone(),
            user_id,
            ticket_no,
            application_no: timeline.application_no.unwrap_or(application_no),
            service_code: timeline.service_code.unwrap_or(service_code),
            service_name: timeline.service_name,
            application_status: timeline.application_status,
            latest: stages.last().map(|s| s.message.clone()),
            stages,
            new_stages,
            journal_ref: journal_ref.to_string(),
            field_variants: variants(&timeline.field_variants),
        })
    }

    /// API-5A: the department sends the citizen an OTP; the attempt is journaled.
    pub async fn request_otp(&self, input: &OtpRequestInput) -> Result<OtpRequestOutcome> {
        let document_no = citizen_fields::reference("document_no", &input.document_no)?;
        let otp_id = match non_empty(&input.otp_id) {
            Some(id) => DigitId::parse("otp_id", id)?,
            None => DigitId::parse("otp_id", &new_otp_id())?,
        };
        let ticket_ref = self.ticket_ref(
            input.user_id.as_deref(),
            input.ticket_no.as_deref(),
            &document_no,
        )?;
        let (result, ids) = self.journaled(self.client.request_otp(&otp_id, &document_no).await)?;
        let outcome = match &result {
            Ok(a) if a.otp_gen_status == 1 => "sent".to_owned(),
            Ok(_) => "not_sent".to_owned(),
            Err(e) => e.code().to_owned(),
        };
        self.journal.write(&self.actor, |tx| {
            tx.record_otp_attempt(
                ticket_ref,
                Some(otp_id.as_str()),
                "request",
                &outcome,
                ids.last().copied(),
            )
        })?;
        let answer = result.map_err(|e| refusal(DEPARTMENT, e, "could not send the OTP"))?;
        if answer.otp_gen_status != 1 {
            let said = answer.message.clone().unwrap_or_default();
            return Err(Error::Refused {
                peer: DEPARTMENT,
                message: format!(
                    "did not send the OTP to the citizen{}",
                    if said.is_empty() {
                        ": try again in a minute".to_owned()
                    } else {
                        format!(" ({said})")
                    }
                ),
                code: Some("otp_not_sent".into()),
                detail: Some(format!("otpGenStatus {}; {said}", answer.otp_gen_status)),
            });
        }
        Ok(OtpRequestOutcome {
            profile: self.profile.clone(),
            otp_id: otp_id.to_string(),
            document_no,
            sent: true,
            message: answer.message,
            requested_at: ist_now(),
            field_variants: variants(&answer.field_variants),
        })
    }

    /// API-5B: checks the OTP; a right one releases the document, which is saved. Each try is
    /// journaled (its outcome, never the OTP).
    pub async fn verify_otp(&self, input: &OtpVerifyInput) -> Result<DocumentOutcome> {
        let otp_id = DigitId::parse("otp_id", &input.otp_id)?;
        let typed = input.otp.expose_secret().trim();
        if typed.is_empty() || !typed.bytes().all(|b| b.is_ascii_digit()) || typed.len() > 10 {
            return Err(Error::input(
                "otp",
                "must be the digits of the OTP the citizen received by SMS",
            ));
        }
        // The ticket the OTP was requested for, if that request linked one.
        let ticket_ref = self
            .journal
            .otp_attempts(otp_id.as_str())?
            .iter()
            .find_map(|a| a.ticket_ref);
        let (result, ids) = self.journaled(self.client.verify_otp(&otp_id, &input.otp).await)?;
        let outcome = match &result {
            Ok(OtpVerification::Released(_)) => "verified".to_owned(),
            Ok(OtpVerification::Refused(r)) => refusal_kind(r).0.to_owned(),
            Err(e) => e.code().to_owned(),
        };
        self.journal.write(&self.actor, |tx| {
            tx.record_otp_attempt(
                ticket_ref,
                Some(otp_id.as_str()),
                "verify",
                &outcome,
                ids.last().copied(),
            )
        })?;
        let document = match result {
            Ok(OtpVerification::Released(d)) => d,
            Ok(OtpVerification::Refused(r)) => return Err(otp_refusal(&r)),
            Err(e) => return Err(refusal(DEPARTMENT, e, "could not check the OTP")),
        };
        let name = input
            .document_no
            .clone()
            .or_else(|| document.service_code.clone())
            .unwrap_or_else(|| format!("document-{otp_id}"));
        self.save_document(
            "API-5B",
            Some(otp_id.to_string()),
            &name,
            document,
            &input.save,
        )
        .await
    }

    /// API-4: the document of an application that needs no OTP, saved.
    pub async fn download(&self, input: &DownloadInput) -> Result<DocumentOutcome> {
        let user_id = citizen_fields::user_id(&input.user_id)?;
        let document_no = citizen_fields::reference("document_no", &input.document_no)?;
        let given_ticket = non_empty(&input.ticket_no)
            .map(citizen_fields::ticket_no)
            .transpose()?;
        let known = self.journal.bsk_application(&document_no)?;
        let service_code = match non_empty(&input.service_code) {
            Some(code) => service_code(code)?,
            None => known
                .as_ref()
                .and_then(|k| k.service_code.clone())
                .ok_or_else(|| {
                    Error::input(
                        "service_code",
                        format!("is needed: the journal does not know {document_no}, so give its service code"),
                    )
                })?,
        };
        let ticket_no = given_ticket.unwrap_or_else(new_ticket_no);
        let context = TicketContext {
            user_id: DigitId::parse("userid", &user_id)?,
            ticket_no: DigitId::parse("ticketNo", &ticket_no)?,
            service_code,
        };
        let (result, _) = self.journaled(self.client.document(&context, &document_no).await)?;
        let document = match result {
            Ok(d) => d,
            Err(kendra_client::Error::PeerFailed { error, .. })
                if error.to_ascii_lowercase().contains("otp") =>
            {
                return Err(Error::Refused {
                    peer: DEPARTMENT,
                    message: "releases this document only after the citizen confirms an OTP: request an OTP for it, then verify the OTP the citizen received, which saves the document".into(),
                    code: Some("otp_required".into()),
                    detail: Some(error),
                })
            }
            Err(e) => return Err(refusal(DEPARTMENT, e, "did not release the document")),
        };
        self.save_document("API-4", None, &document_no, document, &input.save)
            .await
    }

    /// API-6: who a DEO is.
    pub async fn deo(
        &self,
        user_id: &str,
        dept_code: &str,
        access_code: &SecretString,
    ) -> Result<DeoOutcome> {
        let user_id = citizen_fields::user_id(user_id)?;
        let dept = dept_code.trim().to_ascii_uppercase();
        if service_catalogue::department_name(&dept).is_none() {
            return Err(Error::input(
                "dept_code",
                format!(
                    "{:?} is not one of the 57 department codes of section 14.4 (AMD, AGD, …)",
                    dept_code.trim()
                ),
            ));
        }
        let code = access_code.expose_secret().trim();
        if code.is_empty() {
            return Err(Error::input(
                "access_code",
                "is empty: give the department's access code from the BSK tech team",
            ));
        }
        let id = DigitId::parse("userId", &user_id)?;
        let (result, _) = self.journaled(self.client.deo(&id, &dept, access_code).await)?;
        let deo = result.map_err(|e| refusal(PORTAL, e, "could not say who the DEO is"))?;
        Ok(DeoOutcome {
            profile: self.profile.clone(),
            user_id: deo.user_id.map_or(user_id, |u| u.to_string()),
            user_name: deo.user_name,
            user_email: deo.user_email,
            bsk_code: deo.bsk_code,
            bsk_name: deo.bsk_name,
            gp: deo.gp,
            block: deo.block,
            sub_division: deo.sub_division,
            district: deo.district,
            status: match deo.user_status {
                Some(1) => "active",
                Some(2) => "inactive",
                _ => "unknown",
            },
            user_status: deo.user_status,
            user_type: deo.user_type,
            field_variants: variants(&deo.field_variants),
        })
    }

    /// Turns a released document into a saved file: fetched when it is a link, decoded when it
    /// is base64 or an image.
    async fn save_document(
        &self,
        released_by: &'static str,
        otp_id: Option<String>,
        document_no: &str,
        document: DocumentAnswer,
        save: &SaveTarget,
    ) -> Result<DocumentOutcome> {
        let value = document.document_value.trim();
        let is_link = value.starts_with("http://") || value.starts_with("https://");
        let (bytes, delivered_as) = if document.document_type == 1 || is_link {
            if !is_link {
                return Err(Error::Refused {
                    peer: DEPARTMENT,
                    message: "sent a document link that is not a web address".into(),
                    code: Some("bad_response".into()),
                    detail: Some(value.chars().take(200).collect()),
                });
            }
            let (result, _) = self.journaled(self.client.fetch_document(value).await)?;
            let bytes =
                result.map_err(|e| refusal(DEPARTMENT, e, "did not serve the document link"))?;
            (bytes, "link")
        } else {
            let bytes = saved_document::decode_base64(value).map_err(|e| Error::Refused {
                peer: DEPARTMENT,
                message: "sent a document that is not valid base64, so it cannot be saved".into(),
                code: Some("bad_response".into()),
                detail: e.detail().or_else(|| Some(e.to_string())),
            })?;
            (
                bytes,
                if document.document_type == 3 {
                    "image"
                } else {
                    "base64"
                },
            )
        };
        let file = saved_document::save(&bytes, document_no, save)?;
        self.audit(
            "bsk.document.saved",
            &format!("document:{document_no}"),
            json!({
                "releasedBy": released_by,
                "otpId": otp_id,
                "fileType": file.file_type,
                "bytes": file.bytes,
                "sha256": file.sha256,
            }),
        )?;
        Ok(DocumentOutcome {
            profile: self.profile.clone(),
            released_by,
            otp_id,
            document_no: Some(document_no.to_owned()),
            service_code: document.service_code,
            service_name: document.service_name,
            document_type: document.document_type,
            delivered_as,
            file,
            field_variants: variants(&document.field_variants),
        })
    }

    /// The journal's ticket for an OTP attempt: the one named, else the application whose
    /// number is the document number.
    fn ticket_ref(
        &self,
        user_id: Option<&str>,
        ticket_no: Option<&str>,
        document_no: &str,
    ) -> Result<Option<i64>> {
        if let (Some(u), Some(t)) = (user_id, ticket_no) {
            if let Some(row) = self.journal.bsk_ticket(u.trim(), t.trim())? {
                return Ok(Some(row.ticket_id));
            }
        }
        Ok(self
            .journal
            .bsk_application(document_no)?
            .map(|row| row.ticket_id))
    }
}

fn non_empty(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

fn service_code(code: &str) -> Result<String> {
    service_catalogue::find_service(code)
        .map(|s| s.service_code)
        .ok_or_else(|| {
            Error::input(
                "service_code",
                format!(
                    "{:?} is not a service Kendra knows: pick one from the service list (kendra bsk services)",
                    code.trim()
                ),
            )
        })
}

use kendra_wire::ist_time::ist;

fn ist_now() -> String {
    Utc::now()
        .with_timezone(&ist())
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// A new ticket number: now in IST, `YYYYMMDDHHmmSS` plus milliseconds (17 digits).
fn new_ticket_no() -> String {
    Utc::now()
        .with_timezone(&ist())
        .format("%Y%m%d%H%M%S%3f")
        .to_string()
}

/// The next free ticket number after `ticket` (one millisecond on).
fn next_ticket_no(ticket: &str) -> String {
    ist_naive(ticket)
        .map(|t| {
            let next = t + chrono::Duration::milliseconds(1);
            next.format("%Y%m%d%H%M%S%3f").to_string()
        })
        .unwrap_or_else(new_ticket_no)
}

/// A new otpId: the clock in milliseconds (unique at one counter, a JSON number the peer reads).
fn new_otp_id() -> String {
    Utc::now().timestamp_millis().to_string()
}

/// `YYYYMMDDHHmmSS[mmm]` (IST) as a local time.
fn ist_naive(digits: &str) -> Option<NaiveDateTime> {
    let digits = digits.trim();
    if digits.len() < 14 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let base = NaiveDateTime::parse_from_str(&digits[..14], "%Y%m%d%H%M%S").ok()?;
    let millis = match digits.len() {
        14 => 0,
        17 => digits[14..].parse::<i64>().ok()?,
        _ => return None,
    };
    Some(base + chrono::Duration::milliseconds(millis))
}

fn ist_time(digits: &str) -> Option<DateTime<FixedOffset>> {
    ist().from_local_datetime(&ist_naive(digits)?).single()
}

/// `20241104110220` → `2024-11-04T11:02:20+05:30`.
pub fn ist_iso(digits: &str) -> Option<String> {
    ist_time(digits).map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, false))
}

fn ist_ms(digits: &str) -> Option<i64> {
    ist_time(digits).map(|t| t.timestamp_millis())
}

/// The client's failure as the workflow's: a department's refusal keeps its words, with what it
/// did not do said first; other failures (network, timeout, bad answer) keep the client's sentence.
fn refusal(peer: &'static str, error: kendra_client::Error, what: &str) -> Error {
    match error {
        kendra_client::Error::PeerFailed {
            endpoint, error, ..
        } => Error::Refused {
            peer,
            message: format!("{what}: {error}"),
            code: Some("peer_failed".into()),
            detail: Some(format!("{endpoint}: HTTP 200, statusCode not 200: {error}")),
        },
        other => Error::Client(other),
    }
}

/// The kind of an API-5B refusal: the department's `otpStatus` when it gives one, else read
/// from its words.
fn refusal_kind(r: &OtpRefused) -> (&'static str, &'static str) {
    let said = r.message.to_ascii_lowercase();
    let status = r.otp_status.as_deref().unwrap_or_default();
    match status {
        "wrong" if r.attempts_left == Some(0) => ("attempts_exhausted", "otp_attempts_exhausted"),
        "wrong" => ("wrong", "otp_wrong"),
        "expired" => ("expired", "otp_expired"),
        "attempts_exhausted" | "blocked" => ("attempts_exhausted", "otp_attempts_exhausted"),
        "used" => ("used", "otp_used"),
        "unknown" => ("unknown", "otp_unknown"),
        _ if said.contains("expire") => ("expired", "otp_expired"),
        _ if said.contains("blocked") || said.contains("no attempts") => {
            ("attempts_exhausted", "otp_attempts_exhausted")
        }
        _ if said.contains("wrong") || said.contains("invalid") || said.contains("incorrect") => {
            ("wrong", "otp_wrong")
        }
        _ => ("refused", "otp_refused"),
    }
}

/// API-5B's refusal in plain words.
fn otp_refusal(r: &OtpRefused) -> Error {
    let (kind, code) = refusal_kind(r);
    let message = match kind {
        "wrong" => match r.attempts_left {
            Some(1) => "the OTP is wrong; the citizen can try once more before it is blocked".to_owned(),
            Some(n) => format!("the OTP is wrong; the citizen can try {n} more times"),
            None => "the OTP is wrong; ask the citizen to read it out again".to_owned(),
        },
        "attempts_exhausted" => "the OTP was entered wrongly too many times and is now blocked: request a new OTP for the citizen".to_owned(),
        "expired" => "the OTP has expired: request a new OTP for the citizen and enter it soon after it arrives".to_owned(),
        "used" => "this OTP was already used to release the document: request a new OTP to download it again".to_owned(),
        "unknown" => "no OTP was requested with this OTP id: request an OTP first".to_owned(),
        _ => format!("the department refused the OTP: {}", r.message),
    };
    Error::Refused {
        peer: DEPARTMENT,
        message,
        code: Some(code.to_owned()),
        detail: Some(format!(
            "API-5B: {}{}{}",
            r.message,
            r.otp_status
                .as_ref()
                .map(|s| format!("; otpStatus {s}"))
                .unwrap_or_default(),
            r.attempts_left
                .map(|n| format!("; attemptsLeft {n}"))
                .unwrap_or_default()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ist_times() {
        assert_eq!(
            ist_iso("20241104110220").as_deref(),
            Some("2024-11-04T11:02:20+05:30")
        );
        assert_eq!(
            ist_iso("20221202153322882").as_deref(),
            Some("2022-12-02T15:33:22.882+05:30")
        );
        assert_eq!(ist_iso("2024"), None);
        assert_eq!(ist_ms("19700101053000"), Some(0));
        assert_eq!(next_ticket_no("20221202153322999"), "20221202153323000");
        assert_eq!(new_ticket_no().len(), 17);
    }

    #[test]
    fn otp_refusals_in_plain_words() {
        let r = |status: Option<&str>, left: Option<i64>, message: &str| OtpRefused {
            otp_status: status.map(str::to_owned),
            attempts_left: left,
            message: message.to_owned(),
        };
        let e = otp_refusal(&r(
            Some("wrong"),
            Some(2),
            "the OTP is wrong: 2 attempt(s) left",
        ));
        assert_eq!(e.code(), "otp_wrong");
        assert!(e.to_string().contains("can try 2 more times"), "{e}");
        let e = otp_refusal(&r(Some("wrong"), Some(0), "x"));
        assert_eq!(e.code(), "otp_attempts_exhausted");
        let e = otp_refusal(&r(None, None, "OTP Expired"));
        assert_eq!(e.code(), "otp_expired");
        assert!(e.detail().unwrap_or_default().contains("OTP Expired"));
        let e = otp_refusal(&r(None, None, "server busy"));
        assert_eq!(e.code(), "otp_refused");
        assert!(e.to_string().contains("server busy"));
    }
}
