//! Typed UP ISP requests and answers, with the manual's field names (sections 7-A to 7-E), and
//! the checks its input tables make, run before anything is sent.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::{Error, Result};

/// How `action_taken_time` is written on the wire: a profile setting (errata).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionTimeFormat {
    /// `yyyy-mm-ddhh:mm:ss`, as the manual prints it.
    #[default]
    AsPrinted,
    /// `yyyy-mm-dd hh:mm:ss`.
    Spaced,
}

impl ActionTimeFormat {
    pub fn pattern(self) -> &'static str {
        match self {
            ActionTimeFormat::AsPrinted => "%Y-%m-%d%H:%M:%S",
            ActionTimeFormat::Spaced => "%Y-%m-%d %H:%M:%S",
        }
    }

    pub fn render(self, time: &NaiveDateTime) -> String {
        time.format(self.pattern()).to_string()
    }
}

/// Stored (outbox, journal) as `yyyy-mm-dd hh:mm:ss`; read in either manual form or ISO 8601.
mod action_time_text {
    use chrono::NaiveDateTime;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(time: &NaiveDateTime, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&time.format("%Y-%m-%d %H:%M:%S").to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDateTime, D::Error> {
        let text = String::deserialize(d)?;
        super::parse_action_time(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "action_taken_time {text:?} is not yyyy-mm-dd hh:mm:ss or yyyy-mm-ddhh:mm:ss"
            ))
        })
    }
}

pub fn parse_action_time(text: &str) -> Option<NaiveDateTime> {
    ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d%H:%M:%S", "%Y-%m-%dT%H:%M:%S"]
        .iter()
        .find_map(|p| NaiveDateTime::parse_from_str(text.trim(), p).ok())
}

/// 7-A: validate the session key the portal handed over with the citizen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionKeyValidation {
    pub sessionkey: String,
}

/// 7-A's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidatedRequest {
    pub request_id: String,
    pub applicant_id: String,
    pub service_code: String,
}

/// 7-B: the applicant's common details.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommonDetailsRequest {
    pub request_id: String,
}

/// 7-B's answer: the 77-field record, kept whole, values as the portal sent them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApplicantCommonDetails {
    pub fields: Map<String, Value>,
    /// Field spellings that differed from the manual's (`permanent_rajasthagran`).
    pub variants: Vec<String>,
}

/// The manual's OCR-damaged spelling and the real one.
const FIELD_ALIASES: &[(&str, &str)] = &[("permanent_rajasthagran", "permanent_rajasvagram")];

impl ApplicantCommonDetails {
    pub fn from_json(text: &str) -> std::result::Result<Self, String> {
        let value: Value = serde_json::from_str(text).map_err(|e| format!("not JSON ({e})"))?;
        let Value::Object(object) = value else {
            return Err("not a JSON object".into());
        };
        let mut fields = Map::new();
        let mut variants = Vec::new();
        for (name, value) in object {
            let lower = name.to_ascii_lowercase();
            let canonical = FIELD_ALIASES
                .iter()
                .find(|(alias, _)| *alias == lower)
                .map(|(_, real)| (*real).to_owned());
            match canonical {
                Some(real) => {
                    variants.push(format!("{name} as {real}"));
                    fields.insert(real, value);
                }
                None => {
                    fields.insert(lower, value);
                }
            }
        }
        Ok(Self { fields, variants })
    }

    /// A field as text (numbers written as digits), by the manual's name, case-insensitively.
    pub fn text(&self, name: &str) -> Option<String> {
        match self.fields.get(&name.to_ascii_lowercase())? {
            Value::String(s) => Some(s.clone()),
            Value::Null => None,
            other => Some(other.to_string()),
        }
    }
}

/// 7-C, `returnApplicationAcknowledgement`: S104, once per request_id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Acknowledgement {
    pub request_id: String,
    pub applicant_id: String,
    pub service_code: String,
    pub application_id: String,
    #[serde(default)]
    pub application_url: String,
    pub status_code: String,
    #[serde(default)]
    pub remarks: String,
    pub pendency_level: String,
    pub pending_with_officer: String,
    #[serde(with = "action_time_text")]
    pub action_taken_time: NaiveDateTime,
    pub selected_district_for_processing_application: String,
    pub designated_code: String,
    pub designated_location_code: String,
    pub designated_target_date: NaiveDate,
    pub first_appellate_code: String,
    pub first_appellate_location_code: String,
    pub first_appellate_days: String,
    pub second_appellate_code: String,
    pub second_appellate_location_code: String,
    pub second_appellate_days: String,
    /// The manual's optional `d1`…`d20`.
    #[serde(flatten)]
    pub dummy_fields: BTreeMap<String, String>,
}

