//! The manual's input tables: which fields each endpoint requires, which may be blank ("if not
//! available leave blank"), maximum lengths and formats. Every problem found is named, field first.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use serde_json::{Map, Value};

use super::ordering_rules::STATUS_CODES;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Must be present and not blank.
    Required,
    /// The key must be there, but "if not available leave blank".
    RequiredMayBeBlank,
    Optional,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    /// "14 digit string".
    RequestId,
    /// "alphanumeric string of length-10".
    ApplicantId,
    /// Annexure A's S101–S120.
    StatusCode,
    /// `yyyy-mm-ddhh:mm:ss` as printed, or `yyyy-mm-dd hh:mm:ss`.
    ActionTime,
    /// `yyyy-mm-dd`.
    Date,
    /// A count of days, e.g. "25".
    Days,
    /// A download link (blank allowed where the table says so).
    Url,
    /// Rupees "in digit", paise optional.
    Amount,
    /// `yyyy-mm-dd`, or `999999` for a lifetime certificate.
    ExpiryDate,
}

#[derive(Debug, Clone, Copy)]
pub struct FieldRule {
    pub name: &'static str,
    pub presence: Presence,
    pub max_len: Option<usize>,
    pub format: Format,
}

const fn rule(
    name: &'static str,
    presence: Presence,
    max_len: Option<usize>,
    format: Format,
) -> FieldRule {
    FieldRule {
        name,
        presence,
        max_len,
        format,
    }
}

use Format as F;
use Presence::{Optional, Required, RequiredMayBeBlank as Blankable};

/// Free text the manual gives no limit for: what a typical varchar column holds.
const TEXT: Option<usize> = Some(255);
const URL: Option<usize> = Some(500);
const CODE: Option<usize> = Some(20);

pub const SESSION_KEY_INPUT: &[FieldRule] = &[rule("sessionkey", Required, Some(128), F::Text)];
pub const REQUEST_ID_INPUT: &[FieldRule] = &[rule("request_id", Required, None, F::RequestId)];

/// Section 7-C, returnApplicationAcknowledgement (S104 only).
pub const ACKNOWLEDGEMENT: &[FieldRule] = &[
    rule("request_id", Required, None, F::RequestId),
    rule("applicant_id", Required, None, F::ApplicantId),
    rule("service_code", Required, CODE, F::Text),
    rule("application_id", Required, Some(20), F::Text),
    rule("application_url", Blankable, URL, F::Url),
    rule("status_code", Required, None, F::StatusCode),
    rule("remarks", Blankable, Some(2000), F::Text),
    rule("pendency_level", Required, CODE, F::Text),
    rule("pending_with_officer", Required, TEXT, F::Text),
    rule("action_taken_time", Required, None, F::ActionTime),
    rule(
        "selected_district_for_processing_application",
        Required,
        CODE,
        F::Text,
    ),
    rule("designated_code", Required, CODE, F::Text),
    rule("designated_location_code", Required, CODE, F::Text),
    rule("designated_target_date", Required, None, F::Date),
    rule("first_appellate_code", Required, CODE, F::Text),
    rule("first_appellate_location_code", Required, CODE, F::Text),
    rule("first_appellate_days", Required, None, F::Days),
    rule("second_appellate_code", Required, CODE, F::Text),
    rule("second_appellate_location_code", Required, CODE, F::Text),
    rule("second_appellate_days", Required, None, F::Days),
];

/// Section 7-D, returnServiceStatus (every code but S104 and S112).
pub const SERVICE_STATUS: &[FieldRule] = &[
    rule("request_id", Required, None, F::RequestId),
    rule("service_code", Required, CODE, F::Text),
    rule("applicant_id", Required, None, F::ApplicantId),
    rule("application_id", Required, Some(20), F::Text),
    rule("status_code", Required, None, F::StatusCode),
    rule("remarks", Blankable, Some(2000), F::Text),
    rule("pendency_level", Required, CODE, F::Text),
    rule("pending_with_officer", Required, TEXT, F::Text),
    rule("action_taken_time", Required, None, F::ActionTime),
];

/// Section 7-E, returnDeliveredServiceStatus (S112 only).
pub const DELIVERED: &[FieldRule] = &[
    rule("request_id", Required, None, F::RequestId),
    rule("applicant_id", Required, None, F::ApplicantId),
    rule("service_code", Required, CODE, F::Text),
    rule("application_id", Required, Some(20), F::Text),
    rule("certificate_url", Blankable, URL, F::Url),
    rule("certificate_no", Blankable, Some(50), F::Text),
    rule("status_code", Required, None, F::StatusCode),
    rule("action_taken_time", Required, None, F::ActionTime),
    rule("dbt_amount", Optional, Some(15), F::Amount),
    rule("remarks", Blankable, Some(2000), F::Text),
    rule("certificate_expiry_date", Required, None, F::ExpiryDate),
];

