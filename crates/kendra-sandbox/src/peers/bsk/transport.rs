//! Both BSK transports on every endpoint, told apart by content type: v4 JSON
//! `{"passcode", "token"}` (HS256 JWT) and v5 form `agId=BSK&encData=…` (AES-256-CBC).
//!
//! Answers: a success goes back in the request's transport (v4 plain JSON as the spec's
//! examples; v5 `{"encData": …}`, because the v5 flow encrypts everything between the servers).
//! Every refusal is plain JSON `{…, "statusCode": 400, "message": …}` so a client that cannot
//! decrypt still learns why: HTTP 400 when the envelope itself is wrong (not a BSK message, bad
//! passcode or token, undecryptable), HTTP 200 for a refusal of the content.

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use kendra_wire::big_id::{DigitId, IdStyle};
use kendra_wire::bsk::{bsk_cipher, BskTransport, V4Jwt, V5Form};
use kendra_wire::field_names::FieldVariant;
use kendra_wire::jwt_hs256::Hs256Secret;
use serde_json::Value;

use super::seed_data::{AES_IV, AES_KEY, JWT_SECRET, PASSCODE};
use crate::stats::Outcome;

/// Header naming the field spellings the caller used that differ from the documented ones.
pub const VARIANTS_HEADER: &str = "x-sandbox-field-variants";

/// A request whose envelope was opened.
pub struct Opened {
    pub transport: BskTransport,
    pub payload: Value,
    /// The payload's JSON text as sent, for values that must not pass through a float.
    pub raw_json: String,
}

/// A JSON object written field by field in the spec's order, with exact number text.
#[derive(Debug, Default, Clone)]
pub struct JsonFields(Vec<(&'static str, String)>);

impl JsonFields {
    pub fn new() -> Self {
        Self::default()
    }

    /// A digit id as a JSON number, every digit kept (falls back to text if it is not digits).
    pub fn id(self, name: &'static str, digits: &str) -> Self {
        let value = DigitId::parse(name, digits)
            .map(|id| id.to_json(IdStyle::Number))
            .unwrap_or_else(|_| Value::String(digits.to_owned()));
        self.raw(name, value.to_string())
    }

    pub fn text(self, name: &'static str, text: &str) -> Self {
        self.raw(name, Value::String(text.to_owned()).to_string())
    }

    pub fn int(self, name: &'static str, n: i64) -> Self {
        self.raw(name, n.to_string())
    }

    /// `json` must already be valid JSON (a number such as `200.00`, an array, …).
    pub fn raw(mut self, name: &'static str, json: String) -> Self {
        self.0.push((name, json));
        self
    }

    pub fn render(&self) -> String {
        let fields: Vec<String> = self
            .0
            .iter()
            .map(|(name, json)| format!("{}:{json}", Value::String((*name).to_owned())))
            .collect();
        format!("{{{}}}", fields.join(","))
    }
}

/// `[a,b,…]` from rendered JSON values.
pub fn json_array(items: &[String]) -> String {
    format!("[{}]", items.join(","))
}

fn v4() -> Result<V4Jwt, kendra_wire::Error> {
    Ok(V4Jwt::new(
        PASSCODE,
        Hs256Secret::new("bsk.jwt_secret", JWT_SECRET.as_bytes())?,
    ))
}

fn v5() -> Result<V5Form, kendra_wire::Error> {
    Ok(V5Form::new(bsk_cipher(
        "bsk.key",
        AES_KEY.as_bytes(),
        "bsk.iv",
        AES_IV.as_bytes(),
    )?))
}

/// Which transport the request uses: by content type, else by the body's first character.
fn detect(headers: &HeaderMap, body: &[u8]) -> Result<BskTransport, String> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        });
    match content_type.as_deref() {
        Some("application/json") => Ok(BskTransport::V4Jwt),
        Some("application/x-www-form-urlencoded") => Ok(BskTransport::V5Form),
        Some(other) if !other.is_empty() => Err(format!(
            "content type {other:?} is not a BSK transport: send application/json {{\"passcode\", \"token\"}} (v4) or application/x-www-form-urlencoded agId=BSK&encData=… (v5)"
        )),
        _ => match body.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'{') => Ok(BskTransport::V4Jwt),
            Some(_) => Ok(BskTransport::V5Form),
            None => Err("the request body is empty: send application/json {\"passcode\", \"token\"} (v4) or application/x-www-form-urlencoded agId=BSK&encData=… (v5)".to_owned()),
        },
    }
}