/// 7-D, `returnServiceStatus`: every status code but S104 and S112.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceStatus {
    pub request_id: String,
    pub service_code: String,
    pub applicant_id: String,
    pub application_id: String,
    pub status_code: String,
    #[serde(default)]
    pub remarks: String,
    pub pendency_level: String,
    pub pending_with_officer: String,
    #[serde(with = "action_time_text")]
    pub action_taken_time: NaiveDateTime,
    #[serde(flatten)]
    pub dummy_fields: BTreeMap<String, String>,
}

/// 7-E, `returnDeliveredServiceStatus`: S112, the service delivered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveredStatus {
    pub request_id: String,
    pub applicant_id: String,
    pub service_code: String,
    pub application_id: String,
    #[serde(default)]
    pub certificate_url: String,
    #[serde(default)]
    pub certificate_no: String,
    pub status_code: String,
    #[serde(with = "action_time_text")]
    pub action_taken_time: NaiveDateTime,
    /// Rupees in digits, paise optional; required for DBT services.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dbt_amount: Option<String>,
    #[serde(default)]
    pub remarks: String,
    /// `yyyy-mm-dd`, or `999999` for a lifetime certificate.
    pub certificate_expiry_date: String,
    #[serde(flatten)]
    pub dummy_fields: BTreeMap<String, String>,
}

/// The three status calls, as the outbox stores and replays them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "call", content = "payload", rename_all = "snake_case")]
pub enum IspStatusDelivery {
    Acknowledgement(Acknowledgement),
    ServiceStatus(ServiceStatus),
    Delivered(DeliveredStatus),
}

impl IspStatusDelivery {
    pub fn request_id(&self) -> &str {
        match self {
            IspStatusDelivery::Acknowledgement(a) => &a.request_id,
            IspStatusDelivery::ServiceStatus(s) => &s.request_id,
            IspStatusDelivery::Delivered(d) => &d.request_id,
        }
    }

    pub fn status_code(&self) -> &str {
        match self {
            IspStatusDelivery::Acknowledgement(a) => &a.status_code,
            IspStatusDelivery::ServiceStatus(s) => &s.status_code,
            IspStatusDelivery::Delivered(d) => &d.status_code,
        }
    }

    /// The portal endpoint's name (the last path segment).
    pub fn endpoint(&self) -> &'static str {
        match self {
            IspStatusDelivery::Acknowledgement(_) => crate::isp_client::ACKNOWLEDGEMENT,
            IspStatusDelivery::ServiceStatus(_) => crate::isp_client::SERVICE_STATUS,
            IspStatusDelivery::Delivered(_) => crate::isp_client::DELIVERED_STATUS,
        }
    }

    /// Annexure A's routing: S104 to the acknowledgement, S112 to delivered, the rest to status.
    pub fn validate(&self) -> Result<()> {
        match self {
            IspStatusDelivery::Acknowledgement(a) => a.validate(),
            IspStatusDelivery::ServiceStatus(s) => s.validate(),
            IspStatusDelivery::Delivered(d) => d.validate(),
        }
    }

    /// The JSON that goes into `e_data`.
    pub fn wire_payload(&self, format: ActionTimeFormat) -> Result<String> {
        let (value, time) = match self {
            IspStatusDelivery::Acknowledgement(a) => (serde_json::to_value(a), a.action_taken_time),
            IspStatusDelivery::ServiceStatus(s) => (serde_json::to_value(s), s.action_taken_time),
            IspStatusDelivery::Delivered(d) => (serde_json::to_value(d), d.action_taken_time),
        };
        let mut value = value.map_err(|e| Error::LocalValidation {
            what: format!("the {} payload", self.endpoint()),
            problem: e.to_string(),
        })?;
        if let Value::Object(map) = &mut value {
            map.insert(
                "action_taken_time".into(),
                Value::String(format.render(&time)),
            );
        }
        Ok(value.to_string())
    }
}

/// Collects every problem with a payload, field first, as the portal would name them.
struct FieldProblems {
    what: String,
    problems: Vec<String>,
}

impl FieldProblems {
    fn new(what: String) -> Self {
        Self {
            what,
            problems: Vec::new(),
        }
    }

    fn required(&mut self, name: &str, value: &str, max_chars: Option<usize>) {
        if value.trim().is_empty() {
            self.problems.push(format!("{name} is required"));
        }
        self.max(name, value, max_chars);
    }

    fn max(&mut self, name: &str, value: &str, max_chars: Option<usize>) {
        if let Some(max) = max_chars {
            let len = value.chars().count();
            if len > max {
                self.problems.push(format!(
                    "{name} is {len} characters long; at most {max} are allowed"
                ));
            }
        }
    }

