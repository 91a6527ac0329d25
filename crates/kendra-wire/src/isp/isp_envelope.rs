//! ISP envelopes. Requests: `{"dept_id": "...", "e_data": "<base64 AES of the JSON payload>"}`.
//! Answers: `{"error", "statusMessage": "SUCCESSFUL"|"FAILED", "data": "<base64>"|null,
//! "timestamp"}`; `/authenticate` answers `token` in place of `data`.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::aes_cbc::AesCbcKey;
use crate::field_names::{known, Field, TolerantObject};
use crate::{Error, Result};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IspRequest {
    pub dept_id: String,
    pub e_data: String,
}

impl IspRequest {
    pub fn seal(dept_id: &str, payload_json: &str, key: &AesCbcKey) -> Self {
        Self {
            dept_id: dept_id.to_owned(),
            e_data: key.encrypt_text(payload_json),
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::json!({ "dept_id": self.dept_id, "e_data": self.e_data }).to_string()
    }

    /// Receiving side (the sandbox portal): parse the body, leaving decryption to [`Self::open`].
    pub fn parse(body: &[u8]) -> Result<Self> {
        let value: Value =
            serde_json::from_slice(body).map_err(|e| Error::json("the ISP request body", &e))?;
        let mut object = TolerantObject::new("the ISP request body", &value)?;
        Ok(Self {
            dept_id: object.require_text(Field::new("dept_id", &["deptId"]))?,
            e_data: object.require_text(Field::new("e_data", &["eData"]))?,
        })
    }

    pub fn open(&self, key: &AesCbcKey) -> Result<String> {
        key.decrypt_text("e_data", &self.e_data)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IspOutcome {
    Successful,
    Failed,
}

/// An ISP answer with `data` decrypted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IspAnswer {
    pub outcome: IspOutcome,
    /// The peer's `error` text, verbatim ("" on success).
    pub error: String,
    pub timestamp: Option<String>,
    /// `data` decrypted, when the answer carried any.
    pub data: Option<String>,
    /// `/authenticate`'s JWT, when present.
    pub token: Option<String>,
    /// Field spellings that differed from the manual's.
    pub variants: Vec<crate::field_names::FieldVariant>,
}

impl IspAnswer {
    /// Reads an answer body; decrypts `data` with `key` when present.
    pub fn open(body: &[u8], key: Option<&AesCbcKey>) -> Result<Self> {
        let value: Value =
            serde_json::from_slice(body).map_err(|e| Error::json("the ISP answer", &e))?;
        let mut object = TolerantObject::new("the ISP answer", &value)?;
        let status = object.require_text(known::ISP_STATUS_MESSAGE)?;
        let outcome = match status.trim().to_ascii_uppercase().as_str() {
            "SUCCESSFUL" | "SUCCESS" => IspOutcome::Successful,
            "FAILED" | "FAILURE" => IspOutcome::Failed,
            _ => {
                return Err(Error::InvalidField {
                    input: "the ISP answer".into(),
                    field: "statusMessage".into(),
                    problem: format!("is {status:?}, expected SUCCESSFUL or FAILED"),
                })
            }
        };
        let error = match object.get(Field::new("error", &[])) {
            Some(Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
            None => String::new(),
        };
        let timestamp = object.get(Field::new("timestamp", &[])).map(text_of);
        let token = object.get(Field::new("token", &[])).map(text_of);
        let data = match object.get(Field::new("data", &[])) {
            Some(Value::String(s)) if !s.trim().is_empty() => match key {
                Some(key) => Some(key.decrypt_text("data", s)?),
                None => None,
            },
            // Some deployments send `data` already as JSON; keep it rather than fail.
            Some(v @ (Value::Object(_) | Value::Array(_))) => Some(v.to_string()),
            _ => None,
        };
        Ok(Self {
            outcome,
            error,
            timestamp,
            data,
            token,
            variants: object.variants().to_vec(),
        })
    }

    /// Builds an answer body (the sandbox portal's side).
    pub fn seal(
        outcome: IspOutcome,
        error: &str,
        data: Option<&str>,
        timestamp: &str,
        key: &AesCbcKey,
    ) -> String {
        serde_json::json!({
            "error": error,
            "statusMessage": match outcome { IspOutcome::Successful => "SUCCESSFUL", IspOutcome::Failed => "FAILED" },
            "data": data.map(|d| key.encrypt_text(d)),
            "timestamp": timestamp,
        })
        .to_string()
    }
}

fn text_of(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::isp::{IspKeyCache, IspVariant};

    fn key() -> std::sync::Arc<AesCbcKey> {
        IspKeyCache::global()
            .get(b"isp-secret", IspVariant::Canonical)
            .unwrap()
    }

    #[test]
    fn request_round_trip() {
        let payload = r#"{"sessionkey":"AbC123xyz"}"#;
        let req = IspRequest::seal("D101", payload, &key());
        let parsed = IspRequest::parse(req.to_json().as_bytes()).unwrap();
        assert_eq!(parsed.dept_id, "D101");
        assert_eq!(parsed.open(&key()).unwrap(), payload);
    }

    #[test]
    fn successful_answer_with_data_is_decrypted() {
        let body = IspAnswer::seal(
            IspOutcome::Successful,
            "",
            Some(r#"{"request_id":"REQ1"}"#),
            "09-10-2022 12:36:02",
            &key(),
        );
        let a = IspAnswer::open(body.as_bytes(), Some(&key())).unwrap();
        assert_eq!(a.outcome, IspOutcome::Successful);
        assert_eq!(a.data.as_deref(), Some(r#"{"request_id":"REQ1"}"#));
        assert_eq!(a.timestamp.as_deref(), Some("09-10-2022 12:36:02"));
    }

    #[test]
    fn spec_failure_and_token_answers() {
        let failed = br#"{"error":"To generate token valid user Name and password is required","statusMessage":"FAILED","timestamp":"09-10-2022 12:36:02","data":null}"#;
        let a = IspAnswer::open(failed, Some(&key())).unwrap();
        assert_eq!(a.outcome, IspOutcome::Failed);
        assert!(a.error.starts_with("To generate token"));
        assert_eq!(a.data, None);
        let ok = br#"{"error":"","statusMessage":"SUCCESSFUL","timestamp":"09-10-2022 12:36:02","token":"eyJ.x.y"}"#;
        assert_eq!(
            IspAnswer::open(ok, None).unwrap().token.as_deref(),
            Some("eyJ.x.y")
        );
    }

    #[test]
    fn bad_answers_are_explained() {
        assert!(IspAnswer::open(b"<html>502</html>", None)
            .unwrap_err()
            .to_string()
            .starts_with("the ISP answer is not valid JSON"));
        assert!(IspAnswer::open(br#"{"statusMessage":"MAYBE"}"#, None)
            .unwrap_err()
            .to_string()
            .contains("expected SUCCESSFUL or FAILED"));
        assert!(matches!(
            IspAnswer::open(br#"{"error":""}"#, None),
            Err(Error::MissingField { .. })
        ));
        let wrong = IspAnswer::seal(IspOutcome::Successful, "", Some("{}"), "t", &key());
        let other = IspKeyCache::global()
            .get(b"other-secret", IspVariant::Canonical)
            .unwrap();
        assert!(IspAnswer::open(wrong.as_bytes(), Some(&other)).is_err());
    }
}
