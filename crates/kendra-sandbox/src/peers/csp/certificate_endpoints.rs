//! Certificate services (guide §6): add, update one, replace all, delete, list own, get a
//! user's. Certificates the sandbox issued are made on demand (RSA key generation runs off the
//! async workers) and answered as base64 DER with the sandbox CA as `certificate_chain`.

use std::path::PathBuf;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use kendra_wire::base64_text;
use kendra_wire::csp::certificate_messages::{CertificateList, UserCertificate};
use serde_json::Value;
use x509_cert::der::Decode;
use x509_cert::Certificate;

use super::access_token::{authorize, authorize_user};
use super::error_answer::{CspError, CspResult};
use super::request_body::{fields, json_object, respond, Fields};
use super::signing_keys::{self, UserSubject};
use super::{CertRecord, CertSource, CspState};
use crate::inbox::lock;
use crate::shared::Shared;

/// What it takes to answer one user's certificates, copied out of the state lock.
struct CertJob {
    data_dir: Option<PathBuf>,
    user_id: String,
    subject: UserSubject,
    certificates: Vec<CertRecord>,
}

fn job(state: &CspState, user_id: &str) -> CspResult<CertJob> {
    let user = state.user(user_id).ok_or_else(|| {
        CspError::not_found(60006, format!("there is no registered user \"{user_id}\""))
    })?;
    Ok(CertJob {
        data_dir: state.data_dir.clone(),
        user_id: user.user_id.clone(),
        subject: user.subject.clone(),
        certificates: user.certificates.clone(),
    })
}

fn render(job: CertJob) -> CspResult<CertificateList> {
    let internal = |e: crate::Error| CspError::internal(e.to_string());
    let mut certificates = Vec::with_capacity(job.certificates.len());
    for record in job.certificates {
        let (certificate, chain) = match record.source {
            CertSource::SandboxIssued => {
                let der = signing_keys::user_certificate(
                    job.data_dir.as_deref(),
                    &job.user_id,
                    &job.subject,
                )
                .map_err(internal)?;
                let ca = signing_keys::authority(job.data_dir.as_deref()).map_err(internal)?;
                (
                    base64_text::encode(&der),
                    Some(base64_text::encode(&ca.certificate_der)),
                )
            }
            CertSource::SandboxIssuedEncryption => {
                let der = signing_keys::encryption_certificate(
                    job.data_dir.as_deref(),
                    &job.user_id,
                    &job.subject,
                )
                .map_err(internal)?;
                let ca = signing_keys::authority(job.data_dir.as_deref()).map_err(internal)?;
                (
                    base64_text::encode(&der),
                    Some(base64_text::encode(&ca.certificate_der)),
                )
            }
            CertSource::Uploaded {
                certificate_b64,
                chain_b64,
                ..
            } => (certificate_b64, chain_b64),
        };
        certificates.push(UserCertificate {
            cert_alias: record.cert_alias,
            sam_user_id: record.sam_user_id,
            auth_pass: record.auth_pass,
            certificate,
            certificate_chain: chain,
        });
    }
    Ok(CertificateList { certificates })
}

async fn answer(job: CertJob) -> CspResult {
    let list = tokio::task::spawn_blocking(move || render(job))
        .await
        .map_err(|e| CspError::internal(format!("certificate task failed: {e}")))??;
    Ok(axum::Json(list).into_response())
}

/// `GET /v2/users/certs`: the signed-in user's own certificates (password-grant token).
pub async fn list_own(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    let job = {
        let state = lock(&shared.csp);
        authorize_user(&state, &headers, shared.clock.now()).and_then(|id| job(&state, &id))
    };
    match job {
        Ok(job) => respond(answer(job).await),
        Err(e) => e.into_response(),
    }
}

/// `GET /v2/users/certs/{user_id}`.
pub async fn get_for_user(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(user_id): Path<String>,
) -> Response {
    let job = {
        let state = lock(&shared.csp);
        authorize(&state, &headers, shared.clock.now()).and_then(|_| job(&state, &user_id))
    };
    match job {
        Ok(job) => respond(answer(job).await),
        Err(e) => e.into_response(),
    }
}

/// One certificate entry of a request, checked.
fn parse_entry(user_id: &str, value: &Value, position: usize) -> CspResult<CertRecord> {
    let what = format!("certificate {position}");
    let mut entry = Fields::new(&what, value)?;
    let cert_alias = entry.required(fields::CERT_ALIAS, 60022)?;
    let auth_pass = match entry.text(fields::AUTH_PASS)? {
        None => {
            return Err(CspError::bad_request(
                60023,
                format!("{what} ({cert_alias}): field \"auth_pass\" is missing (TRUE or FALSE)"),
            ))
        }
        Some(text) if text.eq_ignore_ascii_case("true") => true,
        Some(text) if text.eq_ignore_ascii_case("false") => false,
        Some(text) => {
            return Err(CspError::malformed(format!(
                "{what} ({cert_alias}): auth_pass \"{text}\" is neither TRUE nor FALSE"
            )))
        }
    };
    let certificate_b64 = entry.required(fields::CERTIFICATE, 60024)?;
    let der = base64_text::decode(&format!("{what} ({cert_alias})"), &certificate_b64)
        .map_err(|e| CspError::bad_request(60021, e.to_string()))?;
    let parsed = Certificate::from_der(&der).map_err(|e| {
        CspError::bad_request(
            60021,
            format!("{what} ({cert_alias}) is not a DER X.509 certificate: {e}"),
        )
    })?;
    let chain_b64 = entry.text(fields::CERTIFICATE_CHAIN)?;
    if let Some(chain) = &chain_b64 {
        base64_text::decode(&format!("{what} ({cert_alias}) certificate_chain"), chain)
            .map_err(|e| CspError::bad_request(60040, e.to_string()))?;
    }
    Ok(CertRecord {
        cert_alias,
        sam_user_id: entry.text(fields::SAM_USER_ID)?,
        auth_pass,
        source: CertSource::Uploaded {
            sandbox_key: signing_keys::is_sandbox_certificate_for(user_id, &parsed),
            certificate_b64,
            chain_b64,
        },
    })
}

