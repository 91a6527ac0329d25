//! Field-name tolerance: the peers' documents spell the same field several ways (`userid` /
//! `userId`, `ticketNo` / `tokenNo`, OCR's `otpld` for `otpId`, …). Kendra sends the documented
//! name and accepts every variant on input, case-insensitively, remembering which one the peer used
//! so the exchange log can show it.

use serde_json::{Map, Value};

use crate::{Error, Result};

/// One field: the name we send, and the other spellings we accept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    pub canonical: &'static str,
    pub aliases: &'static [&'static str],
}

impl Field {
    pub const fn new(canonical: &'static str, aliases: &'static [&'static str]) -> Self {
        Self { canonical, aliases }
    }
}

/// The known variants, from specs/README.md's errata.
pub mod known {
    use super::Field;
    pub const BSK_USER_ID: Field = Field::new("userId", &["user_id"]);
    pub const BSK_TICKET_NO: Field = Field::new("ticketNo", &["tokenNo", "ticket_no"]);
    pub const BSK_SERVICE_CODE: Field = Field::new("serviceCode", &["service_code"]);
    /// API-4's table says `documentNo`, its example sends `applicationNo`.
    pub const BSK_API4_DOCUMENT_NO: Field = Field::new("documentNo", &["applicationNo"]);
    /// API-5's `otpld` is an OCR misreading of `otpId`.
    pub const BSK_OTP_ID: Field = Field::new("otpId", &["otpld"]);
    /// API-7's example says `formDate`.
    pub const BSK_FROM_DATE: Field = Field::new("fromDate", &["formDate"]);
    pub const BSK_PASSCODE: Field = Field::new("passcode", &["passCode", "pass_code"]);
    pub const ISP_PERMANENT_RAJASVAGRAM: Field =
        Field::new("permanent_rajasvagram", &["permanent_rajasthagran"]);
    pub const ISP_STATUS_MESSAGE: Field = Field::new("statusMessage", &["status_message"]);
    pub const HS_CLIENT_ID: Field = Field::new("client_id", &["clientId"]);
    pub const HS_CLIENT_SECRET: Field = Field::new("client_secret", &["clientSecret"]);
}

/// A spelling the peer used that differs from the documented one.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FieldVariant {
    pub canonical: &'static str,
    pub received: String,
}

/// Reads fields from a JSON object, tolerating variants and recording them.
#[derive(Debug)]
pub struct TolerantObject<'a> {
    input: &'a str,
    object: &'a Map<String, Value>,
    variants: Vec<FieldVariant>,
}

impl<'a> TolerantObject<'a> {
    /// `input` names the object in errors ("API-3 response").
    pub fn new(input: &'a str, value: &'a Value) -> Result<Self> {
        match value {
            Value::Object(object) => Ok(Self {
                input,
                object,
                variants: Vec::new(),
            }),
            other => Err(Error::InvalidField {
                input: input.to_owned(),
                field: "(whole body)".into(),
                problem: format!(
                    "must be a JSON object, not {}",
                    crate::big_id::json_kind(other)
                ),
            }),
        }
    }

    /// The value of `field` under any accepted spelling; `None` when absent (or null).
    pub fn get(&mut self, field: Field) -> Option<&'a Value> {
        if let Some(v) = self.object.get(field.canonical).filter(|v| !v.is_null()) {
            return Some(v);
        }
        let wanted = std::iter::once(field.canonical).chain(field.aliases.iter().copied());
        for name in wanted {
            let found = self
                .object
                .iter()
                .find(|(k, v)| k.eq_ignore_ascii_case(name) && !v.is_null());
            if let Some((key, value)) = found {
                self.variants.push(FieldVariant {
                    canonical: field.canonical,
                    received: key.clone(),
                });
                return Some(value);
            }
        }
        None
    }

    pub fn require(&mut self, field: Field) -> Result<&'a Value> {
        let input = self.input;
        self.get(field).ok_or_else(|| Error::MissingField {
            input: input.to_owned(),
            field: field.canonical.to_owned(),
        })
    }

    /// A required text field (numbers are accepted and written out as their digits).
    pub fn require_text(&mut self, field: Field) -> Result<String> {
        let input = self.input;
        match self.require(field)? {
            Value::String(s) => Ok(s.clone()),
            Value::Number(n) => Ok(n.to_string()),
            other => Err(Error::InvalidField {
                input: input.to_owned(),
                field: field.canonical.to_owned(),
                problem: format!("must be text, not {}", crate::big_id::json_kind(other)),
            }),
        }
    }

    /// The spellings the peer used that differ from the documented ones.
    pub fn variants(&self) -> &[FieldVariant] {
        &self.variants
    }
}

#[cfg(test)]
mod tests {
    use super::known::*;
    use super::*;
    use serde_json::json;

    #[test]
    fn documented_name_needs_no_variant() {
        let v = json!({"userId": 9054233544u64});
        let mut o = TolerantObject::new("API-1 request", &v).unwrap();
        assert_eq!(o.require(BSK_USER_ID).unwrap(), &json!(9054233544u64));
        assert!(o.variants().is_empty());
    }

    #[test]
    fn variants_are_accepted_and_recorded() {
        let v = json!({"userid": 1, "tokenNo": 20220811050723u64, "ServiceCode": "AMD/003", "otpld": "x", "formDate": "2022-01-01", "permanent_rajasthagran": "Lucknow"});
        let mut o = TolerantObject::new("body", &v).unwrap();
        assert_eq!(o.require_text(BSK_USER_ID).unwrap(), "1");
        assert_eq!(o.require_text(BSK_TICKET_NO).unwrap(), "20220811050723");
        assert_eq!(o.require_text(BSK_SERVICE_CODE).unwrap(), "AMD/003");
        assert_eq!(o.require_text(BSK_OTP_ID).unwrap(), "x");
        assert_eq!(o.require_text(BSK_FROM_DATE).unwrap(), "2022-01-01");
        assert_eq!(
            o.require_text(ISP_PERMANENT_RAJASVAGRAM).unwrap(),
            "Lucknow"
        );
        let received: Vec<&str> = o.variants().iter().map(|v| v.received.as_str()).collect();
        assert_eq!(
            received,
            [
                "userid",
                "tokenNo",
                "ServiceCode",
                "otpld",
                "formDate",
                "permanent_rajasthagran"
            ]
        );
    }

    #[test]
    fn missing_and_wrong_type_are_named() {
        let v = json!({"ticketNo": [1]});
        let mut o = TolerantObject::new("API-3 request", &v).unwrap();
        assert_eq!(
            o.require(BSK_USER_ID).unwrap_err().to_string(),
            "API-3 request is missing the field \"userId\""
        );
        assert!(o
            .require_text(BSK_TICKET_NO)
            .unwrap_err()
            .to_string()
            .contains("must be text"));
        assert!(TolerantObject::new("body", &json!([1])).is_err());
    }
}