    fn alnum(&mut self, name: &str, value: &str, len: usize) {
        if value.len() != len || !value.chars().all(|c| c.is_ascii_alphanumeric()) {
            self.problems
                .push(format!("{name} {value:?} must be {len} letters or digits"));
        }
    }

    fn digits(&mut self, name: &str, value: &str) {
        if value.is_empty() || !value.chars().all(|c| c.is_ascii_digit()) {
            self.problems.push(format!(
                "{name} {value:?} must be a number of days in digits"
            ));
        }
    }

    fn status(&mut self, value: &str, allowed: impl Fn(u8) -> bool, rule: &str) {
        let number = value
            .strip_prefix('S')
            .and_then(|n| n.parse::<u8>().ok())
            .filter(|n| (101..=120).contains(n));
        match number {
            None => self.problems.push(format!(
                "status_code {value:?} is not one of Annexure A's S101–S120"
            )),
            Some(n) if !allowed(n) => self.problems.push(format!("status_code {value} {rule}")),
            Some(_) => {}
        }
    }

    fn dummies(&mut self, fields: &BTreeMap<String, String>) {
        for name in fields.keys() {
            let ok = name
                .strip_prefix('d')
                .and_then(|n| n.parse::<u8>().ok())
                .is_some_and(|n| (1..=20).contains(&n));
            if !ok {
                self.problems.push(format!(
                    "{name} is not a field of this call (only d1…d20 may be added)"
                ));
            }
        }
    }

    fn finish(self) -> Result<()> {
        if self.problems.is_empty() {
            Ok(())
        } else {
            Err(Error::LocalValidation {
                what: self.what,
                problem: self.problems.join("; "),
            })
        }
    }
}

const CODE: Option<usize> = Some(20);

impl Acknowledgement {
    pub fn validate(&self) -> Result<()> {
        let mut p = FieldProblems::new(format!(
            "the S104 acknowledgement for request_id {}",
            self.request_id
        ));
        p.alnum("request_id", &self.request_id, 14);
        p.alnum("applicant_id", &self.applicant_id, 10);
        p.required("service_code", &self.service_code, CODE);
        p.required("application_id", &self.application_id, Some(20));
        p.max("application_url", &self.application_url, Some(500));
        p.status(
            &self.status_code,
            |n| n == 104,
            "goes to returnServiceStatus or returnDeliveredServiceStatus: the acknowledgement carries S104 only",
        );
        p.max("remarks", &self.remarks, Some(2000));
        p.required("pendency_level", &self.pendency_level, CODE);
        p.required(
            "pending_with_officer",
            &self.pending_with_officer,
            Some(255),
        );
        p.required(
            "selected_district_for_processing_application",
            &self.selected_district_for_processing_application,
            CODE,
        );
        p.required("designated_code", &self.designated_code, CODE);
        p.required(
            "designated_location_code",
            &self.designated_location_code,
            CODE,
        );
        p.required("first_appellate_code", &self.first_appellate_code, CODE);
        p.required(
            "first_appellate_location_code",
            &self.first_appellate_location_code,
            CODE,
        );
        p.digits("first_appellate_days", &self.first_appellate_days);
        p.required("second_appellate_code", &self.second_appellate_code, CODE);
        p.required(
            "second_appellate_location_code",
            &self.second_appellate_location_code,
            CODE,
        );
        p.digits("second_appellate_days", &self.second_appellate_days);
        p.dummies(&self.dummy_fields);
        p.finish()
    }
}

impl ServiceStatus {
    pub fn validate(&self) -> Result<()> {
        let mut p = FieldProblems::new(format!(
            "the {} status for request_id {}",
            self.status_code, self.request_id
        ));
        p.alnum("request_id", &self.request_id, 14);
        p.alnum("applicant_id", &self.applicant_id, 10);
        p.required("service_code", &self.service_code, CODE);
        p.required("application_id", &self.application_id, Some(20));
        p.status(
            &self.status_code,
            |n| n != 104 && n != 112,
            "cannot go to returnServiceStatus: S104 goes to returnApplicationAcknowledgement, S112 to returnDeliveredServiceStatus",
        );
        p.max("remarks", &self.remarks, Some(2000));
        p.required("pendency_level", &self.pendency_level, CODE);
        p.required(
            "pending_with_officer",
            &self.pending_with_officer,
            Some(255),
        );
        p.dummies(&self.dummy_fields);
        p.finish()
    }
}

