//! The header-secrets layer: every call carries a `pass_key` header and a `header_secrets`
//! header (the AES-encrypted JSON `{client_id, client_secret, epoch}`), the body is
//! `{"RequestData": "<AES>"}`, and a successful answer is `{"ResponseData": "<AES>"}`. A failure
//! answers unencrypted. The AES key is a pluggable [`crate::cipher_profile`] (the spec leaves
//! "AES256" unspecified). The receiver rejects an epoch older than five minutes.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use zeroize::Zeroizing;

use crate::aes_cbc::AesCbcKey;
use crate::field_names::{known, Field, TolerantObject};
use crate::{Error, Result};

pub const PASS_KEY_HEADER: &str = "pass_key";
pub const HEADER_SECRETS_HEADER: &str = "header_secrets";
pub const REQUEST_DATA: &str = "RequestData";
pub const RESPONSE_DATA: &str = "ResponseData";
/// The spec: "Epoch is validated and must not be older than 5 mins".
pub const MAX_EPOCH_AGE_SECS: i64 = 300;
/// Clocks drift; a sender a little ahead is not an attacker. Beyond this, refuse.
pub const MAX_EPOCH_AHEAD_SECS: i64 = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EpochUnit {
    /// The text's "timestamp up to seconds" (default).
    #[default]
    Seconds,
    /// The sample's 13-digit epoch.
    Milliseconds,
}

impl EpochUnit {
    fn encode(self, now: DateTime<Utc>) -> String {
        match self {
            EpochUnit::Seconds => now.timestamp().to_string(),
            EpochUnit::Milliseconds => now.timestamp_millis().to_string(),
        }
    }
}

/// One client's credentials and key. Secrets are zeroed on drop and redacted in `Debug`.
#[derive(Clone)]
pub struct HeaderSecretsClient {
    pub client_id: String,
    client_secret: Zeroizing<String>,
    pass_key: Zeroizing<String>,
    key: Arc<AesCbcKey>,
    pub epoch_unit: EpochUnit,
}

impl std::fmt::Debug for HeaderSecretsClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HeaderSecretsClient")
            .field("client_id", &self.client_id)
            .field("client_secret", &"••••")
            .field("pass_key", &"••••")
            .field("epoch_unit", &self.epoch_unit)
            .finish()
    }
}

/// What came back from the peer.
#[derive(Debug, Clone, PartialEq)]
pub enum HeaderSecretsAnswer {
    /// `ResponseData`, decrypted.
    Decrypted(String),
    /// A failure, sent unencrypted as the spec says; kept verbatim.
    Unencrypted(Value),
}

impl HeaderSecretsClient {
    pub fn new(
        client_id: &str,
        client_secret: &str,
        pass_key: &str,
        key: Arc<AesCbcKey>,
        epoch_unit: EpochUnit,
    ) -> Result<Self> {
        for (name, value) in [
            ("client_id", client_id),
            ("client_secret", client_secret),
            ("pass_key", pass_key),
        ] {
            if value.trim().is_empty() {
                return Err(Error::EmptyInput {
                    input: format!("the header-secrets {name}"),
                });
            }
        }
        Ok(Self {
            client_id: client_id.to_owned(),
            client_secret: Zeroizing::new(client_secret.to_owned()),
            pass_key: Zeroizing::new(pass_key.to_owned()),
            key,
            epoch_unit,
        })
    }

