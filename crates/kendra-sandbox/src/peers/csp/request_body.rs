//! Reading CSP requests: the bearer header, JSON bodies and their fields (any documented spelling,
//! case-insensitively, through kendra-wire's field-name tolerance), and `authenticate`'s form.

use std::collections::BTreeMap;

use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use kendra_wire::field_names::{Field, TolerantObject};
use serde_json::Value;

use super::error_answer::{CspError, CspResult};

/// Field spellings: the guide's name first, then the variants its tables and examples use.
pub mod fields {
    use kendra_wire::field_names::Field;
    pub const USER_ID: Field = Field::new("user_id", &["userId", "userid"]);
    pub const USER_NAME: Field = Field::new("user_name", &["userName", "username"]);
    pub const USER_PASSWORD: Field = Field::new("user_password", &["userPassword", "password"]);
    pub const EMAIL: Field = Field::new("email", &["user_email", "userEmail"]);
    pub const PROFILE_ID: Field = Field::new("profile_id", &["profileId"]);
    pub const STATUS: Field = Field::new("status", &[]);
    pub const OLD_PASSWORD: Field = Field::new("old_password", &["oldPassword"]);
    pub const NEW_PASSWORD: Field = Field::new("new_password", &["newPassword"]);
    pub const OTP: Field = Field::new("otp", &[]);
    pub const CERTIFICATES: Field = Field::new("certificates", &[]);
    pub const CERT_ALIAS: Field = Field::new("cert_alias", &["certAlias"]);
    pub const SAM_USER_ID: Field = Field::new("sam_user_id", &["samUserId"]);
    pub const AUTH_PASS: Field = Field::new("auth_pass", &["authPass"]);
    pub const CERTIFICATE: Field = Field::new("certificate", &[]);
    pub const CERTIFICATE_CHAIN: Field = Field::new("certificate_chain", &["certificateChain"]);
    pub const CERT_PASSWORD: Field = Field::new("cert_password", &["certPassword"]);
    pub const REQUEST_DESCRIPTION: Field =
        Field::new("request_description", &["requestDescription"]);
    pub const DOCS_TO_SIGN_INFO: Field = Field::new("docs_to_sign_info", &["docsToSignInfo"]);
    pub const DOC_ALIAS: Field = Field::new("doc_alias", &["docAlias"]);
    pub const HASH_ALGO: Field = Field::new("hash_algo", &["hashAlgo"]);
    pub const HASH_TO_SIGN: Field = Field::new("hash_to_sign_base64", &["hashToSignBase64"]);
    /// The table says `requestId`, the example `request_id`.
    pub const REQUEST_ID: Field = Field::new("request_id", &["requestId"]);
}

/// `Ok(response)` or the refusal, as an answer.
pub fn respond(result: CspResult) -> Response {
    result.unwrap_or_else(IntoResponse::into_response)
}

/// The token from `Authorization: Bearer …`.
pub fn bearer_token(headers: &HeaderMap) -> CspResult<String> {
    let value = headers.get(header::AUTHORIZATION).ok_or_else(|| {
        CspError::unauthorized(
            60045,
            "the Authorization header is missing: send \"Authorization: Bearer <access_token from /adss/service/csp/authenticate>\"",
        )
    })?;
    let value = value.to_str().map_err(|_| {
        CspError::unauthorized(60045, "the Authorization header is not readable text")
    })?;
    let (scheme, token) = value.trim().split_once(' ').unwrap_or((value.trim(), ""));
    let token = token.trim();
    if !scheme.eq_ignore_ascii_case("bearer") || token.is_empty() {
        return Err(CspError::unauthorized(
            60045,
            "the Authorization header must be \"Bearer <access_token>\"",
        ));
    }
    Ok(token.to_owned())
}

fn content_type(headers: &HeaderMap) -> String {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .unwrap_or_default()
}

