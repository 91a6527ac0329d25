//! The CSP's error answer `{ "error": "60001", "error_description": "…" }` and its conversion into
//! [`Error::PeerRefused`] for the UI.
//!
//! Tolerated: `error` as a string or a number, the guide's typo `error__escription` (status
//! service), a missing description. Bodies that are empty, not JSON or not an error object still
//! become a clear refusal built from the HTTP status.

use serde_json::{Map, Value};

use super::error_codes;
use crate::{Error, Result};

/// How the UI and logs name this peer.
pub const PEER: &str = "ADSS CSP";

/// Description keys in preference order: the guide's name, then its typo.
const DESCRIPTION_KEYS: [&str; 2] = ["error_description", "error__escription"];

/// Longest body excerpt kept in `detail` (HTML error pages can be huge).
const EXCERPT_CHARS: usize = 500;

/// A parsed CSP error answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CspErrorBody {
    /// The code as text ("60001"), whether the peer sent a string or a number.
    pub code: String,
    /// The peer's description, verbatim.
    pub description: Option<String>,
    /// Which key the description came under (`error_description` or the typo), for the log.
    pub description_key: Option<&'static str>,
}

impl CspErrorBody {
    /// Reads an error object; `None` when `object` has no usable `error` member.
    pub fn from_object(object: &Map<String, Value>) -> Option<Self> {
        let code = match object.get("error")? {
            Value::String(text) if !text.trim().is_empty() => text.trim().to_owned(),
            Value::Number(number) => number.to_string(),
            _ => return None,
        };
        let (description_key, description) = DESCRIPTION_KEYS
            .iter()
            .find_map(|key| match object.get(*key) {
                Some(Value::String(text)) => Some((*key, text.clone())),
                Some(Value::Null) | None => None,
                Some(other) => Some((*key, other.to_string())),
            })
            .unzip();
        Some(Self {
            code,
            description,
            description_key,
        })
    }

    /// The officer-facing sentence for this code.
    pub fn plain_message(&self) -> String {
        error_codes::plain_message(&self.code)
    }

    /// The guide's row for this code, if it is in the table.
    pub fn guide_entry(&self) -> Option<&'static error_codes::CspErrorCode> {
        error_codes::lookup(&self.code)
    }
}

/// Parses an error body strictly: empty, non-JSON, non-object and code-less bodies are errors
/// naming what is wrong.
pub fn parse_error_body(body: &[u8]) -> Result<CspErrorBody> {
    const INPUT: &str = "the signing service's error answer";
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::EmptyInput {
            input: INPUT.to_owned(),
        });
    }
    let value: Value = serde_json::from_slice(body).map_err(|err| Error::json(INPUT, &err))?;
    let Value::Object(object) = value else {
        return Err(Error::InvalidField {
            input: INPUT.to_owned(),
            field: "(whole body)".to_owned(),
            problem: "is not a JSON object".to_owned(),
        });
    };
    CspErrorBody::from_object(&object).ok_or_else(|| match object.get("error") {
        None | Some(Value::Null) => Error::MissingField {
            input: INPUT.to_owned(),
            field: "error".to_owned(),
        },
        Some(_) => Error::InvalidField {
            input: INPUT.to_owned(),
            field: "error".to_owned(),
            problem: "is neither an error code text nor a number".to_owned(),
        },
    })
}

/// Turns a failed HTTP exchange (any status, any body) into [`Error::PeerRefused`]. Never panics;
/// `detail` holds the HTTP status, the code, the guide's text and the peer's description verbatim.
pub fn refusal_from_http(status: u16, body: &[u8]) -> Error {
    let status_text = match reason_phrase(status) {
        Some(reason) => format!("HTTP {status} {reason}"),
        None => format!("HTTP {status}"),
    };
    match parse_error_body(body) {
        Ok(parsed) => refusal(&status_text, &parsed),
        Err(problem) => {
            let what = match &problem {
                Error::EmptyInput { .. } => "the body is empty".to_owned(),
                Error::InvalidJson { detail, .. } => {
                    format!("the body is not JSON ({detail}): {}", excerpt(body))
                }
                _ => format!("the body is not a CSP error object: {}", excerpt(body)),
            };
            Error::PeerRefused {
                peer: PEER,
                message: status_message(status),
                detail: format!("{status_text}; {what}"),
            }
        }
    }
}

/// The refusal for an error object found in an answer (also used when a 200 carries `error`).
pub(crate) fn refusal(status_text: &str, parsed: &CspErrorBody) -> Error {
    let mut detail = format!("{status_text}; error {}", parsed.code);
    if let Some(row) = parsed.guide_entry() {
        detail.push_str(&format!("; guide: \"{}\"", row.guide_text));
    }
    match (&parsed.description_key, &parsed.description) {
        (Some(key), Some(text)) => detail.push_str(&format!("; {key}: {text}")),
        _ => detail.push_str("; no error_description"),
    }
    Error::PeerRefused {
        peer: PEER,
        message: parsed.plain_message(),
        detail,
    }
}

/// What to tell the officer when the answer carries no CSP code.
fn status_message(status: u16) -> String {
    let advice = match status {
        400 => "it could not understand Kendra's request. Try again; if it repeats, report it to Kendra support with the technical details below.",
        401 => "it did not accept the sign-in. Sign in again; if it keeps happening, ask your administrator to check this signing profile's client ID and secret.",
        403 => "this client is not allowed to use it. Ask the signing-service administrator to grant access.",
        404 => "it does not know the address Kendra called. Ask your administrator to check the service address in this signing profile.",
        412 => "a condition for this request is not met (often the certificate or account is not ready for signing). Ask the signing-service administrator.",
        408 | 429 | 502 | 503 | 504 => "it is busy or unreachable right now. Try again in a few minutes.",
        500..=599 => "it had an internal problem. Try again in a few minutes; if it keeps failing, tell the signing-service administrator.",
        _ => "it answered in a way Kendra does not recognise. Try again; if it repeats, give the technical details below to your administrator.",
    };
    format!("The signing service refused the request without a readable reason (HTTP {status}): {advice}")
}