/// Opens the envelope; on failure, the HTTP 400 refusal to send back.
pub fn open(headers: &HeaderMap, body: &[u8], api: &str) -> Result<Opened, Box<Response>> {
    let envelope_refusal = |problem: String| {
        Box::new(refuse(
            StatusCode::BAD_REQUEST,
            JsonFields::new(),
            &format!("{api}: {problem}"),
        ))
    };
    let transport = detect(headers, body).map_err(envelope_refusal)?;
    let internal = |e: kendra_wire::Error| envelope_refusal(format!("sandbox key setup: {e}"));
    match transport {
        BskTransport::V4Jwt => {
            let claims = v4()
                .map_err(internal)?
                .open(body)
                .map_err(|e| envelope_refusal(format!("v4 (passcode + JWT): {e}")))?;
            // The claims already went through serde's f64 for decimals; keep the signed text too.
            let raw_json =
                jwt_payload_text(body).unwrap_or_else(|| Value::Object(claims.clone()).to_string());
            Ok(Opened {
                transport,
                payload: Value::Object(claims),
                raw_json,
            })
        }
        BskTransport::V5Form => {
            let text = v5()
                .map_err(internal)?
                .open(body)
                .map_err(|e| envelope_refusal(format!("v5 (agId + encData form): {e}")))?;
            let payload = serde_json::from_str::<Value>(&text).map_err(|e| {
                envelope_refusal(format!("encData decrypted, but it is not JSON ({e})"))
            })?;
            Ok(Opened {
                transport,
                payload,
                raw_json: text,
            })
        }
    }
}

/// The JWT's claims segment as text (called after the token was verified).
fn jwt_payload_text(body: &[u8]) -> Option<String> {
    let value: Value = serde_json::from_slice(body).ok()?;
    let token = value.as_object()?.iter().find_map(|(k, v)| {
        (k.eq_ignore_ascii_case("token") || k.eq_ignore_ascii_case("jwt"))
            .then(|| v.as_str())
            .flatten()
    })?;
    let claims = token.trim().split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(claims.trim_end_matches('='))
        .ok()?;
    String::from_utf8(bytes).ok()
}

/// A success answer in the request's transport.
pub fn answer(transport: BskTransport, json: String, variants: &[FieldVariant]) -> Response {
    let body = match transport {
        BskTransport::V4Jwt => json,
        BskTransport::V5Form => match v5() {
            Ok(form) => {
                let sealed = form.seal(&json);
                // `seal` gives the form; the answer carries the same encData as JSON.
                let enc = form_urlencoded::parse(sealed.body.as_bytes())
                    .find(|(k, _)| k == "encData")
                    .map(|(_, v)| v.into_owned())
                    .unwrap_or_default();
                JsonFields::new().text("encData", &enc).render()
            }
            Err(e) => {
                return refuse(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    JsonFields::new(),
                    &format!("the sandbox could not encrypt its answer: {e}"),
                )
            }
        },
    };
    let mut response = (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response();
    if let Some(value) = variants_header(variants) {
        response.headers_mut().insert(VARIANTS_HEADER, value);
    }
    response
}

/// BSK's failure shape: `context` fields, then `"statusCode": 400` and `"message"`. Plain JSON.
pub fn refuse(http: StatusCode, context: JsonFields, message: &str) -> Response {
    let body = context
        .int("statusCode", 400)
        .text("message", message)
        .render();
    let mut response = (http, [(header::CONTENT_TYPE, "application/json")], body).into_response();
    if http == StatusCode::OK {
        response.extensions_mut().insert(Outcome("failed"));
    }
    response
}

fn variants_header(variants: &[FieldVariant]) -> Option<HeaderValue> {
    if variants.is_empty() {
        return None;
    }
    let text: Vec<String> = variants
        .iter()
        .map(|v| format!("{} as {}", v.received, v.canonical))
        .collect();
    HeaderValue::from_str(&text.join("; ")).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_keep_order_and_digits() {
        let json = JsonFields::new()
            .id("userid", "9054233544")
            .id("ticketNo", "20221202153322882")
            .raw("paidAmt", "200.00".into())
            .text("message", "Draft \"Submitted\"")
            .render();
        assert_eq!(
            json,
            r#"{"userid":9054233544,"ticketNo":20221202153322882,"paidAmt":200.00,"message":"Draft \"Submitted\""}"#
        );
    }

    #[test]
    fn transport_by_content_type_or_body() {
        let mut h = HeaderMap::new();
        assert_eq!(
            detect(&h, b" {\"passcode\":1}").unwrap(),
            BskTransport::V4Jwt
        );
        assert_eq!(detect(&h, b"agId=BSK").unwrap(), BskTransport::V5Form);
        assert!(detect(&h, b"").is_err());
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=utf-8"),
        );
        assert_eq!(detect(&h, b"agId=BSK").unwrap(), BskTransport::V4Jwt);
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain"));
        assert!(detect(&h, b"{}").unwrap_err().contains("\"text/plain\""));
    }
}
