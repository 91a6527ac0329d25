//! The department side of UP ISP (manual sections 6, 7-A, 7-B and 9): a citizen arrives from the
//! portal with a `sessionkey`; the department validates it (request_id, applicant_id,
//! service_code), reads the applicant's common details, and sends the citizen back with a
//! redirect link. Statuses (S104 … S112) go through the outbox (`kendra_outbox::queue_isp_status`).

use kendra_client::{
    ApplicantCommonDetails, CommonDetailsRequest, Exchange, IspClient, SessionKeyValidation,
};
use kendra_journal::applications::NewIspApplication;
use kendra_journal::{Actor, CitizenDetails, Journal, Peer};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::exchange_log::journal_exchanges;

/// One ISP profile's department-side calls, journaled under that profile.
pub struct IspDepartment<'a> {
    journal: &'a Journal,
    actor: Actor,
    profile: String,
    client: &'a IspClient,
}

/// 7-A's answer, as the department keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ValidatedApplication {
    pub request_id: String,
    pub applicant_id: String,
    pub service_code: String,
    /// False when the journal already had this request (the citizen came back).
    pub newly_recorded: bool,
}

/// 7-B's answer: every field the portal sent, in its order, codes explained where the manual
/// gives their meaning.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ApplicantDetails {
    pub request_id: String,
    pub applicant_id: Option<String>,
    pub service_code: Option<String>,
    pub service_name_eng: Option<String>,
    pub service_name_hindi: Option<String>,
    /// First, middle and last name in English, as one line.
    pub name_eng: Option<String>,
    pub name_hindi: Option<String>,
    pub fields: Vec<DetailField>,
    /// Field spellings that differ from the manual's (`permanent_rajasthagran as …`).
    pub spelling_variants: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DetailField {
    pub name: String,
    /// As sent, numbers written as digits; empty when the portal sent null.
    pub value: String,
    /// The code's meaning from the manual (gender, category, marital status, area type).
    pub meaning: Option<String>,
}

/// Section 9's `return_success_or_failed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum RedirectOutcome {
    Success,
    Failed,
}

impl RedirectOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            RedirectOutcome::Success => "SUCCESS",
            RedirectOutcome::Failed => "FAILED",
        }
    }
}

/// Codes the manual explains (section 7-B); others (district, occupation, …) come as codes
/// whose tables live in the department's portal login.
const CODE_MEANINGS: &[(&str, &[(&str, &str)])] = &[
    (
        "gender",
        &[("M", "Male"), ("F", "Female"), ("T", "Transgender")],
    ),
    (
        "category",
        &[("1", "General"), ("2", "OBC"), ("3", "SC"), ("4", "ST")],
    ),
    (
        "marital_status",
        &[
            ("1", "Single"),
            ("2", "Married"),
            ("3", "Divorced"),
            ("4", "Widow"),
            ("5", "Widower"),
        ],
    ),
    ("residential_area_type", &[("1", "Rural"), ("2", "Urban")]),
    ("permanent_area_type", &[("1", "Rural"), ("2", "Urban")]),
];

/// The longest session key accepted: the portal's are short tokens; anything longer is a paste
/// gone wrong.
const SESSION_KEY_MAX: usize = 512;

impl<'a> IspDepartment<'a> {
    pub fn new(journal: &'a Journal, actor: Actor, profile: &str, client: &'a IspClient) -> Self {
        Self {
            journal,
            actor,
            profile: profile.to_owned(),
            client,
        }
    }

    fn journal_calls(&self, exchanges: &[Exchange]) -> Result<()> {
        journal_exchanges(
            self.journal,
            &self.actor,
            Peer::Isp,
            &self.profile,
            exchanges,
        )?;
        Ok(())
    }