impl DeliveredStatus {
    pub fn validate(&self) -> Result<()> {
        let mut p = FieldProblems::new(format!(
            "the S112 delivery for request_id {}",
            self.request_id
        ));
        p.alnum("request_id", &self.request_id, 14);
        p.alnum("applicant_id", &self.applicant_id, 10);
        p.required("service_code", &self.service_code, CODE);
        p.required("application_id", &self.application_id, Some(20));
        p.max("certificate_url", &self.certificate_url, Some(500));
        p.max("certificate_no", &self.certificate_no, Some(50));
        p.status(
            &self.status_code,
            |n| n == 112,
            "cannot go to returnDeliveredServiceStatus: it carries S112 only",
        );
        if let Some(amount) = &self.dbt_amount {
            if !is_rupees(amount) {
                p.problems.push(format!(
                    "dbt_amount {amount:?} must be rupees in digits, with at most two decimals"
                ));
            }
        }
        p.max("remarks", &self.remarks, Some(2000));
        let expiry = self.certificate_expiry_date.trim();
        if expiry != "999999" && NaiveDate::parse_from_str(expiry, "%Y-%m-%d").is_err() {
            p.problems.push(format!(
                "certificate_expiry_date {expiry:?} must be yyyy-mm-dd, or 999999 for a lifetime certificate"
            ));
        }
        p.dummies(&self.dummy_fields);
        p.finish()
    }
}

/// Digits with at most two decimals (`200`, `200.5`, `1000.00`): money is never a float.
pub(crate) fn is_rupees(text: &str) -> bool {
    let (whole, paise) = match text.split_once('.') {
        Some((w, p)) => (w, Some(p)),
        None => (text, None),
    };
    !whole.is_empty()
        && whole.chars().all(|c| c.is_ascii_digit())
        && paise.is_none_or(|p| (1..=2).contains(&p.len()) && p.chars().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn status(code: &str) -> ServiceStatus {
        ServiceStatus {
            request_id: "20240501000001".into(),
            service_code: "10101".into(),
            applicant_id: "UPA7K3M9Q2".into(),
            application_id: "REV/2024/000123".into(),
            status_code: code.into(),
            remarks: String::new(),
            pendency_level: "1".into(),
            pending_with_officer: "Rajesh Verma, Tehsildar".into(),
            action_taken_time: parse_action_time("2024-05-02 11:20:00").unwrap(),
            dummy_fields: BTreeMap::new(),
        }
    }

    #[test]
    fn action_time_formats() {
        let t = parse_action_time("2024-05-0110:15:00").unwrap();
        assert_eq!(ActionTimeFormat::AsPrinted.render(&t), "2024-05-0110:15:00");
        assert_eq!(ActionTimeFormat::Spaced.render(&t), "2024-05-01 10:15:00");
        let wire = IspStatusDelivery::ServiceStatus(status("S102"))
            .wire_payload(ActionTimeFormat::AsPrinted)
            .unwrap();
        assert!(wire.contains(r#""action_taken_time":"2024-05-0211:20:00""#));
        let stored =
            serde_json::to_string(&IspStatusDelivery::ServiceStatus(status("S102"))).unwrap();
        assert!(stored.contains(r#""action_taken_time":"2024-05-02 11:20:00""#));
        let back: IspStatusDelivery = serde_json::from_str(&stored).unwrap();
        assert_eq!(back.status_code(), "S102");
    }

    #[test]
    fn routing_and_field_rules_are_checked_locally() {
        assert!(status("S102").validate().is_ok());
        let err = status("S112").validate().unwrap_err();
        assert!(err.to_string().contains("S112 goes") || err.to_string().contains("S112 cannot"));
        let mut bad = status("S999");
        bad.remarks = "x".repeat(2001);
        bad.request_id = "123".into();
        bad.dummy_fields.insert("d21".into(), "x".into());
        let text = bad.validate().unwrap_err().to_string();
        for part in ["S101–S120", "remarks is 2001", "request_id \"123\"", "d21"] {
            assert!(text.contains(part), "{text}");
        }
        assert!(is_rupees("1000.00") && is_rupees("5") && !is_rupees("1.005") && !is_rupees("1e3"));
    }

    #[test]
    fn common_details_tolerate_the_ocr_spelling() {
        let d = ApplicantCommonDetails::from_json(
            r#"{"Mobile":"9415023871","permanent_rajasthagran":"0","income":120000}"#,
        )
        .unwrap();
        assert_eq!(d.text("mobile").as_deref(), Some("9415023871"));
        assert_eq!(d.text("permanent_rajasvagram").as_deref(), Some("0"));
        assert_eq!(d.text("income").as_deref(), Some("120000"));
        assert_eq!(d.variants.len(), 1);
    }
}
