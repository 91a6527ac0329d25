//! HS256 JSON Web Tokens: BSK's v4 transport carries its payload in one, and UP ISP's
//! `/authenticate` answers one (whose `exp` says when to renew).

use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde_json::{Map, Value};
use zeroize::Zeroizing;

use crate::{Error, Result};

pub type Claims = Map<String, Value>;

/// The shared HS256 secret. Redacted in `Debug`, zeroed on drop.
#[derive(Clone)]
pub struct Hs256Secret(Zeroizing<Vec<u8>>);

impl Hs256Secret {
    pub fn new(input: &str, bytes: &[u8]) -> Result<Self> {
        if bytes.is_empty() {
            return Err(Error::EmptyInput {
                input: input.to_owned(),
            });
        }
        Ok(Self(Zeroizing::new(bytes.to_vec())))
    }
}

impl std::fmt::Debug for Hs256Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Hs256Secret(••••)")
    }
}

/// Signs `claims` as given: no claim is added or changed.
pub fn sign(claims: &Claims, secret: &Hs256Secret) -> Result<String> {
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        claims,
        &EncodingKey::from_secret(&secret.0),
    )
    .map_err(|err| Error::JwtMalformed {
        detail: err.to_string(),
    })
}

/// Verifies the signature and, when present, `exp` and `nbf` (no leeway: the peers' clocks are
/// what they are, and a token valid "a minute ago" is still expired).
pub fn verify(token: &str, secret: &Hs256Secret) -> Result<Claims> {
    let token = token.trim();
    let header = jsonwebtoken::decode_header(token).map_err(|err| malformed(&err))?;
    if header.alg != Algorithm::HS256 {
        return Err(Error::JwtAlgorithm {
            expected: "HS256".into(),
            found: format!("{:?}", header.alg),
        });
    }
    let mut validation = Validation::new(Algorithm::HS256);
    validation.required_spec_claims.clear();
    validation.validate_aud = false;
    validation.validate_nbf = true;
    validation.leeway = 0;
    jsonwebtoken::decode::<Claims>(token, &DecodingKey::from_secret(&secret.0), &validation)
        .map(|data| data.claims)
        .map_err(|err| match err.kind() {
            ErrorKind::InvalidSignature => Error::JwtBadSignature,
            ErrorKind::ExpiredSignature => Error::JwtExpired {
                expired_at: claim_time(token, "exp"),
            },
            ErrorKind::ImmatureSignature => Error::JwtNotYetValid {
                not_before: claim_time(token, "nbf"),
            },
            ErrorKind::InvalidAlgorithm => Error::JwtAlgorithm {
                expected: "HS256".into(),
                found: format!("{:?}", header.alg),
            },
            _ => malformed(&err),
        })
}

/// A token's header and claims, not verified: for inspection only.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DecodedJwt {
    pub header: Value,
    pub claims: Claims,
}

pub fn decode_unverified(token: &str) -> Result<DecodedJwt> {
    let token = token.trim();
    let header = jsonwebtoken::decode_header(token).map_err(|err| malformed(&err))?;
    let claims = jsonwebtoken::dangerous::insecure_decode_claims::<Claims>(token)
        .map_err(|err| malformed(&err))?;
    let header = serde_json::to_value(header).map_err(|err| Error::JwtMalformed {
        detail: err.to_string(),
    })?;
    Ok(DecodedJwt { header, claims })
}

/// The expiry (`exp`, seconds since the epoch) of a token, unverified; `None` when absent.
pub fn expiry_unverified(token: &str) -> Result<Option<i64>> {
    Ok(decode_unverified(token)?
        .claims
        .get("exp")
        .and_then(Value::as_i64))
}

fn malformed(err: &jsonwebtoken::errors::Error) -> Error {
    let detail = match err.kind() {
        ErrorKind::InvalidToken => "it must be three base64url parts separated by dots".to_owned(),
        ErrorKind::Base64(e) => format!("a part is not base64url ({e})"),
        ErrorKind::Json(e) => format!("the header or claims are not a JSON object ({e})"),
        ErrorKind::Utf8(e) => format!("a part is not UTF-8 ({e})"),
        _ => err.to_string(),
    };
    Error::JwtMalformed { detail }
}

fn claim_time(token: &str, claim: &str) -> String {
    let seconds = decode_unverified(token)
        .ok()
        .and_then(|d| d.claims.get(claim).and_then(Value::as_i64));
    match seconds.and_then(|s| chrono::DateTime::from_timestamp(s, 0)) {
        Some(t) => t.to_rfc3339(),
        None => format!("the time in its \"{claim}\" claim"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn secret() -> Hs256Secret {
        Hs256Secret::new("secret", b"bsk-shared-secret").unwrap()
    }

    fn claims(v: Value) -> Claims {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn sign_verify_round_trip_keeps_big_numbers() {
        let c = claims(
            json!({"userid": 9054233544u64, "ticketNo": 20221202153322882u64, "name": "অরিন্দম রায়"}),
        );
        let token = sign(&c, &secret()).unwrap();
        assert_eq!(verify(&token, &secret()).unwrap(), c);
        assert_eq!(decode_unverified(&token).unwrap().header["alg"], "HS256");
    }

    #[test]
    fn wrong_secret_and_tampering() {
        let token = sign(&claims(json!({"a": 1})), &secret()).unwrap();
        let other = Hs256Secret::new("s", b"other").unwrap();
        assert!(matches!(
            verify(&token, &other),
            Err(Error::JwtBadSignature)
        ));
        let mut parts: Vec<&str> = token.split('.').collect();
        let forged = sign(&claims(json!({"a": 2})), &secret()).unwrap();
        let forged_claims = forged.split('.').nth(1).unwrap().to_owned();
        parts[1] = &forged_claims;
        assert!(matches!(
            verify(&parts.join("."), &secret()),
            Err(Error::JwtBadSignature)
        ));
    }

    #[test]
    fn expiry_and_not_before() {
        let now = chrono::Utc::now().timestamp();
        let expired = sign(&claims(json!({"exp": now - 10})), &secret()).unwrap();
        let err = verify(&expired, &secret()).unwrap_err();
        assert!(matches!(err, Error::JwtExpired { .. }), "{err:?}");
        assert!(err.to_string().starts_with("the token expired at 20"));
        let early = sign(&claims(json!({"nbf": now + 600})), &secret()).unwrap();
        assert!(matches!(
            verify(&early, &secret()),
            Err(Error::JwtNotYetValid { .. })
        ));
        assert_eq!(expiry_unverified(&expired).unwrap(), Some(now - 10));
    }

    #[test]
    fn malformed_tokens() {
        for bad in ["", "abc", "a.b", "a.b.c"] {
            assert!(
                matches!(verify(bad, &secret()), Err(Error::JwtMalformed { .. })),
                "{bad}"
            );
            assert!(decode_unverified(bad).is_err());
        }
        let bad_claims = "eyJhbGciOiJIUzI1NiJ9.%%%.sig";
        assert!(verify(bad_claims, &secret()).is_err());
        assert!(matches!(
            decode_unverified(bad_claims),
            Err(Error::JwtMalformed { .. })
        ));
        assert!(matches!(
            Hs256Secret::new("KENDRA_JWT_SECRET", b""),
            Err(Error::EmptyInput { .. })
        ));
    }

    #[test]
    fn other_algorithms_are_refused() {
        // header {"alg":"none"}
        let token = "eyJhbGciOiJub25lIn0.eyJhIjoxfQ.";
        assert!(verify(token, &secret()).is_err());
    }
}