/// A JSON object body (`Content-Type: application/json`, charset optional).
pub fn json_object(headers: &HeaderMap, body: &[u8], what: &str) -> CspResult<Value> {
    let kind = content_type(headers);
    if kind != "application/json" {
        return Err(CspError::malformed(format!(
            "{what} must be sent as Content-Type: application/json; charset=utf-8 (got {})",
            if kind.is_empty() {
                "no Content-Type".to_owned()
            } else {
                kind
            }
        )));
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(CspError::malformed(format!("{what} has an empty body")));
    }
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| CspError::malformed(format!("{what} is not valid JSON: {e}")))?;
    if !value.is_object() {
        return Err(CspError::malformed(format!("{what} must be a JSON object")));
    }
    Ok(value)
}

/// Fields of one JSON object.
pub struct Fields<'a> {
    what: String,
    object: TolerantObject<'a>,
}

impl<'a> Fields<'a> {
    pub fn new(what: &str, value: &'a Value) -> CspResult<Self> {
        let object = TolerantObject::new("the request", value)
            .map_err(|_| CspError::malformed(format!("{what} must be a JSON object")))?;
        Ok(Self {
            what: what.to_owned(),
            object,
        })
    }

    /// A text field, trimmed; `None` when absent, null or blank.
    pub fn text(&mut self, field: Field) -> CspResult<Option<String>> {
        match self.object.get(field) {
            None => Ok(None),
            Some(Value::String(s)) => {
                let s = s.trim();
                Ok((!s.is_empty()).then(|| s.to_owned()))
            }
            Some(Value::Number(n)) => Ok(Some(n.to_string())),
            Some(Value::Bool(b)) => Ok(Some(b.to_string())),
            Some(_) => Err(CspError::malformed(format!(
                "{}: field \"{}\" must be text",
                self.what, field.canonical
            ))),
        }
    }

    /// A text field the guide marks mandatory; missing answers 400 with `code`.
    pub fn required(&mut self, field: Field, code: u32) -> CspResult<String> {
        self.text(field)?.ok_or_else(|| {
            CspError::bad_request(
                code,
                format!(
                    "{}: field \"{}\" is missing or empty",
                    self.what, field.canonical
                ),
            )
        })
    }

    /// A password: kept exactly as sent (spaces count).
    pub fn password(&mut self, field: Field, code: u32) -> CspResult<String> {
        match self.object.get(field) {
            Some(Value::String(s)) if !s.is_empty() => Ok(s.clone()),
            Some(Value::String(_)) | None => Err(CspError::bad_request(
                code,
                format!(
                    "{}: field \"{}\" is missing or empty",
                    self.what, field.canonical
                ),
            )),
            Some(_) => Err(CspError::malformed(format!(
                "{}: field \"{}\" must be text",
                self.what, field.canonical
            ))),
        }
    }

    pub fn raw(&mut self, field: Field) -> Option<&'a Value> {
        self.object.get(field)
    }
}

/// `authenticate`'s and `tokens`' `application/x-www-form-urlencoded` body; a repeated parameter
/// is refused (60043 names that case).
pub fn form(headers: &HeaderMap, body: &[u8], what: &str) -> CspResult<BTreeMap<String, String>> {
    let kind = content_type(headers);
    if kind != "application/x-www-form-urlencoded" {
        return Err(CspError::malformed(format!(
            "{what} must be sent as Content-Type: application/x-www-form-urlencoded (got {})",
            if kind.is_empty() {
                "no Content-Type".to_owned()
            } else {
                kind
            }
        )));
    }
    let mut fields = BTreeMap::new();
    for (name, value) in form_urlencoded::parse(body) {
        let name = name.trim().to_owned();
        if fields.insert(name.clone(), value.into_owned()).is_some() {
            return Err(CspError::malformed(format!(
                "{what}: parameter \"{name}\" is given more than once"
            )));
        }
    }
    Ok(fields)
}

/// A form parameter, trimmed; `None` when absent or blank.
pub fn form_value<'m>(form: &'m BTreeMap<String, String>, name: &str) -> Option<&'m str> {
    form.get(name).map(|v| v.trim()).filter(|v| !v.is_empty())
}
