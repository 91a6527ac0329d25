//! The bearer token of the yaml's `Authorization` scheme (`bearerFormat: jwt`): an HS256 JWT
//! issued by the sandbox's token endpoint for the client-credentials grant, valid for
//! [`LIFETIME_SECS`] of the sandbox clock.

use axum::http::HeaderMap;
use chrono::{DateTime, Utc};
use kendra_wire::dci::parse_authorization_header;
use kendra_wire::jwt_hs256::{self, Claims, Hs256Secret};
use serde_json::{json, Value};

pub const LIFETIME_SECS: i64 = 3600;

pub fn issue(client_id: &str, jwt_secret: &str, now: DateTime<Utc>) -> kendra_wire::Result<String> {
    let mut claims = Claims::new();
    claims.insert("sub".into(), json!(client_id));
    claims.insert("iss".into(), json!("social"));
    claims.insert("scope".into(), json!("registry"));
    claims.insert("iat".into(), json!(now.timestamp()));
    claims.insert("exp".into(), json!(now.timestamp() + LIFETIME_SECS));
    jwt_hs256::sign(&claims, &secret(jwt_secret)?)
}

fn secret(jwt_secret: &str) -> kendra_wire::Result<Hs256Secret> {
    Hs256Secret::new("the DCI token secret", jwt_secret.as_bytes())
}

/// The client the bearer token was issued to, or why it is refused (a sentence for the
/// `err.request.unauthorized` message).
pub fn check(headers: &HeaderMap, jwt_secret: &str, now: DateTime<Utc>) -> Result<String, String> {
    let header = headers
        .get(axum::http::header::AUTHORIZATION)
        .ok_or("the Authorization header is missing: send \"Authorization: Bearer <access_token from /registry/oauth2/client/token>\"")?;
    let header = header
        .to_str()
        .map_err(|_| "the Authorization header is not readable text".to_owned())?;
    let token = parse_authorization_header(header).map_err(|e| e.to_string())?;
    let secret = secret(jwt_secret).map_err(|e| e.to_string())?;
    // The library checks `exp` against the real clock; the sandbox clock (which tests move) decides.
    let claims = jwt_hs256::verify(token.expose(), &secret)
        .map_err(|e| format!("the bearer token is not one this registry issued: {e}"))?;
    let exp = claims
        .get("exp")
        .and_then(Value::as_i64)
        .ok_or("the bearer token has no exp claim")?;
    if now.timestamp() >= exp {
        let at =
            DateTime::from_timestamp(exp, 0).map_or_else(|| exp.to_string(), |t| t.to_rfc3339());
        return Err(format!(
            "the bearer token expired at {at} (tokens live {LIFETIME_SECS} seconds): ask /registry/oauth2/client/token for a new one"
        ));
    }
    claims
        .get("sub")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| "the bearer token names no client (sub claim)".to_owned())
}
