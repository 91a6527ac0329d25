//! General services (guide §3.4, §4): status, about, authentication profiles, password policy
//! and advance settings.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use kendra_wire::csp::service_messages::{About, AdvanceSettings, ServiceStatus};
use serde_json::json;

use super::access_token::authorize;
use super::error_answer::{CspError, CspResult};
use super::request_body::{fields, json_object, respond, Fields};
use super::seed_data::*;
use crate::inbox::lock;
use crate::shared::Shared;

/// `GET /adss/service/csp[?client_id=…&profile_id=…]`, no token. Its refusals use the example's
/// `error__escription` key.
pub async fn status(RawQuery(query): RawQuery) -> Response {
    respond((|| {
        for (name, value) in form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
            let value = value.trim();
            match name.as_ref() {
                "client_id" if !value.is_empty() && value != CLIENT_ID => {
                    return Err(CspError::unauthorized(
                        86011,
                        format!("client \"{value}\" is not registered"),
                    )
                    .with_typo_key())
                }
                "profile_id" if !value.is_empty() && value != PROFILE_ID => {
                    return Err(CspError::unauthorized(
                        86019,
                        format!("CSP profile \"{value}\" does not exist (the sandbox's is \"{PROFILE_ID}\")"),
                    )
                    .with_typo_key())
                }
                _ => {}
            }
        }
        Ok(axum::Json(ServiceStatus {
            message: "Success".to_owned(),
            message_description: Some("ADSS CSP Service is running".to_owned()),
        })
        .into_response())
    })())
}

pub async fn about(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    respond((|| {
        authorize(&lock(&shared.csp), &headers, shared.clock.now())?;
        Ok(axum::Json(About {
            version: VERSION.to_owned(),
            build_number: Some(BUILD_NUMBER.to_owned()),
        })
        .into_response())
    })())
}

pub async fn auth_profiles(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    respond((|| {
        authorize(&lock(&shared.csp), &headers, shared.clock.now())?;
        let profile = json!({
            "profile_id": AUTH_PROFILE_ID,
            "profile_name": AUTH_PROFILE_NAME,
            "auth_type": "PASSWORD",
        });
        Ok(axum::Json(json!({
            "default_authentication_profile": profile,
            "allowed_authentication_profile": [profile],
        }))
        .into_response())
    })())
}

/// Numbers and flags as text, as the guide's example prints them.
pub async fn password_policy(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    respond((|| -> CspResult {
        authorize(&lock(&shared.csp), &headers, shared.clock.now())?;
        let value = json_object(&headers, &body, "the password-policy request")?;
        let mut request = Fields::new("the password-policy request", &value)?;
        let profile = request.required(fields::PROFILE_ID, 60027)?;
        if profile != PROFILE_ID {
            return Err(CspError::not_found(
                60019,
                format!(
                    "CSP profile \"{profile}\" does not exist (the sandbox's is \"{PROFILE_ID}\")"
                ),
            ));
        }
        Ok(axum::Json(json!({
            "min_pass_length": MIN_PASS_LENGTH.to_string(),
            "max_pass_length": MAX_PASS_LENGTH.to_string(),
            "upper_lower_letters": "true",
            "digits_and_special_char": "true",
        }))
        .into_response())
    })())
}

pub async fn advance_settings(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    respond((|| {
        authorize(&lock(&shared.csp), &headers, shared.clock.now())?;
        Ok(axum::Json(AdvanceSettings {
            otp_expiry_time: Some(OTP_EXPIRY_SECS),
            otp_length: Some(OTP_LENGTH as u64),
            user_auth_retries_limit: Some(u64::from(USER_AUTH_RETRIES_LIMIT)),
            user_block_period: Some(USER_BLOCK_PERIOD_SECS),
        })
        .into_response())
    })())
}