/// The validated fields, by their documented names (blank fields included as "").
pub type Fields = BTreeMap<&'static str, String>;

/// Checks `payload` against `table` plus the dummy fields d1–d20 (optional text). Every problem is
/// reported, joined with "; ".
pub fn validate(payload: &Value, table: &[FieldRule]) -> Result<Fields, String> {
    let Value::Object(object) = payload else {
        return Err(format!(
            "the decrypted e_data must be a JSON object, not {}",
            kind(payload)
        ));
    };
    let mut fields = Fields::new();
    let mut problems = Vec::new();
    for rule in table {
        match check(object, rule) {
            Ok(Some(value)) => {
                fields.insert(rule.name, value);
            }
            Ok(None) => {}
            Err(problem) => problems.push(problem),
        }
    }
    for i in 1..=20 {
        let name = format!("d{i}");
        if let Some(value) = lookup(object, &name) {
            if !matches!(value, Value::Null | Value::String(_) | Value::Number(_)) {
                problems.push(format!("{name} must be text, not {}", kind(value)));
            }
        }
    }
    if problems.is_empty() {
        Ok(fields)
    } else {
        Err(problems.join("; "))
    }
}

/// The field under its documented name, or any capitalisation of it (`Request_id`).
fn lookup<'a>(object: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    object.get(name).or_else(|| {
        object
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    })
}

fn check(object: &Map<String, Value>, rule: &FieldRule) -> Result<Option<String>, String> {
    let name = rule.name;
    let text = match lookup(object, name) {
        None => {
            return match rule.presence {
                Presence::Optional => Ok(None),
                Presence::RequiredMayBeBlank => Err(format!(
                    "{name} is required but missing (send \"\" if not available)"
                )),
                Presence::Required => Err(format!("{name} is required but missing")),
            }
        }
        Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(other) => return Err(format!("{name} must be text, not {}", kind(other))),
    };
    if text.trim().is_empty() {
        return match rule.presence {
            Presence::Required if name == "pending_with_officer" => Err(format!(
                "{name} must not be blank (send \"NA\" if not available)"
            )),
            Presence::Required => Err(format!("{name} must not be blank")),
            _ => Ok(Some(String::new())),
        };
    }
    let len = text.chars().count();
    if let Some(max) = rule.max_len {
        if len > max {
            return Err(format!(
                "{name} is {len} characters long; at most {max} are allowed"
            ));
        }
    }
    check_format(name, &text, rule.format)?;
    Ok(Some(text))
}

fn check_format(name: &str, text: &str, format: Format) -> Result<(), String> {
    let ok = match format {
        F::Text => true,
        F::RequestId => {
            return exact_alnum(name, text, 14, "a 14-digit string");
        }
        F::ApplicantId => {
            return exact_alnum(name, text, 10, "a 10-character alphanumeric string");
        }
        F::StatusCode => {
            if STATUS_CODES.iter().any(|(code, _)| *code == text) {
                return Ok(());
            }
            return Err(format!(
                "{name} {text:?} is not a status code of Annexure A (S101 to S120)"
            ));
        }
        F::ActionTime => {
            if parse_action_time(text).is_some() {
                return Ok(());
            }
            return Err(format!(
                "{name} {text:?} is not a time in the format yyyy-mm-ddhh:mm:ss (or yyyy-mm-dd hh:mm:ss)"
            ));
        }
        F::Date => is_date(text),
        F::Days => (1..=4).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit()),
        F::Url => text.starts_with("http://") || text.starts_with("https://"),
        F::Amount => is_amount(text),
        F::ExpiryDate => text == "999999" || is_date(text),
    };
    if ok {
        return Ok(());
    }
    let expected = match format {
        F::Date => "a date in the format yyyy-mm-dd",
        F::Days => "a number of days in digits, e.g. \"25\"",
        F::Url => "an http:// or https:// link (or blank if not available)",
        F::Amount => "an amount in rupees in digits, e.g. \"1500\" or \"1500.00\"",
        F::ExpiryDate => {
            "a date in the format yyyy-mm-dd, or 999999 for a certificate valid for life"
        }
        _ => "valid",
    };
    Err(format!("{name} {text:?} is not {expected}"))
}

fn exact_alnum(name: &str, text: &str, len: usize, what: &str) -> Result<(), String> {
    let actual = text.chars().count();
    if actual != len {
        return Err(format!(
            "{name} {text:?} must be {what} ({len} characters), but it is {actual} characters"
        ));
    }
    if !text.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(format!(
            "{name} {text:?} must be {what}: letters and digits only"
        ));
    }
    Ok(())
}