fn reason_phrase(status: u16) -> Option<&'static str> {
    Some(match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        408 => "Request Timeout",
        412 => "Precondition Failed",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => return None,
    })
}

/// The start of a body as text, cut on a character boundary.
fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    let total = text.chars().count();
    if total <= EXCERPT_CHARS {
        return text.to_owned();
    }
    let kept: String = text.chars().take(EXCERPT_CHARS).collect();
    format!("{kept}… ({} more characters)", total - EXCERPT_CHARS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(err: Error) -> (String, String) {
        match err {
            Error::PeerRefused {
                peer,
                message,
                detail,
            } => {
                assert_eq!(peer, "ADSS CSP");
                (message, detail)
            }
            other => panic!("expected PeerRefused, got {other:?}"),
        }
    }

    #[test]
    fn spec_example_error_body() {
        let body = br#"{ "error": "60001", "error_description": "Detailed error message" }"#;
        let parsed = parse_error_body(body).unwrap();
        assert_eq!(parsed.code, "60001");
        assert_eq!(
            parsed.description.as_deref(),
            Some("Detailed error message")
        );
        let (message, detail) = parts(refusal_from_http(500, body));
        assert!(message.ends_with("(CSP error 60001)"), "{message}");
        assert_eq!(
            detail,
            "HTTP 500 Internal Server Error; error 60001; guide: \"An internal error occurred \
             while processing the request - see the CSP service debug logs for details\"; \
             error_description: Detailed error message"
        );
    }

    #[test]
    fn spec_typo_error_escription_is_read() {
        // Status service example, section 4.1.
        let body = br#"{ "error": "60001", "error__escription": "Detailed error message" }"#;
        let parsed = parse_error_body(body).unwrap();
        assert_eq!(
            parsed.description.as_deref(),
            Some("Detailed error message")
        );
        assert_eq!(parsed.description_key, Some("error__escription"));
        let (_, detail) = parts(refusal_from_http(401, body));
        assert!(
            detail.ends_with("error__escription: Detailed error message"),
            "{detail}"
        );
    }

    #[test]
    fn numeric_code_and_missing_description() {
        let parsed = parse_error_body(br#"{"error": 86024}"#).unwrap();
        assert_eq!(parsed.code, "86024");
        assert_eq!(parsed.description, None);
        let (message, detail) = parts(refusal_from_http(401, br#"{"error": 86024}"#));
        assert!(message.starts_with("The client secret in Kendra's settings is wrong."));
        assert!(detail.contains("HTTP 401 Unauthorized; error 86024"));
        assert!(detail.ends_with("no error_description"));
    }

    #[test]
    fn unknown_code_keeps_the_code_and_the_peer_text() {
        let body = br#"{"error":"70123","error_description":"Neue Meldung"}"#;
        let (message, detail) = parts(refusal_from_http(400, body));
        assert!(message.contains("(CSP error 70123)"));
        assert!(!detail.contains("guide:"));
        assert!(detail.ends_with("error_description: Neue Meldung"));
    }

    #[test]
    fn bad_bodies_become_status_refusals() {
        let (message, detail) = parts(refusal_from_http(502, b"<html>Bad gateway</html>"));
        assert!(message.contains("HTTP 502"));
        assert!(message.contains("Try again in a few minutes"));
        assert!(detail.starts_with("HTTP 502 Bad Gateway; the body is not JSON"));
        assert!(detail.ends_with("<html>Bad gateway</html>"));

        let (message, detail) = parts(refusal_from_http(401, b"  \n"));
        assert!(message.contains("Sign in again"));
        assert_eq!(detail, "HTTP 401 Unauthorized; the body is empty");

        let (_, detail) = parts(refusal_from_http(418, br#"{"message":"teapot"}"#));
        assert_eq!(
            detail,
            "HTTP 418; the body is not a CSP error object: {\"message\":\"teapot\"}"
        );
        let (_, detail) = parts(refusal_from_http(500, &[0xff, 0xfe, 0x00]));
        assert!(detail.contains("not JSON"));
    }

    #[test]
    fn huge_body_is_cut_in_detail() {
        let body = "é".repeat(10_000);
        let (_, detail) = parts(refusal_from_http(500, body.as_bytes()));
        assert!(detail.ends_with("(9500 more characters)"), "{detail}");
        assert!(detail.len() < 2_000);
    }

    #[test]
    fn strict_parse_names_the_problem() {
        assert!(matches!(
            parse_error_body(b""),
            Err(Error::EmptyInput { .. })
        ));
        assert!(matches!(
            parse_error_body(b"oops"),
            Err(Error::InvalidJson { .. })
        ));
        assert!(matches!(
            parse_error_body(b"[1]"),
            Err(Error::InvalidField { .. })
        ));
        assert!(matches!(
            parse_error_body(b"{}"),
            Err(Error::MissingField { field, .. }) if field == "error"
        ));
        assert!(matches!(
            parse_error_body(br#"{"error":{"code":1}}"#),
            Err(Error::InvalidField { field, .. }) if field == "error"
        ));
        assert!(matches!(
            parse_error_body(br#"{"error":"  "}"#),
            Err(Error::InvalidField { .. })
        ));
    }
}