    /// 7-A: validates the session key the portal handed over and records the request.
    pub async fn validate(&self, session_key: &str) -> Result<ValidatedApplication> {
        let session_key = check_session_key(session_key)?;
        let attempt = self
            .client
            .validate_session_key(&SessionKeyValidation {
                sessionkey: session_key.to_owned(),
            })
            .await;
        self.journal_calls(&attempt.exchanges)?;
        let validated = attempt.into_result()?;
        let newly_recorded = self.journal.write(&self.actor, |tx| {
            tx.ensure_isp_application(&NewIspApplication {
                request_id: &validated.request_id,
                applicant_id: Some(&validated.applicant_id),
                service_code: Some(&validated.service_code),
                profile: Some(&self.profile),
                ..Default::default()
            })
        })?;
        Ok(ValidatedApplication {
            request_id: validated.request_id,
            applicant_id: validated.applicant_id,
            service_code: validated.service_code,
            newly_recorded,
        })
    }

    /// 7-B: the applicant's common details, decrypted; the citizen's personal fields are kept in
    /// the journal encrypted (and purged after the retention) with the request.
    pub async fn details(&self, request_id: &str) -> Result<ApplicantDetails> {
        let request_id = check_request_id(request_id)?;
        let attempt = self
            .client
            .applicant_common_details(&CommonDetailsRequest {
                request_id: request_id.to_owned(),
            })
            .await;
        self.journal_calls(&attempt.exchanges)?;
        let details = attempt.into_result()?;
        let citizen = citizen_of(&details);
        self.journal.write(&self.actor, |tx| {
            tx.ensure_isp_application(&NewIspApplication {
                request_id,
                applicant_id: details.text("applicant_id").as_deref(),
                service_code: details.text("service_code").as_deref(),
                profile: Some(&self.profile),
                ..Default::default()
            })?;
            tx.attach_isp_citizen(request_id, &citizen)
        })?;
        Ok(explain(request_id, &details))
    }
}

fn check_session_key(session_key: &str) -> Result<&str> {
    let key = session_key.trim();
    if key.is_empty() {
        return Err(Error::input(
            "sessionkey",
            "is empty: copy it from the address the portal opened (…?sessionkey=…)",
        ));
    }
    if key.len() > SESSION_KEY_MAX {
        return Err(Error::input(
            "sessionkey",
            format!(
                "is {} characters long; the portal's are far shorter (at most {SESSION_KEY_MAX})",
                key.len()
            ),
        ));
    }
    if let Some(bad) = key.chars().find(|c| c.is_whitespace() || c.is_control()) {
        return Err(Error::input(
            "sessionkey",
            format!("contains {bad:?}; it is one word, as the portal sent it"),
        ));
    }
    Ok(key)
}

fn check_request_id(request_id: &str) -> Result<&str> {
    let id = request_id.trim();
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::input(
            "request_id",
            format!("must be the digits 7-A answered (14 of them), not {id:?}"),
        ));
    }
    Ok(id)
}

