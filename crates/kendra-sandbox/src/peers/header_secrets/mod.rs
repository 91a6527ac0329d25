//! Simulated header-secrets gateway: every call carries `pass_key` and an encrypted
//! `header_secrets` header and a `{"RequestData"}` body; success answers `{"ResponseData"}`
//! encrypted with the client's key, and every failure answers unencrypted JSON, as the spec says.
//! Two seeded clients, one per cipher profile (BSK-style raw key/IV in seconds, ISP-style PBKDF2
//! in milliseconds).

pub mod seed_data;

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use chrono::{DateTime, Utc};
use kendra_wire::cipher_profile::KeyMaterial;
use kendra_wire::field_names::{Field, TolerantObject};
use kendra_wire::header_secrets::{
    HeaderSecretsClient, HEADER_SECRETS_HEADER, MAX_EPOCH_AGE_SECS, MAX_EPOCH_AHEAD_SECS,
    PASS_KEY_HEADER,
};
use kendra_wire::isp::IspVariant;
use serde_json::{json, Value};

use self::seed_data::{SeededCipher, APPLICATIONS, CLIENTS};
use super::SeedContext;
use crate::inbox::lock;
use crate::shared::Shared;
use crate::stats::Outcome;

pub const APPLICATION_STATUS: &str = "/hs/v1/application/status";
pub const ECHO: &str = "/hs/v1/echo";

pub struct HeaderSecretsState {
    /// The seeded clients, in `seed_data::CLIENTS` order.
    clients: Vec<HeaderSecretsClient>,
}

impl HeaderSecretsState {
    pub fn seeded(_ctx: &SeedContext) -> crate::Result<Self> {
        let clients = CLIENTS
            .iter()
            .map(|c| {
                let key = match c.cipher {
                    SeededCipher::BskRaw { key, iv } => KeyMaterial::BskRaw {
                        key_name: "the seeded client's key",
                        key: key.as_bytes(),
                        iv_name: "the seeded client's IV",
                        iv: iv.as_bytes(),
                    }
                    .key()?,
                    SeededCipher::IspSecret { secret } => KeyMaterial::IspSecret {
                        secret: secret.as_bytes(),
                        variant: IspVariant::Canonical,
                    }
                    .key()?,
                };
                Ok(HeaderSecretsClient::new(
                    c.client_id,
                    c.client_secret,
                    c.pass_key,
                    key,
                    c.epoch_unit,
                )?)
            })
            .collect::<crate::Result<Vec<_>>>()?;
        Ok(Self { clients })
    }
}

pub fn router() -> Router<Arc<Shared>> {
    Router::new()
        .route(APPLICATION_STATUS, post(application_status))
        .route(ECHO, post(echo))
}

pub fn info(shared: &Shared) -> Value {
    let clients: serde_json::Map<String, Value> = CLIENTS
        .iter()
        .map(|c| {
            let (cipher, material) = match c.cipher {
                SeededCipher::BskRaw { key, iv } => {
                    (json!({ "scheme": "bsk" }), json!({ "key": key, "iv": iv }))
                }
                SeededCipher::IspSecret { secret } => (
                    json!({ "scheme": "isp", "variant": "canonical" }),
                    json!({ "secret": secret }),
                ),
            };
            let mut entry = json!({
                "client_id": c.client_id,
                "client_secret": c.client_secret,
                "pass_key": c.pass_key,
                "cipher_profile": cipher,
                "epoch_unit": c.epoch_unit,
            });
            if let (Value::Object(e), Value::Object(m)) = (&mut entry, material) {
                e.extend(m);
            }
            (c.label.to_owned(), entry)
        })
        .collect();
    let applications: Vec<&str> = APPLICATIONS.iter().map(|a| a.application_no).collect();
    json!({
        "base_url": shared.base_url,
        "paths": {
            "application_status": APPLICATION_STATUS,
            "echo": ECHO,
        },
        "headers": [PASS_KEY_HEADER, HEADER_SECRETS_HEADER],
        "max_epoch_age_secs": MAX_EPOCH_AGE_SECS,
        "max_epoch_ahead_secs": MAX_EPOCH_AHEAD_SECS,
        "clients": clients,
        "applications": applications,
    })
}

/// The `failed` fault: the gateway's own unencrypted failure, with HTTP 200.
pub fn failed_answer(_path: &str, now: DateTime<Utc>) -> Response {
    refusal(
        StatusCode::OK,
        "service_unavailable",
        "the service could not process the request at this time; try again later",
        now,
    )
}

