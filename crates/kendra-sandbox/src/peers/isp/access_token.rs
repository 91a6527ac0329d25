//! The portal's JWT: issued by `/ispws/authenticate` for 60 minutes of the sandbox clock, and
//! required as `Authorization: Bearer` on every `/ispws/isp/v1/…` call.

use axum::http::HeaderMap;
use chrono::{DateTime, Duration, Utc};
use kendra_wire::jwt_hs256::{self, Claims, Hs256Secret};
use serde_json::json;

pub const LIFETIME_MINUTES: i64 = 60;

pub fn issue(dept_id: &str, jwt_secret: &str, now: DateTime<Utc>) -> kendra_wire::Result<String> {
    let mut claims = Claims::new();
    claims.insert("sub".into(), json!(dept_id));
    claims.insert("iss".into(), json!("ISP-UP"));
    claims.insert("iat".into(), json!(now.timestamp()));
    claims.insert(
        "exp".into(),
        json!((now + Duration::minutes(LIFETIME_MINUTES)).timestamp()),
    );
    jwt_hs256::sign(
        &claims,
        &Hs256Secret::new("the ISP JWT secret", jwt_secret.as_bytes())?,
    )
}

/// The department the bearer token was issued to, or why it is refused.
pub fn check(headers: &HeaderMap, jwt_secret: &str, now: DateTime<Utc>) -> Result<String, String> {
    let header = headers
        .get(axum::http::header::AUTHORIZATION)
        .ok_or("the Authorization header is missing: send \"Authorization: Bearer <token from /ispws/authenticate>\"")?;
    let header = header
        .to_str()
        .map_err(|_| "the Authorization header is not readable text".to_owned())?;
    let token = header
        .strip_prefix("Bearer ")
        .or_else(|| header.strip_prefix("bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or("the Authorization header must be \"Bearer <token>\"")?;
    let secret =
        Hs256Secret::new("the ISP JWT secret", jwt_secret.as_bytes()).map_err(|e| e.to_string())?;
    // The library checks `exp` against the real clock; the sandbox clock (which tests move) decides.
    let claims = jwt_hs256::verify(token, &secret).map_err(|e| format!("invalid token: {e}"))?;
    let exp = claims
        .get("exp")
        .and_then(serde_json::Value::as_i64)
        .ok_or("invalid token: it has no exp claim")?;
    if now.timestamp() >= exp {
        let at =
            DateTime::from_timestamp(exp, 0).map_or_else(|| exp.to_string(), |t| t.to_rfc3339());
        return Err(format!(
            "the token expired at {at} (tokens live {LIFETIME_MINUTES} minutes): authenticate again"
        ));
    }
    claims
        .get("sub")
        .and_then(serde_json::Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| "invalid token: it names no department (sub claim)".to_owned())
}
