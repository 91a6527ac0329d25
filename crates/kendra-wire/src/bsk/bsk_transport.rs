//! The two BSK transports. v4 posts JSON `{"passcode", "token"}` where the token is an HS256 JWT
//! whose claims are the payload; v5 ("hybrid") posts the form `agId=BSK&encData=<base64>` where
//! `encData` is the AES-encrypted JSON payload. An integration profile picks one.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use zeroize::Zeroizing;

use crate::aes_cbc::AesCbcKey;
use crate::field_names::{known, Field, TolerantObject};
use crate::jwt_hs256::{self, Claims, Hs256Secret};
use crate::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BskTransport {
    /// `{"passcode", "token"}` with an HS256 JWT.
    V4Jwt,
    /// `agId=BSK&encData=<base64 AES>` form post.
    V5Form,
}

/// A body ready to send, with its content type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecuredBody {
    pub content_type: &'static str,
    pub body: String,
}

/// v4: passcode + HS256 JWT.
#[derive(Debug, Clone)]
pub struct V4Jwt {
    passcode: Zeroizing<String>,
    secret: Hs256Secret,
}

impl V4Jwt {
    pub fn new(passcode: &str, secret: Hs256Secret) -> Self {
        Self {
            passcode: Zeroizing::new(passcode.to_owned()),
            secret,
        }
    }

    pub fn seal(&self, payload: &Claims) -> Result<SecuredBody> {
        let token = jwt_hs256::sign(payload, &self.secret)?;
        let body = serde_json::json!({ "passcode": self.passcode.as_str(), "token": token });
        Ok(SecuredBody {
            content_type: "application/json",
            body: body.to_string(),
        })
    }

    /// Checks the passcode and the token; returns the payload.
    pub fn open(&self, body: &[u8]) -> Result<Claims> {
        let value: Value = serde_json::from_slice(body).map_err(|e| Error::TransportShape {
            transport: "v4 (passcode + JWT)",
            problem: format!("the body is not JSON ({e})"),
        })?;
        let mut object = TolerantObject::new("BSK v4 body", &value)?;
        let passcode = object.require_text(known::BSK_PASSCODE)?;
        if !crate::constant_time_eq(passcode.as_bytes(), self.passcode.as_bytes()) {
            return Err(Error::PasscodeMismatch);
        }
        let token = object.require_text(Field::new("token", &["jwt"]))?;
        jwt_hs256::verify(&token, &self.secret)
    }
}

/// v5: form post of the AES-encrypted payload.
#[derive(Debug, Clone)]
pub struct V5Form {
    cipher: AesCbcKey,
}

pub const V5_AGENCY_ID: &str = "BSK";

impl V5Form {
    pub fn new(cipher: AesCbcKey) -> Self {
        Self { cipher }
    }

    pub fn seal(&self, payload_json: &str) -> SecuredBody {
        let enc = self.cipher.encrypt_text(payload_json);
        let body = form_urlencoded::Serializer::new(String::new())
            .append_pair("agId", V5_AGENCY_ID)
            .append_pair("encData", &enc)
            .finish();
        SecuredBody {
            content_type: "application/x-www-form-urlencoded",
            body,
        }
    }

    /// Parses the form, checks `agId`, decrypts `encData`; returns the JSON text.
    pub fn open(&self, body: &[u8]) -> Result<String> {
        let mut ag_id = None;
        let mut enc_data = None;
        for (name, value) in form_urlencoded::parse(body) {
            if name.eq_ignore_ascii_case("agId") {
                ag_id = Some(value.into_owned());
            } else if name.eq_ignore_ascii_case("encData") {
                enc_data = Some(value.into_owned());
            }
        }
        match ag_id.as_deref() {
            Some(V5_AGENCY_ID) => {}
            Some(other) => {
                return Err(Error::TransportShape {
                    transport: "v5 (agId + encData form)",
                    problem: format!("agId is {other:?}, expected \"BSK\""),
                })
            }
            None => {
                return Err(Error::TransportShape {
                    transport: "v5 (agId + encData form)",
                    problem: "the form has no agId field".into(),
                })
            }
        }
        let enc = enc_data.ok_or_else(|| Error::TransportShape {
            transport: "v5 (agId + encData form)",
            problem: "the form has no encData field".into(),
        })?;
        self.cipher.decrypt_text("encData", &enc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bsk::{bsk_cipher, SAMPLE_IV, SAMPLE_KEY, SAMPLE_PLAINTEXT};
    use serde_json::json;

    fn v4() -> V4Jwt {
        V4Jwt::new("376423", Hs256Secret::new("secret", b"jwt-secret").unwrap())
    }

    fn v5() -> V5Form {
        V5Form::new(bsk_cipher("k", SAMPLE_KEY.as_bytes(), "iv", SAMPLE_IV.as_bytes()).unwrap())
    }

    #[test]
    fn v4_round_trip_keeps_17_digit_ticket() {
        let payload = json!({"userid": 9054233544u64, "ticketNo": 20221202153322882u64, "serviceCode": "AMD/003"});
        let sealed = v4().seal(payload.as_object().unwrap()).unwrap();
        assert_eq!(sealed.content_type, "application/json");
        assert!(sealed
            .body
            .starts_with(r#"{"passcode":"376423","token":"ey"#));
        let opened = v4().open(sealed.body.as_bytes()).unwrap();
        assert_eq!(Value::Object(opened), payload);
    }

    #[test]
    fn v4_wrong_passcode_or_secret() {
        let sealed = v4().seal(json!({"a": 1}).as_object().unwrap()).unwrap();
        let other = V4Jwt::new("000000", Hs256Secret::new("s", b"jwt-secret").unwrap());
        assert!(matches!(
            other.open(sealed.body.as_bytes()),
            Err(Error::PasscodeMismatch)
        ));
        let other = V4Jwt::new("376423", Hs256Secret::new("s", b"nope").unwrap());
        assert!(matches!(
            other.open(sealed.body.as_bytes()),
            Err(Error::JwtBadSignature)
        ));
        assert!(matches!(
            v4().open(b"agId=BSK"),
            Err(Error::TransportShape { .. })
        ));
        assert!(matches!(
            v4().open(br#"{"passcode":"376423"}"#),
            Err(Error::MissingField { .. })
        ));
    }

    #[test]
    fn v5_round_trip_and_form_encoding() {
        let sealed = v5().seal(SAMPLE_PLAINTEXT);
        assert_eq!(sealed.content_type, "application/x-www-form-urlencoded");
        assert!(sealed.body.starts_with("agId=BSK&encData="));
        // '+' '/' '=' of base64 must be percent-encoded in a form.
        assert!(!sealed.body["agId=BSK&encData=".len()..].contains('+'));
        assert_eq!(v5().open(sealed.body.as_bytes()).unwrap(), SAMPLE_PLAINTEXT);
    }

    #[test]
    fn v5_bad_forms() {
        assert!(v5()
            .open(b"encData=abc")
            .unwrap_err()
            .to_string()
            .contains("no agId"));
        assert!(v5()
            .open(b"agId=XYZ&encData=abc")
            .unwrap_err()
            .to_string()
            .contains("\"XYZ\""));
        assert!(v5()
            .open(b"agId=BSK")
            .unwrap_err()
            .to_string()
            .contains("no encData"));
        assert!(matches!(
            v5().open(b"agId=BSK&encData=%%%"),
            Err(Error::InvalidBase64 { .. })
        ));
    }
}
