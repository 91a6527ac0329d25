//! The bearer token of the yaml's `Authorization` security scheme (`type: http`, `scheme: bearer`,
//! `bearerFormat: jwt`): every DCI call carries `Authorization: Bearer <token>`.
//!
//! The token is a JWT issued by the receiver's token endpoint; this module does not look inside it,
//! it only checks it is an RFC 6750 `b64token` (the characters a JWT is made of).

use std::fmt;

use secrecy::{ExposeSecret, SecretString};

use crate::{Error, Result};

/// An access token. `Debug` never shows it; it is zeroed on drop.
#[derive(Clone)]
pub struct BearerToken(SecretString);

impl BearerToken {
    /// Wraps `token` after checking it can travel in an `Authorization` header.
    pub fn new(token: impl Into<String>) -> Result<Self> {
        let token = SecretString::from(token.into());
        check_token68(token.expose_secret())?;
        Ok(BearerToken(token))
    }

    /// The token text, for an HTTP client or a token check.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }

    /// The exact `Authorization` header value: `Bearer <token>`.
    pub fn authorization_value(&self) -> String {
        format!("Bearer {}", self.expose())
    }
}

impl fmt::Debug for BearerToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("BearerToken").field(&"[REDACTED]").finish()
    }
}

/// Builds the `Authorization` header value for `token`: `Bearer <token>`.
pub fn authorization_header(token: &str) -> Result<String> {
    Ok(BearerToken::new(token)?.authorization_value())
}

/// Reads the token back out of an `Authorization` header value.
///
/// The scheme name is case-insensitive (RFC 9110 §11.1); spaces around the value and between
/// scheme and token are tolerated.
pub fn parse_authorization_header(value: &str) -> Result<BearerToken> {
    let value = value.trim_matches([' ', '\t']);
    if value.is_empty() {
        return Err(invalid(
            "the header is empty; send \"Authorization: Bearer <token>\"",
        ));
    }
    let (scheme, token) = value.split_once([' ', '\t']).unwrap_or((value, ""));
    if !scheme.eq_ignore_ascii_case("bearer") {
        return Err(invalid(&format!(
            "it uses the \"{}\" scheme, but DCI asks for \"Bearer <token>\"",
            printable(scheme)
        )));
    }
    BearerToken::new(token.trim_start_matches([' ', '\t']))
}

/// RFC 6750 §2.1: `b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="`.
fn check_token68(token: &str) -> Result<()> {
    if token.is_empty() {
        return Err(invalid("the token is empty"));
    }
    let body_len = token.trim_end_matches('=').len();
    if body_len == 0 {
        return Err(invalid("the token is only '=' padding"));
    }
    for (index, ch) in token.chars().enumerate() {
        let allowed = if index < body_len {
            ch.is_ascii_alphanumeric() || "-._~+/".contains(ch)
        } else {
            ch == '='
        };
        if !allowed {
            let what = if ch.is_whitespace() || ch.is_control() {
                "a space or control character".to_owned()
            } else {
                format!("the character {ch:?}")
            };
            return Err(invalid(&format!(
                "the token contains {what} at position {}; a bearer token is letters, digits and - . _ ~ + / (then optional '=')",
                index + 1
            )));
        }
    }
    Ok(())
}

fn invalid(problem: &str) -> Error {
    Error::BearerTokenInvalid {
        problem: problem.to_owned(),
    }
}

/// The scheme as typed, shortened, for an error message (never the token).
fn printable(scheme: &str) -> String {
    scheme
        .chars()
        .take(20)
        .filter(|c| !c.is_control())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const JWT: &str = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzcC1zeXN0ZW0ifQ.c2lnbmF0dXJl-_";

    #[test]
    fn header_round_trip() {
        let value = authorization_header(JWT).unwrap();
        assert_eq!(value, format!("Bearer {JWT}"));
        assert_eq!(parse_authorization_header(&value).unwrap().expose(), JWT);
        // Scheme is case-insensitive; extra spaces are tolerated.
        let token = parse_authorization_header(&format!("  bearer   {JWT} ")).unwrap();
        assert_eq!(token.expose(), JWT);
        assert_eq!(token.authorization_value(), value);
        assert_eq!(
            parse_authorization_header("Bearer abc==").unwrap().expose(),
            "abc=="
        );
    }

    #[test]
    fn bad_headers_are_explained() {
        for (value, needle) in [
            ("", "empty"),
            ("Bearer", "token is empty"),
            ("Bearer ", "token is empty"),
            ("Basic dXNlcjpwYXNz", "\"Basic\" scheme"),
            ("Bearer abc def", "space or control character at position 4"),
            ("Bearer a=b", "'='"),
            ("Bearer ===", "only '=' padding"),
            ("Bearer tök", "'ö'"),
        ] {
            let err = parse_authorization_header(value).unwrap_err();
            assert!(matches!(err, Error::BearerTokenInvalid { .. }), "{value}");
            assert!(err.to_string().contains(needle), "{value}: {err}");
        }
        assert!(matches!(
            authorization_header("has space"),
            Err(Error::BearerTokenInvalid { .. })
        ));
    }

    #[test]
    fn debug_never_shows_the_token() {
        let token = BearerToken::new(JWT).unwrap();
        assert!(!format!("{token:?}").contains("eyJ"));
    }
}