fn parse_list(user_id: &str, list: Option<&Value>) -> CspResult<Vec<CertRecord>> {
    let items = match list {
        Some(Value::Array(items)) if !items.is_empty() => items,
        Some(Value::Array(_)) | None => {
            return Err(CspError::bad_request(
                60025,
                "field \"certificates\" is missing or empty",
            ))
        }
        Some(_) => {
            return Err(CspError::malformed(
                "field \"certificates\" must be an array",
            ))
        }
    };
    let mut records: Vec<CertRecord> = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let record = parse_entry(user_id, item, index + 1)?;
        if records.iter().any(|r| r.cert_alias == record.cert_alias) {
            return Err(CspError::bad_request(
                60038,
                format!(
                    "cert_alias \"{}\" appears twice in the request",
                    record.cert_alias
                ),
            ));
        }
        records.push(record);
    }
    Ok(records)
}

fn no_user(user_id: &str) -> CspError {
    CspError::not_found(60006, format!("there is no registered user \"{user_id}\""))
}

/// `POST /v2/users/certs/{user_id}`: adds entries; an alias already present is refused.
pub async fn add(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(user_id): Path<String>,
    body: Bytes,
) -> Response {
    respond((|| {
        let mut state = lock(&shared.csp);
        authorize(&state, &headers, shared.clock.now())?;
        let what = "the add-certificates request";
        let value = json_object(&headers, &body, what)?;
        let mut request = Fields::new(what, &value)?;
        let records = parse_list(&user_id, request.raw(fields::CERTIFICATES))?;
        let user = state.user_mut(&user_id).ok_or_else(|| no_user(&user_id))?;
        if let Some(clash) = records.iter().find(|r| {
            user.certificates
                .iter()
                .any(|c| c.cert_alias == r.cert_alias)
        }) {
            return Err(CspError::bad_request(
                60038,
                format!(
                    "user \"{user_id}\" already has a certificate \"{}\"",
                    clash.cert_alias
                ),
            ));
        }
        user.certificates.extend(records);
        Ok(StatusCode::OK.into_response())
    })())
}

/// `PUT /v2/users/certs/{user_id}`: replaces the entry with the same alias.
pub async fn update_one(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(user_id): Path<String>,
    body: Bytes,
) -> Response {
    respond((|| {
        let mut state = lock(&shared.csp);
        authorize(&state, &headers, shared.clock.now())?;
        let value = json_object(&headers, &body, "the update-certificate request")?;
        let record = parse_entry(&user_id, &value, 1)?;
        let user = state.user_mut(&user_id).ok_or_else(|| no_user(&user_id))?;
        let slot = user
            .certificates
            .iter_mut()
            .find(|c| c.cert_alias == record.cert_alias)
            .ok_or_else(|| {
                CspError::not_found(
                    60037,
                    format!(
                        "user \"{user_id}\" has no certificate \"{}\"",
                        record.cert_alias
                    ),
                )
            })?;
        *slot = record;
        Ok(StatusCode::OK.into_response())
    })())
}

/// `POST /v2/users/certs/update`: the user's whole set becomes the request's.
pub async fn replace_all(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    respond((|| {
        let mut state = lock(&shared.csp);
        authorize(&state, &headers, shared.clock.now())?;
        let what = "the update-certificates request";
        let value = json_object(&headers, &body, what)?;
        let mut request = Fields::new(what, &value)?;
        let user_id = request.required(fields::USER_ID, 60011)?;
        let records = parse_list(&user_id, request.raw(fields::CERTIFICATES))?;
        let user = state.user_mut(&user_id).ok_or_else(|| no_user(&user_id))?;
        user.certificates = records;
        Ok(StatusCode::OK.into_response())
    })())
}

/// `DELETE /v2/users/certs/{user_id}/{cert_alias}`.
pub async fn delete_one(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path((user_id, cert_alias)): Path<(String, String)>,
) -> Response {
    respond((|| {
        let mut state = lock(&shared.csp);
        authorize(&state, &headers, shared.clock.now())?;
        let user = state.user_mut(&user_id).ok_or_else(|| no_user(&user_id))?;
        let before = user.certificates.len();
        user.certificates.retain(|c| c.cert_alias != cert_alias);
        if user.certificates.len() == before {
            return Err(CspError::not_found(
                60037,
                format!("user \"{user_id}\" has no certificate \"{cert_alias}\""),
            ));
        }
        Ok(StatusCode::OK.into_response())
    })())
}