fn joined(details: &ApplicantCommonDetails, fields: &[&str]) -> Option<String> {
    let parts: Vec<String> = fields
        .iter()
        .filter_map(|f| details.text(f))
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// The personal fields the journal keeps encrypted.
fn citizen_of(details: &ApplicantCommonDetails) -> CitizenDetails {
    CitizenDetails {
        name: joined(
            details,
            &["first_name_eng", "middle_name_eng", "last_name_eng"],
        ),
        mobile: details.text("mobile").filter(|v| !v.is_empty()),
        email: details.text("email").filter(|v| !v.is_empty()),
        aadhaar_ref: details
            .text("aadhar_reference_no")
            .filter(|v| !v.is_empty()),
        address: joined(
            details,
            &[
                "residential_house_no",
                "residential_mohalla",
                "residential_pin",
            ],
        ),
        date_of_birth: details.text("dob").filter(|v| !v.is_empty()),
    }
}

fn meaning(field: &str, value: &str) -> Option<String> {
    CODE_MEANINGS
        .iter()
        .find(|(name, _)| *name == field)
        .and_then(|(_, codes)| {
            codes
                .iter()
                .find(|(code, _)| code.eq_ignore_ascii_case(value.trim()))
        })
        .map(|(_, text)| (*text).to_owned())
}

fn explain(request_id: &str, details: &ApplicantCommonDetails) -> ApplicantDetails {
    let fields = details
        .fields
        .keys()
        .map(|name| {
            let value = details.text(name).unwrap_or_default();
            DetailField {
                meaning: meaning(name, &value),
                name: name.clone(),
                value,
            }
        })
        .collect();
    ApplicantDetails {
        request_id: request_id.to_owned(),
        applicant_id: details.text("applicant_id"),
        service_code: details.text("service_code"),
        service_name_eng: details.text("service_name_eng"),
        service_name_hindi: details.text("service_name_hindi"),
        name_eng: joined(
            details,
            &["first_name_eng", "middle_name_eng", "last_name_eng"],
        ),
        name_hindi: joined(
            details,
            &["first_name_hindi", "middle_name_hindi", "last_name_hindi"],
        ),
        fields,
        spelling_variants: details.variants.clone(),
    }
}

/// Section 9: the link that sends the citizen back to the portal, every value URL-encoded
/// (a message in Hindi, `&`, `=` or `#` arrives as written).
pub fn redirect_link(
    portal_url: &str,
    session_key: &str,
    outcome: RedirectOutcome,
    message: &str,
) -> Result<String> {
    let session_key = check_session_key(session_key)?;
    let base = portal_url.trim().trim_end_matches('/');
    let host = base
        .strip_prefix("http://")
        .or_else(|| base.strip_prefix("https://"))
        .unwrap_or_default();
    if host.is_empty() || base.contains(['?', '#', ' ']) {
        return Err(Error::input(
            "portal address",
            format!("must be the portal's http:// or https:// address without a query, like http://164.100.181.91, not {portal_url:?}"),
        ));
    }
    if message.trim().is_empty() {
        return Err(Error::input(
            "message",
            "is empty: the portal shows it to the citizen, say what happened",
        ));
    }
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("sessionkey", session_key)
        .append_pair("return_success_or_failed", outcome.as_str())
        .append_pair("MESSAGETEXT", message.trim())
        .finish();
    Ok(format!("{base}/getMessageFromDepartment?{query}"))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn redirect_link_encodes_every_value() {
        let link = redirect_link(
            "http://164.100.181.91/",
            "Ab12Cd",
            RedirectOutcome::Success,
            "आवेदन जमा हुआ & fee=0 #1",
        )
        .unwrap();
        assert!(link.starts_with(
            "http://164.100.181.91/getMessageFromDepartment?sessionkey=Ab12Cd&return_success_or_failed=SUCCESS&MESSAGETEXT="
        ));
        let query = link.split_once('?').unwrap().1;
        let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect();
        assert_eq!(pairs[2].1, "आवेदन जमा हुआ & fee=0 #1");
        assert!(!query.contains(' ') && !query.contains('#'));
    }

    #[test]
    fn bad_redirect_inputs_are_named() {
        let err = redirect_link("164.100.181.91", "k", RedirectOutcome::Failed, "x").unwrap_err();
        assert!(err.to_string().starts_with("portal address:"), "{err}");
        let err = redirect_link("http://p", "a b", RedirectOutcome::Failed, "x").unwrap_err();
        assert!(err.to_string().starts_with("sessionkey:"), "{err}");
        let err = redirect_link("http://p", "k", RedirectOutcome::Failed, " ").unwrap_err();
        assert!(err.to_string().starts_with("message:"), "{err}");
    }

    #[test]
    fn codes_are_explained_where_the_manual_gives_them() {
        let details = ApplicantCommonDetails::from_json(
            r#"{"gender":"F","category":3,"marital_status":"2","residential_area_type":1,"residential_district":"164","first_name_eng":"Sita","last_name_eng":"Devi"}"#,
        )
        .unwrap();
        let shown = explain("12345678901234", &details);
        let get = |n: &str| shown.fields.iter().find(|f| f.name == n).unwrap().clone();
        assert_eq!(get("gender").meaning.as_deref(), Some("Female"));
        assert_eq!(get("category").meaning.as_deref(), Some("SC"));
        assert_eq!(get("category").value, "3");
        assert_eq!(get("marital_status").meaning.as_deref(), Some("Married"));
        assert_eq!(
            get("residential_area_type").meaning.as_deref(),
            Some("Rural")
        );
        assert_eq!(get("residential_district").meaning, None);
        assert_eq!(shown.name_eng.as_deref(), Some("Sita Devi"));
    }
}