/// Both spellings of the manual's timestamp.
pub fn parse_action_time(text: &str) -> Option<NaiveDateTime> {
    let text = text.trim();
    ["%Y-%m-%d%H:%M:%S", "%Y-%m-%d %H:%M:%S"]
        .iter()
        .filter(|_| text.len() == 18 || text.len() == 19)
        .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
}

fn is_date(text: &str) -> bool {
    text.len() == 10 && NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok()
}

fn is_amount(text: &str) -> bool {
    let (rupees, paise) = match text.split_once('.') {
        Some((r, p)) => (r, Some(p)),
        None => (text, None),
    };
    !rupees.is_empty()
        && rupees.bytes().all(|b| b.is_ascii_digit())
        && paise.is_none_or(|p| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn status(overrides: Value) -> Value {
        let mut base = json!({
            "request_id": "20240501000001", "service_code": "sc109", "applicant_id": "UPA7K3M9Q2",
            "application_id": "REV/2024/000123", "status_code": "S105", "remarks": "",
            "pendency_level": "1", "pending_with_officer": "NA",
            "action_taken_time": "2024-05-0110:15:00",
        });
        for (k, v) in overrides.as_object().unwrap() {
            base[k] = v.clone();
        }
        base
    }

    #[test]
    fn both_time_spellings_and_blank_remarks_pass() {
        assert!(validate(&status(json!({})), SERVICE_STATUS).is_ok());
        let spaced = status(json!({"action_taken_time": "2024-05-01 10:15:00"}));
        assert_eq!(
            validate(&spaced, SERVICE_STATUS).unwrap()["action_taken_time"],
            "2024-05-01 10:15:00"
        );
        assert!(parse_action_time("2024-13-0110:15:00").is_none());
        assert!(parse_action_time("01-05-2024 10:15:00").is_none());
    }

    #[test]
    fn problems_are_named() {
        let long = "क".repeat(2001);
        let bad = status(
            json!({"remarks": long, "application_id": "X".repeat(21), "status_code": "S999", "pending_with_officer": " "}),
        );
        let err = validate(&bad, SERVICE_STATUS).unwrap_err();
        assert!(
            err.contains("remarks is 2001 characters long; at most 2000 are allowed"),
            "{err}"
        );
        assert!(err.contains("application_id is 21 characters long; at most 20"));
        assert!(err.contains("status_code \"S999\" is not a status code of Annexure A"));
        assert!(err.contains("pending_with_officer must not be blank (send \"NA\""));
        let mut missing = status(json!({}));
        missing.as_object_mut().unwrap().remove("remarks");
        missing.as_object_mut().unwrap().remove("request_id");
        let err = validate(&missing, SERVICE_STATUS).unwrap_err();
        assert!(err.contains("request_id is required but missing"), "{err}");
        assert!(err.contains("remarks is required but missing (send \"\""));
        let err = validate(&status(json!({"d3": [1]})), SERVICE_STATUS).unwrap_err();
        assert_eq!(err, "d3 must be text, not a list");
        assert!(validate(&json!([1]), SERVICE_STATUS).is_err());
    }

    #[test]
    fn service_code_is_not_validated_as_digits_and_names_are_case_tolerant() {
        let v = status(json!({"service_code": "sc109"}));
        assert!(validate(&v, SERVICE_STATUS).is_ok());
        let mut v = status(json!({}));
        let o = v.as_object_mut().unwrap();
        let rid = o.remove("request_id").unwrap();
        o.insert("Request_id".into(), rid);
        assert_eq!(
            validate(&v, SERVICE_STATUS).unwrap()["request_id"],
            "20240501000001"
        );
    }

    #[test]
    fn delivered_formats() {
        let v = json!({
            "request_id": "20240501000001", "applicant_id": "UPA7K3M9Q2", "service_code": "20417",
            "application_id": "PEN/2024/77", "certificate_url": "", "certificate_no": "",
            "status_code": "S112", "action_taken_time": "2024-06-0111:00:00", "dbt_amount": "1000.00",
            "remarks": "Pension sanctioned", "certificate_expiry_date": "999999",
        });
        assert!(validate(&v, DELIVERED).is_ok());
        let mut bad = v.clone();
        bad["dbt_amount"] = json!("1,000");
        bad["certificate_expiry_date"] = json!("2030/01/01");
        bad["certificate_url"] = json!("ftp://x");
        let err = validate(&bad, DELIVERED).unwrap_err();
        assert!(
            err.contains("dbt_amount \"1,000\" is not an amount"),
            "{err}"
        );
        assert!(err.contains("certificate_expiry_date \"2030/01/01\""));
        assert!(err.contains("certificate_url \"ftp://x\" is not an http"));
    }
}
