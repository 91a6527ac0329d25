//! Reading and checking request fields under every spelling the spec uses. Each problem is one
//! sentence naming the field, in the wording of kendra-wire's errors.

use chrono::NaiveDateTime;
use kendra_wire::big_id::DigitId;
use kendra_wire::field_names::{Field, TolerantObject};
use serde_json::Value;

use super::seed_data::{self, Service};

/// Fields the errata name, plus the spelled-out and snake_case forms departments send.
pub mod fields {
    pub use kendra_wire::field_names::known::{
        BSK_API4_DOCUMENT_NO as DOCUMENT_NO, BSK_FROM_DATE as FROM_DATE, BSK_OTP_ID as OTP_ID,
        BSK_SERVICE_CODE as SERVICE_CODE, BSK_TICKET_NO as TICKET_NO, BSK_USER_ID as USER_ID,
    };
    use kendra_wire::field_names::Field;

    pub const NAME: Field = Field::new("name", &["citizenName", "citizen_name"]);
    pub const MOBILE: Field = Field::new("mobile", &["citizenMobile", "citizen_mobile"]);
    pub const EMAIL: Field = Field::new("email", &["citizenEmail", "citizen_email"]);
    pub const GENDER: Field = Field::new("gender", &["citizenGender"]);
    pub const AGE: Field = Field::new("age", &["citizenAge"]);
    pub const APPLICATION_NO: Field =
        Field::new("applicationNo", &["appNo", "application_no", "documentNo"]);
    /// API-5A's `documentNo` (the example there does send `documentNo`).
    pub const OTP_DOCUMENT_NO: Field = Field::new("documentNo", &["applicationNo", "document_no"]);
    pub const USER_TYPED_OTP: Field = Field::new("userTypedOtp", &["otp", "typedOtp"]);
    pub const TO_DATE: Field = Field::new("toDate", &["to_date", "To Date", "To_Date"]);
    /// Section 11.7's table heading, spelled out.
    pub const FROM_DATE_SPELLED: Field = Field::new("From Date", &["From_Date", "from_date"]);
    pub const APP_NO: Field = Field::new("appNo", &["applicationNo", "app_no"]);
    pub const APP_SUB_TIME: Field = Field::new("appSubTime", &["app_sub_time"]);
    pub const DEPT_PAY_REF_NO: Field = Field::new("deptPayRefNo", &["dept_pay_ref_no"]);
    pub const TRANS_NO: Field = Field::new("transNo", &["trans_no", "transactionNo"]);
    pub const BANK_REF_NO: Field = Field::new("bankRefNo", &["bank_ref_no"]);
    pub const PAID_AMT_NAMES: &[&str] = &["paidAmt", "paid_amt", "paidAmount"];
    pub const MESSAGE: Field = Field::new("message", &[]);
    pub const APPLICATION_STATUS: Field = Field::new("applicationStatus", &["application_status"]);
    pub const STATUS_CODE: Field = Field::new("statusCode", &["status_code"]);
    pub const DEPT_CODE: Field = Field::new("deptCode", &["dept_code", "departmentCode"]);
    pub const ACCESS_CODE: Field = Field::new("accessCode", &["access_code"]);
}

/// A request's fields, read tolerantly; `input` names the request in every problem.
pub struct RequestFields<'a> {
    input: &'static str,
    object: TolerantObject<'a>,
}

impl<'a> RequestFields<'a> {
    pub fn new(input: &'static str, payload: &'a Value) -> Result<Self, String> {
        let object = TolerantObject::new(input, payload).map_err(|e| e.to_string())?;
        Ok(Self { input, object })
    }

    pub fn variants(&self) -> &[kendra_wire::field_names::FieldVariant] {
        self.object.variants()
    }

    fn problem(&self, field: Field, problem: impl std::fmt::Display) -> String {
        format!("{}: field \"{}\" {problem}", self.input, field.canonical)
    }