async fn application_status(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let now = shared.clock.now();
    let (client, payload) = match open(&shared, &headers, &body, now) {
        Ok(opened) => opened,
        Err(refusal) => return *refusal,
    };
    let Ok(mut object) = TolerantObject::new("RequestData", &payload) else {
        return refusal(
            StatusCode::BAD_REQUEST,
            "invalid_request_data",
            "RequestData must be a JSON object such as {\"application_no\": \"HS2024UP000101\"}",
            now,
        );
    };
    let wanted = match object.require_text(Field::new(
        "application_no",
        &["applicationNo", "application_id"],
    )) {
        Ok(no) => no.trim().to_owned(),
        Err(e) => return refusal(StatusCode::BAD_REQUEST, e.code(), &e.to_string(), now),
    };
    let Some(app) = APPLICATIONS.iter().find(|a| a.application_no == wanted) else {
        return refusal(
            StatusCode::NOT_FOUND,
            "application_not_found",
            &format!("no application {wanted:?} was found"),
            now,
        );
    };
    let answer = json!({
        "application_no": app.application_no,
        "applicant_name": app.applicant_name,
        "applicant_name_hindi": app.applicant_name_hindi,
        "service_name": app.service_name,
        "district": app.district,
        "status_code": app.status_code,
        "status": app.status,
        "status_date": app.status_date,
        "remarks": app.remarks,
    });
    sealed(&client, &answer)
}

async fn echo(State(shared): State<Arc<Shared>>, headers: HeaderMap, body: Bytes) -> Response {
    let now = shared.clock.now();
    let (client, payload) = match open(&shared, &headers, &body, now) {
        Ok(opened) => opened,
        Err(refusal) => return *refusal,
    };
    let answer = json!({
        "echo": payload,
        "client_id": client.client_id,
        "received_at": now.to_rfc3339(),
    });
    sealed(&client, &answer)
}

/// Finds the client by `pass_key`, then kendra-wire's gateway check: `header_secrets`, the
/// credentials, the epoch by the sandbox clock, and `RequestData`, which must hold JSON.
fn open(
    shared: &Shared,
    headers: &HeaderMap,
    body: &[u8],
    now: DateTime<Utc>,
) -> Result<(HeaderSecretsClient, Value), Box<Response>> {
    let pass_key = header(headers, PASS_KEY_HEADER);
    let header_secrets = header(headers, HEADER_SECRETS_HEADER);
    let Some(pass_key) = pass_key.as_deref().map(str::trim).filter(|p| !p.is_empty()) else {
        return Err(Box::new(refusal(
            StatusCode::UNAUTHORIZED,
            "pass_key_mismatch",
            "the pass_key header is missing",
            now,
        )));
    };
    let client = CLIENTS
        .iter()
        .position(|c| c.pass_key == pass_key)
        .and_then(|i| lock(&shared.header_secrets).clients.get(i).cloned());
    let Some(client) = client else {
        return Err(Box::new(refusal(
            StatusCode::UNAUTHORIZED,
            "pass_key_mismatch",
            "the pass_key header does not match any client's pass_key",
            now,
        )));
    };
    let plaintext = client
        .check_request(Some(pass_key), header_secrets.as_deref(), body, now)
        .map_err(|e| {
            let status = match e {
                kendra_wire::Error::PassKeyMismatch
                | kendra_wire::Error::ClientCredentialsMismatch
                | kendra_wire::Error::EpochStale { .. }
                | kendra_wire::Error::EpochInFuture { .. } => StatusCode::UNAUTHORIZED,
                _ => StatusCode::BAD_REQUEST,
            };
            Box::new(refusal(status, e.code(), &e.to_string(), now))
        })?;
    let payload = serde_json::from_str(&plaintext).map_err(|e| {
        Box::new(refusal(
            StatusCode::BAD_REQUEST,
            "invalid_json",
            &format!("RequestData decrypted, but it is not JSON: {e}"),
            now,
        ))
    })?;
    Ok((client, payload))
}

/// A header by its documented name, or with hyphens (proxies that drop underscores).
fn header(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .or_else(|| headers.get(name.replace('_', "-")))
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

fn sealed(client: &HeaderSecretsClient, answer: &Value) -> Response {
    (
        StatusCode::OK,
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        client.seal_answer(&answer.to_string()),
    )
        .into_response()
}

/// Failures are never encrypted: the client may not even have the right key.
fn refusal(status: StatusCode, code: &str, message: &str, now: DateTime<Utc>) -> Response {
    let mut response = (
        status,
        Json(json!({
            "status": "FAILED",
            "error_code": code,
            "message": message,
            "timestamp": now.to_rfc3339(),
        })),
    )
        .into_response();
    if status == StatusCode::OK {
        response.extensions_mut().insert(Outcome("failed"));
    }
    response
}