    /// The two headers for a call made at `now` (a fresh `header_secrets` every call).
    pub fn headers(&self, now: DateTime<Utc>) -> [(&'static str, String); 2] {
        let secrets = serde_json::json!({
            "client_id": self.client_id,
            "client_secret": self.client_secret.as_str(),
            "epoch": self.epoch_unit.encode(now),
        });
        let plain = Zeroizing::new(secrets.to_string());
        [
            (PASS_KEY_HEADER, self.pass_key.to_string()),
            (HEADER_SECRETS_HEADER, self.key.encrypt_text(&plain)),
        ]
    }

    /// `{"RequestData": "<AES of payload>"}`.
    pub fn seal_body(&self, payload_json: &str) -> String {
        serde_json::json!({ REQUEST_DATA: self.key.encrypt_text(payload_json) }).to_string()
    }

    /// Reads an answer: `ResponseData` is decrypted; anything else is a plain failure body.
    pub fn open_answer(&self, body: &[u8]) -> Result<HeaderSecretsAnswer> {
        let value: Value =
            serde_json::from_slice(body).map_err(|e| Error::json("the answer body", &e))?;
        if let Ok(mut object) = TolerantObject::new("the answer body", &value) {
            if let Some(data) = object.get(Field::new(RESPONSE_DATA, &["response_data"])) {
                let text = data.as_str().ok_or_else(|| Error::InvalidField {
                    input: "the answer body".into(),
                    field: RESPONSE_DATA.into(),
                    problem: "must be base64 text".into(),
                })?;
                return Ok(HeaderSecretsAnswer::Decrypted(
                    self.key.decrypt_text(RESPONSE_DATA, text)?,
                ));
            }
        }
        Ok(HeaderSecretsAnswer::Unencrypted(value))
    }

    /// Receiving side (gateway): checks `pass_key`, decrypts `header_secrets`, checks the
    /// credentials and the epoch's freshness, then decrypts `RequestData`. Returns the payload.
    pub fn check_request(
        &self,
        pass_key: Option<&str>,
        header_secrets: Option<&str>,
        body: &[u8],
        now: DateTime<Utc>,
    ) -> Result<String> {
        match pass_key {
            Some(p) if crate::constant_time_eq(p.trim().as_bytes(), self.pass_key.as_bytes()) => {}
            _ => return Err(Error::PassKeyMismatch),
        }
        let header_secrets = header_secrets
            .filter(|h| !h.trim().is_empty())
            .ok_or_else(|| Error::MissingField {
                input: "the request headers".into(),
                field: HEADER_SECRETS_HEADER.into(),
            })?;
        let secrets_text = Zeroizing::new(
            self.key
                .decrypt_text(HEADER_SECRETS_HEADER, header_secrets)?,
        );
        let secrets: Value = serde_json::from_str(&secrets_text)
            .map_err(|e| Error::json("the decrypted header_secrets", &e))?;
        let mut object = TolerantObject::new("the decrypted header_secrets", &secrets)?;
        let client_id = object.require_text(known::HS_CLIENT_ID)?;
        let client_secret = Zeroizing::new(object.require_text(known::HS_CLIENT_SECRET)?);
        if client_id != self.client_id
            || !crate::constant_time_eq(client_secret.as_bytes(), self.client_secret.as_bytes())
        {
            return Err(Error::ClientCredentialsMismatch);
        }
        let epoch = object.require_text(Field::new("epoch", &["timestamp"]))?;
        check_epoch(&epoch, self.epoch_unit, now)?;

        let value: Value =
            serde_json::from_slice(body).map_err(|e| Error::json("the request body", &e))?;
        let mut body = TolerantObject::new("the request body", &value)?;
        let data = body.require_text(Field::new(REQUEST_DATA, &["request_data"]))?;
        self.key.decrypt_text(REQUEST_DATA, &data)
    }

    /// `{"ResponseData": "<AES of payload>"}` (gateway side, successful answers only).
    pub fn seal_answer(&self, payload_json: &str) -> String {
        serde_json::json!({ RESPONSE_DATA: self.key.encrypt_text(payload_json) }).to_string()
    }
}

/// Checks an epoch in `unit` against `now`: not older than five minutes, not in the future.
pub fn check_epoch(epoch: &str, unit: EpochUnit, now: DateTime<Utc>) -> Result<()> {
    let invalid = |problem: String| Error::InvalidField {
        input: "the decrypted header_secrets".into(),
        field: "epoch".into(),
        problem,
    };
    let value: i64 = epoch.trim().parse().map_err(|_| {
        invalid(format!(
            "is {epoch:?}, not a whole number of {}",
            unit_name(unit)
        ))
    })?;
    let digits = epoch.trim().trim_start_matches('-').len();
    match unit {
        EpochUnit::Seconds if digits >= 12 => {
            return Err(invalid(format!(
                "has {digits} digits, which looks like milliseconds; this profile expects seconds"
            )))
        }
        EpochUnit::Milliseconds if digits <= 10 => {
            return Err(invalid(format!(
                "has {digits} digits, which looks like seconds; this profile expects milliseconds"
            )))
        }
        _ => {}
    }
    let sent_ms = match unit {
        EpochUnit::Seconds => value.saturating_mul(1000),
        EpochUnit::Milliseconds => value,
    };
    let age_ms = now.timestamp_millis() - sent_ms;
    if age_ms > MAX_EPOCH_AGE_SECS * 1000 {
        return Err(Error::EpochStale {
            age_secs: age_ms / 1000,
            max_age_secs: MAX_EPOCH_AGE_SECS,
        });
    }
    if -age_ms > MAX_EPOCH_AHEAD_SECS * 1000 {
        return Err(Error::EpochInFuture {
            ahead_secs: -age_ms / 1000,
        });
    }
    Ok(())
}

fn unit_name(unit: EpochUnit) -> &'static str {
    match unit {
        EpochUnit::Seconds => "seconds",
        EpochUnit::Milliseconds => "milliseconds",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cipher_profile::KeyMaterial;
    use crate::isp::IspVariant;
    use chrono::Duration;

    fn clients() -> Vec<HeaderSecretsClient> {
        let bsk = KeyMaterial::BskRaw {
            key_name: "k",
            key: &[3; 32],
            iv_name: "iv",
            iv: &[4; 16],
        }
        .key()
        .unwrap();
        let isp = KeyMaterial::IspSecret {
            secret: b"hs-secret",
            variant: IspVariant::Canonical,
        }
        .key()
        .unwrap();
        vec![
            HeaderSecretsClient::new(
                "sdfghjk16r1",
                "ZG8uGGnu5vDAx6al",
                "PK-1",
                bsk,
                EpochUnit::Seconds,
            )
            .unwrap(),
            HeaderSecretsClient::new(
                "sdfghjk16r1",
                "ZG8uGGnu5vDAx6al",
                "PK-1",
                isp,
                EpochUnit::Milliseconds,
            )
            .unwrap(),
        ]
    }

    fn header(headers: &[(&'static str, String); 2], name: &str) -> String {
        headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.clone())
            .unwrap()
    }

    #[test]
    fn request_round_trip_for_both_cipher_profiles() {
        let now = Utc::now();
        for c in clients() {
            let h = c.headers(now);
            let body = c.seal_body(r#"{"aadhaar_ref":"X1"}"#);
            assert!(body.starts_with(r#"{"RequestData":""#));
            let payload = c
                .check_request(
                    Some(&header(&h, PASS_KEY_HEADER)),
                    Some(&header(&h, HEADER_SECRETS_HEADER)),
                    body.as_bytes(),
                    now + Duration::seconds(10),
                )
                .unwrap();
            assert_eq!(payload, r#"{"aadhaar_ref":"X1"}"#);
            let answer = c.seal_answer(r#"{"ok":true}"#);
            assert_eq!(
                c.open_answer(answer.as_bytes()).unwrap(),
                HeaderSecretsAnswer::Decrypted(r#"{"ok":true}"#.into())
            );
        }
    }

    #[test]
    fn stale_future_and_wrong_unit_epochs() {
        let now = Utc::now();
        let c = &clients()[0];
        let h = c.headers(now - Duration::seconds(301));
        let body = c.seal_body("{}");
        let err = c
            .check_request(
                Some("PK-1"),
                Some(&header(&h, HEADER_SECRETS_HEADER)),
                body.as_bytes(),
                now,
            )
            .unwrap_err();
        assert!(
            matches!(err, Error::EpochStale { age_secs: 301, .. }),
            "{err:?}"
        );
        let h = c.headers(now + Duration::seconds(120));
        assert!(matches!(
            c.check_request(
                Some("PK-1"),
                Some(&header(&h, HEADER_SECRETS_HEADER)),
                body.as_bytes(),
                now
            ),
            Err(Error::EpochInFuture {
                ahead_secs: 119..=120
            })
        ));
        assert!(check_epoch("1727954878124", EpochUnit::Seconds, now)
            .unwrap_err()
            .to_string()
            .contains("looks like milliseconds"));
        assert!(check_epoch("1727954878", EpochUnit::Milliseconds, now)
            .unwrap_err()
            .to_string()
            .contains("looks like seconds"));
        assert!(check_epoch("soon", EpochUnit::Seconds, now).is_err());
        assert!(check_epoch(&now.timestamp().to_string(), EpochUnit::Seconds, now).is_ok());
    }

    #[test]
    fn wrong_pass_key_credentials_and_missing_headers() {
        let now = Utc::now();
        let c = &clients()[0];
        let h = c.headers(now);
        let hs = header(&h, HEADER_SECRETS_HEADER);
        let body = c.seal_body("{}");
        assert!(matches!(
            c.check_request(Some("PK-2"), Some(&hs), body.as_bytes(), now),
            Err(Error::PassKeyMismatch)
        ));
        assert!(matches!(
            c.check_request(None, Some(&hs), body.as_bytes(), now),
            Err(Error::PassKeyMismatch)
        ));
        assert!(matches!(
            c.check_request(Some("PK-1"), None, body.as_bytes(), now),
            Err(Error::MissingField { .. })
        ));
        let key = KeyMaterial::BskRaw {
            key_name: "k",
            key: &[3; 32],
            iv_name: "iv",
            iv: &[4; 16],
        }
        .key()
        .unwrap();
        let impostor =
            HeaderSecretsClient::new("sdfghjk16r1", "other", "PK-1", key, EpochUnit::Seconds)
                .unwrap();
        let h2 = impostor.headers(now);
        assert!(matches!(
            c.check_request(
                Some("PK-1"),
                Some(&header(&h2, HEADER_SECRETS_HEADER)),
                body.as_bytes(),
                now
            ),
            Err(Error::ClientCredentialsMismatch)
        ));
    }

    #[test]
    fn sample_capitalised_client_id_is_accepted() {
        // The spec's sample writes "Client_id" and a 13-digit epoch.
        let now = Utc::now();
        let c = &clients()[1];
        let sample = format!(
            r#"{{"Client_id": "sdfghjk16r1","client_secret": "ZG8uGGnu5vDAx6al","epoch": "{}"}}"#,
            now.timestamp_millis()
        );
        let key = KeyMaterial::IspSecret {
            secret: b"hs-secret",
            variant: IspVariant::Canonical,
        }
        .key()
        .unwrap();
        let hs = key.encrypt_text(&sample);
        let body = c.seal_body("{}");
        assert_eq!(
            c.check_request(Some("PK-1"), Some(&hs), body.as_bytes(), now)
                .unwrap(),
            "{}"
        );
    }

    #[test]
    fn failures_stay_unencrypted_and_secrets_never_debug() {
        let c = &clients()[0];
        let failure = br#"{"status":"FAILED","message":"Invalid pass_key"}"#;
        assert!(matches!(
            c.open_answer(failure).unwrap(),
            HeaderSecretsAnswer::Unencrypted(_)
        ));
        assert!(c.open_answer(b"not json").is_err());
        let debug = format!("{c:?}");
        assert!(
            !debug.contains("ZG8u") && !debug.contains("PK-1"),
            "{debug}"
        );
    }
}