    pub fn raw(&mut self, field: Field) -> Option<&'a Value> {
        self.object.get(field)
    }

    /// Required, non-blank text (numbers are taken as their digits).
    pub fn text(&mut self, field: Field) -> Result<String, String> {
        let text = self.object.require_text(field).map_err(|e| e.to_string())?;
        if text.trim().is_empty() {
            return Err(self.problem(field, "is blank"));
        }
        Ok(text.trim().to_owned())
    }

    /// Optional text: absent or null gives "".
    pub fn optional_text(&mut self, field: Field) -> Result<String, String> {
        if self.object.get(field).is_none() {
            return Ok(String::new());
        }
        Ok(self
            .object
            .require_text(field)
            .map_err(|e| e.to_string())?
            .trim()
            .to_owned())
    }

    /// A digit id (JSON number or digits in a string), every digit kept.
    pub fn digits(&mut self, field: Field) -> Result<String, String> {
        let value = self.object.require(field).map_err(|e| e.to_string())?;
        DigitId::from_json(field.canonical, value)
            .map(|id| id.as_str().to_owned())
            .map_err(|e| match e {
                kendra_wire::Error::InvalidField { problem, .. } => self.problem(field, problem),
                other => other.to_string(),
            })
    }

    /// A 10-digit Indian mobile number (the DEO's userId, a citizen's mobile).
    pub fn mobile(&mut self, field: Field, whose: &str) -> Result<String, String> {
        let digits = self.digits(field)?;
        if digits.len() != 10 || !digits.starts_with(['6', '7', '8', '9']) {
            return Err(self.problem(
                field,
                format!("is {digits}: {whose} must be a 10-digit mobile number starting with 6-9"),
            ));
        }
        Ok(digits)
    }

    /// `YYYYMMDDHHmmSS`, optionally followed by 3 digits of milliseconds (section 15's sample).
    pub fn timestamp(&mut self, field: Field) -> Result<String, String> {
        let digits = self.digits(field)?;
        check_timestamp(&digits).map_err(|p| self.problem(field, p))?;
        Ok(digits)
    }

    /// A service code of section 14.4's departments (`AMD/003` or `AMD003`).
    pub fn service(&mut self, field: Field) -> Result<Service, String> {
        let code = self.text(field)?;
        seed_data::find_service(&code).ok_or_else(|| {
            self.problem(
                field,
                format!("is {code:?}, which is not a registered service: codes are a section 14.4 department code and a 3-digit sequence, e.g. AMD/003 (GET /_sandbox/info lists them)"),
            )
        })
    }

    /// A whole number given as a JSON number or digits in a string.
    pub fn small_number(&mut self, field: Field) -> Result<u64, String> {
        let value = self.object.require(field).map_err(|e| e.to_string())?;
        match value {
            Value::Number(n) if n.is_u64() => n
                .as_u64()
                .ok_or_else(|| self.problem(field, "is not a whole number")),
            Value::String(s)
                if !s.trim().is_empty() && s.trim().bytes().all(|b| b.is_ascii_digit()) =>
            {
                s.trim()
                    .parse()
                    .map_err(|_| self.problem(field, "is too large"))
            }
            other => Err(self.problem(field, format!("is {other}, not a whole number"))),
        }
    }

    pub fn date(&mut self, field: Field) -> Result<chrono::NaiveDate, String> {
        let text = self.text(field)?;
        chrono::NaiveDate::parse_from_str(&text, "%Y-%m-%d")
            .map_err(|_| self.problem(field, format!("is {text:?}, not a date YYYY-MM-DD")))
    }

    pub fn has(&mut self, field: Field) -> bool {
        self.object.get(field).is_some()
    }
}

pub fn check_timestamp(digits: &str) -> Result<(), String> {
    if digits.len() != 14 && digits.len() != 17 {
        return Err(format!(
            "is {digits} ({} digits): expected a timestamp YYYYMMDDHHmmSS (14 digits, or 17 with milliseconds)",
            digits.len()
        ));
    }
    NaiveDateTime::parse_from_str(&digits[..14], "%Y%m%d%H%M%S")
        .map(|_| ())
        .map_err(|_| format!("is {digits}, which is not a real date and time YYYYMMDDHHmmSS"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ids_and_timestamps() {
        let v = json!({"userid": 9054233544u64, "tokenNo": "20221202153322882", "bad": 20221302153322u64, "ServiceCode": "amd003"});
        let mut f = RequestFields::new("API-3 request", &v).unwrap();
        assert_eq!(
            f.mobile(fields::USER_ID, "the DEO's userId").unwrap(),
            "9054233544"
        );
        assert_eq!(f.timestamp(fields::TICKET_NO).unwrap(), "20221202153322882");
        assert_eq!(f.service(fields::SERVICE_CODE).unwrap().code, "AMD/003");
        let bad = f
            .timestamp(kendra_wire::field_names::Field::new("bad", &[]))
            .unwrap_err();
        assert!(bad.contains("not a real date"), "{bad}");
        assert_eq!(f.variants().len(), 3);
        let missing = f.text(fields::APPLICATION_NO).unwrap_err();
        assert_eq!(
            missing,
            "API-3 request is missing the field \"applicationNo\""
        );
    }
}
