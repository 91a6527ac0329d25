//! Removing secrets from everything an exchange or an error records. Two layers: known secret
//! fields and headers are masked by name, then every text is swept for each secret's bytes and
//! base64, so a secret the peer echoes back or a field we did not foresee is caught as well.

use std::sync::{Arc, RwLock};

use base64::Engine;
use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;

pub const MASK: &str = "••••";

/// JSON fields whose value is a secret wherever they appear.
pub const SECRET_FIELDS: &[&str] = &[
    "password",
    "passcode",
    "pass_key",
    "passKey",
    "client_secret",
    "token",
    "access_token",
    "refresh_token",
    "header_secrets",
    "jwt_secret",
    "secret_key",
];

/// Header names whose value is a secret.
pub const SECRET_HEADERS: &[&str] = &["authorization", "pass_key", "header_secrets", "cookie"];

/// Secrets shorter than this are only masked by name: sweeping for 3 digits would mangle text.
const MIN_SWEEP_LEN: usize = 6;

/// The secrets one client knows, shared with its token cache (tokens join when issued).
#[derive(Clone, Default)]
pub struct Redactor {
    secrets: Arc<RwLock<Vec<SecretString>>>,
}

impl std::fmt::Debug for Redactor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Redactor(••••)")
    }
}

impl Redactor {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&self, secret: &SecretString) {
        if secret.expose_secret().len() < MIN_SWEEP_LEN {
            return;
        }
        if let Ok(mut secrets) = self.secrets.write() {
            if !secrets
                .iter()
                .any(|s| s.expose_secret() == secret.expose_secret())
            {
                secrets.push(secret.clone());
            }
        }
    }

    /// Replaces every occurrence of a known secret (as text, standard and URL-safe base64) by
    /// the mask.
    pub fn sweep(&self, text: &str) -> String {
        let mut out = text.to_owned();
        let Ok(secrets) = self.secrets.read() else {
            return out;
        };
        for secret in secrets.iter() {
            let raw = secret.expose_secret();
            for form in [
                zeroize::Zeroizing::new(raw.to_owned()),
                zeroize::Zeroizing::new(base64::engine::general_purpose::STANDARD.encode(raw)),
                zeroize::Zeroizing::new(
                    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(raw),
                ),
            ] {
                let needle = form.trim_end_matches('=');
                if !needle.is_empty() && out.contains(needle) {
                    out = out.replace(needle, MASK);
                }
            }
        }
        out
    }

    /// A header value as it may be recorded.
    pub fn header_value(&self, name: &str, value: &str) -> String {
        if SECRET_HEADERS.iter().any(|h| h.eq_ignore_ascii_case(name)) {
            match value.split_once(' ') {
                Some((scheme, _)) if name.eq_ignore_ascii_case("authorization") => {
                    format!("{scheme} {MASK}")
                }
                _ => MASK.to_owned(),
            }
        } else {
            self.sweep(value)
        }
    }

    /// A JSON text with secret fields masked and then swept; text without secret fields (or not
    /// JSON) is only swept, so it stays byte for byte as it travelled.
    pub fn json_text(&self, text: &str) -> String {
        match serde_json::from_str::<Value>(text) {
            Ok(mut value) => {
                if mask_fields(&mut value) {
                    self.sweep(&value.to_string())
                } else {
                    self.sweep(text)
                }
            }
            Err(_) => self.sweep(text),
        }
    }
}

/// Masks [`SECRET_FIELDS`] at any depth; true when something was masked.
pub fn mask_fields(value: &mut Value) -> bool {
    let mut masked = false;
    match value {
        Value::Object(map) => {
            for (name, field) in map.iter_mut() {
                if SECRET_FIELDS.iter().any(|s| s.eq_ignore_ascii_case(name)) {
                    if !field.is_null() && field.as_str() != Some("") {
                        *field = Value::String(MASK.to_owned());
                        masked = true;
                    }
                } else {
                    masked |= mask_fields(field);
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                masked |= mask_fields(item);
            }
        }
        _ => {}
    }
    masked
}

/// A JWT with its signature masked: the claims stay readable, the token cannot be replayed.
pub fn unsigned_jwt(token: &str) -> String {
    match token.rsplit_once('.') {
        Some((signed_part, _)) => format!("{signed_part}.{MASK}"),
        None => MASK.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn redactor() -> Redactor {
        let r = Redactor::new();
        r.add(&SecretString::from("Rev@Lko#2024"));
        r.add(&SecretString::from("123"));
        r
    }

    #[test]
    fn sweeps_text_and_base64() {
        let r = redactor();
        let b64 = base64::engine::general_purpose::STANDARD.encode("Rev@Lko#2024");
        let swept = r.sweep(&format!("a Rev@Lko#2024 b {b64} c 123"));
        assert_eq!(swept, format!("a {MASK} b {MASK} c 123"));
    }

    #[test]
    fn masks_fields_and_headers() {
        let r = redactor();
        assert_eq!(
            r.json_text(r#"{"username":"U","password":"x","nested":{"passcode":"376423"}}"#),
            format!(r#"{{"nested":{{"passcode":"{MASK}"}},"password":"{MASK}","username":"U"}}"#)
        );
        assert_eq!(r.header_value("Authorization", "Bearer abc"), "Bearer ••••");
        assert_eq!(r.header_value("pass_key", "abc"), MASK);
        assert_eq!(r.header_value("content-type", "text/plain"), "text/plain");
        assert_eq!(unsigned_jwt("a.b.c"), "a.b.••••");
        assert_eq!(format!("{r:?}"), "Redactor(••••)");
    }
}
